// The comparison view's reasons (web/widget/compare-reasons.js, words in compare-words.js): which
// rule of PyTorch, ONNX and TensorFlow makes each cell differ, with its numbers, in en and zh.
// Part 1 builds columns by hand (numbers derived below each case) to pin the logic; part 2 builds
// them with the real library (lib.maxPool2d..., lib.onnx, lib.tensorflow, onnxSpec,
// tensorflowSpec) for each classic difference, and checks the rules, the numbers in the
// sentences, that every differing cell is covered, and that agreeing columns give no sentence.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as lib from '../../web/lib/index.js';
import { onnxSpec } from '../../web/lib/onnx-attributes.js';
import { tensorflowSpec } from '../../web/lib/tensorflow-layout.js';
import { compareReasons, pytorchSpec, sameValue, windowDivisor, sizeFormulaOf } from '../../web/widget/compare-reasons.js';
import { COMPARE_WORDS, CODE_WORDS } from '../../web/widget/compare-words.js';
import { prng } from './prng.mjs';
import { PRESETS } from '../../web/widget/state.js';

before(() => lib.init());

const t = (data, shape) => ({ data: Float32Array.from(data), shape });
const rules = (entries) => entries.map((e) => `${e.frameworks.join('/')}:${e.rule}`).sort();
const only = (entries, a, b) => entries.filter((e) => e.frameworks[0] === a && e.frameworks[1] === b);
const ruleOf = (entries, rule, b) => entries.find((e) => e.rule === rule && e.frameworks[1] === b);

const TUTORIAL = PRESETS.tutorial.input; // the tutorial's 6x6

/**
 * Every cell that differs between column b and the first column, found here independently of
 * compareReasons: output cells by multi-index (a cell only one side has differs), dL/dx cells flat.
 */
function differingCells(input, A, B) {
  const [N, C] = input.shape;
  const spA = A.result.output.shape.slice(2), spB = B.result.output.shape.slice(2);
  const box = spA.map((v, i) => Math.max(v, spB[i]));
  const count = (s) => s.reduce((x, y) => x * y, 1);
  const out = { b: [], a: [] };
  for (let p = 0; p < N * C; p++) {
    for (let w = 0; w < count(box); w++) {
      const o = [];
      let r = w;
      for (let i = box.length - 1; i >= 0; i--) { o.unshift(r % box[i]); r = Math.floor(r / box[i]); }
      const inA = o.every((v, i) => v < spA[i]), inB = o.every((v, i) => v < spB[i]);
      const flat = (sp) => p * count(sp) + o.reduce((f, v, i) => f * sp[i] + v, 0);
      if (inA && inB && sameValue(A.result.output.data[flat(spA)], B.result.output.data[flat(spB)])) continue;
      if (inB) out.b.push(flat(spB));
      if (inA) out.a.push(flat(spA));
    }
  }
  const grad = [];
  A.result.gradInput.data.forEach((v, j) => { if (!sameValue(v, B.result.gradInput.data[j])) grad.push(j); });
  return { ...out, grad };
}

