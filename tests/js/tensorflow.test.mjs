// tensorflow.* against TensorFlow.js (tfjs-core + tfjs-backend-cpu in Node, its own gradients
// through tf.grad) on seeded random inputs: forward and gradient, 1-D (as tfjs's 2-D with H = 1),
// 2-D and 3-D, SAME and VALID (and explicit padding for max), strides above the kernel, kernels
// above the input under SAME. Max pooling must agree bit for bit; average pooling bit for bit on
// integer-valued inputs (every sum exact, one rounding in the division) and within a few float32
// roundings on general ones. Where tfjs disagrees with TensorFlow's own semantics, the test named
// after the disagreement asserts our documented answer, by a property that needs no oracle, and
// that tfjs differs there.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { init, tensorflow } from 'poolgrad';
import { prng } from './prng.mjs';
import { onBackend, tfjsMaxPoolWithArgmax, tfjsPool, tfjsPoolGrad } from './tensorflow-tfjs.mjs';

before(() => init());

const bits = (a) => new Uint32Array(Float32Array.from(a).buffer);
const product = (shape) => shape.reduce((a, b) => a * b, 1);

// A tensor of the given shape: floats in [-1, 1) (distinct, so no max ties) or small integers
// (ties, and exact sums).
function randomTensor(random, shape, integers = false) {
  const data = Float32Array.from({ length: product(shape) }, () => (integers ? Math.floor(random() * 9) - 4 : random() * 2 - 1));
  return { data, shape };
}

// Bit-for-bit equality, naming the first differing element.
function assertSameBits(actual, expected, label) {
  assert.deepEqual(actual.shape, expected.shape, `${label}: shape`);
  const a = bits(actual.data);
  const e = bits(expected.data);
  const i = a.findIndex((v, k) => v !== e[k]);
  assert.equal(i, -1, i < 0 ? '' : `${label}: element ${i} is ${actual.data[i]}, tfjs ${expected.data[i]}`);
}

// Equality within a few float32 roundings of the magnitudes involved (sums in another order).
function assertClose(actual, expected, label, scale = 1) {
  assert.deepEqual(actual.shape, expected.shape, `${label}: shape`);
  const tolerance = 8 * 2 ** -24 * scale;
  for (let i = 0; i < actual.data.length; ++i) {
    const d = Math.abs(actual.data[i] - expected.data[i]);
    assert.ok(d <= tolerance * Math.max(1, Math.abs(expected.data[i])),
      `${label}: element ${i} is ${actual.data[i]}, tfjs ${expected.data[i]} (difference ${d})`);
  }
}

// Seeded random geometry: per axis a size, a kernel and a stride (the stride may exceed the
// kernel; under SAME the kernel may exceed the input; under VALID it may not).
function randomCases(seed, dims, count) {
  const random = prng(seed);
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  const cases = [];
  while (cases.length < count) {
    const padding = random() < 0.5 ? 'SAME' : 'VALID';
    const size = Array.from({ length: dims }, () => int(1, dims === 3 ? 5 : 9));
    const ksize = size.map((n) => int(1, padding === 'VALID' ? Math.min(n, 4) : 5));
    const strides = size.map(() => int(1, 4));
    const shape = [int(1, 2), ...size, int(1, 3)];
    cases.push({ id: `${seed}#${cases.length}`, shape, options: { ksize, strides, padding } });
  }
  return cases;
}

