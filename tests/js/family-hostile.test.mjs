// Hostile and wrong arguments for the pooling family's own options (outputSize, normType,
// outputRatio, randomSamples, seed, dims) and argument lists: each read once through getters and
// proxies, a TypeError for a wrong JS type, a RangeError with .param and .code for a value the
// core (or the record's encoding) rejects, and never a heap that grows.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as pg from '../../web/lib/index.js'; // the instance loader.js's test hooks see
import { heapBytes } from '../../web/lib/loader.js';

const x = () => ({ data: Float32Array.from({ length: 2 * 8 * 8 }, (_, i) => (i * 13) % 7), shape: [2, 8, 8] });
const throwingValueOf = { valueOf() { throw new Error('valueOf must never be called'); } };

// An object whose property `key` reads as `first`, then as `later` (counting the reads).
function once(base, key, first, later) {
  const reads = { count: 0 };
  Object.defineProperty(base, key, { enumerable: true, get: () => (reads.count++ === 0 ? first : later) });
  return reads;
}

function assertRange(call, param, code) {
  assert.throws(call, (error) => {
    assert.ok(error instanceof RangeError, `${error?.name}: ${error?.message}`);
    assert.equal(error.param, param, error.message);
    if (code) assert.equal(error.code, code, error.message);
    return true;
  });
}
function assertType(call, pattern) {
  assert.throws(call, (error) => {
    assert.ok(error instanceof TypeError, `${error?.name}: ${error?.message}`);
    if (pattern) assert.match(error.message, pattern);
    return true;
  });
}

before(() => pg.init());

test('the new options are read once, own properties only, through getters and proxies', () => {
  const clean = pg.adaptiveMaxPool2d(x(), { outputSize: [3, null] });
  const options = {};
  const reads = once(options, 'outputSize', [3, null], throwingValueOf);
  assert.deepEqual(pg.adaptiveMaxPool2d(x(), options), clean);
  assert.equal(reads.count, 1);
  const entry = [3, null];
  const entryReads = once(entry, 1, null, 2.5);
  assert.deepEqual(pg.adaptiveMaxPool2d(x(), { outputSize: entry }), clean);
  assert.equal(entryReads.count, 1);
  const log = [];
  const proxy = new Proxy({ normType: 2, kernelSize: 2 }, { get(t, k) { log.push(String(k)); return t[k]; } });
  assert.deepEqual(pg.lpPool2d(x(), proxy), pg.lpPool2d(x(), { normType: 2, kernelSize: 2 }));
  for (const key of ['normType', 'kernelSize', 'stride', 'ceilMode']) assert.ok(log.filter((k) => k === key).length <= 1, `${key}: ${log}`);
  const samples = Float32Array.of(0.1, 0.9); // one plane, two dimensions
  const fracOptions = { kernelSize: 2, outputSize: 3 };
  const sampleReads = once(fracOptions, 'randomSamples', samples, new Float32Array(1));
  const input = { data: x().data.subarray(0, 64), shape: [1, 8, 8] };
  const frac = pg.fractionalMaxPool2d(input, fracOptions);
  assert.equal(sampleReads.count, 1);
  assert.deepEqual(frac, pg.fractionalMaxPool2d(input, { kernelSize: 2, outputSize: 3, randomSamples: Float32Array.of(0.1, 0.9) }));
  Object.prototype.outputSize = 2; // eslint-disable-line no-extend-native
  Object.prototype.normType = 1; // eslint-disable-line no-extend-native
  try {
    assertType(() => pg.adaptiveAvgPool2d(x(), {}), /outputSize must be/);
    assertType(() => pg.lpPool2d(x(), { kernelSize: 2 }), /normType must be a number, got undefined/);
  } finally {
    delete Object.prototype.outputSize;
    delete Object.prototype.normType;
  }
});

