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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from flashpoint.datafiles import read_yaml
from flashpoint.errors import DataFileError
from flashpoint.model import EVENT_TYPES, MODALITIES
from flashpoint.nlp import span_text

from .lexicon import REPORTING_VERBS
from .roles import LIGHT_VERBS, event_slot
from .words import word_class

#: How many clause levels up we look for a governing verb ("officials said they feared the
#: rebels would attack": attack <- fear <- say is two levels).
MAX_GOVERNOR_DEPTH = 3
_CLAUSAL = frozenset(("xcomp", "ccomp", "conj", "pcomp", "acl", "relcl", "acomp"))
#: Verbs that say whether an event noun, their subject, happened: class ``occurrence_verbs`` of
#: data/event_word_classes.yaml, whose note says why.
OCCURRENCE = word_class("occurrence_verbs")
#: Verbs whose open complement takes their modal: class ``phase_verbs`` of
#: data/event_word_classes.yaml, whose note says why.
PHASE_VERBS = word_class("phase_verbs")
#: Passive verbs that carry out an event noun, their subject: class ``realizing_verbs`` of
#: data/event_word_classes.yaml, whose note says why.
REALIZE = word_class("realizing_verbs")
#: Verbs of a journey, a dispatch or a means: class ``means_and_journeys`` of
#: data/event_word_classes.yaml, whose note says why.
MEANS_AND_JOURNEYS = word_class("means_and_journeys")
#: Why a noun's to-infinitive makes it planned ("talks to be held"; "a request to leave").
_INFINITIVE = "infinitive: still to happen"
#: Verbs that put an act on the calendar: class ``scheduling_verbs`` of
#: data/event_word_classes.yaml, whose note says why.
SCHEDULING = word_class("scheduling_verbs")
#: Governors whose object noun is an event still to come ("plans a visit", "expects talks").
_PROSPECTS = frozenset(("planned", "hypothetical"))
#: A verb's arguments whose determiner can deny the act ("no one was arrested").
_ARGUMENTS = frozenset(("nsubj", "nsubjpass", "dobj"))


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
    #: Auxiliaries in a clause a past reporting verb governs ("said Russia would expel").
    reported_aux: dict[str, str]
    adverbs: dict[str, str]
    governors: dict[str, str]
    modifiers: dict[str, str]
    determiners: dict[str, str]
    compound_heads: dict[str, str]
    conditions: frozenset[str]
    report_phrases: tuple[str, ...]
    #: Auxiliaries of obligation ("should", "must"): the content of a speech act of one of
    #: ``deontic_types`` ("said the army should withdraw" is a request made), not a doubt.
    deontic_aux: frozenset[str] = frozenset()
    deontic_types: frozenset[str] = frozenset()
    #: Verbs of wishing ("want", "seek"): with an event of one of ``wish_types`` (a request)
    #: they are the request made, not a plan.
    wishes: frozenset[str] = frozenset()
    wish_types: frozenset[str] = frozenset()
    #: Types whose content is a future or a condition (a threat): those cues are what is
    #: announced, not doubt about the announcing.
    promise_types: frozenset[str] = frozenset()
    #: Verbs of owning up to an act ("admit", "claim"): their own denial or condition is of
    #: the claim, not of the act claimed ("No group has admitted carrying out the attack").
    claims: frozenset[str] = frozenset()


def _mapping(raw: dict[str, Any], key: str, path: str) -> dict[str, str]:
    table = raw.get(key) or {}
    for word, value in table.items():
        if value not in MODALITIES:
            raise DataFileError(f"{key}.{word}: {value!r} is not a modality {list(MODALITIES)}",
                                source=path, fix="use one of the contract's modalities")
    return {str(k).lower(): str(v) for k, v in table.items()}