// Hand-picked geometry the random draw might miss.
const EDGE_2D = [
  { id: 'kernel above the input, SAME', shape: [1, 2, 3, 2], options: { ksize: [4, 5], strides: [1, 1], padding: 'SAME' } },
  { id: 'kernel above the input, SAME, stride 3', shape: [2, 3, 2, 1], options: { ksize: [5, 4], strides: [3, 3], padding: 'SAME' } },
  { id: 'stride above the kernel, VALID', shape: [1, 8, 9, 2], options: { ksize: [2, 2], strides: [3, 4], padding: 'VALID' } },
  { id: 'stride above the kernel, SAME', shape: [1, 7, 8, 1], options: { ksize: [2, 1], strides: [4, 3], padding: 'SAME' } },
  { id: '5x5, 3x3 stride 2, SAME', shape: [1, 5, 5, 1], options: { ksize: [3, 3], strides: [2, 2], padding: 'SAME' } },
  { id: '6x6, 3x3 stride 2, SAME (extra pad at the end)', shape: [1, 6, 6, 3], options: { ksize: [3, 3], strides: [2, 2], padding: 'SAME' } },
  { id: 'one element', shape: [1, 1, 1, 1], options: { ksize: [1, 1], strides: [1, 1], padding: 'VALID' } },
];

const CASES_2D = [...EDGE_2D, ...randomCases(12, 2, 60)];
const CASES_3D = [
  { id: '3-D kernel above the input, SAME', shape: [1, 2, 3, 2, 2], options: { ksize: [3, 4, 3], strides: [1, 2, 1], padding: 'SAME' } },
  { id: '3-D stride above the kernel', shape: [1, 5, 6, 5, 1], options: { ksize: [2, 2, 1], strides: [3, 3, 2], padding: 'VALID' } },
  ...randomCases(33, 3, 25),
];
// tfjs's max pooling also takes explicit padding (TensorFlow's tf.nn.max_pool does, 1-D and 2-D).
const EXPLICIT_2D = randomCases(44, 2, 20).map((c, i) => {
  const random = prng(100 + i);
  const padding = c.options.ksize.map((k) => [Math.floor(random() * k), Math.floor(random() * k)]);
  const size = c.shape.slice(1, 3);
  // keep at least one window: the padded size must reach the kernel
  if (size.some((n, axis) => n + padding[axis][0] + padding[axis][1] < c.options.ksize[axis])) return null;
  return { ...c, id: `${c.id} explicit ${JSON.stringify(padding)}`, options: { ...c.options, padding } };
}).filter(Boolean);

// tfjs's 3-D SAME padding (tfjs-core conv_util.js, get3DPadAndOutInfo) lacks TensorFlow's
// max(0, ...): where (out - 1)·s + k < in (a stride above the kernel) its padding turns negative
// and the windows shift. Such cases are checked in the inconsistency test below, not here.
const needsNoPadding = (n, k, s) => (Math.ceil(n / s) - 1) * s + k <= n;
const negativeSamePadding = (c) => c.options.padding === 'SAME' &&
  c.shape.slice(1, -1).some((n, axis) => (Math.ceil(n / c.options.strides[axis]) - 1) * c.options.strides[axis] + c.options.ksize[axis] < n);
const TFJS_3D = CASES_3D.filter((c) => !negativeSamePadding(c));

for (const [dims, cases] of [[2, CASES_2D], [3, TFJS_3D]]) {
  test(`maxPool ${dims}-D equals tfjs's ${dims === 2 ? 'tf.maxPool' : 'tf.maxPool3d'} bit for bit (${cases.length} cases)`, () => {
    const random = prng(dims);
    for (const c of cases) {
      const x = randomTensor(random, c.shape);
      assertSameBits(tensorflow.maxPool(x, c.options), tfjsPool('max', x, c.options), `${c.id} ${JSON.stringify(c.options)}`);
    }
  });

  test(`avgPool ${dims}-D equals tfjs's ${dims === 2 ? 'tf.avgPool' : 'tf.avgPool3d'}: bit for bit on integers, within float32 rounding on floats`, () => {
    const random = prng(10 + dims);
    for (const c of cases) {
      const xi = randomTensor(random, c.shape, true);
      assertSameBits(tensorflow.avgPool(xi, c.options), tfjsPool('avg', xi, c.options), `${c.id} integers`);
      const xf = randomTensor(random, c.shape);
      assertClose(tensorflow.avgPool(xf, c.options), tfjsPool('avg', xf, c.options), `${c.id} floats`, product(c.options.ksize));
    }
  });
}

