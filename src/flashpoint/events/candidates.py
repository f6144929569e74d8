"""Who may have done it to whom: every actor within reach of an event, described for the ranker.

For each event, every actor within reach of its trigger is a candidate for each role: the
actors of the trigger's sentence (their mentions and resolved back references), those of the
sentences before and after it, the story's authorities for an unnamed doer and its most-named
actors. Each candidate is described by its dependency path to the trigger, voice, position,
kind, whether the rules chose it, whether it spoke the quote, the event's type, what fills
the trigger's own role slots, and how it stands among the other candidates (the nearest
before or after the trigger, the only one, another chosen by the rules). ``ranker`` scores
these features and chooses; ``scripts/train_role_ranker.py`` learns from them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flashpoint.model import Actor, Event, Statement

from .words import word_class

#: Bumped whenever :func:`candidate_features` changes meaning (the ranker artefact records
#: it and refuses to load under another).
FEATURE_VERSION = 7
ROLES = ("source", "target")
#: Dependency steps kept in a path feature (longer paths share their first steps).
MAX_PATH = 4
#: Sentences before the trigger's whose actors are candidates.
PREVIOUS_SENTENCES = 1
#: Sentences after the trigger's whose actors are candidates: a story often names the doer in
#: the sentence after the act ("Adkins was arrested on Friday. Laurel County police said
#: ..."). In the CV outputs of 154 training articles the annotated source of 99 of 868 coded
#: events (target: 85 of 981) was named within 400 characters after the evidence sentence
#: and nowhere in reach before.
NEXT_SENTENCES = 1
#: Event types whose doer a story often leaves unnamed ("Adkins was arrested", "he was
#: charged with murder": by the story's police), and the kinds of actor that may be that doer
#: wherever the story names them. In the same CV outputs the annotated source of 42 coded
#: arrests and charges was the story's police, named out of reach of the trigger.
IMPLICIT_AUTHORITY: dict[str, tuple[str, ...]] = {"COERCE": ("police",), "ACCUSE": ("police",)}
#: Words of a court's act (class ``court_acts`` of data/event_word_classes.yaml, whose note
#: says why): the story's police are not the unnamed doer of an act whose clause holds one.
COURT_ACTS = word_class("court_acts")
#: How many of the story's most-named actors are candidates wherever an event is, and how
#: often the story must name them (mentions and resolved references). In the CV outputs of
#: our 233 training articles the annotated actor of 102 sources and 134 targets was in the
#: story but out of reach of the sentences around the trigger; with them as candidates CV
#: dyad F1 went 0.334 -> 0.336 (GSR target country 0.669 -> 0.663).
PROTAGONISTS = 2
PROTAGONIST_MENTIONS = 3
@dataclass(frozen=True)
class RoleCandidate:
    """One actor that may fill a role of one event, with the token that stands for it."""

    actor: str
    token: int
    features: dict[str, float]
    #: False when the trigger's by-phrase names a doer who is no actor ("was shot dead by his
    #: brother"): the grammar has said who did it, and it is none of the candidates.
    can_source: bool = True


def _path(a: Any, b: Any) -> str:
    """The dependency path from trigger ``a`` up to the common ancestor and down to ``b``."""
    up_a = [a]
    while up_a[-1].head.i != up_a[-1].i and len(up_a) < 30:
        up_a.append(up_a[-1].head)
    anc_a = {t.i: n for n, t in enumerate(up_a)}
    steps_b: list[str] = []
    cur = b
    while cur.i not in anc_a and cur.head.i != cur.i and len(steps_b) < 30:
        steps_b.append(_label(cur))
        cur = cur.head
    if cur.i not in anc_a:
        return "far"
    steps_a = [f"^{_label(t)}" for t in up_a[: anc_a[cur.i]]]
    path = steps_a + [f"v{s}" for s in reversed(steps_b)]
    return "/".join(path[:MAX_PATH]) + ("/+" if len(path) > MAX_PATH else "") or "self"


def _label(tok: Any) -> str:
    if tok.dep_ in ("prep", "agent"):
        return f"{tok.dep_}:{tok.lower_}"
    return str(tok.dep_)


def _passive(tok: Any) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)


def _bucket(n: int, edges: Sequence[int]) -> str:
    for edge in edges:
        if n <= edge:
            return f"<={edge}"
    return f">{edges[-1]}"


def _light_agent(trigger: Any, tok: Any) -> bool:
    """Whether ``tok`` is in the by-phrase of the verb whose passive subject is the trigger
    ("the attack was carried out by a suicide bomber"): the doer of a noun trigger's act.
    Any word of the phrase counts, since the phrase is the actor's whole mention."""
    if trigger.dep_ != "nsubjpass":
        return False
    verb = trigger.head
    node = tok
    for _ in range(4):
        if node.dep_ == "agent" and node.head.i == verb.i:
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


