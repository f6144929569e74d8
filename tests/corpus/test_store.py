"""The embedded store: real DuckDB, idempotent writes, failures kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from flashpoint.corpus.store import Store
from flashpoint.errors import StoreError
from flashpoint.model import Actor, Document, Event, Failure, Span


def _doc(doc_id: str = "d1", n_events: int = 1) -> Document:
    text = "Iran threatened Israel."
    ev = Span(text, 0, len(text))
    return Document(
        id=doc_id, published="2024-04-01", text=text,
        actors=(Actor("IRN", "Iran", "state", "IRN", (Span("Iran", 0, 4),)),
                Actor("ISR", "Israel", "state", "ISR", (Span("Israel", 16, 22),))),
        events=tuple(Event(f"e{i}", "THREATEN", ("IRN",), ("ISR",), "asserted", "2024-04-01",
                           None, ev) for i in range(n_events)),
    )


def test_store_add_is_idempotent(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        store.add(_doc())
        store.add(_doc())
        s = store.summary()
    assert (s.documents, s.events, s.distinct_actors) == (1, 1, 2)
    assert s.events_by_type == {"THREATEN": 1}


def test_store_new_version_replaces_old_rows(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        store.add(_doc(n_events=3))
    with Store(path) as store:
        store.add(_doc(n_events=1))
        assert store.summary().events == 1


def test_store_records_failures(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        store.add_failure(Failure("bad", "x.txt", "ingest", "empty", "FP101"))
        assert store.summary().failures == 1


def test_store_corrupt_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match=r"bad\.duckdb"):
        Store(bad)