test("maxPoolGrad 2-D equals tfjs's tf.grad of tf.maxPool bit for bit (ties included: both pick the first maximum)", () => {
  const random = prng(22);
  for (const c of CASES_2D) {
    // integer inputs make ties; integer upstream gradients make every sum exact
    const x = randomTensor(random, c.shape, true);
    const y = tensorflow.maxPool(x, c.options);
    const dy = randomTensor(random, y.shape, true);
    assertSameBits(tensorflow.maxPoolGrad(x, y, dy, c.options), tfjsPoolGrad('max', x, dy, c.options), `${c.id} ${JSON.stringify(c.options)}`);
  }
});

test("maxPoolGrad 3-D equals tfjs's tf.grad of tf.maxPool3d where tfjs-cpu's 3-D gradient is sound (no ties, square windows in H x W), and tfjs's 2-D gradient on depth-1 inputs", () => {
  const random = prng(23);
  for (const c of TFJS_3D.filter((k) => k.options.ksize[1] === k.options.ksize[2])) {
    const x = randomTensor(random, c.shape); // distinct floats: no ties
    const y = tensorflow.maxPool(x, c.options);
    const dy = randomTensor(random, y.shape, true);
    assertSameBits(tensorflow.maxPoolGrad(x, y, dy, c.options), tfjsPoolGrad('max', x, dy, c.options), `${c.id} ${JSON.stringify(c.options)}`);
  }
  // Any window, ties included: a depth-1 3-D pooling is the 2-D pooling of its one slice.
  for (const c of CASES_2D) {
    const x = randomTensor(random, c.shape, true);
    const x3 = { data: x.data, shape: [c.shape[0], 1, ...c.shape.slice(1)] };
    const options3 = { ...c.options, ksize: [1, ...c.options.ksize], strides: [1, ...c.options.strides] };
    const y3 = tensorflow.maxPool(x3, options3);
    const dy = randomTensor(random, y3.shape, true);
    const expected = tfjsPoolGrad('max', x, { data: dy.data, shape: [y3.shape[0], ...y3.shape.slice(2)] }, c.options);
    assertSameBits(tensorflow.maxPoolGrad(x3, y3, dy, options3), { data: expected.data, shape: x3.shape }, c.id);
  }
});

test("tfjs inconsistency: tfjs's 3-D SAME padding goes negative when the stride exceeds the kernel (no max(0, ...)), shifting the windows; TensorFlow's SAME pads max(0, ...) and then equals VALID", () => {
  // x = [1, 2] along depth, ksize 1, stride 2, SAME: out = ceil(2 / 2) = 1, padding
  // max((1 - 1)·2 + 1 - 2, 0) = 0, so the one window is x[0] = 1. tfjs pads -1 at the front and
  // reads x[1] = 2. (Its 2-D SAME clamps, so tf.maxPool gives 1.)
  const x = { data: Float32Array.from([1, 2]), shape: [1, 2, 1, 1, 1] };
  const options = { ksize: 1, strides: [2, 1, 1], padding: 'SAME' };
  assert.deepEqual(Array.from(tensorflow.maxPool(x, options).data), [1]);
  assert.deepEqual(Array.from(tensorflow.avgPool(x, options).data), [1]);
  assert.deepEqual(Array.from(tfjsPool('max', x, { ...options, ksize: [1, 1, 1] }).data), [2]);
  assert.deepEqual(Array.from(tfjsPool('max', { data: x.data, shape: [1, 2, 1, 1] }, { ksize: [1, 1], strides: [2, 1], padding: 'SAME' }).data), [1]);
  // Random geometry where SAME needs no padding on any axis: ours equals tfjs's VALID (the same
  // windows, TensorFlow's rule), while tfjs's own SAME differs on some.
  const random = prng(24);
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  let tfjsDiffers = 0;
  for (let i = 0; i < 30; ++i) {
    const ksize = [int(1, 2), int(1, 2), int(1, 2)];
    const strides = ksize.map((k) => k + int(1, 2));
    // in = (out - 1)·s + k + r with 0 <= r <= s - k: ceil(in / s) = out and (out - 1)·s + k <= in
    const size = strides.map((s, axis) => s * int(0, 1) + ksize[axis] + int(0, s - ksize[axis]));
    const shape = [1, ...size, int(1, 2)];
    assert.ok(size.every((n, axis) => needsNoPadding(n, ksize[axis], strides[axis])));
    const xr = randomTensor(random, shape);
    const same = tensorflow.maxPool(xr, { ksize, strides, padding: 'SAME' });
    assertSameBits(same, tfjsPool('max', xr, { ksize, strides, padding: 'VALID' }), `${JSON.stringify({ shape, ksize, strides })}`);
    const tfjsSame = tfjsPool('max', xr, { ksize, strides, padding: 'SAME' });
    if (tfjsSame.data.some((v, k) => v !== same.data[k])) tfjsDiffers += 1;
  }
  assert.ok(tfjsDiffers > 5, `tfjs's SAME differs on ${tfjsDiffers} of 30`);
});

