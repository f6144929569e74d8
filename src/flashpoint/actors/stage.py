"""The actors stage: recognise political actors and resolve each mention to one canonical actor.

Recognition (``mentions``) finds KB names, unknown people and organisations, and generic
agents. Resolution, here, reads the words around each mention the way an analyst does:

- titles and nested descriptions before a person ("Turkey's Foreign Ministry spokesman Tanju
  Bilgic"): role ``spokesman``, affiliation the ministry, country TUR; an appositive after it
  ("General X, the head of the Sudanese army's strategic studies centre,") or an "of"-phrase
  ("King Hassan of Morocco") says the same;
- within-document coreference: a surname alone is the full name met elsewhere ("Budanov" ->
  "Kyrylo Budanov"), an acronym is the organisation whose initials it spells;
- a singular title the agent list codes as a body ("Russia's ambassador", "the minister") is
  the story's one named holder of it, before or after the name;
- generic agents with no modifier take the only country their sentence names.

The placeholder ``actors.none.v1`` (no actors) stays registered for comparison runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from typing import Any

from flashpoint.config import PipelineConfig
from flashpoint.model import Actor, Analysis, Span
from flashpoint.nlp import tokens
from flashpoint.registry import STAGES

from .kb import KnowledgeBase, load_kb
from .lexicon import Lexicon, Title, default_lexicon
from .mention import Mention
from .mentions import LOCATIVE, find_mentions, slug, surname_index

#: How far left of a person's name a title or nationality may sit ("the deputy head of the
#: Niger junta's defence council, Colonel X" is the appositive case, handled separately).
TITLE_WINDOW = 8
_STOP = frozenset((",", ".", ";", ":", "(", ")", "\"", "“", "”", "said", "says", "and", "or"))
_STATE_LIKE = ("state", "government")
#: A document's dominant country: the one at least this share of its placed, non-person
#: mentions name, with at least this many mentions.
DOMINANT_SHARE = 0.6
DOMINANT_MIN = 3


def _title_before(doc: Any, start: int, lo: int, lex: Lexicon) -> tuple[Title | None, int]:
    """The longest title ending right before token ``start`` (skipping "former", "acting")."""
    end = start
    while end > lo and doc[end - 1].lower_ in ("former", "acting", "interim", "then"):
        end -= 1
    for n in range(min(lex.max_title_tokens, end - lo), 0, -1):
        text = " ".join(t.lower_ for t in doc[end - n:end]).replace("-", " ")
        title = lex.titles.get(text.rstrip("."))
        if title is not None:
            return title, end - n
    return None, start


#: Words before a title that put the office in the past ("former President X"; "then" and
#: "acting" do not: the office was held when the story's events happened).
_FORMER = frozenset(("former", "ex", "ex-"))


def _state_country(mentions: list[Mention]) -> str | None:
    """The country of the first state or government among ``mentions``."""
    return next((x.country for x in mentions if x.country and x.type in _STATE_LIKE), None)


def _window_left(doc: Any, start: int) -> int:
    sent_start = doc[start].sent.start
    lo = start
    while lo > max(sent_start, start - TITLE_WINDOW) and doc[lo - 1].lower_ not in _STOP:
        lo -= 1
    return lo


def _appositive(doc: Any, end: int) -> tuple[int, int] | None:
    """The token range of ", the ... ," right after a name, if there is one."""
    if end >= len(doc) or doc[end].text != ",":
        return None
    sent_end = doc[end].sent.end
    k = end + 1
    while k < sent_end and doc[k].text not in (",", ";", "."):
        k += 1
    if k - end - 1 > TITLE_WINDOW * 2 or doc[end + 1].lower_ not in ("the", "a", "an", "its"):
        return None
    return end + 1, k


def _appositive_before(doc: Any, lo: int) -> tuple[int, int] | None:
    """The token range of "the ... ," right before a (titled) name, if there is one:
    "The deputy head of the Niger junta's defence council, Colonel X"."""
    if lo == 0 or doc[lo - 1].text != ",":
        return None
    sent_start = doc[lo - 1].sent.start
    k = lo - 1
    while k > sent_start and doc[k - 1].text not in (",", ";", ".", ":"):
        k -= 1
    if lo - 1 - k > TITLE_WINDOW * 2 or doc[k].lower_ not in ("the", "a", "an"):
        return None
    return k, lo - 1


def _context(m: Mention, doc: Any, by_tok: dict[int, Mention], lex: Lexicon) -> Mention:
    """Role, affiliation and country of a person from the words around the name."""
    lo = _window_left(doc, m.start_tok)
    title, at = _title_before(doc, m.start_tok, lo, lex)
    if title is not None and at > lo and doc[at - 1].lower_ in _FORMER:
        # "former Prime Minister Mahathir Mohamad": the text says the office is past, so the
        # person holds none of its state (the KB's roles may run on, Phoenix's open-ended)
        return replace(m, role=f"former {title.text}", affiliation=None,
                       country=m.country or _state_country(
                           [by_tok[k] for k in range(lo, m.start_tok) if k in by_tok]))
    ranges = [(lo, m.start_tok)]
    for app in (_appositive(doc, m.end_tok), _appositive_before(doc, lo)):
        if app is not None:
            ranges.append(app)
    app = _appositive(doc, m.end_tok)
    if title is None and app is not None:
        for k in range(app[1], app[0], -1):
            title, _ = _title_before(doc, k, app[0], lex)
            if title is not None:
                break
    if m.end_tok + 1 < len(doc) and doc[m.end_tok].lower_ == "of":
        ranges.append((m.end_tok + 1, min(m.end_tok + 4, len(doc))))
    # words left of the name count only inside its noun phrase ("Russian President X",
    # "Malaysia's Mahathir"), not a clause that ends there ("The Kremlin's response came as
    # Mrs Clinton ...": the Kremlin is no country of hers)
    name = {t.i for t in doc[m.start_tok:m.end_tok]}
    phrase = {t.i for k in name for t in doc[k].subtree} | {
        t.i for k in name for t in doc[k].ancestors
        if t.i < m.start_tok and t.pos_ in ("NOUN", "PROPN")}
    around = [by_tok[k] for a, b in ranges for k in range(a, b) if k in by_tok
              and (a != lo or k in phrase)]
    bodies = [x for x in around if x.country and x.type not in ("state", "person")]
    country = m.country or _state_country(around) or (bodies[0].country if bodies else None)
    role = m.role or (title.text if title else None)
    # A KB person's affiliation comes from the KB or the title, never a nearby body that may
    # be the object of the sentence ("President Trump's ban ... the Supreme Court").
    nearby = bodies[-1].actor_id if bodies and m.source != "kb" else None
    affiliation = m.affiliation or nearby
    if affiliation is None and country and title is not None:
        sector = lex.sectors.get(title.sector or "")
        body = title.body or (sector.body if sector else None)
        affiliation = f"{country}.{body}" if body else country
    return replace(m, country=country, role=role, affiliation=affiliation)


def _full_name_for(m: Mention, people: list[Mention]) -> Mention | None:
    """The full name a one-word person mention stands for: the nearest full name before it
    whose last word it is ("Budanov" -> "Kyrylo Budanov"), else whose first word it is (family
    name first: "Wang" -> "Wang Quanzhang", "Li" -> "Li Wenzu" until "Li Heping" is named);
    a full name named only after it counts when none is named before."""
    word = m.text.strip().lower()
    for part in (-1, 0):
        hits = [p for p in people if p.text.split()[part].lower() == word]
        before = [p for p in hits if p.start < m.start]
        if before:
            return before[-1]
        if hits:
            return hits[0]
    return None


def _coreference(mentions: list[Mention]) -> list[Mention]:
    """Surnames and acronyms point at the full names met in the same document."""
    people = [m for m in mentions if m.type == "person" and " " in m.text.strip()]
    initials: dict[str, Mention] = {}
    for m in mentions:
        words = [w for w in m.name.split() if w[:1].isupper()]
        if m.source != "agent" and len(words) >= 2:
            initials.setdefault("".join(w[0] for w in words), m)
    out = []
    for m in mentions:
        target = None
        if m.type == "person" and " " not in m.text.strip():
            target = _full_name_for(m, people)  # the document's own full name wins
        elif m.source == "ner" and m.text.isupper() and m.text.isalpha():
            target = initials.get(m.text)
        if target is None or target.actor_id == m.actor_id:
            out.append(m)
            continue
        out.append(replace(m, actor_id=target.actor_id, name=target.name, type=target.type,
                           country=m.country or target.country, kb=target.kb,
                           role=m.role or target.role,
                           affiliation=m.affiliation or target.affiliation))
    return out


def _bare_name_parts(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """One-word names the recogniser left alone that are part of a person's full name named in
    the document ("Wang has since been charged": NER often misses a bare family name). Added
    as mentions so that coreference resolves them; sentence-initial capitals are fine since a
    full name must match, and common words never head a person's name in the same text."""
    parts = {w.lower() for m in mentions if m.type == "person" and " " in m.text.strip()
             for w in (m.text.split()[0], m.text.split()[-1])}
    if not parts:
        return mentions
    covered = {k for m in mentions for k in range(m.start_tok, m.end_tok)}
    extra = [Mention(t.i, t.i + 1, t.idx, t.idx + len(t), t.text, f"P.{slug(t.text)}", t.text,
                     "person", None, "coref")
             for t in tokens(doc) if t.pos_ == "PROPN" and t.i not in covered and t.lower_ in parts
             and not (t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "PROPN")
             and not (t.i > 0 and doc[t.i - 1].pos_ == "PROPN")]
    return sorted([*mentions, *extra], key=lambda m: m.start)


