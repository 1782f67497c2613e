// chapters.js: the tutorial's story (chapter-views.js) as pure functions of a snapshot: which
// chapter view the state still is (or that it left its chapter), the chapter's live numbers
// (every one the library's: N_B, dL/dy, B_c, counts, argmaxes, gradients) for the text of
// i18n.js, and the action of choosing a chapter. The bar that shows them is chapter-bar.js.
import { CHAPTER_VIEWS } from './chapter-views.js';
import { POOLING, SHAPE, parseState, serializeState, presetMatches } from './state.js';
import { checkState } from './engine.js';
import { cellName } from './explain.js';
import { formatShort as f } from './format.js';

export { CHAPTER_VIEWS };
export const CHAPTER_COUNT = CHAPTER_VIEWS.length;

// the fields a chapter fixes: pooling, the input's shape, the loss
const FIELDS = [...POOLING, ...SHAPE].map((p) => p.name).concat('grad');
const VIEW_KEYS = ['lang', 'theme', 'show', 'practice']; // kept when a chapter opens

const viewStates = new Map(); // "n/i" -> the state of chapter n's view i (over the defaults)
function viewState(n, i) {
  const key = `${n}/${i}`;
  if (!viewStates.has(key)) viewStates.set(key, parseState(CHAPTER_VIEWS[n - 1][i].query).state);
  return viewStates.get(key);
}

const perAxis = (v, dims) => (Array.isArray(v) && v.length === 1 ? new Array(dims).fill(v[0]) : v);
function same(a, b, dims) {
  a = perAxis(a, dims);
  b = perAxis(b, dims);
  return Array.isArray(a) ? Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i]) : a === b;
}

/**
 * {n, view}: the state's chapter and the index of the chapter's view it still is, or view -1:
 * the state left its chapter (a parameter or the numbers changed).
 */
export function chapterStatus(state) {
  const n = state.chapter;
  const views = CHAPTER_VIEWS[n - 1] ?? [];
  const view = views.findIndex((_, i) => {
    const v = viewState(n, i);
    return v.preset === state.preset && FIELDS.every((k) => same(state[k], v[k], state.dims)) && presetMatches(state);
  });
  return { n, view };
}

/** The cell a state's chapter explains first, while the state still is the chapter's view (else null). */
export function chapterFocus(state) {
  const { n, view } = chapterStatus(state);
  return view >= 0 ? { ...CHAPTER_VIEWS[n - 1][view].focus } : null;
}

/**
 * Action: chapter n (its view i) chosen: its parameters and input over the defaults, the views
 * kept, and the explanation on the chapter's cell.
 */
export function chapterChosen(snap, n, i = 0) {
  const views = CHAPTER_VIEWS[n - 1];
  if (!views) return {};
  const view = views[Math.max(0, Math.min(views.length - 1, i))];
  const q = new URLSearchParams(view.query);
  const prev = serializeState(snap.state);
  for (const k of VIEW_KEYS) q.set(k, prev.get(k));
  q.set('chapter', String(n));
  const { state } = parseState(q, { maxElements: snap.cap });
  return { state, param: 'chapter', focus: { ...view.focus }, hover: null, clear: ['chapter'] };
}

/** "2 and 4" / "1, 2 and 4": the distinct values of a list, ascending, in the language's words. */
function distinct(values, t, above = -Infinity) {
  const list = [...new Set(Array.from(values).filter((v) => v > above))].sort((a, b) => a - b).map(f);
  return t.chList(list);
}

/**
 * The live numbers of chapter n's text for the shown plane (null when there is nothing to show):
 * formatted strings, every number the library's.
 */
export function chapterNumbers(snap, n, i) {
  const P = snap.plane;
  const s = snap.valid;
  if (!P || !s) return null;
  const { t } = snap;
  const focus = CHAPTER_VIEWS[n - 1][i].focus;
  const k = focus.k;
  if (focus.side === 'out' && k >= P.windows) return null;
  if (focus.side === 'in' && k >= P.input.length) return null;
  const nb = P.outNumel;
  const x = (j) => cellName(P, 'x', j, true);
  const y = (w) => cellName(P, 'y', w, false);
  const v = { nb: String(nb), g: f(P.gradOutput[0]), kernel: s.kernelSize.join('×'), stride: s.stride.join('×') };
  if (focus.side === 'out') {
    const cells = P.windowCells(k);
    v.y = y(k);
    v.yv = f(P.output[k]);
    v.list = `{${cells.map((j) => f(P.input[j])).join(', ')}}`;
    v.sum = cells.map((j) => f(P.input[j])).join(' + ');
    v.real = String(cells.length);
    v.taps = String(s.kernelSize.length === 1 ? s.kernelSize[0] ** s.dims : s.kernelSize.reduce((a, b) => a * b, 1));
    v.others = String(cells.length - 1);
    if (P.indices) v.am = P.indices[k] >= 0 ? x(P.indices[k]) : '-';
    if (P.divisors) {
      v.bc = f(P.divisors[k]);
      v.prod = f(nb * P.divisors[k]);
      v.share = f(P.contribution(k)[cells[0]]);
    }
  } else {
    v.x = x(k);
    v.c = f(P.counts[k]);
    v.xv = f(P.gradInput[k]);
    if (P.divisors) {
      v.bc = f(P.divisors[0]);
      const w = P.windowsOf(k)[0];
      v.share = w === undefined ? '0' : f(P.contribution(w)[k]); // one window's share: 1/(N_B·B_c)
    }
  }
  v.ones = String(Array.from(P.counts).filter((c) => c === 1).length);
  v.zeros = String(Array.from(P.counts).filter((c) => c === 0).length);
  v.counts = distinct(P.counts, t, 1);
  v.cover = distinct(P.counts, t);
  v.out = P.outShape.join('×');
  if (s.ceilMode) {
    try {
      v.floorOut = checkState({ ...s, ceilMode: false }).slice(2).join('×'); // the core's output size without ceil_mode
    } catch {
      v.floorOut = '-';
    }
  }
  return v;
}
