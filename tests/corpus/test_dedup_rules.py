"""Deduplication across articles: what becomes one real-world event, and what stays apart."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import pytest

from flashpoint.corpus import dedup
from flashpoint.errors import StoreError
from flashpoint.model import Document

from ..corpus_support import KHARKIV, KHARKOV, ODESA, Where, build_store, ev, report

DNIPRO = Where("Dnipro", 48.4647, 35.0462, "UKR")


def _canonical(tmp_path: Path, docs: list[Document]) -> tuple[duckdb.DuckDBPyConnection,
                                                              list[dict[str, Any]]]:
    con = duckdb.connect(str(build_store(tmp_path / "s.duckdb", docs)))
    dedup.refresh(con)
    rows = con.execute("SELECT * FROM canonical_events ORDER BY day, source, target, "
                       "modality, place_name").df().to_dict(orient="records")
    return con, rows


def _strike(doc: str, day: str, place: Where | None = KHARKIV, published: str | None = None,
            **kw: Any) -> Document:
    return report(doc, published or day, ev("e1", "ASSAULT", "RUS.MIL", "UKR", day, place, **kw),
                  source=f"outlet-{doc}")


def test_dedup_three_outlets_same_attack_same_day_are_one_event(tmp_path: Path) -> None:
    _, rows = _canonical(tmp_path, [_strike(d, "2024-05-02") for d in ("a", "b", "c")])
    assert len(rows) == 1
    assert (rows[0]["n_docs"], rows[0]["n_mentions"]) == (3, 3)
    assert list(rows[0]["doc_ids"]) == ["a", "b", "c"]
    assert (rows[0]["type"], rows[0]["source"], rows[0]["target"]) == ("ASSAULT", "RUS.MIL",
                                                                       "UKR")


def test_dedup_attack_next_day_in_another_town_is_separate(tmp_path: Path) -> None:
    _, rows = _canonical(tmp_path, [_strike("a", "2024-05-02"),
                                    _strike("b", "2024-05-03", DNIPRO)])
    assert [r["place_name"] for r in rows] == ["Kharkiv", "Dnipro"]


def test_dedup_report_a_day_off_at_the_same_place_merges(tmp_path: Path) -> None:
    _, rows = _canonical(tmp_path, [_strike("a", "2024-05-02"), _strike("b", "2024-05-03")])
    assert len(rows) == 1 and rows[0]["n_docs"] == 2
    assert str(rows[0]["day"])[:10] == "2024-05-02"  # the earliest day reported


def test_dedup_two_days_apart_is_separate(tmp_path: Path) -> None:
    _, rows = _canonical(tmp_path, [_strike("a", "2024-05-02"), _strike("b", "2024-05-04")])
    assert len(rows) == 2


def test_dedup_daily_attacks_do_not_chain_into_one_event(tmp_path: Path) -> None:
    days = ["2024-05-01", "2024-05-02", "2024-05-03", "2024-05-04", "2024-05-05"]
    _, rows = _canonical(tmp_path, [_strike(f"d{i}", d) for i, d in enumerate(days)])
    # windows of two days from the run's first day: {1, 2}, {3, 4}, {5}
    assert [r["n_docs"] for r in rows] == [2, 2, 1]


@pytest.mark.parametrize(("other", "merged"), [
    (KHARKOV, True),   # the same city under another name, 1.5 km away
    (Where("Kharkiv", None, None, "UKR"), True),  # same name, not geocoded
    (None, True),      # no place: joins the known one
    (DNIPRO, False),   # 200 km away
])
def test_dedup_place_compatibility(tmp_path: Path, other: Where | None, merged: bool) -> None:
    _, rows = _canonical(tmp_path, [_strike("a", "2024-05-02"),
                                    _strike("b", "2024-05-02", other)])
    assert len(rows) == (1 if merged else 2)


def test_dedup_same_day_attacks_in_two_towns_and_an_unplaced_report(tmp_path: Path) -> None:
    docs = [_strike("a", "2024-05-02"), _strike("b", "2024-05-02"),
            _strike("c", "2024-05-02", ODESA), _strike("d", "2024-05-02", None)]
    _, rows = _canonical(tmp_path, docs)
    by_place = {r["place_name"]: r["n_docs"] for r in rows}
    assert by_place == {"Kharkiv": 3, "Odesa": 1}  # the unplaced report joins the best-supported


def test_dedup_generic_agents_match_by_country(tmp_path: Path) -> None:
    nga = {"GEN.UAF": "NGA", "GEN.REB": "NGA", "GEN.CVL": "NGA"}
    docs = [
        report("a", "2024-05-20", ev("e1", "ASSAULT", "GEN.UAF", "GEN.CVL", "2024-05-20"),
               countries=nga),
        report("b", "2024-05-20", ev("e1", "ASSAULT", "GEN.REB", "GEN.CVL", "2024-05-20"),
               countries=nga),  # "militants" for "gunmen": still unidentified, same country
        report("c", "2024-05-20", ev("e1", "ASSAULT", "GEN.UAF", "GEN.CVL", "2024-05-20"),
               countries={"GEN.UAF": "CMR", "GEN.CVL": "CMR"}),
        report("d", "2024-05-20", ev("e1", "ASSAULT", "NGA.REB", "GEN.CVL", "2024-05-20"),
               countries=nga),  # a named actor never matches a generic one
    ]
    _, rows = _canonical(tmp_path, docs)
    assert sorted(r["n_docs"] for r in rows) == [1, 1, 2]


@pytest.mark.parametrize("modality", ["negated", "hypothetical", "planned", "conditional"])
def test_dedup_non_factual_mentions_stay_apart_flagged(tmp_path: Path, modality: str) -> None:
    docs = [_strike("a", "2024-05-02"), _strike("b", "2024-05-02", modality=modality)]
    _, rows = _canonical(tmp_path, docs)
    assert sorted((r["modality"], r["n_docs"]) for r in rows) == sorted(
        [("asserted", 1), (modality, 1)])


def test_dedup_non_factual_reports_of_one_plan_cluster_together(tmp_path: Path) -> None:
    docs = [_strike(d, "2024-05-02", modality="planned") for d in ("a", "b")]
    _, rows = _canonical(tmp_path, docs)
    assert [(r["modality"], r["n_docs"]) for r in rows] == [("planned", 2)]


def test_dedup_reported_and_asserted_merge_as_asserted(tmp_path: Path) -> None:
    docs = [_strike("a", "2024-05-02", modality="reported"), _strike("b", "2024-05-02")]
    _, rows = _canonical(tmp_path, docs)
    assert [(r["modality"], r["n_docs"]) for r in rows] == [("asserted", 2)]


def test_dedup_month_only_events_merge_by_month_and_publication_window(tmp_path: Path) -> None:
    docs = [_strike("a", "2024-05", None, published="2024-05-10"),
            _strike("b", "2024-05", None, published="2024-05-11"),
            _strike("c", "2024-05", None, published="2024-05-25"),
            _strike("d", "2024-05-10", None)]  # day-precise: never merged with month-only
    _, rows = _canonical(tmp_path, docs)
    assert sorted((r["date"], r["n_docs"]) for r in rows) == [
        ("2024-05", 1), ("2024-05", 2), ("2024-05-10", 1)]


def test_dedup_multi_actor_event_becomes_one_canonical_event_per_dyad(tmp_path: Path) -> None:
    docs = [report("a", "2024-05-02", ev("e1", "CONSULT", ("USA", "FRA"), "UKR", "2024-05-02")),
            report("b", "2024-05-02", ev("e1", "CONSULT", "USA", "UKR", "2024-05-02"))]
    con, rows = _canonical(tmp_path, docs)
    assert sorted((r["source"], r["n_docs"]) for r in rows) == [("FRA", 1), ("USA", 2)]
    links = con.execute("SELECT doc_id, count(*) FROM event_links GROUP BY ALL "
                        "ORDER BY 1").fetchall()
    assert links == [("a", 2), ("b", 1)]


def test_dedup_best_mention_gives_evidence_and_mode(tmp_path: Path) -> None:
    docs = [_strike("a", "2024-05-02", confidence=0.6, text="Weak sentence."),
            _strike("b", "2024-05-02", confidence=0.9, mode="aerial", text="Jets struck."),
            _strike("c", "2024-05-02", confidence=0.7)]
    _, rows = _canonical(tmp_path, docs)
    assert (rows[0]["evidence"], rows[0]["mode"]) == ("Jets struck.", "aerial")


def test_dedup_one_document_repeating_an_event_counts_one_doc_two_mentions(
        tmp_path: Path) -> None:
    doc = report("a", "2024-05-02", ev("e1", "ASSAULT", "RUS.MIL", "UKR", "2024-05-02", KHARKIV),
                 ev("e2", "ASSAULT", "RUS.MIL", "UKR", "2024-05-02", KHARKIV))
    _, rows = _canonical(tmp_path, [doc])
    assert (rows[0]["n_docs"], rows[0]["n_mentions"]) == (1, 2)


def test_dedup_canonical_ids_are_deterministic(tmp_path: Path) -> None:
    docs = [_strike("a", "2024-05-02"), _strike("b", "2024-05-03", ODESA)]
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    _, first = _canonical(tmp_path / "one", docs)
    _, second = _canonical(tmp_path / "two", list(reversed(docs)))
    ids = [r["canonical_id"] for r in first]
    assert ids == [r["canonical_id"] for r in second]
    assert all(i.startswith("ce_") and len(i) == 3 + dedup.CANONICAL_HEX_DIGITS for i in ids)


def test_dedup_refresh_does_nothing_when_nothing_changed(tmp_path: Path) -> None:
    con = duckdb.connect(str(build_store(tmp_path / "s.duckdb", [_strike("a", "2024-05-02")])))
    assert dedup.refresh(con).rebuilt
    again = dedup.refresh(con)
    assert not again.rebuilt and again.canonical_events == 1
    assert dedup.refresh(con, force=True).rebuilt


def test_dedup_requires_a_flashpoint_store(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "empty.duckdb"))
    with pytest.raises(StoreError, match="not a flashpoint store"):
        dedup.refresh(con)
    with pytest.raises(StoreError, match="expected a duckdb connection"):
        dedup.refresh("not a connection")


def test_dedup_read_only_store_without_canonical_events_says_how_to_fix(tmp_path: Path) -> None:
    path = build_store(tmp_path / "s.duckdb", [_strike("a", "2024-05-02")])
    con = duckdb.connect(str(path), read_only=True)
    assert not dedup.is_fresh(con)
    with pytest.raises(StoreError, match="flashpoint dedup"):
        dedup.ensure(con)


def test_dedup_reports_across_an_epoch_boundary_stay_apart(tmp_path: Path) -> None:
    # the documented price of bounded incremental refreshes (dedup.EPOCH_DAYS)
    origin, days = dedup.EPOCH_ORIGIN, dedup.EPOCH_DAYS
    boundary = origin + dt.timedelta(days=days * ((dt.date(2024, 5, 1) - origin).days // days
                                                  + 1))
    before = (boundary - dt.timedelta(days=1)).isoformat()
    _, rows = _canonical(tmp_path, [_strike("a", before), _strike("b", boundary.isoformat())])
    assert len(rows) == 2
