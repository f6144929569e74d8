"""Alias normalisation: one key for the spellings news uses for one name."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flashpoint.actors.kb import alias_keys, date_bounds, normalise


@pytest.mark.parametrize(("raw", "key"), [
    ("the Kremlin", "kremlin"),
    ("The  White   House", "white house"),
    ("U.S.", "us"),
    ("Élysée", "elysee"),
    ("Quai d’Orsay", "quai d'orsay"),
    ("Quai d'Orsay", "quai d'orsay"),
    ("al-Shabaab", "al shabaab"),
    ("Al–Qaeda", "al qaeda"),
    ("Goïta", "goita"),
    ("Erdoğan", "erdogan"),
    ("İstanbul", "istanbul"),
    ("Straße", "strasse"),
    ("“Hamas”", "hamas"),
    ("AFC/M23", "afc m23"),
    ("the", ""),
    ("The The X", "x"),
])
def test_kb_normalise_examples(raw: str, key: str) -> None:
    assert normalise(raw) == key


@pytest.mark.parametrize(("a", "b"), [
    ("al-Shabaab", "Shabaab"),
    ("al-Shabaab", "al Shabaab"),
    ("Abu Mohammad al-Jolani", "Abu Mohammad Jolani"),
    ("Sana'a", "Sanaa"),
    ("People's Liberation Army", "Peoples Liberation Army"),
    ("el-Sisi", "Sisi"),
])
def test_kb_alias_keys_share_a_variant(a: str, b: str) -> None:
    assert set(alias_keys(a)) & set(alias_keys(b))


def test_kb_alias_keys_first_is_the_normal_form() -> None:
    assert alias_keys("al-Shabaab") == ("al shabaab", "shabaab")
    assert alias_keys("") == ()
    assert alias_keys("Hezbollah") == ("hezbollah",)


@given(st.text(max_size=60))
def test_kb_normalise_is_idempotent(text: str) -> None:
    key = normalise(text)
    assert normalise(key) == key
    assert key == key.strip() and "  " not in key and not key.startswith("the ")


@given(st.text(max_size=60))
def test_kb_alias_keys_are_normal_forms(text: str) -> None:
    for key in alias_keys(text):
        assert key and normalise(key) == key


@pytest.mark.parametrize(("value", "first", "last"), [
    ("2024", "2024-01-01", "2024-12-31"),
    ("2024-02", "2024-02-01", "2024-02-29"),
    ("2023-02", "2023-02-01", "2023-02-28"),
    ("2019-05-20", "2019-05-20", "2019-05-20"),
])
def test_kb_date_bounds(value: str, first: str, last: str) -> None:
    lo, hi = date_bounds(value)
    assert (lo.isoformat(), hi.isoformat()) == (first, last)


@pytest.mark.parametrize("bad", ["2024-13", "2024-02-30", "24-01-01", "2024/01/01", ""])
def test_kb_date_bounds_rejects_bad_dates(bad: str) -> None:
    with pytest.raises(ValueError, match=r"."):
        date_bounds(bad)
