"""The time stage: tag temporal expressions and normalise them against the publication date.

``times.rules.v1`` (the default) finds expressions with the lexicon's patterns
(``patterns``), confirms the readings only a parse can decide (is this "May" a month,
this "1988" a year), reads the tense of the governing verb from the spaCy parse, and anchors
each expression to the publication date (``anchor``). Every ``TimeExpr`` has
``text == analysis.text[start:end]`` and a value in the contract's form or ``None`` when the
value is not certain: an impossible date, a decade, a quarter, an anaphor ("the following
year") with no earlier date in its paragraph, or any relative expression when the publication
date is unknown. A preposition right before an
expression is part of its span ("in 2013", "since Friday") so that a reader of the output can
tell a point from a start or a bound. ``times.none.v1`` is the empty placeholder.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from flashpoint.config import PipelineConfig
from flashpoint.model import Analysis, TimeExpr
from flashpoint.registry import STAGES

from .anchor import Tense, anchor, anchor_anaphor, parse_published
from .grammar import Mention, alt
from .lexicon import TimexLexicon, default_lexicon
from .patterns import find_mentions

#: How many heads up the dependency tree the governing verb of an expression is looked for:
#: "said on Friday" is 2 hops ("Friday" -> "on" -> "said"), "the Oct. 23 slaying ... was
#: charged" 3-4; past 6 hops the verb found is rarely the one the expression belongs to.
MAX_HOPS = 6
#: How far back (characters) a tense cue ("as soon as", "scheduled for") is looked for: the
#: longest cue plus its spaces.
CUE_REACH = 24

#: spaCy entity labels that veto a year or a month name ("$1990", "April Ryan").
NOT_A_YEAR_EVER = frozenset({"MONEY", "QUANTITY", "PERCENT", "ORDINAL"})
#: Tags of a word before a number that make the number a modifier, hence a year ("the 1990
#: elections", "Kopp's 1987 Chevrolet"), even before a plural noun or with spaCy's CARDINAL.
YEAR_MODIFIER_TAGS = frozenset({"DT", "PRP$", "POS", "IN", "TO", "WP$"})
#: Entity labels that make a capitalised month name something else ("June Carter", "August
#: Capital"), unless the parse also calls the span a DATE.
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
    if verb.tag_ == "VBN" and not auxes and verb.lemma_ in lex.future_governors:
        return "none"  # "graduation set June 6", "the meeting scheduled for Feb. 3": either
    if _past_form(verb) or any(a.lemma_ == "have" for a in auxes) or (
            verb.tag_ == "VBN" and not auxes):
        return "past"
    return _borrowed_tense(verb, words, lex, depth)


def _borrowed_tense(verb: Any, words: set[str], lex: TimexLexicon, depth: int) -> Tense:
    """Tense of a verb without tense marks: an infinitive after "plans"/"is due" is future
    ("was set to die" only was); an infinitive or bare participle takes its governor's."""
    governor = verb.head
    infinitive = verb.tag_ == "VB" and "to" in words
    if infinitive and (governor.lemma_ in lex.future_governors or governor.lemma_ == "be"
                       or governor.lower_ in lex.future_governors):  # "going to meet"
        return "none" if _past_form(governor) else "future"
    inherits = infinitive or (verb.tag_ == "VBG" and not words)
    if inherits and governor is not verb and governor.pos_ in _VERBAL and depth < MAX_HOPS:
        return verb_tense(governor, lex, depth + 1)
    return "present" if verb.tag_ in ("VBZ", "VBP") or (verb.tag_ == "VBG" and words) else "none"


def _past_form(verb: Any) -> bool:
    """ "was set", "planned", "had planned": the verb itself or an auxiliary is past."""
    return bool(verb.tag_ == "VBD" or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in verb.children))


def tense_of(doc: Any, mention: Mention, lex: TimexLexicon) -> Tense:
    """The tense of the verb that governs the expression (``none`` when there is none)."""
    span = _span(doc, mention)
    if span is None or len(span) == 0:
        return "none"
    token = span.root
    for _ in range(MAX_HOPS):
        if token.pos_ in _VERBAL and token.i not in range(span.start, span.end):
            return verb_tense(token, lex)
        if token.head.i == token.i:
            break
        token = token.head
    return verb_tense(token, lex) if token.pos_ in _VERBAL else "none"


@lru_cache(maxsize=4)
def _cue_regexes(lex: TimexLexicon) -> tuple[re.Pattern[str], re.Pattern[str]]:
    def ending(words: tuple[str, ...]) -> re.Pattern[str]:
        return re.compile(rf"\b(?:{alt(words)})\s+$", re.IGNORECASE)

    return ending(lex.future_cues), ending(lex.schedule_cues)


