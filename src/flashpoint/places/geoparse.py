"""Geoparsing: the spans of a parsed document that name places, with the evidence for each.

Three sources, each one blocking the next where they overlap:

1. spaCy's GPE, LOC and FAC entities (trimmed of "the" and a possessive "'s");
2. demonyms and adjectival forms ("Russian forces", "a Kenyan court", "the Kurdish enclave",
   "European leaders"): a mention of the country or region they stand for, as GeoWebNews
   annotates them (its Literal_Modifier and Non_Literal_Modifier kinds);
3. capitalised token runs found in the gazetteer, longest match first (module ``names``): the
   names the small model labels ORG or PERSON or misses ("Gainesville man charged", "Ain
   al-Asad", "in Tega Cay"), including a place that opens an organisation's name ("Texas
   Department of Transportation").

Each mention records its cues (read by ``cues``): a locative word before it ("in",
"near", "at"), a qualifier after it ("Paris, Texas"), a dateline, a local-news noun after it
("Gainesville man"), a feature word ("Incirlik air base", "Helmand province"); and a list of
names before "counties" ("Barrow, Jackson and Madison counties") names counties. A name from
the third source with no cue and a weak gazetteer reading is *tentative*: the geocoder keeps
it only when the rest of the document supports it (``geocode``). Names that are only persons
("George Washington") or common words ("Reading is fun") and month and day names are not
places. A metonymic agent ("Washington said", "Moscow warned") is a place *and* an actor: the
actors stage keeps the actor, this stage the place, marked ``use="metonymic"`` so that it is
never taken for where an event happened.

Every mention says how the text uses the place (``USES``): ``literal`` (a place where
something is or happens), ``modifier`` (a demonym or adjective: "Syrian army"),
``metonymic`` (the place for its government or people: "Turkey shelled", "Moscow denied") or
``embedded`` (inside an organisation's name: "the Tokyo Stock Exchange").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from flashpoint.model import Actor
from flashpoint.nlp import entities as doc_entities
from flashpoint.nlp import opening_gerund, tokens

from .cues import capitalised, cues_around, is_agent, span_chars
from .gazetteer import Candidate, Gazetteer, place_key
from .mention import Mention, lookup, weak_reading
from .names import (
    NEVER_LABELS,
    TokenColumns,
    blocked_tokens,
    doc_words,
    gazetteer_mentions,
    token_columns,
)

#: spaCy labels that are places in their own right.
PLACE_LABELS = frozenset(("GPE", "LOC", "FAC"))
#: Plurals that close a list of county names, and the word each name takes.
_COUNTY_PLURALS = {"counties": "County", "parishes": "Parish"}
#: Words before "<name> counties" that make the name a city whose area the counties make up.
_METRO_WORDS = frozenset(("metro", "metropolitan"))
#: The words that make a name a county's ("DeKalb County", "Rapides Parish", "Platte Co.").
_COUNTY_NOUNS = ("County", "Parish", "Co.")
#: Parts of speech a demonym takes ("Russian" ADJ, "Russians" PROPN/NOUN); a demonym tagged
#: otherwise is some other word.
_DEMONYM_POS = frozenset(("ADJ", "PROPN", "NOUN"))
#: Labels under which a demonym is not the place: a language ("in English"), a person's name
#: ("Irvine Welsh").
_NOT_DEMONYM_LABELS = frozenset(("LANGUAGE", "PERSON", "WORK_OF_ART", *NEVER_LABELS))
#: Nouns a language name modifies as a language ("English teacher", "an English version"):
#: any other noun it modifies makes it the place's adjective ("the southern English city of
#: Salisbury"), whatever the entity label says.
LANGUAGE_HEADS = frozenset((
    "language", "translation", "version", "subtitle", "word", "speaker", "teacher", "class",
    "lesson", "course", "dictionary", "text", "name", "title", "edition", "grammar",
    "literature", "accent", "spelling", "skill", "test", "proficiency", "tuition", "major",
    "degree", "sentence", "phrase", "term", "song", "lyric", "tutor", "instruction", "exam",
    "newspaper", "press", "broadcast", "service", "channel", "program", "programme", "media",
    "school", "board", "immersion", "stream", "curriculum", "student", "learner"))



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
    for ent in doc_entities(doc):
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


def _county_lists(doc: Any, text: str, gaz: Gazetteer,
                  col: TokenColumns) -> Iterable[Mention]:
    """The names of "Barrow, Jackson and Madison counties": each is "<name> County" (a
    county of that name, whichever town also bears it)."""
    for i, lower in enumerate(col.lower):
        if lower not in _COUNTY_PLURALS:
            continue
        tok = doc[i]
        noun = _COUNTY_PLURALS[tok.lower_]
        k = tok.i - 1
        while k >= tok.sent.start:
            end = k + 1
            while k >= tok.sent.start and capitalised(doc[k]) and end - k <= 3:
                k -= 1
            if k + 1 == end or (k >= 0 and doc[k].lower_ in _METRO_WORDS):
                break  # "the four metro Athens counties": the counties of the city's area
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


def _demonym_mentions(doc: Any, text: str, gaz: Gazetteer, taken: set[int],
                      col: TokenColumns) -> Iterable[Mention]:
    """Demonyms and adjectival forms ("Russian", "Central American", "Kurds"): mentions of the
    country or region they stand for, two-word forms first. Not a language ("in English"),
    not part of a person's name, not a word the parser reads as a verb or function word."""
    _, ent_of = blocked_tokens(doc)
    n = len(col.text)
    i = 0
    while i < n:
        if i in taken or not col.capital[i]:
            i += 1
            continue
        found = None
        for j in (i + 2, i + 1):
            if j > n or any(k in taken for k in range(i, j)) \
                    or not col.capital[j - 1] or not col.text[j - 1].isalpha():
                continue
            entry = gaz.demonym(place_key(text[col.idx[i]:col.idx[j - 1] + len(col.text[j - 1])]))
            if entry is not None and entry.located:
                found = (j, entry)
                break
        if found is None:
            i += 1
            continue
        j, entry = found
        ent = ent_of.get(i)
        if (ent is not None and ent.label_ in _NOT_DEMONYM_LABELS
                and not _demonym_despite(doc, ent, i, j)) \
                or doc[j - 1].pos_ not in _DEMONYM_POS:
            i = j
            continue
        cs, ce = span_chars(doc, i, j)
        inside = ent is not None and ent.label_ in ("ORG", "FAC") and len(ent) > j - i
        yield Mention(cs, ce, text[cs:ce], place_key(text[cs:ce]), "NORP",
                      (Candidate(entry, False),), frozenset({"demonym"}),
                      use="embedded" if inside else "modifier")
        i = j


