"""HTML pages: the article body is kept, everything else is recorded as dropped."""

from __future__ import annotations

from pathlib import Path

import pytest

from flashpoint.config import PipelineConfig
from flashpoint.ingest import record as ingest
from flashpoint.ingest.html import (
    DROPPED_REASON,
    MAX_DROPPED_CHARS,
    MAX_DROPPED_SEGMENTS,
    Block,
    HtmlArticle,
    dropped_segments,
    looks_like_html,
    starts_like_html,
    visible_blocks,
)
from flashpoint.ingest.read import read_bytes
from flashpoint.model import RawDocument

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
CONFIG = PipelineConfig()

PAGES: dict[str, dict[str, object]] = {
    "news_article.html": {
        "title": "Talks on river dam resume in Valmora after six-month pause",
        "published": "2023-05-17", "author": "Imogen Castellane",
        "keep": ["Negotiators from Estavia and the Republic of Korrin returned",
                 "We will judge Estavia by what it does on the river",
                 "both sides had agreed not to brief the press until they ended."],
        "drop": ["We use cookies to improve your experience", "Politics", "Share on Facebook",
                 "Donate today and help keep the Ledger free", "Sign up for our morning briefing",
                 "Korrin parliament approves emergency farm aid package", "Privacy policy"],
    },
    "jsonld_article.xhtml": {
        "title": "Harbour workers end strike in Port Caddis",
        "published": "2022-11-08", "author": "Rafael Oduya",
        "keep": ["Dock workers in Port Caddis voted on Monday to end an eleven-day strike",
                 "This is a fair deal, and our members earned it on the picket line",
                 "ask the courts to order a return to work if talks failed."],
        "drop": ['Click "I agree" to consent', "Latest | Regions | Markets", "Share this article",
                 "please make a contribution of any size today", "12 Ropewalk Lane"],
    },
}


def _read(name: str) -> RawDocument:
    return read_bytes((FIXTURES / name).read_bytes(), source=name, config=CONFIG)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_ingest_html_keeps_body_and_metadata(name: str) -> None:
    doc, expected = _read(name), PAGES[name]
    assert doc.media_type == "html"
    assert doc.title == expected["title"]
    assert doc.published == expected["published"]
    assert not doc.published_inferred
    assert doc.author == expected["author"]
    keep, drop = expected["keep"], expected["drop"]
    assert isinstance(keep, list)
    assert isinstance(drop, list)
    for phrase in keep:
        assert phrase in doc.text
    for phrase in drop:
        assert phrase not in doc.text


@pytest.mark.parametrize("name", sorted(PAGES))
def test_ingest_html_records_what_was_dropped(name: str) -> None:
    doc, expected = _read(name), PAGES[name]
    dropped_text = "\n".join(d.text for d in doc.dropped)
    drop = expected["drop"]
    assert isinstance(drop, list)
    for phrase in drop:
        assert phrase in dropped_text
    assert all(d.reason == DROPPED_REASON for d in doc.dropped)
    assert all(d.text.strip() for d in doc.dropped)
    for segment in doc.dropped:  # nothing in the body is reported as dropped
        assert segment.text not in doc.text
    assert "tracking-code-xyz" not in dropped_text  # scripts are not visible text
    assert "enable JavaScript" not in dropped_text


def test_ingest_html_dropped_segments_follow_page_regions() -> None:
    doc = _read("news_article.html")
    menu = next(d.text for d in doc.dropped if "Politics" in d.text)
    assert menu.split("\n") == ["Home", "World", "Politics", "Business", "Climate", "Opinion"]
    banner = next(d.text for d in doc.dropped if "cookies" in d.text)
    assert "Accept all cookies" in banner
    assert "Home" not in banner


def test_ingest_html_body_is_paragraphs_separated_by_blank_lines() -> None:
    doc = _read("news_article.html")
    paragraphs = doc.text.split("\n\n")
    assert paragraphs[0] == "Talks on river dam resume in Valmora after six-month pause"
    assert all(p and p == p.strip() and "\n" not in p for p in paragraphs)
    assert len(paragraphs) == 7


def test_ingest_html_id_is_stable() -> None:
    assert _read("news_article.html").id == _read("news_article.html").id


