"""The events stage: PLOVER events with source, target, modality, date, place and evidence.

Proposers read every sentence (``propose``): the rule coder (``rules``: CAMEO-derived
triggers and patterns), the statistical coder (``stat``: a small linear model over parse
features) and quoted speech (``quotes``: force announced by a speaker is a threat). Each
proposal is built into a whole event: source and target (``roles``), modality
(``modality``), a date from the time expression governing its clause, a place, fatalities
(``facts``), intensity and CAMEO code from the ontology.

Then the event filter (``filter``, learned on whole articles where every event is annotated)
gives each proposal the probability that the text states that event, and ``select`` keeps
one event per stated action; the role ranker (``ranker``) then chooses each kept event's
source and target among the actors within reach, back references (``actors.reference``)
included. ``Event.confidence`` is the filter's probability; ``Event.coder`` says
which proposer read it (``events.rules.v1``, ``events.stat.v1``, both joined by ``+``, or
``events.quotes.v1``). Without a trained filter (``events.rules.v1``) the rule coder's
candidates are kept as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from flashpoint.actors import resolve_references
from flashpoint.config import PipelineConfig
from flashpoint.model import Actor, Analysis, Event
from flashpoint.places import dateline_place, story_setting
from flashpoint.registry import STAGES

from .candidates import RoleCandidate, role_candidates, story_protagonists
from .causes import load_causes
from .facts import DEATH_LEMMAS
from .features import DocContext, proposal_features
from .filter import EventFilter, packaged_filter
from .lexicon import load_discards, load_triggers
from .ontology import load_ontology
from .propose import RULES, STAT, Coders, Proposal, SentenceReading, propose
from .quotes import load_threat_cues
from .ranker import (
    RoleRanker,
    choose,
    inherit_roles,
    packaged_ranker,
    role_probabilities,
)
from .roles import Roles, token_actors
from .select import KEEP, KEEP_STEP, select
from .where import MOVEMENT, countries_of, event_place, share_places

#: Threats read off a quote by the codebook's rule (force announced by its speaker) are kept at
#: this probability at least: the rule is precise, and the filter has seen only a handful of
#: them (3 candidates in eval/gold2_train), too few to learn their weight.
QUOTE_MIN_PROBABILITY = 0.6

__all__ = [
    "RULES",
    "STAT",
    "Coders",
    "DocReading",
    "Scored",
    "candidates_for_roles",
    "code_events",
    "code_events_with",
    "default_coders",
    "ranked_roles",
    "read_document",
    "rule_coders",
    "scored_proposals",
]


@lru_cache(maxsize=1)
def rule_coders() -> Coders:
    """The packaged ontology and lexicons (no model), loaded once per process."""
    return Coders(load_ontology(), load_triggers(), load_discards(), None, load_causes(),
                  load_threat_cues())


@lru_cache(maxsize=1)
def default_coders() -> Coders:
    """The packaged ontology, lexicons and statistical coder, loaded once per process."""
    from .stat import load_stat_coder

    return replace(rule_coders(), stat=load_stat_coder())


@dataclass(frozen=True)
class Scored:
    """A proposal with its features and the filter's probability (None without a filter)."""

    proposal: Proposal
    features: dict[str, float]
    probability: float | None


@dataclass(frozen=True)
class DocReading:
    """Everything the stage read in one document: sentences, scored candidates, and the
    token -> actor map (mentions and resolved back references) their roles came from."""

    sentences: list[SentenceReading]
    scored: list[Scored]
    index: dict[int, list[str]]
    references: dict[int, str]
    #: The document's actors by id, and its protagonists (``candidates.story_protagonists``):
    #: read once here, not once per event whose roles are chosen.
    actors: dict[str, Actor]
    protagonists: tuple[tuple[str, int], ...]


def actor_index(analysis: Analysis) -> tuple[dict[int, list[str]], dict[int, str]]:
    """Token index -> actor ids: the actors' own mentions, then the back references ("he",
    "the ministry") resolved to them; and token -> kind of reference."""
    index = token_actors(analysis.parsed, analysis.actors)
    refs: dict[int, str] = {}
    for ref in resolve_references(analysis.parsed, analysis.actors, index):
        index[ref.token] = [ref.actor, *(a for a in index.get(ref.token, []) if a != ref.actor)]
        refs[ref.token] = ref.kind
    return index, refs


