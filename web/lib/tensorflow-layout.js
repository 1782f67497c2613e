// tensorflow-layout.js: TensorFlow's pooling arguments (tf.nn.max_pool / avg_pool /
// max_pool_with_argmax, tf.raw_ops.MaxPoolGrad / AvgPoolGrad) read once and translated into the
// core's convention spec (convention-calls.js), and the two layout changes TensorFlow needs:
// channels-last tensors (NHWC, TensorFlow's default) to the core's channels-first (NCHW) and
// back, and the core's argmax (per (N, C) plane) to TensorFlow's flat NHWC index.
//
// TensorFlow's rules, in one place (https://www.tensorflow.org/api_docs/python/tf/nn, the
// "Notes on padding" of tf.nn.convolution):
//   VALID   no padding; out = ceil((in - k + 1) / s), an error when k > in.
//   SAME    out = ceil(in / s); total padding = max((out - 1)·s + k - in, 0), split
//           before = floor(total / 2), after = total - before: an odd extra goes at the END
//           (PyTorch pads symmetrically; ONNX's SAME_UPPER is TensorFlow's SAME).
//   explicit  [[before, after] per spatial axis] (or the full list with [0, 0] at N and C):
//           tf.nn.max_pool for 1-D and 2-D only; avg_pool, the 3-D ops, max_pool_with_argmax
//           and AvgPoolGrad take 'SAME' or 'VALID' alone.
//   The window never counts padding: average pooling divides by the input elements in the
//   window, max pooling never sees a padded value. No ceil_mode, no dilation in these ops.
//   Max pooling ignores NaN (see the NaN note in tensorflow.js).
import { describe, typeError } from './errors.js';
import { isArray, isObject, isSafeInteger, ownKeys, ownValue, readList } from './read.js';

// The functions and what each accepts: which padding forms, which ranks, which extra options.
const FUNCTIONS = {
  maxPool: { kind: 'max', explicit: true, ranks: [3, 4, 5], formats: true },
  avgPool: { kind: 'avg', explicit: false, ranks: [3, 4, 5], formats: true },
  maxPoolWithArgmax: { kind: 'max', explicit: false, ranks: [4], formats: false, extra: ['includeBatchInIndex'] },
  maxPoolGrad: { kind: 'max', explicit: true, ranks: [3, 4, 5], formats: true },
  avgPoolGrad: { kind: 'avg', explicit: false, ranks: [3, 4, 5], formats: true },
};

// dataFormat names per spatial rank: channels last (TensorFlow's default) and channels first.
// 'NHWC' / 'NCHW' are accepted at every rank, as the generic tf.nn.pool's callers write them.
const LAST_NAMES = { 1: ['NWC', 'NHWC'], 2: ['NHWC'], 3: ['NDHWC', 'NHWC'] };
const FIRST_NAMES = { 1: ['NCW', 'NCHW'], 2: ['NCHW'], 3: ['NCDHW', 'NCHW'] };

function rangeErrorFor(fn, param, code, message) {
  const error = new RangeError(`${fn}: ${message}`);
  error.param = param;
  error.code = code;
  return error;
}

// The input's rank must be one the function accepts: 3, 4, 5 = 1-D, 2-D, 3-D, always batched.
function spatialDims(fn, info, rank) {
  if (!info.ranks.includes(rank)) {
    const takes = info.ranks.length === 1 ? 'a 4-D input (N, H, W, C)' : 'a batched input of rank 3, 4 or 5 (1-D, 2-D or 3-D pooling)';
    throw rangeErrorFor(fn, 'input', 'bad_rank', `the input has rank ${rank}; TensorFlow's ${info.name} takes ${takes}`);
  }
  return rank - 2;
}

function dataFormatOption(fn, info, value, dims) {
  if (value === undefined) return { channelsLast: true, name: LAST_NAMES[dims][0] };
  if (typeof value !== 'string') throw typeError(fn, `options.dataFormat must be a string, got ${describe(value)}`);
  if (LAST_NAMES[dims].includes(value)) return { channelsLast: true, name: value };
  if (FIRST_NAMES[dims].includes(value) && info.formats) return { channelsLast: false, name: value };
  const allowed = info.formats ? [...LAST_NAMES[dims], ...FIRST_NAMES[dims]] : LAST_NAMES[dims];
  throw rangeErrorFor(fn, 'dataFormat', 'out_of_range',
    `dataFormat ${describe(value)} is not one of ${allowed.map((n) => `'${n}'`).join(', ')} for a ${dims + 2}-D input`);
}

