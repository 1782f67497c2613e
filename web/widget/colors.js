// colors.js: the colours of the cells (colour-blind-safe maps, each with a readable text colour),
// for the widget and for the pictures the page exports, so an export looks like the screen.
// Colours only add to the number written in every cell; they never carry meaning alone.

// viridis (sequential, perceptually uniform, colour-blind-safe): 9 control points
const VIRIDIS = [
  [68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141],
  [39, 173, 129], [92, 200, 99], [170, 220, 50], [253, 231, 37],
];
// cividis (sequential, designed for colour-vision deficiency), used for the counts
const CIVIDIS = [
  [0, 34, 78], [35, 62, 108], [87, 92, 109], [124, 123, 120], [166, 157, 117],
  [203, 186, 105], [253, 234, 69],
];
// blue - near white - orange diverging map (PuOr-like, colour-blind-safe), centred on 0
const DIVERGING = [
  [33, 102, 172], [103, 169, 207], [209, 229, 240], [247, 247, 247], [254, 224, 182], [244, 165, 73], [179, 88, 6],
];
// the same hues for a dark page: light blue - dark grey - light orange (like Crameri's "berlin"),
// so that the many zeros of a gradient sit quietly on the dark background instead of glaring
const DIVERGING_DARK = [
  [146, 197, 240], [72, 139, 199], [40, 74, 112], [44, 48, 54], [112, 72, 30], [200, 124, 42], [250, 190, 112],
];

/** Relative luminance (WCAG 2) of an sRGB colour. */
function luminance(c) {
  const lin = c.map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
}

function lut(points, n = 256) {
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    const t = (i / (n - 1)) * (points.length - 1);
    const k = Math.min(points.length - 2, Math.floor(t));
    const f = t - k;
    const c = points[k].map((v, j) => Math.round(v + (points[k + 1][j] - v) * f));
    // black or white text, whichever contrasts more: never below 4.58:1 (WCAG AA is 4.5:1)
    const L = luminance(c);
    const fg = (L + 0.05) / 0.05 > 1.05 / (L + 0.05) ? '#000' : '#fff';
    out[i] = { bg: `rgb(${c[0]},${c[1]},${c[2]})`, fg };
  }
  return out;
}

/** The colour maps by name; each is 256 entries {bg, fg}. */
export const MAPS = {
  sequential: lut(VIRIDIS),
  counts: lut(CIVIDIS),
  diverging: lut(DIVERGING),
  'diverging-dark': lut(DIVERGING_DARK),
};

/**
 * A function value -> index into MAPS[kind] (or -1 for NaN), scaled to the finite range of
 * `data`. Diverging maps are centred on 0.
 */
export function scaleFor(kind, data) {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  const n = MAPS[kind].length - 1;
  if (kind === 'diverging' || kind === 'diverging-dark') {
    const m = Math.max(Math.abs(lo), Math.abs(hi));
    if (!(m > 0) || !Number.isFinite(m)) return (v) => (Number.isNaN(v) ? -1 : n >> 1);
    return (v) => {
      if (Number.isNaN(v)) return -1;
      const t = Math.max(-1, Math.min(1, v / m));
      return Math.round(((t + 1) / 2) * n);
    };
  }
  if (kind === 'counts') lo = Math.min(lo, 0);
  const flat = kind === 'counts' && hi === 0 ? 0 : n >> 1;
  return (v) => {
    if (Number.isNaN(v)) return -1;
    if (v === Infinity) return n;
    if (v === -Infinity) return 0;
    if (!(hi > lo)) return flat;
    return Math.round(((v - lo) / (hi - lo)) * n);
  };
}

/**
 * The colour map of a matrix (its name in the element's `results`): viridis for x and y, cividis
 * for the counts, the diverging map for the gradients (its dark variant on a dark page).
 */
export function colorKind(matrix, dark = false) {
  if (matrix === 'gradOutput' || matrix === 'gradInput') return dark ? 'diverging-dark' : 'diverging';
  return matrix === 'counts' ? 'counts' : 'sequential';
}

/**
 * The colours of a matrix's cells, as on screen: value -> {bg, fg} (background and the text
 * colour that contrasts with it), or null for NaN (no colour).
 */
export function painter(matrix, values, dark = false) {
  const kind = colorKind(matrix, dark);
  const scale = scaleFor(kind, values);
  const map = MAPS[kind];
  return (v) => {
    const i = scale(v);
    return i < 0 ? null : map[i];
  };
}
