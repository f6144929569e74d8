"""Our own whole-article annotations (eval/gold2_train) are well formed and match their texts.

They are training data for the events stage's learned parts; a file whose evidence phrase no
longer occurs exactly once in its record's text would silently mislabel training examples.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flashpoint.evaluation.docs import load_own_gold

from ..conftest import ROOT

pytestmark = pytest.mark.shared

FOLDER = ROOT / "eval" / "gold2_train"
TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
         "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
MODALITIES = {"asserted", "reported", "planned", "hypothetical", "conditional", "negated"}


def test_gold2_train_every_file_matches_its_record_and_format(shared_dir: Path) -> None:
    golds = load_own_gold(FOLDER, shared_dir)  # checks each text's sha256
    assert len(golds) >= 90
    problems = []
    for g in golds:
        raw = json.loads((FOLDER / f"{g.name}.gold.json").read_text("utf-8"))
        assert raw["events_exhaustive"] is True
        assert "not_events" in raw and "actors" in raw and "about" in raw
        for e in g.events:
            if not set(e.types) <= TYPES or e.modality not in MODALITIES:
                problems.append(f"{g.name}/{e.id}: types {e.types}, modality {e.modality}")
            for phrase in e.evidence:
                if g.text.count(phrase) != 1:
                    problems.append(f"{g.name}/{e.id}: {phrase!r} is not unique in the text")
    assert not problems, "\n".join(problems)


def test_gold2_train_never_annotates_a_measuring_article(shared_dir: Path) -> None:
    ours = {p.name for p in FOLDER.glob("*.gold.json")}
    theirs = {p.name for p in (shared_dir / "gold2").glob("*.gold.json")}
    theirs |= {p.name for p in (shared_dir / "gold").glob("*.gold.json")}
    assert not ours & theirs