#: Nouns of a person who does an act, heads of a by-phrase the actors stage may not read as an
#: actor: class ``doer_nouns`` of data/event_word_classes.yaml, whose note says why.
DOER_NOUNS = word_class("doer_nouns")


def unnamed_doer(trigger: Any, index: Mapping[int, list[str]]) -> bool:
    """Whether the passive trigger's by-phrase (or that of the verb whose passive subject
    the trigger is) names a person who is no actor: "Police said the man was shot dead by his
    brother" - the brother shot him, not the police."""
    verbs = [trigger, trigger.head] if trigger.dep_ == "nsubjpass" else [trigger]
    for verb in verbs:
        for by in (c for c in verb.children if c.dep_ == "agent"):
            if any(index.get(t.i) for t in by.subtree
                   if not (t.dep_ == "poss" and t.pos_ == "PRON")):
                return False  # an actor named there ("his" alone is the victim's kin)
            return any(o.dep_ == "pobj" and (o.lemma_.lower() in DOER_NOUNS
                                             or o.ent_type_ == "PERSON") for o in by.children)
    return False


#: Nouns that name the doer of a violent or criminal act by what they did: class
#: ``perpetrator_nouns`` of data/event_word_classes.yaml, whose note says why.
PERPETRATOR_NOUNS = word_class("perpetrator_nouns")


def candidate_features(event: Event, trigger: Any, tok: Any, actor: Actor, where: str,
                       reference: str, speaker: str | None) -> dict[str, float]:
    """The features of ``actor`` (standing at token ``tok``) for the roles of ``event``:
    its path to the trigger, voice, side and distance, kind and how often the story names it,
    how it is referred to, and what the rules and the quote say."""
    etype = event.type
    same_sentence = where == "same"
    path = _path(trigger, tok) if same_sentence else f"{where}-sentence"
    kind = "generic" if actor.id.startswith("GEN.") else actor.type
    out = {
        "bias": 1.0, f"path={path}": 1.0, f"path|type={path}|{etype}": 1.0,
        f"kind={kind}": 1.0, f"kind|type={kind}|{etype}": 1.0, f"ref={reference}": 1.0,
        f"voice={'passive' if _passive(trigger) else 'active'}": 1.0,
        f"path|voice={path}|{_passive(trigger)}": 1.0,
        f"side={'before' if tok.i < trigger.i else 'after'}": 1.0,
        f"dist={_bucket(abs(tok.i - trigger.i), (1, 3, 6, 12))}": 1.0,
        f"tpos={trigger.pos_}": 1.0,
    }
    if where == "previous":
        out[f"prev|type={etype}|{kind}"] = 1.0
    elif where in ("next", "story", "main"):
        out[f"{where}|type={etype}|{kind}"] = 1.0
        out[f"{where}|voice={_passive(trigger)}|{etype}"] = 1.0
    if actor.id in event.source:
        out["rule_source"] = 1.0
        out[f"rule_source|type={etype}"] = 1.0
    if actor.id in event.target:
        out["rule_target"] = 1.0
        out[f"rule_target|type={etype}"] = 1.0
    if speaker is not None and actor.id == speaker:
        out["quote_speaker"] = 1.0
    if tok.dep_ == "pobj" and tok.head.dep_ in ("prep", "agent"):
        # the preposition that governs the mention, wherever it hangs: "against Russia" and
        # "by Russia" name a party, "in Cairo" and "from Moscow" mostly a place
        prep = tok.head.lower_
        out[f"pobj_of={prep}"] = 1.0
        out[f"pobj_of|kind={prep}|{kind}"] = 1.0
    if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.i == trigger.i:
        out[f"subj_of_trigger|voice={_passive(trigger)}"] = 1.0
    if _light_agent(trigger, tok):
        out["agent_of_light_verb"] = 1.0
    if tok.lemma_.lower() in PERPETRATOR_NOUNS:
        out["perpetrator"] = 1.0
        out[f"perpetrator|voice={_passive(trigger)}|{etype}"] = 1.0
    salience = _bucket(len(actor.mentions), (1, 2, 4))
    out[f"mentions={salience}"] = 1.0
    out[f"mentions|type={salience}|{etype}"] = 1.0
    if tok.i in range(trigger.sent.start, trigger.sent.end) and tok.i in {
            t.i for t in trigger.subtree}:
        out["in_trigger_subtree"] = 1.0
    return out


