// The words of the pooling family's explanations (web/widget/family-words.js, family-explain.js,
// explain.js, family-formulas.js) in Node. The closed forms the words write out are checked
// against PyTorch's fixtures (fractional max pooling's indices lie in the windows its
// generate_intervals gives, with PyTorch's _random_samples order) and against the library's
// windows (poolWindows), and the explanations' numbers against hand derivations on the
// tutorial's 6x6 input (web/widget/state.js TUTORIAL_INPUT):
//   row 0: 1 3 4 2 5 2 / row 1: 4 2 5 6 8 3 / row 2: 5 3 7 8 9 3 / ...
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { init } from '../../web/lib/index.js';
import { defaultState, PRESETS } from '../../web/widget/state.js';
import { Results } from '../../web/widget/model.js';
import { explanation, stepText, marksFor } from '../../web/widget/explain.js';
import { formulaBlocks, texToText } from '../../web/widget/formulas.js';
import { STRINGS } from '../../web/widget/i18n.js';
import { axisSpans, adaptiveSpan, fractionalStarts, sampleOfAxis } from '../../web/widget/family-words.js';

const dir = process.env.POOLGRAD_FIXTURES ?? new URL('../../../shared/fixtures/pytorch/', import.meta.url).pathname;
const CASES = JSON.parse(readFileSync(join(dir, 'cases_public.json'), 'utf8'));

before(() => init());

function snapshotOf(patch, extra = {}, lang = 'en') {
  const state = { ...defaultState(), ...patch };
  const results = new Results(state);
  const plane = results.plane(state.plane);
  return {
    state, valid: state, results, plane, lang, t: STRINGS[lang], focus: null, hover: null, practice: null,
    step: { step: -1, playing: false, speed: 2, total: 2 * plane.windows }, ...extra,
  };
}
const preset = (name, extra, lang) => snapshotOf({ ...PRESETS[name], preset: name }, extra, lang);
const words = (paras) => paras.map(([text]) => text).join('\n');

test('adaptive windows: the words\' [floor(i·In/Out), ceil((i+1)·In/Out)) are the library\'s windows', () => {
  // by hand: 6 -> 4: [0,2) [1,3) [3,5) [4,6); 9 -> 4: [0,3) [2,5) [4,7) [6,9)
  assert.deepEqual([0, 1, 2, 3].map((i) => adaptiveSpan(i, 6, 4)), [[0, 2], [1, 3], [3, 5], [4, 6]]);
  assert.deepEqual([0, 1, 2, 3].map((i) => adaptiveSpan(i, 9, 4)), [[0, 3], [2, 5], [4, 7], [6, 9]]);
  for (const [inN, outN] of [[6, 4], [9, 4], [7, 3], [10, 5], [5, 8], [13, 6]]) {
    const P = snapshotOf({ op: 'adaptive-avg', dims: 1, size: [inN], outputSize: [outN], input: null, preset: '' }).plane;
    assert.deepEqual(axisSpans(P, 0), Array.from({ length: outN }, (_, i) => adaptiveSpan(i, inN, outN)), `${inN} -> ${outN}`);
  }
});

test('fractional starts: PyTorch\'s indices lie in the windows generate_intervals gives (2-D and 3-D fixtures)', () => {
  const cases = CASES.filter((c) => c.op.startsWith('fractional_max_pool'));
  assert.ok(cases.length >= 10);
  for (const c of cases) {
    const dims = c.op.endsWith('3d') ? 3 : 2;
    const inSp = c.input_shape.slice(-dims);
    const outSp = c.output_shape.slice(-dims);
    const ks = Array.isArray(c.args.kernel_size) ? c.args.kernel_size : new Array(dims).fill(c.args.kernel_size);
    const planes = c.input_shape.slice(0, -dims).reduce((a, b) => a * b, 1);
    const outN = outSp.reduce((a, b) => a * b, 1);
    for (let p = 0; p < planes; p++) {
      const u = c.random_samples.slice(p * dims, (p + 1) * dims);
      const starts = inSp.map((n, a) => fractionalStarts(sampleOfAxis(u, dims, a), n, outSp[a], ks[a]).starts);
      for (let o = 0; o < outN; o++) {
        let rest = c.indices[p * outN + o];
        let q = o;
        const at = new Array(dims);
        const oi = new Array(dims);
        for (let a = dims - 1; a >= 0; a--) {
          at[a] = rest % inSp[a]; rest = Math.floor(rest / inSp[a]);
          oi[a] = q % outSp[a]; q = Math.floor(q / outSp[a]);
        }
        for (let a = 0; a < dims; a++) {
          const s = starts[a][oi[a]];
          assert.ok(at[a] >= s && at[a] < s + ks[a], `${c.id} plane ${p} output ${o} axis ${a}: index at ${at[a]} not in [${s}, ${s + ks[a]})`);
        }
      }
    }
  }
  // by hand, the fractional preset (6 -> 4, K = 2, alpha = 4/3): u = 0.25 -> 0, 1, 3, 4; u = 0.75 -> 0, 1, 2, 4
  assert.deepEqual(fractionalStarts(0.25, 6, 4, 2).starts, [0, 1, 3, 4]);
  assert.deepEqual(fractionalStarts(0.75, 6, 4, 2).starts, [0, 1, 2, 4]);
});

