// Hostile callers (issue 7, items 1-6): getters and proxies, disguised typed arrays, polluted
// prototypes, sparse arrays, oversized tensors and shapes, re-entrant calls. The library must
// read each argument once, own properties only, check typed arrays by their real brand, reject
// oversized requests before anything enters wasm memory, and never let a caller's code run (or
// a JS exception unwind) inside a core call. After any of it, valid calls return exact results
// and the wasm heap stays where it was.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as pg from '../../web/lib/index.js'; // the instance loader.js's test hooks see
import { heapBytes, liveHandles } from '../../web/lib/loader.js';
import { loadCases } from './fixture_cases.mjs';

const tutorial = loadCases('cases_seed.json').find((c) => c.id === 'seed-0-0001'); // max k2 s1
const input = () => ({ data: Float32Array.from(tutorial.input), shape: [1, 6, 6] });
let expected; // the tutorial's max pooling, kernel 2, stride 1, through clean arguments

before(async () => {
  await pg.init();
  expected = pg.maxPool2d(input(), { kernelSize: 2, stride: 1 });
  assert.deepEqual(Array.from(expected.output.data), tutorial.output);
});

// The canary: a valid call still gives PyTorch's numbers.
function assertModuleWorks(message) {
  const r = pg.maxPool2d(input(), { kernelSize: 2, stride: 1 });
  assert.deepEqual(Array.from(r.output.data), tutorial.output, message);
  assert.deepEqual(Array.from(r.indices.data), tutorial.indices, message);
}

// An object whose property `key` reads as the given values in turn (the last one repeats), and
// counts its reads.
function shifting(base, key, ...values) {
  const reads = { count: 0 };
  Object.defineProperty(base, key, {
    enumerable: true,
    get() { return values[Math.min(reads.count++, values.length - 1)]; },
  });
  return { object: base, reads };
}

const throwingValueOf = { valueOf() { throw new Error('valueOf must never be called'); } };

function assertError(call, ErrorClass, pattern) {
  assert.throws(call, (error) => {
    assert.ok(error instanceof ErrorClass, `${error?.name ?? typeof error}: ${error?.message ?? error}`);
    assert.match(error.message, pattern);
    return true;
  });
}

test('item 1: a getter that is honest once and throws later cannot reach the core', () => {
  const { object: options, reads } = shifting({ stride: 1 }, 'kernelSize', 2, throwingValueOf);
  assert.deepEqual(pg.maxPool2d(input(), options), expected);
  assert.equal(reads.count, 1, 'kernelSize is read once');
  const element = shifting([2, 2], 1, 2, throwingValueOf);
  assert.deepEqual(pg.maxPool2d(input(), { kernelSize: element.object, stride: [1, 1] }), expected);
  assert.equal(element.reads.count, 1, 'kernelSize[1] is read once');
});

test('item 1: a BigInt64Array disguised as a Float32Array is a TypeError, not a wasm error', () => {
  const data = new BigInt64Array(36);
  Object.defineProperty(data, Symbol.toStringTag, { value: 'Float32Array' });
  assertError(() => pg.maxPool2d({ data, shape: [1, 6, 6] }, { kernelSize: 2 }), TypeError,
    /^maxPool2d: input\.data must be a Float32Array, got a BigInt64Array of length 36$/);
});

test('item 1: 25,000 calls of these kinds leave the heap, the handles and the results as they were', () => {
  assertModuleWorks('before');
  const heap = heapBytes();
  const disguised = Object.defineProperty(new BigInt64Array(36), Symbol.toStringTag, { value: 'Float32Array' });
  const oversized = { data: new Float32Array(2 ** 24 + 1), shape: [1, 1, 2 ** 24 + 1] };
  const kinds = [
    () => pg.maxPool2d(input(), { kernelSize: shifting([2, 2], 1, 2, throwingValueOf).object, stride: 1 }),
    () => assert.throws(() => pg.maxPool2d({ data: disguised, shape: [1, 6, 6] }, { kernelSize: 2 }), TypeError),
    () => assert.throws(() => pg.maxPool2d(oversized, { kernelSize: 1 }), RangeError),
  ];
  for (let i = 0; i < 25_000; ++i) kinds[i % kinds.length]();
  assert.equal(heapBytes(), heap, 'the wasm heap did not grow');
  assert.equal(liveHandles(), 0, 'no Embind handle is alive');
  assertModuleWorks('after');
});