def _types(raw: dict[str, Any], key: str, path: str) -> frozenset[str]:
    """A list of PLOVER event types (a misspelt one would silently match nothing)."""
    items = [str(t) for t in raw.get(key) or ()]
    bad = [t for t in items if t not in EVENT_TYPES]
    if bad:
        raise DataFileError(f"{key}: {bad} are not PLOVER event types",
                            source=path, fix=f"use some of {list(EVENT_TYPES)}")
    return frozenset(items)


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
        reported_aux=_mapping(raw, "reported_aux", where),
        adverbs=_mapping(raw, "adverbs", where), governors=_mapping(raw, "governors", where),
        modifiers=_mapping(raw, "modifiers", where),
        determiners=_mapping(raw, "determiners", where),
        compound_heads=_mapping(raw, "compound_heads", where),
        conditions=frozenset(str(w).lower() for w in raw.get("conditions") or ()),
        report_phrases=tuple(str(p).lower() for p in raw.get("report_phrases") or ()),
        deontic_aux=frozenset(str(w).lower() for w in raw.get("deontic_aux") or ()),
        deontic_types=_types(raw, "deontic_types", where),
        wishes=frozenset(str(w).lower() for w in raw.get("wishes") or ()),
        wish_types=_types(raw, "wish_types", where),
        promise_types=_types(raw, "promise_types", where),
        claims=frozenset(str(w).lower() for w in raw.get("claims") or ()),
    )


def _clause_head(tok: Any, keep: Mapping[str, str] | None = None) -> Any:
    """The word whose clause ``tok`` is part of: its head, unless the parser hung the clause
    on a prepositional object ("agreed in a phone call that investigators would fly": a
    that-clause is the agreeing's; a reduced relative stays the noun's), and that noun is
    not one of ``keep`` ("amid reports that thousands had surrendered": the reports govern
    it)."""
    head = tok.head
    if any(c.dep_ == "mark" and c.lower_ == "that" for c in tok.children) \
            and head.pos_ == "NOUN" and head.dep_ == "pobj" and head.head.dep_ == "prep" \
            and head.head.head.pos_ in ("VERB", "AUX") \
            and (keep is None or head.lemma_.lower() not in keep):
        return head.head.head
    return head


def _reported(verb: Any, lex: ModalityLexicon) -> bool:
    """Whether ``verb`` heads a clause reported by a past-tense reporting verb ("said",
    "told", "announced") or settled by a past verb of commitment ("agreed that investigators
    would fly", "decided that troops would stay": a governor of ``planned``), where
    ``reported_aux`` reads its auxiliaries."""
    head = _clause_head(verb)
    lemma = head.lemma_.lower()
    clause = verb.dep_ == "ccomp" or (verb.dep_ in ("acl", "relcl") and head is not verb.head)
    return (clause and head.i != verb.i and head.tag_ == "VBD"
            and (lemma in REPORTING_VERBS or lex.governors.get(lemma) == "planned"))


def _aux_cues(verb: Any, lex: ModalityLexicon, why: str) -> list[Cue]:
    """The modal auxiliaries of ``verb`` ("would", "will", "may") as cues, saying ``why``."""
    found = [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.lower_ in lex.aux]
    if not found:
        return []
    reported = lex.reported_aux if _reported(verb, lex) else {}
    return [Cue(reported[c.lower_], c.text, f"{why} in a reported clause")
            if c.lower_ in reported
            else Cue(lex.aux[c.lower_], c.text, why) for c in found]


def _own_cues(tok: Any, lex: ModalityLexicon) -> list[Cue]:
    cues = _aux_cues(tok, lex, "auxiliary")
    for child in tok.children:
        low = child.lower_
        if child.dep_ in ("neg", "advmod") and low in lex.adverbs:
            cues.append(Cue(lex.adverbs[low], child.text, "adverb"))
        elif child.dep_ in ("amod", "compound") and low in lex.modifiers:
            cues.append(Cue(lex.modifiers[low], child.text, "modifier"))
        elif child.dep_ in ("det", "neg") and tok.pos_ == "NOUN" and low in lex.determiners:
            cues.append(Cue(lex.determiners[low], child.text, "determiner"))
        elif child.dep_ in _ARGUMENTS and tok.pos_ in ("VERB", "AUX"):
            # "made no arrests", "no one was arrested": the act had no participant
            cues += [Cue(lex.determiners[d.lower_], d.text, "determiner of its argument")
                     for d in child.children
                     if d.dep_ in ("det", "neg") and d.lower_ in lex.determiners]
        elif child.dep_ == "mark" and low in lex.conditions:
            cues.append(Cue("conditional", child.text, "condition clause"))
        elif child.dep_ in ("acl", "relcl") and tok.pos_ == "NOUN" and any(
                g.dep_ in ("aux", "auxpass") and g.lower_ == "to" for g in child.children):
            cues.append(Cue("planned", child.text, _INFINITIVE))
        elif child.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in lex.conditions
                                           for g in child.children):
            cues.append(Cue("conditional", child.text, "consequence of a condition"))
    return cues + _position_cues(tok, lex)


