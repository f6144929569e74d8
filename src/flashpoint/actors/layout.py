"""What the layout of a news text says is no actor: its dateline and its title-case headline.

"COLUMBIA, Ky. (WBKO) -" says where and by whom a story was filed; none of it acts in the
story, and a qualified dateline ("LONDON, Ky.") says which London the story means. A headline
in title case ("OSCE Envoy Condemns Dvani Attack") makes the small model take verbs and nouns
for names: a name there counts only when the body names it again.
"""

from __future__ import annotations

import re
from typing import Any

from flashpoint.ingest import dateline_places, dateline_spans
from flashpoint.nlp import text as doc_text

from .kb import KnowledgeBase

#: A headline is the text's first line when a blank line follows it within this many
#: characters (the title, blank line, body layout of records and of the gold texts).
MAX_HEADLINE_CHARS = 300
#: A headline is in title case when at least this share of its words of four letters or more
#: are capitalised ("Murmansk's Governor Resigns", "Car Bomb Kills 20 in Baghdad"). There the
#: small model takes verbs and nouns for names. In the 21 title-case headlines of our 96
#: training articles it gave 12 PERSON or ORG names; the 7 the body never names again were 6
#: non-names ("Condemns Dvani Attack", "Car Bomb Kills", "Medvedev Approves Treaties", a photo
#: credit) and "U.S. Military", which the KB matches anyway; the 5 named again were all real.
TITLE_CASE_SHARE = 0.6
_WORDS = re.compile(r"[^\W\d_][\w'’-]*")


def headline_end(text: str) -> int:
    """Where a title-case headline ends (0 when the text has none)."""
    cut = text.find("\n\n")
    if cut <= 0 or cut > MAX_HEADLINE_CHARS:
        return 0
    words = [w for w in _WORDS.findall(text[:cut]) if len(w) >= 4]
    if len(words) < 2 or sum(w[0].isupper() for w in words) < TITLE_CASE_SHARE * len(words):
        return 0
    return cut


def body_of(text: str, headline: int) -> str:
    """The text after a headline ending at ``headline``, a copy of the headline in it blanked
    (local copy repeats the headline as its first line: that is no second naming)."""
    return text[headline:].replace(text[:headline].strip(), " ")


def named_again(ent: Any, body: str) -> bool:
    """Whether ``body`` (``body_of``) names the headline's entity again: its words, or for a
    person whose words the body never writes in lower case, the last of them ("Medvedev";
    not "Attack" of "Condemns Dvani Attack")."""
    words = ent.text.strip().split()
    if not words:
        return False
    candidates = [" ".join(words)]
    if ent.label_ == "PERSON" and not any(_occurs(w.lower(), body) for w in words):
        candidates.append(words[-1])
    return any(_occurs(c, body) for c in candidates)


def _occurs(word: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) is not None


def dateline_tokens(doc: Any) -> list[bool]:
    """True for the tokens of a dateline ("WASHINGTON (AP) —", "COLUMBIA, Ky. (WBKO) -"):
    where and by whom the story was filed, no actor of it."""
    taken = [False] * len(doc)
    for start, end in dateline_spans(doc_text(doc)):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            taken[span.start:span.end] = [True] * len(span)
    return taken


def cities_elsewhere(text: str, kb: KnowledgeBase) -> set[str]:
    """Names a dateline places outside the state the KB reads them as: "LONDON, Ky." and
    "PARIS, Texas" say that this story's London and Paris are no capital, so "London police"
    are not the United Kingdom's. A qualifier naming the state itself ("MOSCOW, Russia")
    changes nothing."""
    out: set[str] = set()
    for place, qualifier in dateline_places(text):
        states = [a for a in kb.lookup(place) if a.type == "state"]
        if not states or qualifier is None:
            continue
        if not {a.country for a in kb.lookup(qualifier)} & {a.country for a in states}:
            out.add(place.lower())
    return out
