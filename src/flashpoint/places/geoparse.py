"""Geoparsing: the spans of a parsed document that name places, with the evidence for each.

Two sources, the first one blocking the second where they overlap:

1. spaCy's GPE, LOC and FAC entities (trimmed of "the" and a possessive "'s");
2. capitalised token runs found in the gazetteer (longest match first): the names the small
   model labels ORG or PERSON or misses ("Gainesville man charged", "Ain al-Asad", "in Tega
   Cay"), including a place that opens an organisation's name ("Texas Department of
   Transportation").

Each mention records its cues (read by ``cues``): a locative word before it ("in",
"near", "at"), a qualifier after it ("Paris, Texas"), a dateline, a local-news noun after it
("Gainesville man"), a feature word ("Incirlik air base", "Helmand province"); and a list of
names before "counties" ("Barrow, Jackson and Madison counties") names counties. A name from
the second source with no cue and a weak gazetteer reading is *tentative*: the geocoder keeps
it only when the rest of the document supports it (``geocode``). Names that are only persons
("George Washington") or common words ("Reading is fun"), month and day names, and metonymic
agents ("Washington said", "Moscow warned": the actors stage's business) are not places.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from flashpoint.model import Actor

from .cues import FEATURE_WORDS, capitalised, cues_around, is_agent, span_chars
from .gazetteer import Candidate, Gazetteer, place_key

#: spaCy labels that are places in their own right.
PLACE_LABELS = frozenset(("GPE", "LOC", "FAC"))
#: Labels whose spans are never places. Other labels are the small model's guesses and are
#: often wrong for places ("Rafah and Kerem Shalom" as a WORK_OF_ART, "Tower 22" as a LAW):
#: a gazetteer name inside them is judged on its own cues. A NORP is usually a demonym
#: ("Russian" names people, not a place) but the model also gives it to towns ("in Greer"):
#: a NORP or PERSON span counts only under a place's own name or a curated alias.
NEVER_LABELS = frozenset(("DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL",
                          "ORDINAL"))
#: Labels of names that may *contain* a place without being one ("Faith Regional Health
#: Center", "Georgia Power", "Paris Hilton"): a town's name inside them is tentative.
NAME_LABELS = frozenset(("ORG", "FAC", "PERSON", "PRODUCT", "NORP"))
#: Longest name tried, in tokens ("Democratic Republic of the Congo" is 5, "Al-Tanf" 3).
MAX_TOKENS = 10
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
                     r"city|town|village|area|municipality)$")
#: Lower-case words a name may contain ("Bosnia and Herzegovina", "Bab al-Hawa").
CONNECTORS = frozenset(("of", "and", "the", "de", "del", "la", "le", "les", "al", "el", "ad",
                        "as", "ash", "ar", "at", "az", "an", "da", "do", "dos", "du", "des",
                        "di", "upon", "on", "en", "bin", "-", "'s", "y"))
#: Capitalised words that are never a place on their own.
NOT_PLACES = frozenset((
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "god", "president", "mr", "mrs", "ms", "dr", "sen", "rep", "gov",
    "street", "avenue", "university", "college", "school", "church", "police", "army",
    "congress", "parliament", "senate", "house", "court", "commerce", "industry", "justice",
    "defense", "defence", "treasury", "interior", "labor", "labour", "education", "health",
    "state", "west", "east", "north", "south", "center", "centre", "city", "county", "capital",
    "union", "republic", "kingdom", "federation", "government", "ministry", "department",
    "act", "earth", "main",
))
#: Parts of speech a capitalised place name gets from the small model ("Hounslow resident"
#: is tagged ADJ, "Hounslow's" NOUN).
_NAME_POS = frozenset(("PROPN", "NOUN", "ADJ"))
#: Plurals that close a list of county names, and the word each name takes.
_COUNTY_PLURALS = {"counties": "County", "parishes": "Parish"}
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


def lookup(gaz: Gazetteer, text: str) -> tuple[str, str | None, tuple[Candidate, ...]]:
    """The first variant of ``text`` the gazetteer knows: (key, implied feature, candidates).

    A shortened variant counts only for what its wording licenses: "northern Syria" is
    Syria (a curated country, division or region), but "East Hampton" is not Hampton, and
    "Helmand province" or "Lamar County" keeps only candidates of the feature they name."""
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


# --------------------------------------------------------------------------- tokens


def _trim(doc: Any, start: int, end: int) -> tuple[int, int]:
    """Drop "the", punctuation and a trailing possessive from an entity's tokens."""
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].lower_ in ("'s", "’s", "'") or (doc[end - 1].is_punct
                           and doc[end - 1].text not in (".",))):
        end -= 1
    return start, end