// ksize / strides: an int, a list of 1 or `dims` ints (per spatial axis), or TensorFlow's full
// list of dims + 2 (1 at the batch and channel positions). Returns dims spatial values >= 1.
function windowOption(fn, name, value, dims, channelsLast) {
  if (value === undefined) throw typeError(fn, `options.${name} is required (TensorFlow has no default)`);
  const rank = dims + 2;
  let values;
  if (isSafeInteger(value)) {
    values = [value];
  } else if (isArray(value)) {
    const list = readList(value, rank);
    if (!(isSafeInteger(list.length) && (list.length === 1 || list.length === dims || list.length === rank))) {
      throw typeError(fn, `${name} has ${describe(list.length)} entries; a ${rank}-D input takes ${[...new Set([1, dims, rank])].join(', ').replace(/, (\d+)$/, ' or $1')}`);
    }
    values = list.values;
    const bad = values.find((v) => !isSafeInteger(v));
    if (list.hole >= 0 || bad !== undefined) {
      throw typeError(fn, `options.${name} must hold integers, got ${list.hole >= 0 ? `a hole at ${list.hole}` : describe(bad)}`);
    }
  } else {
    throw typeError(fn, `options.${name} must be an integer or an array of integers, got ${describe(value)}`);
  }
  if (values.length === rank) {
    const channel = channelsLast ? rank - 1 : 1;
    if (values[0] !== 1 || values[channel] !== 1) {
      throw rangeErrorFor(fn, name, 'out_of_range', `${name} [${values.join(', ')}] must be 1 at the batch and channel ` +
        'positions (pooling across the batch or the channels is not supported)');
    }
    values = values.filter((_, axis) => axis !== 0 && axis !== channel);
  }
  if (values.length === 1) values = new Array(dims).fill(values[0]);
  const small = values.find((v) => v < 1);
  if (small !== undefined) {
    throw rangeErrorFor(fn, name, 'out_of_range', `${name} must be at least 1 on every axis, got ${small}`);
  }
  return values;
}

// padding: 'SAME', 'VALID', or explicit [before, after] pairs. Returns { mode, pairs }.
function paddingOption(fn, info, value, dims, channelsLast) {
  if (value === 'SAME' || value === 'VALID') return { mode: value, pairs: null };
  const forms = info.explicit && dims < 3 ? "'SAME', 'VALID' or explicit [[before, after], ...] pairs" : "'SAME' or 'VALID'";
  if (typeof value === 'string') {
    throw rangeErrorFor(fn, 'padding', 'out_of_range', `padding ${describe(value)} is not ${forms}`);
  }
  if (!isArray(value)) throw typeError(fn, `options.padding must be ${forms}, got ${describe(value)}`);
  if (!info.explicit || dims === 3) {
    throw rangeErrorFor(fn, 'padding', 'out_of_range', `explicit padding is not accepted here: TensorFlow's ${info.name} ` +
      `takes ${forms}${info.explicit ? ' for a 3-D input' : ''} (explicit padding is tf.nn.max_pool's, 1-D and 2-D)`);
  }
  const rank = dims + 2;
  const list = readList(value, rank);
  if (!(list.length === dims || list.length === rank) || list.hole >= 0) {
    throw typeError(fn, `options.padding has ${describe(list.length)} pairs; a ${rank}-D input takes ${dims} ` +
      `([before, after] per spatial axis) or ${rank} (with [0, 0] at the batch and channel positions)`);
  }
  const pairs = list.values.map((pair, axis) => {
    const entries = isArray(pair) ? readList(pair, 2) : null;
    if (entries === null || entries.length !== 2 || entries.hole >= 0 || !entries.values.every(isSafeInteger)) {
      throw typeError(fn, `options.padding[${axis}] must be a pair [before, after] of integers, got ${describe(pair)}`);
    }
    if (entries.values.some((v) => v < 0)) {
      throw rangeErrorFor(fn, 'padding', 'out_of_range', `padding[${axis}] [${entries.values.join(', ')}] must not be negative`);
    }
    return entries.values;
  });
  if (pairs.length === dims) return { mode: 'EXPLICIT', pairs };
  const channel = channelsLast ? rank - 1 : 1;
  for (const axis of [0, channel]) {
    if (pairs[axis][0] !== 0 || pairs[axis][1] !== 0) {
      throw rangeErrorFor(fn, 'padding', 'out_of_range', `padding[${axis}] [${pairs[axis].join(', ')}] must be [0, 0]: ` +
        'the batch and channel axes are never padded');
    }
  }
  return { mode: 'EXPLICIT', pairs: pairs.filter((_, axis) => axis !== 0 && axis !== channel) };
}

