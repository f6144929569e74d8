"""Dyad series and the escalation index: real-world events, not mentions; sign conventions."""

from __future__ import annotations

import math

import duckdb
import pytest

from flashpoint.corpus import analytics
from flashpoint.corpus.params import QueryError
from flashpoint.events.ontology import load_ontology

from ..corpus_support import build_store, ev, report, war_corpus


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(build_store(tmp_path_factory.mktemp("dyads") / "s.duckdb",
                                          war_corpus())))


def _rows(frame: object) -> list[tuple[str, str, int]]:
    return [(str(r.period)[:10], r.type, r.n) for r in frame.itertuples()]  # type: ignore[attr-defined]


def test_analytics_dyad_series_counts_real_world_events(con: duckdb.DuckDBPyConnection) -> None:
    frame = analytics.dyad_series(con, "RUS", "UKR")
    assert list(frame.columns) == ["period", "type", "n", "score"]
    # three outlets on the Kharkiv strike of 2 May: one event; the negated strike on Kyiv and
    # the planned (month-only) threat are not events of record; UKR.GOV's accusation of RUS
    # counts both ways, and RUS stands for its bodies (RUS.MIL)
    assert _rows(frame) == [("2024-03-05", "ASSAULT", 1), ("2024-05-02", "ACCUSE", 1),
                            ("2024-05-02", "ASSAULT", 1), ("2024-05-03", "ASSAULT", 1)]


def test_analytics_dyad_series_directed_and_by_month(con: duckdb.DuckDBPyConnection) -> None:
    directed = analytics.dyad_series(con, "RUS", "UKR", freq="month", directed=True)
    assert _rows(directed) == [("2024-03-01", "ASSAULT", 1), ("2024-05-01", "ASSAULT", 2)]
    weekly = analytics.dyad_series(con, "UKR", "RUS", freq="week", since="2024-04")
    assert _rows(weekly) == [("2024-04-29", "ACCUSE", 1), ("2024-04-29", "ASSAULT", 2)]


def test_analytics_dyad_series_exact_ids_and_scores(con: duckdb.DuckDBPyConnection) -> None:
    frame = analytics.dyad_series(con, "RUS.MIL", "UKR", freq="month", directed=True)
    onto = load_ontology()
    aerial, plain = onto.intensity("ASSAULT", "aerial"), onto.intensity("ASSAULT")
    # a canonical event's intensity is the mean of its mentions' (one of three said "aerial")
    assert frame["score"].tolist() == pytest.approx([plain, (aerial + 2 * plain) / 3 + plain])
    assert all(s < 0 for s in frame["score"])  # conflict is negative
    assert analytics.dyad_series(con, "RUS.GOV", "UKR").empty


def test_analytics_dyad_totals(con: duckdb.DuckDBPyConnection) -> None:
    frame = analytics.dyad_totals(con, "RUS", "UKR")
    assert frame[["type", "n", "n_docs"]].values.tolist() == [["ASSAULT", 3, 5],
                                                              ["ACCUSE", 1, 1]]


def test_analytics_dyad_series_bad_frequency(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(QueryError, match="freq"):
        analytics.dyad_series(con, "RUS", "UKR", freq="fortnight")


@pytest.fixture(scope="module")
def weekly(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    """USA–CHN: talks in four weeks of five (one quiet), then a strike in week six."""
    days = ["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-29"]
    docs = [report(f"c{i}", d, ev("e1", "CONSULT", "USA", "CHN", d)) for i, d in enumerate(days)]
    docs.append(report("s", "2024-02-05", ev("e1", "ASSAULT", "CHN", "USA", "2024-02-05")))
    return duckdb.connect(str(build_store(tmp_path_factory.mktemp("weekly") / "s.duckdb", docs)))


def test_analytics_escalation_index_is_positive_for_escalation(
        weekly: duckdb.DuckDBPyConnection) -> None:
    frame = analytics.escalation(weekly, "USA", "CHN", freq="week", window=4)
    assert list(frame.columns) == ["period", "n", "score", "baseline", "change", "sd",
                                   "escalation"]
    onto = load_ontology()
    talk, strike = onto.intensity("CONSULT"), onto.intensity("ASSAULT")
    assert [str(p)[:10] for p in frame["period"]] == [
        "2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22", "2024-01-29", "2024-02-05"]
    assert frame["score"].tolist() == [talk, talk, talk, 0.0, talk, strike]  # quiet week: 0
    assert math.isnan(frame["baseline"][1])  # one earlier period is not a baseline
    assert frame["baseline"][2] == talk and frame["escalation"][2] == 0
    last = frame.iloc[-1]
    assert last["baseline"] == pytest.approx(3 * talk / 4)
    assert last["change"] == pytest.approx(strike - 3 * talk / 4)
    sd = max(last["sd"], analytics.SD_FLOOR)
    assert last["escalation"] == pytest.approx(-(strike - 3 * talk / 4) / sd)
    assert last["escalation"] > 2
    assert frame["escalation"][3] > 0  # talks stopping is a (small) escalation too


def test_analytics_escalation_range_and_window(weekly: duckdb.DuckDBPyConnection) -> None:
    frame = analytics.escalation(weekly, "USA", "CHN", freq="month", since="2023-12",
                                 until="2024-03")
    assert [str(p)[:7] for p in frame["period"]] == ["2023-12", "2024-01", "2024-02", "2024-03"]
    assert frame["n"].tolist() == [0, 4, 1, 0]
    with pytest.raises(QueryError, match="window"):
        analytics.escalation(weekly, "USA", "CHN", window=0)
    assert analytics.escalation(weekly, "USA", "FRA").empty
