"""The grammar of the time stage: regular patterns built from the lexicon, and builders that
turn a match into a ``Mention`` (what the expression says, before anchoring).

``patterns`` runs these patterns over a text; this module only says what they are. Each
pattern has a name, a regex (``regexes``) and a builder (``BUILDERS``); a builder may reject a
match (a lower-case "may", "Flight 1988") by returning no mention.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from .lexicon import TimexLexicon

Kind = Literal["calendar", "day_offset", "unit_shift", "ago", "season", "anaphor", "unknown"]
Check = Literal["year", "month"]

#: A bare four-digit number is read as a year only in this range: below it, "1500" in news is
#: far more often a count than a year; above it, a plan or a serial number. With a temporal cue
#: ("in 1648", "the year 1066", "March 1453") any year from ``MIN_YEAR`` on is accepted.
BARE_YEAR_RANGE = (1800, 2099)
#: The earliest year written with four digits that the contract's YYYY form can carry.
MIN_YEAR = 1000


@dataclass(frozen=True)
class Mention:
    """One temporal expression found in the text, before anchoring.

    ``calendar``: any of year/month/day/weekday given ("March 3" -> month 3, day 3; "last
    Friday" -> weekday 5, shift -1). ``day_offset``: ``amount`` days from the publication
    date ("yesterday" -1). ``unit_shift``: the ``unit`` shifted by ``shift`` ("last week").
    ``ago``: ``amount`` units back (or forward, ``shift`` +1). ``season``: ``season`` with
    ``shift`` or ``year``. ``anaphor``: ``unit`` (or ``weekday``) moved ``shift`` *
    ``amount`` from the time the text last named ("the following year", "a year earlier",
    "that day", "the previous Friday"). ``unknown``: tagged, never given a value (``note``
    says why: a decade, a fiscal year, an ambiguous numeric date ...).
    ``strict`` marks "this coming"/"this past": the first such day after/before, never today;
    ``year_shift`` is the year of "April next year"; ``check`` asks the stage to confirm a
    reading that only the parse can decide.
    """

    start: int
    end: int
    kind: Kind
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    shift: int | None = None
    year_shift: int | None = None
    strict: bool = False
    unit: str | None = None
    amount: int | None = None
    season: str | None = None
    check: Check | None = None
    note: str | None = None


Builder = Callable[[re.Match[str], TimexLexicon], list[Mention]]

# --------------------------------------------------------------------------- regex pieces


def alt(words: Iterable[str]) -> str:
    """An alternation of ``words``, longest first, spaces matching any whitespace."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def _pieces(lex: TimexLexicon) -> dict[str, str]:
    """Named regex fragments; group names inside are fixed by the fragment."""
    abbrev = [w for w in lex.months if w not in lex.full_months]
    nums = lex.number_words
    units = "|".join(sorted(w for w, n in nums.items() if n < 10 and w not in ("a", "an")))
    teens = "|".join(sorted(w for w, n in nums.items() if 10 <= n < 20))
    centuries = "|".join(sorted(w for w, n in nums.items() if 10 < n < 20))
    tens = "|".join(sorted(w for w, n in nums.items() if n >= 20))
    return {
        "MONTH": rf"(?P<mon>(?:{alt(lex.full_months)})\b|(?:{alt(abbrev)})\b\.?)",
        "FULLMONTH": rf"(?P<mon>(?:{alt(lex.full_months)})\b)",
        "WD": rf"(?P<wd>(?:{alt(lex.weekdays)})\b)",
        "DAY": r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\w]|[.,]\d)",
        "ODAY": rf"(?P<oday>(?:{alt(lex.ordinal_words)})\b)",
        "YEAR": r"(?P<year>[12]\d{3}(?!\d|,\d{3}\b|\.\d))",
        # "nineteen ninety-six", "nineteen oh five", "two thousand and one"
        "SPOKEN": (rf"(?P<spoken>(?:(?:{centuries})\s+(?:hundred|oh[-\s](?:{units})|(?:{tens})"
                   rf"(?:[-\s](?:{units}))?)|two\s+thousand(?:\s+(?:and\s+)?(?:{units}|{teens}))?)"
                   r"\b)"),
        "SHIFT": rf"(?P<shift>{alt(lex.shifts)})",
        "EDGE": r"(?P<edge>(?:early|late|mid)(?:\s+|-)|(?:the\s+)?(?:middle|beginning|start|end"
                r"|close)\s+of\s+)",
        "PART": rf"(?P<part>{alt(lex.day_parts)})\b",
        "AMOUNT": (rf"(?P<amount>\d{{1,4}}|{alt(lex.vague_amounts)}|(?:{tens})[-\s](?:{units})"
                   rf"|{alt(lex.number_words)})"),
    }


