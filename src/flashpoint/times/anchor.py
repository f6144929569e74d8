"""Anchoring: what calendar date, month or year a ``Mention`` means, given the publication date.

The value is always in the contract's form (YYYY, YYYY-MM or YYYY-MM-DD; the length is the
precision) and is never more certain than the text: every expression is first resolved to an
interval of days, and the value is the smallest calendar unit that contains the whole interval
(``coarsen``). So "last week" is the month when its Monday and Sunday fall in one month, else
the year, and a week that straddles New Year, "31 February" or a decade have no value at all.
For event data that is the useful answer: an event "last week" is dated to the month it
certainly happened in, never to a made-up day. Ambiguous readings are resolved the same way:
"next Friday" (the coming one or the one after) and "last February" said in March (a month or
a year and a month ago) are the union of both readings, coarsened. A publication date given
only as YYYY or YYYY-MM is an interval too: relative expressions are resolved from both its
ends, so "yesterday" from "2018-04" is 2018, from "2018-01" nothing, and "last year" from
"2018" is 2017.

Expressions that name a month, a day or a weekday without a year are placed by the tense of
the verb that governs them (``Tense``): future -> the earliest such date on or after the
publication date; past -> the latest on or before it, except that a month-day at most
``PAST_LOOKAHEAD_DAYS`` ahead (or the next calendar month) is a deadline or schedule
announced in the past ("extended the offer to Nov. 20"); untensed or present -> the nearest
one, ties going to the past. Weekdays without tense are read as past, and "said Friday"
written on a Friday is that day: news names a weekday for the days just gone.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from .grammar import MIN_YEAR, Mention
from .lexicon import TimexLexicon

Tense = Literal["past", "present", "future", "none"]

#: The years around the publication year in which a month, month-day or season without a year
#: is looked for: the same year and one either side is all news ever means by "Feb. 9".
YEAR_WINDOW = (-1, 0, 1)
#: A weekday without "last"/"next" is looked for this many days either side of the reference.
WEEK_DAYS = 7
#: A past-tense verb puts a month-day before the publication date unless the date falls at
#: most this many days after it: "extended the offer to Nov. 20", "set Nov. 10 as the
#: deadline" are deadlines announced in the past. Calibrated on the tempeval3 dev set: of 77
#: past-tense month-days 14 lie after the DCT, 12 of them within 50 days (the other two 98
#: and 218 days); the one past-tense date found within 60 days that is really a year back
#: (361 days) is the price. A past-tense *month* is read ahead only when it is the next
#: calendar month ("warned of a cutback in September", written in August); weekdays never
#: (a past-tense weekday after the DCT is 3 in 178).
PAST_LOOKAHEAD_DAYS = 60


@dataclass(frozen=True)
class Interval:
    """An inclusive range of days."""

    lo: date
    hi: date


def day(d: date) -> Interval:
    return Interval(d, d)


def month_interval(year: int, month: int) -> Interval:
    last = calendar.monthrange(year, month)[1]
    return Interval(date(year, month, 1), date(year, month, last))


def year_interval(year: int) -> Interval:
    return Interval(date(year, 1, 1), date(year, 12, 31))


def parse_published(published: str | None) -> Interval | None:
    """The publication date as an interval (``None`` when absent or not a valid date)."""
    if not published:
        return None
    try:
        parts = [int(p) for p in published.split("-")]
        if len(parts) == 1:
            return year_interval(parts[0])
        if len(parts) == 2:
            return month_interval(parts[0], parts[1])
        return day(date(parts[0], parts[1], parts[2]))
    except (ValueError, IndexError, calendar.IllegalMonthError):
        return None


def coarsen(span: Interval) -> str | None:
    """The smallest calendar unit containing ``span``: YYYY-MM-DD, YYYY-MM, YYYY or None."""
    lo, hi = span.lo, span.hi
    if lo.year != hi.year or lo.year < MIN_YEAR:
        return None
    if lo == hi:
        return lo.isoformat()
    if lo.month == hi.month:
        return f"{lo.year:04d}-{lo.month:02d}"
    return f"{lo.year:04d}"


def _distance(span: Interval, ref: date) -> int:
    if span.lo <= ref <= span.hi:
        return 0
    return min(abs((span.lo - ref).days), abs((span.hi - ref).days))


def pick(cands: list[Interval], ref: date, tense: Tense, lookahead: int = 0) -> Interval | None:
    """The candidate the tense points at (see the module docstring). A past tense takes the
    earliest candidate starting at most ``lookahead`` days after ``ref``, else the latest one
    starting on or before it."""
    if not cands:
        return None
    after = [c for c in cands if c.lo > ref]
    before = [c for c in cands if c.lo <= ref]
    if tense == "future":
        pool = [c for c in cands if c.hi >= ref]
        return min(pool, key=lambda c: c.lo) if pool else None
    if tense == "past":
        soon = [c for c in after if (c.lo - ref).days <= lookahead]
        if soon or not before:
            return min(soon or after, key=lambda c: c.lo)
        return max(before, key=lambda c: c.lo)
    return min(cands, key=lambda c: (_distance(c, ref), c.lo))


def _shifted(cands: list[Interval], ref: Interval, shift: int) -> Interval | None:
    """ "last" -> the latest candidate wholly before ``ref``; "next" -> the earliest after."""
    if shift < 0:
        pool = [c for c in cands if c.hi < ref.lo]
        return max(pool, key=lambda c: c.lo) if pool else None
    pool = [c for c in cands if c.lo > ref.hi]
    return min(pool, key=lambda c: c.lo) if pool else None


def _months_apart(a: date, b: date) -> int:
    return abs((a.year * 12 + a.month) - (b.year * 12 + b.month))


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


# --------------------------------------------------------------------------- by kind


def _month_day(m: Mention, ref: date, tense: Tense) -> Interval | None:
    assert m.month is not None and m.day is not None
    cands = []
    for delta in YEAR_WINDOW:
        try:
            cands.append(day(date(ref.year + delta, m.month, m.day)))
        except ValueError:  # Feb. 29 outside leap years
            continue
    if m.weekday is not None:  # "Saturday, April 25": the year in which it is a Saturday
        cands = [c for c in cands if c.lo.isoweekday() == m.weekday] or cands
    if m.shift:
        return _shifted(cands, day(ref), m.shift)
    if m.shift == 0:
        return next((c for c in cands if c.lo.year == ref.year), None)
    return pick(cands, ref, tense, PAST_LOOKAHEAD_DAYS)


def _month(m: Mention, ref: date, tense: Tense) -> Interval | None:
    assert m.month is not None
    if m.year_shift is not None:
        return month_interval(ref.year + m.year_shift, m.month)
    cands = [month_interval(ref.year + delta, m.month) for delta in YEAR_WINDOW]
    if m.shift:
        found = _shifted(cands, month_interval(ref.year, ref.month), m.shift)
        if found is not None and _months_apart(found.lo, ref) == 1:
            # "last February" said in March: a month ago or a year and a month ago.
            other = month_interval(found.lo.year + m.shift, m.month)
            return Interval(min(found.lo, other.lo), max(found.hi, other.hi))
        return found
    if m.shift == 0:
        return month_interval(ref.year, m.month)
    next_month = month_interval(*_add_months(ref.year, ref.month, 1)).lo
    return pick(cands, ref, tense, (next_month - ref).days)


def _weekday(m: Mention, ref: date, tense: Tense) -> Interval | None:
    assert m.weekday is not None
    cands = [day(ref + timedelta(days=k)) for k in range(-WEEK_DAYS, WEEK_DAYS + 1)
             if (ref + timedelta(days=k)).isoweekday() == m.weekday]
    if m.shift and m.shift < 0:
        return _shifted(cands, day(ref), -1)
    if m.shift and m.shift > 0:
        first = _shifted(cands, day(ref), 1)
        if first is None or m.strict:
            return first
        # "next Friday": the first Friday after today, or the one a week later.
        return Interval(first.lo, first.hi + timedelta(days=WEEK_DAYS))
    return pick(cands, ref, tense if tense in ("past", "future") else "past")


def _calendar(m: Mention, ref: date, tense: Tense) -> Interval | None:
    if m.month is not None and m.day is not None:
        return _month_day(m, ref, tense)
    if m.month is not None:
        return _month(m, ref, tense)
    if m.weekday is not None:
        return _weekday(m, ref, tense)
    return None


def _unit(unit: str, ref: date, shift: int) -> Interval:
    """The calendar ``unit`` containing ``ref``, moved by ``shift`` units."""
    if unit in ("week", "weekend"):
        monday = ref - timedelta(days=ref.isoweekday() - 1) + timedelta(weeks=shift)
        first = monday + timedelta(days=5) if unit == "weekend" else monday
        return Interval(first, monday + timedelta(days=6))
    if unit == "month":
        return month_interval(*_add_months(ref.year, ref.month, shift))
    if unit == "year":
        return year_interval(ref.year + shift)
    return day(ref + timedelta(days=shift))


def _ago(m: Mention, ref: date) -> Interval | None:
    assert m.unit is not None and m.amount is not None and m.shift is not None
    if m.unit == "day":
        return day(ref + timedelta(days=m.shift * m.amount))
    return _unit(m.unit, ref, m.shift * m.amount)


def _season(m: Mention, ref: date, tense: Tense, lex: TimexLexicon) -> Interval | None:
    assert m.season is not None
    season = lex.seasons[m.season]
    if not season.one_year:
        return None  # summer and winter differ by hemisphere and cross the new year
    def span(year: int) -> Interval:
        return Interval(month_interval(year, season.months[0]).lo,
                        month_interval(year, season.months[-1]).hi)
    if m.year is not None:
        return span(m.year)
    cands = [span(ref.year + delta) for delta in YEAR_WINDOW]
    if m.shift:
        return _shifted(cands, day(ref), m.shift)
    if m.shift == 0:
        return span(ref.year)
    return pick(cands, ref, tense)


def _relative(m: Mention, ref: date, tense: Tense, lex: TimexLexicon) -> Interval | None:
    if m.kind == "calendar":
        return _calendar(m, ref, tense)
    if m.kind == "day_offset":
        return day(ref + timedelta(days=m.amount or 0))
    if m.kind == "unit_shift":
        return _unit(m.unit or "day", ref, m.shift or 0)
    if m.kind == "ago":
        return _ago(m, ref)
    if m.kind == "season":
        return _season(m, ref, tense, lex)
    return None


def _absolute(m: Mention) -> Interval | None:
    """The interval of a mention that carries its year; ``ValueError`` if impossible."""
    assert m.year is not None
    if m.month is None:
        return year_interval(m.year)
    if m.day is None:
        return month_interval(m.year, m.month)
    return day(date(m.year, m.month, m.day))


def anchor(m: Mention, published: Interval | None, tense: Tense,
           lex: TimexLexicon) -> str | None:
    """The contract value of ``m``, or None when it cannot be known with certainty."""
    try:
        span = _anchored(m, published, tense, lex)
    except (ValueError, OverflowError):
        return None  # an impossible date ("31 February") or one beyond the calendar
    return coarsen(span) if span is not None else None


def _anchored(m: Mention, published: Interval | None, tense: Tense,
              lex: TimexLexicon) -> Interval | None:
    if m.kind == "unknown":
        return None
    if m.kind == "calendar" and m.year is not None:
        return _absolute(m)
    if m.kind == "season" and m.year is not None:
        return _season(m, date(m.year, 1, 1), tense, lex)
    if published is None:
        return None  # relative to a publication date we do not know
    spans = [_relative(m, ref, tense, lex) for ref in sorted({published.lo, published.hi})]
    known = [s for s in spans if s is not None]
    if len(known) < len(spans):
        return None
    return Interval(min(s.lo for s in known), max(s.hi for s in known))


# --------------------------------------------------------------------------- anaphora

#: Length of a contract value -> the unit it is precise to.
_PRECISION = {4: "year", 7: "month", 10: "day"}
#: The precision an anaphor's unit needs from its reference time.
_NEEDS = {"year": ("year", "month", "day"), "month": ("month", "day"),
          "week": ("day",), "weekend": ("day",), "day": ("day",)}


def parse_value(value: str) -> tuple[Interval, str] | None:
    """A contract value as an interval and its precision ("year", "month" or "day")."""
    precision = _PRECISION.get(len(value))
    parsed = parse_published(value) if precision else None
    return (parsed, precision) if parsed and precision else None


def anchor_anaphor(m: Mention, reference: str | None) -> str | None:
    """The value of an anaphor ("the following year", "a year earlier", "the previous
    Friday") counted from ``reference``, the value of the time the text last named; None
    without one or when it is too coarse ("the next day" after "in 1990")."""
    found = parse_value(reference) if reference else None
    if found is None or m.shift is None:
        return None
    ref, precision = found
    steps = m.shift * (m.amount or 1)
    try:
        if m.weekday is not None:
            if precision != "day":
                return None
            found_day = _weekday(replace(m, strict=True), ref.lo, "none")
            return coarsen(found_day) if found_day else None
        if m.unit is None or precision not in _NEEDS.get(m.unit, ()):
            return None
        return coarsen(_unit(m.unit, ref.lo, steps))
    except (ValueError, OverflowError):
        return None
