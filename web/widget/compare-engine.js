// compare-engine.js: the comparison view's numbers. From a state, the same pooling layer in each
// framework of `state.compare` (PyTorch, ONNX, TensorFlow), forward and backward, each through the
// library (web/lib: the PyTorch functions, lib.onnx, lib.tensorflow); the resolved geometry of each
// (its spec: padding before and after, divisor rule, NaN rule) for the explanations; the reasons
// for the differences (compare-reasons.js). No pooling math here: every number, padding and index
// is the library's. A framework that rejects the layer gets its message in its column; the other
// columns still compute.
//
// Every tensor here is in PyTorch's layout, (N, C, ...spatial) row-major, so the view can show the
// same (n, c) plane of every column; TensorFlow's argmax keeps its own numbering (NHWC flat), only
// its positions are moved into the (n, c) planes.
import * as lib from '../lib/index.js';
import { onnxSpec } from '../lib/onnx-attributes.js';
import { tensorflowSpec } from '../lib/tensorflow-layout.js';
import { resolveInput, COMPARE, FRAMEWORKS, COMPARED_OPS } from './state.js';
// PyTorch's geometry in the form of onnxSpec / tensorflowSpec (symmetric padding) is compare-reasons.js's
import { compareReasons, pytorchSpec } from './compare-reasons.js';
// ONNX's attributes and TensorFlow's padding of a state, as the exported programs write them
import { onnxAttributesOf, tensorflowPaddingOf } from './compare-code.js';
import { prod } from './shape.js';
import { coreEntry } from './core-messages.js';

/** The operations and dims the comparison view shows (each framework has them). */
export const COMPARE_OPS = COMPARED_OPS;
export const COMPARE_DIMS = [1, 2];

/**
 * The most cells of an input plane the comparison draws: three columns of four matrices each are
 * rebuilt on every change (a 24x24 plane: about 7,000 cells, under a second in Chromium on a slow
 * machine; 64x64 takes seconds). The single view draws larger planes.
 */
export const COMPARE_CELLS = 576;

/** Why the comparison cannot show a state: null, or {reason: 'op' | 'dims' | 'size', cells?, cap?}. */
export function compareUnsupported(state) {
  if (!COMPARE_OPS.includes(state.op)) return { reason: 'op' };
  if (!COMPARE_DIMS.includes(state.dims)) return { reason: 'dims' };
  const cells = prod(state.size);
  if (cells > COMPARE_CELLS) return { reason: 'size', cells, cap: COMPARE_CELLS };
  return null;
}

const per = (v, a) => (v.length === 1 ? v[0] : v[a]);
const perAxis = (state, v) => state.size.map((_, a) => per(v, a));
const isMax = (state) => state.op === 'max';

// ---------------------------------------------------------------------------------------------
// each framework's parameters, from the state (the one place each knob is translated)

/** PyTorch's options (torch.nn.functional's names, in the library's camelCase). */
export function pytorchOptions(state) {
  const o = { kernelSize: perAxis(state, state.kernelSize), stride: perAxis(state, state.stride), padding: perAxis(state, state.padding), ceilMode: state.ceilMode };
  if (isMax(state)) o.dilation = perAxis(state, state.dilation);
  else {
    o.countIncludePad = state.countIncludePad;
    o.divisorOverride = state.divisorOverride;
  }
  return o;
}

/**
 * ONNX's attributes (MaxPool / AveragePool): auto_pad, or explicit pads (onnx-pads, else the
 * state's padding on both sides). One translation for the view and the exported program:
 * compare-code.js's.
 */
export const onnxAttributes = onnxAttributesOf;

/** TensorFlow's options (tf.nn.max_pool / avg_pool): padding SAME, VALID or explicit (compare-code.js: the state's padding, both sides). */
export function tensorflowOptions(state) {
  return { ksize: perAxis(state, state.kernelSize), strides: perAxis(state, state.stride), padding: tensorflowPaddingOf(state), dataFormat: 'NCHW' };
}

// ---------------------------------------------------------------------------------------------
// the upstream gradient

