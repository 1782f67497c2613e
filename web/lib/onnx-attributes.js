// onnx-attributes.js: ONNX's pooling attributes (opset 22, docs/Operators.md) read once and
// translated into a convention spec (convention-calls.js) in the core's terms. This file is the
// one place that knows ONNX's names, defaults and auto_pad rule; the core knows the rest (output
// size for explicit pads, the windows, the divisor, the NaN rule).
//
// What the translation decides, each from ONNX's own tests (tests/onnx/README.md):
//   - pads = [x1_begin, x2_begin, ..., x1_end, x2_end, ...] -> padding (begins), paddingEnd (ends);
//   - auto_pad SAME_*: output ceil(in / stride), total pad max(0, (out - 1)·s + (k - 1)·d + 1 - in),
//     the odd cell at the end for SAME_UPPER and at the beginning for SAME_LOWER (the spec's text;
//     ONNX Runtime does the same); VALID: no padding. Both give the floor and ceil formulas the
//     same sizes, so ceil_mode is sent to the core only with explicit pads;
//   - AveragePool's count_include_pad divisor counts the window's taps that lie in
//     [-pad_begin, in + pad_end): that is the core's default, which is what ONNX's test generator
//     (op_pool_common.pool, its `pixel < in + pads` filter) and ONNX Runtime (AveragePool*DTask:
//     hend = min(hstart + k·d, in + pad_end)) compute; so divisorFullWindow stays off;
//   - LpPool is the p-norm of the window's elements (lpNormOfWindow), padding and dilation read;
//   - MaxPool never picks NaN (maxSkipsNan), as the test generator pool() drops NaNs.
import { shapeArg } from './convert.js';
import { describe, describeList, typeError } from './errors.js';
import { isArray, isObject, isSafeInteger, ownKeys, ownValue, readList } from './read.js';

/** ONNX pooling tensors are (N, C, D1, ..., Dn) with n = 1..3 here. */
export const MAX_RANK = 5;

const AUTO_PADS = ['NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID'];

// The attributes each operator defines at opset 22, in the spec's (alphabetical) order.
export const ONNX_ATTRIBUTES = Object.freeze({
  MaxPool: ['auto_pad', 'ceil_mode', 'dilations', 'kernel_shape', 'pads', 'storage_order', 'strides'],
  AveragePool: ['auto_pad', 'ceil_mode', 'count_include_pad', 'dilations', 'kernel_shape', 'pads', 'strides'],
  LpPool: ['auto_pad', 'ceil_mode', 'dilations', 'kernel_shape', 'p', 'pads', 'strides'],
  MaxUnpool: ['kernel_shape', 'pads', 'strides'],
  GlobalMaxPool: [],
  GlobalAveragePool: [],
});

/** A RangeError `fn: message` with .param (the ONNX name) and .code, as errors.js's rangeError. */
export function onnxRangeError(fn, param, code, message) {
  const error = new RangeError(`${fn}: ${message}`);
  error.param = param;
  error.code = code;
  return error;
}

const plural = (n, noun) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** The spatial dimensions of X's shape (N, C, D1, ..., Dn), n = 1..3; else a RangeError. */
export function spatialDims(fn, name, shape) {
  if (shape.length < 3 || shape.length > 5) {
    throw onnxRangeError(fn, name, 'bad_rank', `${name} must have shape (N, C, D1, ..., Dn) with 1 to 3 spatial ` +
      `dimensions (rank 3 to 5), got rank ${shape.length} [${shape.join(', ')}]`);
  }
  return shape.length - 2;
}

// An INT attribute: a safe integer (ONNX's int64, as a JS number).
function intAttribute(fn, name, value, fallback, { min, allowed }) {
  if (value === undefined) return fallback;
  if (!isSafeInteger(value)) throw typeError(fn, `attributes.${name} must be an integer, got ${describe(value)}`);
  if (allowed !== undefined && !allowed.includes(value)) {
    throw onnxRangeError(fn, name, 'out_of_range', `${name} must be ${allowed.join(' or ')}, got ${value}`);
  }
  if (min !== undefined && value < min) {
    throw onnxRangeError(fn, name, 'out_of_range', `${name} must be at least ${min}, got ${value}`);
  }
  return value;
}

