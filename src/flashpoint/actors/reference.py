"""Document reference: which actor "he", "they", "the president" or "the ministry" means.

News names an actor once and then refers back: "President Barack Obama said ... The president
urged ...", "Police arrested two men. They were charged ...". The events stage reads source
and target off the words of a sentence, so without this a back reference is nobody. Each
pronoun or definite description that no actor mention covers is resolved to the nearest
*compatible* actor named before it (in the same sentence before it, or in the
:data:`WINDOW` sentences before), the way a reader does it:

- number and kind: "he"/"she" a person, "it"/"its" a state or organisation, "they"/"their" a
  group, an organisation or a state (bodies are plural in British usage);
- gender, when the text gives it: "Mr", "Mrs", "Ms", "Sir", "Lady", "King", "Queen" before a
  person's mention, or the pronouns already resolved to them;
- a description's head noun: "the president" an actor whose title or role says president,
  "the ministry" a government body, "the army" a military one, "the man" a person
  (:data:`DESCRIPTIONS`).

The result is a map from token index to actor id, used beside the actors' own mentions; the
actors' mentions in the output are unchanged (they stay names).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flashpoint.model import Actor
from flashpoint.nlp import sentences, tokens
from flashpoint.nlp import text as doc_text

#: Sentences before a reference searched for its antecedent (a reader's short memory: after
#: three sentences a news writer names the actor again).
WINDOW = 3
#: Sentences searched for the antecedent of a title description ("the president"), which
#: news uses for the story's main figure throughout.
TITLE_WINDOW = 12

PERSON_PRONOUNS: Mapping[str, str | None] = {
    "he": "m", "him": "m", "his": "m", "himself": "m",
    "she": "f", "her": "f", "hers": "f", "herself": "f",
}
BODY_PRONOUNS = frozenset(("it", "its", "itself"))
GROUP_PRONOUNS = frozenset(("they", "them", "their", "theirs", "themselves"))
#: Title words before a person's name that say the person's gender.
GENDER_TITLES: Mapping[str, str] = {
    "mr": "m", "mr.": "m", "sir": "m", "king": "m", "prince": "m", "lord": "m",
    "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f", "miss": "f", "lady": "f", "queen": "f",
    "princess": "f", "madam": "f",
}
#: Actor types a non-person reference may mean.
BODY_TYPES = frozenset(("state", "government", "military", "police", "armed_group", "igo",
                        "ngo", "party", "media", "business", "intelligence", "religious",
                        "other"))
GROUP_TYPES = BODY_TYPES | frozenset(("civilians",))
#: Head nouns of definite descriptions: the actor types they may refer to, and whether the
#: actor's name or role must contain the word ("the president" is a president).
DESCRIPTIONS: Mapping[str, tuple[frozenset[str], bool]] = {
    "president": (frozenset(("person",)), True),
    "minister": (frozenset(("person",)), True),
    "premier": (frozenset(("person",)), True),
    "chancellor": (frozenset(("person",)), True),
    "governor": (frozenset(("person",)), True),
    "mayor": (frozenset(("person",)), True),
    "spokesman": (frozenset(("person",)), True),
    "spokeswoman": (frozenset(("person",)), True),
    "spokesperson": (frozenset(("person",)), True),
    "secretary": (frozenset(("person",)), True),
    "ambassador": (frozenset(("person",)), True),
    "envoy": (frozenset(("person",)), True),
    "general": (frozenset(("person",)), True),
    "commander": (frozenset(("person",)), True),
    "leader": (frozenset(("person",)), False),
    "chief": (frozenset(("person",)), False),
    "official": (frozenset(("person",)), False),
    "man": (frozenset(("person",)), False),
    "woman": (frozenset(("person",)), False),
    "suspect": (frozenset(("person",)), False),
    "judge": (frozenset(("person",)), True),
    "ministry": (frozenset(("government",)), False),
    "department": (frozenset(("government",)), False),
    "government": (frozenset(("government", "state")), False),
    "administration": (frozenset(("government", "state")), False),
    "army": (frozenset(("military",)), False),
    "military": (frozenset(("military",)), False),
    "group": (frozenset(("armed_group", "ngo", "party", "other")), False),
    "militia": (frozenset(("armed_group",)), False),
    "party": (frozenset(("party",)), False),
    "organisation": (frozenset(("ngo", "igo", "armed_group", "other")), False),
    "organization": (frozenset(("ngo", "igo", "armed_group", "other")), False),
    "court": (frozenset(("government", "other")), False),
    "agency": (frozenset(("government", "igo", "intelligence")), False),
    "country": (frozenset(("state",)), False),
    "kingdom": (frozenset(("state",)), False),
    "republic": (frozenset(("state",)), False),
}
_GENDERED = {"man": "m", "woman": "f", "boy": "m", "girl": "f"}
#: Nouns naming a person who is no actor ("two men", "a suspect"): after one, "he" or "they"
#: may mean that person, so an actor named before it is no longer a safe antecedent.
PERSON_NOUNS = frozenset(("man", "woman", "boy", "girl", "suspect", "victim", "person",
                          "teenager", "driver", "child", "student", "resident", "officer",
                          "worker", "passenger", "people", "men", "women"))


@dataclass(frozen=True)
class Reference:
    """A back reference resolved: its token, the actor, and what kind of word it was."""

    token: int
    actor: str
    kind: str


def _genders(actors: Sequence[Actor], doc: Any) -> dict[str, str]:
    """Person id -> "m"/"f" from a gendered title just before any of their mentions."""
    out: dict[str, str] = {}
    text = doc_text(doc)
    for a in actors:
        if a.type != "person":
            continue
        for m in a.mentions:
            before = text[max(0, m.start - 12): m.start].lower().split()
            if before and before[-1] in GENDER_TITLES:
                out[a.id] = GENDER_TITLES[before[-1]]
                break
            first = text[m.start: m.end].lower().split()
            if first and first[0] in GENDER_TITLES:
                out[a.id] = GENDER_TITLES[first[0]]
                break
    return out


#: Singular nouns of one person that the actors stage reads as a generic agent ("the gunman"
#: is an armed group's man, "the officer" the police's): "he" and "she" may mean them.
PERSON_AGENT_NOUNS = frozenset((
    "gunman", "attacker", "assailant", "bomber", "shooter", "suspect", "killer", "officer",
    "soldier", "man", "woman", "boy", "girl", "driver", "policeman", "policewoman", "trooper",
    "sniper", "militant", "fighter", "rebel", "kidnapper", "robber", "victim", "spokesman",
    "spokeswoman", "official", "detective", "deputy", "agent", "guard", "prisoner", "inmate",
    "defendant", "teenager", "protester", "activist", "journalist", "reporter", "lawyer",
    "prosecutor", "judge", "commander", "general", "diplomat", "envoy", "leader"))


def _person_agents(doc: Any, index: Mapping[int, list[str]]) -> frozenset[str]:
    """Generic agents the text names as one person somewhere ("the gunman")."""
    return frozenset(a for tok in tokens(doc) if tok.i in index and tok.tag_ == "NN"
                     and tok.lemma_.lower() in PERSON_AGENT_NOUNS
                     for a in index[tok.i][:1] if a.startswith("GEN."))


def _compatible(word: str, actor: Actor, genders: Mapping[str, str],
                persons: frozenset[str] = frozenset()) -> bool:
    if word in PERSON_PRONOUNS:
        want = PERSON_PRONOUNS[word]
        return (actor.type == "person" or actor.id in persons) and genders.get(
            actor.id, want) == want
    if word in BODY_PRONOUNS:
        return actor.type in BODY_TYPES
    if word in GROUP_PRONOUNS:
        return actor.type in GROUP_TYPES
    return False


def _described(lemma: str, actor: Actor) -> bool:
    types, titled = DESCRIPTIONS[lemma]
    if actor.type not in types:
        return False
    if lemma in _GENDERED:
        return True
    if not titled:
        return True
    words = f"{actor.name} {actor.role or ''}".lower()
    return lemma in words


def _is_description(tok: Any) -> bool:
    """"the president", "the ministry": a definite noun phrase headed by a known noun."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in DESCRIPTIONS:
        return False
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children)


