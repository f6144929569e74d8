"""Our scorers give score.py's numbers, key for key and bit for bit.

Two checks: (1) on random outputs (hypothesis) for real dataset records, our scorers and
score.py's own functions, imported from ../shared/tools/score.py, agree exactly — no spaCy;
(2) end to end: score.py runs the real CLI on the first 20 records of every dataset, and our
in-process evaluation of the same records gives every number score.py reports.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flashpoint.evaluation.datasets import (
    DATASETS,
    DOCS,
    EVENT_PLACES_NAME,
    GOLD,
    QUOTES,
    load_records,
)
from flashpoint.evaluation.runner import score_records

pytestmark = pytest.mark.shared

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 20
TYPES = ["AGREE", "CONSULT", "COERCE", "ASSAULT", "PROTEST", "ACCUSE", "REQUEST", "RETREAT"]
#: score.py scores the shared datasets; the gold articles, the exhaustive articles (docs) and
#: our own quotes gold have their own scorers (test_eval_gold.py, test_eval_docs.py and
#: test_quotes_gold.py).
# Event places are ours (gold2 places and GSR locations scored together): score.py has no
# scorer for them, so there is nothing to agree with.
SPECS = [d for d in DATASETS if d.area not in (GOLD, QUOTES, DOCS)
         and d.name != EVENT_PLACES_NAME]


def _score_py(shared: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_py", shared / "tools" / "score.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _raw(shared: Path, area: str, name: str, n: int) -> list[dict[str, Any]]:
    with (shared / "data" / area / f"{name}.dev.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line, _ in zip(f, range(n), strict=False)]


spans = st.tuples(st.integers(-2, 400), st.integers(0, 60)).map(lambda t: (t[0], t[0] + t[1]))
events = st.lists(st.fixed_dictionaries({
    "type": st.sampled_from(TYPES),
    "confidence": st.one_of(st.none(), st.sampled_from([0.1, 0.5, 0.9])),
    "source": st.lists(st.sampled_from(["A0", "A1", "A2"]), max_size=2),
    "target": st.lists(st.sampled_from(["A0", "A1", "A2"]), max_size=2),
}), max_size=3)


@st.composite
def document(draw: st.DrawFn) -> dict[str, Any]:
    actors = [{"id": f"A{i}", "country": draw(st.sampled_from(["USA", "ISR", "PSE", None])),
               "mentions": [{"start": s, "end": e} for s, e in draw(st.lists(spans, max_size=3))]}
              for i in range(draw(st.integers(0, 3)))]
    places = [{"start": s, "end": e,
               "lat": draw(st.one_of(st.none(), st.floats(-80, 80))),
               "lon": draw(st.floats(-179, 179)), "geonames_id": None}
              for s, e in draw(st.lists(spans, max_size=4))]
    times = [{"start": s, "end": e, "value": draw(st.sampled_from(["1998-01-08", "1998", None]))}
             for s, e in draw(st.lists(spans, max_size=4))]
    return {"actors": actors, "events": draw(events), "places": places, "times": times}


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.key)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_eval_scorers_equal_score_py_functions(shared_dir: Path, spec: Any,
                                               data: st.DataObject) -> None:
    ref = _score_py(shared_dir)
    raw = _raw(shared_dir, spec.area, spec.name, 12)
    recs = load_records(spec, shared_dir, 12)
    out = {r["id"]: data.draw(document()) for r in raw}
    drop = data.draw(st.sets(st.sampled_from([r["id"] for r in raw]), max_size=3))
    out = {k: v for k, v in out.items() if k not in drop}
    theirs, head = getattr(ref, f"score_{spec.area}")(raw, out)
    ours = score_records(spec.area, recs, out)
    assert ours.headline == head
    assert {k: ours.metrics[k] for k in theirs} == theirs
    assert list(ours.metrics)[: len(theirs)] == list(theirs)


def _run_score_py(shared: Path, key: str) -> dict[str, Any]:
    area, name = key.split("/")
    p = subprocess.run([sys.executable, str(shared / "tools" / "score.py"), str(ROOT), area,
                        name, "--limit", str(LIMIT), "--json"],
                       capture_output=True, text=True, timeout=600, check=False)
    lines = [ln for ln in p.stdout.splitlines() if ln.startswith("{")]
    assert p.returncode == 0 and lines, f"score.py failed: {p.stdout[-500:]} {p.stderr[-500:]}"
    result: dict[str, Any] = json.loads(lines[-1])
    return result


@pytest.mark.slow
def test_eval_in_process_equals_score_py_cli(shared_dir: Path) -> None:
    from flashpoint.evaluation import Evaluator

    ev = Evaluator(shared_dir)
    mismatches = []
    for spec in SPECS:
        theirs = _run_score_py(shared_dir, spec.key)
        ours = ev.evaluate(spec, LIMIT).metrics
        print(f"{spec.key}: n={ours.get('n', LIMIT)} score.py={theirs}")
        mismatches += [f"{spec.key} {k}: ours {ours.get(k)!r} != score.py {v!r}"
                       for k, v in theirs.items() if ours.get(k) != v or k not in ours]
    assert not mismatches, "\n".join(mismatches)
