// Timeline: conflict/cooperation between two actors over time (GET /dyads/{a}/{b}/timeline);
// clicking a period lists its events with their evidence.
import { api } from "../api.js";
import { drawTimeline, escalationSignals } from "../charts/timeline-chart.js";
import { detailPanel, showEvents } from "../components/evidence.js";
import { actorTypeahead } from "../components/typeahead.js";
import { isoDay, lastDay } from "../periods.js";
import { PLOVER_TYPES } from "../plover.js";
import { href, navigate } from "../router.js";
import { clear, emptyState, errorState, fmtInt, fmtScore, h, loading, plural, scoreColor } from "../util.js";

export const TITLE = "Timeline";
const FREQS = ["day", "week", "month"];
const QUICK_DYADS = 10;
// The timeline plots events dated to the day; /network counts undated ones too, unless asked
// for a date range, so the quick picks ask for "since the earliest date" to offer dyads that
// have a timeline.
const EVER = "1900-01-01";
const EVENTS_PER_PERIOD = 200;

function controls(params) {
  const a = actorTypeahead({ label: "Actor A", testid: "actor-a", initial: params.a || "" });
  const b = actorTypeahead({ label: "Actor B", testid: "actor-b", initial: params.b || "" });
  const freq = h("select", { id: "tl-freq", testid: "timeline-freq" },
    FREQS.map((f) => h("option", { value: f, selected: f === (params.freq || "week") }, f)));
  const directed = h("input", { id: "tl-directed", type: "checkbox", checked: params.directed === "true" });
  const form = h("form", { class: "filters", testid: "timeline-form", "aria-label": "Dyad" },
    a, b,
    h("div", { class: "field" }, h("label", { for: "tl-freq" }, "Per"), freq),
    h("div", { class: "field check" }, directed, h("label", { for: "tl-directed" }, "only A → B")),
    h("div", { class: "field actions" }, h("button", { type: "submit", class: "primary", testid: "timeline-show" }, "Show")));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (!a.value() || !b.value()) {
      (a.value() ? b : a).querySelector("input").focus();
      return;
    }
    navigate("timeline", { a: a.value(), b: b.value(), freq: freq.value, directed: directed.checked ? "true" : "" });
  });
  return { form, a, b };
}

/** a→b and b→a edges as one pair (the timeline is undirected unless asked). */
function undirected(edges) {
  const pairs = new Map();
  for (const e of edges) {
    const key = [e.source, e.target].sort().join("\u0000");
    const p = pairs.get(key);
    if (p) {
      p.n += e.n;
      p.score += e.score || 0;
    } else pairs.set(key, { source: e.source, target: e.target, n: e.n, score: e.score || 0 });
  }
  return [...pairs.values()];
}

function quickPicks(params) {
  const box = h("div", { class: "quick", testid: "quick-dyads" }, h("span", { class: "muted" }, "Busiest dyads: "));
  api.network({ limit: 100, since: EVER }).then((net) => {
    const byId = new Map(net.nodes.map((n) => [n.id, n.name]));
    const edges = undirected(net.edges).sort((x, y) => y.n - x.n).slice(0, QUICK_DYADS);
    if (!edges.length) box.append(h("span", { class: "muted" }, "none yet (no event has both a source and a target)."));
    for (const e of edges) {
      box.append(h("a", {
        class: "chip", testid: "quick-dyad", href: href("timeline", { a: e.source, b: e.target, freq: params.freq || "" }),
        style: `--c:${scoreColor(e.score)}`,
      }, `${byId.get(e.source) || e.source} – ${byId.get(e.target) || e.target}`, h("span", { class: "chip-n" }, fmtInt(e.n))));
    }
  }).catch(() => box.remove());
  return box;
}

