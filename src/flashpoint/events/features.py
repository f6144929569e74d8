"""What the event filter reads about a candidate: the parse and context around its trigger.

A candidate is a real event when the text *states* an act: the features say what a reader
weighs. The trigger's sense (its lemma with its object or preposition: "release a statement"
is not a release of prisoners), the type and which coder proposed it, how sure the
statistical coder is, the modality and tense (a planned or habitual act), genericity ("attacks
are often"), whether anyone is named as actor or target and of what kind, where the sentence
is (a headline, a byline, a photo caption, a quote) and how crowded it is with other
candidates. Every feature is a string name (value 1) or a name with a number; the learned
weights live in ``data/events_filter.npz`` (``filter``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flashpoint.model import Statement
from flashpoint.nlp import span_text, span_tokens
from flashpoint.nlp import text as doc_text

from .propose import Proposal, SentenceReading
from .words import word_class

#: Adverbs of frequency and habit: class ``habitual_adverbs`` of data/event_word_classes.yaml,
#: whose note says why.
HABITUAL = word_class("habitual_adverbs")
#: Antecedents of a relative clause that make its doer anyone at all: class
#: ``generic_antecedents`` of data/event_word_classes.yaml, whose note says why.
GENERIC_ANTECEDENTS = word_class("generic_antecedents")
#: A byline or a credit line: "By Jill Colvin and Gillian Wong, Associated Press".
BYLINE = re.compile(r"^\s*(by|photo|image|file photo|credit)\b[^.]{0,80}"
                    r"(associated press|reuters|afp|\bap\b|staff|correspondent|writer|getty)?",
                    re.IGNORECASE)
#: Wire agency credits and caption marks anywhere in a sentence.
CREDIT = re.compile(r"\((ap|afp|reuters)( photo)?[^)]*\)|\bap photo\b|photo:|image:|©",
                    re.IGNORECASE)
#: Verbs that govern a reported clause: class ``report_governors`` of
#: data/event_word_classes.yaml, whose note says why.
REPORTING = word_class("report_governors")
_CLAUSAL = frozenset(("ccomp", "xcomp", "advcl", "conj", "relcl", "acl", "pcomp"))
#: Words of trade and economics: class ``economic_words`` of data/event_word_classes.yaml, whose
#: note says why.
ECONOMIC = word_class("economic_words")


@dataclass(frozen=True)
class DocContext:
    """Document-level facts every candidate's features may use."""

    statements: Sequence[Statement]
    actor_types: Mapping[str, str]
    n_sentences: int


def _bucket(n: int, edges: Sequence[int]) -> str:
    for edge in edges:
        if n <= edge:
            return f"<={edge}"
    return f">{edges[-1]}"


def _actor_kind(ids: Sequence[str], types: Mapping[str, str]) -> str:
    if not ids:
        return "none"
    first = ids[0]
    if first.startswith("GEN."):
        return "generic"
    return types.get(first, "other")


def _governor(tok: Any) -> Any | None:
    """The verb whose clause holds the trigger's ("said that police *arrested*")."""
    cur = tok
    for _ in range(3):
        if cur.dep_ not in _CLAUSAL or cur.head.i == cur.i:
            return None
        if cur.dep_ != "conj":
            return cur.head
        cur = cur.head
    return None


def _sense(tok: Any, out: dict[str, float]) -> None:
    """The trigger's lemma with its object, particle, prepositions or light verb."""
    lemma = tok.lemma_.lower()
    for c in tok.children:
        if c.dep_ in ("dobj", "attr", "nsubjpass") and c.pos_ in ("NOUN", "PROPN", "PRON"):
            out[f"obj:{lemma}>{c.lemma_.lower() if c.pos_ == 'NOUN' else c.pos_}"] = 1.0
        elif c.dep_ == "prt":
            out[f"prt:{lemma}_{c.lower_}"] = 1.0
        elif c.dep_ in ("prep", "agent"):
            out[f"prep:{lemma}>{c.lower_}"] = 1.0
    if tok.pos_ == "NOUN":
        out[f"head:{lemma}<{tok.head.lemma_.lower()}"] = 1.0
        out[f"ndep:{tok.dep_}"] = 1.0


def _genericity(tok: Any, sent: Any, out: dict[str, float], index: Mapping[int, list[str]],
                ) -> None:
    subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    for s in subj:
        dets = {c.lower_ for c in s.children if c.dep_ in ("det", "poss")}
        if s.tag_ == "NNS" and not dets and s.i not in index:
            out["generic_subject"] = 1.0
        if dets & {"a", "an", "any", "every", "some"}:
            out["indefinite_subject"] = 1.0
    if tok.dep_ == "relcl" and tok.head.lower_ in GENERIC_ANTECEDENTS:
        out["generic_antecedent"] = 1.0
    if any(t.lower_ in HABITUAL for t in span_tokens(sent)):
        out["habitual_adverb"] = 1.0
    if tok.tag_ in ("VBZ", "VBP") and not any(c.dep_ in ("aux", "auxpass") for c in tok.children):
        out["present_simple"] = 1.0


