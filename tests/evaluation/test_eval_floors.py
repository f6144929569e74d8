"""The floors file and the gate's comparisons, without running the pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from flashpoint.errors import EvalError
from flashpoint.evaluation.datasets import DATASETS
from flashpoint.evaluation.gate import FLOORS_PATH, check, load_floors, parse_floors

ROOT = Path(__file__).resolve().parents[2]


def test_eval_floors_file_names_every_dataset() -> None:
    gates = load_floors(ROOT / FLOORS_PATH)
    assert [g.spec for g in gates] == list(DATASETS)
    for g in gates:
        assert g.floors, f"{g.spec.key} pins no metric"


def test_eval_floors_compare_floors_and_ceilings() -> None:
    (gate,) = parse_floors({"note": "x", "events/plv": {
        "limit": 5, "metrics": {"macro_f1": 0.5, "actors_found": 0.1},
        "max": {"disaster_coded_assault": 0.2, "mean_km": 100}}})
    assert gate.limit == 5
    good: dict[str, Any] = {"macro_f1": 0.5 - 1e-12, "actors_found": 0.3,
                            "disaster_coded_assault": 0.2, "mean_km": 99.0}
    assert check([gate], {"events/plv": good}) == []
    bad = {**good, "macro_f1": 0.4, "mean_km": None, "disaster_coded_assault": 0.5}
    failed = check([gate], {"events/plv": bad})
    assert failed == [
        "events/plv macro_f1 = 0.4000 < floor 0.5000",
        "events/plv disaster_coded_assault = 0.5000 > ceiling 0.2000",
        "events/plv mean_km: no value (ceiling 100.0)",
    ]
    assert check([gate], {}) == ["events/plv: not evaluated"]


@pytest.mark.parametrize("raw", [
    {"events/nope": {"metrics": {}}},
    {"events/plv": {"limit": 0, "metrics": {}}},
    {"events/plv": {"metrics": {"macro_f1": "high"}}},
    {"events/plv": {"maximum": {"mean_km": 3}}},
])
def test_eval_floors_malformed(raw: dict[str, Any]) -> None:
    with pytest.raises(EvalError):
        parse_floors(raw)
