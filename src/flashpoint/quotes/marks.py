"""Find the spans of quoted text from the quotation marks alone (no parse, no attribution).

News text mixes straight and curly marks, loses paragraph breaks, and leaves quotes open. The
rules, in order:

1. **Roles from context, not glyphs.** A mark with a space (or line start, bracket, colon)
   before it and a word after it opens; one with a word or punctuation before it and a space
   or punctuation after it closes. The glyph (``“`` vs ``”``) decides only when the context
   allows both, and a mark with spaces on both sides takes whatever role the current state
   needs. So ``said:"No`` opens, ``guilty... “ “Somebody`` does not break the pairing, and a
   stray mark resynchronises at the next well-placed one instead of turning every later quote
   inside out.
2. **Continuation.** An opening mark met while a quote is open is the news convention for a
   quote that goes on in the next paragraph ("…ended.\\n“And then…”"), also when the paragraph
   break was lost ("…ended. “And then…”"): the two segments are one quote. This needs the open
   segment to end a sentence or a paragraph.
3. **Unclosed quotes** (an opening mark mid-sentence while a quote is open, a paragraph that
   ends open and is not continued, or the end of the text) end at the first ``, said X`` /
   ``, X said`` inside them, else at their paragraph's end; the quote keeps a note saying so.
4. **Single marks** (``'yes'``, ``‘lies’``) count as quotes only outside double quotes (inside
   them they are nested quotes and part of the outer text), on one line, short, and never as an
   apostrophe between letters ("don't").

Every span returned has ``text[start:end]`` as its quoted words (marks excluded, outer spaces
stripped) and the spans never overlap.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from .cues import QuoteCues

Role = Literal["open", "close", "either"]

DOUBLE_MARKS = frozenset('"“”„«»')
OPEN_GLYPHS = frozenset("“„«")
CLOSE_GLYPHS = frozenset("”»")
SINGLE_OPEN = frozenset("‘'")
SINGLE_CLOSE = frozenset("’'")
#: Characters before a mark that let it open ("(“", ":"No", "—'").
OPENING_CONTEXT = frozenset("([{—–-/:")
#: Characters after a mark that let it close ("”,", "”)").
CLOSING_CONTEXT = frozenset(".,;:!?)]}—–-…'’")
SENTENCE_END = frozenset(".!?…:")
#: A single mark that may open a phrase: after a space, line start, bracket or colon, before a
#: letter or digit.
_SINGLE_OPENER = re.compile(r"(?:(?<=^)|(?<=[\s(\[{—–/:-]))[‘'](?=\w)")
#: A newline followed by text or another newline (not by indentation: a hard wrap).
PARAGRAPH_BREAK = re.compile(r"\n(?=[^\S\n]*\n|\S)")
#: A single-quoted span longer than this is an apostrophe mistaken for a mark: quoted words in
#: single marks are a phrase or a short sentence (headline style), 40-120 characters in the dev
#: articles; 250 leaves room and still stops at the next line.
MAX_SINGLE_CHARS = 250
#: How many words may sit between the comma and the verb of an attribution that closes an
#: unclosed quote (", said X" is 0, ", Chief of Department Terence Monahan said" is 5).
MAX_ATTRIBUTION_WORDS = 5

#: Irregular past forms of speech verbs (regular ones are derived), for the surface pattern that
#: closes an unclosed quote: the parse is not consulted there because the quote's own words
#: confuse it.
IRREGULAR = {"say": ("said",), "tell": ("told",), "write": ("wrote", "written"),
             "begin": ("began", "begun"), "sing": ("sang", "sung"), "read": ("read",),
             "swear": ("swore",), "speak": ("spoke",)}


@dataclass(frozen=True)
class QuoteSpan:
    """One quotation: the quoted words ``start``-``end`` and where its marks are.

    ``segments`` lists the (start, end) of each part when a quote continues across paragraphs
    (one segment otherwise); ``open_mark`` is the first opening mark and ``close_mark`` the
    closing mark of the last segment (``None`` when the quote was never closed). ``note`` says
    how an unbalanced quote was repaired.
    """

    start: int
    end: int
    open_mark: int
    close_mark: int | None
    segments: tuple[tuple[int, int], ...]
    single: bool = False
    note: str | None = None


@dataclass(frozen=True)
class _Segment:
    open_mark: int
    close_mark: int | None
    stop: int  # where the segment's text stops (the close mark, next open mark or text end)
    continued: bool = False  # the next segment continues this quote


def role(text: str, i: int) -> Role:
    """The role of the double mark at ``i`` from the characters around it (rule 1)."""
    prev = text[i - 1] if i > 0 else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    can_open = (prev.isspace() or prev in OPENING_CONTEXT) and not nxt.isspace()
    can_close = (nxt.isspace() or nxt in CLOSING_CONTEXT) and not prev.isspace()
    if can_open and not can_close:
        return "open"
    if can_close and not can_open:
        return "close"
    if can_open and can_close:
        mark = text[i]
        return "open" if mark in OPEN_GLYPHS else "close" if mark in CLOSE_GLYPHS else "either"
    return "either"


def _ends_sentence(text: str, lo: int, i: int) -> bool:
    """Whether the open segment before mark ``i`` ends a sentence or paragraph (rule 2)."""
    k = i - 1
    saw_newline = False
    while k > lo and text[k].isspace():
        saw_newline = saw_newline or text[k] == "\n"
        k -= 1
    return saw_newline or (k > lo and text[k] in SENTENCE_END)


def _para_break(text: str, lo: int, hi: int) -> int | None:
    """The first paragraph break inside ``text[lo:hi]`` that has words after it, or None.

    A paragraph break is a newline followed by text or by another newline; a newline followed
    by indentation is a hard line wrap inside a paragraph (some wire copy wraps at 110
    characters) and does not end a quote.
    """
    for m in PARAGRAPH_BREAK.finditer(text, lo, hi):
        if text[m.start():hi].strip():
            return m.start()
    return None


def _pair(text: str) -> tuple[list[_Segment], list[str]]:
    """Pair the double marks into segments (rules 1-3)."""
    segments: list[_Segment] = []
    notes: list[str] = []
    open_at: int | None = None
    for i, ch in enumerate(text):
        if ch not in DOUBLE_MARKS:
            continue
        r = role(text, i)
        if open_at is None:
            if r == "close":
                notes.append(f"stray closing mark at {i} skipped")
            else:
                open_at = i
            continue
        brk = _para_break(text, open_at + 1, i)
        if r in ("close", "either") and brk is None:
            segments.append(_Segment(open_at, i, i))
            open_at = None
        elif brk is not None and r in ("close", "either"):  # ran past its paragraph
            segments.append(_Segment(open_at, None, brk))
            open_at = i if r == "either" else None
            if r == "close":
                notes.append(f"stray closing mark at {i} skipped")
        else:
            continued = brk is None and _ends_sentence(text, open_at, i)
            segments.append(_Segment(open_at, None, i, continued))
            open_at = i
    if open_at is not None:
        segments.append(_Segment(open_at, None, len(text)))
    return segments, notes


@lru_cache(maxsize=4)
def _attribution_tail(cues: QuoteCues) -> re.Pattern[str]:
    """``, said`` / ``, X Y said`` inside an unclosed quote: where it really ended (rule 3)."""
    forms: set[str] = set()
    for lemma in cues.speech_verbs - cues.adjacent_only:
        forms.update((lemma, lemma + "s", lemma + "ed", lemma + "d", *IRREGULAR.get(lemma, ())))
        if lemma.endswith("y"):
            forms.update((lemma[:-1] + "ies", lemma[:-1] + "ied"))
    verbs = "|".join(sorted((re.escape(f) for f in forms), key=len, reverse=True))
    words = rf"(?:[\w.'’-]+\s+){{0,{MAX_ATTRIBUTION_WORDS}}}"
    return re.compile(rf"[,?!]\s+{words}(?:{verbs})\b")


def _unclosed_end(text: str, seg: _Segment, cues: QuoteCues) -> tuple[int, str]:
    """Where an unclosed segment's quoted words end, and the note saying why."""
    lo, hi = seg.open_mark + 1, seg.stop
    body = text[lo:hi]
    m = _attribution_tail(cues).search(body)
    brk = PARAGRAPH_BREAK.search(body)
    newline = brk.start() if brk else -1
    if m and (newline < 0 or m.start() < newline):
        return lo + m.start() + (body[m.start()] != ","), "unclosed: ended at its attribution"
    if newline >= 0:
        return lo + newline, "unclosed: ended at the paragraph end"
    return hi, "unclosed: ended at the next quote" if hi < len(text) else "unclosed: ran to the end"


