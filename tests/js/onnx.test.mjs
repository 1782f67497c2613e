// onnx.* (web/lib/onnx.js) against ONNX's own backend cases (tests/onnx/examples.json): the literal
// ones exactly (or within ONNX's runner tolerance where the literals are rounded), the
// reference_computed ones against a transcription of ONNX's test helper pool() on seeded random
// input (onnx-reference.mjs). Then what the cases do not show: whole-tensor int64 Indices over
// N·C > 1 planes, storage_order 1, int8/uint8, empty windows, NaN, and every backward.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { before, test } from 'node:test';
import * as pg from 'poolgrad';
import { referencePool } from './onnx-reference.mjs';
import { prng } from './prng.mjs';

const { onnx } = pg;
const examples = JSON.parse(readFileSync(new URL('../onnx/examples.json', import.meta.url), 'utf8'));
const ARRAYS = { float32: Float32Array, uint8: Uint8Array, int8: Int8Array, int64: BigInt64Array };
const tensorOf = ({ dtype, data, shape }) =>
  ({ data: dtype === 'int64' ? BigInt64Array.from(data, BigInt) : ARRAYS[dtype].from(data), shape });
const product = (shape) => shape.reduce((a, b) => a * b, 1);

// ONNX's runner tolerance (onnx/backend/test/case/node/__init__.py:327-328).
const ONNX_TOLERANCE = { rtol: 1e-3, atol: 1e-7 };
// Literals printed to 4 decimals or cast from float64 (tests/onnx/README.md, "Precision caveats").
const ROUNDED_LITERALS = new Set([
  'test_averagepool_2d_ceil_last_window_starts_on_pad',
  'test_averagepool_2d_precomputed_pads_count_include_pad',
  'test_lppool_2d_dilations',
]);

function assertClose(actual, expected, { rtol, atol }, what) {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; ++i) {
    const a = actual[i];
    const e = expected[i];
    const ok = Number.isNaN(e) ? Number.isNaN(a) : Math.abs(a - e) <= atol + rtol * Math.abs(e);
    assert.ok(ok, `${what}[${i}] = ${a}, expected ${e} (rtol ${rtol}, atol ${atol})`);
  }
}

// Standard normal numbers from a seed (Box-Muller), as np.random.randn's stand-in.
function randn(seed, count) {
  const next = prng(seed);
  return Float32Array.from({ length: count }, () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()));
}

function runOp(op, inputs, attributes) {
  switch (op) {
    case 'MaxPool': return onnx.MaxPool(inputs.X, attributes);
    case 'AveragePool': return onnx.AveragePool(inputs.X, attributes);
    case 'LpPool': return onnx.LpPool(inputs.X, attributes);
    case 'GlobalMaxPool': return onnx.GlobalMaxPool(inputs.X);
    case 'GlobalAveragePool': return onnx.GlobalAveragePool(inputs.X);
    case 'MaxUnpool': {
      const outputShape = inputs.output_shape === undefined ? undefined : Array.from(inputs.output_shape.data, Number);
      return onnx.MaxUnpool(inputs.X, inputs.I, outputShape, attributes);
    }
    default: throw new Error(op);
  }
}

before(() => pg.init());

test('examples.json holds the 24 literal cases and the 29 reference_computed ones, and passes its structural check', () => {
  assert.equal(examples.opset, 22);
  assert.equal(examples.examples.length, 24);
  assert.equal(examples.reference_computed.length, 29);
  // tests/onnx/check-examples.mjs: data lengths, opset-22 attribute names, formal input/output names
  // (it exits 1 listing the problems, which execFileSync turns into a thrown error).
  const script = fileURLToPath(new URL('../onnx/check-examples.mjs', import.meta.url));
  assert.match(execFileSync(process.execPath, [script], { encoding: 'utf8' }), /\nOK\n$/);
});

for (const c of examples.examples) {
  test(`ONNX literal ${c.test_name} (${c.source})`, () => {
    const inputs = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, tensorOf(v)]));
    const result = runOp(c.op, inputs, c.attributes);
    for (const [name, expected] of Object.entries(c.outputs)) {
      const actual = result[name];
      assert.ok(actual, `${c.test_name}: output ${name} is missing`);
      assert.deepEqual(actual.shape, expected.shape, `${c.test_name}: ${name}.shape`);
      assert.ok(actual.data instanceof ARRAYS[expected.dtype], `${c.test_name}: ${name} is ${expected.dtype}`);
      if (expected.dtype === 'int64') {
        assert.deepEqual(Array.from(actual.data), expected.data.map(BigInt), `${c.test_name}: ${name}`);
      } else if (ROUNDED_LITERALS.has(c.test_name)) {
        assertClose(actual.data, Float32Array.from(expected.data), ONNX_TOLERANCE, `${c.test_name}: ${name}`);
      } else {
        assert.deepEqual(Array.from(actual.data), Array.from(ARRAYS[expected.dtype].from(expected.data)), `${c.test_name}: ${name}`);
      }
    }
  });
}

for (const [k, c] of examples.reference_computed.entries()) {
  test(`ONNX reference_computed ${c.test_name} (${c.source}) against pool() on random input`, () => {
    const X = { data: randn(1000 + k, product(c.input_shape)), shape: c.input_shape };
    const expected = referencePool(c.op, X, c.attributes);
    assert.deepEqual(expected.shape, c.output_shape, `${c.test_name}: the oracle's shape is the case's`);
    const { Y } = runOp(c.op, { X }, c.attributes);
    assert.deepEqual(Y.shape, c.output_shape, `${c.test_name}: Y.shape`);
    assertClose(Y.data, expected.data, { rtol: 1e-5, atol: 1e-6 }, `${c.test_name}: Y`);
    if (c.op === 'MaxPool') {
      // Indices name the element Y holds, over the whole tensor.
      const { Indices } = onnx.MaxPool(X, c.attributes);
      for (let i = 0; i < Y.data.length; ++i) {
        assert.equal(X.data[Number(Indices.data[i])], Y.data[i], `${c.test_name}: X[Indices[${i}]]`);
      }
    }
  });
}

