"""The few store queries the HTTP API needs beyond the analytics, and DataFrame → JSON values.

``corpus.analytics`` owns the analytical SQL (events, dyads, escalation, network, actors); this
module holds only what is specific to serving: counts for ``/health`` and ``/stats``, the document
list and lookup, actor names for ids, and the per-type breakdown of network edges. Every
value a client sends reaches DuckDB as a bound parameter, never as SQL text; the only
interpolated names are table names from ``KNOWN_TABLES``, a constant.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import threading
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

    Con = duckdb.DuckDBPyConnection

#: The store's tables (docs/store-schema.md), counted by ``/stats`` when present.
KNOWN_TABLES = ("documents", "actors", "mentions", "events", "statements", "times", "places",
                "failures", "canonical_events", "event_links")

#: Characters of a ``LIKE`` pattern with a meaning of their own, escaped in user searches.
LIKE_SPECIALS = ("\\", "%", "_")


def like_pattern(q: str) -> str:
    """``q`` as a ``LIKE ... ESCAPE '\\'`` substring pattern: a search for "50%" finds "50%"."""
    for ch in LIKE_SPECIALS:
        q = q.replace(ch, "\\" + ch)
    return f"%{q}%"


def _scalar(con: Con, sql: str, params: Sequence[Any] = ()) -> Any:
    row = con.execute(sql, list(params)).fetchone()
    return row[0] if row else None


def tables(con: Con) -> set[str]:
    """Tables present in the store (a v1 store or a store before dedup lacks some)."""
    rows = con.execute("SELECT table_name FROM information_schema.tables "
                       "WHERE table_schema = 'main'").fetchall()
    return {str(r[0]) for r in rows}


def health_counts(con: Con) -> tuple[int, int]:
    """Documents and events stored: the cheapest proof the store answers."""
    docs = _scalar(con, "SELECT count(*) FROM documents")
    events = _scalar(con, "SELECT count(*) FROM events")
    return int(docs or 0), int(events or 0)


def stats(con: Con) -> dict[str, Any]:
    """Counts by table, events by type and modality, and the date ranges (``GET /stats``)."""
    present = tables(con)
    counts = {t: int(_scalar(con, f"SELECT count(*) FROM {t}") or 0)  # noqa: S608 (constant)
              for t in KNOWN_TABLES if t in present}
    by_type = dict(con.execute("SELECT type, count(*) FROM events WHERE type IS NOT NULL "
                               "GROUP BY type ORDER BY 2 DESC, 1").fetchall())
    by_modality = dict(con.execute("SELECT modality, count(*) FROM events WHERE modality IS NOT "
                                   "NULL GROUP BY modality ORDER BY 2 DESC, 1").fetchall())
    first_day, last_day = con.execute("SELECT min(day), max(day) FROM events").fetchone() or (
        None, None)
    first_pub, last_pub = con.execute(
        "SELECT min(published), max(published) FROM documents").fetchone() or (None, None)
    version = (_scalar(con, "SELECT value FROM meta WHERE key = 'schema_version'")
               if "meta" in present else None)
    return {
        "tables": counts, "events_by_type": by_type, "events_by_modality": by_modality,
        "event_dates": {"first": iso(first_day), "last": iso(last_day)},
        "published": {"first": iso(first_pub), "last": iso(last_pub)},
        "schema_version": None if version is None else str(version),
    }


def documents_page(con: Con, q: str | None, limit: int,
                   offset: int) -> tuple[list[dict[str, Any]], int]:
    """Documents whose id, title or source contains ``q`` (case-insensitive), newest first."""
    where, params = "", []
    if q:
        where = ("WHERE d.id ILIKE ? ESCAPE '\\' OR d.title ILIKE ? ESCAPE '\\' "
                 "OR d.source ILIKE ? ESCAPE '\\'")
        params = [like_pattern(q)] * 3
    total = int(_scalar(con, f"SELECT count(*) FROM documents d {where}", params) or 0)  # noqa: S608
    rows = con.execute(
        f"SELECT d.id, d.title, d.source, d.published, "  # noqa: S608 (where is constant text)
        f"(SELECT count(*) FROM events e WHERE e.doc_id = d.id) AS n_events "
        f"FROM documents d {where} ORDER BY d.published DESC NULLS LAST, d.id "
        f"LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
    items = [{"id": r[0], "title": r[1], "source": r[2], "published": iso(r[3]),
              "n_events": int(r[4])} for r in rows]
    return items, total


def document(con: Con, doc_id: str) -> dict[str, Any] | None:
    """The stored contract document ``doc_id``, or None."""
    raw = _scalar(con, "SELECT doc FROM documents WHERE id = ?", [doc_id])
    if raw is None:
        return None
    value = json.loads(raw) if isinstance(raw, str | bytes) else raw
    return value if isinstance(value, dict) else None


def actor_info(con: Con, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Name, country and type of each actor id (the most frequent spelling across documents)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = con.execute(
        "SELECT actor_id, mode(name), mode(country), mode(type) FROM actors "
        "WHERE actor_id IN (SELECT unnest(?::VARCHAR[])) GROUP BY actor_id", [wanted]).fetchall()
    return {str(r[0]): {"name": r[1], "country": r[2], "type": r[3]} for r in rows}


#: Most actors whose names ``ActorNames`` keeps in memory (~150 bytes each: 200,000 is
#: ~30 MB). A larger store looks names up per request instead (one query over ``actors``).
MAX_CACHED_ACTORS = 200_000


class ActorNames:
    """Name, country and type of every actor id, read once and kept: pages of events and
    networks name their actors, and one query over ``actors`` per request cost more than the
    page itself (~10 ms at 200,000 actor rows). A read-only store cannot change under the
    server; a writing one calls ``clear`` after each write."""

    def __init__(self, limit: int = MAX_CACHED_ACTORS) -> None:
        self.limit = limit
        self._lock = threading.Lock()
        self._table: dict[str, dict[str, Any]] | None = None
        self._too_many = False

    def clear(self) -> None:
        with self._lock:
            self._table, self._too_many = None, False

    def lookup(self, con: Con, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Info for those of ``ids`` the store knows."""
        table = self._load(con)
        if table is None:
            return actor_info(con, ids)
        return {i: table[i] for i in set(ids) if i in table}

    def _load(self, con: Con) -> dict[str, dict[str, Any]] | None:
        with self._lock:
            if self._table is None and not self._too_many:
                rows = con.execute(
                    "SELECT actor_id, mode(name), mode(country), mode(type) FROM actors "
                    "GROUP BY actor_id LIMIT ?", [self.limit + 1]).fetchall()
                if len(rows) > self.limit:
                    self._too_many = True
                else:
                    self._table = {str(r[0]): {"name": r[1], "country": r[2], "type": r[3]}
                                   for r in rows}
            return self._table


