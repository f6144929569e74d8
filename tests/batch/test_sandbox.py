"""Extraction that cannot take its caller hostage (issue 15, finding 1).

A document past its time limit or memory limit has its worker process killed and replaced:
the caller gets the error at once, the work stops (the process is gone), and the other
workers go on answering. Real spawned processes, a real spaCy model.
"""

from __future__ import annotations

import time

import pytest

from flashpoint.batch import Extractor
from flashpoint.config import PipelineConfig
from flashpoint.errors import DocumentTooLargeError, TimeLimitError
from flashpoint.ingest import read_record
from flashpoint.model import Document

pytestmark = pytest.mark.slow

SHORT = "Rebels attacked an army base in Goma on Sunday, killing three soldiers, the army said."
#: About 60,000 words: minutes for the pipeline, so a 1-second limit always stops it.
LONG = " ".join([SHORT] * 4000)


def _raw(text: str, doc_id: str) -> object:
    config = PipelineConfig(clean=False, max_chars=1_000_000)
    return read_record({"id": doc_id, "text": text}, source="test", config=config)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    config = PipelineConfig(clean=False, max_chars=1_000_000)
    with Extractor(config, workers=2) as ex:
        yield ex


def test_sandbox_extracts_an_ordinary_article(extractor: Extractor) -> None:
    doc = extractor.extract(_raw(SHORT, "short"), 30)  # type: ignore[arg-type]
    assert isinstance(doc, Document)
    assert any(e.type == "ASSAULT" for e in doc.events)


def test_sandbox_stops_a_document_past_its_time_limit_and_keeps_serving(
        extractor: Extractor) -> None:
    kills = extractor.kills
    started = time.monotonic()
    with pytest.raises(TimeLimitError, match="stopped"):
        extractor.extract(_raw(LONG, "long"), 1.0)  # type: ignore[arg-type]
    assert time.monotonic() - started < 1.0 + 2.0  # answered within the limit + 2 s
    assert extractor.kills == kills + 1  # the worker was killed: its work stopped
    # The other worker answers at once while the killed one is replaced.
    started = time.monotonic()
    doc = extractor.extract(_raw(SHORT, "after"), 30)  # type: ignore[arg-type]
    assert isinstance(doc, Document)
    assert time.monotonic() - started < 5.0


def test_sandbox_stops_a_document_past_its_memory_limit() -> None:
    config = PipelineConfig(clean=False, max_chars=1_000_000)
    with (Extractor(config, workers=1, max_memory_mb=150) as ex,  # under a loaded pipeline
          pytest.raises(DocumentTooLargeError, match="150 MB")):
        ex.extract(_raw(LONG, "big"), 120)  # type: ignore[arg-type]