test('the oracle agrees with the literal cases it can compute (a check of the transcription)', () => {
  for (const c of examples.examples) {
    if (!['MaxPool', 'AveragePool', 'LpPool', 'GlobalMaxPool', 'GlobalAveragePool'].includes(c.op)) continue;
    const X = tensorOf(c.inputs.X);
    const expected = referencePool(c.op, { data: Float64Array.from(X.data), shape: X.shape }, c.attributes);
    assert.deepEqual(expected.shape, c.outputs.Y.shape, c.test_name);
    assertClose(Float32Array.from(expected.data), Float32Array.from(c.outputs.Y.data), ONNX_TOLERANCE, c.test_name);
  }
});

test('MaxPool Indices are int64 over the whole tensor, (n·C + c)·plane + offset, over N·C = 6 planes', () => {
  const X = { data: randn(7, 2 * 3 * 5 * 4), shape: [2, 3, 5, 4] };
  const attributes = { kernel_shape: [2, 3], strides: [2, 1], pads: [1, 0, 0, 1] };
  const { Y, Indices } = onnx.MaxPool(X, attributes);
  assert.deepEqual(Y.shape, [2, 3, 3, 3]); // (5 + 1 - 2)/2 + 1 = 3, (4 + 1 - 3)/1 + 1 = 3
  const perPlane = 9;
  for (let i = 0; i < Y.data.length; ++i) {
    const plane = Math.floor(i / perPlane);
    const index = Number(Indices.data[i]);
    assert.ok(index >= plane * 20 && index < (plane + 1) * 20, `Indices[${i}] = ${index} lies in plane ${plane}`);
    assert.equal(X.data[index], Y.data[i], `X[Indices[${i}]] = Y[${i}]`);
  }
});

test('storage_order 1: the same elements, their offsets column-major within each plane', () => {
  const X = { data: randn(8, 2 * 2 * 4 * 5 * 3), shape: [2, 2, 4, 5, 3] };
  const attributes = { kernel_shape: [2, 2, 2], strides: [1, 2, 1] };
  const rowMajor = onnx.MaxPool(X, attributes);
  const columnMajor = onnx.MaxPool(X, { ...attributes, storage_order: 1 });
  assert.deepEqual(Array.from(columnMajor.Y.data), Array.from(rowMajor.Y.data));
  const [D, H, W] = [4, 5, 3];
  for (let i = 0; i < rowMajor.Indices.data.length; ++i) {
    const row = Number(rowMajor.Indices.data[i]);
    const plane = Math.floor(row / 60);
    const offset = row % 60;
    const [d, h, w] = [Math.floor(offset / (H * W)), Math.floor(offset / W) % H, offset % W];
    assert.equal(columnMajor.Indices.data[i], BigInt(plane * 60 + d + h * D + w * D * H), `Indices[${i}]`);
  }
});

test('int8 and uint8 X: Y of the same type, exact; a window without an element gives the type\'s lowest value and index -1', () => {
  // x = [-7, 5, -3], kernel 2, dilation 3 (taps 3 apart), pads 3 at each end: 3 + 3 + 3 - 4 + 1 = 6
  // windows with taps {-3, 0}, {-2, 1}, {-1, 2}, {0, 3}, {1, 4}, {2, 5}.
  const attributes = { kernel_shape: [2], dilations: [3], pads: [3, 3] };
  const int8 = onnx.MaxPool({ data: Int8Array.from([-7, 5, -3]), shape: [1, 1, 3] }, attributes);
  assert.ok(int8.Y.data instanceof Int8Array);
  assert.deepEqual(Array.from(int8.Y.data), [-7, 5, -3, -7, 5, -3]);
  assert.deepEqual(Array.from(int8.Indices.data), [0n, 1n, 2n, 0n, 1n, 2n]);
  // x of length 1 under the same attributes: windows {-3, 0}, {-2, 1}, {-1, 2}, {0, 3} ; only the
  // first and the last hold x[0] (3 + 1 + 3 - 4 + 1 = 4 windows).
  const lone = (data) => onnx.MaxPool({ data, shape: [1, 1, 1] }, attributes);
  const u8 = lone(Uint8Array.from([200]));
  assert.ok(u8.Y.data instanceof Uint8Array);
  assert.deepEqual(Array.from(u8.Y.data), [200, 0, 0, 200]);
  assert.deepEqual(Array.from(u8.Indices.data), [0n, -1n, -1n, 0n]);
  assert.deepEqual(Array.from(lone(Int8Array.from([-100])).Y.data), [-100, -128, -128, -100]);
  assert.deepEqual(Array.from(lone(Float32Array.from([1])).Y.data), [1, -3.4028234663852886e38, -3.4028234663852886e38, 1]);
  // The int8 extremes survive the float32 round trip.
  const extremes = onnx.MaxPool({ data: Int8Array.from([-128, 127, -128]), shape: [1, 1, 3] }, { kernel_shape: [2] });
  assert.deepEqual(Array.from(extremes.Y.data), [127, 127]);
});

test('MaxPool.backward: dY added to the elements Indices name (overlapping windows, N·C > 1, storage_order 0 and 1)', () => {
  for (const storage_order of [0, 1]) {
    const X = { data: randn(11, 2 * 3 * 6 * 5), shape: [2, 3, 6, 5] };
    const attributes = { kernel_shape: [3, 2], strides: [1, 2], pads: [1, 1, 2, 0], storage_order };
    const { Y, Indices } = onnx.MaxPool(X, attributes);
    const dY = { data: randn(12, Y.data.length), shape: Y.shape };
    const { dX } = onnx.MaxPool.backward(dY, Indices, X.shape, attributes);
    assert.deepEqual(dX.shape, X.shape);
    // The expected scatter, from the row-major Indices (storage_order 0's).
    const rowIndices = storage_order === 0 ? Indices : onnx.MaxPool(X, { ...attributes, storage_order: 0 }).Indices;
    const expected = new Float64Array(X.data.length);
    for (let i = 0; i < dY.data.length; ++i) expected[Number(rowIndices.data[i])] += dY.data[i];
    assertClose(dX.data, expected, { rtol: 1e-6, atol: 1e-6 }, `dX (storage_order ${storage_order})`);
  }
});

