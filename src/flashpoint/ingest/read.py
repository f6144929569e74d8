"""The ingest stage: files, directories, stdin and records in, ``RawDocument`` records out.

Everything that can go wrong with an input is found here, before any model is loaded, and
explained: a missing path, a PDF renamed to .txt, a 50 MB dump, an unknown encoding, a page
with no article, a bad JSONL line, an impossible date, a text in another language. A batch
reader never raises for one bad input: it yields a ``Failure`` in that input's place and goes
on. Plain text is kept exactly as decoded (offsets index the input); HTML becomes its article
body, with what the extractor left out recorded as ``Dropped``.

Helpers live beside this module: ``decoding`` (bytes to text), ``html`` (pages),
``published`` (publication dates) and ``language`` (language check).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from functools import partial
from itertools import chain
from pathlib import Path
from typing import BinaryIO, Literal

from flashpoint.config import PipelineConfig
from flashpoint.errors import (
    BadDateError,
    EmptyInputError,
    FlashpointError,
    InputError,
    InputTooLargeError,
    MalformedRecordError,
    StageError,
)
from flashpoint.model import Dropped, Failure, RawDocument

from .decoding import decode_bytes
from .html import extract_html, looks_like_html, starts_like_html
from .language import check_language, detect_language
from .published import infer_published, parse_published

__all__ = [
    "check_language", "detect_language", "infer_published", "parse_published", "read_bytes",
    "read_paths", "read_record",
]

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
STDIN_PATH = "-"
STDIN_SOURCE = "<stdin>"
#: Read size for streaming JSONL: large enough for few system calls, small beside max_bytes.
READ_CHUNK_BYTES = 1 << 20
#: Characters of a content hash kept in an id: 64 bits, collision-free for any realistic corpus.
ID_HASH_CHARS = 16
STAGE = "ingest"
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"

Item = RawDocument | Failure


# --------------------------------------------------------------------------- batch reading


def read_paths(paths: Sequence[str], config: PipelineConfig, *, published: str | None = None,
               stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Read files, directories (recursively) and "-" (stdin), in order, one item per article.

    ``published`` (from ``--published``) overrides every input's own date; it is checked here,
    before anything is read (``BadDateError``). Nothing else raises: an input that cannot be
    read yields a ``Failure`` and reading goes on.
    """
    date = parse_published(published) if published is not None else None
    return _read_all(list(paths), config, date, stdin)


def _read_all(paths: list[str], config: PipelineConfig, published: str | None,
              stdin: BinaryIO | None) -> Iterator[Item]:
    for name in paths:
        if name == STDIN_PATH:
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _guarded(STDIN_SOURCE, _read_stream(stream, STDIN_SOURCE, config, published))
            continue
        yield from _guarded(name, _read_named(Path(name), config, published))


def _read_named(path: Path, config: PipelineConfig, published: str | None) -> Iterator[Item]:
    if not path.exists():
        raise InputError("no such file or directory", source=str(path),
                         fix="check the path (a typo, or a file that has moved?)")
    if path.is_dir():
        yield from _read_directory(path, config, published)
    else:
        yield from _read_file(path, config, published)


def _read_directory(root: Path, config: PipelineConfig, published: str | None) -> Iterator[Item]:
    files = directory_files(root)
    others = unread_files(root)
    if not files and not others:
        raise InputError(
            f"is a directory with no files flashpoint reads ({', '.join(EXTENSIONS)})",
            source=str(root), fix="give the path of a directory that holds the articles",
        )
    for path in sorted([*files, *others]):
        if path in others:
            yield from _guarded(str(path), _unread(path))
        else:
            yield from _guarded(str(path), _read_file(path, config, published))