# --------------------------------------------------------------------------- helpers


def _capitalised(word: str | None) -> bool:
    return word is not None and word[:1].isupper()


def _month(m: re.Match[str], lex: TimexLexicon) -> int | None:
    word = m.group("mon")
    if not _capitalised(word):
        return None
    return lex.months.get(word.rstrip(".").lower())


def _year(m: re.Match[str], lex: TimexLexicon) -> int | None:
    """The year of the ``year`` or ``spoken`` group, if either matched."""
    groups = m.groupdict()
    if groups.get("year"):
        return int(groups["year"])
    if groups.get("spoken"):
        return spoken_year(groups["spoken"], lex)
    return None


def spoken_year(words: str, lex: TimexLexicon) -> int | None:
    """ "nineteen ninety-six" -> 1996, "two thousand and one" -> 2001, else None."""
    parts = [p for p in re.split(r"[\s-]+", words.lower()) if p and p != "and"]
    nums = lex.number_words
    if parts[:2] == ["two", "thousand"]:
        return 2000 + sum(nums.get(p, 0) for p in parts[2:])
    if not parts or parts[0] not in nums:
        return None
    century, rest = nums[parts[0]], parts[1:]
    if rest == ["hundred"]:
        return century * 100
    if rest and rest[0] == "oh":
        rest = rest[1:]
    return century * 100 + sum(nums.get(p, 0) for p in rest)


def _shift(m: re.Match[str], lex: TimexLexicon) -> tuple[int | None, bool]:
    word = m.groupdict().get("shift")
    if not word:
        return None, False
    key = " ".join(word.lower().split())
    return lex.shifts[key], key in {"this coming", "coming", "this past"}


def _amount(text: str, lex: TimexLexicon) -> int | None:
    """ "3" -> 3, "twenty-five" -> 25, "a" -> 1; vague amounts ("several") -> None."""
    key = " ".join(text.lower().split())
    if key.isdigit():
        return int(key)
    parts = re.split(r"[-\s]+", key)
    if all(p in lex.number_words for p in parts):
        return sum(lex.number_words[p] for p in parts)
    return None


def _word_before(text: str, start: int) -> str:
    """The word right before ``start`` (lower-cased, without trailing punctuation)."""
    found = re.search(r"([\w.#'%]+)\W*$", text[max(0, start - 20):start])
    return found.group(1).lower() if found else ""


def _day(m: re.Match[str], lex: TimexLexicon) -> int:
    groups = m.groupdict()
    if groups.get("day"):
        return int(groups["day"])
    return lex.ordinal_words[" ".join(groups["oday"].lower().split())]


# --------------------------------------------------------------------------- builders


def _iso(m: re.Match[str], lex: TimexLexicon) -> list[Mention]:
    del lex
    y, mo, d = int(m.group("year")), int(m.group("m")), int(m.group("d"))
    return [Mention(m.start(), m.end(), "calendar", year=y, month=mo, day=d)]


def _numeric(m: re.Match[str], lex: TimexLexicon) -> list[Mention]:
    """3/4/2021 is ambiguous (US M/D, elsewhere D/M): a value only when one reading is
    impossible; dotted 3.4.2021 is day first wherever it is written."""
    del lex
    a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("year"))
    if m.group("sep") == "." or a > 12:
        a, b = b, a
    elif b <= 12 and a != b:
        return [Mention(m.start(), m.end(), "unknown", note="day/month order is ambiguous")]
    return [Mention(m.start(), m.end(), "calendar", year=y, month=a, day=b)]


def _weekday_of(m: re.Match[str], lex: TimexLexicon) -> int | None:
    word = m.groupdict().get("wd")
    return lex.weekdays[word.lower()] if word and _capitalised(word) else None


def _month_day(m: re.Match[str], lex: TimexLexicon) -> list[Mention]:
    """ "March 3", "3 March 2021", "Thursday, April 6", "April 24 and 25" (two mentions)."""
    month = _month(m, lex)
    if month is None:
        return []
    year, day, weekday = _year(m, lex), _day(m, lex), _weekday_of(m, lex)
    if m.groupdict().get("day2") is None:
        return [Mention(m.start(), m.end(), "calendar", year=year, month=month, day=day,
                        weekday=weekday)]
    return [Mention(m.start(), m.start("more"), "calendar", year=year, month=month, day=day,
                    weekday=weekday),
            Mention(m.start("day2"), m.end(), "calendar", year=year, month=month,
                    day=int(m.group("day2")))]


