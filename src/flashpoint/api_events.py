"""``GET /events`` in one round of SQL: the same answer as ``analytics.events``, faster.

Why this exists beside ``analytics.events``: the HTTP API's target is p99 < 100 ms on a
100,000-event store (bench/load_api.py), and three costs of the general function are too
high for a server answering every click of a dashboard (measured on that store, one client):

* the freshness check of the canonical tables (``dedup.ensure``: four
  ``information_schema`` queries, 8-35 ms) runs on every call. A read-only store cannot
  change under the server, and a writing server refreshes after its own writes, so the API
  checks once per open and after each write (``Runtime.links``) instead;
* ``country`` is a correlated ``EXISTS`` over ``actors`` (~120 ms): here a semi-join with
  the same meaning (~30 ms);
* the page is sorted with all its columns (a deep ``offset`` sorts 100,000 wide rows,
  ~200 ms), and its canonical links are merged in pandas: here the sort keeps only the keys
  (late materialisation, ~45 ms) and the links are joined in SQL (~15 ms a page in all,
  against ~30 ms for one statement doing both steps).

``tests/test_api_events_parity.py`` checks, filter by filter, that the answer (rows, order,
canonical ids, total) is exactly ``analytics.events``'s. When analytics takes these changes
over, the route can call it again and this module can go.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .api_queries import plain

if TYPE_CHECKING:
    import duckdb

#: The columns ``analytics.events`` answers, in its order (``e`` is ``events``).
EVENT_COLUMNS = ("doc_id", "event_id", "type", "mode", "modality", "source", "target", "date",
                 "day", "place_name", "lat", "lon", "place_country", "intensity", "confidence",
                 "evidence", "coder")
ORDER = "e.day DESC NULLS LAST, e.doc_id, e.event_id"


@dataclass(frozen=True)
class EventFilter:
    """The filters of ``GET /events``, already checked (``None``: not filtered)."""

    actor: str | None = None
    source: str | None = None
    target: str | None = None
    type: str | None = None
    modality: str | None = None
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
            add("(list_contains(e.source, ?) OR list_contains(e.target, ?))", self.actor,
                self.actor)
        if self.source is not None:
            add("list_contains(e.source, ?)", self.source)
        if self.target is not None:
            add("list_contains(e.target, ?)", self.target)
        if self.type is not None:
            add("e.type = ?", self.type)
        if self.modality is not None:
            add("e.modality = ?", self.modality)
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


def events_page(con: duckdb.DuckDBPyConnection, f: EventFilter, *, limit: int, offset: int,
                links: bool) -> tuple[list[dict[str, Any]], int]:
    """One page of event mentions matching ``f``, newest first, as JSON-ready rows (the
    columns of ``analytics.events``), and the total count.

    Two steps: the page's row ids (sorted on the keys alone), then those rows with their
    canonical links. ``links``: the canonical tables can be read (else ``canonical_id`` and
    ``n_docs`` are NULL, as ``analytics.events`` answers before deduplication). Rows go
    straight from DuckDB to dicts: a DataFrame in between cost more than the query for a
    1,000-row page.
    """
    where, params = f.where()
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
    cursor = con.execute(sql, [*link_params, rowids])
    names = [str(d[0]) for d in cursor.description or ()]
    rows = [{k: plain(v) for k, v in zip(names, r, strict=True)} for r in cursor.fetchall()]
    row = con.execute(f"SELECT count(*) FROM events e WHERE {where}", params).fetchone()  # noqa: S608
    return rows, int(row[0]) if row else 0


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
    """Whether the canonical tables exist with the columns ``events_page`` joins."""
    rows = con.execute(
        "SELECT table_name, list(column_name) FROM duckdb_columns() WHERE schema_name = 'main' "
        "AND table_name IN ('event_links', 'canonical_events') GROUP BY table_name").fetchall()
    found = {str(t): set(cols) for t, cols in rows}
    return ({"canonical_id", "doc_id", "event_id"} <= found.get("event_links", set())
            and {"canonical_id", "n_docs"} <= found.get("canonical_events", set()))
