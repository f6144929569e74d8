"""Who did it to whom, when the rules are not sure: a learned choice among candidate actors.

The rules in ``roles`` read source and target off the parse (subject and object, by-agent,
possessor, "against"-phrase ...), and they are right when the parse is; but passives whose
agent sits in a reporting clause ("the army said hundreds of rebels had been killed"),
implicit agents ("Adkins was arrested": by the police of the story), speakers of quotes and
back references ("he", "the ministry") defeat them. ``candidates`` lists every actor within
reach of the trigger for each role and describes it; here two gradient-boosted tree
ensembles (source, target; scikit-learn's ``HistGradientBoostingClassifier``,
``events.trees``), trained on our annotated articles (``scripts/train_role_ranker.py``),
score the candidates and the best ones take the roles. Trees, because a path counts
differently with each voice, kind and type (cross-validated on 128 articles, dyad F1 0.264
with logistic regressions, 0.276 with the trees and the relative features).

The best candidate takes the role when its calibrated probability reaches :data:`MIN_ROLE`;
a source and a target are never the same actor. When the chosen actor is one of the rules'
coordinated actors ("Jordan and Britain agreed"), all of them are kept: an event lists every
actor of a role, as CAMEO coders list conjuncts (``Event.source`` is a list).

Artefact ``data/events_roles.npz``: two ensembles in the layout of ``events.trees``, their
arrays prefixed ``source.`` and ``target.``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from flashpoint.model import Event

from .candidates import FEATURE_VERSION, ROLES, RoleCandidate
from .trees import ArtefactKind, TreeEnsemble, read_trees, write_trees

ARTEFACT = "events_roles.npz"
ARTEFACT_FORMAT = "flashpoint.events_roles/2"
KIND = ArtefactKind(ARTEFACT, "role ranker artefact", ARTEFACT_FORMAT, FEATURE_VERSION,
                    ROLES, "scripts/train_role_ranker.py")
#: A candidate takes a role at this calibrated probability (below it the role stays empty:
#: a wrong actor in a dyad is worse for an analyst than none). Chosen on our annotated
#: articles by cross-validation (scripts/train_role_ranker.py prints the sweep).
MIN_ROLE = 0.1

#: PLOVER's verbal types, whose act is the speaking itself: inside a quote, the one who
#: speaks it is the source ("'Republicans take care of rich people,' Barkley said": Barkley
#: accuses Republicans), the party the words are about its target. On our 96 training
#: articles the quote's speaker was the annotated source of 26 in-quote events of these types
#: where the ranker chose another actor (3 the other way round); material types (an attack a
#: speaker reports) keep the ranker's choice.
SPEECH_TYPES = frozenset(("ACCUSE", "REJECT", "REQUEST", "SUPPORT", "THREATEN"))


@dataclass(frozen=True, eq=False)
class RoleRanker:
    """Two trained scorers over the same candidate features, one per role."""

    parts: Mapping[str, TreeEnsemble]
    meta: Mapping[str, Any]

    def probabilities(self, role: str, rows: Sequence[Mapping[str, float]],
                      ) -> npt.NDArray[np.float64]:
        """The calibrated probability that each candidate fills ``role``."""
        return self.parts[role].probabilities(rows)

    def probability(self, role: str, features: Mapping[str, float]) -> float:
        """The calibrated probability that one candidate fills ``role``."""
        return float(self.parts[role].probabilities([features])[0])


def role_probabilities(ranker: RoleRanker, groups: Sequence[Sequence[RoleCandidate]],
                       ) -> list[dict[str, list[float]]]:
    """The ranker's probabilities for the candidates of several events, scored in one call
    per role (the trees walk every row at once: one call per event would cost a document
    ten times more)."""
    rows = [c.features for g in groups for c in g]
    flat = {role: ranker.probabilities(role, rows) for role in ROLES}
    out, at = [], 0
    for g in groups:
        out.append({role: [float(p) for p in flat[role][at:at + len(g)]] for role in ROLES})
        at += len(g)
    return out


def choose(event: Event, candidates: Sequence[RoleCandidate], ranker: RoleRanker,
           min_role: float = MIN_ROLE, probs: Mapping[str, Sequence[float]] | None = None,
           ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Source and target of ``event`` from its candidates (see the module docstring);
    ``probs``: their probabilities per role when already computed (``role_probabilities``)."""
    if probs is None:
        probs = role_probabilities(ranker, [candidates])[0]
    scored = {role: sorted(((p, c.actor) for p, c in
                            zip(probs[role], candidates, strict=True)),
                           key=lambda pa: (-pa[0], pa[1])) for role in ROLES}
    chosen: dict[str, str | None] = {"source": None, "target": None}
    # The agent of a light verb whose passive subject is the event noun ("the attack was
    # carried out by a suicide bomber") is its doer by the grammar, as PLOVER codes it; the
    # training articles hold too few such clauses for the ranker to learn it (p = 0.09).
    agent = next((c.actor for c in candidates if c.features.get("agent_of_light_verb")), None)
    if event.type in SPEECH_TYPES:
        # ... unless the grammar named another speaker inside the quote ("Putin publicly
        # blamed me," Clinton said: Putin blamed; quotes.with_speaker left him the source)
        agent = next((c.actor for c in candidates if c.features.get("quote_speaker")
                      and (not event.source or c.actor in event.source)), agent)
    if agent is not None:
        scored["source"] = [(1.0, agent)] + [pa for pa in scored["source"] if pa[1] != agent]
    blocked = {c.actor for c in candidates if not c.can_source}
    scored["source"] = [pa for pa in scored["source"] if pa[1] not in blocked]
    # The more confident role chooses first; the other never takes the same actor.
    order = sorted(ROLES, key=lambda r: -(scored[r][0][0] if scored[r] else 0.0))
    for role in order:
        other = chosen["target" if role == "source" else "source"]
        for p, actor in scored[role]:
            if p >= min_role and actor != other:
                chosen[role] = actor
                break
    source = _with_conjuncts(chosen["source"], event.source)
    # a conjunct of the source ("Russian, Iranian and Syrian troops") is never its target
    return source, tuple(a for a in _with_conjuncts(chosen["target"], event.target)
                         if a not in source)