async function dyadEvents(tl, range, directed) {
  const asks = [api.events({ ...range, source: tl.a.id, target: tl.b.id })];
  if (!directed) asks.push(api.events({ ...range, source: tl.b.id, target: tl.a.id }));
  const pages = await Promise.all(asks);
  const seen = new Set();
  const items = pages.flatMap((p) => p.items || []).filter((e) => {
    const key = `${e.doc_id}/${e.event_id}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  items.sort((x, y) => String(x.date).localeCompare(String(y.date)));
  return { items, total: pages.reduce((s, p) => s + (p.total || 0), 0) };
}

function periodEvents(tl, bin, directed) {
  const [start, end] = bin.range;
  return dyadEvents(tl, { since: isoDay(start), until: lastDay(end), limit: EVENTS_PER_PERIOD }, directed);
}

/** No dated series: say so, and show the pair's undated events if there are any. */
async function emptyDyad(body, tl, names, directed) {
  const [nameA, nameB] = names;
  const { items, total } = await dyadEvents(tl, { limit: EVENTS_PER_PERIOD }, directed);
  if (!items.length) {
    body.append(emptyState(`No events between ${nameA} and ${nameB}`,
      "Only events naming one as source and the other as target count. Try another pair, or one of the busiest dyads above.", "empty-dyad"));
    return;
  }
  body.append(emptyState(`No events between ${nameA} and ${nameB} are dated to the day`,
    `The timeline plots events with a day-precise date; the ${plural(total, "event")} below have only a month, a year or no date.`, "empty-dyad"));
  const panel = h("section", { class: "detail static" });
  body.append(panel);
  showEvents(panel, "Events without a day", items, { total, focus: false });
}

function summary(tl) {
  const n = tl.series.reduce((s, d) => s + (d.n || 0), 0);
  const scored = tl.series.filter((d) => d.score !== null && d.score !== undefined);
  const mean = scored.length ? scored.reduce((s, d) => s + d.score, 0) / scored.length : null;
  return h("p", { class: "muted", testid: "timeline-summary" },
    `${plural(n, "event")} in ${plural(tl.series.length, tl.freq || "period")} · mean score `,
    h("strong", { style: `color:${scoreColor(mean)}` }, fmtScore(mean)));
}

function escalationTable(tl) {
  const scored = (tl.escalation || []).filter((e) => e.index !== null && e.index !== undefined);
  if (!scored.length) {
    return h("p", { class: "muted small", testid: "escalation" },
      "Escalation index: not enough earlier periods for a baseline yet.");
  }
  const signals = escalationSignals(scored);
  if (!signals.length) {
    return h("p", { class: "muted small", testid: "escalation" },
      `Escalation index: no ${tl.freq || "period"} unusually hostile (index ≥ 2 over the previous periods).`);
  }
  return h("details", { class: "escalation-table", testid: "escalation", open: true },
    h("summary", {}, `Escalation: ${plural(signals.length, tl.freq || "period")} more hostile than usual (index ≥ 2, marked ▼)`),
    h("table", { class: "table" },
      h("thead", {}, h("tr", {}, ["Period", "Score", "Baseline", "Change", "Index"].map((c) => h("th", { scope: "col", class: c === "Period" ? "" : "num" }, c)))),
      h("tbody", {}, signals.map((e) => h("tr", {},
        h("td", {}, e.period), h("td", { class: "num" }, fmtScore(e.score)), h("td", { class: "num" }, fmtScore(e.baseline)),
        h("td", { class: "num" }, fmtScore(e.change)), h("td", { class: "num" }, fmtScore(e.index)))))));
}

function typeLegend(series) {
  const present = new Set(series.flatMap((d) => Object.keys(d.by_type || {})));
  return h("ul", { class: "map-legend chart-legend", "aria-label": "Event types" },
    PLOVER_TYPES.filter(([t]) => present.has(t)).map(([t, c]) => h("li", {},
      h("span", { class: "dot", style: `background:${c}`, "aria-hidden": "true" }), t)));
}

async function showDyad(body, params) {
  const directed = params.directed === "true";
  const tl = await api.timeline(params.a, params.b, { freq: params.freq || "week", directed: directed ? "true" : "" });
  const nameA = tl.a?.name || params.a;
  const nameB = tl.b?.name || params.b;
  clear(body);
  body.append(h("h2", { testid: "timeline-title" }, `${nameA} ${directed ? "→" : "–"} ${nameB}`));
  if (!tl.series || !tl.series.length) {
    await emptyDyad(body, tl, [nameA, nameB], directed);
    return { nameA, nameB };
  }
  const chart = h("div", { class: "chart" });
  const panel = detailPanel("Click a marker or bar to read that period's events and their evidence.");
  body.append(summary(tl), h("div", { class: "split" }, h("div", { class: "chart-col" }, chart, typeLegend(tl.series), escalationTable(tl)), panel));
  const onPick = async (bin) => {
    clear(panel).append(loading("Loading events"));
    try {
      const { items, total } = await periodEvents(tl, bin, directed);
      showEvents(panel, `${params.freq === "week" || !params.freq ? "Week of " : ""}${bin.period}`, items,
        { total, subtitle: `${plural(bin.n, "event")} after deduplication, score ${fmtScore(bin.score)}; ${plural(items.length, "report")} in the articles:` });
    } catch (err) {
      clear(panel).append(errorState(err));
    }
  };
  drawTimeline(chart, tl.series, tl.escalation, { freq: tl.freq || params.freq || "week", onPick, label: `Timeline of ${nameA} and ${nameB}` });
  return { nameA, nameB };
}

export async function render(main, route) {
  const params = route.params;
  const { form, a, b } = controls(params);
  main.append(h("h1", {}, "Timeline"), form, quickPicks(params));
  const body = h("section", { class: "timeline-body", testid: "timeline-body" });
  main.append(body);
  if (!params.a || !params.b) {
    body.append(emptyState("Pick two actors", "Type in Actor A and Actor B, or choose one of the busiest dyads.", "timeline-empty"));
    return;
  }
  body.append(loading("Loading the timeline"));
  try {
    const { nameA, nameB } = await showDyad(body, params);
    a.setActor({ actor_id: params.a, name: nameA });
    b.setActor({ actor_id: params.b, name: nameB });
  } catch (err) {
    clear(body).append(errorState(err));
  }
}
