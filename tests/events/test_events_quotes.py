"""Quoted speech as events: the speaker acts, a threat made is asserted, the act is not."""

from __future__ import annotations

import pytest

from flashpoint.config import PipelineConfig
from flashpoint.ingest.read import read_record
from flashpoint.model import Document
from flashpoint.pipeline import Pipeline

ARTICLE = (
    "Iran's foreign minister Abbas Araqchi warned Israel on Saturday against any attack.\n\n"
    "\"We will respond with force to any aggression,\" Araqchi said in a statement. "
    "\"If they strike us, we will hit back harder.\"\n\n"
    "Residents said the market was calm on Sunday.\n"
)


@pytest.fixture(scope="module")
def doc() -> Document:
    pipe = Pipeline(PipelineConfig(clean=False))
    result = pipe.extract(read_record({"id": "q", "text": ARTICLE, "published": "2025-05-04"},
                                      source="test", config=pipe.config))
    assert isinstance(result, Document)
    return result


def _speaker(doc: Document) -> str:
    ids = {s.speaker for s in doc.statements if s.speaker}
    assert len(ids) == 1, doc.statements
    return ids.pop()


def test_a_quote_announcing_force_is_a_threat_by_its_speaker(doc: Document) -> None:
    speaker = _speaker(doc)
    threats = [e for e in doc.events if e.type == "THREATEN" and "respond with force"
               in e.evidence.text]
    assert threats, [(e.type, e.evidence.text) for e in doc.events]
    assert threats[0].source == (speaker,)
    assert threats[0].modality == "asserted"
    assert threats[0].coder == "events.quotes.v1"


def test_the_conditional_attack_in_a_quote_is_not_asserted(doc: Document) -> None:
    line = [e for e in doc.events if "hit back" in e.evidence.text]
    assert any(e.type == "THREATEN" and e.modality == "asserted" for e in line)
    assert not any(e.type == "ASSAULT" and e.modality == "asserted" for e in line)


def test_evidence_is_one_trimmed_sentence(doc: Document) -> None:
    for e in doc.events:
        assert e.evidence.text == e.evidence.text.strip()
        assert doc.text[e.evidence.start:e.evidence.end] == e.evidence.text
        assert "\n" not in e.evidence.text


def test_no_threat_without_a_quote(doc: Document) -> None:
    assert not [e for e in doc.events if "market was calm" in e.evidence.text]


BLAMED = ('Hillary Clinton spoke to donors in New York on Thursday. "Putin publicly blamed me '
          'for the outpouring of outrage by his own people," Clinton said.')


def test_another_subject_in_a_quote_acts_and_me_is_the_speaker() -> None:
    pipe = Pipeline(PipelineConfig(clean=False))
    doc = pipe.extract(read_record({"id": "b", "text": BLAMED, "published": "2016-12-16"},
                                   source="test", config=pipe.config))
    assert isinstance(doc, Document)
    names = {a.id: a.name for a in doc.actors}
    blames = [e for e in doc.events if e.type == "ACCUSE" and "blamed" in e.evidence.text]
    assert blames, [(e.type, e.evidence.text) for e in doc.events]
    assert [names[a] for a in blames[0].source] == ["Vladimir Putin"]
    assert [names[a] for a in blames[0].target] == ["Hillary Clinton"]