def unread_files(root: Path) -> list[Path]:
    """Files under ``root`` that look like content but that flashpoint does not read (a PDF,
    a binary, a file with no extension): each is reported as a failure, never skipped
    silently. Hidden files and README/LICENSE-like files are not content."""
    found: list[Path] = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        found.extend(Path(folder, name) for name in names
                     if not name.startswith(".") and not _is_article_file(name)
                     and Path(name).stem.lower() not in NOT_ARTICLES)
    return sorted(found)


def _unread(path: Path) -> Iterator[Item]:
    kind = path.suffix.lower() or "a file with no extension"
    raise InputError(
        f"was not read: {kind} is not a format flashpoint reads ({', '.join(EXTENSIONS)})",
        source=str(path), fix="convert it to text or HTML (e.g. pdftotext for a PDF) or move "
                              "it out of the directory")
    yield  # pragma: no cover - a generator that only raises


#: Files in a folder of articles that describe the folder rather than being articles
#: (``examples/README.md``); named explicitly on the command line they are still read.
NOT_ARTICLES = ("readme", "license", "licence", "notice", "changelog", "contributing")


def directory_files(root: Path) -> list[Path]:
    """Files under ``root`` with a readable extension, sorted; hidden files and folders skipped
    (``.git``, editor backups) and so are README/LICENSE-like files: they are never articles.
    Symlinked folders are not followed."""
    found: list[Path] = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        found.extend(Path(folder, name) for name in names if _is_article_file(name))
    return sorted(found)


def _is_article_file(name: str) -> bool:
    path = Path(name)
    return (not name.startswith(".") and path.suffix.lower() in EXTENSIONS
            and path.stem.lower() not in NOT_ARTICLES)


def _read_file(path: Path, config: PipelineConfig, published: str | None) -> Iterator[Item]:
    source = str(path)
    kind = EXTENSIONS.get(path.suffix.lower())
    size = path.stat().st_size
    if kind in ("json", "jsonl"):
        yield from _read_json_file(path, size, config, published)
        return
    if kind is None:
        with path.open("rb") as stream:
            yield from _read_stream(stream, source, config, published)
        return
    if size > config.max_bytes:  # before reading: a 50 MB dump fails at once, not after a read
        raise _too_large(source, size, config.max_bytes)
    with path.open("rb") as stream:
        data = stream.read(config.max_bytes + 1)
    yield read_bytes(data, source=source, config=config, published=published)


def _read_stream(stream: BinaryIO, source: str, config: PipelineConfig,
                 published: str | None) -> Iterator[Item]:
    """Stdin or a file of unknown type: JSONL if every non-empty line is a JSON object, else
    one article (text or HTML, sniffed). Only ``max_bytes + 1`` bytes are read to decide; a
    longer stream can only be JSONL (one article is never that long)."""
    head = stream.read(config.max_bytes + 1)
    if len(head) <= config.max_bytes:
        if _looks_like_jsonl(head):
            yield from _read_jsonl(_chunks(io.BytesIO(head)), source, config, published)
        else:
            yield read_bytes(head, source=source, config=config, published=published)
        return
    if not _is_json_object(head.split(b"\n", 1)[0]):
        raise _too_large(source, None, config.max_bytes)
    yield from _read_jsonl(chain([head], _chunks(stream)), source, config, published)


def _guarded(source: str, items: Iterator[Item]) -> Iterator[Item]:
    """Turn an input's error into a ``Failure`` in its place, so the batch goes on."""
    try:
        yield from items
    except FlashpointError as exc:
        yield _failure(source, source, exc)
    except OSError as exc:
        error: FlashpointError = InputError(
            f"cannot be read ({exc.strerror or exc})", source=source,
            fix="check that the file exists and that you may read it",
        )
        yield _failure(source, source, error)
    except Exception as exc:  # a bug must cost one input, not the whole batch
        error = StageError(f"reading failed unexpectedly ({type(exc).__name__}: {exc})",
                           source=source, fix="this is a bug in flashpoint: please report it"
                           " with the input that caused it")
        yield _failure(source, source, error)


