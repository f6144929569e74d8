"""Trigger, word-set and discard files: reproducible builds, curation, clear errors."""

from __future__ import annotations

import functools
import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from flashpoint.errors import DataFileError
from flashpoint.events.lexicon import load_discards, load_triggers
from flashpoint.events.ontology import load_ontology

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "flashpoint" / "data"
BUILT = ("event_triggers.tsv", "event_synsets.tsv", "event_discards.txt")


@functools.cache
def _script() -> ModuleType:
    """scripts/build_triggers.py as a module (registered so its dataclasses resolve)."""
    spec = importlib.util.spec_from_file_location(
        "build_triggers", ROOT / "scripts" / "build_triggers.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _build(shared: Path, out: Path) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_triggers.py"),
                           "--shared", str(shared), "--out-dir", str(out)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


@pytest.mark.shared
def test_event_lexicon_build_is_deterministic(shared_dir: Path, tmp_path: Path) -> None:
    _build(shared_dir, tmp_path / "a")
    _build(shared_dir, tmp_path / "b")
    for name in BUILT:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


@pytest.mark.shared
def test_event_lexicon_build_equals_committed_files(shared_dir: Path, tmp_path: Path) -> None:
    _build(shared_dir, tmp_path)
    for name in BUILT:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), (
            f"{name} is stale: run `make ontology` and commit the result")


def test_event_lexicon_curated_entries_are_in_the_lexicon() -> None:
    curated = yaml.safe_load((DATA / "event_triggers_curated.yaml").read_text(encoding="utf-8"))
    lexicon = load_triggers()
    for entry in curated["triggers"]:
        pattern = tuple(str(entry.get("pattern") or "").split())
        found = [t for t in lexicon.get(entry["lemma"], entry["pos"]) if t.pattern == pattern]
        assert len(found) == 1, entry
        assert (found[0].type, found[0].mode, found[0].source) == (
            entry["type"], entry.get("mode"), "curated")
        assert entry["note"]


def test_event_lexicon_curated_file_is_validated(tmp_path: Path) -> None:
    module = _script()
    bad = tmp_path / "curated.yaml"
    bad.write_text("triggers:\n  - {lemma: shell, pos: VERB, type: ASSAULT, mode: artillery,"
                   " note: x}\n", encoding="utf-8")
    with pytest.raises(module.BuildError, match="not in the ontology"):
        module.read_curated(bad, load_ontology())
    bad.write_text("triggers:\n  - {lemma: shell, pos: ADJ, type: ASSAULT, note: x}\n",
                   encoding="utf-8")
    with pytest.raises(module.BuildError, match="pos"):
        module.read_curated(bad, load_ontology())


@pytest.mark.parametrize(("pattern", "expected"), [
    (("*", "(TO)"), ("to",)),
    (("*", "{ARMS", "SHIPMENT}"), ("arms", "shipment")),
    (("&MILITARY", "*", "(TO", "+)", "&STRONGHOLD"), ("&military", "*", "to", "&stronghold")),
    (("*", "(BY/WITH", "GRENADE)"), ("by|with", "grenade")),
    (("*", "DEBT_RELIEF", "$"), ("debt", "relief")),
])
def test_event_lexicon_pattern_normalisation(pattern: tuple[str, ...],
                                             expected: tuple[str, ...]) -> None:
    module = _script()
    synsets = {"&MILITARY": [("army",)], "&STRONGHOLD": [("fort",)]}
    seq = module.expand(pattern, synsets)
    before, after = module.split_star(seq)
    assert module.join_star(before, after) == expected


def test_event_lexicon_blocker_kept_only_where_it_overrides() -> None:
    module = _script()
    row = module.Row
    rows = [row("say", "VERB", ("attack",), "010", None, None, "cameo"),  # nothing to override
            row("fight", "VERB", (), "190", "ASSAULT", None, "cameo"),
            row("fight", "VERB", ("in", "polls"), "---", None, None, "cameo")]
    kept = module.prune_blockers(rows)
    assert [r.lemma for r in kept] == ["fight", "fight"]


