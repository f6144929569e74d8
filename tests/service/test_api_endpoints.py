"""Every endpoint of docs/http-api.md against a real store of the sample articles."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import jsonschema
import pytest

from flashpoint.service.app import create_app

from ..api_support import TestClient, error_of, examples_store

pytestmark = pytest.mark.slow

EVENT_KEYS = {"doc_id", "event_id", "type", "mode", "modality", "source", "target",
              "source_names", "target_names", "date", "place_name", "lat", "lon",
              "place_country", "intensity", "confidence", "evidence", "coder", "canonical_id",
              "n_docs"}
ACTOR_KEYS = {"actor_id", "name", "type", "country", "n_docs", "n_mentions", "n_events"}
DOCUMENT_KEYS = {"id", "title", "source", "published", "n_events"}


@pytest.fixture(scope="module")
def store(pipeline: Any) -> Path:
    return examples_store(pipeline)


@pytest.fixture(scope="module")
def client(store: Path) -> Iterator[TestClient]:
    with TestClient(create_app(store)) as c:
        yield c


@pytest.fixture(scope="module")
def sql(store: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(store), read_only=True)
    yield con
    con.close()


def _one(sql: duckdb.DuckDBPyConnection, query: str, *params: Any) -> Any:
    row = sql.execute(query, list(params)).fetchone()
    assert row is not None
    return row[0]


def _contract() -> dict[str, Any]:
    text = resources.files("flashpoint").joinpath("data/document.schema.json").read_text("utf-8")
    return dict(json.loads(text))


def _page(response: Any, keys: set[str]) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    page = dict(response.json())
    assert set(page) == {"total", "limit", "offset", "items"}
    for item in page["items"]:
        assert set(item) == keys
    return page


# --------------------------------------------------------------------------- health, stats


def test_api_health_counts_the_store(client: TestClient, sql: Any) -> None:
    body = client.get("/health").json()
    assert body == {"status": "ok", "documents": _one(sql, "SELECT count(*) FROM documents"),
                    "events": _one(sql, "SELECT count(*) FROM events")}
    assert body["documents"] >= 5 and body["events"] > 0


def test_api_stats_counts_tables_types_and_dates(client: TestClient, sql: Any) -> None:
    body = client.get("/stats").json()
    assert body["tables"]["documents"] == _one(sql, "SELECT count(*) FROM documents")
    assert body["tables"]["canonical_events"] > 0
    assert sum(body["events_by_type"].values()) == body["tables"]["events"]
    assert sum(body["events_by_modality"].values()) == body["tables"]["events"]
    assert body["event_dates"]["first"] <= body["event_dates"]["last"]
    assert body["schema_version"] == "3"


# --------------------------------------------------------------------------- events


def test_api_events_default_page(client: TestClient, sql: Any) -> None:
    page = _page(client.get("/events"), EVENT_KEYS)
    assert page["total"] == _one(sql, "SELECT count(*) FROM events")
    assert (page["limit"], page["offset"]) == (100, 0)
    assert len(page["items"]) == min(100, page["total"])
    named = [e for e in page["items"] if e["source"]]
    assert named and all(len(e["source_names"]) == len(e["source"]) for e in named)
    assert any(e["canonical_id"] for e in page["items"])


@pytest.mark.parametrize(("params", "where", "args"), [
    ({"type": "ASSAULT"}, "type = ?", ["ASSAULT"]),
    ({"modality": "negated"}, "modality = ?", ["negated"]),
    ({"since": "2024-09-01", "until": "2024-09-30"}, "day BETWEEN ? AND ?",
     ["2024-09-01", "2024-09-30"]),
    ({"has_place": "false"}, "place IS NULL AND place_name IS NULL", []),
    ({"doc_id": "wire-2024-1003-pak"}, "doc_id = ?", ["wire-2024-1003-pak"]),
])
def test_api_events_filters_match_sql(client: TestClient, sql: Any, params: dict[str, str],
                                      where: str, args: list[Any]) -> None:
    page = _page(client.get("/events", params={**params, "limit": 1000}), EVENT_KEYS)
    assert page["total"] == _one(sql, f"SELECT count(*) FROM events WHERE {where}", *args)
    assert len(page["items"]) == page["total"]


def test_api_events_actor_source_target(client: TestClient, sql: Any) -> None:
    actor = _one(sql, "SELECT s FROM (SELECT unnest(source) AS s FROM events) "
                      "GROUP BY s ORDER BY count(*) DESC, s LIMIT 1")
    by_actor = _page(client.get("/events", params={"actor": actor, "limit": 1000}), EVENT_KEYS)
    by_source = _page(client.get("/events", params={"source": actor, "limit": 1000}), EVENT_KEYS)
    by_target = _page(client.get("/events", params={"target": actor, "limit": 1000}), EVENT_KEYS)
    assert by_source["total"] > 0
    assert all(actor in e["source"] for e in by_source["items"])
    assert all(actor in e["target"] for e in by_target["items"])
    assert all(actor in e["source"] + e["target"] for e in by_actor["items"])
    assert by_actor["total"] >= max(by_source["total"], by_target["total"])


def test_api_events_country_and_bbox(client: TestClient) -> None:
    page = _page(client.get("/events", params={"country": "cod"}), EVENT_KEYS)
    assert page["total"] > 0  # lower case accepted: Congo's actors are in kivu_analysis.txt
    boxed = _page(client.get("/events", params={"bbox": "-10, -10, 10, 10"}), EVENT_KEYS)
    assert all(-10 <= e["lon"] <= 10 and -10 <= e["lat"] <= 10 for e in boxed["items"])


def test_api_events_pages_do_not_overlap(client: TestClient) -> None:
    first = _page(client.get("/events", params={"limit": 7}), EVENT_KEYS)
    second = _page(client.get("/events", params={"limit": 7, "offset": 7}), EVENT_KEYS)
    ids = {(e["doc_id"], e["event_id"]) for e in first["items"]}
    assert len(ids) == 7
    assert ids.isdisjoint((e["doc_id"], e["event_id"]) for e in second["items"])
    beyond = _page(client.get("/events", params={"offset": 10**6}), EVENT_KEYS)
    assert beyond["items"] == [] and beyond["total"] == first["total"]


# --------------------------------------------------------------------------- actors, documents


def test_api_actors_page_and_search(client: TestClient, sql: Any) -> None:
    page = _page(client.get("/actors", params={"limit": 1000}), ACTOR_KEYS)
    assert page["total"] == _one(sql, "SELECT count(DISTINCT actor_id) FROM actors")
    found = _page(client.get("/actors", params={"q": "congo"}), ACTOR_KEYS)
    assert found["total"] >= 1
    assert all("congo" in (a["name"] or "").lower() + a["actor_id"].lower()
               for a in found["items"])


def test_api_documents_list_search_and_get(client: TestClient, sql: Any) -> None:
    page = _page(client.get("/documents"), DOCUMENT_KEYS)
    assert page["total"] == _one(sql, "SELECT count(*) FROM documents")
    published = [d["published"] for d in page["items"] if d["published"]]
    assert published == sorted(published, reverse=True)
    found = _page(client.get("/documents", params={"q": "PAK"}), DOCUMENT_KEYS)
    assert [d["id"] for d in found["items"]] == ["wire-2024-1003-pak"]
    doc = client.get("/documents/wire-2024-1003-pak")
    assert doc.status_code == 200
    jsonschema.validate(doc.json(), _contract())
    listed = next(d for d in page["items"] if d["id"] == "wire-2024-1003-pak")
    assert listed["n_events"] == len(doc.json()["events"])


# --------------------------------------------------------------------------- dyads, network


def test_api_network_nodes_edges_and_types(client: TestClient) -> None:
    body = client.get("/network").json()
    assert body["edges"], body
    ids = {n["id"] for n in body["nodes"]}
    for edge in body["edges"]:
        assert {edge["source"], edge["target"]} <= ids
        assert sum(edge["types"].values()) == edge["n"]
    assert sum(n["n"] for n in body["nodes"]) == 2 * sum(e["n"] for e in body["edges"])
    assaults = client.get("/network", params={"type": "ASSAULT"}).json()
    assert all(set(e["types"]) == {"ASSAULT"} for e in assaults["edges"])
    limited = client.get("/network", params={"limit": 2}).json()
    assert len(limited["edges"]) == min(2, len(body["edges"]))


def test_api_dyad_timeline_series_and_escalation(client: TestClient, sql: Any) -> None:
    row = sql.execute(
        "SELECT source, target, count(*) FROM canonical_events WHERE day IS NOT NULL AND "
        "modality IN ('asserted', 'reported') AND source <> '' AND target <> '' "
        "GROUP BY ALL ORDER BY 3 DESC, 1, 2 LIMIT 1").fetchone()
    assert row is not None
    source, target, n = row
    url = f"/dyads/{source}/{target}/timeline"
    body = client.get(url, params={"freq": "month", "directed": "true"}).json()
    assert body["a"]["id"] == source and body["a"]["name"]
    assert sum(p["n"] for p in body["series"]) >= n  # a country code includes its bodies
    assert body["freq"] == "month"
    assert body["series"], body
    for point in body["series"]:
        assert sum(point["by_type"].values()) == point["n"]
        assert point["period"].endswith("-01")  # a month's first day
    assert {"period", "score", "baseline", "change", "index"} <= set(body["escalation"][0])
    weekly = client.get(url, params={"freq": "week"}).json()
    assert sum(p["n"] for p in weekly["series"]) >= sum(p["n"] for p in body["series"])


# --------------------------------------------------------------------------- extract


def test_api_extract_text_is_a_contract_document(client: TestClient) -> None:
    text = "Russian forces shelled Kharkiv on Monday, killing three civilians."
    r = client.post("/extract", json={"text": text, "published": "2024-05-22", "id": "k1",
                                      "title": "Kharkiv"})
    assert r.status_code == 200, r.text
    doc = r.json()
    jsonschema.validate(doc, _contract())
    assert (doc["id"], doc["title"], doc["published"], doc["text"]) == (
        "k1", "Kharkiv", "2024-05-22", text)
    assert any(e["type"] == "ASSAULT" for e in doc["events"])
    assert client.get("/documents/k1").status_code == 404  # extraction stores nothing


def test_api_extract_html(client: TestClient) -> None:
    page = (ROOT_EXAMPLES / "el_obeid_drone_strike.html").read_text("utf-8")
    r = client.post("/extract", json={"html": page})
    assert r.status_code == 200, r.text
    doc = r.json()
    jsonschema.validate(doc, _contract())
    assert "<" not in doc["text"][:200] and doc["events"]


# --------------------------------------------------------------------------- site


def test_api_docs_are_served_from_local_files(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "/vendor/swagger/swagger-ui-bundle.js" in page.text
    assert "cdn" not in page.text.lower() and "https://" not in page.text
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png"):
        assert client.get(f"/vendor/swagger/{asset}").status_code == 200


def test_api_root_serves_the_dashboard_or_a_message(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and r.text


def test_api_openapi_documents_every_endpoint_without_422(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert set(schema["paths"]) == {
        "/health", "/stats", "/extract", "/ingest", "/events", "/actors",
        "/dyads/{a}/{b}/timeline", "/network", "/documents", "/documents/{doc_id}"}
    assert "422" not in json.dumps(schema["paths"])
    assert "Document_event" in schema["components"]["schemas"]
    limit = next(p for p in schema["paths"]["/events"]["get"]["parameters"]
                 if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 1000


ROOT_EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_api_unknown_document_is_404(client: TestClient) -> None:
    err = error_of(client.get("/documents/no-such-doc"), 404)
    assert err["field"] == "doc_id" and "no-such-doc" in err["message"]


def test_api_app_survives_several_lifespans(store: Path) -> None:
    app = create_app(store)
    for _ in range(2):  # e.g. a test client opened twice: closed at the end, reopened at start
        with TestClient(app) as c:
            assert c.get("/health").status_code == 200
    assert TestClient(app).get("/events?limit=1").status_code == 200  # no lifespan at all
    app.state.runtime.close()


def test_api_root_without_a_dashboard_says_so(store: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from flashpoint.service import app as api

    monkeypatch.setattr(api, "STATIC_DIR", tmp_path / "absent")
    with TestClient(create_app(store)) as c:
        r = c.get("/")
        assert r.status_code == 200 and "/docs" in r.text
        assert r.headers["content-type"].startswith("text/plain")
        error_of(c.get("/static/app.js"), 404)
