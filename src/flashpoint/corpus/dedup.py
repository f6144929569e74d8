"""Cross-article deduplication: many reports of one real-world event become one canonical event.

Every row of ``events`` is a *mention*: one document's coding of one event. Wire copy, rewrites
and follow-ups mean that a single air strike is coded by many documents; counting mentions
counts coverage, not events. ``refresh`` clusters mentions into ``canonical_events`` (one row
per real-world event and dyad) and ``event_links`` (every mention of each), both owned by this
module (docs/store-schema.md).

The clustering rule
-------------------
Mentions are expanded to dyads (sources × targets; an empty side is ''). Two dyad-mentions are
the same real-world event when all of these hold:

1. **Same PLOVER type** (not the same CAMEO code: coders disagree on 190 vs 193 far more often
   than on ASSAULT).
2. **Same source and same target actor.** Named actors match by id. Generic agents (``GEN.*``:
   "gunmen", "attackers", "militants") have no identity, so any generic agent matches any other
   of the *same country* (the actor's country in that document, else the event place's
   country; unknown matches unknown). A generic never matches a named actor.
3. **Date within ±1 day.** Day-precise mentions are grouped into windows: consecutive days of
   a dyad chain into a run (a gap of 2+ days starts a new run) and each run is cut into
   2-day windows from its first day, so *every pair* in a window is at most 1 day apart (no
   chaining of a week of daily shelling into one event). Mentions with no day (date "2024-05",
   "2024" or none) never merge with day-precise ones; they merge with each other when their
   date values are equal ("same month") and their documents' publication days fall in the same
   2-day window (the same rule, on publication days).
4. **Compatible place.** Within a window, each known place joins the best-supported place
   within ``PLACE_MATCH_KM`` (50 km; the same name counts as 0 km); a mention with no place
   joins the window's best-supported place cluster (or stands alone when no mention has one).
5. **Same modality class.** Asserted and reported mentions are merged into canonical events of
   record. Planned, hypothetical, conditional and negated mentions are never merged into those:
   they cluster only among themselves, one modality at a time, and their canonical row carries
   that modality, so "rebels would attack" stays visible but is never counted as an attack.

The canonical row takes its mode, actors (for generics: the best mention's id), evidence and
place from its best mention (highest confidence, asserted before reported); ``day`` is the
earliest day, ``intensity`` the mean. ``canonical_id`` is ``ce_`` + the first 16 hex digits
of the MD5 of the cluster key (modality class, type, actor keys, precision, date key, window
start, place key): deterministic, and stable while a cluster's first day and best place stay.

Compared with PETRARCH's one-a-day filter
-----------------------------------------
PETRARCH collapses events with the same (day, source, target, CAMEO code) to one
(``one_a_day``, implemented below for comparison). It merges *less* when coders vary the
CAMEO code (190/193/195 of one attack stay three events), when reports differ by a day
(time zones, "yesterday" resolved against a late publication) or when generic agents are
named differently; it merges *more* when one dyad has two events on one day in different
towns (two strikes, 300 km apart, become one), and it merges a negated or hypothetical
event into the real one. Ours merges two distinct events on consecutive days at one place
(e.g. daily shelling of one town): one-a-day keeps those apart. Both keep same-day events of
different dyads apart. The measured comparison is in docs/analytics.md
(tests/corpus/test_dedup_compare.py).

Incremental runs
----------------
Clusters never cross a *group* (modality class, type, source key, target key, date
precision), so groups can be clustered independently. ``refresh`` does nothing when the
mentions' fingerprint (in ``meta``) is unchanged; otherwise it finds the documents added,
stored again or removed since the last build (``dedup_documents``), the groups they touch (new
mentions' groups, and the groups their old mentions were linked to), and re-clusters only the
mentions of those groups, found through ``event_links``. The result is identical to a full
rebuild (tests/corpus/test_dedup_incremental.py). Above ``INCREMENTAL_MAX_SHARE`` changed documents,
or with ``force``, it rebuilds everything. Costs are in docs/analytics.md: a full build runs
at roughly 100k–200k mentions/s on two cores; an ingest batch of 100 documents into a
10M-mention store re-clusters in about a second, more when it touches a very busy dyad
(the whole group of that dyad and type is re-clustered).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flashpoint.errors import StoreError

from . import dedup_sql as sql

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

log = logging.getLogger(__name__)

#: Two reports are the same event when their days differ by at most this (time zones and
#: relative dates resolved against different publication days put one event on two days).
MATCH_DAYS = 1
#: Window length: every pair of days inside a window is within MATCH_DAYS.
WINDOW_DAYS = MATCH_DAYS + 1
#: Runs of consecutive days are cut at fixed epochs of this many days from EPOCH_ORIGIN, so
#: that an incremental refresh re-clusters one month of a busy dyad, not its whole history.
#: The price: two reports one day apart across an epoch boundary stay apart (about one
#: day-late report in EPOCH_DAYS).
EPOCH_DAYS = 30
EPOCH_ORIGIN = dt.date(1970, 1, 1)
#: The window of mentions with no anchor day at all (no event day, no publication day).
NO_WINDOW = dt.date(1, 1, 1)
#: Two geocoded places this close are one place for dedup: a town and its outskirts, or two
#: gazetteer entries for one town (coordinates of one city differ by up to ~20 km between
#: gazetteers); calibrated so that neighbouring cities (Kharkiv–Izium, 120 km) stay apart.
PLACE_MATCH_KM = 50.0
#: Mean Earth radius (IUGG) for the haversine distance.
EARTH_RADIUS_KM = 6371.0088
#: Modalities merged into canonical events of record; the others stay apart, by modality.
FACTUAL_MODALITIES: tuple[str, ...] = ("asserted", "reported")
#: Canonical ids: this prefix plus this many hex digits of the cluster key's MD5.
CANONICAL_PREFIX = "ce_"
CANONICAL_HEX_DIGITS = 16
#: The meta key holding the fingerprint of the mentions the canonical tables were built from.
FINGERPRINT_KEY = "dedup_fingerprint"
#: Above this share of changed documents a full rebuild is cheaper than finding the groups
#: they touch (measured: the incremental path costs about a full rebuild at 30 %).
INCREMENTAL_MAX_SHARE = 0.2

_NO_STORE_FIX = "open a store written by flashpoint (flashpoint ingest PATH --db FILE)"


@dataclass(frozen=True)
class DedupStats:
    """What a refresh did: mentions in the store, canonical events and links after it,
    seconds taken, whether anything was rebuilt, and how (``incremental``: only the groups
    of ``groups`` touched by changed documents)."""

    mentions: int
    canonical_events: int
    links: int
    seconds: float
    rebuilt: bool
    incremental: bool = False
    groups: int = 0


def connection(con_or_store: Any) -> duckdb.DuckDBPyConnection:
    """The DuckDB connection of a ``Store`` (its ``connection``) or the connection itself."""
    import duckdb

    if isinstance(con_or_store, duckdb.DuckDBPyConnection):
        return con_or_store
    found = getattr(con_or_store, "connection", None)
    if isinstance(found, duckdb.DuckDBPyConnection):
        return found
    raise StoreError(f"expected a duckdb connection or a Store, got {type(con_or_store).__name__}",
                     fix="pass Store.connection or a duckdb.connect(...) connection")


def columns(con: duckdb.DuckDBPyConnection, table: str) -> tuple[str, ...]:
    """The columns of ``table`` in the main schema, in order (empty when there is none)."""
    rows = con.execute("SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                       "AND table_schema = 'main' ORDER BY ordinal_position", [table]).fetchall()
    return tuple(str(r[0]) for r in rows)


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """True when the main schema of ``con`` has a table or view called ``name``."""
    return bool(columns(con, name))


def _require_events(con: duckdb.DuckDBPyConnection) -> None:
    for table in ("documents", "events", "actors"):
        if not has_table(con, table):
            raise StoreError(f"the database has no '{table}' table: not a flashpoint store",
                             fix=_NO_STORE_FIX)


def fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """A cheap summary of the mentions: counts and the latest store time of a document.

    ``Store.add`` replaces a document's rows and stamps ``stored_at``, so any added, replaced
    or removed document changes it.
    """
    row = con.execute("SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM documents), "
                      "(SELECT max(stored_at) FROM documents)").fetchone()
    return "/".join(str(x) for x in (row or ()))


def _meta(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    if not has_table(con, "meta"):
        return None
    row = con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return str(row[0]) if row else None


def _built(con: duckdb.DuckDBPyConnection) -> bool:
    """The canonical tables exist with the columns this code writes."""
    return (columns(con, "canonical_events") == sql.CANONICAL_COLUMNS
            and columns(con, "event_links") == sql.LINK_COLUMNS
            and columns(con, "dedup_documents") == sql.STATE_COLUMNS)


def is_fresh(con_or_store: Any) -> bool:
    """True when the canonical tables exist and were built from the current mentions."""
    con = connection(con_or_store)
    return _built(con) and _meta(con, FINGERPRINT_KEY) == fingerprint(con)


def ensure(con_or_store: Any) -> None:
    """Make sure the canonical tables can be read: refresh them when missing or stale.

    Analytics call this before reading canonical events. On a read-only connection a stale
    build is served as it is (with a warning in the log); a missing one is an error whose fix
    is to run ``flashpoint dedup``.
    """
    con = connection(con_or_store)
    if is_fresh(con):
        return
    present = _built(con)
    try:
        refresh(con)
    except StoreError as exc:
        if not present:
            raise StoreError("the store has no canonical events and cannot be written: "
                             f"{exc.message}", fix="run 'flashpoint dedup --db FILE' once "
                             "with write access") from exc
        log.warning("canonical events are stale (new documents since the last dedup) and "
                    "the store is read-only: run 'flashpoint dedup --db FILE'")


def refresh(con_or_store: Any, *, force: bool = False) -> DedupStats:
    """Bring ``canonical_events`` and ``event_links`` up to date with ``events``.

    Call it after ingesting documents. Nothing happens when the mentions have not changed
    since the last build; when a few documents were added, replaced or removed, only the
    groups they touch are re-clustered (the result is identical to a full rebuild, because
    groups are clustered independently); else, or with ``force``, everything is rebuilt.
    One transaction: readers see the old tables or the new ones.
    """
    import duckdb

    con = connection(con_or_store)
    started = time.perf_counter()
    _require_events(con)
    if not force and is_fresh(con):
        return _stats(con, started, rebuilt=False)
    try:
        con.execute("BEGIN TRANSACTION")
        try:
            current = fingerprint(con)
            groups = None if force else _incremental(con)
            if groups is None:
                _full(con)
            con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [FINGERPRINT_KEY, current])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        finally:
            for temp in sql.TEMP_TABLES:
                con.execute(f"DROP TABLE IF EXISTS {temp}")
    except duckdb.Error as exc:
        raise StoreError(f"deduplication failed: {exc}",
                         fix="open the store writable (not read_only) and not in another "
                             "process") from exc
    return _stats(con, started, rebuilt=True, groups=groups)


def _stats(con: duckdb.DuckDBPyConnection, started: float, *, rebuilt: bool,
           groups: int | None = None) -> DedupStats:
    row = con.execute("SELECT (SELECT count(*) FROM events), "
                      "(SELECT count(*) FROM canonical_events), "
                      "(SELECT count(*) FROM event_links)").fetchone()
    assert row is not None  # three scalar subqueries always give one row
    return DedupStats(int(row[0]), int(row[1]), int(row[2]), time.perf_counter() - started,
                      rebuilt, incremental=groups is not None, groups=groups or 0)


def _params(step: str) -> dict[str, Any]:
    """The named parameters of one clustering step (the module's constants)."""
    steps: dict[str, dict[str, Any]] = {
        "mentions": {"factual": list(FACTUAL_MODALITIES), "epoch": EPOCH_DAYS,
                     "epoch0": EPOCH_ORIGIN},
        "windows": {"match": MATCH_DAYS, "window": WINDOW_DAYS, "none": NO_WINDOW},
        "places": {"radius": EARTH_RADIUS_KM, "km": PLACE_MATCH_KM},
        "keyed": {"prefix": CANONICAL_PREFIX, "digits": CANONICAL_HEX_DIGITS,
                  "none": NO_WINDOW},
    }
    return steps.get(step, {})


def _cluster(con: duckdb.DuckDBPyConnection) -> None:
    """Cluster ``_dd_mentions`` and append the canonical events and links."""
    con.execute(sql.WINDOWS, _params("windows"))
    con.execute(sql.PLACES, _params("places"))
    con.execute(sql.KEYED, _params("keyed"))
    con.execute(sql.CANONICAL)
    con.execute(sql.LINKS)


def _full(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(sql.DROP)
    con.execute(sql.DDL)
    con.execute(sql.MENTIONS.format(**sql.ALL_EVENTS), _params("mentions"))
    _cluster(con)
    con.execute(sql.STATE_ALL)


def _incremental(con: duckdb.DuckDBPyConnection) -> int | None:
    """Re-cluster the groups touched by changed documents; None when a full build is due."""
    if not _built(con):
        return None
    con.execute(sql.CHANGED)
    changed = con.execute("SELECT (SELECT count(*) FROM _dd_changed), "
                          "(SELECT count(*) FROM documents)").fetchall()[0]
    if changed[0] > INCREMENTAL_MAX_SHARE * max(changed[1], 1):
        return None
    con.execute(sql.MENTIONS.format(**sql.CHANGED_EVENTS), _params("mentions"))
    con.execute(sql.GROUPS)
    con.execute(sql.SCOPE)
    con.execute(sql.DROP_GROUPS)
    con.execute(sql.MENTIONS.format(**sql.SCOPED_EVENTS), _params("mentions"))
    _cluster(con)
    con.execute(sql.STATE_CHANGED)
    return int(con.execute("SELECT count(*) FROM _dd_groups").fetchall()[0][0])


# --------------------------------------------------------------------------- one-a-day


def one_a_day(con_or_store: Any, *, links: bool = False) -> pd.DataFrame:
    """PETRARCH's one-a-day filter, for comparison with ``refresh`` (module doc).

    Mentions with the same (day, source, target, CAMEO code) are one event; the day is the
    event's, else the story's publication day (PETRARCH codes with the story date), and an
    event without a CAMEO code uses its PLOVER type as its code. Modality is ignored, as
    PETRARCH's filter does. Returns one row per collapsed event (day, source, target, code,
    n_docs, n_mentions, doc_ids), or with ``links`` one row per dyad-mention (doc_id,
    event_id, source, target, oad_id) so that the two clusterings can be compared.
    """
    con = connection(con_or_store)
    _require_events(con)
    return con.execute(sql.ONE_A_DAY_LINKS if links else sql.ONE_A_DAY_EVENTS).df()
