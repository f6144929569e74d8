"""Gazetteer load: time and memory to load the packaged index, in a fresh process.

The geo issue's targets: the gazetteer loads in under 2 s and under 300 MB of resident memory
(RSS), so that a worker process pays little for it. Each run starts a new Python process
(imports included, as a worker would pay them), loads
``flashpoint.places.gazetteer.load_gazetteer``,
resolves a few names, and reports seconds and peak RSS (``resource.getrusage``). RSS is the
whole process: Python, numpy and the index (the spaCy model is not loaded).

Usage: ``python bench/gazetteer.py [--repeat 3] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from dataclasses import dataclass

#: The geo issue's targets.
GOAL_SECONDS = 2.0
GOAL_RSS_MB = 300.0

_CHILD = r"""
import json, resource, time
t0 = time.perf_counter()
from flashpoint.places.gazetteer import load_gazetteer, place_key
gaz = load_gazetteer()
loaded = time.perf_counter() - t0
names = ["Paris", "Springfield", "Al-Tanf", "Kanawha County", "Texas", "Kyiv"]
t1 = time.perf_counter()
found = {n: len(gaz.lookup(place_key(n))) for n in names}
lookup_ms = (time.perf_counter() - t1) * 1000 / len(names)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": loaded, "rss_mb": rss, "entries": len(gaz), "keys": gaz.key_count,
                  "lookup_ms": lookup_ms, "found": found}))
"""


@dataclass(frozen=True)
class Run:
    """One fresh process's measurements."""

    seconds: float
    rss_mb: float
    entries: int
    keys: int
    lookup_ms: float


def run_once() -> Run:
    out = subprocess.run([sys.executable, "-c", _CHILD], capture_output=True, text=True,
                         check=True)
    r = json.loads(out.stdout)
    return Run(float(r["seconds"]), float(r["rss_mb"]), int(r["entries"]), int(r["keys"]),
               float(r["lookup_ms"]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    runs = [run_once() for _ in range(max(1, args.repeat))]
    best = min(runs, key=lambda r: r.seconds)
    peak = max(r.rss_mb for r in runs)
    if args.json:
        print(json.dumps({"seconds_best": round(best.seconds, 3), "rss_mb_peak": round(peak, 1),
                          "entries": best.entries, "keys": best.keys,
                          "lookup_ms": round(best.lookup_ms, 3), "goal_seconds": GOAL_SECONDS,
                          "goal_rss_mb": GOAL_RSS_MB}))
        return
    ok_t = "ok" if best.seconds < GOAL_SECONDS else "OVER"
    ok_m = "ok" if peak < GOAL_RSS_MB else "OVER"
    print(f"gazetteer: {best.entries:,} entries, {best.keys:,} keys ({len(runs)} runs)")
    print(f"load   {best.seconds:.2f} s   (goal < {GOAL_SECONDS} s)  {ok_t}")
    print(f"RSS    {peak:.0f} MB  (goal < {GOAL_RSS_MB:.0f} MB)  {ok_m}  "
          "(whole process: Python, numpy, index)")
    print(f"lookup {best.lookup_ms:.3f} ms per name")


if __name__ == "__main__":
    main()
