"""Score the quotes stage against the hand-annotated ``eval/quotes_gold.jsonl``.

The gold file holds one dev article per line (from ``shared/data/geo/*.dev.jsonl``, its text
copied in so the score needs no shared folder) with every direct quote a reader attributes to
a speaker: the quoted words as an exact substring with offsets, the speaker as written (plus
accepted alternatives, e.g. the name behind "the statement"), the channel, and the article's
split (``tune``: rules were tuned on it; ``heldout``: never looked at while tuning).

Rules, decided once here:

- A gold quote and an output statement **overlap** when the output covers at least
  ``MIN_OVERLAP`` of the gold quote's characters; each output matches at most one gold quote
  (greedy, largest overlap first), so one long output over two gold quotes scores once.
- The **speaker matches** when a gold name and an output name contain one another as word sets
  after normalising (case, curly quotes, "the", honorifics such as "Mr" or "Cllr", possessive
  's): gold "Ali Khamenei"
  matches output "Khamenei" and "Iran's supreme leader Ali Khamenei". Output names are the
  statement's ``speaker_text`` and its actor's name and mention texts.
- **Pairs** (quote + speaker) are the headline: precision over all output statements, recall
  over all gold quotes. **Spans** are the same without the speaker. **Channel accuracy** is
  over the span matches.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flashpoint.errors import EvalError

from .datasets import find_repo_root, locate_shared

#: Where the gold file lives, relative to the repository root.
GOLD_PATH = Path("eval") / "quotes_gold.jsonl"
#: Share of a gold quote's characters an output must cover to be the same quote: a quote that
#: continues across paragraphs may be cut at a paragraph by either side, and half of it is
#: still clearly the same quotation, while two different quotes never share half their text.
MIN_OVERLAP = 0.5
SPLITS = ("tune", "heldout")
#: Words ignored when comparing speaker names: articles and honorifics ("Cllr Morris" is
#: "Seamus Morris"), which are forms of address, not parts of a name.
_IGNORED = frozenset({"the", "a", "an", "s", "mr", "mrs", "ms", "miss", "dr", "cllr", "sen",
                      "rep", "gen", "col", "lt", "capt", "sgt", "prof", "rev", "sir"})
_NAME_WORD = re.compile(r"[\w-]+")

Output = Mapping[str, Any]


@dataclass(frozen=True)
class GoldQuote:
    """One gold quote: offsets into the article text, the speaker as written, the channel."""

    start: int
    end: int
    text: str
    speaker: str
    speaker_alts: tuple[str, ...]
    channel: str

    @property
    def names(self) -> tuple[str, ...]:
        return (self.speaker, *self.speaker_alts)


@dataclass(frozen=True)
class QuoteArticle:
    """One gold article with its split and quotes."""

    id: str
    split: str
    published: str | None
    text: str
    quotes: tuple[GoldQuote, ...]


def gold_path() -> Path:
    """``eval/quotes_gold.jsonl`` of the checkout this package runs from."""
    root = find_repo_root(Path(__file__).resolve().parent)
    if root is None or not (root / GOLD_PATH).is_file():
        raise EvalError(f"no {GOLD_PATH} in a checkout above the installed package",
                        fix="run from a flashpoint checkout (pip install -e .)")
    return root / GOLD_PATH


def shared_texts(shared: Path | None = None) -> dict[str, str]:
    """Article id -> text of the shared geo dev sets, where the gold's articles come from.

    The gold file holds annotations only: the articles are GPL-3.0 corpora and stay in
    ``../shared``, found as ``flashpoint eval`` finds it (``--shared``, $FLASHPOINT_SHARED).
    """
    folder = locate_shared(shared) / "data" / "geo"
    texts: dict[str, str] = {}
    for path in sorted(folder.glob("*.dev.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    row = json.loads(line)
                    texts[row["id"]] = row["text"]
    return texts


def _article(row: Mapping[str, Any], texts: Mapping[str, str]) -> QuoteArticle:
    if row["id"] not in texts:
        raise ValueError(f"article {row['id']!r} is not in the shared geo dev sets")
    text = texts[row["id"]]
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != row["text_sha256"]:
        raise ValueError(f"article {row['id']!r} differs from the text the gold annotated")
    quotes = []
    for q in row["quotes"]:
        if text[q["start"]:q["end"]] != q["text"]:
            raise ValueError(f"quote {q['start']}-{q['end']} does not index the text")
        quotes.append(GoldQuote(q["start"], q["end"], q["text"], q["speaker"],
                                tuple(q.get("speaker_alts") or ()), q["channel"]))
    if row["split"] not in SPLITS:
        raise ValueError(f"split {row['split']!r} is not one of {SPLITS}")
    return QuoteArticle(row["id"], row["split"], row.get("published"), text, tuple(quotes))


def load_quote_gold(path: Path | None = None, limit: int | None = None, *,
                    shared: Path | None = None) -> list[QuoteArticle]:
    """The gold articles (the first ``limit`` when given), checked line by line; their texts
    from the shared folder (:func:`shared_texts`)."""
    path = path or gold_path()
    texts = shared_texts(shared)
    out: list[QuoteArticle] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvalError(f"cannot read the quotes gold file: {exc}", source=str(path),
                        fix="restore eval/quotes_gold.jsonl from git") from exc
    for lineno, line in enumerate(lines, 1):
        if limit and len(out) >= limit:
            break
        if not line.strip():
            continue
        try:
            out.append(_article(json.loads(line), texts))
        except (ValueError, KeyError, TypeError) as exc:
            raise EvalError(f"line {lineno} is not a valid quotes gold record: {exc}",
                            source=str(path), fix="fix that line (see the module docstring)",
                            ) from exc
    return out


# --------------------------------------------------------------------------- matching


def name_words(name: str) -> frozenset[str]:
    """A name as a set of normalised words ("Putin’s spokesman" -> {putin, spokesman})."""
    text = unicodedata.normalize("NFKC", name).replace("’", "'").lower()
    text = re.sub(r"'s\b", "", text)
    return frozenset(w for w in _NAME_WORD.findall(text) if w not in _IGNORED)


def speaker_matches(gold: Iterable[str], output: Iterable[str]) -> bool:
    """Whether any gold name and any output name contain one another as word sets."""
    outs = [w for w in (name_words(o) for o in output) if w]
    for g in gold:
        gw = name_words(g)
        if gw and any(gw <= o or o <= gw for o in outs):
            return True
    return False


def output_names(statement: Output, doc: Output) -> list[str]:
    """The names an output statement gives its speaker: the text, the actor's name, mentions."""
    names = [statement.get("speaker_text") or ""]
    actor = next((a for a in doc.get("actors") or [] if a.get("id") == statement.get("speaker")),
                 None)
    if actor is not None:
        names.append(actor.get("name") or "")
        names += [m.get("text") or "" for m in actor.get("mentions") or []]
    return [n for n in names if n]


