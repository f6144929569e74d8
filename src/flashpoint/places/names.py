"""The third source of place mentions: capitalised token runs the gazetteer knows.

The names the small model labels ORG or PERSON or misses ("Gainesville man charged", "Ain
al-Asad", "in Tega Cay"), longest match first, including a place that opens an organisation's
name ("Texas Department of Transportation"). A name with no cue and a weak gazetteer reading is
*tentative*; persons' names ("George Washington"), common words ("Reading is fun"), months and
days are not places.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flashpoint.nlp import entities, sentences, tokens
from flashpoint.times import calendar_words

from .cues import capitalised, cues_around, span_chars
from .gazetteer import Candidate, Gazetteer, place_key
from .geocode import qualified
from .mention import MAJOR_TOWN, Mention, weak_reading

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


#: Capitalised words of dates and times: inside a DATE or TIME entity they are the date;
#: any other proper noun there is a name the model swept in ("in Manbij on Monday" tagged as
#: one DATE), judged on its own cues like any gazetteer name. The time lexicon's words
#: (``flashpoint.times.calendar_words``) and these, which it does not read as dates: weekday
#: abbreviations, movable feasts and clock words.
OTHER_DATE_WORDS = frozenset((
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "easter",
    "ramadan", "eid", "passover", "hanukkah", "diwali", "thanksgiving", "year", "am", "pm",
    "gmt", "utc", "bst", "est", "edt", "pst", "pdt", "cet", "midnight"))


def _date_word(tok: Any) -> bool:
    return not (tok.pos_ == "PROPN" and tok.text[:1].isupper() and not tok.like_num
                and (word := tok.lower_.rstrip(".")) not in OTHER_DATE_WORDS
                and word not in calendar_words())


def blocked_tokens(doc: Any) -> tuple[set[int], dict[int, Any]]:
    """Tokens inside entities that are never places, and the entity of every token."""
    blocked: set[int] = set()
    ent_of: dict[int, Any] = {}
    toks = tokens(doc)
    for ent in entities(doc):
        for i in range(ent.start, ent.end):
            ent_of[i] = ent
            if ent.label_ in NEVER_LABELS and (ent.label_ not in ("DATE", "TIME")
                                               or _date_word(toks[i])):
                blocked.add(i)
    return blocked, ent_of


@dataclass(frozen=True)
class DocWords:
    """Words of the whole document that judge a capitalised name: the words of multi-word
    person names ("Michael Jordan"), and every word the text also writes in lower case."""

    persons: frozenset[str]
    lower: frozenset[str]


def doc_words(doc: Any) -> DocWords:
    from spacy.attrs import IS_LOWER, ORTH

    persons = {t.lower_ for ent in entities(doc) if ent.label_ == "PERSON" and len(ent) > 1
               for t in ent}
    # the lexeme's IS_LOWER flag is ``str.islower`` of the word: read as an array, not a Token
    # per word (this ran as long as the rest of the gazetteer scan)
    cols = doc.to_array([ORTH, IS_LOWER])
    lower = {doc.vocab.strings[h] for h in set(cols[cols[:, 1] == 1, 0].tolist())}
    return DocWords(frozenset(persons), frozenset(lower))


@dataclass(frozen=True)
class TokenColumns:
    """Per-token facts the gazetteer scan reads many times per token, read once: a ``Token``
    object is rebuilt on every ``doc[i]``, and the scan tries up to ``MAX_TOKENS`` spans at
    every capitalised word."""

    text: list[str]
    lower: list[str]
    idx: list[int]
    capital: list[bool]
    number: list[bool]
    sent_end: list[int]


def token_columns(doc: Any) -> TokenColumns:
    toks = tokens(doc)
    sent_end = [0] * len(toks)
    for sent in sentences(doc):
        sent_end[sent.start:sent.end] = [sent.end] * (sent.end - sent.start)
    return TokenColumns([t.text for t in toks], [t.lower_ for t in toks], [t.idx for t in toks],
                    [capitalised(t) for t in toks], [t.like_num for t in toks], sent_end)


def _name_ends(col: TokenColumns, i: int, j: int, closed: set[int]) -> bool:
    """Whether tokens ``i:j`` can be a place name: it ends with a capital ("Ain al-Asad") or
    a number ("Tower 22"), crosses no line and no token in ``closed``, and has no lower-case
    word but connectors ("Bosnia and Herzegovina") and abbreviation dots."""
    last = j - 1
    if not (col.capital[last] or (col.number[last] and j - i > 1)):
        return False
    for k in range(i, j):
        if k in closed or "\n" in col.text[k]:
            return False
        if not col.capital[k] and col.lower[k] not in CONNECTORS and col.text[k] != "." \
                and not (col.number[k] and k == last):
            return False
    return True


def gazetteer_mentions(doc: Any, text: str, gaz: Gazetteer, taken: set[int],
                        words: DocWords, col: TokenColumns | None = None,
                        ) -> Iterable[Mention]:
    blocked, ent_of = blocked_tokens(doc)
    closed = taken | blocked
    col = col if col is not None else token_columns(doc)
    i = 0
    n = len(col.text)
    while i < n:
        if i in closed or not col.capital[i]:
            i += 1
            continue
        best = None
        for j in range(min(n, i + MAX_TOKENS, col.sent_end[i]), i, -1):
            if not _name_ends(col, i, j, closed):
                continue
            cs, ce = col.idx[i], col.idx[j - 1] + len(col.text[j - 1])
            cands = gaz.lookup(place_key(text[cs:ce]))
            if cands:
                best = (j, cs, ce, cands)
                break
        run = best is not None and _inside_run(doc, i)
        if best is None or (run and not any(c.entry.curated or _major(c) for c in best[3])):
            i += 1  # a town's name inside a longer name ("Meadow Grove") is not the town; a
            continue  # country's, state's or city's is ("Northeast Georgia Medical Center",
            # "CTV Winnipeg"), embedded in it
        j, cs, ce, cands = best
        if j - i == 1 and col.lower[i].rstrip(".") in NOT_PLACES:
            i += 1  # "West", "Congress", "May" alone; "West Virginia" is fine
            continue
        mention = _judge(doc, i, j, text, gaz, cands, ent_of, words, run)
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


def _major(c: Candidate) -> bool:
    """A city known by this very name ("Winnipeg", not an alternate name) and big enough to
    be the place an organisation's name means."""
    return not c.alternate and c.entry.feature == "city" and c.entry.population >= MAJOR_TOWN


