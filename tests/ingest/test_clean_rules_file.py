"""The boilerplate rules are data: the packaged file is valid, and a broken one says where."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from flashpoint.errors import DataFileError
from flashpoint.ingest.clean import load_rules

PACKAGED = Path(__file__).resolve().parents[2] / "src" / "flashpoint" / "data" / "boilerplate.yaml"


def test_clean_rules_file_loads_and_every_pattern_compiles() -> None:
    raw = yaml.safe_load(PACKAGED.read_text("utf-8"))
    for name, pattern in raw["cues"].items():
        assert re.compile(pattern), name
    for entry in raw["rules"]:
        assert isinstance(entry.get("reason"), str) and entry["reason"].strip(), entry["id"]
        assert re.compile(entry["pattern"]), entry["id"]
    rules = load_rules()
    assert len(rules.rules) == len(raw["rules"])
    assert all(rule.reason and rule.max_chars > 0 for rule in rules.rules)


def test_clean_rules_file_packaged_equals_explicit_path() -> None:
    assert load_rules() == load_rules(PACKAGED)


def test_clean_rules_file_reasons_are_short_and_specific() -> None:
    reasons = {rule.reason for rule in load_rules().rules}
    assert {"donation appeal", "newsletter prompt", "republication notice", "author bio",
            "share/social prompt", "cookie notice", "related links", "copyright line",
            "advertisement label", "subscription prompt", "byline", "image credit"} <= reasons
    assert all(len(reason) <= 30 for reason in reasons)


def _one_rule(**fields: object) -> dict[str, object]:
    rule: dict[str, object] = {"id": "demo.rule", "reason": "demo", "pattern": "^x$",
                               "max_chars": 10}
    rule.update(fields)
    return {"version": 1, "cues": {"reader": r"\byou\b"}, "rules": [rule]}


BROKEN = [
    pytest.param(_one_rule(pattern="(unclosed"), "demo.rule", "does not compile", id="regex"),
    pytest.param(_one_rule(reason=""), "demo.rule", "reason", id="empty-reason"),
    pytest.param(_one_rule(max_chars=-3), "demo.rule", "max_chars", id="max-chars"),
    pytest.param(_one_rule(position="middle"), "demo.rule", "position", id="position"),
    pytest.param(_one_rule(requires=["nosuchcue"]), "demo.rule", "requires", id="cue"),
    pytest.param(_one_rule(colour="red"), "demo.rule", "unknown fields", id="unknown-key"),
    pytest.param(_one_rule(after="no such reason"), "demo.rule", "after", id="after"),
    pytest.param(_one_rule(tail_block="yes"), "demo.rule", "true/false", id="flag"),
    pytest.param(_one_rule(subject_not_earlier=True), "demo.rule", "subject", id="subject"),
    pytest.param({"version": 1, "rules": [{"id": "a", "pattern": "x", "max_chars": 5}]},
                 "rule #1 'a'", "missing fields", id="missing-reason"),
    pytest.param({**_one_rule(), "inline_links": {"reason": "related links", "label": "((",
                                                  "resumes": "The", "max_chars": 200,
                                                  "title_case_share": 0.5}},
                 "inline_links.label", "does not compile", id="inline-label"),
    pytest.param({**_one_rule(), "inline_links": {"reason": "related links"}},
                 "inline_links", "expected reason, label", id="inline-fields"),
    pytest.param({"version": 2, "rules": []}, "top level", "version", id="version"),
    pytest.param({"version": 1, "cues": {"bad": "(("}, "rules": [{"id": "a"}]}, "cue 'bad'",
                 "does not compile", id="bad-cue"),
]


@pytest.mark.parametrize(("content", "entry", "problem"), BROKEN)
def test_clean_rules_file_broken_entry_names_file_and_entry(
        tmp_path: Path, content: dict[str, object], entry: str, problem: str) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(content), "utf-8")
    with pytest.raises(DataFileError) as info:
        load_rules(path)
    message = str(info.value)
    assert str(path) in message
    assert entry in message
    assert problem in message
    assert info.value.code == "FP201"


@pytest.mark.parametrize("text", ["rules: [unclosed", "version: 1\nrules:\n  - id: a\n  -: :"])
def test_clean_rules_file_invalid_yaml_names_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(DataFileError, match=re.escape(str(path))):
        load_rules(path)


def test_clean_rules_file_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="cannot read"):
        load_rules(tmp_path / "absent.yaml")


def test_clean_rules_file_duplicate_id(tmp_path: Path) -> None:
    rule = {"id": "demo.rule", "reason": "demo", "pattern": "^x$", "max_chars": 10}
    content = {"version": 1, "rules": [rule, rule]}
    path = tmp_path / "dup.yaml"
    path.write_text(yaml.safe_dump(content), "utf-8")
    with pytest.raises(DataFileError, match="used twice"):
        load_rules(path)
