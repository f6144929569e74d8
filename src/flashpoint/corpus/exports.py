"""Exports of a store for other tools: Parquet, CSV, contract JSONL, PLOVER JSON, CAMEO TSV.

* ``parquet`` / ``csv``: a directory with one file per table (``events.parquet`` …), every
  table of docs/store-schema.md, canonical tables included.
* ``jsonl``: one contract document per line (``documents.doc``), what ``flashpoint extract
  --format jsonl`` printed: re-readable by any tool that reads our output.
* ``plover``: one JSON object per line per event **mention**, with the field names of the
  PLOVER codebook's data-fields chapter (id, date, actor, recipient, event, mode, context,
  event_loc, event_text, quad_code, event_scale, link, cite_info, coder, coded_date); ``link``
  is the canonical event the mention was merged into. Fields beyond the codebook's (modality,
  confidence, fatalities, doc_id, event_id) are added, as the codebook invites.
* ``cameo``: a GDELT-1.0-style tab-separated file, one row per **canonical event of record**
  (asserted or reported), with a header row, for R (``read.delim``), Stata (``import
  delimited``) or a spreadsheet. Columns are GDELT's names (see ``CAMEO_COLUMNS``); dates as
  YYYYMMDD (empty when the event is known only to the month), the event code is the most
  frequent CAMEO code of the event's mentions (else the codebook's code for its PLOVER type
  and mode), ``GoldsteinScale`` the mean PLOVER intensity (same scale, -10..10, negative =
  conflict), ``QuadClass`` the type's PLOVER quad (1 verbal cooperation … 4 material
  conflict), ``NumArticles`` documents, ``NumSources`` distinct outlets, ``NumMentions``
  mentions; country codes are ISO-3166 alpha-3 (GDELT's action geo uses FIPS: not here).

CAMEO actor codes come from our actor ids: the knowledge base's own CAMEO code when the actor
is in it (``RUS.GOV`` → ``RUSGOV``, the UN → ``IGOUNO``); else the country plus the sector of
the id's body (``RUS.POL`` → ``RUSCOP``, via the actor lexicon's sector table), or of the
actor's type (``TYPE_SECTORS``); a generic agent without a country is its sector
alone (``GEN.MIL`` → ``MIL``), as in GDELT; a person outside the KB takes the code of its
affiliation, else its country.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flashpoint import jsonl
from flashpoint.errors import ConfigError, StoreError

from . import dedup

if TYPE_CHECKING:
    import duckdb

FORMATS: tuple[str, ...] = ("parquet", "csv", "jsonl", "plover", "cameo")
#: Tables exported by the parquet and csv formats, in docs/store-schema.md's order.
TABLES: tuple[str, ...] = ("meta", "documents", "actors", "mentions", "events", "statements",
                           "times", "places", "failures", "canonical_events", "event_links")
#: The codebook release our PLOVER output follows (``cite_info.codebook``).
PLOVER_CODEBOOK = "plover-0.8"
#: Rows fetched from DuckDB at a time while writing JSON lines (bounded memory).
FETCH_ROWS = 10_000
#: GDELT 1.0 event-table column names we fill, in GDELT's order, then our PLOVER extras.
CAMEO_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "Actor1Code", "Actor1Name",
    "Actor1CountryCode", "Actor1Type1Code", "Actor2Code", "Actor2Name", "Actor2CountryCode",
    "Actor2Type1Code", "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode",
    "QuadClass", "GoldsteinScale", "NumMentions", "NumSources", "NumArticles",
    "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_Lat", "ActionGeo_Long",
    "DATEADDED", "SOURCEURL", "PloverType", "PloverMode", "Modality")


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: the files and the number of rows (or documents, or events)."""

    format: str
    paths: tuple[Path, ...]
    rows: int


