"""One page of event mentions in two rounds of SQL: the query behind ``corpus.analytics.events``
and ``GET /events``.

Both answer with the same rows, so both use this one query (measured on a 100,000-event
store, one client, for the HTTP API's p99 < 100 ms target, bench/load_api.py):

* ``country`` is a semi-join over the documents' actor rows (a correlated ``EXISTS`` took
  ~120 ms, this ~30 ms);
* the page is sorted on its keys alone (late materialisation: a deep ``offset`` otherwise
  sorts every wide row, ~200 ms) and its canonical links are joined in SQL for the page's
  days and documents only (~15 ms a page in all).

The callers differ only in what they do with the cursor: ``corpus.analytics.events`` makes a
DataFrame, the API reads tuples straight into JSON (a DataFrame in between cost more than
the query for a 1,000-row page), and the API checks the canonical tables' freshness once per
write instead of per call.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .params import COUNTRY_CODE

if TYPE_CHECKING:
    import duckdb

#: The columns of a page, in order (``e`` is ``events``).
EVENT_COLUMNS = ("doc_id", "event_id", "type", "mode", "modality", "source", "target", "date",
                 "day", "place_name", "lat", "lon", "place_country", "intensity", "confidence",
                 "evidence", "coder")
ORDER = "e.day DESC NULLS LAST, e.doc_id, e.event_id"


def _in_list(column: str, actor: str) -> tuple[str, list[Any]]:
    """SQL: the actor list ``column`` holds ``actor``; a country code also matches the
    country's bodies ("NGA" matches "NGA.POL"), as the dyad queries read it
    (``params.actor_match``)."""
    if COUNTRY_CODE.match(actor):
        return (f"(list_contains({column}, ?) OR len(list_filter({column}, "
                f"lambda x: starts_with(x, ?))) > 0)"), [actor, actor + "."]
    return f"list_contains({column}, ?)", [actor]


@dataclass(frozen=True)
class EventFilter:
    """Filters of event mentions, already checked (``None``: not filtered; a tuple of types
    or modalities: any of them)."""

    actor: str | None = None
    source: str | None = None
    target: str | None = None
    type: str | tuple[str, ...] | None = None
    modality: str | tuple[str, ...] | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    country: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    has_place: bool | None = None
    doc_id: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        """The WHERE clause over ``events e`` and its parameters, built together."""
        clauses: list[str] = []
        params: list[Any] = []

        def add(clause: str, *values: Any) -> None:
            clauses.append(clause)
            params.extend(values)

        if self.actor is not None:
            src, src_params = _in_list("e.source", self.actor)
            tgt, tgt_params = _in_list("e.target", self.actor)
            add(f"({src} OR {tgt})", *src_params, *tgt_params)
        if self.source is not None:
            clause, values = _in_list("e.source", self.source)
            add(clause, *values)
        if self.target is not None:
            clause, values = _in_list("e.target", self.target)
            add(clause, *values)
        for column, value in (("e.type", self.type), ("e.modality", self.modality)):
            if isinstance(value, str):
                add(f"{column} = ?", value)
            elif value is not None:
                add(f"list_contains(?, {column})", list(value))
        if self.since is not None:
            add("e.day >= ?", self.since)
        if self.until is not None:
            add("e.day <= ?", self.until)
        if self.country is not None:
            # An event is in a country when its place is, or when one of its actors is that
            # country's in the same document: the documents' actor rows, joined once.
            add("(e.place_country = ? OR (e.doc_id, e.event_id) IN (SELECT m.doc_id, "
                "m.event_id FROM actors a JOIN events m ON m.doc_id = a.doc_id "
                "WHERE a.country = ? AND (list_contains(m.source, a.actor_id) "
                "OR list_contains(m.target, a.actor_id))))", self.country, self.country)
        if self.bbox is not None:
            min_lon, min_lat, max_lon, max_lat = self.bbox
            add("e.lon BETWEEN ? AND ? AND e.lat BETWEEN ? AND ?", min_lon, max_lon, min_lat,
                max_lat)
        if self.has_place is not None:
            add("(e.place IS NOT NULL OR e.place_name IS NOT NULL) = ?", self.has_place)
        if self.doc_id is not None:
            add("e.doc_id = ?", self.doc_id)
        return (" AND ".join(clauses) or "TRUE"), params


def page_cursor(con: duckdb.DuckDBPyConnection, f: EventFilter, *, limit: int, offset: int,
                links: bool) -> tuple[duckdb.DuckDBPyConnection, int]:
    """The total count of mentions matching ``f``, and a cursor over one page of them, newest
    first, with the columns of :data:`EVENT_COLUMNS` then ``canonical_id`` and ``n_docs``.

    Two steps: the page's row ids (sorted on the keys alone), then those rows with their
    canonical links. ``links``: the canonical tables can be read (else ``canonical_id`` and
    ``n_docs`` are NULL, as before deduplication). The count runs first: the returned cursor
    is the connection's current result.
    """
    where, params = f.where()
    row = con.execute(f"SELECT count(*) FROM events e WHERE {where}", params).fetchone()  # noqa: S608
    total = int(row[0]) if row else 0
    keys = con.execute(f"SELECT e.rowid, e.doc_id, e.day FROM events e WHERE {where} "  # noqa: S608
                       f"ORDER BY {ORDER} LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
    rowids = [k[0] for k in keys]
    cols = ", ".join(f"e.{c}" for c in EVENT_COLUMNS)
    if links:
        link_sql, link_params = _links(keys)
        sql = (f"WITH {link_sql} SELECT {cols}, links.canonical_id, links.n_docs "  # noqa: S608
               "FROM events e LEFT JOIN links "
               "ON links.doc_id = e.doc_id AND links.event_id = e.event_id ")
    else:
        sql, link_params = (f"SELECT {cols}, NULL::VARCHAR AS canonical_id, "  # noqa: S608
                            "NULL::INTEGER AS n_docs FROM events e "), []
    sql += f"WHERE e.rowid IN (SELECT unnest(?::BIGINT[])) ORDER BY {ORDER}"
    return con.execute(sql, [*link_params, rowids]), total


def _links(keys: list[tuple[Any, ...]]) -> tuple[str, list[Any]]:
    """The ``links`` CTE for a page's (rowid, doc_id, day) keys: the best-supported canonical
    event of each mention. Links are stored in day order with the mention's day, so the
    page's day range (and its documents) prunes the scan, as in ``analytics``."""
    docs = sorted({str(k[1]) for k in keys})
    days = [k[2] for k in keys if k[2] is not None]
    nulls = " OR l.day IS NULL" if len(days) < len(keys) else ""
    lo, hi = (min(days), max(days)) if days else (None, None)
    sql = ("page_links AS (SELECT l.doc_id, l.event_id, l.canonical_id FROM event_links l "  # noqa: S608 (constant text)
           f"WHERE (l.day BETWEEN ? AND ?{nulls}) AND l.doc_id IN (SELECT unnest(?::VARCHAR[]))), "
           "links AS (SELECT p.doc_id, p.event_id, "
           "arg_max(c.canonical_id, (c.n_docs, c.canonical_id)) AS canonical_id, "
           "max(c.n_docs) AS n_docs FROM page_links p "
           "JOIN canonical_events c ON c.canonical_id = p.canonical_id GROUP BY ALL)")
    return sql, [lo, hi, docs]


def links_readable(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the canonical tables exist with the columns :func:`page_cursor` joins."""
    rows = con.execute(
        "SELECT table_name, list(column_name) FROM duckdb_columns() WHERE schema_name = 'main' "
        "AND table_name IN ('event_links', 'canonical_events') GROUP BY table_name").fetchall()
    found = {str(t): set(cols) for t, cols in rows}
    return ({"canonical_id", "doc_id", "event_id"} <= found.get("event_links", set())
            and {"canonical_id", "n_docs"} <= found.get("canonical_events", set()))
