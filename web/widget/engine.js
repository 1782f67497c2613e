// engine.js: every number the widget shows comes from here, and everything here comes from the
// library (web/lib). No pooling formula is repeated: window membership (lib.poolWindows),
// argmaxes, divisors, partial gradients (the library's backward on a masked upstream gradient)
// are all answers of the library.
import * as lib from '../lib/index.js';
import { BUDGET } from './limits.js';
import { resolveSamples } from './state.js';
import { prod } from './shape.js';
import { fnName, callOf, usesParam, isUnpool, isGlobal } from './ops.js';

export const init = lib.init;

// the state parameters passed to the library as they are (the others are translated below)
const DIRECT = ['kernelSize', 'stride', 'padding', 'dilation', 'ceilMode', 'countIncludePad', 'divisorOverride', 'normType'];

/**
 * The library options for a widget state: the parameters its operation reads (ops.js).
 * plane: for fractional max pooling, the (n, c) plane whose samples alone are passed (a
 * one-plane question, as windowGeometry asks); null: every plane's.
 */
function poolOptions(state, plane = null) {
  const o = {};
  const { op } = state;
  for (const name of DIRECT) {
    if (!usesParam(op, name)) continue;
    const v = state[name];
    o[name] = Array.isArray(v) ? v.slice() : v;
  }
  if (usesParam(op, 'outputSize') && !(usesParam(op, 'outputRatio') && state.outputRatio !== null)) o.outputSize = state.outputSize.slice();
  if (usesParam(op, 'outputRatio') && state.outputRatio !== null) o.outputRatio = state.outputRatio.slice();
  if (usesParam(op, 'samples')) {
    const all = resolveSamples(state);
    o.randomSamples = new Float32Array(plane === null ? all : all.slice(plane * state.dims, (plane + 1) * state.dims));
  }
  if (isGlobal(op)) o.dims = state.dims;
  if (isUnpool(op)) o.outputSize = state.size.slice(); // back to the max pooling's input size
  return o;
}

/** The max pooling whose indices an unpooling inverts: its options (kernel, stride, padding). */
function unpoolSource(state) {
  const o = poolOptions(state);
  delete o.outputSize;
  return { name: `maxPool${state.dims}d`, opts: o };
}

export function inputShape(state) {
  return [state.batch, state.channels, ...state.size];
}

/**
 * Runs forward, backward and the routing counts on the whole (N, C, ...) tensor.
 * input: Float32Array. Throws the library's TypeError/RangeError for an invalid combination.
 * Max unpooling: the state's input is the max pooling's; its output and indices are the
 * unpooling's input (`input`, `indices`) and the max pooling's input is kept as `source`.
 */
export function compute(state, input, gradValues) {
  const name = fnName(state.op, state.dims);
  const call = callOf(state.op);
  const opts = poolOptions(state);
  const shape = inputShape(state);
  let x = { data: input, shape };
  let source = null;
  let output;
  let indices = null;
  if (call === 'unpool') {
    const src = unpoolSource(state);
    const pooled = lib[src.name](x, src.opts);
    source = x;
    x = pooled.output;
    indices = pooled.indices;
    output = lib[name](x, indices, opts);
  } else if (call === 'argmax') {
    const r = lib[name](x, opts);
    output = r.output;
    indices = r.indices;
  } else {
    output = lib[name](x, opts);
  }
  const outNumel = output.data.length;
  const gradOutput = { data: new Float32Array(outNumel), shape: output.shape.slice() };
  if (state.grad === 'custom' && gradValues && gradValues.length === outNumel) {
    gradOutput.data.set(gradValues);
  } else {
    // loss = mean(y): dL/dy = 1/numel(y); loss = sum(y): dL/dy = 1 (the loss's definition)
    gradOutput.data.fill(state.grad === 'sum' ? 1 : 1 / outNumel);
  }
  const gradInput = backward(state, name, gradOutput, x, indices, opts);
  const routing = lib.routingCounts(x, { ...opts, op: name, ...(call === 'unpool' ? { indices } : {}) });
  return {
    name, opts, shape: x.shape, input: x, source, output, indices, gradOutput, gradInput,
    counts: routing.counts,
    // one step per output cell (unpooling: per cell of its output, where the values land)
    windowsPerPlane: call === 'unpool' ? prod(output.shape.slice(2)) : routing.windowsPerPlane,
    divisors: routing.divisors ?? null,
  };
}

