"""Scale-out: the same extraction on a Dask cluster, through Parquet, into the same store.

``--dask local`` starts a ``LocalCluster`` of worker processes on this machine; ``--dask
tcp://HOST:8786`` connects to a running scheduler. The parent still reads the inputs and
decides what needs work (``IngestRun.plan``: content hashes against the store), then submits
partitions of articles to the cluster. Each task runs ``batch.work.extract_chunk`` — the
function local workers run — and writes its partition as Parquet (the contract JSON inside
``documents.doc``, plus every flat table, with the store's own column types) into a staging
folder. The parent loads each finished partition into DuckDB in one transaction
(``Store.load_parquet``: documents already stored with the same hash are skipped), then
deletes it. One writer, as on the local path.

On a real cluster the staging folder must be one that the workers and the parent both see (a
shared file system; object storage is the step after, see docs/scale-out.md). A killed run
leaves complete partitions behind (each is written to temporary names and renamed, with a
``_SUCCESS`` marker last); the next run loads none of them twice, because loading is by hash.
"""

from __future__ import annotations

import logging
import shutil
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flashpoint.config import PipelineConfig
from flashpoint.corpus import TABLES, arrow_table, failure_rows, merge_rows
from flashpoint.errors import ConfigError, StoreError, WorkerDiedError
from flashpoint.model import Failure

from .plan import IngestOptions, IngestRun
from .work import WorkItem, extract_chunk, peak_rss_kb, worker_pipeline

#: Partitions in flight per Dask worker: two keeps every worker busy while the parent loads
#: the previous result, and bounds the parent's memory whatever the size of the input.
IN_FLIGHT_PER_WORKER = 2

SUCCESS_MARKER = "_SUCCESS"


@dataclass(frozen=True)
class PartitionResult:
    """What a task sends back: where its Parquet files are, and the ids it extracted."""

    folder: str
    ok_ids: tuple[str, ...]
    failures: tuple[tuple[Any, ...], ...]


def warm_worker(config: PipelineConfig) -> None:
    """Load the pipeline on a Dask worker (``client.run``) before any task is timed."""
    worker_pipeline(config)


def extract_partition(items: list[WorkItem], config: PipelineConfig, time_limit: float | None,
                      folder: str) -> PartitionResult:
    """Dask task: extract ``items`` and write their rows as Parquet files in ``folder``."""
    import pyarrow.parquet as pq

    pipeline = worker_pipeline(config)
    results = extract_chunk(pipeline, items, time_limit)
    rows = merge_rows([r.rows for r in results])
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        tmp = out / f"{table}.parquet.tmp"
        pq.write_table(arrow_table(table, rows.get(table, [])), tmp)
        tmp.replace(out / f"{table}.parquet")
    (out / SUCCESS_MARKER).touch()
    return PartitionResult(folder, tuple(r.doc_id for r in results if r.ok),
                           tuple(tuple(f) for f in rows.get("failures", [])))


def _client(address: str, workers: int, timeout: float) -> Any:
    import distributed

    # distributed's constructors are untyped: go through Any.
    Client: Any = distributed.Client  # noqa: N806
    LocalCluster: Any = distributed.LocalCluster  # noqa: N806
    if address == "local":
        # Processes, one thread each: spaCy holds the GIL, so threads would not add speed.
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        return Client(cluster)
    try:
        return Client(address, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ConfigError(f"cannot reach the Dask scheduler at {address}: {exc}",
                          fix="start one with 'dask scheduler' (and 'dask worker ADDRESS' on each"
                              " machine), check the address, or pass --dask local") from exc


def _close(client: Any) -> None:
    """Close the client, and the cluster if we started it. Its nanny warns when a worker
    takes more than a few seconds to exit (a loaded model on a busy machine) and kills it:
    expected here, so not shown."""
    cluster = client.cluster
    client.close()
    if cluster is not None:
        nanny = logging.getLogger("distributed.nanny")
        level = nanny.level
        nanny.setLevel(logging.ERROR)
        try:
            cluster.close()
        finally:
            nanny.setLevel(level)


def run_dask(run: IngestRun, chunks: Iterable[list[WorkItem]], config: PipelineConfig,
             options: IngestOptions, db: Path) -> None:
    """Extract ``chunks`` (the partitions) on Dask and load each result into ``run.store``."""
    import distributed

    as_completed: Any = distributed.as_completed
    assert options.dask is not None
    # Absolute: the workers' working directories are not the parent's.
    staging = db.resolve().parent / f"{db.name}.staging" / uuid.uuid4().hex
    client = _client(options.dask, options.dask_workers, options.dask_connect_timeout)
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        client.run(warm_worker, config)  # load on every worker now, as the local path does
        run.started()
        parts: dict[str, list[WorkItem]] = {}
        source = _submissions(client, chunks, config, options.time_limit, staging, parts)
        pending = as_completed(_take(source, n_workers * IN_FLIGHT_PER_WORKER))
        for future in pending:
            items = parts.pop(future.key)
            try:
                result = future.result()
            except Exception as exc:  # the task's error becomes its documents' failures
                _lost(run, items, exc)
            else:
                _load(run, result)
            for nxt in _take(source, 1):
                pending.add(nxt)
        run.report.peak_rss_kb = [int(kb) for kb in client.run(peak_rss_kb).values()]
    finally:
        _close(client)
        shutil.rmtree(staging, ignore_errors=True)
        if staging.parent.is_dir() and not any(staging.parent.iterdir()):
            staging.parent.rmdir()


def _submissions(client: Any, chunks: Iterable[list[WorkItem]], config: PipelineConfig,
                 time_limit: float | None, staging: Path,
                 parts: dict[str, list[WorkItem]]) -> Iterator[Any]:
    for index, items in enumerate(chunks):
        folder = str(staging / f"part-{index:06d}")
        key = f"flashpoint-extract-{staging.name}-{index}"
        parts[key] = items
        yield client.submit(extract_partition, items, config, time_limit, folder, key=key,
                            pure=False)


def _lost(run: IngestRun, items: list[WorkItem], exc: BaseException) -> None:
    """A partition whose task failed for good (Dask retries a task whose worker dies, then
    gives up): each of its documents is recorded as a failure, to be retried next run."""
    rows = []
    for item in items:
        err = WorkerDiedError(f"the Dask task failed: {type(exc).__name__}: {exc}",
                              source=item.raw.source or item.raw.id,
                              fix="see the Dask worker logs; if workers ran out of memory, give"
                                  " them more or use smaller partitions")
        failure = Failure(item.raw.id, item.raw.source, "worker", err.render(), err.code)
        rows.append(failure_rows(failure, item.content_hash, item.attempt))
        run.failed(failure)
    run.store.write(rows)
    run.progress()


def _take(source: Iterator[Any], n: int) -> list[Any]:
    out = []
    for _ in range(n):
        item = next(source, None)
        if item is None:
            break
        out.append(item)
    return out


def _load(run: IngestRun, result: PartitionResult) -> None:
    folder = Path(result.folder)
    if not (folder / SUCCESS_MARKER).exists():
        raise StoreError("a Dask worker reported a partition that is not in the staging folder",
                         source=str(folder),
                         fix="the staging folder must be on storage that the workers and this "
                             "process share (put --db on a shared file system)")
    run.store.load_parquet(folder)
    for doc_id in result.ok_ids:
        run.report.stored += 1
        if doc_id in run.known.hashes:
            run.report.replaced += 1
    for row in result.failures:
        run.failed(Failure(row[0], row[1], row[2], row[4], row[3]))
    shutil.rmtree(folder, ignore_errors=True)
    run.progress()