@pytest.mark.parametrize(("text", "strict", "loose"), [
    ("<!DOCTYPE html><html><body>x</body></html>", True, True),
    ("\n  <!-- saved --> <html lang='en'>", True, True),
    ("<HEAD><TITLE>x</TITLE></HEAD>", True, True),
    ("<div><p>a</p><p>b</p><p>c</p><p>d</p><p>e</p></div>", False, True),
    ("Some text.\n<body> was mentioned", False, True),
    ("Plain prose that mentions <b>bold</b> once.", False, False),
    ("The vote was 5 < 7 and 9 > 3.", False, False),
])
def test_ingest_html_sniffing(text: str, strict: bool, loose: bool) -> None:
    assert starts_like_html(text) is strict
    assert looks_like_html(text) is loose


@pytest.mark.parametrize(("source", "media_type", "expected"), [
    ("a.txt", None, "text"),  # closing tags alone do not make a .txt HTML
    ("a", None, "html"),  # but they do for a file of unknown type
    ("a.html", None, "html"),
    ("a.txt", "text/html", "html"),
    ("a.html", "text", "text"),
])
def test_ingest_media_type_decides_reader(source: str, media_type: str | None,
                                          expected: str) -> None:
    fragment = "<div>" + "<p>The army said the road was reopened on Monday.</p>" * 6 + "</div>"
    doc = read_bytes(fragment.encode(), source=source, config=CONFIG, media_type=media_type)
    assert doc.media_type == expected


def test_ingest_unknown_media_type_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="media_type"):
        read_bytes(b"text", source="a", config=CONFIG, media_type="application/pdf")


def test_ingest_html_visible_blocks_skip_invisible_text() -> None:
    page = ("<html><head><title>T</title><style>p{}</style></head><body><p>One <b>two</b></p>"
            "<script>var x = 1;</script><template><p>hidden</p></template>three<br>four"
            "<!-- a comment --></body></html>")
    assert [b.text for b in visible_blocks(page)] == ["One two", "three", "four"]


def test_ingest_html_future_page_date_is_not_used() -> None:
    page = (FIXTURES / "news_article.html").read_text("utf-8")
    page = page.replace("2023-05-17T08:30:00+00:00", "2099-05-17T08:30:00+00:00")
    page = page.replace('datetime="2023-05-17"', 'datetime="2099-05-17"')
    doc = read_bytes(page.encode(), source="future.html", config=CONFIG)
    assert doc.published == "2023-05-17"  # from the byline, not the impossible metadata


def test_ingest_html_impossible_page_date_is_ignored_with_note(
        monkeypatch: pytest.MonkeyPatch) -> None:
    article = HtmlArticle(text="Talks ended on 4 May 2020 in Valmora.", date="2021-02-31")
    monkeypatch.setattr(ingest, "extract_html", lambda page, source: article)
    doc = read_bytes(b"<html>...</html>", source="odd.html", config=CONFIG)
    assert doc.published == "2020-05-04"
    assert doc.published_inferred
    assert any("'2021-02-31'" in note for note in doc.notes)


def test_ingest_html_dropped_is_capped() -> None:
    blocks = [Block(f"menu item {i}", group=i) for i in range(MAX_DROPPED_SEGMENTS + 50)]
    blocks.append(Block("x" * (MAX_DROPPED_CHARS * 2), group=-5))
    segments = dropped_segments(blocks, "body text", None)
    assert len(segments) == MAX_DROPPED_SEGMENTS
    assert "more dropped segments" in segments[-1].text
    long = dropped_segments([Block("y" * (MAX_DROPPED_CHARS * 2), group=1)], "", None)
    assert len(long[0].text) < MAX_DROPPED_CHARS + 50
    assert "more characters" in long[0].text


def test_ingest_html_blocks_match_whole_words() -> None:
    blocks = [Block("World", 1), Block("the talks  resumed", 2),
              Block("TALKS resumed on Monday.", 3), Block("Monday. Worldwide", 4), Block("·", 5)]
    body = "Worldwide, the talks resumed on Monday.\n\nWorldwide coverage."
    segments = dropped_segments(blocks, body, None)
    assert [d.text for d in segments] == ["World"]
