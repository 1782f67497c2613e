// The comparison view's state (web/widget/state.js): compare, onnx-auto-pad, onnx-pads,
// onnx-count-include-pad, tf-padding read from text, written back, capped, with messages that
// name the key; the six compare presets. No library needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseState, serializeState, normalizeState, stateToJSON, defaultState, PRESETS, COMPARE_PRESETS, presetMatches, paramByKey, PARAMS,
} from '../../web/widget/state.js';
import { STRINGS } from '../../web/widget/i18n.js';

const json = (s) => JSON.parse(JSON.stringify(s, (k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)));

test('defaults: the comparison is off, each framework knob at its own framework\'s default', () => {
  const s = defaultState();
  assert.deepEqual(s.compare, []);
  assert.equal(s.onnxAutoPad, 'NOTSET');
  assert.equal(s.onnxPads, null);
  assert.equal(s.onnxCountIncludePad, false); // ONNX's count_include_pad defaults to 0 (PyTorch's to True)
  assert.equal(s.tfPadding, 'VALID');
  const q = serializeState(s);
  assert.equal(q.get('compare'), 'none');
  assert.equal(q.get('onnx-pads'), 'none');
  for (const key of ['compare', 'onnx-auto-pad', 'onnx-pads', 'onnx-count-include-pad', 'tf-padding']) {
    assert.equal(paramByKey(key).group, 'compare', key);
  }
});

test('compare: a comma list of frameworks, read in any order and case, written in column order', () => {
  const read = (text) => parseState({ compare: text });
  assert.deepEqual(read('tensorflow,PyTorch').state.compare, ['pytorch', 'tensorflow']);
  assert.deepEqual(read('onnx onnx').state.compare, ['onnx']);
  assert.deepEqual(read('all').state.compare, ['pytorch', 'onnx', 'tensorflow']);
  assert.deepEqual(read('none').state.compare, []);
  assert.deepEqual(read('').state.compare, []);
  const bad = read('pytorch,jax');
  assert.deepEqual(bad.state.compare, []);
  assert.deepEqual(bad.errors.map((e) => e.param), ['compare']);
  assert.match(bad.errors[0].message, /^compare must be a comma list of pytorch, onnx, tensorflow/);
  // more than three words is refused without reading on
  assert.equal(read('pytorch,onnx,tensorflow,pytorch').errors[0].param, 'compare');
});

test('onnx-auto-pad and tf-padding: their frameworks\' words in any case, written as the frameworks write them', () => {
  const r = parseState({ 'onnx-auto-pad': 'same_lower', 'tf-padding': 'Same' });
  assert.deepEqual(r.errors, []);
  assert.equal(r.state.onnxAutoPad, 'SAME_LOWER');
  assert.equal(r.state.tfPadding, 'SAME');
  const q = serializeState(r.state);
  assert.equal(q.get('onnx-auto-pad'), 'SAME_LOWER');
  assert.equal(q.get('tf-padding'), 'SAME');
  const bad = parseState({ 'onnx-auto-pad': 'SAME', 'tf-padding': 'FULL' });
  assert.deepEqual(bad.errors.map((e) => e.param), ['onnx-auto-pad', 'tf-padding']);
  assert.match(bad.errors[0].message, /onnx-auto-pad must be one of NOTSET, SAME_UPPER, SAME_LOWER, VALID/);
  assert.match(bad.errors[1].message, /tf-padding must be one of VALID, SAME, EXPLICIT/);
  assert.equal(bad.state.onnxAutoPad, 'NOTSET');
  assert.equal(bad.state.tfPadding, 'VALID');
});

test('onnx-pads: 2·dims integers (begins, then ends), as ONNX writes them or plain; a wrong count or value is named', () => {
  assert.deepEqual(parseState({ 'onnx-pads': '[0, 0, 1, 1]' }).state.onnxPads, [0, 0, 1, 1]);
  assert.deepEqual(parseState({ 'onnx-pads': '0,0,1,1' }).state.onnxPads, [0, 0, 1, 1]);
  assert.deepEqual(parseState({ dims: '1', size: '7', 'onnx-pads': '2 0' }).state.onnxPads, [2, 0]);
  assert.equal(parseState({ 'onnx-pads': 'none' }).state.onnxPads, null);
  // the count is checked against dims, the rest of the state is kept
  const three = parseState({ 'onnx-pads': '1,2,3', 'kernel-size': '3', compare: 'pytorch,onnx' });
  assert.deepEqual(three.errors.map((e) => e.param), ['onnx-pads']);
  assert.equal(three.errors[0].message, 'onnx-pads must have 4 numbers for 2-D (begins then ends), got 1,2,3');
  assert.equal(three.state.onnxPads, null);
  assert.deepEqual(three.state.kernelSize, [3]);
  assert.deepEqual(three.state.compare, ['pytorch', 'onnx']);
  for (const text of ['-1,0,0,0', '0,0,1,x', '1', '1,2,3,4,5,6,7', '+1,0,0,0', '0.5,0,0,0']) {
    const r = parseState({ 'onnx-pads': text });
    assert.deepEqual(r.errors.map((e) => e.param), ['onnx-pads'], text);
    assert.match(r.errors[0].message, /^onnx-pads must be 2 to 6 integers of 0 or more/, text);
    assert.equal(r.state.onnxPads, null, text);
  }
  // a preset's pads stay when the URL's are unreadable in count
  const kept = parseState({ preset: 'compare-asymmetric', 'onnx-pads': '1,1' });
  assert.deepEqual(kept.state.onnxPads, [0, 0, 1, 1]);
});