def _judge(doc: Any, i: int, j: int, text: str, gaz: Gazetteer, cands: tuple[Candidate, ...],
           ent_of: dict[int, Any], words: DocWords, run: bool = False) -> Mention | None:
    """A gazetteer match outside the place entities: a mention, tentative or not, or None.
    ``run``: the name continues a capitalised name ("CTV Winnipeg")."""
    cs, ce = span_chars(doc, i, j)
    name = text[cs:ce]
    ent = ent_of.get(i)
    label = ent.label_ if ent is not None else ""
    inside = ent is not None and label in NAME_LABELS and (ent.end - ent.start) > j - i
    cues, hint, qual = cues_around(doc, i, j, text, gaz)
    if label in ("PERSON", "NORP"):  # "Sam" is not Damascus; "Zamzam" is the camp
        # an alternate name stays when the name is qualified by the region it lies in ("in
        # Matias Romero, Oaxaca State": Matías Romero Avendaño, which the model calls a person)
        cands = tuple(c for c in cands if not c.alternate or c.entry.curated
                      or (qual is not None and qualified(c.entry, qual, gaz)))
    # the small model calls some big cities a language or a people ("Shelling hit Aleppo":
    # LANGUAGE); a name no demonym or language table holds is the city
    city = label in ("NORP", "LANGUAGE") and any(_major(c) for c in cands) \
        and name.lower() not in (gaz.meta.get("demonyms") or {})
    if not cands or (not city and _not_a_place(doc, i, j, name, gaz, cues, label, inside, words)):
        return None
    strong = city or any(c.entry.curated or (c.entry.feature == "admin2" and " " in c.entry.name)
                         or (not c.alternate and c.entry.population >= MAJOR_TOWN
                             and label not in ("PERSON", "NORP")) for c in cands)
    if j - i == 1 and doc[i].is_upper and len(name) <= 4 and not strong \
            and "dateline" not in cues:
        return None  # an acronym ("FBI") unless a known country or state ("US")
    tentative = weak_reading(cands) or not (strong or cues & _SURE_CUES) or (
        not strong and (inside or "in-name" in cues) and not cues & {"qualified", "local"})
    embedded = (inside or run) and not cues & _SURE_CUES
    return Mention(cs, ce, name, place_key(name), label, cands, frozenset(cues), hint, qual,
                   tentative, use="embedded" if embedded else "literal")


#: Cues that make a capitalised gazetteer name a place mention in its own right.
_SURE_CUES = frozenset(("locative", "qualified", "qualifier", "dateline", "local"))


def _not_a_place(doc: Any, i: int, j: int, name: str, gaz: Gazetteer, cues: set[str],
                 label: str, inside: bool, words: DocWords) -> bool:
    """A person's name ("George Washington", "Jordan" where "Michael Jordan" was named), a
    state abbreviation out of place ("Mass", "Miss"), or a common word ("Reading is fun")."""
    if label == "PERSON" and (inside or name.lower() in words.persons) \
            and not cues & {"locative", "qualified"}:
        return True
    if label == "LANGUAGE" or (label == "NORP" and j - i == 1 and "locative" not in cues):
        return True  # "in English", "Spanish": a language or people, not the town of that name
    if place_key(name) in (gaz.meta.get("qualifiers") or {}) and "qualifier" not in cues:
        return True
    if j - i > 1:
        return False
    initial = i == doc[i].sent.start or (doc[i - 1].is_punct and doc[i - 1].text in ':"“')
    common = (name.lower() in words.lower or doc[i].pos_ not in _NAME_POS
              or (initial and doc[i].pos_ != "PROPN"))
    return common and not cues & {"locative", "qualified", "qualifier", "dateline"}
