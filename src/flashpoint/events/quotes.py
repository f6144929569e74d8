"""Quoted speech as events: who is acting when the words are someone's quote.

A quote's grammar names its speaker only as "we" or "I" ("We will respond with force," the
minister said), so the parse gives its events no source; the quotes stage knows who spoke.
Two rules, both from the issue's reading of PLOVER:

- an event coded inside an attributed quote whose source is missing or a first-person pronoun
  takes the speaker as its source (the speaker speaks for the actor they represent; the
  actors stage gives that person their state);
- a speaker who says a party "is responsible for" an attack ("Russia is most likely
  responsible for the attack," the minister said) accuses that party: ACCUSE speaker -> party,
  whatever the attack itself is coded as;
- force announced in a quote — an ASSAULT, COERCE or SANCTION the quote plans, predicts or
  makes conditional ("we will hit back", "if they strike us we will respond") — is a THREATEN
  the speaker asserts by saying it. The announced act keeps its own modality: the attack it
  threatens is not an asserted ASSAULT. Force verbs that code nothing on their own ("respond",
  "retaliate", "hit back") are listed in ``data/threat_cues.yaml``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from flashpoint.datafiles import read_yaml
from flashpoint.model import Event, Statement
from flashpoint.nlp import span_text, span_tokens

from .words import word_class

#: Types whose announcement in a quote is a threat of force.
FORCE_TYPES = frozenset(("ASSAULT", "COERCE", "SANCTION"))
#: Modalities of an announced act (not one said to have happened or not to have happened).
ANNOUNCED = frozenset(("planned", "hypothetical", "conditional"))
#: What marks a quote's own coder in ``Event.coder``.
QUOTE_CODER = "events.quotes.v1"
#: The confidence of a threat read off force verbs alone (no coded act under it).
CUE_CONFIDENCE = 0.6
_FIRST_PERSON = frozenset(("i", "we", "us", "me", "our"))


@dataclass(frozen=True)
class ThreatCues:
    """Verbs that announce force when a speaker says they will do them."""

    verbs: frozenset[str]
    modals: frozenset[str]


@lru_cache(maxsize=1)
def load_threat_cues() -> ThreatCues:
    """The packaged cue lists (``data/threat_cues.yaml``)."""
    data, _ = read_yaml("threat_cues.yaml", what="threat cues")
    raw = data or {}
    return ThreatCues(frozenset(str(v).lower() for v in raw.get("verbs") or ()),
                      frozenset(str(v).lower() for v in raw.get("modals") or ()))


def quote_at(statements: Sequence[Statement], char: int) -> Statement | None:
    """The attributed statement whose quote covers character ``char``, if any."""
    for st in statements:
        if st.speaker and st.quote.start <= char < st.quote.end:
            return st
    return None


def with_speaker(event: Event, trigger: Any, statements: Sequence[Statement]) -> Event:
    """``event`` with its quote's speaker as source when the parse found none (or "we")."""
    st = quote_at(statements, trigger.idx)
    if st is None or st.speaker is None:
        return event
    if not _first_person_subject(trigger) and (event.source or _other_subject(trigger)):
        # another subject acts; a first-person object is the speaker ("Putin blamed me")
        if not event.target and st.speaker not in event.source and _first_person_object(trigger):
            return replace(event, target=(st.speaker,))
        return event
    target = tuple(a for a in event.target if a != st.speaker)
    return replace(event, source=(st.speaker,), target=target)


#: First-person object pronouns: in a quote, the speaker.
_FIRST_PERSON_OBJECTS = frozenset(("me", "us"))


def _first_person_object(trigger: Any) -> bool:
    """Whether the trigger's object, or the object of one of its prepositions, is "me" or "us"
    ("blamed me", "fired at us")."""
    for c in trigger.children:
        if c.dep_ in ("dobj", "dative") and c.lower_ in _FIRST_PERSON_OBJECTS:
            return True
        if c.dep_ == "prep" and any(o.dep_ == "pobj" and o.lower_ in _FIRST_PERSON_OBJECTS
                                    for o in c.children):
            return True
    return False