def _month_alone(m: re.Match[str], lex: TimexLexicon) -> list[Mention]:
    month = _month(m, lex)
    if month is None:
        return []
    shift, _ = _shift(m, lex)
    rel = m.groupdict().get("relyear")
    year_shift = lex.shifts[rel.lower()] if rel else None
    ambiguous = m.group("mon").lower() in lex.ambiguous_months
    cued = bool(shift is not None or m.groupdict().get("edge") or rel
                or _word_before(m.string, m.start()) in {*lex.prepositions, "of", "in"})
    if ambiguous and not cued:
        return []
    return [Mention(m.start(), m.end(), "calendar", month=month, shift=shift,
                    year_shift=year_shift, check="month")]


def _month_year(m: re.Match[str], lex: TimexLexicon) -> list[Mention]:
    month, year = _month(m, lex), _year(m, lex)
    if month is None or year is None or year < MIN_YEAR:
        return []
    return [Mention(m.start(), m.end(), "calendar", year=year, month=month)]


def _weekday(m: re.Match[str], lex: TimexLexicon) -> list[Mention]:
    weekday = _weekday_of(m, lex)
    if weekday is None or _word_before(m.string, m.start()) in {"every", "each",
                                                                  *lex.name_before}:
        return []
    after = re.match(r"[ \t]+([A-Za-z]+)", m.string[m.end():m.end() + 24])
    if after and after.group(1).lower() in lex.name_after:
        return []  # "the Sunday Times", "Sunday school"
    anaphor = (m.groupdict().get("anaphor") or "").lower()
    if anaphor:
        back = "previous" in anaphor or "preceding" in anaphor
        return [Mention(m.start(), m.end(), "anaphor", weekday=weekday, shift=-1 if back else 1,
                        amount=1)]
    shift, strict = _shift(m, lex)
    return [Mention(m.start(), m.end(), "calendar", weekday=weekday, shift=shift, strict=strict)]


def _day_word(m: re.Match[str], lex: TimexLexicon) -> list[Mention]:
    offset = lex.days[" ".join(m.group("dw").lower().split())]
    return [Mention(m.start(), m.end(), "day_offset", amount=offset)]


def _unit_shift(m: re.Match[str], lex: TimexLexicon) -> list[Mention]:
    if m.groupdict().get("the") and not m.groupdict().get("lead"):
        return []  # "the last year", "the next month": durations
    shift, _ = _shift(m, lex)
    return [Mention(m.start(), m.end(), "unit_shift", unit=lex.units[m.group("unit").lower()],
                    shift=shift)]


def _period_edge(m: re.Match[str], lex: TimexLexicon) -> list[Mention]:
    """ "year-end", "the end of the year", "earlier in the month": this unit."""
    del lex
    named = m.group("punit") or m.group("punit2") or "year"  # "year-end" names no group
    unit = named.lower()
    return [Mention(m.start(), m.end(), "unit_shift", unit=unit, shift=0)]


def _ago(m: re.Match[str], lex: TimexLexicon) -> list[Mention]:
    unit = lex.units[m.group("unit").lower()]
    direction = m.group("dir").lower()
    hedge = " ".join((m.group("hedge") or "").lower().split())
    amount = _amount(m.group("amount"), lex)
    if amount is None or hedge in lex.bounds:
        return [Mention(m.start(), m.end(), "unknown", note="no certain amount")]
    if direction in {"earlier", "later"}:
        return [Mention(m.start(), m.end(), "anaphor", unit=unit, amount=amount,
                        shift=-1 if direction == "earlier" else 1)]
    shift = lex.ago[" ".join(direction.split())]
    return [Mention(m.start(), m.end(), "ago", unit=unit, amount=amount, shift=shift)]


def _season(m: re.Match[str], lex: TimexLexicon) -> list[Mention]:
    shift, _ = _shift(m, lex)
    year = _year(m, lex)
    if shift is None and year is None and not m.groupdict().get("cue"):
        return []
    return [Mention(m.start(), m.end(), "season", season=m.group("season").lower(),
                    shift=shift, year=year)]


def _holiday(m: re.Match[str], lex: TimexLexicon) -> list[Mention]:
    if not _capitalised(m.group("hol")):
        return []
    month, day = lex.holidays[" ".join(m.group("hol").lower().split())]
    shift, _ = _shift(m, lex)
    return [Mention(m.start(), m.end(), "calendar", year=_year(m, lex), month=month, day=day,
                    shift=shift)]


