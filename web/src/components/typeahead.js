// Actor type-ahead over GET /actors?q= : an ARIA combobox with a listbox of matches.
import { api } from "../api.js";
import { debounce, h } from "../util.js";

const DEBOUNCE_MS = 150;
const MAX_OPTIONS = 12;
let counter = 0;

/**
 * An actor picker. `onSelect(actor)` gets {actor_id, name, ...} or null when cleared.
 * `initial` is an actor id shown until the user types.
 */
export function actorTypeahead({ label, testid, initial = "", onSelect, placeholder = "Type a name or id" }) {
  const id = `ta-${++counter}`;
  const input = h("input", {
    id, type: "text", role: "combobox", autocomplete: "off", spellcheck: "false",
    "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": `${id}-list`,
    placeholder, testid: `${testid}-input`, value: initial,
  });
  const list = h("ul", { id: `${id}-list`, role: "listbox", class: "ta-list", hidden: true, testid: `${testid}-options` });
  const wrap = h("div", { class: "field ta", testid },
    h("label", { for: id }, label), input, list);
  let options = [];
  let active = -1;
  let selected = initial ? { actor_id: initial, name: initial } : null;
  wrap.value = () => (selected ? selected.actor_id : input.value.trim());

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const choose = (actor) => {
    selected = actor;
    input.value = actor.name;
    input.title = actor.actor_id;
    close();
    if (onSelect) onSelect(actor);
  };
  const highlight = (i) => {
    active = i;
    [...list.children].forEach((li, j) => li.setAttribute("aria-selected", String(j === i)));
    if (i >= 0 && list.children[i]) {
      input.setAttribute("aria-activedescendant", list.children[i].id);
      list.children[i].scrollIntoView({ block: "nearest" });
    }
  };
  const show = (items) => {
    options = items;
    list.replaceChildren(...items.map((a, i) => h("li", {
      id: `${id}-opt-${i}`, role: "option", "aria-selected": "false", testid: "typeahead-option",
      onmousedown: (ev) => { ev.preventDefault(); choose(a); },
    }, h("span", { class: "ta-name" }, a.name),
    h("span", { class: "ta-meta" }, [a.actor_id, a.type, a.country].filter(Boolean).join(" · ")),
    h("span", { class: "ta-count" }, `${a.n_events ?? 0} ev`))));
    if (!items.length) list.append(h("li", { class: "ta-none", role: "option", "aria-disabled": "true" }, "No actor matches"));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    highlight(-1);
  };
  const search = debounce(async () => {
    const q = input.value.trim();
    if (!q) { close(); return; }
    try {
      const page = await api.actors({ q, limit: MAX_OPTIONS });
      if (input.value.trim() === q) show(page.items || []);
    } catch {
      close();
    }
  }, DEBOUNCE_MS);

  input.addEventListener("input", () => {
    selected = null;
    input.removeAttribute("title");
    if (onSelect) onSelect(null);
    search();
  });
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown" && options.length) {
      ev.preventDefault();
      if (list.hidden) show(options);
      highlight(Math.min(active + 1, options.length - 1));
    } else if (ev.key === "ArrowUp" && options.length) {
      ev.preventDefault();
      highlight(Math.max(active - 1, 0));
    } else if (ev.key === "Enter" && !list.hidden && active >= 0) {
      ev.preventDefault();
      choose(options[active]);
    } else if (ev.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 100));
  wrap.setActor = (actor) => {
    selected = actor;
    input.value = actor ? actor.name : "";
    if (actor) input.title = actor.actor_id;
  };
  return wrap;
}
