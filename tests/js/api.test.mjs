// The public API as a user meets it: the tutorial's 6x6 example (expected numbers from PyTorch,
// cases_seed.json), options and defaults, batched/unbatched, 1-D/3-D, routingCounts,
// outputShape, and results that are fresh arrays owned by the caller.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as pg from 'poolgrad';
import { loadCases, optionsFromArgs, SUPPORTED_OPS } from './fixture_cases.mjs';

const seed = Object.fromEntries(loadCases('cases_seed.json').map((c) => [c.id, c]));
const tutorial = seed['seed-0-0001']; // max, kernel 2, stride 1 (the tutorial's example)
const x = { data: Float32Array.from(tutorial.input), shape: [1, 6, 6] };
const f32 = (values) => Array.from(Float32Array.from(values));

function assertClose(actual, expected, message) {
  assert.equal(actual.length, expected.length, message);
  for (let i = 0; i < expected.length; ++i) {
    const e = Math.fround(expected[i]);
    assert.ok(Math.abs(actual[i] - e) <= 1e-6 + 1e-5 * Math.abs(e), `${message}[${i}] = ${actual[i]}, expected ${e}`);
  }
}

before(() => pg.init());

test('init() is idempotent: the same promise every time, resolving to undefined', async () => {
  assert.equal(pg.init(), pg.init());
  assert.equal(await pg.init(), undefined);
});

test('the tutorial example: max pooling, kernel 2, stride 1, and its gradient for loss = mean', () => {
  const { output, indices } = pg.maxPool2d(x, { kernelSize: 2, stride: 1 });
  assert.deepEqual(output.shape, [1, 5, 5]);
  assert.deepEqual(Array.from(output.data), f32(tutorial.output));
  assert.deepEqual(indices.shape, [1, 5, 5]);
  assert.deepEqual(Array.from(indices.data), tutorial.indices);
  const gradOutput = { data: new Float32Array(25).fill(1 / 25), shape: output.shape };
  const gradInput = pg.maxPool2dBackward(gradOutput, indices, x.shape, { kernelSize: 2, stride: 1 });
  assert.deepEqual(gradInput.shape, [1, 6, 6]);
  assertClose(gradInput.data, tutorial.grad_input, 'grad_input');
});

test('the other seed cases: max stride 2, avg stride 2 and 1, forward and backward', () => {
  for (const id of ['seed-0-0000', 'seed-0-0002', 'seed-0-0003']) {
    const c = seed[id];
    const options = { kernelSize: c.args.kernel_size, stride: c.args.stride };
    const gradOutput = { data: Float32Array.from(c.grad_output), shape: c.output_shape };
    if (c.op === 'max_pool2d') {
      const r = pg.maxPool2d(x, options);
      assert.deepEqual(Array.from(r.output.data), f32(c.output), id);
      assert.deepEqual(Array.from(r.indices.data), c.indices, id);
      assertClose(pg.maxPool2dBackward(gradOutput, r.indices, x.shape, options).data, c.grad_input, id);
    } else {
      const r = pg.avgPool2d(x, options);
      assertClose(r.data, c.output, id);
      assertClose(pg.avgPool2dBackward(gradOutput, x.shape, options).data, c.grad_input, id);
    }
  }
});

test('routingCounts: the position matrix and N_B of the tutorial example', () => {
  // max: grad_input = counts * (1 / numel(output)) for loss = mean, so counts = grad_input * 25.
  const max = pg.routingCounts(x, { op: 'maxPool2d', kernelSize: 2, stride: 1 });
  assert.deepEqual(max.counts.shape, [1, 6, 6]);
  assert.ok(max.counts.data instanceof Int32Array);
  assert.deepEqual(Array.from(max.counts.data), tutorial.grad_input.map((g) => Math.round(g * 25)));
  assert.equal(max.windowsPerPlane, 25);
  assert.equal('divisors' in max, false);
  // avg, no padding: every divisor is 4 and grad_input = counts / (4 * 25) (seed-0-0003).
  const avg = pg.routingCounts(x, { op: 'avgPool2d', kernelSize: 2, stride: 1 });
  assert.deepEqual(Array.from(avg.counts.data), seed['seed-0-0003'].grad_input.map((g) => Math.round(g * 100)));
  assert.equal(avg.windowsPerPlane, 25);
  assert.deepEqual(avg.divisors.shape, [5, 5]);
  assert.deepEqual(Array.from(avg.divisors.data), new Array(25).fill(4));
});

