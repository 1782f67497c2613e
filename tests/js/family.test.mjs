// The pooling family beyond max and average (issue 11) as a user calls it: adaptive max and
// average, LP, max unpooling, fractional max and global pooling, each forward and backward with
// its own argument list, against PyTorch's numbers (cases_public.json, by id) or a hand
// derivation written here; and routingCounts / outputShape / poolWindows for each op.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as pg from 'poolgrad';
import { loadCases } from './fixture_cases.mjs';

const cases = Object.fromEntries(loadCases('cases_public.json').map((c) => [c.id, c]));
const seed = Object.fromEntries(loadCases('cases_seed.json').map((c) => [c.id, c]));
const tutorial = seed['seed-0-0001']; // the 6x6 example
const x6 = () => ({ data: Float32Array.from(tutorial.input), shape: [1, 6, 6] });

const f32 = (values) => Float32Array.from(values);
const i32 = (values) => Int32Array.from(values);
const tensorOf = (c, field = 'input', shape = c.input_shape) => ({ data: f32(c[field]), shape });

function assertClose(actual, expected, message) {
  assert.equal(actual.length, expected.length, `${message}: length`);
  for (let i = 0; i < expected.length; ++i) {
    const e = Math.fround(expected[i]);
    const ok = Number.isNaN(e) ? Number.isNaN(actual[i]) : Math.abs(actual[i] - e) <= 1e-6 + 1e-5 * Math.abs(e);
    assert.ok(ok, `${message}[${i}] = ${actual[i]}, expected ${e}`);
  }
}
// Max-type outputs and indices are exact (fixture floats are shortest float32 decimals).
const assertExact = (actual, expected, message) => assert.deepEqual(Array.from(actual), Array.from(f32(expected)), message);

before(() => pg.init());

test('adaptiveMaxPool1d/2d/3d: PyTorch\'s output, indices and gradient (null entries, output above input)', () => {
  const runs = [
    ['amax1-20261126-0002', pg.adaptiveMaxPool1d, pg.adaptiveMaxPool1dBackward], // unbatched, ties
    ['amax2-20261126-0000', pg.adaptiveMaxPool2d, pg.adaptiveMaxPool2dBackward], // [7, null]
    ['amax3-20261126-0001', pg.adaptiveMaxPool3d, pg.adaptiveMaxPool3dBackward], // 4x1x4 -> 5x3x4
  ];
  for (const [id, forward, backward] of runs) {
    const c = cases[id];
    const options = { outputSize: c.args.output_size };
    const { output, indices } = forward(tensorOf(c), options);
    assert.deepEqual(output.shape, c.output_shape, id);
    assertExact(output.data, c.output, `${id} output`);
    assert.deepEqual(Array.from(indices.data), c.indices, `${id} indices`);
    const grad = backward(tensorOf(c, 'grad_output', c.output_shape), indices, c.input_shape, options);
    assert.deepEqual(grad.shape, c.input_shape, id);
    assertClose(grad.data, c.grad_input, `${id} grad_input`);
    assert.deepEqual(Object.keys(forward(tensorOf(c), { ...options, returnIndices: false })), ['output'], id);
    assert.notEqual(output.shape, indices.shape, `${id}: fresh shape arrays`);
    assert.notEqual(output.data.buffer, forward(tensorOf(c), options).output.data.buffer, `${id}: fresh data`);
  }
});

test('adaptiveAvgPool1d/2d/3d: PyTorch\'s output and gradient', () => {
  const runs = [
    ['aavg1-20261126-0002', pg.adaptiveAvgPool1d, pg.adaptiveAvgPool1dBackward], // length 1 -> 2
    ['aavg2-20261126-0000', pg.adaptiveAvgPool2d, pg.adaptiveAvgPool2dBackward],
    ['aavg3-20261126-0003', pg.adaptiveAvgPool3d, pg.adaptiveAvgPool3dBackward], // [null, 1, 5], unbatched
  ];
  for (const [id, forward, backward] of runs) {
    const c = cases[id];
    const options = { outputSize: c.args.output_size };
    const output = forward(tensorOf(c), options);
    assert.deepEqual(output.shape, c.output_shape, id);
    assertClose(output.data, c.output, `${id} output`);
    const grad = backward(tensorOf(c, 'grad_output', c.output_shape), c.input_shape, options);
    assertClose(grad.data, c.grad_input, `${id} grad_input`);
  }
});

