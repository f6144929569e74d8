"""The rule coder: trigger words and their patterns, from the CAMEO verb dictionary.

For each verb or noun of a sentence whose lemma is in the trigger lexicon
(``data/event_triggers.tsv``), the words of its clause before and after it are matched
against the lemma's patterns, most specific first ("call for talks" before "call"); the first
that matches codes the event, unless it is a blocker ("price war"). Sentences with a discard
phrase (sports, entertainment) give no rule candidates; a story-level discard silences the
whole document.

Every candidate keeps the trigger token, the pattern that matched and the CAMEO code, so
``flashpoint explain`` can show exactly why a sentence was coded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flashpoint.nlp import span_tokens

from .lexicon import REPORTING_VERBS, Discards, Trigger, TriggerLexicon
from .words import word_class

#: Prior confidence of a rule candidate, calibrated on plv/GSR dev as the share of candidates
#: whose type is acceptable: the bare verb (~0.55) is weaker evidence than a multi-word pattern
#: (~0.7); a trigger that heads the sentence is right more often than one in a subordinate
#: clause, and a noun trigger less often than a verb.
PRIOR_BARE = 0.55
PRIOR_PATTERN = 0.70
BONUS_ROOT = 0.10
PENALTY_SUBORDINATE = 0.10
PENALTY_NOUN = 0.05
#: Clause words considered on each side of a trigger (patterns are short; subtrees can be huge).
MAX_CONTEXT = 12
_SUBORDINATE = frozenset(("advcl", "acl", "relcl", "ccomp", "xcomp", "pcomp", "csubj"))


@dataclass(frozen=True)
class Candidate:
    """One event the rules read in a sentence."""

    token: Any
    trigger: Trigger
    prior: float

    @property
    def type(self) -> str:
        return str(self.trigger.type)


def _clause_words(tok: Any) -> tuple[list[str], list[str]]:
    """The words of ``tok``'s clause before and after it (lower case), nearest first kept."""
    sent = tok.sent
    here = tok.i
    # subtree order (a non-projective parse can put a word after a later one; the trained
    # models saw this order), text order once a noun's head phrase is added
    words = {t.i: t.lower_ for t in tok.subtree
             if sent.start <= t.i < sent.end and not t.is_punct}
    order = list(words)
    if tok.pos_ == "NOUN" and tok.head.i != here:
        for t in tok.head.subtree:
            if t.i > here and t.i not in words and not t.is_punct:
                words[t.i] = t.lower_
        order = sorted(words)
    before = [words[i] for i in order if i < here][-MAX_CONTEXT:]
    after = [words[i] for i in order if i > here][:MAX_CONTEXT]
    return before, after


def _prior(tok: Any, trig: Trigger) -> float:
    prior = PRIOR_PATTERN if trig.pattern else PRIOR_BARE
    if tok.dep_ == "ROOT":
        prior += BONUS_ROOT
    elif tok.dep_ in _SUBORDINATE:
        prior -= PENALTY_SUBORDINATE
    if tok.pos_ == "NOUN":
        prior -= PENALTY_NOUN
    return round(min(max(prior, 0.05), 0.95), 3)


#: Dependents only a verb has: a word the tagger called an adjective or a noun but that takes
#: a direct object ("and expel 60 diplomats", tagged ADJ by the small model) is a verb.
_VERB_DEPENDENTS = frozenset(("dobj", "dative", "agent", "auxpass"))


def _trigger_pos(tok: Any) -> str | None:
    if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.dep_ == "ROOT"):
        return "VERB"
    if tok.pos_ in ("ADJ", "NOUN", "PROPN") and any(c.dep_ in _VERB_DEPENDENTS
                                                     for c in tok.children):
        return "VERB"
    if tok.pos_ == "NOUN":
        return "NOUN"
    return None


def discarded(sents: Sequence[Any], discards: Discards) -> list[bool] | None:
    """For each sentence, whether a discard phrase silences it; None when a story-level
    discard (sports results, film reviews) silences the whole document. One scan per sentence,
    shared by both decisions."""
    found = [discards.find([t.lower_ for t in span_tokens(s) if not t.is_punct]) for s in sents]
    if any(f is not None and f.scope == "story" for f in found):
        return None
    return [f is not None for f in found]


