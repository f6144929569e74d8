"""Harm with a natural cause: a flood, a crash or a disease kills, nobody attacks.

A codebook rule, kept hard before any learning: an ASSAULT needs an attacker, and a sentence
(or the two before it in its paragraph) that names a disaster, an accident or a disease as
what did the harm codes no ASSAULT unless a named attacker is there. Cause words are read by
part of speech ("fired missiles" is not a fire) and next to weapon words they are the words of
an attack ("opened fire", "tear gas"); named entities are never causes ("Storm Corps"). The
word lists are data (``data/event_causes.yaml``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from flashpoint.datafiles import read_yaml
from flashpoint.nlp import span_tokens

from .roles import Roles

#: Sentences before an ASSAULT's own (in its paragraph) searched for a disaster or accident.
CAUSE_WINDOW = 2
#: Named entities whose words are never a cause of harm, whatever they say.
NAMED_NOT_CAUSES = frozenset(("ORG", "GPE", "NORP", "FAC", "LOC"))


@dataclass(frozen=True)
class Causes:
    """Non-political causes of harm: nouns (and their plurals' lemmas), and verbs."""

    nouns: frozenset[str] = frozenset()
    verbs: frozenset[str] = frozenset()
    weapon_words: frozenset[str] = frozenset()
    doers: frozenset[str] = frozenset()
    explosives: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def load_causes() -> Causes:
    """The non-political causes of harm from data/event_causes.yaml."""
    data, _ = read_yaml("event_causes.yaml", what="list of non-political causes")
    raw = data or {}
    nouns = frozenset(str(w).lower() for words in (raw.get("causes") or {}).values()
                      for w in words)
    return Causes(nouns, frozenset(str(w).lower() for w in raw.get("verbs") or ()),
                  frozenset(str(w).lower() for w in raw.get("weapon_words") or ()),
                  frozenset(str(w).lower() for w in raw.get("doers") or ()),
                  frozenset(str(w).lower() for w in raw.get("explosives") or ()))


def is_cause(tok: Any, causes: Causes) -> bool:
    """A noun naming a disaster, accident or disease, or a verb saying harm came by itself."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB":
        return lemma in causes.verbs
    if lemma not in causes.nouns and tok.lower_ not in causes.nouns:
        return False
    if tok.ent_type_ in NAMED_NOT_CAUSES:  # "Storm Corps", "Gas Authority", "Fire Brigade"
        return False
    # "opened fire", "tear gas", "chemical weapons": the words of an attack, not a cause.
    near = {tok.head.lemma_.lower(), *(c.lemma_.lower() for c in tok.children)}
    return not near & causes.weapon_words


def natural_cause(span: Any, causes: Causes) -> bool:
    """Whether a span names a disaster, accident or disease."""
    return any(is_cause(t, causes) for t in span_tokens(span))


def context(sent: Any) -> Any:
    """The sentence with the two before it in its paragraph: "explosions tore through an
    industrial area where gas was stored. [...] The blasts killed 50" names its cause a
    sentence earlier."""
    doc = sent.doc
    start = sent.start
    for _ in range(CAUSE_WINDOW):
        if start == 0 or "\n" in doc[start - 1].text_with_ws:
            break
        start = doc[start - 1].sent.start
    return doc[start:sent.end]


def _cause_subject(tok: Any, causes: Causes) -> bool:
    """"An earthquake hit", "floods killed": the harm's grammatical subject is a cause; or its
    doer is a thing that kills only by accident ("hit by a car", "killed when a tree fell")."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and is_cause(c, causes) for c in tok.children) \
        or _accidental_doer(tok, causes)


def _is_doer(tok: Any, causes: Causes) -> bool:
    return tok.pos_ == "NOUN" and tok.lemma_.lower() in causes.doers \
        and not ({c.lemma_.lower() for c in tok.children} | {tok.head.lemma_.lower()}) \
        & causes.weapon_words


def _accidental_doer(tok: Any, causes: Causes) -> bool:
    """The harm's doer is a vehicle, a falling tree, a current: its active subject, its
    by-agent ("was hit by a car"), or the subject of a clause that says when it happened
    ("killed when a tree fell"), of the harm word or of a verb coordinated with it ("was hit
    by a car and killed")."""
    verbs = [tok, *(c for c in tok.children if c.dep_ == "conj")]
    if tok.dep_ == "conj":
        verbs.append(tok.head)
    if any(t.lemma_.lower() in causes.explosives for v in verbs for t in v.subtree):
        return False  # "killed after the vehicle hit a ground mine"
    for verb in verbs:
        for c in verb.children:
            if c.dep_ == "nsubj" and _is_doer(c, causes):
                return True
            if c.dep_ == "agent" and any(_is_doer(g, causes) for g in c.children
                                         if g.dep_ == "pobj"):
                return True
            if c.dep_ == "advcl" and any(g.dep_ == "nsubj" and _is_doer(g, causes)
                                         for g in c.children):
                return True
    return False


def _no_attacker(roles: Roles) -> bool:
    """No named attacker: no source, or only generic agents ("residents", "troops")."""
    return all(a.startswith("GEN.") for a in roles.source)


def harm_has_natural_cause(tok: Any, roles: Roles, causes: Causes) -> bool:
    """Whether the harm read off trigger ``tok`` came from a disaster, accident or disease."""
    sent = tok.sent
    return _cause_subject(tok, causes) or (
        (not roles.source and natural_cause(context(sent), causes))
        or (_no_attacker(roles) and natural_cause(sent, causes)))
