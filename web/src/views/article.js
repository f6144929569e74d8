// Article: one contract document with actors, events, quotes, times and places highlighted,
// and a side list of events that scroll to (and flash) their evidence sentence.
import { api } from "../api.js";
import { highlight } from "../highlight.js";
import { modalityBadge, typeChip } from "../plover.js";
import { href, replaceParams } from "../router.js";
import { emptyState, h, plural } from "../util.js";

export const TITLE = "Article";

const LAYERS = [
  ["evidence", "Event evidence"], ["quote", "Quotes"], ["actor", "Actors"],
  ["place", "Places"], ["time", "Times"],
];

function layersOf(doc) {
  const actorsById = new Map(doc.actors.map((a) => [a.id, a]));
  const sentences = new Map();
  for (const ev of doc.events) {
    if (!ev.evidence) continue;
    const key = `${ev.evidence.start}-${ev.evidence.end}`;
    if (!sentences.has(key)) sentences.set(key, { ...ev.evidence, ids: [] });
    sentences.get(key).ids.push(ev.id);
  }
  const evidence = [...sentences.values()].map((s) => ({
    start: s.start, end: s.end, key: s.ids.join(" "),
    attrs: { class: "hl hl-evidence", testid: "hl-evidence", "data-events": s.ids.join(" ") },
  }));
  const quotes = (doc.statements || []).map((st, i) => ({
    start: st.quote.start, end: st.quote.end, key: `q${i}`,
    attrs: {
      class: "hl hl-quote", testid: "hl-quote", "data-quote": i,
      title: `Quote · ${actorsById.get(st.speaker)?.name || st.speaker_text || "unknown speaker"} (${st.channel})`,
    },
  }));
  const actors = doc.actors.flatMap((a) => (a.mentions || []).map((m) => ({
    start: m.start, end: m.end, key: a.id,
    attrs: {
      class: "hl hl-actor", testid: "hl-actor", "data-actor": a.id,
      title: [a.name, a.type, a.country, a.role].filter(Boolean).join(" · "),
    },
  })));
  const places = (doc.places || []).map((p) => ({
    start: p.start, end: p.end, key: p.id,
    attrs: {
      class: "hl hl-place", testid: "hl-place", "data-place": p.id,
      title: [p.name, p.feature, p.country, p.lat !== null && p.lat !== undefined ? `${(+p.lat).toFixed(2)}, ${(+p.lon).toFixed(2)}` : null]
        .filter(Boolean).join(" · "),
    },
  }));
  const times = (doc.times || []).map((t, i) => ({
    start: t.start, end: t.end, key: `t${i}`,
    attrs: { class: "hl hl-time", testid: "hl-time", title: `Time · ${t.value || "unresolved"}` },
  }));
  const merge = (spans) => ({ "data-events": spans.map((s) => s.key).join(" ") });
  return [
    { name: "evidence", spans: evidence, tag: "mark", merge },
    { name: "quote", spans: quotes }, { name: "actor", spans: actors },
    { name: "place", spans: places }, { name: "time", spans: times },
  ];
}

function legend(textEl) {
  return h("fieldset", { class: "legend", testid: "article-legend" },
    h("legend", {}, "Highlight"),
    LAYERS.map(([name, label]) => {
      const id = `show-${name}`;
      const box = h("input", { type: "checkbox", id, checked: true, testid: `toggle-${name}` });
      box.addEventListener("change", () => textEl.classList.toggle(`hide-${name}`, !box.checked));
      return h("span", { class: "legend-item" }, box,
        h("label", { for: id }, h("span", { class: `swatch sw-${name}`, "aria-hidden": "true" }), label));
    }));
}

function focusSpans(textEl, selector) {
  for (const el of textEl.querySelectorAll(".is-focused")) el.classList.remove("is-focused");
  const hits = [...textEl.querySelectorAll(selector)];
  if (!hits.length) return false;
  for (const el of hits) el.classList.add("is-focused");
  const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  hits[0].scrollIntoView({ block: "center", behavior: still ? "auto" : "smooth" });
  return true;
}

function focusEvent(textEl, list, id, { updateUrl }) {
  for (const b of list.querySelectorAll("[aria-pressed]")) b.setAttribute("aria-pressed", String(b.dataset.event === id));
  focusSpans(textEl, `mark[data-events~="${CSS.escape(id)}"]`);
  if (updateUrl) replaceParams({ event: id });
}

