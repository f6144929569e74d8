"""The time stage inside the whole pipeline, and its registration."""

from __future__ import annotations

import pytest

from flashpoint.config import DEFAULT_COMPONENTS, PipelineConfig
from flashpoint.model import DATE_PATTERN
from flashpoint.registry import STAGES

ARTICLE = """Rebels seize border town as talks stall

BEIRUT (AP) — Rebels seized the border town of Qusair on Tuesday, two years after they were
driven out, a monitoring group said. The group said fighting had raged since Feb. 9 and that
at least 40 people were killed last week.

Government forces will try to retake the town next month, the defence minister told
reporters on Wednesday. Peace talks, which collapsed in December, are due to resume on
March 25 in Geneva. The town was first captured on 3 May 2013; the following year it changed
hands twice. Aid convoys reach it every Monday.
"""


def test_times_is_the_default_stage() -> None:
    assert DEFAULT_COMPONENTS["times"] == "times.rules.v1"
    assert "times.rules.v1" in STAGES["times"]
    assert "times.none.v1" in STAGES["times"]
    assert STAGES["times"].get("times.none.v1")(PipelineConfig())(None) == ()


@pytest.mark.slow
def test_times_whole_pipeline_article() -> None:
    from flashpoint import Pipeline

    doc = Pipeline(PipelineConfig(clean=False)).extract_text(ARTICLE, published="2021-03-10")
    got = [(" ".join(t.text.split()), t.value) for t in doc.times]
    assert got == [
        ("on Tuesday", "2021-03-09"),
        ("since Feb. 9", "2021-02-09"),
        ("last week", "2021-03"),
        ("next month", "2021-04"),
        ("on Wednesday", "2021-03-10"),
        ("in December", "2020-12"),
        ("on March 25", "2021-03-25"),
        ("on 3 May 2013", "2013-05-03"),
        ("the following year", "2014"),
    ]
    for t in doc.times:
        assert doc.text[t.start:t.end] == t.text
        assert t.value is None or DATE_PATTERN.match(t.value)
    first = doc.to_dict()["times"][0]
    assert first["text"] == "on Tuesday" and first["value"] == "2021-03-09"
    assert ARTICLE[first["start"]:first["end"]] == "on Tuesday"


@pytest.mark.slow
def test_times_whole_pipeline_without_a_date() -> None:
    """No publication date (none given, none in the text): absolute dates keep their value,
    relative ones have none."""
    from flashpoint import Pipeline

    text = ("Rebels seized the town on Tuesday. Government forces will try to retake it next "
            "month. The town was first captured in 2013.")
    doc = Pipeline(PipelineConfig(clean=False)).extract_text(text)
    assert doc.published is None
    assert [(t.text, t.value) for t in doc.times] == [
        ("on Tuesday", None), ("next month", None), ("in 2013", "2013")]
