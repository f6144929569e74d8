"""Every YAML data file is read with one error policy: a clear error naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from flashpoint.datafiles import read_yaml
from flashpoint.errors import DataFileError


def test_datafiles_packaged_file_reads() -> None:
    data, name = read_yaml("modality.yaml")
    assert name == "flashpoint/data/modality.yaml"
    assert "precedence" in data


@pytest.mark.parametrize(("content", "message"), [
    (None, "cannot read"), ("key: [unclosed", "not valid YAML"),
])
def test_datafiles_bad_file_names_the_file(tmp_path: Path, content: str | None,
                                           message: str) -> None:
    path = tmp_path / "custom.yaml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError, match=message) as err:
        read_yaml("modality.yaml", path, "modality cues")
    assert "custom.yaml" in str(err.value) and "Fix:" in str(err.value)


def test_datafiles_repeated_key_is_refused_not_silently_replaced(tmp_path: Path) -> None:
    # PyYAML keeps the last of two equal keys: a pasted second copy of a section would hide
    # the first. The actor lexicon once carried two `not_agents` keys this way.
    path = tmp_path / "lexicon.yaml"
    path.write_text("agents:\n  police: COP\nagents:\n  troops: MIL\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="duplicate key 'agents'") as err:
        read_yaml("lexicon.yaml", path)
    assert str(path) in str(err.value)


def test_datafiles_every_packaged_yaml_has_unique_keys() -> None:
    data = Path(__file__).resolve().parents[1] / "src" / "flashpoint" / "data"
    files = sorted(data.rglob("*.yaml")) + sorted(data.rglob("*.yml"))
    assert files
    for path in files:
        read_yaml(path.name, path)
