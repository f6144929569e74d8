"""Throughput: bare spaCy ``nlp.pipe`` against the full flashpoint path, on the same texts.

One run measures, side by side:

* **bare**: ``nlp.pipe`` over the article texts with the same spaCy model the pipeline uses;
* **pipeline**: records → ``ingest.read_record`` → ``Pipeline.run`` (clean, language check,
  parse, the analysis stages, document assembly) → ``Document`` records;

each with one process and with two. Two processes means ``nlp.pipe(n_process=2)`` for the bare
run (as spaCy users would do it, worker start-up included), and for both bare and pipeline a
small harness of two worker processes that each load the model once, warm up, wait for a
common start signal and then take every other text. Model loading is timed and printed but
never counted in throughput; every timed run is preceded by a warm-up on a few texts.

Usage: ``python bench/throughput.py [--n 200] [--model sm] [--repeat 1] [--json]``.
Texts: the first ``--n`` articles of ``../shared/data/geo/*.dev.jsonl`` (or ``$FLASHPOINT_SHARED``);
if that folder is missing, the texts in ``examples/`` repeated to ``--n`` (the output says so).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

#: Articles parsed before each timed run: enough to touch every pipe component and the
#: vocabulary's common entries (the first calls are ~3x slower than steady state), too few to
#: matter for the total.
WARMUP_DOCS = 5

#: The pipeline reaches its throughput goal when it runs at least this fraction of bare spaCy.
GOAL_RATIO = 0.7

#: Same batch size on both sides (it is ``PipelineConfig.batch_size``'s default).
BATCH_SIZE = 32

#: Two processes: the harness and ``nlp.pipe(n_process=...)`` both use this many workers.
WORKERS = 2

Record = dict[str, Any]

#: What a runner returns: (documents out, of which failures, words in the parsed texts).
Counts = tuple[int, int, int]


# --------------------------------------------------------------------------- texts


def shared_dir() -> Path | None:
    """``$FLASHPOINT_SHARED`` or ``../shared`` beside this clone, if it holds ``data``."""
    env = os.environ.get("FLASHPOINT_SHARED")
    for cand in (Path(env) if env else None, ROOT.parent / "shared"):
        if cand is not None and (cand / "data").is_dir():
            return cand
    return None


def _read_jsonl(path: Path) -> list[Record]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _example_records() -> list[Record]:
    """The plain-text and JSONL examples as records (HTML is left out: it needs extraction)."""
    records: list[Record] = []
    for path in sorted(EXAMPLES.glob("*.txt")):
        title, _, body = path.read_text(encoding="utf-8").partition("\n\n")
        records.append({"id": path.stem, "title": title.strip(), "text": body})
    for path in sorted(EXAMPLES.glob("*.jsonl")):
        records.extend(_read_jsonl(path))
    return records


def load_records(n: int) -> tuple[list[Record], str]:
    """The first ``n`` records to benchmark on, and a line saying where they came from."""
    shared = shared_dir()
    files = sorted((shared / "data" / "geo").glob("*.dev.jsonl")) if shared else []
    if files:
        records: list[Record] = []
        for path in files:
            records.extend(r for r in _read_jsonl(path) if (r.get("text") or "").strip())
            if len(records) >= n:
                break
        used = sorted({str(r.get("dataset") or "?") for r in records[:n]})
        return records[:n], f"{files[0].parent} (first {n} of {', '.join(used)})"
    base = _example_records()
    if not base:
        sys.exit(f"no texts: neither ../shared/data/geo nor {EXAMPLES} has any")
    records = [dict(base[i % len(base)], id=f"{base[i % len(base)]['id']}#{i}") for i in range(n)]
    note = (f"FALLBACK: ../shared is missing, so the {len(base)} texts in {EXAMPLES} "
            f"are repeated to {n}")
    return records, note


def count_words(records: Iterable[Record]) -> int:
    return sum(len(r["text"].split()) for r in records)


# --------------------------------------------------------------------------- the two runners


def bare_loader(model: str) -> Callable[[list[Record]], Counts]:
    """Load the model as plain spaCy; return a runner over records."""
    import spacy

    from flashpoint.nlp import MODELS

    nlp = spacy.load(MODELS.get(model, model))

    def run(records: list[Record]) -> Counts:
        docs = sum(1 for _ in nlp.pipe((r["text"] for r in records), batch_size=BATCH_SIZE))
        return docs, 0, count_words(records)

    return run


def pipeline_loader(model: str) -> Callable[[list[Record]], Counts]:
    """Build the pipeline and load its model; return a runner over records."""
    from flashpoint.config import PipelineConfig
    from flashpoint.ingest.read import read_record
    from flashpoint.model import Failure
    from flashpoint.pipeline import Pipeline

    config = PipelineConfig(model=model, batch_size=BATCH_SIZE)
    pipeline = Pipeline(config)
    _ = pipeline.nlp  # load now, so that it is timed as loading, not as throughput

    def run(records: list[Record]) -> Counts:
        raws = (read_record(r, source=f"bench:{r['id']}", config=config) for r in records)
        docs = failures = words = 0
        for result in pipeline.run(raws):
            docs += 1
            if isinstance(result, Failure):
                failures += 1
            else:
                words += len(result.text.split())
        return docs, failures, words

    return run


LOADERS: dict[str, Callable[[str], Callable[[list[Record]], Counts]]] = {
    "bare": bare_loader,
    "pipeline": pipeline_loader,
}


# --------------------------------------------------------------------------- measurements


@dataclass
class Result:
    """One timed configuration."""

    name: str
    kind: str
    processes: int
    articles: int
    words: int
    seconds: float
    parsed_words: int
    load_seconds: list[float] = field(default_factory=list)
    failures: int = 0
    note: str = ""

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "seconds": round(self.seconds, 3),
                "articles_per_s": round(self.articles_per_s, 2),
                "words_per_s": round(self.words_per_s, 1)}


NAMES = {("bare", 1): "bare nlp.pipe", ("pipeline", 1): "pipeline read_record+Pipeline.run",
         ("bare", WORKERS): f"bare, {WORKERS} worker processes",
         ("pipeline", WORKERS): f"pipeline, {WORKERS} worker processes"}


def _sum(counts: list[Counts]) -> Counts:
    return (sum(c[0] for c in counts), sum(c[1] for c in counts), sum(c[2] for c in counts))


def _best(timings: dict[str, list[tuple[float, Counts]]], kind: str) -> tuple[float, Counts]:
    return min(timings[kind], key=lambda t: t[0])


def in_process(model: str, records: list[Record], repeat: int) -> list[Result]:
    """One process: load both (timed apart), warm both up, then time them in alternation.

    Alternating bare and pipeline runs (best of ``repeat`` each) spreads any background load
    on the machine over both sides instead of penalising whichever ran second.
    """
    runners, loads = {}, {}
    for kind, loader in LOADERS.items():
        start = time.perf_counter()
        runners[kind] = loader(model)
        loads[kind] = time.perf_counter() - start
        runners[kind](records[:WARMUP_DOCS])
    timings: dict[str, list[tuple[float, Counts]]] = {kind: [] for kind in runners}
    for _ in range(repeat):
        for kind, run in runners.items():
            start = time.perf_counter()
            counts = run(records)
            timings[kind].append((time.perf_counter() - start, counts))
    words = count_words(records)
    out = []
    for kind in runners:
        seconds, (docs, failures, parsed) = _best(timings, kind)
        out.append(Result(NAMES[kind, 1], kind, 1, docs, words, seconds, parsed,
                          [round(loads[kind], 2)], failures))
    return out


def spacy_multiprocess(model: str, records: list[Record], repeat: int) -> Result:
    """``nlp.pipe(n_process=2)``: spaCy's own workers, their start-up inside the timing."""
    import spacy

    from flashpoint.nlp import MODELS

    nlp = spacy.load(MODELS.get(model, model))
    texts = [r["text"] for r in records]
    small = texts[:WORKERS]
    start = time.perf_counter()
    for _ in nlp.pipe(small, batch_size=BATCH_SIZE, n_process=WORKERS):
        pass
    startup = time.perf_counter() - start
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        docs = sum(1 for _ in nlp.pipe(texts, batch_size=BATCH_SIZE, n_process=WORKERS))
        best = min(best, time.perf_counter() - start)
    note = f"includes worker start-up (~{startup:.1f} s for {len(small)} tiny texts)"
    words = count_words(records)
    return Result(f"bare nlp.pipe(n_process={WORKERS})", "bare", WORKERS, docs, words, best,
                  words, note=note)