test('adaptive windows by hand: 5 -> 3 spans [floor(i*5/3), ceil((i+1)*5/3)) = [0,2) [1,4) [3,5)', () => {
  const options = { op: 'adaptiveAvgPool1d', outputSize: 3 };
  const w = pg.poolWindows([1, 5], options);
  assert.deepEqual(Array.from(w.offsets), [0, 2, 5, 7]);
  assert.deepEqual(Array.from(w.cells), [0, 1, 1, 2, 3, 3, 4]);
  const r = pg.routingCounts({ data: f32([1, 2, 3, 4, 5]), shape: [1, 5] }, options);
  assert.deepEqual(Array.from(r.counts.data), [1, 2, 1, 2, 1]);
  assert.deepEqual(Array.from(r.divisors.data), [2, 3, 2]);
  assert.equal(r.windowsPerPlane, 3);
  // means of [1 2], [2 3 4], [4 5]; max of the same windows, the first maximum's index
  assert.deepEqual(Array.from(pg.adaptiveAvgPool1d({ data: f32([1, 2, 3, 4, 5]), shape: [1, 5] }, { outputSize: 3 }).data), [1.5, 3, 4.5]);
  const max = pg.adaptiveMaxPool1d({ data: f32([2, 2, 1, 7, 7]), shape: [1, 5] }, { outputSize: 3 });
  assert.deepEqual(Array.from(max.output.data), [2, 7, 7]);
  assert.deepEqual(Array.from(max.indices.data), [0, 3, 3]);
  const maxRouting = pg.routingCounts({ data: f32([2, 2, 1, 7, 7]), shape: [1, 5] }, { op: 'adaptiveMaxPool1d', outputSize: 3 });
  assert.deepEqual(Array.from(maxRouting.counts.data), [1, 0, 0, 2, 0]);
  assert.equal('divisors' in maxRouting, false);
});

test('lpPool1d/2d/3d: PyTorch\'s output and gradient; the backward takes the forward\'s input', () => {
  const runs = [
    ['lp1-20261126-0001', pg.lpPool1d, pg.lpPool1dBackward], // p = 3, ceil mode
    ['lp2-20261126-0015', pg.lpPool2d, pg.lpPool2dBackward], // p = 1, ceil mode, clipped windows
    ['lp3-20261126-0003', pg.lpPool3d, pg.lpPool3dBackward],
  ];
  for (const [id, forward, backward] of runs) {
    const c = cases[id];
    const options = { normType: c.args.norm_type, kernelSize: c.args.kernel_size, stride: c.args.stride, ceilMode: c.args.ceil_mode };
    const output = forward(tensorOf(c), options);
    assert.deepEqual(output.shape, c.output_shape, id);
    assertClose(output.data, c.output, `${id} output`);
    const grad = backward(tensorOf(c, 'grad_output', c.output_shape), tensorOf(c), options);
    assert.deepEqual(grad.shape, c.input_shape, id);
    assertClose(grad.data, c.grad_input, `${id} grad_input`);
  }
});

test('lpPool by hand: p = 2 of [3, 4] is 5, and its gradient is x / 5', () => {
  const x = { data: f32([3, 4]), shape: [1, 2] };
  assert.deepEqual(Array.from(pg.lpPool1d(x, { normType: 2, kernelSize: 2 }).data), [5]);
  const g = pg.lpPool1dBackward({ data: f32([1]), shape: [1, 1] }, x, { normType: 2, kernelSize: 2 });
  assertClose(g.data, [0.6, 0.8], 'd|x|/dx');
});

