"""The parse as the quotes stage reads it: token attributes as lists, char -> token, quotes.

``Parsed`` is built once per document from the spaCy ``Doc`` the pipeline already made. It
reads the token attributes the stage needs into plain lists with ``Doc.to_array`` (a Python
pass over ``Token`` objects costs more than the whole stage on a long article), marks the
tokens inside quotes, and answers what every attribution asks: which token holds a character,
which sentence a token is in, whether a token is a speech cue, where "according to" points.
"""

from __future__ import annotations

import bisect
from functools import lru_cache
from typing import Any

from flashpoint.model import Channel
from flashpoint.nlp import text as doc_text
from flashpoint.nlp import tokens

from .cues import QuoteCues
from .marks import IRREGULAR, QuoteSpan

#: How many tokens after "according to" its object is looked for ("according to the
#: ministry's chief spokesman": the noun is within a few words).
ACCORDING_REACH = 7
#: How many tokens after "according to" a first noun stands in when the parse has no object.
ACCORDING_FALLBACK = 4
NOMINAL = frozenset({"PROPN", "NOUN", "PRON"})
VERBAL = frozenset({"VERB", "AUX"})
#: spaCy's HEAD array holds signed offsets as unsigned 64-bit integers.
_WRAP = 1 << 64


class Parsed:
    """The parse with the lookups every attribution needs: char -> token, in-quote tokens."""

    def __init__(self, doc: Any, quotes: list[QuoteSpan], cues: QuoteCues,
                 text: str | None = None) -> None:
        self.doc = doc
        self.toks = tokens(doc)
        self.text: str = doc_text(doc) if text is None else text
        self.cues = cues
        self.channels: dict[int, Channel] = {}  # sentence start -> channel (quote_context)
        # Token attributes as plain lists, read once: a Python pass over Token objects costs
        # more than the whole stage on a long article.
        size = len(doc)
        self.starts: list[int] = doc.to_array("IDX").tolist() if size else []
        self.deps: list[int] = doc.to_array("DEP").tolist() if size else []
        self.pos: list[int] = doc.to_array("POS").tolist() if size else []
        offsets = doc.to_array("HEAD").tolist() if size else []
        self.heads = [i + (h - _WRAP if h >= _WRAP // 2 else h) for i, h in enumerate(offsets)]
        flags = doc.to_array("SENT_START").tolist() if size else []
        self.sent_starts = [i for i, v in enumerate(flags) if v == 1 or i == 0]
        self.in_quote = [False] * len(doc)
        for q in quotes:
            lo, hi = q.open_mark, (q.close_mark + 1 if q.close_mark is not None else q.end)
            for i in range(self.token_at(lo), self.token_at(max(lo, hi - 1)) + 1):
                if lo <= self.starts[i] < hi:
                    self.in_quote[i] = True
        self.surface = _surface_forms(cues)

    def label(self, name: str) -> int:
        """The hash the arrays use for a dependency or part-of-speech label."""
        return int(self.doc.vocab.strings[name])

    def sentence(self, i: int) -> int:
        """The number of the sentence that holds token ``i``."""
        return bisect.bisect_right(self.sent_starts, i) - 1

    def sentence_tokens(self, k: int) -> range:
        """The tokens of sentence number ``k``."""
        end = self.sent_starts[k + 1] if k + 1 < len(self.sent_starts) else len(self.doc)
        return range(self.sent_starts[k], end)

    def token_at(self, char: int) -> int:
        """Index of the token that contains (or last starts before) ``char``."""
        return max(0, bisect.bisect_right(self.starts, char) - 1)

    def tokens_in(self, lo: int, hi: int) -> range:
        """Token indices that start inside ``[lo, hi)`` chars."""
        return range(bisect.bisect_left(self.starts, lo), bisect.bisect_left(self.starts, hi))

    def is_cue(self, i: int, adjacent: bool) -> bool:
        """Whether token ``i`` introduces speech (``adjacent``: it sits right by the quote)."""
        tok = self.toks[i]
        if self.in_quote[i]:
            return False
        lemma = tok.lemma_.lower()
        if tok.pos_ in VERBAL and self.cues.is_cue(lemma):
            if lemma in self.cues.adjacent_only and not adjacent:
                return False
            return not (lemma in self.cues.naming_verbs and _names_a_noun(self.doc, tok))
        return adjacent and tok.lower_ in self.surface  # "Said Allen," parsed as a name

    def according(self, lo: int, hi: int) -> int | None:
        """The object token of an "according to X" that starts in tokens ``[lo, hi)``."""
        firsts = {phrase[0] for phrase in self.cues.according_to}
        if not any(self.toks[i].lower_ in firsts for i in range(lo, hi)):
            return None
        words = [self.toks[i].lower_ for i in range(lo, hi)]
        for k in range(len(words)):
            for phrase in self.cues.according_to:
                if tuple(words[k:k + len(phrase)]) == phrase and not self.in_quote[lo + k]:
                    end = lo + k + len(phrase)
                    return next((j for j in range(end, min(hi, end + ACCORDING_REACH))
                                 if self.toks[j].pos_ in NOMINAL and self.toks[j].dep_ == "pobj"
                                 ), first_nominal(self.doc, end, min(hi, end + ACCORDING_FALLBACK)))
        return None


def _names_a_noun(doc: Any, verb: Any) -> bool:
    """ "a group called 'X'": a naming participle right after a common noun. After a comma or
    a name ("Mahathir, 92, called the order 'tyranny'") the parser's ``acl`` is a misread
    finite verb."""
    return bool(verb.dep_ == "acl" and verb.i > 0 and doc[verb.i - 1].text != ","
                and verb.head.pos_ != "PROPN")


@lru_cache(maxsize=4)
def _surface_forms(cues: QuoteCues) -> frozenset[str]:
    """Inflected forms of the speech verbs, for cues the parser did not read as verbs."""
    forms: set[str] = set()
    for lemma in cues.speech_verbs:
        forms.update((lemma + "s", lemma + "ed", lemma + "d", *IRREGULAR.get(lemma, ())))
        if lemma.endswith("y"):
            forms.update((lemma[:-1] + "ies", lemma[:-1] + "ied"))
    return frozenset(forms)


def first_nominal(doc: Any, lo: int, hi: int) -> int | None:
    """The last token of the first name or noun run in ``[lo, hi)``."""
    for j in range(lo, hi):
        if doc[j].pos_ in NOMINAL:
            k = j
            while k + 1 < hi and doc[k + 1].pos_ == "PROPN" and doc[k].pos_ == "PROPN":
                k += 1
            return k
    return None
