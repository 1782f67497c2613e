// The wasm build's fast paths (cpp/fast/, wasm SIMD) against its plain kernels, through the
// public API: the same calls with loader.js's test-only setPlainKernels(true) and (false), on
// random 1-D/2-D/3-D problems with ties, NaN, +-inf, -0, padding, ceil_mode overhangs, stride <
// kernel and dilation. Max outputs, indices and all gradients must match bit for bit; average
// outputs within 1 ulp (avg_pool_fast.h says why). Also: returnIndices: false, and the peak wasm
// memory of the benchmark's W1 forward + backward (measured first, in this file's own process).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as pg from '../../web/lib/index.js'; // the instance loader.js's test hooks see
import { heapBytes, setPlainKernels } from '../../web/lib/loader.js';
import { prng } from './prng.mjs';

before(() => pg.init());

const bits = (f) => new Uint32Array(Float32Array.of(f).buffer)[0];

// Within 1 ulp of the larger magnitude; NaN agrees with NaN, an infinity with itself.
function withinUlp(a, b) {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  const big = Math.max(Math.abs(a), Math.abs(b));
  const ulp = Math.fround(big * (1 + 2 ** -23)) - Math.fround(big) || 2 ** -149;
  return Math.abs(a - b) <= Math.max(ulp, 2 ** -126 * 2 ** -23);
}

function plainAndFast(call) {
  setPlainKernels(true);
  try {
    const want = call();
    setPlainKernels(false);
    return [want, call()];
  } finally {
    setPlainKernels(false);
  }
}

function sameBits(name, got, want, what) {
  assert.equal(got.length, want.length, `${name}: ${what} length`);
  for (let i = 0; i < want.length; i++) {
    if (bits(got[i]) !== bits(want[i])) {
      assert.fail(`${name}: ${what} element ${i}: plain ${want[i]}, fast ${got[i]}`);
    }
  }
}

function data(n, random) {
  const x = Float32Array.from({ length: n }, () => random() * 2 - 1);
  const style = Math.floor(random() * 4);
  for (let i = 0; i < n; i++) {
    const r = random();
    if (style === 1) x[i] = Math.floor(random() * 5) - 2; // ties
    if (style === 2 && r < 0.03) x[i] = NaN;
    if (style === 2 && r >= 0.03 && r < 0.06) x[i] = r < 0.045 ? Infinity : -Infinity;
    if (style === 3 && r < 0.6) x[i] = -Infinity;
    if (r > 0.97) x[i] = -0;
  }
  return x;
}

test('W1 forward + backward: peak wasm memory at most 2x the bytes of its tensors', () => {
  const shape = [1, 64, 112, 112];
  const options = { kernelSize: 3, stride: 2, padding: 1 };
  const random = prng(1);
  const x = { data: Float32Array.from({ length: 64 * 112 * 112 }, () => random() * 2 - 1), shape };
  let peak = heapBytes();
  const { output, indices } = pg.maxPool2d(x, options);
  peak = Math.max(peak, heapBytes());
  const grad = pg.maxPool2dBackward(output, indices, shape, options);
  peak = Math.max(peak, heapBytes());
  const bytes = 4 * (x.data.length + output.data.length + indices.data.length + output.data.length + grad.data.length);
  assert.ok(peak <= 2 * bytes, `peak wasm memory ${peak} bytes > 2 x ${bytes}`);
});