def _worker(kind: str, model: str, records: list[Record], rounds: int, ready: Any, go: Any,
            done: Any) -> None:
    """A harness worker: load once, warm up, say ready; then per round wait for go, run, report."""
    start = time.perf_counter()
    run = LOADERS[kind](model)
    load = time.perf_counter() - start
    run(records[:WARMUP_DOCS])
    ready.put((kind, load))
    for _ in range(rounds):
        go.get()
        done.put(run(records))


def harness(model: str, records: list[Record], repeat: int) -> list[Result]:
    """``WORKERS`` spawned processes per kind, each with every ``WORKERS``-th record.

    All workers load and warm up first; then each round releases the bare workers, waits for
    them, and releases the pipeline workers, so only ``WORKERS`` processes run at a time.
    """
    ctx = mp.get_context("spawn")  # each worker imports and loads from scratch, as in production
    ready = ctx.Queue()
    queues = {kind: (ctx.Queue(), ctx.Queue()) for kind in LOADERS}  # (go, done)
    procs = [ctx.Process(target=_worker, args=(kind, model, records[i::WORKERS], repeat, ready,
                                               *queues[kind]))
             for kind in LOADERS for i in range(WORKERS)]
    for proc in procs:
        proc.start()
    loads: dict[str, list[float]] = {kind: [] for kind in LOADERS}
    for _ in procs:
        kind, load = ready.get()
        loads[kind].append(round(load, 2))
    timings: dict[str, list[tuple[float, Counts]]] = {kind: [] for kind in LOADERS}
    for _ in range(repeat):
        for kind, (go, done) in queues.items():
            start = time.perf_counter()
            for _ in range(WORKERS):
                go.put(None)
            counts = [done.get() for _ in range(WORKERS)]
            timings[kind].append((time.perf_counter() - start, _sum(counts)))
    for proc in procs:
        proc.join()
    words = count_words(records)
    out = []
    for kind in LOADERS:
        seconds, (docs, failures, parsed) = _best(timings, kind)
        out.append(Result(NAMES[kind, WORKERS], kind, WORKERS, docs, words, seconds, parsed,
                          loads[kind], failures))
    return out


