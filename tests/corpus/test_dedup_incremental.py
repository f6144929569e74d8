"""Incremental deduplication: re-clustering the touched groups gives a full rebuild's result."""

from __future__ import annotations

from pathlib import Path

import duckdb

from flashpoint.corpus import dedup
from flashpoint.model import Document

from ..corpus_support import KHARKIV, ODESA, add_documents, build_store, ev, report, war_corpus


def _tables(con: duckdb.DuckDBPyConnection) -> tuple[list[tuple[object, ...]], ...]:
    canonical = con.execute(
        "SELECT canonical_id, type, mode, source, target, day, date, place_name, lat, lon, "
        "country, modality, intensity, n_docs, n_mentions, doc_ids, evidence, group_key "
        "FROM canonical_events ORDER BY canonical_id").fetchall()
    links = con.execute("SELECT * FROM event_links ORDER BY ALL").fetchall()
    return canonical, links


def _full_rebuild(path: Path, target: Path) -> tuple[list[tuple[object, ...]], ...]:
    target.write_bytes(path.read_bytes())
    con = duckdb.connect(str(target))
    dedup.refresh(con, force=True)
    try:
        return _tables(con)
    finally:
        con.close()


def _strike(doc: str, day: str, place: object = KHARKIV) -> Document:
    return report(doc, day, ev("e1", "ASSAULT", "RUS.MIL", "UKR", day, place))  # type: ignore[arg-type]


def test_dedup_incremental_after_new_documents_equals_full_rebuild(tmp_path: Path) -> None:
    path = build_store(tmp_path / "s.duckdb", war_corpus())
    con = duckdb.connect(str(path))
    dedup.refresh(con)
    con.close()
    add_documents(path, [_strike("n1", "2024-05-03"), _strike("n2", "2024-05-03", ODESA)])
    con = duckdb.connect(str(path))
    stats = dedup.refresh(con)
    assert stats.rebuilt and stats.incremental and stats.groups == 1
    got = _tables(con)
    con.close()
    assert got == _full_rebuild(path, tmp_path / "full.duckdb")
    assert any(row[13] == 4 for row in got[0])  # the Kharkiv strike now has four documents


def test_dedup_incremental_replaced_and_removed_documents(tmp_path: Path) -> None:
    fillers = [report(f"f{i}", "2024-02-01", ev("e1", "AGREE", "FRA", "DEU", "2024-02-01"))
               for i in range(10)]
    path = build_store(tmp_path / "s.duckdb", war_corpus() + fillers)
    con = duckdb.connect(str(path))
    dedup.refresh(con)
    con.close()
    # d02 revised: the strike was in Odesa; d10 withdrawn from the store
    add_documents(path, [report("d02", "2024-05-02",
                                ev("e1", "ASSAULT", "RUS.MIL", "UKR", "2024-05-03", ODESA))])
    con = duckdb.connect(str(path))
    for table in ("events", "actors", "places", "documents"):
        key = "id" if table == "documents" else "doc_id"
        con.execute(f"DELETE FROM {table} WHERE {key} = 'd10'")
    stats = dedup.refresh(con)
    assert stats.incremental
    got = _tables(con)
    assert con.execute("SELECT count(*) FROM event_links WHERE doc_id = 'd10'").fetchone() == (0,)
    odesa = con.execute("SELECT n_docs, doc_ids FROM canonical_events WHERE place_name = "
                        "'Odesa' AND modality = 'asserted'").fetchall()
    con.close()
    # d03's unplaced report of that window now joins the best-supported place, Odesa
    assert odesa == [(3, ["d02", "d03", "d04"])]
    assert got == _full_rebuild(path, tmp_path / "full.duckdb")


def test_dedup_many_changed_documents_rebuild_in_full(tmp_path: Path) -> None:
    path = build_store(tmp_path / "s.duckdb", [_strike("a", "2024-05-02")])
    con = duckdb.connect(str(path))
    dedup.refresh(con)
    con.close()
    add_documents(path, [_strike(f"n{i}", "2024-05-04") for i in range(3)])
    con = duckdb.connect(str(path))
    stats = dedup.refresh(con)
    assert stats.rebuilt and not stats.incremental
