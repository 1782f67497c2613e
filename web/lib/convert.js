// convert.js: reads the caller's arguments once (read.js) into one request owned by poolgrad, and
// checks their JS types and lengths (TypeError). Every rule on values - ranges, ranks, output
// sizes, element caps, index ranges - belongs to the core (cpp/validate.cpp) and comes back as a
// RangeError (errors.js), so no formula or limit is repeated in JavaScript. The one exception is
// a list's length, which is bounded here (by the core's maxRank) before a list is read, so a
// hostile 2^26-element shape costs nothing.
import { describe, describeList, typeError, withArticle } from './errors.js';
import {
  isArray, isObject, isSafeInteger, ownKeys, ownValue, readList, typedArrayKind, typedArrayLength,
} from './read.js';

/** The pooling functions: which core kind and how many spatial dimensions. */
export const OPS = Object.freeze({
  maxPool1d: Object.freeze({ kind: 'max', dims: 1 }),
  maxPool2d: Object.freeze({ kind: 'max', dims: 2 }),
  maxPool3d: Object.freeze({ kind: 'max', dims: 3 }),
  avgPool1d: Object.freeze({ kind: 'avg', dims: 1 }),
  avgPool2d: Object.freeze({ kind: 'avg', dims: 2 }),
  avgPool3d: Object.freeze({ kind: 'avg', dims: 3 }),
});

// The options each kind accepts (torch.nn.functional's keyword arguments in camelCase).
const OPTION_KEYS = {
  max: ['kernelSize', 'stride', 'padding', 'dilation', 'ceilMode', 'returnIndices'],
  avg: ['kernelSize', 'stride', 'padding', 'ceilMode', 'countIncludePad', 'divisorOverride'],
};

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

// An int or a per-dimension array (length 1 or dims), as a list for the core ([] = default).
function intListOption(fn, name, value, dims, hasDefault) {
  if (hasDefault && (value === undefined || value === null)) return [];
  if (isSafeInteger(value)) return [value];
  let got;
  let bad = value;
  if (isArray(value)) {
    const list = readList(value, 8);
    if ((list.length === 1 || list.length === dims) && list.hole < 0 && list.values.every(isSafeInteger)) {
      return list.values;
    }
    got = describeList(list);
    bad = list.values.find((v) => !isSafeInteger(v));
  } else {
    got = describe(value);
  }
  const arrays = dims === 1 ? 'an array of 1 integer' : `an array of ${dims} integers`;
  throw typeError(fn, `options.${name} must be an integer or ${arrays}` +
    `${hasDefault ? ' (or null for the default)' : ''}, got ${got}${integerText(bad)}`);
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

/**
 * Reads an options object for the pooling function `op` (a key of OPS), each accepted key once,
 * own properties only, and returns the core request's parameters (a null-prototype object):
 * { kind, dims, kernelSize, stride, padding, dilation, ceilMode, countIncludePad,
 * divisorOverride, returnIndices }. `skip` names keys handled by the caller (e.g. 'op').
 */
export function poolRequest(fn, op, options, skip = []) {
  const { kind, dims } = OPS[op];
  if (!isObject(options) || isArray(options) || typeof options === 'function') {
    throw typeError(fn, `options must be an object with at least kernelSize, got ${describe(options)}`);
  }
  const allowed = OPTION_KEYS[kind];
  for (const key of ownKeys(options)) {
    if (!allowed.includes(key) && !skip.includes(key)) {
      throw typeError(fn, `unknown option ${JSON.stringify(key)} for ${op} (it accepts ${allowed.join(', ')})`);
    }
  }
  const read = (key) => ownValue(options, key);
  const request = Object.create(null);
  request.kind = kind;
  request.dims = dims;
  request.kernelSize = intListOption(fn, 'kernelSize', read('kernelSize'), dims, false);
  request.stride = intListOption(fn, 'stride', read('stride'), dims, true);
  request.padding = intListOption(fn, 'padding', read('padding'), dims, true);
  request.dilation = kind === 'max' ? intListOption(fn, 'dilation', read('dilation'), dims, true) : [];
  request.ceilMode = boolOption(fn, 'ceilMode', read('ceilMode'), false);
  request.countIncludePad = kind === 'avg' ? boolOption(fn, 'countIncludePad', read('countIncludePad'), true) : true;
  request.divisorOverride = kind === 'avg' ? divisorOption(fn, read('divisorOverride')) : null;
  // PyTorch's return_indices, default true here: false computes the maxima alone.
  request.returnIndices = kind === 'max' ? boolOption(fn, 'returnIndices', read('returnIndices'), true) : true;
  return request;
}

/** The op named by options.op (routingCounts, outputShape, poolWindows), read once. */
export function opOption(fn, options) {
  const op = isObject(options) ? ownValue(options, 'op') : undefined;
  if (typeof op !== 'string' || !Object.hasOwn(OPS, op)) {
    const names = Object.keys(OPS).map((name) => `'${name}'`).join(', ');
    throw typeError(fn, `options.op must be one of ${names}, got ${describe(op)}`);
  }
  return op;
}
