// The chapters and practice mode as pure functions (no DOM): a chapter in a URL opens its view,
// leaving it is seen, the tutorial preset stays; typed answers read as numbers or fractions and
// are marked within the stated tolerance. Expected numbers are the tutorial's (hand-derived).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { init } from '../../web/lib/index.js';
import { defaultState, parseState, serializeState } from '../../web/widget/state.js';
import { chapterStatus, chapterChosen, chapterFocus } from '../../web/widget/chapters.js';
import { parseAnswer, isRight, verdicts, practiceTyped, practiceChecked } from '../../web/widget/practice.js';
import { Results } from '../../web/widget/model.js';
import { STRINGS } from '../../web/widget/i18n.js';
import { BUDGET } from '../../web/widget/limits.js';

before(() => init());

test('a chapter in a URL opens its view unless a preset is given; the state round-trips', () => {
  assert.deepEqual(chapterStatus(defaultState()), { n: 1, view: 0 }, 'the default view is chapter 1');
  const three = parseState('chapter=3').state;
  assert.deepEqual([three.stride, three.op, three.preset, three.chapter], [[1], 'max', 'tutorial', 3]);
  assert.deepEqual(chapterStatus(three), { n: 3, view: 0 });
  assert.deepEqual(parseState(serializeState(three)).state, three, 'round trip');
  const five = parseState('chapter=5&lang=zh').state;
  assert.deepEqual([five.op, five.stride, five.lang], ['avg', [1], 'zh']);
  // an explicit key wins over the chapter's view: the chapter is left
  assert.deepEqual(chapterStatus(parseState('chapter=3&stride=2').state), { n: 3, view: -1 });
  // a preset given: the preset, not the chapter's view
  const ties = parseState('chapter=6&preset=ties').state;
  assert.deepEqual(chapterStatus(ties), { n: 6, view: 2 }, 'chapter 6\'s tie view');
  assert.deepEqual(parseState('chapter=9').errors.map((e) => e.param), ['chapter']);
});

test('choosing a chapter sets its view and cell; leaving keeps the preset of the tutorial\'s input', () => {
  const snap = { state: { ...defaultState(), lang: 'zh', practice: 'positions' }, cap: BUDGET.elements };
  const a = chapterChosen(snap, 4);
  assert.deepEqual([a.state.op, a.state.stride, a.state.chapter, a.state.lang, a.state.practice], ['avg', [2], 4, 'zh', 'positions']);
  assert.deepEqual(a.focus, { side: 'out', k: 0 });
  const ceil = chapterChosen(snap, 6, 1).state;
  assert.deepEqual([ceil.kernelSize, ceil.ceilMode, chapterStatus(ceil).view], [[3], true, 1]);
  assert.equal(chapterFocus({ ...defaultState(), stride: [1] }), null, 'a left chapter explains nothing first');
  const left = { ...a.state, kernelSize: [3] };
  assert.deepEqual([chapterStatus(left).view, left.preset], [-1, 'tutorial']);
  assert.deepEqual(chapterStatus({ ...a.state, input: [...new Array(35).fill(1), 2] }).view, -1, 'other numbers leave it too');
});

test('typed answers: numbers and fractions, within ±0.0005 or 0.1%', () => {
  const near = (r, v) => Math.abs(r.value - v) < 1e-12;
  assert.ok(near(parseAnswer('1/36'), 1 / 36));
  assert.ok(near(parseAnswer(' 1 / (25·4) '), 0.01));
  assert.ok(near(parseAnswer('4/(25*4)'), 0.04));
  assert.ok(near(parseAnswer('0.16'), 0.16));
  assert.ok(near(parseAnswer('-2'), -2));
  assert.deepEqual(parseAnswer(''), { blank: true });
  for (const bad of ['abc', '1/0', '1/', '/9', '1/(2·)', 'nan', '1'.repeat(300)]) assert.ok(parseAnswer(bad).error, bad);
  assert.ok(isRight(0.111, 1 / 9, 'grad-input'), '0.111 for 1/9 (0.00011 off)');
  assert.ok(!isRight(0.11, 1 / 9, 'grad-input'), '0.11 for 1/9 (0.0011 off)');
  assert.ok(isRight(0.028, 1 / 36, 'grad-input'), '0.028 for 1/36 (0.00022 off)');
  assert.ok(!isRight(0.03, 1 / 36, 'grad-input'));
  assert.ok(isRight(4, 4, 'positions') && !isRight(3.9, 4, 'positions'), 'counts exactly');
});

test('practice marks each cell against the library\'s dL/dx', () => {
  const state = { ...defaultState(), practice: 'grad-input' };
  const results = new Results(state);
  let snap = {
    state, valid: state, results, plane: results.plane(0), t: STRINGS.en, lang: 'en', practice: null,
    focus: null, hover: null, step: { step: -1 }, cap: BUDGET.elements,
  };
  const type = (k, text) => { snap = { ...snap, practice: practiceTyped(snap, k, text).practice }; };
  type(6, '1/9'); // x[1, 0], the argmax of y[0, 0]
  type(0, '0');
  type(9, '0'); // x[1, 3] wins y[0, 1] = max{4, 2, 5, 6}: 1/9, not 0
  assert.equal(verdicts(snap), null, 'nothing marked before a check');
  snap = { ...snap, practice: practiceChecked(snap).practice };
  const v = verdicts(snap);
  assert.deepEqual([v[6], v[0], v[9], v[1]], ['right', 'right', 'wrong', 'blank']);
});