// An INTS attribute: an array of `count` safe integers, each at least min.
function intsAttribute(fn, name, value, count, min, why) {
  if (!isArray(value)) {
    throw typeError(fn, `attributes.${name} must be an array of ${plural(count, 'integer')}, got ${describe(value)}`);
  }
  const list = readList(value, 7); // at most 6 entries (pads of 3 spatial dimensions) are ever needed
  if (!isSafeInteger(list.length) || list.hole >= 0 || !list.values.every(isSafeInteger) ||
    list.values.length !== Math.min(list.length, 7)) {
    throw typeError(fn, `attributes.${name} must be an array of ${plural(count, 'integer')}, got ${describeList(list)}`);
  }
  if (list.length !== count) {
    const entries = list.length === 1 ? '1 entry' : `${list.length} entries`;
    throw onnxRangeError(fn, name, 'bad_length', `${name} has ${entries}; ${why}, so ${name} needs ${count}`);
  }
  const bad = list.values.findIndex((v) => v < min);
  if (bad >= 0) {
    throw onnxRangeError(fn, name, 'out_of_range', `${name}[${bad}] must be at least ${min}, got ${list.values[bad]}`);
  }
  return list.values;
}

/**
 * Reads `attributes` (an object or undefined) for operator op once: own keys only, each known key
 * once. Returns a null-prototype object of the op's attributes with ONNX's defaults filled in;
 * `kernel_shape` is required where the op defines it. dims: X's spatial dimensions.
 */
export function readAttributes(fn, op, attributes, dims) {
  const names = ONNX_ATTRIBUTES[op];
  if (attributes === undefined && !names.includes('kernel_shape')) attributes = {};
  if (!isObject(attributes) || isArray(attributes) || typeof attributes === 'function') {
    throw typeError(fn, `attributes must be an object ({ ${names.join(', ')} }), got ${describe(attributes)}`);
  }
  for (const key of ownKeys(attributes)) {
    if (!names.includes(key)) {
      throw typeError(fn, `unknown attribute ${JSON.stringify(key)} (${op} has ${names.length === 0 ? 'none' : names.join(', ')})`);
    }
  }
  const raw = Object.create(null);
  for (const name of names) raw[name] = ownValue(attributes, name);
  const rank = `X has ${plural(dims, 'spatial dimension')}`;
  const a = Object.create(null);
  if (names.includes('kernel_shape')) {
    if (raw.kernel_shape === undefined) {
      throw typeError(fn, `attributes.kernel_shape is required: an array of ${plural(dims, 'integer')}, one per spatial dimension of X`);
    }
    a.kernel_shape = intsAttribute(fn, 'kernel_shape', raw.kernel_shape, dims, 1, rank);
  }
  a.strides = raw.strides === undefined ? Array(dims).fill(1) : intsAttribute(fn, 'strides', raw.strides, dims, 1, rank);
  a.dilations = raw.dilations === undefined ? Array(dims).fill(1) : intsAttribute(fn, 'dilations', raw.dilations, dims, 1, rank);
  if (names.includes('auto_pad')) {
    const autoPad = raw.auto_pad === undefined ? 'NOTSET' : raw.auto_pad;
    if (typeof autoPad !== 'string') throw typeError(fn, `attributes.auto_pad must be a string, got ${describe(autoPad)}`);
    if (!AUTO_PADS.includes(autoPad)) {
      throw onnxRangeError(fn, 'auto_pad', 'out_of_range', `auto_pad must be one of ${AUTO_PADS.join(', ')}, got ${describe(autoPad)}`);
    }
    if (autoPad !== 'NOTSET' && raw.pads !== undefined) {
      throw onnxRangeError(fn, 'pads', 'conflict', `pads must not be given with auto_pad ${JSON.stringify(autoPad)} ` +
        '(auto_pad computes the padding; use auto_pad "NOTSET" for explicit pads)');
    }
    a.auto_pad = autoPad;
  } else {
    a.auto_pad = 'NOTSET';
  }
  a.pads = raw.pads === undefined ? Array(2 * dims).fill(0)
    : intsAttribute(fn, 'pads', raw.pads, 2 * dims, 0, `${rank} (a begin and an end each)`);
  a.ceil_mode = intAttribute(fn, 'ceil_mode', raw.ceil_mode, 0, { allowed: [0, 1] });
  a.count_include_pad = intAttribute(fn, 'count_include_pad', raw.count_include_pad, 0, { allowed: [0, 1] });
  a.storage_order = intAttribute(fn, 'storage_order', raw.storage_order, 0, { allowed: [0, 1] });
  a.p = intAttribute(fn, 'p', raw.p, 2, { min: 1 });
  return a;
}

