// convert.js: reads the caller's arguments once (read.js) into one request owned by poolgrad, and
// checks their JS types and lengths (TypeError). Every rule on values - ranges, ranks, output
// sizes, element caps, index ranges - belongs to the core (cpp/validate.cpp) and comes back as a
// RangeError (errors.js), so no formula or limit is repeated in JavaScript. The exceptions are
// what JavaScript must decide before the core can be asked: a list's length, bounded here (by the
// core's maxRank) before a list is read, so a hostile 2^26-element shape costs nothing; a
// negative outputSize, which the record could not tell from a null entry; and the global
// poolings' dims, which pick the op.
import { describe, describeList, rangeError, typeError, withArticle } from './errors.js';
import {
  isArray, isObject, isSafeInteger, ownKeys, ownValue, readList, typedArrayKind, typedArrayLength,
} from './read.js';

/**
 * The pooling functions: which core kind (cpp/pool_options.h's PoolKind) and how many spatial
 * dimensions. The global poolings are adaptive ones with output size 1 whose dims come from the
 * input's rank or options.dims (see globalDims).
 */
export const OPS = Object.freeze({
  maxPool1d: op('max', 1), maxPool2d: op('max', 2), maxPool3d: op('max', 3),
  avgPool1d: op('avg', 1), avgPool2d: op('avg', 2), avgPool3d: op('avg', 3),
  adaptiveMaxPool1d: op('adaptive_max', 1), adaptiveMaxPool2d: op('adaptive_max', 2), adaptiveMaxPool3d: op('adaptive_max', 3),
  adaptiveAvgPool1d: op('adaptive_avg', 1), adaptiveAvgPool2d: op('adaptive_avg', 2), adaptiveAvgPool3d: op('adaptive_avg', 3),
  lpPool1d: op('lp', 1), lpPool2d: op('lp', 2), lpPool3d: op('lp', 3),
  maxUnpool1d: op('max_unpool', 1), maxUnpool2d: op('max_unpool', 2), maxUnpool3d: op('max_unpool', 3),
  fractionalMaxPool2d: op('fractional_max', 2), fractionalMaxPool3d: op('fractional_max', 3),
  globalMaxPool: op('adaptive_max', null), globalAvgPool: op('adaptive_avg', null),
});
function op(kind, dims) {
  return Object.freeze({ kind, dims });
}

// The options each kind accepts (torch.nn.functional's keyword arguments in camelCase); the
// global poolings accept `dims` instead of outputSize.
const OPTION_KEYS = {
  max: ['kernelSize', 'stride', 'padding', 'dilation', 'ceilMode', 'returnIndices'],
  avg: ['kernelSize', 'stride', 'padding', 'ceilMode', 'countIncludePad', 'divisorOverride'],
  adaptive_max: ['outputSize', 'returnIndices'],
  adaptive_avg: ['outputSize'],
  lp: ['normType', 'kernelSize', 'stride', 'ceilMode'],
  max_unpool: ['kernelSize', 'stride', 'padding', 'outputSize'],
  fractional_max: ['kernelSize', 'outputSize', 'outputRatio', 'randomSamples', 'seed', 'returnIndices'],
};
const GLOBAL_OPTION_KEYS = { adaptive_max: ['dims', 'returnIndices'], adaptive_avg: ['dims'] };

function integerText(value) {
  return Number.isInteger(value) && !isSafeInteger(value)
    ? ' (integers must be safe integers, at most 2^53 - 1 in magnitude)'
    : '';
}

/**
 * A shape: an array of non-negative safe integers, read once into a fresh array. More than
 * maxRank entries is a RangeError (the core's rank cap), raised before more are read.
 */
export function shapeArg(fn, name, value, maxRank) {
  if (!isArray(value)) {
    throw typeError(fn, `${name} must be an array of non-negative integers, got ${describe(value)}`);
  }
  const list = readList(value, maxRank);
  if (isSafeInteger(list.length) && list.length > maxRank) {
    const error = new RangeError(`${fn}: ${name} has ${list.length} dimensions; poolgrad's tensors ` +
      `have at most ${maxRank} (N, C and up to ${maxRank - 2} spatial dimensions)`);
    error.param = name;
    error.code = 'bad_rank';
    throw error;
  }
  const bad = list.values.find((d) => !(isSafeInteger(d) && d >= 0));
  if (bad !== undefined || list.hole >= 0 || list.values.length !== list.length) {
    throw typeError(fn, `${name} must be an array of non-negative integers, got ${describeList(list)}${integerText(bad)}`);
  }
  return list.values;
}