test("tfjs inconsistency: tfjs-cpu's MaxPool3D gradient gives ties to the LAST maximum and misplaces the maximum of a window whose height differs from its width; tensorflow.maxPoolGrad routes to the first maximum", () => {
  // Ties: x = [5, 5] along depth, ksize [2, 1, 1]: TensorFlow's MaxPoolGrad rule (and tfjs's 2-D
  // kernel) sends the gradient to the first 5; tfjs-cpu's 3-D positions use `>=`.
  const dy1 = { data: Float32Array.from([1]), shape: [1, 1, 1, 1, 1] };
  const tie = { data: Float32Array.from([5, 5]), shape: [1, 2, 1, 1, 1] };
  const tieOptions = { ksize: [2, 1, 1], strides: 1, padding: 'VALID' };
  assert.deepEqual(Array.from(tensorflow.maxPoolGrad(tie, tensorflow.maxPool(tie, tieOptions), dy1, tieOptions).data), [1, 0]);
  assert.deepEqual(Array.from(tfjsPoolGrad('max', tie, dy1, tieOptions).data), [0, 1]);
  // Window 1 x 2 x 1 over x = [1, 2, 3] along H: maxima 2 (at 1) and 3 (at 2); dy = [1, 10]:
  // dx = [0, 1, 10]. tfjs-cpu writes the position as wRow·kH + wCol (kW belongs there): [0, 0, 0].
  const x = { data: Float32Array.from([1, 2, 3]), shape: [1, 1, 3, 1, 1] };
  const options = { ksize: [1, 2, 1], strides: 1, padding: 'VALID' };
  const dy = { data: Float32Array.from([1, 10]), shape: [1, 1, 2, 1, 1] };
  assert.deepEqual(Array.from(tensorflow.maxPoolGrad(x, tensorflow.maxPool(x, options), dy, options).data), [0, 1, 10]);
  assert.deepEqual(Array.from(tfjsPoolGrad('max', x, dy, options).data), [0, 0, 0]);
});

test(`maxPool 2-D with explicit padding equals tfjs's tf.maxPool bit for bit, forward and gradient (${EXPLICIT_2D.length} cases)`, () => {
  const random = prng(5);
  for (const c of EXPLICIT_2D) {
    const x = randomTensor(random, c.shape);
    const y = tensorflow.maxPool(x, c.options);
    assertSameBits(y, tfjsPool('max', x, c.options), c.id);
    const dy = randomTensor(random, y.shape, true);
    assertSameBits(tensorflow.maxPoolGrad(x, y, dy, c.options), tfjsPoolGrad('max', x, dy, c.options), `${c.id} gradient`);
  }
});

