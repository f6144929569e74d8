// The dyad timeline: diverging score bars with clickable event markers above a stacked count
// of events by PLOVER type, on one UTC time axis.
import { max } from "d3-array";
import { axisBottom, axisLeft } from "d3-axis";
import { scaleLinear, scaleSqrt, scaleUtc } from "d3-scale";
import { select } from "d3-selection";
import { periodRange } from "../periods.js";
import { PLOVER_TYPES, typeColor } from "../plover.js";
import { fmtScore, scoreColor } from "../util.js";

const MARGIN = { top: 28, right: 20, bottom: 28, left: 48 };
const SCORE_H = 190;
const GAP = 34;
const COUNT_H = 90;
const MIN_BAR_PX = 3;
const MAX_BAR_PX = 28;
const DAY_MS = 86400000;
// The axis spans at least this many periods, so one busy day is not drawn a page wide.
const MIN_SPAN = { day: 14 * DAY_MS, week: 70 * DAY_MS, month: 240 * DAY_MS };
const TYPE_ORDER = PLOVER_TYPES.map(([t]) => t);
// analytics.escalation: a z-like index, positive = escalation, "about 2 or more is unusual".
const ESCALATION_FLAG = 2;

/** Escalation rows whose index says "more hostile than usual" (analytics.escalation). */
export function escalationSignals(escalation) {
  return (escalation || []).filter((e) => e.index !== null && e.index !== undefined && e.index >= ESCALATION_FLAG);
}

function bins(series, freq) {
  return series.map((d) => ({ ...d, range: periodRange(d.period, freq) })).filter((d) => d.range);
}

/** Draw into `container`; `onPick(bin)` when a marker or bar is chosen. Returns the SVG. */
export function drawTimeline(container, series, escalation, { freq, onPick, label }) {
  const data = bins(series, freq);
  const width = Math.max(480, container.clientWidth || 800);
  const height = MARGIN.top + SCORE_H + GAP + COUNT_H + MARGIN.bottom;
  const lo = Math.min(...data.map((d) => d.range[0]));
  const hi = Math.max(...data.map((d) => d.range[1]));
  const pad = Math.max((hi - lo) * 0.04, DAY_MS, ((MIN_SPAN[freq] || 0) - (hi - lo)) / 2);
  const x = scaleUtc().domain([new Date(lo - pad), new Date(hi + pad)]).range([MARGIN.left, width - MARGIN.right]);
  const m = Math.max(1, max(data, (d) => Math.abs(d.score || 0)) * 1.15);
  const y = scaleLinear().domain([-m, m]).range([MARGIN.top + SCORE_H, MARGIN.top]).nice();
  const countTop = MARGIN.top + SCORE_H + GAP;
  const yc = scaleLinear().domain([0, Math.max(1, max(data, (d) => d.n))]).range([countTop + COUNT_H, countTop]).nice();
  const r = scaleSqrt().domain([0, Math.max(1, max(data, (d) => d.n))]).range([0, 11]);
  const slot = (d) => x(d.range[1]) - x(d.range[0]);
  const barW = (d) => Math.min(MAX_BAR_PX, Math.max(MIN_BAR_PX, slot(d) - 1));
  const barX = (d) => x(d.range[0]) + (slot(d) - barW(d)) / 2;

  const svg = select(container).append("svg")
    .attr("viewBox", `0 0 ${width} ${height}`).attr("width", width).attr("height", height)
    .attr("role", "img").attr("aria-label", label).attr("data-testid", "timeline-chart");
  svg.append("text").attr("class", "panel-label").attr("x", MARGIN.left).attr("y", 16)
    .text("Score per period (conflict − / cooperation +)");
  svg.append("g").attr("class", "axis").attr("transform", `translate(${MARGIN.left},0)`)
    .call(axisLeft(y).ticks(5));
  svg.append("line").attr("class", "zero").attr("x1", MARGIN.left).attr("x2", width - MARGIN.right)
    .attr("y1", y(0)).attr("y2", y(0));
  const series_ = svg.append("g").attr("data-testid", "timeline-series");
  series_.selectAll("rect").data(data).join("rect")
    .attr("class", "score-bar").attr("x", barX).attr("width", barW)
    .attr("y", (d) => Math.min(y(0), y(d.score || 0)))
    .attr("height", (d) => Math.max(1, Math.abs(y(d.score || 0) - y(0))))
    .attr("fill", (d) => scoreColor(d.score)).on("click", (_, d) => onPick(d));

  const flags = escalationSignals(escalation).map((e) => ({ ...e, range: periodRange(e.period, freq) }))
    .filter((e) => e.range);
  svg.append("g").selectAll("path").data(flags).join("path")
    .attr("class", "escalation").attr("data-testid", "escalation-flag")
    .attr("d", (e) => `M${(x(e.range[0]) + x(e.range[1])) / 2},${MARGIN.top + 4} l-5,-9 h10 z`)
    .append("title").text((e) => `${e.period}: escalation index ${e.index.toFixed(1)}`);

  const markers = svg.append("g").attr("class", "markers");
  markers.selectAll("circle").data(data).join("circle")
    .attr("class", "marker").attr("data-testid", "timeline-marker")
    .attr("cx", (d) => barX(d) + barW(d) / 2).attr("cy", (d) => y(d.score || 0))
    .attr("r", (d) => Math.max(4, r(d.n))).attr("fill", (d) => scoreColor(d.score))
    .attr("tabindex", 0).attr("role", "button")
    .attr("aria-label", (d) => `${d.period}: ${d.n} events, score ${fmtScore(d.score)}`)
    .on("click", (_, d) => onPick(d))
    .on("keydown", (ev, d) => {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); onPick(d); }
    })
    .append("title").text((d) => `${d.period} · ${d.n} events · score ${fmtScore(d.score)}`);

  svg.append("text").attr("class", "panel-label").attr("x", MARGIN.left).attr("y", countTop - 8)
    .text("Events per period, by type");
  svg.append("g").attr("class", "axis").attr("transform", `translate(${MARGIN.left},0)`)
    .call(axisLeft(yc).ticks(3));
  const stacks = data.flatMap((d) => {
    let acc = 0;
    const parts = Object.entries(d.by_type || {}).sort((a, b) => TYPE_ORDER.indexOf(a[0]) - TYPE_ORDER.indexOf(b[0]));
    if (!parts.length) parts.push(["events", d.n]);
    return parts.map(([type, n]) => {
      const seg = { d, type, y0: acc, y1: acc + n };
      acc += n;
      return seg;
    });
  });
  svg.append("g").selectAll("rect").data(stacks).join("rect")
    .attr("class", "count-bar").attr("x", (s) => barX(s.d)).attr("width", (s) => barW(s.d))
    .attr("y", (s) => yc(s.y1)).attr("height", (s) => Math.max(0, yc(s.y0) - yc(s.y1)))
    .attr("fill", (s) => typeColor(s.type)).on("click", (_, s) => onPick(s.d))
    .append("title").text((s) => `${s.d.period} · ${s.type} ${s.y1 - s.y0}`);
  svg.append("g").attr("class", "axis").attr("transform", `translate(0,${countTop + COUNT_H})`)
    .call(axisBottom(x).ticks(Math.max(2, Math.floor(width / 110))));
  return svg.node();
}
