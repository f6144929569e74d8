"""Finding temporal expressions in text: regular patterns built from the lexicon.

``find_mentions(text)`` returns non-overlapping ``Mention`` records: where an expression is and
what it says (a month and a day, "last" + "week", three years "ago"), not yet what date it
means: that is ``anchor``'s job, with the publication date and the verb's tense. This
module needs no parse; the checks that do (is this "May" a month, is this "1988" a year) are
requested through ``Mention.check`` and made by the stage (``times/stage.py``).

What is found: absolute dates ("March 3, 2021", "3 March 2021", "2021-03-03"), partial ones
("Feb. 9", "in January", "last May"), relative days, weeks, months and years ("yesterday",
"on Tuesday", "last week", "earlier this month", "two years ago"), seasons, fixed holidays,
anaphors counted from the time the text last named ("the following year", "a year earlier"),
and, tagged with no value because the contract cannot express them: decades, quarters,
fiscal years, spans ("1998-99"), ambiguous numeric dates ("3/4/2021"). Durations ("for three
weeks"), sets ("every Monday") and generic times ("nowadays") are not tagged. The patterns
themselves are in ``grammar``; this module runs them (only near anchor words, which is
what keeps the stage cheap), keeps the longest of overlapping matches and widens each over a
preposition right before it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from .grammar import BUILDERS, MIN_YEAR, Builder, Mention, alt, regexes
from .lexicon import TimexLexicon, default_lexicon

__all__ = ["MIN_YEAR", "Mention", "compiled", "find_mentions"]

#: Every expression contains an anchor word (a month, a weekday, a unit, a season, a digit ...)
#: and reaches at most this far (characters) before or after it: the longest prefix is about
#: "approximately twenty-five" / "the beginning of this coming", the longest suffix
#: ", April 24 and 25, nineteen ninety-six". The patterns run only in these windows, which is
#: what makes the stage cheap (news text is mostly free of anchor words).
WINDOW_REACH = 64
#: How far back (characters) a kept preposition may start before an expression: the longest
#: preposition in the lexicon ("during", "before") plus its spaces.
PREPOSITION_REACH = 12


@dataclass(frozen=True)
class _Pattern:
    name: str
    regex: re.Pattern[str]
    build: Builder


@lru_cache(maxsize=4)
def compiled(lex: TimexLexicon) -> tuple[_Pattern, ...]:
    """The lexicon's patterns, compiled once per lexicon."""
    sources = regexes(lex)
    return tuple(_Pattern(name, re.compile(sources[name], re.IGNORECASE), build)
                 for name, build in BUILDERS.items())


@lru_cache(maxsize=4)
def _preposition_regex(lex: TimexLexicon) -> re.Pattern[str]:
    return re.compile(rf"(?:{alt(lex.prepositions)})\s+$", re.IGNORECASE)


def _select(found: list[tuple[Mention, int]]) -> list[Mention]:
    """Non-overlapping mentions: longest first, then pattern priority, then leftmost."""
    found.sort(key=lambda f: (f[0].start - f[0].end, f[1], f[0].start))
    starts: list[int] = []
    kept: list[Mention] = []
    for mention, _ in found:
        i = bisect_left(starts, mention.start)
        if i > 0 and kept[i - 1].end > mention.start:
            continue
        if i < len(kept) and kept[i].start < mention.end:
            continue
        starts.insert(i, mention.start)
        kept.insert(i, mention)
    return kept


def _with_preposition(text: str, mention: Mention, floor: int, regex: re.Pattern[str]) -> Mention:
    """Widen ``mention`` over a preposition right before it ("in 2013", "since Friday"), but
    not before a possessive: in "in Thursday's attack" the "in" belongs to "attack"."""
    if text.startswith(("'s", "’s"), mention.end):
        return mention
    found = regex.search(text, max(floor, mention.start - PREPOSITION_REACH), mention.start)
    if found is None or (found.start() > 0 and text[found.start() - 1].isalnum()):
        return mention
    return replace(mention, start=found.start())


_WORD = re.compile(r"[A-Za-z]+|\d+")
_DECADE_WORDS = frozenset({"twenties", "thirties", "forties", "fifties", "sixties", "seventies",
                           "eighties", "nineties"})
_STOP = frozenset({"the", "this", "last", "before", "after", "of", "s", "new"})


def _phrase_words(phrases: Iterable[str]) -> set[str]:
    return {w for phrase in phrases for w in re.findall(r"[a-z]+", phrase)} - _STOP


@lru_cache(maxsize=4)
def _triggers(lex: TimexLexicon) -> dict[str, frozenset[str]]:
    """Anchor word -> the names of the patterns whose matches always contain such a word
    ("#4": any four-digit number, "#2": any two-digit one)."""
    by_pattern = {
        "month_day": set(lex.months), "day_month": set(lex.months),
        "month_year": set(lex.months), "month": set(lex.full_months),
        "holiday": _phrase_words(lex.holidays), "weekday": set(lex.weekdays),
        "day_word": _phrase_words(lex.days), "period_edge": set(lex.units),
        "unit_shift": set(lex.units), "ago": set(lex.units), "season": set(lex.seasons),
        "anaphora": {*lex.units, *lex.day_parts}, "quarter": {"quarter", "half", "q"},
        "iso": {"#4"}, "numeric": {"#4"}, "decade": {"#4", "#2", *_DECADE_WORDS},
        "year": {"#4", "thousand", *(w for w, n in lex.number_words.items() if 10 < n < 20)},
    }
    out: dict[str, set[str]] = {}
    for name, words in by_pattern.items():
        for word in words:
            out.setdefault(word, set()).add(name)
    return {word: frozenset(names) for word, names in out.items()}


def _windows(text: str, lex: TimexLexicon) -> dict[str, list[tuple[int, int]]]:
    """Per pattern: merged stretches of ``text`` around its anchor words, ending at
    whitespace (so no match is cut short at a window's end)."""
    triggers, size = _triggers(lex), len(text)
    windows: dict[str, list[tuple[int, int]]] = {}
    for hit in _WORD.finditer(text):
        word = hit.group()
        names = triggers.get(word.lower() if word[0].isalpha() else f"#{len(word)}")
        if not names:
            continue
        lo, hi = max(0, hit.start() - WINDOW_REACH), min(size, hit.end() + WINDOW_REACH)
        while hi < size and not text[hi].isspace():
            hi += 1
        for name in names:
            spans = windows.setdefault(name, [])
            if spans and lo <= spans[-1][1]:
                lo = min(lo, spans.pop()[0])
            spans.append((lo, hi))
    return windows


def find_mentions(text: str, lex: TimexLexicon | None = None) -> list[Mention]:
    """Every temporal expression in ``text``, in text order, none overlapping another."""
    lex = lex or default_lexicon()
    windows = _windows(text, lex)
    found = [(mention, priority)
             for priority, pattern in enumerate(compiled(lex))
             for lo, hi in windows.get(pattern.name, [])
             for match in pattern.regex.finditer(text, lo, hi)
             for mention in pattern.build(match, lex)
             if mention.end > mention.start]
    regex = _preposition_regex(lex)
    out: list[Mention] = []
    for mention in _select(found):
        floor = out[-1].end if out else 0
        out.append(_with_preposition(text, mention, floor, regex))
    return out
