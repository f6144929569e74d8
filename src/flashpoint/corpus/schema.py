"""The store's schema (version 3, ``docs/store-schema.md``) as data, and its migrations.

The tables are declared once, here, as (column, SQL type) pairs. The DuckDB DDL, the Arrow
schemas that the writer and the Dask workers' Parquet files use, and the column order of every
row that ``rows`` builds are all derived from this one declaration, so a Parquet file
written on a Dask worker loads into the store with ``INSERT ... SELECT *`` and cannot drift
from it. Columns may be added (at the end of a table); never renamed or dropped, because other
modules and users query them by name.

A store remembers its version in ``meta.schema_version``. Opening an older store for writing
migrates it in one transaction (``MIGRATIONS``); a newer one is refused, since this code
cannot know what it would break.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

SCHEMA_VERSION = 3

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
        ("geonames_id", "BIGINT"), ("usage", "VARCHAR"),
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
    """The Arrow schema of the rows ``rows`` builds for ``table`` (for Parquet too)."""
    import pyarrow as pa

    types: dict[str, Any] = {
        "VARCHAR": pa.string(), "JSON": pa.string(), "BOOLEAN": pa.bool_(),
        "INTEGER": pa.int32(), "BIGINT": pa.int64(), "DOUBLE": pa.float64(),
        "DATE": pa.date32(), "VARCHAR[]": pa.list_(pa.string()),
    }
    fields = [pa.field(name, types[sql.split(" ")[0]]) for name, sql in TABLES[table]
              if (table, name) not in DEFAULTED]
    return pa.schema(fields)


