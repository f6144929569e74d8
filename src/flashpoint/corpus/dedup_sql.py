"""The SQL of deduplication (``dedup``): one statement per step, in the order they run.

Kept apart from ``dedup`` so that the rule (documented there) and its machinery can be read
separately. ``$name`` are DuckDB named parameters; ``{scope}`` is a fixed WHERE fragment
chosen by ``dedup`` (never user text). Temporary tables are named ``_dd_*``.
"""

from __future__ import annotations

#: The two tables dedup owns (docs/store-schema.md). ``group_key`` (added at the end, as the
#: schema allows) is the cluster's group (modality class, type, actor keys, date precision):
#: an incremental refresh re-clusters whole groups. ``dedup_documents`` lists the documents
#: (and their store times) the tables were built from; documents not in it, or stored again
#: since, are new or replaced, and ids in it but no longer stored were removed.
DDL = """
CREATE TABLE canonical_events (
    canonical_id VARCHAR PRIMARY KEY, type VARCHAR, mode VARCHAR, source VARCHAR,
    target VARCHAR, day DATE, date VARCHAR, place_name VARCHAR, lat DOUBLE, lon DOUBLE,
    country VARCHAR, modality VARCHAR, intensity DOUBLE, n_docs INTEGER, n_mentions INTEGER,
    doc_ids VARCHAR[], evidence VARCHAR, group_key VARCHAR);
CREATE TABLE event_links (canonical_id VARCHAR, doc_id VARCHAR, event_id VARCHAR, day DATE);
CREATE TABLE dedup_documents (doc_id VARCHAR, stored_at TIMESTAMP);
"""
DROP = """DROP TABLE IF EXISTS canonical_events; DROP TABLE IF EXISTS event_links;
DROP TABLE IF EXISTS dedup_documents;"""
#: Columns the current code writes; a store with other columns is rebuilt from scratch.
CANONICAL_COLUMNS = ("canonical_id", "type", "mode", "source", "target", "day", "date",
                     "place_name", "lat", "lon", "country", "modality", "intensity", "n_docs",
                     "n_mentions", "doc_ids", "evidence", "group_key")
LINK_COLUMNS = ("canonical_id", "doc_id", "event_id", "day")
STATE_COLUMNS = ("doc_id", "stored_at")

TEMP_TABLES = ("_dd_changed", "_dd_groups", "_dd_scope", "_dd_mentions", "_dd_windowed",
               "_dd_places", "_dd_keyed")

#: Dyad-mentions with their match keys (only the columns clustering needs). Generic agents
#: key on their country; the anchor day is the event day, or the publication day for
#: mentions without one. ``gkey`` is the group: the match keys and the $epoch-day epoch of the
#: anchor day (runs never cross an epoch, so a change re-clusters one epoch of one group).
#: ``g``, its 64-bit hash, and ``pid``, a hash of
#: the place, are join keys only (hashing keeps joins and sorts on integers, not 40-character
#: strings; a collision, below 1e-8 at 10M groups, would merge two groups' windows), while
#: canonical ids are MD5s of the readable keys, stable across DuckDB versions.
MENTIONS = """
CREATE OR REPLACE TEMP TABLE _dd_mentions AS
WITH pub AS (
    SELECT id AS doc_id, try_cast(published AS DATE) AS pub_day FROM documents
    WHERE length(published) = 10 AND {docs}),
gen AS (
    SELECT doc_id, actor_id, any_value(country) AS country FROM actors
    WHERE starts_with(actor_id, 'GEN.') AND {docs_of_rows} GROUP BY ALL),
ev AS (
    SELECT e.doc_id, e.event_id, e.type, e.mode, e.modality, e.intensity, e.confidence,
        e.day, e.date, e.place_name, e.lat, e.lon, e.place_country,
        coalesce(e.day, p.pub_day) AS anchor,
        CASE WHEN list_contains($factual, e.modality) THEN 'factual'
             ELSE coalesce(e.modality, '') END AS mclass,
        CASE WHEN e.day IS NULL THEN 'd:' || coalesce(e.date, '') ELSE 'day' END AS datekey,
        CASE WHEN coalesce(len(e.source), 0) = 0 THEN [''] ELSE list_distinct(e.source) END
            AS srcs,
        CASE WHEN coalesce(len(e.target), 0) = 0 THEN [''] ELSE list_distinct(e.target) END
            AS tgts
    FROM {events} e LEFT JOIN pub p USING (doc_id)),
pairs AS (
    SELECT ev.* EXCLUDE (srcs, tgts), s.dyad_source, t.dyad_target
    FROM ev, unnest(ev.srcs) AS s(dyad_source), unnest(ev.tgts) AS t(dyad_target)),
keyed AS (
    SELECT pairs.*,
        CASE WHEN starts_with(dyad_source, 'GEN.')
             THEN 'GEN:' || coalesce(gs.country, pairs.place_country, '') ELSE dyad_source END
            AS skey,
        CASE WHEN starts_with(dyad_target, 'GEN.')
             THEN 'GEN:' || coalesce(gt.country, pairs.place_country, '') ELSE dyad_target END
            AS tkey
    FROM pairs
    LEFT JOIN gen gs ON gs.doc_id = pairs.doc_id AND gs.actor_id = pairs.dyad_source
    LEFT JOIN gen gt ON gt.doc_id = pairs.doc_id AND gt.actor_id = pairs.dyad_target)
SELECT *, hash(gkey) AS g FROM (
    SELECT * EXCLUDE (skey, tkey), concat_ws('|', mclass, type, skey, tkey, datekey,
        coalesce(CAST($epoch0 + CAST($epoch * ((anchor - $epoch0) // $epoch) AS INTEGER)
                      AS VARCHAR), '')) AS gkey,
        (place_name IS NOT NULL OR lat IS NOT NULL) AS has_place, lower(place_name) AS pname,
        hash(lower(place_name), lat, lon) AS pid
    FROM keyed)
"""