def _unknown_place(m: Mention) -> bool:
    """Whether a place entity the gazetteer does not know is still worth reporting (with no
    point): a capitalised name the text places something in or at ("in Guhdar"), a dateline,
    or a multi-word facility or location ("Archibald Street"); not the small model's stray
    guesses ("Transforming", "n't", "11:11pm PDT")."""
    words = m.text.split()
    if not words or not m.text[:1].isupper() or any(c.isdigit() for c in m.text[:1]):
        return False
    return bool(m.cues & {"locative", "qualified", "dateline"}) or (
        m.label in ("FAC", "LOC") and len(words) > 1)


def _agent_spans(actors: Sequence[Actor]) -> list[tuple[int, int]]:
    return [(m.start, m.end) for a in actors for m in a.mentions]


# --------------------------------------------------------------------------- finding


def _entity_mentions(doc: Any, text: str, gaz: Gazetteer) -> Iterable[Mention]:
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        start, end = _trim(doc, ent.start, ent.end)
        if start >= end:
            continue
        cs, ce = span_chars(doc, start, end)
        key, hint, cands = lookup(gaz, text[cs:ce])
        cues, word_hint, qual = cues_around(doc, start, end, text, gaz)
        yield Mention(cs, ce, text[cs:ce], key, ent.label_, cands, frozenset(cues),
                      hint or word_hint, qual, tentative=bool(cands) and weak_reading(cands))


def _county_lists(doc: Any, text: str, gaz: Gazetteer) -> Iterable[Mention]:
    """The names of "Barrow, Jackson and Madison counties": each is "<name> County" (a
    county of that name, whichever town also bears it)."""
    for tok in doc:
        if tok.lower_ not in _COUNTY_PLURALS:
            continue
        noun = _COUNTY_PLURALS[tok.lower_]
        k = tok.i - 1
        while k >= tok.sent.start:
            end = k + 1
            while k >= tok.sent.start and capitalised(doc[k]) and end - k <= 3:
                k -= 1
            if k + 1 == end:
                break
            cs, ce = span_chars(doc, k + 1, end)
            key = place_key(f"{text[cs:ce]} {noun}")
            cands = tuple(c for c in gaz.lookup(key) if c.entry.feature == "admin2")
            if cands:
                yield Mention(cs, ce, text[cs:ce], key, "", cands, frozenset({"listed"}),
                              "admin2")
            if k < tok.sent.start or doc[k].text not in (",", "and", "&", "or"):
                break
            k -= 1
            if doc[k + 1].text == "," and k >= 0 and doc[k].lower_ in ("and", "or"):
                k -= 1  # the Oxford comma: "Cooke, Grayson, and Love counties"


def _blocked_tokens(doc: Any) -> tuple[set[int], dict[int, Any]]:
    """Tokens inside entities that are never places, and the entity of every token."""
    blocked: set[int] = set()
    ent_of: dict[int, Any] = {}
    for ent in doc.ents:
        for i in range(ent.start, ent.end):
            ent_of[i] = ent
            if ent.label_ in NEVER_LABELS:
                blocked.add(i)
    return blocked, ent_of