test('outputSize: wrong types are TypeErrors; negative, zero and huge sizes RangeErrors naming outputSize', () => {
  for (const bad of ['2', 2.5, [2, 2, 2], [2, , 2], [], { 0: 2, length: 1 }, 2n, [2, '2'], 2 ** 53, [undefined, 2]]) { // eslint-disable-line no-sparse-arrays
    assertType(() => pg.adaptiveAvgPool2d(x(), { outputSize: bad }), /^adaptiveAvgPool2d: options\.outputSize must be/);
  }
  assertType(() => pg.adaptiveAvgPool2d(x(), {}), /outputSize/);
  assertType(() => pg.adaptiveAvgPool2d(x(), { outputSize: null }), /outputSize/);
  assertType(() => pg.maxUnpool2d(x(), { data: new Int32Array(128), shape: [2, 8, 8] }, { kernelSize: 2, outputSize: [null, 16] }), /outputSize/);
  assertType(() => pg.fractionalMaxPool2d(x(), { kernelSize: 2, outputSize: [3, null] }), /outputSize/);
  assertRange(() => pg.adaptiveMaxPool2d(x(), { outputSize: -1 }), 'outputSize', 'out_of_range');
  assertRange(() => pg.adaptiveMaxPool2d(x(), { outputSize: [2, -5] }), 'outputSize', 'out_of_range');
  assertRange(() => pg.fractionalMaxPool2d(x(), { kernelSize: 2, outputSize: -1 }), 'outputSize', 'out_of_range');
  assertRange(() => pg.adaptiveMaxPool2d(x(), { outputSize: 0 }), 'outputSize');
  const heap = heapBytes();
  for (const huge of [2 ** 40, [2 ** 24, 2 ** 24], Number.MAX_SAFE_INTEGER, [1, 2 ** 25]]) {
    assert.throws(() => pg.adaptiveAvgPool2d(x(), { outputSize: huge }), RangeError);
    assert.throws(() => pg.adaptiveMaxPool2d(x(), { outputSize: huge }), RangeError);
    assert.throws(() => pg.outputShape([1, 1, 8, 8], { op: 'adaptiveAvgPool2d', outputSize: huge }), RangeError);
  }
  assert.throws(() => pg.maxUnpool1d({ data: new Float32Array(4), shape: [1, 4] }, { data: new Int32Array(4), shape: [1, 4] }, { kernelSize: 2, outputSize: 2 ** 40 }), RangeError);
  assert.equal(heapBytes(), heap, 'no huge output was allocated');
});

test('normType: a number is required; NaN, 0 and wrong types are rejected', () => {
  for (const bad of [undefined, null, '2', 2n, [2], { valueOf: () => 2 }, true]) {
    assertType(() => pg.lpPool2d(x(), { normType: bad, kernelSize: 2 }), /^lpPool2d: options\.normType must be a number/);
  }
  assertRange(() => pg.lpPool2d(x(), { normType: NaN, kernelSize: 2 }), 'normType');
  assertRange(() => pg.lpPool1d({ data: new Float32Array(4), shape: [1, 4] }, { normType: 0, kernelSize: 2 }), 'normType');
  assertRange(() => pg.outputShape([1, 4], { op: 'lpPool1d', normType: NaN, kernelSize: 2 }), 'normType');
  assertRange(() => pg.lpPool1dBackward({ data: new Float32Array(2), shape: [1, 2] }, { data: new Float32Array(4), shape: [1, 4] }, { normType: NaN, kernelSize: 2 }), 'normType');
});