def _position_cues(tok: Any, lex: ModalityLexicon) -> list[Cue]:
    """Cues from where the event word stands: the object of a modifier ("the threat of war"),
    a compound of a plot or threat, "is to" + infinitive, an infinitive of purpose."""
    cues = []
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_ in lex.modifiers:
        cues.append(Cue(lex.modifiers[tok.head.head.lemma_], tok.head.head.text, "modifier"))
    if tok.dep_ == "compound" and tok.head.lemma_.lower() in lex.compound_heads:
        # "an attack plot", "a bomb threat": the event names what is plotted or feared
        head = tok.head
        cues.append(Cue(lex.compound_heads[head.lemma_.lower()], head.text, "compound head"))
    if tok.dep_ == "xcomp" and tok.pos_ in ("VERB", "AUX") and tok.head.lemma_ == "be" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        # "Fumo is to be sentenced on July 13", "the two governments are to agree controls"
        cues.append(Cue("planned", "to", "be + infinitive: still to happen"))
    if tok.dep_ == "advcl" and tok.pos_ in ("VERB", "AUX") and tok.head.i != tok.i and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        # An infinitive of purpose is as real as the act it is the purpose of when that act
        # carries it out: "marched to protest the killings" and "attended a rally to demand
        # his return" protested and demanded (on our annotated articles a purpose read as
        # always planned was wrong 18 times in 31). After a journey or with a means it is
        # still ahead: "left for Washington to meet her counterparts", "used firearms to
        # attack a police station". And it is never more real than its act: "plans to
        # deploy Marines to back up the troops" only plans.
        if tok.head.lemma_.lower() in MEANS_AND_JOURNEYS:
            cues.append(Cue("planned", "to", "infinitive of purpose: still to happen"))
        else:
            purpose, _ = modality_of(tok.head, lex)
            if purpose != "asserted":
                cues.append(Cue(purpose, tok.head.text, "infinitive of purpose of that act"))
    return cues


def _verb_aux_cues(verb: Any, lex: ModalityLexicon, role: str = "dobj") -> list[Cue]:
    """A noun event's modality from the verb it is the subject or object of: "the meeting
    will be held", "a meeting to be held", "talks would resume"."""
    cues = _aux_cues(verb, lex, "auxiliary of its verb")
    for g in verb.children:
        if g.dep_ == "aux" and g.lower_ == "to" and (
                verb.dep_ != "xcomp" or verb.head.lemma_ == "be"):
            # "a meeting to be held"; "Peres is to make a visit" (be + infinitive)
            cues.append(Cue("planned", g.text, "infinitive: still to happen"))
        elif g.dep_ == "neg" and ((role == "dobj" and verb.lemma_.lower() in LIGHT_VERBS)
                                  or verb.lemma_.lower() in OCCURRENCE
                                  or (role == "nsubjpass" and verb.lemma_.lower() in REALIZE)):
            # "did not make arrests", "talks were not held", "the meeting did not take
            # place"; not "the case is not linked to ...": the case is still there; nor
            # "police were not linking the arrests to the protests": the arrests were made
            cues.append(Cue("negated", g.text, "negation of its verb"))
    return cues


#: Tags of a verb with its own tense (past, present): a relative clause so headed is told
#: in its own time, not in its antecedent's verb's.
_FINITE = frozenset(("VBD", "VBZ", "VBP"))


#: Conjunctions that set a coordinated verb against the first: class ``contrasts`` of
#: data/event_word_classes.yaml, whose note says why.
CONTRASTS = word_class("contrasts")


def _shares_auxiliary(verb: Any) -> bool:
    """Whether coordinated verb ``verb`` shares its first conjunct's auxiliary: it has no
    subject or auxiliary of its own ("will attack the town and kill the mayor"), unlike "police
    arrested five and will charge them" or "they may talk, but we attacked"."""
    if verb.pos_ not in ("VERB", "AUX", "ADJ") or verb.head.pos_ not in ("VERB", "AUX"):
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "expl") for c in verb.children):
        return False
    # "could not attack the base but shelled the town": a contrast is a clause of its own
    return not any(c.dep_ == "cc" and c.lower_ in CONTRASTS and verb.head.i < c.i < verb.i
                   for c in verb.head.children)