@dataclass(frozen=True)
class _DocWords:
    """Words of the whole document that judge a capitalised name: the words of multi-word
    person names ("Michael Jordan"), and every word the text also writes in lower case."""

    persons: frozenset[str]
    lower: frozenset[str]


def _doc_words(doc: Any) -> _DocWords:
    persons = {t.lower_ for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1
               for t in ent}
    return _DocWords(frozenset(persons), frozenset(t.text for t in doc if t.text.islower()))


def _gazetteer_mentions(doc: Any, text: str, gaz: Gazetteer, taken: set[int],
                        words: _DocWords) -> Iterable[Mention]:
    blocked, ent_of = _blocked_tokens(doc)
    i = 0
    n = len(doc)
    while i < n:
        tok = doc[i]
        if i in taken or i in blocked or not capitalised(tok):
            i += 1
            continue
        best = None
        sent_end = tok.sent.end
        for j in range(min(n, i + MAX_TOKENS, sent_end), i, -1):
            last = doc[j - 1]
            if not (capitalised(last) or (last.like_num and j - i > 1)):
                continue  # a name ends with a capital ("Ain al-Asad") or a number ("Tower 22")
            inner = doc[i:j]
            if any(k in taken or k in blocked or "\n" in doc[k].text for k in range(i, j)):
                continue
            if any(not capitalised(t) and t.lower_ not in CONNECTORS and t.text != "."
                   and not (t.like_num and t.i == j - 1) for t in inner):
                continue
            cs, ce = span_chars(doc, i, j)
            cands = gaz.lookup(place_key(text[cs:ce]))
            if cands:
                best = (j, cs, ce, cands)
                break
        if best is None or (_inside_run(doc, i) and not any(c.entry.curated for c in best[3])):
            i += 1  # a town's name inside a longer name ("Meadow Grove") is not the town;
            continue  # a country's or state's is ("Northeast Georgia Medical Center")
        j, cs, ce, cands = best
        if j - i == 1 and tok.lower_.rstrip(".") in NOT_PLACES:
            i += 1  # "West", "Congress", "May" alone; "West Virginia" is fine
            continue
        mention = _judge(doc, i, j, text, gaz, cands, ent_of, words)
        if mention is not None:
            yield mention
        i = j


def _inside_run(doc: Any, i: int) -> bool:
    """Whether token ``i`` continues a capitalised name ("Meadow Grove", "Police Officer"):
    a name's tail is not a place of its own. Titles and sentence-initial words do not count."""
    if i == 0 or i == doc[i].sent.start:
        return False
    prev = doc[i - 1]
    return (capitalised(prev) and not prev.is_punct and prev.lower_ not in NOT_PLACES
            and not prev.text.endswith(".") and not (prev.i == prev.sent.start
                                                     and prev.pos_ != "PROPN"))


def _judge(doc: Any, i: int, j: int, text: str, gaz: Gazetteer, cands: tuple[Candidate, ...],
           ent_of: dict[int, Any], words: _DocWords) -> Mention | None:
    """A gazetteer match outside the place entities: a mention, tentative or not, or None."""
    cs, ce = span_chars(doc, i, j)
    name = text[cs:ce]
    ent = ent_of.get(i)
    label = ent.label_ if ent is not None else ""
    inside = ent is not None and label in NAME_LABELS and (ent.end - ent.start) > j - i
    cues, hint, qual = cues_around(doc, i, j, text, gaz)
    if label in ("PERSON", "NORP"):  # "Sam" is not Damascus; "Zamzam" is the camp
        cands = tuple(c for c in cands if not c.alternate or c.entry.curated)
    if not cands or _not_a_place(doc, i, j, name, gaz, cues, label, inside, words):
        return None
    strong = any(c.entry.curated or (c.entry.feature == "admin2" and " " in c.entry.name)
                 or (not c.alternate and c.entry.population >= MAJOR_TOWN and not inside
                     and label not in ("PERSON", "NORP")) for c in cands)
    if j - i == 1 and doc[i].is_upper and len(name) <= 4 and not strong \
            and "dateline" not in cues:
        return None  # an acronym ("FBI") unless a known country or state ("US")
    tentative = weak_reading(cands) or not (strong or cues & _SURE_CUES) or (
        not strong and (inside or "in-name" in cues) and not cues & {"qualified", "local"})
    return Mention(cs, ce, name, place_key(name), label, cands, frozenset(cues), hint, qual,
                   tentative)