def _generic(ids: Sequence[str], by_id: Mapping[str, Actor]) -> bool:
    """Only a generic agent or a state's body stands for the token ("the president" read as
    a government): a description a named actor may take over."""
    return all(a.startswith("GEN.") or (a in by_id and by_id[a].type != "person") for a in ids)


def _reporter(tok: Any, index: Mapping[int, list[str]], refs: Mapping[int, str]) -> str | None:
    """"X said he ...": the subject of the verb that governs the pronoun's clause."""
    head = tok.head
    if tok.dep_ not in ("nsubj", "nsubjpass") or head.dep_ not in ("ccomp", "xcomp", "advcl"):
        return None
    for c in head.head.children:
        if c.dep_ == "nsubj":
            if c.i in refs:
                return refs[c.i]
            ids = index.get(c.i)
            if ids:
                return ids[0]
    return None


def _referring_it(tok: Any) -> bool:
    """"its", or "it" as the subject of an act: not the "it" of "cut it out" or "it is
    likely that"."""
    if tok.lower_ in ("its", "itself"):
        return True
    return tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_ not in (
        "be", "seem", "appear", "take", "remain", "happen", "rain", "snow", "matter")


@dataclass(frozen=True)
class _Seen:
    """An actor mention met so far, with what makes it a likely antecedent."""

    token: int
    actor: str
    sentence: int
    subject: bool
    quoted: bool
    main: bool = False


