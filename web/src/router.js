// Hash routes: "#/events?type=ASSAULT", "#/article/DOC_ID?event=e3".

/** {name, rest, params} of the current location hash. */
export function currentRoute() {
  const raw = window.location.hash.replace(/^#\/?/, "");
  const [path, search = ""] = raw.split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  return {
    name: parts[0] || "overview",
    rest: parts.slice(1),
    params: Object.fromEntries(new URLSearchParams(search)),
  };
}

/** Hash for a route, leaving out empty parameters. */
export function href(name, params = {}, ...rest) {
  const path = [name, ...rest.map(encodeURIComponent)].join("/");
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && v !== "") q.set(k, String(v));
  }
  const s = q.toString();
  return `#/${path}${s ? `?${s}` : ""}`;
}

/** Go to a route (renders the view). */
export function navigate(name, params = {}, ...rest) {
  window.location.hash = href(name, params, ...rest);
}

/** Record view state in the URL without re-rendering (shareable, survives reload). */
export function replaceParams(params) {
  const r = currentRoute();
  window.history.replaceState(null, "", href(r.name, params, ...r.rest));
}