# --------------------------------------------------------------------------- report


def ratio(results: list[Result], pipeline_name: str, bare_name: str) -> float | None:
    by_name = {r.name: r for r in results}
    if pipeline_name not in by_name or bare_name not in by_name:
        return None
    return by_name[pipeline_name].words_per_s / by_name[bare_name].words_per_s


def ratios(results: list[Result]) -> dict[str, float]:
    pairs = {
        "1 process": ("pipeline read_record+Pipeline.run", "bare nlp.pipe"),
        f"{WORKERS} processes (same harness)": (f"pipeline, {WORKERS} worker processes",
                                                f"bare, {WORKERS} worker processes"),
        f"{WORKERS} processes vs nlp.pipe(n_process={WORKERS})": (
            f"pipeline, {WORKERS} worker processes", f"bare nlp.pipe(n_process={WORKERS})"),
    }
    out = {}
    for label, (pipe, bare) in pairs.items():
        value = ratio(results, pipe, bare)
        if value is not None:
            out[label] = round(value, 3)
    return out


def print_table(meta: dict[str, Any], results: list[Result], rel: dict[str, float]) -> None:
    print(f"texts : {meta['articles']} articles, {meta['words']:,} words — {meta['source']}")
    print(f"model : {meta['model']} ({meta['package']}), spaCy {meta['spacy']}, "
          f"Python {meta['python']}, {meta['cpus']} CPUs, best of {meta['repeat']}")
    print()
    print(f"{'run':<40}{'procs':>6}{'seconds':>9}{'articles/s':>12}{'words/s':>10}  "
          f"{'model load s (excluded)':<24}")
    for r in results:
        load = ", ".join(f"{x:.2f}" for x in r.load_seconds) or "-"
        print(f"{r.name:<40}{r.processes:>6}{r.seconds:>9.2f}{r.articles_per_s:>12.1f}"
              f"{r.words_per_s:>10,.0f}  {load:<24}")
        if r.failures:
            print(f"{'':<6}({r.failures} of {r.articles} documents came out as Failure records)")
        if r.parsed_words != r.words:
            print(f"{'':<6}(after cleaning the parser saw {r.parsed_words:,} words, "
                  f"{r.parsed_words / r.words:.0%} of the input; words/s counts input words)")
        if r.note:
            print(f"{'':<6}({r.note})")
    print()
    print("words/s = input words / wall seconds; model loading is timed apart, never counted.")
    for label, value in rel.items():
        verdict = "OK" if value >= GOAL_RATIO else "BELOW GOAL"
        print(f"pipeline / bare, {label:<38}: {value:.2f}x   "
              f"(goal >= {GOAL_RATIO}x: {verdict})")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--n", type=int, default=200, help="number of articles (default 200)")
    p.add_argument("--model", default="sm", help="model key or spaCy package (default sm)")
    p.add_argument("--repeat", type=int, default=1,
                   help="time each in-process run this many times and keep the best")
    p.add_argument("--single", action="store_true", help="skip the 2-process runs")
    p.add_argument("--json", action="store_true", help="print one JSON object, nothing else")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    import spacy

    from flashpoint.nlp import MODELS

    records, source = load_records(args.n)
    if len(records) < args.n:
        source += f" — only {len(records)} available"
    results = in_process(args.model, records, args.repeat)
    if not args.single:
        results.append(spacy_multiprocess(args.model, records, args.repeat))
        results += harness(args.model, records, args.repeat)
    meta = {"articles": len(records), "words": count_words(records), "source": source,
            "model": args.model, "package": MODELS.get(args.model, args.model),
            "spacy": spacy.__version__, "python": platform.python_version(),
            "cpus": os.cpu_count(), "repeat": args.repeat, "batch_size": BATCH_SIZE,
            "warmup_docs": WARMUP_DOCS, "goal_ratio": GOAL_RATIO}
    rel = ratios(results)
    if args.json:
        print(json.dumps({"meta": meta, "results": [r.to_dict() for r in results],
                          "ratios_words_per_s": rel}, indent=2))
    else:
        print_table(meta, results, rel)


if __name__ == "__main__":
    main()
