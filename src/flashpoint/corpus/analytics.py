"""Analytics over a store: event listings, dyad time series, escalation, networks, top lists.

Every function takes a DuckDB connection or a ``Store`` and returns pandas DataFrames; all
values reach SQL as parameters. The CLI (``flashpoint query``) and the HTTP API are thin
layers over these.

Two units, chosen per question (each docstring says which):

* **mentions** (rows of ``events``): one document's coding of an event. Coverage: how much
  was written, what a document says. ``events`` lists mentions.
* **canonical events** (``canonical_events``, built by ``dedup``): real-world events, one per
  dyad, with ``n_docs``/``n_mentions`` as support. Counts of what happened — dyad series,
  escalation, networks, top lists — use canonical events of record only (modality asserted or
  reported), never planned, hypothetical, conditional or negated ones. Functions that read
  them call ``corpus.dedup.ensure`` first, which rebuilds stale tables when the store is writable.

Sign convention
---------------
``intensity`` is PLOVER's conflict/cooperation score, Goldstein-like, in [-10, 10]:
**negative = conflict, positive = cooperation** (ASSAULT -9, AID +10). ``score`` columns are
sums of intensities in that same sign, so a more negative score is a more hostile period.
Only the escalation index is flipped (positive = escalation), see ``escalation``.

Actor arguments
---------------
Actor ids as in the store (``RUS``, ``RUS.MIL``, ``P.vladimir-putin``). In ``dyad_series``,
``dyad_totals`` and ``escalation`` a bare ISO-3166 alpha-3 code stands for the state and its
bodies: ``RUS`` matches ``RUS``, ``RUS.GOV``, ``RUS.MIL``… (not persons, whose ids carry no
country).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from flashpoint.errors import StoreError

from . import dedup
from .event_query import EventFilter, page_cursor
from .params import (
    FREQUENCIES,
    QueryError,
    Where,
    actor_match,
    bbox_bounds,
    day_param,
    freq_part,
    like,
    names,
    page,
)

if TYPE_CHECKING:
    import duckdb

#: The escalation baseline needs at least this many earlier periods (one gives no spread).
MIN_BASELINE_PERIODS = 2
#: Floor of the baseline's standard deviation in the escalation index, in intensity units:
#: without it a flat baseline (say four quiet weeks) makes any change infinitely large. One
#: unit is a tenth of the PLOVER scale, about one extra verbal accusation.
SD_FLOOR = 1.0
#: Modalities counted as real-world events (the canonical events of record).
OF_RECORD: tuple[str, ...] = dedup.FACTUAL_MODALITIES

@dataclass(frozen=True)
class Changes:
    """What is new since a date: canonical events, dyads and actors (see ``changes_since``)."""

    events: pd.DataFrame
    dyads: pd.DataFrame
    actors: pd.DataFrame


def _canonical(con_or_store: Any) -> duckdb.DuckDBPyConnection:
    con = dedup.connection(con_or_store)
    dedup.ensure(con)
    return con


def _record(where: Where, since: str | dt.date | None, until: str | dt.date | None,
            types: str | Iterable[str] | None = None) -> None:
    """Canonical events of record in [since, until] of ``types``."""
    where.add("list_contains(?, modality)", list(OF_RECORD))
    if (lo := day_param(since, "since")) is not None:
        where.add("day >= ?", lo)
    if (hi := day_param(until, "until", end=True)) is not None:
        where.add("day <= ?", hi)
    if (kinds := names(types)) is not None:
        where.add("list_contains(?, type)", kinds)


# --------------------------------------------------------------------------- mentions


def events(con: Any, *, actor: str | None = None, source: str | None = None,
           target: str | None = None, type: str | Iterable[str] | None = None,  # noqa: A002
           modality: str | Iterable[str] | None = None, since: str | dt.date | None = None,
           until: str | dt.date | None = None, country: str | None = None,
           bbox: tuple[float, float, float, float] | None = None, has_place: bool | None = None,
           doc_id: str | None = None, limit: int = 100,
           offset: int = 0) -> tuple[pd.DataFrame, int]:
    """One page of event **mentions** matching every filter given, and the total count.

    ``actor`` matches source or target; ``country`` matches an actor's country (from the
    document's actor records) or the place's country; ``bbox`` is (min_lon, min_lat,
    max_lon, max_lat); ``since``/``until`` compare the event day, so they exclude events
    without one. Newest first. ``canonical_id``/``n_docs`` name the real-world event a
    mention was merged into (the best-supported one when its dyads went to several), NULL
    before deduplication.
    """
    c = dedup.connection(con)
    limit, offset = page(limit, offset)
    wanted_types, wanted_modalities = names(type), names(modality)
    where = EventFilter(
        actor=actor, source=source, target=target,
        type=tuple(wanted_types) if wanted_types is not None else None,
        modality=tuple(wanted_modalities) if wanted_modalities is not None else None,
        since=day_param(since, "since"), until=day_param(until, "until", end=True),
        country=country, bbox=_checked_box(bbox),
        has_place=has_place, doc_id=doc_id)
    cursor, total = page_cursor(c, where, limit=limit, offset=offset, links=_has_links(c))
    return cursor.df().astype({"n_docs": "Int64"}), total


def _checked_box(bbox: tuple[float, float, float, float] | None
                 ) -> tuple[float, float, float, float] | None:
    """``bbox`` checked, as (min_lon, min_lat, max_lon, max_lat)."""
    if bbox is None:
        return None
    min_lon, max_lon, min_lat, max_lat = bbox_bounds(bbox)
    return min_lon, min_lat, max_lon, max_lat


def _has_links(con: duckdb.DuckDBPyConnection) -> bool:
    """Canonical tables present (refreshed first when stale and the store is writable)."""
    try:
        dedup.ensure(con)
    except StoreError:
        return False
    return True


# --------------------------------------------------------------------------- dyads


def _dyad_where(a: str, b: str, directed: bool, since: str | dt.date | None,
                until: str | dt.date | None) -> Where:
    w = Where()
    _record(w, since, until)
    w.add("day IS NOT NULL")
    forward = f"({actor_match('source', a, w)} AND {actor_match('target', b, w)})"
    if directed:
        w.clauses.append(forward)
    else:
        back = f"({actor_match('source', b, w)} AND {actor_match('target', a, w)})"
        w.clauses.append(f"({forward} OR {back})")
    return w


def dyad_series(con: Any, a: str, b: str, *, freq: str = "day",
                since: str | dt.date | None = None, until: str | dt.date | None = None,
                directed: bool = False) -> pd.DataFrame:
    """Real-world events between ``a`` and ``b`` per period and type: period, type, n, score.

    Counts **canonical events** of record with a day (a report of one attack by ten outlets
    is one event); ``score`` is the sum of their intensities (negative = conflict). Undirected
    by default (a→b and b→a); ``directed`` keeps a→b only. Periods with no event are absent.
    """
    c = _canonical(con)
    part = freq_part(freq)
    w = _dyad_where(a, b, directed, since, until)
    sql = ("SELECT CAST(date_trunc(?, day) AS DATE) AS period, type, count(*) AS n, "  # noqa: S608
           f"sum(intensity) AS score FROM canonical_events WHERE {w.sql()} "
           "GROUP BY ALL ORDER BY period, type")
    return c.execute(sql, [part, *w.params]).df()


def dyad_totals(con: Any, a: str, b: str, *, since: str | dt.date | None = None,
                until: str | dt.date | None = None, directed: bool = False) -> pd.DataFrame:
    """Per type over the whole span: type, n, score, first, last, n_docs (canonical events)."""
    c = _canonical(con)
    w = _dyad_where(a, b, directed, since, until)
    sql = ("SELECT type, count(*) AS n, sum(intensity) AS score, min(day) AS first, "  # noqa: S608
           "max(day) AS last, CAST(sum(n_docs) AS BIGINT) AS n_docs FROM canonical_events "
           f"WHERE {w.sql()} GROUP BY type ORDER BY n DESC, type")
    return c.execute(sql, w.params).df()


def escalation(con: Any, a: str, b: str, *, freq: str = "week", window: int = 4,
               since: str | dt.date | None = None,
               until: str | dt.date | None = None) -> pd.DataFrame:
    """Is the a–b relation getting more hostile than it was? One row per period.

    Columns: period, n (canonical events), score (sum of intensities, PLOVER sign: negative =
    conflict), baseline (mean score of the ``window`` periods before, NaN until
    ``MIN_BASELINE_PERIODS`` exist), change = score − baseline (negative = more hostile than
    usual), sd (population standard deviation of those periods) and **escalation** =
    −change / max(sd, ``SD_FLOOR``): a z-like index, **positive = escalation**, negative =
    de-escalation; about 2 or more is unusual. Periods without events count as score 0, from
    the first period with an event (or ``since``) to the last (or ``until``). Undirected.
    """
    if window < 1:
        raise QueryError(f"window={window}", fix="use a window of at least 1 period")
    series = dyad_series(con, a, b, freq=freq, since=since, until=until)
    columns = ["period", "n", "score", "baseline", "change", "sd", "escalation"]
    lo, hi = day_param(since, "since"), day_param(until, "until", end=True)
    if series.empty and (lo is None or hi is None):
        return pd.DataFrame(columns=columns)
    per = series.groupby("period")[["n", "score"]].sum()
    start = pd.Timestamp(lo) if lo is not None else pd.Timestamp(per.index.min())
    stop = pd.Timestamp(hi) if hi is not None else pd.Timestamp(per.index.max())
    periods = pd.date_range(start, stop, freq=FREQUENCIES[freq], normalize=True)
    if lo is not None and freq != "day":  # the first period is the one containing `since`
        periods = pd.date_range(_period_start(start, freq), stop, freq=FREQUENCIES[freq])
    per.index = pd.to_datetime(per.index)
    out = per.reindex(periods, fill_value=0).rename_axis("period").reset_index()
    before = out["score"].shift(1).rolling(window, min_periods=MIN_BASELINE_PERIODS)
    out["baseline"] = before.mean()
    out["change"] = out["score"] - out["baseline"]
    out["sd"] = before.std(ddof=0)
    out["escalation"] = -out["change"] / out["sd"].clip(lower=SD_FLOOR)
    out["n"] = out["n"].astype("int64")
    return out[columns]


def _period_start(day: pd.Timestamp, freq: str) -> pd.Timestamp:
    if freq == "week":
        return (day - pd.Timedelta(days=day.weekday())).normalize()
    return day.replace(day=1).normalize()


# --------------------------------------------------------------------------- networks, actors


def network(con: Any, *, since: str | dt.date | None = None, until: str | dt.date | None = None,
            types: str | Iterable[str] | None = None, min_count: int = 1,
            limit: int = 500) -> pd.DataFrame:
    """Directed actor network: source, target, n (canonical events of record), score.

    Events with an unknown source or target are left out; the ``limit`` busiest edges.
    """
    c = _canonical(con)
    limit, _ = page(limit, 0)
    w = Where()
    _record(w, since, until, types)
    w.add("source <> '' AND target <> ''")
    sql = ("SELECT source, target, count(*) AS n, sum(intensity) AS score "  # noqa: S608
           f"FROM canonical_events WHERE {w.sql()} GROUP BY ALL HAVING count(*) >= ? "
           "ORDER BY n DESC, source, target LIMIT ?")
    return c.execute(sql, [*w.params, min_count, limit]).df()


#: Actors aggregated from the per-document rows (one per actor and document), paged first;
#: event counts only for the page's actors (a full count over every actor costs seconds on a
#: 10M-mention store).
_ACTORS = """
WITH a AS (
    SELECT actor_id, arg_max(name, n_mentions) AS name, arg_max(type, n_mentions) AS type,
        arg_max(country, n_mentions) AS country, count(*) AS n_docs,
        CAST(sum(n_mentions) AS BIGINT) AS n_mentions
    FROM actors {where} GROUP BY actor_id),
