"""The story's people: the nouns that name an actor only when the text singles particular
people out ("a 23-year-old man", "two women", "the officer"), the words of their description,
and a second person of a kind already met ("another man"). ``mentions.agent_mentions`` reads
them; the nouns themselves are data (``data/actor_lexicon.yaml: singled_out``).
"""

from __future__ import annotations

from typing import Any

from .lexicon import Lexicon

#: Plural people nouns and the singular their actor id uses ("two men" and "the man" are
#: one kind of person: ``GEN.PPL.man``).
SINGULAR = {"men": "man", "women": "woman", "suspects": "suspect", "teenagers": "teenager",
             "drivers": "driver", "girls": "girl", "boys": "boy", "teens": "teenager",
             "students": "student", "inmates": "inmate", "prisoners": "prisoner",
             "people": "person", "persons": "person"}
#: People nouns singled out only by a number ("20 people", "one person"): a determiner or an
#: adjective leaves them generic ("the people", "many people", "young people").
COUNTED_ONLY = frozenset(("people", "persons", "person"))


def singled_out(tok: Any, lex: Lexicon) -> bool:
    """A people noun the text singles out ("a 23-year-old man", "ten men", "the suspect"): a
    noun with a determiner, number or modifier, not one conjunct of a generic pair ("men and
    women")."""
    if tok.lower_ not in lex.singled_out or tok.pos_ != "NOUN":
        return False
    if any(c.dep_ == "conj" and c.lower_ in lex.singled_out for c in tok.children) or (
            tok.dep_ == "conj" and tok.head.lower_ in lex.singled_out):
        return False
    if tok.lower_ in COUNTED_ONLY:
        return any(c.dep_ == "nummod" for c in tok.children)
    return any(c.dep_ in ("det", "nummod", "amod", "compound") for c in tok.children)


#: Words that introduce a second person of a kind already in the story ("another man", "a
#: second suspect", "the other woman"), and the suffix of that person's id.
ANOTHER = frozenset(("another", "other", "second"))
SECOND = ".2"


#: Modifiers that describe one of the story's people and belong in the mention's text: the
#: reader (and an annotator) calls them "a 26-year-old man", "a Woodbridge man", "two women".
DESCRIBING = frozenset(("amod", "compound", "nummod"))


def described_from(doc: Any, taken: list[bool], i: int) -> int:
    """Where the description of the person noun at ``i`` starts: its left modifiers with
    their words ("26-year-old", "Metcalfe County"), never a word another mention holds."""
    start = i
    for c in doc[i].lefts:
        if c.dep_ in DESCRIBING:
            start = min(start, c.left_edge.i)
    for c in doc[i].lefts:
        if c.dep_ == "det" and c.lower_ in ANOTHER:  # "another man" names a second man
            start = min(start, c.i)
    while start < i and (taken[start] or doc[start].is_punct
                         or (doc[start].dep_ == "det" and doc[start].lower_ not in ANOTHER)):
        start += 1
    return start if not any(taken[start:i]) else i


def another(tok: Any) -> bool:
    """A second person of a kind already in the story: "another man", "a second suspect"."""
    return any(c.lower_ in ANOTHER and c.dep_ in ("det", "amod") for c in tok.children)
