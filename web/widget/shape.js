// shape.js: the two shape helpers every part of the widget needs, in one place.

/** The number of elements of a shape: prod([2, 3]) = 6, prod([]) = 1. */
export const prod = (shape) => shape.reduce((a, b) => a * b, 1);

/** A flat row-major index as a multi-index of `shape`: unflatten(7, [2, 3]) = [1, 1]. */
export function unflatten(k, shape) {
  const idx = new Array(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    idx[a] = k % shape[a];
    k = Math.floor(k / shape[a]);
  }
  return idx;
}