test('1-D pooling (N, W, C) equals tfjs 2-D pooling of (N, 1, W, C) with a 1 x k window', () => {
  const random = prng(6);
  for (const c of randomCases(61, 1, 30)) {
    const x = randomTensor(random, c.shape);
    const x2 = { data: x.data, shape: [c.shape[0], 1, c.shape[1], c.shape[2]] };
    const options2 = { ...c.options, ksize: [1, c.options.ksize[0]], strides: [1, c.options.strides[0]] };
    const as1d = (t) => ({ data: t.data, shape: [t.shape[0], t.shape[2], t.shape[3]] });
    assertSameBits(tensorflow.maxPool(x, c.options), as1d(tfjsPool('max', x2, options2)), `${c.id} max`);
    assertClose(tensorflow.avgPool(x, c.options), as1d(tfjsPool('avg', x2, options2)), `${c.id} avg`, c.options.ksize[0]);
  }
});

test("maxPoolWithArgmax equals tfjs's tf.maxPoolWithArgmax: values, and argmax ((b·H + y)·W + x)·C + c with and without the batch term", () => {
  const random = prng(7);
  for (const c of [...EDGE_2D, ...randomCases(71, 2, 30)]) {
    const x = randomTensor(random, c.shape);
    for (const includeBatchInIndex of [false, true]) {
      const ours = tensorflow.maxPoolWithArgmax(x, { ...c.options, includeBatchInIndex });
      const theirs = tfjsMaxPoolWithArgmax(x, c.options, includeBatchInIndex);
      const label = `${c.id} includeBatchInIndex ${includeBatchInIndex}`;
      assertSameBits(ours.output, theirs.output, label);
      assert.ok(ours.argmax.data instanceof BigInt64Array, `${label}: argmax is int64`);
      assert.deepEqual(ours.argmax.shape, ours.output.shape, `${label}: argmax shape`);
      assert.deepEqual(Array.from(ours.argmax.data), Array.from(theirs.indexes, BigInt), label);
    }
  }
});

test('avgPoolGrad equals tfjs\'s tf.grad of average pooling wherever no window reaches into padding (VALID)', () => {
  const random = prng(8);
  for (const c of [...CASES_2D, ...TFJS_3D].filter((k) => k.options.padding === 'VALID')) {
    const x = randomTensor(random, c.shape);
    const y = tensorflow.avgPool(x, c.options);
    const dy = randomTensor(random, y.shape);
    const scale = product(c.options.ksize);
    assertClose(tensorflow.avgPoolGrad(x.shape, dy, c.options), tfjsPoolGrad('avg', x, dy, c.options), c.id, scale);
  }
});

// <avgPool(x), g> = <x, avgPoolGrad(g)>, in float64 from float32 values.
function adjointGap(x, g, options) {
  const y = tensorflow.avgPool(x, options);
  const dx = tensorflow.avgPoolGrad(x.shape, g, options);
  let left = 0;
  let right = 0;
  let size = 0;
  for (let i = 0; i < y.data.length; ++i) { left += y.data[i] * g.data[i]; size += Math.abs(y.data[i] * g.data[i]); }
  for (let i = 0; i < x.data.length; ++i) right += x.data[i] * dx.data[i];
  return { gap: Math.abs(left - right), size };
}

