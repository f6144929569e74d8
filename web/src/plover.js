// The PLOVER vocabulary as the dashboard shows it: type colours, modality badges, actor types.
import { h } from "./util.js";

// Cooperative types in blues and greens, conflictual ones in reds, oranges and purples; the
// order is the contract's (document.schema.json, event.type).
export const PLOVER_TYPES = [
  ["AGREE", "#0f766e"], ["CONSULT", "#2563eb"], ["SUPPORT", "#0891b2"], ["CONCEDE", "#65a30d"],
  ["COOPERATE", "#16a34a"], ["AID", "#4f46e5"], ["RETREAT", "#0ea5e9"], ["REQUEST", "#64748b"],
  ["ACCUSE", "#d97706"], ["REJECT", "#ca8a04"], ["THREATEN", "#ea580c"], ["PROTEST", "#db2777"],
  ["SANCTION", "#9333ea"], ["MOBILIZE", "#92400e"], ["COERCE", "#9f1239"], ["ASSAULT", "#dc2626"],
];

const TYPE_COLOR = new Map(PLOVER_TYPES);

export const typeColor = (type) => TYPE_COLOR.get(type) || "#6b7280";

export function typeChip(type) {
  return h("span", { class: "type-chip", testid: "type-chip", style: `--c:${typeColor(type)}` },
    type || "?");
}

export const MODALITIES = {
  asserted: "the text says it happened",
  reported: "attributed to reports or claims",
  planned: "an intention",
  hypothetical: "an estimate, or would / could",
  conditional: "if–then",
  negated: "did not happen",
};

export function modalityBadge(modality) {
  const m = modality || "unknown";
  return h("span", {
    class: `badge badge-${m}`, testid: "modality-badge", title: MODALITIES[m] || m,
  }, m);
}

// Actor types grouped into a few colours for the network view.
const ACTOR_GROUPS = {
  state: "#1d4ed8", government: "#1d4ed8",
  military: "#334155", police: "#334155", intelligence: "#334155",
  armed_group: "#b91c1c",
  party: "#7c3aed", igo: "#0f766e", ngo: "#0d9488", media: "#a16207", business: "#a16207",
  religious: "#a16207", civilians: "#64748b", person: "#9ca3af", other: "#9ca3af",
};

export const actorColor = (type) => ACTOR_GROUPS[type] || "#9ca3af";

export const ACTOR_LEGEND = [
  ["state / government", "#1d4ed8"], ["military / police", "#334155"],
  ["armed group", "#b91c1c"], ["IGO / NGO", "#0f766e"], ["party", "#7c3aed"],
  ["person / other", "#9ca3af"],
];