def _quoted(doc: Any) -> set[int]:
    """Tokens inside double quotes (straight or curly), paragraph by paragraph."""
    inside: set[int] = set()
    open_ = False
    for tok in tokens(doc):
        if "\n" in tok.text:
            open_ = False
        if tok.text in ('"', "“", "”", "''", "``"):
            open_ = tok.text != "”" and (not open_ or tok.text == "“")
            continue
        if open_:
            inside.add(tok.i)
    return inside


def _subject_of(tok: Any) -> Any | None:
    """The verb ``tok`` is the subject of (through its noun phrase), or None."""
    cur = tok
    for _ in range(3):
        if cur.dep_ in ("nsubj", "nsubjpass"):
            return cur.head
        if cur.dep_ not in ("compound", "amod", "poss", "appos", "conj", "flat") or (
                cur.head.i == cur.i):
            return None
        cur = cur.head
    return None


class _Resolver:
    """Walks a document in text order, remembering the actor mentions met so far."""

    def __init__(self, doc: Any, actors: Sequence[Actor], index: Mapping[int, list[str]]):
        self.index = index
        self.by_id = {a.id: a for a in actors}
        self.genders = _genders(actors, doc)
        self.persons = _person_agents(doc, index)
        self.quoted = _quoted(doc)
        self.sent_of = {i: n for n, sent in enumerate(sentences(doc))
                        for i in range(sent.start, sent.end)}
        self.history: list[_Seen] = []
        self.resolved: dict[int, str] = {}

    def seen(self, tok: Any, actor: str) -> None:
        verb = _subject_of(tok)
        self.history.append(_Seen(tok.i, actor, self.sent_of.get(tok.i, 0), verb is not None,
                                  tok.i in self.quoted, verb is not None and verb.dep_ == "ROOT"))

    def description(self, tok: Any) -> str | None:
        lemma = tok.lemma_.lower()
        window = TITLE_WINDOW if DESCRIPTIONS[lemma][1] else WINDOW
        nation = _nationality(tok, self.index, self.by_id)

        def fits(a: str) -> bool:
            actor = self.by_id[a]
            return _described(lemma, actor) and (nation is None
                                                 or actor.country in (None, nation))

        return _nearest(self.history, self.sent_of.get(tok.i, 0), window, fits)

    def pronoun(self, tok: Any) -> str | None:
        low = tok.lower_
        reporter = _reporter(tok, self.index, self.resolved) if low in PERSON_PRONOUNS else None
        if reporter in self.by_id and _compatible(low, self.by_id[reporter], self.genders,
                                                  self.persons):
            found: str | None = reporter
        else:
            blocked = self.blocker(tok, low)
            # "they" are more often troops, police or rebels than a state or a ministry.
            prefer = (lambda a: a.startswith("GEN.")) if low in GROUP_PRONOUNS else None
            found = _nearest([s for s in self.history if s.token > blocked],
                             self.sent_of.get(tok.i, 0), WINDOW,
                             lambda a: _compatible(low, self.by_id[a], self.genders,
                                                   self.persons), prefer)
        if found is not None and PERSON_PRONOUNS.get(low):
            self.genders.setdefault(found, PERSON_PRONOUNS[low] or "")
        return found

    def blocker(self, tok: Any, low: str) -> int:
        """The last token before ``tok`` (in its window) naming people who are no actor:
        "Police arrested two men. They were charged" - "they" are the men, not the police."""
        toks = tokens(tok.doc)
        first = tok.i
        here = self.sent_of.get(tok.i, 0)
        while first > 0 and here - self.sent_of.get(first - 1, 0) <= 1:
            first -= 1
        for i in range(tok.i - 1, first - 1, -1):
            t = toks[i]
            if t.pos_ != "NOUN":
                continue
            lemma = t.lemma_.lower()
            if i in self.index:
                if low in GROUP_PRONOUNS and t.tag_ == "NNS" and lemma in PERSON_NOUNS:
                    return i - 1  # people the story singled out ("two men") are the antecedent
                continue
            if (low in GROUP_PRONOUNS and t.tag_ == "NNS") or (
                    low in PERSON_PRONOUNS and lemma in PERSON_NOUNS and t.tag_ == "NN"):
                return i
        return -1

    def step(self, tok: Any) -> Reference | None:
        """Resolve ``tok`` if it is a back reference; remember any actor it stands for."""
        low = tok.lower_
        found, kind = None, ""
        if _is_description(tok) and (tok.i not in self.index
                                     or _generic(self.index[tok.i], self.by_id)):
            found, kind = self.description(tok), "description"
        elif tok.i not in self.index and tok.pos_ == "PRON" and (
                low in PERSON_PRONOUNS or low in GROUP_PRONOUNS
                or (low in BODY_PRONOUNS and _referring_it(tok))):
            found, kind = self.pronoun(tok), "pronoun"
        if found is not None:
            self.resolved[tok.i] = found
            self.seen(tok, found)
            return Reference(tok.i, found, kind)
        for a in self.index.get(tok.i, [])[:1]:
            self.seen(tok, a)
        return None