#: What MENTIONS reads: every event, the events of changed documents, or the events to
#: re-cluster (``_dd_scope``); with the documents (``docs``: by ``id``; ``docs_of_rows``: by
#: ``doc_id``) whose publication days and generic actors it needs.
ALL_EVENTS = {"events": "events", "docs": "TRUE", "docs_of_rows": "TRUE"}
CHANGED_EVENTS = {
    "events": "(SELECT * FROM events WHERE doc_id IN (SELECT doc_id FROM _dd_changed))",
    "docs": "id IN (SELECT doc_id FROM _dd_changed)",
    "docs_of_rows": "doc_id IN (SELECT doc_id FROM _dd_changed)"}
SCOPED_EVENTS = {
    "events": "(SELECT * FROM events SEMI JOIN _dd_scope USING (doc_id, event_id))",
    "docs": "id IN (SELECT doc_id FROM _dd_scope)",
    "docs_of_rows": "doc_id IN (SELECT doc_id FROM _dd_scope)"}

#: Documents added or stored again since the last build, or gone since (their old links must
#: go). Compared by (id, stored_at) rather than by a time mark, so that a write committed
#: during a refresh is found by the next one.
CHANGED = """
CREATE OR REPLACE TEMP TABLE _dd_changed AS
SELECT d.id AS doc_id FROM documents d
    LEFT JOIN dedup_documents s ON s.doc_id = d.id AND s.stored_at = d.stored_at
    WHERE s.doc_id IS NULL
UNION SELECT doc_id FROM dedup_documents WHERE doc_id NOT IN (SELECT id FROM documents)
"""
#: The documents the canonical tables now reflect (all of them, or the changed ones).
STATE_ALL = "INSERT INTO dedup_documents SELECT id, stored_at FROM documents"
STATE_CHANGED = """
DELETE FROM dedup_documents WHERE doc_id IN (SELECT doc_id FROM _dd_changed);
INSERT INTO dedup_documents SELECT id, stored_at FROM documents
    WHERE id IN (SELECT doc_id FROM _dd_changed);
"""

#: Groups touched by the changed documents: their new mentions' groups and the groups of
#: the canonical events their old mentions were linked to.
GROUPS = """
CREATE OR REPLACE TEMP TABLE _dd_groups AS
SELECT DISTINCT gkey FROM _dd_mentions
UNION SELECT DISTINCT c.group_key FROM canonical_events c
    JOIN event_links l USING (canonical_id) WHERE l.doc_id IN (SELECT doc_id FROM _dd_changed)
"""
#: The mentions to re-cluster: every mention linked to a touched group (found through the
#: links: no scan of every event's actors) and every mention of a changed document.
SCOPE = """
CREATE OR REPLACE TEMP TABLE _dd_scope AS
SELECT l.doc_id, l.event_id FROM event_links l WHERE l.canonical_id IN (
    SELECT canonical_id FROM canonical_events WHERE group_key IN (SELECT gkey FROM _dd_groups))
UNION SELECT doc_id, event_id FROM events WHERE doc_id IN (SELECT doc_id FROM _dd_changed)
"""
DROP_GROUPS = """
DELETE FROM event_links WHERE canonical_id IN (
    SELECT canonical_id FROM canonical_events WHERE group_key IN (SELECT gkey FROM _dd_groups));
DELETE FROM canonical_events WHERE group_key IN (SELECT gkey FROM _dd_groups);
"""

