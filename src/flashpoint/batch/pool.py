"""Worker processes for ingest: extraction on every core, one writer, no document lost.

Each worker is a spawned process that loads the pipeline (spaCy) once and then extracts one
chunk of articles at a time (``batch.work.extract_chunk``), sending back store rows. The
parent keeps one chunk per worker in flight over a private pipe per worker (so a killed worker
can corrupt nothing shared), and watches two things:

* **a worker that dies** (killed, out of memory, a crash in C code): it is replaced, and its
  chunk is split into single documents that are tried again one by one, each *isolated*. An
  isolated document whose worker dies again is recorded as a ``WorkerDiedError`` failure, and
  the run goes on.
* **a worker that hangs** past its hard deadline (code that ignores the in-worker timer):
  it is killed and handled like a dead one, except that the failure is a ``TimeLimitError``.

Spawn, not fork: the parent holds a DuckDB connection and, on a terminal, a tqdm thread;
forking a process with threads copies locks in unknown states.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import signal
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

from flashpoint.config import PipelineConfig
from flashpoint.corpus import failure_rows
from flashpoint.errors import ConfigError, FlashpointError, WorkerDiedError
from flashpoint.model import Failure

from .work import (
    CHUNK_DOCS,
    WorkItem,
    WorkResult,
    extract_chunk,
    peak_rss_kb,
    pipeline_name,
    time_limit_failure,
    worker_pipeline,
)

#: Seconds a worker may take to start (imports and model load take 2-10 s; a loaded machine
#: can triple that). Past this, the run stops with an error rather than wait forever.
START_TIMEOUT_S = 300.0

#: Seconds added to a chunk's hard deadline beyond the in-worker timers, for the worker to
#: notice its own timer and report back before the parent kills it.
HARD_LIMIT_GRACE_S = 10.0

#: An optional function run in each worker after start-up (tests use it to slow or crash a
#: stage inside the spawned process). It must be importable by name: a module-level function.
Initializer = Callable[[], None]


# --------------------------------------------------------------------------- worker side


def _cpu() -> float:
    """CPU seconds (user + system) this process has used so far."""
    t = os.times()
    return t.user + t.system


def _worker_main(conn: Connection, config: PipelineConfig, time_limit: float | None,
                 initializer: Initializer | None) -> None:
    """A worker's life: load once, then extract chunks until told to stop or orphaned."""
    # Ctrl-C reaches the whole process group; the parent handles it and stops the workers,
    # which would otherwise each print a KeyboardInterrupt traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        if initializer is not None:
            initializer()
        pipeline = worker_pipeline(config)
        conn.send(("ready", pipeline_name(pipeline), peak_rss_kb(), _cpu()))
    except FlashpointError as exc:
        conn.send(("error", exc.render()))
        return
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):  # the parent is gone (killed): nothing left to do
            return
        if msg is None:
            return
        chunk_id, items = msg
        try:
            results = extract_chunk(pipeline, items, time_limit)
        except Exception:  # a bug in our own code, not in a stage: report it, then die
            conn.send(("crash", chunk_id, traceback.format_exc(limit=3)))
            return
        try:
            conn.send(("done", chunk_id, results, peak_rss_kb(), _cpu()))
        except (BrokenPipeError, OSError):
            return


# --------------------------------------------------------------------------- parent side


@dataclass
class _Chunk:
    id: int
    items: list[WorkItem]
    isolated: bool = False


@dataclass
class _Worker:
    proc: BaseProcess
    conn: Connection
    ready: bool = False
    chunk: _Chunk | None = None
    deadline: float | None = None
    cpu_mark: float = 0.0
    start_deadline: float = field(default_factory=lambda: time.monotonic() + START_TIMEOUT_S)


