"""The events stage: PLOVER events with source, target, modality, date, place and evidence.

Two coders read every sentence: the rule coder (``rules``: CAMEO-derived triggers and
patterns) and the statistical coder (``stat``: a small linear model over parse
features, trained by ``make train``). The combiner (:func:`combine`) keeps what the rules
found, raising or lowering each candidate's confidence by what the model thinks of its type,
and adds the model's type when the rules found nothing and the model is sure. Every event
records which coder produced it (``events.rules.v1``, ``events.stat.v1`` or both joined by
``+``).

Then each event gets the facts around its trigger: source and target (``roles``),
modality (``modality``), a date from the time expression governing its clause, a place,
fatalities (``facts``), intensity and CAMEO code from the ontology. PLOVER types that
require a recipient (COOPERATE, AID, SANCTION) are coded only when one is found.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from flashpoint.config import PipelineConfig
from flashpoint.datafiles import read_yaml
from flashpoint.model import Analysis, Event, Place, Span, Statement, TimeExpr
from flashpoint.places import place_for_span
from flashpoint.registry import STAGES

from .facts import fatalities
from .lexicon import Discards, TriggerLexicon, load_discards, load_triggers
from .modality import modality_of
from .ontology import Ontology, load_ontology
from .quotes import (
    CUE_CONFIDENCE,
    QUOTE_CODER,
    cue_threats,
    load_threat_cues,
    threat_of,
    with_speaker,
)
from .roles import Roles, roles_of, token_actors
from .rules import Candidate, code_sentence, discarded

RULES = "events.rules.v1"
STAT = "events.stat.v1"
#: The statistical coder's type probability weighs this much in a rule candidate's confidence.
#: It decides the type more often correctly than the rules: cross-validated primary-type
#: accuracy on plv is 0.756 for the model alone against 0.541 for the rules alone.
STAT_WEIGHT = 0.7
#: The model codes a type the rules did not find when it gives it at least this probability:
#: the model's own threshold (``events.stat.CODE_THRESHOLD``, the knee of its CV sweep).
STAT_ALONE_THRESHOLD = 0.3
#: When the model gives "no event" at least this (calibrated) probability, rule candidates of
#: the sentence are dropped: a trigger word in a sentence that reports nothing ("it came a
#: day before a meeting to be held"). Conservative: four in five such sentences code nothing.
NONE_VETO = 0.8
#: Sentences before an ASSAULT's own (in its paragraph) searched for a disaster or accident.
CAUSE_WINDOW = 2
#: Named entities whose words are never a cause of harm, whatever they say.
NAMED_NOT_CAUSES = frozenset(("ORG", "GPE", "NORP", "FAC", "LOC"))
#: Candidates below this confidence after combination are dropped as noise.
MIN_CONFIDENCE = 0.1


@dataclass(frozen=True)
class Causes:
    """Non-political causes of harm: nouns (and their plurals' lemmas), and verbs."""

    nouns: frozenset[str] = frozenset()
    verbs: frozenset[str] = frozenset()
    weapon_words: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Coded:
    """A candidate after combination: trigger token, type, mode, CAMEO, confidence, coder."""

    token: Any
    type: str
    mode: str | None
    cameo: str | None
    confidence: float
    coder: str


@dataclass(frozen=True)
class Coders:
    """What the stage needs loaded: ontology, lexicons and (optionally) the model."""

    ontology: Ontology
    triggers: TriggerLexicon
    discards: Discards
    stat: Any | None
    causes: Causes = Causes()


@lru_cache(maxsize=1)
def rule_coders() -> Coders:
    """The packaged ontology and lexicons (no model), loaded once per process."""
    return Coders(load_ontology(), load_triggers(), load_discards(), None, load_causes())


@lru_cache(maxsize=1)
def default_coders() -> Coders:
    """The packaged ontology, lexicons and model, loaded once per process."""
    from .stat import load_stat_coder

    base = rule_coders()
    return Coders(base.ontology, base.triggers, base.discards, load_stat_coder(), base.causes)


def combine(cands: Sequence[Candidate], probs: dict[str, float] | None,
            sent: Any) -> list[Coded]:
    """Rule candidates re-weighted by the model; the model's own type when the rules missed it.

    A candidate keeps its trigger (its words give source, target and modality); its confidence
    mixes the rule's prior with the model's probability for its type. When the model's best
    type is none of the candidates' and it is likely enough, it is coded too, anchored on the
    candidate trigger nearest the sentence root or on the root itself.
    """
    out: list[Coded] = []
    if probs is not None and probs.get("NONE", 0.0) >= NONE_VETO:
        return out
    for c in cands:
        conf, coder = c.prior, RULES
        if probs is not None:
            p = probs.get(c.type, 0.0)
            conf = (1 - STAT_WEIGHT) * c.prior + STAT_WEIGHT * p
            coder = f"{RULES}+{STAT}" if p >= max(probs.values()) else RULES
        if conf >= MIN_CONFIDENCE:
            out.append(Coded(c.token, c.type, c.trigger.mode, c.trigger.cameo, round(conf, 3),
                             coder))
    if probs is None:
        return out
    best, p = max(((k, v) for k, v in probs.items() if k != "NONE"), key=lambda kv: kv[1])
    if p >= STAT_ALONE_THRESHOLD and p > probs.get("NONE", 0.0) and best not in {
            c.type for c in out}:
        anchor = min(cands, key=lambda c: _depth(c.token)).token if cands else sent.root
        out.append(Coded(anchor, best, None, None, round(p, 3), STAT))
    return out


def _depth(tok: Any) -> int:
    depth = 0
    while tok.head is not tok and depth < 50:
        tok, depth = tok.head, depth + 1
    return depth


def _event_date(tok: Any, times: Sequence[TimeExpr], published: str | None,
                modality: str) -> str | None:
    """The date of the time expression in the trigger's clause; else the publication date for
    a present-tense report; else None (never a guess)."""
    lo = min(t.idx for t in tok.subtree)
    hi = max(t.idx + len(t) for t in tok.subtree)
    sent = tok.sent
    inside = [t for t in times if lo <= t.start < hi and t.value]
    if not inside:
        in_sent = [t for t in times if sent.start_char <= t.start < sent.end_char and t.value]
        inside = in_sent if len(in_sent) == 1 else []
    if inside:
        return min(inside, key=lambda t: abs(t.start - tok.idx)).value
    present = tok.tag_ in ("VBZ", "VBP") or any(c.lower_ in ("has", "have") for c in tok.children)
    return published if present and modality == "asserted" else None


def _event_place(tok: Any, places: Sequence[Place], text: str | None = None) -> str | None:
    """Where the trigger's clause says it happened ("in X", "near X"), or None."""
    if not places:
        return None
    lo = min(t.idx for t in tok.subtree)
    hi = max(t.idx + len(t) for t in tok.subtree)
    sent = tok.sent
    return place_for_span(places, lo, hi, sent.start_char, sent.end_char, text=text)


def _recipient_fallback(roles: Roles, sent: Any, index: dict[int, list[str]]) -> Roles:
    """For types that need a recipient: the sentence's other actor, when there is only one."""
    others = {a for i in range(sent.start, sent.end) for a in index.get(i, [])}
    others -= set(roles.source)
    if len(others) == 1:
        return Roles(roles.source, tuple(others), roles.source_words, roles.target_words)
    return roles


def _is_cause(tok: Any, causes: Causes) -> bool:
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


def _natural_cause(sent: Any, causes: Causes) -> bool:
    """Whether a sentence names a disaster, accident or disease (see data/event_causes.yaml)."""
    return any(_is_cause(t, causes) for t in sent)


def _no_attacker(roles: Roles) -> bool:
    """No named attacker: no source, or only generic agents ("residents", "troops")."""
    return all(a.startswith("GEN.") for a in roles.source)


def _context(sent: Any) -> Any:
    """The sentence with the two before it: "explosions tore through an industrial area
    where gas was stored. [...] The blasts killed 50" names its cause a sentence earlier."""
    doc = sent.doc
    start = sent.start
    for _ in range(CAUSE_WINDOW):
        if start == 0 or "\n" in doc[start - 1].text_with_ws:
            break
        start = doc[start - 1].sent.start
    return doc[start:sent.end]


def _cause_subject(tok: Any, causes: Causes) -> bool:
    """"An earthquake hit", "floods killed": the harm's grammatical subject is a cause."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and _is_cause(c, causes)
               for c in tok.children)


@lru_cache(maxsize=1)
def load_causes() -> Causes:
    """The non-political causes of harm from data/event_causes.yaml."""
    data, _ = read_yaml("event_causes.yaml", what="list of non-political causes")
    raw = data or {}
    nouns = frozenset(str(w).lower() for words in (raw.get("causes") or {}).values()
                      for w in words)
    return Causes(nouns, frozenset(str(w).lower() for w in raw.get("verbs") or ()),
                  frozenset(str(w).lower() for w in raw.get("weapon_words") or ()))


def _build(coded: Coded, n: int, analysis: Analysis, coders: Coders,
           index: dict[int, list[str]]) -> Event | None:
    tok = coded.token
    sent = tok.sent
    roles = roles_of(tok, index)
    etype = coders.ontology.types[coded.type]
    if etype.requires_recipient and not roles.target:
        roles = _recipient_fallback(roles, sent, index)
        if not roles.target:
            return None
    if coded.type == "ASSAULT" and (_cause_subject(tok, coders.causes) or (
            (not roles.source and _natural_cause(_context(sent), coders.causes))
            or (_no_attacker(roles) and _natural_cause(sent, coders.causes)))):
        return None
    modality, _ = modality_of(tok)
    mode = coded.mode if coded.mode and etype.mode(coded.mode) else None
    return Event(
        id=f"e{n}", type=coded.type,  # type: ignore[arg-type]
        source=roles.source, target=roles.target, modality=modality,  # type: ignore[arg-type]
        date=_event_date(tok, analysis.times, analysis.published, modality),
        place=_event_place(tok, analysis.places, analysis.text),
        evidence=_evidence(sent), mode=mode,
        cameo=coded.cameo or coders.ontology.plover_to_cameo(coded.type, mode),
        intensity=coders.ontology.intensity(coded.type, mode),
        fatalities=fatalities(sent) if coded.type == "ASSAULT" else None,
        confidence=coded.confidence, coder=coded.coder)


def _scored(event: Event, coders: Coders) -> Event:
    """``event`` with the CAMEO code and intensity its type and mode have in the ontology."""
    return replace(event, cameo=coders.ontology.plover_to_cameo(event.type, event.mode),
                   intensity=coders.ontology.intensity(event.type, event.mode))


def _cue_threat(tok: Any, st: Statement, n: int, analysis: Analysis, coders: Coders,
                index: dict[int, list[str]]) -> Event:
    """THREATEN by the speaker of a quote announcing force ("We will respond with force")."""
    roles = roles_of(tok, index)
    sent = tok.sent
    target = tuple(a for a in roles.target if a != st.speaker)
    return _scored(Event(
        id=f"e{n}", type="THREATEN", source=(st.speaker,) if st.speaker else (),
        target=target, modality="asserted",
        date=st.date or _event_date(tok, analysis.times, analysis.published, "asserted"),
        place=_event_place(tok, analysis.places, analysis.text), evidence=_evidence(sent),
        confidence=CUE_CONFIDENCE, coder=QUOTE_CODER), coders)


def _evidence(sent: Any) -> Span:
    """The sentence as evidence, without the line breaks and spaces around it."""
    text = sent.text
    lead = len(text) - len(text.lstrip())
    body = text.strip()
    return Span(body, sent.start_char + lead, sent.start_char + lead + len(body))


def _reanchored(coded: Coded, cands: Sequence[Candidate], sent: Any, n: int,
                analysis: Analysis, coders: Coders,
                index: dict[int, list[str]]) -> Event | None:
    """A type the model is sure of whose trigger gave no recipient, tried on the sentence's
    other triggers and its root ("Kosovo is sending a platoon to Kuwait, its first
    peacekeeping mission": AID read off "mission", its recipient off "sending")."""
    anchors = [c.token for c in sorted(cands, key=lambda c: _depth(c.token))] + [sent.root]
    for tok in anchors:
        if tok is coded.token:
            continue
        event = _build(replace(coded, token=tok), n, analysis, coders, index)
        if event is not None:
            return event
    return None


def _dedupe(events: list[Event]) -> list[Event]:
    """One event per (sentence, type, source, target): the most confident."""
    best: dict[tuple[Any, ...], Event] = {}
    for e in events:
        key = (e.evidence.start, e.type, e.source, e.target)
        if key not in best or (e.confidence or 0) > (best[key].confidence or 0):
            best[key] = e
    return sorted(best.values(), key=lambda e: (e.evidence.start, -(e.confidence or 0)))


def code_events_with(analysis: Analysis, coders: Coders) -> tuple[Event, ...]:
    """The events of ``analysis`` with the given coders."""
    doc = analysis.parsed
    if doc is None:
        return ()
    sents = list(doc.sents)
    silenced = discarded(sents, coders.discards)
    if silenced is None:
        return ()
    index = token_actors(doc, analysis.actors)
    events: list[Event] = []
    for sent, skip in zip(sents, silenced, strict=True):
        # A discard phrase silences the rules only: the Phoenix list is blunt ("football",
        # "world war two" also occur in political news), and the model, which reads the whole
        # sentence, was trained to give sports and history NONE.
        cands = [] if skip else code_sentence(sent, coders.triggers)
        probs = dict(coders.stat.predict(sent)) if coders.stat is not None else None
        coded_types: set[str] = set()
        for coded in combine(cands, probs, sent):
            event = _build(coded, len(events), analysis, coders, index)
            if event is None and STAT in coded.coder and coders.ontology.types[
                    coded.type].requires_recipient:
                event = _reanchored(coded, cands, sent, len(events), analysis, coders, index)
            if event is None:
                continue
            event = with_speaker(event, coded.token, analysis.statements)
            events.append(event)
            coded_types.add(event.type)
            threat = threat_of(event, coded.token, analysis.statements)
            if threat is not None:
                events.append(_scored(threat, coders))
                coded_types.add("THREATEN")
        for tok, st in cue_threats(sent, analysis.statements, load_threat_cues(), coded_types):
            events.append(_cue_threat(tok, st, len(events), analysis, coders, index))
    kept = _dedupe(events)
    return tuple(replace(e, id=f"e{i}") for i, e in enumerate(kept))


def code_events(analysis: Analysis) -> tuple[Event, ...]:
    """The events of ``analysis`` with the packaged coders."""
    return code_events_with(analysis, default_coders())


@STAGES["events"].register("events.combined.v1")
def make_combined(config: PipelineConfig) -> Callable[[Analysis], tuple[Event, ...]]:
    """Factory: rules + model + combiner (data files load now: errors at start-up)."""
    del config
    coders = default_coders()
    return lambda analysis: code_events_with(analysis, coders)


@STAGES["events"].register(RULES)
def make_rules(config: PipelineConfig) -> Callable[[Analysis], tuple[Event, ...]]:
    """Factory: the rule coder alone (for comparison runs and ``cli.explain``)."""
    del config
    coders = rule_coders()
    return lambda analysis: code_events_with(analysis, coders)


def find_no_events(analysis: Analysis) -> tuple[Event, ...]:
    """Return no events: the empty baseline, kept for comparison runs."""
    del analysis
    return ()


@STAGES["events"].register("events.none.v1")
def make_none(config: PipelineConfig) -> Callable[[Analysis], tuple[Event, ...]]:
    """Factory for the empty baseline."""
    del config
    return find_no_events
