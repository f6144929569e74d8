"""The actor knowledge base's typed records (``KBActor``, ``Role``, ``AliasRule``,
``KnowledgeBase``), its id scheme and date bounds; ``kb`` loads and validates them.

The KB is data, not code: JSONL files under ``flashpoint/data/kb/`` built reproducibly by
``scripts/build_kb.py`` (``make kb``) from the Phoenix/PETRARCH2 dictionaries, the NGEC country
table and our curated YAML (``kb/curated/``). Never edit the built files by hand.

Id scheme (checked at load):

- ``RUS``: a state, its ISO 3166-1 alpha-3 code.
- ``RUS.GOV``, ``RUS.MIL``, ``RUS.MIL.NAVY``, ``USA.CIA``, ``YEM.HOUTHIS``: a body or group based
  in that state (government, armed forces, intelligence, police, parliament, armed group…).
  Generic bodies exist for every state: ``GOV`` government, ``MIL`` armed forces (``MIL.NAVY``,
  ``MIL.AF``), ``POL`` police, ``INT`` intelligence, ``MFA``/``MOD``/``MOI`` foreign, defence
  and interior ministries, ``LEG`` parliament, ``JUD`` judiciary.
- ``IGO.UN``, ``IGO.NATO``: intergovernmental organisations (country null).
- ``NSA.IS``, ``NSA.AQ``: non-state actors with no home country (transnational).
- ``P.vladimir-putin``: a person (``P.<slug>``; ``P.<slug>.<ISO3>`` when two share a name).

Alias lookup goes through :func:`normalise`; spelling and transliteration variants (Gaddafi,
Qaddafi, Kadhafi) are listed in the data, not guessed. When one alias names several actors the
data must say how to choose (``ambiguous.jsonl``: ``prefer``, ``by_date`` or ``priority``);
the loader refuses an undeclared clash.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from flashpoint.model import DATE_PATTERN, ActorType

from .names import ARTICLES, alias_keys, last_key_word

KB_SCHEMA = "flashpoint.kb/1"
MANIFEST = "manifest.json"
RULE_KINDS = ("prefer", "by_date", "priority")
RuleKind = Literal["prefer", "by_date", "priority"]

_SEGMENT = r"\.[A-Z0-9][A-Z0-9-]*"
ID_PATTERN = re.compile(rf"^(?:[A-Z]{{3}}(?:{_SEGMENT})*|P\.[a-z0-9][a-z0-9-]*(?:\.[A-Z]{{3}})?)$")
#: Prefixes of ids that are not states: IGOs and stateless (transnational) non-state actors.
NON_STATE_PREFIXES = ("IGO", "NSA")
QID_PATTERN = re.compile(r"^Q[1-9]\d*$")
CAMEO_PATTERN = re.compile(r"^[A-Z]{3}(?:[A-Z]{3})*$")



# --------------------------------------------------------------------------- dates


def date_bounds(value: str) -> tuple[dt.date, dt.date]:
    """First and last day of a YYYY, YYYY-MM or YYYY-MM-DD date; ValueError if invalid."""
    if not DATE_PATTERN.match(value):
        raise ValueError(f"{value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    if len(value) == 10:
        day = dt.date.fromisoformat(value)
        return day, day
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    year, month = parts[0], parts[1]
    if len(parts) == 2:
        if not 1 <= month <= 12:
            raise ValueError(f"{value!r} has no month {month}")
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    day = dt.date(year, month, parts[2])
    return day, day


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Role:
    """A position an actor held: ``title`` in ``affiliation`` (an actor id) from start to end.

    Dates are YYYY[-MM[-DD]]; ``start`` None means "since before our sources know", ``end``
    None means "still held" (for roles from the 2014 Phoenix data: held when it was compiled).
    """

    title: str
    affiliation: str | None
    country: str | None
    start: str | None
    end: str | None

    def span(self) -> tuple[dt.date, dt.date]:
        """The role's first and last possible day (open ends are date.min / date.max)."""
        lo = date_bounds(self.start)[0] if self.start else dt.date.min
        hi = date_bounds(self.end)[1] if self.end else dt.date.max
        return lo, hi

    def covers(self, date: str) -> bool:
        """Whether the role may have been held at some time within ``date`` (YYYY[-MM[-DD]])."""
        lo, hi = date_bounds(date)
        start, end = self.span()
        return start <= hi and lo <= end

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "affiliation": self.affiliation, "country": self.country,
                "start": self.start, "end": self.end}


