// web/lib/convention-calls.js, the internal contract onnx.js and tensorflow.js build on: the
// core's pooling with other frameworks' conventions (asymmetric padding, padding up to the
// window, dilated average and LP), against numbers derived by hand beside each case; and with
// every rule off, the public PyTorch functions' results bit for bit on random inputs.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as pg from '../../web/lib/index.js'; // the instance convention-calls.js calls
import {
  conventionOutputShape, conventionPool, conventionPoolBackward, conventionUnpool, conventionUnpoolBackward,
} from '../../web/lib/convention-calls.js';
import { prng } from './prng.mjs';

const f32 = (values) => Float32Array.from(values);
const i32 = (values) => Int32Array.from(values);
const t = (values, shape) => ({ data: f32(values), shape });
const bits = (a) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

before(() => pg.init());

test('asymmetric padding: 2 cells before, none after (avg, count_include_pad on and off; max)', () => {
  // x = [1, 2, 3, 4], kernel 3, stride 1, padding [2] before, [0] after: out = 4 + 2 - 3 + 1 = 4.
  // Windows [-2, 0], [-1, 1], [0, 2], [1, 3]. Padding 2 is above PyTorch's half kernel (1): it is
  // allowed because this path reads padding up to the window's extent less one (2).
  const x = t([1, 2, 3, 4], [1, 1, 4]);
  const spec = { kind: 'avg', dims: 1, kernelSize: [3], stride: [1], padding: [2], paddingEnd: [0] };
  // count_include_pad: every window counts its 3 cells: 1/3, 3/3, 6/3, 9/3.
  const withPad = conventionPool('f', x, spec).output;
  assert.deepEqual(withPad.shape, [1, 1, 4]);
  assert.deepEqual(Array.from(withPad.data), Array.from(f32([1 / 3, 1, 2, 3])));
  // Without: the input elements only: 1/1, 3/2, 6/3, 9/3.
  const noPad = conventionPool('f', x, { ...spec, countIncludePad: false }).output;
  assert.deepEqual(Array.from(noPad.data), [1, 1.5, 2, 3]);
  // Backward of the counted average, dL/dy = 1: x[0] is in windows 0, 1, 2 -> 3/3; x[1] in 1, 2, 3;
  // x[2] in 2, 3; x[3] in 3: [1, 1, 2/3, 1/3].
  const dx = conventionPoolBackward('f', t([1, 1, 1, 1], [1, 1, 4]), [1, 1, 4], spec);
  assert.deepEqual(dx.shape, [1, 1, 4]);
  assert.deepEqual(Array.from(dx.data), Array.from(f32([1, 1, 2 / 3, 1 / 3])));
  // Max over the same windows: 1, 2, 3, 4 at indices 0, 1, 2, 3.
  const max = conventionPool('f', t([1, 2, 3, 4], [1, 1, 4]), { ...spec, kind: 'max', returnIndices: true });
  assert.deepEqual(Array.from(max.output.data), [1, 2, 3, 4]);
  assert.deepEqual(Array.from(max.indices.data), [0, 1, 2, 3]);
  assert.deepEqual(max.indices.shape, [1, 1, 4]);
  assert.deepEqual(conventionOutputShape('f', [1, 1, 4], spec), [1, 1, 4]);
  // The end padding alone: padding [0], paddingEnd [2] -> windows [0, 2], [1, 3], [2, 4], [3, 5].
  const end = conventionPool('f', x, { ...spec, padding: [0], paddingEnd: [2] }).output;
  assert.deepEqual(Array.from(end.data), Array.from(f32([2, 3, 7 / 3, 4 / 3])));
});

test('padding up to the window: a dilated max window of padding only gives -inf and index -1', () => {
  // x = [7], kernel 2, dilation 3 (extent 4), padding 3 on both sides (the extent less one):
  // out = 1 + 6 - 4 + 1 = 4 windows, taps {-3, 0}, {-2, 1}, {-1, 2}, {0, 3}: the middle two hold
  // no input element.
  const spec = { kind: 'max', dims: 1, kernelSize: [2], stride: [1], padding: [3], paddingEnd: [3], dilation: [3], returnIndices: true };
  const r = conventionPool('f', t([7], [1, 1, 1]), spec);
  assert.deepEqual(Array.from(r.output.data), [7, -Infinity, -Infinity, 7]);
  assert.deepEqual(Array.from(r.indices.data), [0, -1, -1, 0]);
  // The gradient of the empty windows goes nowhere: dL/dx = 1 + 4.
  const dx = conventionPoolBackward('f', t([1, 2, 3, 4], [1, 1, 4]), [1, 1, 1], spec, { indices: r.indices });
  assert.deepEqual(Array.from(dx.data), [5]);
  // One more cell of padding is past the extent less one: the core's rejection, naming paddingEnd.
  assert.throws(() => conventionPool('f', t([7], [1, 1, 1]), { ...spec, paddingEnd: [4] }),
    (e) => e instanceof RangeError && e.param === 'paddingEnd' && e.code === 'out_of_range' && /^f: /.test(e.message));
  // Without returnIndices (the PyTorch default) there are no indices.
  assert.equal(conventionPool('f', t([7], [1, 1, 1]), { ...spec, returnIndices: undefined }).indices, undefined);
});

