"""``kill -9`` a running ``flashpoint ingest``, restart it: no document lost, none twice.

A real CLI subprocess with a real worker process and DuckDB file. ``--log-seconds 0`` makes it
print a progress line after every commit, so the test kills it right after a known number of
documents are committed, with the next chunk in flight.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb

from flashpoint.config import PipelineConfig
from flashpoint.corpus.rows import document_rows
from flashpoint.corpus.schema import CHILD_TABLES
from flashpoint.ingest.read import read_paths
from flashpoint.model import Document

from .test_ingest_runner import article

ROOT = Path(__file__).resolve().parents[2]
N_DOCS = 24
COUNTRIES = ("Uganda", "Tanzania", "Rwanda", "Burundi", "Ethiopia", "Somalia")
PROGRESS = re.compile(r"ingest: (\d+)/(\d+) done \(stored (\d+)")


def _ingest(src: Path, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "flashpoint", "ingest", str(src), "--db", str(db),
         "--workers", "1", "--log-seconds", "0"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _table_counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[index]
                  for t in ("documents", *CHILD_TABLES, "failures")}
        distinct = con.execute("SELECT count(DISTINCT id) FROM documents").fetchone()
        dup_events = con.execute("SELECT count(*) FROM (SELECT doc_id, event_id FROM events "
                                 "GROUP BY ALL HAVING count(*) > 1)").fetchone()
    finally:
        con.close()
    assert distinct == (counts["documents"],) and dup_events == (0,)
    return counts


def test_ingest_runner_resumes_after_sigkill(tmp_path: Path, pipeline: Any) -> None:
    src = tmp_path / "wire.jsonl"
    records = [article(f"w{i:02d}", COUNTRIES[i % len(COUNTRIES)]) for i in range(N_DOCS)]
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = tmp_path / "fp.duckdb"

    run = _ingest(src, db)
    assert run.stderr is not None
    committed = 0
    for line in run.stderr:
        m = PROGRESS.search(line)
        if m and int(m[3]) > 0:
            committed = int(m[3])
            run.send_signal(signal.SIGKILL)  # mid-run: the next chunk is being extracted
            break
    run.wait(timeout=60)
    assert run.returncode == -signal.SIGKILL, "the run ended before it could be killed"
    killed = _table_counts(db)
    assert committed <= killed["documents"] < N_DOCS

    out, err = _ingest(src, db).communicate(timeout=300)
    assert f"stored {N_DOCS - killed['documents']} documents, 0 failed" in out, err
    assert f"({killed['documents']} unchanged" in out

    expected = [d for d in pipeline.run(read_paths([str(src)], PipelineConfig()))
                if isinstance(d, Document)]
    want = {t: sum(len(document_rows(d)[t]) for d in expected) for t in ("documents",
                                                                           *CHILD_TABLES)}
    assert _table_counts(db) == {**want, "failures": 0}
