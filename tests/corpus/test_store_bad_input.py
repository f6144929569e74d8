"""A store that cannot be used says which file and what to do: corrupt, locked, disk full."""

from __future__ import annotations

import errno
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from flashpoint.corpus.store import Store
from flashpoint.errors import StoreError

from .test_store_schema import rich_doc


def test_store_corrupt_file_names_the_file_and_the_fix(tmp_path: Path) -> None:
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError) as err:
        Store(bad)
    assert "bad.duckdb" in str(err.value) and "damaged" in str(err.value)
    assert err.value.fix is not None and "move the file aside" in err.value.fix


def test_store_locked_by_another_process_names_it(tmp_path: Path) -> None:
    path = tmp_path / "busy.duckdb"
    Store(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time\n"
         f"con = duckdb.connect({str(path)!r})\nprint('ok', flush=True)\ntime.sleep(60)"],
        stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"ok"
        with pytest.raises(StoreError) as err:
            Store(path)
        assert f"PID {holder.pid}" in str(err.value) and "busy.duckdb" in str(err.value)
        assert err.value.fix is not None and "another --db" in err.value.fix
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)
    Store(path).close()  # the lock went with the process


class _FullDisk:
    """A DuckDB connection whose inserts fail as they would on a full disk."""

    def __init__(self, con: Any) -> None:
        self._con = con

    def execute(self, sql: str, *args: Any) -> Any:
        if sql.startswith("INSERT"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return self._con.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


def test_store_full_disk_is_a_clear_error_and_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "full.duckdb"
    with Store(path) as store:
        store.add(rich_doc("d1"))
        real = store._con
        store._con = _FullDisk(real)  # type: ignore[assignment]
        with pytest.raises(StoreError) as err:
            store.add(rich_doc("d1", n_events=3), content_hash="new")
        assert "disk is full" in str(err.value) and "full.duckdb" in str(err.value)
        assert err.value.fix is not None and "free disk space" in err.value.fix
        store._con = real
        s = store.summary()
    assert (s.documents, s.events) == (1, 1)  # the old version is still whole


def test_store_read_only_on_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="ingest"):
        Store.read_only(tmp_path / "none.duckdb")
    assert not (tmp_path / "none.duckdb").exists()
