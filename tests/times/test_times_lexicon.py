"""The time lexicon (data/timex.yaml): it loads, and a broken copy fails clearly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from flashpoint.errors import DataFileError
from flashpoint.times.lexicon import default_lexicon, load_lexicon, parse_lexicon


def test_times_lexicon_packaged_file_loads() -> None:
    lex = default_lexicon()
    assert lex.months["sept"] == 9 and lex.months["september"] == 9
    assert "may" in lex.full_months and "sept" not in lex.full_months
    assert lex.weekdays["friday"] == 5
    assert lex.days["yesterday"] == -1
    assert lex.shifts["last"] == -1 and lex.shifts["next"] == 1
    assert lex.ago["ago"] == -1
    assert "on" in lex.prepositions  # quoted in YAML, or it would load as True
    assert "no" in lex.year_blockers
    assert lex.seasons["spring"].one_year and not lex.seasons["winter"].one_year
    assert lex.holidays["christmas"] == (12, 25)


def _packaged() -> dict[str, Any]:
    path = Path(__file__).resolve().parents[2] / "src/flashpoint/data/timex.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text("utf-8"))
    return data


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.update(version=2), "version"),
    (lambda d: d.pop("weekdays"), "missing keys"),
    (lambda d: d["months"].pop(12), "months"),
    (lambda d: d["months"][2].append("jan"), "listed twice"),
    (lambda d: d["weekdays"].update({1: []}), "non-empty list"),
    (lambda d: d["prepositions"].append(True), "non-empty list of words"),
    (lambda d: d["number_words"].update(zillion=10**9), "outside"),
    (lambda d: d["holidays"].update(bastille="14 July"), "MM-DD"),
    (lambda d: d["holidays"].update(bad="13-01"), "not a calendar day"),
    (lambda d: d["seasons"].update(monsoon={"months": [6, 13], "one_year": True}), "seasons"),
    (lambda d: d["units"].update(fortnight="fortnight"), "units"),
    (lambda d: d["ambiguous_months"].append("sept"), "full month name"),
])
def test_times_lexicon_errors_name_the_entry(change: Any, message: str) -> None:
    data = _packaged()
    change(data)
    with pytest.raises(DataFileError, match=message):
        parse_lexicon(data, "timex.yaml")


def test_times_lexicon_unreadable_or_invalid_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="cannot read"):
        load_lexicon(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("months: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="not valid YAML"):
        load_lexicon(bad)


def test_times_lexicon_round_trip(tmp_path: Path) -> None:
    copy = tmp_path / "timex.yaml"
    copy.write_text(yaml.safe_dump(_packaged()), encoding="utf-8")
    assert load_lexicon(copy).months == default_lexicon().months
