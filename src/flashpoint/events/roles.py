"""Who did it to whom: source and target actors of an event trigger, read off the parse.

Verbs: the subject is the source and the object (or the object of "against", "on", "at",
"with", "to") the target; passives swap them ("was shelled by Russia"); a verb with no subject
of its own inherits its governor's ("Russia plans to deploy troops", "attacked the base,
killing three soldiers"); coordinated subjects and objects are all kept, as lists ("Jordan
and Britain condemned the attack"), except that a joint act with no other object is one dyad
between its coordinated subjects, the first toward the rest ("Jordan and Britain agreed":
Jordan -> Britain; ``JOINT_VERBS``). Nouns: a possessor or nationality is the source
("Russia's strike", "a Turkish strike"), prepositions give the target ("a strike on
Kharkiv"), "between" both ("talks between A and B"), "of" the doer of an act with no patient
("the visit of Daley"; ``AGENT_OF_NOUNS``), and a light verb lends its subject ("Hamas
launched an attack on"). Speech verbs take the target from the reported clause
("X warned that Y would pay" -> X threatens Y).

Tokens are mapped to actors through the actors stage's mention spans, so every id here is an
id of ``Document.actors``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from flashpoint.model import Actor
from flashpoint.nlp import tokens

from .lexicon import REPORTING_VERBS
from .words import word_class

#: Prepositions whose object is the one acted upon: class ``target_preps`` of
#: data/event_word_classes.yaml, whose note says why.
TARGET_PREPS = word_class("target_preps")
#: Verbs that carry a nominal event: class ``light_verbs`` of data/event_word_classes.yaml, whose
#: note says why.
LIGHT_VERBS = word_class("light_verbs")
#: Aspectual and planning verbs whose subject is the doer of the event noun they take, as a light
#: verb's is: class ``aspectual_verbs`` of data/event_word_classes.yaml, whose note says why.
ASPECTUAL_VERBS = word_class("aspectual_verbs")
#: Verbs whose subject receives the event noun they take: class ``receiving_verbs`` of
#: data/event_word_classes.yaml, whose note says why.
RECEIVING_VERBS = word_class("receiving_verbs")
#: Event nouns of acts with no patient, whose "of" phrase is their doer: class ``agent_of_nouns``
#: of data/event_word_classes.yaml, whose note says why.
AGENT_OF_NOUNS = word_class("agent_of_nouns")
#: Verbs of a joint act whose coordinated subject names both sides when nothing else is its
#: object: class ``joint_verbs`` of data/event_word_classes.yaml, whose note says why.
JOINT_VERBS = word_class("joint_verbs")
#: Verbs whose subject turns down the addressed event noun they take: class ``refusing_verbs`` of
#: data/event_word_classes.yaml, whose note says why.
REFUSING_VERBS = word_class("refusing_verbs")
#: Speech-act nouns aimed at someone: class ``addressed_nouns`` of data/event_word_classes.yaml,
#: whose note says why.
ADDRESSED_NOUNS = word_class("addressed_nouns")
#: Verbs of saying whose reported clause holds the target: class ``speech_verbs`` of
#: data/event_word_classes.yaml, whose note says why.
SPEECH_VERBS = word_class("speech_verbs")
#: Participles that with "be" state their subject's own stance, not an act done to it: class
#: ``stative_participles`` of data/event_word_classes.yaml, whose note says why.
STATIVE_PARTICIPLES = word_class("stative_participles")
#: Nouns whose phrase names the accused, and verbs whose subject denounces with them: classes
#: ``denounced_nouns`` and ``denouncing_verbs`` of data/event_word_classes.yaml, whose notes say
#: why.
DENOUNCED_NOUNS = word_class("denounced_nouns")
DENOUNCING_VERBS = word_class("denouncing_verbs") | SPEECH_VERBS | REPORTING_VERBS
#: Modifiers that make a noun of conduct a denunciation ("illicit trade practices"): class
#: ``denouncing_modifiers`` of data/event_word_classes.yaml, whose note says why.
DENOUNCING_MODIFIERS = word_class("denouncing_modifiers")
#: Steps from a denounced noun up to the verb of the one who denounces.
_DENOUNCER_STEPS = 6
_SUBJ = ("nsubj", "csubj")
_PASS_SUBJ = ("nsubjpass", "csubjpass")
_OBJ = ("dobj", "dative", "attr", "oprd")


@dataclass(frozen=True)
class Roles:
    """Source and target actor ids of one trigger, with the words that decided them."""

    source: tuple[str, ...]
    target: tuple[str, ...]
    source_words: tuple[str, ...] = ()
    target_words: tuple[str, ...] = ()


def token_actors(doc: Any, actors: Sequence[Actor]) -> dict[int, list[str]]:
    """Token index -> ids of the actors whose mentions cover that token (most specific first:
    a person before the state named inside the same phrase)."""
    index: dict[int, list[str]] = {}
    starts = {t.idx: t.i for t in tokens(doc)}
    for actor in actors:
        for m in actor.mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            toks = range(span.start, span.end) if span is not None else (
                [starts[m.start]] if m.start in starts else [])
            for i in toks:
                ids = index.setdefault(i, [])
                if actor.id not in ids:
                    ids.append(actor.id)
    return index


def _phrase_actors(tok: Any, index: dict[int, list[str]]) -> list[str]:
    """Actors named by the noun phrase headed by ``tok`` (its head first, then its modifiers,
    then "of"-phrases: "the leader of Hamas")."""
    if tok.i in index:
        return list(index[tok.i]) + _conjoined(tok, index, index[tok.i][0])
    found: list[str] = []
    for child in tok.children:
        if child.dep_ == "poss" and child.pos_ == "PRON":
            continue  # "his brother" is someone of his, not he
        if child.dep_ in ("compound", "amod", "poss", "nmod", "appos") and child.i in index:
            found += [a for a in index[child.i] if a not in found]
    if not found:
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        found += _phrase_actors(obj, index)
    return found


def _same_body(a: str, b: str) -> bool:
    """Two countries' bodies of one kind ("FRA.POL", "ESP.POL")."""
    ca, _, ka = a.partition(".")
    cb, _, kb = b.partition(".")
    return bool(ka) and ka == kb and ca != cb