/**
 * The padding before and after each spatial axis: the explicit pads, or auto_pad's (the spec:
 * SAME output = ceil(in / s), total = max(0, (out - 1)·s + (k - 1)·d + 1 - in), the odd cell at
 * the end for SAME_UPPER and at the beginning for SAME_LOWER; VALID none).
 */
export function resolvePads(a, spatial) {
  const dims = spatial.length;
  if (a.auto_pad === 'NOTSET') return { begin: a.pads.slice(0, dims), end: a.pads.slice(dims) };
  const begin = [];
  const end = [];
  for (let i = 0; i < dims; ++i) {
    let total = 0;
    if (a.auto_pad !== 'VALID') {
      const s = a.strides[i];
      const out = Math.ceil(spatial[i] / s);
      total = Math.max(0, (out - 1) * s + (a.kernel_shape[i] - 1) * a.dilations[i] + 1 - spatial[i]);
    }
    const small = Math.floor(total / 2);
    begin.push(a.auto_pad === 'SAME_LOWER' ? total - small : small);
    end.push(a.auto_pad === 'SAME_LOWER' ? small : total - small);
  }
  return { begin, end };
}

// The sliding-window fields of a spec (MaxPool, AveragePool, LpPool).
function slidingSpec(kind, a, spatial) {
  const { begin, end } = resolvePads(a, spatial);
  return {
    kind, dims: spatial.length, kernelSize: a.kernel_shape.slice(), stride: a.strides.slice(),
    padding: begin, paddingEnd: end, dilation: a.dilations.slice(),
    // auto_pad's sizes are the same under floor and ceil (see above): the core takes the floor.
    ceilMode: a.auto_pad === 'NOTSET' && a.ceil_mode === 1,
    countIncludePad: a.count_include_pad === 1, normType: a.p, outputSize: [],
    returnIndices: kind === 'max', divisorFullWindow: false,
    lpNormOfWindow: kind === 'lp', maxSkipsNan: kind === 'max',
  };
}

/**
 * MaxUnpool's inferred spatial output size, the reference's (in - 1)·s - (pad_begin + pad_end) + k
 * (onnx/reference/ops/op_max_unpool.py); a RangeError where it is below 1.
 */
export function unpoolInferredSize(fn, a, spatial) {
  const dims = spatial.length;
  return spatial.map((n, i) => {
    const size = (n - 1) * a.strides[i] - (a.pads[i] + a.pads[dims + i]) + a.kernel_shape[i];
    if (size < 1) {
      throw onnxRangeError(fn, 'pads', 'empty_output', `the unpooled size along spatial axis ${i}, ` +
        `(${n} - 1)·${a.strides[i]} - (${a.pads[i]} + ${a.pads[dims + i]}) + ${a.kernel_shape[i]} = ${size}, is below 1`);
    }
    return size;
  });
}

