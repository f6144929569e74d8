"""The statistical event coder on parsed sentences: a full probability distribution over the
PLOVER types and NONE, obvious sentences coded right, and ``code_sentence``'s threshold."""

from __future__ import annotations

from typing import Any

import pytest

from flashpoint import nlp
from flashpoint.events.stat import (
    CLASSES,
    CODE_THRESHOLD,
    NONE_LABEL,
    code_sentence,
    feature_strings,
    features,
    load_stat_coder,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def parse() -> Any:
    """The spaCy pipeline: ``parse(text)`` is a ``Doc``."""
    return nlp.load("sm")


#: Signing an agreement is SUPPORT in PLOVER ("ratify, sign, or finalize an agreement or
#: treaty", PLOVER manual 0.8; CAMEO 057 → SUPPORT in CAMEO2PLOVER; plv labels it so too):
#: AGREE is the promise or the agreement to do something.
OBVIOUS = [
    ("Rebels attacked an army base, killing three soldiers.", "ASSAULT"),
    ("Thousands of protesters marched through the capital demanding the president's "
     "resignation.", "PROTEST"),
    ("The two countries signed a trade agreement.", "SUPPORT"),
    ("Iran agreed to hold talks with the European Union.", "AGREE"),
    ("Police arrested 40 people.", "COERCE"),
]


@pytest.mark.parametrize(("text", "expected"), OBVIOUS)
def test_events_stat_obvious_sentences_are_coded_right(parse: Any, text: str,
                                                       expected: str) -> None:
    span = parse(text)[:]
    assert load_stat_coder().predict(span)[0][0] == expected
    coded = code_sentence(span)
    assert coded is not None
    assert coded[0] == expected
    assert coded[1] >= CODE_THRESHOLD


@pytest.mark.parametrize("text", [text for text, _ in OBVIOUS] + [
    "The museum reopened on Sunday after a two-year renovation.",
    "x",
])
def test_events_stat_predict_is_a_distribution_over_types_and_none(parse: Any,
                                                                   text: str) -> None:
    pairs = load_stat_coder().predict(parse(text)[:])
    assert sorted(label for label, _ in pairs) == sorted(CLASSES)
    probs = [p for _, p in pairs]
    assert all(0.0 <= p <= 1.0 for p in probs)
    assert abs(sum(probs) - 1.0) < 1e-6
    assert probs == sorted(probs, reverse=True)


def test_events_stat_codes_nothing_for_a_sentence_without_an_event(parse: Any) -> None:
    span = parse("The weather was sunny and warm on Sunday afternoon.")[:]
    assert load_stat_coder().predict(span)[0][0] == NONE_LABEL
    assert code_sentence(span) is None


def test_events_stat_threshold_above_one_codes_nothing(parse: Any) -> None:
    span = parse(OBVIOUS[0][0])[:]
    assert code_sentence(span, threshold=1.01) is None
    assert code_sentence(span, threshold=0.0) is not None


def test_events_stat_each_sentence_of_a_document_is_coded_on_its_own(parse: Any) -> None:
    doc = parse("Police arrested 40 people. The two countries signed a trade agreement.")
    first, second = doc.sents
    coder = load_stat_coder()
    assert coder.predict(first)[0][0] == "COERCE"
    assert coder.predict(second)[0][0] == "SUPPORT"
    assert coder.predict(second) == coder.predict(parse(second.text)[:])


def test_events_stat_features_name_the_verb_its_object_and_its_negation(parse: Any) -> None:
    lexicon = load_stat_coder().lexicon
    strings = feature_strings(parse("The rebels did not attack the base.")[:], lexicon)
    for expected in ("root:attack", "v:attack", "nv:attack", "a:attack>dobj>base",
                     "a:attack>nsubj>rebel", "w:rebel", "neg", "lex:ASSAULT-neg",
                     "lexroot:ASSAULT"):
        assert expected in strings
    keys = features(parse("The rebels did not attack the base.")[:], lexicon)
    assert keys.tolist() == sorted(set(keys.tolist()))
