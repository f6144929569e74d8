"""The state of one ingest run: options, what to skip, what to retry, and the report.

``IngestRun.plan`` decides before any extraction which articles need work (content hashes
against the store); ``IngestRun.commit`` writes a chunk's rows in one transaction. Both the
local worker pool and the Dask path (``cluster``) drive the same ``IngestRun``, so the rules
for skipping, retrying and reporting live once, here.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from flashpoint.corpus import KnownDocuments, Store, raw_hash
from flashpoint.ingest import EXTENSIONS, directory_files
from flashpoint.model import Failure, RawDocument

from .pool import Initializer
from .work import CHUNK_DOCS, DEFAULT_TIME_LIMIT, WorkItem, WorkResult

#: Failures of the same input are tried this many times in all (over successive runs) before
#: a run stops retrying them: one retry absorbs a transient cause (a neighbour process eating
#: the memory, a loaded machine hitting the time limit), a third failure means the input
#: reliably breaks the pipeline and retrying only wastes a worker.
MAX_ATTEMPTS = 3

#: Articles per Dask task. Larger than a local chunk: each task also writes nine Parquet
#: files and the parent loads each partition in one transaction, a fixed cost per task worth
#: spreading over more documents; 32 short articles are a few seconds of work. At scale a
#: partition is the unit of retry and of storage: a few hundred to a few thousand articles.
DASK_PARTITION_DOCS = 32

#: Error-code prefix of input errors (errors.py: ``FP1xx``): deterministic, never retried.
INPUT_ERROR_PREFIX = "FP1"


def default_workers() -> int:
    """One worker per CPU this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class IngestOptions:
    """How to run an ingest: explicit, with the CLI's defaults."""

    workers: int = field(default_factory=default_workers)
    time_limit: float | None = DEFAULT_TIME_LIMIT
    chunk_docs: int = CHUNK_DOCS
    dask: str | None = None
    dask_workers: int = 2
    dask_partition_docs: int = DASK_PARTITION_DOCS
    #: Seconds to wait for a remote scheduler before giving up with an error.
    dask_connect_timeout: float = 30.0
    published: str | None = None
    initializer: Initializer | None = None
    #: Extract again articles stored with the same content (after a model, lexicon or
    #: configuration change): each replaces its stored version. Off by default, so that a
    #: re-run or a resumed run skips what is done.
    reextract: bool = False


@dataclass
class IngestReport:
    """What a run did, counted per document."""

    stored: int = 0
    replaced: int = 0
    unchanged: int = 0
    failed: int = 0
    not_retried: int = 0
    seconds: float = 0.0
    startup_seconds: float = 0.0
    peak_rss_kb: list[int] = field(default_factory=list)
    worker_restarts: int = 0
    #: CPU seconds the local workers spent extracting (start-up excluded): what a document
    #: costs whatever else the machine is doing.
    worker_cpu_seconds: float = 0.0

    @property
    def done(self) -> int:
        """Documents accounted for so far, however they ended."""
        return self.stored + self.unchanged + self.failed + self.not_retried

    def exit_code(self) -> int:
        """1 when every document of the run failed, now or before (the input is the
        problem), else 0."""
        return 1 if (self.failed or self.not_retried) and not (self.stored or self.unchanged) \
            else 0


ProgressCallback = Callable[[IngestReport], None]
FailureCallback = Callable[[Failure], None]
#: Chunks of work items, as the executors take them.
WorkBatches = Iterator[list[WorkItem]]


def should_retry(code: str, attempts: int) -> bool:
    """Whether a document that failed ``attempts`` times with ``code`` is tried again."""
    return not code.startswith(INPUT_ERROR_PREFIX) and attempts < MAX_ATTEMPTS


def estimate_total(paths: Iterable[str]) -> int | None:
    """How many articles ``paths`` hold (for a progress bar's ETA): files count one, JSON
    Lines files one per non-blank line; None when a path is stdin."""
    total = 0
    for name in paths:
        if name == "-":
            return None
        path = Path(name)
        files = directory_files(path) if path.is_dir() else [path]
        for f in files:
            total += _count_records(f)
    return total


def _count_records(path: Path) -> int:
    if EXTENSIONS.get(path.suffix.lower()) not in ("jsonl", "json"):
        return 1
    try:
        with path.open("rb") as fh:
            return sum(1 for line in fh if line.strip())
    except OSError:
        return 1


class IngestRun:
    """One ingest into an open store; ``plan`` decides, ``commit`` writes."""

    def __init__(self, store: Store, on_progress: ProgressCallback | None = None,
                 on_failure: FailureCallback | None = None, *, reextract: bool = False) -> None:
        self.store = store
        self.reextract = reextract
        self._on_failure = on_failure
        self.known: KnownDocuments = store.known()
        self.report = IngestReport()
        self._seen: dict[str, str] = {}
        self._on_progress = on_progress
        self._t0 = time.monotonic()

    def started(self) -> None:
        """Every worker is loaded: what came before is start-up, not throughput."""
        self.report.startup_seconds = time.monotonic() - self._t0

    def progress(self) -> None:
        self.report.seconds = time.monotonic() - self._t0
        if self._on_progress is not None:
            self._on_progress(self.report)

    def failed(self, failure: Failure) -> None:
        """Count a failure and pass it on to whoever reports them."""
        self.report.failed += 1
        if self._on_failure is not None:
            self._on_failure(failure)

    def plan(self, items: Iterable[RawDocument | Failure]) -> Iterator[WorkItem]:
        """The articles that need extraction; the rest are counted (and reader failures
        recorded) here."""
        for item in items:
            if isinstance(item, Failure):
                self.store.add_failure(item)
                self.failed(item)
                self.progress()
                continue
            work = self._decide(item)
            if work is None:
                self.progress()
            else:
                yield work

    def _decide(self, raw: RawDocument) -> WorkItem | None:
        h = raw_hash(raw)
        stored = self.known.hashes.get(raw.id) == h and not self.reextract
        if stored or self._seen.get(raw.id) == h:
            self.report.unchanged += 1
            return None
        self._seen[raw.id] = h
        failed = self.known.failures.get(raw.id)
        if failed is None or failed.content_hash != h:
            return WorkItem(raw, h, 1)
        if not should_retry(failed.code, failed.attempts):
            self.report.not_retried += 1
            return None
        return WorkItem(raw, h, failed.attempts + 1)

    def commit(self, results: list[WorkResult]) -> None:
        """Write one chunk's results in one transaction, then count them."""
        self.store.write([r.rows for r in results])
        for r in results:
            if not r.ok:
                row = r.rows["failures"][0]
                self.failed(Failure(row[0], row[1], row[2], row[4], row[3]))
                continue
            self.report.stored += 1
            if r.doc_id in self.known.hashes:
                self.report.replaced += 1
        self.progress()


def chunked(items: Iterable[WorkItem], size: int) -> Iterator[list[WorkItem]]:
    """``items`` in lists of ``size`` (the last one shorter)."""
    chunk: list[WorkItem] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


__all__ = [
    "DASK_PARTITION_DOCS",
    "MAX_ATTEMPTS",
    "FailureCallback",
    "IngestOptions",
    "IngestReport",
    "IngestRun",
    "ProgressCallback",
    "WorkBatches",
    "chunked",
    "default_workers",
    "estimate_total",
    "should_retry",
]
