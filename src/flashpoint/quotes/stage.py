"""The quotes stage: every direct quote, attributed to its speaker, channel and date.

``quotes.rules.v1`` (the default) works in four steps over the parse the pipeline already made:

1. ``marks`` finds the quoted spans from the marks alone (straight or curly, quotes that
   continue across paragraphs, nested single quotes, unbalanced marks repaired with a note).
2. Names, titles and scare quotes are dropped by rule: a quote right after a naming word
   ("so-called", "dubbed", "the slogan", "known as" - ``data/quote_cues.yaml``) is never a
   quotation, and a short quote (``SHORT_QUOTE_WORDS`` words or fewer) is kept only when a
   speech verb governs it in the parse or sits right beside it ("called the order 'tyranny'"
   is kept, "the 'Hart of Dixie' actress" and "a turkey 'pardoning'" are not).
3. ``attribution`` finds the cue verb and its subject in the quote's sentence. A quote
   that starts a sentence and has none takes the speaker of the sentence before it: an
   attributed quote ("“…,” she said. “…”"), reported speech ("Wilson said he was shocked.
   “…”"), "according to X", or a colon introduction ("The police released a statement: “…”").
4. ``context`` links the speaker to an actor of the actors stage, resolves pronouns, and
   reads the channel and the date (a time expression of the times stage on the cue verb).

A quote with no speaker anywhere is not a statement: the contract's ``speaker_text`` says who
spoke, and an empty one would claim nothing an analyst or the event coder could use (on the
tune split such quotes were 3% of all quotes, most of them "speakers" a reader infers from
the story, not from the text). ``quoted_claims`` hands attributed quotes to the event coder.
``quotes.none.v1`` (no statements) stays registered for comparison runs.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flashpoint.config import PipelineConfig
from flashpoint.model import Analysis, Channel, Span, Statement, TimeExpr
from flashpoint.registry import STAGES

from .attribution import Attribution, attribute, speaker_range, speech_cues
from .context import GROUP_LABELS, Mention, Mentions, channel_of, date_of
from .cues import QuoteCues, default_cues
from .marks import SENTENCE_END, QuoteSpan, find_quote_spans
from .parse import Parsed

#: Quotes of this many words or fewer are names or scare quotes unless a speech verb governs
#: them or sits beside them. Calibrated on the tune split of eval/quotes_gold.jsonl: partial
#: quotes of 1-3 words ("tyranny", "a few", "back burner") are common and real when a cue
#: governs them; the names and titles there ("Q-199", "Hart of Dixie") have no cue.
SHORT_QUOTE_WORDS = 3
#: An unattributed quote inherits the previous sentence's speaker only if it has this many
#: words, and below ``SENTENCE_WORDS`` only if it ends like a sentence ("It's unacceptable."):
#: one word opening a sentence ("Tater.") is a name or a title more often than speech.
MIN_INHERIT_WORDS = 2
SENTENCE_WORDS = 4
#: How many words before a quote are checked against the naming words ("the so-called").
NAMING_REACH = 3
#: How many sentences away a channel stated for the same speaker still applies: the sentence
#: before and after a quote, and one more for "X told Reuters … . “…” . “…,” he added".
CHANNEL_REACH = 2
#: Characters that, just before an opening mark, show the quote starts a sentence.
_STARTERS = SENTENCE_END | frozenset("\n”\"’'—")
_WORD = re.compile(r"[\w'’-]+")
#: A one- or two-word capitalised quote between two capitalised words is a nickname
#: ("Mohamed 'Beebo' Khaled").
NICKNAME_WORDS = 2
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|we|We|our|Our|us|my|My|me)\b")
_INNER_MARKS = re.compile(r"\s*[“”\"]\s*")


@dataclass(frozen=True)
class _Said:
    """One accepted quote with its speaker, channel and date, and where it was attributed."""

    quote: QuoteSpan
    speaker: str | None
    speaker_text: str
    channel: Channel
    date: str | None
    position: int  # token of the cue (or the quote's end): what "the sentence before" finds
    first: int = 0  # the quote's first token


# --------------------------------------------------------------------------- filters


def _named(text: str, q: QuoteSpan, cues: QuoteCues) -> bool:
    """Whether the quote is a name: a naming word sits right before it ("the so-called 'X'"),
    or it is a nickname inside a name ("Mohamed 'Beebo' Khaled")."""
    before = _WORD.findall(text[max(0, q.open_mark - 60):q.open_mark])
    tail = [w.lower() for w in before[-NAMING_REACH:]]
    if any(tuple(tail[-len(p):]) == p for p in cues.naming_words if len(p) <= len(tail)):
        return True
    words = text[q.start:q.end].split()
    after = _WORD.findall(text[q.end + 1:q.end + 40])
    between_names = q.open_mark > 1 and text[q.open_mark - 2].isalpha() and \
        text[q.open_mark - 1] == " " and text[q.end:q.end + 3].strip(" '’\"”")[:1].isalpha()
    return bool(len(words) <= NICKNAME_WORDS and before and after and before[-1][0].isupper()
                and after[0][0].isupper() and all(w[0].isupper() and w[-1].isalnum()
                                                  for w in words) and between_names)


def _starts_sentence(text: str, q: QuoteSpan) -> bool:
    k = q.open_mark - 1
    while k >= 0 and text[k] in " \t":
        k -= 1
    return k < 0 or text[k] in _STARTERS


def _words(q: QuoteSpan, text: str) -> int:
    return len(text[q.start:q.end].split())


def _close_enough(p: Parsed, q: QuoteSpan, att: Attribution) -> bool:
    """A short quote needs its cue to govern it or to sit beside it (rule 2)."""
    if att.how in ("governing", "trailing", "final"):
        return True
    return abs(p.token_at(q.open_mark) - att.cue) <= NAMING_REACH + 2


# --------------------------------------------------------------------------- speakers


def _resolve(p: Parsed, att: Attribution, mentions: Mentions,
             ) -> tuple[str | None, str, Mention | None]:
    """The actor id and speaker text of an attribution, and a mention for later pronouns."""
    if att.head is None or att.speaker is None:
        return None, "", None
    doc, cues = p.doc, p.cues
    head = doc[att.head]
    kind = cues.pronouns.get(head.lower_)
    if kind is not None:
        found = mentions.antecedent(kind, head.idx, head.lower_)
        if found is None:
            return None, head.text, None
        found = mentions.named(found)
        return found.actor, found.text, None
    lo, hi = att.speaker
    start, end = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text)
    document = head.lemma_.lower() in cues.document_nouns
    name = _name_as_written(p, lo, hi, att.head)
    if name is not None:
        head = doc[name[1] - 1]  # "his wife Li Wenzu": the name, not "wife", is the speaker
    actor = mentions.covering(start, end) if document else \
        mentions.covering(head.idx, head.idx + len(head.text))
    speaker_text = doc[name[0]:name[1]].text if name else doc[lo:hi].text
    actor_id = actor.actor if actor else None
    if actor_id is None and head.pos_ == "PROPN":
        actor_id = mentions.by_surname(head.text)
    bare = Mention(start, end, speaker_text, actor_id, "person")
    named = mentions.named(bare) if head.pos_ == "NOUN" else bare
    if named is not bare:  # "The president said" -> Barack Obama
        return named.actor, named.text, None
    titled = any(t.lower_.rstrip(".") in cues.person_nouns for t in p.doc[lo:hi])
    named_person = head.lower_ in mentions.person_words  # "Vivians" read as an ORG
    group = not titled and not named_person and (document or head.ent_type_ in GROUP_LABELS or (
        actor is not None and actor.kind == "group"))
    mention = Mention(start, end, speaker_text, actor_id, "group" if group else "person", 2)
    return actor_id, speaker_text, mention


def _name_as_written(p: Parsed, lo: int, hi: int, head: int) -> tuple[int, int] | None:
    """The tokens of the name a speaker is written with, without the titles and descriptions
    before it: "Iran's supreme leader Ali Khamenei" -> "Ali Khamenei", "Cllr Seamus Morris"
    -> "Seamus Morris", "his wife Li Wenzu" -> "Li Wenzu". None for a speaker that is not a
    name ("the ministry" stays as written)."""
    doc = p.doc
    end = hi
    while end > head + 1 and doc[end - 1].pos_ != "PROPN":
        end -= 1
    if doc[end - 1].pos_ != "PROPN" or end - 1 < head:
        return None
    start = end - 1
    while start > lo and doc[start - 1].pos_ == "PROPN":
        start -= 1
    while start < end - 1 and doc[start].lower_.rstrip(".") in p.cues.person_nouns:
        start += 1
    if not any(t.text[:1].isupper() and t.lower_ not in p.cues.person_nouns
               for t in doc[start:end]):
        return None  # a title the tagger called a name ("the defence minister")
    return start, end


def _said(p: Parsed, q: QuoteSpan, att: Attribution, mentions: Mentions,
          times: tuple[TimeExpr, ...]) -> _Said:
    speaker, speaker_text, mention = _resolve(p, att, mentions)
    if mention is not None:
        mentions.add(mention)
    return _Said(q, speaker, speaker_text, channel_of(p, att.cue, mentions),
                 date_of(p, att.cue, times), max(att.cue, p.token_at(max(q.start, q.end - 1))),
                 p.token_at(q.start))


def _colon(p: Parsed, region: range) -> Attribution | None:
    """ "The police released a statement: “…”": the subject of the clause before a colon."""
    last = region.stop - 1
    while last >= region.start and p.doc[last].is_space:
        last -= 1
    if last < region.start or p.doc[last].text != ":":
        return None
    heads = [tok for tok in (p.doc[i] for i in range(region.start, last))
             if not p.in_quote[tok.i] and tok.pos_ in ("VERB", "AUX")
             and (tok.head.i == tok.i or not region.start <= tok.head.i < last)]
    subj = [k for h in heads for k in h.children if k.dep_ in ("nsubj", "nsubjpass")]
    if not subj or subj[0].lower_ in p.cues.non_speakers or p.in_quote[subj[0].i]:
        return None
    return Attribution(subj[0].head.i, subj[0].i, speaker_range(p, subj[0].i), "colon")


def _inherited(p: Parsed, q: QuoteSpan, done: list[_Said], mentions: Mentions,
               times: tuple[TimeExpr, ...]) -> _Said | None:
    """The speaker of the sentence before a quote that has none of its own (rule 3)."""
    k = p.token_at(q.open_mark) - 1
    while k >= 0 and (p.doc[k].is_space or p.doc[k].text in ("“", '"')):
        k -= 1
    if k < 0:
        return None
    region = range(p.doc[k].sent.start, k + 1)
    best: tuple[int, _Said | Attribution] | None = None
    for said in done:
        if region.start <= said.position <= region.stop:
            best = (said.position, said)
    for att in speech_cues(p, region.start, region.stop):
        if att.head is not None and (best is None or att.cue > best[0]):
            best = (att.cue, att)
    if best is None:
        colon = _colon(p, region)
        best = (colon.cue, colon) if colon is not None and colon.head is not None else None
    if best is None:
        return None
    source = best[1]
    if isinstance(source, _Said):
        return _Said(q, source.speaker, source.speaker_text, source.channel, source.date,
                     p.token_at(max(q.start, q.end - 1)), p.token_at(q.start))
    found = _said(p, q, source, mentions, times)
    return dataclasses.replace(found, position=p.token_at(max(q.start, q.end - 1)))


def _attributed(p: Parsed, q: QuoteSpan, att: Attribution, words: int, mentions: Mentions,
                times: tuple[TimeExpr, ...]) -> _Said | None:
    """A quote with a cue in its sentence, unless it is a short scare quote (rule 2) or a
    single-quoted phrase only "according to" someone."""
    if q.single and att.how == "according":
        return None
    if words > SHORT_QUOTE_WORDS or _close_enough(p, q, att):
        said = _said(p, q, att, mentions, times)
        unresolved = said.speaker is None and said.speaker_text.lower() in p.cues.pronouns
        return None if unresolved and words <= SHORT_QUOTE_WORDS else said
    return None


def _one(p: Parsed, q: QuoteSpan, text: str, done: list[_Said], mentions: Mentions,
         times: tuple[TimeExpr, ...]) -> _Said | None:
    """Attribute one quote, or None when it is a name, a title or a scare quote."""
    if _named(text, q, p.cues):
        return None
    words = _words(q, text)
    att = attribute(p, q, text)
    if att is not None and att.head is not None and att.speaker is not None:
        return _attributed(p, q, att, words, mentions, times)
    sentence_like = words >= SENTENCE_WORDS or text[q.end - 1] in ".!?"
    if q.single or words < MIN_INHERIT_WORDS or not sentence_like or \
            not _starts_sentence(text, q):
        return None
    return _inherited(p, q, done, mentions, times)


def _key(speaker: str | None, speaker_text: str) -> str:
    """Who a statement is by, for comparing speakers: the actor, else the last word of the
    name as written ("Andre Wilson" and "Wilson" are one speaker)."""
    return speaker or (speaker_text.split() or [""])[-1].lower()


def _spread_channels(p: Parsed, done: list[_Said], mentions: Mentions) -> list[_Said]:
    """Give a statement of unknown channel the channel the text states for the same speaker in
    the sentences around it: "Wilson told the Daily News that … “…,” he said" is media,
    "Addressing an audience, Abbas reiterated … Abbas said “…”" a speech (``CHANNEL_REACH``)."""
    if all(s.channel != "unknown" for s in done):
        return done
    sentence = p.sentence
    wanted = sorted({k for s in done if s.channel == "unknown"
                     for k in range(sentence(s.first) - CHANNEL_REACH,
                                    sentence(s.position) + CHANNEL_REACH + 1)
                     if 0 <= k < len(p.sent_starts)})
    known: list[tuple[int, str, Channel]] = []  # (sentence, speaker key, channel)
    for k in wanted:
        tokens = p.sentence_tokens(k)
        for att in speech_cues(p, tokens.start, tokens.stop):
            channel = channel_of(p, att.cue, mentions)
            if channel != "unknown" and att.head is not None and att.speaker is not None:
                speaker, text, _ = _resolve(p, att, mentions)
                known.append((k, _key(speaker, text), channel))
    known += [(sentence(s.position), _key(s.speaker, s.speaker_text), s.channel)
              for s in done if s.channel != "unknown"]
    out = []
    for said in done:
        near: list[tuple[int, bool, Channel]] = []
        if said.channel == "unknown" and (said.speaker or said.speaker_text):
            lo, hi = sorted((sentence(said.first), sentence(said.position)))
            key = _key(said.speaker, said.speaker_text)
            near = [(max(lo - j, j - hi, 0), j > hi, ch) for j, who, ch in known
                    if who == key and max(lo - j, j - hi, 0) <= CHANNEL_REACH]
        out.append(dataclasses.replace(said, channel=min(near)[2]) if near else said)
    return out


# --------------------------------------------------------------------------- the stage


def find_statements(analysis: Analysis, cues: QuoteCues | None = None,
                    ) -> tuple[Statement, ...]:
    """Every direct quote of ``analysis.text`` with its speaker, channel and date."""
    doc, text = analysis.parsed, analysis.text
    if doc is None or not text.strip():
        return ()
    cues = cues or default_cues()
    quotes, _notes = find_quote_spans(text, cues)  # the contract has no field for the notes
    if not quotes:
        return ()
    p = Parsed(doc, quotes, cues, text)
    mentions = Mentions(analysis.actors, p, [(q.open_mark, q.end + 1) for q in quotes])
    done: list[_Said] = []
    for q in quotes:
        said = _one(p, q, text, done, mentions, analysis.times)
        if said is not None:
            done.append(said)
    done = _spread_channels(p, done, mentions)
    return tuple(Statement(s.speaker, s.speaker_text,
                           Span(text[s.quote.start:s.quote.end], s.quote.start, s.quote.end),
                           s.channel, s.date) for s in done)


def find_no_statements(analysis: Analysis) -> tuple[Statement, ...]:
    """Return no statements: the empty placeholder, kept for comparison runs."""
    del analysis
    return ()


@STAGES["quotes"].register("quotes.rules.v1")
def make_rules(config: PipelineConfig) -> Callable[[Analysis], tuple[Statement, ...]]:
    """Factory for the rule-based stage; the cue file is loaded (and checked) here, at build
    time, so a broken ``data/quote_cues.yaml`` fails before the first document."""
    del config
    cues = default_cues()

    def stage(analysis: Analysis) -> tuple[Statement, ...]:
        return find_statements(analysis, cues)

    return stage


@STAGES["quotes"].register("quotes.none.v1")
def make_none(config: PipelineConfig) -> Callable[[Analysis], tuple[Statement, ...]]:
    """Factory for the placeholder stage (it needs no configuration)."""
    del config
    return find_no_statements


# --------------------------------------------------------------------------- for the coder


@dataclass(frozen=True)
class QuotedClaim:
    """An attributed quote as the event coder reads it.

    ``text`` is the quoted words with continuation marks removed and spaces collapsed (bracketed
    insertions and ellipses are kept: "[the army]" names who "they" are). ``first_person`` says
    the quote speaks as "I"/"we": what it announces is the speaker's own act.
    """

    statement: Statement
    text: str
    first_person: bool


def quoted_claims(statements: Iterable[Statement], text: str) -> tuple[QuotedClaim, ...]:
    """The attributed statements (an actor or a speaker text), ready for event coding."""
    out = []
    for st in statements:
        if st.speaker is None and not st.speaker_text:
            continue
        words = " ".join(_INNER_MARKS.sub(" ", text[st.quote.start:st.quote.end]).split())
        out.append(QuotedClaim(st, words, bool(_FIRST_PERSON.search(words))))
    return tuple(out)