test('fractional starts are the library\'s windows, per axis with its sample (2-D [w, h], 3-D [t, h, w])', () => {
  for (const patch of [
    { dims: 2, size: [9, 11], kernelSize: [2, 3], outputSize: [5, 4], samples: [0.9, 0.1] },
    { dims: 3, size: [7, 8, 9], kernelSize: [2], outputSize: [3, 4, 5], samples: [0.3, 0.6, 0.95] },
  ]) {
    const P = snapshotOf({ op: 'fractional-max', input: null, preset: '', outputRatio: null, ...patch }).plane;
    for (let a = 0; a < patch.dims; a++) {
      const k = patch.kernelSize.length === 1 ? patch.kernelSize[0] : patch.kernelSize[a];
      const want = fractionalStarts(sampleOfAxis(patch.samples, patch.dims, a), patch.size[a], patch.outputSize[a], k).starts;
      assert.deepEqual(axisSpans(P, a).map((s) => s[0]), want, `dims ${patch.dims} axis ${a}`);
    }
  }
});

test('explanations: each family op with its numbers, in en and zh', () => {
  const out = (name, k, lang = 'en') => words(explanation(preset(name, { focus: { side: 'out', k } }, lang)));
  const inp = (name, k, lang = 'en') => words(explanation(preset(name, { focus: { side: 'in', k } }, lang)));
  // adaptive 6 -> 4, y[1, 0] (w = 4): rows [1, 3), columns [0, 2)
  const a = out('adaptive-avg-4', 4);
  assert.match(a, /Output row 1 reads input rows 1 to 2: start floor\(1·6\/4\) = 1, end ceil\(2·6\/4\) = 3/);
  assert.match(a, /\[0, 2\), \[1, 3\), \[3, 5\), \[4, 6\)/);
  assert.match(a, /overlap/);
  assert.match(a, /own size: 2 × 2 = 4/);
  assert.match(out('adaptive-avg-4', 4, 'zh'), /输出第 1 行读取输入第 1 到 2 行：起点 floor\(1·6\/4\) = 1，终点 ceil\(2·6\/4\) = 3/);
  // fractional: y[1, 1], rows u = 0.75: floor(1.75·4/3) − floor(0.75·4/3) = 2 − 1 = 1; columns u = 0.25: 1 − 0 = 1
  const fr = out('fractional', 5);
  assert.match(fr, /rows: u = 0\.75, α = \(6 − 2\)\/\(4 − 1\) = 1\.333; start_1 = floor\(\(1 \+ 0\.75\)·1\.333\) − floor\(0\.75·1\.333\) = 2 − 1 = 1/);
  assert.match(fr, /All starts along the rows \(sample u = 0\.75\): 0, 1, 2, 4\./);
  assert.match(fr, /All starts along the columns \(sample u = 0\.25\): 0, 1, 3, 4\./);
  assert.match(out('fractional', 15), /start_3 is the last one, In − K = 6 − 2 = 4/);
  assert.match(out('fractional', 5, 'zh'), /沿行方向的全部起点（样本 u = 0\.75）：0, 1, 2, 4。/);
  // LP p = 2, y[0, 0] over {1, 3, 4, 2}: sqrt(1 + 9 + 16 + 4) = sqrt(30) = 5.477; dL/dy = 1/9;
  // x[0, 0] gets 1/9 · 1 / 5.477 = 0.02029
  const lp = out('lp', 0);
  assert.match(lp, /y\[0, 0\] = \(1\^2 \+ 3\^2 \+ 4\^2 \+ 2\^2\)\^\(1\/2\) = 5\.477/);
  assert.match(lp, /for x\[0, 0\]: 1\/9 · 1\^1 \/ 5\.477\^1 = 0\.02029/);
  assert.match(lp, /times the kernel size \(4\)/);
  assert.match(out('lp', 0, 'zh'), /乘以窗口大小（4）/);
  // unpool: the max pooling's window (0, 0) of x = {1, 3; 4, 2} has its max 4 at x[1, 0], flat 6
  assert.match(out('unpool', 6), /Scatter: y\[0, 0\] = 4 is written to z\[1, 0\], because its index is 6: the max pooling took it from x\[1, 0\] = 4\./);
  assert.match(out('unpool', 0), /No index names z\[0, 0\]: it stays 0/);
  assert.match(inp('unpool', 0), /y\[0, 0\]: dL\/dy = dL\/dz at z\[1, 0\] = 0\.02778/);
  assert.match(inp('unpool', 0, 'zh'), /y\[0, 0\] = 4（最大池化的输出）被写到 z\[1, 0\]：它的索引是 6。/);
  // global: one window of 36; the average 169/36 = 4.694
  const g = out('global-avg', 0);
  assert.match(g, /one window covering the whole 6 × 6 plane \(36 elements\); N_B = 1 per plane/);
  assert.match(g, /\/ 36 = 4\.694/);
});

