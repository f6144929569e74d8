"""The packaged PLOVER ontology: types, recipient rules, quads, modes, contexts and scores.

Expected values are read off PLOVER_MANUAL.tex (codebook draft 0.8): each type's section for
"Requires recipient" and "Quad category", its mode table, and the conflict/cooperation table.
"""

from __future__ import annotations

import pytest

from flashpoint.events.ontology import Ontology, load_ontology
from flashpoint.model import EVENT_TYPES


@pytest.fixture(scope="module")
def onto() -> Ontology:
    return load_ontology()


def test_ontology_has_the_16_types_in_codebook_order(onto: Ontology) -> None:
    assert tuple(onto.types) == EVENT_TYPES
    assert len(onto.types) == 16


# Each type's "Requires recipient" subsection in the manual.
RECIPIENT = {
    "AGREE": False, "CONSULT": False, "SUPPORT": False, "CONCEDE": False,
    "COOPERATE": True, "AID": True, "RETREAT": False, "REQUEST": False, "ACCUSE": False,
    "REJECT": False, "THREATEN": False, "PROTEST": False, "SANCTION": True,
    "MOBILIZE": False, "COERCE": False, "ASSAULT": False,
}


@pytest.mark.parametrize(("name", "required"), sorted(RECIPIENT.items()))
def test_ontology_requires_recipient_per_manual(onto: Ontology, name: str,
                                                required: bool) -> None:
    assert onto.types[name].requires_recipient is required


# Each type's "Quad category" subsection (SANCTION's section says material conflict).
QUAD = {
    "verbal_cooperation": ("AGREE", "CONSULT", "SUPPORT", "CONCEDE"),
    "material_cooperation": ("COOPERATE", "AID", "RETREAT"),
    "verbal_conflict": ("REQUEST", "ACCUSE", "REJECT", "THREATEN"),
    "material_conflict": ("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"),
}


@pytest.mark.parametrize("quad", sorted(QUAD))
def test_ontology_quad_per_manual(onto: Ontology, quad: str) -> None:
    assert tuple(t.name for t in onto.types.values() if t.quad == quad) == QUAD[quad]


MODES = {
    "AGREE": (), "SUPPORT": (), "CONCEDE": (), "COOPERATE": (), "AID": (),
    "CONSULT": ("visit", "third-party", "multilateral", "phone"),
    "RETREAT": ("withdraw", "release", "disarm", "ceasefire", "access", "resign"),
    "REQUEST": ("assist", "change", "yield", "meet"),
    "REJECT": ("assist", "change", "yield", "meet"),
    "ACCUSE": ("disapprove", "investigate", "allege"),
    "THREATEN": ("restrict", "arrest", "relations", "expel", "territory", "violence"),
    "PROTEST": ("demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"),
    "SANCTION": ("convict", "expel", "withdraw", "discontinue"),
    "MOBILIZE": ("troops", "weapons", "police", "militia"),
    "COERCE": ("seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport",
               "withhold", "misinformation", "cyber"),
    "ASSAULT": ("abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive",
                "firearms", "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons",
                "crowd-control", "unconventional"),
}


@pytest.mark.parametrize("name", EVENT_TYPES)
def test_ontology_modes_per_manual_tables(onto: Ontology, name: str) -> None:
    assert onto.types[name].mode_names == MODES[name]


def test_ontology_mode_count(onto: Ontology) -> None:
    assert sum(len(t.modes) for t in onto.types.values()) == 67


# (type, mode or None, score) spot-checked against the manual's conflict/cooperation table.
INTENSITY = [
    ("AGREE", None, 2.5), ("CONSULT", None, 2.5), ("CONSULT", "visit", 4.0),
    ("CONSULT", "third-party", 1.0), ("CONSULT", "phone", 1.5), ("SUPPORT", None, 5.0),
    ("CONCEDE", None, 4.5), ("COOPERATE", None, 9.5), ("AID", None, 10.0),
    ("RETREAT", None, 6.5), ("RETREAT", "withdraw", 8.0), ("RETREAT", "disarm", 10.0),
    ("RETREAT", "ceasefire", 7.5), ("RETREAT", "resign", 4.5), ("REQUEST", None, 0.0),
    ("REQUEST", "assist", 0.5), ("REQUEST", "change", -1.0), ("ACCUSE", None, 3.0),
    ("ACCUSE", "disapprove", -2.0), ("ACCUSE", "allege", -3.5), ("REJECT", None, -2.0),
    ("REJECT", "assist", -1.5), ("THREATEN", None, -3.5), ("THREATEN", "restrict", -3.0),
    ("THREATEN", "territory", -4.0), ("PROTEST", None, -5.0), ("PROTEST", "riot", -7.0),
    ("PROTEST", "hunger", -4.5), ("SANCTION", None, -6.0), ("SANCTION", "expel", -5.5),
    ("MOBILIZE", None, -5.5), ("MOBILIZE", "troops", -6.5), ("MOBILIZE", "militia", -6.0),
    ("COERCE", None, -7.0), ("COERCE", "censor", -6.5), ("COERCE", "martial-law", -7.5),
    ("ASSAULT", None, -9.0), ("ASSAULT", "abduct", -8.5), ("ASSAULT", "beat", -7.5),
    ("ASSAULT", "targeted", -9.5), ("ASSAULT", "primitive", -8.0),
    ("ASSAULT", "crowd-control", -7.5), ("ASSAULT", "unconventional", -10.0),
]


@pytest.mark.parametrize(("name", "mode", "score"), INTENSITY)
def test_ontology_intensity_matches_manual_table(onto: Ontology, name: str, mode: str | None,
                                                 score: float) -> None:
    assert onto.intensity(name, mode) == score


def test_ontology_unscored_mode_falls_back_to_type_score(onto: Ontology) -> None:
    assert onto.types["PROTEST"].mode("vandalize") is not None
    assert onto.intensity("PROTEST", "vandalize") == onto.intensity("PROTEST") == -5.0


def test_ontology_intensity_rejects_unknown_type_or_mode(onto: Ontology) -> None:
    with pytest.raises(KeyError):
        onto.intensity("FIGHT")
    with pytest.raises(KeyError):
        onto.intensity("ASSAULT", "visit")


def test_ontology_every_score_on_the_scale(onto: Ontology) -> None:
    for t in onto.types.values():
        assert -10 <= t.score <= 10
        for m in t.modes:
            assert m.score is None or -10 <= m.score <= 10


@pytest.mark.parametrize(("name", "roots"), [
    ("AGREE", ("03",)), ("CONCEDE", ("08",)), ("RETREAT", ("08",)), ("ACCUSE", ("09", "11")),
    ("REQUEST", ("10",)), ("MOBILIZE", ("15",)), ("ASSAULT", ("18", "19", "20")),
])
def test_ontology_cameo_roots_per_translation_table(onto: Ontology, name: str,
                                                    roots: tuple[str, ...]) -> None:
    assert onto.types[name].cameo_root == roots


def test_ontology_contexts_from_manual(onto: Ontology) -> None:
    assert len(onto.contexts) == 37
    assert onto.contexts[:3] == ("military", "intelligence", "executive")
    for name in ("pro_democracy", "human_security", "cbrn", "illegal_drugs", "trafficking"):
        assert name in onto.contexts


def test_ontology_load_is_cached(onto: Ontology) -> None:
    assert load_ontology() is onto
