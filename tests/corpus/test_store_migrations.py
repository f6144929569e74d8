"""Schema versions: a real v1 file (the DDL in git before v2) opens and becomes current; a
v2 file gains v3's ``places.usage``."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from flashpoint.corpus.rows import document_hash
from flashpoint.corpus.store import Store
from flashpoint.errors import StoreError

from .test_store_schema import rich_doc

#: The v1 DDL exactly as src/flashpoint/store.py had it (schema_version 1).
V1_DDL = """
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


def make_v1(path: Path) -> None:
    """A v1 store written the way v1's ``Store.add`` wrote it: two documents, one failure."""
    con = duckdb.connect(str(path))
    con.execute(V1_DDL)
    con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', '1')")
    for doc in (rich_doc("d1", n_events=2), rich_doc("d2")):
        con.execute("INSERT INTO documents (id, source, title, published, published_inferred, "
                    "language, n_chars, n_dropped, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [doc.id, doc.source, doc.title, doc.published, True, doc.language,
                     len(doc.text), 0, json.dumps(doc.to_dict())])
        for a in doc.actors:
            con.execute("INSERT INTO actors VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        [doc.id, a.id, a.name, a.type, a.country, None, None, len(a.mentions)])
        for e in doc.events:
            con.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [doc.id, e.id, e.type, None, None, e.intensity, list(e.source),
                         list(e.target), e.modality, e.date, e.place, None, e.evidence.text,
                         None, None])
    con.execute("INSERT INTO failures (doc_id, source, stage, code, reason) "
                "VALUES ('bad', 'x.txt', 'ingest', 'FP101', 'empty')")
    con.close()


def test_store_migrates_a_v1_file_to_the_current_version(tmp_path: Path) -> None:
    path = tmp_path / "v1.duckdb"
    make_v1(path)
    with Store(path) as store:
        con = store.connection
        assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'"
                           ).fetchone() == ("3",)
        assert con.execute("SELECT DISTINCT usage FROM places").fetchall() == [("literal",)]
        s = store.summary()
        assert (s.documents, s.events, s.failures, s.places, s.statements) == (2, 3, 1, 2, 2)
        ev = con.execute("SELECT place_name, evidence_start, day FROM events "
                         "WHERE doc_id = 'd2'").fetchone()
        assert ev is not None and ev[:2] == ("Tehran", 0) and str(ev[2]) == "2024-05-02"
        assert con.execute("SELECT count(*) FROM mentions").fetchone() == (4,)
        assert store.known().hashes["d2"] == document_hash(rich_doc("d2"))
        inferred = con.execute("SELECT bool_and(published_inferred) FROM documents").fetchone()
        assert inferred == (True,)
        assert store.known().failures["bad"].attempts == 1
        store.add(rich_doc("d3"))  # and it is a working store
    with Store(path) as store:  # reopening a migrated store changes nothing
        assert store.summary().documents == 3


def test_store_migrates_a_v2_file_to_v3_places_usage(tmp_path: Path) -> None:
    path = tmp_path / "v2.duckdb"
    with Store(path) as store:
        store.add(rich_doc("d1"))
        con = store.connection
        con.execute("ALTER TABLE places DROP COLUMN usage")
        con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    with Store(path) as store:
        con = store.connection
        assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'"
                           ).fetchone() == ("3",)
        assert con.execute("SELECT DISTINCT usage FROM places").fetchall() == [("literal",)]
        store.add(rich_doc("d2"))
        assert store.summary().documents == 2


def test_store_v1_file_read_only_asks_for_a_migration(tmp_path: Path) -> None:
    path = tmp_path / "v1.duckdb"
    make_v1(path)
    with pytest.raises(StoreError, match="flashpoint ingest"):
        Store.read_only(path)


def test_store_refuses_a_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "v9.duckdb"
    with Store(path) as store:
        store.connection.execute("UPDATE meta SET value = '9' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="newer flashpoint"):
        Store(path)


def test_store_refuses_a_duckdb_file_that_is_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE sales (x INTEGER)")
    con.close()
    with pytest.raises(StoreError, match="not a flashpoint store"):
        Store(path)
