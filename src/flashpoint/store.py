"""The embedded store: documents and their records in one DuckDB file.

This is the first version of the corpus store (issue 3 needs it for ``make run``): one row per
document with its full contract JSON, flat tables of actors, events, statements, times and
places for querying, and a failures table so that no document is lost silently. Writing a
document is idempotent: the same document id replaces its earlier rows in one transaction.
Issue 7 extends this with migrations, content-hash revisions, deduplication and analytics.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from .errors import StoreError
from .model import Document, Failure

SCHEMA_VERSION = 1

_DDL = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS documents (
    id VARCHAR PRIMARY KEY, source VARCHAR, title VARCHAR, published VARCHAR,
    published_inferred BOOLEAN, language VARCHAR, n_chars INTEGER, n_dropped INTEGER,
    doc JSON, stored_at TIMESTAMP DEFAULT current_timestamp);
CREATE TABLE IF NOT EXISTS actors (
    doc_id VARCHAR, actor_id VARCHAR, name VARCHAR, type VARCHAR, country VARCHAR,
    affiliation VARCHAR, role VARCHAR, n_mentions INTEGER);
CREATE TABLE IF NOT EXISTS events (
    doc_id VARCHAR, event_id VARCHAR, type VARCHAR, mode VARCHAR, cameo VARCHAR,
    intensity DOUBLE, source VARCHAR[], target VARCHAR[], modality VARCHAR, date VARCHAR,
    place VARCHAR, fatalities INTEGER, evidence VARCHAR, confidence DOUBLE, coder VARCHAR);
CREATE TABLE IF NOT EXISTS statements (
    doc_id VARCHAR, speaker VARCHAR, speaker_text VARCHAR, quote VARCHAR, channel VARCHAR,
    date VARCHAR);
CREATE TABLE IF NOT EXISTS times (
    doc_id VARCHAR, text VARCHAR, start_char INTEGER, end_char INTEGER, value VARCHAR);
CREATE TABLE IF NOT EXISTS places (
    doc_id VARCHAR, place_id VARCHAR, text VARCHAR, name VARCHAR, lat DOUBLE, lon DOUBLE,
    country VARCHAR, feature VARCHAR, geonames_id BIGINT);
CREATE TABLE IF NOT EXISTS failures (
    doc_id VARCHAR, source VARCHAR, stage VARCHAR, code VARCHAR, reason VARCHAR,
    failed_at TIMESTAMP DEFAULT current_timestamp);
"""

_CHILD_TABLES = ("actors", "events", "statements", "times", "places")


@dataclass(frozen=True)
class Summary:
    """Counts for a readable overview of a store."""

    documents: int
    failures: int
    actors: int
    distinct_actors: int
    events: int
    statements: int
    times: int
    places: int
    events_by_type: dict[str, int]
    top_actors: list[tuple[str, str, int]]


class Store:
    """A DuckDB file holding extracted documents. Use as a context manager."""

    def __init__(self, path: str | Path) -> None:
        import duckdb

        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._con = duckdb.connect(str(self.path))
            self._con.execute(_DDL)
            self._con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                              [str(SCHEMA_VERSION)])
        except (OSError, duckdb.Error) as exc:
            raise StoreError(f"cannot open the store: {exc}", source=str(self.path),
                             fix="check the path is writable and not open in another "
                                 "process, or pass another --db file") from exc

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._con.close()

    def add(self, doc: Document) -> None:
        """Store ``doc``, replacing any earlier version with the same id."""
        d = doc.to_dict()
        con = self._con
        con.execute("BEGIN TRANSACTION")
        try:
            for table in ("documents", *_CHILD_TABLES, "failures"):
                key = "id" if table == "documents" else "doc_id"
                con.execute(f"DELETE FROM {table} WHERE {key} = ?", [doc.id])  # noqa: S608
            con.execute(
                "INSERT INTO documents (id, source, title, published, published_inferred, "
                "language, n_chars, n_dropped, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [doc.id, doc.source, doc.title, doc.published, doc.published_inferred,
                 doc.language, len(doc.text), len(doc.dropped), json.dumps(d)])
            self._add_children(doc)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise

    def _add_children(self, doc: Document) -> None:
        rows: dict[str, list[list[Any]]] = {
            "actors": [[doc.id, a.id, a.name, a.type, a.country, a.affiliation, a.role,
                        len(a.mentions)] for a in doc.actors],
            "events": [[doc.id, e.id, e.type, e.mode, e.cameo, e.intensity, list(e.source),
                        list(e.target), e.modality, e.date, e.place, e.fatalities,
                        e.evidence.text, e.confidence, e.coder] for e in doc.events],
            "statements": [[doc.id, s.speaker, s.speaker_text, s.quote.text, s.channel, s.date]
                           for s in doc.statements],
            "times": [[doc.id, t.text, t.start, t.end, t.value] for t in doc.times],
            "places": [[doc.id, p.id, p.text, p.name, p.lat, p.lon, p.country, p.feature,
                        p.geonames_id] for p in doc.places],
        }
        for table, values in rows.items():
            if values:
                marks = ", ".join("?" * len(values[0]))
                self._con.executemany(f"INSERT INTO {table} VALUES ({marks})", values)  # noqa: S608

    def add_failure(self, failure: Failure) -> None:
        """Record a document that could not be processed."""
        self._con.execute("DELETE FROM failures WHERE doc_id = ?", [failure.id])
        self._con.execute(
            "INSERT INTO failures (doc_id, source, stage, code, reason) VALUES (?, ?, ?, ?, ?)",
            [failure.id, failure.source, failure.stage, failure.code, failure.reason])

    def _count(self, sql: str) -> int:
        row = self._con.execute(sql).fetchone()
        return int(row[0]) if row else 0

    def summary(self, top: int = 10) -> Summary:
        """Counts of everything in the store, for ``make run`` and ``flashpoint summary``."""
        counts = {t: self._count(f"SELECT count(*) FROM {t}")  # noqa: S608
                  for t in ("documents", "failures", *_CHILD_TABLES)}
        by_type = dict(self._con.execute(
            "SELECT type, count(*) FROM events GROUP BY type ORDER BY 2 DESC").fetchall())
        top_actors = [(str(r[0]), str(r[1]), int(r[2])) for r in self._con.execute(
            "SELECT actor_id, any_value(name), sum(n_mentions) FROM actors "
            "WHERE actor_id NOT LIKE 'GEN.%' GROUP BY actor_id "  # generic agents: no identity
            "ORDER BY 3 DESC, 1 LIMIT ?", [top]).fetchall()]
        return Summary(
            documents=counts["documents"], failures=counts["failures"], actors=counts["actors"],
            distinct_actors=self._count("SELECT count(DISTINCT actor_id) FROM actors"),
            events=counts["events"], statements=counts["statements"], times=counts["times"],
            places=counts["places"], events_by_type=by_type, top_actors=top_actors)
