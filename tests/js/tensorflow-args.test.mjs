// tensorflow.* without an oracle: hand-derived examples (each derivation beside its numbers),
// SAME's padding and tensorflowSpec, NCHW as the transpose of NHWC, the forms of ksize, strides
// and padding, explicit padding, the error messages, and hostile arguments (each read once, own
// properties only; the module stays usable).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { init, tensorflow } from 'poolgrad';
import { samePadding, tensorflowSpec } from '../../web/lib/tensorflow-layout.js';
import { prng } from './prng.mjs';

before(() => init());

const iota = (n) => Float32Array.from({ length: n }, (_, i) => i + 1);
const nhwc = (h, w) => ({ data: iota(h * w), shape: [1, h, w, 1] }); // x[r][c] = w·r + c + 1
const values = (t) => Array.from(t.data);
const bits = (a) => Array.from(new Uint32Array(Float32Array.from(a).buffer));

function assertError(call, ErrorClass, pattern, param) {
  assert.throws(call, (error) => {
    assert.ok(error instanceof ErrorClass, `${error?.name}: ${error?.message}`);
    assert.match(error.message, pattern);
    if (param !== undefined) assert.equal(error.param, param, `param of "${error.message}"`);
    return true;
  });
}

test('SAME on 6x6, 3x3 window, stride 2: out 3, total padding 1, all of it at the END (PyTorch would pad 1 on both sides)', () => {
  // out = ceil(6 / 2) = 3; total = (3 - 1)·2 + 3 - 6 = 1; before = floor(1 / 2) = 0, after = 1.
  // Windows along each axis: {0, 1, 2}, {2, 3, 4}, {4, 5, pad}. x[r][c] = 6r + c + 1.
  assert.deepEqual(samePadding(6, 3, 2), [0, 1]);
  const spec = tensorflowSpec('maxPool', [1, 6, 6, 1], { ksize: 3, strides: 2, padding: 'SAME' });
  assert.deepEqual([spec.padding, spec.paddingEnd], [[0, 0], [1, 1]]);
  const x = nhwc(6, 6);
  const options = { ksize: 3, strides: 2, padding: 'SAME' };
  // max = bottom-right element of each window: rows/cols 2, 4, 5 -> 6r + c + 1
  assert.deepEqual(values(tensorflow.maxPool(x, options)), [15, 17, 18, 27, 29, 30, 33, 35, 36]);
  // avg: a 3x3 block of an arithmetic grid averages to its centre (1, 1) -> 8; the corner window
  // {4, 5} x {4, 5} holds 29, 30, 35, 36 and divides by 4 (padding never counts): 32.5.
  const avg = values(tensorflow.avgPool(x, options));
  assert.equal(avg[0], 8);
  assert.equal(avg[8], 32.5);
  assert.equal(avg[2], (5 + 6 + 11 + 12 + 17 + 18) / 6); // rows 0-2, cols 4-5: 6 elements
});

test('SAME on 5x5, 3x3 window, stride 2: total padding 2, one on each side (symmetric: the end gets only an ODD extra)', () => {
  // out = ceil(5 / 2) = 3; total = 2·2 + 3 - 5 = 2; before 1, after 1. x[r][c] = 5r + c + 1.
  assert.deepEqual(samePadding(5, 3, 2), [1, 1]);
  const x = nhwc(5, 5);
  const options = { ksize: [3, 3], strides: [2, 2], padding: 'SAME' };
  // windows {-1, 0, 1}, {1, 2, 3}, {3, 4, 5}: maxima at rows/cols 1, 3, 4
  assert.deepEqual(values(tensorflow.maxPool(x, options)), [7, 9, 10, 17, 19, 20, 22, 24, 25]);
  // corner {0, 1} x {0, 1}: (1 + 2 + 6 + 7) / 4 = 4; centre {1..3} x {1..3}: 13
  const avg = values(tensorflow.avgPool(x, options));
  assert.equal(avg[0], 4);
  assert.equal(avg[4], 13);
});

