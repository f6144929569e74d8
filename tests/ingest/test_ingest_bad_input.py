"""Ingest on inputs that are not clean UTF-8 articles: each is read or refused with a reason."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest

from flashpoint.config import PipelineConfig
from flashpoint.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputError,
    InputTooLargeError,
    NoArticleError,
)
from flashpoint.ingest.read import read_bytes, read_paths
from flashpoint.model import Failure, RawDocument

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
CONFIG = PipelineConfig()
SENTENCE = "The minister said the talks in Zürich would resume on Monday. "


def _random_bytes(size: int, *, seed: int = 7, without_nul: bool = False) -> bytes:
    rng = random.Random(seed)
    data = bytes(rng.randrange(256) for _ in range(size))
    return data.replace(b"\x00", b"\x01") if without_nul else data


@pytest.mark.parametrize(("data", "phrase"), [
    (b"", "is empty"),
    (b"   \n\t\r\n  ", "only whitespace"),
    ("\u00a0\u2003\n\u200b\ufeff".encode(), "only whitespace"),
    (codecs.BOM_UTF8, "is empty"),
])
def test_ingest_empty_input_is_refused(data: bytes, phrase: str) -> None:
    with pytest.raises(EmptyInputError, match=phrase) as info:
        read_bytes(data, source="blank.txt", config=CONFIG)
    assert "blank.txt" in str(info.value)


@pytest.mark.parametrize(("data", "phrase"), [
    (b"\x89PNG\r\n\x1a\n" + _random_bytes(2_000), "PNG"),
    (b"%PDF-1.7\n" + _random_bytes(500), "PDF"),
    (b"PK\x03\x04" + _random_bytes(500), "ZIP"),
    (_random_bytes(4_000), "NUL"),
    (_random_bytes(4_000, without_nul=True), "control"),
    (SENTENCE.encode() + b"\x00\x00\x00" + SENTENCE.encode(), "NUL"),
])
def test_ingest_binary_input_is_refused(data: bytes, phrase: str) -> None:
    with pytest.raises(BinaryInputError, match=phrase) as info:
        read_bytes(data, source="image.txt", config=CONFIG)
    assert "image.txt" in str(info.value)
    assert info.value.code == "FP102"


def test_ingest_fifty_megabyte_file_fails_before_reading(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "dump.txt"
    with path.open("wb") as stream:  # sparse: 50 MB on stat, nothing written
        stream.truncate(50 * 1024 * 1024)

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened: the size must be checked first")

    monkeypatch.setattr(Path, "open", no_reading)
    (failure,) = list(read_paths([str(path)], CONFIG))
    assert isinstance(failure, Failure)
    assert failure.code == "FP103"
    assert str(path) in failure.reason
    assert "52.4 MB" in failure.reason
    assert "8.0 MB limit" in failure.reason
    assert "--max-bytes" in failure.reason


def test_ingest_read_bytes_over_max_bytes_is_refused() -> None:
    config = PipelineConfig(max_bytes=1_000, max_chars=1_000)
    with pytest.raises(InputTooLargeError, match=r"big\.txt: is 0\.0 MB"):
        read_bytes(b"a" * 1_001, source="big.txt", config=config)


def test_ingest_text_over_max_chars_is_refused() -> None:
    config = PipelineConfig(max_bytes=10_000, max_chars=100)
    with pytest.raises(InputTooLargeError, match=r"long\.txt: is 101 characters long"):
        read_bytes(b"a" * 101, source="long.txt", config=config)


@pytest.mark.parametrize(("encode", "note"), [
    (lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), "UTF-16-LE (byte order mark)"),
    (lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "UTF-16-BE (byte order mark)"),
    (lambda t: t.encode("utf-16-le"), "UTF-16-LE (no byte order mark)"),
    (lambda t: t.encode("utf-16-be"), "UTF-16-BE (no byte order mark)"),
    (lambda t: t.encode("utf-32"), "UTF-32-LE (byte order mark)"),
    (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "UTF-8 (byte order mark)"),
    (lambda t: t.encode("latin-1"), "decoded as cp1252"),
    (lambda t: (t + "It cost 5 € – “a lot”.").encode("cp1252"), "decoded as cp1252"),
])
def test_ingest_encodings_are_decoded_and_noted(encode: object, note: str) -> None:
    text = SENTENCE * 3
    assert callable(encode)
    doc = read_bytes(encode(text), source="enc.txt", config=CONFIG)
    assert doc.text.startswith(text)
    assert any(note in entry for entry in doc.notes), doc.notes


def test_ingest_utf8_has_no_encoding_note() -> None:
    assert read_bytes(SENTENCE.encode(), source="u.txt", config=CONFIG).notes == ()


def test_ingest_invalid_utf16_after_bom_is_an_encoding_error() -> None:
    data = codecs.BOM_UTF16_LE + "Talks resumed.".encode("utf-16-le") + b"\x00\xd8"
    with pytest.raises(EncodingError, match=r"bad\.txt: starts with a UTF-16-LE byte order mark"):
        read_bytes(data, source="bad.txt", config=CONFIG)


def test_ingest_broken_html_does_not_crash(tmp_path: Path) -> None:
    (doc,) = list(read_paths([str(FIXTURES / "broken.html")], CONFIG))
    assert isinstance(doc, RawDocument)
    assert "extended the overnight curfew" in doc.text
    assert "dock workers' union" in doc.text
    assert "<p>" not in doc.text
    assert doc.notes


@pytest.mark.parametrize("page", [
    "<html><body><div><p>Rebels shelled the airport road on Sunday, the army said."
    "<p>Three soldiers were wounded.</div></span></i></body>",
    "<p>Rebels shelled the airport road on Sunday<div><table><td>the army said.",
    "<<<>>> <p> Rebels shelled the airport road </b></b></b>&&& <p x=\"unterminated>tail",
    "<html><body>" + "<div>" * 3_000 + "Rebels shelled the airport road." + "</div>" * 10,
])
def test_ingest_malformed_html_gives_its_text(page: str) -> None:
    doc = read_bytes(page.encode(), source="page.html", config=CONFIG)
    assert "Rebels shelled the airport road" in doc.text
    assert doc.media_type == "html"


@pytest.mark.parametrize("name", ["script_only.html"])
def test_ingest_html_without_text_is_no_article(name: str) -> None:
    with pytest.raises(NoArticleError, match=name) as info:
        read_bytes((FIXTURES / name).read_bytes(), source=name, config=CONFIG)
    assert "JavaScript" in str(info.value)


@pytest.mark.parametrize("page", ["<html><body></body></html>", "<html><head></head></html>",
                                  "<!doctype html><html><body><script>x()</script></body></html>"])
def test_ingest_empty_html_page_is_no_article(page: str) -> None:
    with pytest.raises(NoArticleError, match=r"empty\.html"):
        read_bytes(page.encode(), source="empty.html", config=CONFIG)


@pytest.mark.parametrize("make", ["empty", "binary", "latin1"])
def test_ingest_bad_files_become_failures_named_by_path(tmp_path: Path, make: str) -> None:
    path = tmp_path / f"{make}.txt"
    data = {"empty": b"", "binary": b"\x89PNG\r\n\x1a\n\x00\x00",
            "latin1": (SENTENCE * 2).encode("latin-1")}[make]
    path.write_bytes(data)
    (item,) = list(read_paths([str(path)], CONFIG))
    if make == "latin1":
        assert isinstance(item, RawDocument)
        assert "Zürich" in item.text
    else:
        assert isinstance(item, Failure)
        assert item.id == str(path)
        assert str(path) in item.reason
        assert item.stage == "ingest"


def test_ingest_unreadable_file_is_a_failure(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(SENTENCE, "utf-8")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", denied)
    (failure,) = list(read_paths([str(path)], CONFIG))
    assert isinstance(failure, Failure)
    assert "Permission denied" in failure.reason
    assert failure.code == InputError.code
