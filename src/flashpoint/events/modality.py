"""Modality: does the text assert that an event happened, or only report, plan, imagine it?

For the event's trigger token we collect cues from three places, all listed in
``data/modality.yaml``: the trigger's own auxiliaries, adverbs and modifiers ("would attack",
"reportedly kidnapped", "a possible attack"); the verbs that govern its clause through clausal
complements ("estimate the rebels would attack", "plans to deploy", "denied that police had
beaten"); and conditional clauses ("if talks fail, the militia will attack"). The strongest
cue wins in the file's precedence order; no cue means ``asserted``. Each cue is returned with
the word that triggered it, so ``flashpoint explain`` can show why.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from flashpoint.datafiles import read_yaml
from flashpoint.errors import DataFileError
from flashpoint.model import MODALITIES

#: How many clause levels up we look for a governing verb ("officials said they feared the
#: rebels would attack": attack <- fear <- say is two levels).
MAX_GOVERNOR_DEPTH = 3
_CLAUSAL = frozenset(("xcomp", "ccomp", "conj", "pcomp", "acl", "relcl"))


@dataclass(frozen=True)
class Cue:
    """One piece of evidence for a modality: which word, and what it implies."""

    modality: str
    word: str
    why: str


@dataclass(frozen=True)
class ModalityLexicon:
    precedence: tuple[str, ...]
    aux: dict[str, str]
    adverbs: dict[str, str]
    governors: dict[str, str]
    modifiers: dict[str, str]
    conditions: frozenset[str]
    report_phrases: tuple[str, ...]


def _mapping(raw: dict[str, Any], key: str, path: str) -> dict[str, str]:
    table = raw.get(key) or {}
    for word, value in table.items():
        if value not in MODALITIES:
            raise DataFileError(f"{key}.{word}: {value!r} is not a modality {list(MODALITIES)}",
                                source=path, fix="use one of the contract's modalities")
    return {str(k).lower(): str(v) for k, v in table.items()}


@lru_cache(maxsize=1)
def load_modality_lexicon() -> ModalityLexicon:
    """The packaged cue lists, validated."""
    data, where = read_yaml("modality.yaml", what="modality cues")
    raw = data or {}
    precedence = tuple(raw.get("precedence") or ())
    if set(precedence) != set(MODALITIES) - {"asserted"}:
        raise DataFileError("precedence must list every modality but 'asserted' once",
                            source=where, fix="list negated, conditional, hypothetical, "
                                              "planned, reported in order")
    return ModalityLexicon(
        precedence=precedence, aux=_mapping(raw, "aux", where),
        adverbs=_mapping(raw, "adverbs", where), governors=_mapping(raw, "governors", where),
        modifiers=_mapping(raw, "modifiers", where),
        conditions=frozenset(str(w).lower() for w in raw.get("conditions") or ()),
        report_phrases=tuple(str(p).lower() for p in raw.get("report_phrases") or ()),
    )


def _own_cues(tok: Any, lex: ModalityLexicon) -> list[Cue]:
    cues = []
    for child in tok.children:
        low = child.lower_
        if child.dep_ in ("aux", "auxpass") and low in lex.aux:
            cues.append(Cue(lex.aux[low], child.text, "auxiliary"))
        elif child.dep_ in ("neg", "advmod") and low in lex.adverbs:
            cues.append(Cue(lex.adverbs[low], child.text, "adverb"))
        elif child.dep_ in ("amod", "compound") and low in lex.modifiers:
            cues.append(Cue(lex.modifiers[low], child.text, "modifier"))
        elif child.dep_ == "mark" and low in lex.conditions:
            cues.append(Cue("conditional", child.text, "condition clause"))
        elif child.dep_ in ("acl", "relcl") and tok.pos_ == "NOUN" and any(
                g.dep_ in ("aux", "auxpass") and g.lower_ == "to" for g in child.children):
            cues.append(Cue("planned", child.text, "infinitive: still to happen"))
        elif child.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in lex.conditions
                                           for g in child.children):
            cues.append(Cue("conditional", child.text, "consequence of a condition"))
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_ in lex.modifiers:
        cues.append(Cue(lex.modifiers[tok.head.head.lemma_], tok.head.head.text, "modifier"))
    return cues


def _verb_aux_cues(verb: Any, lex: ModalityLexicon) -> list[Cue]:
    """A noun event's modality from the verb it is the subject or object of: "the meeting
    will be held", "a meeting to be held", "talks would resume"."""
    cues = []
    for g in verb.children:
        if g.dep_ in ("aux", "auxpass") and g.lower_ in lex.aux:
            cues.append(Cue(lex.aux[g.lower_], g.text, "auxiliary of its verb"))
        elif g.dep_ == "aux" and g.lower_ == "to" and verb.dep_ != "xcomp":
            cues.append(Cue("planned", g.text, "infinitive: still to happen"))
        elif g.dep_ == "neg":
            cues.append(Cue("negated", g.text, "negation of its verb"))
    return cues


def _governor_cues(tok: Any, lex: ModalityLexicon) -> list[Cue]:
    cues = []
    if tok.pos_ == "NOUN" and tok.dep_ in ("nsubj", "nsubjpass", "dobj"):
        cues += _verb_aux_cues(tok.head, lex)
    cur = tok
    for _ in range(MAX_GOVERNOR_DEPTH):
        if cur.dep_ not in _CLAUSAL or cur.head.i == cur.i:
            break
        if cur.dep_ == "conj":
            cur = cur.head
            continue
        gov = cur.head
        lemma = gov.lemma_.lower()
        if lemma in lex.governors:
            cues.append(Cue(lex.governors[lemma], gov.text, "governing verb"))
        cues += [c for c in _own_cues(gov, lex) if c.modality == "negated"]
        if gov.pos_ == "NOUN" and gov.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj"):
            # "will file a suit challenging the order": the suit's verb says when.
            cues += [c for c in _verb_aux_cues(gov.head, lex) if c.modality != "reported"]
        cur = gov
    return cues


def modality_of(trigger: Any, lex: ModalityLexicon | None = None) -> tuple[str, tuple[Cue, ...]]:
    """The modality of the event whose trigger is spaCy token ``trigger``, and its cues."""
    lex = lex or load_modality_lexicon()
    cues = _own_cues(trigger, lex) + _governor_cues(trigger, lex)
    sentence = trigger.sent.text.lower()
    cues += [Cue("reported", p, "report phrase") for p in lex.report_phrases if p in sentence]
    for modality in lex.precedence:
        if any(c.modality == modality for c in cues):
            return modality, tuple(cues)
    return "asserted", tuple(cues)
