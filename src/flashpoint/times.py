"""The time stage: tag temporal expressions and normalise them against the publication date.

``times.rules.v1`` (the default) finds expressions with the lexicon's patterns
(``timex_patterns``), confirms the readings only a parse can decide (is this "May" a month,
this "1988" a year), reads the tense of the governing verb from the spaCy parse, and anchors
each expression to the publication date (``timex_anchor``). Every ``TimeExpr`` has
``text == analysis.text[start:end]`` and a value in the contract's form or ``None`` when the
value is not certain: an impossible date, a decade, a quarter, "the following year", or any
relative expression when the publication date is unknown. A preposition right before an
expression is part of its span ("in 2013", "since Friday") so that a reader of the output can
tell a point from a start or a bound. ``times.none.v1`` is the empty placeholder.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .config import PipelineConfig
from .model import Analysis, TimeExpr
from .registry import STAGES
from .timex_anchor import Tense, anchor, parse_published
from .timex_lexicon import TimexLexicon, default_lexicon
from .timex_patterns import Mention, find_mentions

#: How many heads up the dependency tree the governing verb of an expression is looked for:
#: "said on Friday" is 2 hops ("Friday" -> "on" -> "said"), "the Oct. 23 slaying ... was
#: charged" 3-4; past 6 hops the verb found is rarely the one the expression belongs to.
MAX_HOPS = 6

#: spaCy entity labels that veto a year or a month name ("2000 people", "April Ryan").
NOT_A_YEAR = frozenset({"CARDINAL", "MONEY", "QUANTITY", "PERCENT", "ORDINAL"})
NOT_A_MONTH = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART", "NORP",
                         "EVENT", "LAW"})

_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
_MODAL_AUX = frozenset({"would", "could", "might", "may", "should", "must", "can", "ca"})
_VERBAL = frozenset({"VERB", "AUX"})


# --------------------------------------------------------------------------- the parse


def _span(doc: Any, mention: Mention) -> Any:
    """The parse's span over ``mention`` (widened to whole tokens), or None."""
    if doc is None:
        return None
    return doc.char_span(mention.start, mention.end, alignment_mode="expand")


def verb_tense(verb: Any, lex: TimexLexicon, depth: int = 0) -> Tense:
    """The tense of ``verb`` from its tag and auxiliaries: "will meet" future, "met"/"has met"
    past, "meets" present. Modals other than "will" say nothing certain ("could be located
    Wednesday" is past); an infinitive or a bare participle takes its governor's tense
    ("plans to meet" future, "has fluctuated, rising in March" past)."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if words & _FUTURE_AUX or "going" in words:
        return "future"
    if words & _MODAL_AUX:
        return "past" if any(a.lemma_ == "have" for a in auxes) else "none"
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if any(a.lemma_ == "have" for a in auxes) or (verb.tag_ == "VBN" and not auxes):
        return "past"
    governor = verb.head
    if verb.tag_ == "VB" and "to" in words and (
            governor.lemma_ in lex.future_governors or governor.lemma_ == "be"):
        return "future"
    inherits = (verb.tag_ == "VB" and "to" in words) or (verb.tag_ == "VBG" and not auxes)
    if inherits and governor is not verb and governor.pos_ in _VERBAL and depth < MAX_HOPS:
        return verb_tense(governor, lex, depth + 1)
    if verb.tag_ in ("VBZ", "VBP") or (verb.tag_ == "VBG" and words):
        return "present"
    return "none"


def tense_of(doc: Any, mention: Mention, lex: TimexLexicon) -> Tense:
    """The tense of the verb that governs the expression (``none`` when there is none)."""
    span = _span(doc, mention)
    if span is None or len(span) == 0:
        return "none"
    token = span.root
    for _ in range(MAX_HOPS):
        if token.pos_ in _VERBAL and token.i not in range(span.start, span.end):
            return verb_tense(token, lex)
        if token.head is token:
            break
        token = token.head
    return verb_tense(token, lex) if token.pos_ in _VERBAL else "none"


def confirmed(doc: Any, mention: Mention) -> bool:
    """Whether the parse agrees with a reading the patterns could not decide alone."""
    if mention.check is None or doc is None:
        return True
    span = _span(doc, mention)
    if span is None or len(span) == 0:
        return True
    labels = {t.ent_type_ for t in span}
    if mention.check == "year":
        if "DATE" in labels:
            return True
        if labels & NOT_A_YEAR:
            return False
        after = doc[span.end] if span.end < len(doc) else None
        return after is None or after.tag_ != "NNS"
    month_tokens = [t for t in span if t.lower_.rstrip(".") in _month_words()]
    if labels & NOT_A_MONTH and "DATE" not in labels:
        return False
    return all(t.pos_ == "PROPN" or t.ent_type_ == "DATE" for t in month_tokens)


def _month_words() -> frozenset[str]:
    return frozenset(default_lexicon().months)


# --------------------------------------------------------------------------- the stage


def _needs_tense(m: Mention) -> bool:
    if m.kind == "season":
        return m.year is None and m.shift is None
    return m.kind == "calendar" and m.year is None and m.year_shift is None and not m.shift


def find_times(analysis: Analysis, lex: TimexLexicon | None = None) -> tuple[TimeExpr, ...]:
    """Every temporal expression of ``analysis.text`` with its anchored value."""
    lex = lex or default_lexicon()
    text, doc = analysis.text, analysis.parsed
    if doc is not None and getattr(doc, "text", None) != text:
        doc = None  # a parse of another text cannot be trusted for checks or tense
    published = parse_published(analysis.published)
    out: list[TimeExpr] = []
    for mention in find_mentions(text, lex):
        if not confirmed(doc, mention):
            continue
        tense: Tense = tense_of(doc, mention, lex) if _needs_tense(mention) and doc else "none"
        value = anchor(mention, published, tense, lex)
        out.append(TimeExpr(text[mention.start:mention.end], mention.start, mention.end, value))
    return tuple(out)


def find_no_times(analysis: Analysis) -> tuple[TimeExpr, ...]:
    """Return no times: the placeholder stage."""
    del analysis
    return ()


@STAGES["times"].register("times.none.v1")
def make_none(config: PipelineConfig) -> Callable[[Analysis], tuple[TimeExpr, ...]]:
    """Factory for the placeholder stage (it needs no configuration)."""
    del config
    return find_no_times


@STAGES["times"].register("times.rules.v1")
def make_rules(config: PipelineConfig) -> Callable[[Analysis], tuple[TimeExpr, ...]]:
    """Factory for the rule-based stage: the packaged lexicon, loaded and checked now, so a
    broken lexicon fails when the pipeline is built, not on its first document."""
    del config
    lex = default_lexicon()

    def stage(analysis: Analysis) -> tuple[TimeExpr, ...]:
        return find_times(analysis, lex)

    return stage