/** Coverage: every differing cell of each pair is in an entry of that pair; no entry without a difference. */
function assertCovered(input, columns, entries, label) {
  for (const B of columns.slice(1)) {
    const A = columns[0];
    const mine = only(entries, A.framework, B.framework);
    const d = differingCells(input, A, B);
    const covB = new Set(mine.flatMap((e) => e.cells.output));
    const covA = new Set(mine.flatMap((e) => e.baseCells.output));
    const covG = new Set(mine.flatMap((e) => e.cells.gradInput));
    for (const k of d.b) assert.ok(covB.has(k), `${label}: ${B.framework} output cell ${k} differs and no entry covers it`);
    for (const k of d.a) assert.ok(covA.has(k), `${label}: ${A.framework} output cell ${k} differs and no entry covers it`);
    for (const k of d.grad) assert.ok(covG.has(k), `${label}: dL/dx cell ${k} differs (${A.framework} vs ${B.framework}) and no entry covers it`);
    for (const e of mine) {
      const n = e.cells.output.length + e.baseCells.output.length + e.cells.gradInput.length + (e.cells.indices?.length ?? 0);
      assert.ok(n > 0, `${label}: entry ${e.rule} names no cell`);
      for (const k of e.cells.output) assert.ok(d.b.includes(k), `${label}: ${e.rule} names output cell ${k}, which does not differ`);
      for (const k of e.cells.gradInput) assert.ok(d.grad.includes(k), `${label}: ${e.rule} names dL/dx cell ${k}, which does not differ`);
      assert.deepEqual(Object.keys(e.text).sort(), ['en', 'zh'], `${label}: ${e.rule} text languages`);
      assert.ok(e.text.en.length > 20 && e.text.zh.length > 10, `${label}: ${e.rule} has both texts`);
      assert.match(e.text.zh, /[\u4e00-\u9fff]/, `${label}: ${e.rule}'s zh text is Chinese`);
      assert.doesNotMatch(e.text.en, /undefined|NaN NaN|\[object/, `${label}: ${e.rule} en text`);
      assert.doesNotMatch(e.text.zh, /undefined|\[object/, `${label}: ${e.rule} zh text`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// part 1: hand-built columns

// 1-D input [1, 2, 3, 4], average, kernel 3, stride 1, padding 1 (SAME in TensorFlow: 1 and 1).
// PyTorch (count_include_pad=True): windows [-1,1] [0,2] [1,3] [2,4]: (0+1+2)/3 = 1, 2, 3, (3+4+0)/3 = 7/3
// TensorFlow (input cells only): (1+2)/2 = 1.5, 2, 3, (3+4)/2 = 3.5: y[0] and y[3] differ, divisor 3 vs 2.
// dL/dx (mean, dL/dy = 1/4): PyTorch x[0] = (1/4)(1/3 + 1/3) = 1/6; TensorFlow x[0] = (1/4)(1/2 + 1/3) = 5/24.
const hand = {
  input: t([1, 2, 3, 4], [1, 1, 4]),
  pytorch() {
    const spec = pytorchSpec({ op: 'avg', dims: 1, kernelSize: [3], stride: [1], padding: [1], countIncludePad: true });
    return { framework: 'pytorch', spec, result: { output: t([1, 2, 3, 7 / 3], [1, 1, 4]), gradInput: t([1 / 6, 1 / 4, 1 / 4, 1 / 6], [1, 1, 4]) } };
  },
  tensorflow() {
    const spec = { ...this.pytorch().spec, countIncludePad: false };
    return {
      framework: 'tensorflow', spec, settings: { padding: 'SAME' },
      result: { output: t([1.5, 2, 3, 3.5], [1, 1, 4]), gradInput: t([5 / 24, 7 / 24, 7 / 24, 5 / 24], [1, 1, 4]) },
    };
  },
};

test('hand-built: the divisor 3 vs 2 at both ends, and the gradient as its consequence', () => {
  const cols = [hand.pytorch(), hand.tensorflow()];
  const e = compareReasons(hand.input, cols);
  assert.deepEqual(rules(e), ['pytorch/tensorflow:divisor', 'pytorch/tensorflow:gradient-routing']);
  const div = ruleOf(e, 'divisor', 'tensorflow');
  assert.deepEqual(div.cells.output, [0, 3]);
  assert.match(div.text.en, /^y\[0\], y\[3\]: divisor 3 vs 2 — PyTorch's count_include_pad=True counts the 1 padded cell/);
  assert.match(div.text.en, /TensorFlow .*counts only the 2 input cells/);
  assert.match(div.text.zh, /^y\[0\]、y\[3\]：除数 3 对 2/);
  const g = ruleOf(e, 'gradient-routing', 'tensorflow');
  assert.deepEqual(g.cells.gradInput, [0, 1, 2, 3]);
  assert.match(g.text.en, /divisor rule/);
  assert.match(g.text.zh, /除数/);
  assertCovered(hand.input, cols, e, 'hand divisor');
});

test('hand-built: the same numbers give no entry; an errored column or a missing first column gives none', () => {
  const a = hand.pytorch();
  assert.deepEqual(compareReasons(hand.input, [a, { ...hand.pytorch(), framework: 'onnx' }]), []);
  assert.deepEqual(compareReasons(hand.input, [a, { framework: 'tensorflow', spec: null, result: null, error: 'no' }]), []);
  assert.deepEqual(compareReasons(hand.input, [{ framework: 'pytorch', spec: null, result: null, error: 'no' }, hand.tensorflow()]), []);
  assert.deepEqual(compareReasons(hand.input, []), []);
  assert.throws(() => compareReasons(null, []), TypeError);
  assert.throws(() => compareReasons(hand.input, 'x'), TypeError);
});

// Max, 1-D [1, NaN, 3, 0], kernel 2, stride 2: PyTorch y = [NaN, 3] (NaN wins), idx [1, 2];
// a column that skips NaN: y = [1, 3], idx [0, 2]; dL/dx (mean 1/2): [0, 1/2, 1/2, 0] vs [1/2, 0, 1/2, 0].
test('hand-built: the NaN rule names the NaN, the window and the frameworks', () => {
  const input = t([1, NaN, 3, 0], [1, 1, 4]);
  const spec = pytorchSpec({ op: 'max', dims: 1, kernelSize: [2], stride: [2], padding: [0], dilation: [1] });
  const pt = { framework: 'pytorch', spec, result: { output: t([NaN, 3], [1, 1, 2]), gradInput: t([0, 0.5, 0.5, 0], [1, 1, 4]), indices: { data: [1, 2], shape: [1, 1, 2] } } };
  const skip = (fw) => ({ framework: fw, spec: { ...spec, maxSkipsNan: true }, result: { output: t([1, 3], [1, 1, 2]), gradInput: t([0.5, 0, 0.5, 0], [1, 1, 4]), indices: { data: [0, 2], shape: [1, 1, 2] } } });
  const cols = [pt, skip('onnx'), skip('tensorflow')];
  const e = compareReasons(input, cols);
  assert.deepEqual(rules(e), ['pytorch/onnx:gradient-routing', 'pytorch/onnx:nan', 'pytorch/tensorflow:gradient-routing', 'pytorch/tensorflow:nan']);
  const nan = ruleOf(e, 'nan', 'onnx');
  assert.deepEqual(nan.cells.output, [0]);
  assert.equal(nan.text.en, "x[1] is NaN: PyTorch's max takes it (NaN wins), ONNX skips it and keeps the largest number; so y[0] differs.");
  assert.match(nan.text.zh, /^x\[1\] 是 NaN：PyTorch 的最大池化取 NaN（NaN 胜出），ONNX 跳过 NaN/);
  assert.match(ruleOf(e, 'gradient-routing', 'tensorflow').text.en, /to the NaN in PyTorch, to the largest number in TensorFlow/);
  assertCovered(input, cols, e, 'hand nan');
});

test('the words: en and zh have the same keys, nested ones too', () => {
  const keys = (o, at = '') => Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${at}${k}.`) : [`${at}${k}`])).sort();
  assert.deepEqual(keys(COMPARE_WORDS.zh), keys(COMPARE_WORDS.en));
  assert.deepEqual(keys(CODE_WORDS.zh), keys(CODE_WORDS.en));
  for (const [k, v] of Object.entries(COMPARE_WORDS.en)) assert.equal(typeof COMPARE_WORDS.zh[k], typeof v, k);
});

// ---------------------------------------------------------------------------------------------
// part 2: the real library

/** A PyTorch-layout state of the comparison (the fields the view reads). */
const setup = (s) => ({
  op: 'max', dims: 2, size: [6, 6], batch: 1, channels: 1, kernelSize: [3], stride: [1], padding: [0], dilation: [1],
  ceilMode: false, countIncludePad: true, onnxAutoPad: 'NOTSET', onnxPads: null, onnxCountIncludePad: false, tfPadding: 'VALID', ...s,
});
const perAxis = (s, v) => s.size.map((_, i) => (v.length === 1 ? v[0] : v[i]));
const mean = (y) => t(new Array(y.data.length).fill(1 / y.data.length), y.shape);

function pytorchColumn(s, x) {
  const d = s.dims;
  const o = { kernelSize: perAxis(s, s.kernelSize), stride: perAxis(s, s.stride), padding: perAxis(s, s.padding), ceilMode: s.ceilMode };
  if (s.op === 'max') {
    o.dilation = perAxis(s, s.dilation);
    const { output, indices } = lib[`maxPool${d}d`](x, o);
    const gradOutput = mean(output);
    return { framework: 'pytorch', spec: pytorchSpec(s), settings: o, result: { output, gradOutput, indices, gradInput: lib[`maxPool${d}dBackward`](gradOutput, indices, x.shape, o) } };
  }
  o.countIncludePad = s.countIncludePad;
  if (s.divisorOverride) o.divisorOverride = s.divisorOverride;
  const output = lib[`avgPool${d}d`](x, o);
  const gradOutput = mean(output);
  return { framework: 'pytorch', spec: pytorchSpec(s), settings: o, result: { output, gradOutput, gradInput: lib[`avgPool${d}dBackward`](gradOutput, x.shape, o) } };
}

function onnxColumn(s, x) {
  const a = { kernel_shape: perAxis(s, s.kernelSize), strides: perAxis(s, s.stride), ceil_mode: s.ceilMode ? 1 : 0 };
  if (s.onnxAutoPad !== 'NOTSET') a.auto_pad = s.onnxAutoPad;
  else a.pads = s.onnxPads ?? [...perAxis(s, s.padding), ...perAxis(s, s.padding)];
  const op = s.op === 'max' ? 'MaxPool' : 'AveragePool';
  if (s.op === 'max') a.dilations = perAxis(s, s.dilation);
  else a.count_include_pad = s.onnxCountIncludePad ? 1 : 0;
  const spec = onnxSpec(op, x.shape, a);
  if (s.op === 'max') {
    const { Y, Indices } = lib.onnx.MaxPool(x, a);
    const gradOutput = mean(Y);
    const { dX } = lib.onnx.MaxPool.backward(gradOutput, Indices, x.shape, a);
    return { framework: 'onnx', spec, settings: a, result: { output: Y, gradOutput, gradInput: dX, indices: Indices } };
  }
  const { Y } = lib.onnx.AveragePool(x, a);
  const gradOutput = mean(Y);
  return { framework: 'onnx', spec, settings: a, result: { output: Y, gradOutput, gradInput: lib.onnx.AveragePool.backward(gradOutput, x.shape, a).dX } };
}

/** (N, C, ...sp) -> (N, ...sp, C) */
function channelsLast(x) {
  const [N, C, ...sp] = x.shape;
  const S = sp.reduce((p, v) => p * v, 1);
  const out = new Float32Array(x.data.length);
  for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) for (let i = 0; i < S; i++) out[(n * S + i) * C + c] = x.data[(n * C + c) * S + i];
  return { data: out, shape: [N, ...sp, C] };
}

function tensorflowColumn(s, x, { argmaxShape = 'nhwc' } = {}) {
  const tf = lib.tensorflow;
  const padding = s.tfPadding === 'EXPLICIT' ? perAxis(s, s.padding).map((p) => [p, p]) : s.tfPadding;
  const o = { ksize: perAxis(s, s.kernelSize), strides: perAxis(s, s.stride), padding, dataFormat: 'NCHW' };
  const spec = tensorflowSpec(s.op === 'max' ? 'maxPool' : 'avgPool', x.shape, o);
  if (s.op === 'max') {
    const output = tf.maxPool(x, o);
    const gradOutput = mean(output);
    const gradInput = tf.maxPoolGrad(x, output, gradOutput, o);
    const result = { output, gradOutput, gradInput };
    if (s.dims === 2) {
      // TensorFlow's argmax op is NHWC only; its indices are kept NHWC-shaped here (compareReasons reads either)
      const { argmax } = tf.maxPoolWithArgmax(channelsLast(x), { ksize: o.ksize, strides: o.strides, padding, includeBatchInIndex: true });
      result.indices = argmaxShape === 'nhwc' ? { ...argmax, layout: 'NHWC' } : toFirst(argmax);
    }
    return { framework: 'tensorflow', spec, settings: { ...o, includeBatchInIndex: true }, result };
  }
  const output = tf.avgPool(x, o);
  const gradOutput = mean(output);
  return { framework: 'tensorflow', spec, settings: o, result: { output, gradOutput, gradInput: tf.avgPoolGrad(x.shape, gradOutput, o) } };
}
/** NHWC-shaped argmax moved into (N, C, ...sp) positions, its numbers kept. */
function toFirst(a) {
  const N = a.shape[0], C = a.shape[a.shape.length - 1], sp = a.shape.slice(1, -1);
  const S = sp.reduce((p, v) => p * v, 1);
  const out = new Float64Array(a.data.length);
  for (let n = 0; n < N; n++) for (let i = 0; i < S; i++) for (let c = 0; c < C; c++) out[(n * C + c) * S + i] = Number(a.data[(n * S + i) * C + c]);
  return { data: out, shape: [N, C, ...sp] };
}

const COLUMN = { pytorch: pytorchColumn, onnx: onnxColumn, tensorflow: tensorflowColumn };
function compare(s, input, frameworks = ['pytorch', 'onnx', 'tensorflow'], opts) {
  const x = t(input, [s.batch, s.channels, ...s.size]);
  const columns = frameworks.map((fw) => COLUMN[fw](s, x, opts));
  const entries = compareReasons(x, columns);
  assertCovered(x, columns, entries, JSON.stringify({ ...s, input: undefined }));
  return { x, columns, entries };
}

test('divisor (average, k 3, s 1, p 1 on 5x5 ones): corners 9 vs 4, edges 9 vs 6, against ONNX\'s default and TensorFlow\'s SAME', () => {
  const s = setup({ op: 'avg', size: [5, 5], kernelSize: [3], stride: [1], padding: [1], tfPadding: 'SAME' });
  const { entries: e, columns } = compare(s, new Array(25).fill(1));
  // on ones every PyTorch output is (input cells)/9: corners 4/9, edges 6/9, inside 1; ONNX and TF: all 1
  assert.ok(Math.abs(columns[0].result.output.data[0] - 4 / 9) < 1e-6);
  assert.equal(columns[1].result.output.data[0], 1);
  assert.deepEqual(rules(e), ['pytorch/onnx:divisor', 'pytorch/onnx:gradient-routing', 'pytorch/tensorflow:divisor', 'pytorch/tensorflow:gradient-routing']);
  for (const fw of ['onnx', 'tensorflow']) {
    const d = ruleOf(e, 'divisor', fw);
    // 4 corners and 12 edge cells differ; the 9 inner windows hold no padding
    assert.equal(d.cells.output.length, 16);
    assert.deepEqual(d.cells.output.filter((k) => [0, 4, 20, 24].includes(k)), [0, 4, 20, 24]);
    assert.match(d.text.en, /y\[0, 0\], y\[0, 4\], y\[4, 0\], y\[4, 4\]: divisor 9 vs 4 — PyTorch's count_include_pad=True counts the 5 padded cells of the window/);
    assert.match(d.text.en, /divisor 9 vs 6 — PyTorch's count_include_pad=True counts the 3 padded cells of the window; .*counts only the 6 input cells/);
    assert.match(d.text.zh, /除数 9 对 4——PyTorch 的 count_include_pad=True 把窗口中的 5 个填充位置也计入除数；.*只计入 4 个输入元素。/);
    assert.match(d.text.en, /\(12 cells\)/);
  }
  assert.match(ruleOf(e, 'divisor', 'onnx').text.en, /ONNX \(count_include_pad=0, ONNX's default\) counts only the 4 input cells/);
  assert.match(ruleOf(e, 'divisor', 'tensorflow').text.en, /TensorFlow \(its average never counts padding\) counts only the 4 input cells/);
});

test('SAME placement (max, k 3, s 2 on the tutorial\'s 6x6): PyTorch\'s padding 1 and ONNX\'s SAME_LOWER agree; TensorFlow\'s SAME pads at the end', () => {
  const s = setup({ op: 'max', kernelSize: [3], stride: [2], padding: [1], onnxAutoPad: 'SAME_LOWER', tfPadding: 'SAME' });
  const { entries: e, columns } = compare(s, TUTORIAL);
  // SAME: out = ceil(6/2) = 3, total pad (3−1)·2 + 3 − 6 = 1: SAME_LOWER 1 before, TF's SAME 1 after
  assert.deepEqual(columns[1].spec.padding, [1, 1]);
  assert.deepEqual(columns[2].spec.padding, [0, 0]);
  assert.deepEqual(only(e, 'pytorch', 'onnx'), []);
  assert.deepEqual(rules(e), ['pytorch/tensorflow:gradient-routing', 'pytorch/tensorflow:padding-placement']);
  const p = ruleOf(e, 'padding-placement', 'tensorflow');
  assert.equal(p.text.en, "Along the height and the width, TensorFlow's padding='SAME' pads 0 before and 1 after; PyTorch's padding=1 pads 1 on both sides, so every window of TensorFlow starts 1 cell later than PyTorch's.");
  assert.equal(p.text.zh, "在高度和宽度方向上，TensorFlow 的 padding='SAME' 开头填充 0 个、末尾填充 1 个；PyTorch 的 padding=1 两端各填充 1 个，所以 TensorFlow 的每个窗口都比 PyTorch 的向后错开 1 格。");
  // PyTorch's windows start at −1, 1, 3; TensorFlow's at 0, 2, 4: y[0, 0] = max(x[0..1, 0..1]) = 4 vs max(x[0..2, 0..2]) = 7
  assert.ok(p.cells.output.includes(0));
});

test('ceil_mode (average, k 3, s 2, p 1 on 6x6, count_include_pad in both): PyTorch and ONNX agree; TensorFlow has 3 windows, not 4', () => {
  const s = setup({ op: 'avg', kernelSize: [3], stride: [2], padding: [1], ceilMode: true, countIncludePad: true, onnxCountIncludePad: true, tfPadding: 'SAME' });
  const { entries: e, columns } = compare(s, TUTORIAL);
  // ceil((6 + 1 + 1 − 3)/2) + 1 = 4 windows per axis; the last starts at 5 < 6 + 1 (kept), spans 5..7, and
  // the library's ONNX divides it as onnx.reference and onnxruntime do: clipped at the padded end (2 per axis), like PyTorch
  assert.deepEqual(columns[0].result.output.shape, [1, 1, 4, 4]);
  // the last window per axis starts at 2·3 − 1 = 5 and is clipped at 6 + 1: 2 × 2 = 4 cells divide it in ONNX too
  assert.equal(windowDivisor(columns[1].spec, [6, 6], [3, 3]).divisor, 4);
  assert.deepEqual(only(e, 'pytorch', 'onnx'), []);
  const size = ruleOf(e, 'output-size', 'tensorflow');
  assert.match(size.text.en, /^Along the height and the width: PyTorch has 4 windows, TensorFlow 3\. PyTorch \(ceil_mode=True\): ceil\(\(6 \+ 1 \+ 1 − 3\)\/2\) \+ 1 = 4; TensorFlow \(SAME\): ceil\(6\/2\) = 3\./);
  assert.match(size.text.en, /PyTorch's ceil_mode rounds up.*TensorFlow's SAME always gives ceil\(in\/stride\) windows/);
  assert.match(size.text.zh, /^在高度和宽度方向上，PyTorch 有 4 个窗口，TensorFlow 有 3 个。PyTorch（ceil_mode=True）：ceil\(\(6 \+ 1 \+ 1 − 3\)\/2\) \+ 1 = 4；TensorFlow（SAME）：ceil\(6\/2\) = 3。/);
  // the cells only PyTorch has: row 3 and column 3 of its 4x4, 7 cells
  assert.deepEqual(size.baseCells.output.sort((a, b) => a - b), [3, 7, 11, 12, 13, 14, 15]);
  assert.deepEqual(size.cells.output, []);
  assert.ok(ruleOf(e, 'padding-placement', 'tensorflow'), 'SAME pads 0 before, PyTorch 1');
  assert.match(ruleOf(e, 'gradient-routing', 'tensorflow').text.en, /With loss = mean, every dL\/dy is 1\/16 in PyTorch and 1\/9 in TensorFlow\./);
});

test('asymmetric pads (average, k 3, s 2 on 6x6): ONNX\'s [0, 0, 1, 1] against PyTorch\'s padding 1; ONNX and TensorFlow\'s SAME agree', () => {
  const s = setup({ op: 'avg', kernelSize: [3], stride: [2], padding: [1], onnxPads: [0, 0, 1, 1], tfPadding: 'SAME' });
  const { entries: e, x } = compare(s, TUTORIAL);
  const p = ruleOf(e, 'padding-placement', 'onnx');
  assert.equal(p.text.en, "Along the height and the width, ONNX's pads=[0, 0, 1, 1] pads 0 before and 1 after; PyTorch's padding=1 pads 1 on both sides, so every window of ONNX starts 1 cell later than PyTorch's.");
  assert.deepEqual(only(e, 'pytorch', 'onnx').map((r) => r.rule).sort(), ['gradient-routing', 'padding-placement']);
  // ONNX's pads [0,0,1,1] with count_include_pad=0 is TensorFlow's SAME here: no sentence between them
  const cols = [onnxColumn(s, x), tensorflowColumn(s, x)];
  assert.deepEqual(compareReasons(x, cols), []);
});

test('NaN (max, k 2, s 2 on 4x4 with x[0, 1] = NaN): a sentence exactly where a framework\'s max skips the NaN', () => {
  const s = setup({ op: 'max', size: [4, 4], kernelSize: [2], stride: [2] });
  const input = [1, NaN, 2, 3, 4, 0, 6, 5, 7, 1, 2, 8, 3, 9, 4, 1];
  const { entries: e, columns } = compare(s, input);
  assert.ok(Number.isNaN(columns[0].result.output.data[0]), 'PyTorch: NaN wins y[0, 0]');
  for (const col of columns.slice(1)) {
    const skips = !Number.isNaN(col.result.output.data[0]);
    const nan = ruleOf(e, 'nan', col.framework);
    if (!skips) {
      // the library's numbers take the NaN here (as PyTorch's): no difference, no sentence
      assert.deepEqual(only(e, 'pytorch', col.framework), [], col.framework);
      continue;
    }
    // window (0, 0) = x[0..1, 0..1] = 1, NaN, 4, 0: skipping NaN keeps 4 (at x[1, 0])
    assert.equal(col.result.output.data[0], 4);
    assert.deepEqual(nan.cells.output, [0]);
    assert.match(nan.text.en, new RegExp(`^x\\[0, 1\\] is NaN: PyTorch's max takes it \\(NaN wins\\), ${col.framework === 'onnx' ? 'ONNX' : 'TensorFlow'} skips it and keeps the largest number; so y\\[0, 0\\] differs\\.$`));
    assert.match(nan.text.zh, /^x\[0, 1\] 是 NaN：/);
    assert.deepEqual(ruleOf(e, 'gradient-routing', col.framework).cells.gradInput, [1, 4]);
  }
});

test('argmax layout (max, k 2, s 2, N = 1, C = 2 on 4x4): the same cells written as plane-flat, whole-tensor flat and NHWC flat', () => {
  const s = setup({ op: 'max', size: [4, 4], channels: 2, kernelSize: [2], stride: [2] });
  const input = [1, 3, 4, 2, 4, 2, 5, 6, 5, 3, 7, 8, 8, 4, 3, 6, 6, 3, 4, 8, 2, 6, 5, 9, 7, 8, 1, 3, 2, 4, 2, 5];
  for (const argmaxShape of ['nhwc', 'nchw']) {
    const { entries: e, columns } = compare(s, input, ['pytorch', 'onnx', 'tensorflow'], { argmaxShape });
    assert.deepEqual(rules(e), ['pytorch/onnx:index-layout', 'pytorch/tensorflow:index-layout'], argmaxShape);
    const pt = columns[0].result.indices.data;
    // plane 0: y[0,0,0,0] = max(1, 3, 4, 2) = 4 at x[0,0,1,0]: PyTorch 4, ONNX 4, TensorFlow (1·4 + 0)·2 + 0 = 8
    assert.equal(Number(pt[0]), 4);
    const ox = ruleOf(e, 'index-layout', 'onnx');
    // ONNX differs on channel 1 only (16 + the plane index): output cells 4..7
    assert.deepEqual(ox.cells.indices, [4, 5, 6, 7]);
    // y[0,1,0,0] = max(6, 3, 2, 6) = 6 at x[0,1,0,0] (the first): PyTorch 0, ONNX 16, TensorFlow (0·4 + 0)·2 + 1 = 1
    assert.match(ox.text.en, /^The same maximum, written differently: y\[0, 1, 0, 0\]'s maximum is x\[0, 1, 0, 0\]\. PyTorch writes 0 \(flat within its \(n, c\) plane: i·W \+ j\); ONNX writes 16 \(flat over the whole N·C tensor: \(\(n·C \+ c\)·H \+ i\)·W \+ j\); TensorFlow would write 1 /);
    assert.match(ox.text.en, /4 indices differ in the number only/);
    const tx = ruleOf(e, 'index-layout', 'tensorflow');
    assert.deepEqual(tx.cells.indices, [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.match(tx.text.en, /y\[0, 0, 0, 0\]'s maximum is x\[0, 0, 1, 0\]\. PyTorch writes 4 .*; TensorFlow writes 8 \(flat in NHWC, batch included: \(\(n·H \+ i\)·W \+ j\)·C \+ c\); ONNX would write 4 /);
    assert.match(tx.text.zh, /TensorFlow 写作 8（按 NHWC 展平，含批维/);
  }
});

test('agreeing columns give no sentence: PyTorch padding 0, ONNX NOTSET pads 0, TensorFlow VALID (max and average, 1-D and 2-D)', () => {
  for (const op of ['max', 'avg']) {
    for (const dims of [1, 2]) {
      const s = setup({ op, dims, size: dims === 1 ? [7] : [6, 6], kernelSize: [3], stride: [2], padding: [0], onnxPads: null, tfPadding: 'VALID' });
      const input = dims === 1 ? TUTORIAL.slice(0, 7) : TUTORIAL;
      const frameworks = dims === 1 && op === 'max' ? ['pytorch', 'onnx', 'tensorflow'] : ['pytorch', 'onnx', 'tensorflow'];
      const { entries } = compare(s, input, frameworks);
      assert.deepEqual(entries, [], `${op} ${dims}-D`);
    }
  }
});

test('1-D with several planes: cells named y[n, c, i], every differing cell covered (TensorFlow VALID against PyTorch padding 1, ceil_mode)', () => {
  const s = setup({ op: 'avg', dims: 1, size: [7], batch: 2, channels: 2, kernelSize: [3], stride: [2], padding: [1], ceilMode: true, tfPadding: 'VALID' });
  const input = Array.from({ length: 28 }, (_, i) => ((i * 7) % 11) - 3);
  const { entries: e } = compare(s, input);
  const size = ruleOf(e, 'output-size', 'tensorflow');
  // PyTorch: ceil((7 + 1 + 1 − 3)/2) + 1 = 4 (the last window starts at 5 < 7 + 1); TensorFlow VALID: floor((7 − 3)/2) + 1 = 3
  assert.match(size.text.en, /Along the length: PyTorch has 4 windows, TensorFlow 3\. PyTorch \(ceil_mode=True\): ceil\(\(7 \+ 1 \+ 1 − 3\)\/2\) \+ 1 = 4; TensorFlow \(VALID\): floor\(\(7 − 3\)\/2\) \+ 1 = 3\./);
  assert.match(size.text.en, /y\[0, 0, 3\], y\[0, 1, 3\], y\[1, 0, 3\], y\[1, 1, 3\]/);
});

test('the words\' closed forms are the library\'s: output sizes (sizeFormulaOf) and divisors (windowDivisor: output × divisor = window sum)', () => {
  const input = TUTORIAL.map((v, i) => v + (i % 5) * 0.25);
  let checked = 0;
  for (const op of ['avg', 'max']) for (const k of [2, 3]) for (const st of [1, 2, 3]) for (const pad of [0, 1]) for (const ceil of [false, true]) {
    if (pad > k / 2) continue;
    for (const variant of [
      { tfPadding: 'SAME' }, { tfPadding: 'VALID' }, { onnxAutoPad: 'SAME_UPPER' }, { onnxAutoPad: 'SAME_LOWER' }, { onnxAutoPad: 'VALID' },
      { onnxPads: [0, 1, 1, 0] }, { countIncludePad: false, onnxCountIncludePad: true },
    ]) {
      const s = setup({ op, kernelSize: [k], stride: [st], padding: [pad], ceilMode: ceil, ...variant });
      const x = t(input, [1, 1, 6, 6]);
      for (const fw of ['pytorch', 'onnx', 'tensorflow']) {
        let col;
        try { col = COLUMN[fw](s, x); } catch { continue; } // a geometry that framework rejects
        const set = fw === 'onnx' ? { kind: col.settings.auto_pad ? 'auto_pad' : 'pads', value: col.settings.auto_pad ?? col.settings.pads }
          : fw === 'tensorflow' ? { kind: 'tf', value: s.tfPadding } : null;
        const out = col.result.output.shape.slice(2);
        out.forEach((n, a) => assert.equal(sizeFormulaOf(col.spec, set, 6, a).out, n, `${fw} ${JSON.stringify(s)} axis ${a}`));
        if (op !== 'avg') continue;
        for (let i = 0; i < out[0]; i++) for (let j = 0; j < out[1]; j++) {
          const { divisor } = windowDivisor(col.spec, [6, 6], [i, j]);
          let sum = 0;
          for (let r = 0; r < k; r++) for (let c = 0; c < k; c++) {
            const y = i * st - col.spec.padding[0] + r, z = j * st - col.spec.padding[1] + c;
            if (y >= 0 && y < 6 && z >= 0 && z < 6) sum += input[y * 6 + z];
          }
          const got = col.result.output.data[i * out[1] + j];
          assert.ok(Math.abs(got * divisor - sum) < 1e-4 * Math.max(1, Math.abs(sum)), `${fw} ${JSON.stringify(s)} y[${i}, ${j}] = ${got}, divisor ${divisor}, sum ${sum}`);
          checked++;
        }
      }
    }
  }
  assert.ok(checked > 500, `checked ${checked} windows`);
});

test('divisor_override (average, k 2, s 2 on 4x4): PyTorch\'s override against ONNX\'s and TensorFlow\'s counts', () => {
  const s = setup({ op: 'avg', size: [4, 4], kernelSize: [2], stride: [2], divisorOverride: 3 });
  const { entries: e, columns } = compare(s, TUTORIAL.slice(0, 16));
  // window (0, 0) = 1, 3 / 5, 2 (rows 0-1 of the 4x4 input 1 3 4 2 / 5 2 4 2): sum 11, PyTorch 11/3, ONNX 11/4
  assert.ok(Math.abs(columns[0].result.output.data[0] - 11 / 3) < 1e-5);
  assert.ok(Math.abs(columns[1].result.output.data[0] - 11 / 4) < 1e-5);
  for (const fw of ['onnx', 'tensorflow']) {
    const d = ruleOf(e, 'divisor', fw);
    assert.deepEqual(d.cells.output, [0, 1, 2, 3]);
    assert.equal(d.text.en, `y[0, 0], y[0, 1], y[1, 0], y[1, 1]: divisor 3 vs 4 — PyTorch's divisor_override=3 divides every window by 3; ${fw === 'onnx' ? 'ONNX' : 'TensorFlow'} divides this one by 4, its own count.`);
    assert.match(d.text.zh, /^y\[0, 0\]、y\[0, 1\]、y\[1, 0\]、y\[1, 1\]：除数 3 对 4——PyTorch 的 divisor_override=3 让每个窗口都除以 3/);
  }
});

test('dilation (max, k 2, dilation 2, s 1 on 6x6): PyTorch\'s and ONNX\'s dilated windows against TensorFlow\'s max_pool, which has none', () => {
  const s = setup({ op: 'max', kernelSize: [2], stride: [1], dilation: [2] });
  const { entries: e, columns } = compare(s, TUTORIAL);
  assert.deepEqual(only(e, 'pytorch', 'onnx'), []);
  // PyTorch: floor((6 − 3)/1) + 1 = 4 windows per axis spanning 3 cells; TensorFlow: 5 of 2 adjacent cells
  assert.deepEqual(columns[2].result.output.shape, [1, 1, 5, 5]);
  const d = ruleOf(e, 'dilation', 'tensorflow');
  assert.equal(d.text.en, "Along the height and the width, PyTorch's windows take 2 cells 2 apart (dilation=2), spanning 3; TensorFlow's take 2 cells side by side (TensorFlow's max_pool has no dilation), spanning 2: the windows hold other cells.");
  assert.match(d.text.zh, /^在高度和宽度方向上，PyTorch 的窗口取 2 个元素，每隔 2 格取一个（dilation=2），跨度为 3；TensorFlow 的窗口取 2 个元素，彼此相邻（TensorFlow 的 max_pool 没有空洞参数）/);
  assert.match(ruleOf(e, 'output-size', 'tensorflow').text.en, /PyTorch: floor\(\(6 \+ 0 \+ 0 − 3\)\/1\) \+ 1 = 4; TensorFlow \(VALID\): floor\(\(6 − 2\)\/1\) \+ 1 = 5\./);
  assert.match(ruleOf(e, 'gradient-routing', 'tensorflow').text.en, /dilation and output size rules above/);
});

test('malformed columns are not compared (no hang, no garbage): shapes that their data does not fill', () => {
  const a = hand.pytorch();
  const huge = { ...hand.tensorflow(), result: { ...hand.tensorflow().result, output: { data: new Float32Array(4), shape: [1, 1, 1e9] } } };
  assert.deepEqual(compareReasons(hand.input, [a, huge]), []);
  const shortGrad = { ...hand.tensorflow(), result: { ...hand.tensorflow().result, gradInput: t([1], [1, 1, 1]) } };
  assert.deepEqual(compareReasons(hand.input, [a, shortGrad]), []);
  assert.throws(() => compareReasons({ data: new Float32Array(3), shape: [1, 1, 4] }, [a]), RangeError);
  // indices that do not fit their output: no index-layout entry, the rest as usual
  const spec = pytorchSpec({ op: 'max', dims: 1, kernelSize: [2], stride: [2], padding: [0] });
  const col = (fw, idx) => ({ framework: fw, spec, result: { output: t([2, 4], [1, 1, 2]), gradInput: t([0, 0.5, 0, 0.5], [1, 1, 4]), indices: { data: idx, shape: [1, 1, 2] } } });
  assert.deepEqual(compareReasons(hand.input, [col('pytorch', [1, 3]), col('onnx', [1])]), []);
});

test('random layers (seeded): every difference of the library\'s columns is covered by a named rule, never "other"', () => {
  const rand = prng(20261207);
  const pick = (a) => a[Math.floor(rand() * a.length)];
  let compared = 0;
  const seen = new Set();
  for (let i = 0; i < 150; i++) {
    const dims = pick([1, 2]);
    const k = pick([1, 2, 3]);
    const op = pick(['max', 'avg']);
    const size = dims === 1 ? [pick([4, 5, 6, 7])] : [pick([4, 5, 6]), pick([4, 5, 6])];
    const pad = pick([0, 0, 1]);
    const s = setup({
      op, dims, size, batch: pick([1, 2]), channels: pick([1, 2]), kernelSize: [k], stride: [pick([1, 2, 3])], padding: [pad],
      dilation: [op === 'max' ? pick([1, 1, 2]) : 1], ceilMode: rand() < 0.4, countIncludePad: rand() < 0.6,
      onnxAutoPad: pick(['NOTSET', 'NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID']), onnxCountIncludePad: rand() < 0.5,
      onnxPads: rand() < 0.3 ? Array.from({ length: 2 * dims }, () => pick([0, 1])) : null, tfPadding: pick(['SAME', 'VALID', 'EXPLICIT']),
    });
    const n = s.batch * s.channels * size.reduce((a, b) => a * b, 1);
    const input = Array.from({ length: n }, () => (rand() < 0.08 ? NaN : Math.round(rand() * 20 - 10)));
    const x = t(input, [s.batch, s.channels, ...size]);
    const columns = [];
    for (const fw of ['pytorch', 'onnx', 'tensorflow']) {
      try { columns.push(COLUMN[fw](s, x)); } catch { /* a layer this framework rejects: the view shows its message */ }
    }
    if (columns.length < 2) continue;
    const entries = compareReasons(x, columns);
    assertCovered(x, columns, entries, `random ${i}: ${JSON.stringify({ ...s, input: undefined })}`);
    for (const e of entries) {
      assert.notEqual(e.rule, 'other', `random ${i}: ${e.text.en}`);
      seen.add(e.rule);
    }
    compared++;
  }
  assert.ok(compared > 60, `${compared} layers compared`);
  for (const rule of ['output-size', 'padding-placement', 'divisor', 'gradient-routing', 'index-layout', 'dilation']) assert.ok(seen.has(rule), `the sweep met ${rule}`);
});
