"""Candidate events: everything a coder proposes in a sentence, built but not yet believed.

Three proposers read every sentence: the rule coder (each trigger whose pattern matched), the
statistical coder (each type it gives at least :data:`PROPOSE_STAT_MIN`, anchored on the
trigger nearest the sentence's root) and quotes (force announced by a speaker is a threat).
Each proposal is built into a full ``Event`` (source and target, modality, date,
fatalities), because whether a candidate is a real event depends on all of that: a trigger
with no actor, in a generic present-tense clause, in a byline, is rarely one. Only its place
waits: the stage places the events the filter keeps (``stage.place_of``). The event filter
(``filter``) then scores every proposal and ``select`` keeps one event per stated action.

Two codebook rules stay hard, before any learning: a type that needs a recipient (AID,
COOPERATE, SANCTION) is never proposed without one, and harm with a natural cause (a flood, a
crash) is never an ASSAULT.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from flashpoint.model import Analysis, Event, Span, Statement, TimeExpr
from flashpoint.nlp import sentences, span_text, span_tokens

from .causes import Causes, harm_has_natural_cause
from .facts import fatalities
from .lexicon import REPORTING_VERBS, Discards, Trigger, TriggerLexicon
from .modality import Cue, anchor_governor_cue, modality_of, with_cue
from .ontology import Ontology
from .quotes import (
    CUE_CONFIDENCE,
    FORCE_TYPES,
    QUOTE_CODER,
    Blame,
    ThreatCues,
    blames,
    cue_threats,
    threat_of,
    with_speaker,
)
from .ranker import SPEECH_TYPES
from .roles import Roles, denounced_roles, roles_of
from .rules import Candidate, blocked_tokens, code_sentence, discarded, sentence_triggers

RULES = "events.rules.v1"
STAT = "events.stat.v1"
#: The statistical coder proposes every type it gives at least this probability (the filter
#: decides). Low on purpose: at 0.10 the proposals hold 93% of the gold events the rules miss
#: on our annotated articles, at 0.30 (the model's own coding threshold) 71%.
PROPOSE_STAT_MIN = 0.10
#: Rule candidates of a sentence the model is this sure reports nothing are still proposed
#: (the filter sees ``stat_none``), but only when their rule prior reaches this floor.
MIN_RULE_PRIOR = 0.1


@dataclass(frozen=True)
class Coders:
    """What proposing needs loaded: ontology, lexicons, causes, cues and (optionally) the
    statistical coder."""

    ontology: Ontology
    triggers: TriggerLexicon
    discards: Discards
    stat: Any | None
    causes: Causes
    threat_cues: ThreatCues


@dataclass(frozen=True)
class Proposal:
    """One candidate event: the built event, its trigger and what proposed it."""

    event: Event
    token: Any
    origin: str
    sent_index: int
    roles: Roles
    cues: tuple[Cue, ...] = ()
    prior: float = 0.0
    pattern: bool = False
    stat_p: float = 0.0
    stat_none: float = 0.0
    stat_rank: int = -1
    silenced: bool = False
    #: The trigger's sense was chosen by one of our curated argument patterns ("close" +
    #: "consulate": SANCTION), not by a bare word or a CAMEO row's looser pattern.
    curated: bool = False
    #: Features of how it was proposed, beside those ``features`` reads off the parse: where
    #: a model-only type was anchored (``_anchor_features``).
    extra: dict[str, float] = field(default_factory=dict, compare=False, hash=False)
    #: The grammar decided source and target (a blamed act: "X is responsible for the
    #: attack"); the role ranker leaves them.
    fixed_roles: bool = False


@dataclass(frozen=True)
class SentenceReading:
    """What the proposers read in one sentence, shared by its proposals' features."""

    index: int
    sent: Any
    probs: dict[str, float] | None
    silenced: bool
    rule_types: frozenset[str]


def event_date(tok: Any, times: Sequence[TimeExpr], published: str | None,
               modality: str) -> str | None:
    """The date of the time expression in the trigger's clause; else the publication date for
    a present-tense report; else None (never a guess)."""
    first, last = tok.left_edge, tok.right_edge  # the subtree's ends, without walking it
    lo, hi = first.idx, last.idx + len(last)
    sent = tok.sent
    inside = [t for t in times if lo <= t.start < hi and t.value]
    if not inside:
        in_sent = [t for t in times if sent.start_char <= t.start < sent.end_char and t.value]
        inside = in_sent if len(in_sent) == 1 else []
    if inside:
        return min(inside, key=lambda t: abs(t.start - tok.idx)).value
    present = tok.tag_ in ("VBZ", "VBP") or any(c.lower_ in ("has", "have") for c in tok.children)
    return published if present and modality == "asserted" else None