test('SAME on 5x5, 2x2 window, stride 2: total padding 1, at the end; the corner window holds one element and divides by 1', () => {
  // out = 3; total = 2·2 + 2 - 5 = 1: before 0, after 1. Windows {0, 1}, {2, 3}, {4, pad}.
  const x = nhwc(5, 5);
  const options = { ksize: 2, strides: 2, padding: 'SAME' };
  assert.deepEqual(values(tensorflow.maxPool(x, options)), [7, 9, 10, 17, 19, 20, 22, 24, 25]);
  assert.deepEqual(values(tensorflow.avgPool(x, options)), [4, 6, 7.5, 14, 16, 17.5, 21.5, 23.5, 25]);
  // Gradient of the average with dy = 1: each element gets 1 / (its window's count): interior
  // 1/4, the last column's 1/2, the corner's 1.
  const dx = tensorflow.avgPoolGrad([1, 5, 5, 1], { data: new Float32Array(9).fill(1), shape: [1, 3, 3, 1] }, options);
  const q = Math.fround(0.25);
  assert.deepEqual(values(dx), [q, q, q, q, 0.5, q, q, q, q, 0.5, q, q, q, q, 0.5, q, q, q, q, 0.5, 0.5, 0.5, 0.5, 0.5, 1]);
  // maxPoolGrad: each window's gradient to its maximum (dy = window number + 1)
  const y = tensorflow.maxPool(x, options);
  const dyMax = { data: iota(9), shape: [1, 3, 3, 1] };
  const dxMax = values(tensorflow.maxPoolGrad(x, y, dyMax, options));
  const expected = new Array(25).fill(0);
  [6, 8, 9, 16, 18, 19, 21, 23, 24].forEach((at, window) => { expected[at] = window + 1; });
  assert.deepEqual(dxMax, expected);
});

test('VALID: no padding, out = ceil((in - k + 1) / s); a kernel above the input is a RangeError', () => {
  const x = nhwc(5, 5);
  const y = tensorflow.maxPool(x, { ksize: 3, strides: 2, padding: 'VALID' });
  assert.deepEqual(y.shape, [1, 2, 2, 1]); // ceil(3 / 2) = 2
  assert.deepEqual(values(y), [13, 15, 23, 25]);
  // the core's message, in TensorFlow's names (ksize, strides)
  assertError(() => tensorflow.maxPool(x, { ksize: 6, strides: 1, padding: 'VALID' }), RangeError,
    /^tensorflow\.maxPool: .*input size 5 with ksize\[0\]=6, strides\[0\]=1/, 'ksize');
});

test('maxPoolWithArgmax: flat index ((b·H + y)·W + x)·C + c, the batch term only with includeBatchInIndex', () => {
  // x (2, 2, 2, 2): element (b, y, x, c) = ((b·2 + y)·2 + x)·2 + c + 1, a 2x2 window covers the
  // whole image: the maximum of channel c is at (1, 1): index (1·2 + 1)·2 + c = 6 + c, or with
  // the batch term 8b + 6 + c.
  const x = { data: iota(16), shape: [2, 2, 2, 2] };
  const options = { ksize: 2, strides: 2, padding: 'VALID' };
  const r = tensorflow.maxPoolWithArgmax(x, options);
  assert.deepEqual(r.output.shape, [2, 1, 1, 2]);
  assert.deepEqual(values(r.output), [7, 8, 15, 16]);
  assert.ok(r.argmax.data instanceof BigInt64Array);
  assert.deepEqual(Array.from(r.argmax.data), [6n, 7n, 6n, 7n]);
  const withBatch = tensorflow.maxPoolWithArgmax(x, { ...options, includeBatchInIndex: true });
  assert.deepEqual(Array.from(withBatch.argmax.data), [6n, 7n, 14n, 15n]);
});