def actor_exists(con: Con, actor_id: str) -> bool:
    """Whether any document names ``actor_id`` (or, for a country code such as ``RUS``, one
    of its bodies ``RUS.MIL``…, which analytics' dyads include), or any event involves it."""
    return bool(_scalar(
        con, "SELECT EXISTS (SELECT 1 FROM actors WHERE actor_id = ? OR starts_with(actor_id, "
             "? || '.')) OR EXISTS (SELECT 1 FROM events WHERE list_contains(source, ?) OR "
             "list_contains(target, ?))", [actor_id] * 4))


def edge_types(con: Con, edges: Sequence[tuple[str, str]], *, since: dt.date | None,
               until: dt.date | None, types: Sequence[str] | None,
               of_record: Sequence[str]) -> dict[tuple[str, str], dict[str, int]]:
    """Canonical events of record by type for each (source, target) edge of the network,
    under the same filters as ``corpus.analytics.network`` (which counts them without the type)."""
    if not edges:
        return {}
    sql = ("WITH wanted AS (SELECT unnest(?::VARCHAR[]) AS s, unnest(?::VARCHAR[]) AS t) "
           "SELECT c.source, c.target, c.type, count(*) FROM canonical_events c "
           "JOIN wanted w ON w.s = c.source AND w.t = c.target "
           "WHERE list_contains(?::VARCHAR[], c.modality) "
           "AND (?::DATE IS NULL OR c.day >= ?::DATE) AND (?::DATE IS NULL OR c.day <= ?::DATE) "
           "AND (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], c.type)) "
           "GROUP BY 1, 2, 3")
    types_list = list(types) if types else None
    rows = con.execute(sql, [[s for s, _ in edges], [t for _, t in edges], list(of_record),
                             since, since, until, until, types_list, types_list]).fetchall()
    out: dict[tuple[str, str], dict[str, int]] = {}
    for s, t, etype, n in rows:
        out.setdefault((str(s), str(t)), {})[str(etype)] = int(n)
    return out


