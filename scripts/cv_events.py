"""Cross-validated figures for the whole events stage (proposers + event filter + selection).

The statistical coder is trained on the dev sets, so `flashpoint eval events` on those same
sets flatters it. This script gives the honest figure: for each of the 5 folds of
``train_events`` (folds by text), a model is trained without that fold, and the full pipeline
— that model among the proposers, the packaged event filter (trained on our annotated
articles only, never on these sets) deciding — codes the fold's records; the out-of-fold
outputs are scored with the evaluation harness's own scorers.

usage: cv_events.py [--shared DIR] [--json]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_events as te
import train_events_model as tm

from flashpoint.config import PipelineConfig
from flashpoint.evaluation import DATASETS, load_records, score_records
from flashpoint.events.filter import packaged_filter
from flashpoint.events.propose import Coders
from flashpoint.events.stage import code_events_with, default_coders
from flashpoint.events.stat import load_stat_coder
from flashpoint.ingest.read import read_record
from flashpoint.model import Analysis
from flashpoint.pipeline import Pipeline

EVENT_SETS = ("events/plv", "events/plover_gsr", "events/case2021")


def fold_coders(shared: Path) -> dict[int, Coders]:
    """One ``Coders`` per fold, its model trained on the other folds."""
    everything, lexicon = te.build_examples(shared, log=lambda m: print(m, file=sys.stderr))
    temperature = load_stat_coder().temperature
    base = default_coders()
    out = {}
    for k in range(tm.N_FOLDS):
        model = tm.fit([ex for ex in everything if ex.fold != k])
        model = dataclasses.replace(model, temperature=temperature, lexicon=lexicon)
        out[k] = dataclasses.replace(base, stat=model)
    return out


def fold_of(text: str) -> int:
    return tm.Example("", "", text, ()).fold


def run(shared: Path) -> dict[str, Any]:
    coders = fold_coders(shared)
    pipe = Pipeline(PipelineConfig(clean=False))
    event_filter = packaged_filter()
    results: dict[str, Any] = {}
    specs = {f"{d.area}/{d.name}": d for d in DATASETS}
    for name in EVENT_SETS:
        recs = load_records(specs[name], shared)
        outputs: dict[str, Any] = {}
        for rec in recs:
            raw = read_record({"id": rec.id, "text": rec.text}, source=name, config=pipe.config)
            doc = pipe.extract(raw)
            parsed = pipe.nlp(doc.text)
            analysis = Analysis(doc.id, doc.text, doc.published, parsed, actors=doc.actors,
                                times=doc.times, places=doc.places, statements=doc.statements)
            events = code_events_with(analysis, coders[fold_of(rec.text)], event_filter)
            outputs[rec.id] = dataclasses.replace(doc, events=events).to_dict()
        results[name] = score_records("events", recs, outputs).metrics
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=te.default_shared())
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    res = run(args.shared)
    if args.json:
        print(json.dumps(res, indent=2))
    else:
        for name, metrics in res.items():
            shown = {k: round(v, 3) for k, v in metrics.items() if isinstance(v, float)}
            print(name, shown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
