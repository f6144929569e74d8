"""Ingest readers: files, directories, JSON Lines, stdin; ids, order and dates."""

from __future__ import annotations

import io
import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flashpoint.config import PipelineConfig
from flashpoint.errors import BadDateError, MalformedRecordError
from flashpoint.ingest.read import (
    _lines,
    check_language,
    read_bytes,
    read_paths,
    read_record,
)
from flashpoint.ingest.record import content_id
from flashpoint.model import Failure, RawDocument

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
CONFIG = PipelineConfig()
ARTICLE = (
    "Protesters gathered outside the parliament in Valmora on Tuesday.\r\n\r\n"
    "  Police said 300 people took part; organisers put the figure at 2,000.  \n"
)


def _docs(items: list[RawDocument | Failure]) -> list[RawDocument]:
    assert all(isinstance(item, RawDocument) for item in items), items
    return [item for item in items if isinstance(item, RawDocument)]


def _jsonl(path: Path, lines: list[object]) -> Path:
    """Write lines: bytes as they are, strings UTF-8 encoded, anything else as JSON."""
    encoded = [x if isinstance(x, bytes) else (x if isinstance(x, str) else json.dumps(x)).encode()
               for x in lines]
    path.write_bytes(b"\n".join(encoded) + b"\n")
    return path


