// family-explain.js: the explanation's paragraphs that belong to one operation of the pooling
// family (explain.js calls them): adaptive windows and their starts and ends, fractional max
// pooling's sampled interval starts, LP pooling's p-norm and its gradient, max unpooling's scatter
// and gather. Pure functions of a snapshot; every number shown is the library's (the windows,
// outputs, indices and gradient shares of model.js), the closed forms beside them only say why.
import { formatShort as f } from './format.js';
import { unflatten } from './shape.js';
import { windowRule, symbols } from './ops.js';
import { cellName } from './explain.js';
import { axesOf, spansOf, axisSpans, fractionalStarts, sampleOfAxis } from './family-words.js';

const pick = (v, a) => (v.length === 1 ? v[0] : v[a]);

/** Adaptive and fractional windows: why window w spans what it spans, per axis ([text, class] paragraphs). */
export function familyOutWords(snap, w) {
  const { t, plane: P, valid: st } = snap;
  const rule = windowRule(P.op);
  if (rule === 'kernel') return [];
  const spans = spansOf(P, w);
  if (!spans) return [];
  const idx = unflatten(w, P.outShape);
  const axes = axesOf(P.inShape.length);
  const paras = [];
  for (let a = 0; a < axes.length; a++) {
    const names = t.fwAxis[axes[a]];
    const inN = P.inShape[a];
    const outN = P.outShape[a];
    const [lo, hi] = spans[a];
    const all = axisSpans(P, a);
    if (rule === 'adaptive') {
      paras.push([t.fwAdaptiveSpan(names, idx[a], inN, outN, lo, hi), '']);
      const sizes = [...new Set(all.map((s) => s[1] - s[0]))].sort((x, y) => x - y);
      const overlap = all.some((s, i) => i > 0 && s[0] < all[i - 1][1]);
      const list = all.slice(0, 16).map((s) => `[${s[0]}, ${s[1]})`).join(', ') + (all.length > 16 ? ', …' : '');
      paras.push([t.fwAdaptiveAll(names, inN, outN, list, sizes, sizes.length > 1, overlap), 'rule']);
    } else {
      const u = sampleOfAxis(P.samples(), st.dims, a);
      const k = pick(st.kernelSize, a);
      const fs = fractionalStarts(u, inN, outN, k);
      const i = idx[a];
      paras.push([i === outN - 1
        ? t.fwFracLast(names, i, inN, k, lo)
        : t.fwFracStart(names, i, f(u), f(fs.alpha), inN, k, outN, fs.raw[i], fs.base, lo), '']);
      paras.push([t.fwFracSeq(names, f(u), all.slice(0, 32).map((s) => s[0]).join(', ')), 'rule']);
    }
  }
  if (rule === 'adaptive' && P.divisors) {
    paras.push([t.fwAdaptiveDiv(spans.map(([lo, hi]) => hi - lo).join(' × '), f(P.divisors[w])), 'rule']);
  }
  return paras;
}

/** A forward step's window, per axis (adaptive, fractional): " Window: rows 1–2, columns 0–1." */
export function stepWindowText(snap, w) {
  const { t, plane: P } = snap;
  const spans = spansOf(P, w);
  if (!spans) return '';
  const axes = axesOf(P.inShape.length);
  return t.fwStepWindow(spans.map(([lo, hi], a) => t.fwSpan(t.fwAxis[axes[a]], lo, hi)));
}

/** 1^2 + 3^2 + (-1)^2: the window's x^p (at most 16 terms). */
export function lpTerms(P, cells, p) {
  const pow = (v) => `${v < 0 || Object.is(v, -0) ? `(${f(v)})` : f(v)}^${f(p)}`;
  return cells.slice(0, 16).map((j) => pow(P.input[j])).join(' + ') + (cells.length > 16 ? ' + …' : '') || '0';
}

/** LP pooling, output cell w: its p-norm with the numbers, PyTorch's way of computing it, the case at hand, the gradient. */
export function lpOutWords(snap, w, g, hidden) {
  const { t, plane: P, valid: st } = snap;
  const p = st.normType;
  const cells = P.windowCells(w);
  const y = cellName(P, symbols(P.op).out, w, false);
  const x = (j) => cellName(P, symbols(P.op).in, j, true);
  const k = st.kernelSize.length === 1 ? st.kernelSize[0] ** st.dims : st.kernelSize.reduce((a, b) => a * b, 1);
  const paras = [[t.fwLpOut(y, f(p), lpTerms(P, cells, p), f(P.output[w])), ''], [t.fwLpHow(k), 'rule']];
  if (p === 1) paras.push([t.fwLpOne, 'rule']);
  else if (p >= 8) paras.push([t.fwLpLarge(f(p)), 'rule']);
  if (cells.some((j) => P.input[j] < 0)) paras.push([t.fwLpNeg, 'rule']);
  if (hidden) {
    paras.push([t.fwHiddenGrad, 'muted']);
    return paras;
  }
  const share = P.contribution(w);
  if (P.output[w] === 0) {
    paras.push([t.fwLpZero(cells.length ? f(share[cells[0]]) : '0'), 'rule']);
  } else if (cells.length) {
    const j = cells[0];
    const v = P.input[j];
    paras.push([t.fwLpGrad(cells.length, x(j), g, v < 0 ? `(${f(v)})` : f(v), f(P.output[w]), f(p - 1), f(share[j])), '']);
  }
  return paras;
}

/** Max unpooling, output cell w (z): the scatter that wrote it (or nothing did), then the gather. */
export function unpoolOutWords(snap, w, g, hidden) {
  const { t, plane: P } = snap;
  const s = symbols(P.op);
  const z = cellName(P, s.out, w, false);
  const cells = P.windowCells(w); // the elements of y whose index names z[w] (the library's)
  if (!cells.length) return [[t.fwUnpoolEmpty(z), '']];
  const j = cells[0];
  const y = cellName(P, s.in, j, true);
  const src = P.source ? `${cellName(P, 'x', P.indices[j], false)} = ${f(P.source[P.indices[j]])}` : cellName(P, 'x', P.indices[j], false);
  const paras = [[t.fwUnpoolOut(z, y, f(P.input[j]), P.indices[j], src), '']];
  if (cells.length > 1) paras.push([t.fwUnpoolDup(cells.length), 'rule']);
  paras.push(hidden ? [t.fwHiddenGrad, 'muted'] : [t.fwUnpoolGather(y, z, g), '']);
  return paras;
}

/** Max unpooling, input element j (y): where it is written, and the gradient it gathers from there. */
export function unpoolInWords(snap, j) {
  const { t, plane: P } = snap;
  const s = symbols(P.op);
  const y = cellName(P, s.in, j, true);
  const k = P.indices[j];
  const z = cellName(P, s.out, k, false);
  return [[t.fwUnpoolIn(y, f(P.input[j]), k, z), ''], [t.fwUnpoolInGrad(y, z, f(P.gradInput[j])), 'sum']];
}
