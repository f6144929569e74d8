"""Store versions and the migrations between them.

A store declares its schema version in ``meta``; ``MIGRATIONS[v]`` upgrades a version-``v``
file to ``v + 1`` inside the caller's transaction. Migrations rebuild rows with ``rows``
from the layout in ``schema``, so this module sits above both (and neither imports it).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from .rows import document_from_dict, document_rows, insert_rows
from .schema import ddl

if TYPE_CHECKING:
    import duckdb



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
    the event's place name and coordinates, ``actors.kb``) can be derived exactly rather than left
    empty. The v1 tables are renamed aside, the v2 tables created and filled, the old ones
    dropped, all inside the caller's transaction. ``content_hash`` of a migrated document is
    the hash of its stored (cleaned) text, since the original input is not kept: re-ingesting
    an article whose cleaning changed its text re-extracts it once.
    """
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


def _migrate_v2_to_v3(con: duckdb.DuckDBPyConnection) -> None:
    """v2 → v3: ``places.usage`` (how the text uses each place: literal, modifier, metonymic,
    embedded). Places stored by v2 were all read as literal places (demonyms and metonymic
    agents were not places then), so they are marked so. ``IF NOT EXISTS``: a v1 file
    migrated to v2 in the same run already has the column."""
    con.execute("ALTER TABLE places ADD COLUMN IF NOT EXISTS usage VARCHAR")
    con.execute("UPDATE places SET usage = 'literal' WHERE usage IS NULL")


#: ``MIGRATIONS[v]`` turns a version-``v`` store into a version ``v + 1`` one.
MIGRATIONS: dict[int, Callable[[duckdb.DuckDBPyConnection], None]] = {
    1: _migrate_v1_to_v2, 2: _migrate_v2_to_v3}


def set_version(con: duckdb.DuckDBPyConnection, version: int) -> None:
    """Record ``version`` in ``meta``."""
    con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(version)])


__all__ = ["MIGRATIONS", "set_version", "stored_version"]
