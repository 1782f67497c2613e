// convert.js: checks the JS types of the arguments and turns them into one core request.
// Only types and lengths are checked here (TypeError). Every rule on values - ranges, ranks,
// output sizes, index ranges - belongs to the core (cpp/validate.cpp) and comes back as a
// RangeError (errors.js), so no formula or limit is repeated in JavaScript.
import { describe, typeError, withArticle } from './errors.js';

/** The pooling functions: which core kind and how many spatial dimensions. */
export const OPS = {
  maxPool1d: { kind: 'max', dims: 1 },
  maxPool2d: { kind: 'max', dims: 2 },
  maxPool3d: { kind: 'max', dims: 3 },
  avgPool1d: { kind: 'avg', dims: 1 },
  avgPool2d: { kind: 'avg', dims: 2 },
  avgPool3d: { kind: 'avg', dims: 3 },
};

// The options each kind accepts (torch.nn.functional's keyword arguments in camelCase).
const OPTION_KEYS = {
  max: ['kernelSize', 'stride', 'padding', 'dilation', 'ceilMode'],
  avg: ['kernelSize', 'stride', 'padding', 'ceilMode', 'countIncludePad', 'divisorOverride'],
};

function isTypedArray(value, tag) {
  return ArrayBuffer.isView(value) && value[Symbol.toStringTag] === tag; // works across realms
}

function integerText(value) {
  return Number.isInteger(value) && !Number.isSafeInteger(value)
    ? ' (integers must be safe integers, at most 2^53 - 1 in magnitude)'
    : '';
}

/** A shape: an array of non-negative safe integers, copied. */
export function shapeArg(fn, name, value) {
  if (!Array.isArray(value) || !value.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    const bad = Array.isArray(value) ? value.find((d) => !(Number.isSafeInteger(d) && d >= 0)) : undefined;
    throw typeError(fn, `${name} must be an array of non-negative integers, got ${describe(value)}` +
      integerText(bad));
  }
  return value.slice();
}

/**
 * A tensor { data, shape } whose data is a typed array of the given kind (tag) holding exactly
 * the number of elements its shape describes. Returns { data, shape } (the shape copied).
 */
export function tensorArg(fn, name, value, tag) {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || ArrayBuffer.isView(value)) {
    throw typeError(fn, `${name} must be a tensor { data: ${tag}, shape: number[] }, got ${describe(value)}`);
  }
  if (!isTypedArray(value.data, tag)) {
    throw typeError(fn, `${name}.data must be ${withArticle(tag)}, got ${describe(value.data)}`);
  }
  const shape = shapeArg(fn, `${name}.shape`, value.shape);
  const numel = shape.reduce((a, b) => a * b, 1);
  if (value.data.length !== numel) {
    throw typeError(fn, `${name}.data has ${value.data.length} elements, but ${name}.shape ` +
      `${describe(shape)} holds ${numel}`);
  }
  return { data: value.data, shape };
}

// An int or a per-dimension array (length 1 or dims), as a list for the core ([] = default).
function intListOption(fn, name, value, dims, hasDefault) {
  if (hasDefault && (value === undefined || value === null)) return [];
  if (Number.isSafeInteger(value)) return [value];
  if (Array.isArray(value) && (value.length === 1 || value.length === dims) &&
      value.every((v) => Number.isSafeInteger(v))) {
    return value.slice();
  }
  const arrays = dims === 1 ? 'an array of 1 integer' : `an array of ${dims} integers`;
  const bad = Array.isArray(value) ? value.find((v) => !Number.isSafeInteger(v)) : value;
  throw typeError(fn, `options.${name} must be an integer or ${arrays}` +
    `${hasDefault ? ' (or null for the default)' : ''}, got ${describe(value)}${integerText(bad)}`);
}

function boolOption(fn, name, value, fallback) {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw typeError(fn, `options.${name} must be a boolean, got ${describe(value)}`);
  return value;
}

function divisorOption(fn, value) {
  if (value === undefined || value === null) return null;
  if (!Number.isSafeInteger(value)) {
    throw typeError(fn, `options.divisorOverride must be an integer or null, got ${describe(value)}${integerText(value)}`);
  }
  return value;
}

/**
 * Checks an options object for the pooling function `op` (a key of OPS) and returns the
 * core request's parameters: { kind, dims, kernelSize, stride, padding, dilation, ceilMode,
 * countIncludePad, divisorOverride }. `skip` names keys handled by the caller (e.g. 'op').
 */
export function poolRequest(fn, op, options, skip = []) {
  const { kind, dims } = OPS[op];
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw typeError(fn, `options must be an object with at least kernelSize, got ${describe(options)}`);
  }
  const allowed = OPTION_KEYS[kind];
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key) && !skip.includes(key)) {
      throw typeError(fn, `unknown option ${JSON.stringify(key)} for ${op} (it accepts ${allowed.join(', ')})`);
    }
  }
  return {
    kind,
    dims,
    kernelSize: intListOption(fn, 'kernelSize', options.kernelSize, dims, false),
    stride: intListOption(fn, 'stride', options.stride, dims, true),
    padding: intListOption(fn, 'padding', options.padding, dims, true),
    dilation: kind === 'max' ? intListOption(fn, 'dilation', options.dilation, dims, true) : [],
    ceilMode: boolOption(fn, 'ceilMode', options.ceilMode, false),
    countIncludePad: kind === 'avg' ? boolOption(fn, 'countIncludePad', options.countIncludePad, true) : true,
    divisorOverride: kind === 'avg' ? divisorOption(fn, options.divisorOverride) : null,
  };
}

/** The op named by options.op (routingCounts, outputShape). */
export function opOption(fn, options) {
  const op = typeof options === 'object' && options !== null ? options.op : undefined;
  if (typeof op !== 'string' || !Object.hasOwn(OPS, op)) {
    const names = Object.keys(OPS).map((name) => `'${name}'`).join(', ');
    throw typeError(fn, `options.op must be one of ${names}, got ${describe(op)}`);
  }
  return op;
}