test('routingCounts agrees with backward: max with gradOutput 1, avg with gradOutput = divisor', () => {
  const configs = [
    ['maxPool1d', [2, 3, 9], { kernelSize: 3, stride: 2, padding: 1, dilation: 2, ceilMode: true }],
    ['maxPool2d', [3, 7, 6], { kernelSize: [3, 2], stride: [2, 1], padding: [1, 0] }],
    ['maxPool3d', [1, 2, 4, 5, 3], { kernelSize: 2, stride: 1, dilation: [1, 2, 1] }],
    ['avgPool1d', [2, 3, 9], { kernelSize: 4, stride: 3, padding: 2, ceilMode: true, countIncludePad: false }],
    ['avgPool2d', [3, 7, 6], { kernelSize: [3, 2], stride: 2, padding: 1 }],
    ['avgPool3d', [1, 2, 4, 5, 3], { kernelSize: 2, stride: 1, divisorOverride: -3 }],
  ];
  for (const [op, shape, options] of configs) {
    const numel = shape.reduce((a, b) => a * b);
    const input = { data: Float32Array.from({ length: numel }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1), shape };
    const routing = pg.routingCounts(input, { op, ...options });
    const outShape = pg.outputShape(shape, { op, ...options });
    let gradInput;
    if (op.startsWith('max')) {
      const { output, indices } = pg[op](input, options);
      const ones = { data: new Float32Array(output.data.length).fill(1), shape: output.shape };
      gradInput = pg[`${op}Backward`](ones, indices, shape, options);
    } else {
      const planes = outShape.slice(0, outShape.length - routing.divisors.shape.length).reduce((a, b) => a * b, 1);
      const perWindow = new Float32Array(planes * routing.divisors.data.length);
      for (let p = 0; p < planes; ++p) perWindow.set(routing.divisors.data, p * routing.divisors.data.length);
      gradInput = pg[`${op}Backward`]({ data: perWindow, shape: outShape }, shape, options);
    }
    assert.deepEqual(Array.from(gradInput.data), Array.from(routing.counts.data, Number), op);
    assert.equal(routing.windowsPerPlane, outShape.slice(-Number(op[op.length - 2])).reduce((a, b) => a * b), op);
  }
});

test('outputShape asks the core, for every dimensionality, batched and unbatched', () => {
  const cases = loadCases('cases_public.json').filter((c) => c.op in SUPPORTED_OPS && !('error' in c));
  for (const c of cases) {
    const options = { op: SUPPORTED_OPS[c.op], ...optionsFromArgs(c.args) };
    assert.deepEqual(pg.outputShape(c.input_shape, options), c.output_shape, c.id);
  }
});

test('defaults are PyTorch\'s: stride = kernelSize (omitted or null), padding 0, dilation 1', () => {
  const explicit = pg.maxPool2d(x, { kernelSize: 2, stride: 2, padding: 0, dilation: 1, ceilMode: false });
  for (const options of [{ kernelSize: 2 }, { kernelSize: [2], stride: null }, { kernelSize: [2, 2], stride: [2] }]) {
    const r = pg.maxPool2d(x, options);
    assert.deepEqual(r.output, explicit.output);
    assert.deepEqual(r.indices, explicit.indices);
  }
  const avg = pg.avgPool2d(x, { kernelSize: 3, padding: 1 });
  const spelled = pg.avgPool2d(x, { kernelSize: 3, stride: 3, padding: 1, ceilMode: false, countIncludePad: true, divisorOverride: null });
  assert.deepEqual(avg, spelled);
});

