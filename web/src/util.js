// Small DOM and formatting helpers shared by every view.

/** Create an element: h("a", {href: "#/", class: "x", dataset: {testid: "y"}}, "text", child). */
export function h(tag, attrs = {}, ...children) {
  const svg = tag.startsWith("svg:");
  const el = svg
    ? document.createElementNS("http://www.w3.org/2000/svg", tag.slice(4))
    : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "dataset") Object.assign(el.dataset, value);
    else if (key === "testid") el.setAttribute("data-testid", value);
    else if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === "text") el.textContent = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** "Loading …" placeholder with a live region so screen readers hear it. */
export function loading(what = "Loading") {
  return h("p", { class: "loading", role: "status", testid: "loading" }, `${what} …`);
}

/** A helpful empty state: what is missing and what to do about it. */
export function emptyState(title, hint, testid = "empty-state") {
  return h("div", { class: "empty", testid, role: "status" },
    h("p", { class: "empty-title" }, title),
    hint ? h("p", { class: "empty-hint" }, hint) : null);
}

export function errorState(err) {
  const message = err && err.message ? err.message : String(err);
  return h("div", { class: "error", role: "alert", testid: "error" },
    h("p", { class: "empty-title" }, "Something went wrong"),
    h("p", {}, message));
}

export const fmtInt = (n) => (n === null || n === undefined ? "–" : Number(n).toLocaleString("en"));

export function fmtScore(x) {
  if (x === null || x === undefined || Number.isNaN(x)) return "–";
  const v = Number(x);
  return (v > 0 ? "+" : "") + v.toFixed(1);
}

export const plural = (n, one, many = `${one}s`) => `${fmtInt(n)} ${n === 1 ? one : many}`;

/** Shorten long text on a word boundary. */
export function truncate(text, max = 160) {
  if (!text || text.length <= max) return text || "";
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${cut.slice(0, space > max * 0.6 ? space : max)}…`;
}

/** Join names for display ("A, B"), or a dash when there are none. */
export const names = (list) => (list && list.length ? list.join(", ") : "—");

export function sign(x) {
  if (x === null || x === undefined || Math.abs(x) < 1e-9) return "neutral";
  return x < 0 ? "conflict" : "cooperation";
}

export const SCORE_COLORS = { conflict: "#c2410c", cooperation: "#15803d", neutral: "#8a94a6" };

export const scoreColor = (x) => SCORE_COLORS[sign(x)];