def _conjoined(tok: Any, index: dict[int, list[str]], head: str) -> list[str]:
    """The other countries' bodies named by coordinated modifiers of the phrase's head
    ("French and Spanish police": the French police beside the Spanish)."""
    out: list[str] = []
    for child in tok.children:
        if child.dep_ in ("amod", "nmod", "compound"):
            for t in _with_conjuncts(child):
                out += [a for a in index.get(t.i, ()) if _same_body(a, head) and a not in out]
    return out


def _with_conjuncts(tok: Any) -> list[Any]:
    out = [tok]
    for child in tok.children:
        if child.dep_ == "conj":
            out += _with_conjuncts(child)
    return out


#: Relative pronouns: in a relative clause they stand for the noun the clause describes.
RELATIVE_PRONOUNS = frozenset(("who", "whom", "which", "that"))


def _antecedent(tok: Any) -> Any:
    """The noun a relative pronoun stands for ("Iran, which had condemned the invasion":
    Iran condemned it); any other token is itself."""
    if tok.lower_ not in RELATIVE_PRONOUNS or tok.tag_ not in ("WDT", "WP"):
        return tok
    verb = tok.head
    for _ in range(4):
        if verb.dep_ != "conj" or verb.head.i == verb.i:
            break
        verb = verb.head
    return verb.head if verb.dep_ in ("relcl", "acl") and verb.head.i != verb.i else tok


def _collect(tokens: Iterable[Any], index: dict[int, list[str]]) -> tuple[list[str], list[str]]:
    ids: list[str] = []
    words: list[str] = []
    for tok in tokens:
        for t in _with_conjuncts(_antecedent(tok)):
            found = _phrase_actors(t, index)
            if found:
                ids += [a for a in found[:1] + [b for b in found[1:] if _same_body(b, found[0])]
                        if a not in ids]
                words.append(t.text)
    return ids, words


def _children(tok: Any, deps: Sequence[str]) -> list[Any]:
    return [c for c in tok.children if c.dep_ in deps]


