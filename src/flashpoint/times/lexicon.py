"""The time stage's lexicon: month and weekday names, relative words, seasons, holidays.

The words live in ``data/timex.yaml`` (its header documents every key); this module loads and
validates that file into a frozen ``TimexLexicon`` and fails with a ``DataFileError`` naming the
file and the entry when something is missing or malformed, never in the middle of a batch.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from flashpoint.datafiles import read_yaml
from flashpoint.errors import DataFileError

DATA_FILE = "timex.yaml"
DATA_VERSION = 1

#: Keys whose value maps a word to an integer, and the inclusive range the integer must lie in.
_INT_MAPS: dict[str, tuple[int, int]] = {
    "number_words": (1, 99), "ordinal_words": (1, 31), "days": (-7, 7), "shifts": (-1, 1),
    "ago": (-1, 1),
}
#: Keys whose value is a non-empty list of words.
_WORD_LISTS = ("ambiguous_months", "vague_amounts", "day_parts", "approx", "bounds", "edges",
               "prepositions", "year_blockers", "year_followers", "future_governors",
               "name_before", "name_after", "future_cues", "schedule_cues")
_UNITS = frozenset({"day", "week", "weekend", "month", "year"})


@dataclass(frozen=True)
class Season:
    """A season: its months (northern hemisphere) and whether it lies in one calendar year in
    both hemispheres (spring and autumn do; summer and winter swap and cross the new year)."""

    months: tuple[int, ...]
    one_year: bool


@dataclass(frozen=True, eq=False)
class TimexLexicon:
    """Every word list of ``data/timex.yaml``, lower-cased, with its numbers.

    Compared and hashed by identity, so compiled patterns can be cached per lexicon.
    """

    months: Mapping[str, int]
    full_months: frozenset[str]
    ambiguous_months: frozenset[str]
    weekdays: Mapping[str, int]
    number_words: Mapping[str, int]
    vague_amounts: tuple[str, ...]
    ordinal_words: Mapping[str, int]
    days: Mapping[str, int]
    day_parts: tuple[str, ...]
    units: Mapping[str, str]
    shifts: Mapping[str, int]
    ago: Mapping[str, int]
    approx: tuple[str, ...]
    bounds: tuple[str, ...]
    edges: tuple[str, ...]
    seasons: Mapping[str, Season]
    holidays: Mapping[str, tuple[int, int]]
    prepositions: tuple[str, ...]
    year_blockers: frozenset[str]
    year_followers: frozenset[str]
    name_before: frozenset[str]
    name_after: frozenset[str]
    future_cues: tuple[str, ...]
    schedule_cues: tuple[str, ...]
    future_governors: frozenset[str]


def _bad(name: str, entry: str, problem: str) -> DataFileError:
    return DataFileError(f"{entry}: {problem}", source=name,
                         fix="correct that entry (the file's header documents every key)")


def _words(name: str, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(
            isinstance(w, str) and w.strip() for w in value):
        raise _bad(name, key, "expected a non-empty list of words")
    return tuple(" ".join(w.lower().split()) for w in value)


def _int_map(name: str, key: str, value: Any, low: int, high: int) -> dict[str, int]:
    if not isinstance(value, dict) or not value:
        raise _bad(name, key, "expected a non-empty mapping of word -> number")
    out: dict[str, int] = {}
    for word, number in value.items():
        if not isinstance(word, str) or not isinstance(number, int) or isinstance(number, bool):
            raise _bad(name, f"{key}.{word}", "expected a word mapped to an integer")
        if not low <= number <= high:
            raise _bad(name, f"{key}.{word}", f"{number} is outside {low}..{high}")
        out[" ".join(word.lower().split())] = number
    return out


def _numbered(name: str, key: str, value: Any, count: int) -> dict[str, int]:
    """``{1: [names], ...}`` for months (12) or weekdays (7) -> ``{name: number}``."""
    if not isinstance(value, dict) or sorted(value) != list(range(1, count + 1)):
        raise _bad(name, key, f"expected the keys 1..{count}, each with a list of names")
    out: dict[str, int] = {}
    for number, names in value.items():
        for word in _words(name, f"{key}.{number}", names):
            if out.setdefault(word, number) != number:
                raise _bad(name, f"{key}.{number}", f"{word!r} is listed twice")
    return out


def _seasons(name: str, value: Any) -> dict[str, Season]:
    if not isinstance(value, dict) or not value:
        raise _bad(name, "seasons", "expected a mapping of season -> {months, one_year}")
    out: dict[str, Season] = {}
    for season, spec in value.items():
        months = spec.get("months") if isinstance(spec, dict) else None
        one_year = spec.get("one_year") if isinstance(spec, dict) else None
        if (not isinstance(months, list) or not months or not isinstance(one_year, bool)
                or not all(isinstance(m, int) and 1 <= m <= 12 for m in months)):
            raise _bad(name, f"seasons.{season}", "expected months: [1..12, ...], one_year: bool")
        out[str(season).lower()] = Season(tuple(months), one_year)
    return out


def _holidays(name: str, value: Any) -> dict[str, tuple[int, int]]:
    if not isinstance(value, dict) or not value:
        raise _bad(name, "holidays", "expected a mapping of holiday -> 'MM-DD'")
    out: dict[str, tuple[int, int]] = {}
    for holiday, when in value.items():
        parts = when.split("-") if isinstance(when, str) else []
        if len(parts) != 2 or not all(p.isdigit() for p in parts):
            raise _bad(name, f"holidays.{holiday}", f"expected 'MM-DD', not {when!r}")
        month, day = int(parts[0]), int(parts[1])
        if not (1 <= month <= 12 and 1 <= day <= 31):
            raise _bad(name, f"holidays.{holiday}", f"{when!r} is not a calendar day")
        out[" ".join(str(holiday).lower().split())] = (month, day)
    return out


def _units(name: str, value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not value or not all(
            isinstance(k, str) and v in _UNITS for k, v in value.items()):
        raise _bad(name, "units", f"expected a mapping of word -> one of {sorted(_UNITS)}")
    return {k.lower(): str(v) for k, v in value.items()}


def parse_lexicon(data: Any, name: str) -> TimexLexicon:
    """Validate the parsed YAML ``data`` (from the file ``name``) into a ``TimexLexicon``."""
    if not isinstance(data, dict) or data.get("version") != DATA_VERSION:
        raise _bad(name, "top level", f"expected a mapping with 'version: {DATA_VERSION}'")
    missing = [k for k in (*_INT_MAPS, *_WORD_LISTS, "months", "weekdays", "units", "seasons",
                           "holidays") if k not in data]
    if missing:
        raise _bad(name, "top level", f"missing keys {missing}")
    months = _numbered(name, "months", data["months"], 12)
    full = frozenset(names[0].lower() for names in data["months"].values())
    lists = {k: _words(name, k, data[k]) for k in _WORD_LISTS}
    ints = {k: _int_map(name, k, data[k], *bounds) for k, bounds in _INT_MAPS.items()}
    if not set(lists["ambiguous_months"]) <= full:
        raise _bad(name, "ambiguous_months", "every entry must be a full month name")
    return TimexLexicon(
        months=months, full_months=full, ambiguous_months=frozenset(lists["ambiguous_months"]),
        weekdays=_numbered(name, "weekdays", data["weekdays"], 7),
        number_words=ints["number_words"], vague_amounts=lists["vague_amounts"],
        ordinal_words=ints["ordinal_words"], days=ints["days"], day_parts=lists["day_parts"],
        units=_units(name, data["units"]), shifts=ints["shifts"], ago=ints["ago"],
        approx=lists["approx"], bounds=lists["bounds"], edges=lists["edges"],
        seasons=_seasons(name, data["seasons"]), holidays=_holidays(name, data["holidays"]),
        prepositions=lists["prepositions"], year_blockers=frozenset(lists["year_blockers"]),
        year_followers=frozenset(lists["year_followers"]),
        name_before=frozenset(lists["name_before"]), name_after=frozenset(lists["name_after"]),
        future_cues=lists["future_cues"], schedule_cues=lists["schedule_cues"],
        future_governors=frozenset(lists["future_governors"]),
    )


def load_lexicon(path: Path | str | None = None) -> TimexLexicon:
    """Load and validate the lexicon file (the packaged one by default)."""
    data, name = read_yaml(DATA_FILE, path, "time lexicon")
    return parse_lexicon(data, name)


@lru_cache(maxsize=1)
def default_lexicon() -> TimexLexicon:
    """The packaged lexicon, loaded once per process."""
    return load_lexicon()