test('AveragePool and LpPool windows without an element give 0 (ONNX Runtime\'s answer)', () => {
  // x = [3], kernel 2, dilation 3, pads [3, 3]: windows {-3, 0}, {-2, 1}, {-1, 2}, {0, 3}.
  const X = { data: Float32Array.from([3]), shape: [1, 1, 1] };
  const a = { kernel_shape: [2], dilations: [3], pads: [3, 3] };
  assert.deepEqual(Array.from(onnx.AveragePool(X, a).Y.data), [3, 0, 0, 3]);
  assert.deepEqual(Array.from(onnx.AveragePool(X, { ...a, count_include_pad: 1 }).Y.data), [1.5, 0, 0, 1.5]);
  assert.deepEqual(Array.from(onnx.LpPool(X, a).Y.data), [3, 0, 0, 3]);
});

test('MaxPool.backward skips the windows without an element (index -1)', () => {
  const attributes = { kernel_shape: [2], dilations: [3], pads: [3, 3] };
  const { Indices } = onnx.MaxPool({ data: Float32Array.from([4]), shape: [1, 1, 1] }, attributes);
  const { dX } = onnx.MaxPool.backward({ data: Float32Array.from([1, 10, 100, 1000]), shape: [1, 1, 4] }, Indices, [1, 1, 1], attributes);
  assert.deepEqual(Array.from(dX.data), [1001]);
});

// <A x, g> = <x, Aᵀ g>: the average pooling is linear, its backward its transpose.
function dot(a, b) {
  let s = 0;
  for (let i = 0; i < a.length; ++i) s += a[i] * b[i];
  return s;
}

test('AveragePool.backward is the adjoint of AveragePool (pads, ceil_mode, count_include_pad, dilations, auto_pad)', () => {
  const cases = [
    [[1, 2, 7, 6], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 2, 2, 1], count_include_pad: 1, ceil_mode: 1 }],
    [[1, 2, 7, 6], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 2, 2, 1], ceil_mode: 1 }],
    [[2, 1, 9], { kernel_shape: [3], dilations: [2], pads: [4, 1], count_include_pad: 1 }],
    [[1, 1, 5, 6, 4], { kernel_shape: [2, 3, 2], strides: [2, 2, 1], auto_pad: 'SAME_LOWER', count_include_pad: 1 }],
    [[1, 3, 8, 8], { kernel_shape: [2, 2], strides: [3, 3], auto_pad: 'SAME_UPPER' }],
    [[1, 1, 32, 32, 32], { kernel_shape: [5, 5, 5], strides: [3, 3, 3], dilations: [2, 2, 2], ceil_mode: 1, count_include_pad: 1 }],
  ];
  for (const [k, [shape, attributes]] of cases.entries()) {
    const x = { data: randn(20 + k, product(shape)), shape };
    const { Y } = onnx.AveragePool(x, attributes);
    const g = { data: randn(40 + k, Y.data.length), shape: Y.shape };
    const { dX } = onnx.AveragePool.backward(g, shape, attributes);
    const lhs = dot(Y.data, g.data);
    const rhs = dot(x.data, dX.data);
    assert.ok(Math.abs(lhs - rhs) <= 1e-4 * (1 + Math.abs(lhs)), `case ${k} ${JSON.stringify(attributes)}: ${lhs} vs ${rhs}`);
  }
});

test('AveragePool count_include_pad: the divisor counts the taps before the end padding ends, not a ceil_mode overhang', () => {
  // x = [1, 2, 3, 4, 5], kernel 3, stride 2, pads [1, 1], ceil_mode: (5 + 2 - 3)/2 + 1 = 3 windows
  // starting at -1, 1, 3: [pad, 1, 2], [2, 3, 4], [4, 5, pad]. None hangs past the end padding, so
  // every divisor is 3: (0+1+2)/3, 9/3, 9/3. With pads [1, 0]: ceil((5 + 1 - 3)/2) + 1 = 3 windows
  // again; the last, [4, 5, (6)], hangs past the input (no end padding): divisor 2, 9/2.
  const X = { data: Float32Array.from([1, 2, 3, 4, 5]), shape: [1, 1, 5] };
  const a = { kernel_shape: [3], strides: [2], ceil_mode: 1, count_include_pad: 1 };
  assert.deepEqual(Array.from(onnx.AveragePool(X, { ...a, pads: [1, 1] }).Y.data), [1, 3, 3]);
  assert.deepEqual(Array.from(onnx.AveragePool(X, { ...a, pads: [1, 0] }).Y.data), [1, 3, 4.5]);
  // The oracle (ONNX's pool()) says the same.
  assert.deepEqual(Array.from(referencePool('AveragePool', X, { ...a, pads: [1, 0] }).data), [1, 3, 4.5]);
});

test('auto_pad SAME_UPPER / SAME_LOWER put the odd pad at the end / the beginning; VALID pads nothing', () => {
  // x = [1..5], kernel 2: SAME output 5, total pad 1.
  const X = { data: Float32Array.from([1, 2, 3, 4, 5]), shape: [1, 1, 5] };
  assert.deepEqual(Array.from(onnx.MaxPool(X, { kernel_shape: [2], auto_pad: 'SAME_UPPER' }).Y.data), [2, 3, 4, 5, 5]);
  assert.deepEqual(Array.from(onnx.MaxPool(X, { kernel_shape: [2], auto_pad: 'SAME_LOWER' }).Y.data), [1, 2, 3, 4, 5]);
  assert.deepEqual(Array.from(onnx.AveragePool(X, { kernel_shape: [2], auto_pad: 'SAME_LOWER' }).Y.data), [1, 1.5, 2.5, 3.5, 4.5]);
  assert.deepEqual(Array.from(onnx.MaxPool(X, { kernel_shape: [2], strides: [2], auto_pad: 'VALID' }).Y.data), [2, 4]);
  // SAME with stride 2 and dilation 2: out = ceil(5/2) = 3, total = (3-1)·2 + 3 - 5 = 2, one each side.
  assert.deepEqual(pg.onnx.MaxPool(X, { kernel_shape: [2], strides: [2], dilations: [2], auto_pad: 'SAME_UPPER' }).Y.data.length, 3);
});

