"""The CLI contract: `flashpoint extract FILE.jsonl --format jsonl --no-clean` and friends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..conftest import ROOT, run_cli

pytestmark = pytest.mark.slow

ARTICLE = ("ANKARA, Dec. 20, 2016 — Turkish police said on Tuesday they had detained six people "
           "after the attack.\n\nThe interior minister said the investigation would continue.")


def _jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_cli_extract_jsonl_keeps_ids_order_and_text(tmp_path: Path) -> None:
    rows = [{"id": f"r{i}", "text": f"  Item {i}: the minister resigned.\n"} for i in range(5)]
    rows[2]["published"] = "2020-01-02"
    p = run_cli("extract", str(_jsonl(tmp_path / "in.jsonl", rows)), "--format", "jsonl",
                "--no-clean")
    assert p.returncode == 0, p.stderr.decode()
    docs = [json.loads(line) for line in p.stdout.decode().splitlines()]
    assert [d["id"] for d in docs] == [r["id"] for r in rows]
    assert [d["text"] for d in docs] == [r["text"] for r in rows]
    assert docs[2]["published"] == "2020-01-02"


def test_cli_extract_batch_goes_on_after_a_bad_record(tmp_path: Path) -> None:
    inp = tmp_path / "in.jsonl"
    inp.write_text('{"id": "a", "text": "The army withdrew."}\nnot json\n'
                   '{"id": "c", "text": "   "}\n{"id": "d", "text": "Talks resumed."}\n',
                   encoding="utf-8")
    p = run_cli("extract", str(inp), "--format", "jsonl", "--no-clean")
    assert p.returncode == 0
    assert [json.loads(x)["id"] for x in p.stdout.decode().splitlines()] == ["a", "d"]
    err = p.stderr.decode()
    assert "Traceback" not in err
    assert "c (ingest)" in err or "c (" in err
    assert err.count("flashpoint: failed:") == 2


def test_cli_extract_single_text_file_prints_one_object(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    p = run_cli("extract", str(f))
    assert p.returncode == 0, p.stderr.decode()
    doc = json.loads(p.stdout)
    assert doc["schema"] == "flashpoint.document/1"
    assert doc["published"] == "2016-12-20"


def test_cli_extract_stdin(tmp_path: Path) -> None:
    p = run_cli("extract", "-", "--format", "jsonl", stdin=ARTICLE.encode())
    assert p.returncode == 0, p.stderr.decode()
    assert len(p.stdout.decode().splitlines()) == 1


@pytest.mark.parametrize(("content", "code"), [
    (b"", "FP101"), (b"   \n\t ", "FP101"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50, "FP102"),
])
def test_cli_extract_bad_single_file_fails_clearly(tmp_path: Path, content: bytes,
                                                   code: str) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    p = run_cli("extract", str(f))
    err = p.stderr.decode()
    assert p.returncode == 1
    assert code in err and "bad.txt" in err and "Fix:" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("date", ["2021-02-31", "2021-13-01", "99999-01-01", "yesterday"])
def test_cli_extract_impossible_published_is_refused(tmp_path: Path, date: str) -> None:
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    p = run_cli("extract", str(f), "--published", date)
    err = p.stderr.decode()
    assert p.returncode != 0
    assert "FP107" in err and date in err and "Traceback" not in err


def test_cli_extract_missing_path_is_reported(tmp_path: Path) -> None:
    p = run_cli("extract", str(tmp_path / "nope.txt"))
    assert p.returncode == 1
    assert "nope.txt" in p.stderr.decode()


def test_cli_every_command_has_help() -> None:
    from click.testing import CliRunner

    from flashpoint.cli.main import cli

    runner = CliRunner()
    for name in cli.commands:
        res = runner.invoke(cli, [name, "--help"])
        assert res.exit_code == 0, name
        assert "Usage:" in res.output
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"flashpoint {name}" in readme, f"README does not document `flashpoint {name}`"


def test_cli_ingest_examples_and_summary(tmp_path: Path) -> None:
    db = tmp_path / "fp.duckdb"
    p = run_cli("ingest", str(ROOT / "examples"), "--db", str(db))
    out = p.stdout.decode()
    assert p.returncode == 0, p.stderr.decode()
    assert "documents" in out and "0 failed" in out
    q = run_cli("summary", "--db", str(db))
    assert q.returncode == 0
    assert "documents" in q.stdout.decode()