test('step-through: the last backward step of each family op, with its numbers', () => {
  const last = (name, lang = 'en') => {
    const s = preset(name, {}, lang);
    return stepText({ ...s, step: { ...s.step, step: s.step.total } });
  };
  // adaptive max 6 -> 4: the last window, rows [4, 6) x columns [4, 6), sends 1/16 to its argmax
  assert.match(last('adaptive-max'), /^Backward 16\/16: y\[3, 3\] sends its whole dL\/dy = 1\/16 = 0\.0625 to its argmax\./);
  // unpool: one step per output cell; z[5, 5] is written by y[2, 2]
  assert.match(last('unpool'), /^Backward 36\/36: gather: y\[2, 2\] takes dL\/dz at z\[5, 5\] = 1\/36 = 0\.02778\. y\[2, 2\]: 0 \+ 0\.02778 = 0\.02778$/);
  assert.match(last('global-avg', 'zh'), /^反向 1\/1：y\[0, 0\] 给窗口内的每个输入元素（共 36 个）一份 1\/36 = 0\.02778。/);
  const s = preset('lp');
  assert.match(stepText({ ...s, step: { ...s.step, step: 1 } }), /^Forward 1\/9: y\[0, 0\] = \(1\^2 \+ 3\^2 \+ 4\^2 \+ 2\^2\)\^\(1\/2\) = 5\.477\.$/);
  const a = preset('adaptive-avg-4');
  assert.match(stepText({ ...a, step: { ...a.step, step: 2 } }), /Window: rows 0–1, columns 1–2\.$/);
});

test('practice: until Check, the explanation, the step line and the formulas keep dL/dx and P to themselves', () => {
  const practising = { ...PRESETS.tutorial, preset: 'tutorial', practice: 'grad-input' };
  const s = snapshotOf(practising);
  const inWords = words(explanation({ ...s, focus: { side: 'in', k: 6 } }));
  assert.doesNotMatch(inWords, /dL\/dx =/);
  assert.match(inWords, /after Check/);
  const outWords = words(explanation({ ...s, focus: { side: 'out', k: 0 } }));
  assert.match(outWords, /y\[0, 0\] = max over its window \{1, 3, 4, 2\} = 4/); // the forward is no answer
  assert.doesNotMatch(outWords, /goes entirely to the argmax/);
  // nor do the marks of a focused window: no argmax among its cells (x[1, 0] wins y[0, 0])
  const argmaxMarks = (snap) => [...marksFor(snap).input].filter(([, cls]) => /argmax/.test(cls)).map(([k]) => k);
  assert.deepEqual(argmaxMarks({ ...s, focus: { side: 'out', k: 0 } }), []);
  assert.deepEqual(argmaxMarks({ ...s, step: { ...s.step, step: 1 } }), []);
  assert.match(stepText({ ...s, step: { ...s.step, step: s.step.total } }), /the input gradient shows after Check/);
  const ctx = { t: s.t, state: s.valid, inShape: s.plane.inShape, outShape: s.plane.outShape, windowsPerPlane: 9, divisors: null, counts: s.plane.counts, gradInput: s.plane.gradInput, outNumel: 9, plane: s.plane, focusWindow: 0 };
  const tex = (hidden) => formulaBlocks({ ...ctx, hidden }).filter(([k]) => k === 'math').map(([, b]) => texToText(b)).join('\n');
  assert.doesNotMatch(tex(true), /P = begin/);
  assert.match(tex(false), /P = begin/);
  // checked: the numbers are back (x[1, 0] = 4 is the argmax of y[0, 0]: dL/dx = 1/9)
  const checked = { ...s, practice: { plane: s.plane, mode: 'grad-input', texts: new Array(36).fill(''), checked: new Array(36).fill(''), at: -1 } };
  assert.match(words(explanation({ ...checked, focus: { side: 'in', k: 6 } })), /x\[1, 0\]: dL\/dx = 0\.1111 = 1\/9/);
  assert.deepEqual(argmaxMarks({ ...checked, focus: { side: 'out', k: 0 } }), [6]);
  // practice off: unchanged
  const off = snapshotOf({ ...PRESETS.tutorial, preset: 'tutorial' });
  assert.match(words(explanation({ ...off, focus: { side: 'in', k: 6 } })), /dL\/dx = 0\.1111/);
});

