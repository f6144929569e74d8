"""Who said a quote, read from the parse: the cue verb that introduces it and its subject.

For one quote (``quotes.marks.QuoteSpan``) the attribution is looked for in the quote's own
sentence, in this order:

0. a speech verb right before the opening mark ("Barr tweeted, “…”", "he said: “…”") wins;
1. **governing** - the nearest speech verb above the quote in the parse: "X said the move was
   'illegal'", "“…,” X said" (the quote is the verb's clausal complement), unless the quote is
   inside the verb's subject ("The 'self-development junkie' said" is a label);
2. **leading** - a speech verb before the opening mark: "X said: “…”", "Explained Keith, “…”";
3. **trailing** - a speech verb right after the closing mark: "“…,” said X, the minister". It
   is tried first when the quote ends with a comma, question or exclamation mark (which
   announce a trailing "X said"), and only then: after a full stop only a lower-case "he
   said" may follow, and after a bare phrase the next verb is the sentence's own;
4. **final** - a cue closing the sentence after a comma attributes every quote in it ("The
   core of its 'values' is to encourage 'ambition', added Khaled.");
5. **according** - "According to X, “…”" / "“…,” according to X", last: a speech verb
   governing the quote names its speaker ("X says “…,” according to the agency").

The speaker is the verb's subject (``nsubj``; a relative pronoun is replaced by the noun it
modifies; a participle without one borrows its governor's: "…, saying “…”"), the object of
"quoted X as saying", or the object of "according to". When the parse gives no subject (spaCy
reads a sentence-initial "Said Allen" as a name), the nearest name beside the verb is taken.
The speaker phrase is the head's left subtree plus an "of/for" phrase ("the head of the
ministry"), never an appositive ("Yulia Skripal, 33," is "Yulia Skripal").
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .cues import QuoteCues
from .marks import QuoteSpan
from .parse import NOMINAL, VERBAL, Parsed, first_nominal

#: How many clauses (verbs) the dependency path from a quote's words may cross to reach its
#: cue verb: "X said the army had committed 'war crimes'" crosses one (committed); a wrong
#: prepositional attachment ("described a recount of votes in Wisconsin as a 'scam'") adds
#: nouns, not clauses, so nouns are not counted, only capped by ``MAX_GOVERN_STEPS``.
MAX_GOVERN_CLAUSES = 3
MAX_GOVERN_STEPS = 12
#: How many tokens may separate a quote's mark from an adjacent cue ("“…,” the ministry's
#: spokesman for Europe said" is 6); further away a verb is part of another clause.
ADJACENT_TOKENS = 7
#: A cue this close before the opening mark ("tweeted, “", "said: “") attributes the quote
#: before anything after it is considered: a quote has one attribution, and what follows a
#: question mark may be the next sentence's verb.
LEADING_FIRST = 2
#: Longest speaker phrase kept, in tokens: titles and names ("Russian President Vladimir
#: Putin's chief spokesman Dmitry Peskov") fit; longer subtrees are clauses, not names.
MAX_SPEAKER_TOKENS = 12
#: Prepositions whose phrase stays in the speaker ("the head of the ministry").
SPEAKER_PREPS = frozenset({"of", "for", "at", "from"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
#: Dependencies of a name right after a title with no comma between ("father Ian Lau").
_NAME_AFTER = frozenset({"appos", "compound", "flat", "npadvmod", "dobj", "attr"})
_RELATIVE = frozenset({"who", "that", "which", "whom"})
_CLIMB = frozenset({"advcl", "xcomp", "conj", "pcomp", "ccomp", "prep"})
#: Tags of the wh-words that make a clause a reported question ("asked why the women …").
_WH = frozenset({"WRB", "WP", "WDT"})
#: Parts of speech of a speaker phrase after an inverted cue ("said the 20-year-old resident").
_NAME_PARTS = frozenset({"DET", "ADJ", "PROPN", "NOUN", "NUM", "PART"})
#: Cue verbs whose following noun is the hearer, not an inverted subject ("told reporters").
_OBJECT_VERBS = frozenset({"tell", "ask", "inform", "advise", "assure", "urge", "quote", "cite",
                           "accuse", "call", "describe", "brand", "label", "term", "order"})
#: Tokens that end the window after a quote: the sentence is over.
_STOPS = frozenset({".", "!", "?", ";"})
#: Tokens after which a line break is a real sentence end, not a hard wrap.
_SENTENCE_FINAL = frozenset({".", "!", "?", ":", "”", '"', "’", "'", ")"})


@dataclass(frozen=True)
class Attribution:
    """Where a quote's attribution was found: the cue verb, the speaker's head token and phrase.

    ``speaker`` is a (start, end) token range or None when no speaker was found; ``how`` is
    governing, leading, trailing or according (for reports and tests).
    """

    cue: int
    head: int | None
    speaker: tuple[int, int] | None
    how: str


# --------------------------------------------------------------------------- speakers


def _subject(verb: Any, cues: QuoteCues) -> Any | None:
    """The subject token of ``verb`` itself (no climbing), or None."""
    kids = list(verb.children)
    if verb.lemma_ in cues.quoting_verbs:
        if any(k.lower_ == "as" for k in kids):  # "quoted him as saying": the object spoke
            quoted = [k for k in kids if k.dep_ in ("dobj", "nsubjpass")]
            return quoted[0] if quoted else None
        if any(k.dep_ in ("agent", "nsubjpass", "auxpass") for k in kids):
            return None  # "quoted by the Times": the medium, not the speaker
    agent = [g for k in kids if k.dep_ == "agent" for g in k.children if g.dep_ == "pobj"]
    subj = agent or [k for k in kids if k.dep_ in _SUBJECTS]
    if not subj:
        if verb.dep_ == "acl" and verb.tag_ in ("VBD", "VBN") and verb.head.pos_ in NOMINAL:
            return verb.head  # "Mahathir, 92, called ..." misread as a participle
        return None
    head = subj[0]
    if head.lower_ in _RELATIVE and verb.dep_ == "relcl":
        head = verb.head
    return head


def subject_of(p: Parsed, cue: int) -> int | None:
    """The speaker's head token for cue verb ``cue`` (see the module docstring).

    A verb without a subject borrows one. A participle set off by a comma ("…, saying “…”")
    and a conjunct whose first conjunct is not a speech verb ("denies the claims and has called
    them 'indecent'") take the subject of the nearest clause above them that is not itself a
    reported or relative clause: the parser often hangs them on the closest verb ("suggested
    that the US could go …, stating"), whose subject is not the speaker. An infinitive or other
    clause takes its governor's.
    """
    verb = p.doc[cue]
    for _ in range(3):
        head = _subject(verb, p.cues)
        if head is not None:
            return int(head.i)
        borrow = (verb.tag_ == "VBG" and verb.dep_ in ("advcl", "acl")) or (
            verb.dep_ == "conj" and not p.cues.is_cue(verb.head.lemma_))
        if borrow:
            return _main_subject(p, verb)
        if verb.dep_ not in _CLIMB or verb.head.i == verb.i or (
                verb.dep_ == "advcl" and verb.tag_ != "VBG"):
            break  # "…, meant to declare": a reduced relative, not the main clause's act
        verb = verb.head
        misread = _misread_verb(p, verb)
        if misread is not None:
            return misread
    return None


def _main_subject(p: Parsed, verb: Any) -> int | None:
    """The subject of the first clause above ``verb`` that is not a "that"/"if" clause or a
    relative clause (see ``subject_of``)."""
    tok = verb.head
    for _ in range(MAX_GOVERN_STEPS):
        embedded = tok.dep_ in ("relcl", "acl") or any(
            k.dep_ == "mark" or (k.dep_ == "advmod" and k.tag_ in _WH) for k in tok.children)
        if tok.pos_ in VERBAL and not embedded:
            head = _subject(tok, p.cues)
            if head is not None:
                return int(head.i)
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def _misread_verb(p: Parsed, tok: Any) -> int | None:
    """ "Mamo replies by saying": a speech verb the parser read as a noun with the speaker as
    its compound; the name is the subject."""
    if tok.pos_ != "NOUN" or tok.lower_ not in p.surface:
        return None
    names = [k for k in tok.lefts if k.dep_ == "compound" and k.pos_ == "PROPN"]
    return int(names[-1].i) if names else None


def inverted(p: Parsed, cue: int) -> int | None:
    """The head of a name right after a cue that ends its clause: "said Emily Davis.",
    "recalled former NewsChannel 7 reporter Bill Holland.", "said Sue Barusefski, a resident"
    (the last noun of the run), or None. "told reporters" is an object, never a speaker."""
    doc = p.doc
    if doc[cue].lemma_ in _OBJECT_VERBS:
        return None
    sent_end = doc[cue].sent.end
    j, last = cue + 1, None
    while j < min(sent_end, cue + 1 + MAX_SPEAKER_TOKENS):
        tok = doc[j]
        if tok.pos_ not in _NAME_PARTS or p.in_quote[j] or tok.ent_type_ in ("DATE", "TIME"):
            break
        if tok.pos_ in ("PROPN", "NOUN"):
            last = j
        j += 1
    ends = j >= sent_end or doc[j].is_punct or doc[j].is_space or p.in_quote[j]
    return last if ends else None


def _beside(p: Parsed, cue: int, quote_before: bool) -> int | None:
    """A name next to a cue the parse gave no subject: after it when the quote is before."""
    doc, sent = p.doc, p.doc[cue].sent
    if quote_before:
        return first_nominal(doc, cue + 1, min(sent.end, cue + ADJACENT_TOKENS))
    for j in range(cue - 1, max(sent.start, cue - ADJACENT_TOKENS) - 1, -1):
        if doc[j].pos_ in NOMINAL and not p.in_quote[j]:
            return j
    return None


def speaker_range(p: Parsed, head: int) -> tuple[int, int]:
    """The speaker phrase around ``head``: its left subtree, plus an "of/for" phrase."""
    doc = p.doc
    tok = doc[head]
    lo = tok.left_edge.i
    while lo < head and (doc[lo].is_punct or p.in_quote[lo] or doc[lo].dep_ in ("cc", "prep")):
        lo += 1
    hi = head + 1
    while hi < len(doc) and doc[hi].dep_ == "compound" and doc[hi].head.i > hi:
        hi += 1  # a name the parse split ("Explained Keith" -> "Keith")
    for kid in tok.rights:
        if kid.left_edge.i != hi or kid.right_edge.i + 1 - lo > MAX_SPEAKER_TOKENS:
            continue
        if kid.dep_ == "prep" and kid.lower_ in SPEAKER_PREPS:
            hi = kid.right_edge.i + 1  # "the head of the ministry"
        elif kid.pos_ == "PROPN" and kid.dep_ in _NAME_AFTER:
            hi = kid.i + 1  # "his wife Cynthia", not its appositive ", another doctor"
    if hi - lo > MAX_SPEAKER_TOKENS:
        lo = max(lo, hi - MAX_SPEAKER_TOKENS)
    return lo, hi


def _attribution(p: Parsed, cue: int, quote_before: bool, how: str,
                 adjacent: bool = True) -> Attribution:
    """The attribution of cue ``cue``; ``quote_before``: the quote precedes the cue."""
    doc = p.doc
    head = subject_of(p, cue) if doc[cue].pos_ in VERBAL else None
    bad = head is None or p.in_quote[head] or (quote_before and head < cue and any(
        p.in_quote[i] and not doc[i].is_punct
        for i in range(doc[head].left_edge.i, doc[head].right_edge.i + 1)))
    rng = None
    after_cue = quote_before or doc[cue].pos_ not in VERBAL
    if bad and adjacent and after_cue:
        head = inverted(p, cue)
        if head is not None:
            rng = (cue + 1, head + 1)
        else:
            head = _beside(p, cue, quote_before)
    elif bad:
        head = None
    if head is not None and doc[head].lower_ in p.cues.non_speakers:
        head = None
    if head is not None and rng is None:
        rng = speaker_range(p, head)
    return Attribution(cue, head, rng if head is not None else None, how)


# --------------------------------------------------------------------------- the three places


def _quote_tokens(p: Parsed, q: QuoteSpan) -> range:
    return p.tokens_in(q.start, q.end)


def _governing(p: Parsed, q: QuoteSpan) -> Attribution | None:
    """The nearest speech verb above the quote in the parse. A quote inside the verb's own
    subject is a label, not speech ("The 'self-development junkie' said he …")."""
    inside = _quote_tokens(p, q)
    seen: set[int] = set()
    for i in inside:
        child, tok, clauses = p.doc[i], p.doc[i].head, 0
        for _ in range(MAX_GOVERN_STEPS):
            if tok.i in inside or tok.i in seen or clauses > MAX_GOVERN_CLAUSES:
                break
            seen.add(tok.i)
            if p.is_cue(tok.i, adjacent=False) and child.dep_ not in _SUBJECTS:
                after = p.doc[tok.i].idx >= q.end
                return _attribution(p, tok.i, after, "governing",
                                    adjacent=abs(tok.i - (inside.stop if after else
                                                          inside.start)) <= ADJACENT_TOKENS)
            if tok.head.i == tok.i:
                break
            clauses += tok.pos_ in VERBAL and not p.in_quote[tok.i]
            child, tok = tok, tok.head
    return None


def _leading(p: Parsed, q: QuoteSpan) -> Attribution | None:
    """The nearest speech verb before the opening mark in the quote's sentence; an earlier
    quote in between is stepped over ("X said the arrests were “A” and “B”")."""
    first = p.token_at(q.open_mark)
    lo = _sentence_start(p, first)
    for i in range(first - 1, lo - 1, -1):
        if not p.in_quote[i] and p.is_cue(i, adjacent=first - i <= ADJACENT_TOKENS):
            return _attribution(p, i, False, "leading", adjacent=first - i <= ADJACENT_TOKENS)
    return None


def _sentence_start(p: Parsed, first: int) -> int:
    """Start of the sentence of token ``first``, reaching back over the splits the parser makes
    inside one sentence: at a colon that introduces the quote ("X said:" parsed as its own
    sentence) and at a hard line wrap (a newline plus indentation after a word, not after a
    full stop: "with Spanish" + line break + indentation + "authorities and “a new blow”")."""
    doc = p.doc
    lo = p.sent_starts[p.sentence(first)]
    while lo > 0:
        k = lo - 1
        while k > 0 and doc[k].is_space:
            k -= 1
        wrapped = any("\n" in doc[j].text for j in range(k + 1, lo)) or "\n" in doc[lo].text
        colon = doc[k].text == ":" and k == first - 1
        if not (colon or (wrapped and doc[k].text not in _SENTENCE_FINAL)):
            break
        lo = p.sent_starts[p.sentence(k)]
    return lo


def _after(p: Parsed, q: QuoteSpan) -> range:
    """The tokens after the closing mark up to the end of the clause (or the next quote)."""
    after = (q.close_mark + 1) if q.close_mark is not None else q.end
    first = bisect.bisect_left(p.starts, after)
    stop = min(len(p.doc), first + ADJACENT_TOKENS)
    for i in range(first, stop):
        if p.in_quote[i] or p.doc[i].text in _STOPS or "\n" in p.doc[i].text:
            return range(first, i)
    return range(first, stop)


def _trailing(p: Parsed, q: QuoteSpan) -> Attribution | None:
    for i in _after(p, q):
        if p.is_cue(i, adjacent=True):
            return _attribution(p, i, True, "trailing")
    return None


def _final(p: Parsed, q: QuoteSpan) -> Attribution | None:
    """ "The core of its 'values' is to encourage 'ambition', added Khaled.": a cue closing the
    sentence after a comma attributes every quote in that sentence."""
    last = p.token_at(max(q.start, q.end - 1))
    sent = p.doc[last].sent
    end = sent.end
    while end > sent.start and (p.doc[end - 1].is_punct or p.doc[end - 1].is_space):
        end -= 1
    comma = next((i for i in range(end - 1, last, -1) if p.doc[i].text == ","), None)
    if comma is None or end - comma > ADJACENT_TOKENS + 1 or any(
            p.in_quote[i] for i in range(comma, end)):
        return None
    for i in range(comma + 1, end):
        if p.is_cue(i, adjacent=True):
            found = _attribution(p, i, True, "final")
            return found if found.head is not None else None
    return None


def _according(p: Parsed, q: QuoteSpan, trailing_ok: bool) -> Attribution | None:
    """ "According to X, “…”" or "“…,” according to X": the last resort, since a speech verb
    that governs the quote is its speaker ("X says “…,” according to the agency")."""
    first = p.token_at(q.open_mark)
    obj = p.according(_sentence_start(p, first), first)
    if obj is None and trailing_ok:
        window = _after(p, q)
        obj = p.according(window.start, window.stop)
    if obj is None:
        return None
    return Attribution(obj, obj, speaker_range(p, obj), "according")


def _trailing_allowed(text: str, q: QuoteSpan) -> bool:
    """Whether the words after the closing mark may attribute the quote. After a comma, a
    question or an exclamation inside the marks they do ("“…,” she said"); after a full stop
    only a lower-case "he said" does (a capitalised word starts the next sentence); after a
    bare phrase only a comma after the mark does ("“Not a fan”, she said"): otherwise the
    verb that follows is the sentence's own ("The “operation” continued for a year")."""
    last = text[q.end - 1] if q.end > q.start else ""
    k = (q.close_mark + 1) if q.close_mark is not None else q.end
    if k < len(text) and text[k] == ",":
        return True
    while k < len(text) and text[k] in " \t":
        k += 1
    nxt = text[k] if k < len(text) else ""
    if last in ".…":
        return nxt.islower()
    return last in ",?!—-"


def attribute(p: Parsed, q: QuoteSpan, text: str) -> Attribution | None:
    """The attribution of ``q`` inside its own sentence, or None (see the module docstring)."""
    last = text[q.end - 1] if q.end > q.start else ""
    after = text[q.close_mark + 1] if q.close_mark is not None and \
        q.close_mark + 1 < len(text) else ""
    trailing_ok = _trailing_allowed(text, q)
    lead = _leading(p, q)
    if lead is not None and lead.head is not None and \
            p.token_at(q.open_mark) - lead.cue <= LEADING_FIRST:
        return lead  # "Barr tweeted, “Who is Q?” The Daily Beast reported."
    trailing_first = last in ",?!—-" or after == ","
    order = (_trailing, _governing, _leading) if trailing_first else \
        (_governing, _leading, _trailing)
    for find in order:
        if find is _trailing and not trailing_ok:
            continue
        found = find(p, q)
        if found is not None and found.head is not None:
            return found
    return _final(p, q) or _according(p, q, trailing_ok)


def speech_cues(p: Parsed, lo: int, hi: int) -> Iterator[Attribution]:
    """Every speech verb (or "according to") outside quotes in tokens ``[lo, hi)``, with its
    subject: the reported-speech sentences that introduce an unattributed quote after them."""
    for i in range(lo, hi):
        if not p.is_cue(i, adjacent=False):
            continue
        tok = p.doc[i]
        passive = any(k.dep_ in ("nsubjpass", "auxpass") for k in tok.children)
        if tok.lemma_ not in p.cues.naming_verbs and not (
                passive and tok.lemma_ not in p.cues.quoting_verbs):
            found = _attribution(p, i, False, "previous", adjacent=False)
            if found.head is not None:
                yield found
    obj = p.according(lo, hi)
    if obj is not None:
        yield Attribution(obj, obj, speaker_range(p, obj), "according")
