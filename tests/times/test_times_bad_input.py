"""Bad input to the time stage: impossible dates, absurd years, huge sentences, no verbs.

Never a crash, never a wrong certainty: what cannot be normalised is tagged with no value or
not tagged at all.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pytest

from flashpoint.model import DATE_PATTERN, Analysis, TimeExpr
from flashpoint.times.anchor import parse_published
from flashpoint.times.stage import find_times

pytestmark = pytest.mark.slow


@lru_cache(maxsize=1)
def _nlp() -> Any:
    from flashpoint.nlp import load

    return load("sm")


def times(text: str, published: str | None = "2021-03-10") -> tuple[TimeExpr, ...]:
    return find_times(Analysis("t", text, published, _nlp()(text)))


def assert_well_formed(text: str, found: tuple[TimeExpr, ...]) -> None:
    for t in found:
        assert text[t.start:t.end] == t.text
        assert t.value is None or DATE_PATTERN.match(t.value)


@pytest.mark.parametrize("text", [
    "The ceasefire was signed on 31 February 2021.",
    "The ceasefire was signed on February 31, 2021.",
    "The ceasefire was signed on February 30.",
    "The ceasefire was signed on April 31.",
    "The ceasefire was signed on 2021-02-31.",
    "The ceasefire was signed on 2021-13-01.",
    "The ceasefire was signed on 31.2.2021.",
])
def test_times_impossible_dates_have_no_value(text: str) -> None:
    found = times(text)
    assert_well_formed(text, found)
    assert all(t.value is None for t in found), found


def test_times_february_29_only_in_leap_years() -> None:
    assert [t.value for t in times("It happened on Feb. 29.")] == ["2020-02-29"]
    assert [t.value for t in times("It happened on Feb. 29, 2020.")] == ["2020-02-29"]
    assert [t.value for t in times("It happened on Feb. 29, 2021.")] == [None]


@pytest.mark.parametrize("text", [
    "In the year 0 the empire fell.",
    "The plan runs until the year 99999.",
    "It was 0000 hours.",
    "Code 99999 was returned in 00000.",
    "He was born in 0999.",
])
def test_times_absurd_years_get_no_value(text: str) -> None:
    found = times(text)
    assert_well_formed(text, found)
    assert all(t.value is None for t in found), found


@pytest.mark.parametrize("published", ["9999-12-31", "9999", "0001-01-01", "1000-01-01"])
def test_times_publication_dates_at_the_calendar_edges(published: str) -> None:
    text = "Tomorrow, next year and last year, the minister said on Friday and yesterday."
    found = times(text, published)
    assert_well_formed(text, found)
    assert len(found) == 5


@pytest.mark.parametrize("published", ["0000-01-01", "99999", "2021-02-31", "2021-13",
                                       "yesterday", "", "2021-3-1x"])
def test_times_unusable_publication_dates_are_ignored(published: str) -> None:
    assert parse_published(published) is None
    found = times("Talks resumed on March 3, 2021 and yesterday.", published)
    assert [(t.text, t.value) for t in found] == [("on March 3, 2021", "2021-03-03"),
                                                  ("yesterday", None)]


def test_times_a_2000_word_sentence() -> None:
    words = ["the", "delegates", "who", "met", "on", "Tuesday", "and", "in", "March", "2019",
             "argued", "that", "last", "week", "was", "calm", "while", "1,500", "troops",
             "moved", "three", "years", "ago"]
    text = " ".join(words[i % len(words)] for i in range(2000)) + "."
    found = times(text)
    assert_well_formed(text, found)
    assert len(found) > 200
    assert {t.value for t in found} >= {"2021-03-09", "2019-03", "2018"}


@pytest.mark.parametrize("text", [
    "Monday. March 3. Last year. 1990. Yesterday.",
    "March 2021",
    "2021",
    "Tuesday",
    "",
    " \n\n ",
    "–—…“”",
    "May May May March March",
    "12/12/12/12/2012/2012",
    "1990s 1990-91 '90s the nineties mid-1990s",
    "in in in on on since since",
])
def test_times_texts_without_verbs_or_sense(text: str) -> None:
    found = times(text)
    assert_well_formed(text, found)


def test_times_verbless_text_still_anchors() -> None:
    found = times("Monday. March 3. Last year.")
    assert [(t.text, t.value) for t in found] == [("Monday", "2021-03-08"),
                                                  ("March 3", "2021-03-03"),
                                                  ("Last year", "2020")]


def test_times_parse_of_another_text_is_not_trusted() -> None:
    parsed = _nlp()("Something else entirely.")
    found = find_times(Analysis("t", "The talks ended on Feb. 9.", "2021-03-10", parsed))
    assert [(t.text, t.value) for t in found] == [("on Feb. 9", "2021-02-09")]