def _carried_cues(gov: Any, lemma: str, lex: ModalityLexicon) -> list[Cue]:
    """A governor's denial or condition holds for what it governs ("if they secede, we are
    ready to accept"); its own tense or report does not, nor the denial of a claim ("No group
    has admitted carrying out the attack": ``claims``)."""
    if lemma in lex.claims:
        return []
    return [c for c in _own_cues(gov, lex) if c.modality in ("negated", "conditional")]


def _governor_cues(tok: Any, lex: ModalityLexicon, skip: frozenset[str] = frozenset(),
                   ) -> list[Cue]:
    cues = []
    # "plans a series of protests": the protests stand where "series" stands
    tok = event_slot(tok) if tok.pos_ == "NOUN" else tok
    if tok.pos_ == "NOUN" and tok.dep_ in ("nsubj", "nsubjpass", "dobj"):
        cues += _verb_aux_cues(tok.head, lex, tok.dep_)
        verb = tok.head.lemma_.lower()
        if tok.dep_ in ("dobj", "nsubjpass") and lex.governors.get(verb) in _PROSPECTS:
            # "plans a final stop", "a meeting was scheduled" (a denied or claimed attack is
            # the denial's or the claim's business: its own modality stays)
            cues.append(Cue(lex.governors[verb], tok.head.text, "verb governing the event"))
    if tok.dep_ == "compound" and tok.head.pos_ == "NOUN" and tok.head.i != tok.i:
        # "planning to launch street protest rallies": the compound is the rallies' event
        head = tok.head
        cues += _own_cues(head, lex) + _governor_cues(head, lex)
    cur = tok
    if tok.pos_ == "NOUN" and tok.dep_ in ("dobj", "nsubjpass") \
            and tok.head.lemma_.lower() in LIGHT_VERBS:
        # the event a light verb carries is where that verb's clause puts it: "parties
        # planning to launch protest rallies", "denied holding talks"
        cur = tok.head
    for _ in range(MAX_GOVERNOR_DEPTH):
        if cur.dep_ not in _CLAUSAL or cur.head.i == cur.i:
            break
        if cur.dep_ == "relcl" and cur.tag_ in _FINITE:
            # "would retaliate against countries that expelled diplomats": a finite relative
            # clause tells its own time; the expulsion happened whatever the retaliation does
            break
        if cur.dep_ == "conj":
            if _shares_auxiliary(cur):
                # "will close the consulate and expel diplomats": one modal for both verbs
                cues += _aux_cues(cur.head, lex, "auxiliary of its coordinated verb")
            cur = cur.head
            continue
        gov = _clause_head(cur, lex.governors)
        lemma = gov.lemma_.lower()
        if lemma in lex.governors and lemma not in skip and not (
                lex.governors[lemma] == "negated"
                and any(c.modality == "reported" and c.why == "governing verb" for c in cues)):
            # "The Kremlin denies US claims that Russia hacked the emails": the denial is of
            # the claim; the hacking stays what the claim makes it, reported
            cues.append(Cue(lex.governors[lemma], gov.text, "governing verb"))
        cues += _carried_cues(gov, lemma, lex)
        if cur.dep_ == "xcomp" and lemma in PHASE_VERBS and not any(
                c.dep_ in ("aux", "auxpass") and c.lower_ in lex.aux for c in cur.children):
            # ... but an open complement has no tense of its own: "will begin withdrawing
            # troops", "would continue to protest" happen when the governor's modal says
            cues += _aux_cues(gov, lex, "auxiliary of its governing verb")
        if gov.pos_ == "NOUN" and gov.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj"):
            # "will file a suit challenging the order": the suit's verb says when.
            cues += [c for c in _verb_aux_cues(gov.head, lex, gov.dep_)
                     if c.modality != "reported"]
        cur = gov
    return cues