for (const kind of ['max', 'avg']) {
  test(`${kind} pooling: fast paths equal the plain kernels on random problems`, () => {
    const random = prng(kind === 'max' ? 11 : 12);
    const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
    let checked = 0;
    for (let attempt = 0; checked < 250 && attempt < 5000; attempt++) {
      const dims = int(1, 3);
      const op = `${kind}Pool${dims}d`;
      const pairs = [[2, 2], [3, 2], [3, 1], [2, 1], [1, 1], [4, 4], [5, 3], [int(1, 5), int(1, 5)]];
      const ks = Array.from({ length: dims }, () => pairs[int(0, pairs.length - 1)]);
      const options = {
        kernelSize: ks.map(([k]) => k), stride: ks.map(([, s]) => s),
        padding: ks.map(([k]) => (random() < 0.5 ? int(0, Math.floor(k / 2)) : 0)), ceilMode: random() < 0.4,
      };
      if (kind === 'max' && random() < 0.1) options.dilation = ks.map(() => 2);
      if (kind === 'avg') {
        options.countIncludePad = random() < 0.5;
        if (random() < 0.15) options.divisorOverride = int(1, 7);
      }
      const widest = dims === 1 ? 80 : dims === 2 ? 36 : 12;
      const shape = [...(random() < 0.7 ? [int(1, 2)] : []), int(1, 3),
        ...ks.map((_, a) => (a === dims - 1 ? int(1, widest) : int(1, dims === 3 ? 7 : 18)))];
      try {
        pg.outputShape(shape, { op, ...options });
      } catch (error) {
        if (error instanceof RangeError) continue;
        throw error;
      }
      const name = `${op} ${JSON.stringify(shape)} ${JSON.stringify(options)}`;
      const x = { data: data(shape.reduce((a, b) => a * b), random), shape };
      if (kind === 'max') {
        const [want, got] = plainAndFast(() => pg[op](x, options));
        sameBits(name, got.output.data, want.output.data, 'output');
        assert.deepEqual(got.indices.data, want.indices.data, `${name}: indices`);
        const [plainValues, fastValues] = plainAndFast(() => pg[op](x, { ...options, returnIndices: false }));
        assert.ok(!('indices' in fastValues) && !('indices' in plainValues), `${name}: values only has no indices`);
        sameBits(name, fastValues.output.data, want.output.data, 'values-only output');
        sameBits(name, plainValues.output.data, want.output.data, 'plain values-only output');
        const g = { data: data(want.output.data.length, random).map((v) => (Number.isFinite(v) ? v : 0.5)), shape: want.output.shape };
        const [wantGrad, gotGrad] = plainAndFast(() => pg[`${op}Backward`](g, want.indices, shape, options));
        sameBits(name, gotGrad.data, wantGrad.data, 'gradInput');
      } else {
        const [want, got] = plainAndFast(() => pg[op](x, options));
        for (let i = 0; i < want.data.length; i++) {
          if (!withinUlp(got.data[i], want.data[i])) assert.fail(`${name}: output element ${i}: plain ${want.data[i]}, fast ${got.data[i]}`);
        }
        const g = { data: Float32Array.from({ length: want.data.length }, () => random() * 2 - 1), shape: want.shape };
        const [wantGrad, gotGrad] = plainAndFast(() => pg[`${op}Backward`](g, shape, options));
        sameBits(name, gotGrad.data, wantGrad.data, 'gradInput');
      }
      checked++;
    }
    assert.equal(checked, 250);
  });
}

test('returnIndices: false returns { output } alone; true and absent return the indices too', () => {
  const x = { data: Float32Array.of(1, 3, 2, 4, NaN, 0), shape: [1, 6] };
  const values = pg.maxPool1d(x, { kernelSize: 2, returnIndices: false });
  assert.deepEqual(Object.keys(values), ['output']);
  assert.deepEqual(Array.from(values.output.data), [3, 4, NaN]);
  for (const options of [{ kernelSize: 2 }, { kernelSize: 2, returnIndices: true }]) {
    const r = pg.maxPool1d(x, options);
    assert.deepEqual(Object.keys(r), ['output', 'indices']);
    assert.deepEqual(Array.from(r.indices.data), [1, 3, 4]);
  }
  assert.throws(() => pg.maxPool2d({ data: new Float32Array(4), shape: [1, 2, 2] }, { kernelSize: 2, returnIndices: 0 }),
    { name: 'TypeError', message: /options\.returnIndices must be a boolean/ });
  assert.throws(() => pg.avgPool1d(x, { kernelSize: 2, returnIndices: false }), { name: 'TypeError', message: /unknown option "returnIndices"/ });
});
