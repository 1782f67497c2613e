// padding.js: the input drawn with its padding ring (1-D and 2-D views). The ring's extent and
// every window's taps, padding included, are the core's (engine.paddedWindows: the core's window
// listing on the padded input); this module only names the ring's cells and draws them.
//
// A ring cell is padding (max pooling reads it as -inf, average pooling as 0) or, past the right
// padding, overhang: where a ceil_mode window reaches beyond the padded input; those taps are
// never read and never counted in a divisor. Dilated windows mark their taps; the cells their
// taps skip (inside the window's span) are marked as skipped.
import { unflatten, prod } from './shape.js';
import { paddedWindows } from './engine.js';
import { BUDGET } from './limits.js';
import { hasArgmax, usesParam } from './ops.js';

// the most window taps listed on the padded input (the marks of one window need them all): a
// teaching view has a few thousand; a view past this draws its ring without window marks
const TAP_CAP = 1 << 18;

/**
 * The ring of a plane (or null when there is nothing to draw: 3-D, or no padding, no ceil_mode
 * overhang and no dilation, or a ring of more than BUDGET.cells cells). geom: engine.paddedExtent's answer; windows: N_B; state: the view's
 * state. Returns {top, left, bottom, right, pad: [padH, padW], inH, inW, value, geom, listing()};
 * top/left = the padding before the input, bottom/right = the padding after it plus the
 * overhang; listing() = the core's windows on the padded input, asked once (null past TAP_CAP).
 */
export function ringOf(state, geom, windows) {
  if (!geom || state.dims > 2) return null;
  const dilated = usesParam(state.op, 'dilation') && state.dilation.some((d) => d > 1);
  const padded = geom.before.some((p) => p > 0) || geom.overhang.some((e) => e > 0);
  if (!dilated && !padded) return null;
  const two = state.dims === 2;
  const ax = (v) => (two ? [v[0], v[1]] : [0, v[0]]); // [H, W]; 1-D is one row
  const [padH, padW] = ax(geom.before);
  const [overH, overW] = ax(geom.overhang);
  const [inH, inW] = two ? state.size : [1, state.size[0]];
  // a ring of more cells than a matrix may draw (a huge padding) is not drawn
  if ((inH + 2 * padH + overH) * (inW + 2 * padW + overW) - inH * inW > BUDGET.cells) return null;
  const k = state.kernelSize;
  const taps = windows * (k.length === 1 ? k[0] ** state.dims : prod(k));
  let listing;
  return {
    top: padH, left: padW, bottom: padH + overH, right: padW + overW, pad: [padH, padW], inH, inW,
    value: hasArgmax(state.op) ? '-inf' : '0', geom,
    listing: () => {
      if (listing === undefined) listing = taps > TAP_CAP ? null : paddedWindows(geom);
      return listing;
    },
  };
}

/** 'pad' or 'over' for a ring cell at (r, c) (input coordinates, outside the input). */
export function ringKind(ring, r, c) {
  const inPad = (i, n, p) => i >= -p && i < n + p;
  return inPad(r, ring.inH, ring.pad[0]) && inPad(c, ring.inW, ring.pad[1]) ? 'pad' : 'over';
}

/**
 * Window w on the ring (null when its taps are not listed: a view past TAP_CAP): {taps: ring keys 'r,c' of its padding taps (and overhang taps),
 * skipped: flat input indices inside its span that are not taps, skippedRing: ring keys likewise,
 * padTaps: its taps on padding, overTaps: its taps on overhang}.
 */
