"""The HTTP API under abuse (issue 15): an oversized article is stopped, not left running, and
ordinary requests are answered meanwhile; an unknown parameter is a 400 naming it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from flashpoint.config import PipelineConfig
from flashpoint.service import create_app

from ..api_support import TestClient, error_of, examples_store

pytestmark = pytest.mark.slow

SHORT = "Rebels attacked an army base in Goma on Sunday, killing three soldiers, the army said."
LONG = " ".join([SHORT] * 3000)  # ~45,000 words: minutes of work


@pytest.fixture(scope="module")
def client(pipeline: Any) -> Iterator[TestClient]:
    db: Path = examples_store(pipeline)
    config = PipelineConfig(max_chars=1_000_000)
    app = create_app(db, time_limit_s=3.0, pipeline_config=config)
    with TestClient(app) as c:
        c.post("/extract", json={"text": SHORT})  # start the extraction workers
        yield c


def test_api_an_unknown_parameter_is_a_400_naming_it(client: TestClient) -> None:
    error = error_of(client.get("/events", params={"foo": "bar"}), 400)
    assert error["field"] == "foo"
    assert "type" in error["message"]  # the fix lists the parameters it does take


def test_api_an_oversized_article_is_stopped_while_others_are_answered(
        client: TestClient) -> None:
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    kills = runtime.extractor().kills
    with ThreadPoolExecutor(1) as pool:
        started = time.monotonic()
        big = pool.submit(client.post, "/extract", json={"text": LONG})
        time.sleep(0.5)
        quick = []
        for _ in range(3):
            t0 = time.monotonic()
            ok = client.post("/extract", json={"text": SHORT})
            quick.append(time.monotonic() - t0)
            assert ok.status_code == 200, ok.text
        answer = big.result(timeout=60)
        elapsed = time.monotonic() - started
    error = error_of(answer, 504)
    assert "stopped" in error["message"]
    assert elapsed < 3.0 + 2.0 + 1.0  # within its limit + 2 s (+ test overhead)
    assert runtime.extractor().kills == kills + 1  # its worker was killed: the work stopped
    assert max(quick) < 5.0