test('batched and unbatched inputs agree; 1-D and 3-D pooling reduce to the 2-D result', () => {
  const batched = pg.maxPool2d({ data: x.data, shape: [1, 1, 6, 6] }, { kernelSize: 2, stride: 1 });
  assert.deepEqual(batched.output.shape, [1, 1, 5, 5]);
  assert.deepEqual(batched.output.data, pg.maxPool2d(x, { kernelSize: 2, stride: 1 }).output.data);
  // A 2-D pooling with a height-1 kernel is a 1-D pooling of each row (rows become channels).
  const rows = pg.avgPool1d({ data: x.data, shape: [6, 6] }, { kernelSize: 3, stride: 1 });
  const asPlane = pg.avgPool2d(x, { kernelSize: [1, 3], stride: 1 });
  assert.deepEqual(rows.data, asPlane.data);
  // A 3-D pooling with depth-1 kernel over a depth-1 volume is the 2-D pooling.
  const volume = pg.maxPool3d({ data: x.data, shape: [1, 1, 6, 6] }, { kernelSize: [1, 2, 2], stride: 1 });
  assert.deepEqual(volume.output.shape, [1, 1, 5, 5]);
  assert.deepEqual(volume.output.data, batched.output.data);
});

test('an empty batch gives empty results', () => {
  const r = pg.maxPool2d({ data: new Float32Array(0), shape: [0, 2, 4, 4] }, { kernelSize: 2 });
  assert.deepEqual(r.output.shape, [0, 2, 2, 2]);
  assert.equal(r.output.data.length, 0);
  const g = pg.avgPool2dBackward({ data: new Float32Array(0), shape: [0, 2, 2, 2] }, [0, 2, 4, 4], { kernelSize: 2 });
  assert.deepEqual(g.shape, [0, 2, 4, 4]);
});

test('results are fresh arrays owned by the caller, never views into wasm memory', () => {
  const a = pg.maxPool2d(x, { kernelSize: 2, stride: 1 });
  const b = pg.maxPool2d(x, { kernelSize: 2, stride: 1 });
  for (const t of [a.output, a.indices, b.output]) {
    assert.equal(t.data.byteOffset, 0);
    assert.equal(t.data.buffer.byteLength, t.data.byteLength); // its own buffer, exactly its size
  }
  assert.notEqual(a.output.data.buffer, b.output.data.buffer);
  assert.notEqual(a.output.shape, a.indices.shape);
  a.output.data.fill(-1);
  a.output.shape.push(99);
  const c = pg.maxPool2d(x, { kernelSize: 2, stride: 1 });
  assert.deepEqual(c.output, b.output);
  // A large call that grows wasm memory does not disturb earlier results.
  const big = { data: new Float32Array(1 << 22).fill(1), shape: [1, 1 << 11, 1 << 11] };
  pg.avgPool2d(big, { kernelSize: 2 });
  assert.deepEqual(Array.from(b.output.data), f32(tutorial.output));
  // The input is not modified or retained.
  const copy = Float32Array.from(x.data);
  pg.maxPool2dBackward({ data: new Float32Array(25), shape: [1, 5, 5] }, b.indices, x.shape, { kernelSize: 2, stride: 1 });
  assert.deepEqual(x.data, copy);
});

test('inputs may be subarray views and readonly shapes', () => {
  const backing = new Float32Array(40);
  backing.set(x.data, 4);
  const view = { data: backing.subarray(4, 40), shape: Object.freeze([1, 6, 6]) };
  assert.deepEqual(pg.maxPool2d(view, { kernelSize: Object.freeze([2, 2]), stride: 1 }).output.data,
    pg.maxPool2d(x, { kernelSize: 2, stride: 1 }).output.data);
});

test('NaN and infinities follow PyTorch: NaN wins max pooling, padding never does', () => {
  const data = Float32Array.from([1, NaN, 3, -Infinity, Infinity, 2]);
  const r = pg.maxPool1d({ data, shape: [1, 6] }, { kernelSize: 2, padding: 1 });
  assert.deepEqual(Array.from(r.output.data), [1, NaN, Infinity, 2]);
  assert.deepEqual(Array.from(r.indices.data), [0, 1, 4, 5]);
});

