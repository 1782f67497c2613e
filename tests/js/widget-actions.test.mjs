// The widget's actions (web/widget/actions.js) and its state's round trip, in Node: every event
// as a pure function of a snapshot, on the tutorial example. No DOM.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { init } from '../../web/lib/index.js';
import * as actions from '../../web/widget/actions.js';
import {
  PARAMS, POOLING, SHAPE, PER_AXIS, PRESETS, defaultState, parseState, serializeState, stateToJSON, normalizeState,
  resolveInput, parseMatrixText, cloneState,
} from '../../web/widget/state.js';
import { Results } from '../../web/widget/model.js';
import { STRINGS } from '../../web/widget/i18n.js';
import { BUDGET } from '../../web/widget/limits.js';

const fixtures = JSON.parse(readFileSync(new URL('../../../shared/fixtures/pytorch/cases_seed.json', import.meta.url), 'utf8'));
const TUTORIAL = fixtures.find((c) => c.op === 'max_pool2d' && c.args.stride === 2);

before(() => init());

/** A snapshot as element.js makes it, of a state that rendered. */
function snapshotOf(state, extra = {}) {
  const results = new Results(state);
  return {
    state, valid: state, results, plane: results.plane(state.plane), lang: 'en', t: STRINGS.en, dark: false,
    cap: BUDGET.elements, messages: [], fatal: null, focus: null, hover: null,
    step: { step: -1, playing: false, speed: 2, total: 2 * results.windowsPerPlane }, ...extra,
  };
}

test('the default state is the tutorial: PyTorch\'s 6x6 input', () => {
  const s = defaultState();
  assert.equal(s.preset, 'tutorial');
  assert.deepEqual(resolveInput(s), TUTORIAL.input);
  assert.deepEqual([s.op, s.kernelSize, s.stride, s.size], ['max', [2], [2], [6, 6]]);
});

test('the parameter lists are derived from PARAMS', () => {
  assert.deepEqual(POOLING.map((p) => p.name),
    ['op', 'outputSize', 'normType', 'kernelSize', 'stride', 'padding', 'dilation', 'ceilMode', 'countIncludePad', 'divisorOverride',
      'outputRatio', 'samples', 'sampleSeed']);
  assert.deepEqual(SHAPE.map((p) => p.key), ['dims', 'size', 'channels', 'batch']);
  assert.deepEqual(PER_AXIS.map((p) => p.key), ['output-size', 'kernel-size', 'stride', 'padding', 'dilation', 'output-ratio']);
  assert.deepEqual(PARAMS.filter((p) => p.control).map((p) => p.key), [
    'op', 'dims', 'size', 'output-size', 'norm-type', 'kernel-size', 'stride', 'padding', 'dilation', 'ceil-mode', 'count-include-pad',
    'divisor-override', 'output-ratio', 'samples', 'sample-seed', 'channels', 'batch', 'plane', 'grad', 'preset', 'seed',
    'compare', 'onnx-auto-pad', 'onnx-pads', 'onnx-count-include-pad', 'tf-padding',
  ]);
  for (const p of PARAMS) assert.ok(['pooling', 'shape', 'data', 'grad', 'view', 'compare'].includes(p.group), p.name);
});

test('state round trip: URL text, JSON and back give the same state', () => {
  const states = [
    defaultState(),
    { ...defaultState(), op: 'avg', kernelSize: [2, 3], stride: [1, 2], padding: [1, 0], ceilMode: true, countIncludePad: false,
      divisorOverride: 3, size: [4, 5], preset: '', input: Array.from({ length: 20 }, (_, i) => (i % 3 ? i / 8 : -i)), grad: 'sum' },
    { ...defaultState(), dims: 3, size: [3, 4, 4], kernelSize: [2], channels: 2, batch: 2, plane: 3, preset: '', seed: 9,
      lang: 'zh', theme: 'dark', show: ['input', 'explain'] },
    { ...defaultState(), dims: 1, size: [4], preset: '', input: [NaN, Infinity, -Infinity, -0], grad: 'custom', gradValues: [0.5, -2] },
  ];
  for (const [i, s] of states.entries()) {
    const back = parseState(serializeState(s));
    assert.deepEqual(back.errors, [], `case ${i}`);
    assert.deepEqual(back.state, s, `case ${i}: URL`);
    const json = normalizeState(stateToJSON(s));
    assert.deepEqual(json.errors, [], `case ${i}`);
    assert.deepEqual(json.state, s, `case ${i}: JSON`);
  }
});