export function windowOnRing(ring, w) {
  const list = ring.listing();
  if (!list) return null;
  const geom = { shape: ring.geom.shape, offsets: list.offsets, cells: list.cells };
  const taps = new Set();
  let r0 = Infinity; let r1 = -Infinity; let c0 = Infinity; let c1 = -Infinity;
  const tapKeys = new Set();
  for (let i = geom.offsets[w]; i < geom.offsets[w + 1]; i++) {
    const [pr, pc] = geom.shape.length === 1 ? [0, geom.cells[i]] : unflatten(geom.cells[i], geom.shape);
    const r = pr - ring.top;
    const c = pc - ring.left;
    tapKeys.add(`${r},${c}`);
    r0 = Math.min(r0, r); r1 = Math.max(r1, r);
    c0 = Math.min(c0, c); c1 = Math.max(c1, c);
  }
  const real = (r, c) => r >= 0 && r < ring.inH && c >= 0 && c < ring.inW;
  const skipped = [];
  const skippedRing = [];
  let padTaps = 0;
  let overTaps = 0;
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      const key = `${r},${c}`;
      const tap = tapKeys.has(key);
      if (real(r, c)) {
        if (!tap) skipped.push(r * ring.inW + c);
      } else if (tap) {
        taps.add(key);
        if (ringKind(ring, r, c) === 'pad') padTaps++;
        else overTaps++;
      } else skippedRing.push(key);
    }
  }
  return { taps, skipped, skippedRing, padTaps, overTaps };
}

/**
 * The ring's cells around a grid (grid.js) of a 1-D or 2-D input: rows above and below, cells
 * before and after each row, placed with CSS `order` so the grid's own cells keep their places.
 * Ring cells are not grid cells (aria-hidden): they carry data-pad (pad | over) and
 * data-pad-row / data-pad-col (input coordinates, negative before the input).
 */
export class PaddingRing {
  constructor(grid) {
    this.grid = grid;
    this.key = '';
    this.nodes = []; // every ring element made (removed together)
    this.cells = new Map(); // 'r,c' -> cell
    this.marked = new Map();
  }

  /** Draws `ring` (or removes the ring when null); rebuilt only when it or the grid's shape changed. */
  set(ring, label) {
    const key = ring ? `${this.grid.shapeKey}|${ring.top},${ring.left},${ring.bottom},${ring.right},${ring.pad},${ring.value}|${label}` : '';
    if (key === this.key) return;
    this.key = key;
    for (const n of this.nodes) n.remove();
    this.nodes = [];
    this.cells = new Map();
    this.marked = new Map();
    this.grid.el.classList.toggle('ringed', !!ring);
    if (!ring) return;
    const rows = this.grid.groups[0]?.rows ?? [];
    const c0 = -ring.left;
    const c1 = ring.inW + ring.right;
    const cell = (r, c, order) => {
      const kind = ringKind(ring, r, c);
      const n = document.createElement('span');
      n.className = `cell ${kind}`;
      n.dataset.pad = kind;
      n.dataset.padRow = String(r);
      n.dataset.padCol = String(c);
      n.setAttribute('aria-hidden', 'true');
      n.title = label[kind];
      n.textContent = kind === 'pad' ? ring.value : '';
      if (order) n.style.order = String(order);
      this.cells.set(`${r},${c}`, n);
      return n;
    };
    const ringRow = (r, order) => {
      const row = document.createElement('div');
      row.className = 'row ring-row';
      row.setAttribute('aria-hidden', 'true');
      row.style.order = String(order);
      for (let c = c0; c < c1; c++) row.appendChild(cell(r, c, 0));
      this.grid.el.appendChild(row);
      this.nodes.push(row);
    };
    for (let r = -ring.top; r < 0; r++) ringRow(r, -1);
    for (let r = 0; r < ring.inH; r++) {
      const row = rows[r]?.el;
      if (!row) continue;
      for (let c = c0; c < 0; c++) this.nodes.push(row.appendChild(cell(r, c, -1)));
      for (let c = ring.inW; c < c1; c++) this.nodes.push(row.appendChild(cell(r, c, 1)));
    }
    for (let r = ring.inH; r < ring.inH + ring.bottom; r++) ringRow(r, 1);
  }

  /** marks: Map 'r,c' -> space-separated classes ('win', 'skip'). */
  mark(marks) {
    for (const [k, cls] of this.marked) {
      if (marks.get(k) === cls) continue;
      this.cells.get(k)?.classList.remove('win', 'skip');
    }
    for (const [k, cls] of marks) {
      if (this.marked.get(k) === cls) continue;
      const c = this.cells.get(k);
      if (!c) continue;
      c.classList.remove('win', 'skip');
      c.classList.add(...cls.split(' '));
    }
    this.marked = new Map(marks);
  }
}