def _dominant_country(mentions: list[Mention]) -> str | None:
    """The country the document is about: the one most of its state-like mentions name, when
    it holds at least :data:`DOMINANT_SHARE` of them and :data:`DOMINANT_MIN` mentions."""
    counts: dict[str, int] = {}
    for m in mentions:
        if m.country and m.type != "person":
            counts[m.country] = counts.get(m.country, 0) + 1
    if not counts:
        return None
    country, n = max(counts.items(), key=lambda kv: kv[1])
    return country if n >= DOMINANT_MIN and n >= DOMINANT_SHARE * sum(counts.values()) else None


def _home_country(mentions: list[Mention], country: str | None) -> list[Mention]:
    """People and generic agents the text places nowhere are taken to be of the country the
    story is about (``country``): news names foreigners with their nationality ("US envoy X",
    "Syrian refugees") and locals without it. Generic agents a sentence places (its only
    state) keep that country: this runs after the sentence rule."""
    if country is None:
        return mentions
    out = []
    for m in mentions:
        placed = m
        if m.type == "person" and not m.country and not m.kb:
            placed = replace(m, country=country)
        elif m.actor_id.startswith("GEN.") and not m.country:
            # Generic agents are coded with the country they act in, as CAMEO and ICEWS do
            # ("militants" in a story about Turkey: Turkish militants).
            placed = replace(m, country=country, actor_id=f"{country}.{m.actor_id[4:]}")
        out.append(placed)
    return out


