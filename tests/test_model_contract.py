"""The document model mirrors the output contract, field for field."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import jsonschema
import pytest

from flashpoint.model import (
    ACTOR_TYPES,
    CHANNELS,
    EVENT_TYPES,
    MODALITIES,
    Actor,
    Document,
    Dropped,
    Event,
    Place,
    Span,
    Statement,
    TimeExpr,
)


def _schema() -> dict[str, Any]:
    text = resources.files("flashpoint").joinpath("data/document.schema.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def _full_document() -> Document:
    """A document with every record type filled, as later stages will produce."""
    text = "Russia's army shelled Kharkiv on May 2, killing three, Peskov said: \"We act.\""
    ev = Span(text[:52], 0, 52)
    return Document(
        id="d1", published="2024-05-20", text=text, source="x.txt", title="T",
        dropped=(Dropped("Donate now", "donation appeal"),),
        actors=(Actor("RUS.MIL", "Russian armed forces", "military", "RUS",
                      (Span("Russia's army", 0, 13),), affiliation="RUS", role=None, kb="Q1"),
                Actor("RUS.Peskov", "Dmitry Peskov", "person", "RUS", (Span("Peskov", 55, 61),),
                      affiliation="RUS", role="spokesman")),
        events=(Event("e1", "ASSAULT", ("RUS.MIL",), (), "asserted", "2024-05-02", "p1", ev,
                      mode="aerial", context=("military",), cameo="195", intensity=-10.0,
                      fatalities=3, confidence=0.9, coder="events.rules.v1"),),
        statements=(Statement("RUS.Peskov", "Peskov", Span("We act.", 69, 76), "statement",
                              "2024-05-20"),),
        times=(TimeExpr("May 2", 33, 38, "2024-05-02"),),
        places=(Place("p1", "Kharkiv", 22, 29, "Kharkiv", 49.98, 36.25, "UKR", "city", 706483),),
    )


def test_model_full_document_is_schema_valid() -> None:
    doc = _full_document()
    for span in (doc.actors[0].mentions[0], doc.statements[0].quote, doc.events[0].evidence):
        assert doc.text[span.start : span.end] == span.text
    jsonschema.Draft202012Validator(_schema()).validate(doc.to_dict())


def test_model_keys_match_schema_properties() -> None:
    schema = _schema()
    doc = _full_document().to_dict()
    assert set(doc) == set(schema["properties"])
    defs = schema["$defs"]
    for key, name in (("actors", "actor"), ("events", "event"), ("statements", "statement"),
                      ("times", "time"), ("places", "place")):
        assert set(doc[key][0]) == set(defs[name]["properties"]), key


@pytest.mark.parametrize(("ours", "path"), [
    (ACTOR_TYPES, ("actor", "type")), (EVENT_TYPES, ("event", "type")),
    (MODALITIES, ("event", "modality")), (CHANNELS, ("statement", "channel")),
])
def test_model_enums_match_schema(ours: tuple[str, ...], path: tuple[str, str]) -> None:
    assert list(ours) == _schema()["$defs"][path[0]]["properties"][path[1]]["enum"]


def test_model_packaged_schema_is_the_shared_contract(shared_dir) -> None:  # type: ignore[no-untyped-def]
    shared = json.loads((shared_dir / "schema" / "document.schema.json").read_text("utf-8"))
    assert shared == _schema(), "src/flashpoint/data/document.schema.json is out of date"


@pytest.mark.slow
def test_model_real_output_is_schema_valid(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = ("KYIV, May 20, 2024 — Ukrainian officials said on Monday that Russian forces had "
            "shelled the city of Kharkiv overnight.\n\nThe foreign ministry condemned the strike.")
    doc = pipeline.extract_text(text, doc_id="real-1")
    validator = jsonschema.Draft202012Validator(_schema())
    errors = list(validator.iter_errors(doc.to_dict()))
    assert not errors, errors[0].message
    assert doc.id == "real-1"
    assert doc.published == "2024-05-20"


@pytest.mark.slow
@pytest.mark.parametrize("dataset", ["gwn", "lgl", "trnews"])
def test_model_dev_articles_through_the_cli_contract(shared_dir, tmp_path, dataset) -> None:  # type: ignore[no-untyped-def]
    """`flashpoint extract FILE.jsonl --format jsonl --no-clean`: valid, complete, text intact."""
    from .conftest import run_cli

    lines = (shared_dir / "data" / "geo" / f"{dataset}.dev.jsonl").read_text("utf-8").splitlines()
    records = [json.loads(x) for x in lines[:8]]
    inp = tmp_path / "in.jsonl"
    inp.write_text("".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n"
                           for r in records), encoding="utf-8")
    p = run_cli("extract", str(inp), "--format", "jsonl", "--no-clean")
    assert p.returncode == 0, p.stderr.decode()
    docs = [json.loads(x) for x in p.stdout.decode().splitlines()]
    shared = json.loads((shared_dir / "schema" / "document.schema.json").read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(shared)
    assert [d["id"] for d in docs] == [r["id"] for r in records]
    for doc, rec in zip(docs, records, strict=True):
        assert not list(validator.iter_errors(doc)), doc["id"]
        assert doc["text"] == rec["text"]
        assert doc["dropped"] == []
