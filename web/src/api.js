// The HTTP API (docs/http-api.md) as small async functions; same origin as the dashboard.

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

/** Query string from an object, leaving out empty values. */
export function query(params = {}) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === "" || value === false) continue;
    q.set(key, String(value));
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}

async function request(path, init) {
  let response;
  try {
    response = await fetch(path, { headers: { Accept: "application/json" }, ...init });
  } catch (err) {
    throw new ApiError(0, "network", `The flashpoint server did not answer (${err.message}). Is \`flashpoint serve\` running?`, null);
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const e = (body && body.error) || {};
    const detail = e.message || (body && typeof body.detail === "string" ? body.detail : response.statusText);
    throw new ApiError(response.status, e.code || "http", `${response.status}: ${detail}`, e.field || null);
  }
  return body;
}

const get = (path, params) => request(path + query(params));

const post = (path, data) => request(path, {
  method: "POST",
  headers: { Accept: "application/json", "Content-Type": "application/json" },
  body: JSON.stringify(data),
});

const seg = (s) => encodeURIComponent(s);

export const api = {
  health: () => get("/health"),
  stats: () => get("/stats"),
  events: (params) => get("/events", params),
  actors: (params) => get("/actors", params),
  timeline: (a, b, params) => get(`/dyads/${seg(a)}/${seg(b)}/timeline`, params),
  network: (params) => get("/network", params),
  documents: (params) => get("/documents", params),
  document: (id) => get(`/documents/${seg(id)}`),
  extract: (body) => post("/extract", body),
};
