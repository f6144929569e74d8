"""``scripts/build_kb.py``: a deterministic build that reproduces the committed KB, and clear
errors (file and line) for mistakes in the curated YAML."""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from flashpoint.actors.kb import default_path
from flashpoint.errors import DataFileError

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts"
CURATED = ROOT / "kb" / "curated"


@pytest.fixture(scope="module")
def build_kb() -> ModuleType:
    sys.path.insert(0, str(SCRIPTS))
    try:
        import build_kb
    finally:
        sys.path.remove(str(SCRIPTS))
    return build_kb


def _contents(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


@pytest.mark.shared
def test_kb_build_is_deterministic_and_matches_the_committed_kb(shared_dir: Path,
                                                                tmp_path: Path) -> None:
    outs = [tmp_path / "a", tmp_path / "b"]
    runs = [subprocess.Popen([sys.executable, str(SCRIPTS / "build_kb.py"), "--shared",
                              str(shared_dir), "--out", str(out), "--quiet"],
                             stderr=subprocess.PIPE) for out in outs]
    for run in runs:
        _out, err = run.communicate(timeout=300)
        assert run.returncode == 0, err.decode()
    first, second = (sorted(p.name for p in out.iterdir()) for out in outs)
    assert first == second
    for name in first:
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name
    committed = default_path()
    assert sorted(p.name for p in committed.iterdir()) == first, "run `make kb`"
    for name in first:
        assert _contents(outs[0] / name) == _contents(committed / name), (
            f"{name} differs from a fresh build: run `make kb` and commit the result")


def test_kb_build_script_explains_a_missing_shared_folder(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, str(SCRIPTS / "build_kb.py"), "--shared",
                          str(tmp_path), "--out", str(tmp_path / "out")],
                         capture_output=True, check=False)
    assert run.returncode == 2
    assert b"pass --shared DIR" in run.stderr


def _edit(tmp_path: Path, name: str, change: Callable[[str], str]) -> tuple[Path, int]:
    """A copy of kb/curated with ``name`` changed; returns the folder and the number of
    lines the file had before the change (an appended entry starts on the next line)."""
    folder = tmp_path / "curated"
    shutil.copytree(CURATED, folder)
    path = folder / name
    text = path.read_text("utf-8")
    path.write_text(change(text), "utf-8")
    return folder, len(text.splitlines())


@pytest.mark.parametrize(("name", "entry", "message"), [
    ("persons.yaml", "  - {name: Nobody, country: RUS, roles: [{title: x, org: RUS.NOPE}]}",
     "RUS.NOPE"),
    ("persons.yaml", "  - {name: Nobody, country: RUS, roles: [{title: x, org: RUS.GOV, "
     "start: 2024-02-30}]}", "start"),
    ("persons.yaml", "  - {name: Nobody, country: RUS, nationality: RUS, roles: []}",
     "unknown keys ['nationality']"),
    ("armed_groups.yaml", "  - {id: NSA.NOWHERE, name: Nowhere Front}", "note"),
    ("armed_groups.yaml", "  - {id: ZZZ.FRONT, name: Z Front}", "not a state"),
    ("igos.yaml", "  - {id: IGO.X, name: X, aliases: [X], cameo: IGOX, typo: 1}", "typo"),
    ("armed_groups.yaml", "  - {id: YEM.HOUTHIS2, name: Bad: colon}", "not valid YAML"),
])
def test_kb_build_names_the_bad_curated_line(build_kb: ModuleType, tmp_path: Path, name: str,
                                             entry: str, message: str) -> None:
    folder, lines = _edit(tmp_path, name, lambda text: text + entry + "\n")
    with pytest.raises(DataFileError, match=re.escape(message)) as info:
        curated = build_kb.load_curated(folder)
        drafts: dict[str, object] = {}
        build_kb.build_countries(drafts, curated, _ngec_stub(tmp_path, curated))
        build_kb.build_templates(drafts, curated)
        build_kb.build_curated_actors(drafts, curated)
    assert info.value.source is not None
    assert info.value.source.endswith(f"{name}:{lines + 1}"), info.value.render()


def _ngec_stub(tmp_path: Path, curated: Any) -> Path:
    """A stand-in for the NGEC table (so these tests need no ../shared): one row per state."""
    rows = [f"XX,{c['iso3']},{c['iso3']}," for c in curated.items("countries.yaml", "countries")]
    path = tmp_path / "countries.csv"
    path.write_text("\n".join(["CCA2,Name,CCA3,Nationality", *rows]) + "\n", "utf-8")
    return path


@pytest.mark.shared
def test_kb_build_stops_on_an_undeclared_clash(build_kb: ModuleType, shared_dir: Path,
                                               tmp_path: Path) -> None:
    entry = "  - {id: LBN.PARTY-OF-GOD-2, name: Party of God Two, aliases: [Hizballah]}\n"
    folder, lines = _edit(tmp_path, "armed_groups.yaml", lambda text: text + entry)
    with pytest.raises(DataFileError, match="'hizballah' is claimed by") as info:
        build_kb.build(shared_dir, folder)
    assert "ambiguous.yaml" in (info.value.fix or "")
    assert any(f"armed_groups.yaml:{lines + 1}" in part
               for part in [info.value.source or "", info.value.message])