test('item 2: input.data and input.shape are read exactly once', () => {
  for (const later of [[1, 2, 3], 'text', { length: 2 ** 28 }, { length: -1 }, new Float32Array(1)]) {
    const x = { shape: [1, 6, 6] };
    const { reads } = shifting(x, 'data', Float32Array.from(tutorial.input), later);
    const shape = shifting(x, 'shape', [1, 6, 6], [1, 1, 36]);
    assert.deepEqual(pg.maxPool2d(x, { kernelSize: 2, stride: 1 }), expected);
    assert.equal(reads.count, 1, 'data read once');
    assert.equal(shape.reads.count, 1, 'shape read once');
  }
});

test('item 2: list elements behind getters are read once (2.75 is never seen as 2)', () => {
  const kernelSize = [2, 2];
  const { reads } = shifting(kernelSize, 1, 2, 2.75);
  assert.deepEqual(pg.maxPool2d(input(), { kernelSize, stride: 1 }), expected);
  assert.equal(reads.count, 1);
  const fractional = shifting([2, 2], 1, 2.75, 2).object;
  assertError(() => pg.maxPool2d(input(), { kernelSize: fractional }), TypeError,
    /^maxPool2d: options\.kernelSize must be an integer or an array of 2 integers, got \[2, 2\.75\]$/);
});

test('item 2: a Proxy argument is read through its traps once per property', () => {
  const log = [];
  const options = new Proxy({ kernelSize: 2, stride: 1 }, {
    get(target, key) { log.push(String(key)); return target[key]; },
  });
  assert.deepEqual(pg.maxPool2d(input(), options), expected);
  for (const key of ['kernelSize', 'stride', 'padding', 'dilation', 'ceilMode']) {
    assert.ok(log.filter((k) => k === key).length <= 1, `${key} read at most once: ${log}`);
  }
});

test('item 3: a DataView posing as a Float32Array whose elements call poolgrad is rejected unread', () => {
  let calls = 0;
  const data = new DataView(new ArrayBuffer(16));
  Object.defineProperty(data, Symbol.toStringTag, { value: 'Float32Array' });
  Object.defineProperty(data, 'length', { value: 4 });
  for (let i = 0; i < 4; ++i) {
    Object.defineProperty(data, i, {
      get() {
        ++calls;
        pg.maxPool1d({ data: new Float32Array(2 ** 22), shape: [1, 2 ** 22] }, { kernelSize: 2 });
        return i * 10;
      },
    });
  }
  assertError(() => pg.maxPool1d({ data, shape: [1, 4] }, { kernelSize: 4 }), TypeError,
    /^maxPool1d: input\.data must be a Float32Array, got a DataView$/);
  assert.equal(calls, 0);
});

test('item 3: a getter that calls poolgrad with a large input while the arguments are read is harmless', () => {
  const x = { data: Float32Array.of(1, 2, 3, 40, 5, 6), shape: [1, 6] };
  const options = { stride: 6 };
  let nested = 0;
  Object.defineProperty(options, 'kernelSize', {
    enumerable: true,
    get() {
      ++nested;
      const big = pg.maxPool1d({ data: new Float32Array(2 ** 23).fill(7), shape: [1, 2 ** 23] }, { kernelSize: 2 ** 23 });
      assert.equal(big.output.data[0], 7);
      return 6;
    },
  });
  const r = pg.maxPool1d(x, options);
  assert.equal(nested, 1);
  assert.deepEqual(Array.from(r.output.data), [40]);
  assert.deepEqual(Array.from(r.indices.data), [3]);
});

test('item 4: an input over the element cap is a RangeError before it is copied (the heap does not grow)', () => {
  const heap = heapBytes();
  assertError(() => pg.avgPool1d({ data: new Float32Array(2 ** 24 + 1), shape: [1, 2 ** 24 + 1] }, { kernelSize: 1 }),
    RangeError, /^avgPool1d: input shape \[1, 16777217\] has dimension 1 = 16777217; each dimension must be between 1 and 16777216$/);
  assertError(() => pg.maxPool2d({ data: new Float32Array(2 ** 27), shape: [1, 2 ** 13, 2 ** 14] }, { kernelSize: 2 }),
    RangeError, /^maxPool2d: .*more than 16777216 elements/);
  assert.equal(heapBytes(), heap);
  assertModuleWorks();
});