def read_document(analysis: Analysis, coders: Coders, event_filter: EventFilter | None,
                  ) -> DocReading:
    """Every candidate event of ``analysis`` with its features and probability (what the
    filter is trained on and what ``cli.explain`` shows)."""
    if analysis.parsed is None:
        return DocReading([], [], {}, {}, {}, ())
    index, refs = actor_index(analysis)
    readings, props = propose(analysis, coders, index)
    ctx = DocContext(analysis.statements, {a.id: a.type for a in analysis.actors},
                     len(readings))
    by_sentence: dict[int, list[Proposal]] = {}
    for p in props:
        by_sentence.setdefault(p.sent_index, []).append(p)
    feats = [proposal_features(p, readings[p.sent_index], by_sentence[p.sent_index], ctx,
                               index) for p in props]
    probs: list[float | None] = ([float(x) for x in event_filter.probabilities(feats)]
                                 if event_filter is not None else [None] * len(props))
    out = []
    for p, f, prob in zip(props, feats, probs, strict=True):
        floor = QUOTE_MIN_PROBABILITY if p.origin == "quote" else 0.0
        out.append(Scored(p, f, None if prob is None else max(prob, floor)))
    actors = {a.id: a for a in analysis.actors}
    return DocReading(readings, out, index, refs, actors, story_protagonists(index, actors))


def scored_proposals(analysis: Analysis, coders: Coders, event_filter: EventFilter | None,
                     ) -> tuple[list[SentenceReading], list[Scored]]:
    """``read_document``'s sentences and scored candidates."""
    reading = read_document(analysis, coders, event_filter)
    return reading.sentences, reading.scored


def candidates_for_roles(s: Scored, analysis: Analysis, reading: DocReading,
                         ) -> list[RoleCandidate]:
    """The actors that may be ``s``'s source or target, with their features."""
    return role_candidates(s.proposal.event, s.proposal.token, reading.index, reading.actors,
                           reading.references, analysis.statements, reading.protagonists)


Dyad = tuple[tuple[str, ...], tuple[str, ...]]


def ranked_roles(s: Scored, analysis: Analysis, reading: DocReading, ranker: RoleRanker,
                 ) -> tuple[Dyad, list[tuple[str, float, float]]]:
    """The source and target the ranker chooses for ``s`` (the grammar's, when it fixed
    them), and every actor it weighed with its source and target probabilities, the most
    probable first (what ``flashpoint explain``
    shows; the stage itself scores a document's events together in ``code_events_with``)."""
    cands = candidates_for_roles(s, analysis, reading)
    (probs,) = role_probabilities(ranker, [cands])
    scores = [(c.actor, round(ps, 3), round(pt, 3)) for c, ps, pt in
              zip(cands, probs["source"], probs["target"], strict=True)]
    event = s.proposal.event
    dyad = ((event.source, event.target) if s.proposal.fixed_roles
            else choose(event, cands, ranker, probs=probs))
    return dyad, sorted(scores, key=lambda r: (-max(r[1], r[2]), r[0]))


def one_toll_per_incident(events: Sequence[tuple[Event, Any]]) -> list[tuple[Event, Any]]:
    """Deaths counted once per incident, not once per event coded from its sentences.

    A sentence that yields several ASSAULT events ("gunmen killed five soldiers and wounded
    police") states one toll: the event read off a word of dying ("killed"), else the most
    confident, keeps ``fatalities``; the others get None. A later sentence that repeats the
    same toll for an ASSAULT between the same actors (or with none named) retells the
    incident (a headline and its lead): its copy goes too. Any sum over the store then counts
    each stated toll once. ``events`` are (event, trigger token) pairs in text order.
    """
    kept: dict[int, tuple[Event, Any]] = {}
    for e, tok in events:
        if e.type != "ASSAULT" or e.fatalities is None:
            continue
        best = kept.get(e.evidence.start)
        if best is None or _toll_rank(e, tok) > _toll_rank(*best):
            kept[e.evidence.start] = (e, tok)
    carriers: list[Event] = []
    for start in sorted(kept):
        e = kept[start][0]
        if not any(c.fatalities == e.fatalities and _same_parties(c, e) for c in carriers):
            carriers.append(e)
    chosen_ids = {id(e) for e in carriers}
    return [(e if e.fatalities is None or id(e) in chosen_ids else replace(e, fatalities=None),
             tok) for e, tok in events]


