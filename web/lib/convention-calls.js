// convention-calls.js (internal: not exported by index.js): the core's pooling under other
// frameworks' conventions, for onnx.js and tensorflow.js. Those modules check their own user's
// arguments (ONNX attributes, tf.nn keywords) and translate them into a spec, a plain object in
// the core's terms:
//   { kind: 'max'|'avg'|'lp'|'adaptive_max'|'adaptive_avg'|'max_unpool', dims: 1|2|3,
//     kernelSize, stride, padding (before the start), paddingEnd (after the end), dilation,
//     outputSize: number[] (adaptive, max_unpool), ceilMode, countIncludePad, normType,
//     returnIndices, divisorFullWindow, lpNormOfWindow, maxSkipsNan }
// A missing field takes PyTorch's default (stride = kernelSize, padding 0, paddingEnd = padding,
// dilation 1, ceilMode false, countIncludePad true, normType 2, returnIndices false, every rule
// off). padding_up_to_window and dilation_for_average are always on here: ONNX's pads and
// TensorFlow's SAME padding may reach the window's extent less one, and both frameworks dilate
// average and LP pooling. What the core makes of the spec (the output size, the divisor, the NaN
// rule) is the core's alone (cpp/pool_options.h, cpp/validate.cpp); a value it rejects comes back
// as a RangeError whose .param is the spec's field (paddingEnd, kernelSize, ...) and .code the
// core's reason. A spec of the wrong JS type is a caller's bug: a TypeError naming spec.<field>.
// Tensors are batched, (N, C, ...spatial); indices are per (N, C) plane, flat row-major within
// the plane, -1 where no element won (a window of padding only, or only NaN with maxSkipsNan).
import { callCore } from './core-call.js';
import {
  runArgmaxPool, runArgmaxPoolBackward, runLpPoolBackward, runMaxUnpool, runMaxUnpoolBackward, runValuePool,
  runValuePoolBackward, shape, shapeMismatch, equalShapes, tensor,
} from './calls.js';
import { describe, rangeError, typeError } from './errors.js';
import { isArray, isObject, isSafeInteger, ownValue, readList } from './read.js';
import { requireCore } from './loader.js';

const KINDS = ['max', 'avg', 'lp', 'adaptive_max', 'adaptive_avg', 'max_unpool'];
const MAX_KINDS = ['max', 'adaptive_max'];

// A list field: absent = [] (the core's default), else an array of at most 8 safe integers.
function listField(fn, spec, name) {
  const value = ownValue(spec, name);
  if (value === undefined) return [];
  const list = isArray(value) ? readList(value, 8) : null;
  if (list === null || list.hole >= 0 || list.values.length !== list.length || !list.values.every(isSafeInteger)) {
    throw typeError(fn, `spec.${name} must be an array of integers, got ${describe(value)}`);
  }
  return list.values;
}

function boolField(fn, spec, name, fallback) {
  const value = ownValue(spec, name);
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw typeError(fn, `spec.${name} must be a boolean, got ${describe(value)}`);
  return value;
}

/**
 * The core request of a spec (the fields convert.js's poolRequest makes, plus the conventions'),
 * read once. `kinds` are the kinds the calling function accepts.
 */