def export(con_or_store: Any, fmt: str, out: str | Path) -> ExportResult:
    """Write the store in ``fmt`` (one of FORMATS) to ``out`` (a directory for parquet/csv)."""
    con = dedup.connection(con_or_store)
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}", fix=f"use one of {list(FORMATS)}")
    path = Path(out)
    try:
        if fmt in ("parquet", "csv"):
            return _tables(con, fmt, path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "jsonl":
            return _documents(con, path)
        dedup.ensure(con)
        if fmt == "plover":
            return _plover(con, path)
        return _cameo(con, path)
    except OSError as exc:
        raise StoreError(f"cannot write the export: {exc}", source=str(path),
                         fix="pass an OUT path in a writable directory") from exc


def _quoted(path: Path) -> str:
    """``path`` as a SQL string literal (COPY takes no parameters for its file name)."""
    return "'" + str(path).replace("'", "''") + "'"


def _tables(con: duckdb.DuckDBPyConnection, fmt: str, folder: Path) -> ExportResult:
    with contextlib.suppress(StoreError):  # read-only, never deduplicated: export the rest
        dedup.ensure(con)
    folder.mkdir(parents=True, exist_ok=True)
    options = "(FORMAT parquet)" if fmt == "parquet" else "(FORMAT csv, HEADER true)"
    paths, rows = [], 0
    for table in TABLES:
        if not dedup.has_table(con, table):
            continue
        target = folder / f"{table}.{fmt}"
        con.execute(f"COPY (SELECT * FROM {table}) TO {_quoted(target)} {options}")  # noqa: S608
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608
        rows += int(row[0]) if row else 0
        paths.append(target)
    return ExportResult(fmt, tuple(paths), rows)


def _batches(con: duckdb.DuckDBPyConnection, sql: str,
             params: list[Any] | None = None) -> Iterator[dict[str, Any]]:
    cursor = con.cursor()
    try:
        cursor.execute(sql, params or [])
        names = [d[0] for d in cursor.description or ()]
        while batch := cursor.fetchmany(FETCH_ROWS):
            for row in batch:
                yield dict(zip(names, row, strict=True))
    finally:
        cursor.close()


def _documents(con: duckdb.DuckDBPyConnection, path: Path) -> ExportResult:
    n = 0
    with path.open("w", encoding="utf-8") as out:
        for row in _batches(con, "SELECT doc FROM documents ORDER BY id"):
            out.write(jsonl.dumps(json.loads(row["doc"])) + "\n")
            n += 1
    return ExportResult("jsonl", (path,), n)


# --------------------------------------------------------------------------- actor codes


#: Sector of an actor type when its id has no known body (CAMEO's sector names).
TYPE_SECTORS: dict[str, str] = {
    "government": "GOV", "military": "MIL", "police": "COP", "intelligence": "SPY",
    "armed_group": "REB", "party": "PTY", "igo": "IGO", "ngo": "NGO", "media": "MED",
    "business": "BUS", "religious": "REL", "civilians": "CVL"}
#: Where PLOVER's sector names differ from CAMEO's (PLOVER's MED is health, JRN media).
PLOVER_SECTORS: dict[str, str] = {"MED": "JRN", "HLH": "MED"}
#: PLOVER's own codes for the two IGOs it names (codebook, international non-state actors).
PLOVER_IGOS: dict[str, str] = {"IGO.UN": "UNO", "IGO.EU": "EUR"}


class ActorCodes:
    """CAMEO and PLOVER codes for our actor ids (rules in the module docstring)."""

    def __init__(self) -> None:
        self.kb_codes, self.body_sectors = _code_tables()

    def sector(self, actor_id: str, actor_type: str | None) -> str:
        """The CAMEO sector of an actor ('' for a state or an unknown kind)."""
        kb = self.kb_codes.get(actor_id)
        if kb and len(kb) >= 6:
            return kb[3:6]
        head, _, body = actor_id.partition(".")
        found = self.body_sectors.get(body.split(".")[0]) if body and head != "P" else None
        return found or TYPE_SECTORS.get(actor_type or "", "")

    def cameo(self, actor_id: str, actor_type: str | None, country: str | None,
              affiliation: str | None) -> str:
        """The CAMEO actor code (``RUSGOV``, ``IGOUNO``, ``MIL``, '' when nothing is known)."""
        if not actor_id:
            return ""
        if actor_id in self.kb_codes:
            return self.kb_codes[actor_id]
        if actor_id.startswith("P."):
            if affiliation:
                return self.cameo(affiliation, None, country, None)
            return country or ""
        if actor_id.startswith("IGO."):
            return "IGO"
        prefix = "" if actor_id.startswith("GEN.") else (country or "")
        sector = self.sector(actor_id, actor_type)
        return prefix + sector if prefix != sector else prefix

    def plover(self, info: dict[str, Any]) -> dict[str, Any]:
        """A PLOVER entity object (code, sector, entity_text, identifier_*) for an actor."""
        actor_id = str(info.get("id") or "")
        kind = info.get("type")
        code = info.get("country")
        if kind == "igo":
            code = next((c for p, c in PLOVER_IGOS.items()
                         if actor_id == p or actor_id.startswith(p + ".")), "IGO")
        elif kind == "ngo" and not code:
            code = "NGO"
        sector = self.sector(actor_id, kind) if kind not in ("state", "igo") else ""
        return {"code": code, "sector": PLOVER_SECTORS.get(sector, sector) or None,
                "entity_text": info.get("name"), "identifier_id": info.get("kb"),
                "identifier_text": info.get("name") if info.get("kb") else None,
                "id": actor_id or None}


@lru_cache(maxsize=1)
def _code_tables() -> tuple[dict[str, str], dict[str, str]]:
    """KB actor id -> CAMEO code, and KB body suffix -> CAMEO sector (loaded once)."""
    from flashpoint.actors import default_lexicon, load_kb

    kb_codes = {a.id: a.cameo for a in load_kb() if a.cameo}
    body_sectors: dict[str, str] = {}
    for code, sector in default_lexicon().sectors.items():
        body_sectors.setdefault(sector.body, code)
    return kb_codes, body_sectors


def _actor_frame(con: duckdb.DuckDBPyConnection, codes: ActorCodes) -> Any:
    """Every actor of the store with its CAMEO code, name, country and sector."""
    import pandas as pd

    rows = con.execute("SELECT actor_id, mode(name), mode(type), mode(country), "
                       "mode(affiliation) FROM actors GROUP BY actor_id").fetchall()
    return pd.DataFrame(
        [(a, codes.cameo(a, t, c, f), n, c, codes.sector(a, t)) for a, n, t, c, f in rows],
        columns=["actor_id", "code", "name", "country", "sector"])


def _codes_frame() -> Any:
    """(type, mode, cameo, quad, score) for every PLOVER type and mode, from the ontology."""
    import pandas as pd

    from flashpoint.events import QUADS, load_ontology

    onto = load_ontology()
    rows = [(name, mode, onto.plover_to_cameo(name, mode), QUADS.index(d.quad) + 1,
             onto.intensity(name, mode))
            for name, d in onto.types.items() for mode in (None, *d.mode_names)]
    return pd.DataFrame(rows, columns=["type", "mode", "cameo", "quad", "score"])


# --------------------------------------------------------------------------- CAMEO / GDELT

_CAMEO_SQL = """
WITH ce AS (SELECT * FROM canonical_events WHERE list_contains({record}, modality)),
mentions AS (
    SELECT l.canonical_id, e.cameo, d.source, d.stored_at, d.url, d.id
    FROM event_links l JOIN ce USING (canonical_id)
    JOIN events e ON e.doc_id = l.doc_id AND e.event_id = l.event_id
    JOIN documents d ON d.id = l.doc_id),
codes AS (
    SELECT canonical_id, first(cameo ORDER BY n DESC, cameo) AS cameo FROM (
        SELECT canonical_id, cameo, count(*) AS n FROM mentions WHERE cameo IS NOT NULL
        GROUP BY ALL) GROUP BY canonical_id),
docs AS (
    SELECT canonical_id, count(DISTINCT source) AS n_sources, min(stored_at) AS added,
        first(url ORDER BY stored_at, id) AS url FROM mentions GROUP BY canonical_id),
rows AS (
    SELECT ce.*, coalesce(k.cameo, c.cameo, c0.cameo) AS code, c0.quad,
        coalesce(ce.intensity, c.score, c0.score) AS scale, d.n_sources, d.added, d.url,
        a1.code AS a1code, a1.name AS a1name, a1.country AS a1country, a1.sector AS a1sector,
        a2.code AS a2code, a2.name AS a2name, a2.country AS a2country, a2.sector AS a2sector
    FROM ce LEFT JOIN codes k USING (canonical_id) LEFT JOIN docs d USING (canonical_id)
    LEFT JOIN _x_codes c ON c.type = ce.type AND c.mode = ce.mode
    LEFT JOIN _x_codes c0 ON c0.type = ce.type AND c0.mode IS NULL
    LEFT JOIN _x_actors a1 ON a1.actor_id = ce.source
    LEFT JOIN _x_actors a2 ON a2.actor_id = ce.target)
SELECT canonical_id AS GLOBALEVENTID, strftime(day, '%Y%m%d') AS SQLDATE,
    CASE WHEN length(date) >= 7 THEN replace(left(date, 7), '-', '') END AS MonthYear,
    left(date, 4) AS Year,
    a1code AS Actor1Code, {clean}(a1name) AS Actor1Name, a1country AS Actor1CountryCode,
    a1sector AS Actor1Type1Code,
    a2code AS Actor2Code, {clean}(a2name) AS Actor2Name, a2country AS Actor2CountryCode,
    a2sector AS Actor2Type1Code,
    1 AS IsRootEvent, code AS EventCode, left(code, 3) AS EventBaseCode,
    left(code, 2) AS EventRootCode, quad AS QuadClass, round(scale, 2) AS GoldsteinScale,
    n_mentions AS NumMentions, n_sources AS NumSources, n_docs AS NumArticles,
    {clean}(place_name) AS ActionGeo_FullName, country AS ActionGeo_CountryCode,
    lat AS ActionGeo_Lat, lon AS ActionGeo_Long, strftime(added, '%Y%m%d') AS DATEADDED,
    {clean}(url) AS SOURCEURL, type AS PloverType, mode AS PloverMode, modality AS Modality
FROM rows ORDER BY day NULLS LAST, canonical_id
"""


def _cameo(con: duckdb.DuckDBPyConnection, path: Path) -> ExportResult:
    """The GDELT-style TSV (module docstring); COPY writes it, so the SQL is built from
    constants only (COPY takes no parameters)."""
    record = "[" + ", ".join(f"'{m}'" for m in dedup.FACTUAL_MODALITIES) + "]"
    sql = _CAMEO_SQL.format(record=record, clean="_x_clean")
    con.execute("CREATE OR REPLACE TEMP MACRO _x_clean(x) AS "
                "trim(regexp_replace(x, '\\s+', ' ', 'g'))")
    con.register("_x_actors", _actor_frame(con, ActorCodes()))
    con.register("_x_codes", _codes_frame())
    try:
        con.execute(f"COPY ({sql}) TO {_quoted(path)} "
                    "(FORMAT csv, DELIMITER '\t', HEADER true)")
        rows = con.execute(f"SELECT count(*) FROM ({sql})").fetchall()  # noqa: S608
    finally:
        con.unregister("_x_actors")
        con.unregister("_x_codes")
    return ExportResult("cameo", (path,), int(rows[0][0]))


# --------------------------------------------------------------------------- PLOVER

_PLOVER_SQL = """
WITH link AS (
    SELECT l.doc_id, l.event_id,
        first(l.canonical_id ORDER BY c.n_docs DESC, c.canonical_id) AS link
    FROM event_links l JOIN canonical_events c USING (canonical_id) GROUP BY ALL),
people AS (
    SELECT doc_id, map_from_entries(list((actor_id, {'id': actor_id, 'name': name,
        'type': type, 'country': country, 'kb': kb}))) AS who
    FROM actors GROUP BY doc_id)
SELECT e.*, d.url, d.title, d.language, d.source AS publication,
    strftime(d.stored_at, '%Y-%m-%d') AS coded_date, k.link, p.text AS place_text,
    p.geonames_id, p.feature, w.who
FROM events e JOIN documents d ON d.id = e.doc_id
LEFT JOIN link k ON k.doc_id = e.doc_id AND k.event_id = e.event_id
LEFT JOIN places p ON p.doc_id = e.doc_id AND p.place_id = e.place
LEFT JOIN people w ON w.doc_id = e.doc_id
ORDER BY e.doc_id, e.event_id
"""


def _plover(con: duckdb.DuckDBPyConnection, path: Path) -> ExportResult:
    from flashpoint.events import QUADS, load_ontology
    from flashpoint.version import __version__

    onto = load_ontology()
    codes = ActorCodes()
    n = 0
    with path.open("w", encoding="utf-8") as out:
        for row in _batches(con, _PLOVER_SQL):
            quad = onto.types[row["type"]].quad if row["type"] in onto.types else None
            record = _plover_record(row, codes, QUADS.index(quad) + 1 if quad else None,
                                    f"flashpoint {__version__}")
            out.write(jsonl.dumps(record, default=str) + "\n")
            n += 1
    return ExportResult("plover", (path,), n)


def _plover_record(row: dict[str, Any], codes: ActorCodes, quad: int | None,
                   system: str) -> dict[str, Any]:
    """One mention as a PLOVER event object (codebook field names, then our extras)."""
    who = row.get("who") or {}

    def entities(ids: list[str] | None) -> list[dict[str, Any]]:
        return [codes.plover(who.get(a) or {"id": a}) for a in ids or ()]

    loc = None
    if row.get("place_name") is not None or row.get("lat") is not None:
        loc = {"extracted_place": row.get("place_text"), "resolved_place": row["place_name"],
               "geonameid": row.get("geonames_id"), "lat": row["lat"], "lon": row["lon"],
               "country_code": row["place_country"], "feature_code": row.get("feature")}
    return {
        "id": f"{row['doc_id']}-{row['event_id']}", "has_event": True, "date": row["date"],
        "actor": entities(row["source"]), "recipient": entities(row["target"]),
        "event": [row["type"]], "mode": [row["mode"]] if row["mode"] else [],
        "context": list(row["context"] or []), "event_loc": loc,
        "event_text": [row["evidence"]] if row["evidence"] else [], "quad_code": quad,
        "event_scale": row["intensity"], "link": row["link"],
        "cite_info": {"url": row["url"], "title": row["title"], "language": row["language"],
                      "publication": row["publication"], "coder": system,
                      "codebook": PLOVER_CODEBOOK},
        "coder": row["coder"], "coded_date": row["coded_date"],
        "modality": row["modality"], "confidence": row["confidence"],
        "fatalities": row["fatalities"], "cameo": row["cameo"],
        "doc_id": row["doc_id"], "event_id": row["event_id"],
    }