def evidence_of(sent: Any) -> Span:
    """The sentence as evidence, without the line breaks and spaces around it."""
    text = span_text(sent)
    lead = len(text) - len(text.lstrip())
    body = text.strip()
    return Span(body, sent.start_char + lead, sent.start_char + lead + len(body))


def _recipient_fallback(roles: Roles, sent: Any, index: dict[int, list[str]]) -> Roles:
    """For types that need a recipient: the sentence's other actor, when there is only one."""
    others = {a for i in range(sent.start, sent.end) for a in index.get(i, [])}
    others -= set(roles.source)
    if len(others) == 1:
        return Roles(roles.source, tuple(others), roles.source_words, roles.target_words)
    return roles


def build(tok: Any, etype: str, mode: str | None, cameo: str | None, confidence: float,
          coder: str, analysis: Analysis, coders: Coders, index: dict[int, list[str]],
          ) -> tuple[Event, Roles, tuple[Cue, ...]] | None:
    """The event of type ``etype`` read off trigger ``tok`` (None when a hard rule forbids it)."""
    sent = tok.sent
    kind = coders.ontology.types[etype]
    roles = _roles_with_recipient(tok, kind.requires_recipient, index)
    if roles is None:
        return None
    if etype == "ACCUSE" and tok.pos_ == "NOUN":
        roles = denounced_roles(tok, index, roles)
    if etype == "ASSAULT" and harm_has_natural_cause(tok, roles, coders.causes):
        return None
    modality, cues = modality_of(tok, etype=etype)
    mode = mode if mode and kind.mode(mode) else None
    event = Event(
        id="e0", type=etype,  # type: ignore[arg-type]
        source=roles.source, target=roles.target, modality=modality,  # type: ignore[arg-type]
        date=event_date(tok, analysis.times, analysis.published, modality),
        place=None,  # placed once kept: ``stage.place_of`` with the proposal's roles
        evidence=evidence_of(sent), mode=mode,
        cameo=cameo or coders.ontology.plover_to_cameo(etype, mode),
        intensity=coders.ontology.intensity(etype, mode),
        fatalities=fatalities(sent) if etype == "ASSAULT" else None,
        confidence=round(confidence, 3), coder=coder)
    return event, roles, cues