test('LpPool: the p-norm of each window, with pads and dilation; its backward matches finite differences', () => {
  // x = [3, -4, 12], kernel 2, p 2, pads [1, 1]: windows [pad, 3], [3, -4], [-4, 12], [12, pad].
  const X = { data: Float32Array.from([3, -4, 12]), shape: [1, 1, 3] };
  assert.deepEqual(Array.from(onnx.LpPool(X, { kernel_shape: [2], pads: [1, 1] }).Y.data), [3, 5, Math.fround(Math.sqrt(160)), 12]);
  // p = 1 sums magnitudes.
  assert.deepEqual(Array.from(onnx.LpPool(X, { kernel_shape: [3], p: 1 }).Y.data), [19]);
  const shape = [1, 2, 5, 4];
  const attributes = { kernel_shape: [2, 3], strides: [2, 1], dilations: [1, 1], pads: [1, 1, 0, 1], p: 3 };
  const x = { data: Float32Array.from(randn(3, product(shape)), (v) => v + Math.sign(v) * 0.5), shape };
  const { Y } = onnx.LpPool(x, attributes);
  const g = { data: randn(4, Y.data.length), shape: Y.shape };
  const { dX } = onnx.LpPool.backward(g, x, attributes);
  const loss = (data) => dot(referencePool('LpPool', { data, shape }, attributes).data, g.data);
  for (let i = 0; i < x.data.length; ++i) {
    const h = 1e-4;
    const plus = Float64Array.from(x.data);
    const minus = Float64Array.from(x.data);
    plus[i] += h;
    minus[i] -= h;
    const numeric = (loss(plus) - loss(minus)) / (2 * h);
    assert.ok(Math.abs(dX.data[i] - numeric) <= 1e-3 * (1 + Math.abs(numeric)), `dX[${i}] = ${dX.data[i]}, numeric ${numeric}`);
  }
});

test('GlobalMaxPool / GlobalAveragePool and their backwards over N·C > 1 planes', () => {
  const X = { data: Float32Array.from([1, 9, 3, 9, /* plane 1 */ -2, -1, -5, -1, /* plane 2 */ 0, 4, 8, 4]), shape: [3, 1, 2, 2] };
  assert.deepEqual(onnx.GlobalMaxPool(X).Y, { data: Float32Array.from([9, -1, 8]), shape: [3, 1, 1, 1] });
  assert.deepEqual(onnx.GlobalAveragePool(X).Y, { data: Float32Array.from([5.5, -2.25, 4]), shape: [3, 1, 1, 1] });
  const dY = { data: Float32Array.from([10, 20, 40]), shape: [3, 1, 1, 1] };
  // The first of equal maxima takes the gradient.
  assert.deepEqual(Array.from(onnx.GlobalMaxPool.backward(dY, X).dX.data), [0, 10, 0, 0, 0, 20, 0, 0, 0, 0, 40, 0]);
  assert.deepEqual(Array.from(onnx.GlobalAveragePool.backward(dY, X.shape).dX.data), [2.5, 2.5, 2.5, 2.5, 5, 5, 5, 5, 10, 10, 10, 10]);
  // 1-D and 3-D inputs: (N, C, 1) and (N, C, 1, 1, 1).
  assert.deepEqual(onnx.GlobalMaxPool({ data: Float32Array.from([1, 2, 3]), shape: [1, 1, 3] }).Y.shape, [1, 1, 1]);
  assert.deepEqual(onnx.GlobalAveragePool({ data: new Float32Array(8), shape: [1, 1, 2, 2, 2] }).Y.shape, [1, 1, 1, 1, 1]);
});

test('NaN: MaxPool never picks it (a window of NaN only gives the lowest float and -1); GlobalMaxPool propagates it', () => {
  const X = { data: Float32Array.from([NaN, 2, NaN, NaN, 1]), shape: [1, 1, 5] };
  const { Y, Indices } = onnx.MaxPool(X, { kernel_shape: [2] });
  // Windows [NaN, 2], [2, NaN], [NaN, NaN], [NaN, 1].
  assert.deepEqual(Array.from(Y.data), [2, 2, -3.4028234663852886e38, 1]);
  assert.deepEqual(Array.from(Indices.data), [1n, 1n, -1n, 4n]);
  assert.ok(Number.isNaN(onnx.GlobalMaxPool(X).Y.data[0]));
  // PyTorch's rule: the last NaN is the argmax, and takes the gradient.
  const dY = { data: Float32Array.from([7]), shape: [1, 1, 1] };
  assert.deepEqual(Array.from(onnx.GlobalMaxPool.backward(dY, X).dX.data), [0, 0, 0, 7, 0]);
  // MaxPool's gradient skips NaN too: windows [NaN, 2] and [2, NaN] send theirs to x[1].
  const grad = onnx.MaxPool.backward({ data: Float32Array.from([1, 10, 100, 1000]), shape: [1, 1, 4] }, Indices, X.shape, { kernel_shape: [2] });
  assert.deepEqual(Array.from(grad.dX.data), [0, 11, 0, 0, 1000]);
});