test('every comparison value is capped in length before it is read', () => {
  const long = '0,'.repeat(400);
  for (const key of ['compare', 'onnx-auto-pad', 'onnx-pads', 'onnx-count-include-pad', 'tf-padding']) {
    const r = parseState({ [key]: long });
    assert.equal(r.errors.length, 1, key);
    assert.equal(r.errors[0].param, key);
    assert.match(r.errors[0].message, new RegExp(`^${key} is too long: 800 characters, at most 256$`));
    assert.deepEqual(r.state[paramByKey(key).name], defaultState()[paramByKey(key).name], key);
  }
});

test('round trip: URL text, JSON and back give the same comparison', () => {
  const states = [
    { ...defaultState(), preset: '', op: 'avg', compare: ['onnx', 'tensorflow'], onnxAutoPad: 'SAME_UPPER', onnxCountIncludePad: true, tfPadding: 'EXPLICIT' },
    { ...defaultState(), preset: '', dims: 1, size: [9], compare: ['pytorch', 'onnx'], onnxPads: [0, 2] },
    { ...defaultState(), preset: '', compare: ['pytorch', 'onnx', 'tensorflow'], onnxPads: [1, 0, 2, 1] },
  ];
  for (const [i, s] of states.entries()) {
    const q = serializeState(s);
    const back = parseState(q);
    assert.deepEqual(back.errors, [], `state ${i}`);
    assert.deepEqual(json(back.state), json(s), `state ${i}: URL`);
    const viaJson = normalizeState(JSON.parse(JSON.stringify(stateToJSON(s))));
    assert.deepEqual(viaJson.errors, [], `state ${i}: JSON`);
    assert.deepEqual(json(viaJson.state), json(s), `state ${i}: JSON`);
  }
  // hostile JSON: a long compare list or pads array is cut, not read whole
  const hostile = normalizeState({ compare: new Array(1e6).fill('onnx'), onnxPads: new Array(1e6).fill(1) });
  assert.deepEqual(hostile.state.compare, []);
  assert.equal(hostile.state.onnxPads, null);
  assert.deepEqual(hostile.errors.map((e) => e.param).sort(), ['compare', 'onnx-pads']);
});

test('the compare presets: each turns the comparison on, round-trips, is listed with en and zh titles', () => {
  assert.deepEqual(COMPARE_PRESETS, ['compare-divisor', 'compare-same', 'compare-ceil', 'compare-nan', 'compare-asymmetric', 'compare-argmax']);
  assert.ok(COMPARE_PRESETS.every((name) => paramByKey('preset').values.includes(name)));
  for (const name of COMPARE_PRESETS) {
    const { state, errors } = parseState({ preset: name });
    assert.deepEqual(errors, [], name);
    assert.deepEqual(state.compare, ['pytorch', 'onnx', 'tensorflow'], name);
    assert.ok(['max', 'avg'].includes(state.op), name);
    assert.equal(state.preset, name);
    assert.ok(presetMatches(state), name);
    const back = parseState(serializeState(state));
    assert.deepEqual(json(back.state), json(state), name);
    assert.ok(STRINGS.en.comparePresets[name] && STRINGS.zh.comparePresets[name], `${name}: titles`);
    assert.notEqual(STRINGS.en.comparePresets[name], STRINGS.zh.comparePresets[name]);
  }
  // each preset's numbers: the input's size fits
  for (const name of COMPARE_PRESETS) {
    const p = PRESETS[name];
    assert.equal(p.input.length, p.size.reduce((a, b) => a * b, 1) * (p.channels ?? 1) * (p.batch ?? 1), name);
  }
  assert.deepEqual(PRESETS['compare-asymmetric'].onnxPads, [0, 0, 1, 1]);
  assert.equal(PRESETS['compare-divisor'].tfPadding, 'SAME');
  assert.equal(PRESETS['compare-same'].onnxAutoPad, 'SAME_LOWER');
  assert.ok(PRESETS['compare-ceil'].ceilMode && PRESETS['compare-ceil'].onnxCountIncludePad && PRESETS['compare-ceil'].countIncludePad);
  assert.ok(PRESETS['compare-nan'].input.some(Number.isNaN));
  assert.equal(PRESETS['compare-argmax'].channels, 2);
  // a knob changed by hand leaves the preset (it names a whole setup)
  const moved = { ...parseState({ preset: 'compare-divisor' }).state, tfPadding: 'VALID' };
  assert.ok(!presetMatches(moved));
});

test('the comparison knobs have labels in both languages, and controls only for their framework', () => {
  for (const p of PARAMS.filter((x) => x.group === 'compare')) {
    assert.ok(STRINGS.en[p.name] && STRINGS.zh[p.name], p.key);
    assert.ok(p.control, p.key);
  }
  assert.deepEqual(PARAMS.filter((x) => x.framework).map((x) => [x.key, x.framework]), [
    ['onnx-auto-pad', 'onnx'], ['onnx-pads', 'onnx'], ['onnx-count-include-pad', 'onnx'], ['tf-padding', 'tensorflow'],
  ]);
});