def resolve_references(doc: Any, actors: Sequence[Actor], index: Mapping[int, list[str]],
                       ) -> list[Reference]:
    """Back references of ``doc`` resolved to ``actors`` (``index``: token -> actor ids of
    the actors' own mentions, as ``events.roles.token_actors`` builds it). A definite
    description the actors stage read as a generic agent ("the president" -> a government)
    is resolved too, when a named actor it describes is in reach."""
    resolver = _Resolver(doc, actors, index)
    return [ref for tok in tokens(doc) if (ref := resolver.step(tok)) is not None]


def _nationality(tok: Any, index: Mapping[int, list[str]], by_id: Mapping[str, Actor],
                 ) -> str | None:
    """"the Russian president": the country the description's modifier names, if any."""
    for c in tok.children:
        if c.dep_ in ("amod", "compound", "poss") and c.i in index:
            for a in index[c.i]:
                actor = by_id.get(a)
                if actor is not None and actor.country:
                    return actor.country
    return None


def _nearest(history: Sequence[_Seen], here: int, window: int, ok: Any,
             prefer: Any = None) -> str | None:
    """The antecedent a reader picks: the most recent sentence within ``window`` holding an
    actor ``ok`` accepts; in it, the main clause's subject outside quotes first, then another
    subject, then any mention outside quotes, then the rest, the later mention first."""
    by_sentence: dict[int, list[_Seen]] = {}
    for s in history:
        if here - s.sentence <= window:
            by_sentence.setdefault(s.sentence, []).append(s)
    for n in sorted(by_sentence, reverse=True):
        fits = [s for s in by_sentence[n] if ok(s.actor)]
        if fits:
            best = max(fits, key=lambda s: (bool(prefer and prefer(s.actor)), not s.quoted,
                                            s.main, s.subject, s.token))
            return best.actor
    return None
