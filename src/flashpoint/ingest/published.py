"""Publication dates: check a given one, or infer one from the article text.

The publication date anchors every relative time expression ("on Tuesday", "last week") that
the time stage normalises, so a wrong one silently shifts every event date. That is why a given
date is checked hard (an impossible or future date is an error, not a warning) and an inferred
one is conservative: only explicit dates with day, month and year, and the latest of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

from flashpoint.errors import BadDateError

#: A given date may be up to one day ahead of the local clock: an article published just after
#: midnight in Asia is dated "tomorrow" on a machine in the Americas (time zones span 26 hours).
FUTURE_TOLERANCE = timedelta(days=1)

#: Dates before this year are not taken as publication dates when inferring: older dates in news
#: text are historical references ("the treaty of 11 November 1918"), and the archives our
#: evaluation sets come from start in the 1980s. It bounds inference only, not a given date.
MIN_INFERRED_YEAR = 1900

_PUBLISHED_FORM = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
#: ISO 8601 date-times as feeds and HTML metadata give them; the calendar date as written is
#: kept (no time zone conversion: the publisher's local date is the one the text refers to).
_ISO_DATETIME = re.compile(
    r"(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?",
)

_MONTHS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
#: Month names as English news writes them: capitalised or upper case ("MARCH 3, 2021" in a
#: dateline), full or abbreviated with an optional full stop. Lower-case "may" is a verb.
_MONTH = (
    r"(?P<month>(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
    r"|JAN(?:UARY)?|FEB(?:RUARY)?|MAR(?:CH)?|APR(?:IL)?|MAY|JUNE?|JULY?|AUG(?:UST)?"
    r"|SEP(?:T(?:EMBER)?)?|OCT(?:OBER)?|NOV(?:EMBER)?|DEC(?:EMBER)?)\b\.?)"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})(?!\d)"
#: "March 3, 2021", "Mar. 3 2021", "Wednesday, March 3rd, 2021".
_MONTH_DAY_YEAR = re.compile(rf"(?<![\w/.-]){_MONTH}\s+{_DAY},?\s+{_YEAR}")
#: "3 March 2021", "3rd of March, 2021".
_DAY_MONTH_YEAR = re.compile(rf"(?<![\w/.-]){_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}")
#: "2021-03-03", "2021/03/03", "2021-03-03T10:00Z": year first is never ambiguous.
_ISO_DATE = re.compile(
    r"(?<![\w/.-])(?P<year>\d{4})(?P<sep>[-/])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})"
    r"(?!(?!T\d)[\w/]|[-.]\d)"  # a date-time's "T10:00" may follow
)
#: A year on its own (not part of a number, a date or a word): evidence of when the text was
#: written at the latest.
_YEAR_MENTION = re.compile(r"(?<![\w/.,-])((?:19|20)\d\d)(?![\w/]|[-.,]\d)")
#: "03/14/2021" (US) or "14/03/2021" (European): used only when one reading alone is a date.
_SLASH_DATE = re.compile(
    r"(?<![\w/.-])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4})(?![\w/]|[-.]\d)"
)


def parse_published(value: str, *, source: str = "--published", today: date | None = None) -> str:
    """Check a publication date and return it as YYYY, YYYY-MM or YYYY-MM-DD.

    Accepts those three forms and ISO date-times (``2021-03-04T10:00:00Z`` gives
    ``2021-03-04``). Raises ``BadDateError`` for anything else, for impossible dates
    (2021-02-31, month 13, year 0) and for dates more than a day in the future: a news article
    cannot be published after it is read. ``today`` is for tests; it defaults to the clock.
    """
    text = value.strip()
    stamp = _ISO_DATETIME.fullmatch(text)
    if stamp is not None:
        text = stamp.group(1)
    form = _PUBLISHED_FORM.fullmatch(text)
    if form is None:
        raise _bad_date(value, "it is not in YYYY, YYYY-MM or YYYY-MM-DD form", source)
    year, month, day = int(form.group(1)), form.group(2), form.group(3)
    try:
        first_day = date(year, int(month or 1), int(day or 1))
    except ValueError as exc:
        raise _bad_date(value, f"there is no such date ({exc})", source) from exc
    if first_day > (today or date.today()) + FUTURE_TOLERANCE:
        raise _bad_date(value, "it is in the future", source)
    return text


def _bad_date(value: str, why: str, source: str) -> BadDateError:
    example = "--published 2021-03-04" if source.startswith("--") else '"published": "2021-03-04"'
    return BadDateError(
        f"publication date {value!r} is not usable: {why}",
        source=source,
        fix=f"give the publication date as YYYY-MM-DD, e.g. {example}",
    )


def infer_published(text: str, *, today: date | None = None) -> str | None:
    """The latest explicit full date in ``text`` (YYYY-MM-DD), or None if there is none.

    Used only when neither the input nor ``--published`` gives a date. Only dates with day,
    month and year count ("March 3, 2021", "3 March 2021", "2021-03-03", and "03/14/2021" or
    "14/03/2021" when only one reading is a date); a date that does not exist, lies in the
    future or before ``MIN_INFERRED_YEAR`` is skipped. The latest date wins because an article
    reports on the past: its newest explicit date is the closest to when it was written. If
    the text names a later year ("the 2009 budget") than that date, the date is not when it was
    written and None is returned. On the LGL local-news set (423 articles whose date is known,
    none with a dateline) this finds a date for 30, 14 of them within a week: an inferred date
    is a weak anchor, which is why the document says it was inferred.
    """
    limit = (today or date.today()) + FUTURE_TOLERANCE
    best: date | None = None
    for found in _full_dates(text):
        if found.year >= MIN_INFERRED_YEAR and found <= limit and (best is None or found > best):
            best = found
    if best is None or _latest_year(text, limit.year) > best.year:
        return None
    return best.isoformat()


def _latest_year(text: str, until: int) -> int:
    """The latest past year named anywhere in ``text`` ("the 2009 budget"), or 0."""
    years = (int(match) for match in _YEAR_MENTION.findall(text))
    return max((year for year in years if year <= until), default=0)


def _full_dates(text: str) -> Iterator[date]:
    """Every valid calendar date written out in full in ``text``, in no particular order."""
    for pattern in (_MONTH_DAY_YEAR, _DAY_MONTH_YEAR):
        for match in pattern.finditer(text):
            month = _MONTHS[match["month"][:3].lower()]
            yield from _valid(int(match["year"]), month, int(match["day"]))
    for match in _ISO_DATE.finditer(text):
        yield from _valid(int(match["year"]), int(match["month"]), int(match["day"]))
    for match in _SLASH_DATE.finditer(text):
        first, second, year = int(match["a"]), int(match["b"]), int(match["year"])
        readings = {*_valid(year, first, second), *_valid(year, second, first)}
        if len(readings) == 1:
            yield readings.pop()


def _valid(year: int, month: int, day: int) -> Iterator[date]:
    """The date, if it exists (zero or one item: lets callers chain without try/except)."""
    try:
        yield date(year, month, day)
    except ValueError:
        return
