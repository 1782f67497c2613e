// The widget's explanations in Node (web/widget/explain.js, model.js, player.js, messages.js,
// formulas.js, format.js, colors.js) on the tutorial example: the 6x6 input of
// ../shared/fixtures/pytorch/cases_seed.json, whose windows, argmaxes and gradients are
// PyTorch's. Windows of a 2x2 kernel with stride 2 on 6x6, by hand: window (r, c) covers
// x[2r..2r+1, 2c..2c+1], so y[0, 0]'s window is the flat cells 0, 1, 6, 7.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { init, outputShape } from '../../web/lib/index.js';
import { defaultState } from '../../web/widget/state.js';
import { Results } from '../../web/widget/model.js';
import { marksFor, explanation, stepText, cellName } from '../../web/widget/explain.js';
import { StepPlayer } from '../../web/widget/player.js';
import { Messages, messageText, local, controlOf } from '../../web/widget/messages.js';
import { formatShort, formatFloat32, formatCount } from '../../web/widget/format.js';
import { colorKind, painter, MAPS } from '../../web/widget/colors.js';
import { formulaBlocks, texToText } from '../../web/widget/formulas.js';
import { STRINGS, resolveLang } from '../../web/widget/i18n.js';
import { BUDGET } from '../../web/widget/limits.js';

const fixtures = JSON.parse(readFileSync(new URL('../../../shared/fixtures/pytorch/cases_seed.json', import.meta.url), 'utf8'));
const fixture = (op, stride) => fixtures.find((c) => c.op === `${op}_pool2d` && c.args.stride === stride);

before(() => init());

function snapshotOf(patch, extra = {}) {
  const state = { ...defaultState(), ...patch };
  const results = new Results(state);
  return {
    state, valid: state, results, plane: results.plane(state.plane), lang: 'en', t: STRINGS.en, dark: false,
    cap: BUDGET.elements, messages: [], fatal: null, focus: null, hover: null,
    step: { step: -1, playing: false, speed: 2, total: 2 * results.windowsPerPlane }, ...extra,
  };
}
const marked = (marks) => Object.fromEntries(Object.entries(marks).map(([m, map]) => [m, Object.fromEntries(map)]));

test('the model is the library\'s answer: PyTorch\'s numbers for the tutorial', () => {
  for (const [op, stride] of [['max', 2], ['max', 1], ['avg', 2], ['avg', 1]]) {
    const f = fixture(op, stride);
    const P = snapshotOf({ op, stride: [stride] }).plane;
    assert.deepEqual(Array.from(P.input), f.input, f.id);
    assert.deepEqual(Array.from(P.output), f.output.map(Math.fround), f.id);
    Array.from(P.gradInput).forEach((v, i) => assert.ok(Math.abs(v - f.grad_input[i]) < 1e-7, `${f.id} grad_input[${i}]`));
    if (op === 'max') assert.deepEqual(Array.from(P.indices), f.indices, f.id);
  }
});

test('a Results answers the states that ask the same question, and keeps its caches', () => {
  const s = defaultState();
  const r = new Results(s);
  assert.ok(r.answers({ ...s, lang: 'zh', theme: 'dark', show: [], plane: 0, preset: '', input: [...snapshotOf({}).plane.input] }));
  assert.ok(!r.answers({ ...s, stride: [1] }));
  assert.ok(!r.answers({ ...s, seed: 3, preset: '' }), 'other numbers');
  assert.equal(r.geometry(), r.geometry(), 'one geometry per answer');
  assert.equal(r.plane(0), r.plane(0));
  assert.equal(r.plane(0).partialGradInput(3), r.plane(0).partialGradInput(3));
});

