"""Cues: what the words around a place name say about it.

A capitalised name is a place when the text puts something *in*, *near* or *at* it, when a
state or country qualifies it ("Paris, Texas"), when it opens a dateline ("KABUL,
Afghanistan —"), or when local news writes "a Gainesville man". The word after it may choose a
feature ("Incirlik air base", "Helmand province"), and its grammatical role may make it an
actor instead ("Washington said"). ``geoparse`` finds the names; this module reads the words
around them, over spaCy tokens, without deciding anything itself.
"""

from __future__ import annotations

import re
from typing import Any

from flashpoint.nlp import tokens

from .gazetteer import Gazetteer, place_key

#: Words before a name that say it is where something is or happened.
LOCATIVES = frozenset((
    "in", "near", "at", "outside", "inside", "from", "to", "into", "across", "around",
    "throughout", "toward", "towards", "via", "through", "within", "off", "along", "between",
    "of", "visit", "visited", "visiting", "entered", "reached", "left", "fled", "annexed",
))
#: The locatives that say *where* (not "from", "of", "to": "stolen from Welch", "the mother
#: of Kristina"); only these outweigh a person's name.
WHERE = frozenset(("in", "near", "at", "outside", "inside", "across", "around", "throughout",
                   "within"))
#: Nouns after a town that local news uses for its people and institutions.
LOCAL_NOUNS = frozenset((
    "man", "woman", "men", "women", "boy", "girl", "teen", "teenager", "resident", "residents",
    "police", "officer", "officers", "fire", "mayor", "city", "county", "couple", "native",
    "family", "area", "school", "schools", "council", "residents", "firefighters", "sheriff",
    "hospital", "airport", "village", "town", "township", "district",
))
#: Words after a name that choose a kind of feature: "Incirlik air base", "Helmand province".
FEATURE_WORDS: dict[str, str] = {
    "base": "base", "airbase": "base", "garrison": "base", "airport": "airport",
    "airfield": "base", "province": "admin1", "state": "admin1", "governorate": "admin1",
    "oblast": "admin1", "region": "admin1", "county": "admin2", "parish": "admin2",
    "district": "admin2", "lga": "admin2", "local government area": "admin2",
    "city": "city", "town": "city", "village": "city", "camp": "camp", "crossing": "crossing",
}
#: What follows a dateline's place: "KABUL, Afghanistan —", "COLUMBUS --", "LONDON (Reuters)".
DATELINE_END = re.compile(r"\s*(?:,|\(|—|–|--?|:)")
_WORD = re.compile(r"\w", re.UNICODE)


def capitalised(tok: Any) -> bool:
    t = tok.text
    return bool(t[:1].isupper() and _WORD.search(t))


def span_chars(doc: Any, start: int, end: int) -> tuple[int, int]:
    toks = tokens(doc)
    return toks[start].idx, toks[end - 1].idx + len(toks[end - 1])


def cues_around(doc: Any, start: int, end: int, text: str, gaz: Gazetteer) -> tuple[set[str],
                                                                              str | None,
                                                                              str | None]:
    """Cues around tokens ``start:end``: (cues, feature hint, qualifier key)."""
    cues: set[str] = set()
    toks = tokens(doc)
    sent = toks[start].sent
    k = start - 1
    while k >= sent.start and (toks[k].lower_ in ("the", "a", "an") or toks[k].pos_ == "ADJ"
                               or (toks[k].lower_ in ("city", "town", "village", "of")
                               and k - 1 >= sent.start and toks[k - 1].lower_ != "in")):
        k -= 1
    if k >= sent.start and toks[k].lower_ in LOCATIVES:
        cues.add("locative")
        if toks[k].lower_ in WHERE:
            cues.add("where")
    hint = None
    if end < len(doc):
        nxt = toks[end].lower_
        hint = FEATURE_WORDS.get(nxt)
        if nxt == "air" and end + 1 < len(doc) and toks[end + 1].lower_ == "base":
            hint = "base"
        if nxt in LOCAL_NOUNS:
            cues.add("local")
    qualifier = _qualifier(doc, end, sent.end, gaz) or _owner(doc, start, sent.start, gaz)
    if qualifier:
        cues.add("qualified")
    if start > 0 and toks[start - 1].text == "," and _is_name_before(doc, start - 1):
        cues.add("qualifier")
    chars = span_chars(doc, start, end)
    line_start = text.rfind("\n", 0, chars[0]) + 1
    opens = not text[line_start:chars[0]].strip() or (start == sent.start
                                                     and toks[start].is_upper)
    if opens and DATELINE_END.match(text, chars[1]):
        cues.add("dateline")
    if end < sent.end and capitalised(toks[end]) and toks[end].lower_ not in LOCAL_NOUNS \
            and toks[end].lower_ not in FEATURE_WORDS and not toks[end].is_upper:
        cues.add("in-name")  # "Faith Regional Health": the start of a longer name
    return cues, hint, qualifier