test("tfjs inconsistency: tfjs's AvgPoolGrad divides by the full window at padded borders (SAME), so it is not the transpose of its own forward; tensorflow.avgPoolGrad is (adjoint identity)", () => {
  // The smallest showing input: x = [1, 2, 3] (1 x 3, one channel), ksize 2, stride 1, SAME:
  // out = 3, total padding 1, all of it at the end: windows {0, 1}, {1, 2}, {2}. The last window
  // holds one input element, so the forward divides by 1 (tfjs too: [1.5, 2.5, 3]); its
  // gradient must reach x[2] whole. With dy = [1, 1, 1]: dx = [1/2, 1/2 + 1/2, 1/2 + 1] =
  // [0.5, 1, 1.5]. tfjs gives [0.5, 1, 1]: it divides the last window by the kernel's 2.
  const x = { data: Float32Array.from([1, 2, 3]), shape: [1, 1, 3, 1] };
  const options = { ksize: [1, 2], strides: [1, 1], padding: 'SAME' };
  assert.deepEqual(Array.from(tensorflow.avgPool(x, options).data), [1.5, 2.5, 3]);
  assert.deepEqual(Array.from(tfjsPool('avg', x, options).data), [1.5, 2.5, 3]);
  const dy = { data: Float32Array.from([1, 1, 1]), shape: [1, 1, 3, 1] };
  assert.deepEqual(Array.from(tensorflow.avgPoolGrad(x.shape, dy, options).data), [0.5, 1, 1.5]);
  assert.deepEqual(Array.from(tfjsPoolGrad('avg', x, dy, options).data), [0.5, 1, 1]);

  // On every SAME case with padding: ours satisfies the adjoint identity, tfjs's does not
  // (where a window overlaps the padding, its gradient differs from ours).
  const random = prng(9);
  let tfjsDiffers = 0;
  for (const c of [...CASES_2D, ...TFJS_3D].filter((k) => k.options.padding === 'SAME')) {
    const xr = randomTensor(random, c.shape);
    const y = tensorflow.avgPool(xr, c.options);
    const g = randomTensor(random, y.shape);
    const { gap, size } = adjointGap(xr, g, c.options);
    assert.ok(gap <= 1e-5 * Math.max(1, size), `${c.id}: <avgPool(x), g> - <x, avgPoolGrad(g)> = ${gap}`);
    const ours = tensorflow.avgPoolGrad(xr.shape, g, c.options).data;
    const theirs = tfjsPoolGrad('avg', xr, g, c.options).data;
    if (ours.some((v, i) => Math.abs(v - theirs[i]) > 1e-5)) tfjsDiffers += 1;
  }
  assert.ok(tfjsDiffers > 10, `tfjs differs on ${tfjsDiffers} SAME cases`);
});

test('avgPoolGrad is the exact transpose of avgPool, column by column (the matrix of the forward, read off unit inputs)', () => {
  for (const c of EDGE_2D.slice(0, 6)) {
    const shape = [1, ...c.shape.slice(1, 3), 1];
    const n = product(shape);
    const y0 = tensorflow.avgPool({ data: new Float32Array(n), shape }, c.options);
    const random = prng(n);
    const g = randomTensor(random, y0.shape);
    const dx = tensorflow.avgPoolGrad(shape, g, c.options);
    for (let i = 0; i < n; ++i) {
      const unit = new Float32Array(n);
      unit[i] = 1;
      const column = tensorflow.avgPool({ data: unit, shape }, c.options).data; // A e_i
      const expected = column.reduce((sum, a, o) => sum + a * g.data[o], 0); // (A^T g)_i
      assert.ok(Math.abs(dx.data[i] - expected) <= 1e-6, `${c.id}: dx[${i}] = ${dx.data[i]}, (A^T g)[${i}] = ${expected}`);
    }
  }
});

