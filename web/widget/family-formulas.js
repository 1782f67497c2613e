// family-formulas.js: the formulas panel's blocks that belong to one operation of the pooling
// family (formulas.js calls them): LP pooling's p-norm and its gradient, max unpooling's scatter
// and gather, and the output size and window rule of adaptive, fractional, unpooling and global
// pooling. TeX built from numbers and fixed symbols only; every number is the library's (the
// windows, outputs, indices, gradient shares of model.js) or the state's parameters.
import { unflatten } from './shape.js';
import { isUnpool, isLp, isGlobal, windowRule } from './ops.js';
import { num } from './formulas.js';
import { spansOf, axisSpans, fractionalStarts, sampleOfAxis } from './family-words.js';

const sub = (k, shape) => `{${unflatten(k, shape).join(',')}}`;
const pick = (v, a) => (v.length === 1 ? v[0] : v[a]);
const pow = (v, e) => `${v < 0 ? `(${num(v)})` : num(v)}^{${e}}`;

/** LP pooling, window w: y = (Σ x^p)^(1/p) with its numbers (at most 16 terms). */
export function lpForward(P, w, state) {
  const p = num(state.normType);
  const cells = P.windowCells(w);
  const terms = cells.slice(0, 16).map((j) => pow(P.input[j], p));
  if (cells.length > 16) terms.push('\\dots');
  return `y_${sub(w, P.outShape)} = \\Big(\\sum x^{p}\\Big)^{1/p} = \\Big(${terms.join(' + ') || '0'}\\Big)^{1/${p}} = ${num(P.output[w])}`;
}

/**
 * The focused window w (when shown: not hidden by practice mode) and its first input element j,
 * whose numbers a backward formula writes out; null when there is none.
 */
function focusedCell(ctx) {
  const P = ctx.plane;
  const w = ctx.focusWindow;
  if (!P || ctx.hidden || w === null || w === undefined || w >= P.windows) return null;
  const cells = P.windowCells(w);
  return cells.length ? { w, j: cells[0] } : null;
}

/** LP pooling's gradient, and for the focused window's first element its numbers. */
export function lpBackward(ctx) {
  const P = ctx.plane;
  const out = [['math', '\\frac{\\partial L}{\\partial x_i} = \\sum_{w \\ni i} \\frac{\\partial L}{\\partial y_w} \\cdot \\frac{x_i^{\\,p-1}}{y_w^{\\,p-1}}']];
  const at = focusedCell(ctx);
  if (!at) return out;
  const { w, j } = at;
  const q = num(ctx.state.normType - 1);
  const yw = `y_${sub(w, P.outShape)}`;
  out.push(['math', `\\frac{\\partial L}{\\partial ${yw}} \\cdot \\frac{x_${sub(j, P.inShape)}^{\\,${q}}}{${yw}^{\\,${q}}} = ${num(P.gradOutput[w])} \\cdot \\frac{${pow(P.input[j], q)}}{${pow(P.output[w], q)}} = ${num(P.contribution(w)[j])}`]);
  return out;
}

/** Max unpooling, output cell w: the value of y its index names, or 0. */
export function unpoolForward(P, w) {
  const z = `z_${sub(w, P.outShape)}`;
  const cells = P.windowCells(w);
  if (!cells.length) return `${z} = 0 \\quad (\\operatorname{idx}(i) \\neq ${w} \\ \\forall i)`;
  const j = cells[0];
  const y = `y_${sub(j, P.inShape)}`;
  return `${z} = ${y} = ${num(P.input[j])} \\quad (\\operatorname{idx}(${y}) = ${P.indices[j]})`;
}

/** Max unpooling's backward: the gather, with the focused cell's numbers. */
export function unpoolBackward(ctx) {
  const P = ctx.plane;
  const out = [['math', '\\frac{\\partial L}{\\partial y_i} = \\frac{\\partial L}{\\partial z_{\\operatorname{idx}(i)}}']];
  const at = focusedCell(ctx);
  if (!at) return out;
  const { w, j } = at;
  out.push(['math', `\\frac{\\partial L}{\\partial y_${sub(j, P.inShape)}} = \\frac{\\partial L}{\\partial z_${sub(w, P.outShape)}} = ${num(P.gradInput[j])}`]);
  return out;
}