def _in_reach(trigger: Any, index: Mapping[int, list[str]], actors: Mapping[str, Actor],
              ) -> dict[str, tuple[int, Any, str]]:
    """Actor -> (order, token, where) for the actors of the trigger's sentence (nearest
    mention), then of the sentences before and after it (first mention)."""
    sent, doc = trigger.sent, trigger.doc
    best: dict[str, tuple[int, Any, str]] = {}
    for i in range(sent.start, sent.end):
        for a in index.get(i, [])[:1]:
            d = abs(i - trigger.i)
            if a in actors and (a not in best or d < best[a][0]):
                best[a] = (d, doc[i], "same")
    around = []
    start, end = sent.start, sent.end
    for _ in range(PREVIOUS_SENTENCES):
        if start == 0:
            break
        prev = doc[start - 1].sent
        around.append((prev, "previous", 10_000))
        start = prev.start
    for _ in range(NEXT_SENTENCES):
        if end >= len(doc):
            break
        nxt = doc[end].sent
        around.append((nxt, "next", 20_000))
        end = nxt.end
    for other, where, base in around:
        for i in range(other.start, other.end):
            for a in index.get(i, [])[:1]:
                if a in actors and a not in best:
                    best[a] = (base + i, doc[i], where)
    return best


def _story_authority(etype: str, trigger: Any, index: Mapping[int, list[str]],
                     actors: Mapping[str, Actor], best: dict[str, tuple[int, Any, str]]) -> None:
    """Add the story's authorities that may be the unnamed doer of an ``etype`` event (its
    police, for an arrest or a charge), wherever the story names them (first mention)."""
    kinds = IMPLICIT_AUTHORITY.get(etype, ())
    if not kinds or any(t.lemma_.lower() in COURT_ACTS for t in trigger.subtree):
        return
    doc = trigger.doc
    for i in sorted(index):
        for a in index[i][:1]:
            if a in actors and a not in best and actors[a].type in kinds:
                best[a] = (30_000 + i, doc[i], "story")


def story_protagonists(index: Mapping[int, list[str]], actors: Mapping[str, Actor],
                       ) -> tuple[tuple[str, int], ...]:
    """The story's protagonists: the ``PROTAGONISTS`` actors it names most often (at least
    ``PROTAGONIST_MENTIONS`` times), each with its first mention's token. A story about one
    leader or one group tells many of its acts far from its name ("... The minister also
    said ..."). Read once per document; ``role_candidates`` adds them when out of reach."""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for i in sorted(index):
        for a in index[i][:1]:
            counts[a] = counts.get(a, 0) + 1
            first.setdefault(a, i)
    top = sorted((a for a in counts if counts[a] >= PROTAGONIST_MENTIONS and a in actors),
                 key=lambda a: (-counts[a], first[a]))[:PROTAGONISTS]
    return tuple((a, first[a]) for a in top)


def role_candidates(event: Event, trigger: Any, index: Mapping[int, list[str]],
                    actors: Mapping[str, Actor], references: Mapping[int, str],
                    statements: Sequence[Statement],
                    protagonists: Sequence[tuple[str, int]]) -> list[RoleCandidate]:
    """Every actor within reach of ``trigger`` (its sentence, the one before and the one
    after), each once, at its mention nearest the trigger; and, out of reach, the story's
    authorities for an unnamed doer and its ``protagonists`` (``story_protagonists``), at
    their first mention."""
    speaker = next((st.speaker for st in statements
                    if st.speaker and st.quote.start <= trigger.idx < st.quote.end), None)
    best = _in_reach(trigger, index, actors)
    _story_authority(event.type, trigger, index, actors, best)
    for a, first in protagonists:
        if a not in best:
            best[a] = (40_000 + first, trigger.doc[first], "main")
    for a in (*event.source, *event.target):
        if a in actors and a not in best:
            best[a] = (10_000, trigger, "same")
    if speaker is not None and speaker in actors and speaker not in best:
        best[speaker] = (10_000, trigger, "previous")  # a long quote's speaker, named far before
    out = []
    doer = unnamed_doer(trigger, index)
    for a, (_, tok, where) in best.items():
        ref = references.get(tok.i, "name")
        out.append(RoleCandidate(a, tok.i, candidate_features(event, trigger, tok, actors[a],
                                                              where, ref, speaker),
                                 can_source=not doer))
    _relative(out, {a: where == "same" for a, (_, _, where) in best.items()}, trigger.i,
              event.type)
    _context(out, trigger, index, {a: tok for a, (_, tok, _) in best.items()},
             {a: where for a, (_, _, where) in best.items()}, event.type)
    _same_country(out, event, actors)
    return out


#: Prepositions whose object is the target's slot when the trigger has no object: "the
#: attack on the town", "the killing of X", "fired at the convoy", "sanctions against Iran".
_OBJECT_PREPOSITIONS = frozenset(("of", "on", "against", "at", "to"))


