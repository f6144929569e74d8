"""The ingest stage: files, directories, stdin and records in, ``RawDocument`` records out.

Everything that can go wrong with an input is found here, before any model is loaded, and
explained: a missing path, a PDF renamed to .txt, a 50 MB dump, an unknown encoding, a page
with no article, a bad JSONL line, an impossible date, a text in another language. A batch
reader never raises for one bad input: it yields a ``Failure`` in that input's place and goes
on. Plain text is kept exactly as decoded (offsets index the input); HTML becomes its article
body, with what the extractor left out recorded as ``Dropped``.

Helpers live beside this module: ``record`` (one document: bytes or a record to a
``RawDocument``), ``decoding`` (bytes to text), ``html`` (pages), ``published`` (publication
dates) and ``language`` (language check).
"""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from flashpoint.config import PipelineConfig
from flashpoint.errors import (
    FlashpointError,
    InputError,
    MalformedRecordError,
    StageError,
)
from flashpoint.model import Failure, RawDocument

from .language import check_language, detect_language
from .published import infer_published, parse_published
from .record import EXTENSIONS, _malformed, _too_large, read_bytes, read_record

__all__ = [
    "check_language", "detect_language", "infer_published", "parse_published", "read_bytes",
    "read_paths", "read_record",
]

STDIN_PATH = "-"
STDIN_SOURCE = "<stdin>"
#: Read size for streaming JSONL: large enough for few system calls, small beside max_bytes.
READ_CHUNK_BYTES = 1 << 20
STAGE = "ingest"

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
