// Robustness: 1,000 invalid calls then a valid one that still returns PyTorch's numbers, and
// 100,000 mixed calls (every function, 1-D/2-D/3-D, ~10% invalid) with the wasm heap and the
// Embind handle count bounded. The heap figure is printed as a test diagnostic.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as pg from '../../web/lib/index.js'; // the instance loader.js's test hooks see
import { heapBytes, liveHandles } from '../../web/lib/loader.js';
import { loadCases } from './fixture_cases.mjs';
import { prng } from './prng.mjs';

const tutorial = loadCases('cases_seed.json').find((c) => c.id === 'seed-0-0001');
const x = { data: Float32Array.from(tutorial.input), shape: [1, 6, 6] };

// Invalid calls of every kind: [expected error class, call].
const invalidCalls = [
  [TypeError, () => pg.maxPool2d({ data: [1, 2], shape: [1, 1, 2] }, { kernelSize: 1 })],
  [TypeError, () => pg.avgPool2d(x, { kernelSize: 2.5 })],
  [TypeError, () => pg.maxPool3d(x, { kernelSize: 2, dilation: '2' })],
  [TypeError, () => pg.avgPool1d(x, { kernelSize: 2, dilation: 1 })],
  [TypeError, () => pg.maxPool2d({ data: new Float32Array(5), shape: [1, 6, 6] }, { kernelSize: 2 })],
  [TypeError, () => pg.maxPool2dBackward(x, x, [1, 6, 6], { kernelSize: 2 })],
  [TypeError, () => pg.routingCounts(x, { op: 'nope', kernelSize: 2 })],
  [TypeError, () => pg.outputShape(null, { op: 'avgPool2d', kernelSize: 2 })],
  [RangeError, () => pg.maxPool2d(x, { kernelSize: 0 })],
  [RangeError, () => pg.maxPool2d(x, { kernelSize: 3, padding: 2 })],
  [RangeError, () => pg.avgPool2d(x, { kernelSize: 2, divisorOverride: 0 })],
  [RangeError, () => pg.avgPool3d(x, { kernelSize: 7 })],
  [RangeError, () => pg.maxPool1d({ data: x.data, shape: [36] }, { kernelSize: 2 })],
  [RangeError, () => pg.maxPool2d({ data: new Float32Array(0), shape: [1, 0, 6] }, { kernelSize: 2 })],
  [RangeError, () => pg.maxPool2dBackward({ data: new Float32Array(9), shape: [1, 3, 3] }, { data: new Int32Array(9).fill(99), shape: [1, 3, 3] }, [1, 6, 6], { kernelSize: 2 })],
  [RangeError, () => pg.avgPool2dBackward({ data: new Float32Array(4), shape: [1, 2, 2] }, [1, 6, 6], { kernelSize: 2 })],
  [RangeError, () => pg.routingCounts(x, { op: 'maxPool2d', kernelSize: 2, stride: -1 })],
  [RangeError, () => pg.outputShape([1, 2 ** 40, 1], { op: 'maxPool2d', kernelSize: 1 })],
];

before(() => pg.init());

test('1,000 invalid calls, then a valid one returns the right numbers', () => {
  for (let i = 0; i < 1000; ++i) {
    const [ErrorClass, call] = invalidCalls[i % invalidCalls.length];
    assert.throws(call, ErrorClass, `invalid call #${i}`);
  }
  const { output, indices } = pg.maxPool2d(x, { kernelSize: 2, stride: 1 });
  assert.deepEqual(Array.from(output.data), tutorial.output);
  assert.deepEqual(Array.from(indices.data), tutorial.indices);
  const gradInput = pg.maxPool2dBackward({ data: new Float32Array(25).fill(0.04), shape: [1, 5, 5] }, indices, x.shape, { kernelSize: 2, stride: 1 });
  assert.deepEqual(Array.from(gradInput.data), tutorial.grad_input.map(Math.fround));
});

// Random valid configurations (the core decides validity through outputShape), 1-D to 3-D.
function randomConfigs(random, count) {
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  const configs = [];
  while (configs.length < count) {
    const dims = int(1, 3);
    const op = `${random() < 0.5 ? 'max' : 'avg'}Pool${dims}d`;
    const kernelSize = Array.from({ length: dims }, () => int(1, 3));
    const options = { kernelSize, stride: random() < 0.3 ? null : kernelSize.map(() => int(1, 3)), padding: kernelSize.map((k) => int(0, k >> 1)), ceilMode: random() < 0.3 };
    if (op.startsWith('max')) options.dilation = kernelSize.map(() => int(1, 2));
    else if (random() < 0.3) options.countIncludePad = false;
    const shape = [...(random() < 0.5 ? [int(1, 2)] : []), int(1, 3), ...kernelSize.map(() => int(1, 7))];
    try {
      const outShape = pg.outputShape(shape, { op, ...options });
      const numel = shape.reduce((a, b) => a * b);
      const input = { data: Float32Array.from({ length: numel }, () => Math.round(random() * 8)), shape };
      configs.push({ op, options, shape, outShape, input });
    } catch (error) {
      if (!(error instanceof RangeError)) throw error; // a rejected draw: draw again
    }
  }
  return configs;
}

function call(config, kind) {
  const { op, options, shape, outShape, input } = config;
  const isMax = op.startsWith('max');
  switch (kind) {
    case 0: return pg[op](input, options);
    case 1: {
      const gradOutput = { data: new Float32Array(outShape.reduce((a, b) => a * b)).fill(0.5), shape: outShape };
      return isMax
        ? pg[`${op}Backward`](gradOutput, pg[op](input, options).indices, shape, options)
        : pg[`${op}Backward`](gradOutput, shape, options);
    }
    case 2: return pg.routingCounts(input, { op, ...options });
    default: return pg.outputShape(shape, { op, ...options });
  }
}

test('100,000 mixed calls keep wasm memory and Embind handles bounded and results unchanged', (t) => {
  const random = prng(20261126);
  const configs = randomConfigs(random, 64);
  const reference = configs.map((c) => [0, 1, 2, 3].map((kind) => call(c, kind)));
  const run = (n) => {
    let rejected = 0;
    for (let i = 0; i < n; ++i) {
      if (random() < 0.1) {
        const [ErrorClass, bad] = invalidCalls[Math.floor(random() * invalidCalls.length)];
        assert.throws(bad, ErrorClass);
        ++rejected;
      } else {
        call(configs[Math.floor(random() * configs.length)], Math.floor(random() * 4));
      }
    }
    return rejected;
  };
  run(2000); // warm-up: the heap reaches its working size
  const heapBefore = heapBytes();
  const handlesBefore = liveHandles();
  const started = performance.now();
  const rejected = run(100_000);
  const seconds = (performance.now() - started) / 1000;
  const heapAfter = heapBytes();
  const handlesAfter = liveHandles();
  const mib = (bytes) => (bytes / 2 ** 20).toFixed(1);
  t.diagnostic(`100,000 calls (${rejected} invalid) in ${seconds.toFixed(1)} s; wasm heap ${mib(heapBefore)} MiB before, ` +
    `${mib(heapAfter)} MiB after; Embind handles ${handlesBefore} before, ${handlesAfter} after`);
  assert.equal(heapAfter, heapBefore, 'the wasm heap did not grow');
  assert.equal(handlesAfter, handlesBefore, 'no Embind handle leaked');
  configs.forEach((c, i) => assert.deepEqual([0, 1, 2, 3].map((kind) => call(c, kind)), reference[i], `${c.op} ${JSON.stringify(c.options)}`));
});