test('marks: an output cell shows its window and its argmax; an input cell the windows that use it', () => {
  const f = fixture('max', 2);
  const out = marksFor(snapshotOf({}, { focus: { side: 'out', k: 0 } }));
  assert.equal(f.indices[0], 6);
  assert.deepEqual(marked(out), {
    input: { 0: 'win', 1: 'win', 6: 'win argmax', 7: 'win' },
    output: { 0: 'src' },
    'grad-output': { 0: 'src' },
    'grad-input': { 0: 'win', 1: 'win', 6: 'lands argmax', 7: 'win' },
    counts: { 0: 'win', 1: 'win', 6: 'win', 7: 'win' },
    indices: { 0: 'src' },
  });
  // x[4, 1] = 10 (flat 25) is in window y[2, 0] (flat 6), whose argmax it is (PyTorch: indices[6] = 25)
  assert.equal(f.indices[6], 25);
  const inp = marksFor(snapshotOf({}, { hover: { side: 'in', k: 25 }, focus: { side: 'out', k: 0 } }));
  assert.deepEqual(marked(inp), {
    input: { 25: 'src' }, output: { 6: 'win argmax' }, 'grad-output': { 6: 'win argmax' }, 'grad-input': { 25: 'src' }, counts: { 25: 'src' },
    indices: { 6: 'win argmax' },
  });
  // with stride 1, x[1, 0] (flat 6) lies in windows y[0, 0] and y[1, 0] (flat 0 and 5)
  const overlap = marksFor(snapshotOf({ stride: [1] }, { focus: { side: 'in', k: 6 } }));
  assert.deepEqual(Object.keys(marked(overlap).output).map(Number), [0, 5]);
});

test('marks during the step-through: the current window, forward then backward', () => {
  const W = 9;
  const fwd = marked(marksFor(snapshotOf({}, { step: { step: 1, playing: false, speed: 2, total: 2 * W }, focus: { side: 'in', k: 35 } })));
  assert.deepEqual(fwd.input, { 0: 'win', 1: 'win', 6: 'win argmax', 7: 'win' });
  assert.deepEqual(fwd['grad-input'], {}, 'forward: no gradient lands yet');
  const bwd = marked(marksFor(snapshotOf({}, { step: { step: W + 1, playing: false, speed: 2, total: 2 * W } })));
  assert.deepEqual(bwd['grad-input'], { 0: 'win', 1: 'win', 6: 'lands argmax', 7: 'win' });
  assert.deepEqual(marked(marksFor(snapshotOf({}, { step: { step: 0, playing: false, speed: 2, total: 2 * W } }))).input, {});
});

test('explanations in words, with PyTorch\'s numbers', () => {
  const out = explanation(snapshotOf({}, { focus: { side: 'out', k: 0 } }));
  assert.deepEqual(out, [
    ['y[0, 0] = max over its window {1, 3, 4, 2} = 4; the argmax is x[1, 0].', ''],
    ['Backward: its gradient dL/dy = 1/9 goes entirely to the argmax x[1, 0].', ''],
  ]);
  const inp = explanation(snapshotOf({}, { focus: { side: 'in', k: 25 } }));
  assert.deepEqual(inp, [
    ['x[4, 1] is in 1 window: y[2, 0] (argmax here)', ''],
    ['x[4, 1]: dL/dx = 0.1111 = 1/9', 'sum'],
  ]);
  // stride 1: the element that wins 4 windows gets 4/25 = 0.16 (PyTorch's grad_input)
  const f = fixture('max', 1);
  const j = f.grad_input.findIndex((v) => Math.abs(v - 0.16) < 1e-6);
  const four = explanation(snapshotOf({ stride: [1] }, { focus: { side: 'in', k: j } }));
  assert.equal(four[1][0], `${cellName(snapshotOf({}).plane, 'x', j, true)}: dL/dx = 0.16 = 1/25 + 1/25 + 1/25 + 1/25`);
  // average: y[0, 0] = (1 + 3 + 4 + 2) / 4 = 2.5 (PyTorch's output), each cell gets 1/9 / 4
  assert.equal(fixture('avg', 2).output[0], 2.5);
  const avg = explanation(snapshotOf({ op: 'avg' }, { focus: { side: 'out', k: 0 } }));
  assert.deepEqual(avg, [
    ['y[0, 0] = (1 + 3 + 4 + 2) / 4 = 2.5, with divisor B_c = 4.', ''],
    ['Backward: its gradient dL/dy = 1/9 is divided by B_c: 1/9 / 4 = 0.02778 goes to each of its 4 input elements.', ''],
  ]);
  assert.deepEqual(explanation(snapshotOf({})), [[STRINGS.en.explainIdle, 'muted']], 'nothing focused');
  const zh = explanation(snapshotOf({}, { t: STRINGS.zh, lang: 'zh', focus: { side: 'out', k: 0 } }));
  assert.match(zh[0][0], /^y\[0, 0\] = 其窗口 \{1, 3, 4, 2\} 中的最大值 = 4/);
});

