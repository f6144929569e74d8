"""``GET /events`` rows as JSON: the shared query (``corpus.event_query``) read straight into dicts.

A DataFrame in between (what ``corpus.analytics.events`` answers) cost more than the query itself
for a 1,000-row page, so the route reads the cursor's tuples.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flashpoint.corpus import EventFilter, links_readable, page_cursor

from .queries import plain

if TYPE_CHECKING:
    import duckdb

__all__ = ["EventFilter", "events_page", "links_readable"]


def events_page(con: duckdb.DuckDBPyConnection, f: EventFilter, *, limit: int, offset: int,
                links: bool) -> tuple[list[dict[str, Any]], int]:
    """One page of event mentions matching ``f`` as JSON-ready rows, and the total count."""
    cursor, total = page_cursor(con, f, limit=limit, offset=offset, links=links)
    names = [str(d[0]) for d in cursor.description or ()]
    rows = [{k: plain(v) for k, v in zip(names, r, strict=True)} for r in cursor.fetchall()]
    return rows, total