@pytest.mark.parametrize("suffix", [".txt", ".text", ".md", ".article"])
def test_ingest_text_file_is_kept_exactly(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"story{suffix}"
    path.write_bytes(ARTICLE.encode("utf-8"))
    (doc,) = _docs(list(read_paths([str(path)], CONFIG)))
    assert doc.text == ARTICLE  # not stripped, CRLF kept: offsets index the input
    assert doc.source == str(path)
    assert doc.title is None
    assert doc.media_type == "text"
    assert doc.notes == ()
    assert doc.dropped == ()


def test_ingest_content_id_is_stable_and_depends_on_text(tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(ARTICLE, encoding="utf-8")
    second.write_text(ARTICLE, encoding="utf-8")
    ids = [doc.id for doc in _docs(list(read_paths([str(first), str(second)], CONFIG)))]
    assert ids[0] == ids[1] == content_id(ARTICLE)
    assert ids[0].startswith("doc-")
    assert len(ids[0]) == len("doc-") + 16
    assert content_id(ARTICLE + " ") != ids[0]


def test_ingest_read_bytes_doc_id_overrides_hash() -> None:
    doc = read_bytes(ARTICLE.encode(), source="x.txt", config=CONFIG, doc_id="mine-1")
    assert doc.id == "mine-1"


def test_ingest_html_file_gives_body_title_date_author(tmp_path: Path) -> None:
    (doc,) = _docs(list(read_paths([str(FIXTURES / "news_article.html")], CONFIG)))
    assert doc.media_type == "html"
    assert doc.title == "Talks on river dam resume in Valmora after six-month pause"
    assert doc.published == "2023-05-17"
    assert not doc.published_inferred
    assert doc.author == "Imogen Castellane"
    assert doc.url == "https://ledger.example.org/world/2023/05/17/valmora-dam-talks"
    assert "Negotiators from Estavia" in doc.text
    assert "cookies" not in doc.text
    assert doc.dropped


def test_ingest_directory_is_read_recursively_sorted_reporting_what_it_skips(
        tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Second story about the port strike.", "utf-8")
    (tmp_path / "a.txt").write_text("First story about the border talks.", "utf-8")
    (tmp_path / "c.html").write_text((FIXTURES / "news_article.html").read_text("utf-8"), "utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden backup.", "utf-8")
    (tmp_path / ".git" / "x.txt").write_text("Not an article.", "utf-8")
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n", "utf-8")
    (tmp_path / "README.md").write_text("These articles were collected on 3 May 2024.", "utf-8")
    _jsonl(tmp_path / "d.jsonl", [{"id": "j1", "text": "A record about the election."}])
    items = list(read_paths([str(tmp_path)], CONFIG))
    docs = _docs([i for i in items if not isinstance(i, Failure)])
    assert [Path(doc.source or "").name for doc in docs[:2]] == ["a.txt", "two.txt"]
    assert docs[2].media_type == "html"
    assert docs[3].id == "j1"
    assert len(docs) == 4
    # A file it does not read is reported (hidden files and READMEs are not content).
    failures = [i for i in items if isinstance(i, Failure)]
    assert [Path(f.source or "").name for f in failures] == ["notes.csv"]
    assert "not a format flashpoint reads" in failures[0].reason


def test_ingest_empty_directory_is_a_failure(tmp_path: Path) -> None:
    (failure,) = list(read_paths([str(tmp_path)], CONFIG))
    assert isinstance(failure, Failure)
    assert str(tmp_path) in failure.reason
    assert failure.stage == "ingest"


def test_ingest_missing_path_is_a_failure_and_reading_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("The ceasefire held overnight.", "utf-8")
    missing = str(tmp_path / "nope.txt")
    first, second = list(read_paths([missing, str(good)], CONFIG))
    assert isinstance(first, Failure)
    assert first.id == missing
    assert missing in first.reason
    assert "check the path" in first.reason
    assert isinstance(second, RawDocument)


def test_ingest_jsonl_keeps_order_ids_and_fields(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "batch.jsonl", [
        {"id": "b", "text": "  Second line text.  ", "title": "T", "published": "2021-03-04",
         "url": "https://example.org/b", "source": "Example Times"},
        "",
        {"id": 7, "text": "Seventh record text."},
        {"id": "a", "text": "Third record text."},
    ])
    docs = _docs(list(read_paths([str(path)], CONFIG)))
    assert [doc.id for doc in docs] == ["b", "7", "a"]
    assert docs[0].text == "  Second line text.  "
    assert docs[0].title == "T"
    assert docs[0].published == "2021-03-04"
    assert docs[0].url == "https://example.org/b"
    assert docs[0].source == "Example Times"
    assert docs[1].source == f"{path}:3"


BAD_LINES: list[tuple[object, str, str]] = [
    ("{not json", "FP106", "not valid JSON"),
    ({"id": "n1"}, "FP106", "no text"),
    ({"id": "n2", "text": 42}, "FP106", "int"),
    ({"id": ["x"], "text": "A text."}, "FP106", "id"),
    ({"id": "n3", "text": "   "}, "FP101", "whitespace"),
    ({"id": "n4", "text": "A text.", "published": "2021-02-31"}, "FP107", "2021-02-31"),
    ({"id": "n5", "text": "A text.", "published": 2021}, "FP106", "published"),
    ("[1, 2]", "FP106", "not an object"),
    ("[" * 100_000 + "]" * 100_000, "FP106", "not valid JSON"),
    (b'{"id": "n6", "text": "caf\xe9"}', "FP106", "not UTF-8"),
]


@pytest.mark.parametrize(("line", "code", "phrase"), BAD_LINES)
def test_ingest_jsonl_bad_line_is_a_failure_and_rest_is_read(
        tmp_path: Path, line: object, code: str, phrase: str) -> None:
    path = _jsonl(tmp_path / "mixed.jsonl", [
        {"id": "ok1", "text": "First good record."}, line,
        {"id": "ok2", "text": "Last good record."},
    ])
    first, bad, last = list(read_paths([str(path)], CONFIG))
    assert isinstance(first, RawDocument)
    assert first.id == "ok1"
    assert isinstance(last, RawDocument)
    assert last.id == "ok2"
    assert isinstance(bad, Failure)
    assert bad.code == code
    assert phrase in bad.reason
    assert f"{path}:2" in bad.reason  # the message names file and line
    assert bad.source == str(path)
    record_id = line.get("id") if isinstance(line, dict) else None
    assert bad.id == (record_id if isinstance(record_id, str) else f"{path}:2")


def test_ingest_jsonl_without_id_gets_content_hash(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "noid.jsonl", [{"text": "A record without an id."}])
    (doc,) = _docs(list(read_paths([str(path)], CONFIG)))
    assert doc.id == content_id("A record without an id.")


def test_ingest_jsonl_overlong_line_fails_alone(tmp_path: Path) -> None:
    config = PipelineConfig(max_bytes=200, max_chars=200)
    path = _jsonl(tmp_path / "long.jsonl", [
        {"id": "short", "text": "Fine."}, {"id": "long", "text": "x" * 5_000},
        {"id": "after", "text": "Also fine."},
    ])
    items = list(read_paths([str(path)], config))
    assert [type(item).__name__ for item in items] == ["RawDocument", "Failure", "RawDocument"]
    assert isinstance(items[1], Failure)
    assert items[1].code == "FP103"


@pytest.mark.parametrize("pretty", [True, False])
def test_ingest_json_file_object_or_array(tmp_path: Path, pretty: bool) -> None:
    records = [{"id": "r1", "text": "One."}, {"id": "r2", "text": "Two."}]
    indent = 2 if pretty else None
    (tmp_path / "array.json").write_text(json.dumps(records, indent=indent), "utf-8")
    (tmp_path / "single.json").write_text(json.dumps(records[0], indent=indent), "utf-8")
    array = _docs(list(read_paths([str(tmp_path / "array.json")], CONFIG)))
    single = _docs(list(read_paths([str(tmp_path / "single.json")], CONFIG)))
    assert [doc.id for doc in array] == ["r1", "r2"]
    assert [doc.id for doc in single] == ["r1"]


def test_ingest_json_file_with_one_object_per_line(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "lines.json", [{"id": "l1", "text": "One."},
                                            {"id": "l2", "text": "Two."}])
    assert [doc.id for doc in _docs(list(read_paths([str(path)], CONFIG)))] == ["l1", "l2"]


STDIN_CASES: list[tuple[bytes, list[str], str]] = [
    (ARTICLE.encode(), [content_id(ARTICLE)], "text"),
    (b'{"id": "s1", "text": "One."}\n\n{"id": "s2", "text": "Two."}\n', ["s1", "s2"], "text"),
    ((FIXTURES / "news_article.html").read_bytes(), [], "html"),
]


@pytest.mark.parametrize(("data", "ids", "media_type"), STDIN_CASES)
def test_ingest_stdin_is_sniffed(data: bytes, ids: list[str], media_type: str) -> None:
    docs = _docs(list(read_paths(["-"], CONFIG, stdin=io.BytesIO(data))))
    if ids:
        assert [doc.id for doc in docs] == ids
    else:
        assert len(docs) == 1
    assert all(doc.media_type == media_type for doc in docs)
    assert all((doc.source or "").startswith("<stdin>") for doc in docs)


def test_ingest_stdin_mixed_lines_are_one_text_document() -> None:
    data = b'{"id": "s1", "text": "One."}\nplain words after it\n'
    (doc,) = _docs(list(read_paths(["-"], CONFIG, stdin=io.BytesIO(data))))
    assert doc.text == data.decode()


def test_ingest_stdin_larger_than_one_article_is_streamed_as_jsonl() -> None:
    config = PipelineConfig(max_bytes=100, max_chars=100)
    lines = [json.dumps({"id": f"r{i}", "text": f"Record number {i}."}) for i in range(20)]
    stream = io.BytesIO(("\n".join(lines) + "\n").encode())
    docs = _docs(list(read_paths(["-"], config, stdin=stream)))
    assert [doc.id for doc in docs] == [f"r{i}" for i in range(20)]


def test_ingest_stdin_too_large_for_an_article_fails() -> None:
    config = PipelineConfig(max_bytes=100, max_chars=100)
    (failure,) = list(read_paths(["-"], config, stdin=io.BytesIO(b"word " * 100)))
    assert isinstance(failure, Failure)
    assert failure.code == "FP103"
    assert "<stdin>" in failure.reason


@pytest.mark.parametrize("kind", ["txt", "jsonl", "html"])
def test_ingest_published_argument_overrides_input_dates(tmp_path: Path, kind: str) -> None:
    paths = {
        "txt": tmp_path / "a.txt", "jsonl": tmp_path / "a.jsonl",
        "html": FIXTURES / "news_article.html",
    }
    paths["txt"].write_text("Talks ended on March 3, 2021 without a deal.", "utf-8")
    _jsonl(paths["jsonl"], [{"id": "x", "text": "Talks.", "published": "2021-01-01"}])
    (doc,) = _docs(list(read_paths([str(paths[kind])], CONFIG, published="2020-06-01")))
    assert doc.published == "2020-06-01"
    assert not doc.published_inferred


def test_ingest_read_paths_checks_published_before_reading() -> None:
    with pytest.raises(BadDateError, match="2021-02-31"):
        read_paths(["/does/not/matter.txt"], CONFIG, published="2021-02-31")


def test_ingest_date_is_inferred_from_text_when_not_given(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("The deal signed on 3 March 2021 was broken on April 9, 2021.", "utf-8")
    (doc,) = _docs(list(read_paths([str(path)], CONFIG)))
    assert doc.published == "2021-04-09"
    assert doc.published_inferred
    assert any("inferred from the text: 2021-04-09" in note for note in doc.notes)


def test_ingest_read_record_keeps_text_exactly_and_uses_arguments() -> None:
    text = "\n  Minister resigns.\t\n"
    doc = read_record({"id": "gold-1", "text": text, "published": "2019-05"}, source="eval",
                      config=CONFIG)
    assert doc.text == text
    assert doc.id == "gold-1"
    assert doc.published == "2019-05"
    assert not doc.published_inferred
    override = read_record({"id": "gold-1", "text": text, "published": "2019-05"},
                           source="eval", config=CONFIG, published="2019-05-02")
    assert override.published == "2019-05-02"


def test_ingest_read_record_ignores_non_string_metadata() -> None:
    record = {"id": "gsr-1", "text": "Rebels attacked the convoy.", "title": 5,
              "source": [{"text": "Rebels", "sector": "REB"}], "url": "https://example.org/1"}
    doc = read_record(record, source="gsr.jsonl:1", config=CONFIG)
    assert doc.source == "gsr.jsonl:1"
    assert doc.title is None
    assert doc.url == "https://example.org/1"
    assert any("'source' (list, not a string)" in note for note in doc.notes)
    assert any("'title' (int, not a string)" in note for note in doc.notes)


def test_ingest_read_record_without_id_or_title() -> None:
    doc = read_record({"text": "Minister resigns.", "title": None}, source="<text>",
                      config=CONFIG)
    assert doc.id == content_id("Minister resigns.")
    assert doc.title is None
    assert doc.source == "<text>"


@pytest.mark.parametrize("record", [{"id": "x"}, {"id": "x", "text": None},
                                    {"id": True, "text": "t"}, {"id": "", "text": "t"},
                                    {"id": "x", "text": "t", "published": ["2021"]}])
def test_ingest_read_record_rejects_malformed(record: dict[str, object]) -> None:
    with pytest.raises(MalformedRecordError, match=r"line-9"):
        read_record(record, source="line-9", config=CONFIG)


@given(lines=st.lists(st.binary(max_size=30).map(lambda b: b.replace(b"\n", b"")), max_size=20),
       cuts=st.lists(st.integers(min_value=0, max_value=400), max_size=10),
       limit=st.integers(min_value=1, max_value=40))
def test_ingest_jsonl_line_splitting_matches_split(lines: list[bytes], cuts: list[int],
                                                   limit: int) -> None:
    data = b"\n".join(lines)
    bounds = sorted({0, len(data), *(c for c in cuts if c < len(data))})
    chunks = [data[a:b] for a, b in itertools.pairwise(bounds)]
    expected = [(n, line if len(line) <= limit else None)
                for n, line in enumerate(data.split(b"\n"), start=1)]
    if data.endswith(b"\n") or not data:
        expected = expected[:-1]
    assert list(_lines(chunks, limit)) == expected


@pytest.mark.shared
def test_ingest_evaluation_texts_are_all_read(shared_dir: Path) -> None:
    """Every record of the evaluation sets reads, and none is refused as not English."""
    count = 0
    for path in sorted((shared_dir / "data").glob("*/*.jsonl")):
        for item in read_paths([str(path)], CONFIG):
            assert isinstance(item, RawDocument), item
            assert check_language(item, CONFIG) == "en", item.text[:200]
            count += 1
    assert count > 2_000


@pytest.mark.parametrize(("text", "title"), [
    ("Rebels seize border town\n\nRebels seized the town on Monday.", "Rebels seize border town"),
    ("Rebels seize town\r\n\r\nBody.", "Rebels seize town"),
    ("The army said on Monday it had withdrawn.\n\nMore.", None),
    ("A single line with no body", None),
    ("Short\nline wrapped\n\nBody.", None),
])
def test_ingest_plain_text_headline(text: str, title: str | None) -> None:
    from flashpoint.ingest.record import headline

    assert headline(text) == title