test('the step-through line and the partial gradient after k windows', () => {
  const s = (step) => snapshotOf({}, { step: { step, playing: false, speed: 2, total: 18 } });
  assert.equal(stepText(s(-1)), STRINGS.en.stepIdle);
  assert.equal(stepText(s(0)), STRINGS.en.stepStart);
  // the tutorial's windows (hand-derived): y[0, 0] = max{1, 3, 4, 2} = 4 at x[1, 0]; y[1, 1]'s
  // window {7, 8, 3, 6} sends 1/9 to x[2, 3]; the last one, y[2, 2] {3, 5, 7, 8}, to x[5, 5]
  assert.equal(stepText(s(1)), 'Forward 1/9: y[0, 0] = max {1, 3, 4, 2} = 4, argmax x[1, 0].');
  assert.equal(stepText(s(14)), 'Backward 5/9: y[1, 1] sends its whole dL/dy = 1/9 = 0.1111 to its argmax. x[2, 3]: 0 + 0.1111 = 0.1111');
  assert.equal(stepText(s(18)), 'Backward 9/9: y[2, 2] sends its whole dL/dy = 1/9 = 0.1111 to its argmax. x[5, 5]: 0 + 0.1111 = 0.1111');
  // stride 1: x[4, 1] = 10 wins y[3, 0], y[3, 1], y[4, 0], y[4, 1]; the 4th (window 22 of 25) adds
  // its 1/25 to the three before: 0.12 + 0.04 = 0.16
  const s1 = (step) => snapshotOf({ stride: [1] }, { step: { step, playing: false, speed: 2, total: 50 } });
  assert.equal(stepText(s1(47)), 'Backward 22/25: y[4, 1] sends its whole dL/dy = 1/25 = 0.04 to its argmax. x[4, 1]: 0.12 + 0.04 = 0.16');
  const P1 = s1(47).plane;
  assert.deepEqual([P1.partialCounts(21)[25], P1.partialCounts(22)[25]], [3, 4], 'x[4, 1] (flat 25) counted with the steps');
  // average, stride 1: every window gives each of its 4 cells 1/(25·4) = 0.01
  const a1 = snapshotOf({ op: 'avg', stride: [1] }, { step: { step: 26, playing: false, speed: 2, total: 50 } });
  assert.equal(stepText(a1), 'Backward 1/25: y[0, 0] sends each of its 4 input cells the share 1/(25·4) = 0.01. '
    + 'x[0, 0]: 0 + 0.01 = 0.01; x[0, 1]: 0 + 0.01 = 0.01; x[1, 0]: 0 + 0.01 = 0.01; x[1, 1]: 0 + 0.01 = 0.01');
  for (const snap of [s(1), s1(1), a1]) {
    assert.deepEqual(Array.from(snap.plane.partialCounts(snap.plane.windows)), Array.from(snap.plane.counts), 'all windows: the library\'s counts');
  }
  // after window 0 sent its gradient back, only its argmax x[1, 0] (flat 6) holds 1/9
  const P = s(10).plane;
  const g = Array.from(P.partialGradInput(1));
  assert.deepEqual(g.map((v, i) => (v ? i : -1)).filter((i) => i >= 0), [6]);
  assert.ok(Math.abs(g[6] - 1 / 9) < 1e-7);
  assert.equal(P.partialGradInput(9), P.gradInput, 'all windows: the whole gradient');
});

/** A fake setInterval / clearInterval with a clock moved by tick(ms) (node:test's mock timers of
 * Node 20 keep an interval cleared inside its own callback running). */
function fakeIntervals() {
  const saved = { setInterval: globalThis.setInterval, clearInterval: globalThis.clearInterval };
  const timers = new Map();
  let now = 0;
  let nextId = 1;
  globalThis.setInterval = (fn, ms) => {
    timers.set(nextId, { fn, ms, at: now + ms });
    return nextId++;
  };
  globalThis.clearInterval = (id) => timers.delete(id);
  return {
    tick(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.values()].filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        now = due.at;
        due.at += due.ms;
        due.fn();
      }
      now = end;
    },
    live: () => timers.size,
    restore: () => Object.assign(globalThis, saved),
  };
}

