"""From a contract ``Document`` to the store's flat rows, and back from contract JSON.

``document_rows`` is the one place that decides what a document becomes in the store. It runs
wherever extraction runs (the parent, a local worker process, a Dask worker), so the single
writer only inserts ready rows and the Dask path's Parquet files hold exactly what the local
path would have written. Rows are tuples in ``corpus.schema.written_columns`` order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flashpoint.model import (
    Actor,
    Document,
    Dropped,
    Event,
    Failure,
    Place,
    RawDocument,
    Span,
    Statement,
    TimeExpr,
)

from .schema import arrow_schema, written_columns

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

Row = tuple[Any, ...]
Rows = dict[str, list[Row]]

#: A contract date precise to the day is ``YYYY-MM-DD``: ten characters.
DAY_CHARS = 10


# --------------------------------------------------------------------------- content hash


def _normalise(value: str | None) -> str:
    """The same article re-saved with CRLF line ends, another Unicode normal form or a final
    newline is the same article: none of those may count as a revision."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


def hash_input(text: str, published: str | None, title: str | None) -> str:
    """sha256 (hex) of the normalised text, publication date and title of one article."""
    payload = json.dumps([_normalise(text), _normalise(published), _normalise(title)],
                         ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


def raw_hash(raw: RawDocument) -> str:
    """The content hash of an input article, known before any extraction runs."""
    return hash_input(raw.text, raw.published, raw.title)


def document_hash(doc: Document) -> str:
    """The content hash of a document stored without its input (``Store.add`` from the API,
    migrated v1 stores): the hash of its stored text, date and title."""
    return hash_input(doc.text, doc.published, doc.title)


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True)
class StoredMeta:
    """What the store keeps about a document beyond the contract: where it came from."""

    content_hash: str | None = None
    url: str | None = None
    pipeline: str | None = None


def _day(date: str | None) -> dt.date | None:
    if date is None or len(date) != DAY_CHARS:
        return None
    try:
        return dt.date.fromisoformat(date)
    except ValueError:
        return None


def _event_row(doc_id: str, e: Event, places: Mapping[str, Place]) -> Row:
    p = places.get(e.place) if e.place is not None else None
    return (doc_id, e.id, e.type, e.mode, list(e.context), e.cameo, e.intensity, list(e.source),
            list(e.target), e.modality, e.date, _day(e.date), e.place,
            p.name if p else None, p.lat if p else None, p.lon if p else None,
            p.country if p else None, e.fatalities, e.evidence.text, e.evidence.start,
            e.evidence.end, e.confidence, e.coder)


def document_rows(doc: Document, meta: StoredMeta | None = None) -> Rows:
    """Every row ``doc`` puts in the store, by table (schema v2)."""
    meta = meta or StoredMeta()
    places = {p.id: p for p in doc.places}
    i = doc.id
    return {
        "documents": [(i, meta.content_hash or document_hash(doc), doc.source, meta.url,
                       doc.title, doc.published, doc.published_inferred, doc.language,
                       len(doc.text), len(doc.dropped), meta.pipeline,
                       json.dumps(doc.to_dict(), ensure_ascii=False))],
        "actors": [(i, a.id, a.name, a.type, a.country, a.affiliation, a.role, a.kb,
                    len(a.mentions)) for a in doc.actors],
        "mentions": [(i, a.id, m.text, m.start, m.end) for a in doc.actors for m in a.mentions],
        "events": [_event_row(i, e, places) for e in doc.events],
        "statements": [(i, s.speaker, s.speaker_text, s.quote.text, s.quote.start, s.quote.end,
                        s.channel, s.date) for s in doc.statements],
        "times": [(i, t.text, t.start, t.end, t.value) for t in doc.times],
        "places": [(i, p.id, p.text, p.start, p.end, p.name, p.lat, p.lon, p.country, p.feature,
                    p.geonames_id, p.use) for p in doc.places],
    }


def failure_rows(failure: Failure, content_hash: str | None = None, attempts: int = 1) -> Rows:
    """The failures row of one document that could not be processed."""
    return {"failures": [(failure.id, failure.source, failure.stage, failure.code,
                          failure.reason, content_hash, attempts)]}


def merge_rows(parts: list[Rows]) -> Rows:
    """Many documents' rows as one batch (one Arrow table per table, one insert each)."""
    out: Rows = {}
    for rows in parts:
        for table, values in rows.items():
            out.setdefault(table, []).extend(values)
    return out


def arrow_table(table: str, values: list[Row]) -> pa.Table:
    """``values`` (rows of ``table``) as an Arrow table with the store's column types."""
    import pyarrow as pa

    schema = arrow_schema(table)
    columns = list(zip(*values, strict=True)) if values else [() for _ in schema]
    return pa.table([pa.array(list(col), type=f.type) for col, f in zip(columns, schema,
                                                                         strict=True)],
                    schema=schema)


def insert_rows(con: duckdb.DuckDBPyConnection, rows: Rows) -> None:
    """Insert ``rows`` through Arrow (an order of magnitude faster than ``executemany``)."""
    for table, values in rows.items():
        if not values:
            continue
        view = f"_staged_{table}"
        con.register(view, arrow_table(table, values))
        try:
            cols = ", ".join(written_columns(table))
            con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {view}")  # noqa: S608
        finally:
            con.unregister(view)


# --------------------------------------------------------------------------- contract JSON


def _span(d: Mapping[str, Any]) -> Span:
    return Span(d["text"], d["start"], d["end"])


def document_from_dict(d: Mapping[str, Any], *, published_inferred: bool = False) -> Document:
    """The ``Document`` a contract JSON object describes (the inverse of ``to_dict``)."""
    return Document(
        id=d["id"], published=d.get("published"), text=d["text"], source=d.get("source"),
        title=d.get("title"), language=d.get("language", "en"),
        dropped=tuple(Dropped(x["text"], x["reason"]) for x in d.get("dropped", [])),
        actors=tuple(Actor(a["id"], a["name"], a["type"], a.get("country"),
                           tuple(_span(m) for m in a.get("mentions", [])),
                           a.get("affiliation"), a.get("role"), a.get("kb"))
                     for a in d.get("actors", [])),
        events=tuple(Event(e["id"], e["type"], tuple(e.get("source", [])),
                           tuple(e.get("target", [])), e["modality"], e.get("date"),
                           e.get("place"), _span(e["evidence"]), e.get("mode"),
                           tuple(e.get("context") or ()), e.get("cameo"), e.get("intensity"),
                           e.get("fatalities"), e.get("confidence"), e.get("coder"))
                     for e in d.get("events", [])),
        statements=tuple(Statement(s.get("speaker"), s["speaker_text"], _span(s["quote"]),
                                   s.get("channel", "unknown"), s.get("date"))
                         for s in d.get("statements", [])),
        times=tuple(TimeExpr(t["text"], t["start"], t["end"], t.get("value"))
                    for t in d.get("times", [])),
        places=tuple(Place(p["id"], p["text"], p["start"], p["end"], p["name"], p.get("lat"),
                           p.get("lon"), p.get("country"), p.get("feature"),
                           p.get("geonames_id"), p.get("use") or "literal")
                for p in d.get("places", [])),
        published_inferred=published_inferred,
    )
