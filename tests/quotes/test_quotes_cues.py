"""quote_cues.yaml: the packaged cue file loads, and a broken one fails clearly at load time."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from flashpoint.errors import DataFileError
from flashpoint.model import CHANNELS
from flashpoint.quotes.cues import default_cues, load_cues

PACKAGED = Path(__file__).resolve().parents[2] / "src" / "flashpoint" / "data" / "quote_cues.yaml"


def test_quotes_cues_packaged_file_loads() -> None:
    cues = default_cues()
    assert {"say", "tell", "tweet", "warn", "vow"} <= cues.speech_verbs
    assert ("according", "to") in cues.according_to
    assert ("so-called",) in cues.naming_words
    assert [c for c, _ in cues.channels] == [c for c in CHANNELS if c != "unknown"]
    assert cues.pronouns["he"] == "person" and "mrs" in cues.gender["he"]


def _write(tmp_path: Path, **changes: object) -> Path:
    raw = yaml.safe_load(PACKAGED.read_text("utf-8"))
    raw.update(changes)
    path = tmp_path / "cues.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return path


@pytest.mark.parametrize(("changes", "message"), [
    ({"version": 2}, "version"),
    ({"speech_verbs": []}, "speech_verbs"),
    ({"channels": {"radio": ["on the radio"]}}, "not a contract channel"),
    ({"adjacent_only": ["frobnicate"]}, "not cues"),
    ({"pronouns": {"he": "alien"}}, "pronouns.he"),
    ({"gender": ["mr"]}, "gender"),
])
def test_quotes_cues_bad_file_is_a_data_file_error(tmp_path: Path, changes: dict[str, object],
                                                   message: str) -> None:
    with pytest.raises(DataFileError, match=message):
        load_cues(_write(tmp_path, **changes))


def test_quotes_cues_unreadable_or_invalid_yaml(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="cannot read"):
        load_cues(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("speech_verbs: [say\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="not valid YAML"):
        load_cues(bad)