test('randomSamples: a Float32Array of (N, C, dims) samples in [0, 1); anything else is rejected before the core reads it', () => {
  const input = { data: new Float32Array(2 * 8 * 8), shape: [2, 8, 8] }; // unbatched: N = 1, C = 2 -> 4 samples
  const options = (randomSamples) => ({ kernelSize: 2, outputSize: 4, randomSamples });
  assert.deepEqual(pg.fractionalMaxPool2d(input, options(new Float32Array(4))).output.shape, [2, 4, 4]);
  for (const bad of [[0.5, 0.5, 0.5, 0.5], new Float64Array(4), new Uint8Array(4), 0.5, 'x', { length: 4 },
    Object.defineProperty(new DataView(new ArrayBuffer(16)), Symbol.toStringTag, { value: 'Float32Array' }),
    Object.defineProperty(new Float64Array(4), Symbol.toStringTag, { value: 'Float32Array' })]) {
    assertType(() => pg.fractionalMaxPool2d(input, options(bad)), /^fractionalMaxPool2d: options\.randomSamples must be a Float32Array/);
  }
  for (const length of [0, 2, 3, 5, 8]) {
    assertRange(() => pg.fractionalMaxPool2d(input, options(new Float32Array(length))), 'randomSamples', 'bad_length');
  }
  for (const value of [1, 1.5, -0.25, NaN, Infinity, -Infinity]) {
    assertRange(() => pg.fractionalMaxPool2d(input, options(Float32Array.of(0.5, value, 0.5, 0.5))), 'randomSamples');
  }
  const heap = heapBytes();
  for (let i = 0; i < 50; ++i) {
    assertRange(() => pg.fractionalMaxPool2d(input, options(new Float32Array(2 ** 24 + 1))), 'randomSamples', 'bad_length');
  }
  assert.equal(heapBytes(), heap, 'oversized samples never reach wasm memory');
  // the backward reads the same options (a wrong length or type still fails its type check only)
  const { output, indices } = pg.fractionalMaxPool2d(input, options(new Float32Array(4)));
  assert.deepEqual(pg.fractionalMaxPool2dBackward(output, indices, input.shape, options(new Float32Array(4))).shape, input.shape);
  assertType(() => pg.fractionalMaxPool2dBackward(output, indices, input.shape, options([0.5])), /randomSamples/);
});

test('seed, outputRatio and the size/ratio choice', () => {
  const input = x();
  for (const bad of [-1, 1.5, '1', 2 ** 53, 1n, NaN, [1]]) {
    assertType(() => pg.fractionalMaxPool2d(input, { kernelSize: 2, outputSize: 4, seed: bad }), /options\.seed must be a non-negative integer/);
  }
  for (const bad of ['0.5', [0.5, '0.5'], [0.5, 0.5, 0.5], 1n, {}]) {
    assertType(() => pg.fractionalMaxPool2d(input, { kernelSize: 2, outputRatio: bad }), /options\.outputRatio must be a number/);
  }
  for (const bad of [0, 1, 1.5, -0.5, NaN, Infinity, [0.5, 1]]) {
    assertRange(() => pg.fractionalMaxPool2d(input, { kernelSize: 2, outputRatio: bad }), 'outputRatio');
  }
  assert.throws(() => pg.fractionalMaxPool2d(input, { kernelSize: 2, outputSize: 4, outputRatio: 0.5 }), RangeError);
  assert.throws(() => pg.fractionalMaxPool2d(input, { kernelSize: 2 }), RangeError);
  assertRange(() => pg.fractionalMaxPool2d(input, { kernelSize: 2, outputSize: 8 }), 'outputSize'); // 8 + 2 - 1 > 8
  assertType(() => pg.fractionalMaxPool2d(input, { outputSize: 4 }), /kernelSize/);
});

test('unknown and misplaced options are TypeErrors naming what the op accepts', () => {
  const input = x();
  assertType(() => pg.adaptiveAvgPool2d(input, { outputSize: 2, kernelSize: 2 }), /unknown option "kernelSize" for adaptiveAvgPool2d \(it accepts outputSize\)/);
  assertType(() => pg.adaptiveAvgPool2d(input, { outputSize: 2, returnIndices: true }), /unknown option "returnIndices"/);
  assertType(() => pg.lpPool2d(input, { normType: 2, kernelSize: 2, padding: 1 }), /unknown option "padding"/);
  assertType(() => pg.maxUnpool2d(input, { data: new Int32Array(128), shape: [2, 8, 8] }, { kernelSize: 2, dilation: 1 }), /unknown option "dilation"/);
  assertType(() => pg.fractionalMaxPool2d(input, { kernelSize: 2, outputSize: 2, output_size: 2 }), /unknown option "output_size"/);
  assertType(() => pg.routingCounts(input, { op: 'adaptiveMaxPool2d', outputSize: 2, indices: {} }), /unknown option "indices"/);
  assertType(() => pg.outputShape([1, 8, 8], { op: 'adaptiveMaxPool3D', outputSize: 2 }), /options\.op must be one of/);
});