/** Output size and window rule of the ops without the kernel-size formula (adaptive, fractional, unpool, global). */
export function familyFormulas(ctx, axes) {
  const { t, state, outShape, inShape } = ctx;
  const P = ctx.plane;
  const out = [['h4', t.outSize]];
  const outs = `${axes.length > 1 ? `(${axes.map((a) => `${a}_{\\text{out}}`).join(', ')})` : `${axes[0]}_{\\text{out}}`} = ${axes.length > 1 ? `(${outShape.join(', ')})` : outShape[0]}`;
  const rule = windowRule(state.op);
  if (isUnpool(state.op)) {
    out.push(['p', t.fwUnpoolSize, 'muted'], ['math', outs]);
    return out;
  }
  if (isGlobal(state.op) || isLp(state.op)) {
    out.push(['p', t.fwGlobalSize, 'muted'], ['math', outs]);
    return out;
  }
  if (rule === 'fractional' && state.outputRatio) {
    out.push(['p', t.fwOutRatio, 'muted']);
    for (let a = 0; a < axes.length; a++) {
      out.push(['math', `${axes[a]}_{\\text{out}} = \\left\\lfloor ${inShape[a]} \\cdot ${num(pick(state.outputRatio, a))} \\right\\rfloor = ${outShape[a]}`]);
    }
  } else {
    out.push(['p', t.fwOutGiven, 'muted'], ['math', outs]);
  }
  const w = ctx.focusWindow;
  const spans = P && w !== null && w !== undefined && w < P.windows ? spansOf(P, w) : null;
  const idx = spans ? unflatten(w, outShape) : null;
  if (rule === 'adaptive') {
    out.push(['h4', t.fwAdaptiveRule]);
    out.push(['math', '\\text{start}_i = \\left\\lfloor \\frac{i \\cdot \\text{In}}{\\text{Out}} \\right\\rfloor, \\quad \\text{end}_i = \\left\\lceil \\frac{(i+1) \\cdot \\text{In}}{\\text{Out}} \\right\\rceil']);
    if (spans) {
      for (let a = 0; a < axes.length; a++) {
        const i = idx[a];
        out.push(['math', `${axes[a]}: \\left\\lfloor \\frac{${i} \\cdot ${inShape[a]}}{${outShape[a]}} \\right\\rfloor = ${spans[a][0]}, \\quad \\left\\lceil \\frac{${i + 1} \\cdot ${inShape[a]}}{${outShape[a]}} \\right\\rceil = ${spans[a][1]}`]);
      }
    }
  } else if (rule === 'fractional') {
    out.push(['h4', t.fwFracRule]);
    out.push(['math', '\\alpha = \\frac{\\text{In} - K}{\\text{Out} - 1}, \\quad \\text{start}_i = \\lfloor (i + u)\\,\\alpha \\rfloor - \\lfloor u\\,\\alpha \\rfloor \\ (i < \\text{Out} - 1), \\quad \\text{start}_{\\text{Out}-1} = \\text{In} - K']);
    if (P) {
      const samples = P.samples();
      for (let a = 0; a < axes.length; a++) {
        const u = sampleOfAxis(samples, state.dims, a);
        const k = pick(state.kernelSize, a);
        const fs = fractionalStarts(u, inShape[a], outShape[a], k);
        const starts = axisSpans(P, a).map((s) => s[0]);
        out.push(['math', `${axes[a]}: u = ${num(u)}, \\quad \\alpha = \\frac{${inShape[a]} - ${k}}{${outShape[a]} - 1} = ${num(fs.alpha)}, \\quad (\\text{start}_i) = (${starts.slice(0, 24).join(', ')}${starts.length > 24 ? ', \\dots' : ''})`]);
      }
    }
  }
  return out;
}
