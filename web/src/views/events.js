// Events: a filterable, paged table of GET /events with modality badges and evidence.
import { api } from "../api.js";
import { actorTypeahead } from "../components/typeahead.js";
import { MODALITIES, PLOVER_TYPES, modalityBadge, typeChip } from "../plover.js";
import { href, navigate } from "../router.js";
import { clear, emptyState, errorState, fmtInt, h, loading, names, truncate } from "../util.js";

export const TITLE = "Events";
const PAGE = 50;
const FILTERS = ["actor", "type", "modality", "since", "until", "country", "has_place"];

function select(id, label, value, options, testid) {
  return h("div", { class: "field" },
    h("label", { for: id }, label),
    h("select", { id, name: id, testid },
      h("option", { value: "" }, "any"),
      options.map((o) => h("option", { value: o, selected: o === value }, o))));
}

function input(id, label, value, attrs = {}) {
  return h("div", { class: "field" },
    h("label", { for: id }, label),
    h("input", { id, name: id, value: value || "", ...attrs }));
}

function filterForm(params) {
  const actor = actorTypeahead({ label: "Actor", testid: "filter-actor", initial: params.actor || "" });
  const form = h("form", { class: "filters", testid: "event-filters", "aria-label": "Event filters" },
    actor,
    select("f-type", "Type", params.type, PLOVER_TYPES.map(([t]) => t), "filter-type"),
    select("f-modality", "Modality", params.modality, Object.keys(MODALITIES), "filter-modality"),
    input("f-since", "From", params.since, { type: "date", testid: "filter-since" }),
    input("f-until", "To", params.until, { type: "date", testid: "filter-until" }),
    input("f-country", "Country", params.country, { placeholder: "ISO3, e.g. SDN", maxlength: 3, size: 6, testid: "filter-country", pattern: "[A-Za-z]{3}" }),
    h("div", { class: "field check" },
      h("input", { id: "f-has-place", type: "checkbox", checked: params.has_place === "true" }),
      h("label", { for: "f-has-place" }, "with a place")),
    h("div", { class: "field actions" },
      h("button", { type: "submit", class: "primary", testid: "filter-apply" }, "Apply"),
      h("a", { href: href("events"), class: "button" }, "Reset")));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const v = (id) => form.querySelector(`#${id}`).value.trim();
    navigate("events", {
      actor: actor.value(), type: v("f-type"), modality: v("f-modality"), since: v("f-since"),
      until: v("f-until"), country: v("f-country").toUpperCase(),
      has_place: form.querySelector("#f-has-place").checked ? "true" : "",
    });
  });
  if (params.actor) {
    api.actors({ q: params.actor, limit: 10 }).then((page) => {
      const hit = (page.items || []).find((a) => a.actor_id === params.actor);
      if (hit) actor.setActor(hit);
    }).catch(() => {});
  }
  return form;
}

function row(ev) {
  return h("tr", { testid: "event-row" },
    h("td", { class: "nowrap" }, ev.date || h("span", { class: "muted" }, "undated")),
    h("td", {}, typeChip(ev.type), ev.mode ? h("div", { class: "mode" }, ev.mode.replaceAll("_", " ")) : null),
    h("td", {}, h("span", { class: "src" }, names(ev.source_names)), h("span", { class: "arrow", "aria-label": "to" }, " → "),
      h("span", { class: "tgt" }, names(ev.target_names))),
    h("td", {}, modalityBadge(ev.modality)),
    h("td", {}, ev.place_name || h("span", { class: "muted" }, "—"),
      ev.place_country ? h("span", { class: "muted" }, ` ${ev.place_country}`) : null),
    h("td", { class: "num", title: "documents reporting this event" }, fmtInt(ev.n_docs ?? 1)),
    h("td", { class: "evidence-cell", title: ev.evidence || "" }, truncate(ev.evidence, 180)),
    h("td", {}, h("a", { href: href("article", { event: ev.event_id }, ev.doc_id), "aria-label": `Open the article of event ${ev.event_id}` }, "article")));
}

function table(page, params) {
  const items = page.items || [];
  if (!items.length) {
    const filtered = FILTERS.some((k) => params[k]);
    return filtered
      ? emptyState("No events match these filters", "Remove a filter or widen the date range.", "empty-events")
      : emptyState("No events in the store", ["Ingest articles with ", h("code", {}, "flashpoint ingest FILES --db STORE"), "."], "empty-events");
  }
  const offset = page.offset || 0;
  const end = offset + items.length;
  const go = (o) => navigate("events", { ...params, offset: o || "" });
  return h("div", {},
    h("p", { class: "muted", testid: "events-count" }, `${offset + 1}–${end} of ${fmtInt(page.total)} events`),
    h("div", { class: "table-wrap" }, h("table", { class: "table events-table", testid: "events-table" },
      h("caption", { class: "sr-only" }, "Events matching the filters"),
      h("thead", {}, h("tr", {}, ["Date", "Type", "Source → target", "Modality", "Place", "Docs", "Evidence", ""]
        .map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, items.map(row)))),
    h("nav", { class: "pager", "aria-label": "Pages", testid: "pager" },
      h("button", { type: "button", disabled: offset === 0, onclick: () => go(Math.max(0, offset - PAGE)), testid: "page-prev" }, "Previous"),
      h("span", {}, `Page ${Math.floor(offset / PAGE) + 1} of ${Math.max(1, Math.ceil(page.total / PAGE))}`),
      h("button", { type: "button", disabled: end >= page.total, onclick: () => go(end), testid: "page-next" }, "Next")));
}

export async function render(main, route) {
  const params = route.params;
  const body = h("div", {}, loading("Loading events"));
  main.append(h("h1", {}, "Events"), filterForm(params), body);
  const query = Object.fromEntries(FILTERS.map((k) => [k, params[k]]));
  try {
    const page = await api.events({ ...query, limit: PAGE, offset: params.offset || 0 });
    clear(body).append(table(page, params));
  } catch (err) {
    clear(body).append(errorState(err));
  }
}
