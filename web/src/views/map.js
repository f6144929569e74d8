// Map: events with coordinates (GET /events?has_place=true) as circles coloured by PLOVER type
// and sized by support (n_docs); a date range filter; click a circle to read the evidence.
import { scaleSqrt } from "d3-scale";
import { api } from "../api.js";
import { drawWorld, loadAtlas } from "../charts/world-map.js";
import { detailPanel, showEvents } from "../components/evidence.js";
import { PLOVER_TYPES, typeColor } from "../plover.js";
import { navigate } from "../router.js";
import { clear, emptyState, fmtInt, h, loading } from "../util.js";

export const TITLE = "Map";
const PAGE = 1000;
const MAX_PAGES = 5;
const SAME_PLACE_DECIMALS = 2;
const HEIGHT_RATIO = 0.52;
// Events at one place fan out in a sunflower (phyllotaxis) around it, this many screen
// pixels apart, so twenty events in one town read as twenty circles, not one.
const FAN_PX = 7;
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

async function placedEvents(params) {
  const items = [];
  let total = 0;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const res = await api.events({ has_place: "true", since: params.since, until: params.until, type: params.type, limit: PAGE, offset: page * PAGE });
    total = res.total;
    items.push(...res.items);
    if (items.length >= total || !res.items.length) break;
  }
  return { items: items.filter((e) => Number.isFinite(e.lat) && Number.isFinite(e.lon)), total };
}

function controls(params) {
  const form = h("form", { class: "filters", testid: "map-filters", "aria-label": "Map filters" },
    h("div", { class: "field" }, h("label", { for: "m-since" }, "From"),
      h("input", { id: "m-since", type: "date", value: params.since || "", testid: "map-since" })),
    h("div", { class: "field" }, h("label", { for: "m-until" }, "To"),
      h("input", { id: "m-until", type: "date", value: params.until || "", testid: "map-until" })),
    h("div", { class: "field" }, h("label", { for: "m-type" }, "Type"),
      h("select", { id: "m-type", testid: "map-type" }, h("option", { value: "" }, "any"),
        PLOVER_TYPES.map(([t]) => h("option", { value: t, selected: t === params.type }, t)))),
    h("div", { class: "field actions" }, h("button", { type: "submit", class: "primary", testid: "map-apply" }, "Apply")));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const v = (id) => form.querySelector(`#${id}`).value;
    navigate("map", { since: v("m-since"), until: v("m-until"), type: v("m-type") });
  });
  return form;
}

function legend(events) {
  const present = new Set(events.map((e) => e.type));
  const types = PLOVER_TYPES.filter(([t]) => present.has(t));
  return h("ul", { class: "map-legend", testid: "map-legend", "aria-label": "Event types" },
    types.map(([t, c]) => h("li", {}, h("span", { class: "dot", style: `background:${c}`, "aria-hidden": "true" }), t)),
    h("li", { class: "muted" }, "circle size: documents reporting the event"));
}

function placeKey(e) {
  return `${e.lat.toFixed(SAME_PLACE_DECIMALS)},${e.lon.toFixed(SAME_PLACE_DECIMALS)}`;
}

function fanOut(groups) {
  for (const here of groups.values()) {
    here.forEach((e, i) => {
      const dist = here.length === 1 ? 0 : FAN_PX * Math.sqrt(i + 0.5);
      e.dx = dist * Math.cos(i * GOLDEN_ANGLE);
      e.dy = dist * Math.sin(i * GOLDEN_ANGLE);
    });
  }
}

function drawCircles(world, events, panel) {
  const r = scaleSqrt().domain([1, Math.max(2, ...events.map((e) => e.n_docs || 1))]).range([4.5, 12]);
  const byPlace = new Map();
  const marks = events.map((e) => ({ ...e, at: world.project(e.lon, e.lat) })).filter((e) => e.at);
  for (const e of marks) {
    const k = placeKey(e);
    if (!byPlace.has(k)) byPlace.set(k, []);
    byPlace.get(k).push(e);
  }
  fanOut(byPlace);
  const pick = (e) => {
    const here = byPlace.get(placeKey(e));
    showEvents(panel, e.place_name || `${e.lat.toFixed(2)}, ${e.lon.toFixed(2)}`, here,
      { subtitle: `${here.length} event${here.length === 1 ? "" : "s"} at this place` });
  };
  const circles = world.layer.selectAll("circle").data(marks).join("circle")
    .attr("class", "event-dot").attr("data-testid", "map-circle")
    .attr("fill", (e) => typeColor(e.type))
    .attr("tabindex", 0).attr("role", "button")
    .attr("aria-label", (e) => `${e.type} at ${e.place_name || "a place"}, ${e.date || "undated"}`)
    .on("click", (_, e) => pick(e))
    .on("keydown", (ev, e) => {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); pick(e); }
    });
  circles.append("title").text((e) => `${e.type} · ${e.place_name || ""} · ${e.date || "undated"} · ${e.n_docs || 1} doc(s)`);
  // marks keep their screen size and spacing whatever the zoom
  const place = (k) => circles
    .attr("cx", (e) => e.at[0] + e.dx / k).attr("cy", (e) => e.at[1] + e.dy / k)
    .attr("r", (e) => r(e.n_docs || 1) / k);
  place(1);
  world.onZoom(place);
  return marks;
}

export async function render(main, route) {
  const params = route.params;
  const mapBox = h("div", { class: "map-box", testid: "map" });
  const panel = detailPanel("Click a circle to read the events at that place and their evidence.");
  const note = h("div", { class: "map-note" });
  const tools = h("div", { class: "map-tools", role: "group", "aria-label": "Zoom" });
  main.append(h("h1", {}, "Map"), controls(params), note,
    h("div", { class: "split" }, h("div", { class: "map-col" }, tools, mapBox), panel));
  mapBox.append(loading("Drawing the map"));
  const [topo, placed] = await Promise.all([loadAtlas(), placedEvents(params)]);
  clear(mapBox);
  const width = Math.max(480, mapBox.clientWidth || 800);
  const world = drawWorld(mapBox, topo, { width, height: Math.round(width * HEIGHT_RATIO), label: "World map of events" });
  const events = placed.items;
  const points = drawCircles(world, events, panel).map((e) => e.at);
  tools.append(
    h("button", { type: "button", onclick: () => world.zoomBy(1.6), "aria-label": "Zoom in" }, "+"),
    h("button", { type: "button", onclick: () => world.zoomBy(1 / 1.6), "aria-label": "Zoom out" }, "−"),
    h("button", { type: "button", onclick: () => world.fitTo(points), disabled: !points.length, testid: "map-fit" }, "Zoom to events"),
    h("button", { type: "button", onclick: () => world.reset() }, "World"));
  if (!events.length) {
    note.append(emptyState("No events with coordinates in this range",
      "Events get coordinates when the geo stage resolves their place. Widen the dates, or ingest articles that name places.", "map-empty"));
    return;
  }
  const more = placed.total > events.length ? ` (first ${fmtInt(events.length)} of ${fmtInt(placed.total)})` : "";
  note.append(h("p", { class: "muted", testid: "map-count" }, `${fmtInt(events.length)} events with coordinates${more}`), legend(events));
  world.fitTo(points);
}
