"""Datelines: the "CITY, State (Agency) —" opening of a wire or local story, found as spans."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flashpoint.ingest.dateline import dateline_places, dateline_spans


@pytest.mark.parametrize(("text", "dateline"), [
    ("WASHINGTON (AP) — The Senate voted.", "WASHINGTON (AP) —"),
    ("COLUMBIA, Ky. (WBKO) - A man is arrested.", "COLUMBIA, Ky. (WBKO) -"),
    ("SEOUL, South Korea (CNN) - North Korea fired.", "SEOUL, South Korea (CNN) -"),
    ("Headline here\nMANASSAS -- A Woodbridge man was charged.", "MANASSAS --"),
    ("NEW DELHI: The court ruled.", "NEW DELHI:"),
    ("COVINGTON, Ky. (AP)  A man being held in a jail.", "COVINGTON, Ky. (AP)"),
])
def test_dateline_is_found_with_its_dash(text: str, dateline: str) -> None:
    spans = dateline_spans(text)
    assert [text[s:e].strip() for s, e in spans] == [dateline]


@pytest.mark.parametrize("text", [
    "Russia said on Monday - as expected - that talks failed.",
    "RUSSIA EXPELS FOUR DIPLOMATS - REPORT",
    "The UN (United Nations) met today.",
    "US and EU officials met.",
    "NATO (North Atlantic Treaty Organization) said on Monday.",
    "PARIS, France President Macron said.",
])
def test_dateline_not_found_in_ordinary_text(text: str) -> None:
    assert dateline_spans(text) == []


@given(st.text(max_size=200))
def test_dateline_spans_index_the_text(text: str) -> None:
    for start, end in dateline_spans(text):
        assert 0 <= start < end <= len(text)
        assert text[start:end].rstrip()[-1:] in "—–-:)"


def test_dateline_places_give_the_place_and_its_qualifier() -> None:
    text = "Two arrested in London\n\nLONDON, Ky. (WKYT) - Police arrested two people."
    assert dateline_places(text) == [("LONDON", "Ky.")]
    assert dateline_places("WASHINGTON (AP) — The Senate voted.") == [("WASHINGTON", None)]