function boolOption(fn, name, value, fallback) {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw typeError(fn, `options.${name} must be a boolean, got ${describe(value)}`);
  return value;
}

/**
 * TensorFlow's padding per spatial axis: [before, after]. SAME puts an odd extra at the end.
 * in, k, s: the axis's input size, window and stride.
 */
export function samePadding(inSize, k, s) {
  const out = Math.ceil(inSize / s);
  const total = Math.max((out - 1) * s + k - inSize, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/**
 * Reads one call's options (each key once, own properties only) for the TensorFlow function fn
 * ('maxPool', 'avgPool', 'maxPoolWithArgmax', 'maxPoolGrad', 'avgPoolGrad'; messages name it
 * `tensorflow.<fn>`), for an input of shape inputShape (a plain array of integers, in the
 * call's dataFormat). Returns { spec, channelsLast, dims, includeBatchInIndex }: spec is the
 * core's convention spec in channels-first order.
 */
export function readTensorflowCall(fnName, inputShape, options) {
  const fn = `tensorflow.${fnName}`;
  const info = { ...FUNCTIONS[fnName], name: fnName };
  const dims = spatialDims(fn, info, inputShape.length);
  if (!isObject(options) || isArray(options) || typeof options === 'function') {
    throw typeError(fn, `options must be an object { ksize, strides, padding${info.formats ? ', dataFormat' : ''} }, got ${describe(options)}`);
  }
  const allowed = ['ksize', 'strides', 'padding', ...(info.formats ? ['dataFormat'] : []), ...(info.extra ?? [])];
  for (const key of ownKeys(options)) {
    if (!allowed.includes(key)) {
      const why = key === 'dilations' || key === 'dilationRate' ? " (TensorFlow's pooling ops have no dilation; tf.nn.pool's dilation_rate is not supported)" : '';
      throw typeError(fn, `unknown option ${JSON.stringify(key)} (it accepts ${allowed.join(', ')})${why}`);
    }
  }
  const read = (key) => (allowed.includes(key) ? ownValue(options, key) : undefined);
  const format = dataFormatOption(fn, info, read('dataFormat'), dims);
  const ksize = windowOption(fn, 'ksize', read('ksize'), dims, format.channelsLast);
  const strides = windowOption(fn, 'strides', read('strides'), dims, format.channelsLast);
  const paddingValue = read('padding');
  if (paddingValue === undefined) throw typeError(fn, "options.padding is required: 'SAME' or 'VALID' (TensorFlow has no default)");
  const padding = paddingOption(fn, info, paddingValue, dims, format.channelsLast);
  const includeBatchInIndex = boolOption(fn, 'includeBatchInIndex', read('includeBatchInIndex'), false);

  const spatial = format.channelsLast ? inputShape.slice(1, 1 + dims) : inputShape.slice(2);
  const pairs = padding.mode === 'EXPLICIT' ? padding.pairs
    : padding.mode === 'SAME' ? spatial.map((n, axis) => samePadding(n, ksize[axis], strides[axis]))
      : spatial.map(() => [0, 0]);
  const spec = {
    kind: info.kind, dims,
    kernelSize: ksize, stride: strides,
    padding: pairs.map((p) => p[0]), paddingEnd: pairs.map((p) => p[1]),
    dilation: new Array(dims).fill(1),
    ceilMode: false,
    countIncludePad: false, // the divisor counts input elements only
    divisorFullWindow: false,
    lpNormOfWindow: false,
    maxSkipsNan: info.kind === 'max',
    returnIndices: info.kind === 'max',
  };
  return { spec, channelsLast: format.channelsLast, dims, includeBatchInIndex, paddingMode: padding.mode };
}

/**
 * The core's convention spec of a TensorFlow call, for explanations (the page's comparison view):
 * { kind, dims, kernelSize, stride, padding (before, per spatial axis), paddingEnd (after),
 * dilation, ceilMode, countIncludePad, divisorFullWindow, lpNormOfWindow, maxSkipsNan,
 * returnIndices }, channels-first order. fnName: 'maxPool', 'avgPool', 'maxPoolWithArgmax',
 * 'maxPoolGrad' or 'avgPoolGrad'; inputShape in the options' dataFormat (NHWC by default).
 * Throws the same errors the function itself would for these options.
 */
export function tensorflowSpec(fnName, inputShape, options) {
  if (typeof fnName !== 'string' || !Object.hasOwn(FUNCTIONS, fnName)) {
    throw typeError('tensorflowSpec', `fnName must be one of ${Object.keys(FUNCTIONS).join(', ')}, got ${describe(fnName)}`);
  }
  const list = isArray(inputShape) ? readList(inputShape, 5) : null;
  if (list === null || list.hole >= 0 || list.length !== list.values.length || !list.values.every((d) => isSafeInteger(d) && d >= 0)) {
    throw typeError(`tensorflow.${fnName}`, `inputShape must be an array of at most 5 non-negative integers, got ${describe(inputShape)}`);
  }
  return readTensorflowCall(fnName, list.values, options).spec;
}

// --- layout ---

/** A channels-last shape (N, ...spatial, C) as channels-first (N, C, ...spatial), and back. */
export const firstShape = (shape) => [shape[0], shape[shape.length - 1], ...shape.slice(1, -1)];
export const lastShape = (shape) => [shape[0], ...shape.slice(2), shape[1]];

/**
 * Moves the channel axis: data of channels-last shape (N, ...spatial, C) to channels-first
 * (N, C, ...spatial) order (toFirst) or the reverse. Returns a fresh Float32Array.
 */
export function moveChannels(data, channelsLastShape, toFirst) {
  const n = channelsLastShape[0];
  const c = channelsLastShape[channelsLastShape.length - 1];
  const plane = channelsLastShape.slice(1, -1).reduce((a, b) => a * b, 1);
  const out = new Float32Array(n * plane * c); // from the shape: a subclass may lie about .length
  for (let b = 0; b < n; ++b) {
    for (let p = 0; p < plane; ++p) {
      const last = (b * plane + p) * c; // (b, p, 0) channels last
      for (let ch = 0; ch < c; ++ch) {
        const first = (b * c + ch) * plane + p; // (b, ch, p) channels first
        if (toFirst) out[first] = data[last + ch];
        else out[last + ch] = data[first];
      }
    }
  }
  return out;
}

/**
 * The core's argmax (Int32 per (N, C) plane, channels-first order, -1 = no element won) as
 * TensorFlow's: int64 in NHWC order, flat index ((b·H + y)·W + x)·C + c, the batch term only
 * with includeBatchInIndex. inputShape is the channels-last input's shape.
 */
export function tensorflowArgmax(indices, outputShapeLast, inputShapeLast, includeBatchInIndex) {
  const n = outputShapeLast[0];
  const c = outputShapeLast[outputShapeLast.length - 1];
  const outPlane = outputShapeLast.slice(1, -1).reduce((a, b) => a * b, 1);
  const inPlane = inputShapeLast.slice(1, -1).reduce((a, b) => a * b, 1);
  const out = new BigInt64Array(indices.length);
  for (let b = 0; b < n; ++b) {
    const batchTerm = includeBatchInIndex ? b * inPlane : 0;
    for (let p = 0; p < outPlane; ++p) {
      for (let ch = 0; ch < c; ++ch) {
        const within = indices[(b * c + ch) * outPlane + p];
        out[(b * outPlane + p) * c + ch] = within < 0 ? -1n : BigInt((batchTerm + within) * c + ch);
      }
    }
  }
  return out;
}
