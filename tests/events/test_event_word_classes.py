"""The events stage's word classes are data: one file, a note per class, each class read."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from flashpoint.datafiles import read_yaml
from flashpoint.errors import DataFileError
from flashpoint.events.words import FILE, load_word_classes, word_class

_MODULES = ("candidates", "features", "lexicon", "modality", "quotes", "roles", "rules", "where")


def test_word_classes_every_class_is_read_by_the_module_it_names() -> None:
    data, _ = read_yaml(FILE)
    source = {m: Path(importlib.import_module(f"flashpoint.events.{m}").__file__ or "")
              .read_text("utf-8") for m in _MODULES}
    for name in data:
        assert any(f'word_class("{name}")' in text for text in source.values()), name


def test_word_classes_light_verbs_carry_nominal_events() -> None:
    assert {"launch", "impose", "carry"} <= word_class("light_verbs")
    assert "say" in word_class("reporting_verbs") and "say" not in word_class("light_verbs")


def test_word_classes_an_unknown_class_is_a_clear_error() -> None:
    with pytest.raises(DataFileError, match="no word class 'nonsense'"):
        word_class("nonsense")


@pytest.mark.parametrize(("content", "message"), [
    ("light_verbs:\n  words: [launch]\n", "needs a note"),
    ("light_verbs:\n  note: why\n  words: [Launch]\n", "bad words"),
    ("light_verbs:\n  note: why\n  words: [launch, launch]\n", "listed twice"),
    ("light_verbs:\n  note: why\n  words: [on]\n", "bad words"),  # YAML 1.1 reads `on` as true
])
def test_word_classes_a_bad_file_names_the_class_and_the_fix(tmp_path: Path, content: str,
                                                            message: str) -> None:
    path = tmp_path / "classes.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError, match=message) as err:
        load_word_classes(path)
    assert "classes.yaml" in str(err.value) and "Fix:" in str(err.value)
