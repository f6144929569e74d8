"""flashpoint: sourced, structured political event data from news text.

The small public API::

    from flashpoint import Pipeline, PipelineConfig
    doc = Pipeline().extract_text("...article...", published="2024-05-20")
    doc.to_dict()   # the flashpoint.document/1 contract

Stages, in data-flow order, are one module each: ingest, clean, nlp, actors, events, times,
geo, quotes, document; ``pipeline`` wires them and ``store`` keeps their output.
"""

from .config import PipelineConfig
from .errors import FlashpointError
from .model import Actor, Document, Event, Failure, Place, RawDocument, Span, Statement, TimeExpr
from .pipeline import Pipeline

__all__ = [
    "Actor", "Document", "Event", "Failure", "FlashpointError", "Pipeline", "PipelineConfig",
    "Place", "RawDocument", "Span", "Statement", "TimeExpr",
]
__version__ = "0.1.0"