def _prep_objects(tok: Any, preps: frozenset[str], agent: bool = False) -> list[Any]:
    out = []
    for child in tok.children:
        if (agent and child.dep_ == "agent") or (not agent and child.dep_ == "prep"
                                                 and child.lower_ in preps):
            out += [g for g in child.children if g.dep_ == "pobj"]
    return out


def _subjects(tok: Any) -> list[tuple[list[Any], bool, bool]]:
    """The subjects verb ``tok`` may have, nearest first: its own, then those it inherits
    through xcomp/advcl/conj/ccomp; each with whether its clause is passive and whether it is
    inherited."""
    if _reduced_passive(tok):
        # "a woman stabbed at her home", "Journalist killed in Kabul": the noun a past
        # participle describes is its passive subject; a by-phrase did the act
        return [([tok.head], True, False)]
    out = []
    cur = tok
    # a trigger passive in its own right ("having been sentenced by Stucky", "sentenced by")
    # suffers its inherited subject, whatever the voice of the clause it comes from
    own_passive = any(c.dep_ in ("auxpass", "agent") for c in tok.children)
    for _ in range(4):
        subj = _children(cur, _SUBJ)
        passive = _children(cur, _PASS_SUBJ)
        if subj or passive:
            # an inherited passive subject is the trigger's own doer unless the trigger
            # shares the passive ("was arrested and charged"): "the soldier who was killed
            # while battling ISIS" battled, "was ordered to attack" attacks
            is_passive = ((bool(passive) and not subj and (cur.i == tok.i or tok.tag_ == "VBN"))
                          or (cur.i != tok.i and own_passive))
            out.append(((subj or passive), is_passive, cur.i != tok.i))
        if cur.dep_ not in ("xcomp", "advcl", "conj", "ccomp") or cur.head.i == cur.i:
            break
        cur = cur.head
    return out


def _subject(tok: Any) -> tuple[list[Any], bool]:
    """The subject tokens of verb ``tok`` (inherited through xcomp/advcl/conj), and whether
    the clause is passive."""
    found = _subjects(tok)
    return (found[0][0], found[0][1]) if found else ([], False)


def _reduced_passive(tok: Any) -> bool:
    """Whether verb ``tok`` is a past participle that describes the noun it hangs from, with
    no subject or object of its own (a reduced relative clause, and headline English)."""
    return (tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.i != tok.i
            and tok.head.pos_ in ("NOUN", "PROPN")
            and not _children(tok, (*_SUBJ, *_PASS_SUBJ, *_OBJ)))


def _pronoun_objects(objs: Sequence[Any]) -> bool:
    return any(o.pos_ == "PRON" and o.lower_ not in ("himself", "herself", "itself",
                                                     "themselves") for o in objs)


def verb_roles(tok: Any, index: dict[int, list[str]]) -> Roles:
    """Source and target of a verb trigger.

    An inherited subject that names the same actor as the verb's own pronoun object is the
    wrong clause's subject: "him" is never the subject of its own verb ("as he lay motionless
    and shooting him again": the parse hangs "shooting" from "lay"; the shooter is the
    subject of the clause above)."""
    objs = _children(tok, _OBJ) or _prep_objects(tok, TARGET_PREPS)
    chain = _subjects(tok) or [([], False, False)]
    stative = tok.lemma_.lower() in STATIVE_PARTICIPLES and not _prep_objects(
        tok, frozenset(), agent=True)
    for subj, passive, inherited in chain:
        if passive and not stative:
            agents = _prep_objects(tok, frozenset(), agent=True)
            src, src_w = _collect(agents, index)
            tgt, tgt_w = _collect(subj, index)
        else:
            src, src_w = _collect(subj, index)
            if not src and not inherited:
                src, src_w = _event_subject_doer(subj, index)
            tgt, tgt_w = _collect(objs, index)
        if not (inherited and not passive and _pronoun_objects(objs) and set(src) & set(tgt)):
            break
    else:  # every subject within reach is the object's own referent: the doer is unnamed
        src, src_w = [], []
        tgt, tgt_w = _collect(objs, index)
    if not tgt and tok.lemma_ in SPEECH_VERBS:
        for comp in _children(tok, ("ccomp",)):
            tgt, tgt_w = _collect(_children(comp, _SUBJ + _PASS_SUBJ), index)
    if not tgt and tok.lemma_.lower() in JOINT_VERBS and len(src) > 1:
        src, tgt, src_w, tgt_w = src[:1], src[1:], src_w[:1], src_w[1:]
    return _distinct(src, tgt, src_w, tgt_w)