test('explicit padding: [[before, after]] per spatial axis, or the full list with [0, 0] at N and C', () => {
  // x = [1, 2, 3, 4] along W, ksize 3, stride 1, padding 2 before, 0 after (asymmetric, and
  // wider than PyTorch's half kernel): windows {-2..0}, {-1..1}, {0..2}, {1..3}: max 1, 2, 3, 4.
  const x = { data: iota(4), shape: [1, 1, 4, 1] };
  const spatial = { ksize: [1, 3], strides: 1, padding: [[0, 0], [2, 0]] };
  assert.deepEqual(values(tensorflow.maxPool(x, spatial)), [1, 2, 3, 4]);
  const full = { ...spatial, padding: [[0, 0], [0, 0], [2, 0], [0, 0]] };
  assert.deepEqual(values(tensorflow.maxPool(x, full)), [1, 2, 3, 4]);
  // NCHW: the full list is in NCHW order, channel second
  const xFirst = { data: iota(4), shape: [1, 1, 1, 4] };
  assert.deepEqual(values(tensorflow.maxPool(xFirst, { ksize: [1, 3], strides: 1, padding: [[0, 0], [0, 0], [0, 0], [2, 0]], dataFormat: 'NCHW' })), [1, 2, 3, 4]);
  // gradient: x[0] wins windows 0 (alone) ... each window's own maximum: dy -> dx = dy
  const dy = { data: Float32Array.from([1, 10, 100, 1000]), shape: [1, 1, 4, 1] };
  assert.deepEqual(values(tensorflow.maxPoolGrad(x, tensorflow.maxPool(x, spatial), dy, spatial)), [1, 10, 100, 1000]);
  // 1-D: (N, W, C)
  assert.deepEqual(values(tensorflow.maxPool({ data: iota(4), shape: [1, 4, 1] }, { ksize: 3, strides: 1, padding: [[2, 0]] })), [1, 2, 3, 4]);
  // padding as wide as the window is a window of padding only: rejected by the core
  assertError(() => tensorflow.maxPool(x, { ...spatial, padding: [[0, 0], [3, 0]] }), RangeError, /^tensorflow\.maxPool: .*padding\[1\]=3 with ksize\[1\]=3/, 'padding');
  // the batch and channel entries must be [0, 0]
  assertError(() => tensorflow.maxPool(x, { ...spatial, padding: [[0, 0], [0, 0], [2, 0], [1, 0]] }), RangeError,
    /tensorflow\.maxPool: padding\[3\] \[1, 0\] must be \[0, 0\]/, 'padding');
});

test('ksize and strides: an int, [k], one per spatial axis, or the full list (1 at N and C) all mean the same', () => {
  const random = prng(1);
  const x = { data: Float32Array.from({ length: 2 * 7 * 6 * 3 }, () => random()), shape: [2, 7, 6, 3] };
  const reference = tensorflow.maxPool(x, { ksize: [3, 3], strides: [2, 2], padding: 'SAME' });
  for (const [ksize, strides] of [[3, 2], [[3], [2]], [[1, 3, 3, 1], [1, 2, 2, 1]], [[3, 3], [1, 2, 2, 1]]]) {
    assert.deepEqual(tensorflow.maxPool(x, { ksize, strides, padding: 'SAME' }), reference, JSON.stringify({ ksize, strides }));
  }
  assertError(() => tensorflow.maxPool(x, { ksize: [1, 3, 3, 2], strides: 1, padding: 'SAME' }), RangeError,
    /ksize \[1, 3, 3, 2\] must be 1 at the batch and channel positions/, 'ksize');
  // NCHW: the channel is second
  assertError(() => tensorflow.maxPool(x, { ksize: [1, 3, 3, 1], strides: 1, padding: 'SAME', dataFormat: 'NCHW' }), RangeError,
    /ksize \[1, 3, 3, 1\] must be 1 at the batch and channel positions/, 'ksize');
});

// (N, ...spatial, C) <-> (N, C, ...spatial), written independently of the library's own.
function transpose(t, toFirst) {
  const rank = t.shape.length;
  const perm = toFirst ? [0, rank - 1, ...Array.from({ length: rank - 2 }, (_, i) => i + 1)] : [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2), 1];
  const shape = perm.map((p) => t.shape[p]);
  const strides = t.shape.map((_, i) => t.shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const data = new Float32Array(t.data.length);
  const index = new Array(rank).fill(0);
  for (let o = 0; o < data.length; ++o) {
    let rest = o;
    for (let i = rank - 1; i >= 0; --i) { index[i] = rest % shape[i]; rest = Math.floor(rest / shape[i]); }
    let from = 0;
    for (let i = 0; i < rank; ++i) from += index[i] * strides[perm[i]];
    data[o] = t.data[from];
  }
  return { data, shape };
}