def folded_journeys(events: Sequence[tuple[Event, Any]]) -> list[tuple[Event, Any]]:
    """A journey told with the act it serves is that one act: "Freeland left for Washington to
    meet her counterparts" is one CONSULT, the meeting (planned: it is still ahead), not a
    visit beside it. An event on a verb of movement (``where.MOVEMENT``) goes when an event of
    the same type stands on its infinitive of purpose. (Means are left alone: "partners should
    use this moment to press for releases" keeps the call made.) ``events`` are (event,
    trigger token) pairs."""
    purposes = {(tok.head.i, e.type) for e, tok in events
                if tok.dep_ == "advcl" and tok.head.i != tok.i
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)}
    return [(e, tok) for e, tok in events
            if not ((tok.i, e.type) in purposes and tok.lemma_.lower() in MOVEMENT)]


def _toll_rank(event: Event, tok: Any) -> tuple[bool, float]:
    return tok.lemma_.lower() in DEATH_LEMMAS, event.confidence or 0.0


def _same_parties(a: Event, b: Event) -> bool:
    return (not a.source or not b.source or bool(set(a.source) & set(b.source))) and (
        not a.target or not b.target or bool(set(a.target) & set(b.target)))


def _dedupe(events: list[Event]) -> list[Event]:
    """One event per (sentence, type, source, target): the most confident.

    The toll survives the merge: when the kept event is the attack verb and the dropped one
    the killing that carried the count ("attacked a base, killing three"), the count moves over.
    """
    best: dict[tuple[Any, ...], Event] = {}
    for e in events:
        key = (e.evidence.start, e.type, e.source, e.target)
        old = best.get(key)
        if old is None:
            best[key] = e
            continue
        win, lose = (e, old) if (e.confidence or 0) > (old.confidence or 0) else (old, e)
        if win.fatalities is None and lose.fatalities is not None:
            win = replace(win, fatalities=lose.fatalities)
        best[key] = win
    return sorted(best.values(), key=lambda e: (e.evidence.start, -(e.confidence or 0)))


def kept_indices(scored: Sequence[Scored], probs: Sequence[float], keep: float = KEEP,
                 step: float = KEEP_STEP, keep_by_type: Mapping[str, float] | None = None,
                 ) -> list[int]:
    """``select`` over scored candidates with probabilities ``probs`` (the stage's own, or
    out-of-fold ones in training): the indices of those that become events."""
    # A speaker's threat read off a quote is the speech act, not another reading of the act it
    # announces ("if they strike us, we will hit back": Araqchi threatens, the attack is
    # conditional): it does not compete with the act's own candidates on the same word.
    return select(scored, probs, [s.proposal.sent_index for s in scored],
                  [-1 - s.proposal.token.i if s.proposal.origin == "quote"
                   else s.proposal.token.i for s in scored], keep=keep, step=step,
                  types=[s.proposal.event.type for s in scored], keep_by_type=keep_by_type)


def chosen(scored: Sequence[Scored]) -> list[Scored]:
    """The proposals that become events: by the filter and ``select`` when there is a filter;
    else the rule coder's own candidates and quoted threats."""
    if not scored:
        return []
    if scored[0].probability is None:
        return [s for s in scored if s.proposal.origin in ("rules", "quote")]
    return [scored[i] for i in kept_indices(scored, [s.probability or 0.0 for s in scored])]


@dataclass(frozen=True)
class StoryPlaces:
    """What every event of one story is placed against: its actors, dateline and setting
    (read once per document; only the events the filter keeps are placed)."""

    actors: Mapping[str, Any]
    dateline: Any
    setting: Any


