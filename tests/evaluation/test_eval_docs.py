"""``flashpoint eval docs`` gives score_docs.py's numbers, to the last digit.

Two checks, as for score.py: (1) on random system outputs for the real gold2 articles, our
``score_doc`` and score_docs.py's own ``score_doc`` count the same (no spaCy); (2) end to end:
score_docs.py runs the real CLI on the 15 articles, and our in-process evaluation of the same
articles prints the same JSON summary.
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

from flashpoint.evaluation.docs import (
    DocGold,
    doc_gold,
    doc_metrics,
    load_doc_gold,
    norm,
    score_doc,
)

pytestmark = pytest.mark.shared

ROOT = Path(__file__).resolve().parents[2]
TYPES = ["ACCUSE", "ASSAULT", "COERCE", "CONSULT", "REQUEST", "THREATEN", "SUPPORT"]
MODALITIES = ["asserted", "reported", "planned", "negated", None]


def _score_docs_module(shared: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_docs",
                                                  shared / "tools" / "score_docs.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _raw_golds(shared: Path) -> list[tuple[str, dict[str, Any], DocGold]]:
    out = []
    for path in sorted((shared / "gold2").glob("*.gold.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        name = path.name[: -len(".gold.json")]
        text = (shared / "gold2" / f"{name}.txt").read_text(encoding="utf-8")
        out.append((name, raw, doc_gold(raw, name, text)))
    return out


@st.composite
def system_doc(draw: st.DrawFn, text: str, names: list[str]) -> dict[str, Any]:
    """A random contract document whose evidence are real sentences of the article and
    whose actors carry names from the gold lists (so both hits and misses occur)."""
    sentences = [s for s in text.replace("\n", ". ").split(". ") if s.strip()] or [text]
    actors = [{"id": f"A{i}", "name": draw(st.sampled_from(names or ["nobody"])),
               "mentions": [{"text": draw(st.sampled_from(names or ["x"]))}]}
              for i in range(draw(st.integers(0, 4)))]
    ids = [a["id"] for a in actors] + ["USA"]
    events = [{"type": draw(st.sampled_from(TYPES)),
               "modality": draw(st.sampled_from(MODALITIES)),
               "source": draw(st.lists(st.sampled_from(ids), max_size=2)),
               "target": draw(st.lists(st.sampled_from(ids), max_size=2)),
               "evidence": {"text": draw(st.sampled_from(sentences))}}
              for _ in range(draw(st.integers(0, 8)))]
    return {"actors": actors, "events": events}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_eval_docs_score_doc_equals_score_docs_py(shared_dir: Path, data: st.DataObject) -> None:
    ref = _score_docs_module(shared_dir)
    name, raw, gold = data.draw(st.sampled_from(_raw_golds(shared_dir)))
    names = sorted({n for e in raw["events"] for n in (e.get("source") or [])
                    + (e.get("target") or [])})
    out = data.draw(system_doc(gold.text, names))
    theirs, their_fps, their_missed, _ = ref.score_doc(raw, out)
    ours = score_doc(gold, out)
    assert dict(ours.counts) == theirs, name
    assert len(ours.false_positives) == len(their_fps)
    assert list(ours.missed) == their_missed


def test_eval_docs_norm_is_score_docs_norm(shared_dir: Path) -> None:
    ref = _score_docs_module(shared_dir)
    for text in ["The “Army”  said — ‘no’", "Ａｂｃ\u2013d", "", "  x\n\ty  "]:
        assert norm(text) == ref.norm(text)


@pytest.mark.slow
def test_eval_docs_end_to_end_equals_score_docs_py(shared_dir: Path) -> None:
    exe = ROOT / ".venv" / "bin" / "flashpoint"
    if not exe.exists():
        pytest.skip("no .venv/bin/flashpoint: run `make install`")
    ref = subprocess.run([sys.executable, str(shared_dir / "tools" / "score_docs.py"), str(ROOT),
                          str(shared_dir / "gold2"), "--json"], capture_output=True, text=True,
                         timeout=1800, check=True)
    theirs = json.loads(ref.stdout.strip().splitlines()[-1])
    ours = subprocess.run([str(exe), "eval", "docs", "--json", "--shared", str(shared_dir)],
                          capture_output=True, text=True, timeout=1800, check=True)
    metrics = json.loads(ours.stdout)["docs/gold2"]
    assert {k: metrics[k] for k in theirs} == theirs


def test_eval_docs_metrics_of_nothing_are_zero(shared_dir: Path) -> None:
    golds = load_doc_gold(shared_dir / "gold2")
    m = doc_metrics([score_doc(g, {}) for g in golds])
    assert m["system_events"] == 0 and m["type_p"] == 0.0 and m["type_r"] == 0.0
    assert m["required_gold"] > 0
