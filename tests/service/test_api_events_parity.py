"""``api_events.events_page`` (the API's ``/events``, read into JSON rows) answers exactly what
``analytics.events`` (a DataFrame) answers from the shared query: same rows in the same order,
same columns, same canonical links, same total (compared as the JSON values the API sends)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from flashpoint.corpus import analytics
from flashpoint.service.events import EventFilter, events_page, links_readable
from flashpoint.service.queries import records

from ..api_support import examples_store

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def con(pipeline: Any) -> Iterator[duckdb.DuckDBPyConnection]:
    store: Path = examples_store(pipeline)
    c = duckdb.connect(str(store), read_only=True)
    yield c
    c.close()


def _busiest(con: duckdb.DuckDBPyConnection, column: str) -> str:
    row = con.execute(f"SELECT x FROM (SELECT unnest({column}) AS x FROM events) "
                      "GROUP BY x ORDER BY count(*) DESC, x LIMIT 1").fetchone()
    assert row is not None
    return str(row[0])


FILTERS: list[dict[str, Any]] = [
    {}, {"type": "ASSAULT"}, {"modality": "negated"}, {"modality": "asserted"},
    {"since": dt.date(2024, 9, 1)}, {"until": dt.date(2024, 6, 30)},
    {"since": dt.date(2024, 3, 1), "until": dt.date(2024, 9, 30), "type": "CONSULT"},
    {"country": "SDN"}, {"country": "COD"}, {"country": "SSD"}, {"country": "XXX"},
    {"bbox": (20.0, -5.0, 35.0, 20.0)}, {"has_place": True}, {"has_place": False},
    {"doc_id": "wire-2024-1003-pak"}, {"actor": "BUSIEST_SOURCE"}, {"source": "BUSIEST_SOURCE"},
    {"target": "BUSIEST_TARGET"}, {"actor": "BUSIEST_TARGET", "modality": "asserted"},
]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(sorted(f)) or "none")
@pytest.mark.parametrize(("limit", "offset"), [(100, 0), (7, 3), (1000, 0), (5, 10**6)])
def test_api_events_page_equals_analytics(con: duckdb.DuckDBPyConnection,
                                          filters: dict[str, Any], limit: int,
                                          offset: int) -> None:
    named = {k: (_busiest(con, "source") if v == "BUSIEST_SOURCE"
                 else _busiest(con, "target") if v == "BUSIEST_TARGET" else v)
             for k, v in filters.items()}
    expected, expected_total = analytics.events(con, **named, limit=limit, offset=offset)
    got, total = events_page(con, EventFilter(**named), limit=limit, offset=offset,
                             links=links_readable(con))
    assert total == expected_total
    want = records(expected)
    assert want == got
    assert [list(r) for r in want] == [list(r) for r in got]  # the same columns in order


def test_api_events_filters_are_not_trivial(con: duckdb.DuckDBPyConnection) -> None:
    """The parity above compares real subsets, not empty answers."""
    assert links_readable(con)
    for filters in ({"country": "COD"}, {"has_place": True}, {"type": "ASSAULT"}):
        _, total = events_page(con, EventFilter(**filters), limit=1, offset=0, links=True)
        assert 0 < total < events_page(con, EventFilter(), limit=1, offset=0, links=True)[1]
