"""CAMEO <-> PLOVER: table lookups, prefix fallback, the hand corrections and round trips."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from flashpoint.events.ontology import Ontology, load_ontology
from flashpoint.model import EVENT_TYPES


@pytest.fixture(scope="module")
def onto() -> Ontology:
    return load_ontology()


@pytest.mark.parametrize(("code", "expected"), [
    ("0841", ("RETREAT", "release", ("legal",))),
    ("036", ("AGREE", None, ("diplomatic",))),
    ("042", ("CONSULT", "visit", ())),
    ("173", ("COERCE", "arrest", ("legal",))),
    ("1124", ("ACCUSE", "allege", ("military", "legal"))),
    ("193", ("ASSAULT", "firearms", ("military",))),
    ("2041", ("ASSAULT", "unconventional", ("cbrn",))),
    ("20", ("ASSAULT", None, ())),
])
def test_ontology_cameo_to_plover_table_rows(onto: Ontology, code: str,
                                             expected: tuple[str, str | None, tuple[str, ...]]
                                             ) -> None:
    assert onto.cameo_to_plover(code) == expected


@pytest.mark.parametrize(("code", "via"), [
    ("1952", "195"),  # unknown 4-digit code -> its 3-digit parent
    ("1731", "173"),
    ("0599", "05"),  # -> 059 unknown -> the cue category
    ("1899", "18"),
])
def test_ontology_cameo_prefix_fallback(onto: Ontology, code: str, via: str) -> None:
    assert onto.cameo_to_plover(code) == onto.cameo_to_plover(via)
    assert onto.cameo_to_plover(code) is not None


@pytest.mark.parametrize("code", ["0234", "023", "02", "010", "01", "0", "", "99", "abc"])
def test_ontology_cameo_dropped_or_unknown_codes_give_none(onto: Ontology, code: str) -> None:
    """CAMEO 01 (statements) and 02 (appeals) were dropped from PLOVER."""
    assert onto.cameo_to_plover(code) is None


@pytest.mark.parametrize(("code", "kind", "mode"), [
    ("112", "ACCUSE", "allege"),  # table: disapprove; codebook: allege = accuse
    ("163", "SANCTION", "discontinue"),  # table: COERCE; codebook: sanctions = discontinue
    ("195", "ASSAULT", "aerial"),
    ("186", "ASSAULT", "targeted"),
    ("1712", "ASSAULT", "destroy"),
    ("1722", "COERCE", "restrict"),
    ("0874", "RETREAT", "withdraw"),
])
def test_ontology_cameo_curated_corrections(onto: Ontology, code: str, kind: str,
                                            mode: str) -> None:
    found = onto.cameo_to_plover(code)
    assert found is not None and found[:2] == (kind, mode)


def test_ontology_cameo_every_row_valid(onto: Ontology) -> None:
    for m in onto.cameo.values():
        assert m.type in onto.types
        assert m.mode is None or onto.types[m.type].mode(m.mode) is not None
        assert all(c in onto.contexts for c in m.contexts)


@pytest.mark.parametrize("kind", EVENT_TYPES)
def test_ontology_plover_to_cameo_round_trip_types(onto: Ontology, kind: str) -> None:
    code = onto.plover_to_cameo(kind)
    assert len(code) >= 3  # an event code, not a cue-category header
    back = onto.cameo_to_plover(code)
    assert back is not None and back[0] == kind


def test_ontology_plover_to_cameo_round_trip_modes(onto: Ontology) -> None:
    mapped_modes = {(m.type, m.mode) for m in onto.cameo.values()}
    for kind, definition in onto.types.items():
        for mode in definition.mode_names:
            back = onto.cameo_to_plover(onto.plover_to_cameo(kind, mode))
            assert back is not None and back[0] == kind
            if (kind, mode) in mapped_modes:
                assert back[1] == mode, (kind, mode)


def test_ontology_cameo_round_trip_every_code(onto: Ontology) -> None:
    """Every mapped (type, mode) exports to a code that maps back to it; a bare ACCUSE (only
    the 09/11 headers lack a mode) exports as its first mode, disapprove (110)."""
    for m in onto.cameo.values():
        back = onto.cameo_to_plover(onto.plover_to_cameo(m.type, m.mode))
        assert back is not None and back[0] == m.type
        assert back[1] == m.mode or (m.type, m.mode, back[1]) == ("ACCUSE", None, "disapprove")


@pytest.mark.parametrize(("kind", "mode", "code"), [
    ("CONSULT", "visit", "042"), ("RETREAT", "release", "0841"), ("ACCUSE", None, "110"),
    ("ACCUSE", "allege", "112"), ("ASSAULT", "firearms", "193"), ("ASSAULT", "drone", "180"),
    ("AGREE", None, "030"), ("COERCE", "arrest", "173"),
])
def test_ontology_plover_to_cameo_choices(onto: Ontology, kind: str, mode: str | None,
                                          code: str) -> None:
    assert onto.plover_to_cameo(kind, mode) == code


def test_ontology_plover_to_cameo_rejects_unknown(onto: Ontology) -> None:
    with pytest.raises(KeyError):
        onto.plover_to_cameo("FIGHT")
    with pytest.raises(KeyError):
        onto.plover_to_cameo("ASSAULT", "visit")


def test_ontology_cameo_covers_every_line_of_the_table(shared_dir: Path,
                                                       onto: Ontology) -> None:
    table = shared_dir / "reference" / "plover" / "CAMEO2PLOVER-2021.txt"
    codes = [m.group(1) for line in table.read_text(encoding="utf-8").splitlines()
             if (m := re.match(r"^(\d{2,4}):", line))]
    assert set(codes) == set(onto.cameo)
    # 08 is listed twice (CONCEDE, RETREAT) and 175 twice: one row each
    assert len(codes) - len(onto.cameo) == 2