/**
 * dL/dy for one framework's output: the state's loss (mean: 1/numel(y) of that framework's y; sum:
 * 1); custom only when the state's gradValues fit that output, else the mean and a note.
 */
function upstream(state, output) {
  const n = output.data.length;
  const g = { data: new Float32Array(n), shape: output.shape.slice() };
  let note = null;
  if (state.grad === 'custom' && state.gradValues && state.gradValues.length === n) {
    g.data.set(state.gradValues);
    return { gradOutput: g, note };
  }
  if (state.grad === 'custom') note = { key: 'gradMeanInstead', args: [state.gradValues ? state.gradValues.length : 0, n] };
  g.data.fill(state.grad === 'sum' ? 1 : 1 / n);
  return { gradOutput: g, note };
}

// ---------------------------------------------------------------------------------------------
// one column per framework

function runPytorch(state, x) {
  const d = state.dims;
  const opts = pytorchOptions(state);
  if (isMax(state)) {
    const { output, indices } = lib[`maxPool${d}d`](x, opts);
    const { gradOutput, note } = upstream(state, output);
    const gradInput = lib[`maxPool${d}dBackward`](gradOutput, indices, x.shape, opts);
    return { result: { output, gradOutput, gradInput, indices: numbers(indices) }, note, settings: opts };
  }
  const output = lib[`avgPool${d}d`](x, opts);
  const { gradOutput, note } = upstream(state, output);
  const gradInput = lib[`avgPool${d}dBackward`](gradOutput, x.shape, opts);
  return { result: { output, gradOutput, gradInput }, note, settings: opts };
}

function runOnnx(state, x) {
  const attrs = onnxAttributes(state);
  if (isMax(state)) {
    const { Y, Indices } = lib.onnx.MaxPool(x, attrs);
    const output = tensorOf(Y);
    const { gradOutput, note } = upstream(state, output);
    const { dX } = lib.onnx.MaxPool.backward(gradOutput, Indices, x.shape, attrs);
    return { result: { output, gradOutput, gradInput: tensorOf(dX), indices: numbers(Indices, output.shape) }, note, settings: attrs };
  }
  const { Y } = lib.onnx.AveragePool(x, attrs);
  const output = tensorOf(Y);
  const { gradOutput, note } = upstream(state, output);
  const { dX } = lib.onnx.AveragePool.backward(gradOutput, x.shape, attrs);
  return { result: { output, gradOutput, gradInput: tensorOf(dX) }, note, settings: attrs };
}

/** A layer a framework cannot express at all (no option for it): the column's message. */
class Inexpressible extends Error {
  constructor(message, key, args) {
    super(message);
    this.key = key; // the view's words for it (i18n.js)
    this.args = args;
  }
}

function runTensorflow(state, x) {
  const tf = lib.tensorflow;
  const opts = tensorflowOptions(state);
  // tf.nn.max_pool has no dilation: a dilated window is not a TensorFlow pooling layer
  const dilation = perAxis(state, state.dilation);
  if (isMax(state) && dilation.some((d) => d !== 1)) {
    throw new Inexpressible(`TensorFlow's max_pool has no dilation (dilation=${dilation.join('x')})`, 'cmpNoDilation', [dilation.join('×')]);
  }
  if (isMax(state)) {
    const output = tensorOf(tf.maxPool(x, opts));
    const { gradOutput, note } = upstream(state, output);
    const gradInput = tensorOf(tf.maxPoolGrad(x, output, gradOutput, opts));
    return { result: { output, gradOutput, gradInput, ...argmaxOf(tf, x, opts) }, note, settings: opts };
  }
  const output = tensorOf(tf.avgPool(x, opts));
  const { gradOutput, note } = upstream(state, output);
  const gradInput = tensorOf(tf.avgPoolGrad(x.shape, gradOutput, opts));
  return { result: { output, gradOutput, gradInput }, note, settings: opts };
}

/**
 * TensorFlow's argmax (tf.nn.max_pool_with_argmax: 2-D, NHWC, SAME or VALID only): the input moved
 * to NHWC, the indices (NHWC numbering, batch included) moved back into the (n, c) planes. 1-D is
 * 2-D with a height of 1, as tf.nn.max_pool1d itself runs (expand_dims). Explicit padding has no
 * argmax in TensorFlow: no indices then.
 */
