"""HTML pages to article text, with a record of everything the extractor left out.

Part of ingest. trafilatura finds the article body and its metadata (title, date, author,
canonical URL). What it leaves out (navigation, cookie banners, share bars, donation appeals,
related links) is not silently lost: the page's visible text blocks that do not occur in the
body become ``Dropped`` segments. Broken pages do not crash: when trafilatura finds no body we
fall back to all visible text, and only when there is no text at all is it ``NoArticleError``.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import Document as Extracted

from flashpoint.errors import NoArticleError
from flashpoint.model import Dropped

#: Elements trafilatura would otherwise read: <noscript> holds "please enable JavaScript", the
#: only text of a script-only page, which it then returns as the article.
PRUNE_XPATH = "//noscript"

DROPPED_REASON = "html: outside the article body (navigation, cookie banner, share bar, ...)"

#: Tags whose text a reader never sees.
INVISIBLE_TAGS = frozenset({
    "script", "style", "noscript", "template", "head", "title", "meta", "svg", "math", "iframe",
    "object", "canvas", "select", "datalist",
})
#: Tags that start a new visual block: text on either side of one is never one sentence.
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "button", "caption", "dd",
    "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "label", "legend", "li", "main",
    "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "tfoot", "th",
    "thead", "tr", "ul",
})
#: Regions of a page: consecutive dropped blocks inside one are recorded as one segment.
GROUP_TAGS = frozenset({
    "article", "aside", "body", "dialog", "div", "footer", "form", "header", "main", "nav", "ol",
    "section", "table", "ul",
})

#: Cap on recorded dropped segments per page. A news page has 10-40 (menus, banners, footer,
#: related links); beyond 200 it is a listing or a forum page and the rest is summarised.
MAX_DROPPED_SEGMENTS = 200
#: Cap on the length of one recorded dropped segment (a whole comment thread or a sitemap
#: footer can be tens of thousands of characters); the rest is cut and counted.
MAX_DROPPED_CHARS = 2_000

#: Enough of the start of a text to tell HTML from prose: a doctype, <html> or <head> is
#: always within the first few hundred characters of a page.
HTML_SNIFF_CHARS = 4_096
#: Closing block tags in the first ``HTML_SNIFF_CHARS`` that make a text HTML without a
#: doctype (a saved fragment). Prose never has five; a one-paragraph fragment with fewer is
#: read as text, which loses nothing (its tags stay visible in the text).
HTML_MIN_CLOSING_TAGS = 5

_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_CLOSING_TAG = re.compile(r"</(?:p|div|span|a|li|ul|td|tr|h[1-6]|article|section|table)\s*>", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_INVISIBLE_BLOCK = re.compile(
    r"<(script|style|noscript|template|title)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.I | re.S,
)
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class HtmlArticle:
    """What one page yields: the body text (paragraphs separated by a blank line), metadata as
    the page gives it (``date`` unchecked), what was dropped, and notes on fallbacks used."""

    text: str
    title: str | None = None
    date: str | None = None
    author: str | None = None
    url: str | None = None
    dropped: tuple[Dropped, ...] = ()
    notes: tuple[str, ...] = ()


def starts_like_html(text: str) -> bool:
    """True when ``text`` starts like a web page: a doctype, <html>, <head> or <body>."""
    return _HTML_START.match(text[:HTML_SNIFF_CHARS]) is not None


def looks_like_html(text: str) -> bool:
    """True when ``text`` starts like a page, has a <body>, or is dense with closing tags (a
    saved fragment). Looser than ``starts_like_html``: for inputs without an extension."""
    head = text[:HTML_SNIFF_CHARS]
    if starts_like_html(head) or "<body" in head.lower():
        return True
    return len(_CLOSING_TAG.findall(head)) >= HTML_MIN_CLOSING_TAGS


#: A script or style element, closed or not: up to its end tag, a cut-off end tag
#: ("alert(1)</scr"), or, when it never ends, the next tag that starts page content. Removed
#: before parsing, so code never reaches the text whatever the parser makes of broken markup.
#: JSON-LD metadata (``<script type="application/ld+json">``) stays: it holds the date.
_CODE_BLOCK = re.compile(
    r"<(script(?![^>]*ld\+json)|style)\b[^>]*>.*?"
    r"(?:</\1\s*>|</(?:s|sc|scr|scri|scrip|st|sty|styl)?(?=\s|<|$)|"
    r"(?=<(?:body|p|div|h[1-6]|article|section|main|header|footer|/head|/body|/html)\b))",
    re.I | re.S)
#: A title never closed ends at the end of its line or at the next tag.
_OPEN_TITLE = re.compile(r"<title\b[^>]*>([^<\n]+)(?!.*?</title)", re.I | re.S)


def strip_code(page: str) -> str:
    """``page`` without its script and style elements, however broken their markup."""
    return _CODE_BLOCK.sub("", page)


def extract_html(page: str, *, source: str, today: date | None = None) -> HtmlArticle:
    """Extract the article from ``page``; raise ``NoArticleError`` if it holds no text at all."""
    page = strip_code(_XML_DECLARATION.sub("", page, count=1))
    blocks = visible_blocks(page)
    found = _trafilatura(page, today)
    body = _paragraphs(str(found.text or "")) if found is not None else ""
    if found is None or not body:
        return _fallback(page, blocks, source)
    title = _clean(found.title) or _page_title(page)
    return HtmlArticle(
        text=body, title=title, date=_clean(found.date), author=_clean(found.author),
        url=_clean(found.url), dropped=dropped_segments(blocks, body, title),
    )


def _trafilatura(page: str, today: date | None) -> Extracted | None:
    """trafilatura's result, or None. Dates only from markup and metadata: its extensive
    search turns a footer's "© 2023" into 2023-01-01, a precision the page never gave."""
    params = {"original_date": True, "extensive_search": False,
              "max_date": (today or date.today()).isoformat()}
    try:
        found = trafilatura.bare_extraction(
            page, with_metadata=True, include_comments=False, include_tables=True,
            date_extraction_params=params, prune_xpath=PRUNE_XPATH,
        )
    except (ValueError, TypeError, etree.LxmlError):  # malformed markup it did not expect
        return None
    return found if isinstance(found, Extracted) else None


