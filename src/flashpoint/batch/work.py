"""The extraction work of an ingest run: one chunk of articles in, store rows out.

``extract_chunk`` is the one function that every way of running ingest calls — a local worker
process (``pool``) and a Dask task (``cluster``) — so both produce identical rows.
It runs where the model is, and returns rows ready for the single writer, so the parent does
no per-document work beyond inserting them.

**Per-document time limit.** Every ``CHUNK_DOCS`` documents are run as one batch
(``Pipeline.run`` batches the parse) under a timer of ``time_limit`` seconds. If the timer
fires, that batch is redone one document at a time, each under its own ``time_limit``: the
documents that finish are kept, the one that does not becomes a ``TimeLimitError`` failure
naming the stage it was stuck in, and the rest of the batch is done. The timer is
``SIGALRM``, which interrupts Python code; code in C that never returns to the interpreter
is stopped by the parent instead, which kills the worker (``pool``). Off the main
thread (a Dask task) a watchdog thread raises the same exception in the worker thread.
"""

from __future__ import annotations

import ctypes
import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, TracebackType
from typing import TYPE_CHECKING

from flashpoint.config import PipelineConfig
from flashpoint.corpus import Rows, StoredMeta, document_rows, failure_rows
from flashpoint.errors import TimeLimitError
from flashpoint.model import Document, Failure, RawDocument

if TYPE_CHECKING:
    from flashpoint.pipeline import Pipeline

#: Documents sent to a worker at a time. spaCy's parse gains little from batches above ~16
#: short texts on CPU; small chunks keep the parent's commits (one per chunk) frequent, the
#: work lost to a kill small, and the load balanced across workers near the end of a run.
CHUNK_DOCS = 8

#: Default per-document time limit in seconds. A news article takes 0.05-1 s with the sm
#: model on one core; the 2,000,000-character maximum takes about a minute. Two minutes
#: catches a hang without failing a legitimately long input.
DEFAULT_TIME_LIMIT = 120.0

#: Run once through a new worker's pipeline before any real document: the model and every
#: stage's lazily loaded data (lexicons, KB, statistical coder) load here, so the first real
#: document is not charged seconds of loading against its time limit.
WARMUP_TEXT = ("The president of Kenya met the foreign minister of Uganda in Nairobi on Monday "
               "and both governments agreed to resume trade talks.")

#: Pipeline methods (pipeline.py) and the stage a time-out inside them is reported for.
_STAGE_OF_METHOD = {"_prepare": "clean", "_parse": "nlp", "assemble": "document"}


@dataclass(frozen=True)
class WorkItem:
    """One article to extract: the input, its content hash, and which attempt this is."""

    raw: RawDocument
    content_hash: str
    attempt: int = 1


@dataclass(frozen=True)
class WorkResult:
    """One article's outcome, as the rows the writer inserts."""

    doc_id: str
    ok: bool
    rows: Rows


class _TimeUp(BaseException):
    """Raised by the timer. A ``BaseException`` so that the pipeline's per-stage error
    boundaries (``except Exception``) cannot swallow it."""


# --------------------------------------------------------------------------- the pipeline


_PIPELINES: dict[str, Pipeline] = {}


def worker_pipeline(config: PipelineConfig) -> Pipeline:
    """The pipeline of this process for ``config``, built once (spaCy loads once per worker).

    A process-wide cache is the point here: a worker runs many chunks, and a Dask worker has
    no other place to keep a loaded model between tasks.
    """
    from flashpoint.pipeline import Pipeline

    key = repr(config)
    if key not in _PIPELINES:
        pipeline = Pipeline(config)
        list(pipeline.run([RawDocument("warm-up", WARMUP_TEXT, published="2024-01-01")]))
        _PIPELINES[key] = pipeline
    return _PIPELINES[key]


def pipeline_name(pipeline: Pipeline) -> str:
    """The component names a document was made with (``documents.pipeline``)."""
    return ",".join(f"{k}={v}" for k, v in pipeline.describe().items())


