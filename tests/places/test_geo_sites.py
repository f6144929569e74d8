"""Streets and buildings: no gazetteer lists them, but the text says which town they are in."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest

from flashpoint.model import Place

from .test_geo_stage import by_text, places

pytestmark = pytest.mark.slow


def _one(found: list[Place], text: str) -> Place:
    hits = by_text(found, text)
    assert len(hits) == 1, [(p.text, p.feature) for p in found]
    return hits[0]


def test_a_street_takes_the_point_of_the_town_named_beside_it(pipeline: Any) -> None:
    found = places(pipeline, "The Museum of Ice Cream is opening on Collins Avenue in Miami "
                             "Beach with plenty to taste.")
    street, town = _one(found, "Collins Avenue"), _one(found, "Miami Beach")
    assert street.feature == "street" and street.geonames_id is None
    assert (street.lat, street.lon, street.country) == (town.lat, town.lon, "USA")


def test_a_street_named_after_a_town_is_not_the_town(pipeline: Any) -> None:
    found = places(pipeline, "ST. LOUIS (AP) - The suspects were caught on camera at a "
                             "restaurant on Hampton Avenue, stealing a bag.")
    assert not by_text(found, "Hampton")
    street = _one(found, "Hampton Avenue")
    assert street.country == "USA" and street.lat is not None and 38 < street.lat < 39


def test_a_building_with_no_town_in_reach_is_left_out(pipeline: Any) -> None:
    found = places(pipeline, "The concert at the Princes Theatre was sold out.")
    assert not by_text(found, "Princes Theatre")


def test_a_body_named_after_a_road_is_no_street(pipeline: Any) -> None:
    found = places(pipeline, "TAMPA, Fla. (AP) - The Florida Highway Patrol closed the road.")
    assert not [p for p in found if p.feature == "street"]


def test_a_site_never_overlaps_a_place_read_across_its_edge(pipeline: Any) -> None:
    # found by the property test: "Tower 22" is the base; "Mr. Tower" is no building
    found = places(pipeline, "ISLAMABAD in Mr. Tower 22")
    spans = [(p.start, p.end) for p in found]
    assert all(a[1] <= b[0] for a, b in pairwise(spans)), found
    assert "Tower 22" in {p.text for p in found}
