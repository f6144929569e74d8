"""One document in: bytes or a record become a checked ``RawDocument`` (``read_bytes``,
``read_record``). Decoding, HTML extraction, the publication date, the id and the size and
emptiness checks happen here; ``read`` streams files, directories, stdin and JSON Lines
through these and turns what fails into a ``Failure`` in the input's place.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Literal

from flashpoint.config import PipelineConfig
from flashpoint.errors import (
    BadDateError,
    EmptyInputError,
    InputTooLargeError,
    MalformedRecordError,
)
from flashpoint.model import Dropped, RawDocument

from .decoding import decode_bytes
from .html import extract_html, looks_like_html, starts_like_html
from .published import infer_published, parse_published

Kind = Literal["text", "html", "jsonl", "json"]

#: File extensions read from directories, and how each is read. A file named explicitly is
#: read whatever its extension: unknown ones are sniffed like stdin.
EXTENSIONS: dict[str, Kind] = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".json": "json",
}
MEDIA_TYPES: dict[str, Literal["text", "html"]] = {
    "text": "text", "text/plain": "text", "html": "html", "text/html": "html",
    "application/xhtml+xml": "html",
}
#: Optional string fields of a record that become ``RawDocument`` fields of the same name.
RECORD_METADATA = ("title", "url", "source", "author")
#: Characters of a content hash kept in an id: 64 bits, collision-free for any realistic corpus.
ID_HASH_CHARS = 16
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


# --------------------------------------------------------------------------- one document


#: The ``Dropped.reason`` prefix of a decoding that had to be guessed.
GUESS_REASON = "encoding guessed"


def read_bytes(data: bytes, *, source: str, config: PipelineConfig, doc_id: str | None = None,
               published: str | None = None, media_type: str | None = None) -> RawDocument:
    """One article from raw bytes: decoded, checked, and (for HTML) reduced to its body.

    ``media_type`` ("text", "html" or their MIME types) overrides the guess from the
    extension of ``source`` and from the content. Raises ``InputError`` subclasses:
    ``InputTooLargeError``, ``BinaryInputError``, ``EncodingError``, ``EmptyInputError``,
    ``NoArticleError``, ``BadDateError``.
    """
    if len(data) > config.max_bytes:
        raise _too_large(source, len(data), config.max_bytes)
    text, encoding_note = decode_bytes(data, source=source)
    _check_text(text, source, config)
    notes = (encoding_note,) if encoding_note else ()
    # A decoding that is a guess is said in the output too (``dropped``, text ""): a reader
    # of the data can see that accents may be wrong, and the CLI warns on stderr.
    guessed = (Dropped("", f"{GUESS_REASON}: {encoding_note}"),) if encoding_note and (
        "a guess" in encoding_note) else ()
    if _media_kind(media_type, source, text) == "text":
        raw = RawDocument(id=doc_id or content_id(text), text=text, source=source, notes=notes,
                          title=headline(text), dropped=guessed)
        return _dated(raw, published, None, source)
    article = extract_html(text, source=source)
    raw = RawDocument(
        id=doc_id or content_id(article.text), text=article.text, source=source,
        title=article.title, url=article.url, author=article.author, media_type="html",
        dropped=guessed + article.dropped, notes=notes + article.notes,
    )
    return _dated(raw, published, article.date, source, page_date=True)


#: A headline is one short line: news headlines run 40-110 characters; 160 leaves room for
#: long ones while a first paragraph of body text (one sentence is rarely under 160) is not one.
HEADLINE_MAX_CHARS = 160


def headline(text: str) -> str | None:
    """The title of a plain-text article written as "title, blank line, body", else None.

    The headline stays in ``text`` (it often states the main event); it is only copied here.
    A first line that ends like a sentence ("." ";" ":") or is long is body text, not a title.
    """
    stripped = text.lstrip()
    first, sep, rest = stripped.partition("\n")
    line = first.strip()
    if not sep or not rest.lstrip(" \t\r").startswith("\n") or not rest.strip():
        return None
    if not line or len(line) > HEADLINE_MAX_CHARS or line[-1] in ".;:,":
        return None
    return line


def _media_kind(media_type: str | None, source: str, text: str) -> Literal["text", "html"]:
    if media_type is not None:
        if media_type.lower() not in MEDIA_TYPES:
            raise ValueError(f"media_type must be one of {sorted(MEDIA_TYPES)}, not {media_type!r}")
        return MEDIA_TYPES[media_type.lower()]
    kind = EXTENSIONS.get(Path(source).suffix.lower())
    if kind == "html":
        return "html"
    sniff = starts_like_html if kind == "text" else looks_like_html
    return "html" if sniff(text) else "text"


def read_record(record: Mapping[str, object], *, source: str, config: PipelineConfig,
                published: str | None = None) -> RawDocument:
    """One article from a JSONL-style record ``{id?, text, title?, published?, url?, source?}``.

    ``text`` is kept exactly. Without an ``id`` the id is a content hash. ``published``
    overrides the record's own date. Raises ``MalformedRecordError`` for a record whose
    ``text``, ``id`` or ``published`` is of the wrong type, and the size, emptiness and date
    errors of ``read_bytes``. Other keys are the record's own business: a ``title``, ``url``,
    ``source`` or ``author`` that is not a string (evaluation sets use ``source`` for an
    event's source actors) is ignored, with a note.
    """
    text = record.get("text")
    if not isinstance(text, str):
        found = "no text" if text is None else f"a {type(text).__name__} as its text"
        raise _malformed(source, f"has {found}; a record needs the article as a string in 'text'")
    own_date = record.get("published")
    if own_date is not None and not isinstance(own_date, str):
        raise _malformed(source, f"has a {type(own_date).__name__} in 'published', not a string")
    _check_text(text, source, config)
    fields = {name: record.get(name) for name in RECORD_METADATA}
    texts = {name: value.strip() or None for name, value in fields.items()
             if isinstance(value, str)}
    notes = tuple(f"ignored the record's {name!r} ({type(value).__name__}, not a string)"
                  for name, value in fields.items() if value is not None and name not in texts)
    raw = RawDocument(
        id=_record_id(record, source) or content_id(text), text=text,
        source=texts.get("source") or source, title=texts.get("title"), url=texts.get("url"),
        author=texts.get("author"), notes=notes,
    )
    return _dated(raw, published, own_date, source)


def _record_id(record: Mapping[str, object], source: str) -> str | None:
    value = record.get("id")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int) or not str(value).strip():
        raise _malformed(source, f"has an id that is not a non-empty string or integer ({value!r})")
    return str(value)


def content_id(text: str) -> str:
    """A stable id from the text: the same input always gets the same id."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return "doc-" + digest[:ID_HASH_CHARS]


def _check_text(text: str, source: str, config: PipelineConfig) -> None:
    if len(text) > config.max_chars:
        raise InputTooLargeError(
            f"is {len(text):,} characters long, over the limit of {config.max_chars:,} for one"
            " article",
            source=source,
            fix="split it into one input per article, or raise the limit with --max-chars N "
            "(flashpoint extract, ingest and serve)",
        )
    if not text.strip().strip(_ZERO_WIDTH).strip():
        what = "is empty" if not text else "holds only whitespace"
        raise EmptyInputError(f"{what}: there is no article text",
                              source=source, fix="check that the input holds the article")


def _dated(raw: RawDocument, given: str | None, own: str | None, source: str, *,
           page_date: bool = False) -> RawDocument:
    """Set the publication date: ``given`` (--published) wins, then the input's own date, then
    one inferred from the text. A page's metadata date that is impossible is ignored with a
    note (pages carry junk dates); a record's is an error (the user wrote it)."""
    if given is not None:
        return replace(raw, published=parse_published(given))
    if own is not None:
        try:
            return replace(raw, published=parse_published(own, source=f"{source} (published)"))
        except BadDateError:
            if not page_date:
                raise
            raw = replace(raw, notes=(*raw.notes, f"ignored the page's unusable date {own!r}"))
    inferred = infer_published(raw.text)
    if inferred is None:
        return raw
    note = f"published date inferred from the text: {inferred} (the latest full date in it)"
    return replace(raw, published=inferred, published_inferred=True, notes=(*raw.notes, note))


def _too_large(source: str, size: int | None, limit: int) -> InputTooLargeError:
    what = f"is {size / 1e6:.1f} MB" if size is not None else "is larger than the limit"
    return InputTooLargeError(
        f"{what}, over the {limit / 1e6:.1f} MB limit for one article",
        source=source,
        fix="split the file into one file per article (or JSON Lines, one article per line),"
        " or raise the limit with --max-bytes N (flashpoint extract, ingest and serve)",
    )


def _malformed(source: str, what: str) -> MalformedRecordError:
    return MalformedRecordError(
        what, source=source,
        fix='give each record as one JSON object, e.g. {"id": "a1", "text": "...",'
        ' "published": "2021-03-04"}',
    )
