// engine.js: every number the widget shows comes from here, and everything here comes from the
// library (web/lib). No pooling formula is repeated: window membership, argmaxes, divisors,
// partial gradients are all answers of the library to small questions (one-hot inputs and
// masked upstream gradients).
import * as lib from '../lib/index.js';

export const init = lib.init;

const fnName = (op, dims) => `${op}Pool${dims}d`;

/** The library options for a widget state. */
export function poolOptions(state) {
  const o = {
    kernelSize: state.kernelSize.slice(),
    stride: state.stride.slice(),
    padding: state.padding.slice(),
    ceilMode: state.ceilMode,
  };
  if (state.op === 'max') o.dilation = state.dilation.slice();
  else {
    o.countIncludePad = state.countIncludePad;
    o.divisorOverride = state.divisorOverride;
  }
  return o;
}

export function inputShape(state) {
  return [state.batch, state.channels, ...state.size];
}

const prod = (a) => a.reduce((x, y) => x * y, 1);

/**
 * Runs forward, backward and the routing counts on the whole (N, C, ...) tensor.
 * input: Float32Array. Throws the library's TypeError/RangeError for an invalid combination.
 */
export function compute(state, input, gradValues) {
  const name = fnName(state.op, state.dims);
  const opts = poolOptions(state);
  const shape = inputShape(state);
  const x = { data: input, shape };
  let output;
  let indices = null;
  if (state.op === 'max') {
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
  const gradInput = state.op === 'max'
    ? lib[`${name}Backward`](gradOutput, indices, shape, opts)
    : lib[`${name}Backward`](gradOutput, shape, opts);
  const routing = lib.routingCounts(x, { ...opts, op: name });
  return {
    name, opts, shape, input: x, output, indices, gradOutput, gradInput,
    counts: routing.counts, windowsPerPlane: routing.windowsPerPlane, divisors: routing.divisors ?? null,
  };
}

/** Only checks a state against the core (the output shape or the core's error). */
export function checkState(state) {
  return lib.outputShape(inputShape(state), { ...poolOptions(state), op: fnName(state.op, state.dims) });
}

/** The (n, c) plane `p` of a tensor, as {data, shape} with the spatial shape. */
export function planeOf(t, p, dims) {
  const spatial = t.shape.slice(t.shape.length - dims);
  const n = prod(spatial);
  return { data: t.data.slice(p * n, (p + 1) * n), shape: spatial };
}

/**
 * Window geometry of one plane, asked of the library one axis at a time: for axis a, a 1-D pool
 * of L one-hot rows (input (L, 1, L)) answers which windows contain each position (a window of
 * an N-d pool is the product of its axes' windows). member[a][i * O + o] = 1 when position i is
 * in window o along axis a.
 */
export function windowAxes(state, outSpatial) {
  const axes = [];
  for (let a = 0; a < state.dims; a++) {
    const pick = (v) => (v.length === 1 ? v[0] : v[a]);
    const L = state.size[a];
    const onehot = new Float32Array(L * L);
    for (let i = 0; i < L; i++) onehot[i * L + i] = 1;
    const x = { data: onehot, shape: [L, 1, L] };
    const o1 = {
      kernelSize: [pick(state.kernelSize)], stride: [pick(state.stride)], padding: [pick(state.padding)], ceilMode: state.ceilMode,
    };
    let out;
    if (state.op === 'max') out = lib.maxPool1d(x, { ...o1, dilation: [pick(state.dilation)] }).output;
    else out = lib.avgPool1d(x, { ...o1, countIncludePad: true }); // nonzero exactly on members
    const O = out.shape[2];
    if (O !== outSpatial[a]) throw new Error('window geometry disagrees with the output shape');
    const member = new Uint8Array(L * O);
    for (let i = 0; i < L; i++) for (let o = 0; o < O; o++) member[i * O + o] = out.data[i * O + o] > 0 ? 1 : 0;
    axes.push({ L, O, member });
  }
  return axes;
}

/** Row-major multi-index <-> flat index helpers. */
export function unflatten(k, shape) {
  const idx = new Array(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    idx[a] = k % shape[a];
    k = Math.floor(k / shape[a]);
  }
  return idx;
}
export function flatten(idx, shape) {
  let k = 0;
  for (let a = 0; a < shape.length; a++) k = k * shape[a] + idx[a];
  return k;
}

/** Flat input indices (within a plane) covered by window w. */
export function windowCells(axes, w, inShape, outShape) {
  const o = unflatten(w, outShape);
  const perAxis = axes.map((ax, a) => {
    const list = [];
    for (let i = 0; i < ax.L; i++) if (ax.member[i * ax.O + o[a]]) list.push(i);
    return list;
  });
  const cells = [];
  const rec = (a, idx) => {
    if (a === perAxis.length) {
      cells.push(flatten(idx, inShape));
      return;
    }
    for (const i of perAxis[a]) rec(a + 1, [...idx, i]);
  };
  rec(0, []);
  return cells;
}

/** Flat output indices (within a plane) of the windows that contain input cell j. */
export function windowsOf(axes, j, inShape, outShape) {
  const i = unflatten(j, inShape);
  const perAxis = axes.map((ax, a) => {
    const list = [];
    for (let o = 0; o < ax.O; o++) if (ax.member[i[a] * ax.O + o]) list.push(o);
    return list;
  });
  const wins = [];
  const rec = (a, idx) => {
    if (a === perAxis.length) {
      wins.push(flatten(idx, outShape));
      return;
    }
    for (const o of perAxis[a]) rec(a + 1, [...idx, o]);
  };
  rec(0, []);
  return wins;
}

/**
 * The input gradient of one plane when only the windows in `mask` (flat output indices within
 * the plane, or a predicate) pass their upstream gradient: the library's backward on a masked
 * dL/dy. Used for the step-through (windows 0..k) and for one window's contribution.
 */
export function maskedGradInput(state, plane, keep) {
  const name = fnName(state.op, state.dims);
  const opts = poolOptions(state);
  const inSp = plane.inShape;
  const outSp = plane.outShape;
  const g = new Float32Array(plane.gradOutput.length);
  for (let w = 0; w < g.length; w++) if (keep(w)) g[w] = plane.gradOutput[w];
  const gradOutput = { data: g, shape: [1, 1, ...outSp] };
  const shape = [1, 1, ...inSp];
  const r = state.op === 'max'
    ? lib[`${name}Backward`](gradOutput, { data: plane.indices, shape: [1, 1, ...outSp] }, shape, opts)
    : lib[`${name}Backward`](gradOutput, shape, opts);
  return r.data;
}
