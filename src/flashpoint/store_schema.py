"""The store's schema (version 2, ``docs/store-schema.md``) as data, and its migrations.

The tables are declared once, here, as (column, SQL type) pairs. The DuckDB DDL, the Arrow
schemas that the writer and the Dask workers' Parquet files use, and the column order of every
row that ``store_rows`` builds are all derived from this one declaration, so a Parquet file
written on a Dask worker loads into the store with ``INSERT ... SELECT *`` and cannot drift
from it. Columns may be added (at the end of a table); never renamed or dropped, because other
modules and users query them by name.

A store remembers its version in ``meta.schema_version``. Opening an older store for writing
migrates it in one transaction (``MIGRATIONS``); a newer one is refused, since this code
cannot know what it would break.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

SCHEMA_VERSION = 2

Columns = tuple[tuple[str, str], ...]

#: Every table the store writes, in docs/store-schema.md's order. ``failures`` has two columns
#: beyond the agreed list (added, as the schema allows): the content hash of the input that
#: failed and how many times it was tried, which decide whether a rerun retries it.
TABLES: dict[str, Columns] = {
    "documents": (
        ("id", "VARCHAR PRIMARY KEY"), ("content_hash", "VARCHAR"), ("source", "VARCHAR"),
        ("url", "VARCHAR"), ("title", "VARCHAR"), ("published", "VARCHAR"),
        ("published_inferred", "BOOLEAN"), ("language", "VARCHAR"), ("n_chars", "INTEGER"),
        ("n_dropped", "INTEGER"), ("pipeline", "VARCHAR"), ("doc", "JSON"),
        ("stored_at", "TIMESTAMP DEFAULT current_timestamp"),
    ),
    "actors": (
        ("doc_id", "VARCHAR"), ("actor_id", "VARCHAR"), ("name", "VARCHAR"), ("type", "VARCHAR"),
        ("country", "VARCHAR"), ("affiliation", "VARCHAR"), ("role", "VARCHAR"),
        ("kb", "VARCHAR"), ("n_mentions", "INTEGER"),
    ),
    "mentions": (
        ("doc_id", "VARCHAR"), ("actor_id", "VARCHAR"), ("text", "VARCHAR"),
        ("start_char", "INTEGER"), ("end_char", "INTEGER"),
    ),
    "events": (
        ("doc_id", "VARCHAR"), ("event_id", "VARCHAR"), ("type", "VARCHAR"), ("mode", "VARCHAR"),
        ("context", "VARCHAR[]"), ("cameo", "VARCHAR"), ("intensity", "DOUBLE"),
        ("source", "VARCHAR[]"), ("target", "VARCHAR[]"), ("modality", "VARCHAR"),
        ("date", "VARCHAR"), ("day", "DATE"), ("place", "VARCHAR"), ("place_name", "VARCHAR"),
        ("lat", "DOUBLE"), ("lon", "DOUBLE"), ("place_country", "VARCHAR"),
        ("fatalities", "INTEGER"), ("evidence", "VARCHAR"), ("evidence_start", "INTEGER"),
        ("evidence_end", "INTEGER"), ("confidence", "DOUBLE"), ("coder", "VARCHAR"),
    ),
    "statements": (
        ("doc_id", "VARCHAR"), ("speaker", "VARCHAR"), ("speaker_text", "VARCHAR"),
        ("quote", "VARCHAR"), ("quote_start", "INTEGER"), ("quote_end", "INTEGER"),
        ("channel", "VARCHAR"), ("date", "VARCHAR"),
    ),
    "times": (
        ("doc_id", "VARCHAR"), ("text", "VARCHAR"), ("start_char", "INTEGER"),
        ("end_char", "INTEGER"), ("value", "VARCHAR"),
    ),
    "places": (
        ("doc_id", "VARCHAR"), ("place_id", "VARCHAR"), ("text", "VARCHAR"),
        ("start_char", "INTEGER"), ("end_char", "INTEGER"), ("name", "VARCHAR"),
        ("lat", "DOUBLE"), ("lon", "DOUBLE"), ("country", "VARCHAR"), ("feature", "VARCHAR"),
        ("geonames_id", "BIGINT"),
    ),
    "failures": (
        ("doc_id", "VARCHAR"), ("source", "VARCHAR"), ("stage", "VARCHAR"), ("code", "VARCHAR"),
        ("reason", "VARCHAR"), ("failed_at", "TIMESTAMP DEFAULT current_timestamp"),
        ("content_hash", "VARCHAR"), ("attempts", "INTEGER"),
    ),
}

#: Tables holding one document's records, keyed by ``doc_id`` (replaced with the document).
CHILD_TABLES = ("actors", "mentions", "events", "statements", "times", "places")

#: Columns filled by DuckDB defaults, not by row builders or Parquet files.
DEFAULTED = frozenset({("documents", "stored_at"), ("failures", "failed_at")})

META_DDL = "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);"


def written_columns(table: str) -> tuple[str, ...]:
    """The columns a row builder fills, in table order (defaulted timestamps left out)."""
    return tuple(name for name, _ in TABLES[table] if (table, name) not in DEFAULTED)


def ddl(version_tables: dict[str, Columns] | None = None) -> str:
    """``CREATE TABLE`` statements for every table of the current schema."""
    tables = version_tables or TABLES
    parts = [META_DDL]
    for table, cols in tables.items():
        body = ", ".join(f"{name} {sql}" for name, sql in cols)
        parts.append(f"CREATE TABLE IF NOT EXISTS {table} ({body});")
    return "\n".join(parts)


def arrow_schema(table: str) -> pa.Schema:
    """The Arrow schema of the rows ``store_rows`` builds for ``table`` (for Parquet too)."""
    import pyarrow as pa

    types: dict[str, Any] = {
        "VARCHAR": pa.string(), "JSON": pa.string(), "BOOLEAN": pa.bool_(),
        "INTEGER": pa.int32(), "BIGINT": pa.int64(), "DOUBLE": pa.float64(),
        "DATE": pa.date32(), "VARCHAR[]": pa.list_(pa.string()),
    }
    fields = [pa.field(name, types[sql.split(" ")[0]]) for name, sql in TABLES[table]
              if (table, name) not in DEFAULTED]
    return pa.schema(fields)


# --------------------------------------------------------------------------- versions


def stored_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The schema version a store declares; None for an empty file (a new store)."""
    names = {str(r[0]) for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}
    if "meta" not in names:
        # A file with tables but no meta is not one of ours; one with nothing is new.
        return None if not names else -1
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row and str(row[0]).isdigit() else -1