test('formulas: the family\'s rules with their numbers', () => {
  const blocks = (name, w) => {
    const s = preset(name);
    const P = s.plane;
    return formulaBlocks({ t: s.t, state: s.valid, inShape: P.inShape, outShape: P.outShape, windowsPerPlane: P.windows, divisors: P.divisors, counts: P.counts, gradInput: P.gradInput, outNumel: P.outNumel, plane: P, focusWindow: w })
      .filter(([k]) => k === 'math').map(([, b]) => texToText(b)).join('\n');
  };
  assert.match(blocks('adaptive-avg-4', 4), /H: ⌊\(1 · 6\)\/4 ⌋ = 1,\s+⌈\(2 · 6\)\/4 ⌉ = 3/);
  assert.match(blocks('fractional', 5), /H: u = 0\.75,\s+α = \(6 - 2\)\/\(4 - 1\) = 1\.333,\s+\(start_i\) = \(0, 1, 2, 4\)/);
  assert.match(blocks('lp', 0), /= \(1\^2 \+ 3\^2 \+ 4\^2 \+ 2\^2\)\^\{1\/2\} = 5\.477/);
  assert.match(blocks('lp', 0), /= 0\.1111 · \(1\^1\)\/\(5\.477\^1\) = 0\.02029/);
  assert.match(blocks('unpool', 6), /z_1,0 = y_0,0 = 4/);
  assert.match(blocks('global-max', 0), /\(H_out, W_out\) = \(1, 1\)/);
});

test('adaptive sizes that vary, and LP\'s cases: p = 1, large p, negative inputs, a zero window (the library\'s gradient)', () => {
  // 9 -> 4 in 1-D: [0, 3) [2, 5) [4, 7) [6, 9): sizes 3, overlapping; 7 -> 3: [0, 3) [2, 5) [4, 7); 8 -> 3: [0, 3) [2, 6) [5, 8): sizes 3 or 4
  const s = snapshotOf({ op: 'adaptive-avg', dims: 1, size: [8], outputSize: [3], input: null, preset: '' }, { focus: { side: 'out', k: 1 } });
  const a = words(explanation(s));
  assert.match(a, /Output position 1 reads input positions 2 to 5: start floor\(1·8\/3\) = 2, end ceil\(2·8\/3\) = 6 \(not included\), 4 positions\./);
  assert.match(a, /\[0, 3\), \[2, 6\), \[5, 8\)\. Sizes 3 or 4 \(they vary: 8\/3 is not a whole number\); neighbouring windows overlap\./);
  assert.match(a, /own size: 4 = 4\./);
  // LP on a 1-D row, kernel 2, stride 2
  const lp = (p, input, k = 0) => words(explanation(snapshotOf({ op: 'lp', dims: 1, size: [4], kernelSize: [2], stride: [2], normType: p, input, preset: '' }, { focus: { side: 'out', k } })));
  // p = 1: y[0] = 2 + 3 = 5 (the sum, not the mean 2.5)
  const one = lp(1, [2, 3, 1, 1]);
  assert.match(one, /y\[0\] = \(2\^1 \+ 3\^1\)\^\(1\/1\) = 5/);
  assert.match(one, /p = 1: y is the window's plain sum\./);
  // p = 16: (2^16 + 3^16)^(1/16) = 3 · (1 + (2/3)^16)^(1/16) = 3.000 (close to the max 3)
  const large = lp(16, [2, 3, 1, 1]);
  assert.match(large, /= 3: the p-norm/);
  assert.match(large, /Large p \(16\)/);
  // p = 3 with a negative sum: (-2)^3 + 1^3 = -7 has no real cube root in PyTorch's pow: NaN
  const neg = lp(3, [-2, 1, 1, 1]);
  assert.match(neg, /y\[0\] = \(\(-2\)\^3 \+ 1\^3\)\^\(1\/3\) = NaN/);
  assert.match(neg, /negative values/);
  // a zero window: y = 0; the words give the library's answer for its cells, 0 (PyTorch-exact)
  const zero = lp(2, [1, 1, 0, 0], 1);
  assert.match(zero, /y\[1\] = \(0\^2 \+ 0\^2\)\^\(1\/2\) = 0/);
  assert.match(zero, /is 0\/0; the library answers 0 for its cells/);
});

test('LP, an input cell: dL/dx as the sum of its windows\' dL/dy · x^(p−1)/y^(p−1)', () => {
  // x[1, 1] = 2 of the LP preset lies in y[0, 0]'s window only: 1/9 · 2 / sqrt(30) = 0.04057
  const s = preset('lp', { focus: { side: 'in', k: 7 } });
  assert.match(words(explanation(s)), /x\[1, 1\]: dL\/dx = 0\.04057 = 1\/9 · 2\^1 \/ 5\.477\^1/);
});
