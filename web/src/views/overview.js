// Overview: what is in the store, events by type, the busiest dyads, the documents.
import { api } from "../api.js";
import { href } from "../router.js";
import { MODALITIES, typeColor } from "../plover.js";
import { clear, emptyState, errorState, fmtInt, fmtScore, h, loading, plural, scoreColor } from "../util.js";

export const TITLE = "Overview";
const DOC_PAGE = 15;
const TOP_DYADS = 8;

// /stats is loosely specified ("counts by table, events by type, date range"): read the
// likely shapes and show what is there.
function asPairs(value) {
  if (!value) return [];
  if (Array.isArray(value)) {
    return value.map((r) => [r.type ?? r.key ?? r.name ?? r[0], r.n ?? r.count ?? r.value ?? r[1]]);
  }
  if (typeof value === "object") return Object.entries(value);
  return [];
}

function statsParts(stats) {
  const counts = stats.counts || stats.tables || stats.table_counts
    || Object.fromEntries(Object.entries(stats).filter(([, v]) => typeof v === "number"));
  const byType = asPairs(stats.events_by_type || stats.by_type || stats.types)
    .filter(([k]) => k).sort((a, b) => b[1] - a[1]);
  const order = Object.keys(MODALITIES);
  const byModality = asPairs(stats.events_by_modality || stats.by_modality || stats.modalities)
    .sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
  const span = (r) => {
    if (!r) return [null, null];
    if (Array.isArray(r)) return r;
    return [r.first ?? r.min ?? r.since ?? null, r.last ?? r.max ?? r.until ?? null];
  };
  const [first, last] = span(stats.event_dates || stats.date_range || stats.dates);
  const [pubFirst, pubLast] = span(stats.published);
  return { counts, byType, byModality, first, last, pubFirst, pubLast };
}

function kpis(counts, health) {
  const merged = { documents: health.documents, events: health.events, ...counts };
  return h("div", { class: "kpis", testid: "kpis" }, Object.entries(merged)
    .filter(([, v]) => typeof v === "number")
    .map(([k, v]) => h("div", { class: "kpi" },
      h("span", { class: "kpi-value" }, fmtInt(v)),
      h("span", { class: "kpi-label" }, k.replaceAll("_", " ")))));
}

function bars(title, pairs, colorOf, linkOf, testid) {
  const max = Math.max(1, ...pairs.map(([, n]) => n));
  return h("section", { class: "card", testid },
    h("h2", {}, title),
    pairs.length ? h("ul", { class: "hbars" }, pairs.map(([k, n]) => h("li", {},
      h("a", { href: linkOf(k), class: "hbar-label" }, k),
      h("span", { class: "hbar-track" },
        h("span", { class: "hbar", style: `width:${(100 * n) / max}%;background:${colorOf(k)}` })),
      h("span", { class: "hbar-n" }, fmtInt(n)))))
      : h("p", { class: "muted" }, "No events yet."));
}

function dyadList(net) {
  const byId = new Map((net.nodes || []).map((n) => [n.id, n]));
  const edges = [...(net.edges || [])].sort((a, b) => b.n - a.n).slice(0, TOP_DYADS);
  return h("section", { class: "card", testid: "top-dyads" },
    h("h2", {}, "Busiest dyads"),
    edges.length ? h("ol", { class: "dyad-list" }, edges.map((e) => h("li", {},
      h("a", { href: href("timeline", { a: e.source, b: e.target }) },
        `${byId.get(e.source)?.name || e.source} – ${byId.get(e.target)?.name || e.target}`),
      h("span", { class: "muted" }, ` ${plural(e.n, "event")}, score `),
      h("span", { style: `color:${scoreColor(e.score)}` }, fmtScore(e.score)))))
      : h("p", { class: "muted" }, "No events with both a source and a target yet."));
}

function documentsCard(params) {
  const body = h("div", {}, loading("Loading documents"));
  const qInput = h("input", { id: "doc-q", type: "search", value: params.q || "", placeholder: "Words in the title or text", testid: "doc-search" });
  const form = h("form", { class: "inline-form", role: "search" },
    h("label", { for: "doc-q" }, "Search documents"), qInput,
    h("button", { type: "submit" }, "Search"));
  let offset = 0;
  const load = async () => {
    try {
      const page = await api.documents({ q: qInput.value.trim(), limit: DOC_PAGE, offset });
      clear(body).append(documentsTable(page, (next) => { offset = next; load(); }));
    } catch (err) {
      clear(body).append(errorState(err));
    }
  };
  form.addEventListener("submit", (ev) => { ev.preventDefault(); offset = 0; load(); });
  load();
  return h("section", { class: "card wide", testid: "documents" }, h("h2", {}, "Documents"), form, body);
}

function documentsTable(page, go) {
  const items = page.items || [];
  if (!items.length) return emptyState("No documents match", "Clear the search to see every document.");
  const end = page.offset + items.length;
  return h("div", {},
    h("table", { class: "table" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Title"), h("th", { scope: "col" }, "Published"),
        h("th", { scope: "col" }, "Source"), h("th", { scope: "col", class: "num" }, "Events"))),
      h("tbody", {}, items.map((d) => h("tr", { testid: "document-row" },
        h("td", {}, h("a", { href: href("article", {}, d.id) }, d.title || d.id)),
        h("td", { class: "nowrap" }, d.published || "—"),
        h("td", { class: "muted" }, d.source || "—"),
        h("td", { class: "num" }, fmtInt(d.n_events)))))),
    h("div", { class: "pager" },
      h("button", { type: "button", disabled: page.offset === 0, onclick: () => go(Math.max(0, page.offset - page.limit)) }, "Previous"),
      h("span", {}, `${page.offset + 1}–${end} of ${fmtInt(page.total)}`),
      h("button", { type: "button", disabled: end >= page.total, onclick: () => go(end) }, "Next")));
}

export async function render(main, route) {
  main.append(h("h1", {}, "Overview"), loading("Reading the store"));
  const [health, stats] = await Promise.all([api.health(), api.stats().catch(() => ({}))]);
  main.querySelector(".loading").remove();
  if (!health.documents) {
    main.append(emptyState("The store is empty",
      ["Ingest some articles with ", h("code", {}, "flashpoint ingest FILES --db STORE"),
        ", serve that store and reload; or paste an article to see what flashpoint extracts."], "empty-store"),
    h("p", {}, h("a", { href: href("paste") }, "Paste an article →")));
    return;
  }
  const parts = statsParts(stats);
  const range = [
    parts.first || parts.last ? `Events dated ${parts.first || "?"} to ${parts.last || "?"}` : null,
    parts.pubFirst || parts.pubLast ? `articles published ${parts.pubFirst || "?"} to ${parts.pubLast || "?"}` : null,
  ].filter(Boolean).join("; ");
  main.append(kpis(parts.counts, health), range ? h("p", { class: "muted", testid: "date-range" }, range) : null);
  const grid = h("div", { class: "grid" });
  main.append(grid);
  grid.append(bars("Events by type", parts.byType, typeColor, (t) => href("events", { type: t }), "by-type"));
  if (parts.byModality.length) {
    grid.append(bars("Events by modality", parts.byModality, () => "#64748b", (m) => href("events", { modality: m }), "by-modality"));
  }
  const dyads = h("div", {}, loading("Finding dyads"));
  grid.append(dyads);
  api.network({ limit: 200 })
    .then((net) => dyads.replaceWith(dyadList(net)))
    .catch((err) => clear(dyads).append(errorState(err)));
  main.append(documentsCard(route.params));
}