def _event_subject_doer(subj: Sequence[Any], index: dict[int, list[str]],
                        ) -> tuple[list[str], list[str]]:
    """The doer of an event noun that is a verb's subject ("the attack by rebels killed 12",
    "the bombing claimed by the Islamic State killed 20"): the verb's act is the noun's."""
    for tok in subj:
        if tok.pos_ == "NOUN" and tok.i not in index:
            roles = noun_roles(tok, index)
            if roles.source:
                return list(roles.source), list(roles.source_words)
    return [], []


def _noun_doer(tok: Any, index: dict[int, list[str]]) -> tuple[list[str], list[str]]:
    """The doer named in a noun trigger's own phrase: a possessor or nationality, a "by" or
    "from" phrase, the "of" phrase of an act with no patient, a participle's agent
    ("accusations made by Amir's brother", "an attack carried out by the group")."""
    mods = [c for c in tok.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
    src, src_w = _collect(mods, index)
    if not src:
        src, src_w = _collect(_prep_objects(tok, frozenset(("by", "from"))), index)
    if not src and tok.lemma_.lower() in AGENT_OF_NOUNS:
        src, src_w = _collect(_prep_objects(tok, frozenset(("of",))), index)
    for part in [] if src else _children(tok, ("acl",)):
        src, src_w = _collect(_prep_objects(part, frozenset(), agent=True), index)
        if src:
            break
    return src, src_w


#: Nouns that count or group the events they take in an "of" phrase: class ``quantity_nouns`` of
#: data/event_word_classes.yaml, whose note says why.
QUANTITY_NOUNS = word_class("quantity_nouns")


def event_slot(tok: Any) -> Any:
    """The word whose place in the clause a noun event takes: itself, or the quantity noun
    it follows ("made dozens of requests": "dozens", the object of "made"; two "of" steps
    reach it through the small model's misparse of "dozens of freedom of information
    requests")."""
    cur = tok
    for _ in range(2):
        if cur.dep_ != "pobj" or cur.head.lower_ != "of" or cur.head.head.i == cur.head.i:
            break
        cur = cur.head.head
        if cur.lemma_.lower() in QUANTITY_NOUNS:
            return cur
    return tok


def noun_roles(tok: Any, index: dict[int, list[str]]) -> Roles:
    """Source and target of a noun trigger ("Russia's strike on Kharkiv")."""
    src, src_w = _noun_doer(tok, index)
    tgt, tgt_w = _collect(_prep_objects(tok, TARGET_PREPS), index)
    if not src and not tgt:
        # "talks between lawyers for the relatives and government officials"
        both, both_w = _collect(_prep_objects(tok, frozenset(("between",))), index)
        src, tgt, src_w, tgt_w = both[:1], both[1:], both_w[:1], both_w[1:]
    slot = event_slot(tok)
    verb = slot.head
    if slot.dep_ == "dobj" and (verb.lemma_ in RECEIVING_VERBS or (
            verb.lemma_ in REFUSING_VERBS and tok.lemma_.lower() in ADDRESSED_NOUNS)):
        # "the caravan drew criticism from Trump": the from-phrase acts, the subject receives
        if not src:
            src, src_w = _collect(_prep_objects(verb, frozenset(("from",))), index)
        subj, _ = _subject(verb)
        got, got_w = _collect(subj, index)
        if got:
            tgt, tgt_w = got, got_w
        return _distinct(src, tgt, src_w, tgt_w)
    if not src and slot.dep_ == "nsubjpass" and verb.lemma_ in LIGHT_VERBS:
        # "the attack was carried out by a suicide bomber": the light verb's agent acted.
        src, src_w = _collect(_prep_objects(verb, frozenset(), agent=True), index)
        if not tgt:
            tgt, tgt_w = _collect(_prep_objects(verb, TARGET_PREPS), index)
    if not src and ((slot.dep_ in ("dobj", "nsubjpass") and verb.lemma_ in LIGHT_VERBS)
                    or (slot.dep_ == "dobj" and verb.lemma_.lower() in ASPECTUAL_VERBS)):
        subj, _ = _subject(verb)
        src, src_w = _collect(subj, index)
        if not tgt:
            tgt, tgt_w = _collect(_prep_objects(verb, TARGET_PREPS), index)
    return _distinct(src, tgt, src_w, tgt_w)


def denounced_roles(tok: Any, index: dict[int, list[str]], roles: Roles) -> Roles:
    """Source and target of an accusation told by a noun of ``DENOUNCED_NOUNS`` ("an abuse of
    power by a regime") or a noun of conduct with one of ``DENOUNCING_MODIFIERS`` ("Lighthizer
    said the tariffs respond to China's illicit trade practices"): the noun's own doer is the
    accused, and the subject of the verb of saying above it the accuser. ``roles``: what
    ``roles_of`` read, kept for other nouns and for a side this reading leaves empty (no
    possessor: the clause's target stands)."""
    mods = [m for c in tok.children if c.dep_ == "amod" for m in (c, *c.conjuncts)]
    if tok.lemma_.lower() not in DENOUNCED_NOUNS and not any(
            m.lemma_.lower() in DENOUNCING_MODIFIERS for m in mods):
        return roles  # "Mahathir's legal action" is his own act, not one denounced
    accused, accused_w = _noun_doer(tok, index)
    if not accused:
        accused, accused_w = list(roles.target), list(roles.target_words)
    src: list[str] = []
    src_w: list[str] = []
    cur = tok
    for _ in range(_DENOUNCER_STEPS):
        if cur.head.i == cur.i:
            break
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX") and cur.lemma_.lower() in DENOUNCING_VERBS:
            subj, _ = _subject(cur)
            src, src_w = _collect(subj, index)
            break
    return _distinct(src, accused, src_w, accused_w)


def _distinct(src: list[str], tgt: list[str], src_w: list[str], tgt_w: list[str]) -> Roles:
    target = tuple(a for a in tgt if a not in src)
    return Roles(tuple(src), target, tuple(src_w), tuple(tgt_w))


def _clause_target(tok: Any, index: dict[int, list[str]], roles: Roles) -> Roles:
    """When the direct patterns find no target: the first actor named inside the trigger's
    own phrase or clause, outside its subject, preferring one after the trigger ("provided
    $1.7 billion in assistance to support Syrian refugees in Jordan", "the deployment of
    troops to Liberia"). Actors outside the trigger's subtree are never taken: a sentence's
    other participants are not the recipient of every event in it."""
    head = tok.head if (tok.pos_ in ("NOUN", "PROPN") and tok.head.lemma_ in LIGHT_VERBS
                        and tok.dep_ in ("dobj", "nsubjpass")) else tok
    skip: set[int] = set()
    for child in head.children:
        if child.i != tok.i and (child.dep_ in _SUBJ + _PASS_SUBJ + ("agent",)
                                 or _own_clause(child)):
            skip.update(t.i for t in child.subtree)
    after: list[str] = []
    before: list[str] = []
    for t in head.subtree:
        if t.i in skip or t.i not in index or t.i == tok.i:
            continue
        for a in index[t.i][:1]:
            if a not in roles.source:
                (after if t.i > tok.i else before).append(a)
    found = after or before
    if not found:
        return roles
    return Roles(roles.source, (found[0],), roles.source_words, (found[0],))


def _own_clause(tok: Any) -> bool:
    """A coordinated clause with a subject of its own ("... but authorities have blocked
    lawyers"): another event's words, not this one's recipient. Subordinate clauses stay:
    their actors are often the recipient ("pledged support so that Kyiv can ...")."""
    return tok.dep_ in ("conj", "parataxis") and any(
        c.dep_ in _SUBJ + _PASS_SUBJ for c in tok.children)


def roles_of(tok: Any, index: dict[int, list[str]]) -> Roles:
    """Source and target for trigger token ``tok`` (a verb or a noun)."""
    roles = noun_roles(tok, index) if tok.pos_ in ("NOUN", "PROPN") else verb_roles(tok, index)
    return roles if roles.target else _clause_target(tok, index, roles)