test('paste parsing: rows, nested lists, NumPy and PyTorch printouts, errors with a position', () => {
  assert.deepEqual(parseMatrixText('1 2 3\n4 5 6'), { values: [1, 2, 3, 4, 5, 6], shape: [2, 3] });
  assert.deepEqual(parseMatrixText('[[1, 2], [3, 4]]'), { values: [1, 2, 3, 4], shape: [2, 2] });
  assert.deepEqual(parseMatrixText('tensor([[1., nan], [-inf, 4.]])'), { values: [1, NaN, -Infinity, 4], shape: [2, 2] });
  assert.deepEqual(parseMatrixText('array([[1, 2]], dtype=float32)'), { values: [1, 2], shape: [1, 2] });
  assert.deepEqual(parseMatrixText('1, 2; 3, 4'), { values: [1, 2, 3, 4], shape: [2, 2] });
  const bad = parseMatrixText('1 2 x');
  assert.equal(bad.at, 5);
  assert.match(bad.error, /not a number at character 5: "x"/);
  assert.match(parseMatrixText('').error, /empty/);
});

test('controlChanged: a parameter, a bad value, a preset, custom, dims, seed, the custom gradient', () => {
  const snap = snapshotOf(defaultState());
  let a = actions.controlChanged(snap, 'stride', '1');
  assert.deepEqual([a.param, a.clear, a.state.stride], ['stride', ['stride'], [1]]);
  // issue 9: the tutorial preset names its input; a parameter edit that keeps the numbers keeps it
  assert.equal(a.state.preset, 'tutorial', 'a parameter change keeps the tutorial\'s input, so its preset');
  assert.deepEqual(resolveInput(a.state), TUTORIAL.input, 'and its numbers');
  const paddingOnly = snapshotOf(actions.controlChanged(snap, 'preset', 'padding-only').state);
  a = actions.controlChanged(paddingOnly, 'padding', '0');
  assert.equal(a.state.preset, '', 'a preset that names a whole setup is left by a parameter change');
  assert.equal(snap.state.stride[0], 2, 'the snapshot is not changed');

  a = actions.controlChanged(snap, 'stride', 'two');
  assert.equal(a.state, undefined, 'nothing to try');
  assert.deepEqual(a.errors.map((e) => [e.param, e.kind]), [['stride', 'parse']]);
  assert.match(a.errors[0].message, /^stride must be/);

  a = actions.controlChanged(snap, 'preset', 'ties');
  assert.deepEqual([a.param, a.state.preset, a.state.size], ['preset', 'ties', [4, 4]]);
  assert.deepEqual(resolveInput(a.state), PRESETS.ties.input);

  a = actions.controlChanged(snap, 'preset', '');
  assert.equal(a.compute, false, 'custom only renames: nothing to compute');
  assert.deepEqual([a.state.preset, a.state.input], ['', TUTORIAL.input]);

  a = actions.controlChanged(snap, 'dims', '1');
  assert.deepEqual([a.state.dims, a.state.size], [1, [6]]);
  assert.deepEqual(a.state.input, TUTORIAL.input.slice(0, 6), 'the first row is kept');

  a = actions.controlChanged(snap, 'size', '7x6');
  assert.deepEqual(a.state.input.slice(0, 36), TUTORIAL.input, 'every value whose position remains is kept');
  assert.equal(a.state.input.length, 42);

  a = actions.controlChanged(snap, 'seed', '5');
  assert.deepEqual([a.state.seed, a.state.input, a.state.preset], [5, null, '']);

  a = actions.controlChanged(snap, 'grad', 'custom');
  assert.equal(a.state.grad, 'custom');
  assert.deepEqual(a.state.gradValues, new Array(9).fill(0.11111111), 'starts from the mean\'s dL/dy (float32 1/9)');
  const custom = snapshotOf(a.state);
  a = actions.controlChanged(custom, 'stride', '1');
  assert.equal(a.state.gradValues, null, 'another output shape: back to the mean');
  a = actions.controlChanged(custom, 'padding', '0');
  assert.equal(a.state.gradValues.length, 9, 'the same output shape keeps it');
});