def _migrate_v1_to_v2(con: duckdb.DuckDBPyConnection) -> None:
    """v1 → v2: rebuild every table from the stored contract JSON.

    v1 kept each document's full contract JSON, so the new columns (mentions, offsets, ``day``,
    the event's place name and coordinates, ``kb``) can be derived exactly rather than left
    empty. The v1 tables are renamed aside, the v2 tables created and filled, the old ones
    dropped, all inside the caller's transaction. ``content_hash`` of a migrated document is
    the hash of its stored (cleaned) text, since the original input is not kept: re-ingesting
    an article whose cleaning changed its text re-extracts it once.
    """
    from .store_rows import document_from_dict, document_rows, insert_rows

    old = ("documents", "actors", "events", "statements", "times", "places", "failures")
    for table in old:
        con.execute(f"ALTER TABLE {table} RENAME TO {table}_v1")
    con.execute(ddl())
    for doc_json, inferred, stored_at in con.execute(
            "SELECT doc, published_inferred, stored_at FROM documents_v1 ORDER BY id").fetchall():
        doc = document_from_dict(json.loads(doc_json), published_inferred=bool(inferred))
        insert_rows(con, document_rows(doc))
        con.execute("UPDATE documents SET stored_at = ? WHERE id = ?", [stored_at, doc.id])
    con.execute("INSERT INTO failures (doc_id, source, stage, code, reason, failed_at, attempts) "
                "SELECT doc_id, source, stage, code, reason, failed_at, 1 FROM failures_v1")
    for table in old:
        con.execute(f"DROP TABLE {table}_v1")


#: ``MIGRATIONS[v]`` turns a version-``v`` store into a version ``v + 1`` one.
MIGRATIONS: dict[int, Callable[[duckdb.DuckDBPyConnection], None]] = {1: _migrate_v1_to_v2}


def set_version(con: duckdb.DuckDBPyConnection, version: int) -> None:
    """Record ``version`` in ``meta``."""
    con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(version)])