/** The product of a shape's entries (exact: the core caps every tensor far below 2^53). */
export function numel(shape) {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * A tensor { data, shape } whose data is a genuine typed array of the given kind holding exactly
 * the number of elements its shape describes. Returns { data, shape, length } (shape copied).
 */
export function tensorArg(fn, name, value, kind, maxRank) {
  if (!isObject(value) || isArray(value) || typedArrayKind(value) !== undefined || ArrayBuffer.isView(value)) {
    throw typeError(fn, `${name} must be a tensor { data: ${kind}, shape: number[] }, got ${describe(value)}`);
  }
  const data = ownValue(value, 'data');
  const shapeValue = ownValue(value, 'shape');
  if (typedArrayKind(data) !== kind) {
    throw typeError(fn, `${name}.data must be ${withArticle(kind)}, got ${describe(data)}`);
  }
  const shape = shapeArg(fn, `${name}.shape`, shapeValue, maxRank);
  const length = typedArrayLength(data);
  const count = numel(shape);
  if (length !== count) {
    throw typeError(fn, `${name}.data has ${length} elements, but ${name}.shape [${shape.join(', ')}] holds ${count}`);
  }
  return { data, shape, length };
}

// "an array of 2 integers", "an array of 1 number".
function arrayOf(dims, noun) {
  return `an array of ${dims} ${noun}${dims === 1 ? '' : 's'}`;
}

// An int or a per-dimension array (length 1 or dims), as a list for the core ([] = default).
// outputSize: a null entry (adaptive pooling: keep that input size) is sent as -1; max
// unpooling's may also be PyTorch's full (N, C, ...spatial) size (the core keeps the spatial part).
function intListOption(fn, name, value, dims, { hasDefault = false, nullEntries = false, fullShape = false } = {}) {
  if (hasDefault && (value === undefined || value === null)) return [];
  if (isSafeInteger(value)) return [sizeEntry(fn, name, value)];
  const entry = (v) => isSafeInteger(v) || (nullEntries && v === null);
  const fits = (length) => length === 1 || length === dims || (fullShape && length === dims + 2);
  let got;
  let bad = value;
  if (isArray(value)) {
    const list = readList(value, 8);
    if (fits(list.length) && list.hole < 0 && list.values.every(entry)) {
      return list.values.map((v) => (v === null ? -1 : sizeEntry(fn, name, v)));
    }
    got = describeList(list);
    bad = list.values.find((v) => !entry(v));
  } else {
    got = describe(value);
  }
  const arrays = (dims === 1 ? 'an array of 1 integer' : `an array of ${dims} integers`) +
    (fullShape ? ` (or ${dims + 2}, the full shape)` : '');
  throw typeError(fn, `options.${name} must be an integer or ${arrays}${nullEntries ? ' (an entry may be null)' : ''}` +
    `${hasDefault ? ' (or null for the default)' : ''}, got ${got}${integerText(bad)}`);
}

// -1 is how the record spells a null outputSize entry, so a negative output size cannot be sent
// as itself: it is rejected here, with the core's code for a value below its minimum.
function sizeEntry(fn, name, value) {
  if (name === 'outputSize' && value < 0) {
    throw rangeError(fn, { message: `output_size must be at least 1, got ${value}`, param: name, code: 'out_of_range' });
  }
  return value;
}

// A number or a per-dimension array of numbers (outputRatio), as a list of doubles; the core
// checks the values (a ratio in (0, 1)), so NaN and Infinity pass through to it.
function numberListOption(fn, name, value, dims) {
  if (value === undefined || value === null) return [];
  if (typeof value === 'number') return [value];
  if (isArray(value)) {
    const list = readList(value, 8);
    if ((list.length === 1 || list.length === dims) && list.hole < 0 && list.values.every((v) => typeof v === 'number')) {
      return list.values;
    }
    throw typeError(fn, `options.${name} must be a number or ${arrayOf(dims, 'number')}, got ${describeList(list)}`);
  }
  throw typeError(fn, `options.${name} must be a number or ${arrayOf(dims, 'number')}, got ${describe(value)}`);
}

function boolOption(fn, name, value, fallback) {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw typeError(fn, `options.${name} must be a boolean, got ${describe(value)}`);
  return value;
}

function divisorOption(fn, value) {
  if (value === undefined || value === null) return null;
  if (!isSafeInteger(value)) {
    throw typeError(fn, `options.divisorOverride must be an integer or null, got ${describe(value)}${integerText(value)}`);
  }
  return value;
}

// LP pooling's p: any number (the core rejects NaN and 0).
function normTypeOption(fn, value) {
  if (typeof value !== 'number') throw typeError(fn, `options.normType must be a number, got ${describe(value)}`);
  return value;
}

// Fractional max pooling's seed for drawing the samples when none are given (default 0).
function seedOption(fn, value) {
  if (value === undefined || value === null) return 0;
  if (!(isSafeInteger(value) && value >= 0)) {
    throw typeError(fn, `options.seed must be a non-negative integer, got ${describe(value)}${integerText(value)}`);
  }
  return value;
}

// PyTorch's _random_samples, flat (N, C, dims) in a genuine Float32Array; null = draw from seed.
function samplesOption(fn, value) {
  if (value === undefined || value === null) return null;
  if (typedArrayKind(value) !== 'Float32Array') {
    throw typeError(fn, `options.randomSamples must be a Float32Array (flat, shape (N, C, dims)) or null, got ${describe(value)}`);
  }
  return { data: value, length: typedArrayLength(value) };
}

// The global poolings' dims: options.dims (1, 2 or 3; the input may then be batched or not),
// else the input is batched (N, C, ...spatial) and dims = rank - 2.
function globalDims(fn, options, rank) {
  const value = ownValue(options, 'dims');
  if (value === undefined || value === null) {
    if (rank >= 3) return rank - 2;
    throw rangeError(fn, {
      message: `a batched input (N, C, ...spatial) of rank 3 to 5 has 1 to 3 spatial dimensions; got rank ${rank} ` +
        '(for an unbatched input (C, ...spatial) pass options.dims)', param: 'input', code: 'bad_rank',
    });
  }
  if (!isSafeInteger(value)) throw typeError(fn, `options.dims must be 1, 2 or 3, got ${describe(value)}`);
  if (value < 1 || value > 3) {
    throw rangeError(fn, { message: `dims must be 1, 2 or 3 (spatial dimensions), got ${value}`, param: 'dims', code: 'out_of_range' });
  }
  return value;
}

/**
 * Reads an options object for the pooling function `op` (a key of OPS), each accepted key once,
 * own properties only, and returns the core request's parameters (a null-prototype object):
 * { kind, dims, kernelSize, stride, padding, dilation, ceilMode, countIncludePad,
 * divisorOverride, returnIndices, normType, seed, outputSize, outputRatio, randomSamples }.
 * `skip` names keys handled by the caller (e.g. 'op'); `rank` is the input's rank (the global
 * poolings' dims may come from it). An absent options object is an empty one for the global
 * poolings (they need no option).
 */
export function poolRequest(fn, op, options, { skip = [], rank = 0 } = {}) {
  const { kind } = OPS[op];
  const isGlobal = OPS[op].dims === null;
  if (isGlobal && options === undefined) options = {};
  if (!isObject(options) || isArray(options) || typeof options === 'function') {
    throw typeError(fn, `options must be an object${isGlobal ? '' : ` with at least ${requiredOption(kind)}`}, got ${describe(options)}`);
  }
  const allowed = (isGlobal ? GLOBAL_OPTION_KEYS : OPTION_KEYS)[kind];
  for (const key of ownKeys(options)) {
    if (!allowed.includes(key) && !skip.includes(key)) {
      throw typeError(fn, `unknown option ${JSON.stringify(key)} for ${op} (it accepts ${allowed.join(', ')})`);
    }
  }
  const dims = isGlobal ? globalDims(fn, options, rank) : OPS[op].dims;
  const read = (key) => (allowed.includes(key) ? ownValue(options, key) : undefined);
  const adaptive = kind === 'adaptive_max' || kind === 'adaptive_avg';
  const request = Object.create(null);
  request.kind = kind;
  request.dims = dims;
  request.kernelSize = adaptive ? [] : intListOption(fn, 'kernelSize', read('kernelSize'), dims);
  request.stride = intListOption(fn, 'stride', read('stride'), dims, { hasDefault: true });
  request.padding = intListOption(fn, 'padding', read('padding'), dims, { hasDefault: true });
  request.dilation = intListOption(fn, 'dilation', read('dilation'), dims, { hasDefault: true });
  request.ceilMode = boolOption(fn, 'ceilMode', read('ceilMode'), false);
  request.countIncludePad = boolOption(fn, 'countIncludePad', read('countIncludePad'), true);
  request.divisorOverride = divisorOption(fn, read('divisorOverride'));
  // PyTorch's return_indices, default true here: false computes the maxima alone.
  request.returnIndices = boolOption(fn, 'returnIndices', read('returnIndices'), true);
  request.normType = kind === 'lp' ? normTypeOption(fn, read('normType')) : 2;
  if (isGlobal) request.outputSize = [1];
  else if (adaptive) request.outputSize = intListOption(fn, 'outputSize', read('outputSize'), dims, { nullEntries: true });
  else request.outputSize = intListOption(fn, 'outputSize', read('outputSize'), dims, { hasDefault: true, fullShape: kind === 'max_unpool' });
  request.outputRatio = numberListOption(fn, 'outputRatio', read('outputRatio'), dims);
  request.randomSamples = samplesOption(fn, read('randomSamples'));
  request.seed = seedOption(fn, read('seed'));
  return request;
}

function requiredOption(kind) {
  if (kind === 'adaptive_max' || kind === 'adaptive_avg') return 'outputSize';
  return kind === 'lp' ? 'normType and kernelSize' : 'kernelSize';
}

// The op names, short: maxPool1d/2d/3d, ..., globalAvgPool.
const OP_NAMES = (() => {
  const groups = new Map();
  for (const name of Object.keys(OPS)) {
    const [, stem, dims] = /^(.*?)([123]d)?$/.exec(name);
    groups.set(stem, [...(groups.get(stem) ?? []), dims].filter(Boolean));
  }
  return [...groups].map(([stem, dims]) => stem + dims.join('/')).join(', ');
})();

/** The op named by options.op (routingCounts, outputShape, poolWindows), read once. */
export function opOption(fn, options) {
  const op = isObject(options) ? ownValue(options, 'op') : undefined;
  if (typeof op !== 'string' || !Object.hasOwn(OPS, op)) {
    throw typeError(fn, `options.op must be one of ${OP_NAMES}, got ${describe(op)}`);
  }
  return op;
}
