// The actor network: a force layout computed to rest before drawing (stable pictures), edges
// weighted by count and coloured by the sign of their score, nodes draggable, pan and zoom.
import { drag } from "d3-drag";
import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY } from "d3-force";
import { scaleSqrt } from "d3-scale";
import { select } from "d3-selection";
import { zoom } from "d3-zoom";
import { actorColor } from "../plover.js";
import { SCORE_COLORS, fmtScore, scoreColor, sign } from "../util.js";

const TICKS = 300;
const LABEL_MIN_RANK = 80;
const FIT_PAD = 40;
const MAX_FIT_SCALE = 1.8;
const ARROW = 8;
const LABEL_CHARS = 26;
const LINK_PX = 70;
// a→b and b→a both drawn: each bends this share of its length to its own side
const BEND = 0.18;

const short = (s) => (s && s.length > LABEL_CHARS ? `${s.slice(0, LABEL_CHARS - 1)}…` : s || "");

/** Scale and centre the rested layout to fill the drawing (labels need the top margin). */
function fit(nodes, width, height) {
  const xs = nodes.map((n) => n.x);
  const ys = nodes.map((n) => n.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const k = Math.min(MAX_FIT_SCALE, (width - 2 * FIT_PAD) / Math.max(1, x1 - x0),
    (height - 2 * FIT_PAD) / Math.max(1, y1 - y0));
  for (const n of nodes) {
    n.x = width / 2 + (n.x - (x0 + x1) / 2) * k;
    n.y = height / 2 + (n.y - (y0 + y1) / 2) * k + 6;
  }
}

/** A straight edge, or a bent one when the reverse edge exists; it ends at the target's rim
 * (`back` pixels before its centre) so the arrowhead shows. */
function edgePath(d, back) {
  const { x: x1, y: y1 } = d.source;
  const { x: x2, y: y2 } = d.target;
  const dist = Math.hypot(x2 - x1, y2 - y1) || 1;
  const bend = d.reciprocal ? BEND * dist : 0;
  // control point: the midpoint pushed sideways (to the right of source → target)
  const cx = (x1 + x2) / 2 + (bend * (y2 - y1)) / dist;
  const cy = (y1 + y2) / 2 - (bend * (x2 - x1)) / dist;
  const tx = x2 - cx;
  const ty = y2 - cy;
  const t = Math.hypot(tx, ty) || 1;
  const ex = x2 - (tx / t) * back;
  const ey = y2 - (ty / t) * back;
  return `M${x1},${y1}Q${cx},${cy} ${ex},${ey}`;
}

function arrowheads(svg) {
  const defs = svg.append("defs");
  for (const [name, color] of Object.entries(SCORE_COLORS)) {
    defs.append("marker").attr("id", `arrow-${name}`).attr("viewBox", "0 -5 10 10")
      .attr("refX", 10).attr("refY", 0).attr("markerUnits", "userSpaceOnUse")
      .attr("markerWidth", ARROW).attr("markerHeight", ARROW).attr("orient", "auto")
      .append("path").attr("d", "M0,-5L10,0L0,5Z").attr("fill", color);
  }
}

/** Draw; `onNode(node)` and `onEdge(edge)` when one is chosen. Returns the SVG node. */
export function drawNetwork(container, net, { width, height, onNode, onEdge }) {
  const nodes = net.nodes.map((n) => ({ ...n }));
  const ids = new Set(nodes.map((n) => n.id));
  const links = net.edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map((e) => ({ ...e }));
  const maxN = Math.max(1, ...nodes.map((n) => n.n || 1));
  const radius = scaleSqrt().domain([1, maxN]).range([5, 22]);
  const stroke = scaleSqrt().domain([1, Math.max(1, ...links.map((l) => l.n))]).range([1.2, 9]);
  const sim = forceSimulation(nodes)
    .force("link", forceLink(links).id((d) => d.id).strength(0.35)
      .distance((l) => LINK_PX + radius(l.source.n || 1) + radius(l.target.n || 1)))
    .force("charge", forceManyBody().strength(-260))
    .force("x", forceX(width / 2).strength(0.06))
    .force("y", forceY(height / 2).strength(0.09))
    .force("collide", forceCollide((d) => radius(d.n || 1) + 4))
    .stop();
  for (let i = 0; i < TICKS; i += 1) sim.tick();
  fit(nodes, width, height);

  const svg = select(container).append("svg")
    .attr("viewBox", `0 0 ${width} ${height}`).attr("width", width).attr("height", height)
    .attr("class", "network").attr("role", "img").attr("aria-label", `Network of ${nodes.length} actors`)
    .attr("data-testid", "network-svg");
  arrowheads(svg);
  const g = svg.append("g");
  svg.call(zoom().scaleExtent([0.3, 6]).on("zoom", (ev) => g.attr("transform", ev.transform)));

  const pairs = new Set(links.map((l) => `${l.source.id}\u0000${l.target.id}`));
  for (const l of links) l.reciprocal = pairs.has(`${l.target.id}\u0000${l.source.id}`);
  const link = g.append("g").attr("class", "links").selectAll("path").data(links).join("path")
    .attr("class", "edge").attr("data-testid", "network-edge")
    .attr("stroke", (d) => scoreColor(d.score)).attr("stroke-width", (d) => stroke(d.n))
    .attr("marker-end", (d) => `url(#arrow-${sign(d.score)})`)
    .on("click", (_, d) => onEdge(d));
  link.append("title").text((d) => `${d.source.name} – ${d.target.name}: ${d.n} events, score ${fmtScore(d.score)}`);

  const ranked = [...nodes].sort((a, b) => (b.n || 0) - (a.n || 0));
  const labelled = new Set(ranked.slice(0, LABEL_MIN_RANK).map((n) => n.id));
  const node = g.append("g").attr("class", "nodes").selectAll("g").data(nodes).join("g")
    .attr("class", "node").attr("data-testid", "network-node").attr("data-id", (d) => d.id)
    .attr("tabindex", 0).attr("role", "button")
    .attr("aria-label", (d) => `${d.name}: ${d.n} events`)
    .on("click", (ev, d) => { if (!ev.defaultPrevented) onNode(d); })
    .on("keydown", (ev, d) => {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); onNode(d); }
    });
  node.append("circle").attr("r", (d) => radius(d.n || 1)).attr("fill", (d) => actorColor(d.type));
  node.append("text").attr("class", "node-label").attr("dy", (d) => -radius(d.n || 1) - 4)
    .attr("text-anchor", "middle").text((d) => (labelled.has(d.id) ? short(d.name || d.id) : ""));
  node.append("title").text((d) => `${d.name} (${[d.id, d.type, d.country].filter(Boolean).join(" · ")}) · ${d.n} events`);

  const place = () => {
    link.attr("d", (d) => edgePath(d, radius(d.target.n || 1) + 2));
    node.attr("transform", (d) => `translate(${d.x},${d.y})`);
  };
  node.call(drag().on("drag", (ev, d) => {
    d.x = ev.x;
    d.y = ev.y;
    place();
  }));
  place();
  return svg.node();
}
