"""Exports: every format is read back by a standard reader and holds what the store holds."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from flashpoint.corpus import exports
from flashpoint.errors import ConfigError
from flashpoint.model import Document

from ..corpus_support import build_store, war_corpus


@pytest.fixture(scope="module")
def corpus() -> list[Document]:
    return war_corpus()


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory,
        corpus: list[Document]) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(build_store(tmp_path_factory.mktemp("x") / "s.duckdb", corpus)))


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])


def test_exports_parquet_one_file_per_table(con: duckdb.DuckDBPyConnection,
                                            tmp_path: Path) -> None:
    result = exports.export(con, "parquet", tmp_path / "pq")
    names = {p.stem for p in result.paths}
    assert {"documents", "events", "actors", "places", "canonical_events",
            "event_links"} <= names
    events = pq.read_table(tmp_path / "pq" / "events.parquet")
    assert events.num_rows == _count(con, "events") == 14
    assert events.schema.field("source").type.value_type == "string"  # lists stay lists
    canonical = pq.read_table(tmp_path / "pq" / "canonical_events.parquet")
    assert canonical.num_rows == _count(con, "canonical_events")


def test_exports_csv_one_file_per_table(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    exports.export(con, "csv", tmp_path / "csv")
    events = pd.read_csv(tmp_path / "csv" / "events.csv")
    assert len(events) == 14 and "evidence" in events.columns
    links = pd.read_csv(tmp_path / "csv" / "event_links.csv")
    assert len(links) == _count(con, "event_links")


def test_exports_jsonl_gives_back_the_contract_documents(
        con: duckdb.DuckDBPyConnection, corpus: list[Document], tmp_path: Path) -> None:
    result = exports.export(con, "jsonl", tmp_path / "docs.jsonl")
    lines = (tmp_path / "docs.jsonl").read_text(encoding="utf-8").splitlines()
    assert result.rows == len(lines) == len(corpus)
    by_id = {d["id"]: d for d in map(json.loads, lines)}
    assert by_id == {d.id: d.to_dict() for d in corpus}


def test_exports_plover_event_objects(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    result = exports.export(con, "plover", tmp_path / "events.jsonl")
    records = [json.loads(x) for x in (tmp_path / "events.jsonl").read_text().splitlines()]
    assert result.rows == len(records) == 14
    first = next(r for r in records if r["id"] == "d02-e1")
    for field in ("id", "date", "actor", "recipient", "event", "mode", "context", "event_loc",
                  "event_text", "quad_code", "event_scale", "link", "cite_info", "coder"):
        assert field in first
    assert first["event"] == ["ASSAULT"] and first["quad_code"] == 4
    assert first["actor"][0]["code"] == "RUS" and first["actor"][0]["sector"] == "MIL"
    assert first["recipient"][0]["code"] == "UKR"
    assert first["event_loc"]["resolved_place"] == "Kharkov"
    assert first["event_text"] == ["Russian jets struck Kharkiv on Thursday."]
    same = {r["link"] for r in records if r["id"] in ("d01-e1", "d02-e1", "d03-e1")}
    assert len(same) == 1 and same != {None}  # one real-world event
    mediation = next(r for r in records if r["id"] == "d06-e1")
    assert [a["id"] for a in mediation["actor"]] == ["TUR", "P.recep-erdogan"]


def test_exports_cameo_tsv_reads_back_like_gdelt(con: duckdb.DuckDBPyConnection,
                                                 tmp_path: Path) -> None:
    path = tmp_path / "events.tsv"
    result = exports.export(con, "cameo", path)
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    assert list(rows[0]) == list(exports.CAMEO_COLUMNS)
    assert result.rows == len(rows) == 10  # canonical events of record only
    frame = pd.read_csv(path, sep="\t", dtype={"SQLDATE": str, "EventCode": str,
                                               "EventRootCode": str, "EventBaseCode": str})
    strike = frame[frame["NumArticles"] == 3].iloc[0]
    assert strike["SQLDATE"] == "20240502" and strike["MonthYear"] == 202405
    assert (strike["Actor1Code"], strike["Actor2Code"]) == ("RUSMIL", "UKR")
    assert strike["EventCode"] in ("190", "195") and strike["EventRootCode"] == "19"
    assert strike["QuadClass"] == 4 and strike["GoldsteinScale"] < 0
    assert (strike["NumSources"], strike["NumMentions"]) == (3, 3)
    assert strike["ActionGeo_CountryCode"] == "UKR" and strike["ActionGeo_Lat"] > 49
    aid = frame[frame["PloverType"] == "AID"].iloc[0]
    assert aid["QuadClass"] == 2 and aid["GoldsteinScale"] > 0 and aid["EventRootCode"] == "07"
    generic = frame[frame["Actor1Code"] == "UAF"]
    assert len(generic) == 1 and generic.iloc[0]["Actor2Code"] == "CVL"


@pytest.mark.parametrize(("actor", "kind", "country", "affiliation", "code"), [
    ("RUS", "state", "RUS", None, "RUS"),
    ("RUS.GOV", "government", "RUS", None, "RUSGOV"),      # the KB's own code
    ("RUS.POL", "police", "RUS", None, "RUSCOP"),          # body POL is CAMEO sector COP
    ("XYZ.MIL", "military", "XYZ", None, "XYZMIL"),        # not in the KB: from the id
    ("GEN.MIL", "military", None, None, "MIL"),            # generic without a country
    ("IGO.UN", "igo", None, None, "IGOUNO"),
    ("IGO.NOWHERE", "igo", None, None, "IGO"),
    ("P.nobody-known", "person", "FRA", "FRA.GOV", "FRAGOV"),
    ("P.nobody-else", "person", "FRA", None, "FRA"),
    ("", None, None, None, ""),
])
def test_exports_cameo_actor_codes(actor: str, kind: str | None, country: str | None,
                                   affiliation: str | None, code: str) -> None:
    assert exports.ActorCodes().cameo(actor, kind, country, affiliation) == code


def test_exports_unknown_format(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown export format"):
        exports.export(con, "xml", tmp_path / "x")