page AS (
    SELECT *, count(*) OVER () AS total FROM a
    ORDER BY n_mentions DESC, actor_id LIMIT ? OFFSET ?),
ev AS (
    SELECT actor_id, count(DISTINCT canonical_id) AS n_events FROM (
        SELECT canonical_id, source AS actor_id FROM canonical_events
        WHERE list_contains(?, modality) AND source IN (SELECT actor_id FROM page)
        UNION ALL SELECT canonical_id, target FROM canonical_events
        WHERE list_contains(?, modality) AND target IN (SELECT actor_id FROM page))
    GROUP BY actor_id)
SELECT page.* EXCLUDE (total), coalesce(ev.n_events, 0) AS n_events, page.total
FROM page LEFT JOIN ev USING (actor_id) ORDER BY page.n_mentions DESC, page.actor_id
"""
_ACTOR_MATCH = ("WHERE actor_id IN (SELECT actor_id FROM actors "
                "WHERE name ILIKE ? ESCAPE '\\' OR actor_id ILIKE ? ESCAPE '\\')")


def actors_table(con: Any, *, q: str | None = None, limit: int = 50,
                 offset: int = 0) -> tuple[pd.DataFrame, int]:
    """Actors of the corpus, most mentioned first, and the total count.

    Columns: actor_id, name, type, country (the name, type and country the actor has where it
    is mentioned most), n_docs (documents naming it), n_mentions (name mentions: coverage),
    n_events (canonical events of record it is source or target of). ``q`` matches a
    substring of a name or of the id, case-insensitively.
    """
    c = _canonical(con)
    limit, offset = page(limit, offset)
    where, params = (_ACTOR_MATCH, [like(q), like(q)]) if q else ("", [])
    frame = c.execute(_ACTORS.format(where=where),
                      [*params, limit, offset, list(OF_RECORD), list(OF_RECORD)]).df()
    if len(frame):
        total = int(frame["total"].iloc[0])
    else:
        row = c.execute(f"SELECT count(DISTINCT actor_id) FROM actors {where}",  # noqa: S608
                        params).fetchone()
        total = int(row[0]) if row else 0
    return frame.drop(columns="total"), total


# --------------------------------------------------------------------------- top lists

_ACTOR_EVENTS = """
WITH ce AS (SELECT canonical_id, source, target, n_docs FROM canonical_events WHERE {where}),
involved AS (
    SELECT source AS actor_id, n_docs FROM ce
    UNION ALL SELECT target, n_docs FROM ce WHERE target <> source),