test('maxUnpool1d/2d/3d: PyTorch\'s scatter and its gather gradient', () => {
  const runs = [
    ['unpool1-20261126-0001', pg.maxUnpool1d, pg.maxUnpool1dBackward], // outputSize [5]
    ['unpool2-20261126-0003', pg.maxUnpool2d, pg.maxUnpool2dBackward],
    ['unpool3-20261126-0000', pg.maxUnpool3d, pg.maxUnpool3dBackward], // unbatched
  ];
  for (const [id, forward, backward] of runs) {
    const c = cases[id];
    const options = { kernelSize: c.args.kernel_size, stride: c.args.stride, padding: c.args.padding, outputSize: c.args.output_size };
    const indices = { data: i32(c.unpool_indices), shape: c.input_shape };
    const output = forward(tensorOf(c), indices, options);
    assert.deepEqual(output.shape, c.output_shape, id);
    assertExact(output.data, c.output, `${id} output`);
    const grad = backward(tensorOf(c, 'grad_output', c.output_shape), indices, options);
    assert.deepEqual(grad.shape, c.input_shape, id);
    assertExact(grad.data, c.grad_input, `${id} grad_input`);
  }
});

test('maxUnpool2d undoes the tutorial\'s stride-2 max pooling: the maxima back in place, zeros elsewhere', () => {
  const pooled = pg.maxPool2d(x6(), { kernelSize: 2, stride: 2 });
  const c = seed['seed-0-0000'];
  assert.deepEqual(Array.from(pooled.indices.data), c.indices);
  const up = pg.maxUnpool2d(pooled.output, pooled.indices, { kernelSize: 2, stride: 2 });
  assert.deepEqual(up.shape, [1, 6, 6]);
  const expected = new Array(36).fill(0);
  c.indices.forEach((index, o) => { expected[index] = c.output[o]; });
  assert.deepEqual(Array.from(up.data), expected);
  // counts: how many pooled elements land on each output cell (here each maximum once)
  const r = pg.routingCounts(pooled.output, { op: 'maxUnpool2d', kernelSize: 2, indices: pooled.indices });
  assert.deepEqual(r.counts.shape, [1, 6, 6]);
  assert.deepEqual(Array.from(r.counts.data), expected.map((_, i) => (c.indices.includes(i) ? 1 : 0)));
});

test('maxUnpool: an index outside its plane is a RangeError (PyTorch: "Found an invalid max index")', () => {
  const c = cases['unpool2-20261126-0000'];
  const options = { kernelSize: c.args.kernel_size, stride: c.args.stride, padding: c.args.padding };
  const indices = { data: i32(c.unpool_indices), shape: c.input_shape };
  assert.throws(() => pg.maxUnpool2d(tensorOf(c), indices, options), { name: 'RangeError', param: 'indices', code: 'bad_index' });
  const out = pg.outputShape(c.input_shape, { op: 'maxUnpool2d', ...options });
  assert.deepEqual(out, [1, 2, 9, 3]); // (5 - 1) * 2 + 1, (2 - 1) * 2 + 1
  const grad = { data: new Float32Array(54), shape: out };
  assert.throws(() => pg.maxUnpool2dBackward(grad, indices, options), { name: 'RangeError', param: 'indices', code: 'bad_index' });
  assert.throws(() => pg.maxUnpool2d(tensorOf(c), { data: i32([-1, ...c.unpool_indices.slice(1)]), shape: c.input_shape }, options),
    { name: 'RangeError', param: 'indices', code: 'bad_index' });
});

test('fractionalMaxPool2d/3d: PyTorch\'s output, indices and gradient from its _random_samples', () => {
  const runs = [
    ['frac2-20261126-0003', pg.fractionalMaxPool2d, pg.fractionalMaxPool2dBackward],
    ['frac3-20261126-0002', pg.fractionalMaxPool3d, pg.fractionalMaxPool3dBackward],
  ];
  for (const [id, forward, backward] of runs) {
    const c = cases[id];
    const options = { kernelSize: c.args.kernel_size, outputSize: c.args.output_size, randomSamples: f32(c.random_samples) };
    const { output, indices } = forward(tensorOf(c), options);
    assert.deepEqual(output.shape, c.output_shape, id);
    assertExact(output.data, c.output, `${id} output`);
    assert.deepEqual(Array.from(indices.data), c.indices, `${id} indices`);
    const grad = backward(tensorOf(c, 'grad_output', c.output_shape), indices, c.input_shape, options);
    assertClose(grad.data, c.grad_input, `${id} grad_input`);
  }
});