def story_places(analysis: Analysis) -> StoryPlaces:
    """The story's actors by id, its dateline place and its setting."""
    return StoryPlaces({a.id: a for a in analysis.actors},
                       dateline_place(analysis.places, analysis.text),
                       story_setting(analysis.places))


def place_of(tok: Any, analysis: Analysis, coders: Coders, roles: Roles,
             story: StoryPlaces | None = None) -> str | None:
    """Where the event of ``tok`` happened (``where``): its locative phrase, its own phrase,
    else the story's dateline, else its setting, when no actor of it (``roles``: the
    grammar's) belongs to another country."""
    if not analysis.places:
        return None
    story = story or story_places(analysis)
    return event_place(tok, analysis.places, analysis.text, coders.triggers,
                       countries_of((*roles.source, *roles.target), story.actors),
                       story.dateline, story.setting)


def placed(proposal: Proposal, analysis: Analysis, coders: Coders,
           story: StoryPlaces | None = None) -> Event:
    """The proposal's event with its place, placed by the grammar's roles (the parties the
    trigger's own clause names: on our training articles the ranker's dyads placed 381 of 703
    events right, the grammar's 396). Only kept events are placed: placing every candidate
    before the filter cost a tenth of the stage for events it drops."""
    return replace(proposal.event, place=place_of(proposal.token, analysis, coders,
                                                  proposal.roles, story))


def code_events_with(analysis: Analysis, coders: Coders,
                     event_filter: EventFilter | None = None,
                     ranker: RoleRanker | None = None) -> tuple[Event, ...]:
    """The events of ``analysis`` with the given coders, filter and role ranker."""
    reading = read_document(analysis, coders, event_filter)
    events = []
    kept = chosen(reading.scored)
    if ranker is not None:
        groups = [candidates_for_roles(s, analysis, reading) for s in kept]
        probs = role_probabilities(ranker, groups)
    story = story_places(analysis)
    for n, s in enumerate(kept):
        event = placed(s.proposal, analysis, coders, story)
        if ranker is not None and not s.proposal.fixed_roles:
            source, target = choose(event, groups[n], ranker, probs=probs[n])
            event = replace(event, source=source, target=target)
        if s.probability is not None:
            event = replace(event, confidence=round(s.probability, 3))
        events.append((event, s.proposal.token))
    events.sort(key=lambda et: et[1].i)
    tokens = [tok for _, tok in events]
    told = inherit_roles(events) if ranker is not None else [e for e, _ in events]
    events = list(zip(share_places(told), tokens, strict=True))
    final = _dedupe([e for e, _ in one_toll_per_incident(folded_journeys(events))])
    return tuple(replace(e, id=f"e{i}") for i, e in enumerate(final))


def code_events(analysis: Analysis) -> tuple[Event, ...]:
    """The events of ``analysis`` with the packaged coders, filter and ranker."""
    return code_events_with(analysis, default_coders(), packaged_filter(), packaged_ranker())


@STAGES["events"].register("events.combined.v1")
def make_combined(config: PipelineConfig) -> Callable[[Analysis], tuple[Event, ...]]:
    """Factory: every proposer + the learned filter (data files load now: errors at start-up)."""
    del config
    coders = default_coders()
    event_filter = packaged_filter()
    ranker = packaged_ranker()
    return lambda analysis: code_events_with(analysis, coders, event_filter, ranker)


@STAGES["events"].register(RULES)
def make_rules(config: PipelineConfig) -> Callable[[Analysis], tuple[Event, ...]]:
    """Factory: the rule coder alone (for comparison runs and ``cli.explain``)."""
    del config
    coders = rule_coders()
    return lambda analysis: code_events_with(analysis, coders, None)


def find_no_events(analysis: Analysis) -> tuple[Event, ...]:
    """Return no events: the empty baseline, kept for comparison runs."""
    del analysis
    return ()


@STAGES["events"].register("events.none.v1")
def make_none(config: PipelineConfig) -> Callable[[Analysis], tuple[Event, ...]]:
    """Factory for the empty baseline."""
    del config
    return find_no_events