def _slot(trigger: Any, role: str) -> Any:
    """The word in ``role``'s grammatical slot of the trigger, or None: a verb's subject (its
    by-agent when passive) and its object (its subject when passive), else the object of one
    of ``_OBJECT_PREPOSITIONS``; a noun's possessor."""
    kids = list(trigger.children)
    if role == "source":
        if trigger.pos_ == "NOUN":
            return next((c for c in kids if c.dep_ == "poss"), None)
        agent = next((c for c in kids if c.dep_ == "agent"), None)
        if agent is not None:
            return next((c for c in agent.children if c.dep_ == "pobj"), None)
        return next((c for c in kids if c.dep_ == "nsubj"), None)
    found = next((c for c in kids if c.dep_ in ("dobj", "nsubjpass")), None)
    if found is None:
        prep = next((c for c in kids if c.dep_ == "prep" and c.lower_ in _OBJECT_PREPOSITIONS),
                    None)
        found = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
    return found


def _slot_state(trigger: Any, role: str, index: Mapping[int, list[str]]) -> str:
    """What fills ``role``'s slot of the trigger: an actor, a pronoun no actor stands for,
    another noun, or nothing. An empty or pronoun slot sends the reader to the sentences
    around ("accused him of ...": who is "him"?); a named one rarely does."""
    slot = _slot(trigger, role)
    if slot is None:
        return "none"
    if any(t.i in index for t in slot.subtree):
        return "actor"
    return "pronoun" if slot.pos_ == "PRON" else "noun"


def _own_dep(tok: Any) -> str:
    """A mention's role in its own sentence, coarsely (for candidates from other sentences:
    the subject of the sentence before is the likeliest referent of an empty slot)."""
    dep = str(tok.dep_)
    if dep in ("nsubj", "nsubjpass"):
        return "subj" if tok.head.dep_ == "ROOT" else "subj_inner"
    if dep in ("dobj", "pobj", "poss"):
        return dep
    if dep in ("compound", "amod", "appos"):
        return "mod"
    return "other"


def _context(cands: Sequence[RoleCandidate], trigger: Any, index: Mapping[int, list[str]],
             tokens: Mapping[str, Any], wheres: Mapping[str, str], etype: str) -> None:
    """Add what fills the trigger's role slots, and, for a candidate from another sentence,
    its role there: the pointwise ranker's view of coreference it was not told about."""
    slots = {role: _slot_state(trigger, role, index) for role in ROLES}
    for c in cands:
        f = c.features
        where = wheres[c.actor]
        for role, state in slots.items():
            f[f"slot_{role}={state}"] = 1.0
            f[f"slot_{role}|where={state}|{where}"] = 1.0
        if where != "same":
            dep = _own_dep(tokens[c.actor])
            f[f"cdep={where}|{dep}"] = 1.0
            f[f"cdep|type={where}|{dep}|{etype}"] = 1.0


def _same_country(cands: Sequence[RoleCandidate], event: Event,
                  actors: Mapping[str, Actor]) -> None:
    """Mark a candidate of the country of an actor the rules chose for a role (not that actor
    itself): "Israel ... the Israeli army" - a state's own forces are rarely its target."""
    for role, ids in (("source", event.source), ("target", event.target)):
        countries = {actors[a].country for a in ids if a in actors and actors[a].country}
        for c in cands:
            country = actors[c.actor].country if c.actor in actors else None
            if country and country in countries and c.actor not in ids:
                c.features[f"country_of_rule_{role}"] = 1.0
                c.features[f"country_of_rule_{role}|{event.type}"] = 1.0


def _relative(cands: Sequence[RoleCandidate], same: Mapping[str, bool], trigger: int,
              etype: str) -> None:
    """Add to each candidate's features how it stands among the others: the nearest of its
    sentence (before, after the trigger), the only one, or beside one the rules or the quote
    chose (a pointwise scorer cannot compare candidates by itself)."""
    near = [c for c in cands if same[c.actor]]
    nearest = min((abs(c.token - trigger) for c in near), default=None)
    before = max((c.token for c in near if c.token < trigger), default=None)
    after = min((c.token for c in near if c.token > trigger), default=None)
    for c in cands:
        f = c.features
        if same[c.actor]:
            if abs(c.token - trigger) == nearest:
                f["nearest"] = 1.0
            if c.token == before:
                f["nearest_before"] = 1.0
                f[f"nearest_before|{etype}"] = 1.0
            if c.token == after:
                f["nearest_after"] = 1.0
                f[f"nearest_after|{etype}"] = 1.0
        f[f"n_cands={min(len(cands), 4)}"] = 1.0
        if len(cands) == 1:
            f["only"] = 1.0
        others = [o.features for o in cands if o is not c]
        for key in ("rule_source", "rule_target"):
            if key not in f and any(key in o for o in others):
                f[f"other_{key}"] = 1.0
        if any("quote_speaker" in o for o in others):
            f["other_speaker"] = 1.0
