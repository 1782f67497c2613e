// errors.js: how poolgrad reports a bad call.
//   TypeError  - an argument of the wrong JS type or length (checked here in JS, see convert.js);
//   RangeError - a value the core rejects (cpp/validate.cpp): its message, prefixed with the
//                function's name and spelled with the JS option names (kernel_size -> kernelSize).
// The core never aborts on user input, so after either error the module stays usable.

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

/** Returns the core's result if it is ok; otherwise throws a RangeError with its message. */
export function checked(fn, result) {
  if (result.ok) return result;
  const message = jsSpelling(result.message);
  throw new RangeError(message.startsWith(`${fn} `) ? message : `${fn}: ${message}`);
}

/** A TypeError naming the function and the argument. */
export function typeError(fn, what) {
  return new TypeError(`${fn}: ${what}`);
}

/** "a Float32Array", "an Int32Array". */
export function withArticle(noun) {
  return `${/^[AEIOU]/.test(noun) ? 'an' : 'a'} ${noun}`;
}

/** A short description of a value for a message: numbers and arrays as written, others by type. */
export function describe(value) {
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value) + (typeof value === 'bigint' ? 'n' : '');
  }
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '...' : value);
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) {
    const items = value.slice(0, 8).map((v) => (Array.isArray(v) ? '[...]' : describe(v)));
    return `[${items.join(', ')}${value.length > 8 ? ', ...' : ''}]`;
  }
  if (ArrayBuffer.isView(value)) return `${withArticle(value[Symbol.toStringTag] ?? 'DataView')} of length ${value.length}`;
  if (typeof value === 'function') return 'a function';
  return 'an object';
}