def _is_name_before(doc: Any, comma: int) -> bool:
    return comma > 0 and capitalised(doc[comma - 1])


def _qualifier(doc: Any, end: int, sent_end: int, gaz: Gazetteer) -> str | None:
    """The key of a state, province or country right after ", " ("Paris, Texas"; "Salina,
    Kan."), if there is one."""
    if end + 1 >= len(doc) or doc[end].text != ",":
        return None
    qualifiers = gaz.meta.get("qualifiers") or {}
    for n in (3, 2, 1):
        stop = end + 1 + n
        if stop > len(doc) or stop > sent_end + 1:
            continue
        words = doc[end + 1:stop]
        if not capitalised(words[0]) or any(w.is_punct for w in words):
            continue  # "Washington, New York, Boston": "New York," is no three-word state
        key = place_key(words.text)
        if key in qualifiers or any(c.entry.curated and c.entry.feature in ("country",
                                                                            "admin1")
                                    for c in gaz.lookup(key)):
            return None if _in_list(doc, end, stop, gaz) else key
        if n > 1 and FEATURE_WORDS.get(words[-1].lower_) == "admin1":
            # "Matias Romero, Oaxaca State, Mexico": the state by its name and its kind
            bare = place_key(words[:-1].text)
            if any(c.entry.feature == "admin1" for c in gaz.lookup(bare)):
                return None if _in_list(doc, end, stop, gaz) else bare
    return None


def _owner(doc: Any, start: int, sent_start: int, gaz: Gazetteer) -> str | None:
    """The key of a state, province or country whose possessive comes right before the name
    ("Syria's Idlib", "Pakistan's Karachi", "Tennessee's Paris"): a qualifier, as in
    "Idlib, Syria"."""
    if start - 2 < sent_start or doc[start - 1].text not in ("'s", "’s"):
        return None
    qualifiers = gaz.meta.get("qualifiers") or {}
    for n in (3, 2, 1):
        first = start - 1 - n
        if first < sent_start:
            continue
        words = doc[first:start - 1]
        if not capitalised(words[0]) or any(w.is_punct for w in words):
            continue
        key = place_key(words.text)
        if key in qualifiers or any(c.entry.curated and c.entry.feature in ("country",
                                                                            "admin1")
                                    for c in gaz.lookup(key)):
            return key
    return None


def _in_list(doc: Any, comma: int, stop: int, gaz: Gazetteer) -> bool:
    """Whether "X, Y" is part of a list of names ("Washington, New York, Boston and Houston")
    rather than a town and its state: another name follows Y or precedes X. A country after
    the state ("Matias Romero, Oaxaca State, Mexico") closes the town's address, no list."""
    def name_at(k: int) -> bool:
        return 0 <= k < len(doc) and capitalised(doc[k])

    after = stop < len(doc) and (doc[stop].text == "," or doc[stop].lower_ in ("and", "or"))
    if after and name_at(stop + 1):
        country = doc[stop].text == "," and any(
            c.entry.curated and c.entry.feature == "country"
            for c in gaz.lookup(place_key(doc[stop + 1].text)))
        return not country
    k = comma - 1
    while k > 0 and capitalised(doc[k]):
        k -= 1
    return doc[k].text == "," and name_at(k - 1)


def is_agent(doc: Any, start: int, end: int) -> bool:
    """Whether tokens ``start:end`` are the subject of a verb ("Washington said", "Moscow and
    Beijing warned"): a place used for its government, an actor, not a place."""
    root = doc[start:end].root
    tok = root
    for _ in range(3):
        if tok.dep_ == "nsubj" and tok.head.pos_ in ("VERB", "AUX"):
            return True
        if tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
            continue
        return False
    return False
