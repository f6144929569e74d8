// The dashboard shell: navigation, the health line, and one view at a time by hash route.
import { api } from "./api.js";
import { currentRoute } from "./router.js";
import { clear, errorState, fmtInt, h } from "./util.js";
import * as article from "./views/article.js";
import * as events from "./views/events.js";
import * as map from "./views/map.js";
import * as network from "./views/network.js";
import * as overview from "./views/overview.js";
import * as paste from "./views/paste.js";
import * as timeline from "./views/timeline.js";

const VIEWS = { overview, timeline, map, network, events, article, paste };

let cleanup = null;
let renderSeq = 0;

async function render(ev) {
  const route = currentRoute();
  const view = VIEWS[route.name] || overview;
  const main = document.getElementById("main");
  if (typeof cleanup === "function") cleanup();
  cleanup = null;
  // Each render gets its own root: a slow answer for a view the user has left lands in a
  // detached element, never in the next view.
  const root = h("div", { class: "view-root" });
  clear(main).append(root);
  main.dataset.view = route.name in VIEWS ? route.name : "overview";
  for (const link of document.querySelectorAll("nav a[data-route]")) {
    const active = link.dataset.route === main.dataset.view
      || (link.dataset.route === "events" && main.dataset.view === "article");
    if (active) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  document.title = `${view.TITLE || "flashpoint"} · flashpoint`;
  const seq = ++renderSeq;
  if (ev && ev.type === "hashchange") {
    // a new view starts at its top, and screen readers hear that the content changed
    window.scrollTo(0, 0);
    main.focus({ preventScroll: true });
  }
  try {
    const result = await view.render(root, route);
    if (seq === renderSeq) cleanup = result || null;
    else if (typeof result === "function") result();
  } catch (err) {
    if (seq === renderSeq) root.append(errorState(err));
  }
}

async function showHealth() {
  const el = document.getElementById("health");
  try {
    const health = await api.health();
    el.textContent = `${fmtInt(health.documents)} documents · ${fmtInt(health.events)} events`;
    el.classList.add("ok");
  } catch {
    el.textContent = "server not answering";
    el.classList.add("down");
  }
}

function start() {
  window.addEventListener("hashchange", render);
  render();
  showHealth();
  document.body.dataset.ready = "true";
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();

