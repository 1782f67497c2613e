// errors.js: how poolgrad reports a bad call.
//   TypeError  - an argument of the wrong JS type or length (checked in JS, see convert.js);
//   RangeError - a value the core rejects (cpp/validate.cpp): its message, prefixed with the
//                function's name and spelled with the JS option names (kernel_size -> kernelSize),
//                with .param (the option's JS name) and .code (the core's short reason).
// The core never aborts on user input, so after either error the module stays usable.
import { isArray, isObject, readList, typedArrayKind, typedArrayLength } from './read.js';

// PyTorch's snake_case names, as the core's messages spell them, and their JS spelling.
const JS_NAMES = [
  [/\bkernel_size\b/g, 'kernelSize'],
  [/\bceil_mode\b/g, 'ceilMode'],
  [/\bcount_include_pad\b/g, 'countIncludePad'],
  [/\bdivisor_override\b/g, 'divisorOverride'],
  [/\bgrad_output\b/g, 'gradOutput'],
  [/\b(max|avg)_pool([123])d\b/g, '$1Pool$2d'],
];

function jsSpelling(message) {
  return JS_NAMES.reduce((text, [pattern, name]) => text.replace(pattern, name), message);
}

/** PyTorch's snake_case parameter name in JS's camelCase: kernel_size -> kernelSize. */
export function camelCase(name) {
  return name.replace(/_([a-z])/g, (_, letter) => letter.toUpperCase());
}

/**
 * The core's rejection as a RangeError: its message (prefixed with the function's name), with
 * .param (the parameter's JS name, '' if none) and .code (the core's short reason).
 */
export function rangeError(fn, { message, param, code }) {
  const text = jsSpelling(message);
  const error = new RangeError(text.startsWith(`${fn} `) ? text : `${fn}: ${text}`);
  error.param = camelCase(param);
  error.code = code;
  return error;
}

/** A TypeError naming the function and the argument. */
export function typeError(fn, what) {
  return new TypeError(`${fn}: ${what}`);
}

/** "a Float32Array", "an Int32Array". */
export function withArticle(noun) {
  return `${/^[AEIOU]/.test(noun) ? 'an' : 'a'} ${noun}`;
}

/** A list poolgrad has read (readList's result) as written: [1, 2, 3, ...]. */
export function describeList({ length, values, hole }) {
  if (hole >= 0) return `a sparse array (element ${hole} is missing)`;
  if (!(Number.isSafeInteger(length) && length >= 0)) return `an array claiming length ${describe(length)}`;
  const items = values.slice(0, 8).map((v) => (isArray(v) ? '[...]' : describe(v)));
  return `[${items.join(', ')}${length > 8 ? `, ... (${length} elements)` : ''}]`;
}

/**
 * A short description of a value for a message: primitives as written, typed arrays by their
 * real kind and length, arrays by their first elements (each read once, here), others by type.
 * Call it only on a value nothing else has read the contents of.
 */
export function describe(value) {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '...' : value);
  if (typeof value === 'symbol') return 'a symbol';
  if (value === null || value === undefined) return String(value);
  const kind = typedArrayKind(value);
  if (kind !== undefined) return `${withArticle(kind)} of length ${typedArrayLength(value)}`;
  if (isArray(value)) return describeList(readList(value, 8));
  if (typeof value === 'function') return 'a function';
  return isObject(value) && ArrayBuffer.isView(value) ? 'a DataView' : 'an object';
}
