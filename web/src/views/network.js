// Network: who acts on whom (GET /network); click an actor for its events, an edge for the
// dyad's timeline.
import { api } from "../api.js";
import { drawNetwork } from "../charts/network-graph.js";
import { detailPanel, showEvents } from "../components/evidence.js";
import { ACTOR_LEGEND, PLOVER_TYPES } from "../plover.js";
import { href, navigate } from "../router.js";
import { SCORE_COLORS, clear, emptyState, errorState, fmtInt, fmtScore, h, loading } from "../util.js";

export const TITLE = "Network";
const NODE_EVENTS = 100;
const DEFAULT_LIMIT = 150;
const HEIGHT_RATIO = 0.62;

function controls(params) {
  const form = h("form", { class: "filters", testid: "network-filters", "aria-label": "Network filters" },
    h("div", { class: "field" }, h("label", { for: "n-since" }, "From"), h("input", { id: "n-since", type: "date", value: params.since || "" })),
    h("div", { class: "field" }, h("label", { for: "n-until" }, "To"), h("input", { id: "n-until", type: "date", value: params.until || "" })),
    h("div", { class: "field" }, h("label", { for: "n-type" }, "Type"),
      h("select", { id: "n-type" }, h("option", { value: "" }, "any"),
        PLOVER_TYPES.map(([t]) => h("option", { value: t, selected: t === params.type }, t)))),
    h("div", { class: "field" }, h("label", { for: "n-min" }, "Min. events per edge"),
      h("input", { id: "n-min", type: "number", min: 1, value: params.min_count || 1, size: 4 })),
    h("div", { class: "field actions" }, h("button", { type: "submit", class: "primary" }, "Apply")));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const v = (id) => form.querySelector(`#${id}`).value;
    navigate("network", { since: v("n-since"), until: v("n-until"), type: v("n-type"), min_count: v("n-min") === "1" ? "" : v("n-min") });
  });
  return form;
}

function legend() {
  return h("ul", { class: "map-legend", testid: "network-legend" },
    ACTOR_LEGEND.map(([label, c]) => h("li", {}, h("span", { class: "dot", style: `background:${c}` }), label)),
    h("li", {}, h("span", { class: "line", style: `background:${SCORE_COLORS.conflict}` }), "conflict"),
    h("li", {}, h("span", { class: "line", style: `background:${SCORE_COLORS.cooperation}` }), "cooperation"),
    h("li", { class: "muted" }, "edge width: events"));
}

export async function render(main, route) {
  const params = route.params;
  const box = h("div", { class: "network-box", testid: "network" }, loading("Laying out the network"));
  const panel = detailPanel("Click an actor to list its events; click an edge to open the dyad's timeline.");
  main.append(h("h1", {}, "Network"), controls(params), legend(), h("div", { class: "split" }, box, panel));
  const net = await api.network({
    since: params.since, until: params.until, type: params.type, min_count: params.min_count, limit: params.limit || DEFAULT_LIMIT,
  });
  clear(box);
  if (!net.nodes.length || !net.edges.length) {
    box.append(emptyState("No actor pairs yet",
      "The network links actors named as source and target of the same event. Widen the filters or ingest more articles.", "network-empty"));
    return;
  }
  box.append(h("p", { class: "muted", testid: "network-count" }, `${fmtInt(net.nodes.length)} actors, ${fmtInt(net.edges.length)} links`));
  const width = Math.max(480, box.clientWidth || 800);
  const onNode = async (node) => {
    clear(panel).append(loading(`Loading events of ${node.name}`));
    try {
      const page = await api.events({ actor: node.id, since: params.since, until: params.until, type: params.type, limit: NODE_EVENTS });
      showEvents(panel, node.name, page.items, { total: page.total, subtitle: [node.id !== node.country ? node.id : null, node.type, node.country].filter(Boolean).join(" · ") });
      panel.append(h("p", {}, h("a", { href: href("events", { actor: node.id }) }, "All events of this actor →")));
    } catch (err) {
      clear(panel).append(errorState(err));
    }
  };
  const onEdge = (edge) => navigate("timeline", { a: edge.source.id, b: edge.target.id });
  drawNetwork(box, net, { width, height: Math.round(width * HEIGHT_RATIO), onNode, onEdge });
  box.append(h("p", { class: "muted small" }, "Drag to move an actor, scroll to zoom. ",
    `Scores: ${net.edges.filter((e) => e.score < 0).length} conflictual links, ${net.edges.filter((e) => e.score > 0).length} cooperative; mean ${fmtScore(net.edges.reduce((s, e) => s + (e.score || 0), 0) / net.edges.length)}.`));
}
