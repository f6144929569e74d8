"""The actor lexicon file: what it holds and how a broken copy is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from flashpoint.actors.lexicon import _data_path, default_lexicon, read_lexicon
from flashpoint.errors import DataFileError


def test_people_singled_out_are_not_agents_on_their_own() -> None:
    lex = default_lexicon()
    assert lex.singled_out["man"] and lex.singled_out["women"]
    # Alone they stay generic: only a determiner or modifier makes one of them an actor.
    assert "man" in lex.not_agents


def test_a_singled_out_noun_with_an_unknown_sector_names_the_file(tmp_path: Path) -> None:
    text = _data_path("actor_lexicon.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "actor_lexicon.yaml"
    broken.write_text(text.replace("  man: PPL\n", "  man: XYZ\n", 1), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"singled_out\.man: unknown sector"):
        read_lexicon(_data_path("agents.tsv"), broken)