test('item 4: a 1 GiB input with a matching shape is a RangeError, not an abort', () => {
  const heap = heapBytes();
  const data = new Float32Array(2 ** 28);
  assertError(() => pg.maxPool1d({ data, shape: [16, 2 ** 24] }, { kernelSize: 2 }), RangeError,
    /^maxPool1d: .*more than 16777216 elements/);
  assert.equal(heapBytes(), heap);
  assertModuleWorks();
});

test('item 4: huge shapes are rejected by their rank before they are read; messages stay short', () => {
  const reads = [];
  const huge = new Proxy(new Array(2 ** 26), { // holey: only its length is ever read
    getOwnPropertyDescriptor(target, key) { reads.push(key); return Reflect.getOwnPropertyDescriptor(target, key); },
  });
  assert.throws(() => pg.outputShape(huge, { op: 'maxPool2d', kernelSize: 2 }), (error) => {
    assert.ok(error instanceof RangeError);
    assert.equal(error.message, "outputShape: inputShape has 67108864 dimensions; poolgrad's tensors have at most 5 (N, C and up to 3 spatial dimensions)");
    assert.equal(error.code, 'bad_rank');
    return true;
  });
  assert.ok(reads.length <= 6, `the length and at most 5 entries were read, not ${reads.length}`);
  const million = new Array(1e6).fill(2);
  for (const call of [
    () => pg.maxPool2d({ data: new Float32Array(4), shape: million }, { kernelSize: 2 }),
    () => pg.outputShape(million, { op: 'avgPool1d', kernelSize: 2 }),
    () => pg.avgPool2d(input(), { kernelSize: million }),
  ]) {
    assert.throws(call, (error) => error instanceof RangeError || error instanceof TypeError);
    try { call(); } catch (error) { assert.ok(error.message.length < 300, error.message); }
  }
  // A shape of the largest rank is read and reaches the core's own rank rule.
  assertError(() => pg.outputShape([1, 1, 1, 6, 6], { op: 'maxPool2d', kernelSize: 2 }), RangeError,
    /^outputShape: max_pool2d expects an input of rank 3 \(C, spatial\) or 4 \(N, C, spatial\), got shape \[1, 1, 1, 6, 6\]$/);
});

test('item 5: a polluted Object.prototype is never read', () => {
  const keys = ['kernelSize', 'stride', 'padding', 'dilation', 'ceilMode', 'countIncludePad', 'divisorOverride', 'indices', 'op', 'data', 'shape'];
  const values = { kernelSize: 3, stride: 1, padding: 1, dilation: 2, ceilMode: true, countIncludePad: false, divisorOverride: 7, indices: 5, op: 'avgPool2d', data: new Float32Array(36), shape: [36] };
  try {
    for (const key of keys) Object.prototype[key] = values[key]; // eslint-disable-line no-extend-native
    const r = pg.maxPool2d(input(), { kernelSize: 2, stride: 1 });
    assert.deepEqual(Array.from(r.output.data), tutorial.output);
    const avg = pg.avgPool2d(input(), { kernelSize: 2 });
    assert.deepEqual(avg.shape, [1, 3, 3]);
    assert.equal(avg.data[0], (tutorial.input[0] + tutorial.input[1] + tutorial.input[6] + tutorial.input[7]) / 4);
    assertError(() => pg.avgPool2dBackward({ data: new Float32Array(9), shape: [1, 3, 3] }, [1, 6, 6], {}), TypeError,
      /options\.kernelSize must be an integer/);
    assertError(() => pg.maxPool2d({}, { kernelSize: 2 }), TypeError, /input\.data must be a Float32Array, got undefined/);
    assertError(() => pg.routingCounts(input(), { kernelSize: 2 }), TypeError, /options\.op must be one of/);
    const s = pg.outputShape([1, 6, 6], { op: 'maxPool2d', kernelSize: 2 });
    assert.deepEqual(s, [1, 3, 3]);
  } finally {
    for (const key of keys) delete Object.prototype[key];
  }
});