test('StepPlayer: seek, next, prev, play, pause, end, speed, dispose', () => {
  const clock = fakeIntervals();
  try {
    let changes = 0;
    const p = new StepPlayer(() => changes++);
    p.reset(4);
    assert.deepEqual(p.snapshot(), { step: -1, playing: false, speed: 2, total: 4, first: false, last: false });
    p.next();
    assert.equal(p.step, 0, 'from the complete view, next starts over');
    p.next();
    p.next();
    assert.equal(p.step, 2);
    p.prev();
    assert.equal(p.step, 1);
    p.seek(99);
    assert.equal(p.step, -1, 'the scrub bar\'s end is the complete view');
    p.prev();
    p.next();
    assert.equal(p.step, 4, 'stepping reaches the last backward step');
    assert.equal(p.snapshot().last, true);
    p.next();
    assert.equal(p.step, 4, 'no wrap: next stops at the end');
    p.prev();
    assert.equal(p.step, 3);
    p.end();
    p.prev();
    assert.equal(p.step, 4, 'from the complete view, prev goes to the last step');
    p.seek(0);
    p.prev();
    assert.equal(p.step, 0, 'nothing before the start');
    assert.equal(p.snapshot().first, true);
    p.play();
    assert.equal(p.playing, true);
    clock.tick(500); // 2 steps a second
    assert.equal(p.step, 1);
    p.setSpeed(8);
    clock.tick(125);
    assert.equal(p.step, 2);
    clock.tick(250);
    assert.deepEqual([p.step, p.playing], [4, false], 'played to the last step, then stops');
    p.play();
    assert.equal(p.step, 0, 'play at the end starts over');
    p.pause();
    clock.tick(1000);
    assert.equal(p.step, 0);
    p.play();
    p.end();
    assert.deepEqual([p.step, p.playing], [-1, false]);
    p.play();
    const before = changes;
    p.dispose();
    clock.tick(10000);
    assert.deepEqual([p.playing, changes, clock.live()], [false, before, 0], 'disposed: no timer, no callback');
  } finally {
    clock.restore();
  }
});

test('messages: by control, sticky or not, in the language shown', () => {
  const m = new Messages();
  m.set('stride', { message: 'stride must be ...', kind: 'parse' });
  m.set('size', local(STRINGS.en, 'budget', { limit: 'cells-in', value: 5000, max: 4096 }, '50×100', ''), true);
  m.clearTransient();
  assert.deepEqual(m.entries().map(([p]) => p), ['size'], 'the sticky one stays after a good render');
  const [, entry] = m.entries()[0];
  assert.match(entry.message, /^size 50×100 has 5,000 cells per plane/);
  assert.equal(messageText(STRINGS.en, entry), entry.message);
  assert.match(messageText(STRINGS.zh, entry), /^输入大小 50×100 每个平面有 5,000 个单元格/, 'rewritten in Chinese');
  // the core's messages: English as is; Chinese by code and parameter (tests/js/core-messages.test.mjs)
  assert.equal(messageText(STRINGS.en, { kind: 'core', message: 'padding must be ...', code: 'out_of_range', about: 'padding' }), 'padding must be ...');
  assert.match(messageText(STRINGS.zh, { kind: 'core', message: 'padding must be ...', code: 'out_of_range', about: 'padding', facts: {} }), /^padding 填充 必须至少为 0/);
  m.clearSticky();
  assert.deepEqual(m.entries(), []);
  assert.deepEqual(['kernelSize', 'divisorOverride', 'input', 'inputShape', 'stride', ''].map(controlOf),
    ['kernel-size', 'divisor-override', 'size', 'size', 'stride', null]);
});

test('resolveLang: the first of the browser\'s languages that is Chinese or English', () => {
  assert.equal(resolveLang('auto', ['fr-FR', 'zh-CN']), 'zh');
  assert.equal(resolveLang('auto', ['fr-FR', 'en-GB', 'zh-CN']), 'en');
  assert.equal(resolveLang('auto', ['de']), 'en');
  assert.equal(resolveLang('auto', ['zh-TW']), 'zh');
  assert.equal(resolveLang('en', ['zh-CN']), 'en');
});