function argmaxOf(tf, x, opts) {
  if (Array.isArray(opts.padding)) return {};
  const oneD = x.shape.length === 3;
  const x2 = oneD ? { data: x.data, shape: [x.shape[0], x.shape[1], 1, x.shape[2]] } : x;
  const wrap = (v) => (oneD ? [1, ...v] : v);
  const { argmax } = tf.maxPoolWithArgmax(toChannelsLast(x2), { ksize: wrap(opts.ksize), strides: wrap(opts.strides), padding: opts.padding, includeBatchInIndex: true });
  const idx = toChannelsFirst(numbers(argmax));
  if (oneD) idx.shape = [idx.shape[0], idx.shape[1], idx.shape[3]];
  return { indices: idx };
}

const RUN = { pytorch: runPytorch, onnx: runOnnx, tensorflow: runTensorflow };

/** Each framework's resolved geometry (the library's), or null when it cannot tell. */
function specOf(framework, state, xShape) {
  try {
    if (framework === 'pytorch') return pytorchSpec(state);
    if (framework === 'onnx') return onnxSpec(isMax(state) ? 'MaxPool' : 'AveragePool', xShape, onnxAttributes(state));
    const { dataFormat, ...opts } = tensorflowOptions(state);
    return tensorflowSpec(isMax(state) ? 'maxPool' : 'avgPool', xShape, { ...opts, dataFormat });
  } catch {
    return null;
  }
}

/**
 * How far a column's last window reaches past its padded input, per axis (ceil_mode's overhang,
 * never read): the least growth of the padded input (padding before + input + padding after) for
 * which the core, with no padding and floor rounding, gives the column's output size. Asked of the
 * core (lib.outputShape), as engine.paddedExtent asks it for the single view. Zeros when the spec
 * is unknown or no window overhangs.
 */
function overhangOf(spec, inSp, outSp) {
  if (!spec || !spec.padding || !spec.paddingEnd || !spec.ceilMode) return inSp.map(() => 0);
  const d = inSp.length;
  const base = inSp.map((n, a) => n + spec.padding[a] + spec.paddingEnd[a]);
  const reach = (a) => (spec.kernelSize[a] - 1) * (spec.dilation?.[a] ?? 1) + 1;
  const opts = { op: `maxPool${d}d`, kernelSize: spec.kernelSize.slice(), stride: spec.stride.slice(), padding: [0], dilation: inSp.map((_, a) => spec.dilation?.[a] ?? 1), ceilMode: false };
  const outOf = (shape) => {
    try {
      return lib.outputShape([1, 1, ...shape], opts).slice(2);
    } catch {
      return null; // no window fits yet
    }
  };
  // the other axes grown enough that they never limit the answer along the axis asked about
  const roomy = base.map((n, a) => n + reach(a) + spec.stride[a]);
  return base.map((n, a) => {
    for (let e = 0; e <= reach(a) + spec.stride[a]; e++) {
      const out = outOf(roomy.map((m, b) => (b === a ? n + e : m)));
      if (out && out[a] >= outSp[a]) return e;
    }
    return 0;
  });
}

/** A library answer as {data, shape} (it may be a tensor object or have `.output`). */
function tensorOf(t) {
  if (t && t.data && t.shape) return { data: t.data, shape: Array.from(t.shape) };
  if (t && t.output) return tensorOf(t.output);
  throw new TypeError('compare: the library answered something that is not a tensor');
}

/** Indices (Int32Array, BigInt64Array, or a tensor of them) as {data: Float64Array, shape}. */
function numbers(t, shape = null) {
  const src = t && t.data ? t.data : t;
  const data = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) data[i] = Number(src[i]);
  return { data, shape: t && t.shape ? Array.from(t.shape) : shape.slice() };
}