def _first_person_subject(trigger: Any) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in _FIRST_PERSON
               for c in trigger.children)


def _other_subject(trigger: Any) -> bool:
    """A subject that is not the speaker ("if they strike us": "they" struck, not "we")."""
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in trigger.children)


def threat_of(event: Event, trigger: Any, statements: Sequence[Statement]) -> Event | None:
    """The THREATEN a speaker makes by announcing ``event`` in a quote, or None."""
    if event.type not in FORCE_TYPES or event.modality not in ANNOUNCED:
        return None
    st = quote_at(statements, trigger.idx)
    if st is None or st.speaker is None:
        return None
    target = tuple(a for a in event.target if a != st.speaker)
    return replace(event, type="THREATEN", mode=None, modality="asserted", source=(st.speaker,),
                   target=target, fatalities=None, coder=QUOTE_CODER, cameo=None,
                   intensity=None)


def cue_threats(sent: Any, statements: Sequence[Statement], cues: ThreatCues,
                coded_types: set[str]) -> list[tuple[Any, Statement]]:
    """Force verbs under a future or conditional modal inside a quote ("we will respond"),
    in a sentence where no force act or threat was coded: (trigger token, statement)."""
    if coded_types & (FORCE_TYPES | {"THREATEN"}):
        return []
    out = []
    for tok in span_tokens(sent):
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in cues.verbs:
            continue
        if not any(c.dep_ == "aux" and c.lower_ in cues.modals for c in tok.children):
            continue
        if any(c.dep_ == "neg" for c in tok.children):
            continue
        st = quote_at(statements, tok.idx)
        if st is not None:
            out.append((tok, st))
    return out[:1]


#: Adjectives that lay an act at a party's door when its subject "is" them ("X is responsible
#: for the attack"). Data-light on purpose: the act must also be a force noun of the lexicon.
BLAME_ADJECTIVES = frozenset(("responsible", "culpable", "guilty"))
#: Verbs that report a conclusion outside quotes: class ``concluding_verbs`` of
#: data/event_word_classes.yaml, whose note says why.
_CONCLUDING = word_class("concluding_verbs")


@dataclass(frozen=True)
class Blame:
    """One "X is responsible for <act>" said by someone: the adjective, the party's words
    (subject tokens) and the speaker's actor id when a quote or a reporting verb names it."""

    token: Any
    party: tuple[Any, ...]
    speaker: str | None
    acts: tuple[Any, ...] = ()


def blames(sent: Any, statements: Sequence[Statement], is_force_noun: Callable[[str], bool],
           speaker_of: Callable[[Any], list[str]]) -> list[Blame]:
    """Every "X is/was (most likely) responsible for <force noun>" of ``sent``, not negated.
    ``is_force_noun(lemma)``: whether a noun names an act of force (the trigger lexicon
    decides); ``speaker_of(token)``: the actor ids of a reporting verb's subject."""
    out: list[Blame] = []
    words = span_text(sent).lower()
    if not any(adj in words for adj in BLAME_ADJECTIVES):
        return out  # most sentences: one substring test, no token read
    for tok in span_tokens(sent):
        if tok.lemma_.lower() not in BLAME_ADJECTIVES or tok.dep_ != "acomp":
            continue
        verb = tok.head
        if verb.lemma_ != "be" or any(c.dep_ == "neg" for c in (*verb.children, *tok.children)):
            continue
        acts = [o for p in tok.children if p.dep_ == "prep" and p.lower_ == "for"
                for o in p.children if o.dep_ == "pobj" and is_force_noun(o.lemma_.lower())]
        if not acts:
            continue
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subj:
            continue
        party = (subj[0], *(c for c in subj[0].children if c.dep_ == "conj"))
        st = quote_at(statements, tok.idx)
        speaker = st.speaker if st is not None else None
        if speaker is None and verb.dep_ == "ccomp" and verb.head.lemma_ in _CONCLUDING:
            found = speaker_of(verb.head)
            speaker = found[0] if found else None
        out.append(Blame(tok, party, speaker, tuple(acts)))
    return out