def _overlap(g: GoldQuote, st: Output) -> float:
    q = st.get("quote") or {}
    inter = min(g.end, int(q.get("end", 0))) - max(g.start, int(q.get("start", 0)))
    return max(0, inter) / max(1, g.end - g.start)


@dataclass(frozen=True)
class Counts:
    """Tallies over a set of articles."""

    gold: int = 0
    output: int = 0
    span_tp: int = 0
    pair_tp: int = 0
    channel_ok: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.gold + other.gold, self.output + other.output,
                      self.span_tp + other.span_tp, self.pair_tp + other.pair_tp,
                      self.channel_ok + other.channel_ok)

    def metrics(self) -> dict[str, float | int]:
        def ratio(a: int, b: int) -> float:
            return round(a / b, 4) if b else 0.0

        p, r = ratio(self.pair_tp, self.output), ratio(self.pair_tp, self.gold)
        return {"pair_precision": p, "pair_recall": r,
                "pair_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
                "span_precision": ratio(self.span_tp, self.output),
                "span_recall": ratio(self.span_tp, self.gold),
                "channel_accuracy": ratio(self.channel_ok, self.span_tp),
                "gold_quotes": self.gold, "output_quotes": self.output}


@dataclass(frozen=True)
class ArticleResult:
    """One article's tallies and its errors, one line each (for the tuning script)."""

    article: QuoteArticle
    counts: Counts
    errors: tuple[str, ...]


def score_article(article: QuoteArticle, doc: Output) -> ArticleResult:
    """Match one article's output statements to its gold quotes (module docstring)."""
    statements = list(doc.get("statements") or [])
    pairs = sorted(((_overlap(g, st), gi, si) for gi, g in enumerate(article.quotes)
                    for si, st in enumerate(statements)), reverse=True)
    matched: dict[int, int] = {}
    used: set[int] = set()
    for share, gi, si in pairs:
        if share >= MIN_OVERLAP and gi not in matched and si not in used:
            matched[gi] = si
            used.add(si)
    errors, pair_tp, channel_ok = [], 0, 0
    for gi, g in enumerate(article.quotes):
        if gi not in matched:
            errors.append(f"MISSED  {g.speaker}: {g.text[:70]!r}")
            continue
        st = statements[matched[gi]]
        if speaker_matches(g.names, output_names(st, doc)):
            pair_tp += 1
        else:
            errors.append(f"SPEAKER {g.speaker} != {st.get('speaker_text')!r} "
                          f"({st.get('speaker')}): {g.text[:60]!r}")
        if st.get("channel") == g.channel:
            channel_ok += 1
        else:
            errors.append(f"CHANNEL {g.channel} != {st.get('channel')}: {g.text[:60]!r}")
    errors += [f"EXTRA   {st.get('speaker_text')!r}: "
               f"{(st.get('quote') or {}).get('text', '')[:70]!r}"
               for si, st in enumerate(statements) if si not in used]
    counts = Counts(len(article.quotes), len(statements), len(matched), pair_tp, channel_ok)
    return ArticleResult(article, counts, tuple(errors))


def quote_metrics(results: Sequence[ArticleResult]) -> dict[str, float | int]:
    """Metrics over all articles, then the same per split (``tune_…``, ``heldout_…``)."""
    total = sum((r.counts for r in results), Counts())
    out: dict[str, float | int] = {**total.metrics(), "articles": len(results)}
    for split in SPLITS:
        part = sum((r.counts for r in results if r.article.split == split), Counts())
        for key in ("pair_precision", "pair_recall", "span_precision", "span_recall",
                    "channel_accuracy"):
            out[f"{split}_{key}"] = part.metrics()[key]
    return out


def input_rows(articles: Sequence[QuoteArticle]) -> list[dict[str, Any]]:
    """The rows ``flashpoint extract --no-clean`` would read for the gold articles."""
    return [{"id": a.id, "text": a.text, **({"published": a.published} if a.published else {})}
            for a in articles]
