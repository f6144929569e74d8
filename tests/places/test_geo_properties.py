"""Properties of the geo stage for any text: it never crashes, every span indexes the text,
ids are unique, a point always comes with a gazetteer name, and documents stay schema-valid."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flashpoint.model import Actor, Analysis, Place, Span
from flashpoint.places.stage import MAX_MENTIONS, find_places, place_for_span

#: Place-like pieces, so that the gazetteer fires often, mixed with noise below.
PIECES = [
    "in", "near", "at", "Paris", "Texas", ",", "Tripoli", "Lebanon", "Washington", "said",
    "Georgia", "Jordan", "Turkey", "Al-Tanf", "Tower 22", "the", "U.S.", "Kan.", "Springfield",
    "County", "Walker County", "Москва", "北京", "\n", "—", "(AP)", "base", "air base", "province",
    "Helmand", "northern", "Syria", "and", "counties", "Mr.", "May", "St.", "Saint", "Mount",
    "ISLAMABAD", "'s", "’s", "of", "Republic", "Korea", "-", ".", "1999", "22",
]
NOISE = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
TEXTS = st.lists(st.one_of(st.sampled_from(PIECES), NOISE), max_size=30).map(" ".join)


@lru_cache(maxsize=1)
def _nlp() -> Any:
    from flashpoint.nlp import load

    return load("sm")


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    text = resources.files("flashpoint").joinpath("data/document.schema.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def assert_contract(text: str, found: tuple[Place, ...]) -> None:
    ids = [p.id for p in found]
    assert ids == [f"p{i}" for i in range(1, len(found) + 1)]
    end = 0
    for p in found:
        assert 0 <= p.start < p.end <= len(text)
        assert text[p.start:p.end] == p.text
        assert p.start >= end, "place spans overlap or are out of order"
        end = p.end
        assert (p.lat is None) == (p.lon is None)
        if p.lat is not None and p.lon is not None:
            assert -90 <= p.lat <= 90 and -180 <= p.lon <= 180
        assert p.country is None or (len(p.country) == 3 and p.country.isupper())


def test_geo_properties_no_parse_no_places() -> None:
    assert find_places(Analysis("t", "Fighting in Paris, Texas.", None, None)) == ()


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_geo_properties_any_text_with_its_parse(text: str) -> None:
    found = find_places(Analysis("t", text, None, _nlp()(text)))
    assert_contract(text, found)
    for p in found:
        pid = place_for_span(found, p.start, p.end, 0, len(text), text=text)
        assert pid is None or pid in {q.id for q in found}


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(TEXTS)
def test_geo_properties_with_actor_mentions(text: str) -> None:
    """Actor spans anywhere (even misaligned with tokens) never break the metonymy check."""
    doc = _nlp()(text)
    actors = tuple(Actor(f"A{i}", t.text, "state", "USA", (Span(t.text, t.idx, t.idx + len(t)),))
                   for i, t in enumerate(doc) if t.text[:1].isupper())
    assert_contract(text, find_places(Analysis("t", text, None, doc, actors=actors)))


@pytest.mark.slow
def test_geo_properties_huge_number_of_places() -> None:
    """A list of thousands of place names: bounded, every mention kept, no crash."""
    names = ["Paris", "Springfield", "Lagos", "Kandahar", "Tripoli", "Georgia", "Victoria"]
    text = ", ".join(names[i % len(names)] + f" {i}" for i in range(3000)) + "."
    found = find_places(Analysis("t", text, None, _nlp()(text)))
    assert_contract(text, found)
    assert len(found) <= MAX_MENTIONS + 3000


@pytest.mark.slow
def test_geo_properties_documents_with_places_are_schema_valid(pipeline_noclean: Any) -> None:
    text = ("KABUL, Afghanistan (AP) — Militants attacked a checkpoint near Kandahar and fired "
            "rockets at Bagram air base, officials in Kabul said. Washington condemned it. "
            "Residents of Paris, Texas, and Lamar County sent aid to Москва.")
    doc = pipeline_noclean.extract_text(text, published="2024-02-01")
    assert doc.places, "expected places in a text full of them"
    jsonschema.Draft202012Validator(_schema()).validate(doc.to_dict())
    ids = {p.id for p in doc.places}
    assert len(ids) == len(doc.places)
    for e in doc.events:
        assert e.place is None or e.place in ids