def _strip(text: str, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return lo, hi


def _merge(text: str, segments: list[_Segment], cues: QuoteCues) -> list[QuoteSpan]:
    """Join continued segments into quotes and repair unclosed ones (rules 2-3)."""
    out: list[QuoteSpan] = []
    chain: list[tuple[int, int]] = []
    first_open = 0
    for seg in segments:
        if not chain:
            first_open = seg.open_mark
        note = None
        if seg.close_mark is not None:
            end = seg.close_mark
        elif seg.continued:
            end = seg.stop
        else:
            end, note = _unclosed_end(text, seg, cues)
        lo, hi = _strip(text, seg.open_mark + 1, end)
        if hi > lo:
            chain.append((lo, hi))
        if seg.continued and seg.close_mark is None:
            continue
        if chain and any(ch.isalnum() for ch in text[chain[0][0]:chain[-1][1]]):
            out.append(QuoteSpan(chain[0][0], chain[-1][1], first_open, seg.close_mark,
                                 tuple(chain), note=note))
        chain = []
    return out


def _single_quotes(text: str, taken: list[tuple[int, int]]) -> list[QuoteSpan]:
    """Top-level single-quoted phrases outside ``taken`` ranges (rule 4)."""
    out: list[QuoteSpan] = []
    blocked = sorted(taken)
    starts = [a for a, _ in blocked]
    resume = 0
    for m in _SINGLE_OPENER.finditer(text):
        i = m.start()
        k = bisect.bisect_right(starts, i) - 1
        if i < resume or (k >= 0 and i < blocked[k][1]):
            continue
        j = _single_close(text, i + 1)
        nxt = bisect.bisect_right(starts, i)
        if j is not None and (nxt >= len(starts) or starts[nxt] > j):
            lo, hi = _strip(text, i + 1, j)
            out.append(QuoteSpan(lo, hi, i, j, ((lo, hi),), single=True))
            resume = j + 1
    return out


def _single_close(text: str, lo: int) -> int | None:
    """The closing single mark of a phrase opened before ``lo``, on the same line."""
    for j in range(lo, min(len(text), lo + MAX_SINGLE_CHARS)):
        ch = text[j]
        if ch == "\n" or ch in DOUBLE_MARKS:
            return None
        if ch in SINGLE_CLOSE:
            prev, nxt = text[j - 1], text[j + 1] if j + 1 < len(text) else " "
            if prev.isalpha() and nxt.isalpha():
                continue  # an apostrophe: don't, Paterson's
            if not prev.isspace() and (nxt.isspace() or nxt in CLOSING_CONTEXT or nxt in "\"”"):
                return j
    return None


def find_quote_spans(text: str, cues: QuoteCues) -> tuple[list[QuoteSpan], list[str]]:
    """Every quotation in ``text`` in order, and notes on the marks that had to be repaired."""
    segments, notes = _pair(text)
    doubles = _merge(text, segments, cues)
    notes += [f"quote at {q.start}: {q.note}" for q in doubles if q.note]
    taken = [(q.open_mark, (q.close_mark if q.close_mark is not None else q.end) + 1)
             for q in doubles]
    singles = _single_quotes(text, taken)
    return sorted(doubles + singles, key=lambda q: q.start), notes
