"""flashpoint: sourced, structured political event data from news text.

The small public API::

    from flashpoint import Pipeline, PipelineConfig
    doc = Pipeline().extract_text("...article...", published="2024-05-20")
    doc.to_dict()   # the flashpoint.document/1 contract

The folder tree is the data flow: the stage packages ``ingest`` (reading and cleaning),
``actors``, ``times``, ``places``, ``quotes`` and ``events`` each fill one part of a
``Document``; ``pipeline`` wires them over one spaCy parse (``nlp``); then the layers above:
``corpus`` (store, dedup, analytics, exports), ``batch`` (parallel ingest), ``service`` (the
HTTP API and dashboard), ``cli.main`` and ``evaluation``. The layering is an import contract
(``[tool.importlinter]`` in pyproject.toml).
"""

from .config import PipelineConfig
from .errors import FlashpointError
from .model import Actor, Document, Event, Failure, Place, RawDocument, Span, Statement, TimeExpr
from .pipeline import Pipeline
from .version import __version__

__all__ = [
    "Actor", "Document", "Event", "Failure", "FlashpointError", "Pipeline", "PipelineConfig",
    "Place", "RawDocument", "Span", "Statement", "TimeExpr", "__version__",
]