test('NCHW (NCW, NCDHW) gives the transpose of NHWC, forward and both gradients, bit for bit', () => {
  const random = prng(2);
  const geometries = [
    { shape: [2, 9, 3], first: 'NCW', options: { ksize: 3, strides: 2, padding: 'SAME' } },
    { shape: [2, 7, 6, 3], first: 'NCHW', options: { ksize: [3, 2], strides: [2, 3], padding: 'SAME' } },
    { shape: [1, 6, 5, 2], first: 'NCHW', options: { ksize: [2, 3], strides: 1, padding: [[1, 0], [0, 2]] } },
    { shape: [2, 4, 5, 3, 2], first: 'NCDHW', options: { ksize: [2, 3, 2], strides: [1, 2, 2], padding: 'VALID' } },
    { shape: [1, 4, 5, 3, 2], first: 'NCHW', options: { ksize: 3, strides: 2, padding: 'SAME' } },
  ];
  for (const g of geometries) {
    const x = { data: Float32Array.from({ length: g.shape.reduce((a, b) => a * b, 1) }, () => Math.floor(random() * 7)), shape: g.shape };
    const xFirst = transpose(x, true);
    const first = { ...g.options, dataFormat: g.first };
    const label = JSON.stringify(g);
    for (const op of ['maxPool', ...(Array.isArray(g.options.padding) ? [] : ['avgPool'])]) {
      const last = tensorflow[op](x, g.options);
      const yFirst = tensorflow[op](xFirst, first);
      assert.deepEqual(yFirst.shape, transpose(last, true).shape, `${label} ${op} shape`);
      assert.deepEqual(bits(yFirst.data), bits(transpose(last, true).data), `${label} ${op}`);
      const dy = { data: Float32Array.from(last.data, () => Math.floor(random() * 5)), shape: last.shape };
      const dxLast = op === 'maxPool' ? tensorflow.maxPoolGrad(x, last, dy, g.options) : tensorflow.avgPoolGrad(x.shape, dy, g.options);
      const dxFirst = op === 'maxPool'
        ? tensorflow.maxPoolGrad(xFirst, yFirst, transpose(dy, true), first)
        : tensorflow.avgPoolGrad(xFirst.shape, transpose(dy, true), first);
      assert.deepEqual(bits(dxFirst.data), bits(transpose(dxLast, true).data), `${label} ${op} gradient`);
    }
  }
});

test('tensorflowSpec: the core spec in channels-first order (padding before/after per axis, TensorFlow\'s rules as flags)', () => {
  const spec = tensorflowSpec('avgPool', [1, 6, 5, 2], { ksize: [3, 2], strides: 2, padding: 'SAME' });
  // H: out 3, total (3 - 1)·2 + 3 - 6 = 1 -> [0, 1]; W: out 3, total 2·2 + 2 - 5 = 1 -> [0, 1]
  assert.deepEqual(spec, {
    kind: 'avg', dims: 2, kernelSize: [3, 2], stride: [2, 2], padding: [0, 0], paddingEnd: [1, 1], dilation: [1, 1],
    ceilMode: false, countIncludePad: false, divisorFullWindow: false, lpNormOfWindow: false, maxSkipsNan: false,
    returnIndices: false,
  });
  const max = tensorflowSpec('maxPool', [1, 2, 7, 6], { ksize: 3, strides: 2, padding: 'SAME', dataFormat: 'NCHW' });
  assert.equal(max.maxSkipsNan, true);
  assert.deepEqual([max.padding, max.paddingEnd], [[1, 0], [1, 1]]); // 7: total 2 -> [1, 1]; 6: total 1 -> [0, 1]
  assertError(() => tensorflowSpec('maxPool2d', [1, 2, 2, 1], {}), TypeError, /fnName must be one of maxPool/);
  assertError(() => tensorflowSpec('maxPool', 'big', {}), TypeError, /inputShape must be an array/);
});