/** The library's backward of an operation, in its call convention (ops.js). */
function backward(state, name, gradOutput, x, indices, opts) {
  const fn = lib[`${name}Backward`];
  switch (callOf(state.op)) {
    case 'argmax': return fn(gradOutput, indices, x.shape, opts);
    case 'lp': return fn(gradOutput, x, opts);
    case 'unpool': return fn(gradOutput, indices, opts);
    default: return fn(gradOutput, x.shape, opts);
  }
}

/** Only checks a state against the core: the output shape (of the whole tensor) or the core's error. */
export function checkState(state) {
  const shape = inputShape(state);
  if (isUnpool(state.op)) {
    const src = unpoolSource(state);
    const pooled = lib.outputShape(shape, { ...src.opts, op: src.name });
    return lib.outputShape(pooled, { ...poolOptions(state), op: fnName(state.op, state.dims) });
  }
  return lib.outputShape(shape, { ...poolOptions(state), op: fnName(state.op, state.dims) });
}

/**
 * What a view would cost, before anything is computed (limits.js: overBudget): planes N·C, cells
 * per input and output plane, and taps = N·C·(windows per plane)·(cells per window). The output
 * shape is the core's (a cell-count check comes first, so the core is only asked about drawable
 * sizes). A window's cells: the kernel's, else at most the input's per output cell rounded up,
 * plus one (adaptive), else the whole plane (global).
 * Throws the library's RangeError for an invalid combination, like compute().
 */
export function viewCost(state) {
  const planes = state.batch * state.channels;
  const inCells = prod(state.size);
  if (inCells > BUDGET.cells) return { planes, inCells, outCells: 0, outShape: [], taps: 0 };
  const outShape = checkState(state).slice(2);
  const outCells = prod(outShape);
  let windowCells;
  if (usesParam(state.op, 'kernelSize')) {
    const k = state.kernelSize;
    windowCells = k.length === 1 ? k[0] ** state.dims : prod(k);
  } else {
    windowCells = prod(state.size.map((n, a) => Math.min(n, Math.ceil(n / Math.max(1, outShape[a])) + 1)));
  }
  return { planes, inCells, outCells, outShape, taps: planes * outCells * windowCells };
}

/** The core's cap on the elements of a tensor (lib.limits(); after init). */
export function maxElements() {
  return lib.limits().maxElements;
}

/** The (n, c) plane `p` of a tensor, as {data, shape} with the spatial shape. */
export function planeOf(t, p, dims) {
  const spatial = t.shape.slice(t.shape.length - dims);
  const n = prod(spatial);
  return { data: t.data.slice(p * n, (p + 1) * n), shape: spatial };
}

/**
 * Window membership of one plane, as the core defines it (lib.poolWindows): window w covers the
 * input cells cells[offsets[w]] .. cells[offsets[w + 1] - 1]; and the reverse map, built once per
 * geometry: input cell j lies in the windows wins[start[j]] .. wins[start[j + 1] - 1] (ascending).
 * plane (p, with its numbers: `indices`): fractional max pooling's windows are that plane's (its
 * samples); max unpooling's "windows" are its output cells, each covering the input elements
 * written to it (the core lists, per input element of the plane, the one output cell its index
 * names: the reverse map of that listing).
 */
export function windowGeometry(state, p = 0, indices = null, inShape = state.size) {
  const name = fnName(state.op, state.dims);
  const opts = { ...poolOptions(state, p), op: name };
  if (isUnpool(state.op)) {
    opts.indices = { data: indices, shape: [1, 1, ...inShape] };
    const listed = lib.poolWindows([1, 1, ...inShape], opts);
    const outCells = prod(state.size);
    const rev = reverse(listed.offsets, listed.cells, outCells);
    return { windows: outCells, offsets: rev.start, cells: rev.wins, start: listed.offsets, wins: listed.cells };
  }
  const { offsets, cells } = lib.poolWindows([1, 1, ...state.size], opts);
  const { start, wins } = reverse(offsets, cells, prod(state.size));
  return { windows: offsets.length - 1, offsets, cells, start, wins };
}

