"""The web dashboard in a real browser: Debian's Chromium driven by Playwright.

One store per session, built from examples/ by the real CLI (``flashpoint ingest``), served by
the real ``flashpoint serve`` on a free loopback port; every view is clicked through and its
rendered content checked (an event row, a highlighted actor, a map circle, a network node, a
timeline series). Screenshots go to tests/artifacts/ for a person to look at.

Playwright never downloads a browser here: it drives /usr/bin/chromium (``make browser``
installs it); without it these tests skip with that message.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..conftest import ROOT, run_cli

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
ARTIFACTS = ROOT / "tests" / "artifacts"
VIEWPORT = {"width": 1400, "height": 900}
SERVER_START_S = 60.0
#: Longest wait for one view to render (an /extract with a cold spaCy takes a few seconds).
RENDER_MS = 30_000

#: Coordinates for places the sample articles name, used only when the store has no
#: geocoded event yet (the geo stage fills lat/lon itself once it runs in the pipeline).
SAMPLE_PLACES = {
    "El Obeid": (13.18, 30.22, "SDN"), "Kano": (12.0, 8.52, "NGA"),
    "Goma": (-1.68, 29.22, "COD"), "Kinshasa": (-4.32, 15.31, "COD"),
    "Addis Ababa": (9.03, 38.74, "ETH"), "Zamfara": (12.17, 6.25, "NGA"),
    "Abuja": (9.07, 7.49, "NGA"), "Manila": (14.6, 120.98, "PHL"),
}

NO_CHROMIUM = (f"no Chromium at {CHROMIUM}: run `make browser` (or `apt-get install -y "
               "chromium` as root) to run the browser tests")

pytestmark = pytest.mark.slow


# --------------------------------------------------------------------------- the server


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def _wait_healthy(base: str, proc: subprocess.Popen[bytes] | None, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"flashpoint serve exited with {proc.returncode}:\n{log.read_text()}")
        try:
            _get_json(f"{base}/health")
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"flashpoint serve did not answer /health within {SERVER_START_S} s")


def _geocode_samples(db: Path) -> int:
    """Give events that name a sample place coordinates, when no event has any (see
    SAMPLE_PLACES), by SQL on the store (docs/store-schema.md). Returns how many events have
    coordinates."""
    import duckdb

    con = duckdb.connect(str(db))
    try:
        row = con.execute("SELECT count(*) FROM events WHERE lat IS NOT NULL").fetchone()
        placed = int(row[0]) if row else 0
        if placed == 0:
            for name, (lat, lon, iso) in SAMPLE_PLACES.items():
                con.execute("UPDATE events SET place_name = ?, lat = ?, lon = ?, "
                            "place_country = ? WHERE lat IS NULL AND evidence LIKE ?",
                            [name, lat, lon, iso, f"%{name}%"])
            row = con.execute("SELECT count(*) FROM events WHERE lat IS NOT NULL").fetchone()
            placed = int(row[0]) if row else 0
    finally:
        con.close()
    return placed


@pytest.fixture(scope="session")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/ through the real pipeline into a store (``flashpoint ingest``, then
    ``flashpoint dedup``)."""
    db = tmp_path_factory.mktemp("dashboard") / "examples.duckdb"
    done = run_cli("ingest", str(ROOT / "examples"), "--db", str(db))
    assert done.returncode == 0, done.stderr.decode()
    assert _geocode_samples(db) > 0
    # the canonical events, rebuilt after the coordinates (the server opens the store read-only)
    done = run_cli("dedup", "--db", str(db), "--force")
    assert done.returncode == 0, done.stderr.decode()
    return db


