"""The cleaner on real clean articles (../shared): it must drop nothing but true boilerplate.

``fixtures/clean/dev_drops.json`` pins every segment dropped from the 643 dev articles, each
checked by hand; a new drop (or a lost one) fails here and must be reviewed.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from flashpoint.ingest.clean import clean_text, default_rules

pytestmark = pytest.mark.shared

PINNED = Path(__file__).resolve().parents[1] / "fixtures" / "clean" / "dev_drops.json"


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(
        str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'}))
    return " ".join(text.split()).lower()


def test_clean_shared_dev_articles_drop_only_pinned_boilerplate(shared_dir: Path) -> None:
    found, articles = [], 0
    for path in sorted((shared_dir / "data" / "geo").glob("*.dev.jsonl")):
        for line in filter(None, path.read_text("utf-8").split("\n")):
            record = json.loads(line)
            articles += 1
            out = clean_text(record["text"], default_rules())
            found += [{"id": record["id"], "reason": d.reason, "text": d.text}
                      for d in out.dropped]
            if not out.dropped:
                assert out.text == record["text"], record["id"]
    pinned = json.loads(PINNED.read_text("utf-8"))
    assert articles == pinned["articles"]
    assert found == pinned["dropped"]


def test_clean_shared_gold_boilerplate_phrases(shared_dir: Path) -> None:
    golds = sorted((shared_dir / "gold").glob("*.gold.json"))
    assert golds
    for gold_path in golds:
        text_path = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt"))
        if not text_path.exists():
            continue
        spec = json.loads(gold_path.read_text("utf-8"))["boilerplate"]
        kept = _norm(clean_text(text_path.read_text("utf-8"), default_rules()).text)
        for phrase in spec["must_keep_phrases"]:
            assert _norm(phrase) in kept, (gold_path.name, phrase)
        for phrase in spec["must_drop_phrases"]:
            assert _norm(phrase) not in kept, (gold_path.name, phrase)
