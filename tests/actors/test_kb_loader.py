"""The KB loader: lookup semantics on a small KB, and a clear error for every bad file."""

from __future__ import annotations

import copy
import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from flashpoint.actors.kb import KB_SCHEMA, load_kb, read_kb
from flashpoint.errors import DataFileError


def actor(ident: str, name: str, kind: str, country: str | None, **extra: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"id": ident, "name": name, "type": kind, "country": country,
                              "aliases": [], "roles": [], "kb": None, "cameo": None, "note": None,
                              "sources": ["test"], "demonyms": []}
    record.update(extra)
    return record


def role(title: str, org: str | None, start: str | None, end: str | None) -> dict[str, Any]:
    return {"title": title, "affiliation": org, "country": "AAA", "start": start, "end": end}


ACTORS = [
    actor("AAA", "Aland", "state", "AAA", aliases=["Alandia", "Alandians"], cameo="AAA"),
    actor("AAA.GOV", "Government of Aland", "government", "AAA", aliases=["Castle Hill"]),
    actor("BBB", "Bergia", "state", "BBB", aliases=["Bergian"]),
    actor("NSA.XF", "Example Front", "armed_group", None, aliases=["XF", "al-Xafar"],
          note="transnational"),
    actor("P.george-bush", "George H. W. Bush", "person", "AAA", aliases=["George Bush"],
          roles=[role("president", "AAA.GOV", "1989-01-20", "1993-01-20")]),
    actor("P.george-w-bush", "George W. Bush", "person", "AAA", aliases=["George Bush"],
          roles=[role("president", "AAA.GOV", "2001-01-20", "2009-01-20")]),
    actor("P.two-terms", "Tess Twoterm", "person", "AAA",
          roles=[role("president", "AAA.GOV", "2017-01-20", "2021-01-20"),
                 role("president", "AAA.GOV", "2025-01", None)]),
]
RULES = [{"alias": "george bush", "actors": ["P.george-bush", "P.george-w-bush"],
          "rule": "by_date"}]


def write_kb(folder: Path, actors: list[dict[str, Any]] | None = None,
             rules: list[dict[str, Any]] | None = None, *, gz: bool = False) -> Path:
    """A KB folder (manifest, one actor file, the rules file); returns the actor file."""
    folder.mkdir(parents=True, exist_ok=True)
    name = "actors.jsonl.gz" if gz else "actors.jsonl"
    (folder / "manifest.json").write_text(json.dumps(
        {"schema": KB_SCHEMA, "actors": [name], "rules": "ambiguous.jsonl"}), "utf-8")
    header = json.dumps({"header": {"schema": KB_SCHEMA}})
    lines = [header] + [json.dumps(a) for a in (ACTORS if actors is None else actors)]
    text = "\n".join(lines) + "\n"
    path = folder / name
    path.write_bytes(gzip.compress(text.encode()) if gz else text.encode())
    rule_lines = [header] + [json.dumps(r) for r in (RULES if rules is None else rules)]
    (folder / "ambiguous.jsonl").write_text("\n".join(rule_lines) + "\n", "utf-8")
    return path


def mutated(index: int, **changes: Any) -> list[dict[str, Any]]:
    actors = copy.deepcopy(ACTORS)
    actors[index].update(changes)
    return actors


# --------------------------------------------------------------------------- semantics


def test_kb_loader_reads_plain_and_gzipped(tmp_path: Path) -> None:
    write_kb(tmp_path / "plain")
    write_kb(tmp_path / "gz", gz=True)
    assert read_kb(tmp_path / "plain").by_id == read_kb(tmp_path / "gz").by_id


def test_kb_loader_lookup(tmp_path: Path) -> None:
    write_kb(tmp_path)
    kb = read_kb(tmp_path)
    assert [a.id for a in kb.lookup("alandia")] == ["AAA"]
    assert [a.id for a in kb.lookup("The Castle-Hill")] == ["AAA.GOV"]
    assert [a.id for a in kb.lookup("Xafar")] == ["NSA.XF"]
    assert [a.id for a in kb.lookup("al Xafar")] == ["NSA.XF"]
    assert kb.lookup("Nowhere") == ()
    assert kb.states == frozenset({"AAA", "BBB"})


@pytest.mark.parametrize(("date", "first"), [
    ("1990", "P.george-bush"), ("2005-06", "P.george-w-bush"), ("2005-06-01", "P.george-w-bush"),
])
def test_kb_loader_at_date_picks_who_held_office(tmp_path: Path, date: str, first: str) -> None:
    write_kb(tmp_path)
    kb = read_kb(tmp_path)
    assert kb.at_date("George Bush", date)[0].id == first
    assert {a.id for a in kb.at_date("George Bush", date)} == {
        "P.george-bush", "P.george-w-bush"}


def test_kb_loader_roles_at(tmp_path: Path) -> None:
    write_kb(tmp_path)
    tess = read_kb(tmp_path).by_id["P.two-terms"]
    assert len(tess.roles_at("2018")) == 1
    assert tess.roles_at("2022-07-01") == ()
    assert len(tess.roles_at("2025-01-15")) == 1
    assert len(tess.roles_at("2030")) == 1


