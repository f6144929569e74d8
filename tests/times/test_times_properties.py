"""Properties of the time stage that hold for any text: it never crashes, every span indexes
the text, spans never overlap, and every value is in the contract's form or ``None``."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flashpoint.model import DATE_PATTERN, Analysis, TimeExpr
from flashpoint.times.stage import find_times

#: Date-like pieces, so that the patterns fire often, mixed with noise below.
PIECES = [
    "on", "in", "since", "March", "May", "Sept.", "Feb", "3", "31", "2021", "1990", "0", "99999",
    "Monday", "Tuesday's", "last", "next", "this coming", "week", "weekend", "month", "year",
    "years", "ago", "earlier", "the following", "that day", "yesterday", "today", "tonight",
    "early", "late", "mid-", "the end of", "nineteen ninety-six", "two thousand", "fiscal",
    "the 1990s", "'90s", "quarter", "spring", "summer", "Christmas", "3/4/2021", "2021-02-31",
    "-", ",", ".", "\n", "\n\n", "a", "three", "several", "more than", "every", "said", "will",
    "meet", "was", "killed", "April 24 and 25", "1998-99", "Q3", "eighth", "the", "of",
]
NOISE = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
TEXTS = st.lists(st.one_of(st.sampled_from(PIECES), NOISE), max_size=30).flatmap(
    lambda parts: st.sampled_from([" ", "", "  "]).map(lambda sep: sep.join(parts)))
PUBLISHED = st.one_of(st.none(), st.sampled_from(["2021-03-10", "2021-03", "2021", "1999-12-31",
                                                  "2000-02-29", "9999-12-31", "0001-01-01",
                                                  "bogus"]))


def assert_contract(text: str, found: tuple[TimeExpr, ...]) -> None:
    end = 0
    for t in found:
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start:t.end] == t.text
        assert t.start >= end, "spans overlap or are out of order"
        end = t.end
        assert t.value is None or DATE_PATTERN.match(t.value), t


@settings(max_examples=400, deadline=None)
@given(st.one_of(TEXTS, st.text()), PUBLISHED)
def test_times_any_text_without_a_parse(text: str, published: str | None) -> None:
    assert_contract(text, find_times(Analysis("t", text, published, None)))


@lru_cache(maxsize=1)
def _nlp() -> Any:
    from flashpoint.nlp import load

    return load("sm")


@pytest.mark.slow
@settings(max_examples=120, deadline=None)
@given(TEXTS, PUBLISHED)
def test_times_any_text_with_its_parse(text: str, published: str | None) -> None:
    assert_contract(text, find_times(Analysis("t", text, published, _nlp()(text))))