test('fractional max pooling without samples: seeded, so the same seed gives the same windows', () => {
  const x = { data: Float32Array.from({ length: 2 * 3 * 17 * 19 }, (_, i) => Math.sin(i * 7.3)), shape: [2, 3, 17, 19] };
  const options = { kernelSize: 2, outputSize: [7, 9] };
  const a = pg.fractionalMaxPool2d(x, { ...options, seed: 12345 });
  assert.deepEqual(pg.fractionalMaxPool2d(x, { ...options, seed: 12345 }), a);
  assert.deepEqual(pg.fractionalMaxPool2d(x, { ...options }), pg.fractionalMaxPool2d(x, { ...options, seed: 0 }), 'the default seed is 0');
  assert.deepEqual(pg.fractionalMaxPool2d(x, { ...options, seed: null }), pg.fractionalMaxPool2d(x, { ...options, seed: 0 }));
  const others = [1, 2, 3, 2 ** 53 - 1].map((s) => pg.fractionalMaxPool2d(x, { ...options, seed: s }).indices.data.join());
  assert.ok(others.some((o) => o !== a.indices.data.join()), 'another seed draws other windows');
  // a seeded result is a valid fractional pooling: the windows of given samples reproduce it
  assert.deepEqual(pg.fractionalMaxPool2d(x, { ...options, randomSamples: new Float32Array(12) }).output.shape, [2, 3, 7, 9]);
});

// The documented seeded stream, written out independently: sample j of the flat (N, C, dims)
// list is the top 24 bits of splitmix64(seed + (j + 1) * 0x9E3779B97F4A7C15) times 2^-24.
function splitmixSamples(seedValue, count) {
  const M = (1n << 64n) - 1n;
  return Float32Array.from({ length: count }, (_, j) => {
    let z = (BigInt(seedValue) + BigInt(j + 1) * 0x9E3779B97F4A7C15n) & M;
    z = ((z ^ (z >> 30n)) * 0xBF58476D1CE4E5B9n) & M;
    z = ((z ^ (z >> 27n)) * 0x94D049BB133111EBn) & M;
    z ^= z >> 31n;
    return Number(z >> 40n) / 2 ** 24;
  });
}

test('the seeded samples are the documented splitmix64 stream: seed s equals randomSamples drawn from it', () => {
  // known values of splitmix64 from state 0 (its first outputs are 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4)
  assert.deepEqual(Array.from(splitmixSamples(0, 2)), [0xE220A8 / 2 ** 24, 0x6E789E / 2 ** 24]);
  const x2 = { data: Float32Array.from({ length: 2 * 3 * 13 * 11 }, (_, i) => Math.cos(i * 1.7)), shape: [2, 3, 13, 11] };
  const x3 = { data: Float32Array.from({ length: 2 * 9 * 8 * 7 }, (_, i) => Math.cos(i * 2.9)), shape: [2, 9, 8, 7] };
  for (const s of [0, 1, 987654321, 2 ** 53 - 1]) {
    const two = { kernelSize: [2, 3], outputSize: [5, 4] };
    assert.deepEqual(pg.fractionalMaxPool2d(x2, { ...two, seed: s }), pg.fractionalMaxPool2d(x2, { ...two, randomSamples: splitmixSamples(s, 2 * 3 * 2) }), `2-D, seed ${s}`);
    const three = { kernelSize: 2, outputSize: [4, 3, 5] }; // unbatched: C = 2, one plane each
    assert.deepEqual(pg.fractionalMaxPool3d(x3, { ...three, seed: s }), pg.fractionalMaxPool3d(x3, { ...three, randomSamples: splitmixSamples(s, 2 * 3) }), `3-D, seed ${s}`);
  }
});

test('fractional max pooling: outputRatio floors input * ratio', () => {
  const x = { data: Float32Array.from({ length: 10 * 9 }, (_, i) => (i * 37) % 11), shape: [1, 1, 10, 9] };
  assert.deepEqual(pg.outputShape(x.shape, { op: 'fractionalMaxPool2d', kernelSize: 2, outputRatio: 0.5 }), [1, 1, 5, 4]);
  assert.deepEqual(pg.outputShape(x.shape, { op: 'fractionalMaxPool2d', kernelSize: 2, outputRatio: [0.7, 0.5] }), [1, 1, 7, 4]);
  const byRatio = pg.fractionalMaxPool2d(x, { kernelSize: 2, outputRatio: [0.5, 0.5], seed: 4 });
  const bySize = pg.fractionalMaxPool2d(x, { kernelSize: 2, outputSize: [5, 4], seed: 4 });
  assert.deepEqual(byRatio, bySize);
});