def test_kb_loader_is_cached_per_path(tmp_path: Path) -> None:
    write_kb(tmp_path)
    assert load_kb(tmp_path) is load_kb(tmp_path)
    assert load_kb() is load_kb()


# --------------------------------------------------------------------------- errors


def check_error(folder: Path, where: str) -> DataFileError:
    with pytest.raises(DataFileError) as info:
        read_kb(folder)
    error = info.value
    assert error.code == "FP201"
    assert error.source is not None and error.source.endswith(where), error.render()
    assert error.fix
    return error


@pytest.mark.parametrize(("actors", "line", "message"), [
    (mutated(1, type="ministry"), 3, "type 'ministry'"),
    (mutated(1, country="ZZZ"), 3, "not a state of the KB"),
    (mutated(1, country="BBB"), 3, "prefix AAA must be the country"),
    (mutated(1, id="aaa.gov"), 3, "id scheme"),
    (mutated(0, kb="wd:159"), 2, "not a Wikidata QID"),
    (mutated(0, cameo="aaa"), 2, "not a CAMEO code"),
    (mutated(0, extra=1), 2, "unknown: ['extra']"),
    (mutated(4, roles=[role("president", "AAA.GOV", "1989-02-30", None)]), 6, "invalid date"),
    (mutated(4, roles=[role("president", "AAA.GOV", "1993", "1989")]), 6, "ends"),
    (mutated(4, roles=[role("president", "AAA.NOPE", None, None)]), 6, "affiliation"),
    (mutated(3, country="AAA"), 5, "have no country"),
    (mutated(4, type="government"), 6, "P. ids are for persons"),
    ([*ACTORS, ACTORS[2]], 9, "defined twice"),
])
def test_kb_loader_rejects_bad_actor(tmp_path: Path, actors: list[dict[str, Any]], line: int,
                                     message: str) -> None:
    write_kb(tmp_path, actors)
    error = check_error(tmp_path, f"actors.jsonl:{line}")
    assert message in error.message


def test_kb_loader_rejects_a_line_that_is_not_json(tmp_path: Path) -> None:
    path = write_kb(tmp_path)
    lines = path.read_text("utf-8").splitlines()
    lines[3] = lines[3][:-5]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    check_error(tmp_path, "actors.jsonl:4")


def test_kb_loader_rejects_a_file_without_header(tmp_path: Path) -> None:
    path = write_kb(tmp_path)
    path.write_text("\n".join(path.read_text("utf-8").splitlines()[1:]) + "\n", "utf-8")
    check_error(tmp_path, "actors.jsonl:1")


def test_kb_loader_rejects_an_undeclared_clash(tmp_path: Path) -> None:
    write_kb(tmp_path, mutated(2, aliases=["Bergian", "Alandia"]))
    error = check_error(tmp_path, "actors.jsonl:4")
    assert "'alandia'" in error.message and "ambiguous" in (error.fix or "")


def test_kb_loader_rejects_a_clash_without_its_rule(tmp_path: Path) -> None:
    write_kb(tmp_path, rules=[])
    error = check_error(tmp_path, "actors.jsonl:7")
    assert "'george bush'" in error.message


@pytest.mark.parametrize(("rules", "message"), [
    ([{**RULES[0], "actors": ["P.george-bush", "P.nobody"]}], "not in the KB"),
    ([{**RULES[0], "rule": "coin"}], "is not one of"),
    ([{**RULES[0], "alias": "George Bush"}], "normalised key"),
    ([RULES[0], {"alias": "alandia", "actors": ["AAA", "BBB"], "rule": "prefer"}], "names one"),
    ([RULES[0], {"alias": "xf", "actors": ["AAA", "NSA.XF"], "rule": "prefer"}], "names one"),
    ([{**RULES[0], "actors": ["P.george-w-bush", "P.george-bush"]}], "overlap"),
])
def test_kb_loader_rejects_bad_rules(tmp_path: Path, rules: list[dict[str, Any]],
                                     message: str) -> None:
    write_kb(tmp_path, rules=rules)
    with pytest.raises(DataFileError, match=message) as info:
        read_kb(tmp_path)
    assert info.value.source is not None and "ambiguous.jsonl" in info.value.source


def test_kb_loader_rejects_overlapping_by_date(tmp_path: Path) -> None:
    actors = mutated(5, roles=[role("president", "AAA.GOV", "1992", "2009")])
    write_kb(tmp_path, actors)
    check_error(tmp_path, "ambiguous.jsonl:2")


def test_kb_loader_rejects_a_missing_manifest(tmp_path: Path) -> None:
    write_kb(tmp_path)
    (tmp_path / "manifest.json").unlink()
    check_error(tmp_path, "manifest.json")


def test_kb_loader_rejects_a_corrupt_gzip(tmp_path: Path) -> None:
    path = write_kb(tmp_path, gz=True)
    path.write_bytes(path.read_bytes()[:40])
    check_error(tmp_path, "actors.jsonl.gz")