def _fallback(page: str, blocks: list[Block], source: str) -> HtmlArticle:
    """All visible text, when trafilatura finds no article body (a short or broken page)."""
    title = _page_title(page)
    if blocks:
        note = "html: no article body found; the text is all visible text of the page"
        text = "\n\n".join(block.text for block in blocks)
        return HtmlArticle(text=text, title=title, notes=(note,))
    stripped = _paragraphs(html_lib.unescape(_TAG.sub("\n", _INVISIBLE_BLOCK.sub("", page))))
    if stripped:
        note = "html: the page could not be parsed; the text is the page with its tags removed"
        return HtmlArticle(text=stripped, title=title, notes=(note,))
    raise NoArticleError(
        "is HTML but holds no article text (no visible text in the page)",
        source=source,
        fix="check that the saved page holds the article itself (not a login wall or a page"
        " that loads its text with JavaScript); or save the article's text as .txt",
    )


class Block(NamedTuple):
    """One visual block of visible text, and the number of the region (``GROUP_TAGS``) it is
    in: consecutive dropped blocks of one region (the items of a menu) make one segment."""

    text: str
    group: int


def visible_blocks(page: str) -> list[Block]:
    """The page body's visible text, one whitespace-collapsed string per visual block."""
    try:
        root = lxml.html.document_fromstring(page)
    except (etree.ParserError, ValueError):  # empty document, or nothing parseable
        return []
    collector = _BlockCollector()
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if event == "start" and tag in INVISIBLE_TAGS:
            walker.skip_subtree()
        elif event == "start":
            collector.start(tag, element.text if tag else None)
        else:
            collector.end(tag, element.tail)
    collector.flush()
    return collector.blocks