def _failure(doc_id: str, source: str | None, error: FlashpointError) -> Failure:
    return Failure(id=doc_id, source=source, stage=STAGE, reason=error.render(), code=error.code)


# --------------------------------------------------------------------------- JSON Lines


def _read_json_file(path: Path, size: int, config: PipelineConfig,
                     published: str | None) -> Iterator[Item]:
    """A .jsonl or .json file: JSON Lines, streamed; a .json file that is one JSON document
    (an object, or an array of objects, pretty-printed or not) is read whole."""
    source = str(path)
    with path.open("rb") as stream:
        if path.suffix.lower() == ".json" and size <= config.max_bytes:
            data = stream.read()
            try:
                value = json.loads(data.decode("utf-8-sig"))
            except (ValueError, RecursionError):  # not one JSON document: JSON Lines
                yield from _read_jsonl(_chunks(io.BytesIO(data)), source, config, published)
                return
            yield from _read_json_value(value, source, config, published)
            return
        yield from _read_jsonl(_chunks(stream), source, config, published)


def _read_json_value(value: object, source: str, config: PipelineConfig,
                     published: str | None) -> Iterator[Item]:
    records = value if isinstance(value, list) else [value]
    for index, record in enumerate(records):
        where = f"{source}[{index}]" if isinstance(value, list) else source
        yield _read_one(record, where, source, config, published)


def _read_jsonl(chunks: Iterable[bytes], source: str, config: PipelineConfig,
                published: str | None) -> Iterator[Item]:
    """One item per non-blank line, in input order; a bad line yields a ``Failure``."""
    for lineno, line in _lines(chunks, config.max_bytes):
        where = f"{source}:{lineno}"
        if line is None:
            yield _failure(where, source, _too_large(where, None, config.max_bytes))
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            error = MalformedRecordError(f"is not UTF-8 ({exc.reason} at byte {exc.start})",
                                         source=where, fix="re-save the file as UTF-8")
            yield _failure(where, source, error)
            continue
        except (ValueError, RecursionError) as exc:  # RecursionError: absurdly deep nesting
            yield _failure(where, source, _malformed(where, f"is not valid JSON ({exc})"))
            continue
        yield _read_one(record, where, source, config, published)


def _read_one(record: object, where: str, source: str, config: PipelineConfig,
              published: str | None) -> Item:
    """``read_record`` for one parsed JSON value, its error turned into a ``Failure``."""
    if not isinstance(record, dict):
        error = _malformed(where, f"is a JSON {type(record).__name__}, not an object")
        return _failure(where, source, error)
    try:
        return read_record(record, source=where, config=config, published=published)
    except InputError as exc:
        raw_id = record.get("id")
        doc_id = str(raw_id) if isinstance(raw_id, str | int) and str(raw_id) else where
        return _failure(doc_id, source, exc)


def _chunks(stream: BinaryIO) -> Iterator[bytes]:
    return iter(partial(stream.read, READ_CHUNK_BYTES), b"")


def _lines(chunks: Iterable[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines of a byte stream, without their newline. A line longer than ``limit``
    is yielded as None and never held in memory whole."""
    lineno, pending, overflow = 1, bytearray(), False
    for chunk in chunks:
        start = 0
        while (end := chunk.find(b"\n", start)) != -1:
            if not overflow:
                pending += chunk[start:end]
            yield lineno, None if overflow or len(pending) > limit else bytes(pending)
            lineno, overflow, start = lineno + 1, False, end + 1
            pending.clear()
        if not overflow:
            pending += chunk[start:]
            overflow = len(pending) > limit
            if overflow:
                pending.clear()
    if pending or overflow:
        yield lineno, None if overflow else bytes(pending)


def _is_json_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line.decode("utf-8-sig")), dict)
    except (ValueError, RecursionError):
        return False


def _looks_like_jsonl(data: bytes) -> bool:
    lines = [line for line in data.splitlines() if line.strip()]
    return bool(lines) and all(_is_json_object(line) for line in lines)


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
