"""Corpus analytics at scale: dyad_series on 10M event mentions, dedup on 1M.

The corpus issue sets a goal: ``analytics.dyad_series`` for a busy dyad answers in under
1 s (``GOAL_DYAD_S``) on a store of 10 million event mentions. This benchmark builds such a
store with DuckDB SQL in a temporary directory, deduplicates it, and times the query; it also
times ``dedup.refresh`` on a store of 1 million mentions.

Usage: ``python bench/analytics.py [--events 10000000] [--dedup-events 1000000] [--json]
[--keep DIR]``. Building the 10M store takes a few minutes and ~3 GB of disk.

The synthetic corpus (deterministic: pseudo-random numbers are hashes of row numbers):

* actors: the KB's 198 states, each with GOV, MIL, POL and REB bodies, 2,000 persons and
  four generic agents: about 3,000 actors; who acts is skewed (u³ over the actor list) so a
  few actors are in most events, as in news;
* real-world events: one per ``REPORTS_PER_EVENT`` mentions, over ``DAYS`` (3 years); 16
  PLOVER types with news-like weights; 5 % of them on one war dyad (RUS.MIL → UKR and back),
  the "busy dyad" timed; 60 % at one of 5,000 places;
* mentions: each reports a random real-world event; 20 % a day late, 25 % without the place,
  5 % known only to the month, 8 % not asserted (reported, planned, negated…); four mentions
  per document.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

#: The corpus issue's goal for one dyad_series call on 10M mentions (seconds).
GOAL_DYAD_S = 1.0
#: Mean number of mentions per real-world event (wire copy and follow-ups).
REPORTS_PER_EVENT = 3
#: Days covered by the corpus (three years) and its first day.
DAYS = 3 * 365
FIRST_DAY = "2022-01-01"
MENTIONS_PER_DOC = 4
N_PERSONS = 2_000
N_PLACES = 5_000
#: Documents added to the 10M store to time an incremental refresh (a typical ingest batch).
INCREMENTAL_DOCS = 100
#: Timed repetitions of each query (the median is reported; the first run is also shown).
REPEAT = 5
#: Event types with news-like weights (a type listed twice is twice as common).
TYPE_WEIGHTS = ("CONSULT", "CONSULT", "CONSULT", "ASSAULT", "ASSAULT", "ASSAULT", "ACCUSE",
                "ACCUSE", "SUPPORT", "SUPPORT", "AGREE", "REQUEST", "COOPERATE", "AID",
                "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "REJECT", "CONCEDE",
                "RETREAT")


def _u(expr: str, salt: int) -> str:
    """SQL for a uniform number in [0, 1) from a hash of ``expr`` (deterministic)."""
    return f"((hash({expr}, {salt}) % 1000003) / 1000003.0)"


def build(path: Path, n_events: int) -> dict[str, float]:
    """A schema-v2 store of ``n_events`` synthetic mentions at ``path``; seconds per step."""
    import duckdb

    from flashpoint.actors.kb import load_kb
    from flashpoint.corpus.store import Store
    from flashpoint.events.ontology import load_ontology

    Store(path).close()  # the real schema, created by the store itself
    onto = load_ontology()
    states = sorted(a.id for a in load_kb() if a.type == "state")
    scores = ", ".join(f"('{t}', {d.score})" for t, d in onto.types.items())
    types = "[" + ", ".join(f"'{t}'" for t in TYPE_WEIGHTS) + "]"
    n_true = max(1, n_events // REPORTS_PER_EVENT)
    con = duckdb.connect(str(path))
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    con.execute("CREATE TEMP TABLE st AS SELECT unnest(?::VARCHAR[]) AS c", [states])
    con.execute(f"""
        CREATE TEMP TABLE ac AS
        SELECT row_number() OVER (ORDER BY {_u('id', 1)}) - 1 AS k, * FROM (
            SELECT c AS id, c AS name, 'state' AS type, c AS country FROM st
            UNION ALL SELECT c || '.' || b, c || ' ' || b, t, c FROM st,
                (VALUES ('GOV', 'government'), ('MIL', 'military'), ('POL', 'police'),
                        ('REB', 'armed_group')) AS x(b, t)
            UNION ALL SELECT printf('P.person-%05d', i), printf('Person %d', i), 'person',
                list_extract(?::VARCHAR[], 1 + CAST(i % {len(states)} AS INTEGER))
                FROM range({N_PERSONS}) r(i)
            UNION ALL SELECT 'GEN.' || b, lower(b), 'armed_group', NULL
                FROM (VALUES ('UAF'), ('REB'), ('MIL'), ('CVL')) AS g(b))""", [states])
    n_actors = con.execute("SELECT count(*) FROM ac").fetchall()[0][0]
    con.execute(f"CREATE TEMP TABLE sc AS SELECT * FROM (VALUES {scores}) AS s(type, score)")
    con.execute(f"""
        CREATE TEMP TABLE pl AS SELECT i AS p, printf('Place %04d', i) AS name,
            -40 + 100 * {_u('i', 2)} AS lat, -20 + 160 * {_u('i', 3)} AS lon
        FROM range({N_PLACES}) r(i)""")
    con.execute(f"""
        CREATE TEMP TABLE te AS
        SELECT t, war,
            CASE WHEN war THEN (CASE WHEN {_u('t', 5)} < 0.8 THEN 'ASSAULT' ELSE 'COERCE' END)
                 ELSE {types}[1 + CAST(floor({len(TYPE_WEIGHTS)} * {_u('t', 6)}) AS INTEGER)]
            END AS type,
            CASE WHEN war THEN (CASE WHEN {_u('t', 7)} < 0.7 THEN 'RUS.MIL' ELSE 'UKR.MIL' END)
                 ELSE a1.id END AS src,
            CASE WHEN war THEN NULL ELSE a2.id END AS tgt,
            DATE '{FIRST_DAY}' + CAST(floor({DAYS} * {_u('t', 10)}) AS INTEGER) AS day,
            CASE WHEN {_u('t', 11)} < 0.6
                 THEN CAST(floor({N_PLACES} * {_u('t', 12)}) AS INTEGER) END AS p
        FROM (SELECT t, {_u('t', 4)} < 0.05 AS war,
                     CAST(floor({n_actors} * pow({_u('t', 8)}, 3)) AS INTEGER) AS k1,
                     CAST(floor({n_actors} * pow({_u('t', 9)}, 3)) AS INTEGER) AS k2
              FROM range({n_true}) r(t)) x
        JOIN ac a1 ON a1.k = x.k1 JOIN ac a2 ON a2.k = x.k2""")
    con.execute("UPDATE te SET tgt = CASE WHEN src = 'RUS.MIL' THEN 'UKR' ELSE 'RUS' END "
                "WHERE war")
    timings["actors, places, real-world events"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    con.execute(f"""
        INSERT INTO events (doc_id, event_id, type, mode, context, cameo, intensity, source,
            target, modality, date, day, place, place_name, lat, lon, place_country,
            fatalities, evidence, evidence_start, evidence_end, confidence, coder)
        SELECT 'd' || (i // {MENTIONS_PER_DOC}), 'e' || (i % {MENTIONS_PER_DOC}), te.type,
            NULL, [], NULL, sc.score, [te.src], [te.tgt],
            CASE WHEN {_u('i', 21)} < 0.92 THEN 'asserted' WHEN {_u('i', 21)} < 0.97
                 THEN 'reported' WHEN {_u('i', 21)} < 0.985 THEN 'planned' ELSE 'negated' END,
            CASE WHEN {_u('i', 22)} < 0.05 THEN strftime(te.day, '%Y-%m')
                 ELSE strftime(te.day + late, '%Y-%m-%d') END,
            CASE WHEN {_u('i', 22)} < 0.05 THEN NULL ELSE te.day + late END,
            CASE WHEN keep THEN 'p0' END, CASE WHEN keep THEN pl.name END,
            CASE WHEN keep THEN pl.lat END, CASE WHEN keep THEN pl.lon END,
            CASE WHEN keep THEN 'XXX' END, NULL,
            te.type || ' reported in mention ' || i, 0, 40, 0.5 + 0.5 * {_u('i', 23)},
            'bench.v1'
        FROM (SELECT i, CAST(hash(i, 20) % {n_true} AS BIGINT) AS t,
                     CAST({_u('i', 24)} < 0.2 AS INTEGER) AS late,
                     {_u('i', 25)} >= 0.25 AS keep
              FROM range({n_events}) r(i)) m
        JOIN te USING (t) JOIN sc USING (type) LEFT JOIN pl ON pl.p = te.p""")
    timings["events"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    con.execute(f"""
        INSERT INTO documents (id, content_hash, source, url, title, published,
            published_inferred, language, n_chars, n_dropped, pipeline, doc)
        SELECT 'd' || j, md5('d' || j), 'outlet-' || (j % 50), 'https://example.org/d' || j,
            'Document ' || j, strftime(DATE '{FIRST_DAY}' + CAST(floor({DAYS} * {_u('j', 30)})
                                                                 AS INTEGER), '%Y-%m-%d'),
            false, 'en', 2000, 0, 'bench', '{{}}'
        FROM range({-(-n_events // MENTIONS_PER_DOC)}) r(j)""")
    con.execute("""
        INSERT INTO actors (doc_id, actor_id, name, type, country, affiliation, role, kb,
            n_mentions)
        SELECT x.doc_id, x.actor_id, ac.name, ac.type, ac.country, NULL, NULL, NULL, count(*)
        FROM (SELECT doc_id, unnest(source) AS actor_id FROM events
              UNION ALL SELECT doc_id, unnest(target) FROM events) x
        JOIN ac ON ac.id = x.actor_id GROUP BY ALL""")
    timings["documents, actors"] = time.perf_counter() - t0
    con.close()
    return timings


def _timed(fn: Any, repeat: int = REPEAT) -> tuple[float, float, Any]:
    """(first, median) seconds of ``repeat`` calls, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return times[0], statistics.median(times), result


def add_copies(con: Any, n_docs: int) -> None:
    """Store ``n_docs`` new documents: copies of existing ones under new ids (an ingest)."""
    prefix = f"new{time.time_ns()}-"
    con.execute("CREATE OR REPLACE TEMP TABLE picked AS SELECT id FROM documents "
                "WHERE NOT starts_with(id, 'new') ORDER BY hash(id) LIMIT ?", [n_docs])
    con.execute("INSERT INTO documents SELECT ? || id, * EXCLUDE (id, stored_at), "
                "current_timestamp FROM documents WHERE id IN (SELECT id FROM picked)", [prefix])
    for table in ("events", "actors"):
        con.execute(f"INSERT INTO {table} SELECT ? || doc_id, * EXCLUDE (doc_id) "
                    f"FROM {table} WHERE doc_id IN (SELECT id FROM picked)", [prefix])


def run(folder: Path, n_events: int, n_dedup: int) -> dict[str, Any]:
    import duckdb

    from flashpoint.corpus import analytics, dedup

    out: dict[str, Any] = {"events": n_events, "dedup_events": n_dedup}
    big = folder / "big.duckdb"
    t0 = time.perf_counter()
    out["build_steps"] = {"reused": True} if big.is_file() else build(big, n_events)
    out["build_s"] = time.perf_counter() - t0
    con = duckdb.connect(str(big))
    stats = dedup.refresh(con, force=True)
    out["dedup_big_s"] = stats.seconds
    out["canonical_big"] = stats.canonical_events
    out["file_mb"] = big.stat().st_size / 1e6
    busy = con.execute("SELECT source, target, count(*) FROM canonical_events "
                       "GROUP BY ALL ORDER BY 3 DESC LIMIT 1").fetchall()[0]
    out["busy_dyad"] = {"source": busy[0], "target": busy[1], "canonical_events": busy[2]}
    add_copies(con, INCREMENTAL_DOCS)
    stats = dedup.refresh(con)
    out["dedup_incremental"] = {"docs": INCREMENTAL_DOCS, "seconds": stats.seconds,
                                "incremental": stats.incremental, "groups": stats.groups}
    con.close()
    con = duckdb.connect(str(big), read_only=True)
    for freq in ("day", "week", "month"):
        first, median, frame = _timed(lambda f=freq: analytics.dyad_series(
            con, "RUS", "UKR", freq=f))
        out[f"dyad_series_{freq}_s"] = {"first": first, "median": median, "rows": len(frame)}
    first, median, _ = _timed(lambda: analytics.dyad_series(con, busy[0], busy[1],
                                                            directed=True))
    out["dyad_series_exact_ids_s"] = {"first": first, "median": median}
    for name, fn in {
        "escalation_week": lambda: analytics.escalation(con, "RUS", "UKR"),
        "events_page_actor": lambda: analytics.events(con, actor="UKR", limit=100),
        "network_year": lambda: analytics.network(con, since="2023", until="2023"),
        "actors_table": lambda: analytics.actors_table(con, limit=50),
        "top_events": lambda: analytics.top_events(con),
    }.items():
        first, median, _ = _timed(fn, repeat=3)
        out[f"{name}_s"] = {"first": first, "median": median}
    con.close()
    small = folder / "small.duckdb"
    if not small.is_file():
        build(small, n_dedup)
    con = duckdb.connect(str(small))
    stats = dedup.refresh(con, force=True)
    out["dedup_s"] = stats.seconds
    out["dedup_canonical"] = stats.canonical_events
    out["dedup_noop_s"] = dedup.refresh(con).seconds
    con.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=10_000_000)
    ap.add_argument("--dedup-events", type=int, default=1_000_000)
    ap.add_argument("--keep", type=Path, help="Build the stores in DIR and keep them (stores "
                    "already there are reused, deduplicated again from scratch).")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        result = run(args.keep, args.events, args.dedup_events)
    else:
        with tempfile.TemporaryDirectory(prefix="fp-bench-") as tmp:
            result = run(Path(tmp), args.events, args.dedup_events)
    dyad = result["dyad_series_week_s"]["median"]
    result["goal_dyad_s"] = GOAL_DYAD_S
    result["dyad_ratio_to_goal"] = dyad / GOAL_DYAD_S
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"store: {result['events']:,} mentions -> {result['canonical_big']:,} canonical "
          f"events, {result['file_mb']:.0f} MB, built in {result['build_s']:.1f} s, "
          f"dedup {result['dedup_big_s']:.1f} s")
    busy = result["busy_dyad"]
    print(f"busy dyad: {busy['source']} -> {busy['target']} "
          f"({busy['canonical_events']:,} canonical events)")
    for key, value in result.items():
        if key.endswith("_s") and isinstance(value, dict):
            print(f"  {key[:-2]:<28} median {value['median'] * 1000:8.1f} ms   "
                  f"first {value['first'] * 1000:8.1f} ms")
    print(f"dyad_series (RUS-UKR, weekly) {dyad * 1000:.1f} ms: "
          f"{result['dyad_ratio_to_goal']:.3f} x the goal of {GOAL_DYAD_S:g} s "
          f"({'met' if dyad <= GOAL_DYAD_S else 'NOT met'})")
    print(f"dedup on {result['dedup_events']:,} mentions: {result['dedup_s']:.2f} s "
          f"({result['dedup_events'] / result['dedup_s']:,.0f} mentions/s) -> "
          f"{result['dedup_canonical']:,} canonical events; unchanged re-run "
          f"{result['dedup_noop_s'] * 1000:.0f} ms")
    inc = result["dedup_incremental"]
    print(f"incremental dedup after {inc['docs']} new documents on the big store: "
          f"{inc['seconds']:.2f} s ({inc['groups']} groups re-clustered, "
          f"incremental={inc['incremental']})")


if __name__ == "__main__":
    main()