class _BlockCollector:
    """Accumulates text between block boundaries; tracks the enclosing region."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.groups: list[int] = [0]
        self.opened = 0

    def start(self, tag: str, text: str | None) -> None:
        if tag in BLOCK_TAGS:
            self.flush()
        if tag in GROUP_TAGS:
            self.opened += 1
            self.groups.append(self.opened)
        if text:
            self.parts.append(text)

    def end(self, tag: str, tail: str | None) -> None:
        if tag in BLOCK_TAGS or tag in INVISIBLE_TAGS:
            self.flush()
        if tag in GROUP_TAGS and len(self.groups) > 1:
            self.groups.pop()
        if tail:
            self.parts.append(tail)

    def flush(self) -> None:
        text = " ".join("".join(self.parts).split())
        if text:
            self.blocks.append(Block(text, self.groups[-1]))
        self.parts.clear()


def dropped_segments(blocks: list[Block], body: str, title: str | None) -> tuple[Dropped, ...]:
    """Blocks that are not in ``body`` (nor the title), one ``Dropped`` per run of them in one
    region: the cookie banner is one segment, the menu another."""
    kept = _TokenIndex(body)
    title_tokens = _normal(title or "").split()
    runs: list[list[str]] = []
    last_group = -1
    for block in blocks:
        tokens = _normal(block.text).split()
        if tokens == title_tokens or kept.contains(tokens) or not any(
                c.isalnum() for c in block.text):
            last_group = -1
            continue
        if block.group != last_group:
            runs.append([])
        runs[-1].append(block.text)
        last_group = block.group
    segments = [_cut("\n".join(run)) for run in runs]
    if len(segments) > MAX_DROPPED_SEGMENTS:
        rest = segments[MAX_DROPPED_SEGMENTS - 1 :]
        chars = sum(len(text) for text in rest)
        summary = f"[{len(rest)} more dropped segments, {chars} characters, not listed]"
        segments = [*segments[: MAX_DROPPED_SEGMENTS - 1], summary]
    return tuple(Dropped(text=text, reason=DROPPED_REASON) for text in segments)


class _TokenIndex:
    """Where each token of a text occurs, to ask whether a run of tokens occurs in it.

    Blocks are matched as whole tokens, not as substrings: a menu item "World" is not "in" a
    body that says "worldwide", and the test costs one dictionary look-up per token plus a
    check at each place the block's rarest token occurs, instead of a scan of the whole body
    per block (40,000 blocks against a 1 MB body took 15 s as substring searches).
    """

    def __init__(self, text: str) -> None:
        self.tokens = _normal(text).split()
        self.where: dict[str, list[int]] = {}
        for position, token in enumerate(self.tokens):
            self.where.setdefault(token, []).append(position)

    def contains(self, tokens: list[str]) -> bool:
        """True when ``tokens`` occur contiguously in the text."""
        if not tokens:
            return True
        places: list[tuple[int, int]] = []
        for offset, token in enumerate(tokens):
            found = self.where.get(token)
            if found is None:
                return False
            places.append((len(found), offset))
        _, offset = min(places)
        size = len(tokens)
        return any(self.tokens[start - offset : start - offset + size] == tokens
                   for start in self.where[tokens[offset]] if start >= offset)


def _cut(text: str) -> str:
    if len(text) <= MAX_DROPPED_CHARS:
        return text
    return f"{text[:MAX_DROPPED_CHARS]}… [{len(text) - MAX_DROPPED_CHARS} more characters]"


def _normal(text: str) -> str:
    """Case-folded, whitespace-collapsed: how a block is compared with the extracted body."""
    return " ".join(text.split()).casefold()


def _paragraphs(text: str) -> str:
    """Non-empty lines, stripped, separated by a blank line (the paragraph break of .txt)."""
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def _clean(value: object) -> str | None:
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def _page_title(page: str) -> str | None:
    match = re.search(r"<title\b[^>]*>(.*?)</title\s*>", page, re.I | re.S) or \
        _OPEN_TITLE.search(page)
    return _clean(html_lib.unescape(match.group(1))) if match else None