def _year_alone(m: re.Match[str], lex: TimexLexicon) -> list[Mention]:
    """ "1988", "in 2013", "early 1991", "the year two thousand"; "fiscal 1989" and "1998-99"
    are tagged without a value (a fiscal year or a span is not one calendar year)."""
    groups = m.groupdict()
    year = _year(m, lex)
    before = _word_before(m.string, m.start())
    cued = bool(groups.get("edge") or groups.get("theyear")
                or before in {*lex.prepositions, "of", "to"})
    if year is None or not _plausible_year(m, year, cued, lex):
        return []
    note = ("a fiscal year" if groups.get("fiscal")
            else "a span of years" if groups.get("range") else None)
    if note:
        return [Mention(m.start(), m.end(), "unknown", note=note)]
    return [Mention(m.start(), m.end(), "calendar", year=year,
                    check=None if cued or groups.get("spoken") else "year")]


def _plausible_year(m: re.Match[str], year: int, cued: bool, lex: TimexLexicon) -> bool:
    """Not "Flight 1988", "1530 GMT", "two thousand people"; in ``BARE_YEAR_RANGE`` unless a
    temporal cue comes first ("in 1648")."""
    after = re.match(r"\s*([\w%]+)", m.string[m.end():m.end() + 16])
    if _word_before(m.string, m.start()) in lex.year_blockers or (
            after and after.group(1).lower() in lex.year_followers):
        return False
    spoken = m.groupdict().get("spoken")
    if spoken and not cued and (spoken.lower().startswith("two") or spoken.endswith("hundred")):
        return False  # "two thousand people", "nineteen hundred": counts, unless cued
    low, high = BARE_YEAR_RANGE
    return low <= year <= high or (cued and year >= MIN_YEAR)


def _quarter(m: re.Match[str], lex: TimexLexicon) -> list[Mention]:
    """A quarter or half is not a contract value; "the third quarter of 1989" gives 1989."""
    year = _year(m, lex)
    if year is None or m.group("fisc"):
        return [Mention(m.start(), m.end(), "unknown", note="a quarter or half year")]
    return [Mention(m.start(), m.end(), "calendar", year=year)]


#: Anaphoric direction words -> shift from the reference time.
_ANAPHOR_SHIFT = {"following": 1, "next": 1, "previous": -1, "preceding": -1, "same": 0,
                  "that": 0}


def _anaphora(m: re.Match[str], lex: TimexLexicon) -> list[Mention]:
    """ "the following year", "that day", "earlier that month", "year-ago": a unit from the
    time the text last named, resolved by the stage (which knows that time)."""
    if m.group("yago"):  # "year-ago" counts from now, "year-earlier" from the reference
        kind: Kind = "ago" if m.group("yago").lower().endswith("ago") else "anaphor"
        return [Mention(m.start(), m.end(), kind, unit="year", amount=1, shift=-1)]
    unit = lex.units.get(m.group("aunit").lower(), "day")  # "morning", "night": that day
    shift = _ANAPHOR_SHIFT[m.group("adir").lower().split()[-1]]
    return [Mention(m.start(), m.end(), "anaphor", unit=unit, amount=1, shift=shift)]


def _unknown(note: str) -> Builder:
    def build(m: re.Match[str], lex: TimexLexicon) -> list[Mention]:
        del lex
        return [Mention(m.start(), m.end(), "unknown", note=note)]

    return build


# --------------------------------------------------------------------------- the patterns