/** Evaluates a plain-text output-size equation (texToText of formulas.js): "L_out = ⌈(4 + ...)/3⌉ + 1 - 1 = 2". */
function checkEquation(text) {
  const [, lhs, rhs] = /^\w_out = (.*) = (-?\d+)$/.exec(text) ?? [];
  assert.ok(lhs, `an equation: ${text}`);
  const js = lhs.replace(/⌈/g, 'Math.ceil(').replace(/⌉/g, ')').replace(/⌊/g, 'Math.floor(').replace(/⌋/g, ')').replace(/·/g, '*');
  assert.match(js, /^[\d\s+\-*/().Mathceilflor]+$/, js);
  return [Function(`return ${js}`)(), Number(rhs)]; // eslint-disable-line no-new-func
}

test('formulas: every output-size equation is true, ceil_mode included (in 4, k 2, s 3, p 1 gives 2)', () => {
  const sizeLines = (state, outShape) => formulaBlocks({
    t: STRINGS.en, state, inShape: state.size, outShape, windowsPerPlane: outShape.reduce((a, b) => a * b, 1),
    divisors: null, counts: new Float32Array(state.size.reduce((a, b) => a * b, 1)), gradInput: null, outNumel: 1,
  }).filter(([kind, tex]) => kind === 'math' && /_\{\\text\{out\}\} = .*= -?\d+$/.test(tex)).map(([, tex]) => texToText(tex));
  const ask = (s) => outputShape([1, 1, ...s.size], { op: `${s.op}Pool${s.dims}d`, kernelSize: s.kernelSize, stride: s.stride,
    padding: s.padding, ceilMode: s.ceilMode, ...(s.op === 'max' ? { dilation: s.dilation } : {}) }).slice(2);
  const bug = { ...defaultState(), dims: 1, size: [4], kernelSize: [2], stride: [3], padding: [1], ceilMode: true };
  for (const op of ['max', 'avg']) {
    const s = { ...bug, op };
    const out = ask(s);
    assert.deepEqual(out, [2], 'the core drops the window that would start in the right padding');
    const [line] = sizeLines(s, out);
    const [left, right] = checkEquation(line);
    assert.equal(right, 2, line);
    assert.equal(left, right, `${op}: ${line}`);
  }
  // every small configuration: the left side equals the core's output size
  let n = 0;
  for (const op of ['max', 'avg']) for (const ceilMode of [false, true]) for (let size = 1; size <= 7; size++) {
    for (let k = 1; k <= 4; k++) for (let st = 1; st <= 4; st++) for (let p = 0; p <= 2; p++) for (const d of op === 'max' ? [1, 2] : [1]) {
      const s = { ...defaultState(), op, dims: 1, size: [size], kernelSize: [k], stride: [st], padding: [p], dilation: [d], ceilMode };
      let out;
      try { out = ask(s); } catch { continue; }
      const [left, right] = checkEquation(sizeLines(s, out)[0]);
      assert.equal(right, out[0]);
      assert.equal(left, right, JSON.stringify({ op, ceilMode, size, k, st, p, d }));
      n++;
    }
  }
  assert.ok(n > 300, `${n} configurations`);
});

test('one number format and one colour map for the widget and the exports', () => {
  assert.deepEqual([1 / 9, 0.16, 10, -0, 2.5e-5, 1e8, NaN, -Infinity].map(formatShort),
    ['0.1111', '0.16', '10', '0', '2.5e-5', '1e8', 'NaN', '-inf']);
  assert.deepEqual([Math.fround(0.1), -0, 3.4028234663852886e38, NaN].map(formatFloat32), ['0.1', '-0', '3.4028235e+38', 'nan']);
  assert.equal(formatCount(1048576), '1,048,576');
  assert.equal(colorKind('gradInput'), 'diverging');
  assert.equal(colorKind('gradOutput', true), 'diverging-dark');
  assert.equal(colorKind('counts'), 'counts');
  assert.equal(colorKind('input'), 'sequential');
  const paint = painter('gradInput', [-1, 0, 1, NaN]);
  assert.equal(paint(1).bg, MAPS.diverging[255].bg, 'the largest gradient: the orange end');
  assert.equal(paint(-1).bg, MAPS.diverging[0].bg);
  assert.equal(paint(NaN), null);
  assert.match(MAPS.diverging[255].bg, /^rgb\(179,88,6\)$/);
});