test('dilated average and LP pooling (2-D average with padding, 1-D average and LP backward)', () => {
  // 1-D: x = [1, 2, 3, 4, 5], kernel 2, dilation 2 (taps i, i + 2), stride 1: out 3:
  // (1 + 3) / 2, (2 + 4) / 2, (3 + 5) / 2; dL/dy = 1 gives x[0], x[1], x[3], x[4] 1/2 and x[2] 1.
  const spec1 = { kind: 'avg', dims: 1, kernelSize: [2], dilation: [2], stride: [1] };
  const x1 = t([1, 2, 3, 4, 5], [1, 1, 5]);
  assert.deepEqual(Array.from(conventionPool('f', x1, spec1).output.data), [2, 3, 4]);
  assert.deepEqual(Array.from(conventionPoolBackward('f', t([1, 1, 1], [1, 1, 3]), [1, 1, 5], spec1).data),
    [0.5, 0.5, 1, 0.5, 0.5]);
  // 2-D: x = 1..9 (3x3), kernel 2, dilation 2, stride 2, padding 1: out 2x2, windows start at -1
  // and 1 along each axis, taps {-1, 1} and {1, 3}: each holds only x[1][1] = 5. Counted with
  // padding each divides by its 2x2 taps inside [-1, 4) = 4 -> 5/4; without, by 1 -> 5.
  const x2 = t([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 3, 3]);
  const spec2 = { kind: 'avg', dims: 2, kernelSize: [2, 2], dilation: [2, 2], stride: [2, 2], padding: [1, 1] };
  assert.deepEqual(Array.from(conventionPool('f', x2, spec2).output.data), [1.25, 1.25, 1.25, 1.25]);
  assert.deepEqual(Array.from(conventionPool('f', x2, { ...spec2, countIncludePad: false }).output.data), [5, 5, 5, 5]);
  // LP (PyTorch's formula, p = 2) with dilation: y = sqrt(x_i^2 + x_{i+2}^2) (PyTorch's lp is
  // avg(x^p) * kernel, then ^(1/p)): sqrt(1 + 9), sqrt(4 + 16), sqrt(9 + 25).
  const lp = { kind: 'lp', dims: 1, kernelSize: [2], dilation: [2], stride: [1], normType: 2 };
  const y = conventionPool('f', x1, lp).output;
  assert.deepEqual(Array.from(y.data), Array.from(f32([Math.sqrt(10), Math.sqrt(20), Math.sqrt(34)])));
  // dy/dx_j = x_j / y over the windows holding x_j: x[2] = 3 is in window 0 (3/sqrt 10) and 2 (3/sqrt 34).
  const dx = conventionPoolBackward('f', t([1, 1, 1], [1, 1, 3]), [1, 1, 5], lp, { input: x1 }).data;
  const expected = [1 / Math.sqrt(10), 2 / Math.sqrt(20), 3 / Math.sqrt(10) + 3 / Math.sqrt(34), 4 / Math.sqrt(20), 5 / Math.sqrt(34)];
  expected.forEach((e, i) => assert.ok(Math.abs(dx[i] - e) < 1e-6, `dx[${i}] = ${dx[i]}, expected ${e}`));
});

test('max unpooling and adaptive pooling through the contract', () => {
  const x = t([5, 6], [1, 1, 2]);
  const idx = { data: i32([1, 2]), shape: [1, 1, 2] };
  const spec = { kind: 'max_unpool', dims: 1, kernelSize: [2], stride: [2], outputSize: [4] };
  const y = conventionUnpool('f', x, idx, spec);
  assert.deepEqual(y.shape, [1, 1, 4]);
  assert.deepEqual(Array.from(y.data), [0, 5, 6, 0]);
  assert.deepEqual(Array.from(conventionUnpoolBackward('f', t([1, 2, 3, 4], [1, 1, 4]), idx, spec).data), [2, 3]);
  // Global max: the winner's flat index within its plane.
  const g = conventionPool('f', t([1, 9, 3, 4, 2, 8], [1, 2, 3]), { kind: 'adaptive_max', dims: 1, outputSize: [1], returnIndices: true });
  assert.deepEqual(Array.from(g.output.data), [9, 8]);
  assert.deepEqual(Array.from(g.indices.data), [1, 2]);
  assert.deepEqual(conventionOutputShape('f', [2, 3, 5, 5], { kind: 'adaptive_avg', dims: 2, outputSize: [1, 1] }), [2, 3, 1, 1]);
});