@dataclass(frozen=True)
class KBActor:
    """One canonical actor of the knowledge base.

    ``aliases`` are surface forms (case kept, so a recogniser can insist that "US" or "IS" be
    capitalised); the ``name`` is looked up too. ``cameo`` is the CAMEO actor code to export
    (for people: that of their latest role). ``note`` says what a reader must know (for example
    why ``country`` is null); ``sources`` name where the record's facts come from. For states,
    ``demonyms`` are the nationality words among the aliases ("Russian", "Russians"): a
    recogniser can read "a Russian drone" as the state.
    """

    id: str
    name: str
    type: ActorType
    country: str | None
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    kb: str | None = None
    cameo: str | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()

    def roles_at(self, date: str) -> tuple[Role, ...]:
        """The roles that may have been held at ``date``."""
        return tuple(r for r in self.roles if r.covers(date))

    def span(self) -> tuple[dt.date, dt.date] | None:
        """From the start of the first role to the end of the last; None without roles."""
        if not self.roles:
            return None
        spans = [r.span() for r in self.roles]
        return min(s[0] for s in spans), max(s[1] for s in spans)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "type": self.type, "country": self.country,
                "aliases": list(self.aliases), "roles": [r.to_dict() for r in self.roles],
                "kb": self.kb, "cameo": self.cameo, "note": self.note,
                "sources": list(self.sources), "demonyms": list(self.demonyms)}


@dataclass(frozen=True)
class AliasRule:
    """How to choose among the actors that share one alias key (``actors`` best first)."""

    alias: str
    actors: tuple[str, ...]
    rule: RuleKind
    note: str | None = None


@dataclass(frozen=True)
class KnowledgeBase:
    """The loaded, validated KB: actors by id and an alias index (key → ids, best first)."""

    by_id: Mapping[str, KBActor]
    index: Mapping[str, tuple[str, ...]]
    rules: Mapping[str, AliasRule]
    meta: Mapping[str, Any]
    #: The ISO3 codes of every state in the KB (the valid values of ``country``).
    states: frozenset[str] = frozenset()
    #: The last word of every index key: a span whose last word is none of them (nor an
    #: article a variant drops) names no actor, and the recogniser skips its lookup.
    last_words: frozenset[str] = frozenset()

    def may_end(self, word: str) -> bool:
        """Whether a name ending with token ``word`` can be in the index (a cheap test that
        never says no to a key :meth:`lookup` would find)."""
        if not self.last_words:
            return True
        last = last_key_word(word)
        return (last in self.last_words or last.replace("'", "") in self.last_words
                or last in ARTICLES)

    def _candidate_ids(self, alias: str) -> tuple[str, ...]:
        for key in alias_keys(alias):
            ids = self.index.get(key)
            if ids:
                return ids
        return ()

    def lookup(self, alias: str) -> tuple[KBActor, ...]:
        """The actors an alias may name, best first (empty if unknown).

        ``alias`` may be raw text or already normalised (normalising is idempotent); if its
        normal form is unknown its variants are tried (``al-Shabaab`` → ``shabaab``).
        """
        return tuple(self.by_id[i] for i in self._candidate_ids(alias))

    def at_date(self, alias: str, date: str) -> tuple[KBActor, ...]:
        """:meth:`lookup` ordered for a date: actors with a role covering ``date`` first, then
        actors without dated roles, then the rest (each group in the data's preference order).
        For ``by_date`` aliases (two people, one name) the first is the one in office then."""
        date_bounds(date)
        found = self.lookup(alias)

        def rank(actor: KBActor) -> int:
            if not actor.roles:
                return 1
            return 0 if actor.roles_at(date) else 2

        return tuple(sorted(found, key=rank))

    def __iter__(self) -> Iterator[KBActor]:
        return iter(self.by_id.values())

    def __len__(self) -> int:
        return len(self.by_id)