/** (N, C, ...spatial) -> (N, ...spatial, C): TensorFlow's NHWC, for its NHWC-only op. */
function toChannelsLast(x) {
  const [N, C, ...sp] = x.shape;
  const S = prod(sp);
  const out = new Float32Array(x.data.length);
  for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) for (let s = 0; s < S; s++) out[(n * S + s) * C + c] = x.data[(n * C + c) * S + s];
  return { data: out, shape: [N, ...sp, C] };
}

/** (N, ...spatial, C) -> (N, C, ...spatial), values kept (TensorFlow's argmax in the (n, c) planes). */
function toChannelsFirst(t) {
  const N = t.shape[0];
  const C = t.shape[t.shape.length - 1];
  const sp = t.shape.slice(1, -1);
  const S = prod(sp);
  const out = new Float64Array(t.data.length);
  for (let n = 0; n < N; n++) for (let s = 0; s < S; s++) for (let c = 0; c < C; c++) out[(n * C + c) * S + s] = t.data[(n * S + s) * C + c];
  return { data: out, shape: [N, C, ...sp] };
}

/** An error's message as one line (the library's TypeError / RangeError words). */
function messageOf(err) {
  return String(err && err.message ? err.message : err);
}

// ---------------------------------------------------------------------------------------------

// the fields the comparison depends on (with the input's numbers)
const QUESTION = ['op', 'dims', 'size', 'channels', 'batch', 'kernelSize', 'stride', 'padding', 'dilation', 'ceilMode', 'countIncludePad',
  'divisorOverride', 'grad', 'gradValues', ...COMPARE.map((p) => p.name)];

/**
 * The comparison for one state: `columns` [{framework, spec, settings (= attributes: the options
 * passed to the library), result | null, overhang (per axis: ceil_mode's reach past the padding),
 * error?, note?}] in FRAMEWORKS order, `input` ({data, shape}: the state's whole input), `unsupported`
 * (compareUnsupported), and the reasons (compareReasons, asked once). Never throws: a column's
 * failure is its `error`.
 */
export class CompareAnswer {
  constructor(state) {
    this.key = keyOf(state);
    this.grad = state.grad;
    this.unsupported = compareUnsupported(state);
    const x = { data: new Float32Array(resolveInput(state)), shape: [state.batch, state.channels, ...state.size] };
    this.input = x;
    this.columns = [];
    this._reasons = undefined;
    if (this.unsupported) return;
    for (const framework of FRAMEWORKS) {
      if (!state.compare.includes(framework)) continue;
      const column = { framework, spec: specOf(framework, state, x.shape), settings: null, result: null };
      try {
        const r = RUN[framework](state, x);
        column.result = r.result;
        column.settings = r.settings;
        column.overhang = overhangOf(column.spec, x.shape.slice(2), r.result.output.shape.slice(2));
        column.attributes = r.settings; // (compare-reasons.js names the setting with them)
        if (r.note) column.note = r.note;
      } catch (err) {
        column.error = messageOf(err);
        column.entry = coreEntry(err, state); // (the view says a PyTorch rejection in the page's language)
        if (err instanceof Inexpressible) column.errorWords = { key: err.key, args: err.args };
        column.settings = framework === 'pytorch' ? pytorchOptions(state) : framework === 'onnx' ? onnxAttributes(state) : tensorflowOptions(state);
      }
      this.columns.push(column);
    }
  }

  /** Whether `state` asks the same comparison (this answer stands for it). */
  answers(state) {
    return keyOf(state) === this.key;
  }

  /** The difference sentences (compare-reasons.js), asked once; [] if it fails. */
  reasons() {
    if (this._reasons === undefined) {
      try {
        // (the columns a framework rejected are not compared: the first computed one is the base)
        const computed = this.columns.filter((c) => c.result);
        this._reasons = computed.length > 1 ? compareReasons(this.input, computed, { grad: this.grad }) : [];
      } catch {
        this._reasons = [];
      }
    }
    return this._reasons;
  }
}

function keyOf(state) {
  const parts = QUESTION.map((k) => JSON.stringify(state[k] ?? null));
  // the input's numbers, NaN and -0 included
  parts.push(resolveInput(state).map((v) => (Object.is(v, -0) ? '-0' : String(v))).join(','));
  return parts.join('|');
}