test("tfjs inconsistency: tfjs-backend-wasm's MaxPoolGrad gives a tied window's gradient to the LAST maximum; TensorFlow's MaxPoolGrad, tfjs-cpu and tensorflow.maxPoolGrad to the first", async () => {
  // x = [5, 5] (1 x 2), ksize [1, 2], stride 2, VALID: one window, two equal maxima.
  const x = { data: Float32Array.from([5, 5]), shape: [1, 1, 2, 1] };
  const options = { ksize: [1, 2], strides: [1, 2], padding: 'VALID' };
  const dy = { data: Float32Array.from([1]), shape: [1, 1, 1, 1] };
  const y = tensorflow.maxPool(x, options);
  assert.deepEqual(Array.from(tensorflow.maxPoolGrad(x, y, dy, options).data), [1, 0]);
  assert.deepEqual(Array.from(tfjsPoolGrad('max', x, dy, options).data), [1, 0]);
  const wasm = await onBackend('wasm', () => tfjsPoolGrad('max', x, dy, options));
  assert.deepEqual(Array.from(wasm.data), [0, 1]);
  // The same in 2-D: [[3, 1], [2, 3]], ksize 2: tfjs-wasm routes to the 3 at (1, 1).
  const x2 = { data: Float32Array.from([3, 1, 2, 3]), shape: [1, 2, 2, 1] };
  const options2 = { ksize: 2, strides: 2, padding: 'VALID' };
  const y2 = tensorflow.maxPool(x2, options2);
  assert.deepEqual(Array.from(tensorflow.maxPoolGrad(x2, y2, dy, options2).data), [1, 0, 0, 0]);
  assert.deepEqual(Array.from((await onBackend('wasm', () => tfjsPoolGrad('max', x2, dy, options2))).data), [0, 0, 0, 1]);
});

test('maxPoolGrad conserves the gradient: sum(dx) = sum(dy) (every window has a maximum)', () => {
  const random = prng(11);
  for (const c of [...CASES_2D, ...CASES_3D]) {
    const x = randomTensor(random, c.shape);
    const y = tensorflow.maxPool(x, c.options);
    const dy = randomTensor(random, y.shape, true);
    const dx = tensorflow.maxPoolGrad(x, y, dy, c.options);
    const sum = (a) => a.reduce((s, v) => s + v, 0);
    assert.equal(sum(dx.data), sum(dy.data), c.id);
  }
});

test('NaN never wins a max window (TensorFlow\'s CPU kernels, tfjs): the first non-NaN maximum does; a window of NaN only gives -inf, argmax -1, no gradient', () => {
  // [[NaN, 1], [2, NaN]], one 2x2 window: the maximum is 2, at flat index 2 (PyTorch: NaN).
  const x = { data: Float32Array.from([NaN, 1, 2, NaN]), shape: [1, 2, 2, 1] };
  const options = { ksize: 2, strides: 2, padding: 'VALID' };
  const y = tensorflow.maxPool(x, options);
  assert.deepEqual(Array.from(y.data), [2]);
  assert.deepEqual(Array.from(tfjsPool('max', x, options).data), [2]);
  assert.deepEqual(Array.from(tensorflow.maxPoolWithArgmax(x, options).argmax.data), [2n]);
  const dy = { data: Float32Array.from([1]), shape: [1, 1, 1, 1] };
  assert.deepEqual(Array.from(tensorflow.maxPoolGrad(x, y, dy, options).data), [0, 0, 1, 0]);
  // A window of NaN only: [NaN, NaN | 3], ksize [1, 2], stride 2, SAME: windows {0, 1}, {2, pad}.
  const allNan = { data: Float32Array.from([NaN, NaN, 3]), shape: [1, 1, 3, 1] };
  const o2 = { ksize: [1, 2], strides: [1, 2], padding: 'SAME' };
  const y2 = tensorflow.maxPool(allNan, o2);
  assert.deepEqual(Array.from(y2.data), [-Infinity, 3]);
  assert.deepEqual(Array.from(tfjsPool('max', allNan, o2).data), [-Infinity, 3]);
  assert.deepEqual(Array.from(tensorflow.maxPoolWithArgmax(allNan, o2).argmax.data), [-1n, 2n]);
  const dy2 = { data: Float32Array.from([1, 10]), shape: [1, 1, 2, 1] };
  assert.deepEqual(Array.from(tensorflow.maxPoolGrad(allNan, y2, dy2, o2).data), [0, 0, 10]);
  // Average pooling is arithmetic: a NaN in the window makes the average NaN.
  assert.ok(Number.isNaN(tensorflow.avgPool(x, options).data[0]));
});

