"""Reading the Phoenix (PETRARCH2/TABARI) actor dictionaries for ``build_kb.py``.

Format (PETRARCH2 ``read_actor_dictionary``): a root phrase starts a record, ``+`` lines add
synonyms, ``[CODE]`` or tab-indented ``[CODE restriction]`` lines give CAMEO codes with optional
date restrictions (``<date`` before, ``>date`` after, ``date-date`` between). A root without any
code shares the codes of the next record that has some, as in PETRARCH. Dates are YYYYMMDD, or
YYMMDD with 00-30 read as 20YY and 31-99 as 19YY (the KEDS/TABARI rule); only the first 8
digits of a longer string count (also as in PETRARCH).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

#: KEDS/TABARI two-digit-year pivot: YY <= this is 20YY, above it 19YY.
TWO_DIGIT_YEAR_PIVOT = 30
_BRACKET = re.compile(r"\[([^\]]*)\]")
_PAREN = re.compile(r"\(([^)]*)\)")
_VOWELS = set("AEIOUY")


@dataclass(frozen=True)
class Restriction:
    """One ``[CODE restriction]``: the code and its ISO date range (None = open)."""

    code: str
    start: str | None
    end: str | None
    dated: bool


@dataclass
class Entry:
    """One Phoenix record: the root phrase, its synonyms and its code restrictions."""

    root: str
    line: int
    comment: str
    synonyms: list[str] = field(default_factory=list)
    restrictions: list[Restriction] = field(default_factory=list)

    @property
    def phrases(self) -> list[str]:
        return [self.root, *self.synonyms]

    @property
    def dated(self) -> bool:
        return any(r.dated for r in self.restrictions)

    @property
    def from_countryinfo(self) -> bool:
        return "countryinfo" in self.comment.casefold()


@dataclass
class ParseReport:
    """What the reader skipped, for the build summary."""

    bad_dates: list[str] = field(default_factory=list)


def tabari_date(text: str) -> str:
    """A TABARI date string as ISO YYYY-MM-DD (ValueError if it is not a real date)."""
    digits = text.strip()
    if not digits.isdigit() or len(digits) < 6:
        raise ValueError(f"not a TABARI date: {text!r}")
    if len(digits) <= 7:
        yy, month, day = int(digits[:2]), int(digits[2:4]), int(digits[4:6])
        year = 2000 + yy if yy <= TWO_DIGIT_YEAR_PIVOT else 1900 + yy
    else:
        year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    return dt.date(year, month, day).isoformat()


def parse_restriction(body: str) -> Restriction:
    """``IRNGOV 030101-070731`` / ``USAGOV >090120`` / ``IRQ <20030320`` / ``USAELI``."""
    code, _, rest = body.strip().partition(" ")
    rest = rest.strip().replace(" ", "")
    if not rest:
        return Restriction(code, None, None, dated=False)
    if rest[0] in "<>":
        day = tabari_date(rest[1:])
        return Restriction(code, None, day, True) if rest[0] == "<" else Restriction(
            code, day, None, True)
    first, _, second = rest.partition("-")
    start, end = tabari_date(first), tabari_date(second)
    if end < start:
        raise ValueError(f"ends before it starts: {body!r}")
    return Restriction(code, start, end, True)


def read_dictionary(path: Path, report: ParseReport) -> list[Entry]:
    """Every record of a Phoenix actor dictionary, codeless roots folded into the next record."""
    entries: list[Entry] = []
    pending: list[Entry] = []
    current: Entry | None = None
    text = path.read_text(encoding="utf-8", errors="replace")
    for number, raw in enumerate(text.splitlines(), 1):
        line, _, comment = raw.partition("#")
        stripped = line.strip()
        if not stripped or stripped.startswith("<!"):
            continue
        codes = _BRACKET.findall(stripped)
        phrase = _BRACKET.sub(" ", stripped).strip()
        if stripped.startswith("+") or (stripped.startswith("[") and current is not None):
            if current is None:
                continue
            current.synonyms += [p for p in phrase.lstrip("+").split("+") if p.strip()]
        else:
            if current is not None and not current.restrictions:
                pending.append(current)
                entries.pop()
            current = Entry(root=phrase, line=number, comment=comment)
            entries.append(current)
        for body in codes:
            try:
                current.restrictions.append(parse_restriction(body))
            except ValueError as exc:
                report.bad_dates.append(f"{path.name}:{number}: {exc}")
        if current.restrictions and pending:
            current.synonyms = [p.root for p in pending] + [
                s for p in pending for s in p.synonyms] + current.synonyms
            pending = []
    return [e for e in entries if e.restrictions and e.root]


def display_name(phrase: str, *, person: bool = False) -> tuple[str, list[str]]:
    """A Phoenix phrase (``BASQUE_FATHERLAND_AND_FREEDOM_(ETA)_``) as a display name and the
    acronyms found in its parentheses (``ETA``). Case is restored by rule: words title-cased,
    acronyms kept in capitals (no vowel, dotted, or - except in people's names - a lone word
    of up to 3 letters)."""
    acronyms = [m.strip() for m in _PAREN.findall(phrase)
                if re.fullmatch(r"[A-Z][A-Z0-9./&-]{1,9}", m.strip())]
    text = _PAREN.sub(" ", phrase).replace("_", " ")
    words = [w for w in text.split() if w]
    lone = len(words) == 1 and not person
    return " ".join(_case_word(w, lone) for w in words), acronyms


def _case_word(word: str, lone: bool) -> str:
    letters = [c for c in word if c.isalpha()]
    if not letters or not word.isupper():
        return word
    if "." in word or (lone and len(letters) <= 3):
        return word
    if not (_VOWELS & set(letters)) and len(letters) > 1:
        return word
    if len(letters) <= 2 and word.isalpha():
        return word if word in {"US", "UN", "UK", "EU", "AU"} else word.capitalize()
    parts = re.split(r"([-'])", word.lower())
    out = []
    for i, part in enumerate(parts):
        if i > 0 and parts[i - 1] == "'" and len(part) == 1:
            out.append(part)
        elif part in {"al", "el", "ad", "ash", "as", "ar", "an", "az", "bin", "ibn", "de",
                      "del", "la", "van", "von", "der", "da", "dos", "of", "and", "the"} and i:
            out.append(part)
        else:
            out.append(part[:1].upper() + part[1:])
    return "".join(out)
