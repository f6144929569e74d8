"""Shared fixtures: the repo's own tests stand alone; those that read ../shared skip clearly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _shared_dir() -> Path | None:
    env = os.environ.get("FLASHPOINT_SHARED")
    for cand in (Path(env) if env else None, ROOT.parent / "shared"):
        if cand is not None and (cand / "data").is_dir():
            return cand
    return None


SHARED = _shared_dir()
SHARED_MISSING = ("../shared (the evaluation data) is not beside this clone; "
                  "set FLASHPOINT_SHARED=DIR to run these tests")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared evaluation folder, or skip the test with a clear message."""
    if SHARED is None:
        pytest.skip(SHARED_MISSING)
    return SHARED


@pytest.fixture(scope="session")
def pipeline():  # type: ignore[no-untyped-def]
    """One default pipeline (spaCy loaded once) for the whole session."""
    from flashpoint import Pipeline, PipelineConfig

    return Pipeline(PipelineConfig())


@pytest.fixture(scope="session")
def pipeline_noclean():  # type: ignore[no-untyped-def]
    from flashpoint import Pipeline, PipelineConfig

    return Pipeline(PipelineConfig(clean=False))


def run_cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess[bytes]:
    """Run the real CLI in a subprocess (``python -m flashpoint``)."""
    return subprocess.run([sys.executable, "-m", "flashpoint", *args], input=stdin,
                          capture_output=True, cwd=cwd or ROOT, timeout=timeout, check=False)