#: Each mention's window: runs of consecutive anchor days per group, cut into windows of
#: $window days from the run's first day (computed on distinct days, then joined back).
#: Mentions without an anchor day share one window per group ($none).
WINDOWS = """
CREATE OR REPLACE TEMP TABLE _dd_windowed AS
WITH d AS (SELECT DISTINCT g, anchor FROM _dd_mentions WHERE anchor IS NOT NULL),
b AS (SELECT *, CASE WHEN anchor - lag(anchor) OVER (PARTITION BY g ORDER BY anchor)
                     <= $match THEN NULL ELSE anchor END AS brk FROM d),
r AS (SELECT *, max(brk) OVER (PARTITION BY g ORDER BY anchor
                               ROWS UNBOUNDED PRECEDING) AS run_start FROM b),
w AS (SELECT g, anchor, run_start + CAST($window * ((anchor - run_start) // $window)
                                         AS INTEGER) AS win FROM r)
SELECT m.*, coalesce(w.win, $none) AS win FROM _dd_mentions m
LEFT JOIN w ON w.g = m.g AND w.anchor = m.anchor
"""

#: Each distinct place of a window joins the best-supported place within $km (haversine).
PLACES = """
CREATE OR REPLACE TEMP TABLE _dd_places AS
WITH p AS (
    SELECT g, win, pid, any_value(pname) AS pname, any_value(lat) AS lat,
        any_value(lon) AS lon, count(*) AS support
    FROM _dd_windowed WHERE has_place GROUP BY g, win, pid),
pairs AS (
    SELECT p1.g, p1.win, p1.pid,
        coalesce(p2.pname, '') || printf('@%.3f,%.3f', p2.lat, p2.lon) AS leader,
        p2.support, p2.pname AS lname, p2.lat AS llat, p2.lon AS llon
    FROM p p1 JOIN p p2 ON p1.g = p2.g AND p1.win = p2.win
    WHERE p1.pid = p2.pid OR p1.pname = p2.pname
       OR 2 * $radius * asin(sqrt(
            pow(sin(radians(p2.lat - p1.lat) / 2), 2) + cos(radians(p1.lat))
            * cos(radians(p2.lat)) * pow(sin(radians(p2.lon - p1.lon) / 2), 2))) <= $km)
SELECT g, win, pid, first(leader ORDER BY support DESC, lname NULLS LAST, llat, llon) AS pkey
FROM pairs GROUP BY ALL
"""

#: Mentions with their cluster (a mention without a place joins its window's biggest place
#: cluster): ``c`` (a hash, for grouping) and ``canonical_id`` (prefix + MD5 of the readable
#: cluster key); their rank in it (1 = the best mention), and ``dup`` for a second dyad of a
#: mention already in the cluster (two generic sources of one country).
KEYED = """
CREATE OR REPLACE TEMP TABLE _dd_keyed AS
WITH placed AS (
    SELECT m.*, p.pkey FROM _dd_windowed m LEFT JOIN _dd_places p
    ON m.has_place AND p.g = m.g AND p.win = m.win AND p.pid = m.pid),
best AS (
    SELECT g, win, arg_max(pkey, (n, pkey)) AS pkey
    FROM (SELECT g, win, pkey, count(*) AS n FROM placed WHERE pkey IS NOT NULL
          GROUP BY ALL) GROUP BY ALL),
ided AS (
    SELECT *, hash(g, win, pk) AS c FROM (
        SELECT placed.* EXCLUDE (pkey), coalesce(placed.pkey, b.pkey, '') AS pk
        FROM placed LEFT JOIN best b ON b.g = placed.g AND b.win = placed.win)),
ranked AS (
    SELECT *, row_number() OVER w AS rk,
        lag(doc_id) OVER w AS prev_doc, lag(event_id) OVER w AS prev_event
    FROM ided WINDOW w AS (PARTITION BY c ORDER BY confidence DESC NULLS LAST,
        modality = 'asserted' DESC, doc_id, event_id))
SELECT * EXCLUDE (prev_doc, prev_event),
    coalesce(prev_doc = doc_id AND prev_event = event_id, false) AS dup,
    $prefix || left(md5(concat_ws('|', gkey, CASE WHEN win = $none THEN '' ELSE
        CAST(win AS VARCHAR) END, pk)), $digits) AS canonical_id
FROM ranked
"""

