"""analytics.events: a page of event mentions under every filter, with the total count."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from flashpoint.corpus import analytics
from flashpoint.corpus.params import MAX_LIMIT, QueryError
from flashpoint.corpus.store import Store

from ..corpus_support import build_store, war_corpus

COLUMNS = ["doc_id", "event_id", "type", "mode", "modality", "source", "target", "date", "day",
           "place_name", "lat", "lon", "place_country", "intensity", "confidence", "evidence",
           "coder", "canonical_id", "n_docs"]


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(build_store(tmp_path_factory.mktemp("events") / "s.duckdb",
                                          war_corpus())))


def _keys(frame: object) -> set[str]:
    return {f"{r.doc_id}/{r.event_id}" for r in frame.itertuples()}  # type: ignore[attr-defined]


def test_analytics_events_columns_and_total(con: duckdb.DuckDBPyConnection) -> None:
    frame, total = analytics.events(con)
    assert list(frame.columns) == COLUMNS
    assert total == 14 and len(frame) == 14


@pytest.mark.parametrize(("filters", "expected"), [
    # A country code also matches its bodies (UKR.GOV), as the dyad queries read it.
    ({"actor": "UKR"}, {"d01/e1", "d01/e2", "d02/e1", "d03/e1", "d04/e1", "d04/e2", "d05/e1",
                        "d05/e2", "d09/e1", "d10/e1"}),
    ({"actor": "UKR.GOV"}, {"d01/e2", "d05/e2"}),
    ({"source": "RUS.MIL", "target": "UKR", "modality": "negated"}, {"d04/e2"}),
    ({"type": ["AID", "CONSULT"]}, {"d05/e1", "d05/e2", "d06/e1"}),
    ({"since": "2024-05", "until": "2024-05-02"}, {"d01/e1", "d01/e2", "d02/e1", "d03/e1"}),
    ({"country": "NGA"}, {"d07/e1", "d08/e1"}),              # the place's country
    ({"country": "USA"}, {"d05/e1", "d05/e2"}),              # an actor's country
    ({"bbox": (36.0, 49.5, 37.0, 50.5)}, {"d01/e1", "d02/e1", "d10/e1"}),
    ({"has_place": False}, {"d01/e2", "d03/e1", "d05/e1", "d09/e1"}),
    ({"doc_id": "d04"}, {"d04/e1", "d04/e2"}),
])
def test_analytics_events_filters(con: duckdb.DuckDBPyConnection, filters: dict[str, object],
                                  expected: set[str]) -> None:
    frame, total = analytics.events(con, **filters)  # type: ignore[arg-type]
    assert _keys(frame) == expected
    assert total == len(expected)


def test_analytics_events_pages_newest_first(con: duckdb.DuckDBPyConnection) -> None:
    first, total = analytics.events(con, limit=5)
    second, _ = analytics.events(con, limit=5, offset=5)
    assert total == 14 and not _keys(first) & _keys(second)
    days = pd.concat([first["day"], second["day"]]).dropna().tolist()
    assert days == sorted(days, reverse=True)


def test_analytics_events_name_their_canonical_event(con: duckdb.DuckDBPyConnection) -> None:
    frame, _ = analytics.events(con, source="RUS.MIL", since="2024-05-02", until="2024-05-02")
    assert set(frame["n_docs"]) == {3} and frame["canonical_id"].nunique() == 1


def test_analytics_events_accepts_a_store(tmp_path: Path) -> None:
    path = build_store(tmp_path / "s.duckdb", war_corpus())
    with Store(path) as store:
        analytics.events(store)  # builds the canonical tables while writable
    with Store.read_only(path) as store:
        frame, total = analytics.events(store, doc_id="d02")
    assert total == 1 and frame["n_docs"].tolist() == [3]


def test_analytics_events_read_only_store_without_dedup_has_no_canonical_ids(
        tmp_path: Path) -> None:
    path = build_store(tmp_path / "s.duckdb", war_corpus())
    with Store.read_only(path) as store:
        frame, total = analytics.events(store, doc_id="d02")
    assert total == 1 and frame["canonical_id"].isna().all()


@pytest.mark.parametrize("bad", [
    {"since": "2024-13"}, {"until": "May 2024"}, {"limit": MAX_LIMIT + 1}, {"offset": -1},
    {"bbox": (40.0, 0.0, 30.0, 10.0)}, {"bbox": (0.0, 0.0, 10.0)},
])
def test_analytics_events_bad_parameters_name_the_fix(con: duckdb.DuckDBPyConnection,
                                                      bad: dict[str, object]) -> None:
    with pytest.raises(QueryError) as err:
        analytics.events(con, **bad)  # type: ignore[arg-type]
    assert err.value.fix