test('randomInput, pasted, cellEdited', () => {
  const snap = snapshotOf(defaultState());
  let a = actions.randomInput(snap, 42);
  assert.deepEqual([a.param, a.state.seed, a.state.input, a.state.preset], ['seed', 42, null, '']);

  a = actions.pasted(snap, '1 2 3\n4 5 6');
  assert.deepEqual([a.param, a.state.dims, a.state.size, a.state.input, a.state.preset], ['input', 2, [2, 3], [1, 2, 3, 4, 5, 6], '']);
  const negated = TUTORIAL.input.map((v) => 0 - v);
  a = actions.pasted(snap, negated.join(' '));
  assert.deepEqual([a.state.size, a.state.input], [[6, 6], negated], 'a flat list of the right length');
  a = actions.pasted(snap, '[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]');
  assert.deepEqual([a.state.dims, a.state.channels, a.state.size], [2, 2, [2, 2]], '(C, H, W) for a 2-D view');
  a = actions.pasted(snap, '1 2 x');
  assert.equal(a.state, undefined);
  assert.deepEqual([a.errors[0].param, a.errors[0].kind, a.errors[0].key], ['input', 'local', 'pasteError']);
  assert.match(a.errors[0].message, /^Could not read the pasted matrix: not a number at character 5/);

  a = actions.cellEdited(snap, 'input', 7, '-3.5');
  assert.equal(a.state.input[7], -3.5);
  assert.deepEqual(a.activate, { matrix: 'input', k: 7 });
  assert.equal(a.state.preset, '');
  a = actions.cellEdited(snap, 'input', 7, 'seven');
  assert.deepEqual([a.errors[0].param, a.errors[0].message], ['input', 'not a number: seven']);
  a = actions.cellEdited(snap, 'grad-output', 0, '1');
  assert.deepEqual(a, { clear: ['grad-values'] }, 'dL/dy is edited only with grad = custom');
  const custom = snapshotOf({ ...defaultState(), grad: 'custom' });
  a = actions.cellEdited(custom, 'grad-output', 4, '2');
  assert.equal(a.state.gradValues[4], 2);
  assert.equal(a.state.gradValues.length, 9);
});

test('langToggled, themeToggled, cellFocused, cellHovered', () => {
  const snap = snapshotOf({ ...defaultState(), lang: 'en' });
  assert.deepEqual(actions.langToggled(snap), { view: { lang: 'zh' } });
  assert.deepEqual(actions.langToggled({ ...snap, state: { ...snap.state, lang: 'zh' } }), { view: { lang: 'en' } });
  assert.deepEqual(actions.themeToggled(snap), { view: { theme: 'dark' } });
  assert.deepEqual(actions.themeToggled({ ...snap, dark: true }), { view: { theme: 'light' } });
  assert.deepEqual(actions.cellFocused(snap, 'out', 3), { focus: { side: 'out', k: 3 } });
  assert.deepEqual(actions.cellHovered(snap, 'in', 5), { hover: { side: 'in', k: 5 } });
  assert.deepEqual(actions.cellHovered(snap, null, null), { hover: null });
  assert.deepEqual(actions.cellFocused({ ...snap, results: null }, 'out', 3), {}, 'nothing before the first render');
});

test('propertySet and attributesChanged: the same checks, sticky messages', () => {
  const snap = snapshotOf(defaultState());
  let a = actions.propertySet(snap, { ...stateToJSON(snap.state), kernelSize: [3], stride: [1] });
  assert.equal(a.clearSticky, true);
  assert.deepEqual([a.state.kernelSize, a.state.stride, a.errors], [[3], [1], []]);
  a = actions.propertySet(snap, { op: 'median' });
  assert.deepEqual(a.errors.map((e) => [e.param, e.sticky]), [['op', true]]);
  assert.equal(a.state.op, 'max');

  const attrs = Object.fromEntries(PARAMS.map((p) => [p.key, null]));
  a = actions.attributesChanged(snap, ['stride'], { ...attrs, stride: '1' });
  assert.deepEqual([a.param, a.clear, a.state.stride], ['stride', ['stride'], [1]]);
  a = actions.attributesChanged(snap, ['stride', 'padding'], { ...attrs, stride: '1', padding: '1' });
  assert.equal(a.param, null, 'two attributes: no single control caused it');
  a = actions.attributesChanged(snap, ['stride'], { ...attrs, stride: 'wide' });
  assert.deepEqual(a.errors.map((e) => [e.param, e.sticky]), [['stride', true]]);
  assert.deepEqual(a.state.stride, [2], 'a bad attribute keeps that parameter');
  a = actions.attributesChanged(snap, ['dims'], { ...attrs, dims: '3' });
  assert.deepEqual([a.state.dims, a.state.size], [3, [3, 6, 6]]);
  a = actions.attributesChanged(snap, ['preset'], { ...attrs, preset: 'overlap', stride: '2' });
  assert.deepEqual([a.state.op, a.state.kernelSize, a.state.stride], ['avg', [3], [2]], 'a preset, and the other attributes over it');
});

test('an answer never changes the snapshot it was given', () => {
  const state = defaultState();
  const snap = snapshotOf(state);
  const before = JSON.stringify(stateToJSON(state));
  actions.controlChanged(snap, 'size', '5x5');
  actions.pasted(snap, '1 2');
  actions.cellEdited(snap, 'input', 0, '9');
  actions.attributesChanged(snap, ['dims'], Object.fromEntries(PARAMS.map((p) => [p.key, p.key === 'dims' ? '1' : null])));
  assert.equal(JSON.stringify(stateToJSON(state)), before);
  assert.deepEqual(cloneState(state), state);
});
