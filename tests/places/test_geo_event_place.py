"""``geo.place_for_span``: where an event happened, when its clause says so."""

from __future__ import annotations

import pytest

from flashpoint.model import Place
from flashpoint.places.stage import place_for_span


def _places(text: str, *names: tuple[str, str]) -> tuple[Place, ...]:
    """Places for ``(name, feature)`` pairs, at their first occurrence in ``text``."""
    out = []
    for i, (name, feature) in enumerate(names, 1):
        start = text.index(name)
        out.append(Place(f"p{i}", name, start, start + len(name), name, 1.0, 2.0, "SYR",
                         feature))
    return tuple(out)


def _where(text: str, places: tuple[Place, ...], clause: str | None = None) -> str | None:
    lo = text.index(clause) if clause else 0
    hi = lo + len(clause) if clause else len(text)
    return place_for_span(places, lo, hi, 0, len(text), text=text)


@pytest.mark.parametrize(("text", "names", "expected"), [
    ("Rebels attacked an army post in Idlib on Monday.", [("Idlib", "city")], "p1"),
    ("A car bomb exploded near Aleppo, killing five.", [("Aleppo", "city")], "p1"),
    ("Militias struck the garrison at Al-Tanf overnight.", [("Al-Tanf", "base")], "p1"),
    ("Fighting raged in the northern city of Raqqa.", [("Raqqa", "city")], "p1"),
    ("Jets bombed targets in Rafah, in southern Gaza Strip.",
     [("Rafah", "city"), ("Gaza Strip", "region")], "p1"),
    ("Shelling hit villages in Syria near the town of Kobani.",
     [("Syria", "country"), ("Kobani", "city")], "p2"),
])
def test_geo_event_place_locative(text: str, names: list[tuple[str, str]],
                                  expected: str) -> None:
    assert _where(text, _places(text, *names)) == expected


@pytest.mark.parametrize("text", [
    "Syria accused Turkey of violating the truce.",  # no locative: places are actors here
    "The Damascus government rejected the plan.",
    "Officials from Iraq met their counterparts.",  # "from" says where people come from
])
def test_geo_event_place_none_without_locative(text: str) -> None:
    names = [(w, "country") for w in ("Syria", "Turkey", "Iraq", "Damascus") if w in text]
    assert _where(text, _places(text, *names)) is None


def test_geo_event_place_only_inside_the_clause() -> None:
    text = "In Homs, rebels held out. Meanwhile the army shelled a village."
    places = _places(text, ("Homs", "city"))
    assert _where(text, places, "the army shelled a village") is None
    assert _where(text, places, "In Homs, rebels held out") == "p1"


def test_geo_event_place_skips_places_without_a_point() -> None:
    text = "Clashes broke out in Guhdar on Friday."
    start = text.index("Guhdar")
    unknown = (Place("p1", "Guhdar", start, start + 6, "Guhdar", None, None, None),)
    assert _where(text, unknown) is None


def test_geo_event_place_without_text_falls_back_to_the_first_located() -> None:
    text = "Syria accused Turkey."
    places = _places(text, ("Syria", "country"), ("Turkey", "country"))
    assert place_for_span(places, 0, len(text), 0, len(text)) == "p1"
    assert place_for_span((), 0, len(text), 0, len(text), text=text) is None
