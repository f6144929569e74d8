"""The ingest runner: worker processes, one writer, skips, revisions, time limits, dead workers.

Real spawned workers and a real DuckDB file. Stages that hang or kill their process are put
into the *worker* through ``WorkerPool``'s initializer (a monkeypatch in the test process
would not reach a spawned worker): ``install_traps`` registers ``times.trap.v1``, the default
times stage with three traps keyed on words in the text.
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from flashpoint.batch import IngestOptions, estimate_total, run_ingest
from flashpoint.batch.plan import MAX_ATTEMPTS, chunked, should_retry
from flashpoint.batch.pool import WorkerPool
from flashpoint.batch.work import WorkItem
from flashpoint.config import DEFAULT_COMPONENTS, PipelineConfig
from flashpoint.corpus.rows import raw_hash
from flashpoint.corpus.store import Store
from flashpoint.ingest.read import read_paths
from flashpoint.model import Document, RawDocument

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
#: The trap stage in an otherwise minimal pipeline: these tests are about processes and time,
#: and a worker that loads no KB or coder starts in half the time.
TRAP_CONFIG = PipelineConfig(components={
    **{kind: f"{kind}.none.v1" for kind in DEFAULT_COMPONENTS if kind != "clean"},
    "clean": "clean.rules.v1", "times": "times.trap.v1"})
SENTENCE = ("The foreign minister of {c} met the ambassador of Kenya in Nairobi on Monday "
            "and the two governments agreed to resume trade talks next month. {trap}")


def install_traps() -> None:
    """Worker initializer: register ``times.trap.v1`` in the spawned process."""
    from flashpoint.registry import STAGES

    if "times.trap.v1" in STAGES["times"]:
        return
    base = STAGES["times"].get("times.rules.v1")

    def factory(config: PipelineConfig) -> Any:
        stage = base(config)

        def run(analysis: Any) -> Any:
            if "SLOWDOC" in analysis.text:  # slow Python code: the in-worker timer stops it
                while True:
                    time.sleep(0.01)
            if "KILLDOC" in analysis.text:  # the worker dies (as if out of memory)
                os.kill(os.getpid(), signal.SIGKILL)
            if "HANGDOC" in analysis.text:  # deaf to the timer: only the parent can stop it
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
                time.sleep(120)
            return stage(analysis)

        return run

    STAGES["times"].register("times.trap.v1")(factory)


def article(doc_id: str, country: str = "Uganda", trap: str = "") -> dict[str, str]:
    return {"id": doc_id, "published": "2024-03-04", "title": f"Talks {doc_id}",
            "text": SENTENCE.format(c=country, trap=trap)}


def write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def examples_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/ ingested once by the local path with one worker (shared with the Dask test)."""
    db = tmp_path_factory.mktemp("local") / "examples.duckdb"
    failures: list[str] = []
    report = run_ingest([str(EXAMPLES)], db, PipelineConfig(), IngestOptions(workers=1),
                        on_failure=lambda f: failures.append(f.reason))
    assert (report.stored, report.failed) == (8, 0), failures
    return db


def test_ingest_runner_matches_the_sequential_pipeline(examples_store: Path,
                                                       pipeline: Any) -> None:
    expected = [d for d in pipeline.run(read_paths([str(EXAMPLES)], PipelineConfig()))
                if isinstance(d, Document)]
    with Store.read_only(examples_store) as store:
        rows = store.connection.execute("SELECT id, doc FROM documents ORDER BY id").fetchall()
        n_events = store.summary().events
    assert [r[0] for r in rows] == sorted(d.id for d in expected)
    assert {r[0]: json.loads(r[1]) for r in rows} == {d.id: d.to_dict() for d in expected}
    assert n_events == sum(len(d.events) for d in expected)


def test_ingest_runner_rerun_skips_unchanged_without_workers(examples_store: Path) -> None:
    t0 = time.monotonic()
    report = run_ingest([str(EXAMPLES)], examples_store, PipelineConfig(),
                        IngestOptions(workers=1))
    assert (report.unchanged, report.stored, report.failed) == (8, 0, 0)
    assert report.peak_rss_kb == []  # no worker was started
    assert time.monotonic() - t0 < 10


def test_ingest_runner_reextract_replaces_unchanged_articles(examples_store: Path) -> None:
    report = run_ingest([str(EXAMPLES)], examples_store, PipelineConfig(),
                        IngestOptions(workers=1, reextract=True))
    assert (report.unchanged, report.stored, report.replaced, report.failed) == (0, 8, 8, 0)
    with Store(examples_store) as store:
        n = store.connection.execute("SELECT count(*), count(DISTINCT id) FROM documents")
        assert n.fetchone() == (8, 8)


