"""The corpus layer: the embedded store, cross-article dedup, analytics and exports.

Takes contract ``Document`` records; keeps them in one DuckDB file (``store``, with the
table layout in ``schema``, document rows in ``rows`` and upgrades in ``migrations``), merges
the same real-world event told by several articles (``dedup``), answers analytical
questions (``analytics``, with parameters checked in ``params`` and the one event query in
``event_query``) and writes exports (``exports``). Never imports batch, service or cli.

Public names: ``Store``, ``KnownDocuments``, ``TABLES``, ``Rows``, ``StoredMeta``,
``raw_hash``, ``document_rows``, ``failure_rows``, ``merge_rows``, ``arrow_table``,
``refresh``, ``EventFilter``, ``links_readable``, ``page_cursor``, ``QueryError`` and the
modules ``analytics`` (the Python API of pandas DataFrames), ``dedup`` and ``exports``.
"""

from . import analytics, dedup, exports
from .dedup import refresh
from .event_query import EventFilter, links_readable, page_cursor
from .params import QueryError
from .rows import Rows, StoredMeta, arrow_table, document_rows, failure_rows, merge_rows, raw_hash
from .schema import TABLES
from .store import KnownDocuments, Store

__all__ = [
    "TABLES", "EventFilter", "KnownDocuments", "QueryError", "Rows", "Store", "StoredMeta",
    "analytics", "arrow_table", "dedup", "document_rows", "exports", "failure_rows",
    "links_readable", "merge_rows", "page_cursor", "raw_hash", "refresh",
]