#: One row per cluster; attributes from its best mention, or the best one that has them.
CANONICAL = """
INSERT INTO canonical_events
WITH c AS (
    SELECT c, any_value(canonical_id) AS canonical_id, any_value(type) AS type,
        arg_min(mode, rk) FILTER (WHERE mode IS NOT NULL) AS mode,
        arg_min(dyad_source, rk) AS source, arg_min(dyad_target, rk) AS target,
        min(day) AS day, min(date) AS date,
        arg_min(place_name, rk) FILTER (WHERE has_place) AS place_name,
        arg_min(lat, rk) FILTER (WHERE has_place) AS lat,
        arg_min(lon, rk) FILTER (WHERE has_place) AS lon,
        arg_min(place_country, rk) FILTER (WHERE place_country IS NOT NULL) AS country,
        any_value(mclass) AS mclass, bool_or(modality = 'asserted') AS asserted,
        avg(intensity) AS intensity, count(*) FILTER (WHERE NOT dup) AS n_mentions,
        list_sort(list_distinct(list(doc_id))) AS doc_ids,
        arg_min(doc_id, rk) AS best_doc, arg_min(event_id, rk) AS best_event,
        any_value(gkey) AS gkey
    FROM _dd_keyed GROUP BY c)
SELECT c.canonical_id, c.type, c.mode, c.source, c.target, c.day,
    CASE WHEN c.day IS NOT NULL THEN strftime(c.day, '%Y-%m-%d') ELSE c.date END,
    c.place_name, c.lat, c.lon, c.country,
    CASE WHEN c.mclass <> 'factual' THEN c.mclass
         WHEN c.asserted THEN 'asserted' ELSE 'reported' END,
    c.intensity, len(c.doc_ids), c.n_mentions, c.doc_ids, e.evidence, c.gkey
FROM c LEFT JOIN events e ON e.doc_id = c.best_doc AND e.event_id = c.best_event
ORDER BY c.source, c.target, c.day
"""

#: Links carry the mention's day so that a page of recent mentions finds its links by day
#: range (zone maps) instead of scanning every link (analytics.events).
LINKS = """
INSERT INTO event_links
SELECT canonical_id, doc_id, event_id, day FROM _dd_keyed WHERE NOT dup
ORDER BY day NULLS LAST, doc_id, event_id, canonical_id
"""

#: PETRARCH's one-a-day filter (dedup.one_a_day): (day, source, target, code) pairs.
ONE_A_DAY = """
WITH pub AS (
    SELECT id AS doc_id, try_cast(published AS DATE) AS pub_day FROM documents
    WHERE length(published) = 10),
ev AS (
    SELECT e.doc_id, e.event_id, coalesce(e.day, p.pub_day) AS day,
        coalesce(e.cameo, e.type) AS code,
        CASE WHEN coalesce(len(e.source), 0) = 0 THEN [''] ELSE list_distinct(e.source) END
            AS srcs,
        CASE WHEN coalesce(len(e.target), 0) = 0 THEN [''] ELSE list_distinct(e.target) END
            AS tgts
    FROM events e LEFT JOIN pub p USING (doc_id)),
pairs AS (
    SELECT ev.doc_id, ev.event_id, ev.day, ev.code, s.source, t.target
    FROM ev, unnest(ev.srcs) AS s(source), unnest(ev.tgts) AS t(target))
"""
ONE_A_DAY_LINKS = ONE_A_DAY + """
SELECT doc_id, event_id, source, target,
    md5(concat_ws('|', coalesce(day::VARCHAR, ''), source, target, coalesce(code, '')))
        AS oad_id
FROM pairs ORDER BY doc_id, event_id, source, target
"""
ONE_A_DAY_EVENTS = ONE_A_DAY + """
SELECT day, source, target, code, count(DISTINCT doc_id) AS n_docs,
    count(DISTINCT (doc_id, event_id)) AS n_mentions,
    list_sort(list_distinct(list(doc_id))) AS doc_ids
FROM pairs GROUP BY ALL ORDER BY day, source, target, code
"""