test('MaxUnpool: MaxPool\'s maxima back at their Indices over N·C > 1 planes; output_shape zero-fills the end', () => {
  const X = { data: randn(30, 2 * 2 * 4 * 4), shape: [2, 2, 4, 4] };
  const attributes = { kernel_shape: [2, 2], strides: [2, 2] };
  const { Y, Indices } = onnx.MaxPool(X, attributes);
  const { output } = onnx.MaxUnpool(Y, Indices, undefined, attributes);
  assert.deepEqual(output.shape, [2, 2, 4, 4]);
  for (let i = 0; i < X.data.length; ++i) {
    const kept = Array.from(Indices.data).includes(BigInt(i));
    assert.equal(output.data[i], kept ? X.data[i] : 0, `output[${i}]`);
  }
  // output_shape [2, 2, 5, 6]: each 4x4 plane at the origin of a 5x6 one; BigInt64Array accepted.
  const wide = onnx.MaxUnpool(Y, Indices, BigInt64Array.from([2n, 2n, 5n, 6n]), attributes).output;
  assert.deepEqual(wide.shape, [2, 2, 5, 6]);
  for (let p = 0; p < 4; ++p) {
    for (let h = 0; h < 5; ++h) {
      for (let w = 0; w < 6; ++w) {
        const expected = h < 4 && w < 4 ? output.data[p * 16 + h * 4 + w] : 0;
        assert.equal(wide.data[p * 30 + h * 6 + w], expected, `wide[${p}, ${h}, ${w}]`);
      }
    }
  }
  // Backward: each X element reads the gradient of its cell, with and without output_shape.
  const g = { data: randn(31, product(wide.shape)), shape: wide.shape };
  const { dX } = onnx.MaxUnpool.backward(g, Indices, Y.shape, [2, 2, 5, 6], attributes);
  for (let i = 0; i < dX.data.length; ++i) {
    const index = Number(Indices.data[i]);
    const plane = Math.floor(index / 16);
    const [h, w] = [Math.floor((index % 16) / 4), index % 4];
    assert.equal(dX.data[i], g.data[plane * 30 + h * 6 + w], `dX[${i}]`);
  }
  const dX2 = onnx.MaxUnpool.backward({ data: output.data, shape: output.shape }, Indices, Y.shape, undefined, attributes).dX;
  assert.deepEqual(Array.from(dX2.data), Array.from(Y.data));
});

test('MaxUnpool with pads: the inferred size (D - 1)·s - (pad_begin + pad_end) + k', () => {
  // in 3, stride 2, kernel 3, pads [1, 0]: (3 - 1)·2 - 1 + 3 = 6.
  const X = { data: Float32Array.from([7, 8, 9]), shape: [1, 1, 3] };
  const I = { data: BigInt64Array.from([0n, 2n, 5n]), shape: [1, 1, 3] };
  assert.deepEqual(onnx.MaxUnpool(X, I, undefined, { kernel_shape: [3], strides: [2], pads: [1, 0] }).output,
    { data: Float32Array.from([7, 0, 8, 0, 0, 9]), shape: [1, 1, 6] });
});