test('globalAvgPool / globalMaxPool: one window per plane; dims from options.dims or the batched rank', () => {
  const x = x6(); // unbatched (C=1, 6, 6) needs dims: 2; as (N=1, C=6, 6) it would be 1-D
  const mean = tutorial.input.reduce((a, b) => a + b, 0) / 36;
  const avg = pg.globalAvgPool(x, { dims: 2 });
  assert.deepEqual(avg.shape, [1, 1, 1]);
  assertClose(avg.data, [mean], 'mean of the 6x6 input');
  const rows = pg.globalAvgPool(x); // batched 1-D: 6 rows, each its own plane
  assert.deepEqual(rows.shape, [1, 6, 1]);
  const rowMeans = [0, 1, 2, 3, 4, 5].map((r) => tutorial.input.slice(6 * r, 6 * r + 6).reduce((a, b) => a + b, 0) / 6);
  assertClose(rows.data, rowMeans, 'row means');
  const max = pg.globalMaxPool({ data: x.data, shape: [1, 1, 6, 6] });
  assert.deepEqual(max.output.shape, [1, 1, 1, 1]);
  assert.deepEqual(Array.from(max.output.data), [10]);
  assert.deepEqual(Array.from(max.indices.data), [25]); // the one 10 is at row 4, column 1
  assert.deepEqual(pg.globalMaxPool(x, { dims: 2, returnIndices: false }).output.data, max.output.data);
  const grad = pg.globalMaxPoolBackward({ data: f32([2]), shape: [1, 1, 1] }, { data: i32([25]), shape: [1, 1, 1] }, [1, 6, 6], { dims: 2 });
  assert.deepEqual(Array.from(grad.data), Array.from({ length: 36 }, (_, i) => (i === 25 ? 2 : 0)));
  const gradAvg = pg.globalAvgPoolBackward({ data: f32([36]), shape: [1, 1, 1, 1] }, [1, 1, 6, 6]);
  assert.deepEqual(Array.from(gradAvg.data), new Array(36).fill(1));
  // a 3-D volume, batched
  const volume = pg.globalAvgPool({ data: f32([1, 2, 3, 4, 5, 6, 7, 8]), shape: [1, 1, 2, 2, 2] });
  assert.deepEqual([volume.shape, Array.from(volume.data)], [[1, 1, 1, 1, 1], [4.5]]);
  assert.deepEqual(pg.outputShape([2, 3, 4, 5], { op: 'globalAvgPool' }), [2, 3, 1, 1]);
  assert.deepEqual(pg.outputShape([3, 4, 5], { op: 'globalMaxPool', dims: 2 }), [3, 1, 1]);
  assert.deepEqual(Array.from(pg.poolWindows([1, 1, 2, 2], { op: 'globalMaxPool' }).offsets), [0, 4]);
});

test('global pooling: the rank rule and dims are checked', () => {
  const x = { data: f32([1, 2]), shape: [1, 2] };
  assert.throws(() => pg.globalAvgPool(x), { name: 'RangeError', param: 'input', code: 'bad_rank' });
  assert.deepEqual(Array.from(pg.globalAvgPool(x, { dims: 1 }).data), [1.5]);
  assert.throws(() => pg.globalAvgPool(x, { dims: 4 }), { name: 'RangeError', param: 'dims', code: 'out_of_range' });
  assert.throws(() => pg.globalAvgPool(x, { dims: 0 }), { name: 'RangeError', param: 'dims' });
  assert.throws(() => pg.globalMaxPool(x, { dims: '1' }), TypeError);
  assert.throws(() => pg.globalMaxPool(x, { dims: 1.5 }), TypeError);
  assert.throws(() => pg.globalAvgPool(x, { dims: 2 }), { name: 'RangeError', param: 'input', code: 'bad_rank' }); // rank 2 is not 3 or 4
  assert.throws(() => pg.globalAvgPool(x, { dims: 1, outputSize: 2 }), /unknown option "outputSize"/);
  assert.throws(() => pg.globalAvgPool(x, { dims: 1, returnIndices: false }), TypeError);
  assert.throws(() => pg.globalAvgPool(x, null), TypeError);
});

