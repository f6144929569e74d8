"""Back references resolved the way a reader resolves them: "he", "they", "the president"."""

from __future__ import annotations

import pytest

from flashpoint.actors import resolve_references
from flashpoint.config import PipelineConfig
from flashpoint.events import token_actors
from flashpoint.ingest import read_record
from flashpoint.pipeline import Pipeline

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(PipelineConfig(clean=False))


def _refs(pipeline: Pipeline, text: str) -> dict[str, list[str]]:
    """Reference word -> names of the actors it was resolved to, in text order."""
    raw = read_record({"id": "r", "text": text}, source="test", config=pipeline.config)
    (item,) = list(pipeline.analyses([raw]))
    assert isinstance(item, tuple)
    _, analysis, _, _ = item
    names = {a.id: a.name for a in analysis.actors}
    index = token_actors(analysis.parsed, analysis.actors)
    out: dict[str, list[str]] = {}
    for ref in resolve_references(analysis.parsed, analysis.actors, index):
        out.setdefault(analysis.parsed[ref.token].lower_, []).append(names[ref.actor])
    return out


def test_reference_the_president_is_the_president_named_before(pipeline: Pipeline) -> None:
    refs = _refs(pipeline, "President Barack Obama met Vladimir Putin in Lima.\n"
                           "The president urged Mr Trump to back an investigation.")
    assert refs["president"] == ["Barack Obama"]


def test_reference_he_in_a_report_is_the_reporter(pipeline: Pipeline) -> None:
    refs = _refs(pipeline, "Barack Obama said he had warned Vladimir Putin of consequences.")
    assert refs["he"] == ["Barack Obama"]


def test_reference_they_after_people_the_story_singles_out_are_those_people(
        pipeline: Pipeline) -> None:
    refs = _refs(pipeline, "Police arrested two men in Lagos on Monday. "
                           "They were charged with robbery.")
    assert refs.get("they") == ["men"]


def test_reference_he_may_be_a_one_person_agent_the_story_names(pipeline: Pipeline) -> None:
    refs = _refs(pipeline, "Ambassador Andrei Karlov was shot at a gallery. The gunman got "
                           "into a shootout with police before he was killed.")
    assert refs.get("he") == ["gunman"]


def test_reference_she_never_means_a_man(pipeline: Pipeline) -> None:
    refs = _refs(pipeline, "Mr Tubiana met Mrs Clinton in Paris. She told reporters the talks "
                           "had failed.")
    assert refs.get("she") == ["Clinton"]  # the honorific is no part of the name


def test_reference_its_is_an_organisation_not_a_person(pipeline: Pipeline) -> None:
    refs = _refs(pipeline, "Hamas said its fighters fired rockets at Israel.")
    assert refs["its"] == ["Hamas"]


def test_reference_an_idiomatic_it_is_nobody(pipeline: Pipeline) -> None:
    refs = _refs(pipeline, "Obama told Putin to cut it out.")
    assert "it" not in refs