def _demonym_despite(doc: Any, ent: Any, i: int, j: int) -> bool:
    """Whether the demonym at tokens ``i:j`` is one although the model labels it a person or a
    language: a lone adjective labelled PERSON ("the prominent Slovak architect"), a language
    name modifying a noun that is no language's ("the southern English city")."""
    last = doc[j - 1]
    if ent.label_ == "PERSON":
        return bool(ent.start == i and ent.end == j and last.pos_ == "ADJ")
    if ent.label_ == "LANGUAGE":
        return bool(last.dep_ in ("amod", "compound") and last.head.i > last.i
                    and last.head.pos_ in ("NOUN", "PROPN")
                    and last.head.lemma_.lower() not in LANGUAGE_HEADS)
    return False


def find_mentions(doc: Any, text: str, gaz: Gazetteer,
                  actors: Sequence[Actor] = ()) -> list[Mention]:
    """Every place mention of a parsed document, in text order, metonymic agents removed."""
    if doc is None or len(doc) == 0:
        return []
    col = token_columns(doc)
    counties = list(_county_lists(doc, text, gaz, col))
    entities = [m for m in _entity_mentions(doc, text, gaz)
                if not any(c.start < m.end and m.start < c.end for c in counties)]
    found = counties + [m for m in entities if m.candidates]
    taken = {t.i for m in found for t in doc.char_span(m.start, m.end, alignment_mode="expand")}
    demonyms = list(_demonym_mentions(doc, text, gaz, taken, col))
    found += demonyms
    taken |= {t.i for m in demonyms
              for t in doc.char_span(m.start, m.end, alignment_mode="expand")}
    found += gazetteer_mentions(doc, text, gaz, taken, doc_words(doc), col)
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
    people = [(x.start, x.end) for a in actors if a.type == "person" for x in a.mentions]
    surnames = (_entity_surnames(doc)
                | {a.name.split()[-1].lower() for a in actors
                   if a.type == "person" and len(a.name.split()) > 1
                   and not a.name.split()[-1].isupper()})
    kept: list[Mention] = []
    for m in sorted(found, key=lambda m: (m.start, -m.end)):
        if m.text.lower() in surnames and "demonym" not in m.cues \
                and not m.cues & {"locative", "qualifier", "qualified", "dateline"}:
            continue  # "Jordan later thanked the fans", after "Michael Jordan"
        if not m.cues & {"where", "qualified", "qualifier", "dateline"} and any(
                s <= m.start and m.end <= e for s, e in persons):
            continue  # "Kelly", "Welch": a person the actors stage named, not a town
        if not m.cues & {"locative", "qualifier", "qualified", "dateline"} and any(
                s < m.end and m.start < e for s, e in people) and _agent(doc, m):
            continue  # "Jordan thanked the fans": a person acting, not a state

        if _dedication(doc, m):
            continue  # "the church of St. Peter and St. Paul": a saint, not a parish
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    short = _county_short_forms(kept)
    kept = [_as_county(doc, m, short) for m in kept]
    kept = sorted(kept + _repeats(doc, text, gaz, kept, persons, short), key=lambda m: m.start)
    return [_with_use(doc, m) for m in kept]