function eventList(doc, textEl, updateUrl) {
  const names = new Map(doc.actors.map((a) => [a.id, a.name]));
  const who = (ids) => (ids.length ? ids.map((i) => names.get(i) || i).join(", ") : "—");
  const events = [...doc.events].sort((a, b) => (a.evidence?.start ?? 0) - (b.evidence?.start ?? 0));
  const list = h("ol", { class: "side-events", testid: "article-events" });
  for (const ev of events) {
    list.append(h("li", {}, h("button", {
      type: "button", class: "side-event", "data-event": ev.id, "aria-pressed": "false", testid: "article-event",
      onclick: () => focusEvent(textEl, list, ev.id, { updateUrl }),
    },
    h("span", { class: "side-event-head" }, typeChip(ev.type), modalityBadge(ev.modality),
      h("span", { class: "muted" }, ev.date || "undated")),
    h("span", { class: "dyad" }, ev.source.length || ev.target.length
      ? `${who(ev.source)} → ${who(ev.target)}` : h("span", { class: "muted" }, "no actor named")))));
  }
  return { list, events };
}

function sideSection(title, count, body, testid) {
  return h("details", { class: "side-section", open: true, testid },
    h("summary", {}, h("span", {}, title), h("span", { class: "count" }, String(count))), body);
}

function actorList(doc, textEl) {
  const actors = [...doc.actors].sort((a, b) => (b.mentions?.length || 0) - (a.mentions?.length || 0));
  return h("ul", { class: "side-actors" }, actors.map((a) => h("li", {},
    h("button", {
      type: "button", class: "linkish", testid: "article-actor",
      onclick: () => focusSpans(textEl, `[data-actor="${CSS.escape(a.id)}"]`),
    }, a.name),
    h("span", { class: "muted" }, ` ${[a.type, a.country].filter(Boolean).join(" · ")} · ${a.mentions?.length || 0}×`))));
}

function quoteList(doc, textEl) {
  const names = new Map(doc.actors.map((a) => [a.id, a.name]));
  return h("ul", { class: "side-quotes" }, (doc.statements || []).map((st, i) => h("li", {},
    h("button", {
      type: "button", class: "linkish", testid: "article-quote",
      onclick: () => focusSpans(textEl, `[data-quote="${i}"]`),
    }, names.get(st.speaker) || st.speaker_text || "unknown speaker"),
    h("span", { class: "muted" }, ` (${st.channel}) `),
    h("span", { class: "quote-snippet" }, st.quote.text.length > 120 ? `${st.quote.text.slice(0, 120)}…` : st.quote.text))));
}

function header(doc, fallbackTitle) {
  const facts = [
    doc.published ? `Published ${doc.published}` : "No publication date",
    doc.source, doc.language, `id ${doc.id}`,
  ].filter(Boolean);
  return h("header", { class: "article-head" },
    h("h1", { testid: "article-title" }, doc.title || fallbackTitle),
    h("p", { class: "muted" }, facts.join(" · ")),
    h("p", { class: "counts" }, [
      plural(doc.actors.length, "actor"), plural(doc.events.length, "event"),
      plural((doc.statements || []).length, "quote"), plural((doc.places || []).length, "place"),
      plural((doc.times || []).length, "time"),
    ].join(" · ")));
}

function dropped(doc) {
  if (!doc.dropped || !doc.dropped.length) return null;
  return h("details", { class: "dropped", testid: "dropped" },
    h("summary", {}, `Cleaning removed ${plural(doc.dropped.length, "passage")}`),
    h("ul", {}, doc.dropped.map((d) => h("li", {}, h("span", { class: "badge" }, d.reason), " ", d.text))));
}

/** Render a contract document into `container` (used by the article and paste views). */
export function renderDocument(container, doc, { focus = null, updateUrl = true, fallbackTitle = "Untitled document" } = {}) {
  const textEl = h("div", { class: "article-text", testid: "article-text", lang: doc.language || "en" },
    highlight(doc.text || "", layersOf(doc)));
  const { list, events } = eventList(doc, textEl, updateUrl);
  const side = h("aside", { class: "article-side", "aria-label": "What flashpoint found" },
    sideSection("Events", events.length,
      events.length ? list : h("p", { class: "muted" }, "No events found in this text."), "side-events"),
    doc.statements && doc.statements.length
      ? sideSection("Quotes", doc.statements.length, quoteList(doc, textEl), "side-quotes") : null,
    sideSection("Actors", doc.actors.length, actorList(doc, textEl), "side-actors"));
  container.append(header(doc, fallbackTitle), legend(textEl),
    h("div", { class: "article-layout" }, h("article", { class: "article-body" }, textEl, dropped(doc)), side));
  if (focus) requestAnimationFrame(() => focusEvent(textEl, list, focus, { updateUrl: false }));
}

export async function render(main, route) {
  const id = route.rest[0];
  if (!id) {
    main.append(emptyState("No document chosen", "Open one from the Overview or the Events table."));
    return;
  }
  main.append(h("p", { class: "back" }, h("a", { href: href("events") }, "← Events")));
  const doc = await api.document(id);
  renderDocument(main, doc, { focus: route.params.event || null });
}