test('errors name the function and the argument', () => {
  const x = nhwc(4, 4);
  const ok = { ksize: 2, strides: 2, padding: 'VALID' };
  assertError(() => tensorflow.maxPool(x, { ...ok, ksize: [1, 2, 3] }), TypeError, /^tensorflow\.maxPool: ksize has 3 entries; a 4-D input takes 1, 2 or 4$/);
  assertError(() => tensorflow.maxPool({ data: iota(4), shape: [1, 4, 1] }, { ...ok, strides: [1, 1] }), TypeError, /strides has 2 entries; a 3-D input takes 1 or 3/);
  assertError(() => tensorflow.avgPool(x, { ...ok, ksize: 0 }), RangeError, /^tensorflow\.avgPool: ksize must be at least 1/, 'ksize');
  assertError(() => tensorflow.avgPool(x, { ...ok, strides: [1, 0] }), RangeError, /strides must be at least 1/, 'strides');
  assertError(() => tensorflow.avgPool(x, { ...ok, ksize: 2.5 }), TypeError, /options\.ksize must be an integer/);
  assertError(() => tensorflow.maxPool(x, { ksize: 2, padding: 'SAME' }), TypeError, /options\.strides is required/);
  assertError(() => tensorflow.maxPool(x, { ksize: 2, strides: 2 }), TypeError, /options\.padding is required/);
  assertError(() => tensorflow.maxPool(x, { ...ok, padding: 'same' }), RangeError, /padding "same" is not 'SAME', 'VALID' or explicit/, 'padding');
  assertError(() => tensorflow.avgPool(x, { ...ok, padding: [[0, 0], [1, 1]] }), RangeError,
    /^tensorflow\.avgPool: explicit padding is not accepted here: TensorFlow's avgPool takes 'SAME' or 'VALID'/, 'padding');
  assertError(() => tensorflow.maxPool({ data: iota(8), shape: [1, 2, 2, 2, 1] }, { ...ok, padding: [[0, 0], [0, 0], [0, 0]] }), RangeError,
    /explicit padding is not accepted here: TensorFlow's maxPool takes 'SAME' or 'VALID' for a 3-D input/, 'padding');
  assertError(() => tensorflow.maxPool(x, { ...ok, padding: [[0, 0], [1]] }), TypeError, /options\.padding\[1\] must be a pair/);
  assertError(() => tensorflow.maxPool(x, { ...ok, padding: [[0, 0], [-1, 0]] }), RangeError, /padding\[1\] \[-1, 0\] must not be negative/);
  assertError(() => tensorflow.maxPool(x, { ...ok, dataFormat: 'NDHWC' }), RangeError, /dataFormat "NDHWC" is not one of 'NHWC', 'NCHW' for a 4-D input/, 'dataFormat');
  assertError(() => tensorflow.maxPool(x, { ...ok, dilations: 2 }), TypeError, /unknown option "dilations".*no dilation/);
  assertError(() => tensorflow.maxPool({ data: iota(4), shape: [4, 1] }, ok), RangeError, /^tensorflow\.maxPool: the input has rank 2/, 'input');
  assertError(() => tensorflow.maxPool({ data: [1, 2, 3, 4], shape: [1, 2, 2, 1] }, ok), TypeError, /^tensorflow\.maxPool: input\.data must be a Float32Array/);
  assertError(() => tensorflow.maxPool(x, null), TypeError, /^tensorflow\.maxPool: options must be an object/);
  assertError(() => tensorflow.maxPoolWithArgmax(x, { ...ok, dataFormat: 'NCHW' }), TypeError, /unknown option "dataFormat"/);
  assertError(() => tensorflow.maxPoolWithArgmax({ data: iota(4), shape: [1, 4, 1] }, ok), RangeError, /takes a 4-D input/, 'input');
  assertError(() => tensorflow.maxPoolWithArgmax(x, { ...ok, includeBatchInIndex: 1 }), TypeError, /options\.includeBatchInIndex must be a boolean/);
  const y = tensorflow.maxPool(x, ok);
  const dy = { data: new Float32Array(4), shape: [1, 2, 2, 1] };
  assertError(() => tensorflow.maxPoolGrad(x, { data: new Float32Array(3), shape: [1, 3, 1, 1] }, dy, ok), RangeError,
    /^tensorflow\.maxPoolGrad: origOutput\.shape \[1, 3, 1, 1\] must be the pooled shape of origInput \[1, 2, 2, 1\]/, 'origOutput');
  assertError(() => tensorflow.maxPoolGrad(x, y, { data: new Float32Array(2), shape: [1, 2, 1, 1] }, ok), RangeError, /grad\.shape/, 'grad');
  assertError(() => tensorflow.avgPoolGrad('1,4,4,1', dy, ok), TypeError, /^tensorflow\.avgPoolGrad: origInputShape must be an array/);
  assertError(() => tensorflow.avgPoolGrad([1, 4, 4, 1], { data: new Float32Array(1), shape: [1, 1, 1, 1] }, ok), RangeError, /grad\.shape \[1, 1, 1, 1\] must be/, 'grad');
  // an empty channel axis is named in the caller's layout (the core sees NCHW); an empty batch is fine
  assertError(() => tensorflow.maxPool({ data: new Float32Array(0), shape: [1, 4, 4, 0] }, ok), RangeError,
    /^tensorflow\.maxPool: input shape \[1, 4, 4, 0\] has dimension 3 = 0; only the batch dimension may be empty$/, 'input');
  assert.deepEqual(tensorflow.maxPool({ data: new Float32Array(0), shape: [0, 4, 4, 1] }, ok).shape, [0, 2, 2, 1]);
  // the module still works
  assert.deepEqual(values(tensorflow.maxPool(x, ok)), [6, 8, 14, 16]);
});

test('hostile arguments: every option read once, own properties only, proxies and a polluted prototype change nothing', () => {
  const x = nhwc(4, 4);
  const expected = [6, 8, 14, 16];
  const reads = {};
  const counting = {};
  for (const [key, value] of Object.entries({ ksize: 2, strides: [2, 2], padding: 'VALID', dataFormat: 'NHWC' })) {
    Object.defineProperty(counting, key, { enumerable: true, get() { reads[key] = (reads[key] ?? 0) + 1; return reads[key] === 1 ? value : 99; } });
  }
  assert.deepEqual(values(tensorflow.maxPool(x, counting)), expected);
  assert.deepEqual(reads, { ksize: 1, strides: 1, padding: 1, dataFormat: 1 });

  // an element that lies on its second read
  let elementReads = 0;
  const ksize = [];
  Object.defineProperty(ksize, 0, { enumerable: true, get: () => (++elementReads === 1 ? 2 : 1e9) });
  Object.defineProperty(ksize, 1, { enumerable: true, value: 2 });
  assert.deepEqual(values(tensorflow.maxPool(x, { ksize, strides: 2, padding: 'VALID' })), expected);
  assert.equal(elementReads, 1);

  // a polluted prototype is never consulted
  Object.prototype.strides = 2; // eslint-disable-line no-extend-native
  Object.prototype.dataFormat = 'NCHW'; // eslint-disable-line no-extend-native
  try {
    assertError(() => tensorflow.maxPool(x, { ksize: 2, padding: 'VALID' }), TypeError, /options\.strides is required/);
    assert.deepEqual(values(tensorflow.maxPool(x, { ksize: 2, strides: 2, padding: 'VALID' })), expected);
  } finally {
    delete Object.prototype.strides;
    delete Object.prototype.dataFormat;
  }

  // a proxy of an array: its elements are read once each, through their descriptors
  const touched = [];
  const proxy = new Proxy([2, 2], {
    getOwnPropertyDescriptor(target, key) { touched.push(String(key)); return Reflect.getOwnPropertyDescriptor(target, key); },
  });
  assert.deepEqual(values(tensorflow.maxPool(x, { ksize: proxy, strides: 2, padding: 'VALID' })), expected);
  assert.deepEqual(touched, ['length', '0', '1']);
  // a sparse list is a TypeError
  assertError(() => tensorflow.maxPool(x, { ksize: [2, , 2, 1], strides: 2, padding: 'VALID' }), TypeError, /options\.ksize must hold integers, got a hole at 1/); // eslint-disable-line no-sparse-arrays

  // a getter that throws: its error comes out, nothing is left half-done
  const throwing = { ksize: 2, strides: 2, get padding() { throw new Error('no padding for you'); } };
  assert.throws(() => tensorflow.maxPool(x, throwing), /no padding for you/);

  // a Float32Array subclass lying about its length is read by its real length
  class Liar extends Float32Array { get length() { return 1; } }
  assert.deepEqual(values(tensorflow.maxPool({ data: Liar.from(iota(16)), shape: [1, 4, 4, 1] }, { ksize: 2, strides: 2, padding: 'VALID' })), expected);

  // huge geometry is a RangeError from the core's caps, never an allocation
  assertError(() => tensorflow.avgPoolGrad([1, 2 ** 20, 2 ** 20, 1], { data: new Float32Array(1), shape: [1, 1, 1, 1] },
    { ksize: 2 ** 20, strides: 2 ** 20, padding: 'VALID' }), RangeError, /^tensorflow\.avgPoolGrad: /);
  assertError(() => tensorflow.maxPool(x, { ksize: Number.MAX_SAFE_INTEGER, strides: Number.MAX_SAFE_INTEGER, padding: 'SAME' }), RangeError, /^tensorflow\.maxPool: /);
  assert.deepEqual(values(tensorflow.maxPool(x, { ksize: 2, strides: 2, padding: 'VALID' })), expected);
});

test('the tensorflow namespace is frozen', () => {
  assert.ok(Object.isFrozen(tensorflow));
  assert.deepEqual(Object.keys(tensorflow).sort(), ['avgPool', 'avgPoolGrad', 'maxPool', 'maxPoolGrad', 'maxPoolWithArgmax']);
});