test('routingCounts agrees with backward for the new ops (max-type with gradOutput 1, adaptive avg with the divisors)', () => {
  const x = { data: Float32Array.from({ length: 2 * 7 * 5 }, (_, i) => Math.round(Math.sin(i * 3.1) * 4)), shape: [2, 7, 5] };
  const ones = (shape) => ({ data: new Float32Array(shape.reduce((a, b) => a * b)).fill(1), shape });
  for (const [op, options] of [
    ['adaptiveMaxPool2d', { outputSize: [3, 4] }],
    ['fractionalMaxPool2d', { kernelSize: 2, outputSize: [4, 3], seed: 9 }],
    ['globalMaxPool', { dims: 2 }],
  ]) {
    const { indices, output } = pg[op](x, options);
    const grad = pg[`${op}Backward`](ones(output.shape), indices, x.shape, options);
    const r = pg.routingCounts(x, { op, ...options });
    assert.deepEqual(Array.from(r.counts.data), Array.from(grad.data), op);
    assert.equal(r.windowsPerPlane, output.shape.slice(-2).reduce((a, b) => a * b), op);
  }
  const options = { outputSize: [3, null] };
  const r = pg.routingCounts(x, { op: 'adaptiveAvgPool2d', ...options });
  const perWindow = { data: new Float32Array(2 * r.divisors.data.length), shape: [2, 3, 5] };
  perWindow.data.set(r.divisors.data);
  perWindow.data.set(r.divisors.data, r.divisors.data.length);
  assert.deepEqual(r.divisors.shape, [3, 5]);
  assert.deepEqual(Array.from(pg.adaptiveAvgPool2dBackward(perWindow, x.shape, options).data), Array.from(r.counts.data));
  // LP: counts are the windows containing each element (kernel 3, stride 2 over 7 rows)
  const lp = pg.routingCounts(x, { op: 'lpPool2d', normType: 2, kernelSize: [3, 1], stride: [2, 1] });
  assert.deepEqual(Array.from(lp.counts.data.slice(0, 35)), [1, 1, 2, 1, 2, 1, 1].flatMap((n) => new Array(5).fill(n)));
});

test('outputShape and poolWindows accept every op', () => {
  const shape = [1, 2, 6, 6];
  const expected = {
    adaptiveMaxPool2d: [{ outputSize: 4 }, [1, 2, 4, 4]],
    adaptiveAvgPool2d: [{ outputSize: [null, 2] }, [1, 2, 6, 2]],
    lpPool2d: [{ normType: 1, kernelSize: 3, stride: 2, ceilMode: true }, [1, 2, 3, 3]], // ceil((6 - 3) / 2) + 1; the last window starts at 4 < 6
    maxUnpool2d: [{ kernelSize: 2 }, [1, 2, 12, 12]],
    fractionalMaxPool2d: [{ kernelSize: 3, outputSize: 4 }, [1, 2, 4, 4]],
    globalMaxPool: [{}, [1, 2, 1, 1]],
    globalAvgPool: [{ dims: 3 }, [1, 1, 1, 1]],
  };
  for (const [op, [options, out]] of Object.entries(expected)) {
    assert.deepEqual(pg.outputShape(shape, { op, ...options }), out, op);
  }
  // the windows of one plane: fractional windows are kernelSize long; unpooling's "windows" are
  // its input elements, each covering the one output cell its index names
  const frac = pg.poolWindows(shape, { op: 'fractionalMaxPool2d', kernelSize: 3, outputSize: 4, randomSamples: new Float32Array(4).fill(0.5) });
  assert.equal(frac.offsets.length, 17);
  for (let o = 0; o < 16; ++o) assert.equal(frac.offsets[o + 1] - frac.offsets[o], 9);
  const indices = { data: i32([0, 3, 5, 6]), shape: [1, 1, 2, 2] };
  const unpool = pg.poolWindows([1, 1, 2, 2], { op: 'maxUnpool2d', kernelSize: 2, indices });
  assert.deepEqual(Array.from(unpool.offsets), [0, 1, 2, 3, 4]);
  assert.deepEqual(Array.from(unpool.cells), [0, 3, 5, 6]);
});
