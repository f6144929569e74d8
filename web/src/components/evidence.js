// Event cards with their evidence sentence: the panel the timeline, map and network open.
import { modalityBadge, typeChip } from "../plover.js";
import { href } from "../router.js";
import { clear, emptyState, h, names, plural } from "../util.js";

/** One event as a card: type, who → whom, modality, date, place, support, the sentence. */
export function eventCard(ev) {
  const meta = [ev.date || "undated", ev.place_name, ev.n_docs > 1 ? `${ev.n_docs} documents` : null]
    .filter(Boolean).join(" · ");
  return h("li", { class: "event-card", testid: "evidence-item" },
    h("div", { class: "event-card-head" },
      typeChip(ev.type),
      ev.mode ? h("span", { class: "mode" }, ev.mode.replaceAll("_", " ")) : null,
      modalityBadge(ev.modality),
      h("span", { class: "meta" }, meta)),
    h("p", { class: "dyad" },
      h("span", { class: "src" }, names(ev.source_names)), " → ",
      h("span", { class: "tgt" }, names(ev.target_names))),
    h("blockquote", { class: "evidence", testid: "evidence-text" }, ev.evidence || "(no sentence)"),
    h("a", { class: "open-article", href: href("article", { event: ev.event_id }, ev.doc_id), testid: "open-article" },
      "Open in article"));
}

/** Fill a detail panel with a heading and event cards (or an empty message). */
export function showEvents(panel, title, events, { total = null, subtitle = null, focus = true } = {}) {
  clear(panel);
  panel.append(h("h3", { tabindex: "-1", class: "panel-title" }, title));
  if (subtitle) panel.append(h("p", { class: "muted" }, subtitle));
  if (!events.length) {
    panel.append(emptyState("No events here", "Try a wider date range or another selection."));
    return;
  }
  const more = total !== null && total > events.length;
  if (more || !subtitle) {
    panel.append(h("p", { class: "muted", testid: "panel-count" },
      more ? `Showing ${events.length} of ${plural(total, "event")}` : plural(events.length, "event")));
  }
  panel.append(h("ul", { class: "event-cards", testid: "evidence-list" }, events.map(eventCard)));
  if (focus) panel.querySelector(".panel-title").focus({ preventScroll: true });
}

/** An empty detail panel that says what clicking will show. */
export function detailPanel(hint) {
  return h("section", { class: "detail", testid: "detail-panel", "aria-live": "polite" },
    h("p", { class: "muted" }, hint));
}