#: First words of a saint's name and the houses of worship dedicated to one: "the church of St.
#: Peter and St. Paul" names saints, which the gazetteer would read as island parishes.
SAINT_WORDS = frozenset(("st", "st.", "saint", "san", "santa", "sao", "são", "ste", "sainte"))
DEDICATED = frozenset(("church", "cathedral", "chapel", "basilica", "abbey", "parish",
                       "monastery", "convent", "shrine", "sanctuary", "order"))


def _dedication(doc: Any, m: Mention) -> bool:
    """Whether mention ``m`` is a saint to whom a house of worship is dedicated: a saint's
    name after "church of" (or "cathedral of" ...), alone or in a list of saints."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or not len(span) or span[0].lower_ not in SAINT_WORDS:
        return False
    i = span.start - 1
    while i > 0 and (doc[i].lower_ in ("and", "&", ",") or doc[i].text[:1].isupper()
                     or doc[i].lower_ in SAINT_WORDS):
        i -= 1  # past "St. Peter and" to "of"
    return i > 0 and doc[i].lower_ == "of" and doc[i - 1].lower_ in DEDICATED


def _county_short_forms(kept: Sequence[Mention]) -> dict[str, Mention]:
    """A county the document names ("DeKalb County"), by its name alone ("DeKalb"): local news
    calls the county by its short name once it has named it ("north DeKalb", "DuPage
    Sheriff", "Clarke and Oconee"). On LGL's dev articles that name both, the short name was
    the county every time (48 of 48); read alone it was a town of another state or nothing."""
    out: dict[str, Mention] = {}
    for m in kept:
        for noun in _COUNTY_NOUNS:
            base = m.text[: -len(noun) - 1]
            if m.text.endswith(" " + noun) and base[:1].isupper() and m.candidates \
                    and all(c.entry.feature == "admin2" for c in m.candidates):
                out.setdefault(base, m)
    return out


def _as_county(doc: Any, m: Mention, short: dict[str, Mention]) -> Mention:
    """``m`` read as the county its text is the short name of, if the document names one and
    no capitalised word before ``m`` makes it part of a longer name ("City Hall")."""
    county = short.get(m.text)
    if county is None or "demonym" in m.cues or m.qualifier:
        return m
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or _inside_longer_name(doc, span.start):
        return m
    return replace(m, key=county.key, candidates=county.candidates, tentative=False,
                   hint="admin2")


def _inside_longer_name(doc: Any, i: int) -> bool:
    """Whether a capitalised word before token ``i`` (not at its sentence's start) makes the
    name there part of a longer one ("City Hall" holds no county Hall)."""
    return i > doc[i].sent.start and capitalised(doc[i - 1])


def _entity_surnames(doc: Any) -> set[str]:
    """The last words of the model's multi-word PERSON entities, lower case: a place name equal
    to one is the person ("Jordan" after "Michael Jordan"). Not an all-capital word, which is
    an abbreviation the model swept into the name ("By: Henry Lazenby US-based ..." is no
    person surnamed US, and it would have unplaced every "US" of the story); the same holds
    for the actors stage's people (``find_mentions``). Nor the name after a headline's
    gerund ("Rethinking Egypt-US relations", ``nlp.opening_gerund``)."""
    return {ent[-1].lower_ for ent in doc_entities(doc)
            if ent.label_ == "PERSON" and len(ent) > 1 and not ent[-1].is_upper
            and not opening_gerund(ent[0])}


#: Words before a name that make it a person's ("Mr. Jordan", "President Washington").
_PERSON_TITLES = frozenset(("mr", "mrs", "ms", "miss", "dr", "sir", "lady", "lord", "president",
                            "senator", "sen", "rep", "gov", "governor", "judge", "coach",
                            "king", "queen", "prince", "princess", "saint", "st"))


def _repeats(doc: Any, text: str, gaz: Gazetteer, kept: Sequence[Mention],
             persons: Sequence[tuple[int, int]] = (),
             aliases: Mapping[str, Mention] | None = None) -> list[Mention]:
    """Other occurrences of a name the document already uses, surely, as a place: one sense
    per discourse. When "in Alexandria" is a place, so are "an Alexandria grand jury" and
    "Alexandria detectives", which the small model may call a PERSON or an ORG. Not the
    name inside a person's name ("George Washington": not its first word), a person's
    surname alone ("Jordan" after "Michael Jordan"), a person the actors stage named, or a
    name after a title ("Mr. Jordan"). ``aliases`` are other surfaces of a place already
    kept (a county's short name, :func:`_county_short_forms`), read only where no capitalised
    word comes before them ("City Hall" is no county Hall)."""
    sure: dict[str, Mention] = {}
    for m in kept:
        if m.candidates and not m.tentative and m.use == "literal" and m.text[:1].isupper() \
                and "demonym" not in m.cues:
            sure.setdefault(m.text, m)
    sure.update(aliases or {})
    if not sure:
        return []
    by_first: dict[str, list[tuple[str, Mention]]] = defaultdict(list)
    for surface, m in sure.items():
        by_first[surface.split()[0]].append((surface, m))
    covered = {t.i for m in kept for t in doc.char_span(m.start, m.end, alignment_mode="expand")}
    blocked, ent_of = blocked_tokens(doc)
    surnames = _entity_surnames(doc)
    out: list[Mention] = []
    for tok in tokens(doc):
        if tok.i in covered or tok.i in blocked or tok.text not in by_first \
                or tok.lower_ in surnames \
                or any(s <= tok.idx < e for s, e in persons):
            continue
        for surface, m in by_first[tok.text]:
            end_char = tok.idx + len(surface)
            span = doc.char_span(tok.idx, end_char)
            if text[tok.idx:end_char] != surface or span is None \
                    or any(k in covered for k in range(span.start, span.end)):
                continue
            ent = ent_of.get(tok.i)
            if ent is not None and ent.label_ == "PERSON" and ent.start != tok.i:
                continue
            if tok.i > 0 and doc[tok.i - 1].lower_.rstrip(".") in _PERSON_TITLES:
                continue
            if aliases and surface in aliases and _inside_longer_name(doc, tok.i):
                continue
            cues, hint, qual = cues_around(doc, span.start, span.end, text, gaz)
            inside = ent is not None and ent.label_ in ("ORG", "FAC") and len(ent) > len(span)
            out.append(Mention(tok.idx, end_char, surface, m.key, ent.label_ if ent else "",
                               m.candidates, frozenset(cues), hint or m.hint, qual,
                               use="embedded" if inside else "literal"))
            covered.update(range(span.start, span.end))
            break
    return out

def _agent(doc: Any, m: Mention) -> bool:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    return span is not None and len(span) > 0 and is_agent(doc, span.start, span.end)


def _with_use(doc: Any, m: Mention) -> Mention:
    """``m`` marked metonymic when it is the subject of a verb and no cue places it ("Turkey
    shelled", "Moscow and Beijing warned"); otherwise as found."""
    if m.use != "literal" or m.cues & {"locative", "qualifier", "qualified", "dateline"}:
        return m
    return replace(m, use="metonymic") if _agent(doc, m) else m