def _context(p: Proposal, siblings: Sequence[Proposal], sent: Any, out: dict[str, float],
             ) -> None:
    """A noun event under another trigger ("condemned the attack": the attack is what the
    condemnation is about, coded where it happened) and an economic setting."""
    tok, etype = p.token, p.event.type
    if tok.pos_ == "NOUN" and tok.head.i != tok.i:
        for s in siblings:
            if s.token.i == tok.head.i and s.event.type != etype:
                out[f"under={s.event.type}|{etype}"] = 1.0
        if tok.head.lemma_.lower() in REPORTING:
            out[f"under_speech|{etype}"] = 1.0
    if any(t.lower_ in ECONOMIC for t in span_tokens(sent)):
        out[f"economic|{etype}"] = 1.0


def _line_break_after(sent: Any) -> bool:
    """Whether a line break follows the sentence within 3 characters (a headline)."""
    return "\n" in doc_text(sent.doc)[sent.end_char: sent.end_char + 3]


def _position(reading: SentenceReading, ctx: DocContext, out: dict[str, float]) -> None:
    sent = reading.sent
    text = span_text(sent).strip()
    out[f"sent_pos={_bucket(reading.index, (0, 1, 4, 9))}"] = 1.0
    words = [t for t in span_tokens(sent) if not (t.is_punct or t.is_space)]
    out[f"sent_len={_bucket(len(words), (5, 12, 25, 40))}"] = 1.0
    if reading.index == 0 and _line_break_after(sent):
        out["headline"] = 1.0
    if BYLINE.match(text):
        out["byline"] = 1.0
    if CREDIT.search(text):
        out["credit"] = 1.0
    if not any(t.pos_ in ("VERB", "AUX") for t in span_tokens(sent)):
        out["no_verb"] = 1.0
    caps = sum(1 for t in words if t.text[:1].isupper())
    if words and caps / len(words) > 0.6:
        out["title_case"] = 1.0


def proposal_features(p: Proposal, reading: SentenceReading, siblings: Sequence[Proposal],
                      ctx: DocContext, index: Mapping[int, list[str]]) -> dict[str, float]:
    """The features of candidate ``p`` (``siblings``: every candidate of its sentence)."""
    tok, ev = p.token, p.event
    etype, lemma = ev.type, tok.lemma_.lower()
    out: dict[str, float] = {
        "bias": 1.0, f"type={etype}": 1.0, f"origin={p.origin}": 1.0,
        f"origin|type={p.origin}|{etype}": 1.0, f"lemma={lemma}": 1.0,
        f"lemma|type={lemma}|{etype}": 1.0, f"pos={tok.pos_}": 1.0, f"dep={tok.dep_}": 1.0,
        f"tag|type={tok.tag_}|{etype}": 1.0, f"mod={ev.modality}": 1.0,
        f"mod|type={ev.modality}|{etype}": 1.0,
        "prior": p.prior, "stat_p": p.stat_p, "stat_none": p.stat_none,
        f"stat_rank={min(p.stat_rank, 3)}": 1.0,
    }
    out.update(p.extra)
    if p.pattern:
        out["pattern"] = 1.0
    if p.curated:
        out["curated_pattern"] = 1.0
        out[f"curated_pattern|type={etype}"] = 1.0
    if p.silenced:
        out["silenced"] = 1.0
    src = _actor_kind(ev.source, ctx.actor_types)
    tgt = _actor_kind(ev.target, ctx.actor_types)
    out[f"src={src}"] = 1.0
    out[f"tgt={tgt}"] = 1.0
    out[f"src|type={src}|{etype}"] = 1.0
    out[f"tgt|type={tgt}|{etype}"] = 1.0
    if any(st.quote.start <= tok.idx < st.quote.end for st in ctx.statements):
        out["in_quote"] = 1.0
    gov = _governor(tok)
    if gov is not None:
        g = gov.lemma_.lower()
        out[f"gov={g}" if g in REPORTING else "gov=other"] = 1.0
        out[f"gov|type={g}|{etype}"] = 1.0
        if any(c.dep_ == "neg" for c in gov.children):
            out["gov_negated"] = 1.0
    if any(c.dep_ == "neg" for c in tok.children):
        out["negated"] = 1.0
    _sense(tok, out)
    _context(p, siblings, reading.sent, out)
    _genericity(tok, reading.sent, out, index)
    _position(reading, ctx, out)
    same = [s for s in siblings if s.token.i == tok.i]
    out[f"n_props={_bucket(len(siblings), (1, 2, 3, 5))}"] = 1.0
    out[f"n_same_token={_bucket(len(same), (1, 2, 3))}"] = 1.0
    if p.stat_p >= max((s.stat_p for s in siblings), default=0.0):
        out["best_stat_in_sentence"] = 1.0
    if p.prior >= max((s.prior for s in same), default=0.0) and p.prior > 0:
        out["best_prior_on_token"] = 1.0
    n_actors = len({a for i in range(reading.sent.start, reading.sent.end)
                    for a in index.get(i, [])})
    out[f"n_actors={_bucket(n_actors, (0, 1, 2, 4))}"] = 1.0
    return out
