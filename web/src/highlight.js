// Nested highlighting of overlapping spans (evidence ⊃ quotes ⊃ actors, places, times).
//
// The text is cut at every span boundary; each layer, outermost first, groups consecutive
// pieces covered by the same spans into one element, so spans nest without being split unless
// two spans truly cross.
import { h } from "./util.js";

/**
 * layers: [{name, spans: [{start, end, key, attrs}]}] outermost first. `key` identifies the
 * span (pieces with equal keys merge); `attrs` are the element's attributes (h() form).
 */
export function highlight(text, layers) {
  const cuts = new Set([0, text.length]);
  const clamp = (x) => Math.max(0, Math.min(text.length, x | 0));
  // Spans that start or end on whitespace (a sentence and its paragraph break) are trimmed, so
  // a highlight never spills onto an empty line.
  const trim = (s) => {
    let a = clamp(s.start);
    let b = clamp(s.end);
    while (a < b && /\s/.test(text[a])) a += 1;
    while (b > a && /\s/.test(text[b - 1])) b -= 1;
    return { ...s, start: a, end: b };
  };
  layers = layers.map((layer) => ({ ...layer, spans: layer.spans.map(trim) }));
  for (const layer of layers) {
    for (const s of layer.spans) {
      cuts.add(s.start);
      cuts.add(s.end);
    }
  }
  // Paragraph breaks are never highlighted: a sentence that runs over one (a headline and
  // its dateline) becomes two elements with the same key, not a box around an empty line.
  const breaks = [];
  for (const m of text.matchAll(/\n\s*/g)) {
    cuts.add(m.index);
    cuts.add(m.index + m[0].length);
    breaks.push(m.index);
  }
  const bounds = [...cuts].sort((a, b) => a - b);
  const index = new Map(bounds.map((b, i) => [b, i]));
  const nPieces = bounds.length - 1;
  const isBreak = new Set(breaks.map((b) => index.get(b)));
  // cover[layer][piece] = the spans of that layer covering the piece
  const cover = layers.map((layer) => {
    const arr = Array.from({ length: nPieces }, () => []);
    for (const s of layer.spans) {
      if (s.end <= s.start) continue;
      for (let i = index.get(s.start); i < index.get(s.end); i += 1) if (!isBreak.has(i)) arr[i].push(s);
    }
    return arr;
  });
  const keyOf = (li, i) => cover[li][i].map((s) => s.key).join("|");

  function build(li, from, to) {
    if (li === layers.length) return [text.slice(bounds[from], bounds[to])];
    const out = [];
    let i = from;
    while (i < to) {
      const key = keyOf(li, i);
      let j = i + 1;
      while (j < to && keyOf(li, j) === key) j += 1;
      const inner = build(li + 1, i, j);
      if (!key) out.push(...inner);
      else out.push(wrap(layers[li], cover[li][i], inner));
      i = j;
    }
    return out;
  }
  return build(0, 0, nPieces);
}

function wrap(layer, spans, children) {
  const first = spans[0];
  const attrs = { ...first.attrs };
  if (layer.merge && spans.length > 1) Object.assign(attrs, layer.merge(spans));
  return h(layer.tag || "span", attrs, children);
}
