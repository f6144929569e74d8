"""The batch layer: parallel, resumable ingest of many documents into the store.

Takes paths and a store file; reads the inputs, skips what is stored with the same content
hash, extracts the rest in worker processes (``pool``, one ``work`` unit per chunk) or on a
Dask cluster (``cluster``) and commits each chunk once (``runner``, with the run's state in
``plan``); ``progress`` draws the bar. Never imports service or cli.

Public names: ``run_ingest``, ``IngestOptions``, ``estimate_total``, ``DEFAULT_TIME_LIMIT``,
``IngestProgress``.
"""

from .plan import IngestOptions, estimate_total
from .progress import IngestProgress
from .runner import run_ingest
from .work import DEFAULT_TIME_LIMIT

__all__ = [
    "DEFAULT_TIME_LIMIT", "IngestOptions", "IngestProgress", "estimate_total", "run_ingest",
]
