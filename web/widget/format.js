// format.js: every number the widget and the page's exports write, in one place. Two
// algorithms: exact (the shortest decimal that reads back as the same float32: URLs, state,
// CSV, LaTeX, Python) and short (at most 4 significant digits: cells, explanations, formulas,
// pictures); and counts in messages (1,048,576).

/** Shortest decimal that reads back to the same float32 (NaN -> nan, +-Infinity -> inf/-inf, -0 -> -0). */
export function formatFloat32(x) {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const f = Math.fround(x);
  for (let p = 1; p <= 9; p++) {
    const s = String(Number(f.toPrecision(p)));
    if (Math.fround(Number(s)) === f) return s;
  }
  return String(f);
}

/** Canonical stored value: the float32 the core will see, as its shortest decimal. */
export function canonical(x) {
  const s = formatFloat32(x);
  if (s === 'nan') return NaN;
  if (s === 'inf') return Infinity;
  if (s === '-inf') return -Infinity;
  return Number(s);
}

/** A number as shown: integers as they are, others to 4 significant digits (NaN, inf, -inf). */
export function formatShort(v) {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (Number.isInteger(v) && Math.abs(v) < 1e7) return Object.is(v, -0) ? '0' : String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e7)) return v.toExponential(2).replace(/\.?0+e/, 'e').replace('e+', 'e');
  return String(Number(v.toPrecision(4)));
}

/** A count for a message: 1048576 -> "1,048,576". */
export const formatCount = (n) => String(n).replace(/\B(?=(\d{3})+$)/g, ',');