function specRequest(fn, spec, kinds) {
  if (!isObject(spec) || isArray(spec)) throw typeError(fn, `spec must be an object, got ${describe(spec)}`);
  const kind = ownValue(spec, 'kind');
  if (!kinds.includes(kind)) throw typeError(fn, `spec.kind must be one of ${kinds.join(', ')}, got ${describe(kind)}`);
  const dims = ownValue(spec, 'dims');
  if (dims !== 1 && dims !== 2 && dims !== 3) throw typeError(fn, `spec.dims must be 1, 2 or 3, got ${describe(dims)}`);
  const normType = ownValue(spec, 'normType') ?? 2;
  if (typeof normType !== 'number') throw typeError(fn, `spec.normType must be a number, got ${describe(normType)}`);
  const outputSize = listField(fn, spec, 'outputSize');
  // -1 is how the record spells adaptive pooling's null entry (keep the input's size); a
  // convention's output size is always explicit, so a negative one is rejected as convert.js does.
  const negative = outputSize.find((v) => v < 0);
  if (negative !== undefined) {
    throw rangeError(fn, { message: `output_size must be at least 1, got ${negative}`, param: 'output_size', code: 'out_of_range' });
  }
  const request = Object.create(null);
  Object.assign(request, {
    kind, dims,
    kernelSize: listField(fn, spec, 'kernelSize'),
    stride: listField(fn, spec, 'stride'),
    padding: listField(fn, spec, 'padding'),
    paddingEnd: listField(fn, spec, 'paddingEnd'),
    dilation: listField(fn, spec, 'dilation'),
    outputSize,
    ceilMode: boolField(fn, spec, 'ceilMode', false),
    countIncludePad: boolField(fn, spec, 'countIncludePad', true),
    normType,
    returnIndices: boolField(fn, spec, 'returnIndices', false),
    divisorFullWindow: boolField(fn, spec, 'divisorFullWindow', false),
    lpNormOfWindow: boolField(fn, spec, 'lpNormOfWindow', false),
    maxSkipsNan: boolField(fn, spec, 'maxSkipsNan', false),
    paddingUpToWindow: true,
    dilationForAverage: true,
    divisorOverride: null, outputRatio: [], randomSamples: null, seed: 0,
  });
  return request;
}

const POOL_KINDS = KINDS.filter((k) => k !== 'max_unpool');

/**
 * Pooling forward: x (N, C, ...spatial) -> { output, indices? } (indices for max and adaptive_max
 * with spec.returnIndices).
 */
export function conventionPool(fn, x, spec) {
  const core = requireCore(fn);
  const input = tensor(core, fn, 'input', x, 'Float32Array');
  const request = specRequest(fn, spec, POOL_KINDS);
  if (MAX_KINDS.includes(request.kind)) return runArgmaxPool(core, fn, request, input);
  return { output: runValuePool(core, fn, request, input) };
}

/**
 * Pooling backward: gradOutput (the forward's output shape) -> dL/dx of inputShape. Max kinds
 * need extra.indices (as conventionPool returned them), lp extra.input (of inputShape), average
 * kinds nothing.
 */
export function conventionPoolBackward(fn, gradOutput, inputShape, spec, { indices, input } = {}) {
  const core = requireCore(fn);
  const dout = tensor(core, fn, 'gradOutput', gradOutput, 'Float32Array');
  const inShape = shape(core, fn, 'inputShape', inputShape);
  const request = specRequest(fn, spec, POOL_KINDS);
  if (MAX_KINDS.includes(request.kind)) {
    const idx = tensor(core, fn, 'indices', indices, 'Int32Array');
    return runArgmaxPoolBackward(core, fn, request, dout, idx, inShape);
  }
  if (request.kind === 'lp') {
    const x = tensor(core, fn, 'input', input, 'Float32Array');
    if (!equalShapes(x.shape, inShape)) throw shapeMismatch(fn, 'input', x.shape, `inputShape [${inShape.join(', ')}]`);
    return runLpPoolBackward(core, fn, request, dout, x);
  }
  return runValuePoolBackward(core, fn, request, dout, inShape);
}

/** Max unpooling forward: x and indices of one shape -> output of spatial size spec.outputSize. */
export function conventionUnpool(fn, x, indices, spec) {
  const core = requireCore(fn);
  const input = tensor(core, fn, 'input', x, 'Float32Array');
  const idx = tensor(core, fn, 'indices', indices, 'Int32Array');
  return runMaxUnpool(core, fn, specRequest(fn, spec, ['max_unpool']), input, idx);
}

/** Max unpooling backward: gradOutput (the unpooled shape) -> dL/dx of the indices' shape. */
export function conventionUnpoolBackward(fn, gradOutput, indices, spec) {
  const core = requireCore(fn);
  const dout = tensor(core, fn, 'gradOutput', gradOutput, 'Float32Array');
  const idx = tensor(core, fn, 'indices', indices, 'Int32Array');
  return runMaxUnpoolBackward(core, fn, specRequest(fn, spec, ['max_unpool']), dout, idx);
}

/** The output shape the core computes for inputShape under spec (any kind). */
export function conventionOutputShape(fn, inputShape, spec) {
  const core = requireCore(fn);
  const inShape = shape(core, fn, 'inputShape', inputShape);
  return callCore(core, fn, { request: specRequest(fn, spec, KINDS), inputShape: inShape }).outputShape;
}
