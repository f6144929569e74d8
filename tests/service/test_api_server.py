"""``flashpoint serve`` for real: a subprocess on a free loopback port, queried with httpx."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from ..api_support import examples_store
from ..conftest import ROOT, run_cli

pytestmark = pytest.mark.slow

#: Seconds to wait for the server to answer: Python imports and opening the store take ~2 s.
STARTUP_S = 60


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(pipeline: Any) -> Iterator[str]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "flashpoint", "serve", "--db", str(examples_store(pipeline)),
         "--port", str(port), "--time-limit", "20", "--max-body", "100000"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"flashpoint serve exited: {proc.stderr.read().decode()}")  # type: ignore[union-attr]
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "flashpoint serve did not answer in time"
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_api_server_answers_over_http(server: str) -> None:
    with httpx.Client(base_url=server, timeout=60) as client:
        health = client.get("/health").json()
        assert health["status"] == "ok" and health["documents"] > 0
        events = client.get("/events", params={"type": "ASSAULT", "limit": 5}).json()
        assert events["total"] > 0 and len(events["items"]) <= 5
        assert client.get("/openapi.json").json()["info"]["title"] == "flashpoint"
        assert client.get("/docs").status_code == 200
        doc = client.post("/extract", json={"text": "Rebels attacked an army base in Goma on "
                                                    "Sunday, the army said."})
        assert doc.status_code == 200 and doc.json()["schema"] == "flashpoint.document/1"
        assert client.post("/ingest", json={"documents": [{"text": "x"}]}).status_code == 403
        too_big = client.post("/extract", json={"text": "x" * 200_000})
        assert too_big.status_code == 413 and too_big.json()["error"]["code"] == "FP604"


def test_api_server_listens_on_loopback_only(server: str) -> None:
    assert server.startswith("http://127.0.0.1:")
    port = int(server.rsplit(":", 1)[1])
    other = _non_loopback_address()
    if other is None:
        pytest.skip("this machine has no non-loopback address to try")
    with pytest.raises(httpx.TransportError):
        httpx.get(f"http://{other}:{port}/health", timeout=2)


def _non_loopback_address() -> str | None:
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: nothing is sent, it only picks a route
            address = str(s.getsockname()[0])
    except OSError:
        return None
    return None if address.startswith("127.") else address


def test_api_server_refuses_a_missing_store(tmp_path: Path) -> None:
    result = run_cli("serve", "--db", str(tmp_path / "none.duckdb"), timeout=60)
    assert result.returncode == 2
    err = result.stderr.decode()
    assert "no store at" in err and "flashpoint ingest" in err and "Traceback" not in err


def test_api_server_refuses_a_damaged_store(tmp_path: Path) -> None:
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"this is not a database" * 100)
    result = run_cli("serve", "--db", str(bad), timeout=60)
    assert result.returncode == 1
    err = result.stderr.decode()
    assert "not a DuckDB database" in err and "Fix:" in err and "Traceback" not in err