test('NaN: on random inputs with NaN, forward, argmax and gradient equal tfjs-cpu\'s bit for bit', () => {
  const random = prng(31);
  // (a 1 x 1 window is tfjs-cpu's identity shortcut, which keeps NaN: see the test below)
  for (const c of [...CASES_2D, ...TFJS_3D].filter((k) => k.options.ksize.some((v) => v > 1))) {
    const x = randomTensor(random, c.shape);
    for (let i = 0; i < x.data.length; ++i) if (random() < 0.3) x.data[i] = NaN;
    const y = tensorflow.maxPool(x, c.options);
    assertSameBits(y, tfjsPool('max', x, c.options), `${c.id} forward`);
    const dy = randomTensor(random, y.shape, true);
    if (c.shape.length === 4) {
      assertSameBits(tensorflow.maxPoolGrad(x, y, dy, c.options), tfjsPoolGrad('max', x, dy, c.options), `${c.id} gradient`);
      const ours = tensorflow.maxPoolWithArgmax(x, c.options);
      assert.deepEqual(Array.from(ours.argmax.data), Array.from(tfjsMaxPoolWithArgmax(x, c.options, false).indexes, BigInt), `${c.id} argmax`);
    }
  }
});

test("tfjs inconsistency: tfjs-cpu's MaxPool returns its input unchanged for a 1 x 1 window at stride 1, so a NaN survives there while its general kernel (and TensorFlow's, and ours) never lets NaN win", () => {
  const x = { data: Float32Array.from([NaN, 1]), shape: [1, 1, 2, 1] };
  const unit = { ksize: 1, strides: 1, padding: 'VALID' };
  assert.deepEqual(Array.from(tensorflow.maxPool(x, unit).data), [-Infinity, 1]);
  assert.deepEqual(Array.from(tfjsPool('max', x, unit).data), [NaN, 1]);
  // the same window at stride 2 takes tfjs's general kernel: the NaN is skipped
  const strided = { ksize: 1, strides: [1, 2], padding: 'VALID' };
  assert.deepEqual(Array.from(tfjsPool('max', x, strided).data), [-Infinity]);
  assert.deepEqual(Array.from(tensorflow.maxPool(x, strided).data), [-Infinity]);
});

test("tfjs inconsistency: a window whose maximum is -inf has no argmax in tfjs (-1, no gradient); TensorFlow's MaxPoolWithArgmax and MaxPoolGrad take its first element, as tensorflow.* does", () => {
  // [[-inf, -inf], [NaN, -inf]], one 2x2 window: the maximum is -inf, first at flat index 0.
  const x = { data: Float32Array.from([-Infinity, -Infinity, NaN, -Infinity]), shape: [1, 2, 2, 1] };
  const options = { ksize: 2, strides: 2, padding: 'VALID' };
  const dy = { data: Float32Array.from([1]), shape: [1, 1, 1, 1] };
  const y = tensorflow.maxPool(x, options);
  assert.deepEqual(Array.from(y.data), [-Infinity]);
  assert.deepEqual(Array.from(tensorflow.maxPoolWithArgmax(x, options).argmax.data), [0n]);
  assert.deepEqual(Array.from(tensorflow.maxPoolGrad(x, y, dy, options).data), [1, 0, 0, 0]);
  assert.deepEqual(Array.from(tfjsPool('max', x, options).data), [-Infinity]);
  assert.deepEqual(Array.from(tfjsMaxPoolWithArgmax(x, options, false).indexes), [-1]);
  assert.deepEqual(Array.from(tfjsPoolGrad('max', x, dy, options).data), [0, 0, 0, 0]);
});
