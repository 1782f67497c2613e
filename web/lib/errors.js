// errors.js: how poolgrad reports a bad call.
//   TypeError  - an argument of the wrong JS type or length (checked in JS, see convert.js);
//   RangeError - a value the core rejects (cpp/validate.cpp): its message (which names
//                parameters as PyTorch does, kernel_size), prefixed with the function's name,
//                with .param (the option's JS name, kernelSize) and .code (the core's short
//                reason, cpp/status.h lists them), so no program needs to read the message.
// The core never aborts on user input, so after either error the module stays usable.
import { isArray, isObject, readList, typedArrayKind, typedArrayLength } from './read.js';

/** PyTorch's snake_case parameter name in JS's camelCase: kernel_size -> kernelSize. */
export function camelCase(name) {
  return name.replace(/_([a-z])/g, (_, letter) => letter.toUpperCase());
}

/**
 * The core's rejection as a RangeError: its message (prefixed with the function's name), with
 * .param (the parameter's JS name) and .code (the core's short reason).
 */
export function rangeError(fn, { message, param, code }) {
  const error = new RangeError(`${fn}: ${message}`);
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