test('a malformed spec is a TypeError naming spec.<field>; the core\'s rejections are RangeErrors', () => {
  const x = t([1, 2, 3, 4], [1, 1, 4]);
  assert.throws(() => conventionPool('f', x, null), /f: spec must be an object/);
  assert.throws(() => conventionPool('f', x, { kind: 'sum', dims: 1 }), (e) => e instanceof TypeError && /spec\.kind/.test(e.message));
  assert.throws(() => conventionPool('f', x, { kind: 'max_unpool', dims: 1, kernelSize: [2] }), TypeError);
  assert.throws(() => conventionPool('f', x, { kind: 'max', dims: 4, kernelSize: [2] }), /spec\.dims/);
  assert.throws(() => conventionPool('f', x, { kind: 'max', dims: 1, kernelSize: 2 }), /spec\.kernelSize must be an array/);
  assert.throws(() => conventionPool('f', x, { kind: 'max', dims: 1, kernelSize: [2], ceilMode: 1 }), /spec\.ceilMode/);
  assert.throws(() => conventionPool('f', x, { kind: 'max', dims: 1, kernelSize: [5] }),
    (e) => e instanceof RangeError && e.param === 'kernelSize' && e.code === 'output_too_small');
  assert.throws(() => conventionPoolBackward('f', t([1], [1, 1, 1]), [1, 1, 4], { kind: 'max', dims: 1, kernelSize: [4] }),
    (e) => e instanceof TypeError && /indices/.test(e.message));
  assert.throws(() => conventionPoolBackward('f', t([1, 1, 1], [1, 1, 3]), [1, 1, 5], { kind: 'lp', dims: 1, kernelSize: [2] }, { input: x }),
    (e) => e instanceof RangeError && e.param === 'input');
  // The public functions are unchanged: padding above half the kernel is still PyTorch's error.
  assert.throws(() => pg.avgPool1d(x, { kernelSize: 3, padding: 2 }), (e) => e instanceof RangeError && e.param === 'padding');
});

test('the two rules reach the core: the window\'s p-norm, NaN never wins; a ceil window divides by its clipped count', () => {
  // Average, kernel 3, stride 2, ceil_mode over [1, 2, 3, 4]: the second window holds 3, 4 and
  // hangs past the input; count_include_pad counts no overhang (PyTorch, ONNX): 7 / 2, not 7 / 3.
  const avg = { kind: 'avg', dims: 1, kernelSize: [3], stride: [2], ceilMode: true };
  const x = t([1, 2, 3, 4], [1, 1, 4]);
  assert.deepEqual(Array.from(conventionPool('f', x, avg).output.data), [2, 3.5]);
  assert.deepEqual(Array.from(conventionPoolBackward('f', t([6, 6], [1, 1, 2]), [1, 1, 4], avg).data), [2, 2, 5, 3]);
  // LP as the window's 2-norm: |(3, -4)| = 5 and |(0, 5)| = 5, gradient x / y; PyTorch's lp
  // keeps signs, so for p = 3 its first window is NaN where the norm is 91^(1/3).
  const lp = { kind: 'lp', dims: 1, kernelSize: [2], normType: 2, lpNormOfWindow: true };
  const v = t([3, -4, 0, 5], [1, 1, 4]);
  assert.deepEqual(Array.from(conventionPool('f', v, lp).output.data), [5, 5]);
  assert.deepEqual(Array.from(conventionPoolBackward('f', t([1, 1], [1, 1, 2]), [1, 1, 4], lp, { input: v }).data),
    Array.from(f32([0.6, -0.8, 0, 1])));
  assert.ok(Number.isNaN(conventionPool('f', v, { ...lp, normType: 3, lpNormOfWindow: false }).output.data[0]));
  assert.ok(Math.abs(conventionPool('f', v, { ...lp, normType: 3 }).output.data[0] - Math.cbrt(91)) < 1e-5);
  assert.throws(() => conventionPool('f', v, { ...lp, normType: -1 }),
    (e) => e instanceof RangeError && e.param === 'normType' && e.code === 'out_of_range');
  // Max: [NaN, 1 | NaN, NaN | 2, NaN]: PyTorch's NaN wins; skipping NaN gives 1, nothing, 2.
  const nan = t([NaN, 1, NaN, NaN, 2, NaN], [1, 1, 6]);
  const max = { kind: 'max', dims: 1, kernelSize: [2], returnIndices: true };
  assert.deepEqual(Array.from(conventionPool('f', nan, max).indices.data), [0, 3, 5]);
  const skip = conventionPool('f', nan, { ...max, maxSkipsNan: true });
  assert.deepEqual(Array.from(skip.output.data), [1, -Infinity, 2]);
  assert.deepEqual(Array.from(skip.indices.data), [1, -1, 4]);
  assert.deepEqual(Array.from(conventionPoolBackward('f', t([1, 2, 3], [1, 1, 3]), [1, 1, 6], { ...max, maxSkipsNan: true },
    { indices: skip.indices }).data), [0, 1, 0, 0, 3, 0]);
  assert.throws(() => conventionPool('f', nan, { ...max, maxSkipsNan: 'yes' }), (e) => e instanceof TypeError && /spec\.maxSkipsNan/.test(e.message));
});