def _sentence_country(m: Mention, doc: Any, mentions: list[Mention]) -> Mention:
    """A generic agent with no modifier takes the only country its sentence names (a state,
    or a state's body or people: "the Sudanese government accused rebels ... a member of the
    Chadian team said" names two, and the rebels stay unplaced here)."""
    if not m.actor_id.startswith("GEN.") or m.country:
        return m
    sent = doc[m.start_tok].sent
    states = {x.country for x in mentions if x.type != "person" and x.country
              and not x.actor_id.startswith("GEN.")
              and sent.start <= x.start_tok < sent.end}
    if len(states) != 1:
        return m
    (country,) = states
    return replace(m, country=country, actor_id=f"{country}.{m.actor_id[4:]}")


def _home_sector_first(before: list[Mention], placed: list[Mention], dominant: str | None,
                       lex: Lexicon) -> list[Mention]:
    """Rebels, militias, protesters and the opposition (``home_sectors`` in
    data/actor_lexicon.yaml) are of the story's dominant country, not of another state their
    sentence names: the sentence rule's country is undone for them, and the home rule places
    them. With no dominant country the sentence's state stands."""
    if dominant is None:
        return placed
    bodies = {lex.sector_of(s).body for s in lex.home_sectors}
    return [b if p is not b and p.country != dominant and b.actor_id[4:] in bodies else p
            for b, p in zip(before, placed, strict=True)]


