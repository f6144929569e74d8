"""``flashpoint explain``: why a sentence was coded the way it was.

For each sentence: the parse (token, part of speech, dependency, head), the actors found, each
rule trigger with the pattern that matched and its CAMEO code, the statistical coder's votes,
then every candidate event the proposers read, with the event filter's probability, the
features that weighed most, and whether it was kept (and if not, why): the source and target
chosen, the words that decided them, the modality cues, and for a kept event every actor the
role ranker weighed with its source and target probabilities. The transparency dictionary coders
gave their users, kept for a coder that is more than rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flashpoint.errors import FlashpointError
from flashpoint.events import (
    chosen,
    code_sentence,
    default_coders,
    packaged_filter,
    packaged_ranker,
    ranked_roles,
    read_document,
    rule_coders,
)
from flashpoint.ingest import read_record
from flashpoint.model import Document
from flashpoint.pipeline import Pipeline


@dataclass(frozen=True)
class TriggerNote:
    word: str
    lemma: str
    pattern: str
    cameo: str
    type: str
    mode: str | None
    prior: float


@dataclass(frozen=True)
class CodedNote:
    type: str
    coder: str
    confidence: float
    trigger: str
    source: tuple[str, ...]
    source_words: tuple[str, ...]
    target: tuple[str, ...]
    target_words: tuple[str, ...]
    modality: str
    cues: tuple[str, ...]
    kept: bool = True
    weights: tuple[tuple[str, float], ...] = ()
    roles: tuple[tuple[str, float, float], ...] = ()
    chosen: tuple[tuple[str, ...], tuple[str, ...]] | None = None


@dataclass(frozen=True)
class SentenceNote:
    text: str
    parse: tuple[tuple[str, str, str, str], ...]
    triggers: tuple[TriggerNote, ...]
    votes: tuple[tuple[str, float], ...]
    coded: tuple[CodedNote, ...]


@dataclass(frozen=True)
class Explanation:
    document: Document
    sentences: tuple[SentenceNote, ...]


def explain(text: str, pipeline: Pipeline, published: str | None = None) -> Explanation:
    """Run ``pipeline`` on ``text`` and record every decision of the events stage."""
    raw = read_record({"text": text}, source="<text>", config=pipeline.config,
                      published=published)
    (item,) = list(pipeline.analyses([raw]))
    if not isinstance(item, tuple):
        raise FlashpointError(item.reason, source="<text>")
    doc = pipeline.extract(raw)
    _, analysis, _, _ = item
    try:
        coders = default_coders()
    except FlashpointError:  # no model artefact: explain the rules alone
        coders = rule_coders()
    event_filter = packaged_filter()
    doc_reading = read_document(analysis, coders, event_filter)
    readings, scored = doc_reading.sentences, doc_reading.scored
    kept = {id(s) for s in chosen(scored)}
    ranker = packaged_ranker()
    notes = []
    for reading in readings:
        sent = reading.sent
        cands = [] if reading.silenced else code_sentence(sent, coders.triggers)
        votes = sorted((reading.probs or {}).items(), key=lambda kv: -kv[1])[:3]
        coded = []
        for s in scored:
            p = s.proposal
            if p.sent_index != reading.index:
                continue
            weights = tuple(event_filter.explain(s.features)) if event_filter else ()
            roles: tuple[tuple[str, float, float], ...] = ()
            final: tuple[tuple[str, ...], tuple[str, ...]] | None = None
            if ranker is not None and id(s) in kept:
                final, scores = ranked_roles(s, analysis, doc_reading, ranker)
                roles = tuple(scores)
            coded.append(CodedNote(
                p.event.type, p.event.coder or p.origin,
                round(s.probability if s.probability is not None else p.prior, 3),
                p.token.text, p.event.source, p.roles.source_words, p.event.target,
                p.roles.target_words, p.event.modality,
                tuple(f"{q.word} ({q.why}: {q.modality})" for q in p.cues), id(s) in kept,
                weights, roles, final))
        notes.append(SentenceNote(
            sent.text, tuple((t.text, t.pos_, t.dep_, t.head.text) for t in sent),
            tuple(TriggerNote(c.token.text, c.token.lemma_, " ".join(c.trigger.pattern) or "-",
                              c.trigger.cameo, c.type, c.trigger.mode, c.prior) for c in cands),
            tuple(votes), tuple(coded)))
    return Explanation(doc, tuple(notes))


def _coded_lines(c: CodedNote, names: dict[str, str]) -> Sequence[str]:
    src = ", ".join(names.get(a, a) for a in c.source) or "-"
    tgt = ", ".join(names.get(a, a) for a in c.target) or "-"
    verdict = "KEPT" if c.kept else "dropped"
    lines = [f"    {verdict}: {c.type} by {c.coder} (probability {c.confidence}), trigger "
             f"'{c.trigger}'",
             f"      rule source: {src}  (words: {', '.join(c.source_words) or '-'})",
             f"      rule target: {tgt}  (words: {', '.join(c.target_words) or '-'})",
             f"      modality: {c.modality}  (cues: {'; '.join(c.cues) or 'none'})"]
    if c.weights:
        lines.append("      weighed: " + ", ".join(f"{n} {w:+.2f}" for n, w in c.weights))
    if c.chosen is not None:
        src, tgt = (", ".join(names.get(a, a) for a in side) or "-" for side in c.chosen)
        lines.append(f"      chosen by the role ranker: {src} -> {tgt}")
    if c.roles:
        lines.append("      role candidates: " + "; ".join(
            f"{names.get(a, a)} (source {ps:.2f}, target {pt:.2f})" for a, ps, pt in c.roles))
    return lines


def render(ex: Explanation) -> str:
    """A plain-text report of an explanation."""
    names = {a.id: f"{a.name} [{a.id}, {a.type}, {a.country or '-'}]" for a in ex.document.actors}
    lines = ["actors:"] + [f"  {n}" for n in names.values()]
    for i, s in enumerate(ex.sentences, 1):
        lines += ["", f"sentence {i}: {s.text}", "  parse:"]
        lines += [f"    {w:<16} {pos:<6} {dep:<10} <- {head}" for w, pos, dep, head in s.parse]
        lines.append("  rule triggers:" if s.triggers else "  rule triggers: none")
        lines += [f"    {t.word} (lemma {t.lemma}, pattern {t.pattern}) -> CAMEO {t.cameo} "
                  f"{t.type}{'/' + t.mode if t.mode else ''} prior {t.prior}" for t in s.triggers]
        if s.votes:
            lines.append("  model votes: " + ", ".join(f"{k} {v:.2f}" for k, v in s.votes))
        lines.append("  candidates:" if s.coded else "  candidates: none")
        for c in s.coded:
            lines += _coded_lines(c, names)
    return "\n".join(lines)