def regexes(lex: TimexLexicon) -> dict[str, str]:
    p = _pieces(lex)
    year_or_spoken = f"(?:{p['YEAR']}|{p['SPOKEN']})"
    units = alt(lex.units)
    day2 = r"(?P<day2>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\w]|[.,]\d)"
    lead = r"(?<![\w$£€#.,/-])"
    return {
        "iso": r"(?<![\w-])(?P<year>[12]\d{3})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\w-])",
        "numeric": r"(?<![\w/.])(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)"
                   r"(?P<year>[12]\d{3})(?![\w/]|\.\d)",
        "month_day": (rf"(?:{p['WD']}\s*,?\s+)?{p['MONTH']}\s*(?:{p['DAY']}|{p['ODAY']})"
                      rf"(?P<more>\s*(?:-|–|and|or|to|through)\s*{day2})?"
                      rf"(?:\s*,?\s*{year_or_spoken})?"),
        "day_month": (rf"(?:{p['WD']}\s*,?\s+)?(?:the\s+)?(?:{p['DAY']}\s+(?:of\s+)?|{p['ODAY']}"
                      rf"\s+of\s+){p['MONTH']}(?:\s*,?\s*{year_or_spoken})?"),
        "month_year": rf"{p['MONTH']}\s*,?\s+(?:of\s+)?{year_or_spoken}",
        "month": (rf"(?:{p['EDGE']})?(?:{p['SHIFT']}\s+)?{p['FULLMONTH']}"
                  r"(?:\s+(?P<relyear>this|last|next)\s+year\b)?"),
        "weekday": (rf"(?:(?:early|late)\s+)?(?:(?P<anaphor>the\s+(?:previous|preceding|following"
                    rf"|next))\s+|{p['SHIFT']}\s+)?{p['WD']}(?:\s+{p['PART']})?"),
        "day_word": rf"(?:(?:early|late)\s+)?\b(?P<dw>{alt(lex.days)})\b(?:\s+{p['PART']})?",
        "unit_shift": (rf"(?:(?P<lead>{p['EDGE']}|(?:earlier|later|so\s+far)\s+)(?:in\s+)?)?"
                       rf"(?P<the>the\s+)?\b{p['SHIFT']}\s+(?P<unit>week|weekend|month|year)\b"),
        "period_edge": (r"\byear[-\s]end\b|\byear's\s+end\b|(?:the\s+)?(?:end|beginning|start"
                        r"|middle|close)\s+of\s+the\s+(?P<punit>year|month|week)\b"
                        r"|\b(?:earlier|later)\s+in\s+the\s+(?P<punit2>year|month|week)\b"),
        "ago": (rf"\b(?:(?P<hedge>{alt((*lex.approx, *lex.bounds))})\s+)?{p['AMOUNT']}\s+"
                rf"(?P<unit>{units})(?:\s+or\s+so)?\s+(?P<dir>{alt(lex.ago)}|earlier|later)\b"),
        "season": (rf"(?:(?:early|late|mid)[\s-]+)?(?:{p['SHIFT']}\s+|(?P<cue>(?:in|during|over"
                   rf"|by|until|since|through)\s+the\s+(?:(?:early|late)\s+)?))?"
                   rf"\b(?P<season>{alt(lex.seasons)})\b(?:\s+(?:of\s+)?{p['YEAR']})?"),
        "holiday": (rf"(?:{p['SHIFT']}\s+)?\b(?P<hol>{alt(lex.holidays)})\b"
                    rf"(?:\s*,?\s+{p['YEAR']})?"),
        "decade": (rf"{lead}(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?:[12]\d{{2}}0'?s|'\d0s)\b"
                   r"|\bthe\s+(?:(?:early|late|mid)[\s-]+)?(?:twenties|thirties|forties|fifties"
                   r"|sixties|seventies|eighties|nineties)\b"),
        "quarter": (r"\b(?:the\s+)?(?:first|second|third|fourth|1st|2nd|3rd|4th)(?:[\s-]+"
                    r"(?:fiscal|calendar))?[\s-]+(?:quarter|half)\b(?:\s+of\s+(?:(?P<fisc>fiscal)"
                    rf"\s+)?{p['YEAR']})?"),
        "anaphora": (r"\b(?:(?:earlier|later)\s+)?(?P<adir>that|the\s+(?:following|previous"
                     r"|preceding|same|next(?=\s+(?:day|morning|afternoon|evening|night))))\s+"
                     r"(?P<aunit>day|week|weekend|month|year|morning|afternoon|evening|night)"
                     r"\b(?!-)|\b(?P<yago>year[-\s](?:ago|earlier))\b"),
        "year": (rf"{lead}(?:(?P<fiscal>fiscal\s+(?:year\s+)?)|{p['EDGE']}|(?P<theyear>the\s+year"
                 rf"\s+|(?:pre|post)-))?(?:{p['YEAR']}(?P<range>\s*[-–/]\s*\d{{2,4}}(?!\d))?"
                 rf"|{p['SPOKEN']})"),
    }


#: Pattern name -> builder, in priority order: of two equally long overlapping matches, the
#: one whose pattern comes first wins (the longest match always wins).
BUILDERS: dict[str, Builder] = {
    "iso": _iso, "numeric": _numeric, "month_day": _month_day, "day_month": _month_day,
    "month_year": _month_year, "month": _month_alone, "holiday": _holiday,
    "weekday": _weekday, "day_word": _day_word, "period_edge": _period_edge,
    "unit_shift": _unit_shift, "ago": _ago, "season": _season, "quarter": _quarter,
    "decade": _unknown("a decade"), "anaphora": _anaphora,
    "year": _year_alone,
}