// Each bad call and the exact error it must raise.
const X2 = { data: new Float32Array(16), shape: [1, 1, 4, 4] };
const I2 = { data: BigInt64Array.from([0n, 1n, 2n, 3n]), shape: [1, 1, 2, 2] };
const ERRORS = [
  [() => onnx.MaxPool(X2, { kernel_shape: [2, 2], pads: [1, 1, 1] }), RangeError,
    'onnx.MaxPool: pads has 3 entries; X has 2 spatial dimensions (a begin and an end each), so pads needs 4', 'pads'],
  [() => onnx.MaxPool(X2, { kernel_shape: [2] }), RangeError,
    'onnx.MaxPool: kernel_shape has 1 entry; X has 2 spatial dimensions, so kernel_shape needs 2', 'kernel_shape'],
  [() => onnx.AveragePool(X2, { kernel_shape: [2, 2], strides: [1, 1, 1] }), RangeError,
    'onnx.AveragePool: strides has 3 entries; X has 2 spatial dimensions, so strides needs 2', 'strides'],
  [() => onnx.LpPool(X2, { kernel_shape: [2, 2], dilations: [1] }), RangeError,
    'onnx.LpPool: dilations has 1 entry; X has 2 spatial dimensions, so dilations needs 2', 'dilations'],
  [() => onnx.MaxPool(X2, {}), TypeError,
    'onnx.MaxPool: attributes.kernel_shape is required: an array of 2 integers, one per spatial dimension of X'],
  [() => onnx.MaxPool(X2, { kernel_shape: [2, 2], kernel: 2 }), TypeError,
    'onnx.MaxPool: unknown attribute "kernel" (MaxPool has auto_pad, ceil_mode, dilations, kernel_shape, pads, storage_order, strides)'],
  [() => onnx.AveragePool(X2, { kernel_shape: [2, 2], storage_order: 1 }), TypeError,
    'onnx.AveragePool: unknown attribute "storage_order" (AveragePool has auto_pad, ceil_mode, count_include_pad, dilations, kernel_shape, pads, strides)'],
  [() => onnx.MaxPool(X2, { kernel_shape: '2,2' }), TypeError,
    'onnx.MaxPool: attributes.kernel_shape must be an array of 2 integers, got "2,2"'],
  [() => onnx.MaxPool(X2, { kernel_shape: [2, 1.5] }), TypeError,
    'onnx.MaxPool: attributes.kernel_shape must be an array of 2 integers, got [2, 1.5]'],
  [() => onnx.MaxPool(X2, { kernel_shape: [2, 0] }), RangeError, 'onnx.MaxPool: kernel_shape[1] must be at least 1, got 0', 'kernel_shape'],
  [() => onnx.MaxPool(X2, { kernel_shape: [2, 2], strides: [0, 1] }), RangeError, 'onnx.MaxPool: strides[0] must be at least 1, got 0', 'strides'],
  [() => onnx.MaxPool(X2, { kernel_shape: [2, 2], pads: [0, -1, 0, 0] }), RangeError, 'onnx.MaxPool: pads[1] must be at least 0, got -1', 'pads'],
  [() => onnx.MaxPool(X2, { kernel_shape: [2, 2], ceil_mode: true }), TypeError, 'onnx.MaxPool: attributes.ceil_mode must be an integer, got true'],
  [() => onnx.MaxPool(X2, { kernel_shape: [2, 2], ceil_mode: 2 }), RangeError, 'onnx.MaxPool: ceil_mode must be 0 or 1, got 2', 'ceil_mode'],
  [() => onnx.MaxPool(X2, { kernel_shape: [2, 2], storage_order: 3 }), RangeError, 'onnx.MaxPool: storage_order must be 0 or 1, got 3', 'storage_order'],
  [() => onnx.AveragePool(X2, { kernel_shape: [2, 2], count_include_pad: -1 }), RangeError,
    'onnx.AveragePool: count_include_pad must be 0 or 1, got -1', 'count_include_pad'],
  [() => onnx.LpPool(X2, { kernel_shape: [2, 2], p: 0 }), RangeError, 'onnx.LpPool: p must be at least 1, got 0', 'p'],
  [() => onnx.LpPool(X2, { kernel_shape: [2, 2], p: 2.5 }), TypeError, 'onnx.LpPool: attributes.p must be an integer, got 2.5'],
  [() => onnx.MaxPool(X2, { kernel_shape: [2, 2], auto_pad: 'SAME' }), RangeError,
    'onnx.MaxPool: auto_pad must be one of NOTSET, SAME_UPPER, SAME_LOWER, VALID, got "SAME"', 'auto_pad'],
  [() => onnx.MaxPool(X2, { kernel_shape: [2, 2], auto_pad: 1 }), TypeError, 'onnx.MaxPool: attributes.auto_pad must be a string, got 1'],
  [() => onnx.MaxPool(X2, { kernel_shape: [2, 2], auto_pad: 'VALID', pads: [0, 0, 0, 0] }), RangeError,
    'onnx.MaxPool: pads must not be given with auto_pad "VALID" (auto_pad computes the padding; use auto_pad "NOTSET" for explicit pads)', 'pads'],
  [() => onnx.MaxPool(X2, { kernel_shape: [3, 3], pads: [0, 0, 0, 3] }), RangeError,
    'onnx.MaxPool: pads (end) must be at most the (dilated) kernel\'s extent less one, 2, got pads[3]=3 with kernel_shape[1]=3 and dilations[1]=1', 'pads'],
  [() => onnx.MaxPool(X2, { kernel_shape: [5, 2] }), RangeError,
    'onnx.MaxPool: output size 0 is too small along spatial dimension 0: X size 4 with kernel_shape[0]=5, strides[0]=1, pads[0]=0, dilations[0]=1 leaves no window', 'kernel_shape'],
  [() => onnx.MaxPool({ data: new Float64Array(16), shape: [1, 1, 4, 4] }, { kernel_shape: [2, 2] }), TypeError,
    'onnx.MaxPool: X.data must be a Float32Array or Uint8Array or Int8Array, got a Float64Array of length 16'],
  [() => onnx.AveragePool({ data: new Uint8Array(16), shape: [1, 1, 4, 4] }, { kernel_shape: [2, 2] }), TypeError,
    'onnx.AveragePool: X.data must be a Float32Array, got an Uint8Array of length 16'],
  [() => onnx.MaxPool({ data: new Float32Array(16), shape: [16] }, { kernel_shape: [2] }), RangeError,
    'onnx.MaxPool: X must have shape (N, C, D1, ..., Dn) with 1 to 3 spatial dimensions (rank 3 to 5), got rank 1 [16]', 'X'],
  [() => onnx.MaxPool({ data: new Float32Array(15), shape: [1, 1, 4, 4] }, { kernel_shape: [2, 2] }), TypeError,
    'onnx.MaxPool: X.data has 15 elements, but X.shape [1, 1, 4, 4] holds 16'],
  [() => onnx.MaxPool.backward({ data: new Float32Array(4), shape: [1, 1, 2, 2] }, { data: new Int32Array(4), shape: [1, 1, 2, 2] }, [1, 1, 4, 4], { kernel_shape: [2, 2], strides: [2, 2] }), TypeError,
    'onnx.MaxPool.backward: Indices.data must be a BigInt64Array, got an Int32Array of length 4'],
  [() => onnx.MaxPool.backward({ data: new Float32Array(4), shape: [1, 1, 2, 2] }, { data: BigInt64Array.from([0n, 1n, 16n, 3n]), shape: [1, 1, 2, 2] }, [1, 1, 4, 4], { kernel_shape: [2, 2], strides: [2, 2] }), RangeError,
    'onnx.MaxPool.backward: Indices[2] = 16 is outside its (n, c) plane 0, whose elements are [0, 16) (or -1, a window without an element)', 'Indices'],
  [() => onnx.MaxPool.backward({ data: new Float32Array(9), shape: [1, 1, 3, 3] }, { data: new BigInt64Array(9), shape: [1, 1, 3, 3] }, [1, 1, 4, 4], { kernel_shape: [2, 2], strides: [2, 2] }), RangeError,
    'onnx.MaxPool.backward: dY.shape [1, 1, 3, 3] must be the pooled output shape [1, 1, 2, 2] of xShape [1, 1, 4, 4] with these options', 'dY'],
  [() => onnx.MaxUnpool(X2, I2, undefined, { kernel_shape: [2, 2] }), RangeError,
    'onnx.MaxUnpool: I.shape [1, 1, 2, 2] must be X\'s shape [1, 1, 4, 4]', 'I'],
  [() => onnx.MaxUnpool({ data: new Float32Array(4), shape: [1, 1, 2, 2] }, I2, [1, 1, 3, 4], { kernel_shape: [2, 2], strides: [2, 2] }), RangeError,
    'onnx.MaxUnpool: output_shape [1, 1, 3, 4] must be at least the inferred shape [1, 1, 4, 4] in every entry (entry 2 is 3)', 'output_shape'],
  [() => onnx.MaxUnpool({ data: new Float32Array(4), shape: [1, 1, 2, 2] }, I2, [1, 1, 2 ** 20, 2 ** 20], { kernel_shape: [2, 2], strides: [2, 2] }), RangeError,
    'onnx.MaxUnpool: output_shape [1, 1, 1048576, 1048576] holds 1099511627776 elements; poolgrad\'s tensors hold at most 16777216', 'output_shape'],
  [() => onnx.MaxUnpool({ data: new Float32Array(4), shape: [1, 1, 2, 2] }, I2, [4, 4], { kernel_shape: [2, 2], strides: [2, 2] }), RangeError,
    'onnx.MaxUnpool: output_shape must have 4 entries (X\'s rank), got 2', 'output_shape'],
  [() => onnx.MaxUnpool({ data: new Float32Array(8), shape: [2, 1, 2, 2] }, { data: BigInt64Array.from([0n, 1n, 2n, 3n, 0n, 1n, 2n, 3n]), shape: [2, 1, 2, 2] }, undefined, { kernel_shape: [2, 2], strides: [2, 2] }), RangeError,
    'onnx.MaxUnpool: I[4] = 0 is outside its (n, c) plane 1, whose elements are [16, 32)', 'I'],
  [() => onnx.MaxUnpool({ data: new Float32Array(4), shape: [1, 1, 2, 2] }, I2, undefined, { kernel_shape: [1, 1], pads: [1, 1, 1, 1] }), RangeError,
    'onnx.MaxUnpool: the unpooled size along spatial axis 0, (2 - 1)·1 - (1 + 1) + 1 = 0, is below 1', 'pads'],
];