class WorkerPool:
    """``workers`` extraction processes. Use as a context manager; ``run`` yields results."""

    def __init__(self, workers: int, config: PipelineConfig, time_limit: float | None,
                 initializer: Initializer | None = None,
                 hard_grace: float = HARD_LIMIT_GRACE_S) -> None:
        if workers < 1:
            raise ConfigError(f"--workers must be at least 1, not {workers}",
                              fix="pass --workers 1 or more (default: the number of CPUs)")
        self._n = workers
        self._config = config
        self._time_limit = time_limit
        self._initializer = initializer
        self._hard_grace = hard_grace
        self._ctx = mp.get_context("spawn")
        self._workers: list[_Worker] = []
        self._next_id = 0
        #: Peak resident memory (KiB) seen for each worker slot, over its replacements.
        self.peak_rss_kb: list[int] = [0] * workers
        self.restarts = 0
        #: CPU seconds the workers spent on chunks (start-up and lost chunks not counted).
        self.work_cpu_s = 0.0

    def __enter__(self) -> WorkerPool:
        """Start every worker and wait for all: a pipeline that cannot load fails here, once."""
        self._workers = [self._spawn() for _ in range(self._n)]
        try:
            for slot, w in enumerate(self._workers):
                if not w.conn.poll(START_TIMEOUT_S):
                    raise self._start_error("did not start within "
                                            f"{START_TIMEOUT_S:g} s")
                self._handshake(w, slot)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        for w in self._workers:
            if not w.ready or w.chunk is not None:  # loading or busy: nothing worth waiting for
                w.proc.kill()
            with contextlib.suppress(BrokenPipeError, OSError):
                w.conn.send(None)
        for w in self._workers:
            w.proc.join(timeout=5)
            if w.proc.is_alive():
                w.proc.kill()
                w.proc.join()
            w.conn.close()

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(target=_worker_main, name="flashpoint-worker", daemon=True,
                                 args=(child, self._config, self._time_limit, self._initializer))
        proc.start()
        child.close()
        return _Worker(proc, parent)

    @staticmethod
    def _start_error(what: str) -> ConfigError:
        return ConfigError(f"a worker {what}",
                           fix="check that the machine is not out of memory, or pass fewer "
                               "--workers; run with --workers 1 --debug to see more")

    def _handshake(self, w: _Worker, slot: int) -> None:
        """Read a starting worker's first message: ready, or why it could not start."""
        msg = self._recv(w)
        if msg is None:
            raise self._start_error(f"died while starting (exit code {w.proc.exitcode})")
        if msg[0] == "error":
            raise ConfigError(f"a worker could not load the pipeline: {msg[1]}",
                              fix="fix the configuration named above")
        w.ready = True
        self.peak_rss_kb[slot] = max(self.peak_rss_kb[slot], int(msg[2]))
        w.cpu_mark = float(msg[3])

    # ------------------------------------------------------------------ running

    def _deadline(self, chunk: _Chunk) -> float | None:
        """When the worker must have answered: the in-worker timers allow one limit per batch
        of ``CHUNK_DOCS`` and one per document redone alone, at worst."""
        if not self._time_limit:
            return None
        n = len(chunk.items)
        batches = -(-n // CHUNK_DOCS)
        return time.monotonic() + self._time_limit * (n + batches) + self._hard_grace

    def _send(self, w: _Worker, chunk: _Chunk) -> None:
        w.chunk, w.deadline = chunk, self._deadline(chunk)
        w.conn.send((chunk.id, chunk.items))

    def _chunk(self, items: list[WorkItem], isolated: bool = False) -> _Chunk:
        self._next_id += 1
        return _Chunk(self._next_id, items, isolated)

    def run(self, chunks: Iterable[list[WorkItem]]) -> Iterator[list[WorkResult]]:
        """Extract every chunk; yield each chunk's results as soon as they are back.

        Every item of every chunk gets exactly one result, in some order.
        """
        source = iter(chunks)
        retry: deque[_Chunk] = deque()
        exhausted = False
        while True:
            for w in self._workers:
                if not w.ready or w.chunk is not None:
                    continue
                if retry:
                    self._send(w, retry.popleft())
                elif not exhausted:
                    items = next(source, None)
                    if items is None:
                        exhausted = True
                    else:
                        self._send(w, self._chunk(items))
            if exhausted and not retry and all(w.chunk is None for w in self._workers):
                return  # nothing in flight, nothing to retry, nothing left to read
            yield from self._collect(retry)

    def _collect(self, retry: deque[_Chunk]) -> Iterator[list[WorkResult]]:
        """Wait for the next event (results, a death, a deadline, a worker ready); handle it."""
        watched = [w for w in self._workers if w.chunk is not None or not w.ready]
        deadlines = [w.deadline for w in watched if w.deadline is not None]
        deadlines += [w.start_deadline for w in watched if not w.ready]
        timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
        ready = set(wait([w.conn for w in watched] + [w.proc.sentinel for w in watched],
                         timeout))
        for slot, w in enumerate(self._workers):
            if not w.ready:
                if w.conn in ready or w.proc.sentinel in ready:
                    self._handshake(w, slot)
                elif time.monotonic() >= w.start_deadline:
                    raise self._start_error(f"did not start within {START_TIMEOUT_S:g} s")
                continue
            if w.chunk is None:
                continue
            chunk = w.chunk
            if w.conn in ready:
                msg = self._recv(w)
                if msg is not None and msg[0] == "done":
                    w.chunk = w.deadline = None
                    self.peak_rss_kb[slot] = max(self.peak_rss_kb[slot], int(msg[3]))
                    self.work_cpu_s += float(msg[4]) - w.cpu_mark
                    w.cpu_mark = float(msg[4])
                    yield list(msg[2])
                    continue
                reason = (f"the worker crashed: {msg[2].strip().splitlines()[-1]}"
                          if msg is not None else None)
                yield from self._lost(slot, chunk, retry, reason, hung=False)
            elif w.proc.sentinel in ready:
                yield from self._lost(slot, chunk, retry, None, hung=False)
            elif w.deadline is not None and time.monotonic() >= w.deadline:
                yield from self._lost(slot, chunk, retry, None, hung=True)

    @staticmethod
    def _recv(w: _Worker) -> Any:
        try:
            return w.conn.recv()
        except (EOFError, OSError):
            return None

    def _lost(self, slot: int, chunk: _Chunk, retry: deque[_Chunk], reason: str | None,
              hung: bool) -> Iterator[list[WorkResult]]:
        """A worker died or hung: replace it (it loads while the others work); retry its
        documents alone, or record the one it was trying alone."""
        old = self._workers[slot]
        if old.proc.is_alive():
            old.proc.kill()
        old.proc.join()
        old.conn.close()
        exitcode = old.proc.exitcode
        self.restarts += 1
        self._workers[slot] = self._spawn()
        if not chunk.isolated:
            retry.extend(self._chunk([item], isolated=True) for item in chunk.items)
            return
        (item,) = chunk.items
        if hung:
            failure = time_limit_failure(item.raw, "extract", self._time_limit or 0.0)
        else:
            why = reason or f"the worker process died (exit code {exitcode})"
            err = WorkerDiedError(f"{why} while extracting this document, twice",
                                  source=item.raw.source or item.raw.id,
                                  fix="if the machine ran out of memory, pass fewer --workers; "
                                      "otherwise report the input, it crashes the pipeline")
            failure = Failure(item.raw.id, item.raw.source, "worker", err.render(), err.code)
        yield [WorkResult(item.raw.id, False,
                          failure_rows(failure, item.content_hash, item.attempt))]
