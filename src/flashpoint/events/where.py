"""Where an event happened: its trigger's locative phrase, else its own phrase, else the one
place its sentence locates, else the story's dateline or setting.

A sentence often names several places, and only some of them are where *this* act happened:
in "sanctions on Iran after talks in Vienna" the talks are in Vienna and the sanctions are not
anywhere; in "killed in an airstrike in Idlib" the airstrike is in Idlib. So a place counts
for an event only when the parse attaches it to the event's trigger, climbing from the place
to the trigger without passing another verb or another event noun (``talks``, ``airstrike``):

1. ``locative``: through a locative preposition ("in", "near", "at", ...; "to" and the
   object for a visit: "visits Georgia", "a trip to Prague"; "from" for an abduction, a
   release or a withdrawal: "abducted from Edmonton"). A place that only modifies the
   noun the preposition governs comes after them ("bombings at U.S. embassies in Kenya":
   Kenya, not the U.S.), and a place inside an organisation's name counts only when that
   name is itself the locative's object ("arraigned in Bantam Superior Court");
2. ``phrase``: as a modifier of the trigger's phrase, with no preposition on the way ("an Adair
   County shooting", "Winnipeg police arrested", "a Regina teenager is charged"); not a state
   that owns a participant ("shot Russia's ambassador": whose he is, not where);
3. ``sentence``: else the one place its sentence puts anything in (after a locative word),
   when the parse hangs it from another word of the clause ("plans to deploy 45,000 Marines
   to back up the troops in Saudi Arabia"), with the proviso on the actors' countries below;
   not when two places are so named, nor when a dated event owns one;
4. ``dateline``: else the place the story is filed from ("COVINGTON, Ky. (AP) —"), unless one
   of the event's actors belongs to another country (a Washington dateline does not put an
   Iranian strike in Washington);
5. ``setting``: else the town or region the story is set in when it has one (``story_setting``:
   the sub-national place that dominates its literal mentions, the headline and lead counting
   double), when one of the event's actors belongs to its country or none to any. A court
   story from Belfast, a council meeting in Nenagh: its hearings and votes happen there though
   no sentence repeats the name. Not when the event's own sentence names the place of an
   event it is dated by ("sanctions after talks in Vienna"): the story has moved away from
   its setting there.

Only places the text uses literally count: not demonyms ("Syrian army"), metonyms ("Turkey
shelled") or names inside an organisation's ("the Tokyo Stock Exchange"), except as in 1.
Of several places at one step, the most specific wins ("in Rafah, in southern Gaza" ->
Rafah), then the nearest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from flashpoint.model import Actor, Event, Place
from flashpoint.places import EVENT_LOCATIVES, SPECIFICITY, after_locative

from .lexicon import TriggerLexicon
from .words import word_class

#: Acts done to a territory, whose "of", "on" or "against" phrase names where they happen: class
#: ``territorial_acts`` of data/event_word_classes.yaml, whose note says why.
TERRITORIAL = word_class("territorial_acts")
#: Triggers whose destination is where they happen: class ``movement_words`` of
#: data/event_word_classes.yaml, whose note says why.
MOVEMENT = word_class("movement_words")
#: Movement verbs whose "for" phrase is their destination: class ``destination_for_verbs`` of
#: data/event_word_classes.yaml, whose note says why.
DESTINATION_FOR = word_class("destination_for_verbs")
#: Journey nouns: class ``journey_nouns`` of data/event_word_classes.yaml, whose note says why.
JOURNEYS = word_class("journey_nouns")
#: Triggers whose origin is where they happen: class ``origin_verbs`` of
#: data/event_word_classes.yaml, whose note says why.
ORIGIN = word_class("origin_verbs")
#: Prepositions that date one event by another ("sanctions after talks in Vienna"): the
#: other event's place is not this one's.
_TEMPORAL = frozenset(("after", "before", "following", "since", "until", "amid", "despite",
                       "ahead", "during"))
#: Nouns that stand for the place they introduce ("the town of Gorazde", "the capital city of
#: Algiers"): "of" after them is no preposition of the event's.
_SETTINGS = frozenset(("town", "city", "village", "capital", "province", "region", "district",
                       "hometown",
                       "area", "outskirts", "suburb", "suburbs", "camp", "state", "county",
                       "port", "island", "neighbourhood", "neighborhood", "enclave", "border",
                       "sector", "part", "parts", "quarter", "centre", "center",
                       "street", "streets", "heart", "edge", "territory", "soil", "coast",
                       "shores", "waters", "airspace", "skies", "countryside", "north", "south",
                       "east", "west", "northeast", "northwest", "southeast", "southwest"))
#: Place kinds that "on" locates ("on Capitol Hill", "on the Golan Heights", "an attack on
#: Kabul"); "on" before a country names what an act is about ("sanctions on Iran", "talks on
#: Syria"), so wide places are left to the other steps.
_ON_KINDS_MAX = 1  # SPECIFICITY of a city
#: Verbs that only say an event noun took place somewhere: class ``hosting_verbs`` of
#: data/event_word_classes.yaml, whose note says why.
HOSTING = word_class("hosting_verbs")
#: Verbs whose object event happened elsewhere: class ``comment_verbs`` of
#: data/event_word_classes.yaml, whose note says why.
COMMENT = word_class("comment_verbs")
#: Dependencies of a place that modifies a noun ("U.S. embassies", "Syrian army"): the place
#: says whose, not where.
_MODIFIERS = frozenset(("compound", "amod", "nmod", "poss"))
#: Steps climbed from a place to the trigger before giving up (a clause is rarely deeper).
MAX_CLIMB = 8


def _attachment(root: Any, trigger: Any, lexicon: TriggerLexicon,
                on_locates: bool = False) -> str | None:
    """How the place whose head is ``root`` hangs from ``trigger``: ``locative``, ``phrase``,
    ``owned`` (another event owns it: one the trigger is dated by, "after talks in Vienna", or
    one it speaks of, "condemned the bombing of embassies in Kenya") or None
    (another clause owns it, or a non-locative preposition: "sanctions on Iran", "from
    Montreal"). "The town of X" reads
    as X; a noun on the way ("killed in a car bomb explosion in Beirut") passes the place up,
    unless it is an event the trigger is only dated by ("after talks in Vienna").
    ``on_locates``: the place is a town or smaller, which "on" locates (``_ON_KINDS_MAX``)."""
    tok, prep = root, None
    lemma = trigger.lemma_.lower()
    movement = lemma in MOVEMENT
    origin = lemma in ORIGIN
    # "NATO decided at the Madrid summit to invite them": the verb whose infinitive the
    # trigger is shares its locative phrase
    governor = trigger.head.i if trigger.dep_ == "xcomp" and trigger.head.i != trigger.i \
        else trigger.i
    for _ in range(MAX_CLIMB):
        if tok.i == trigger.i or (tok.i == governor and prep is not None):
            return "locative" if prep == "locative" else "phrase" if prep is None else None
        head = tok.head
        if head.i == tok.i:
            return None
        if head.i == trigger.head.i and _hosts(head, trigger) and tok.dep_ == "prep":
            # "the meeting was held in Moscow": the verb whose subject the trigger is
            return "locative" if tok.lower_ in EVENT_LOCATIVES else None
        if _owned_elsewhere(tok, root, trigger, prep is not None, lexicon):
            return "owned"
        if tok.dep_ == "pobj":
            word = head.lower_
            if prep is None and not (word == "of" and head.head.lemma_.lower() in _SETTINGS):
                prep = "locative" if word in EVENT_LOCATIVES or (
                    word == "to" and (movement or head.head.lemma_.lower() in JOURNEYS)) or (
                    word == "from" and origin) or (
                    word == "for" and lemma in DESTINATION_FOR and head.head.i == trigger.i) or (
                    word == "on" and on_locates) or (
                    word in ("of", "on", "against") and lemma in TERRITORIAL
                    and head.head.i == trigger.i and trigger.pos_ == "NOUN") else "other"
        elif tok.dep_ == "dobj" and head.i == trigger.i and prep is None and (movement or origin):
            prep = "locative"
        if head.i not in (trigger.i, governor) and head.pos_ in ("VERB", "AUX") \
                and head.dep_ not in ("aux", "auxpass") and not _hosts(head, trigger):
            return None
        tok = head
    return None


def _owned_elsewhere(tok: Any, root: Any, trigger: Any, below_prep: bool,
                     lexicon: TriggerLexicon) -> bool:
    """Whether the climb from a place (head ``root``) to ``trigger``, now at ``tok``, shows
    the place belongs to another event: one the trigger is dated by ("imposed sanctions on
    Iran after talks in Vienna": Vienna is the talks'), or one a ``COMMENT`` verb speaks of
    ("condemned the bombing of U.S. embassies in Kenya": Kenya is the bombing's).
    ``below_prep``: a preposition was passed on the way up."""
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ in _TEMPORAL:
        return ((head.head.i != trigger.i and _is_event(head.head, lexicon))
                or (below_prep and tok.i != trigger.i and _is_event(tok, lexicon)))
    return (tok.dep_ == "dobj" and head.i == trigger.i and tok.i != root.i
            and trigger.lemma_.lower() in COMMENT and _is_event(tok, lexicon))


def _names_a_site(span: Any) -> bool:
    """Whether the name holding the place ``span`` is itself the object of a locative
    preposition ("in Bantam Superior Court", "at the Anderson County Jail")."""
    head = span.root
    for _ in range(3):
        if head.dep_ == "pobj":
            return head.head.lower_ in EVENT_LOCATIVES
        if head.dep_ not in ("compound", "amod", "nmod"):
            return False
        head = head.head
    return False


def _hosts(verb: Any, trigger: Any) -> bool:
    """Whether ``verb`` only places the noun ``trigger``: it modifies the noun ("a meeting
    held in Moscow") or has it as subject ("the attack was carried out in Kabul")."""
    if trigger.pos_ != "NOUN" or verb.lemma_.lower() not in HOSTING:
        return False
    return ((verb.dep_ in ("acl", "relcl") and verb.head.i == trigger.i)
            or (trigger.dep_ in ("nsubj", "nsubjpass") and trigger.head.i == verb.i))


def _is_event(tok: Any, lexicon: TriggerLexicon) -> bool:
    return tok.pos_ in ("NOUN", "VERB") and bool(lexicon.get(tok.lemma_.lower(), tok.pos_))


def _best(found: Sequence[tuple[Place, int]]) -> Place | None:
    if not found:
        return None
    return min(found, key=lambda pd: (SPECIFICITY.get(pd[0].feature or "", 1), pd[1]))[0]


def _on_the_map(p: Place) -> bool:
    """A place where something can happen: located, and named as a place (not a demonym or a
    metonym: "Russian troops", "Moscow said")."""
    return p.lat is not None and p.use in ("literal", "embedded")


def _steps(trigger: Any, places: Sequence[Place], text: str, lexicon: TriggerLexicon,
           ) -> tuple[dict[str, list[tuple[Place, int]]], bool]:
    """The places of the trigger's sentence by how they hang from it (``locative``,
    ``owner``, ``phrase``; ``sentence``: every one no other event owns), each with its
    distance in tokens; and whether another event (one the trigger is dated by or speaks of)
    owns one of them."""
    sent, doc = trigger.sent, trigger.doc
    steps: dict[str, list[tuple[Place, int]]] = {"locative": [], "owner": [], "phrase": [],
                                                 "sentence": []}
    owned_elsewhere = False
    for p in places:
        if not _on_the_map(p) or not sent.start_char <= p.start < sent.end_char:
            continue
        span = doc.char_span(p.start, p.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        how = _attachment(span.root, trigger, lexicon,
                          SPECIFICITY.get(p.feature or "", 1) <= _ON_KINDS_MAX)
        if p.use == "embedded" and not (how == "locative" and _names_a_site(span)):
            # "arraigned in Bantam Superior Court": the court is where; "the Tokyo Stock
            # Exchange said" names no place of the act
            continue
        far = abs(span.root.i - trigger.i)
        if how == "owned":
            owned_elsewhere = True
            continue
        if how == "phrase" and span.root.dep_ == "poss" \
                and SPECIFICITY.get(p.feature or "", 1) >= SPECIFICITY["country"]:
            # "shot Russia's ambassador to Turkey": a state owning a participant says whose
            # he is, not where he was shot ("Winnipeg's police" still locate an arrest)
            how = None
        if how == "locative" and span.root.dep_ in _MODIFIERS:
            # "bombings at U.S. embassies in Kenya": "U.S." says whose embassies, "in Kenya"
            # where they are
            how = "owner"
        if how is not None:
            steps[how].append((p, far))
        steps["sentence"].append((p, far))  # narrowed to located ones only when needed
    return steps, owned_elsewhere


def _fits(place: Place | None, actor_countries: Sequence[str | None]) -> bool:
    """A fallback place stands for an event none of whose actors belongs to another country."""
    return place is not None and bool(place.country) and all(
        c is None or c == place.country for c in actor_countries)


def _involves(place: Place, actor_countries: Sequence[str | None]) -> bool:
    """The story's setting stands for an event one of whose actors belongs to its country,
    or none of whose actors belongs to any: talks between a town's rebels and a foreign
    army there ("Douma rebels in talks with the Russian military") happen in the town. (A
    dateline asks more, ``_fits``: a story filed from Washington tells of strikes elsewhere.)
    On our training articles this put 11 more events right and gave a place to 29 more
    events their annotators left unplaced."""
    return bool(place.country) and (
        all(c is None for c in actor_countries) or place.country in actor_countries)


def event_place(trigger: Any, places: Sequence[Place], text: str, lexicon: TriggerLexicon,
                actor_countries: Sequence[str | None] = (),
                dateline: Place | None = None, setting: Place | None = None) -> str | None:
    """The id of the place where the event of ``trigger`` happened (see the module docstring),
    or None. ``actor_countries``: the countries of its source and target; ``dateline``: the
    story's dateline place (``dateline_place``); ``setting``: its setting (``story_setting``)."""
    steps, owned_elsewhere = _steps(trigger, places, text, lexicon)
    # then the end of a journey the act is the purpose of, then a "there" pointing back
    chosen = (_best(steps["locative"]) or _best(steps["owner"]) or _best(steps["phrase"])
              or _journey_destination(trigger, places)
              or _there(trigger, places, actor_countries))
    if chosen is not None:
        return chosen.id
    # The one place its sentence puts anything in ("45,000 Marines to the region ... in Saudi
    # Arabia"), when the parse hangs it from another word of the clause.
    if not owned_elsewhere:
        start = trigger.sent.start_char
        located = [p for p, _ in steps["sentence"] if after_locative(text, start, p.start)]
        if len({p.name for p in located}) == 1 and _fits(located[0], actor_countries):
            return located[0].id
    # "escorted out of the city", "clashes in the town": the town the story is set in, even
    # when the story is filed from elsewhere (a Beirut dateline on an Aleppo story)
    if setting is not None and not owned_elsewhere and _names_the_town(trigger) \
            and _fits(setting, actor_countries):
        return setting.id
    # A place of its own sentence that belongs to the event it is dated by ("sanctions after
    # talks in Vienna") says the story has moved: the setting no longer speaks for it.
    if dateline is not None and _fits(dateline, actor_countries):
        return dateline.id
    if setting is not None and not owned_elsewhere and _involves(setting, actor_countries):
        return setting.id
    return None


#: Nouns that, as "the city", refer back to the town a story is set in: class ``settlement_nouns``
#: of data/event_word_classes.yaml, whose note says why.
SETTLEMENTS = word_class("settlement_nouns")
#: Prepositions that locate an act in or out of such a town.
_TOWN_PREPS = frozenset(("in", "inside", "into", "across", "throughout", "near", "around",
                         "of", "from", "outside"))


def _names_the_town(trigger: Any) -> bool:
    """Whether the trigger's own phrase locates it in "the city" or "the town" ("escorted out
    of the city", "fighting in the town") with nothing naming which."""
    for tok in trigger.subtree:
        if tok.lemma_.lower() not in SETTLEMENTS or tok.dep_ != "pobj" \
                or tok.head.lower_ not in _TOWN_PREPS:
            continue
        if any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children) and not any(
                c.dep_ in ("prep", "compound", "appos", "amod") for c in tok.children):
            return True
    return False


def _journey_destination(trigger: Any, places: Sequence[Place]) -> Place | None:
    """The destination of the journey the event is the purpose of: "investigators would fly
    to Ankara to conduct a joint probe", "she left for Washington to meet her counterparts",
    "visited Moscow to hold talks" (the trigger, or the event noun a light verb carries, is
    the to-infinitive of a movement verb)."""
    act = trigger.head if trigger.pos_ == "NOUN" and trigger.dep_ == "dobj" else trigger
    mover = act.head
    if act.dep_ not in ("advcl", "xcomp") or mover.i == act.i \
            or mover.lemma_.lower() not in MOVEMENT \
            or not any(c.dep_ == "aux" and c.lower_ == "to" for c in act.children):
        return None
    ends = [c for c in mover.children if c.dep_ == "dobj" and c.i < act.i]
    for prep in mover.children:
        if prep.dep_ == "prep" and prep.i < act.i and (
                prep.lower_ in ("to", "into") or (prep.lower_ == "for"
                                                  and mover.lemma_.lower() in DESTINATION_FOR)):
            ends += [c for c in prep.children if c.dep_ == "pobj"]
    for end in ends:
        lo, hi = end.left_edge.idx, end.idx + len(end)
        found = [p for p in places if _on_the_map(p) and lo <= p.start < hi]
        if found:
            return found[-1]
    return None


#: Sentences back that "there" may point (the place it stands for is named just before).
THERE_SENTENCES = 2


def _there(trigger: Any, places: Sequence[Place], actor_countries: Sequence[str | None],
           ) -> Place | None:
    """The place a locative "there" of the trigger's clause points back to: the last place
    named before it, in its sentence or the ``THERE_SENTENCES`` before ("Tens of thousands of
    civilians remain in Douma. The rebels there deny they are negotiating ..."), when one of
    the event's actors is of its country or none has one (``_involves``). An existential
    "there" ("there were clashes") points nowhere."""
    sent = trigger.sent
    clause = {trigger.i} | {a.i for a in trigger.ancestors}
    # on the trigger's clause or one above it, or on the subject of one ("the rebels there")
    there = next((t for t in sent if t.lower_ == "there" and t.dep_ == "advmod" and (
        t.head.i in clause or (t.head.dep_ in ("nsubj", "nsubjpass")
                               and t.head.head.i in clause))), None)
    if there is None:
        return None
    start = sent.start
    for _ in range(THERE_SENTENCES):
        if start == 0:
            break
        start = trigger.doc[start - 1].sent.start
    lo = trigger.doc[start].idx
    before = [p for p in places if _on_the_map(p) and lo <= p.start < there.idx]
    last = max(before, key=lambda p: p.start) if before else None
    return last if last is not None and _involves(last, actor_countries) else None


def countries_of(ids: Sequence[str], actors: Mapping[str, Actor]) -> list[str | None]:
    """The countries of the actors ``ids`` (None for an actor of no known country)."""
    return [actors[a].country if a in actors else None for a in ids]


def share_places(events: Sequence[Event]) -> list[Event]:
    """Events in text order, one with no place of its own taking the place of the nearest
    other event that tells the same act: the same type, and the same target (or, with no
    target, the same source). A story names the place once ("the attack in Ankara") and
    tells the act again without it (the headline's "assassinating Russian ambassador")."""
    out = list(events)
    for n, e in enumerate(events):
        if e.place is not None or not (e.target or e.source):
            continue
        same = [m for m, o in enumerate(events)
                if m != n and o.place is not None and o.type == e.type
                and (set(o.target) & set(e.target) if e.target
                     else set(o.source) & set(e.source))]
        if same:
            out[n] = replace(e, place=events[min(same, key=lambda m: abs(m - n))].place)
    return out