test('poolWindows: the tutorial\'s 2x2 stride-2 windows, written out', () => {
  const w = pg.poolWindows([1, 6, 6], { op: 'maxPool2d', kernelSize: 2, stride: 2 });
  assert.deepEqual(Array.from(w.offsets), [0, 4, 8, 12, 16, 20, 24, 28, 32, 36]);
  assert.deepEqual(Array.from(w.cells.subarray(0, 4)), [0, 1, 6, 7]); // top-left window
  assert.deepEqual(Array.from(w.cells.subarray(16, 20)), [14, 15, 20, 21]); // the centre window
  assert.deepEqual(Array.from(w.cells.subarray(32, 36)), [28, 29, 34, 35]); // bottom-right
});

test('poolWindows: a window of padding only has no cells (kernel 2, dilation 3, padding 1)', () => {
  const w = pg.poolWindows([1, 2], { op: 'maxPool1d', kernelSize: 2, dilation: 3, padding: 1 });
  assert.deepEqual(Array.from(w.offsets), [0, 0]);
  assert.equal(w.cells.length, 0);
});

test('poolWindows agrees with PyTorch: every argmax lies in its window, every average is its window\'s mean', () => {
  // Windows that are the same in every plane: sliding and adaptive ones (fractional windows
  // differ per plane, unpooling has none; family.test.mjs covers them).
  const same = /^(max|avg|adaptive_max|adaptive_avg)_pool/;
  const cases = loadCases('cases_public.json').filter((c) => same.test(c.op) && !('error' in c) && c.data !== 'special');
  let checked = 0;
  for (const c of cases) {
    const op = SUPPORTED_OPS[c.op];
    const options = optionsFromArgs(c.args);
    const w = pg.poolWindows(c.input_shape, { op, ...options });
    const dims = Number(op[op.length - 2]);
    const inPlane = c.input_shape.slice(-dims).reduce((a, b) => a * b, 1);
    const outPlane = c.output_shape.slice(-dims).reduce((a, b) => a * b, 1);
    assert.equal(w.offsets.length, outPlane + 1, c.id);
    for (let o = 0; o < c.output.length; ++o) {
      const plane = Math.floor(o / outPlane);
      const cells = Array.from(w.cells.subarray(w.offsets[o % outPlane], w.offsets[o % outPlane + 1]));
      if (op.startsWith('max') || op.startsWith('adaptiveMax')) {
        const index = c.indices[o];
        assert.ok(index === -1 ? cells.length === 0 : cells.includes(index), `${c.id}: indices[${o}] = ${index} outside window ${cells}`);
      } else if ((options.countIncludePad === false && options.divisorOverride == null) || op.startsWith('adaptiveAvg')) {
        const sum = cells.reduce((s, i) => s + Number(c.input[plane * inPlane + i]), 0);
        const mean = sum / cells.length;
        assert.ok(Math.abs(mean - c.output[o]) <= 1e-5 + 1e-5 * Math.abs(mean), `${c.id}: output[${o}] = ${c.output[o]}, window mean ${mean}`);
      }
      checked++;
    }
  }
  assert.ok(checked > 2000, `checked ${checked} windows`);
});

test('limits(): the core\'s caps, and each is where the core draws its line', () => {
  const { maxElements, maxRank, maxWork } = pg.limits();
  assert.deepEqual([maxElements, maxRank, maxWork], [2 ** 24, 5, 2 ** 30]);
  assert.deepEqual(pg.outputShape([1, maxElements], { op: 'avgPool1d', kernelSize: 1 }), [1, maxElements]);
  assert.throws(() => pg.outputShape([2, maxElements], { op: 'avgPool1d', kernelSize: 1 }), { code: 'too_large', param: 'input' });
  assert.throws(() => pg.outputShape(new Array(maxRank + 1).fill(1), { op: 'maxPool3d', kernelSize: 1 }), { code: 'bad_rank' });
  // work: windows x taps; 2^15 windows of 2^15 taps is exactly the cap, one more window is over
  assert.deepEqual(pg.outputShape([1, 2 ** 16 - 1], { op: 'maxPool1d', kernelSize: 2 ** 15, stride: 1 }), [1, 2 ** 15]);
  assert.throws(() => pg.outputShape([1, 2 ** 16], { op: 'maxPool1d', kernelSize: 2 ** 15, stride: 1 }), { code: 'too_much_work', param: 'kernelSize' });
  assert.equal(maxWork, 2 ** 15 * 2 ** 15);
});