# --------------------------------------------------------------------------- time limit


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise _TimeUp


@contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ``_TimeUp`` in this thread if the block runs over ``seconds``."""
    if not seconds:
        yield
    elif threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    else:
        with _thread_timer(seconds):
            yield


@contextmanager
def _thread_timer(seconds: float) -> Iterator[None]:
    """The timer for a worker thread (a Dask task), where no signal can be received: a
    watchdog thread raises ``_TimeUp`` asynchronously in the worker thread, which Python
    delivers between two bytecodes, like a signal. The lock makes sure it can never fire
    after the block is left."""
    target = threading.get_ident()
    lock = threading.Lock()
    active = [True]

    def fire() -> None:
        with lock:
            if active[0]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target),
                                                           ctypes.py_object(_TimeUp))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            active[0] = False
        timer.cancel()


def _stuck_stage(tb: TracebackType | None) -> str:
    """The pipeline stage running when the timer fired, read from the traceback."""
    stage = "extract"
    while tb is not None:
        name = tb.tb_frame.f_code.co_name
        if name == "_analyse":
            stage = str(tb.tb_frame.f_locals.get("kind", "analysis"))
        elif name in _STAGE_OF_METHOD:
            stage = _STAGE_OF_METHOD[name]
        tb = tb.tb_next
    return stage


def time_limit_failure(raw: RawDocument, stage: str, seconds: float) -> Failure:
    """The failure of a document that ran over the time limit."""
    err = TimeLimitError(f"time limit exceeded: the {stage} stage ran over {seconds:g} s",
                         source=raw.source or raw.id,
                         fix="pass a larger --time-limit if the input is legitimately long; "
                             "otherwise report the input, it makes a stage hang")
    return Failure(raw.id, raw.source, stage, err.render(), err.code)


# --------------------------------------------------------------------------- the work


def _result(item: WorkItem, out: Document | Failure, pipeline: str) -> WorkResult:
    if isinstance(out, Failure):
        return WorkResult(out.id, False, failure_rows(out, item.content_hash, item.attempt))
    meta = StoredMeta(item.content_hash, item.raw.url, pipeline)
    return WorkResult(out.id, True, document_rows(out, meta))


def extract_chunk(pipeline: Pipeline, items: list[WorkItem],
                  time_limit: float | None) -> list[WorkResult]:
    """Extract ``items`` in order, ``CHUNK_DOCS`` at a time under one timer (a Dask partition
    is larger than a chunk); every item gets exactly one result, a time-out included."""
    name = pipeline_name(pipeline)
    results: list[WorkResult] = []
    for start in range(0, len(items), CHUNK_DOCS):
        results += _extract_batch(pipeline, items[start:start + CHUNK_DOCS], time_limit, name)
    return results


def _extract_batch(pipeline: Pipeline, batch: list[WorkItem], time_limit: float | None,
                   name: str) -> list[WorkResult]:
    if len(batch) > 1:
        try:
            with _time_limit(time_limit):
                outs = list(pipeline.run([item.raw for item in batch]))
            return [_result(item, out, name) for item, out in zip(batch, outs, strict=True)]
        except _TimeUp:
            pass  # one of them is slow: redo each alone, under its own limit
    return [_extract_alone(pipeline, item, time_limit, name) for item in batch]


def _extract_alone(pipeline: Pipeline, item: WorkItem, time_limit: float | None,
                   name: str) -> WorkResult:
    out: Document | Failure
    try:
        with _time_limit(time_limit):
            (out,) = pipeline.run([item.raw])
    except _TimeUp as exc:
        out = time_limit_failure(item.raw, _stuck_stage(exc.__traceback__), time_limit or 0.0)
    return _result(item, out, name)


def peak_rss_kb() -> int:
    """This process's peak resident memory in KiB (``VmHWM`` of /proc/self/status), 0 when
    /proc is not there: what a worker costs, measured without psutil."""
    try:
        with Path(f"/proc/{os.getpid()}/status").open(encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0
