"""Error answers: one JSON shape, 400 naming the field, 403, 404, 405, 413, 504; paging caps;
hostile filter values get ordinary answers, never a 500."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from flashpoint.config import PipelineConfig
from flashpoint.service.app import create_app

from ..api_support import TestClient, error_of, examples_store

pytestmark = pytest.mark.slow

#: A small body limit, so that a 413 needs no megabytes.
BODY_LIMIT = 2_000


@pytest.fixture(scope="module")
def store(pipeline: Any) -> Path:
    return examples_store(pipeline)


@pytest.fixture(scope="module")
def client(store: Path) -> Iterator[TestClient]:
    with TestClient(create_app(store, max_body_bytes=BODY_LIMIT, page_cap=50)) as c:
        yield c


@pytest.mark.parametrize(("url", "field"), [
    ("/events?limit=51", "limit"),  # the page cap of this app
    ("/events?limit=0", "limit"),
    ("/events?limit=ten", "limit"),
    ("/events?offset=-1", "offset"),
    ("/events?offset=99999999999999999999999", "offset"),
    ("/events?type=BOMB", "type"),
    ("/events?modality=maybe", "modality"),
    ("/events?since=2024-02-30", "since"),
    ("/events?since=2024-05-01&until=2024-04-01", "since"),
    ("/events?until=yesterday", "until"),
    ("/events?country=CONGO", "country"),
    ("/events?bbox=1,2,3", "bbox"),
    ("/events?bbox=10,0,-10,5", "bbox"),
    ("/events?bbox=0,0,200,5", "bbox"),
    ("/events?has_place=perhaps", "has_place"),
    ("/actors?limit=1000", "limit"),
    ("/documents?offset=x", "offset"),
    ("/network?min_count=0", "min_count"),
    ("/network?type=assault", "type"),
    ("/network?limit=51", "limit"),
    ("/dyads/SSD/USA/timeline?freq=year", "freq"),
    ("/dyads/SSD/USA/timeline?directed=2", "directed"),
])
def test_api_errors_bad_parameter_is_400_naming_it(client: TestClient, url: str,
                                                   field: str) -> None:
    err = error_of(client.get(url), 400)
    assert err["field"] == field
    assert field in err["message"]
    assert err["code"] == "FP601"


@pytest.mark.parametrize(("body", "field"), [
    ({}, "body"),
    ({"text": "a", "html": "<p>a</p>"}, "body"),
    ({"txt": "forgot the e"}, "txt"),
    ({"text": 5}, "text"),
    ({"text": "Rebels attacked.", "published": "2024-02-30"}, "published"),
    ({"text": "Rebels attacked.", "published": "next week"}, "published"),
    ({"text": "Rebels attacked.", "id": ""}, "id"),
])
def test_api_errors_bad_extract_body_is_400_naming_the_field(client: TestClient,
                                                             body: dict[str, Any],
                                                             field: str) -> None:
    err = error_of(client.post("/extract", json=body), 400)
    assert err["field"] == field


def test_api_errors_body_not_json_is_400(client: TestClient) -> None:
    r = client.post("/extract", content=b"{not json", headers={"content-type": "application/json"})
    assert error_of(r, 400)["field"] == "body"


@pytest.mark.parametrize(("text", "code"), [
    ("   \n\t ", "FP101"),  # empty
    ("Der Bundestag hat am Montag ein neues Gesetz zur Verteidigung beschlossen, "
     "nachdem die Regierung es im Frühjahr vorgelegt hatte.", "FP105"),  # not English
])
def test_api_errors_unprocessable_article_is_400_with_its_code(client: TestClient, text: str,
                                                               code: str) -> None:
    err = error_of(client.post("/extract", json={"text": text}), 400)
    assert (err["code"], err["field"]) == (code, "text")
    assert not err["message"].startswith("[FP")


def test_api_errors_unknown_ids_and_paths_are_404(client: TestClient) -> None:
    err = error_of(client.get("/dyads/NOPE.X/SSD/timeline"), 404)
    assert err["field"] == "a" and "NOPE.X" in err["message"]
    assert error_of(client.get("/dyads/SSD/NOPE.X/timeline"), 404)["field"] == "b"
    assert error_of(client.get("/documents/a/b/c"), 404)["field"] == "doc_id"
    error_of(client.get("/no/such/path"), 404)
    error_of(client.get("/static/no-such-file.js"), 404)


def test_api_errors_wrong_method_is_405(client: TestClient) -> None:
    error_of(client.get("/extract"), 405)
    error_of(client.delete("/events"), 405)


def test_api_errors_ingest_on_read_only_server_is_403(client: TestClient) -> None:
    body = {"documents": [{"text": "Rebels attacked the town."}]}
    err = error_of(client.post("/ingest", json=body), 403)
    assert "--allow-ingest" in err["message"]
    error_of(client.post("/ingest", content=b"not even json"), 403)  # refused before parsing


def test_api_errors_oversized_body_is_413(client: TestClient) -> None:
    big = {"text": "Rebels attacked the town. " * 200}
    err = error_of(client.post("/extract", json=big), 413)
    assert f"{BODY_LIMIT:,}" in err["message"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit is counted as it streams
        yield b'{"text": "'
        for _ in range(100):
            yield b"Rebels attacked the town. "
        yield b'"}'

    r = client.post("/extract", content=chunks(), headers={"content-type": "application/json"})
    error_of(r, 413)


HOSTILE = [
    "' OR 1=1 --", "x'; DROP TABLE events; --", "\" OR \"\"=\"", "%", "_", "\\", "%' --",
    "SSD') UNION SELECT * FROM documents --", "😀 ∂ Ω", "a" * 500, "1; SELECT pg_sleep(5)",
    "$1", "?", "\x00",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_api_errors_hostile_filter_values_are_harmless(client: TestClient, value: str) -> None:
    before = client.get("/health").json()
    for url, params in [
        ("/events", {"actor": value}), ("/events", {"source": value}),
        ("/events", {"target": value}), ("/events", {"doc_id": value}),
        ("/events", {"country": value}), ("/events", {"bbox": value}),
        ("/actors", {"q": value}), ("/documents", {"q": value}),
    ]:
        r = client.get(url, params=params)
        assert r.status_code in (200, 400), (url, params, r.text)
        if r.status_code == 200 and url == "/events":
            assert r.json()["total"] == 0, (url, params)
    segment = quote(value, safe="")
    for path in (f"/dyads/{segment}/SSD/timeline", f"/documents/{segment}"):
        assert client.get(path).status_code in (400, 404), path
    assert client.get("/health").json() == before


def test_api_errors_like_wildcards_are_literal(client: TestClient) -> None:
    everything = client.get("/documents").json()["total"]
    assert everything > 0
    assert client.get("/documents", params={"q": "%"}).json()["total"] == 0
    assert client.get("/actors", params={"q": "_"}).json()["total"] < everything * 100


def test_api_errors_over_the_time_limit_is_504(store: Path) -> None:
    long_text = "Rebels attacked the town on Sunday, the army said. " * 4000  # minutes of work
    app = create_app(store, time_limit_s=1.0,
                     pipeline_config=PipelineConfig(max_chars=1_000_000))
    with TestClient(app) as c:
        c.post("/extract", json={"text": "Rebels attacked the town."})  # workers started
        started = time.perf_counter()
        err = error_of(c.post("/extract", json={"text": long_text}), 504)
        assert time.perf_counter() - started < 3.0  # answered at the limit, not at the end
        assert "stopped" in err["message"] and err["code"] == "FP301"
        # a query over the limit is interrupted too
        c.app.state.runtime.time_limit_s = 1e-6  # type: ignore[attr-defined]
        error_of(c.get("/stats"), 504)
        c.app.state.runtime.time_limit_s = 5.0  # type: ignore[attr-defined]
        assert c.get("/health").status_code == 200


def test_api_errors_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    from flashpoint.errors import StoreError

    with pytest.raises(StoreError, match="flashpoint ingest"):
        create_app(tmp_path / "none.duckdb")
    bad = tmp_path / "bad.duckdb"
    bad.write_text("not a database")
    with pytest.raises(StoreError, match="not a DuckDB database"):
        create_app(bad)


@pytest.mark.parametrize(("error", "status"), [
    ("InputError", 400), ("EmptyInputError", 400), ("StoreError", 503), ("StageError", 500),
    ("ConfigError", 500),
])
def test_api_errors_library_errors_map_to_statuses(error: str, status: int) -> None:
    from flashpoint import errors
    from flashpoint.corpus.params import QueryError
    from flashpoint.service.errors import from_flashpoint

    exc = getattr(errors, error)("what went wrong", source="x", fix="do this")
    mapped = from_flashpoint(exc, field="f")
    assert (mapped.status, mapped.code) == (status, exc.code)
    assert mapped.field == ("f" if status == 400 else None)
    assert from_flashpoint(QueryError("bad freq")).status == 400