top AS (
    SELECT actor_id, count(*) AS n_events, CAST(sum(n_docs) AS BIGINT) AS n_docs
    FROM involved WHERE actor_id <> '' AND NOT starts_with(actor_id, 'GEN.')
    GROUP BY actor_id ORDER BY n_events DESC, n_docs DESC, actor_id LIMIT ?),
names AS (
    SELECT actor_id, arg_max(name, n_mentions) AS name, arg_max(type, n_mentions) AS type,
        arg_max(country, n_mentions) AS country
    FROM actors WHERE actor_id IN (SELECT actor_id FROM top) GROUP BY actor_id)
SELECT t.actor_id, n.name, n.type, n.country, t.n_events, t.n_docs
FROM top t LEFT JOIN names n USING (actor_id) ORDER BY t.n_events DESC, t.n_docs DESC, t.actor_id
"""


def top_actors(con: Any, *, since: str | dt.date | None = None,
               until: str | dt.date | None = None, types: str | Iterable[str] | None = None,
               limit: int = 10) -> pd.DataFrame:
    """Actors in the most **canonical events** of record (source or target), named only.

    Generic agents (``GEN.*``) have no identity across documents and are left out. Columns:
    actor_id, name, type, country, n_events, n_docs (coverage of those events).
    """
    c = _canonical(con)
    limit, _ = page(limit, 0)
    w = Where()
    _record(w, since, until, types)
    return c.execute(_ACTOR_EVENTS.format(where=w.sql()), [*w.params, limit]).df()


def top_events(con: Any, *, since: str | dt.date | None = None,
               until: str | dt.date | None = None, types: str | Iterable[str] | None = None,
               limit: int = 10) -> pd.DataFrame:
    """The best-supported **canonical events** of record: most documents first."""
    c = _canonical(con)
    limit, _ = page(limit, 0)
    w = Where()
    _record(w, since, until, types)
    sql = ("SELECT canonical_id, type, mode, source, target, day, date, place_name, country, "  # noqa: S608
           "intensity, modality, n_docs, n_mentions, evidence FROM canonical_events "
           f"WHERE {w.sql()} ORDER BY n_docs DESC, n_mentions DESC, day DESC NULLS LAST, "
           "canonical_id LIMIT ?")
    return c.execute(sql, [*w.params, limit]).df()


def top_places(con: Any, *, since: str | dt.date | None = None,
               until: str | dt.date | None = None, types: str | Iterable[str] | None = None,
               limit: int = 10) -> pd.DataFrame:
    """Places with the most **canonical events** of record: place_name, country, lat, lon,
    n_events, score (sum of intensities, negative = conflict), n_docs."""
    c = _canonical(con)
    limit, _ = page(limit, 0)
    w = Where()
    _record(w, since, until, types)
    sql = ("SELECT place_name, country, avg(lat) AS lat, avg(lon) AS lon, count(*) AS n_events, "  # noqa: S608
           "sum(intensity) AS score, CAST(sum(n_docs) AS BIGINT) AS n_docs FROM canonical_events "
           f"WHERE {w.sql()} AND place_name IS NOT NULL GROUP BY place_name, country "
           "ORDER BY n_events DESC, n_docs DESC, place_name LIMIT ?")
    return c.execute(sql, [*w.params, limit]).df()


# --------------------------------------------------------------------------- changes

#: When a canonical event was first seen: the store time of its earliest-stored document
#: (``stored``) or its event day (``day``).
_SEEN = {
    "stored": """
