"""The evaluation gate: the pinned subsets of eval/floors.json must not regress.

Runs in-process on the subsets the floors file names (sizes printed), and fails listing every
metric below its floor or above its ceiling. Raising floors is part of each issue; lowering one
is an explicit commit that says why.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from flashpoint.evaluation.gate import FLOORS_PATH, check, load_floors

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.shared
@pytest.mark.slow
def test_eval_gate_no_regression(shared_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from flashpoint.evaluation import Evaluator

    gates = load_floors(ROOT / FLOORS_PATH)
    ev = Evaluator(shared_dir)
    started = time.perf_counter()
    results = {g.spec.key: ev.evaluate(g.spec, g.limit) for g in gates}
    seconds = time.perf_counter() - started
    with capsys.disabled():
        print(f"\neval gate: {len(gates)} datasets in {seconds:.1f} s")
        for key, r in results.items():
            print(f"  {key:<20} {r.n:>4} of {r.size:<5} ({r.seconds:.1f} s)")
    failed = check(gates, {k: r.metrics for k, r in results.items()})
    assert not failed, "evaluation regressions:\n" + "\n".join(failed)
