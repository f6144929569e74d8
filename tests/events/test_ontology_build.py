"""Ontology data files: reproducible builds and clear errors for bad files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from flashpoint.errors import DataFileError
from flashpoint.events.ontology import load_ontology

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "flashpoint" / "data"
FILES = ("plover.yaml", "cameo2plover.tsv")


def _build(shared: Path, out: Path) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_ontology.py"),
                           "--shared", str(shared), "--out-dir", str(out)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


@pytest.mark.shared
def test_ontology_build_is_deterministic(shared_dir: Path, tmp_path: Path) -> None:
    _build(shared_dir, tmp_path / "a")
    _build(shared_dir, tmp_path / "b")
    for name in FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


@pytest.mark.shared
def test_ontology_build_equals_committed_files(shared_dir: Path, tmp_path: Path) -> None:
    _build(shared_dir, tmp_path)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), (
            f"{name} is stale: run `make ontology` and commit the result")


def test_ontology_build_without_shared_fails_clearly(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_ontology.py"),
                           "--shared", str(tmp_path), "--out-dir", str(tmp_path / "out")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert "pass --shared" in done.stderr


# --------------------------------------------------------------------------- bad files


def _copy(tmp_path: Path, yaml_edit: tuple[str, str] | None = None,
          tsv_edit: tuple[str, str] | None = None) -> Path:
    """Copies of the packaged files with one text replacement applied; the YAML's path."""
    for name, edit in (("plover.yaml", yaml_edit), ("cameo2plover.tsv", tsv_edit)):
        text = (DATA / name).read_text(encoding="utf-8")
        if edit is not None:
            assert edit[0] in text, edit
            text = text.replace(edit[0], edit[1], 1)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path / "plover.yaml"


BAD_YAML = [
    ("  - name: AID\n", "  - name: HELP\n", "types must be the 16 PLOVER types"),
    ("    score: 9.5\n", "    score: 11\n", "outside [-10, 10]"),
    ("    requires_recipient: true\n", "    requires_recipient: yes-ish\n",
     "requires_recipient must be true or false"),
    ("    quad: verbal_conflict\n", "    quad: verbal\n", "quad must be one of"),
    ("      - {name: riot, score: -7}\n", "      - {name: demo, score: -7}\n",
     "mode 'demo' listed twice"),
    ('    cameo_root: ["13"]\n', '    cameo_root: ["131"]\n', "two-digit strings"),
    ("contexts:\n", "contexts: 3\n", "contexts: expected a list"),
    ("types:\n", "types: [\n", "cannot read the ontology"),
]


@pytest.mark.parametrize(("old", "new", "message"), BAD_YAML)
def test_ontology_bad_yaml_raises_data_file_error(tmp_path: Path, old: str, new: str,
                                                  message: str) -> None:
    path = _copy(tmp_path, yaml_edit=(old, new))
    with pytest.raises(DataFileError) as err:
        load_ontology(path)
    assert message in str(err.value)
    assert str(path) in str(err.value)


BAD_TSV = [
    ("0841\tRETREAT\trelease", "0841\tRETREAT\tfree", "RETREAT has no mode 'free'"),
    ("0841\tRETREAT\trelease", "0841\tRETREATS\trelease", "unknown type 'RETREATS'"),
    ("\tlegal\t", "\tlaw\t", "unknown context 'law'"),
    ("0841\tRETREAT", "08x1\tRETREAT", "is not a CAMEO code"),
    ("0842\tRETREAT", "0841\tRETREAT", "mapped twice"),
    ("0841\tRETREAT\trelease\tlegal\t", "0841\tRETREAT\trelease\t", "expected 6"),
]


@pytest.mark.parametrize(("old", "new", "message"), BAD_TSV)
def test_ontology_bad_cameo_table_raises_data_file_error(tmp_path: Path, old: str, new: str,
                                                         message: str) -> None:
    path = _copy(tmp_path, tsv_edit=(old, new))
    with pytest.raises(DataFileError) as err:
        load_ontology(path)
    text = str(err.value)
    assert message in text
    assert "cameo2plover.tsv" in text and "line " in text


def test_ontology_missing_file_raises_data_file_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="cannot read"):
        load_ontology(tmp_path / "nowhere.yaml")
