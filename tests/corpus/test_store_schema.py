"""Schema v2 as docs/store-schema.md agrees it: every column, derived values, hashes."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from flashpoint.corpus.rows import document_from_dict, hash_input, raw_hash
from flashpoint.corpus.schema import SCHEMA_VERSION, TABLES
from flashpoint.corpus.store import Store
from flashpoint.errors import StoreError
from flashpoint.model import Actor, Document, Event, Place, RawDocument, Span, Statement, TimeExpr

ROOT = Path(__file__).resolve().parents[2]
TEXT = 'On May 2 Iran threatened Israel in Tehran. "We will respond," Khamenei said.'


def rich_doc(doc_id: str = "d1", date: str | None = "2024-05-02", n_events: int = 1) -> Document:
    """A document with one of every record, offsets indexing ``TEXT``."""
    iran, israel = Span("Iran", 9, 13), Span("Israel", 25, 31)
    place = Place("p1", "Tehran", 35, 41, "Tehran", 35.69, 51.42, "IRN", "PPLC", 112931)
    quote = Span("We will respond,", 44, 60)
    events = tuple(Event(f"e{i}", "THREATEN", ("IRN",), ("ISR",), "asserted", date, "p1",
                         Span(TEXT[:42], 0, 42), context=("military",), intensity=-4.0)
                   for i in range(n_events))
    return Document(
        id=doc_id, published="2024-05-03", text=TEXT, title="Threat",
        actors=(Actor("IRN", "Iran", "state", "IRN", (iran,), kb="kb.v1"),
                Actor("ISR", "Israel", "state", "ISR", (israel,))),
        events=events,
        statements=(Statement("IRN", "Khamenei", quote, "statement", "2024-05-03"),),
        times=(TimeExpr("May 2", 3, 8, "2024-05-02"),), places=(place,),
    )


def _documented_columns() -> dict[str, list[str]]:
    """The columns per table from the schema table in docs/store-schema.md."""
    out: dict[str, list[str]] = {}
    for line in (ROOT / "docs" / "store-schema.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| `(\w+)`[^|]*\| (.*) \|$", line)
        if m:
            out[m[1]] = re.findall(r"(?:^|, )`(\w+)`", m[2])  # names open an item
    return out


def test_store_schema_has_every_documented_column_in_order(tmp_path: Path) -> None:
    documented = _documented_columns()
    with Store(tmp_path / "s.duckdb") as store:
        for table in TABLES:
            cols = [r[0] for r in store.connection.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                "ORDER BY ordinal_position", [table]).fetchall()]
            want = documented[table]
            assert len(want) >= 5, f"docs/store-schema.md lists no columns for {table}"
            assert cols[:len(want)] == want, table  # extra columns only ever at the end
        version = store.connection.execute(
            "SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    assert version == (str(SCHEMA_VERSION),) == ("3",)


def test_store_add_fills_derived_columns(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        store.add(rich_doc(), url="https://example.org/a", pipeline="nlp=sm")
        con = store.connection
        ev = con.execute("SELECT day, place, place_name, lat, lon, place_country, context, "
                         "evidence_start, evidence_end FROM events").fetchone()
        mentions = con.execute("SELECT actor_id, text, start_char, end_char FROM mentions "
                               "ORDER BY 1").fetchall()
        st = con.execute("SELECT quote, quote_start, quote_end FROM statements").fetchone()
        pl = con.execute("SELECT start_char, end_char, geonames_id FROM places").fetchone()
        doc = con.execute("SELECT url, pipeline, content_hash, kb FROM documents, actors "
                          "WHERE actor_id = 'IRN'").fetchone()
    assert ev == (dt.date(2024, 5, 2), "p1", "Tehran", 35.69, 51.42, "IRN", ["military"], 0, 42)
    assert mentions == [("IRN", "Iran", 9, 13), ("ISR", "Israel", 25, 31)]
    assert st == ("We will respond,", 44, 60)
    assert pl == (35, 41, 112931)
    assert doc[:2] == ("https://example.org/a", "nlp=sm") and len(doc[2]) == 64
    assert doc[3] == "kb.v1"


@pytest.mark.parametrize(("date", "day"), [("2024-05-02", dt.date(2024, 5, 2)),
                                           ("2024-05", None), ("2024", None), (None, None),
                                           ("2024-02-30", None)])
def test_store_day_only_when_precise_to_the_day(tmp_path: Path, date: str | None,
                                                day: dt.date | None) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        store.add(rich_doc(date=date))
        assert store.connection.execute("SELECT day FROM events").fetchone() == (day,)


def test_store_contract_json_round_trips() -> None:
    doc = rich_doc()
    assert document_from_dict(doc.to_dict()) == doc


def test_store_content_hash_ignores_line_ends_and_normal_form() -> None:
    a = hash_input("Caf\u00e9 talks\r\nresumed.\n", "2024-05-02", "Talks")
    b = hash_input("Cafe\u0301 talks\nresumed.", "2024-05-02", "Talks")
    assert a == b
    assert hash_input("Cafe talks resumed.", "2024-05-02", "Talks") != a
    assert hash_input("Café talks\nresumed.", "2024-05-03", "Talks") != a
    assert hash_input("Café talks\nresumed.", "2024-05-02", None) != a
    assert raw_hash(RawDocument("x", "Café talks\nresumed.", published="2024-05-02",
                                title="Talks")) == a


def test_store_revision_replaces_every_child_row(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        store.add(rich_doc(n_events=3), content_hash="h1")
        store.add(rich_doc("d2"), content_hash="h2")
        store.add(rich_doc(n_events=1), content_hash="h1b")
        con = store.connection
        counts = {t: con.execute(f"SELECT count(*) FROM {t} WHERE doc_id = 'd1'").fetchone()
                  for t in ("actors", "mentions", "events", "statements", "times", "places")}
        known = store.known()
    assert counts == {"actors": (2,), "mentions": (2,), "events": (1,), "statements": (1,),
                      "times": (1,), "places": (1,)}
    assert known.hashes == {"d1": "h1b", "d2": "h2"}


def test_store_read_only_reads_and_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        store.add(rich_doc())
    with Store.read_only(path) as ro:
        assert ro.summary().documents == 1
        assert ro.connection.execute("SELECT count(*) FROM mentions").fetchone() == (2,)
        with pytest.raises(StoreError, match="read-only"):
            ro.add(rich_doc("d2"))
