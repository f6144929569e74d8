"""``ingest --dask``: a real LocalCluster of 2 worker processes makes the same store."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from flashpoint.batch import IngestOptions, run_ingest
from flashpoint.config import PipelineConfig
from flashpoint.corpus.schema import CHILD_TABLES, TABLES
from flashpoint.corpus.store import Store
from flashpoint.errors import ConfigError
from flashpoint.model import Document

from .test_ingest_runner import EXAMPLES, examples_store  # noqa: F401 - a shared fixture

QUERIES = {
    "documents": "SELECT id, content_hash, doc FROM documents ORDER BY 1",
    "events": "SELECT doc_id, event_id, type, day, place_name, evidence_start FROM events "
              "ORDER BY 1, 2",
    **{t: f"SELECT count(*) FROM {t}" for t in (*CHILD_TABLES, "failures")},
}


def _snapshot(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with Store.read_only(db) as store:
        return {name: store.connection.execute(sql).fetchall() for name, sql in QUERIES.items()}


def test_dask_local_cluster_makes_the_same_store(tmp_path: Path,
                                                 examples_store: Path) -> None:  # noqa: F811
    db = tmp_path / "dask.duckdb"
    # Partitions of 2 articles: 4 tasks over the 2 workers.
    options = IngestOptions(dask="local", dask_workers=2, dask_partition_docs=2)
    report = run_ingest([str(EXAMPLES)], db, PipelineConfig(), options)
    assert (report.stored, report.failed) == (8, 0)
    assert _snapshot(db) == _snapshot(examples_store)
    assert not (tmp_path / "dask.duckdb.staging").exists()  # staging cleaned up

    again = run_ingest([str(EXAMPLES)], db, PipelineConfig(), options)
    assert (again.unchanged, again.stored) == (8, 0)


def test_dask_staged_partition_loads_once(tmp_path: Path) -> None:
    """Loading the same Parquet partition twice (a restarted load) changes nothing, and a
    revised document in a later partition replaces the stored one."""
    import pyarrow.parquet as pq

    from flashpoint.corpus.rows import arrow_table, document_rows, merge_rows

    from ..corpus.test_store_schema import rich_doc

    def stage(name: str, docs: list[Document]) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        rows = merge_rows([document_rows(d) for d in docs])
        for table in TABLES:
            pq.write_table(arrow_table(table, rows.get(table, [])), folder / f"{table}.parquet")
        return folder

    first = stage("part-0", [rich_doc("d1", n_events=3), rich_doc("d2")])
    with Store(tmp_path / "s.duckdb") as store:
        assert store.load_parquet(first) == 2
        assert store.load_parquet(first) == 0
        assert (store.summary().documents, store.summary().events) == (2, 4)
        revised = stage("part-1", [dataclasses.replace(rich_doc("d1"), title="Revised")])
        assert store.load_parquet(revised) == 1
        assert (store.summary().documents, store.summary().events) == (2, 2)
        assert store.connection.execute("SELECT count(*) FROM mentions").fetchone() == (4,)


def test_dask_unreachable_scheduler_is_a_config_error(tmp_path: Path) -> None:
    options = IngestOptions(dask="tcp://127.0.0.1:9", dask_connect_timeout=1.0)
    with pytest.raises(ConfigError, match="dask scheduler"):
        run_ingest([str(EXAMPLES / "fuel_protests.txt")], tmp_path / "x.duckdb",
                   PipelineConfig(), options)
