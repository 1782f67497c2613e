// read.js: reading a caller's values safely. poolgrad is called by code it does not know, so
// every argument is read exactly once, own properties only (a polluted Object.prototype is never
// consulted), and typed arrays are recognised by their internal brand, not by anything a caller
// can fake (Symbol.toStringTag, a subclass's length, a prototype). What is read is a snapshot
// of plain values owned by poolgrad; nothing later reads the caller's objects again.
//
// The built-ins used here are captured when this module loads, so later tampering with
// Reflect, Object or the typed-array prototypes cannot change what these functions do.
const { apply, getOwnPropertyDescriptor } = Reflect;
const hasOwn = Object.hasOwn;
const isArray = Array.isArray;
const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const brandGetter = getOwnPropertyDescriptor(TypedArrayPrototype, Symbol.toStringTag).get;
const lengthGetter = getOwnPropertyDescriptor(TypedArrayPrototype, 'length').get;
const bufferGetter = getOwnPropertyDescriptor(TypedArrayPrototype, 'buffer').get;
const typedArraySet = TypedArrayPrototype.set;
const objectKeys = Object.keys;
const isSafeInteger = Number.isSafeInteger;

/** Returned by readOwn for a property obj does not have (own); never a caller's value. */
export const MISSING = Symbol('missing');

/** The value of obj's own property key (its getter called once), or MISSING if it has none. */
export function readOwn(obj, key) {
  const descriptor = getOwnPropertyDescriptor(obj, key);
  if (descriptor === undefined) return MISSING;
  if (hasOwn(descriptor, 'value')) return descriptor.value;
  const getter = hasOwn(descriptor, 'get') ? descriptor.get : undefined;
  return getter === undefined ? undefined : apply(getter, obj, []);
}

/** The value of obj's own property key (its getter called once), or undefined if it has none. */
export function ownValue(obj, key) {
  const value = readOwn(obj, key);
  return value === MISSING ? undefined : value;
}

/** obj's own enumerable string keys (Object.keys as it was when poolgrad loaded). */
export function ownKeys(obj) {
  return objectKeys(obj);
}

/** Whether value is an object (or function) whose properties can be read. */
export function isObject(value) {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

/**
 * A typed array's real kind ('Float32Array', 'Int32Array', ...) from its internal slot, or
 * undefined for anything else (a DataView, a plain object claiming to be one, a Proxy).
 * Works across realms (iframes, vm contexts).
 */
export function typedArrayKind(value) {
  return isObject(value) ? apply(brandGetter, value, []) : undefined;
}

/** A genuine typed array's element count from its internal slot (0 once its buffer is detached). */
export function typedArrayLength(value) {
  return apply(lengthGetter, value, []);
}

/**
 * Copies source into the typed array target at offset: a genuine typed array (read through its
 * internal slots, no user code) or a plain array poolgrad built itself.
 */
export function copyInto(target, source, offset = 0) {
  apply(typedArraySet, target, [source, offset]);
}

export { isArray, isSafeInteger };

/**
 * Reads a list (an array, or a Proxy of one) once: its own length, then its first elements, at
 * most maxRead of them, each once. Returns { length, values, hole }: values is a fresh plain
 * array; it stops at the first missing element (a sparse array's hole; hole = its index, else
 * -1). length is whatever the list claims (a proxy may claim anything).
 */
export function readList(value, maxRead) {
  const length = ownValue(value, 'length');
  const values = [];
  const count = isSafeInteger(length) && length > 0 ? Math.min(length, maxRead) : 0;
  for (let i = 0; i < count; ++i) {
    const element = readOwn(value, i);
    if (element === MISSING) return { length, values, hole: i };
    values.push(element);
  }
  return { length, values, hole: -1 };
}

/** A typed array's ArrayBuffer (from its internal slot). */
export function typedArrayBuffer(value) {
  return apply(bufferGetter, value, []);
}
