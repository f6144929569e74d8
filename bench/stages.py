"""Per-stage cost: each analysis stage's time as a share of the nlp stage's, in one run.

The events issue sets a goal: the events and time stages together cost at most 25% of the
nlp (spaCy parse) stage. This benchmark parses the same articles once, timing the parse, then
runs every analysis stage of the default pipeline over the parsed documents, timing each, and
prints each stage's seconds and its ratio to the parse.

Usage: ``python bench/stages.py [--n 150] [--json]``. Texts: the first ``--n`` articles of
``../shared/data/geo/*.dev.jsonl`` (or ``$FLASHPOINT_SHARED``), else ``examples/`` repeated.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from typing import Any

from throughput import load_records

#: The events issue's goal for events + times over the parse.
GOAL_EVENTS_TIMES = 0.25


def main() -> None:
    from flashpoint import nlp
    from flashpoint.config import PipelineConfig
    from flashpoint.model import Analysis
    from flashpoint.pipeline import ANALYSIS_STAGES, Pipeline

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=150)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    records, origin = load_records(args.n)
    texts = [str(r["text"]) for r in records]
    pipe = Pipeline(PipelineConfig(clean=False))
    model = nlp.load("sm")
    list(nlp.parse(model, texts[:5]))  # warm-up
    t0 = time.perf_counter()
    docs = list(nlp.parse(model, texts))
    timings: dict[str, float] = {"nlp": time.perf_counter() - t0}
    analyses = [Analysis(f"d{i}", t, "2020-01-01", d) for i, (t, d) in enumerate(zip(
        texts, docs, strict=True))]
    for kind, field, stage in pipe._stages:  # the benchmark times each stage on its own
        t0 = time.perf_counter()
        out: list[Any] = []
        for a in analyses:
            out.append(dataclasses.replace(a, **{field: tuple(stage(a))}))
        timings[kind] = time.perf_counter() - t0
        analyses = out
    ratio = (timings["events"] + timings["times"]) / timings["nlp"]
    result = {"texts": len(texts), "origin": origin, "seconds": timings,
              "ratio_to_nlp": {k: v / timings["nlp"] for k, v in timings.items()},
              "events_plus_times_over_nlp": ratio, "goal": GOAL_EVENTS_TIMES,
              "stage_order": [k for k, _ in ANALYSIS_STAGES]}
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{len(texts)} texts ({origin})")
    for k, v in timings.items():
        print(f"  {k:<8} {v:8.2f} s   {v / timings['nlp']:6.1%} of nlp")
    verdict = "OK" if ratio <= GOAL_EVENTS_TIMES else "over the goal"
    print(f"events + times = {ratio:.1%} of nlp (goal <= {GOAL_EVENTS_TIMES:.0%}: {verdict})")


if __name__ == "__main__":
    main()
