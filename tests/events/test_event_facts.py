"""Fatalities: a number tied to a word of dying, or one named victim; never a guess."""

from __future__ import annotations

from typing import Any

import pytest

from flashpoint import nlp
from flashpoint.events.facts import fatalities


@pytest.fixture(scope="module")
def parse() -> Any:
    model = nlp.load("sm")
    return lambda text: next(model(text).sents)


@pytest.mark.parametrize(("text", "expected"), [
    ("The attack killed three soldiers at the base.", 3),
    ("At least 12 people were killed in the blast.", 12),
    ("Militants killed 44 people, many of them police.", 44),
    ("A Turkish policeman fatally shot Russia's ambassador to Turkey on Monday.", 1),
    ("The gunman was killed in a shootout with police.", 1),
    ("Police shot dead a suspected militant.", 1),
    ("Officials condemned the killing of Karlov.", 1),
    ("Dozens of protesters were killed by police.", None),
    ("The crowd was killed.", None),
    ("Rebels attacked the base.", None),
])
def test_fatalities(parse: Any, text: str, expected: int | None) -> None:
    assert fatalities(parse(text)) == expected
