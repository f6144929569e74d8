"""What the rest of the document says about a quote's speaker: actor, pronoun, channel, date.

- **Actor.** The speaker is the actor (from the actors stage) whose mention covers the head of
  the speaker phrase: in "Vladimir Putin's spokesman" the head is "spokesman", so the speaker
  is not Putin. When the head names a document ("the ministry's statement"), an actor mention
  anywhere in the phrase is the issuer.
- **Pronouns.** "he said" is the best-placed person before it, outside quotes: the subject
  of a main or speech verb in its own or the previous sentence (then the one before), else the
  latest person mentioned. "He" skips mentions marked female and "she" male ones (titles and
  role words only), and a bare title ("the president") becomes the person the document gave
  that role. Persons are actors of type person, PERSON entities, proper-noun subjects the
  actors stage missed, and earlier quotes' speakers; "it"/"they" look for organisations and
  groups the same way. The speaker text is then the antecedent as written.
- **Channel.** The first channel of ``data/quote_cues.yaml`` whose cue phrase occurs in the
  attribution sentence outside quotes (a phrase inside a longer matching phrase of another
  channel gives way: "opening statements" is a speech, not a statement); else "media" when the
  verb is "tell" and its object is the press ("told Reuters", an actor of type media).
- **Date.** The value of a time expression of the times stage that hangs on the cue verb in the
  parse ("said on Tuesday"); a date inside the reported clause ("said the attack happened on
  Monday") is the event's, not the statement's, and is not taken.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache

from flashpoint.model import Actor, Channel, TimeExpr

from .cues import QuoteCues, Referent
from .parse import Parsed

#: spaCy's ENT_IOB codes: 3 begins an entity, 1 continues it.
ENT_BEGIN, ENT_INSIDE = 3, 1
#: spaCy entity labels that can stand for a person or for a group when no actor covers them.
PERSON_LABELS = frozenset({"PERSON"})
GROUP_LABELS = frozenset({"ORG", "NORP", "GPE"})
#: Entity labels that keep a proper-noun subject from being taken for a person's name
#: (the recogniser's CARDINAL on a surname is a misread and does not).
NOT_A_NAME = GROUP_LABELS | frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "LAW",
                                       "EVENT", "PRODUCT", "WORK_OF_ART", "FAC", "LOC"})
#: How many dependency hops a time expression may be from its cue verb ("said on Tuesday":
#: Tuesday -> on -> said is 2 from the expression's last word, 1 from its preposition).
MAX_DATE_HOPS = 3
#: How far back (characters) a pronoun's antecedent may be: four or five news paragraphs.
#: Further back, "he" is more often someone the article has moved on from.
MAX_ANTECEDENT_CHARS = 1500
_FAR = 1 << 62
#: Words of its own (outside quotes) a sentence needs to count as "a sentence before".
MIN_OWN_WORDS = 3
#: How many sentences before a pronoun its best-ranked antecedent is looked for: two, since
#: the parser splits sentences at hard line wraps and "…, said he had …" may be the second.
WINDOW_SENTENCES = 2


@dataclass(frozen=True)
class Mention:
    """A place in the text that names a possible speaker.

    ``rank`` orders antecedents of a pronoun inside its reach: 2 for the subject of a main or
    speech verb (and every quote's speaker), 1 for another subject, 0 for anything else.
    """

    start: int
    end: int
    text: str
    actor: str | None
    kind: Referent  # person or group
    rank: int = 0


class Mentions:
    """Actor mentions and named entities in text order, for linking and pronoun resolution.

    Built once per document; a sentence whose main subject is "he"/"she" adds the resolved
    person at that place, so that a later "he said" follows the chain of subjects rather than
    the last name mentioned in passing.
    """

    def __init__(self, actors: tuple[Actor, ...], p: Parsed,
                 quotes: list[tuple[int, int]]) -> None:
        self.p = p
        self.media = {a.id for a in actors if a.type == "media"}
        self.persons = {a.id for a in actors if a.type == "person"}
        self.surnames = _surnames(actors)
        self.roles: dict[str, set[str]] = {}
        for a in actors:
            for word in (a.role or "").lower().split() if a.type == "person" else ():
                self.roles.setdefault(word, set()).add(a.id)
        ents = _entities(p)
        self.person_words = set(self.surnames) | {
            w.lower() for e in ents if e.label_ in PERSON_LABELS and len(e.text.split()) > 1
            for w in (e.text.split()[0], e.text.split()[-1])}
        found: list[Mention] = []
        for actor in actors:
            found += [Mention(m.start, m.end, m.text, actor.id,
                              "person" if actor.type == "person" or self.titled(m.text)
                              else "group", self._rank(m.end)) for m in actor.mentions]
        covered = sorted((m.start, m.end) for m in found)
        found += [self._entity(e) for e in ents
                  if not _overlaps(covered, e.start_char, e.end_char)]
        found += self._named_subjects(sorted((m.start, m.end) for m in found))
        self._quotes = sorted(quotes)
        self.items = sorted((m for m in found if not self._quoted(m.start)),
                            key=lambda m: (m.start, m.end))
        self._starts = [m.start for m in self.items]
        self._track_subjects()

    def _entity(self, ent: Entity) -> Mention:
        """A named entity no actor covers; an "organisation" named like a person of the
        document ("Vivians" after "Victoria Vivians") is that person."""
        last = ent.text.split()[-1] if ent.text.split() else ""
        person = ent.label_ in PERSON_LABELS or last.lower() in self.person_words
        return Mention(ent.start_char, ent.end_char, ent.text, self.by_surname(last),
                       "person" if person else "group", self._rank(ent.end_char))

    def _named_subjects(self, covered: list[tuple[int, int]]) -> list[Mention]:
        """Names that are subjects but that neither the actors stage nor the entity
        recogniser found ("Yulia had phoned her cousin"): a speaker is often one of them."""
        p, doc = self.p, self.p.doc
        subjects = {p.label("nsubj"), p.label("nsubjpass")}
        compound, propn = p.label("compound"), p.label("PROPN")
        out = []
        for i, dep in enumerate(p.deps):
            if p.pos[i] != propn or p.in_quote[i] or not (
                    dep in subjects or (dep == compound and doc[p.heads[i]].lower_ in p.surface)):
                continue  # the compound case: "Mamo replies" read as a noun phrase
            tok, lo = doc[i], i
            while lo > 0 and p.deps[lo - 1] == compound and p.pos[lo - 1] == propn:
                lo -= 1
            honorific = doc[lo].lower_.rstrip(".") in p.cues.person_nouns
            if tok.ent_type_ in NOT_A_NAME and not honorific:  # "Mr Tubiana" as an ORG
                continue
            start, end = doc[lo].idx, tok.idx + len(tok.text)
            if not _overlaps(covered, start, end):
                text = p.text[start:end]
                out.append(Mention(start, end, text, self.by_surname(text.split()[-1]),
                                   "person", self._rank(end)))
        return out

    def titled(self, text: str) -> bool:
        """Whether a mention ends with a person's title or role ("PA official")."""
        words = text.lower().split()
        return bool(words) and words[-1] in self.p.cues.person_nouns

    def _rank(self, end: int) -> int:
        tok = self.p.doc[self.p.token_at(max(0, end - 1))]
        if tok.dep_ == "compound" and tok.head.lower_ in self.p.surface:
            return 2
        if tok.dep_ not in ("nsubj", "nsubjpass"):
            return 0
        verb = tok.head
        return 2 if verb.dep_ == "ROOT" or self.p.cues.is_cue(verb.lemma_) else 1

    def _track_subjects(self) -> None:
        p = self.p
        subjects = {p.label("nsubj"), p.label("nsubjpass")}
        for i, dep in enumerate(p.deps):
            head = p.heads[i]
            if dep in subjects and p.heads[head] == head and not p.in_quote[i]:
                tok = p.doc[i]
                if p.cues.pronouns.get(tok.lower_) != "person":
                    continue
                found = self.antecedent("person", tok.idx, tok.lower_)
                if found is not None:
                    self.add(Mention(tok.idx, tok.idx + len(tok.text), found.text, found.actor,
                                     "person", 2))

    def _quoted(self, char: int) -> bool:
        k = bisect.bisect_right(self._quotes, (char, _FAR))
        return k > 0 and self._quotes[k - 1][0] <= char < self._quotes[k - 1][1]

    def add(self, mention: Mention) -> None:
        """Record a resolved speaker so that a later pronoun can refer to it."""
        k = bisect.bisect_left(self._starts, mention.start)
        self.items.insert(k, mention)
        self._starts.insert(k, mention.start)

    def covering(self, lo: int, hi: int) -> Mention | None:
        """The actor mention that overlaps chars ``[lo, hi)`` (the longest, if several)."""
        k = bisect.bisect_right(self._starts, hi)
        hits = [m for m in self.items[max(0, k - 40):k]
                if m.actor is not None and m.start < hi and lo < m.end]
        return max(hits, key=lambda m: m.end - m.start) if hits else None

    def antecedent(self, kind: Referent, before: int, pronoun: str = "") -> Mention | None:
        """The mention a pronoun of ``kind`` at char ``before`` refers to: the best-ranked one
        (the latest on a tie) in its own and the previous sentence, else in the two before,
        else the latest within reach. A mention marked for the other gender is skipped ("she"
        is not "Mr Putin's spokesman")."""
        k = bisect.bisect_left(self._starts, before)
        candidates: list[Mention] = []
        for m in reversed(self.items[:k]):
            if before - m.end > MAX_ANTECEDENT_CHARS:
                break
            if m.end <= before and kind in ("any", m.kind) and self._agrees(pronoun, m):
                candidates.append(m)
        for window in range(1, WINDOW_SENTENCES + 1):
            since = self._previous_sentence(before, window)
            ranked = [m for m in candidates if m.start >= since and m.rank > 0]
            if ranked:
                return max(ranked, key=lambda m: (m.rank, m.start))
        return candidates[0] if candidates else None

    def _agrees(self, pronoun: str, mention: Mention) -> bool:
        words = {w.rstrip(".") for w in mention.text.lower().split()}
        other = self.p.cues.gender.get(pronoun.lower())
        return other is None or not words & other

    def _previous_sentence(self, before: int, back: int) -> int:
        """Start of the ``back``-th sentence before the one at ``before`` that has words of its
        own (a sentence inside a quote is skipped: "“A. B,” he said" looks back past it)."""
        doc, p = self.p.doc, self.p
        start, left = doc[p.token_at(before)].sent.start, back
        while start > 0:
            sent = doc[start - 1].sent
            own = sum(1 for t in sent if not p.in_quote[t.i] and t.is_alpha)
            left -= own >= MIN_OWN_WORDS
            if left == 0:
                return int(sent.start_char)
            start = sent.start
        return 0

    def titled_person(self, title: str, before: int) -> Mention | None:
        """The person a bare title refers to ("the president" -> Barack Obama): the latest
        person actor with that role, a subject or speaker first, within reach."""
        fallback = None
        k = bisect.bisect_left(self._starts, before)
        for m in reversed(self.items[:k]):
            if before - m.end > MAX_ANTECEDENT_CHARS:
                break
            if m.actor in self.roles.get(title, ()) and m.end <= before:
                if m.rank == 2:
                    return m
                fallback = fallback or m
        return fallback

    def named(self, mention: Mention) -> Mention:
        """A bare title ("the president", filed under an institution) replaced by the person
        the document gave that role, when there is one; else the mention itself."""
        words = mention.text.lower().split()
        if words[:1] == ["the"]:
            words = words[1:]
        if mention.actor in self.persons or len(words) != 1 or \
                words[0] not in self.p.cues.person_nouns:
            return mention
        return self.titled_person(words[-1], mention.start) or mention

    def by_surname(self, name: str) -> str | None:
        """The one person actor whose name begins or ends with ``name`` ("Morris" -> Seamus
        Morris, "Yulia" -> Yulia Skripal), or None when there is none or several."""
        ids = self.surnames.get(name.lower(), set())
        return next(iter(ids)) if len(ids) == 1 else None


def _surnames(actors: tuple[Actor, ...]) -> dict[str, set[str]]:
    """Person actors by the first and the last word of their name ("Yulia", "Skripal")."""
    out: dict[str, set[str]] = {}
    for a in actors:
        words = a.name.split()
        if a.type == "person" and len(words) > 1:
            for word in {words[0], words[-1]}:
                out.setdefault(word.lower(), set()).add(a.id)
    return out


@dataclass(frozen=True)
class Entity:
    """A named entity of the parse (what ``doc.ents`` gives, read from the token arrays)."""

    start_char: int
    end_char: int
    text: str
    label_: str


def _entities(p: Parsed) -> list[Entity]:
    """PERSON and organisation-like entities, from the IOB arrays (``doc.ents`` builds a
    Span for every entity of every label, which costs more than this stage needs)."""
    doc = p.doc
    if not len(doc):
        return []
    iob, kinds = doc.to_array("ENT_IOB").tolist(), doc.to_array("ENT_TYPE").tolist()
    wanted = {p.label(name): name for name in PERSON_LABELS | GROUP_LABELS}
    out, size = [], len(iob)
    for i, tag in enumerate(iob):
        if tag != ENT_BEGIN or kinds[i] not in wanted:
            continue
        j = i + 1
        while j < size and iob[j] == ENT_INSIDE:
            j += 1
        start, end = p.starts[i], p.starts[j - 1] + len(doc[j - 1].text)
        out.append(Entity(start, end, p.text[start:end], wanted[kinds[i]]))
    return out


def _overlaps(spans: list[tuple[int, int]], lo: int, hi: int) -> bool:
    k = bisect.bisect_left(spans, (hi, hi))
    return any(a < hi and lo < b for a, b in spans[max(0, k - 8):k])


# --------------------------------------------------------------------------- channel


@lru_cache(maxsize=4)
def _channel_index(cues: QuoteCues) -> dict[str, list[tuple[int, Channel, tuple[str, ...]]]]:
    """Channel phrases by their first word: (precedence, channel, phrase)."""
    index: dict[str, list[tuple[int, Channel, tuple[str, ...]]]] = {}
    for rank, (channel, phrases) in enumerate(cues.channels):
        for phrase in phrases:
            index.setdefault(phrase[0], []).append((rank, channel, phrase))
    return index


def sentence_channel(p: Parsed, cue: int) -> Channel:
    """The channel the sentence of token ``cue`` states outside its quotes, or "unknown"."""
    sent = p.doc[cue].sent
    cached = p.channels.get(sent.start)
    if cached is not None:
        return cached
    words = [(t.lower_, t.lemma_.lower()) for t in sent
             if not p.in_quote[t.i] and not t.is_space]
    index = _channel_index(p.cues)
    hits: list[tuple[int, int, int, Channel]] = []  # (start, end, precedence, channel)
    for k, (lower, lemma) in enumerate(words):
        for rank, channel, phrase in index.get(lower, []) + (
                index.get(lemma, []) if lemma != lower else []):
            if all(w in words[k + j] for j, w in enumerate(phrase) if k + j < len(words)) \
                    and k + len(phrase) <= len(words):
                hits.append((k, k + len(phrase), rank, channel))
    kept = [h for h in hits if not any(o[0] <= h[0] and h[1] <= o[1] and o[1] - o[0] >
                                       h[1] - h[0] for o in hits)]
    found: Channel = min(kept, key=lambda h: h[2])[3] if kept else "unknown"
    p.channels[sent.start] = found
    return found


def channel_of(p: Parsed, cue: int, mentions: Mentions) -> Channel:
    """The channel of an attribution whose cue verb is token ``cue`` (module docstring)."""
    found = sentence_channel(p, cue)
    if found != "unknown":
        return found
    verb = p.doc[cue]
    if verb.lemma_ == "tell":
        for kid in verb.children:
            if kid.dep_ in ("dobj", "dative", "iobj", "npadvmod", "attr"):
                said_to = {str(t.lower_) for t in kid.subtree}
                mention = mentions.covering(kid.left_edge.idx, kid.idx + len(kid.text))
                if said_to & p.cues.media_objects or (
                        mention is not None and mention.actor in mentions.media):
                    return "media"
    return "unknown"


# --------------------------------------------------------------------------- date


def date_of(p: Parsed, cue: int, times: tuple[TimeExpr, ...]) -> str | None:
    """The value of the time expression that hangs on cue verb ``cue``, if any."""
    sent = p.doc[cue].sent
    lo, hi = sent.start_char, sent.end_char
    for t in times:
        if t.value is None or not (lo <= t.start < hi):
            continue
        for i in p.tokens_in(t.start, t.end):
            if p.in_quote[i]:
                break
            tok = p.doc[i]
            for _ in range(MAX_DATE_HOPS):
                if tok.i == cue:
                    return t.value
                if tok.head.i == tok.i or (tok.pos_ == "VERB" and tok.i != i):
                    break
                tok = tok.head
            if tok.i == cue:
                return t.value
    return None