test('each bad call raises its exact error, naming the operator and the attribute', () => {
  for (const [call, type, message, param] of ERRORS) {
    assert.throws(call, (error) => {
      assert.equal(error.constructor, type, message);
      assert.equal(error.message, message);
      if (param !== undefined) assert.equal(error.param, param, message);
      return true;
    });
  }
});

test('hostile attributes: each read once, own properties only, a polluted prototype ignored', () => {
  const reads = {};
  const counted = (value, name) => ({ get() { reads[name] = (reads[name] ?? 0) + 1; return value; }, enumerable: true });
  const attributes = Object.defineProperties({}, {
    kernel_shape: counted([2, 2], 'kernel_shape'), strides: counted([2, 2], 'strides'), pads: counted([0, 0, 1, 1], 'pads'),
  });
  const X = { data: Float32Array.from({ length: 16 }, (_, i) => i), shape: [1, 1, 4, 4] };
  const { Y } = onnx.AveragePool(X, attributes);
  assert.deepEqual(reads, { kernel_shape: 1, strides: 1, pads: 1 });
  assert.deepEqual(Y.shape, [1, 1, 2, 2]);
  // A list whose getter changes what it returns is read once: the first answer counts.
  let flips = 0;
  const fickle = Object.defineProperty([2, 2], 0, { get: () => (++flips === 1 ? 2 : 100), enumerable: true });
  assert.deepEqual(onnx.MaxPool(X, { kernel_shape: fickle }).Y.shape, [1, 1, 3, 3]);
  assert.equal(flips, 1);
  // Object.prototype pollution is never consulted.
  Object.prototype.kernel_shape = [1, 1]; // eslint-disable-line no-extend-native
  Object.prototype.ceil_mode = 7; // eslint-disable-line no-extend-native
  try {
    assert.throws(() => onnx.MaxPool(X, {}), /attributes.kernel_shape is required/);
    assert.deepEqual(onnx.MaxPool(X, { kernel_shape: [3, 3] }).Y.shape, [1, 1, 2, 2]);
  } finally {
    delete Object.prototype.kernel_shape;
    delete Object.prototype.ceil_mode;
  }
  // A Proxy as attributes: each key it reports is checked; a throwing getter propagates unchanged.
  const proxy = new Proxy({ kernel_shape: [2, 2] }, {});
  assert.deepEqual(onnx.MaxPool(X, proxy).Y.shape, [1, 1, 3, 3]);
  const boom = Object.defineProperty({}, 'kernel_shape', { get() { throw new Error('boom'); }, enumerable: true });
  assert.throws(() => onnx.MaxPool(X, boom), /boom/);
  // Attributes that are not an object.
  assert.throws(() => onnx.MaxPool(X, [2, 2]), TypeError);
  assert.throws(() => onnx.MaxPool(X, null), TypeError);
  // The module still works.
  assert.deepEqual(onnx.MaxPool(X, { kernel_shape: [4, 4] }).Y.data, Float32Array.from([15]));
});

test('hostile tensors: data and shape read once, proxies and look-alikes rejected as TypeErrors', () => {
  let reads = 0;
  const X = Object.defineProperty({ shape: [1, 1, 4] }, 'data', {
    get() { reads += 1; return reads === 1 ? Float32Array.from([1, 5, 2, 3]) : new Float32Array(4); }, enumerable: true,
  });
  assert.deepEqual(Array.from(onnx.MaxPool(X, { kernel_shape: [2] }).Y.data), [5, 5, 3]);
  assert.equal(reads, 1);
  const real = Float32Array.from([1, 2, 3, 4]);
  assert.throws(() => onnx.AveragePool({ data: new Proxy(real, {}), shape: [1, 1, 4] }, { kernel_shape: [2] }),
    { name: 'TypeError', message: 'onnx.AveragePool: X.data must be a Float32Array, got an object' });
  assert.throws(() => onnx.MaxPool.backward({ data: real, shape: [1, 1, 4] }, { data: [0, 1, 2, 3], shape: [1, 1, 4] }, [1, 1, 4], { kernel_shape: [1] }),
    { name: 'TypeError', message: 'onnx.MaxPool.backward: Indices.data must be a BigInt64Array, got [0, 1, 2, 3]' });
  const fake = { data: { length: 4, [Symbol.toStringTag]: 'Float32Array' }, shape: [1, 1, 4] };
  assert.throws(() => onnx.GlobalAveragePool(fake), TypeError);
  assert.throws(() => onnx.GlobalMaxPool(real), { name: 'TypeError', message: /^onnx\.GlobalMaxPool: X must be a tensor/ });
});