# --------------------------------------------------------------------------- bad files


def _copies(tmp_path: Path) -> Path:
    """Small valid data files (the real ones' headers, a few real lines) in ``tmp_path``."""
    (tmp_path / "event_triggers.tsv").write_text(
        "# test\nlemma\tpos\tpattern\tcameo\ttype\tmode\tsource\n"
        "attack\tVERB\t\t190\tASSAULT\t\tcameo\n"
        "attack\tNOUN\t&weapon *\t194\tASSAULT\theavy-weapons\tcameo\n", encoding="utf-8")
    (tmp_path / "event_synsets.tsv").write_text("synset\tphrase\n&weapon\tmachine gun\n",
                                                encoding="utf-8")
    (tmp_path / "event_discards.txt").write_text(
        "scope\tmatch\tphrase\tsource\nsentence\tstem\tbowler\tphoenix\n", encoding="utf-8")
    return tmp_path


def test_event_lexicon_small_files_load(tmp_path: Path) -> None:
    folder = _copies(tmp_path)
    lexicon = load_triggers(folder / "event_triggers.tsv")
    assert len(lexicon) == 2
    assert lexicon.match("attack", before=["machine", "guns"], pos="NOUN") is not None
    assert load_discards(folder / "event_discards.txt").find(["bowlers"]) is not None


def _append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")


BAD_TRIGGERS = [
    ("blast\tVERB\t\t190\tFIGHT\t\tcameo", "unknown event type 'FIGHT'"),
    ("blast\tVERB\t\t190\tASSAULT\tbombs\tcameo", "ASSAULT has no mode 'bombs'"),
    ("blast\tVERB\t\t190\t\tfirearms\tcameo", "has no mode 'firearms'"),
    ("blast\tADJ\t\t190\tASSAULT\t\tcameo", "pos 'ADJ'"),
    ("blast\tVERB\t\t19x\tASSAULT\t\tcameo", "not a CAMEO code"),
    ("blast\tVERB\t&bombs\t190\tASSAULT\t\tcameo", "unknown word set '&bombs'"),
    ("blast\tVERB\t* at\t190\tASSAULT\t\tcameo", "'*' may appear once"),
    ("blast\tVERB\t\t190\tASSAULT\t\twikipedia", "source 'wikipedia'"),
    ("Blast\tVERB\t\t190\tASSAULT\t\tcameo", "lower-case"),
    ("blast\tVERB\t190\tASSAULT\t\tcameo", "expected 7 tab-separated columns"),
]


@pytest.mark.parametrize(("line", "message"), BAD_TRIGGERS)
def test_event_lexicon_bad_trigger_line_raises(tmp_path: Path, line: str,
                                               message: str) -> None:
    folder = _copies(tmp_path)
    _append(folder / "event_triggers.tsv", line)
    with pytest.raises(DataFileError) as err:
        load_triggers(folder / "event_triggers.tsv")
    text = str(err.value)
    assert message in text and "event_triggers.tsv" in text and "line " in text


def test_event_lexicon_bad_synset_line_raises(tmp_path: Path) -> None:
    folder = _copies(tmp_path)
    _append(folder / "event_synsets.tsv", "weapon\tgun")
    with pytest.raises(DataFileError, match=r"event_synsets\.tsv"):
        load_triggers(folder / "event_triggers.tsv")


@pytest.mark.parametrize("line", ["match\tword\tfoo\tphoenix", "sentence\texact\tfoo\tphoenix",
                                  "sentence\tword\t\tphoenix", "sentence\tword\tfoo"])
def test_event_lexicon_bad_discard_line_raises(tmp_path: Path, line: str) -> None:
    folder = _copies(tmp_path)
    _append(folder / "event_discards.txt", line)
    with pytest.raises(DataFileError) as err:
        load_discards(folder / "event_discards.txt")
    assert "event_discards.txt" in str(err.value) and "line " in str(err.value)
