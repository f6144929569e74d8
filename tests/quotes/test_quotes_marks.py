"""quote_marks: quoted spans from the marks alone (no parse), including broken news text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flashpoint.quotes.cues import default_cues
from flashpoint.quotes.marks import find_quote_spans


def _quotes(text: str) -> list[str]:
    spans, _ = find_quote_spans(text, default_cues())
    return [text[q.start:q.end] for q in spans]


@pytest.mark.parametrize(("text", "expected"), [
    ('"We will respond," he said.', ["We will respond,"]),
    ("“We will respond,” he said.", ["We will respond,"]),
    ("He said: “We will respond.”", ["We will respond."]),
    ('He said:"No."', ["No."]),
    ("„Nein“, sagte er.", ["Nein"]),
    ("“A,” she said, “B.”", ["A,", "B."]),
    ("It was “a flagrant violation” of the truce, he said.", ["a flagrant violation"]),
])
def test_quotes_marks_straight_and_curly(text: str, expected: list[str]) -> None:
    assert _quotes(text) == expected


def test_quotes_marks_nested_single_quotes_stay_inside() -> None:
    text = "“None of them said ‘Weinstein raped me.’ No!” he said."
    assert _quotes(text) == ["None of them said ‘Weinstein raped me.’ No!"]


def test_quotes_marks_paragraph_continuation_is_one_quote() -> None:
    text = '"We were shocked," he said.\n"It was hard.\n"We did not sleep."\nThen it ended.'
    spans, _ = find_quote_spans(text, default_cues())
    assert [text[q.start:q.end] for q in spans] == [
        "We were shocked,", 'It was hard.\n"We did not sleep.']
    assert len(spans[1].segments) == 2


def test_quotes_marks_flattened_continuation_is_one_quote() -> None:
    text = "“Sometimes there is hunger. “What I say is don’t believe it.” She smiled."
    assert _quotes(text) == ["Sometimes there is hunger. “What I say is don’t believe it."]


def test_quotes_marks_unclosed_ends_at_its_attribution() -> None:
    text = "“The suspect pointed an object at officers, said Monahan. Then a “pipe,” he said."
    spans, notes = find_quote_spans(text, default_cues())
    assert [text[q.start:q.end] for q in spans] == ["The suspect pointed an object at officers",
                                                    "pipe,"]
    assert any("unclosed" in n for n in notes)


def test_quotes_marks_unclosed_at_end_of_text_and_paragraph() -> None:
    assert _quotes("He said: “But I’m sure it’s coming.") == ["But I’m sure it’s coming."]
    text = 'He said: "It was bad.\nThe police came. Later "it ended," she said.'
    assert _quotes(text) == ["It was bad.", "it ended,"]


def test_quotes_marks_stray_closing_mark_is_skipped() -> None:
    spans, notes = find_quote_spans('He left." Then "we won," she said.', default_cues())
    assert [q.start for q in spans] == [16]
    assert any("stray" in n for n in notes)


def test_quotes_marks_hard_wrapped_line_does_not_end_a_quote() -> None:
    text = 'He said "tensions just don\'t heal\n            overnight" in a speech.'
    assert _quotes(text) == ["tensions just don't heal\n            overnight"]


@pytest.mark.parametrize(("text", "expected"), [
    ("He said 'yes', the department is confident.", ["yes"]),
    ("China's ‘lies’ about its legal system", ["lies"]),
    ("Don't stop: the girls' school and Paterson's home.", []),
])
def test_quotes_marks_single_quotes_outside_double(text: str, expected: list[str]) -> None:
    assert _quotes(text) == expected


def test_quotes_marks_brackets_and_ellipses_are_kept() -> None:
    text = "“You had been taking [the drug] ice … for years,” Justice Henry said."
    assert _quotes(text) == ["You had been taking [the drug] ice … for years,"]


# --------------------------------------------------------------------------- properties

_MARKS = st.sampled_from(['"', "“", "”", "'", "‘", "’", "„", "«", "»"])
_PIECES = st.one_of(_MARKS, st.sampled_from([" ", "\n", ".", ",", ":", "said", "He", "we"]),
                    st.text(max_size=6))


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=60).map("".join))
def test_quotes_marks_never_crash_index_the_text_and_never_overlap(text: str) -> None:
    spans, _ = find_quote_spans(text, default_cues())
    last_end = -1
    for q in spans:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start:q.end].strip() == text[q.start:q.end]
        assert q.start > last_end - 1 and q.start >= last_end
        last_end = q.end
        assert all(q.start <= a < b <= q.end for a, b in q.segments)