WITH seen AS (SELECT l.canonical_id, min(d.stored_at) AS seen FROM event_links l
              JOIN documents d ON d.id = l.doc_id GROUP BY l.canonical_id),
ce AS (SELECT c.*, s.seen FROM canonical_events c JOIN seen s USING (canonical_id)
       WHERE list_contains(?, c.modality))""",
    "day": """
WITH ce AS (SELECT c.*, c.day AS seen FROM canonical_events c
            WHERE list_contains(?, c.modality) AND c.day IS NOT NULL)""",
}
_ACTOR_SEEN = {
    "stored": "SELECT a.actor_id, arg_max(a.name, a.n_mentions) AS name, "
              "arg_max(a.type, a.n_mentions) AS type, "
              "min(d.stored_at) AS first_seen, count(DISTINCT a.doc_id) AS n_docs FROM actors a "
              "JOIN documents d ON d.id = a.doc_id GROUP BY a.actor_id",
    "day": "SELECT i.actor_id, NULL AS name, NULL AS type, min(i.seen) AS first_seen, "
           "count(*) AS n_docs FROM (SELECT source AS actor_id, seen FROM ce UNION ALL "
           "SELECT target, seen FROM ce) i WHERE i.actor_id <> '' GROUP BY i.actor_id",
}


def changes_since(con: Any, date: str | dt.date | dt.datetime, *, by: str = "stored",
                  limit: int = 100) -> Changes:
    """What is new since ``date``: canonical events, dyads and actors first seen then or later.

    ``by="stored"`` (default) asks "what did the store learn since I last looked": a canonical
    event is new when its earliest document was stored at or after ``date`` (a datetime, or a
    date meaning its midnight), an actor when its first document was. ``by="day"`` asks "what
    happened since": events whose day is on or after ``date``, actors whose first event is
    (``n_docs`` then counts their events). Dyads in both cases are (source, target) pairs
    whose first canonical event is new. Events of record only; ``limit`` rows per table.
    """
    if by not in _SEEN:
        raise QueryError(f"by={by!r}", fix=f"use one of {list(_SEEN)}")
    c = _canonical(con)
    limit, _ = page(limit, 0)
    if isinstance(date, dt.datetime):
        since: dt.date | dt.datetime = date
    else:
        day = day_param(date, "date")
        assert day is not None  # `date` is required
        since = dt.datetime.combine(day, dt.time()) if by == "stored" else day
    head, record = _SEEN[by], list(OF_RECORD)
    frames = [
        c.execute(head + " SELECT canonical_id, type, source, target, day, place_name, "  # noqa: S608
                  "modality, n_docs, seen FROM ce WHERE seen >= ? "
                  "ORDER BY seen DESC, n_docs DESC, canonical_id LIMIT ?",
                  [record, since, limit]).df(),
        c.execute(head + " SELECT source, target, min(seen) AS first_seen, count(*) AS n_events "
                  "FROM ce WHERE source <> '' AND target <> '' GROUP BY ALL "
                  "HAVING min(seen) >= ? ORDER BY n_events DESC, source, target LIMIT ?",
                  [record, since, limit]).df(),
        c.execute(head + f", x AS ({_ACTOR_SEEN[by]}) SELECT * FROM x "  # noqa: S608
                  "WHERE first_seen >= ? ORDER BY n_docs DESC, actor_id LIMIT ?",
                  [record, since, limit]).df(),
    ]
    return Changes(*frames)