def _located_person(m: Mention, doc: Any, by_tok: dict[int, Mention]) -> Mention:
    """A person no dictionary or title places, who is the subject of a clause stating where
    they act ("President Abdelaziz Bouteflicka threatened to institute a curfew in Algiers"):
    of that place's country, as news names locals without a nationality. Only a locative
    phrase counts: the country a person speaks about or against ("called for sanctions
    against Nigeria") says nothing of theirs."""
    if m.type != "person" or m.country or m.kb:
        return m
    tok = doc[m.end_tok - 1]
    if tok.dep_ not in ("nsubj", "nsubjpass"):
        return m
    countries = {by_tok[t.i].country for t in tok.head.subtree
                 if t.i in by_tok and t.dep_ == "pobj" and t.head.lower_ in LOCATIVE
                 and by_tok[t.i].type == "state" and by_tok[t.i].country}
    if len(countries) != 1:
        return m
    return replace(m, country=countries.pop())


#: Determiners that make a title another holder than the story's: "a minister said", "another
#: ambassador", "no judge".
_OTHER_HOLDER = frozenset(("a", "an", "another", "any", "each", "every", "no", "one", "some"))


def _people(mentions: list[Mention]) -> tuple[dict[str, set[tuple[str, ...]]],
                                               dict[str, Mention], dict[str, str | None]]:
    """The story's people, read once: title head word -> (person, *role words) of those
    holding a current office; each person's first mention; each person's country."""
    holders: dict[str, set[tuple[str, ...]]] = {}
    first: dict[str, Mention] = {}
    country: dict[str, str | None] = {}
    for m in mentions:
        if m.type != "person":
            continue
        first.setdefault(m.actor_id, m)
        country[m.actor_id] = country.get(m.actor_id) or m.country
        if m.role and not m.role.startswith("former"):
            words = tuple(m.role.lower().split())
            holders.setdefault(words[-1], set()).add((m.actor_id, *words))
    return holders, first, country


def _title_holders(mentions: list[Mention], doc: Any) -> list[Mention]:
    """A singular title the agent list codes as its body ("Russia's ambassador", "the
    minister", "the judge") is the story's one named holder of that title, before or after the
    name ("A Turkish policeman fatally shot Russia's ambassador to Turkey ... Ambassador Andrei
    Karlov"): the person, not the body, as a reader takes it. Only when one person of the
    story holds a role with that head word, their countries agree, and no determiner makes it
    another holder ("a minister said"). A holder the name alone does not place takes the
    title's country ("Russia's" ambassador)."""
    holders, first, country = _people(mentions)
    if not holders:
        return mentions
    swap: dict[int, str] = {}
    for k, m in enumerate(mentions):
        head = doc[m.end_tok - 1]
        if m.source != "agent" or head.tag_ != "NN" or any(
                c.dep_ == "det" and c.lower_ in _OTHER_HOLDER for c in head.children):
            continue
        # the title's own words, without its state ("Russia's", "Russian"), end the role:
        # "the minister" and "the foreign minister" may be the foreign minister, "the home
        # minister" is not the prime minister
        title = tuple(t.lower_ for t in doc[m.start_tok:m.end_tok]
                      if (t.dep_ in ("compound", "amod", "nmod") and t.text.islower())
                      or t.i == head.i)
        ids = {h[0] for h in holders.get(head.lower_, set()) if h[1:][-len(title):] == title}
        if len(ids) != 1:
            continue
        (person,) = ids
        if m.country and country[person] and m.country != country[person]:
            continue
        swap[k] = person
        country[person] = country[person] or m.country
    if not swap:
        return mentions
    out = []
    for k, m in enumerate(mentions):
        held = m
        if k in swap:
            p = first[swap[k]]
            held = replace(m, actor_id=p.actor_id, name=p.name, type="person", role=p.role,
                           affiliation=p.affiliation, kb=p.kb)
        if held.type == "person" and held.actor_id in country and not held.country:
            held = replace(held, country=country[held.actor_id])
        out.append(held)
    return out