// Random PyTorch-valid requests: the contract with every rule off is the public function.
test('every rule off: bit for bit the public PyTorch function, forward and backward, on random inputs', () => {
  const rand = prng(1207);
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const name = { max: 'maxPool', avg: 'avgPool', lp: 'lpPool', adaptive_max: 'adaptiveMaxPool', adaptive_avg: 'adaptiveAvgPool' };
  let compared = 0;
  for (let run = 0; run < 300; ++run) {
    const kind = Object.keys(name)[run % 5];
    const dims = int(1, 3);
    const spatial = Array.from({ length: dims }, () => int(3, 7));
    const shape = [int(1, 2), int(1, 3), ...spatial];
    const x = t(Array.from({ length: shape.reduce((a, b) => a * b) }, () => (rand() < 0.05 ? NaN : rand() * 8 - 4)), shape);
    const spec = { kind, dims };
    const options = {};
    const each = (f) => Array.from({ length: dims }, f);
    if (kind.startsWith('adaptive')) {
      spec.outputSize = options.outputSize = each(() => int(1, 4));
    } else {
      const k = each(() => int(1, 3));
      const d = kind === 'max' ? each(() => int(1, 2)) : each(() => 1);
      spec.kernelSize = options.kernelSize = k;
      spec.stride = options.stride = each(() => int(1, 3));
      if (kind !== 'lp') spec.padding = options.padding = k.map((ki, i) => int(0, Math.floor(((ki - 1) * d[i] + 1) / 2)));
      if (kind === 'max') spec.dilation = options.dilation = d;
      spec.ceilMode = options.ceilMode = rand() < 0.5;
      if (kind === 'avg') spec.countIncludePad = options.countIncludePad = rand() < 0.5;
      if (kind === 'lp') {
        spec.normType = options.normType = [1, 2, 3][int(0, 2)];
        x.data = x.data.map(Math.abs); // PyTorch's lp of negative x with odd p is NaN-prone; keep it tame
      }
    }
    const fn = pg[`${name[kind]}${dims}d`];
    const backward = pg[`${name[kind]}${dims}dBackward`];
    const label = `run ${run}: ${kind} ${JSON.stringify(spec)} on [${shape}]`;
    let expected;
    try {
      expected = fn(x, options);
    } catch (e) {
      assert.throws(() => conventionPool('f', x, spec), RangeError, label);
      continue;
    }
    const isMax = kind.endsWith('max');
    const got = conventionPool('f', x, { ...spec, returnIndices: isMax });
    const expectedOutput = isMax ? expected.output : expected;
    assert.deepEqual(got.output.shape, expectedOutput.shape, label);
    assert.deepEqual(bits(got.output.data), bits(expectedOutput.data), label);
    if (isMax) assert.deepEqual(Array.from(got.indices.data), Array.from(expected.indices.data), label);
    assert.deepEqual(conventionOutputShape('f', shape, spec), expectedOutput.shape, label);
    const dout = t(Array.from({ length: expectedOutput.data.length }, () => rand() * 2 - 1), expectedOutput.shape);
    let dx;
    let dxExpected;
    if (isMax) {
      dx = conventionPoolBackward('f', dout, shape, spec, { indices: got.indices });
      dxExpected = backward(dout, expected.indices, shape, options);
    } else if (kind === 'lp') {
      dx = conventionPoolBackward('f', dout, shape, spec, { input: x });
      dxExpected = backward(dout, x, options);
    } else {
      dx = conventionPoolBackward('f', dout, shape, spec);
      dxExpected = backward(dout, shape, options);
    }
    assert.deepEqual(bits(dx.data), bits(dxExpected.data), `${label}: backward`);
    compared += 1;
  }
  assert.ok(compared > 200, `only ${compared} of 300 random requests were valid`);
});
