"""Publication dates: checking a given one, inferring one from the text."""

from __future__ import annotations

import string
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flashpoint.errors import BadDateError
from flashpoint.ingest.published import MIN_INFERRED_YEAR
from flashpoint.ingest.read import infer_published, parse_published

TODAY = date(2024, 6, 15)
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]


@pytest.mark.parametrize(("value", "expected"), [
    ("2021", "2021"), ("2021-03", "2021-03"), ("2021-03-04", "2021-03-04"),
    (" 2021-03-04 ", "2021-03-04"), ("2021-03-04T10:00:00Z", "2021-03-04"),
    ("2021-03-04T23:59:59.123+05:30", "2021-03-04"), ("2021-03-04 10:00", "2021-03-04"),
    ("2020-02-29", "2020-02-29"), ("2024-06-16", "2024-06-16"),
])
def test_ingest_parse_published_accepts(value: str, expected: str) -> None:
    assert parse_published(value, today=TODAY) == expected


@pytest.mark.parametrize(("value", "why"), [
    ("2021-02-31", "no such date"), ("2021-13-01", "no such date"),
    ("0000-01-01", "no such date"), ("99999-01-01", "form"), ("yesterday", "form"),
    ("2021-3-4", "form"), ("04/03/2021", "form"), ("", "form"), ("2019-02-29", "no such date"),
    ("2024-06-17", "future"), ("2025", "future"), ("2024-07", "future"),
])
def test_ingest_parse_published_refuses(value: str, why: str) -> None:
    with pytest.raises(BadDateError, match=why) as info:
        parse_published(value, today=TODAY)
    message = str(info.value)
    assert repr(value) in message
    assert "--published" in message
    assert "YYYY-MM-DD, e.g. --published 2021-03-04" in message
    assert info.value.code == "FP107"


def test_ingest_parse_published_names_other_sources() -> None:
    with pytest.raises(BadDateError, match=r"feed\.jsonl:3: publication date '2021-02-31'"):
        parse_published("2021-02-31", source="feed.jsonl:3")


def test_ingest_parse_published_uses_the_clock() -> None:
    tomorrow = date.today() + timedelta(days=1)
    assert parse_published(tomorrow.isoformat()) == tomorrow.isoformat()
    with pytest.raises(BadDateError):
        parse_published((date.today() + timedelta(days=3)).isoformat())


@pytest.mark.parametrize(("text", "expected"), [
    ("Talks began on March 3, 2021.", "2021-03-03"),
    ("Talks began on Mar. 3, 2021.", "2021-03-03"),
    ("Talks began on Wednesday, March 3rd, 2021, in Geneva.", "2021-03-03"),
    ("Talks began on 3 March 2021.", "2021-03-03"),
    ("Talks began on the 3rd of March, 2021.", "2021-03-03"),
    ("GENEVA, MARCH 3, 2021 (Wire) - Talks began.", "2021-03-03"),
    ("Filed 2021-03-03 by our reporter.", "2021-03-03"),
    ("Filed 2021/03/03 by our reporter.", "2021-03-03"),
    ("Updated 2021-03-03T10:00:00Z.", "2021-03-03"),
    ("Updated 03/14/2021.", "2021-03-14"),
    ("Updated 14/03/2021.", "2021-03-14"),
    ("Signed 1 May 2019, broken on August 2, 2020, renewed 2020-01-05.", "2020-08-02"),
    ("Sept. 9, 2022 and Sep 10 2022", "2022-09-10"),
    ("The 2021 budget, passed on 3 March 2021, costs 2,030 million; plans for 2030.",
     "2021-03-03"),
])
def test_ingest_infer_published_finds_latest_full_date(text: str, expected: str) -> None:
    assert infer_published(text, today=TODAY) == expected


@pytest.mark.parametrize("text", [
    "Talks began in March 2021.",  # no day
    "Talks began on March 3.",  # no year
    "Updated 03/04/2021.",  # March 4 or April 3: ambiguous
    "On February 30, 2021 nothing happened.",  # no such date
    "The summit is planned for March 3, 2031.",  # future
    "The treaty of 11 November 1818 is remembered.",  # before MIN_INFERRED_YEAR
    "Version 2021-03-03a and 12021-03-03 and 2021-03-031.",  # not dates
    "They may 3, 2021 times.",  # lower-case "may" is a verb
    "Call 555-2021-03-03 now; ref 12/12/20211.",
    "The lynching on July 25, 1946, is the subject of a 2009 inquiry.",  # written after 2009
    "",
])
def test_ingest_infer_published_is_conservative(text: str) -> None:
    assert infer_published(text, today=TODAY) is None


FORMATS: list[Callable[[date], str]] = [
    lambda d: f"{MONTH_NAMES[d.month - 1]} {d.day}, {d.year}",
    lambda d: f"{MONTH_NAMES[d.month - 1][:3]}. {d.day}, {d.year}",
    lambda d: f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}",
    lambda d: f"{d.day:02d} {MONTH_NAMES[d.month - 1]}, {d.year}",
    lambda d: d.isoformat(),
    lambda d: f"{d.year}/{d.month:02d}/{d.day:02d}",
    lambda d: f"{d.month:02d}/{d.day:02d}/{d.year}" if d.day > 12 or d.day == d.month
    else d.isoformat(),
    lambda d: f"{d.day}/{d.month}/{d.year}" if d.day > 12 or d.day == d.month
    else d.isoformat(),
]
FILLER = st.text(alphabet=string.ascii_letters + " .,;:!?'\"()-\n", max_size=200)


@given(
    day=st.dates(min_value=date(MIN_INFERRED_YEAR, 1, 1), max_value=TODAY),
    style=st.sampled_from(range(len(FORMATS))),
    before=FILLER, after=FILLER,
)
def test_ingest_infer_published_finds_embedded_dates(day: date, style: int, before: str,
                                                     after: str) -> None:
    text = f"{before} {FORMATS[style](day)} {after}"
    assert infer_published(text, today=TODAY) == day.isoformat()


@given(first=st.dates(min_value=date(MIN_INFERRED_YEAR, 1, 1), max_value=TODAY),
       second=st.dates(min_value=date(MIN_INFERRED_YEAR, 1, 1), max_value=TODAY),
       style=st.sampled_from(range(len(FORMATS))))
def test_ingest_infer_published_takes_the_latest(first: date, second: date, style: int) -> None:
    text = f"It began on {FORMATS[style](first)}; on {FORMATS[0](second)} it ended."
    assert infer_published(text, today=TODAY) == max(first, second).isoformat()


@given(st.text(max_size=500))
def test_ingest_infer_published_never_crashes(text: str) -> None:
    found = infer_published(text, today=TODAY)
    if found is not None:
        assert date.fromisoformat(found).year >= MIN_INFERRED_YEAR
        assert date.fromisoformat(found) <= TODAY + timedelta(days=1)


@given(st.text(alphabet=string.digits + "-/.: TZ+", max_size=40))
def test_ingest_parse_published_never_crashes_unexpectedly(value: str) -> None:
    try:
        result = parse_published(value, today=TODAY)
    except BadDateError:
        return
    assert parse_published(result, today=TODAY) == result
