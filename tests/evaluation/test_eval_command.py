"""``flashpoint eval``: the report tables and the click command."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from flashpoint.cli.main import cli
from flashpoint.errors import EvalError
from flashpoint.evaluation.datasets import DatasetSpec, EventRecord
from flashpoint.evaluation.gold import AreaScore, ArticleScore
from flashpoint.evaluation.report import render
from flashpoint.evaluation.runner import DatasetResult
from flashpoint.evaluation.scoring import score_events
from flashpoint.model import Failure


def _events_result() -> DatasetResult:
    recs = [EventRecord("a", "x", ("ACCUSE",)), EventRecord("b", "y", ("CONSULT",)),
            EventRecord("c", "z", ())]
    out: dict[str, Any] = {"a": {"events": [{"type": "ACCUSE", "confidence": 1.0}]},
           "b": {"events": [{"type": "ACCUSE", "confidence": 1.0}]}, "c": {"events": []}}
    s = score_events(recs, out)
    return DatasetResult(DatasetSpec("events", "case2021"), 538, 3, s.metrics, s.headline, 0.4,
                         s.per_type, s.confusion,
                         failures=(Failure("d", "events/case2021", "ingest", "empty"),))


def test_eval_report_events_tables() -> None:
    text = render([_events_result()])
    assert "== events/case2021  (3 of 538 records evaluated, 0.4 s)  macro_f1 = 0.333" in text
    assert "any_type_acceptable" in text and "disaster_coded_assault" in text
    assert "  ACCUSE" in text and "  CONSULT" in text  # per-type rows
    assert "gold \\ predicted  ACCU  NONE" in text  # confusion columns
    assert "1 document(s) failed" in text and "d (ingest): empty" in text
    assert "events/case2021" in text.split("== summary")[1]


def test_eval_report_gold_found_expected_and_missed() -> None:
    areas = (AreaScore("actors", 1, 2, ("Putin (person, RUS): no actor with these names",)),
             AreaScore("event_places", 0, 1, ("e1: place Ankara",)))
    art = ArticleScore("trnews-1", areas, "2016-12-19", ("reviewer",))
    assert (art.area("times").found, art.area("times").expected) == (0, 0)
    r = DatasetResult(DatasetSpec("gold", "gold"), 3, 1, {"n": 1, "actors": 0.5}, "actors", 1.0,
                      articles=(art,))
    text = "\n".join(line for line in render([r]).splitlines() if "all articles" not in line)
    assert "trnews-1  (published inferred without a date: 2016-12-19)" in text
    assert "actors" in text and "1/2" in text
    assert "missed: Putin (person, RUS): no actor with these names" in text
    assert "event_places (extra)" in text
    assert "not scored (unknown gold keys): reviewer" in text


def test_eval_json_form_keeps_metrics_first() -> None:
    d = _events_result().to_dict()
    assert list(d)[:5] == ["n", "missing_outputs", "any_type_acceptable",
                           "primary_type_accuracy", "macro_f1"]
    assert d["size"] == 538 and d["evaluated"] == 3
    assert d["confusion"]["CONSULT"] == {"ACCUSE": 1}
    assert d["per_type"]["ACCUSE"]["precision"] == 0.5
    json.dumps(d)


def test_eval_command_unknown_target_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["eval", "events/nope"])
    assert result.exit_code == 2
    assert "unknown evaluation target 'events/nope'" in result.output
    assert "geo/trnews" in result.output


def test_eval_command_bad_shared_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["eval", "geo", "--shared", str(tmp_path)])
    assert isinstance(result.exception, EvalError)
    assert "no data/ or gold/" in str(result.exception)


def test_eval_command_is_documented() -> None:
    result = CliRunner().invoke(cli, ["eval", "--help"])
    assert result.exit_code == 0
    for option in ("--limit", "--json", "--shared", "--model", "--gate"):
        assert option in result.output


@pytest.mark.shared
@pytest.mark.slow
def test_eval_command_json_runs_the_pipeline(shared_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["eval", "events/plv", "dates", "--limit", "3", "--json",
                                      "--shared", str(shared_dir)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout.strip().splitlines()[-1])
    assert list(data) == ["events/plv", "dates/tempeval3"]
    assert data["events/plv"]["n"] == 3 and data["events/plv"]["size"] == 1050
    assert data["dates/tempeval3"]["evaluated"] == 3