/** The reverse of a window listing: for each of n cells, the windows that list it (ascending). */
function reverse(offsets, cells, n) {
  const W = offsets.length - 1;
  const start = new Int32Array(n + 1);
  for (let i = 0; i < cells.length; i++) start[cells[i] + 1]++;
  for (let j = 0; j < n; j++) start[j + 1] += start[j];
  const fill = start.slice(0, n);
  const wins = new Int32Array(cells.length);
  for (let w = 0; w < W; w++) {
    for (let i = offsets[w]; i < offsets[w + 1]; i++) wins[fill[cells[i]]++] = w;
  }
  return { start, wins };
}

/**
 * The padded input of one plane (padding.js), as the core sees it: the input grown by its padding
 * on both sides (`before` per axis) and by `overhang` past the right padding: how far the last
 * window reaches beyond the padded input (ceil_mode), i.e. the least growth for which the core,
 * with padding 0 and floor rounding, gives the same output size. Returns {shape (padded
 * spatial), before, overhang, opts (the core's options for that padded input)}.
 */
export function paddedExtent(state, outShape) {
  const per = (v, a) => (v.length === 1 ? v[0] : v[a]);
  const before = state.size.map((_, a) => per(state.padding, a));
  const base = state.size.map((n, a) => n + 2 * before[a]);
  const opts = { ...poolOptions(state), ceilMode: false, op: fnName(state.op, state.dims) };
  if (usesParam(state.op, 'padding')) opts.padding = [0];
  if (opts.divisorOverride !== undefined) opts.divisorOverride = null;
  const outOf = (shape) => {
    try {
      return lib.outputShape([1, 1, ...shape], opts).slice(2);
    } catch {
      return null; // no window fits yet
    }
  };
  const same = (out) => out && out.every((n, a) => n >= outShape[a]);
  let overhang = base.map(() => 0);
  if (!same(outOf(base))) {
    // the other axes grown enough that they never limit the answer along the axis asked about
    const roomy = base.map((n, a) => n + per(state.kernelSize, a) * (usesParam(state.op, 'dilation') ? per(state.dilation, a) : 1) + per(state.stride, a));
    overhang = base.map((n, a) => {
      for (let e = 0; e <= roomy[a] - n; e++) {
        const out = outOf(roomy.map((m, b) => (b === a ? n + e : m)));
        if (out && out[a] >= outShape[a]) return e;
      }
      return 0;
    });
  }
  return { shape: base.map((n, a) => n + overhang[a]), before, overhang, opts };
}

/**
 * Every window of the padded input (paddedExtent), padding taps included: the core's window
 * listing (lib.poolWindows) on it, {offsets, cells} flat in the padded plane; null when the core
 * cannot list them.
 */
export function paddedWindows(extent) {
  try {
    return lib.poolWindows([1, 1, ...extent.shape], extent.opts);
  } catch {
    return null;
  }
}

/** Flat input indices (within a plane) covered by window w, in the core's order. */
export function windowCells(geom, w) {
  return Array.from(geom.cells.subarray(geom.offsets[w], geom.offsets[w + 1]));
}

/** Flat output indices (within a plane) of the windows that contain input cell j, ascending. */
export function windowsOf(geom, j) {
  return Array.from(geom.wins.subarray(geom.start[j], geom.start[j + 1]));
}

/**
 * The input gradient of one plane when only the windows in `mask` (flat output indices within
 * the plane, or a predicate) pass their upstream gradient: the library's backward on a masked
 * dL/dy. Used for the step-through (windows 0..k) and for one window's contribution.
 */
export function maskedGradInput(state, plane, keep) {
  const name = fnName(state.op, state.dims);
  const opts = poolOptions(state, plane.index);
  const inSp = plane.inShape;
  const outSp = plane.outShape;
  const g = new Float32Array(plane.gradOutput.length);
  for (let w = 0; w < g.length; w++) if (keep(w)) g[w] = plane.gradOutput[w];
  const gradOutput = { data: g, shape: [1, 1, ...outSp] };
  const x = { data: plane.input, shape: [1, 1, ...inSp] };
  const indices = plane.indices ? { data: plane.indices, shape: [1, 1, ...(isUnpool(state.op) ? inSp : outSp)] } : null;
  return backward(state, name, gradOutput, x, indices, opts).data;
}
