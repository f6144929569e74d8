"""What the HTTP API holds while it runs: the store connection, worker threads, the extractors.

Blocking work never runs on the event loop. Store queries run on a small thread pool, each on
its own DuckDB cursor (a connection is not safe to share between threads; a cursor is cheap),
and a query over the time limit is interrupted (``cursor.interrupt``) so that its thread is
freed, not just abandoned. Extraction runs in killable worker processes
(``batch.Extractor``): a document past the time limit or the memory limit has its worker
killed and replaced, so its work stops with the 504 (or 413), and the other workers go on
answering ordinary requests meanwhile.

DuckDB allows one writer per file. A read-only server opens the store with
``Store.read_only``; with ``allow_ingest`` it opens it read-write once, reads through cursors
of that one database, and serialises writes with a lock.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from flashpoint.batch import DEFAULT_MAX_MEMORY_MB, Extractor
from flashpoint.config import PipelineConfig
from flashpoint.corpus import Store
from flashpoint.errors import InputError, StoreError
from flashpoint.model import Document, Failure, RawDocument

from .errors import RequestTimeoutError
from .models import ArticleIn, IngestOut
from .queries import ActorNames

if TYPE_CHECKING:
    import duckdb


T = TypeVar("T")
log = logging.getLogger("flashpoint.api")

#: Threads answering store queries at once. DuckDB parallelises one query over the cores
#: itself, so a few threads suffice to overlap one request's Python work (DataFrame to JSON)
#: with another's SQL; on 2 cores, 1 and 4 clients of bench/load_api.py got the same
#: throughput, so more threads would only lengthen the queue inside DuckDB.
QUERY_WORKERS = 4

#: Threads preparing documents (reading, HTML) and driving the extraction workers.
EXTRACT_WORKERS = 4
#: Extraction worker processes: two, so that one oversized document being stopped never
#: blocks ordinary requests (bench/load_api.py measures it); each holds the pipeline
#: (430-550 MB).
EXTRACT_PROCESSES = 2

#: The ``source`` recorded for an article posted without one: where it came from.
API_SOURCE = "http"


@dataclass(frozen=True)
class Outcome:
    """One posted article after ``/ingest``: stored, unchanged (same content already stored),
    or failed (with the stage and reason)."""

    id: str
    status: str
    failure: Failure | None = None


class Runtime:
    """The store, the thread pools and the lazily loaded pipeline of one app."""

    def __init__(self, db_path: str | Path, *, writable: bool, time_limit_s: float,
                 pipeline_config: PipelineConfig | None,
                 max_memory_mb: float = DEFAULT_MAX_MEMORY_MB,
                 extract_processes: int = EXTRACT_PROCESSES) -> None:
        self.db_path = Path(db_path)
        self.writable = writable
        self.time_limit_s = time_limit_s
        self.config = pipeline_config or PipelineConfig()
        self.max_memory_mb = max_memory_mb
        self.extract_processes = extract_processes
        self._extractor: Extractor | None = None
        self._write_lock = threading.Lock()
        self._cursor_lock = threading.Lock()
        self._pipeline_lock = threading.Lock()
        self.names = ActorNames()
        self.links = False
        self._state_lock = threading.Lock()
        self._open = False
        self.open()

    def open(self) -> None:
        """Open the store and start the worker threads (again, after ``close``: an app may
        live through several ASGI lifespans, as under a test client)."""
        with self._state_lock:
            if not self._open:
                self._start()

    def _start(self) -> None:
        self.store = Store(self.db_path) if self.writable else Store.read_only(self.db_path)
        # Cursors are made from this one, never from the writer's own connection, which may
        # be in the middle of a transaction on the extraction thread.
        self._root = self.store.connection.cursor()
        self._queries = ThreadPoolExecutor(QUERY_WORKERS, thread_name_prefix="fp-query")
        self._extract = ThreadPoolExecutor(EXTRACT_WORKERS, thread_name_prefix="fp-extract")
        self._open = True
        if self.writable:  # build the canonical events now, not inside the first read request
            self._refresh_canonical()
        else:
            self._check_links(warn_stale=True)

    def close(self) -> None:
        """Stop the worker threads (running work finishes) and close the store."""
        with self._state_lock:
            if not self._open:
                return
            self._open = False
        self._queries.shutdown(wait=True, cancel_futures=True)
        self._extract.shutdown(wait=True, cancel_futures=True)
        with self._pipeline_lock:
            if self._extractor is not None:
                self._extractor.close()
                self._extractor = None
        self._root.close()
        self.store.close()

    # ------------------------------------------------------------------ time limits

    async def _limited(self, fut: Future[T], on_timeout: Callable[[], None] | None = None) -> T:
        try:
            return await asyncio.wait_for(asyncio.wrap_future(fut), self.time_limit_s)
        except TimeoutError:
            fut.cancel()
            if on_timeout is not None:
                on_timeout()
            raise RequestTimeoutError(
                f"the request ran longer than the server's time limit of {self.time_limit_s:g} s",
                fix="narrow the query (dates, actor, type) or a smaller page; for long articles "
                    "or big batches use 'flashpoint ingest' on files") from None

    async def query(self, fn: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        """Run ``fn`` on a fresh cursor on a query thread, within the time limit."""
        cursor = self._cursor()

        def work() -> T:
            try:
                return fn(cursor)
            finally:
                cursor.close()

        return await self._limited(self._queries.submit(work), cursor.interrupt)

    async def extract(self, article: ArticleIn) -> Document | Failure:
        """Extract one posted article in a worker process, within the time and memory limits
        (past either the worker is killed: the error answers the request)."""
        self.open()
        field = "html" if article.html is not None else "text"
        fut = self._extract.submit(self._extract_one, article, field)
        return await asyncio.wrap_future(fut)

    async def ingest(self, articles: Sequence[ArticleIn]) -> list[Outcome]:
        """Extract and store posted articles. An article already stored with the same content
        is not extracted again. All are written in one transaction, and only if the request
        is still within its time limit: a 504 stores nothing, so a retry is always safe."""
        self.open()
        cancelled = threading.Event()
        fut = self._extract.submit(self._ingest_all, list(articles), cancelled)
        return await self._limited(fut, cancelled.set)

    def warm_up(self) -> None:
        """Start the extraction workers in the background, so the first ``/extract`` is fast."""
        self._extract.submit(self.extractor)

    def extractor(self) -> Extractor:
        """The extraction workers of this app, started on first use."""
        with self._pipeline_lock:
            if self._extractor is None:
                extractor = Extractor(self.config, workers=self.extract_processes,
                                      max_memory_mb=self.max_memory_mb,
                                      on_kill=lambda why: log.warning(
                                          "extraction worker killed (%s) and replaced", why))
                extractor.start()
                self._extractor = extractor
            return self._extractor

    # ------------------------------------------------------------------ on worker threads

    def _raw(self, article: ArticleIn, where: str) -> RawDocument:
        from flashpoint.ingest import read_bytes, read_record

        source = article.source or API_SOURCE
        if article.html is not None:
            raw = read_bytes(article.html.encode("utf-8", "surrogatepass"), source=where,
                             config=self.config, doc_id=article.id,
                             published=article.published, media_type="html")
            raw = replace(raw, title=article.title or raw.title, url=article.url or raw.url)
        else:
            record = {"text": article.text, "id": article.id, "title": article.title,
                      "url": article.url}
            raw = read_record(record, source=where, config=self.config,
                              published=article.published)
        return replace(raw, source=source)

    def _extract_one(self, article: ArticleIn, where: str) -> Document | Failure:
        started = time.monotonic()
        try:
            raw = self._raw(article, where)
        except InputError as exc:
            return Failure(article.id or where, article.source, "ingest", exc.render(), exc.code)
        left = max(0.1, self.time_limit_s - (time.monotonic() - started))
        return self.extractor().extract(raw, left)

    def _ingest_all(self, articles: list[ArticleIn], cancelled: threading.Event) -> list[Outcome]:
        from flashpoint.corpus import StoredMeta, document_rows, failure_rows, raw_hash
        from flashpoint.pipeline import describe

        described = json.dumps(describe(self.config), sort_keys=True)
        outcomes: list[Outcome] = []
        rows: dict[str, Any] = {}  # by id: an id posted twice is stored once, the last wins
        todo: list[tuple[RawDocument, str]] = []
        for i, article in enumerate(articles):
            where = f"documents[{i}]"
            try:
                raw = self._raw(article, where)
            except InputError as exc:
                failure = Failure(article.id or where, article.source, "ingest", exc.render(),
                                  exc.code)
                outcomes.append(Outcome(failure.id, "failed", failure))
                rows[failure.id] = failure_rows(failure)
                continue
            digest = raw_hash(raw)
            if self._stored_hash(raw.id) == digest:
                outcomes.append(Outcome(raw.id, "unchanged"))
            else:
                todo.append((raw, digest))
        extractor = self.extractor()
        for raw, digest in todo:
            if cancelled.is_set():
                return []
            result = extractor.extract(raw, self.time_limit_s)
            if isinstance(result, Failure):
                outcomes.append(Outcome(result.id, "failed", result))
                rows[result.id] = failure_rows(result, digest)
            else:
                outcomes.append(Outcome(result.id, "stored"))
                rows[result.id] = document_rows(result, StoredMeta(digest, raw.url, described))
        with self._write_lock:
            if cancelled.is_set():
                return []
            if rows:
                self.store.write(list(rows.values()))
                self.names.clear()
            if any(o.status == "stored" for o in outcomes):
                self._refresh_canonical()
        return outcomes

    def _refresh_canonical(self) -> None:
        """Rebuild the deduplicated events after a write. A failure is logged, not raised:
        the documents are stored, and the next refresh (or ``flashpoint dedup``) catches up."""
        from flashpoint.corpus import dedup

        try:
            dedup.refresh(self.store)
        except StoreError as exc:
            log.warning("canonical events not refreshed: %s", exc.render())
        self._check_links(warn_stale=False)

    def _check_links(self, *, warn_stale: bool) -> None:
        """Whether ``/events`` can name each mention's canonical event: checked when the store
        opens and after each write, not per request (see ``corpus.event_query``)."""
        from flashpoint.corpus import dedup, links_readable

        with self._cursor_lock:
            cursor = self._root.cursor()
        try:
            self.links = links_readable(cursor)
            if warn_stale and self.links and not dedup.is_fresh(cursor):
                log.warning("%s: the canonical events predate the latest documents; run "
                            "'flashpoint dedup --db %s' to refresh them", self.db_path,
                            self.db_path)
        finally:
            cursor.close()

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        self.open()  # a request outside a lifespan (a bare ASGI call) reopens a closed app
        with self._cursor_lock:
            return self._root.cursor()

    def _stored_hash(self, doc_id: str) -> str | None:
        cursor = self._cursor()
        try:
            row = cursor.execute("SELECT content_hash FROM documents WHERE id = ?",
                                 [doc_id]).fetchone()
        finally:
            cursor.close()
        return None if row is None else str(row[0])


def ingest_answer(outcomes: Sequence[Outcome]) -> IngestOut:
    """What ``POST /ingest`` answers: counts by status and each failure's id, stage, reason."""
    failures = [o.failure for o in outcomes if o.failure is not None]
    return IngestOut.model_validate({
        "stored": sum(o.status == "stored" for o in outcomes),
        "unchanged": sum(o.status == "unchanged" for o in outcomes),
        "failed": len(failures),
        "failures": [{"id": f.id, "stage": f.stage, "reason": f.reason} for f in failures]})
