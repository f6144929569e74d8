"""Networks, the actors table, top lists and changes since a date."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from flashpoint.corpus import analytics
from flashpoint.corpus.params import QueryError

from ..corpus_support import build_store, war_corpus


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(build_store(tmp_path_factory.mktemp("lists") / "s.duckdb",
                                          war_corpus())))


def test_analytics_network_edges(con: duckdb.DuckDBPyConnection) -> None:
    frame = analytics.network(con)
    assert list(frame.columns) == ["source", "target", "n", "score"]
    assert frame.iloc[0][["source", "target", "n"]].tolist() == ["RUS.MIL", "UKR", 3]
    assert analytics.network(con, min_count=2)[["source", "target"]].values.tolist() == [
        ["RUS.MIL", "UKR"]]
    consult = analytics.network(con, types=["CONSULT"])
    assert sorted(map(tuple, consult[["source", "target"]].values.tolist())) == [
        ("P.recep-erdogan", "RUS"), ("TUR", "RUS"), ("USA", "UKR.GOV")]
    assert analytics.network(con, since="2024-05-10")[["source"]].values.tolist() == [
        ["GEN.UAF"]]


def test_analytics_actors_table(con: duckdb.DuckDBPyConnection) -> None:
    frame, total = analytics.actors_table(con, q="rus")
    assert list(frame.columns) == ["actor_id", "name", "type", "country", "n_docs",
                                   "n_mentions", "n_events"]
    assert set(frame["actor_id"]) == {"RUS", "RUS.MIL"} and total == 2
    row = frame.set_index("actor_id").loc["RUS.MIL"]
    assert (row["n_docs"], row["n_events"]) == (5, 3)  # five reports, three real strikes
    everyone, total = analytics.actors_table(con, limit=3, offset=0)
    assert len(everyone) == 3 and total == 11
    rest, _ = analytics.actors_table(con, limit=50, offset=3)
    assert len(rest) == 8
    none, total = analytics.actors_table(con, q="100%_")  # LIKE wildcards are literal
    assert none.empty and total == 0


def test_analytics_top_lists(con: duckdb.DuckDBPyConnection) -> None:
    actors = analytics.top_actors(con)
    assert actors["actor_id"].tolist()[:2] == ["UKR", "RUS.MIL"]
    assert not actors["actor_id"].str.startswith("GEN.").any()
    events = analytics.top_events(con, limit=2)
    # the place as the most confident report names it
    assert events.iloc[0][["place_name", "n_docs", "n_mentions"]].tolist() == ["Kharkov", 3, 3]
    places = analytics.top_places(con, types="ASSAULT")
    assert places[["place_name", "n_events", "n_docs"]].values.tolist()[:2] == [
        ["Kharkov", 1, 3], ["Maiduguri", 1, 2]]  # ties: most documents first


def test_analytics_changes_since_by_event_day(con: duckdb.DuckDBPyConnection) -> None:
    changes = analytics.changes_since(con, "2024-05-01", by="day")
    assert len(changes.events) == 4
    assert sorted(map(tuple, changes.dyads[["source", "target"]].values.tolist())) == [
        ("GEN.UAF", "GEN.CVL"), ("UKR.GOV", "RUS")]
    # UKR.GOV acted on 2 May but was first in an event on 9 April: not new
    assert set(changes.actors["actor_id"]) == {"GEN.UAF", "GEN.CVL"}


def test_analytics_changes_since_by_store_time(con: duckdb.DuckDBPyConnection) -> None:
    yesterday = dt.date.today() - dt.timedelta(days=1)
    changes = analytics.changes_since(con, yesterday)
    assert len(changes.events) == 10 and len(changes.actors) == 11
    later = analytics.changes_since(con, dt.datetime.now() + dt.timedelta(hours=1))
    assert later.events.empty and later.dyads.empty and later.actors.empty
    with pytest.raises(QueryError, match="by="):
        analytics.changes_since(con, yesterday, by="week")