# --------------------------------------------------------------------------- JSON values


def iso(value: Any) -> str | None:
    """A date-like value as an ISO string: dates as YYYY-MM-DD, midnight timestamps too."""
    value = plain(value)
    return value if value is None or isinstance(value, str) else str(value)


def plain(value: Any) -> Any:  # noqa: PLR0911 (one return per kind of cell, commonest first)
    """One DataFrame cell as a JSON value: arrays → lists, NA/NaN/NaT → None, numpy scalars →
    Python numbers, dates and timestamps → ISO strings (dates alone when at midnight).

    Checks run from the commonest type down, by exact type first: this is called for every
    cell of every page (1,000 rows x 20 columns), and ``pd.isna`` per cell cost 10x more.
    """
    import numpy as np
    import pandas as pd

    kind = type(value)
    if value is None or kind is str or kind is bool or kind is int:
        return value
    if kind is float:
        return value if math.isfinite(value) else None
    if value is pd.NA or value is pd.NaT:
        return None
    if kind is np.ndarray or kind is list or kind is tuple:
        return [plain(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, np.generic):
        return plain(value.item())
    return value


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """A DataFrame's rows as JSON-ready dicts (column by column: ``tolist`` turns numpy
    scalars into Python ones in C, leaving ``plain`` little to do)."""
    cols = [str(c) for c in df.columns]
    values = [[plain(v) for v in df[c].tolist()] for c in df.columns]
    return [dict(zip(cols, row, strict=True)) for row in zip(*values, strict=True)]


# --------------------------------------------------------------------------- answers


def series_points(df: pd.DataFrame) -> list[dict[str, Any]]:
    """``dyad_series`` rows (period, type, n, score) as one point per period, in order:
    ``n`` and ``score`` summed over types, and ``by_type`` the counts per type."""
    points: dict[str, dict[str, Any]] = {}
    for r in records(df):
        period = iso(r.get("period")) or ""
        p = points.setdefault(period, {"period": period, "n": 0, "score": 0.0, "by_type": {}})
        n = int(r.get("n") or 0)
        p["n"] += n
        p["score"] += float(r.get("score") or 0.0)
        if r.get("type") is not None:
            p["by_type"][str(r["type"])] = p["by_type"].get(str(r["type"]), 0) + n
    return [points[k] for k in sorted(points)]


def network_answer(con: Con, edges: list[dict[str, Any]], *, since: dt.date | None,
                   until: dt.date | None, types: Sequence[str] | None,
                   of_record: Sequence[str], names: ActorNames) -> dict[str, Any]:
    """``network`` rows (source, target, n, score) as nodes and edges with type counts; a
    node's ``n`` is the number of those events it takes part in."""
    pairs = [(str(e["source"]), str(e["target"])) for e in edges]
    by_type = edge_types(con, pairs, since=since, until=until, types=types,
                         of_record=of_record)
    degree: dict[str, int] = {}
    out_edges = []
    for e, pair in zip(edges, pairs, strict=True):
        n = int(e.get("n") or 0)
        for actor in pair:
            degree[actor] = degree.get(actor, 0) + n
        out_edges.append({"source": pair[0], "target": pair[1], "n": n,
                          "score": float(e.get("score") or 0.0),
                          "types": by_type.get(pair, {})})
    info = names.lookup(con, degree)
    nodes = [{"id": a, "name": (info.get(a) or {}).get("name"),
              "country": (info.get(a) or {}).get("country"),
              "type": (info.get(a) or {}).get("type"), "n": n}
             for a, n in sorted(degree.items(), key=lambda kv: (-kv[1], kv[0]))]
    return {"nodes": nodes, "edges": out_edges}
