"""Extraction that cannot take its caller hostage: killable worker processes with limits.

``flashpoint serve`` (``POST /extract``) and ``flashpoint extract --time-limit`` hand each
document to one of a few spawned worker processes, each with the pipeline loaded once. The
caller waits on the worker's pipe, and meanwhile watches two limits:

* **time**: past the document's time limit the worker is killed (SIGKILL: spaCy's C code
  ignores Python signals), a fresh one is started in its place, and the caller gets a
  ``TimeLimitError`` at once: the work stops with the answer, it does not run on unseen;
* **memory**: the worker's resident memory is read every :data:`POLL_S` seconds; past
  ``max_memory_mb`` it is killed the same way and the caller gets a ``DocumentTooLargeError``
  naming the limit and how to raise it.

Other workers go on serving while one is killed and replaced, so one oversized document
cannot block ordinary ones. Spawn, not fork, for the same reason as ``pool``: the parent may
run threads (uvicorn's, tqdm's).
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from flashpoint.config import PipelineConfig
from flashpoint.errors import (
    ConfigError,
    DocumentTooLargeError,
    FlashpointError,
    TimeLimitError,
    WorkerDiedError,
)
from flashpoint.model import Document, Failure, RawDocument

#: How often the caller looks at a busy worker's memory and the clock.
POLL_S = 0.05
#: Seconds a worker may take to start (imports and the model: 2-10 s; more on a busy machine).
START_TIMEOUT_S = 300.0
#: Default memory ceiling of one worker, resident, in MB: a worker with the pipeline loaded
#: uses 430-550 MB (bench/ingest.py); a 60,000-word article peaks under 1.2 GB.
DEFAULT_MAX_MEMORY_MB = 2000


def _rss_mb(pid: int) -> float:
    """Resident memory of process ``pid`` in MB (0 when it cannot be read)."""
    try:
        pages = int(Path(f"/proc/{pid}/statm").read_text("ascii").split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def _worker_main(conn: Connection, config: PipelineConfig) -> None:
    """A worker's life: load the pipeline, then extract one document per message."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        from flashpoint.pipeline import Pipeline

        pipeline = Pipeline(config)
        pipeline.nlp  # noqa: B018 - load spaCy now, not on the first request
        conn.send(("ready", None))
    except BaseException as exc:
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
        return
    while True:
        try:
            raw = conn.recv()
        except (EOFError, OSError):
            return
        if raw is None:
            return
        try:
            (result,) = list(pipeline.run([raw]))
            conn.send(("done", result))
        except BaseException as exc:
            conn.send(("done", Failure(raw.id, raw.source, "pipeline",
                                       f"{type(exc).__name__}: {exc}", "FP300")))


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection


class Extractor:
    """A few killable extraction workers; ``extract`` is safe to call from many threads."""

    def __init__(self, config: PipelineConfig, workers: int = 2,
                 max_memory_mb: float = DEFAULT_MAX_MEMORY_MB,
                 on_kill: Callable[[str], None] | None = None) -> None:
        if workers < 1:
            raise ConfigError("an extractor needs at least one worker", fix="pass workers >= 1")
        self.config = config
        self.max_memory_mb = max_memory_mb
        self._ctx = mp.get_context("spawn")
        self._idle: list[_Worker] = []
        self._size = workers
        self._cond = threading.Condition()
        self._closed = False
        self._on_kill = on_kill
        self.kills = 0

    # ------------------------------------------------------------------ life cycle

    def __enter__(self) -> Extractor:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Start every worker and wait until each has loaded the pipeline."""
        workers = [self._spawn() for _ in range(self._size)]
        for w in workers:
            self._ready(w)
        with self._cond:
            self._idle.extend(workers)
            self._cond.notify_all()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            idle, self._idle = self._idle, []
        for w in idle:
            with contextlib.suppress(OSError, BrokenPipeError):
                w.conn.send(None)
            w.process.join(timeout=5)
            if w.process.is_alive():
                w.process.kill()
                w.process.join()

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(target=_worker_main, args=(child, self.config), daemon=True,
                                 name="flashpoint-extractor")
        proc.start()
        child.close()
        return _Worker(proc, parent)

    def _ready(self, w: _Worker) -> None:
        if not w.conn.poll(START_TIMEOUT_S):
            w.process.kill()
            raise ConfigError(f"an extraction worker did not start within {START_TIMEOUT_S:.0f} s",
                              fix="check that the machine is not out of memory")
        status, detail = w.conn.recv()
        if status != "ready":
            raise ConfigError(f"an extraction worker could not load the pipeline: {detail}",
                              fix="run 'make install' and try 'flashpoint extract' on a file")

    def _replace(self, w: _Worker, why: str) -> None:
        """Kill ``w`` and start its replacement in the background (others keep serving)."""
        w.process.kill()
        w.process.join()
        w.conn.close()
        self.kills += 1
        if self._on_kill is not None:
            self._on_kill(why)

        def respawn() -> None:
            fresh = self._spawn()
            try:
                self._ready(fresh)
            except FlashpointError:
                return
            with self._cond:
                if self._closed:
                    fresh.process.kill()
                    return
                self._idle.append(fresh)
                self._cond.notify()

        threading.Thread(target=respawn, daemon=True, name="flashpoint-respawn").start()

    # ------------------------------------------------------------------ work

    def _take(self, deadline: float | None) -> _Worker:
        with self._cond:
            while not self._idle:
                if self._closed:
                    raise WorkerDiedError("the extractor is closed", fix="start it again")
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    raise TimeLimitError("no extraction worker was free within the time limit",
                                         fix="retry, or start the server with more workers")
                self._cond.wait(timeout=left)
            return self._idle.pop()

    def _give_back(self, w: _Worker) -> None:
        with self._cond:
            self._idle.append(w)
            self._cond.notify()

    def extract(self, raw: RawDocument, time_limit: float | None) -> Document | Failure:
        """Extract ``raw`` in a worker within ``time_limit`` seconds (None: no limit) and the
        memory limit; raise ``TimeLimitError`` or ``DocumentTooLargeError`` past them."""
        started = time.monotonic()
        deadline = None if not time_limit else started + time_limit
        w = self._take(deadline)
        try:
            w.conn.send(raw)
        except (OSError, BrokenPipeError) as exc:
            self._replace(w, "dead before the document")
            raise WorkerDiedError(f"the extraction worker died: {exc}",
                                  fix="retry the request") from exc
        while True:
            if w.conn.poll(POLL_S):
                try:
                    _status, result = w.conn.recv()
                except (EOFError, OSError) as exc:
                    self._replace(w, "died while extracting")
                    raise WorkerDiedError(
                        f"the extraction worker died on {raw.id!r} (killed, or a crash in "
                        "native code)", fix="retry; if it happens again the document "
                        "breaks the parser: report it") from exc
                self._give_back(w)
                return _as_result(result)
            if not w.process.is_alive():
                self._replace(w, "died while extracting")
                raise WorkerDiedError(f"the extraction worker died on {raw.id!r}",
                                      fix="retry; if it happens again, report the document")
            if deadline is not None and time.monotonic() > deadline:
                self._replace(w, "time limit")
                raise TimeLimitError(
                    f"{raw.id!r} was not extracted within {time_limit:g} s; its work was "
                    "stopped", fix="raise the time limit (serve --time-limit, extract "
                    "--time-limit) or split the text")
            rss = _rss_mb(w.process.pid or 0)
            if rss > self.max_memory_mb:
                self._replace(w, "memory limit")
                raise DocumentTooLargeError(
                    f"{raw.id!r} needed more than {self.max_memory_mb:g} MB of memory "
                    f"({rss:.0f} MB when stopped); its work was stopped",
                    fix="raise the limit (--max-memory MB) or split the text")


def _as_result(value: Any) -> Document | Failure:
    if isinstance(value, Document | Failure):
        return value
    raise WorkerDiedError(f"an extraction worker answered {type(value).__name__}",
                          fix="this is a bug; please report it")