#: Words that refer back to an event already told ("the attack", "the arrests", "the
#: killing"): determiners and possessives before a noun trigger.
_BACK = frozenset(("the", "this", "that", "these", "those", "its", "their", "his", "her"))


def refers_back(trigger: Any) -> bool:
    """A noun trigger that names an event the story has told already: "the attack", "the
    assassination", "Karlov's killing" (a possessive names the victim, not a new event)."""
    return trigger.pos_ == "NOUN" and any(
        (c.dep_ in ("det", "poss") and c.lower_ in _BACK | {"'s"}) or c.dep_ == "poss"
        for c in trigger.children)


def inherit_roles(events: Sequence[tuple[Event, Any]]) -> list[Event]:
    """Events in text order, a back reference taking the roles of the event it refers to: the
    last earlier event of the same type with both ("Karlov was shot ... The leaders of Turkey
    and Russia said the attack ...": the attack is still the gunman's on Karlov, whoever the
    sentence around it names)."""
    out: list[Event] = []
    for event, trigger in events:
        earlier = [e for e in out if e.type == event.type and e.source and e.target]
        if refers_back(trigger) and earlier:
            out.append(replace(event, source=earlier[-1].source, target=earlier[-1].target))
        else:
            out.append(event)
    return out


def _with_conjuncts(actor: str | None, rule: Sequence[str]) -> tuple[str, ...]:
    if actor is None:
        return ()
    if actor in rule:
        return tuple(rule)
    return (actor,)


def load_role_ranker(path: Path | str | None = None) -> RoleRanker:
    """Read a ranker artefact (default: the packaged one), checking format and versions."""
    parts = read_trees(KIND, path)
    return RoleRanker(parts, parts[ROLES[0]].meta)


def save_role_ranker(path: Path,
                     parts: Mapping[str, tuple[Mapping[str, Any], tuple[float, float]]],
                     meta: Mapping[str, Any]) -> None:
    """Write an artefact deterministically (``events.trees.write_trees``; ``parts``: role ->
    (arrays as ``events.trees.export_hgb`` gives them, Platt ``a, b``))."""
    write_trees(KIND, path, parts, meta)


@lru_cache(maxsize=1)
def packaged_ranker() -> RoleRanker | None:
    """The packaged ranker, or None when none has been trained yet (the rules decide then)."""
    if not resources.files("flashpoint").joinpath("data", ARTEFACT).is_file():
        return None
    return load_role_ranker()
