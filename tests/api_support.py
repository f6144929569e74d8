"""The store the HTTP API tests run against: the sample articles, through the real pipeline.

Built once per test process (``examples_store``) whichever API test module asks first, since
extraction is the slow part; each test module opens its own app over the file. Tests that
write get a copy (``writable_copy``): DuckDB refuses a read-write and a read-only connection
to the same file in one process.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import warnings
from functools import cache
from pathlib import Path
from typing import Any

from .conftest import ROOT

with warnings.catch_warnings():
    # Starlette 1.x suggests httpx2 for its test client; the pinned httpx works the same.
    warnings.filterwarnings("ignore", message=".*httpx2.*")
    from fastapi.testclient import TestClient

__all__ = ["TestClient", "error_of", "examples_store", "writable_copy"]

EXAMPLES = ROOT / "examples"


@cache
def _workdir() -> Path:
    path = Path(tempfile.mkdtemp(prefix="fp-api-tests-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


@cache
def examples_store(pipeline: Any) -> Path:
    """A schema-v2 store of examples/ (documents, failures, canonical events)."""
    from flashpoint.corpus import dedup
    from flashpoint.corpus.store import Store
    from flashpoint.ingest.read import read_paths
    from flashpoint.model import Failure

    path = _workdir() / "examples.duckdb"
    with Store(path) as store:
        for result in pipeline.run(read_paths([str(EXAMPLES)], pipeline.config)):
            if isinstance(result, Failure):
                store.add_failure(result)
            else:
                store.add(result)
        dedup.refresh(store)
    return path


def writable_copy(source: Path, name: str) -> Path:
    """A fresh copy of ``source`` that a test may open read-write."""
    target = _workdir() / name
    shutil.copyfile(source, target)
    return target


def error_of(response: Any, status: int) -> dict[str, Any]:
    """The ``error`` object of an error answer, after checking its status and shape."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == {"code", "message", "field"}, error
    assert isinstance(error["code"], str) and isinstance(error["message"], str)
    return dict(error)