#: Cues that make a capitalised gazetteer name a place mention in its own right.
_SURE_CUES = frozenset(("locative", "qualified", "qualifier", "dateline", "local"))


def _not_a_place(doc: Any, i: int, j: int, name: str, gaz: Gazetteer, cues: set[str],
                 label: str, inside: bool, words: _DocWords) -> bool:
    """A person's name ("George Washington", "Jordan" where "Michael Jordan" was named), a
    state abbreviation out of place ("Mass", "Miss"), or a common word ("Reading is fun")."""
    if label == "PERSON" and (inside or name.lower() in words.persons) \
            and not cues & {"locative", "qualified"}:
        return True
    if label in ("NORP", "LANGUAGE") and j - i == 1 and "locative" not in cues:
        return True  # "English", "Spanish": a language or people, not the town of that name
    if place_key(name) in (gaz.meta.get("qualifiers") or {}) and "qualifier" not in cues:
        return True
    if j - i > 1:
        return False
    initial = i == doc[i].sent.start or (doc[i - 1].is_punct and doc[i - 1].text in ':"“')
    common = (name.lower() in words.lower or doc[i].pos_ not in _NAME_POS
              or (initial and doc[i].pos_ != "PROPN"))
    return common and not cues & {"locative", "qualified", "qualifier", "dateline"}


def find_mentions(doc: Any, text: str, gaz: Gazetteer,
                  actors: Sequence[Actor] = ()) -> list[Mention]:
    """Every place mention of a parsed document, in text order, metonymic agents removed."""
    if doc is None or len(doc) == 0:
        return []
    counties = list(_county_lists(doc, text, gaz))
    entities = [m for m in _entity_mentions(doc, text, gaz)
                if not any(c.start < m.end and m.start < c.end for c in counties)]
    found = counties + [m for m in entities if m.candidates]
    taken = {t.i for m in found for t in doc.char_span(m.start, m.end, alignment_mode="expand")}
    found += _gazetteer_mentions(doc, text, gaz, taken, _doc_words(doc))
    # A place entity the gazetteer does not know ("Greer City Hall") yields to a name found
    # inside it ("Greer"); alone, it stays a place with no point, unless the actors stage
    # knows it as an actor ("Biden", which the small model sometimes calls a GPE).
    actor_spans = _agent_spans(actors)
    found += [m for m in entities if not m.candidates and _unknown_place(m)
              and not any(f.start < m.end and m.start < f.end for f in found)
              and not any(s < m.end and m.start < e for s, e in actor_spans)]
    persons = [(x.start, x.end) for a in actors if a.type == "person"
               and (a.kb or len(a.name.split()) > 1) for x in a.mentions
               if len(x.text.split()) == 1 and a.name.split()[-1] == x.text]
    kept: list[Mention] = []
    for m in sorted(found, key=lambda m: (m.start, -m.end)):
        if not m.cues & {"where", "qualified", "qualifier", "dateline"} and any(
                s <= m.start and m.end <= e for s, e in persons):
            continue  # "Kelly", "Welch": a person the actors stage named, not a town
        overlaps_actor = any(s < m.end and m.start < e for s, e in actor_spans)
        if overlaps_actor and not m.cues & {"locative", "qualifier", "dateline"}:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and len(span) and is_agent(doc, span.start, span.end):
                continue
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept
