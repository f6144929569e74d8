"""The embedded store: documents and their records in one DuckDB file (schema v2).

One row per document with its full contract JSON, flat tables of actors, mentions, events,
statements, times and places for querying (``docs/store-schema.md``), and a failures table so
that no document is lost silently. The table layout and the v1 → v2 migration live in
``schema``; what a document becomes in rows lives in ``rows``.

Writes are idempotent by content: a document carries the sha256 of its normalised input
(``content_hash``); the ingest runner skips an id already stored with the same hash before
extracting it, and a revised article (same id, new hash) replaces its old version and every
child row in one transaction. DuckDB allows one writing process per file, so there is one
writer (the ingest parent); readers (analytics, the HTTP API) use ``Store.read_only``.
"""

from __future__ import annotations

import contextlib
import errno
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from flashpoint.errors import StoreError
from flashpoint.model import Document, Failure

from .migrations import MIGRATIONS, set_version, stored_version
from .rows import Rows, StoredMeta, document_rows, failure_rows, insert_rows, merge_rows
from .schema import CHILD_TABLES, SCHEMA_VERSION, TABLES, ddl, written_columns

if TYPE_CHECKING:
    import duckdb

__all__ = ["SCHEMA_VERSION", "KnownDocuments", "Store", "Summary"]

_LOCK = re.compile(r"Conflicting lock is held in (?P<prog>.*?) \(PID (?P<pid>\d+)\)")
_DISK_FULL = ("No space left on device", "disk full", "Disk full")


def store_error(exc: BaseException, path: Path, action: str) -> StoreError:
    """A DuckDB or OS error while ``action`` on ``path``, explained with its fix."""
    text = str(exc)
    lock = _LOCK.search(text)
    if lock:
        return StoreError(f"cannot {action}: another process (PID {lock['pid']}) has it open",
                          source=str(path),
                          fix=f"wait for process {lock['pid']} to finish or stop it, or pass "
                              "another --db file (DuckDB allows one writer per file)")
    if (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or any(
            s in text for s in _DISK_FULL):
        return StoreError(f"cannot {action}: the disk is full ({text})", source=str(path),
                          fix="free disk space or pass --db on another disk, then run the same "
                              "command again: documents already stored are kept and skipped")
    if "not a valid DuckDB database" in text or "Corrupt" in text or "corrupt" in text:
        return StoreError(f"cannot {action}: the file is not a DuckDB database or is damaged",
                          source=str(path),
                          fix="move the file aside and run 'flashpoint ingest' again to rebuild "
                              "the store, or pass another --db file")
    return StoreError(f"cannot {action}: {text}", source=str(path),
                      fix="check that the path is writable and not open in another process, "
                          "or pass another --db file")


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back after a failed write; a connection too broken to roll back is left to close
    (DuckDB discards an uncommitted transaction then), so the first error is the one shown."""
    import duckdb

    with contextlib.suppress(duckdb.Error):
        con.execute("ROLLBACK")


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


@dataclass(frozen=True)
class KnownFailure:
    """A recorded failure: the input it was for and how often it was tried."""

    content_hash: str | None
    attempts: int
    code: str
    stage: str


@dataclass(frozen=True)
class KnownDocuments:
    """What a store already holds, by document id: what lets a rerun skip work."""

    hashes: dict[str, str]
    failures: dict[str, KnownFailure]


class Store:
    """A DuckDB file holding extracted documents. Use as a context manager."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        import duckdb

        self.path = Path(path)
        self.writable = not read_only
        try:
            if read_only:
                if not self.path.is_file():
                    raise StoreError("no store here", source=str(self.path),
                                     fix="run 'flashpoint ingest PATH --db FILE' first")
                self._con = duckdb.connect(str(self.path), read_only=True)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._con = duckdb.connect(str(self.path))
        except (OSError, duckdb.Error) as exc:
            raise store_error(exc, self.path, "open the store") from exc
        try:
            self._check_schema()
        except BaseException:
            self._con.close()
            raise

    @classmethod
    def read_only(cls, path: str | Path) -> Store:
        """Open an existing store for reading only (the HTTP API, analytics).

        Several read-only processes may share a file, but none while a writer has it open.
        """
        return cls(path, read_only=True)

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection, for read-only queries by analytics (do not write through it:
        writes go through ``add`` so that replacement stays transactional)."""
        return self._con

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._con.close()

    # ------------------------------------------------------------------ schema

    def _check_schema(self) -> None:
        import duckdb

        try:
            version = stored_version(self._con)
        except duckdb.Error as exc:
            raise store_error(exc, self.path, "read the store") from exc
        if version == SCHEMA_VERSION:
            return
        if version is not None and (version < 1 or version > SCHEMA_VERSION):
            what = ("was written by a newer flashpoint" if version > SCHEMA_VERSION
                    else "is a DuckDB file but not a flashpoint store")
            raise StoreError(f"{what} (schema version {version}; this one reads "
                             f"{SCHEMA_VERSION})", source=str(self.path),
                             fix="upgrade flashpoint, or pass another --db file")
        if not self.writable and version is None:
            raise StoreError("holds no flashpoint store yet", source=str(self.path),
                             fix="run 'flashpoint ingest PATH --db FILE' first")
        if not self.writable:
            raise StoreError(
                f"has schema version {version}, older than {SCHEMA_VERSION}, and is open "
                "read-only", source=str(self.path),
                fix="run 'flashpoint ingest' on it once (it migrates the file), then retry")
        self._migrate(version)

    def _migrate(self, version: int | None) -> None:
        """Create a new store, or bring an old one up to date in one transaction."""
        import duckdb

        con = self._con
        try:
            con.execute("BEGIN TRANSACTION")
            if version is None:
                con.execute(ddl())
            else:
                for v in range(version, SCHEMA_VERSION):
                    MIGRATIONS[v](con)
            set_version(con, SCHEMA_VERSION)
            con.execute("COMMIT")
        except (OSError, duckdb.Error) as exc:
            _rollback(con)
            raise store_error(exc, self.path, f"migrate the store from version {version}") \
                from exc

    # ------------------------------------------------------------------ writing

    def add(self, doc: Document, *, content_hash: str | None = None, url: str | None = None,
            pipeline: str | None = None) -> None:
        """Store ``doc``, replacing any earlier version with the same id.

        ``content_hash`` is the hash of the input (``corpus.rows.raw_hash``); without it the
        hash of the document's own text, date and title is stored.
        """
        self.write([document_rows(doc, StoredMeta(content_hash, url, pipeline))])

    def add_failure(self, failure: Failure, *, content_hash: str | None = None,
                    attempts: int = 1) -> None:
        """Record a document that could not be processed (replacing its earlier failure)."""
        self.write([failure_rows(failure, content_hash, attempts)])

    def write(self, batch: Sequence[Rows]) -> None:
        """Write a batch of documents' and failures' rows in one transaction.

        A document replaces its id's earlier document, child rows and failure; a failure
        replaces the id's earlier failure only (an older good version stays stored). Child
        tables have no index, so they are only searched for ids that are stored already: a
        new document costs no scan of tables that grow with the corpus.
        """
        import duckdb

        doc_ids = [r[0] for rows in batch for r in rows.get("documents", [])]
        failed_ids = [r[0] for rows in batch for r in rows.get("failures", [])]
        con = self._con
        try:
            con.execute("BEGIN TRANSACTION")
            try:
                self._delete(self._stored(doc_ids), ("documents", *CHILD_TABLES))
                self._delete(doc_ids + failed_ids, ("failures",))
                insert_rows(con, merge_rows(list(batch)))
                con.execute("COMMIT")
            except BaseException:
                _rollback(con)
                raise
        except (OSError, duckdb.Error) as exc:
            raise store_error(exc, self.path, "write to the store") from exc

    def _stored(self, ids: list[str]) -> list[str]:
        """Those of ``ids`` that are stored (a lookup in the primary key's index)."""
        if not ids:
            return []
        return [str(r[0]) for r in self._con.execute(
            "SELECT id FROM documents WHERE id IN (SELECT unnest(?))", [ids]).fetchall()]

    def _delete(self, ids: list[str], tables: Sequence[str]) -> None:
        if not ids:
            return
        for table in tables:
            key = "id" if table == "documents" else "doc_id"
            self._con.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT unnest(?))",  # noqa: S608
                              [ids])

    def load_parquet(self, folder: Path) -> int:
        """Load one staged partition (``<table>.parquet`` files written by
        ``corpus.rows.arrow_table`` on a Dask worker) in one transaction; return the number of
        documents added or replaced. Documents already stored with the same hash are skipped,
        so loading the same partition twice changes nothing."""
        import duckdb

        con = self._con
        src = {t: str(folder / f"{t}.parquet") for t in TABLES
               if (folder / f"{t}.parquet").exists()}
        try:
            con.execute("BEGIN TRANSACTION")
            try:
                n = self._load_partition(src)
                con.execute("COMMIT")
            except BaseException:
                _rollback(con)
                raise
        except (OSError, duckdb.Error) as exc:
            raise store_error(exc, self.path, f"load the staged partition {folder}") from exc
        return n

    def _load_partition(self, src: dict[str, str]) -> int:
        con = self._con
        con.execute("CREATE OR REPLACE TEMP TABLE _todo (id VARCHAR)")
        if "documents" in src:
            con.execute(
                "INSERT INTO _todo SELECT s.id FROM read_parquet(?) s LEFT JOIN documents d "
                "ON d.id = s.id AND d.content_hash = s.content_hash WHERE d.id IS NULL",
                [src["documents"]])
        todo = [str(r[0]) for r in con.execute("SELECT id FROM _todo").fetchall()]
        self._delete(self._stored(todo), ("documents", *CHILD_TABLES))
        self._delete(todo, ("failures",))
        for table in ("documents", *CHILD_TABLES):
            key = "id" if table == "documents" else "doc_id"
            if table in src:
                cols = ", ".join(written_columns(table))
                con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM read_parquet(?) "  # noqa: S608
                            f"WHERE {key} IN (SELECT id FROM _todo)", [src[table]])
        if "failures" in src:
            cols = ", ".join(written_columns("failures"))
            con.execute("DELETE FROM failures WHERE doc_id IN "
                        "(SELECT doc_id FROM read_parquet(?))", [src["failures"]])
            con.execute(f"INSERT INTO failures ({cols}) SELECT {cols} FROM read_parquet(?)",  # noqa: S608
                        [src["failures"]])
        con.execute("DROP TABLE _todo")
        return len(todo)

    # ------------------------------------------------------------------ reading

    def known(self) -> KnownDocuments:
        """Ids and content hashes already stored, and recorded failures (for resuming)."""
        hashes = {str(i): str(h) for i, h in self._con.execute(
            "SELECT id, content_hash FROM documents").fetchall()}
        failures = {str(r[0]): KnownFailure(r[1], int(r[2] or 1), str(r[3]), str(r[4]))
                    for r in self._con.execute(
                        "SELECT doc_id, content_hash, attempts, code, stage FROM failures"
                    ).fetchall()}
        return KnownDocuments(hashes, failures)

    def _count(self, sql: str) -> int:
        row = self._con.execute(sql).fetchone()
        return int(row[0]) if row else 0

    def summary(self, top: int = 10) -> Summary:
        """Counts of everything in the store, for ``make run`` and ``flashpoint summary``."""
        tables = ("documents", "failures", "actors", "events", "statements", "times", "places")
        counts = {t: self._count(f"SELECT count(*) FROM {t}") for t in tables}  # noqa: S608
        by_type = dict(self._con.execute(
            "SELECT type, count(*) FROM events GROUP BY type ORDER BY 2 DESC, 1").fetchall())
        top_actors = [(str(r[0]), str(r[1]), int(r[2])) for r in self._con.execute(
            "SELECT actor_id, any_value(name), sum(n_mentions) FROM actors "
            "WHERE actor_id NOT LIKE 'GEN.%' GROUP BY actor_id "  # generic agents: no identity
            "ORDER BY 3 DESC, 1 LIMIT ?", [top]).fetchall()]
        return Summary(
            documents=counts["documents"], failures=counts["failures"], actors=counts["actors"],
            distinct_actors=self._count("SELECT count(DISTINCT actor_id) FROM actors"),
            events=counts["events"], statements=counts["statements"], times=counts["times"],
            places=counts["places"], events_by_type=by_type, top_actors=top_actors)
