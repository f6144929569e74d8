"""The corpus commands: flashpoint query …, dedup and export, as a user runs them."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from flashpoint.cli.main import cli

from ..conftest import run_cli
from ..corpus_support import build_store, war_corpus

QUERIES = ["events", "dyad", "escalation", "actors", "network", "top", "changes"]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(build_store(tmp_path_factory.mktemp("cli") / "s.duckdb", war_corpus()))


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("command", [["query", q] for q in QUERIES] + [["dedup"], ["export"]])
def test_cli_query_every_command_has_help(command: list[str]) -> None:
    out = _run(*command, "--help")
    assert "Usage:" in out and "--db" in out


def test_cli_query_events_in_three_formats(db: str) -> None:
    table = _run("query", "events", "--db", db, "--source", "RUS.MIL", "--limit", "3")
    assert "RUS.MIL" in table and "(3 of 6 mentions, from 0)" in table
    rows = json.loads(_run("query", "events", "--db", db, "--doc-id", "d02", "--format",
                           "json"))
    assert rows[0]["n_docs"] == 3 and rows[0]["source"] == ["RUS.MIL"]
    assert rows[0]["day"] == "2024-05-02"
    frame = pd.read_csv(io.StringIO(_run("query", "events", "--db", db, "--format", "csv",
                                         "--type", "AID", "--type", "CONSULT")))
    assert len(frame) == 3


def test_cli_query_dyad_and_escalation(db: str) -> None:
    series = pd.read_csv(io.StringIO(_run("query", "dyad", "RUS", "UKR", "--db", db,
                                          "--freq", "month", "--format", "csv")))
    assert series["n"].sum() == 4
    totals = json.loads(_run("query", "dyad", "RUS", "UKR", "--db", db, "--totals",
                             "--format", "json"))
    assert totals[0]["type"] == "ASSAULT" and totals[0]["n"] == 3
    esc = json.loads(_run("query", "escalation", "RUS", "UKR", "--db", db, "--format", "json"))
    assert {"period", "escalation", "baseline"} <= set(esc[0])


def test_cli_query_lists(db: str) -> None:
    assert "RUS.MIL" in _run("query", "actors", "--db", db, "-q", "rus")
    assert "UKR" in _run("query", "network", "--db", db, "--min-count", "2")
    for what in ("actors", "events", "places"):
        assert "(none)" not in _run("query", "top", what, "--db", db)
    changes = json.loads(_run("query", "changes", "2024-05-01", "--by", "day", "--db", db,
                              "--format", "json"))
    assert set(changes) == {"events", "dyads", "actors"} and len(changes["events"]) == 4


def test_cli_dedup_and_export(db: str, tmp_path: Path) -> None:
    assert "canonical events" in _run("dedup", "--db", db)
    out = tmp_path / "events.tsv"
    assert "wrote 10 rows" in _run("export", str(out), "--db", db, "--format", "cameo")
    assert out.read_text(encoding="utf-8").startswith("GLOBALEVENTID\tSQLDATE")
    _run("export", str(tmp_path / "tables"), "--db", db, "--format", "parquet")
    assert (tmp_path / "tables" / "canonical_events.parquet").is_file()


@pytest.mark.slow
def test_cli_query_errors_are_one_line_with_a_fix(db: str, tmp_path: Path) -> None:
    missing = run_cli("query", "events", "--db", str(tmp_path / "none.duckdb"))
    assert missing.returncode == 2
    assert b"no store at" in missing.stderr and b"Fix:" in missing.stderr
    bad = run_cli("query", "events", "--db", db, "--since", "2024-13")
    assert bad.returncode == 2 and b"[FP410]" in bad.stderr
    usage = run_cli("query", "changes", "2024-01-01", "--db", db, "--format", "csv")
    assert usage.returncode == 2 and b"--what" in usage.stderr
