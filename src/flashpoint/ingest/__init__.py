"""The ingest stage: files, stdin, records and HTML in; ``RawDocument`` and clean text out.

Takes paths, bytes or JSONL records; gives ``RawDocument`` records (text decoded, published
date parsed or inferred, language checked) and, through the registered ``clean.rules.v1``
stage, the article body with its boilerplate recorded as ``Dropped``. Modules: ``read``
(inputs and records), ``decoding`` (bytes to text), ``html`` (pages), ``published`` (dates),
``language``, ``clean`` (boilerplate), ``dateline`` (the "CITY (Agency) —" opening).

Public names: ``read_paths``, ``read_record``, ``read_bytes``, ``directory_files``,
``EXTENSIONS``, ``check_language``, ``parse_published``, ``dateline_spans``,
``dateline_places``.
"""

from . import clean  # noqa: F401  (registers the clean stage)
from .dateline import dateline_places, dateline_spans
from .language import check_language
from .published import parse_published
from .read import directory_files, read_paths
from .record import EXTENSIONS, read_bytes, read_record

__all__ = [
    "EXTENSIONS", "check_language", "dateline_places", "dateline_spans", "directory_files",
    "parse_published", "read_bytes", "read_paths", "read_record",
]
