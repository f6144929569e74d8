"""The batch layer: parallel, resumable ingest of many documents into the store.

Takes paths and a store file; reads the inputs, skips what is stored with the same content
hash, extracts the rest in worker processes (``pool``, one ``work`` unit per chunk) or on a
Dask cluster (``cluster``) and commits each chunk once (``runner``, with the run's state in
``plan``); ``progress`` draws the bar; ``sandbox`` extracts single documents in killable
worker processes with time and memory limits (``flashpoint serve`` and ``extract``). Never
imports service or cli.

Public names: ``run_ingest``, ``IngestOptions``, ``estimate_total``, ``DEFAULT_TIME_LIMIT``,
``IngestProgress``, ``Extractor``, ``DEFAULT_MAX_MEMORY_MB``.
"""

from .plan import IngestOptions, estimate_total
from .progress import IngestProgress
from .runner import run_ingest
from .sandbox import DEFAULT_MAX_MEMORY_MB, Extractor
from .work import DEFAULT_TIME_LIMIT

__all__ = [
    "DEFAULT_MAX_MEMORY_MB", "DEFAULT_TIME_LIMIT", "Extractor", "IngestOptions",
    "IngestProgress", "estimate_total", "run_ingest",
]
