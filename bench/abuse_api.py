"""Abuse test of ``POST /extract`` on loopback: one oversized article must not take the
extractor hostage (issue 15).

What it does, bounded in requests and time:

1. ingests the sample articles (``examples/``) into a temporary store and starts the real
   server (``flashpoint serve --time-limit T --max-chars 2000000``, a subprocess);
2. posts one oversized article (``--big-mb``, default 1.5 MB of news prose: minutes of work
   for the pipeline) from a background thread;
3. meanwhile posts ordinary articles (``--requests``, one client) and records each latency;
4. samples the resident memory of the server and its worker processes every 0.1 s.

Goals: the oversized request is stopped within its time limit + 2 s, answered 504 (time
limit) or 413 (the worker's memory limit), its worker killed so its work stops; ordinary
requests answer with p99 < 1 s meanwhile; the server's
process tree stays under ``--rss-bound-mb`` (default 3,000 MB: the server, two extraction
workers of 450-550 MB and the oversized one until it is stopped).

Usage: ``python bench/abuse_api.py [--time-limit 10] [--big-mb 1.5] [--requests 40]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from load_api import free_port, percentile, wait_ready

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ("Rebels attacked an army base near Goma on Sunday, killing three soldiers, the army "
           "said. The government condemned the attack and vowed to respond. ")


def _cli() -> list[str]:
    exe = Path(sys.executable).with_name("flashpoint")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "flashpoint"]


#: How the service stops an oversized extraction: past its time limit (504) or past the
#: worker's memory limit (413, "document too large"); either way the worker is killed.
STOPPED_BY = {504: "time limit", 413: "memory limit"}


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its children, in MB (Linux /proc)."""
    total = 0.0
    todo = [pid]
    page = os.sysconf("SC_PAGE_SIZE")
    while todo:
        p = todo.pop()
        try:
            total += int(Path(f"/proc/{p}/statm").read_text().split()[1]) * page / 1e6
            # Children are listed per thread: the extraction workers are started from the
            # server's worker threads, not its main thread.
            children = [c for task in Path(f"/proc/{p}/task").iterdir()
                        for c in (task / "children").read_text().split()]
        except (OSError, ValueError, IndexError):
            continue
        todo += [int(c) for c in children]
    return total


def abuse(base: str, pid: int, args: argparse.Namespace) -> dict[str, object]:
    """The oversized request beside ordinary ones, with the server's memory sampled."""
    httpx.post(f"{base}/extract", json={"text": ARTICLE}, timeout=120)  # workers up
    peak = [0.0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], tree_rss_mb(pid))
            time.sleep(0.1)

    big_text = ARTICLE * int(args.big_mb * 1e6 / len(ARTICLE))
    big: dict[str, float] = {}

    def oversized() -> None:
        t0 = time.monotonic()
        r = httpx.post(f"{base}/extract", json={"text": big_text}, timeout=600)
        big.update(status=r.status_code, seconds=time.monotonic() - t0)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    worker = threading.Thread(target=oversized)
    worker.start()
    time.sleep(0.5)
    latencies, errors = [], 0
    with httpx.Client(timeout=60) as client:
        for i in range(args.requests):
            t0 = time.monotonic()
            r = client.post(f"{base}/extract", json={"text": f"{ARTICLE} ({i})"})
            latencies.append(time.monotonic() - t0)
            errors += r.status_code != 200
    worker.join()
    stop.set()
    sampler.join()
    p99 = percentile(latencies, 99)
    return {
        "oversized_status": big.get("status"), "oversized_seconds": round(big["seconds"], 2),
        "time_limit": args.time_limit, "ordinary_requests": len(latencies),
        "ordinary_errors": errors, "ordinary_p50_s": round(percentile(latencies, 50), 3),
        "ordinary_p99_s": round(p99, 3), "peak_rss_mb": round(peak[0]),
        "rss_bound_mb": args.rss_bound_mb,
        "oversized_stopped_by": STOPPED_BY.get(int(big.get("status", 0)), "not stopped"),
        "goal_met": (big.get("status") in STOPPED_BY and big["seconds"] <= args.time_limit + 2
                     and errors == 0 and p99 < 1.0 and peak[0] < args.rss_bound_mb),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--time-limit", type=float, default=10.0)
    ap.add_argument("--big-mb", type=float, default=1.5)
    ap.add_argument("--requests", type=int, default=40)
    ap.add_argument("--rss-bound-mb", type=float, default=3000.0)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="fp-abuse-"))
    db = folder / "s.duckdb"
    try:
        subprocess.run([*_cli(), "ingest", str(ROOT / "examples"), "--db", str(db),
                        "--workers", "1"], check=True, capture_output=True)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = subprocess.Popen([*_cli(), "serve", "--db", str(db), "--port", str(port),
                                 "--time-limit", str(args.time_limit), "--max-chars",
                                 "2000000", "--max-body", str(50 * 10**6)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            wait_ready(base, proc)
            result = abuse(base, proc.pid, args)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(result, indent=2) if args.json else
          "\n".join(f"{k:<20} {v}" for k, v in result.items()))
    return 0 if result["goal_met"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
