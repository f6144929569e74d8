"""A place mention, and the gazetteer keys its words may take.

Shared by the finder (``geoparse``, ``names``) and the geocoder: the record of one span that
may name a place, with its candidates and cues, and the variants of a name tried against the
gazetteer ("Republic of", "northern", "province" dropped, each licensing what it may mean).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .cues import FEATURE_WORDS
from .gazetteer import Candidate, Gazetteer, place_key

#: Features a shortened name may still mean ("northern Syria", "the Republic of Korea").
_AREAS = frozenset(("country", "admin1", "region", "continent", "sea"))
#: Words that open a country's formal name and may be dropped to find it.
_FORMAL = re.compile(r"^(?:(?:federal|islamic|democratic|people s|arab|socialist|united|"
                     r"kingdom|state|republic|commonwealth|principality|sultanate|emirate)"
                     r"(?: of)? )+(?:the )?", re.I)
_DIRECTIONS = re.compile(r"^(?:(?:north|south|east|west|central|northern|southern|eastern|"
                         r"western|north ?east(?:ern)?|north ?west(?:ern)?|south ?east(?:ern)?"
                         r"|south ?west(?:ern)?|upper|lower|greater|downtown|rural|mid) )+")
_SUFFIX = re.compile(r" (?:province|governorate|oblast|region|state|county|parish|district|"
                     r"city|town|village|local government area|lga|area|municipality)$")
#: How the text uses a place mention (see the module docstring).
USES = ("literal", "modifier", "metonymic", "embedded")
#: A town this large is known by its alternate names too ("Kiev", "Bombay"); a smaller one
#: found only under an alternate name ("North Side" for Oildale) needs the context's support.
MAJOR_TOWN = 100_000


def weak_reading(cands: Sequence[Candidate]) -> bool:
    """Whether every candidate is a minor place found under one of its alternate names."""
    return all(c.alternate and not c.entry.curated and c.entry.population < MAJOR_TOWN
               for c in cands)


@dataclass(frozen=True)
class Mention:
    """A span that may name a place: its key, its gazetteer candidates and the cues around it.

    ``tentative`` mentions (a capitalised name with a weak reading and no cue) are kept only
    if the document supports one of their candidates. ``hint`` is a feature chosen by a word
    beside the name ("province" -> admin1); ``qualifier`` the key of "Texas" in "Paris, Texas".
    """

    start: int
    end: int
    text: str
    key: str
    label: str
    candidates: tuple[Candidate, ...]
    cues: frozenset[str] = frozenset()
    hint: str | None = None
    qualifier: str | None = None
    tentative: bool = False
    use: str = "literal"


# --------------------------------------------------------------------------- keys


def key_variants(text: str) -> list[tuple[str, str | None]]:
    """Keys to try for a span's text, best first, each with the feature its wording implies:
    the whole name, then without a formal prefix ("Republic of"), a direction ("northern"), or
    a feature word at its end ("Helmand province" -> admin1)."""
    key = place_key(text)
    out: list[tuple[str, str | None]] = [(key, None)]
    formal = _FORMAL.sub("", key)
    if formal and formal != key:
        out.append((formal, "country"))
    bare = _DIRECTIONS.sub("", key)
    if bare and bare != key:
        out.append((bare, None))
    hint = None
    m = _SUFFIX.search(bare)
    while m and m.start() > 0:
        hint = hint or FEATURE_WORDS.get(m.group(0).strip())
        bare = bare[:m.start()]
        out.append((bare, hint))
        m = _SUFFIX.search(bare)
    return out


#: Capitalised initialisms whose key would be another place's: "L.A." keys as "la", which is
#: Louisiana's postal code and "La." its abbreviation, but written with two capitals and dots
#: it is Los Angeles (4 of 4 in LGL dev, none of them Louisiana); "NYC" has no entry of its own.
INITIALISMS: dict[str, str] = {"L.A.": "los angeles", "NYC": "new york city",
                               "N.Y.C.": "new york city"}


def lookup(gaz: Gazetteer, text: str) -> tuple[str, str | None, tuple[Candidate, ...]]:
    """The first variant of ``text`` the gazetteer knows: (key, implied feature, candidates).

    A shortened variant counts only for what its wording licenses: "northern Syria" is
    Syria (a curated country, division or region), but "East Hampton" is not Hampton, and
    "Helmand province" or "Lamar County" keeps only candidates of the feature they name."""
    if text in INITIALISMS:
        key = INITIALISMS[text]
        found = tuple(c for c in gaz.lookup(key) if c.entry.country == "USA")
        if found:
            return key, None, found
    for n, (key, hint) in enumerate(key_variants(text)):
        if len(key) < 2:
            continue
        found = gaz.lookup(key)
        if found and n > 0:
            found = tuple(c for c in found if (c.entry.curated and c.entry.feature in _AREAS)
                          or (hint is not None and c.entry.feature == hint))
        if found:
            return key, hint, found
    return place_key(text), None, ()
