"""``flashpoint ingest``: read, skip what is stored, extract in parallel, write once.

The run is a loop with one writer. The parent reads the inputs (cheap), hashes each article
(``corpus.rows.raw_hash``) and decides before any extraction whether it needs work at all;
articles that do are sent in chunks to worker processes (``pool``) or to a Dask cluster
(``cluster``); their rows come back and the parent commits each chunk in one transaction.

**Resuming.** Nothing is kept in memory that the store does not also have: a run killed at
any point (``kill -9`` included) has committed whole chunks only, and the next run skips every
id already stored with the same content hash. So a restart loses no document and stores none
twice. What is skipped, and why:

* an id stored with the same content hash: *unchanged* (same id, new hash: *replaced*);
* an id whose last attempt failed on the same input, when the failure is not worth retrying
  (``should_retry``): input errors (``FP1xx``: empty, binary, not English, …) fail the same way
  every time; other failures (a time-out, a dead worker, a stage bug) are retried on later runs
  until they have been tried ``MAX_ATTEMPTS`` times. A changed input is always tried again.

Library code never prints: progress goes to an ``on_progress`` callback (the CLI draws a bar).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from itertools import chain, islice
from pathlib import Path

from flashpoint.config import PipelineConfig
from flashpoint.corpus import Store
from flashpoint.ingest import read_paths

from .plan import (
    FailureCallback,
    IngestOptions,
    IngestReport,
    IngestRun,
    ProgressCallback,
    WorkBatches,
    chunked,
)
from .pool import WorkerPool


def run_local(run: IngestRun, batches: WorkBatches, config: PipelineConfig,
              options: IngestOptions, db: Path) -> None:
    """Extract on a pool of local worker processes (the default executor)."""
    with WorkerPool(options.workers, config, options.time_limit, options.initializer) as pool:
        run.started()
        for results in pool.run(batches):
            run.commit(results)
        run.report.peak_rss_kb = list(pool.peak_rss_kb)
        run.report.worker_restarts = pool.restarts
        run.report.worker_cpu_seconds = pool.work_cpu_s


def run_on_dask(run: IngestRun, batches: WorkBatches, config: PipelineConfig,
                options: IngestOptions, db: Path) -> None:
    """Extract on a Dask cluster (imported only when asked for: Dask is slow to import)."""
    from .cluster import run_dask

    run_dask(run, batches, config, options, db)


Executor = Callable[[IngestRun, WorkBatches, PipelineConfig, IngestOptions, Path], None]

#: How a run extracts: chosen by ``IngestOptions.dask``. The runner knows the executors; the
#: executors know only the run's state (``plan``), so no module imports back into this one.
EXECUTORS: dict[str, Executor] = {"local": run_local, "dask": run_on_dask}


def run_ingest(paths: list[str], db: str | Path, config: PipelineConfig,
               options: IngestOptions | None = None,
               on_progress: ProgressCallback | None = None,
               on_failure: FailureCallback | None = None) -> IngestReport:
    """Ingest ``paths`` into the store at ``db``; see the module docstring for the rules."""
    options = options or IngestOptions()
    with Store(db) as store:
        run = IngestRun(store, on_progress, on_failure, reextract=options.reextract)
        size = options.dask_partition_docs if options.dask else options.chunk_docs
        todo = chunked(run.plan(read_paths(paths, config, published=options.published)), size)
        # Look ahead before starting anything: with nothing to do no worker starts, and a
        # small input never starts more workers than it has chunks (each costs seconds).
        head = list(islice(todo, options.workers))
        if head:
            if options.dask:
                EXECUTORS["dask"](run, chain(head, todo), config, options, Path(db))
            else:
                local = replace(options, workers=len(head))
                EXECUTORS["local"](run, chain(head, todo), config, local, Path(db))
        run.progress()
        return run.report


__all__ = ["EXECUTORS", "run_ingest", "run_local", "run_on_dask"]