test('backward argument lists: LP takes the input, unpooling the indices, with their shapes checked', () => {
  const input = x();
  const lp = { normType: 2, kernelSize: 2 };
  const out = pg.lpPool2d(input, lp);
  assert.deepEqual(pg.lpPool2dBackward(out, input, lp).shape, [2, 8, 8]);
  assertType(() => pg.lpPool2dBackward(out, { data: new Float64Array(128), shape: [2, 8, 8] }, lp), /^lpPool2dBackward: input\.data must be a Float32Array/);
  assertType(() => pg.lpPool2dBackward(out, [2, 8, 8], lp), /^lpPool2dBackward: input must be a tensor/);
  assertRange(() => pg.lpPool2dBackward({ data: new Float32Array(32), shape: [2, 4, 4] }, { data: new Float32Array(2 * 7 * 8), shape: [2, 7, 8] }, lp), 'gradOutput', 'shape_mismatch');

  const pooled = pg.maxPool2d(input, { kernelSize: 2 });
  const unpool = { kernelSize: 2 };
  const up = pg.maxUnpool2d(pooled.output, pooled.indices, unpool);
  assert.deepEqual(up.shape, [2, 8, 8]);
  assert.deepEqual(pg.maxUnpool2dBackward(up, pooled.indices, unpool).shape, [2, 4, 4]);
  assertType(() => pg.maxUnpool2d(pooled.output, pooled.output, unpool), /^maxUnpool2d: indices\.data must be an Int32Array/);
  assertRange(() => pg.maxUnpool2d(pooled.output, { data: pooled.indices.data, shape: [2, 16, 1] }, unpool), 'indices', 'shape_mismatch');
  assertType(() => pg.maxUnpool2d(pooled.output, { data: pooled.indices.data, shape: [2, 4, 5] }, unpool), /indices\.data has 32 elements/);
  assertRange(() => pg.maxUnpool2dBackward({ data: new Float32Array(2 * 8 * 9), shape: [2, 8, 9] }, pooled.indices, unpool), 'gradOutput', 'shape_mismatch');
  assertType(() => pg.maxUnpool2dBackward(up, [2, 4, 4], unpool), /indices must be a tensor/);
  assertRange(() => pg.routingCounts(pooled.output, { op: 'maxUnpool2d', ...unpool, indices: { data: new Int32Array(32), shape: [2, 16, 1] } }), 'indices', 'shape_mismatch');
  assertType(() => pg.poolWindows([2, 4, 4], { op: 'maxUnpool2d', ...unpool }), /indices must be a tensor/);

  const amax = pg.adaptiveMaxPool2d(input, { outputSize: 3 });
  const bad = { data: amax.indices.data.map((v, i) => (i === 4 ? 64 : v)), shape: amax.indices.shape };
  assertRange(() => pg.adaptiveMaxPool2dBackward(amax.output, bad, input.shape, { outputSize: 3 }), 'indices', 'bad_index');
  assertRange(() => pg.adaptiveMaxPool2dBackward(amax.output, amax.indices, input.shape, { outputSize: 4 }), 'gradOutput', 'shape_mismatch');
  assertRange(() => pg.adaptiveAvgPool2dBackward(amax.output, input.shape, { outputSize: [3, 2] }), 'gradOutput', 'shape_mismatch');
});