def test_ingest_runner_time_limit_revision_and_retry(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    src = write_jsonl(tmp_path / "in.jsonl", [article("a"), article("b"),
                                              article("c", trap="SLOWDOC")])
    options = IngestOptions(workers=1, time_limit=1.0, initializer=install_traps)
    first = run_ingest([str(src)], db, TRAP_CONFIG, options)
    assert (first.stored, first.failed) == (2, 1)
    with Store(db) as store:
        failure = store.known().failures["c"]
        reason = store.connection.execute("SELECT reason FROM failures").fetchone()
    assert (failure.code, failure.stage, failure.attempts) == ("FP301", "times", 1)
    assert reason is not None and "time limit exceeded" in reason[0]

    write_jsonl(src, [article("a"), article("b", country="Tanzania"),
                      article("c", trap="SLOWDOC")])
    second = run_ingest([str(src)], db, TRAP_CONFIG, options)
    assert (second.unchanged, second.stored, second.replaced, second.failed) == (1, 1, 1, 1)
    with Store(db) as store:
        docs = dict(store.connection.execute("SELECT id, doc->>'text' FROM documents").fetchall())
        assert "Tanzania" in docs["b"] and len(docs) == 2
        assert store.known().failures["c"].attempts == 2  # a time-out is worth a retry
        store.connection.execute("UPDATE failures SET attempts = ?", [MAX_ATTEMPTS])
    third = run_ingest([str(src)], db, TRAP_CONFIG, options)
    assert (third.unchanged, third.not_retried, third.stored) == (2, 1, 0)


def test_ingest_runner_retry_rule() -> None:
    assert not should_retry("FP105", 1)  # not English: the same input fails the same way
    assert should_retry("FP301", 1) and should_retry("FP302", MAX_ATTEMPTS - 1)
    assert not should_retry("FP300", MAX_ATTEMPTS)


def test_ingest_pool_survives_a_killed_and_a_hung_worker() -> None:
    raws = [RawDocument(d["id"], d["text"], published=d["published"]) for d in
            (article("ok"), article("dies", trap="KILLDOC"), article("hangs", trap="HANGDOC"))]
    items = [WorkItem(r, raw_hash(r)) for r in raws]
    with WorkerPool(1, TRAP_CONFIG, time_limit=1.0, initializer=install_traps,
                    hard_grace=1.0) as pool:
        results = {r.doc_id: r for batch in pool.run([items]) for r in batch}
        restarts = pool.restarts
    assert sorted(results) == ["dies", "hangs", "ok"]  # every document has exactly one result
    assert results["ok"].ok
    died = results["dies"].rows["failures"][0]
    hung = results["hangs"].rows["failures"][0]
    assert (died[2], died[3]) == ("worker", "FP302") and "died" in died[4]
    assert hung[3] == "FP301" and "time limit exceeded" in hung[4]
    assert restarts == 3


def test_ingest_runner_counts_inputs_for_the_eta(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [article("a"), article("b")])
    assert estimate_total([str(src), str(EXAMPLES / "fuel_protests.txt")]) == 3
    assert estimate_total([str(EXAMPLES)]) == 8
    assert estimate_total(["-"]) is None
    items = [WorkItem(RawDocument(str(i), "x"), "h") for i in range(5)]
    assert [len(c) for c in chunked(items, 2)] == [2, 2, 1]


@pytest.mark.parametrize("in_thread", [False, True])
def test_ingest_work_time_limit_stops_python_code(in_thread: bool) -> None:
    """The timer works on the main thread (a local worker: SIGALRM) and on another thread
    (a Dask task: an asynchronous exception from a watchdog)."""
    import threading

    from flashpoint.batch.work import _time_limit, _TimeUp

    outcome: list[str] = []

    def slow() -> None:
        t0 = time.monotonic()
        try:
            with _time_limit(0.2):
                while time.monotonic() - t0 < 5:
                    time.sleep(0.01)
            outcome.append("finished")
        except _TimeUp:
            outcome.append(f"stopped after {time.monotonic() - t0:.1f}")
        with _time_limit(0.2):  # a block that ends in time is not disturbed later
            pass
        time.sleep(0.3)
        outcome.append("after")

    if in_thread:
        thread = threading.Thread(target=slow)
        thread.start()
        thread.join()
    else:
        slow()
    assert outcome[0].startswith("stopped after 0.") and outcome[1:] == ["after"]


def test_ingest_cli_corrupt_store_names_the_file_and_the_fix(tmp_path: Path) -> None:
    from ..conftest import run_cli

    bad = tmp_path / "broken.duckdb"
    bad.write_bytes(b"not a database" * 200)
    p = run_cli("ingest", str(EXAMPLES / "fuel_protests.txt"), "--db", str(bad))
    err = p.stderr.decode()
    assert p.returncode == 1
    assert "broken.duckdb" in err and "Fix:" in err and "Traceback" not in err
