"""The evaluation gate: metrics pinned in ``eval/floors.json`` must not regress.

The file maps a dataset key to the fixed subset it is evaluated on (``limit``: the first N
records, null for all) and two sections: ``metrics`` (floors: higher is better, a metric must
be >= its floor) and ``max`` (ceilings: lower is better, e.g. ``disaster_coded_assault`` or
``mean_km``, a metric must be <= its ceiling). Other top-level keys (``note``) and keys that
start with an underscore are documentation. Raising a floor is part of the issue that earns it;
lowering one is an explicit commit that says why.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flashpoint.errors import EvalError

from .datasets import DATASETS, DatasetSpec

#: Float slack of a comparison: the same run gives the same number, but a floor written to
#: JSON by hand may be the metric rounded at the 15th digit.
TOLERANCE = 1e-9

#: Keys a dataset's entry may hold: the subset, documentation of its size, and the pins.
ENTRY_KEYS = frozenset({"limit", "size", "note", "metrics", "max"})

#: Where the gate's floors live, relative to the repository root.
FLOORS_PATH = Path("eval") / "floors.json"


@dataclass(frozen=True)
class DatasetGate:
    """One dataset's subset and its pinned floors and ceilings."""

    spec: DatasetSpec
    limit: int | None
    floors: Mapping[str, float] = field(default_factory=dict)
    ceilings: Mapping[str, float] = field(default_factory=dict)


def _numbers(raw: Any, where: str) -> dict[str, float]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping) or not all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in raw.values()):
        raise EvalError(f"{where} must map metric names to numbers",
                        fix='write e.g. {"macro_f1": 0.41}')
    return {str(k): float(v) for k, v in raw.items()}


def parse_floors(raw: Mapping[str, Any], source: str = str(FLOORS_PATH)) -> list[DatasetGate]:
    """The gates of a floors document, in the order of ``DATASETS``."""
    specs = {d.key: d for d in DATASETS}
    gates: dict[str, DatasetGate] = {}
    for key, value in raw.items():
        if key == "note" or key.startswith("_"):
            continue
        if key not in specs or not isinstance(value, Mapping):
            raise EvalError(f"{key!r} is not a dataset with a floors object", source=source,
                            fix=f"use dataset keys: {', '.join(specs)}")
        unknown = set(value) - ENTRY_KEYS
        if unknown:
            raise EvalError(f"{key} has unknown keys {sorted(unknown)}", source=source,
                            fix=f"use only {sorted(ENTRY_KEYS)}")
        limit = value.get("limit")
        if limit is not None and (not isinstance(limit, int) or limit < 1):
            raise EvalError(f"{key}.limit must be a positive integer or null", source=source)
        gates[key] = DatasetGate(specs[key], limit, _numbers(value.get("metrics"), key),
                                 _numbers(value.get("max"), f"{key}.max"))
    return [gates[d.key] for d in DATASETS if d.key in gates]


def load_floors(path: Path) -> list[DatasetGate]:
    """Read and check ``eval/floors.json``."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EvalError(f"cannot read the floors file: {exc}", source=str(path),
                        fix="restore eval/floors.json from git") from exc
    if not isinstance(raw, Mapping):
        raise EvalError("the floors file is not a JSON object", source=str(path))
    return parse_floors(raw, str(path))


def regressions(gate: DatasetGate, metrics: Mapping[str, Any]) -> list[str]:
    """Every pinned metric that fell below its floor or rose above its ceiling (or is gone)."""
    out = []
    for name, floor in gate.floors.items():
        value = metrics.get(name)
        if not isinstance(value, int | float):
            out.append(f"{gate.spec.key} {name}: no value (floor {floor})")
        elif value < floor - TOLERANCE:
            out.append(f"{gate.spec.key} {name} = {value:.4f} < floor {floor:.4f}")
    for name, ceiling in gate.ceilings.items():
        value = metrics.get(name)
        if not isinstance(value, int | float):
            out.append(f"{gate.spec.key} {name}: no value (ceiling {ceiling})")
        elif value > ceiling + TOLERANCE:
            out.append(f"{gate.spec.key} {name} = {value:.4f} > ceiling {ceiling:.4f}")
    return out


def check(gates: Sequence[DatasetGate], results: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """All regressions of ``results`` (metrics by dataset key) against ``gates``."""
    out: list[str] = []
    for gate in gates:
        metrics = results.get(gate.spec.key)
        if metrics is None:
            out.append(f"{gate.spec.key}: not evaluated")
        else:
            out += regressions(gate, metrics)
    return out
