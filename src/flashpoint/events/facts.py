"""Facts attached to an event: how many were killed.

One victim counts too: "assassinated the ambassador", "the gunman was killed", "shot dead".

"killing three soldiers", "at least 12 people were killed", "left 4 dead", "the death toll
rose to 30": a number tied by the parse to a word of dying, in the event's sentence. Words for
numbers up to twenty and round tens are read; "dozens" and "hundreds" are not numbers (null,
never a guess). When a sentence gives several counts, the largest is the event's toll.
"""

from __future__ import annotations

from typing import Any

from flashpoint.nlp import span_tokens

#: Lemmas that say people died.
DEATH_LEMMAS = frozenset(("kill", "die", "dead", "death", "toll", "slay", "massacre",
                          "execute", "fatality", "behead", "murder", "assassinate", "killing",
                          "assassination", "execution", "beheading"))
_WORDS = {w: i for i, w in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty"))}
_WORDS |= {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
           "ninety": 90, "hundred": 100, "a hundred": 100}
#: Singular nouns that name many people: "the crowd was killed" gives no count.
COLLECTIVES = frozenset(("crowd", "family", "group", "population", "army", "force", "unit",
                         "battalion", "convoy", "village", "town", "civilian population"))
ONE_PERSON_PRONOUNS = frozenset(("he", "she", "him", "her"))
#: Counts above this are reporting errors or aggregates of a war, not one event's toll.
MAX_EVENT_FATALITIES = 100_000


def number(tok: Any) -> int | None:
    """The integer a number token spells ("3", "1,200", "three"), else None."""
    text = tok.lower_.replace(",", "")
    if text.isdigit():
        value = int(text)
        return value if value <= MAX_EVENT_FATALITIES else None
    return _WORDS.get(text)


def _count_near(tok: Any) -> int | None:
    """A number modifying ``tok`` or one of its nominal children."""
    best = None
    for t in (tok, *tok.children):
        for child in t.children:
            if child.dep_ in ("nummod", "quantmod", "amod", "nsubj", "dobj") and child.like_num:
                value = number(child)
                if value is not None:
                    best = max(best or 0, value)
    return best


def _death_count(tok: Any) -> int | None:
    """The toll tied to one death word: its object ("killing three soldiers"), its subject
    ("12 people were killed", "four died"), or the number it is compared with ("toll rose to
    30", "left four dead")."""
    counts = []
    for child in tok.children:
        if child.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "npadvmod"):
            if child.like_num and number(child) is not None:
                counts.append(number(child))
            counts.append(_count_near(child))
        if child.dep_ == "prep" and child.lower_ == "to":
            counts += [number(g) for g in child.children if g.like_num]
        if child.dep_ == "nummod" and tok.lemma_ in ("dead", "death", "fatality"):
            counts.append(number(child))
    if tok.lemma_ == "toll" and tok.dep_ == "nsubj":
        for prep in tok.head.children:
            if prep.dep_ == "prep" and prep.lower_ == "to":
                counts += [number(g) for g in prep.children if g.like_num]
    found = [c for c in counts if c is not None]
    return max(found) if found else None


def _one_victim(tok: Any) -> bool:
    """A death word whose victim is one named or singular person ("assassinated the
    ambassador", "the gunman was killed", "the killing of Karlov", "shot dead a policeman")."""
    if tok.pos_ == "NOUN":
        victims = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                   for g in c.children if g.dep_ == "pobj"]
    elif tok.lemma_.lower() == "die":
        victims = [c for c in tok.children if c.dep_ == "nsubj"]
    else:
        victims = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    return any(v.lower_ in ONE_PERSON_PRONOUNS or (
        v.tag_ in ("NN", "NNP") and v.lemma_.lower() not in COLLECTIVES
        and not any(c.dep_ == "nummod" or c.like_num for c in v.children)) for v in victims)


def _deadly_shot(tok: Any) -> bool:
    """"shot dead", "fatally shot", "gunned down and killed": shooting that killed."""
    return tok.lemma_.lower() in ("shoot", "stab", "gun") and any(
        c.lower_ in ("dead", "fatally", "mortally") for c in tok.children)


def fatalities(sentence: Any) -> int | None:
    """The number of people the sentence says were killed, or None when it gives none."""
    words = [t for t in span_tokens(sentence)
             if t.lemma_.lower() in DEATH_LEMMAS or _deadly_shot(t)]
    counts = [_death_count(t) for t in words]
    found = [c for c in counts if c is not None]
    if found:
        return max(found)
    return 1 if any(_one_victim(t) for t in words) else None