/** The spec of operator op for an input of shape xShape and attributes already read (readAttributes). */
export function specOf(fn, op, xShape, a) {
  const spatial = xShape.slice(2);
  const ones = spatial.map(() => 1);
  switch (op) {
    case 'MaxPool': return slidingSpec('max', a, spatial);
    case 'AveragePool': return slidingSpec('avg', a, spatial);
    case 'LpPool': return slidingSpec('lp', a, spatial);
    // ONNX's GlobalMaxPool is numpy's max (op_global_max_pool.py): NaN propagates, as in PyTorch.
    case 'GlobalMaxPool': return { kind: 'adaptive_max', dims: spatial.length, outputSize: ones, returnIndices: true };
    case 'GlobalAveragePool': return { kind: 'adaptive_avg', dims: spatial.length, outputSize: ones };
    case 'MaxUnpool': {
      const dims = spatial.length;
      return {
        kind: 'max_unpool', dims, kernelSize: a.kernel_shape.slice(), stride: a.strides.slice(),
        padding: a.pads.slice(0, dims), paddingEnd: a.pads.slice(dims), dilation: ones,
        outputSize: unpoolInferredSize(fn, a, spatial),
      };
    }
    default: throw new Error(`unreachable: ${op}`);
  }
}

/**
 * The convention spec (convention-calls.js) that onnx[opName] sends to the core for an input of
 * shape xShape (N, C, D1..Dn) with these attributes, after checking them exactly as the operator
 * does (the same errors). For the comparison view: spec.padding / spec.paddingEnd are the resolved
 * begin/end pads (auto_pad applied), spec.countIncludePad and spec.divisorFullWindow the divisor
 * rule; for MaxUnpool spec.outputSize is the inferred spatial size.
 */
export function onnxSpec(opName, xShape, attributes) {
  if (typeof opName !== 'string' || !Object.hasOwn(ONNX_ATTRIBUTES, opName)) {
    throw typeError('onnxSpec', `opName must be one of ${Object.keys(ONNX_ATTRIBUTES).join(', ')}, got ${describe(opName)}`);
  }
  const fn = `onnx.${opName}`;
  const shape = shapeArg(fn, 'xShape', xShape, MAX_RANK);
  const dims = spatialDims(fn, 'X', shape);
  return specOf(fn, opName, shape, readAttributes(fn, opName, attributes, dims));
}

// The core's parameter names (PyTorch's, snake_case in messages, camelCase in .param) in ONNX's
// terms. A padding_end entry i is pads[dims + i] (pads lists the begins, then the ends).
const ONNX_NAMES = {
  kernel_size: 'kernel_shape', stride: 'strides', dilation: 'dilations', padding: 'pads', padding_end: 'pads',
  norm_type: 'p', output_size: 'output_shape',
};
const PARAM_NAMES = {
  kernelSize: 'kernel_shape', stride: 'strides', dilation: 'dilations', padding: 'pads', paddingEnd: 'pads',
  normType: 'p', outputSize: 'output_shape',
};

/**
 * Runs a core call; a RangeError of the core's (which names PyTorch's parameters) comes back in
 * ONNX's terms: kernel_size[0] -> kernel_shape[0], padding_end[1] -> pads[dims + 1], and the
 * tensors by `tensors` ({ input: 'X', gradOutput: 'dY', ... }); .code stays the core's, .param is
 * the ONNX name, .cause the core's error.
 */
export function inOnnxTerms(fn, dims, tensors, call) {
  try {
    return call();
  } catch (error) {
    if (!(error instanceof RangeError) || typeof error.message !== 'string') throw error;
    const text = error.message.replace(/^[^:]*: /, '')
      .replace(/\b(kernel_size|stride|dilation|padding_end|padding|norm_type|output_size)\b(\[(\d+)\])?/g,
        (_, name, index, i) => {
          if (index === undefined) return name === 'padding_end' ? 'pads (end)' : ONNX_NAMES[name];
          return `${ONNX_NAMES[name]}[${name === 'padding_end' ? dims + Number(i) : i}]`;
        })
      .replace(/\b(gradOutput|inputShape|input|indices)\b/g, (word) => tensors[word] ?? word);
    const translated = onnxRangeError(fn, PARAM_NAMES[error.param] ?? tensors[error.param] ?? error.param, error.code, text);
    translated.cause = error;
    throw translated;
  }
}