def modality_of(trigger: Any, lex: ModalityLexicon | None = None, etype: str | None = None,
                ) -> tuple[str, tuple[Cue, ...]]:
    """The modality of the event whose trigger is spaCy token ``trigger``, and its cues.
    ``etype``: the event's type when known; a REJECT's negation may be the refusal itself
    (:func:`refusal_modality`)."""
    lex = lex or load_modality_lexicon()
    own = _own_cues(trigger, lex)
    skip: frozenset[str] = frozenset()
    if etype in lex.wish_types:
        # "wants the court to suspend the injunction", "a request to step out of the car":
        # the wish and the infinitive are what is asked, and the asking is done
        skip = lex.wishes
        own = [c for c in own if c.why != _INFINITIVE]
    cues = own + _governor_cues(trigger, lex, skip)
    sentence = span_text(trigger.sent).lower()
    cues += [Cue("reported", p, "report phrase") for p in lex.report_phrases if p in sentence]
    cues = _without_spoken_content(cues, etype, lex)
    modality = _strongest(cues, lex)
    if etype == "REJECT" and modality == "negated":
        modality = refusal_modality(trigger, cues, lex)
    return modality, tuple(cues)


def _without_spoken_content(cues: list[Cue], etype: str | None, lex: ModalityLexicon,
                            ) -> list[Cue]:
    """``cues`` without those that are what a speech act of type ``etype`` says rather than
    doubt about its saying: a threat's future and condition ("would retaliate if they boost
    output": the threat is made; ``promise_types``) and an obligation in a demand, a reproach
    or a threat ("said the military should take a closer look": the request is made;
    ``deontic_aux``, ``deontic_types``). A denial or a report still holds."""
    if etype in lex.promise_types:
        cues = [c for c in cues if c.modality in ("negated", "reported")]
    if etype in lex.deontic_types:
        cues = [c for c in cues if not (c.why.startswith("auxiliary")
                                        and c.word.lower() in lex.deontic_aux)]
    return cues


def anchor_governor_cue(anchor: Any, lex: ModalityLexicon | None = None) -> Cue | None:
    """The cue of a word that stands for an event it schedules (``SCHEDULING``): the model's
    type read at "scheduled" ("Sentencing is scheduled May 7", "was scheduled to appear")
    or "plans" is the scheduled or planned act, still to come. None for any other word."""
    lex = lex or load_modality_lexicon()
    value = lex.governors.get(anchor.lemma_.lower())
    if value not in _PROSPECTS or anchor.lemma_.lower() not in SCHEDULING:
        return None
    return Cue(value, anchor.text, "anchored on the verb governing the event")


def with_cue(cues: Sequence[Cue], cue: Cue, lex: ModalityLexicon | None = None,
             ) -> tuple[str, tuple[Cue, ...]]:
    """The modality of ``cues`` with ``cue`` added, and the cues."""
    out = (*cues, cue)
    return _strongest(out, lex or load_modality_lexicon()), out


def _strongest(cues: Sequence[Cue], lex: ModalityLexicon) -> str:
    for modality in lex.precedence:
        if any(c.modality == modality for c in cues):
            return modality
    return "asserted"


#: Verbs that say a refusal themselves: class ``refusal_verbs`` of data/event_word_classes.yaml,
#: whose note says why.
REFUSAL_VERBS = word_class("refusal_verbs")


#: Auxiliaries that with "not" make a refusal: class ``refusal_auxiliaries`` of
#: data/event_word_classes.yaml, whose note says why.
REFUSAL_AUX = word_class("refusal_auxiliaries")


def refusal_modality(trigger: Any, cues: Sequence[Cue], lex: ModalityLexicon | None = None,
                     ) -> str:
    """The modality of a REJECT read off a negated word: the negation is the refusal ("I did
    not even own the gun", "would not say whether", "do not believe it"), so it does not
    negate the REJECT, unless the word is itself a refusal ("did not reject the plan")."""
    lex = lex or load_modality_lexicon()
    if trigger.lemma_.lower() in REFUSAL_VERBS or not any(
            c.modality == "negated" and c.why == "adverb" for c in cues):
        return _strongest(cues, lex)
    # "would not say", "will not accept": the auxiliary belongs to the refusal too
    return _strongest([c for c in cues if not (c.modality == "negated" and c.why == "adverb")
                       and not (c.why == "auxiliary" and c.word.lower() in REFUSAL_AUX)], lex)