def sentence_triggers(sent: Any, lexicon: TriggerLexicon) -> list[tuple[Any, Trigger]]:
    """Every word of one sentence (a spaCy ``Span``) with the trigger its context matches,
    blockers included, in text order: what ``code_sentence`` and ``blocked_tokens`` read, so
    a caller that needs both matches the sentence once."""
    out = []
    known = lexicon.lemmas
    for tok in span_tokens(sent):
        lemma = tok.lemma_.lower()
        if lemma not in known:  # most words: a set lookup, before the part-of-speech test
            continue
        pos = _trigger_pos(tok)
        if pos is None or not lexicon.get(lemma, pos):
            continue
        before, after = _clause_words(tok)
        trig = lexicon.match(lemma, before, after, pos)
        if trig is not None:
            out.append((tok, trig))
    return out


#: Words whose "with", "of", "for" or "on" phrase names the crime a person is charged with, not an
#: act: class ``charge_heads`` of data/event_word_classes.yaml, whose note says why.
CHARGE_HEADS = word_class("charge_heads")
_CHARGE_PREPS = frozenset(("with", "of", "for", "on"))


def charge_names(sent: Any) -> set[int]:
    """Indices of the nouns that name a charge's crime in ``sent`` (see ``CHARGE_HEADS``)."""
    out: set[int] = set()
    for tok in span_tokens(sent):
        if tok.pos_ != "NOUN" or tok.dep_ != "pobj" or tok.head.lower_ not in _CHARGE_PREPS:
            continue
        governor = tok.head.head
        if governor.lemma_.lower() not in CHARGE_HEADS and governor.lower_ not in CHARGE_HEADS:
            continue
        if any(c.dep_ in ("det", "poss") for c in tok.children):
            continue  # "the attack", "his killing": an act the story tells
        out.add(tok.i)
        out.update(c.i for c in tok.children if c.dep_ == "conj" and c.pos_ == "NOUN")
    return out


def code_sentence(sent: Any, lexicon: TriggerLexicon,
                  matched: Sequence[tuple[Any, Trigger]] | None = None,
                  blocked: set[int] | None = None) -> list[Candidate]:
    """Rule candidates of one sentence (a spaCy ``Span``) not silenced by a discard, in text
    order (see :func:`discarded`): its matched words less its ``blocked_tokens``.
    ``matched`` and ``blocked``: its ``sentence_triggers`` and ``blocked_tokens``, when known."""
    found = sentence_triggers(sent, lexicon) if matched is None else matched
    if blocked is None:
        blocked = blocked_tokens(sent, lexicon, found)
    kept = [(tok, trig) for tok, trig in found if tok.i not in blocked]
    return [Candidate(tok, trig, _prior(tok, trig)) for tok, trig in kept
            if not _reports_own_trigger(tok, trig, kept)]


def _in_complement(tok: Any, verb: Any) -> bool:
    """Whether ``tok`` lies in a clause that ``verb`` reports (below one of its ``ccomp``)."""
    return any(c.dep_ == "ccomp" and (c.i == tok.i or c.is_ancestor(tok)) for c in verb.children)


def _reports_own_trigger(tok: Any, trig: Trigger, found: Sequence[tuple[Any, Trigger]]) -> bool:
    """A reporting verb whose pattern word lies in the clause it reports, where a trigger of
    the same type stands on its own: "Tbilisi says the separatists launched an attack" is
    the separatists' attack, reported; the CAMEO row "say ... attack" would make it a second
    attack with the speaker for attacker. (When the reported clause has no trigger of that
    type, the row stays: "said it was an outrage".)"""
    if tok.lemma_.lower() not in REPORTING_VERBS:
        return False
    return any(other.i != tok.i and str(t.type) == str(trig.type) and _in_complement(other, tok)
               for other, t in found)


def blocked_tokens(sent: Any, lexicon: TriggerLexicon,
                   matched: Sequence[tuple[Any, Trigger]] | None = None) -> set[int]:
    """Indices of the words whose pattern is a blocker here ("charged for the heat",
    "released a statement") and of the crimes named by a charge ("charged with assault"):
    read in this sense they are no event, whoever proposes one.
    ``matched``: the sentence's ``sentence_triggers``, when known."""
    found = sentence_triggers(sent, lexicon) if matched is None else matched
    return {tok.i for tok, trig in found if trig.is_blocker} | charge_names(sent)
