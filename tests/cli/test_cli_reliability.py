"""What a new user and a reliability engineer found wrong (issue 15), each now as documented.

One test per finding: Latin-1 decoded right and said to be a guess (2), one toll per incident
in the store's sums (3), one list encoding for every CSV (4), the documented exit codes and
messages (5), broken HTML (6) and tables a person reads (7). Finding 1 (killable extraction)
is tests/batch/test_sandbox.py and tests/service/test_api_limits.py.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from flashpoint.config import PipelineConfig
from flashpoint.corpus import Store
from flashpoint.ingest import read_bytes

from ..conftest import run_cli

pytestmark = pytest.mark.slow

INCIDENT = ("Gunmen killed 12 soldiers and wounded police officers in an attack on an army "
            "base in Borno on Monday, the army said.\n\n"
            "Gunmen killed 12 soldiers in the attack, officials said.\n")


# ------------------------------------------------------------------ 2. encodings


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_western_text_in_a_single_byte_code_page_decodes_right(encoding: str) -> None:
    text = "Police in São Paulo arrested 12 protesters, the governor of Paraná said."
    raw = read_bytes(text.encode(encoding), source="a.txt", config=PipelineConfig())
    assert raw.text == text
    assert any(d.reason.startswith("encoding guessed") for d in raw.dropped)


def test_a_guessed_decoding_is_a_warning_on_stderr(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Police in São Paulo arrested 12 protesters on Monday.".encode("latin-1"))
    run = run_cli("extract", str(path))
    assert run.returncode == 0, run.stderr
    assert b"warning" in run.stderr and b"encoding guessed" in run.stderr
    doc = json.loads(run.stdout)
    assert "São Paulo" in doc["text"]
    assert any(p["name"] == "São Paulo" for p in doc["places"])


def test_a_text_with_unicode_line_separators_stays_one_jsonl_line(tmp_path: Path) -> None:
    # NEL (U+0085, a Windows-1252 ellipsis read as Latin-1), U+2028 and U+2029 are legal raw
    # in JSON strings, but str.splitlines breaks lines on them: a reader of the JSONL output
    # (shared/tools/score.py is one) lost the whole document.
    text = "Police arrested 12 protesters\x85 in Lagos\u2028on Monday.\u2029The army said."
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "a", "text": text}) + "\n", encoding="utf-8")
    run = run_cli("extract", str(path), "--format", "jsonl", "--no-clean")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.decode("utf-8").splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["text"] == text


# ------------------------------------------------------------------ 3. fatalities


def test_the_store_counts_each_stated_toll_once(tmp_path: Path) -> None:
    article = tmp_path / "incident.txt"
    article.write_text(INCIDENT, encoding="utf-8")
    db = tmp_path / "store.duckdb"
    run = run_cli("ingest", str(article), "--db", str(db), "--workers", "1",
                  "--published", "2024-05-06")
    assert run.returncode == 0, run.stderr
    with Store.read_only(db) as store:
        n_assault = store.connection.execute(
            "SELECT count(*) FROM events WHERE type = 'ASSAULT'").fetchone()
        deaths = store.connection.execute(
            "SELECT coalesce(sum(fatalities), 0) FROM events").fetchone()
    assert n_assault is not None and n_assault[0] >= 2  # several events of one incident
    assert deaths is not None and deaths[0] == 12


# ------------------------------------------------------------------ 4. CSV lists


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("store")
    (folder / "a.txt").write_text(INCIDENT, encoding="utf-8")
    (folder / "b.txt").write_text(
        "Nigerian police arrested 30 protesters in Lagos on Tuesday, a police spokesman "
        "said.\n", encoding="utf-8")
    db = folder / "s.duckdb"
    run = run_cli("ingest", str(folder), "--db", str(db), "--workers", "1",
                  "--published", "2024-05-08")
    assert run.returncode == 0, run.stderr
    return db


def _lists(cell: str) -> list[str]:
    """The documented reading of a list cell: brackets, then comma and space."""
    assert cell.startswith("[") and cell.endswith("]"), cell
    inner = cell[1:-1]
    return inner.split(", ") if inner else []


def test_every_csv_writes_lists_the_same_way(store: Path, tmp_path: Path) -> None:
    queried = run_cli("query", "events", "--db", str(store), "--format", "csv")
    assert queried.returncode == 0, queried.stderr
    frame = pd.read_csv(io.BytesIO(queried.stdout))
    assert "'" not in "".join(frame["target"].astype(str))  # no numpy reprs
    exported = tmp_path / "export"
    run = run_cli("export", str(exported), "--db", str(store), "--format", "csv")
    assert run.returncode == 0, run.stderr
    with (exported / "events.csv").open(encoding="utf-8") as fh:
        exported_targets = sorted(row["target"] for row in csv.DictReader(fh))
    assert sorted(frame["target"].astype(str)) == exported_targets
    for cell in frame["target"].astype(str):
        assert all(part and " " not in part for part in _lists(cell))


# ------------------------------------------------------------------ 5. documented behaviour


def test_a_jsonl_of_only_blank_lines_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "blank.jsonl"
    path.write_text("\n", encoding="utf-8")
    run = run_cli("extract", str(path), "--format", "jsonl")
    assert run.returncode == 1
    assert b"no documents" in run.stderr


def test_a_malformed_published_date_is_bad_usage() -> None:
    run = run_cli("extract", "-", "--published", "2025-13-45", stdin=b"Some text.")
    assert run.returncode == 2
    assert b"--published" in run.stderr


def test_the_too_long_error_names_options_the_commands_have() -> None:
    text = ("Rebels attacked a base. " * 20_000).encode()  # 480,000 characters
    run = run_cli("extract", "-", stdin=text)
    assert run.returncode == 1
    assert b"--max-chars" in run.stderr
    for command in ("extract", "ingest", "serve"):
        helped = run_cli(command, "--help")
        assert b"--max-chars" in helped.stdout, command


def test_a_country_code_finds_the_countrys_bodies(store: Path) -> None:
    run = run_cli("query", "events", "--db", str(store), "--actor", "NGA", "--format", "json")
    assert run.returncode == 0, run.stderr
    rows = json.loads(run.stdout)
    assert rows, "NGA must match NGA.POL and other Nigerian bodies"
    assert all(any(a == "NGA" or a.startswith("NGA.") for a in r["source"] + r["target"])
               for r in rows)


def test_a_directory_reports_the_files_it_does_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Police arrested two men in Lagos on Monday.\n")
    (folder / "b.bin").write_bytes(b"\x00\x01\x02binary")
    (folder / "c.pdf").write_bytes(b"%PDF-1.4 ...")
    (folder / "noext").write_text("no extension")
    (folder / "README.md").write_text("a readme is not an article")
    db = tmp_path / "d.duckdb"
    run = run_cli("ingest", str(folder), "--db", str(db), "--workers", "1")
    assert run.returncode == 0, run.stderr
    for name in (b"b.bin", b"c.pdf", b"noext"):
        assert name in run.stderr
    with Store.read_only(db) as s:
        failed = {str(r[0]).rsplit("/", 1)[-1] for r in s.connection.execute(
            "SELECT source FROM failures").fetchall()}
        stored = s.connection.execute("SELECT count(*) FROM documents").fetchone()
    assert failed == {"b.bin", "c.pdf", "noext"}
    assert stored is not None and stored[0] == 1


def test_summary_of_an_empty_store_says_how_to_fill_it(tmp_path: Path) -> None:
    db = tmp_path / "empty.duckdb"
    with Store(db):
        pass
    run = run_cli("summary", "--db", str(db))
    assert run.returncode == 0, run.stderr
    assert b"issues" not in run.stdout
    assert b"flashpoint ingest" in run.stdout


# ------------------------------------------------------------------ 6. broken HTML


def test_broken_html_keeps_its_title_and_never_its_script(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text("<html><head><title>Rebels attack army base in Goma</title>\n"
                    "<script>var x = 1; alert(1)</scr\n<body><p>Rebels attacked an army base "
                    "in Goma on Sunday, killing three soldiers, the army said.</p>\n<p>The "
                    "attack was the third this month.", encoding="utf-8")
    run = run_cli("extract", str(page))
    assert run.returncode == 0, run.stderr
    doc = json.loads(run.stdout)
    assert doc["title"] == "Rebels attack army base in Goma"
    assert "alert" not in doc["text"] and "var x" not in doc["text"]


# ------------------------------------------------------------------ 7. tables


def test_tables_show_names_beside_ids_within_the_terminal(store: Path) -> None:
    run = run_cli("query", "events", "--db", str(store), "--limit", "5")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.decode().splitlines()
    assert max(len(line) for line in lines) <= 120  # no terminal: the default width
    assert any("NGA.POL " in line for line in lines), lines  # "ID Name"
    assert any("…" in line for line in lines)  # long evidence cut with an ellipsis