test('the onnx namespace is frozen, each operator and its backward too', () => {
  assert.ok(Object.isFrozen(onnx));
  for (const name of ['MaxPool', 'AveragePool', 'LpPool', 'GlobalMaxPool', 'GlobalAveragePool', 'MaxUnpool']) {
    assert.equal(typeof onnx[name], 'function', name);
    assert.ok(Object.isFrozen(onnx[name]), name);
    assert.equal(typeof onnx[name].backward, 'function', `${name}.backward`);
  }
  assert.throws(() => { 'use strict'; onnx.MaxPool.backward = null; }, TypeError);
});

test('onnxSpec: the convention spec the comparison view explains (resolved pads, divisor rule, NaN rule)', async () => {
  const { onnxSpec } = await import('../../web/lib/onnx-attributes.js');
  // SAME_LOWER, in 5, kernel 2, stride 1: total pad 1, at the beginning.
  const lower = onnxSpec('AveragePool', [1, 1, 5], { kernel_shape: [2], auto_pad: 'SAME_LOWER', count_include_pad: 1 });
  assert.deepEqual({ ...lower }, {
    kind: 'avg', dims: 1, kernelSize: [2], stride: [1], padding: [1], paddingEnd: [0], dilation: [1], ceilMode: false,
    countIncludePad: true, normType: 2, outputSize: [], returnIndices: false, lpNormOfWindow: false,
    maxSkipsNan: false,
  });
  // SAME_UPPER, in [7, 6], kernel [3, 2], stride [2, 2], dilation [2, 1]: out [4, 3]; totals
  // (4-1)·2 + 5 - 7 = 4 and (3-1)·2 + 2 - 6 = 0.
  const upper = onnxSpec('MaxPool', [2, 3, 7, 6], { kernel_shape: [3, 2], strides: [2, 2], dilations: [2, 1], auto_pad: 'SAME_UPPER', ceil_mode: 1 });
  assert.deepEqual([upper.padding, upper.paddingEnd, upper.ceilMode, upper.returnIndices, upper.maxSkipsNan], [[2, 0], [2, 0], false, true, true]);
  // Explicit pads split into begins and ends.
  const explicit = onnxSpec('LpPool', [1, 1, 4, 4, 4], { kernel_shape: [2, 2, 2], pads: [1, 0, 1, 0, 1, 1], p: 3, ceil_mode: 1 });
  assert.deepEqual([explicit.padding, explicit.paddingEnd, explicit.normType, explicit.lpNormOfWindow, explicit.ceilMode], [[1, 0, 1], [0, 1, 1], 3, true, true]);
  assert.deepEqual(onnxSpec('MaxUnpool', [1, 1, 3], { kernel_shape: [3], strides: [2], pads: [1, 0] }).outputSize, [6]);
  assert.deepEqual(onnxSpec('GlobalMaxPool', [1, 2, 3, 4]).outputSize, [1, 1]);
  // The operator's errors.
  assert.throws(() => onnxSpec('MaxPool', [1, 1, 4, 4], { kernel_shape: [2] }), { name: 'RangeError', message: /^onnx\.MaxPool: kernel_shape has 1 entry/ });
  assert.throws(() => onnxSpec('Conv', [1, 1, 4], {}), { name: 'TypeError', message: /^onnxSpec: opName must be one of MaxPool, AveragePool/ });
  assert.throws(() => onnxSpec('MaxPool', 'NCHW', { kernel_shape: [2] }), TypeError);
});

test('random explicit-pad configurations agree with pool() (where pool() places windows as the spec does)', async () => {
  const { getOutputShapeExplicitPadding } = await import('./onnx-reference.mjs');
  const next = prng(99);
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  let compared = 0;
  for (let trial = 0; compared < 60 && trial < 2000; ++trial) {
    const op = ['MaxPool', 'AveragePool', 'LpPool'][trial % 3];
    const dims = int(1, 3);
    const spatial = Array.from({ length: dims }, () => int(1, dims === 3 ? 5 : 7));
    const kernel = spatial.map(() => int(1, 3));
    const dilations = kernel.map(() => int(1, 2));
    const strides = kernel.map(() => int(1, 3));
    const pads = [...kernel, ...kernel].map((k, i) => int(0, (k - 1) * dilations[i % dims]));
    const attributes = { kernel_shape: kernel, strides, dilations, pads, ceil_mode: int(0, 1) };
    if (op === 'AveragePool') attributes.count_include_pad = int(0, 1);
    if (op === 'LpPool') attributes.p = int(1, 3);
    const [out] = getOutputShapeExplicitPadding(pads, spatial, kernel, strides, dilations, attributes.ceil_mode === 1);
    if (out.some((n) => n < 1)) continue;
    // pool() shifts the windows when ceil_mode's extra padding is 2 or more (tests/onnx/README.md,
    // item 3); ONNX's cases never reach that, and there the spec, not pool(), is followed.
    const extra = out.map((n, i) => (n - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1 - spatial[i] - pads[i] - pads[dims + i]);
    if (extra.some((e) => e > 1)) continue;
    const shape = [int(1, 2), int(1, 2), ...spatial];
    const X = { data: randn(500 + trial, product(shape)), shape };
    const expected = referencePool(op, X, attributes);
    // A window without an element: pool() has NaN (numpy on an empty list), poolgrad its rule.
    if (expected.data.some(Number.isNaN)) continue;
    const { Y } = runOp(op, { X }, attributes);
    assert.deepEqual(Y.shape, expected.shape, `${op} ${JSON.stringify(attributes)} on ${shape}`);
    assertClose(Y.data, expected.data, { rtol: 1e-5, atol: 1e-6 }, `${op} ${JSON.stringify(attributes)} on [${shape}]`);
    compared += 1;
  }
  assert.equal(compared, 60);
});
