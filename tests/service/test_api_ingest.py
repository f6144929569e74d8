"""``POST /ingest`` on a server started with ``allow_ingest``: stored, unchanged, failed."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from flashpoint.service.app import create_app

from ..api_support import TestClient, error_of, examples_store, writable_copy

pytestmark = pytest.mark.slow

STRIKE = ("Drone strike hits market in El Fasher\n\nThe Rapid Support Forces launched a drone "
          "strike on a market in El Fasher on Sunday, killing twelve civilians, local officials "
          "said.")
TALKS = ("Sudan's army and the RSF met in Jeddah on Tuesday for talks on a humanitarian truce, "
         "Saudi mediators said.")


@pytest.fixture(scope="module")
def client(pipeline: Any) -> Iterator[TestClient]:
    path = writable_copy(examples_store(pipeline), "ingest.duckdb")
    with TestClient(create_app(path, allow_ingest=True)) as c:
        yield c


def test_api_ingest_stores_reports_failures_and_skips_unchanged(client: TestClient) -> None:
    before = client.get("/health").json()
    body = {"documents": [
        {"text": STRIKE, "published": "2024-06-02", "id": "feeds/sudan/1", "source": "wire"},
        {"text": "   ", "id": "blank"},
        {"html": f"<html><body><article><p>{TALKS}</p></article></body></html>",
         "published": "2024-06-04", "id": "feeds/sudan/2"},
    ]}
    first = client.post("/ingest", json=body)
    assert first.status_code == 200, first.text
    assert first.json()["stored"] == 2 and first.json()["unchanged"] == 0
    assert first.json()["failed"] == 1
    (failure,) = first.json()["failures"]
    assert failure["id"] == "blank" and failure["stage"] == "ingest" and failure["reason"]

    after = client.get("/health").json()
    assert after["documents"] == before["documents"] + 2
    doc = client.get("/documents/feeds/sudan/1")  # an id with slashes is one path parameter
    assert doc.status_code == 200 and doc.json()["source"] == "wire"
    encoded = client.get("/documents/feeds%2Fsudan%2F1")  # as the dashboard sends it
    assert encoded.status_code == 200 and encoded.json()["id"] == "feeds/sudan/1"
    assert client.get("/events", params={"doc_id": "feeds/sudan/1"}).json()["total"] > 0
    listed = client.get("/documents", params={"q": "sudan/"}).json()
    assert {d["id"] for d in listed["items"]} == {"feeds/sudan/1", "feeds/sudan/2"}

    again = client.post("/ingest", json=body).json()
    assert (again["stored"], again["unchanged"], again["failed"]) == (0, 2, 1)

    revised = {"documents": [{"text": STRIKE.replace("twelve", "fourteen"),
                              "published": "2024-06-02", "id": "feeds/sudan/1"}]}
    assert client.post("/ingest", json=revised).json()["stored"] == 1
    assert "fourteen" in client.get("/documents/feeds/sudan/1").json()["text"]
    assert client.get("/health").json()["documents"] == after["documents"]


def test_api_ingest_same_id_twice_in_one_request_keeps_the_last(client: TestClient) -> None:
    body = {"documents": [{"text": STRIKE, "id": "dup", "published": "2024-06-02"},
                          {"text": TALKS, "id": "dup", "published": "2024-06-04"}]}
    r = client.post("/ingest", json=body)
    assert r.status_code == 200, r.text
    assert client.get("/documents/dup").json()["text"] == TALKS


def test_api_ingest_refreshes_canonical_events(client: TestClient) -> None:
    stats = client.get("/stats").json()
    assert stats["tables"]["event_links"] >= stats["tables"]["events"]


@pytest.mark.parametrize(("body", "field"), [
    ({"documents": []}, "documents"),
    ({"documents": [{"text": "a", "html": "b"}]}, "documents[0]"),
    ({"documents": [{"text": "a"}, {"title": "no text"}]}, "documents[1]"),
    ({"documents": [{"text": "a", "published": "2024-13-01"}]}, "documents[0].published"),
    ({"documents": [{"text": "a"}] * 1001}, "documents"),
    ({"docs": []}, "documents"),
])
def test_api_ingest_bad_body_is_400_naming_the_field(client: TestClient, body: dict[str, Any],
                                                      field: str) -> None:
    assert error_of(client.post("/ingest", json=body), 400)["field"] == field


def test_api_ingest_reads_go_on_while_writing(client: TestClient) -> None:
    """Queries answer while an ingest runs on the extraction thread (one writer, a lock)."""
    app = client.app

    async def scenario() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as ac:
            docs = [{"text": f"{TALKS} Round {i}.", "id": f"round-{i}"} for i in range(8)]
            ingest = asyncio.create_task(ac.post("/ingest", json={"documents": docs}))
            reads = [await ac.get("/events", params={"limit": 5}) for _ in range(10)]
            done = await ingest
            return [done.status_code, *(r.status_code for r in reads)]

    assert set(asyncio.run(scenario())) == {200}