def cue_tense(text: str, start: int, lex: TimexLexicon) -> Tense | None:
    """A tense set by the words right before an expression, whatever the verb: "as soon as
    Tuesday" is future, "effective June 1" a schedule (``none``: the nearest date)."""
    before = text[max(0, start - CUE_REACH):start]
    future, schedule = _cue_regexes(lex)
    if future.search(before):
        return "future"
    return "none" if schedule.search(before) else None


def confirmed(doc: Any, mention: Mention, lex: TimexLexicon) -> bool:
    """Whether the parse agrees with a reading the patterns could not decide alone."""
    if mention.check is None or doc is None:
        return True
    span = _span(doc, mention)
    if span is None or len(span) == 0:
        return True
    if mention.check == "year":
        return _is_year(doc, span, lex)
    labels = {t.ent_type_ for t in span}
    month_tokens = [t for t in span if t.lower_.rstrip(".") in lex.months]
    if labels & NOT_A_MONTH and "DATE" not in labels:
        return False
    return all(t.pos_ == "PROPN" or t.ent_type_ == "DATE" for t in month_tokens)


def _count_hedges(lex: TimexLexicon) -> frozenset[str]:
    """Words right before a number that make it a count: "about", "some", "more than" (the
    last word of a hedge, unless it is a preposition too: "up to 1997" can be a year)."""
    return frozenset({*lex.approx, *(b.split()[-1] for b in lex.bounds)} - {"to", "over"})


def _is_year(doc: Any, span: Any, lex: TimexLexicon) -> bool:
    """A bare four-digit number is a year unless the parse reads it as a count: "2000
    people", "some 1500 troops", "won 1988 votes" (but "the 1990 elections", "a 2015 police
    sweep", "Kopp's 1987 Chevrolet" are years: a determiner makes it a modifier)."""
    label = span[0].ent_type_
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    if label in NOT_A_YEAR_EVER:
        return False
    if before is not None and before.lower_ in _count_hedges(lex):
        return False
    if before is not None and before.tag_ in YEAR_MODIFIER_TAGS:
        return True
    if after is not None and after.tag_ in ("NNS", "NNPS"):
        return False
    return bool(label != "CARDINAL")


# --------------------------------------------------------------------------- the stage


def _parse_of(doc: Any, text: str) -> bool:
    """Whether ``doc`` is a spaCy parse of ``text`` (checked by length: ``doc.text`` would
    rebuild the whole string)."""
    if doc is None or not hasattr(doc, "char_span"):
        return False
    if len(doc) == 0:
        return not text
    last = doc[-1]
    return bool(last.idx + len(last.text_with_ws) == len(text))


def _needs_tense(m: Mention) -> bool:
    if m.kind == "season":
        return m.year is None and m.shift is None
    return m.kind == "calendar" and m.year is None and m.year_shift is None and not m.shift


def _tense(text: str, doc: Any, mention: Mention, lex: TimexLexicon) -> Tense:
    """The tense that places a mention without a year: a cue word first, else the verb."""
    if not _needs_tense(mention):
        return "none"
    cued = cue_tense(text, mention.start, lex)
    return cued if cued is not None else tense_of(doc, mention, lex)


def find_times(analysis: Analysis, lex: TimexLexicon | None = None) -> tuple[TimeExpr, ...]:
    """Every temporal expression of ``analysis.text`` with its anchored value.

    Anaphors ("the following year", "a year earlier") count from the reference time: the
    last expression with a value in the same paragraph (anaphors themselves never become
    the reference, so "a year earlier" twice does not go back two years).
    """
    lex = lex or default_lexicon()
    text, doc = analysis.text, analysis.parsed
    if not _parse_of(doc, text):
        doc = None  # a parse of another text cannot be trusted for checks or tense
    published = parse_published(analysis.published)
    out: list[TimeExpr] = []
    reference: TimeExpr | None = None
    for mention in find_mentions(text, lex):
        if not confirmed(doc, mention, lex):
            continue
        if mention.kind == "anaphor":
            same_paragraph = reference and "\n" not in text[reference.end:mention.start]
            value = anchor_anaphor(mention, reference.value if reference and same_paragraph
                                   else None)
        else:
            value = anchor(mention, published, _tense(text, doc, mention, lex), lex)
        found = TimeExpr(text[mention.start:mention.end], mention.start, mention.end, value)
        if value is not None and mention.kind != "anaphor":
            reference = found
        out.append(found)
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
