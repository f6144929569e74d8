"""The quotes gold file, its scorer, and the stage on whole gold articles.

The gold file holds annotations only (ids, offsets, speakers, channels, and a hash of each
text); the article texts are the shared geo dev sets' (GPL-3.0 corpora that stay in
``../shared``), so the tests that need them skip when it is absent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from flashpoint.evaluation.quotes import (
    MIN_OVERLAP,
    SPLITS,
    QuoteArticle,
    input_rows,
    load_quote_gold,
    name_words,
    quote_metrics,
    score_article,
    speaker_matches,
)
from flashpoint.model import CHANNELS

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "eval" / "quotes_gold.jsonl"
#: The whole-article floor of this test: well under the figures reported in the issue note
#: (pairs ~0.9 on the tune split), so that it catches breakage, not noise.
ARTICLE_FLOOR = 0.8


@pytest.fixture(scope="module")
def gold() -> list[QuoteArticle]:
    from flashpoint.errors import EvalError

    try:
        return load_quote_gold(GOLD)
    except EvalError as exc:
        pytest.skip(f"the quotes gold needs the shared dev articles: {exc}")


def test_quotes_gold_file_is_well_formed(gold: list[QuoteArticle]) -> None:
    assert len(gold) >= 30
    assert sum(len(a.quotes) for a in gold) >= 100
    assert {a.split for a in gold} == set(SPLITS)
    assert len({a.id for a in gold}) == len(gold)
    for a in gold:
        assert a.quotes, a.id
        last = -1
        for q in a.quotes:
            assert a.text[q.start:q.end] == q.text and q.start >= last, (a.id, q.text)
            assert q.speaker.strip() and q.channel in CHANNELS
            last = q.end


def test_quotes_gold_bad_line_is_an_eval_error(tmp_path: Path,
                                               gold: list[QuoteArticle]) -> None:
    from flashpoint.errors import EvalError

    row = {"id": "x", "split": "tune", "text_sha256": "0",
           "quotes": [{"start": 0, "end": 3, "text": "no.", "speaker": "He",
                       "channel": "unknown"}]}
    path = tmp_path / "g.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    with pytest.raises(EvalError, match="line 1"):
        load_quote_gold(path)


@pytest.mark.parametrize(("gold", "output", "match"), [
    (["Ali Khamenei"], ["Khamenei"], True),
    (["Ali Khamenei"], ["Iran's supreme leader Ali Khamenei"], True),
    (["Putin’s spokesman"], ["Mr Putin's spokesman"], True),
    (["Seamus Morris"], ["Cllr Morris"], True),
    (["the ministry"], ["Iran's foreign ministry"], True),
    (["Yulia Skripal"], ["Viktoria Skripal"], False),
    (["Barack Obama"], ["he"], False),
    (["Barack Obama"], [""], False),
])
def test_quotes_gold_speaker_matching(gold: list[str], output: list[str], match: bool) -> None:
    assert speaker_matches(gold, output) is match
    assert name_words("The Ministry's") == {"ministry"}


def test_quotes_gold_scoring_overlap_and_one_to_one() -> None:
    text = "“We will respond with force,” the minister said. “We are ready,” he added."
    from flashpoint.evaluation.quotes import GoldQuote

    article = QuoteArticle("a", "tune", None, text, (
        GoldQuote(1, 28, text[1:28], "the minister", (), "unknown"),
        GoldQuote(50, 63, text[50:63], "the minister", (), "unknown")))
    wide = {"quote": {"start": 1, "end": 63}, "speaker": None, "speaker_text": "minister",
            "channel": "unknown"}
    short = {"quote": {"start": 1, "end": 1 + int(27 * MIN_OVERLAP) - 1}, "speaker": None,
             "speaker_text": "minister", "channel": "unknown"}
    one = score_article(article, {"statements": [wide]}).counts
    assert (one.gold, one.output, one.span_tp, one.pair_tp) == (2, 1, 1, 1)
    none = score_article(article, {"statements": [short]}).counts
    assert none.span_tp == 0
    metrics = quote_metrics([score_article(article, {"statements": [wide]})])
    assert metrics["pair_recall"] == 0.5 and metrics["pair_precision"] == 1.0


@pytest.mark.slow
def test_quotes_gold_whole_articles(gold: list[QuoteArticle], pipeline_noclean: Any) -> None:
    """The golden whole-article test: every gold article through the real pipeline."""
    from flashpoint.ingest.read import read_record

    docs = {}
    for row in input_rows(gold):
        raw = read_record(row, source="quotes-gold", config=pipeline_noclean.config)
        docs[raw.id] = pipeline_noclean.extract(raw).to_dict()
    metrics = quote_metrics([score_article(a, docs[a.id]) for a in gold])
    assert metrics["pair_precision"] >= ARTICLE_FLOOR
    assert metrics["pair_recall"] >= ARTICLE_FLOOR


@pytest.mark.slow
def test_quotes_gold_one_article_exactly(gold: list[QuoteArticle], pipeline_noclean: Any) -> None:
    """gwn-252 (NAFTA talks): every quote, speaker and channel, as a reader attributes them."""
    from flashpoint.ingest.read import read_record

    article = next(a for a in gold if a.id == "gwn-252")
    raw = read_record(input_rows([article])[0], source="gwn-252", config=pipeline_noclean.config)
    doc = pipeline_noclean.extract(raw)
    got = [(s.quote.start, s.quote.end, s.speaker_text, s.channel) for s in doc.statements]
    assert [s[2] for s in got] == ["Trudeau", "Trudeau", "Emily Davis", "Emily Davis",
                                   "Trudeau", "Trudeau"]
    assert [s[3] for s in got] == ["media", "media", "unknown", "unknown", "unknown", "unknown"]
    assert [(s[0], s[1]) for s in got] == [(q.start, q.end) for q in article.quotes]