@pytest.fixture(scope="session")
def server(store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``flashpoint serve`` over the store, read-only, on a free loopback port."""
    port = _free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "flashpoint", "serve", "--db", str(store), "--port", str(port)],
            cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, proc, log)
        yield base
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def empty_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over an empty store, served by uvicorn in a thread (no pipeline loaded)."""
    import uvicorn

    from flashpoint.service.app import create_app

    db = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    port = _free_port()
    config = uvicorn.Config(create_app(db, allow_ingest=True), host="127.0.0.1", port=port,
                            log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, None, db)
        yield base
    finally:
        uv.should_exit = True
        thread.join(timeout=10)


# --------------------------------------------------------------------------- the browser


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        pytest.skip(NO_CHROMIUM)
    sync_api = pytest.importorskip("playwright.sync_api")
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page; the test fails on any uncaught script error or console error."""
    context = browser.new_context(viewport=VIEWPORT, reduced_motion="reduce")
    pg = context.new_page()
    pg.set_default_timeout(RENDER_MS)
    problems: list[str] = []
    pg.on("pageerror", lambda exc: problems.append(f"uncaught: {exc}"))
    pg.on("console", lambda msg: problems.append(f"console: {msg.text}")
          if msg.type == "error" else None)
    yield pg
    context.close()
    assert not problems, problems


def shot(pg: Any, name: str, *, full_page: bool = False) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"dashboard-{name}.png"
    if full_page:  # from the top, or the sticky bar is drawn where the page was scrolled to
        pg.evaluate("window.scrollTo(0, 0)")
    pg.screenshot(path=str(path), full_page=full_page)
    return path


def by(testid: str) -> str:
    return f"[data-testid='{testid}']"


def open_view(pg: Any, base: str, route: str, ready: str) -> None:
    pg.goto(f"{base}/#/{route}")
    pg.wait_for_selector(ready)


# --------------------------------------------------------------------------- the views


def test_dashboard_overview_shows_what_the_store_holds(page: Any, server: str) -> None:
    health = _get_json(f"{server}/health")
    open_view(page, server, "", by("kpis"))
    assert page.locator(by("kpis")).inner_text().startswith(str(health["documents"]))
    assert page.locator(f"{by('by-type')} li").count() > 5
    page.wait_for_selector(by("document-row"))
    assert page.locator(by("document-row")).count() == health["documents"]
    page.wait_for_selector(f"{by('top-dyads')} li")
    assert f"{health['documents']} documents" in page.locator(by("health")).inner_text()
    shot(page, "overview")


def _wait_count(pg: Any, first: int, total: int) -> None:
    """Until the events table says "first–… of total events" (the new page has rendered)."""
    pg.wait_for_function(
        "([first, total]) => {"
        " const t = document.querySelector(\"[data-testid='events-count']\")?.textContent || '';"
        " return t.startsWith(`${first}–`) && t.endsWith(`of ${total} events`); }",
        arg=[first, total])


def test_dashboard_events_table_filters_pages_and_badges(page: Any, server: str) -> None:
    total = _get_json(f"{server}/events?limit=1")["total"]
    negated = _get_json(f"{server}/events?limit=1&modality=negated")["total"]
    rwanda = _get_json(f"{server}/events?limit=1&actor=RWA")["total"]
    assert total > 50 and negated > 0 and rwanda > 0
    open_view(page, server, "events", by("event-row"))
    rows = page.locator(by("event-row"))
    assert rows.count() == 50
    assert page.locator(f"{by('event-row')} {by('modality-badge')}").count() == 50
    _wait_count(page, 1, total)
    shot(page, "events")

    page.click(by("page-next"))
    _wait_count(page, 51, total)

    page.select_option(by("filter-modality"), "negated")
    page.click(by("filter-apply"))
    _wait_count(page, 1, negated)
    badges = page.locator(f"{by('event-row')} {by('modality-badge')}").all_inner_texts()
    assert len(badges) == min(50, negated) and set(badges) == {"negated"}

    page.click("text=Reset")
    page.wait_for_function("document.querySelector(\"[data-testid='filter-modality']\")"
                           "?.value === ''")
    _wait_count(page, 1, total)
    page.fill(by("filter-actor-input"), "Rwanda")
    page.locator(by("typeahead-option")).filter(has_text="RWA").first.click()
    page.click(by("filter-apply"))
    _wait_count(page, 1, rwanda)
    texts = page.locator(by("event-row")).all_inner_texts()
    assert len(texts) == min(50, rwanda)
    assert all("Rwanda" in text for text in texts)
    shot(page, "events-filtered")


def test_dashboard_events_empty_filter_says_so(page: Any, server: str) -> None:
    open_view(page, server, "events?since=1990-01-01&until=1990-12-31", by("empty-events"))
    assert "No events match" in page.locator(by("empty-events")).inner_text()


def _kivu_doc(server: str) -> dict[str, Any]:
    found = _get_json(f"{server}/documents?q=Kivu")["items"]
    assert found, "examples/kivu_analysis.txt is not in the store"
    return dict(_get_json(f"{server}/documents/{urllib.parse.quote(found[0]['id'])}"))


def test_dashboard_article_highlights_and_links_events_to_evidence(page: Any,
                                                                   server: str) -> None:
    doc = _kivu_doc(server)
    open_view(page, server, f"article/{urllib.parse.quote(doc['id'])}", by("article-text"))
    assert page.locator(by("article-title")).inner_text() == doc["title"]
    text = page.locator(by("article-text")).inner_text()
    assert text.replace("\n", "") == doc["text"].replace("\n", "")
    actors = page.locator(by("hl-actor"))
    assert actors.count() > 10
    assert page.locator(by("hl-evidence")).count() > 5
    assert page.locator(by("hl-time")).count() > 0
    if doc["statements"]:
        assert page.locator(by("hl-quote")).count() > 0
    if any(p.get("lat") is not None for p in doc["places"]):
        assert page.locator(by("hl-place")).count() > 0
    assert "Rwanda" in actors.all_inner_texts()
    assert page.locator(by("article-event")).count() == len(doc["events"])

    # an event in the side list scrolls to and flashes its evidence sentence
    button = page.locator(by("article-event")).nth(len(doc["events"]) // 2)
    event_id = button.get_attribute("data-event")
    button.click()
    mark = page.locator(f"mark[data-events~='{event_id}']").first
    page.wait_for_function("id => document.querySelector(`mark[data-events~='${id}']`)"
                           "?.classList.contains('is-focused')", arg=event_id)
    mark.wait_for(state="visible")
    assert mark.is_visible()
    evidence = next(e["evidence"]["text"] for e in doc["events"] if e["id"] == event_id)
    assert evidence.strip()[:30] in mark.inner_text()
    assert f"event={event_id}" in page.evaluate("location.hash")
    shot(page, "article")

    # the highlight toggles
    page.uncheck(by("toggle-actor"))
    assert "hide-actor" in (page.locator(by("article-text")).get_attribute("class") or "")


def _dated_dyad(server: str) -> tuple[str, str]:
    """The busiest dyad whose timeline has a day-dated event (the network counts events with
    only a month or a year too, which the day timeline leaves out)."""
    net = _get_json(f"{server}/network?since=1900-01-01&limit=50")
    for edge in sorted(net["edges"], key=lambda e: (-e["n"], e["source"], e["target"])):
        a, b = edge["source"], edge["target"]
        timeline = _get_json(f"{server}/dyads/{urllib.parse.quote(a)}/"
                             f"{urllib.parse.quote(b)}/timeline?freq=day")
        if timeline.get("series"):
            return a, b
    raise AssertionError("no dyad with a day-dated event in the examples")


def _pick_actor(pg: Any, testid: str, actor: dict[str, Any]) -> None:
    pg.fill(by(f"{testid}-input"), actor["name"])
    # the option whose id is exactly the actor's: "NGA" must not pick "NGA.POL"
    exact = re.compile(rf"^{re.escape(actor['actor_id'])}( \u00b7|$)")
    option = pg.locator(f"{by(f'{testid}-options')} {by('typeahead-option')}").filter(
        has=pg.locator(".ta-meta", has_text=exact)).first
    option.wait_for()
    option.click()


def test_dashboard_timeline_plots_a_dyad_and_shows_evidence(page: Any, server: str) -> None:
    a, b = _dated_dyad(server)
    actors = {x["actor_id"]: x for q in (a, b)
              for x in _get_json(f"{server}/actors?q={urllib.parse.quote(q)}")["items"]}
    open_view(page, server, "timeline", by("timeline-empty"))
    page.wait_for_selector(by("quick-dyad"))
    _pick_actor(page, "actor-a", actors[a])
    _pick_actor(page, "actor-b", actors[b])
    page.select_option(by("timeline-freq"), "day")
    page.click(by("timeline-show"))
    page.wait_for_selector(by("timeline-chart"))
    tl = _get_json(f"{server}/dyads/{a}/{b}/timeline?freq=day")
    assert page.locator(f"{by('timeline-series')} rect").count() == len(tl["series"])
    markers = page.locator(by("timeline-marker"))
    assert markers.count() == len(tl["series"]) > 0

    markers.first.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(f"{by('detail-panel')} {by('evidence-item')}")
    evidence = page.locator(f"{by('detail-panel')} {by('evidence-text')}").first.inner_text()
    assert len(evidence) > 20
    shot(page, "timeline")

    # a quick dyad opens its chart; an unrelated pair says there is nothing
    page.locator(by("timeline-chart")).evaluate("chart => { chart.dataset.stale = 'yes'; }")
    quick = page.locator(by("quick-dyad")).last
    target = quick.get_attribute("href")
    quick.click()
    page.wait_for_function("h => location.hash === h", arg=target)
    page.wait_for_selector(f"{by('timeline-chart')}:not([data-stale])")
    open_view(page, server, f"timeline?a={a}&b=IGO.UN", by("empty-dyad"))


def test_dashboard_map_draws_countries_and_event_circles(page: Any, server: str) -> None:
    placed = _get_json(f"{server}/events?has_place=true&limit=1000")["items"]
    with_coords = [e for e in placed if e["lat"] is not None and e["lon"] is not None]
    open_view(page, server, "map", by("map-svg"))
    assert page.locator(by("country")).count() > 200  # Natural Earth 1:50m has 241
    assert page.locator(by("borders")).count() == 1
    page.wait_for_selector(by("map-circle"))
    circles = page.locator(by("map-circle"))
    assert circles.count() == len(with_coords) > 0
    fills = {c.get_attribute("fill") for c in circles.all()}
    assert len(fills) > 1  # coloured by type
    shot(page, "map")

    circles.last.dispatch_event("click")
    page.wait_for_selector(f"{by('detail-panel')} {by('evidence-item')}")
    shot(page, "map-evidence")

    page.fill(by("map-since"), "1990-01-01")
    page.fill(by("map-until"), "1990-12-31")
    page.click(by("map-apply"))
    page.wait_for_selector(by("map-empty"))
    page.wait_for_selector(by("country"))
    assert page.locator(by("map-circle")).count() == 0


def test_dashboard_network_lays_out_actors_and_opens_them(page: Any, server: str) -> None:
    net = _get_json(f"{server}/network?limit=150")
    open_view(page, server, "network", by("network-svg"))
    nodes = page.locator(by("network-node"))
    assert nodes.count() == len(net["nodes"]) > 0
    assert page.locator(by("network-edge")).count() == len(net["edges"])
    colours = {e.get_attribute("stroke") for e in page.locator(by("network-edge")).all()}
    assert len(colours) >= 2  # conflict and cooperation
    shot(page, "network")

    busiest = max(net["nodes"], key=lambda n: n["n"])
    page.locator(f"{by('network-node')}[data-id='{busiest['id']}']").dispatch_event("click")
    page.wait_for_selector(f"{by('detail-panel')} {by('evidence-item')}")
    page.locator(by("network-edge")).first.dispatch_event("click")
    page.wait_for_function("location.hash.startsWith('#/timeline?a=')")
    page.wait_for_selector(f"{by('timeline-chart')}, {by('empty-dyad')}")


def test_dashboard_paste_extracts_and_renders_the_article(page: Any, server: str) -> None:
    text = ("Sudanese army shells RSF positions near El Obeid\n\n"
            "EL OBEID, Sudan, March 3, 2024 — The Sudanese army shelled positions of the Rapid "
            "Support Forces east of El Obeid on Sunday, killing at least nine fighters, a "
            "military spokesman said. The RSF accused the army of targeting civilians and "
            "threatened to retaliate.")
    open_view(page, server, "paste", by("paste-text"))
    page.fill(by("paste-text"), text)
    page.fill(by("paste-published"), "2024-03-04")
    page.click(by("paste-submit"))
    result = page.locator(by("paste-result"))
    result.locator(by("article-text")).wait_for()
    assert result.locator(by("hl-actor")).count() > 0
    assert result.locator(by("article-event")).count() > 0
    assert result.locator(by("hl-evidence")).count() > 0
    result.locator(by("article-event")).first.click()
    page.wait_for_selector(f"{by('paste-result')} mark.is-focused")
    shot(page, "paste", full_page=True)


def test_dashboard_paste_without_text_asks_for_it(page: Any, server: str) -> None:
    open_view(page, server, "paste", by("paste-text"))
    page.evaluate("sessionStorage.clear()")
    page.fill(by("paste-text"), "")
    page.click(by("paste-submit"))
    assert "Paste some text" in page.locator(by("error")).inner_text()


def test_dashboard_empty_store_explains_what_to_do(page: Any, empty_server: str) -> None:
    open_view(page, empty_server, "", by("empty-store"))
    assert "flashpoint ingest" in page.locator(by("empty-store")).inner_text()
    shot(page, "empty-store")
    open_view(page, empty_server, "events", by("empty-events"))
    open_view(page, empty_server, "network", by("network-empty"))
    open_view(page, empty_server, "map", by("map-empty"))
    assert page.locator(by("country")).count() > 200


def test_dashboard_assets_are_local_and_small() -> None:
    static = ROOT / "src" / "flashpoint" / "service" / "web" / "static"
    files = {p.name: p.stat().st_size for p in static.iterdir() if p.is_file()}
    assert {"index.html", "app.js", "app.css", "countries-50m.json"} <= set(files)
    assert sum(files.values()) < 2 * 1024 * 1024
    page = (static / "index.html").read_text("utf-8") + (static / "app.js").read_text("utf-8")
    for cdn in ("unpkg.com", "cdn.jsdelivr", "cdnjs", "googleapis", "tile.openstreetmap"):
        assert cdn not in page
