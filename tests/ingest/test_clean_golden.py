"""Whole invented articles through the cleaner: kept text and every dropped segment, exactly.

Each ``fixtures/clean/NAME.txt`` has a hand-checked ``NAME.expected.json``. To change one on
purpose, regenerate it, read the diff, and say in the commit why the new output is right.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flashpoint.config import PipelineConfig
from flashpoint.ingest.clean import clean, default_rules
from flashpoint.model import RawDocument

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "clean"
ARTICLES = sorted(p.stem for p in FIXTURES.glob("*.txt"))


def _load(name: str) -> tuple[str, dict[str, object]]:
    text = (FIXTURES / f"{name}.txt").read_text("utf-8")
    expected = json.loads((FIXTURES / f"{name}.expected.json").read_text("utf-8"))
    return text, expected


def test_clean_golden_has_the_promised_articles() -> None:
    assert len(ARTICLES) >= 6
    assert {"analysis_appeal_bio", "wire_byline_republished", "newsletter_midtext",
            "cookie_share", "tricky_keep_all", "mojibake"} <= set(ARTICLES)


@pytest.mark.parametrize("name", ARTICLES)
def test_clean_golden_article(name: str) -> None:
    text, expected = _load(name)
    out = clean(RawDocument(id=name, text=text), PipelineConfig())
    assert out.text == expected["text"]
    assert [d.to_dict() for d in out.dropped] == expected["dropped"]


@pytest.mark.parametrize("name", ARTICLES)
def test_clean_golden_no_clean_is_identity(name: str) -> None:
    text, _ = _load(name)
    out = clean(RawDocument(id=name, text=text), PipelineConfig(clean=False))
    assert out.text == text
    assert out.dropped == ()


def test_clean_golden_tricky_article_keeps_everything() -> None:
    text, expected = _load("tricky_keep_all")
    assert expected["dropped"] == []
    assert expected["text"] == text


@pytest.mark.parametrize(("name", "reasons"), [
    ("analysis_appeal_bio", {"author bio", "donation appeal"}),
    ("wire_byline_republished", {"byline", "republication notice"}),
    ("newsletter_midtext", {"newsletter prompt", "related links"}),
    ("cookie_share", {"cookie notice", "share/social prompt", "advertisement label",
                      "image credit", "copyright line"}),
    ("mojibake", {"donation appeal"}),
])
def test_clean_golden_reasons(name: str, reasons: set[str]) -> None:
    text, _ = _load(name)
    out = clean(RawDocument(id=name, text=text), PipelineConfig())
    assert {d.reason for d in out.dropped} == reasons
    assert default_rules() is default_rules()  # loaded once per process
