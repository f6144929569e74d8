"""``flashpoint explain``: why a sentence was coded the way it was.

For each sentence: the parse (token, part of speech, dependency, head), the actors found, each
rule trigger with the pattern that matched and its CAMEO code, the statistical coder's votes,
what the combiner kept, the words chosen as source and target, and the modality cues. The
transparency dictionary coders gave their users, kept for a coder that is more than rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from flashpoint.events import (
    code_sentence,
    combine,
    default_coders,
    discarded,
    modality_of,
    roles_of,
    rule_coders,
    token_actors,
)
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
    doc = pipeline.extract_text(text, published=published)
    parsed = pipeline.nlp(doc.text)
    try:
        coders = default_coders()
    except Exception:  # no model artefact: explain the rules alone
        coders = rule_coders()
    index = token_actors(parsed, doc.actors)
    notes = []
    sents = list(parsed.sents)
    silenced = discarded(sents, coders.discards) or [True] * len(sents)
    for sent, skip in zip(sents, silenced, strict=True):
        cands = [] if skip else code_sentence(sent, coders.triggers)
        votes = coders.stat.predict(sent) if coders.stat is not None else []
        probs = dict(votes) if coders.stat is not None else None
        coded = []
        for c in combine(cands, probs, sent):
            roles = roles_of(c.token, index)
            modality, cues = modality_of(c.token)
            coded.append(CodedNote(c.type, c.coder, c.confidence, c.token.text, roles.source,
                                   roles.source_words, roles.target, roles.target_words,
                                   modality, tuple(f"{q.word} ({q.why}: {q.modality})"
                                                   for q in cues)))
        notes.append(SentenceNote(
            sent.text, tuple((t.text, t.pos_, t.dep_, t.head.text) for t in sent),
            tuple(TriggerNote(c.token.text, c.token.lemma_, " ".join(c.trigger.pattern) or "-",
                              c.trigger.cameo, c.type, c.trigger.mode, c.prior) for c in cands),
            tuple(sorted(votes, key=lambda kv: -kv[1])[:3]), tuple(coded)))
    return Explanation(doc, tuple(notes))


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
        lines.append("  coded:" if s.coded else "  coded: nothing")
        for c in s.coded:
            src = ", ".join(names.get(a, a) for a in c.source) or "-"
            tgt = ", ".join(names.get(a, a) for a in c.target) or "-"
            lines += [f"    {c.type} by {c.coder} (confidence {c.confidence}), trigger "
                      f"'{c.trigger}'",
                      f"      source: {src}  (words: {', '.join(c.source_words) or '-'})",
                      f"      target: {tgt}  (words: {', '.join(c.target_words) or '-'})",
                      f"      modality: {c.modality}  (cues: {'; '.join(c.cues) or 'none'})"]
    return "\n".join(lines)
