// The offline world map: Natural Earth country boundaries (world-atlas TopoJSON, packaged with
// the dashboard) in an Equal Earth projection, with pan and zoom.
import { geoEqualEarth, geoGraticule10, geoPath } from "d3-geo";
import { select } from "d3-selection";
import { zoom, zoomIdentity } from "d3-zoom";
import { feature, mesh } from "topojson-client";

const ATLAS_URL = "/static/countries-50m.json";
const MAX_ZOOM = 40;
const FIT_PADDING = 0.18;
const MAX_FIT_ZOOM = 10;
let atlas = null;

/** The TopoJSON, fetched once per page. */
export function loadAtlas() {
  if (!atlas) {
    atlas = fetch(ATLAS_URL).then((r) => {
      if (!r.ok) throw new Error(`The map data (${ATLAS_URL}) did not load: ${r.status}`);
      return r.json();
    });
    atlas.catch(() => { atlas = null; });
  }
  return atlas;
}

/**
 * Draw the base map into `container`; returns {svg, layer, project, fitTo, reset, onZoom}.
 * `layer` is a <g> that pans and zooms with the map; `onZoom(k)` lets callers keep marks a
 * constant size on screen.
 */
export function drawWorld(container, topo, { width, height, label }) {
  const projection = geoEqualEarth().fitExtent([[8, 8], [width - 8, height - 8]], { type: "Sphere" });
  const path = geoPath(projection);
  const countries = feature(topo, topo.objects.countries).features;
  const svg = select(container).append("svg")
    .attr("viewBox", `0 0 ${width} ${height}`).attr("width", width).attr("height", height)
    .attr("class", "world").attr("role", "img").attr("aria-label", label).attr("data-testid", "map-svg");
  const g = svg.append("g");
  g.append("path").datum({ type: "Sphere" }).attr("class", "sphere").attr("d", path);
  g.append("path").datum(geoGraticule10()).attr("class", "graticule").attr("d", path);
  g.append("g").attr("class", "countries").selectAll("path").data(countries).join("path")
    .attr("class", "country").attr("data-testid", "country").attr("d", path)
    .append("title").text((d) => d.properties.name);
  g.append("path").datum(mesh(topo, topo.objects.countries, (a, b) => a !== b))
    .attr("class", "borders").attr("data-testid", "borders").attr("d", path);
  const layer = g.append("g").attr("class", "marks");

  const listeners = [];
  const behaviour = zoom().scaleExtent([1, MAX_ZOOM])
    .translateExtent([[0, 0], [width, height]])
    .on("zoom", (ev) => {
      g.attr("transform", ev.transform);
      svg.attr("data-zoom", ev.transform.k.toFixed(2));
      for (const fn of listeners) fn(ev.transform.k);
    });
  svg.call(behaviour);

  const fitTo = (points) => {
    if (!points.length) return;
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const w = Math.max(x1 - x0, width * 0.06);
    const hgt = Math.max(y1 - y0, height * 0.06);
    const k = Math.min(MAX_FIT_ZOOM, (1 - FIT_PADDING) / Math.max(w / width, hgt / height));
    const t = zoomIdentity.translate(width / 2, height / 2).scale(Math.max(1, k))
      .translate(-(x0 + x1) / 2, -(y0 + y1) / 2);
    svg.call(behaviour.transform, t);
  };
  return {
    svg,
    layer,
    project: (lon, lat) => projection([lon, lat]),
    fitTo,
    reset: () => svg.call(behaviour.transform, zoomIdentity),
    zoomBy: (f) => svg.call(behaviour.scaleBy, f),
    onZoom: (fn) => listeners.push(fn),
  };
}