def _person_id(m: Mention) -> Mention:
    if m.source == "ner" and m.type == "person" and m.country:
        return replace(m, actor_id=f"P.{slug(m.name)}")
    return m


def resolve(mentions: list[Mention], doc: Any, lex: Lexicon) -> list[Mention]:
    """Context, coreference and sentence-country rules over the recognised mentions."""
    by_tok = {k: m for m in mentions for k in range(m.start_tok, m.end_tok)}
    out = [_context(m, doc, by_tok, lex) if m.type == "person" else m for m in mentions]
    out = _coreference(_bare_name_parts(doc, out))
    out = [_located_person(m, doc, by_tok) for m in _title_holders(out, doc)]
    placed = [_sentence_country(m, doc, out) for m in out]
    dominant = _dominant_country(placed)
    out = _home_country(_home_sector_first(out, placed, dominant, lex), dominant)
    return [_person_id(m) for m in out]


def build_actors(mentions: list[Mention]) -> tuple[Actor, ...]:
    """Group mentions by actor id into canonical ``Actor`` records (first-seen order)."""
    groups: dict[str, list[Mention]] = {}
    for m in mentions:
        groups.setdefault(m.actor_id, []).append(m)
    actors = []
    for actor_id, ms in groups.items():
        name = max((m.name for m in ms), key=len) if ms[0].type == "person" else ms[0].name
        spans = tuple(dict.fromkeys(Span(m.text, m.start, m.end) for m in ms))
        actors.append(Actor(
            id=actor_id, name=name, type=ms[0].type,
            country=next((m.country for m in ms if m.country), None), mentions=spans,
            affiliation=next((m.affiliation for m in ms if m.affiliation), None),
            role=next((m.role for m in ms if m.role), None),
            kb=next((m.kb for m in ms if m.kb), None)))
    return tuple(actors)


def find_actors_with(analysis: Analysis, kb: KnowledgeBase, lex: Lexicon,
                     surnames: dict[str, tuple[str, ...]] | None = None) -> tuple[Actor, ...]:
    """The actors of ``analysis`` using the given knowledge base and lexicon."""
    doc = analysis.parsed
    mentions = find_mentions(doc, kb, lex, analysis.published, surnames)
    return build_actors(resolve(mentions, doc, lex))


@lru_cache(maxsize=1)
def _default_resources() -> tuple[KnowledgeBase, Lexicon, dict[str, tuple[str, ...]]]:
    kb = load_kb()
    return kb, default_lexicon(), surname_index(kb)


def find_actors(analysis: Analysis) -> tuple[Actor, ...]:
    """The actors of ``analysis`` with the packaged knowledge base and lexicon."""
    return find_actors_with(analysis, *_default_resources())


@STAGES["actors"].register("actors.rules.v1")
def make_rules(config: PipelineConfig) -> Callable[[Analysis], tuple[Actor, ...]]:
    """Factory: loads the KB and lexicon now, so a broken data file fails at start-up."""
    del config
    resources = _default_resources()
    return lambda analysis: find_actors_with(analysis, *resources)


def find_no_actors(analysis: Analysis) -> tuple[Actor, ...]:
    """Return no actors: the baseline placeholder, kept for comparison runs."""
    del analysis
    return ()


@STAGES["actors"].register("actors.none.v1")
def make_none(config: PipelineConfig) -> Callable[[Analysis], tuple[Actor, ...]]:
    """Factory for the empty baseline."""
    del config
    return find_no_actors
