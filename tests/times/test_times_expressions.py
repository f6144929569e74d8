"""The time stage, expression class by expression class, as a specification.

Each case is a sentence, a publication date, the expected span text and the expected value
(``None``: tagged, but no value is certain). The publication date of most cases is Wednesday
2021-03-10, so "Tuesday" is the day before and "Thursday" the day after.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pytest

from flashpoint.model import DATE_PATTERN, Analysis, TimeExpr
from flashpoint.times.stage import find_times

pytestmark = pytest.mark.slow

WED = "2021-03-10"


@lru_cache(maxsize=1)
def _nlp() -> Any:
    from flashpoint.nlp import load

    return load("sm")


def times(text: str, published: str | None = WED) -> tuple[TimeExpr, ...]:
    return find_times(Analysis("t", text, published, _nlp()(text)))


def value_of(text: str, span: str, published: str | None = WED) -> str | None:
    """The value of the one time whose text is ``span`` (fails if there is none)."""
    found = [t for t in times(text, published) if t.text == span]
    assert found, f"{span!r} not tagged in {text!r}: {times(text, published)}"
    return found[0].value


def check(text: str, span: str, value: str | None, published: str | None = WED) -> None:
    assert value_of(text, span, published) == value


ABSOLUTE = [
    ("The treaty was signed on March 3, 2021.", "on March 3, 2021", "2021-03-03"),
    ("It was signed on 3 March 2021 in Geneva.", "on 3 March 2021", "2021-03-03"),
    ("The bombings of Aug. 7, 1998, killed 224 people.", "Aug. 7, 1998", "1998-08-07"),
    ("The order dated 2019-11-05 was lifted.", "2019-11-05", "2019-11-05"),
    ("The rifle entered production in February 1947.", "in February 1947", "1947-02"),
    ("He was convicted in nineteen ninety-one.", "in nineteen ninety-one", "1991"),
    ("The party was founded in 2013.", "in 2013", "2013"),
    ("He has been in prison since 2013.", "since 2013", "2013"),
    ("The accord of the 3rd of March 2020 collapsed.", "the 3rd of March 2020", "2020-03-03"),
    ("The Times said in an editorial on Saturday, April 25, 1998:", "on Saturday, April 25, 1998",
     "1998-04-25"),
    ("Prices fell sharply in early 1991.", "in early 1991", "1991"),
    ("Shares are redeemable after the end of 1994.", "after the end of 1994", "1994"),
    ("The promise to halve unemployment by the year two thousand was dropped.",
     "by the year two thousand", "2000"),
]


@pytest.mark.parametrize(("text", "span", "value"), ABSOLUTE)
def test_times_absolute_dates(text: str, span: str, value: str) -> None:
    check(text, span, value, published=None)  # absolute: no publication date needed
    check(text, span, value)


PARTIAL = [
    # a month-day before the publication date, past tense: this year
    ("Talks broke down on Feb. 9.", "on Feb. 9", "2021-02-09"),
    # a month-day after it, past tense: last year ("news looks back")
    ("Talks broke down on Dec. 9.", "on Dec. 9", "2020-12-09"),
    # future tense: on or after the publication date, so a month-day before it is next year's
    ("The summit will open on Dec. 9.", "on Dec. 9", "2021-12-09"),
    ("The summit will open on Feb. 9.", "on Feb. 9", "2022-02-09"),
    ("The ministers plan to meet on Feb. 9.", "on Feb. 9", "2022-02-09"),
    # a deadline announced in the past lies shortly ahead
    ("The court extended the deadline to March 25.", "March 25", "2021-03-25"),
    # untensed or present: the nearest such day
    ("The dividend is payable April 2 to holders of record.", "April 2", "2021-04-02"),
    # the weekday picks the year
    ("The Times said in an editorial on Saturday, March 13:", "on Saturday, March 13",
     "2021-03-13"),
    # month without a year
    ("The rebels seized the town in January.", "in January", "2021-01"),
    ("He was arrested in October.", "in October", "2020-10"),
    ("Elections will be held in January.", "in January", "2022-01"),
    ("The attack took place in late November.", "in late November", "2020-11"),
    ("The rebels took the town last May.", "last May", "2020-05"),
    ("The ministers will meet next June.", "next June", "2021-06"),
    ("Poland will join in April next year.", "in April next year", "2022-04"),
    ("The vote is due this September.", "this September", "2021-09"),
]


@pytest.mark.parametrize(("text", "span", "value"), PARTIAL)
def test_times_partial_dates_get_the_right_year(text: str, span: str, value: str) -> None:
    check(text, span, value)


def test_times_partial_dates_need_a_publication_date() -> None:
    assert value_of("Talks broke down on Feb. 9.", "on Feb. 9", published=None) is None
    assert value_of("He was arrested in October.", "in October", published=None) is None


RELATIVE = [
    ("The minister resigned yesterday.", "yesterday", "2021-03-09"),
    ("The minister resigned late yesterday.", "late yesterday", "2021-03-09"),
    ("The minister resigns today.", "today", "2021-03-10"),
    ("The minister will resign tomorrow.", "tomorrow", "2021-03-11"),
    ("Shots were fired last night.", "last night", "2021-03-09"),
    ("Shots were fired yesterday afternoon.", "yesterday afternoon", "2021-03-09"),
    ("Parliament voted last month.", "last month", "2021-02"),
    ("Parliament voted earlier this month.", "earlier this month", "2021-03"),
    ("Parliament will vote next month.", "next month", "2021-04"),
    ("Exports fell last year.", "last year", "2020"),
    ("Exports fell this year.", "this year", "2021"),
    ("Exports will rise early next year.", "early next year", "2022"),
    ("The mayor was elected two years ago.", "two years ago", "2019"),
    ("The mayor was elected nearly four years ago.", "nearly four years ago", "2017"),
    ("The mayor was elected three days ago.", "three days ago", "2021-03-07"),
    ("The mayor was elected a month ago.", "a month ago", "2021-02"),
    ("The war began more than 40 years ago.", "more than 40 years ago", None),
    ("The war began several years ago.", "several years ago", None),
    ("The rebels took the town last spring.", "last spring", "2020"),
    # summer and winter differ by hemisphere (and winter crosses the new year)
    ("The rebels will attack this summer.", "this summer", None),
]


@pytest.mark.parametrize(("text", "span", "value"), RELATIVE)
def test_times_relative_days_months_years(text: str, span: str, value: str | None) -> None:
    check(text, span, value)


WEEKS = [
    # "last week" is the month when the whole week is in one month, else the year, else None
    ("Troops withdrew last week.", "2021-03-10", "2021-03"),
    ("Troops withdrew last week.", "2021-03-03", "2021-02"),
    ("Troops withdrew last week.", "2021-04-07", "2021"),
    ("Troops withdrew last week.", "2021-01-06", None),
    ("Troops withdraw this week.", "2021-03-10", "2021-03"),
    ("Troops will withdraw next week.", "2021-03-24", "2021"),
]


@pytest.mark.parametrize(("text", "published", "value"), WEEKS)
def test_times_weeks_coarsen_to_a_certain_unit(text: str, published: str,
                                                value: str | None) -> None:
    span = next(t for t in times(text, published) if "week" in t.text)
    assert span.value == value


WEEKDAYS = [
    ("Police said on Tuesday that two men were arrested.", "on Tuesday", "2021-03-09"),
    ("Police said Wednesday that two men were arrested.", "Wednesday", "2021-03-10"),
    ("Police said on Thursday that two men were arrested.", "on Thursday", "2021-03-04"),
    ("Police said on Friday that two men were arrested.", "on Friday", "2021-03-05"),
    ("The ministers will meet on Thursday.", "on Thursday", "2021-03-11"),
    ("The ministers will meet on Tuesday.", "on Tuesday", "2021-03-16"),
    ("The ministers are going to meet on Monday.", "on Monday", "2021-03-15"),
    ("Police said Tuesday morning that the road was closed.", "Tuesday morning", "2021-03-09"),
    ("The talks collapsed last Friday.", "last Friday", "2021-03-05"),
    ("The talks collapsed last Wednesday.", "last Wednesday", "2021-03-03"),
    ("The march is this coming Sunday.", "this coming Sunday", "2021-03-14"),
    # "next Friday" is the 12th or the 19th: both in March
    ("The march is next Friday.", "next Friday", "2021-03"),
]


@pytest.mark.parametrize(("text", "span", "value"), WEEKDAYS)
def test_times_weekdays_anchor_by_tense(text: str, span: str, value: str) -> None:
    check(text, span, value)


ANAPHORA = [
    ("On May 22, 1995, he was made a general, and the following year he became attache.",
     "the following year", "1996"),
    ("The thrift was sold in June 1998 and closed later that year.", "later that year", "1998"),
    ("Net income rose in the quarter ended Sept. 30, 2020, from $5 million a year earlier.",
     "a year earlier", "2019"),
    ("In March 2019 the board met. The following month, it sold the company.",
     "The following month", "2019-04"),
    # no earlier time in the paragraph: nothing to count from
    ("Net income rose to $5 million from $4 million a year earlier.", "a year earlier", None),
    ("The following year he became attache.", "The following year", None),
    # "the next day" needs a day, not a year
    ("He was arrested in 1990 and released the next day.", "the next day", None),
]


@pytest.mark.parametrize(("text", "span", "value"), ANAPHORA)
def test_times_anaphors_count_from_the_last_named_time(text: str, span: str,
                                                       value: str | None) -> None:
    check(text, span, value)


UNVALUED = [
    ("Unemployment rose in the 1990s.", "in the 1990s"),
    ("In fiscal 1989, the company had sales of $40 million.", "In fiscal 1989"),
    ("Earnings fell in the third quarter.", "in the third quarter"),
    ("The 1998-99 season was cancelled.", "1998-99"),
    ("The meeting on 3/4/2021 was postponed.", "on 3/4/2021"),
]


@pytest.mark.parametrize(("text", "span"), UNVALUED)
def test_times_tagged_without_a_contract_value(text: str, span: str) -> None:
    check(text, span, None)


NOT_TIMES = [
    ("The siege lasted for three weeks.", "three weeks"),
    ("He served three years in prison.", "three years"),
    ("Protesters gather every Monday in the square.", "Monday"),
    ("Protesters gather on Mondays in the square.", "Mondays"),
    ("Nowadays few people read newspapers.", "Nowadays"),
    ("Some 2000 people marched to the capital.", "2000"),
    ("He won 1988 votes in the first round.", "1988"),
    ("Flight 1988 landed safely.", "1988"),
    ("The rally drew 1,500 people.", "1,500"),
    ("The officials may meet again.", "may"),
    ("Thousands joined the march on the capital.", "march"),
    ("Over the past year the group grew rapidly.", "the past year"),
    ("The storm hit at 1530 GMT.", "1530"),
    ("The Good Friday Agreement ended the conflict.", "Friday"),
    ("Bloody Sunday is remembered every year.", "Sunday"),
    ("The Sunday Times reported the deal.", "Sunday"),
]


@pytest.mark.parametrize(("text", "word"), NOT_TIMES)
def test_times_durations_sets_counts_and_generic_times_are_not_tagged(text: str,
                                                                       word: str) -> None:
    assert not [t for t in times(text) if word.lower() in t.text.lower()]


def test_times_spans_index_the_text_and_values_have_the_contract_form() -> None:
    text = ("BEIRUT (AP) — Rebels seized the town on Feb. 9 and held it until last week. "
            "On Tuesday, the army said it would retake it next month, and elections are due "
            "in 2022. A year earlier, talks had failed.")
    found = times(text)
    assert [t.text for t in found] == ["on Feb. 9", "until last week", "On Tuesday", "next month",
                                       "in 2022", "A year earlier"]
    for t in found:
        assert text[t.start:t.end] == t.text
        assert t.value is None or DATE_PATTERN.match(t.value)


def test_times_preposition_kept_in_span_but_not_before_a_possessive() -> None:
    assert [t.text for t in times("He fled in 2013 and was killed in Thursday's attack.")] == [
        "in 2013", "Thursday"]


def test_times_schedules_announced_in_the_past() -> None:
    # "set"/"scheduled" without an auxiliary say nothing about the tense: nearest date
    check("Graduation set June 6 if the state approves.", "June 6", "2021-06-06")
    check("The meeting, scheduled for Feb. 3, was cancelled.", "Feb. 3", "2021-02-03")
    # "was set to die" is a plan in the past: also the nearest date, not next year's
    check("He was set to die Feb. 26, a day after his accomplice.", "Feb. 26", "2021-02-26")
    # a schedule word overrides the verb's past tense: the nearest June 1 is ahead
    check("The union signed a new pact, effective June 1.", "June 1", "2021-06-01")
    # "as soon as" looks ahead even after a modal
    check("His father could arrive as soon as Tuesday.", "Tuesday", "2021-03-16")


def test_times_partial_publication_date_widens_values() -> None:
    """A publication date of YYYY-MM or YYYY is a range: values cover every day in it."""
    assert value_of("Parliament voted last month.", "last month", "2021-03") == "2021-02"
    assert value_of("The minister resigned yesterday.", "yesterday", "2021-03") == "2021"
    assert value_of("The minister resigned yesterday.", "yesterday", "2021-01") is None
    assert value_of("Exports fell last year.", "last year", "2021") == "2020"
    assert value_of("Talks broke down on Tuesday.", "on Tuesday", "2021") is None


def test_times_without_a_parse_still_tags() -> None:
    found = find_times(Analysis("t", "Talks broke down on March 3, 2021 and yesterday.", WED,
                                None))
    assert [(t.text, t.value) for t in found] == [("on March 3, 2021", "2021-03-03"),
                                                  ("yesterday", "2021-03-09")]