test('item 6: sparse lists name their hole', () => {
  // eslint-disable-next-line no-sparse-arrays
  assertError(() => pg.maxPool3d({ data: new Float32Array(8), shape: [1, 2, 2, 2] }, { kernelSize: [2, , 2] }), TypeError,
    /^maxPool3d: options\.kernelSize must be an integer or an array of 3 integers, got a sparse array \(element 1 is missing\)$/);
  // eslint-disable-next-line no-sparse-arrays
  assertError(() => pg.maxPool1d({ data: new Float32Array(6), shape: [1, , 6] }, { kernelSize: 2 }), TypeError,
    /^maxPool1d: input\.shape must be an array of non-negative integers, got a sparse array \(element 1 is missing\)$/);
});

test('item 6: large safe integers are reported as passed, never a saturated stand-in', () => {
  assertError(() => pg.maxPool2d(input(), { kernelSize: Number.MAX_SAFE_INTEGER }), RangeError,
    /got kernel_size\[0\]=9007199254740991$/);
  assertError(() => pg.avgPool1d({ data: new Float32Array(6), shape: [1, 6] }, { kernelSize: -Number.MAX_SAFE_INTEGER }), RangeError,
    /got kernel_size=-9007199254740991$/);
  assertError(() => pg.avgPool2d(input(), { kernelSize: 2, divisorOverride: Number.MAX_SAFE_INTEGER }), RangeError,
    /got 9007199254740991$/);
});

test('item 6: typed arrays are known by their brand, not by Symbol.toStringTag or a subclass\'s length', () => {
  const fakes = [new DataView(new ArrayBuffer(144)), new Int32Array(36), new Uint8Array(36)];
  for (const data of fakes) {
    Object.defineProperty(data, Symbol.toStringTag, { value: 'Float32Array' });
    assert.throws(() => pg.maxPool2d({ data, shape: [1, 6, 6] }, { kernelSize: 2 }), TypeError);
  }
  const fakeIndices = Object.defineProperty(new Float32Array(9), Symbol.toStringTag, { value: 'Int32Array' });
  assertError(() => pg.maxPool2dBackward({ data: new Float32Array(9), shape: [1, 3, 3] }, { data: fakeIndices, shape: [1, 3, 3] }, [1, 6, 6], { kernelSize: 2 }),
    TypeError, /indices\.data must be an Int32Array, got a Float32Array of length 9/);
  class Lying extends Float32Array {
    get length() { return 36; }
  }
  const short = new Lying(4);
  assertError(() => pg.maxPool2d({ data: short, shape: [1, 6, 6] }, { kernelSize: 2 }), TypeError,
    /^maxPool2d: input\.data has 4 elements, but input\.shape \[1, 6, 6\] holds 36$/);
  const honest = new Lying(36);
  honest.set(tutorial.input);
  assert.deepEqual(pg.maxPool2d({ data: honest, shape: [1, 6, 6] }, { kernelSize: 2, stride: 1 }), expected);
  // A typed array from another realm is still a Float32Array.
  assertModuleWorks();
});

test('objects and values are never coerced: valueOf and toString are not called', () => {
  let coerced = 0;
  const sneaky = { valueOf() { ++coerced; return 2; }, toString() { ++coerced; return '2'; } };
  assert.throws(() => pg.maxPool2d(input(), { kernelSize: sneaky }), TypeError);
  assert.throws(() => pg.maxPool2d(input(), { kernelSize: [sneaky, 2] }), TypeError);
  assert.throws(() => pg.maxPool2d({ data: Float32Array.from(tutorial.input), shape: [1, sneaky, 6] }, { kernelSize: 2 }), TypeError);
  assert.throws(() => pg.avgPool2d(input(), { kernelSize: 2, ceilMode: sneaky }), TypeError);
  assert.throws(() => pg.routingCounts(input(), { op: sneaky, kernelSize: 2 }), TypeError);
  assert.equal(coerced, 0);
});

test('a getter that throws propagates its own error, and the module is unharmed', () => {
  class Mine extends Error {}
  const options = { stride: 1 };
  Object.defineProperty(options, 'kernelSize', { enumerable: true, get() { throw new Mine('from the getter'); } });
  assert.throws(() => pg.maxPool2d(input(), options), Mine);
  const proxy = new Proxy({}, { getOwnPropertyDescriptor() { throw new Mine('trap'); }, ownKeys() { return ['kernelSize']; } });
  assert.throws(() => pg.maxPool2d(input(), proxy), Mine);
  assertModuleWorks();
});