def _reported_act(tok: Any, etype: str) -> Any:
    """Where the model's event of type ``etype`` anchored on ``tok`` is read: a reporting verb
    ("the Russian ministry will work closely with Hanoi, he said") stands for the clause it
    reports, whose verb gives the act its doer and its time ("will work": planned), unless
    the type is a speech act, which is the speaker's own."""
    if etype in SPEECH_TYPES or tok.lemma_.lower() not in REPORTING_VERBS:
        return tok
    reported = [c for c in tok.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")]
    if not reported and tok.dep_ == "parataxis" and tok.head.pos_ in ("VERB", "AUX"):
        reported = [tok.head]  # "..., he said": the parse hangs the report from the act
    return reported[0] if reported else tok


def _roles_with_recipient(tok: Any, needs_recipient: bool, index: dict[int, list[str]],
                          ) -> Roles | None:
    """The roles of trigger ``tok``; for a type that needs a recipient, with the sentence's
    other actor as fallback target, or None when the sentence gives none."""
    roles = roles_of(tok, index)
    if needs_recipient and not roles.target:
        roles = _recipient_fallback(roles, tok.sent, index)
        if not roles.target:
            return None
    return roles


def _lacks_recipient(c: Candidate, coders: Coders, index: dict[int, list[str]]) -> bool:
    """Whether ``build`` refused candidate ``c`` because its type needs a recipient and the
    sentence gives none."""
    needs = coders.ontology.types[c.type].requires_recipient
    return needs and _roles_with_recipient(c.token, needs, index) is None


def _curated_sense(c: Candidate) -> bool:
    """Whether one of our curated argument patterns chose the candidate's sense."""
    return bool(c.trigger.pattern) and c.trigger.source == "curated"


def _depth(tok: Any) -> int:
    depth = 0
    while tok.head.i != tok.i and depth < 50:
        tok, depth = tok.head, depth + 1
    return depth


def _typed_words(sent: Any, etype: str, lexicon: TriggerLexicon,
                 senses: Mapping[int, Trigger]) -> list[Any]:
    """Words of ``sent`` the lexicon reads as ``etype`` here ("meeting" for CONSULT, "suit" for
    ACCUSE), nearest the root first: the word the model's type is about, whose clause gives
    its modality ("a meeting to be held": planned). A word reads as the type its context
    matched (``senses``: the rule coder's match, blockers included), else as its bare word's:
    "said" is no AGREE word because some CAMEO pattern of "say" codes AGREE."""
    found = []
    for tok in span_tokens(sent):
        pos = "VERB" if tok.pos_ in ("VERB", "AUX") else "NOUN" if tok.pos_ == "NOUN" else None
        if pos is None:
            continue
        sense = senses.get(tok.i) or lexicon.default(tok.lemma_.lower(), pos)
        if sense is not None and sense.type == etype:
            found.append(tok)
    return sorted(found, key=_depth)


def _anchors(cands: Sequence[Candidate], sent: Any, typed: Sequence[Any] = (),
             speech: bool = False) -> list[Any]:
    """Where a type the rules did not find is read: words the lexicon reads as that type,
    then the rule triggers nearest the root, then the root itself. A speech act (``speech``)
    is read at a root verb before the rule triggers: what a speaker did by speaking is the
    verb's, and an act noun below it is what they spoke of ("Putin described the killing as
    an attempt to damage ties": the ACCUSE is "described", not "killing"). Not a reporting
    verb ("said"): what it reports is read in its clause, negations and all ("said he did
    not attend the meeting" is no refusal said)."""
    seen: set[int] = set()
    out = []
    root = [sent.root] if speech and sent.root.pos_ == "VERB" \
        and sent.root.lemma_.lower() not in REPORTING_VERBS else []
    ordered = [*typed, *root, *(c.token for c in sorted(cands, key=lambda c: _depth(c.token)))]
    for tok in [*ordered, sent.root]:
        if tok.i not in seen:
            seen.add(tok.i)
            out.append(tok)
    return out


def _anchor_features(tok: Any, anchor: Any, typed: Sequence[Any], cands: Sequence[Candidate],
                     etype: str) -> dict[str, float]:
    """Where a model-only reading was anchored (``_anchors``): a word the lexicon reads as its
    type ("talks" for CONSULT), a rule trigger of another type, the sentence's root, or the
    act a reporting verb reports. A sentence about diplomats reads CONSULT to the model
    wherever they are expelled; anchored on no CONSULT word the reading is weaker evidence."""
    if tok.i != anchor.i:
        kind = "reported"
    elif any(t.i == tok.i for t in typed):
        kind = "typed"
    elif any(c.token.i == tok.i for c in cands):
        kind = "trigger"
    else:
        kind = "root"
    return {f"anchor={kind}": 1.0, f"anchor|type={kind}|{etype}": 1.0}


def read_sentences(analysis: Analysis, coders: Coders) -> list[SentenceReading] | None:
    """Each sentence's model probabilities and discard state; None when a story-level discard
    silences the document (sports results, film reviews)."""
    doc = analysis.parsed
    sents = list(sentences(doc))
    silenced = discarded(sents, coders.discards)
    if silenced is None:
        return None
    out = []
    for i, (sent, skip) in enumerate(zip(sents, silenced, strict=True)):
        probs = dict(coders.stat.predict(sent)) if coders.stat is not None else None
        out.append(SentenceReading(i, sent, probs, skip, frozenset()))
    return out


def _stat_info(probs: dict[str, float] | None, etype: str) -> tuple[float, float, int]:
    if probs is None:
        return 0.0, 0.0, -1
    ranked = [k for k, _ in sorted(probs.items(), key=lambda kv: -kv[1]) if k != "NONE"]
    return probs.get(etype, 0.0), probs.get("NONE", 0.0), ranked.index(etype)


def propose_sentence(reading: SentenceReading, analysis: Analysis, coders: Coders,
                     index: dict[int, list[str]]) -> list[Proposal]:
    """Every candidate event of one sentence, built."""
    sent, probs = reading.sent, reading.probs
    # A discard phrase silences the rules only: the Phoenix list is blunt ("football" also
    # occurs in political news); the model reads the whole sentence.
    matched = sentence_triggers(sent, coders.triggers)
    senses = {tok.i: trig for tok, trig in matched}
    blocked = blocked_tokens(sent, coders.triggers, matched)
    cands = [] if reading.silenced else [
        c for c in code_sentence(sent, coders.triggers, matched, blocked)
        if c.prior >= MIN_RULE_PRIOR]
    out: list[Proposal] = []
    best = max((v for k, v in (probs or {}).items() if k != "NONE"), default=0.0)
    # A type the rules found blocks the model's reading of the same type, unless every rule
    # candidate of it failed only for want of a recipient ("pledged aid" with no one to
    # receive it): the model may anchor that type where the sentence names one. A candidate
    # refused for a natural cause (a storm's "killed") still blocks its type.
    rule_types: set[str] = set()
    for c in cands:
        p, none, rank = _stat_info(probs, c.type)
        coder = f"{RULES}+{STAT}" if probs is not None and p >= best else RULES
        built = build(c.token, c.type, c.trigger.mode, c.trigger.cameo, c.prior, coder,
                      analysis, coders, index)
        if built is not None:
            event, roles, cues = built
            out.append(Proposal(event, c.token, "rules", reading.index, roles, cues, c.prior,
                                bool(c.trigger.pattern), p, none, rank, reading.silenced,
                                curated=_curated_sense(c)))
        if built is not None or not _lacks_recipient(c, coders, index):
            rule_types.add(c.type)
    # A word whose sense one of our curated argument patterns chose ("fired critics": COERCE)
    # is read in that sense only: the model's other types do not anchor on it. (The CAMEO
    # rows' patterns are too loose for that: "pleaded guilty to ... a government employee"
    # matches "plead to government", REQUEST.)
    sensed = {c.token.i: c.type for c in cands if _curated_sense(c)}
    for etype, p in sorted((probs or {}).items(), key=lambda kv: -kv[1]):
        if etype == "NONE" or p < PROPOSE_STAT_MIN or etype in rule_types:
            continue
        _, none, rank = _stat_info(probs, etype)
        typed = _typed_words(sent, etype, coders.triggers, senses)
        for anchor in _anchors(cands, sent, typed, etype in SPEECH_TYPES):
            tok = _reported_act(anchor, etype)
            if tok.i in blocked or sensed.get(tok.i, etype) != etype:
                continue
            built = build(tok, etype, None, None, p, STAT, analysis, coders, index)
            if built is not None:
                event, roles, cues = built
                cue = None if tok in typed else anchor_governor_cue(tok)
                if cue is not None:  # "Sentencing is scheduled May 7": still to come
                    modality, cues = with_cue(cues, cue)
                    event = replace(event, modality=modality,  # type: ignore[arg-type]
                                    date=event_date(tok, analysis.times, analysis.published,
                                                    modality))
                out.append(Proposal(event, tok, "stat", reading.index, roles, cues, 0.0, False,
                                    p, none, rank, reading.silenced,
                                    extra=_anchor_features(tok, anchor, typed, cands, etype)))
                break
    found = blames(sent, analysis.statements,
                   lambda lemma: _is_force_noun(coders.triggers, lemma),
                   lambda verb: _subject_actors(verb, index))
    out = [replace(pr, event=with_speaker(pr.event, pr.token, analysis.statements))
           for pr in out]
    out = [_blamed_act(pr, found, index) for pr in out]
    return (out + _threats(out, reading, analysis, coders, index)
            + _blame_accusations(found, reading, analysis, coders, index))


def _blamed_act(pr: Proposal, found: Sequence[Blame], index: dict[int, list[str]]) -> Proposal:
    """The act a party "is responsible for" is that party's, as its blamer reports it ("Russia
    is responsible for the attack," the minister said: Russia's attack, reported), never the
    speaker's."""
    for b in found:
        if pr.token.i not in {t.i for t in b.acts} or pr.event.type not in FORCE_TYPES:
            continue
        party = _party(b, index)
        if not party:
            return pr
        target = tuple(a for a in pr.event.target if a not in party and a != b.speaker)
        modality = "reported" if pr.event.modality == "asserted" else pr.event.modality
        event = replace(pr.event, source=party, target=target, modality=modality)
        return replace(pr, event=event, roles=replace(pr.roles, source=party, target=target),
                       fixed_roles=True)
    return pr


def _threats(props: Sequence[Proposal], reading: SentenceReading, analysis: Analysis,
             coders: Coders, index: dict[int, list[str]]) -> list[Proposal]:
    """Force announced in a quote: a THREATEN by its speaker."""
    out = []
    for pr in props:
        threat = threat_of(pr.event, pr.token, analysis.statements)
        if threat is not None:
            threat = replace(threat, cameo=coders.ontology.plover_to_cameo("THREATEN", None),
                             intensity=coders.ontology.intensity("THREATEN", None))
            out.append(replace(pr, event=threat, origin="quote"))
    coded: set[str] = ({str(pr.event.type) for pr in props if pr.origin == "rules"}
                       | {str(t.event.type) for t in out})
    for tok, st in cue_threats(reading.sent, analysis.statements, coders.threat_cues, coded):
        out.append(_cue_threat(tok, st, reading, analysis, coders, index))
    return out


def _is_force_noun(lexicon: TriggerLexicon, lemma: str) -> bool:
    return any(t.type in FORCE_TYPES for t in lexicon.get(lemma, "NOUN"))


def _subject_actors(verb: Any, index: dict[int, list[str]]) -> list[str]:
    return [a for c in verb.children if c.dep_ == "nsubj" for a in index.get(c.i, [])[:1]]


def _party(blame: Blame, index: dict[int, list[str]]) -> tuple[str, ...]:
    """The actors a blame names ("Russia and Iran are responsible for ...")."""
    return tuple(dict.fromkeys(a for t in blame.party for a in index.get(t.i, [])[:1]))


def _blame_accusations(found: Sequence[Blame], reading: SentenceReading, analysis: Analysis,
                       coders: Coders, index: dict[int, list[str]]) -> list[Proposal]:
    """ACCUSE by whoever says a party "is responsible for" an attack, against that party."""
    out = []
    for b in found:
        target = tuple(a for a in _party(b, index) if a != b.speaker)
        if b.speaker is None or not target:
            continue
        roles = Roles((b.speaker,), target, (), tuple(t.text for t in b.party))
        out.append(_said_event("ACCUSE", b.token, roles.source, target, roles, None, reading,
                               analysis, coders))
    return out


def _cue_threat(tok: Any, st: Statement, reading: SentenceReading, analysis: Analysis,
                coders: Coders, index: dict[int, list[str]]) -> Proposal:
    """THREATEN by the speaker of a quote announcing force ("We will respond with force")."""
    roles = roles_of(tok, index)
    target = tuple(a for a in roles.target if a != st.speaker)
    return _said_event("THREATEN", tok, (st.speaker,) if st.speaker else (), target, roles,
                       st.date, reading, analysis, coders)


def _said_event(etype: str, tok: Any, source: tuple[str, ...], target: tuple[str, ...],
                roles: Roles, date: str | None, reading: SentenceReading, analysis: Analysis,
                coders: Coders) -> Proposal:
    """An event a speaker makes by saying something (a threat announced in a quote, a blame):
    asserted, read at ``tok``; ``roles``: what the grammar gave (the proposal's, and what
    places it); ``date`` when the statement has one, else the clause's."""
    event = Event(
        id="e0", type=etype, source=source, target=target,  # type: ignore[arg-type]
        modality="asserted",
        date=date or event_date(tok, analysis.times, analysis.published, "asserted"),
        place=None,  # placed once kept: ``stage.place_of`` with the proposal's roles
        evidence=evidence_of(tok.sent),
        cameo=coders.ontology.plover_to_cameo(etype, None),
        intensity=coders.ontology.intensity(etype, None),
        confidence=CUE_CONFIDENCE, coder=QUOTE_CODER)
    p, none, rank = _stat_info(reading.probs, etype)
    return Proposal(event, tok, "quote", reading.index, roles, (), CUE_CONFIDENCE, False, p,
                    none, rank, reading.silenced)


def propose(analysis: Analysis, coders: Coders, index: dict[int, list[str]],
            ) -> tuple[list[SentenceReading], list[Proposal]]:
    """Every sentence's reading and every candidate event of the document, in text order."""
    if analysis.parsed is None:
        return [], []
    readings = read_sentences(analysis, coders)
    if readings is None:
        return [], []
    props: list[Proposal] = []
    repeated = repeated_sentences([r.sent for r in readings])
    for reading in readings:
        if reading.index not in repeated:
            props += propose_sentence(reading, analysis, coders, index)
    return readings, props


#: A sentence is a repeat when its words (lower case, punctuation aside) equal a later
#: sentence's and there are at least this many: local news repeats the headline as the first
#: line of the body, and short lines ("Police said.") recur without being one statement.
MIN_REPEAT_WORDS = 4


def repeated_sentences(sents: Sequence[Any]) -> set[int]:
    """Indices of sentences stated again, word for word, later in the document (a headline
    repeated as the body's first sentence): the statement is coded once, on its last copy,
    which has the body's context around it, instead of once per copy."""
    keys = [tuple(t.lower_ for t in span_tokens(s) if not (t.is_punct or t.is_space))
            for s in sents]
    last = {k: i for i, k in enumerate(keys)}
    return {i for i, k in enumerate(keys) if len(k) >= MIN_REPEAT_WORDS and last[k] != i}
