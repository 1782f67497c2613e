// The widget's state for the whole pooling family (web/widget/state.js, ops.js): the new
// parameters' text form (URL keys = attributes), their round trip, hostile text, the presets, and
// which parameters each operation shows. No DOM; the library only where a preset is computed.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { init } from '../../web/lib/index.js';
import {
  PARAMS, PRESETS, defaultState, parseState, serializeState, stateToJSON, normalizeState, paramApplies, resolveInput,
  resolveSamples, presetMatches,
} from '../../web/widget/state.js';
import { OPS, OP_VALUES, fnName, hasArgmax, isAverage, usesParam, matrixSide, countsMeaning } from '../../web/widget/ops.js';
import { Results } from '../../web/widget/model.js';
import { practiceMode } from '../../web/widget/practice.js';
import { STRINGS } from '../../web/widget/i18n.js';
import { TEXT_CAP } from '../../web/widget/limits.js';

before(() => init());

const fixtures = JSON.parse(readFileSync(new URL('../../../shared/fixtures/pytorch/cases_seed.json', import.meta.url), 'utf8'));
const TUTORIAL = fixtures.find((c) => c.op === 'max_pool2d' && c.args.stride === 2);

const OP_LIST = ['max', 'avg', 'adaptive-max', 'adaptive-avg', 'lp', 'fractional-max', 'max-unpool', 'global-max', 'global-avg'];

test('the op values are exactly the family\'s, each with its library functions', () => {
  assert.deepEqual(OP_VALUES, OP_LIST);
  assert.deepEqual(PARAMS.find((p) => p.name === 'op').values, OP_LIST);
  assert.deepEqual(OP_LIST.map((op) => fnName(op, 2)), [
    'maxPool2d', 'avgPool2d', 'adaptiveMaxPool2d', 'adaptiveAvgPool2d', 'lpPool2d', 'fractionalMaxPool2d', 'maxUnpool2d',
    'globalMaxPool', 'globalAvgPool',
  ]);
  assert.deepEqual(OP_LIST.filter(hasArgmax), ['max', 'adaptive-max', 'fractional-max', 'global-max']);
  assert.deepEqual(OP_LIST.filter(isAverage), ['avg', 'adaptive-avg', 'global-avg']);
  assert.deepEqual(OP_LIST.map(countsMeaning), ['wins', 'covers', 'wins', 'covers', 'covers', 'wins', 'writes', 'wins', 'covers']);
  assert.deepEqual(OPS['fractional-max'].dims, [2, 3]);
  // max unpooling: the counts are per output cell, the indices beside the input
  assert.deepEqual(['counts', 'indices'].map((m) => matrixSide('max-unpool', m)), ['out', 'in']);
  assert.deepEqual(['counts', 'indices'].map((m) => matrixSide('max', m)), ['in', 'out']);
});

test('each operation shows only its own parameters', () => {
  const shown = (op) => PARAMS.filter((p) => p.group === 'pooling' && p.name !== 'op' && paramApplies(p, op)).map((p) => p.key);
  assert.deepEqual(shown('max'), ['kernel-size', 'stride', 'padding', 'dilation', 'ceil-mode']);
  assert.deepEqual(shown('avg'), ['kernel-size', 'stride', 'padding', 'ceil-mode', 'count-include-pad', 'divisor-override']);
  assert.deepEqual(shown('adaptive-avg'), ['output-size']);
  assert.deepEqual(shown('adaptive-max'), ['output-size']);
  assert.deepEqual(shown('lp'), ['norm-type', 'kernel-size', 'stride', 'ceil-mode']);
  assert.deepEqual(shown('fractional-max'), ['output-size', 'kernel-size', 'output-ratio', 'samples', 'sample-seed']);
  assert.deepEqual(shown('max-unpool'), ['kernel-size', 'stride', 'padding']);
  assert.deepEqual(shown('global-max'), []);
  assert.deepEqual(shown('global-avg'), []);
  for (const p of PARAMS) if (p.only) for (const op of p.only) assert.ok(usesParam(op, p.name), `${p.name} ${op}`);
});

test('the new parameters read from URL text, with their defaults', () => {
  const d = defaultState();
  assert.deepEqual([d.outputSize, d.normType, d.outputRatio, d.samples, d.sampleSeed], [[3], 2, null, null, 0]);
  const { state, errors } = parseState('op=adaptive-avg&output-size=nonex4&norm-type=inf&output-ratio=0.5x0.75&samples=0.1,0.9&sample-seed=7');
  assert.deepEqual(errors, []);
  assert.equal(state.op, 'adaptive-avg');
  assert.deepEqual(state.outputSize, [null, 4]); // none keeps that input size
  assert.equal(state.normType, Infinity);
  assert.deepEqual(state.outputRatio, [0.5, 0.75]);
  assert.deepEqual(state.samples, [0.1, 0.9]);
  assert.equal(state.sampleSeed, 7);
  assert.deepEqual(parseState('output-size=2 , 3').state.outputSize, [2, 3]);
  assert.equal(parseState('output-ratio=none').state.outputRatio, null);
  assert.equal(parseState('output-ratio=').state.outputRatio, null);
  assert.equal(parseState('norm-type=-1.5').state.normType, -1.5);
});

test('every new parameter round-trips through URL text and JSON', () => {
  const states = [
    { ...defaultState(), op: 'adaptive-max', outputSize: [null, 5], preset: '' },
    { ...defaultState(), op: 'lp', normType: Infinity, kernelSize: [3], stride: [1] },
    { ...defaultState(), op: 'lp', normType: 0.3 },
    { ...defaultState(), op: 'fractional-max', outputRatio: [0.5, 0.7], samples: [0.25, 0.75], sampleSeed: 12 },
    { ...defaultState(), op: 'fractional-max', dims: 3, size: [4, 5, 5], outputSize: [2, 3, 3], channels: 2, preset: '' },
    { ...defaultState(), op: 'global-avg', dims: 1, size: [7], preset: '' },
  ];
  for (const [i, s] of states.entries()) {
    const back = parseState(serializeState(s));
    assert.deepEqual(back.errors, [], `state ${i}`);
    assert.deepEqual(back.state, s, `state ${i}: URL text`);
    const json = JSON.parse(JSON.stringify(stateToJSON(s)));
    assert.deepEqual(normalizeState(json).state, s, `state ${i}: JSON`);
  }
  assert.equal(serializeState({ ...defaultState(), normType: -Infinity }).get('norm-type'), '-inf');
  assert.equal(serializeState({ ...defaultState(), outputSize: [null, 4] }).get('output-size'), 'nonex4');
  assert.equal(serializeState(defaultState()).get('output-ratio'), 'none');
  assert.equal(serializeState(defaultState()).has('samples'), false); // none given: drawn from sample-seed
});

test('bad text: the default with a message naming the key, in English and Chinese', () => {
  const cases = [
    ['output-size=2x', null], // a separator at the end is fine
    ['output-size=2xq', 'output-size'], ['output-size=1x2x3x4', 'output-size'], ['output-size=2.5', 'output-size'],
    ['norm-type=two', 'norm-type'], ['norm-type=', 'norm-type'], ['output-ratio=half', 'output-ratio'],
    ['samples=0.1,zz', 'samples'], ['sample-seed=-1', 'sample-seed'], ['op=median', 'op'],
  ];
  for (const [q, key] of cases) {
    const { state, errors } = parseState(q);
    if (key === null) {
      assert.deepEqual(errors, [], q);
      continue;
    }
    assert.equal(errors.length, 1, q);
    assert.equal(errors[0].param, key, q);
    assert.ok(errors[0].message.startsWith(key), `${q}: ${errors[0].message}`);
    const p = PARAMS.find((x) => x.key === key);
    assert.deepEqual(state[p.name], defaultState()[p.name], `${q}: the default`);
  }
  // a per-axis list of the wrong length for the dims
  const r = parseState('dims=2&output-size=2x3x4');
  assert.deepEqual([r.errors[0]?.param, r.state.outputSize], ['output-size', [3]]);
  // Chinese: the parameter and what its value must look like
  assert.equal(STRINGS.zh.famParseWords.number(), '一个数（如 2、1.5 或 inf）');
});

test('hostile text for the new keys: capped, linear, never thrown', () => {
  const long = 'x'.repeat(TEXT_CAP.short + 1);
  for (const key of ['output-size', 'norm-type', 'output-ratio', 'sample-seed']) {
    const { errors } = parseState({ [key]: long });
    assert.match(errors[0].message, /too long/, key);
  }
  const t0 = performance.now();
  const many = Array.from({ length: 100000 }, () => '0.5').join(',');
  const samples = parseState({ samples: many });
  assert.equal(samples.errors[0].param, 'samples'); // more numbers than the budget holds
  for (const key of ['output-size', 'output-ratio']) {
    for (const text of ['x'.repeat(TEXT_CAP.short), ',,'.repeat(128), 'none'.repeat(64), '1e9999x1e9999', '<script>x']) {
      const { state } = parseState({ [key]: text });
      assert.ok(state, key);
    }
  }
  assert.ok(performance.now() - t0 < 2000, 'linear in the text');
});

test('fractional samples: the state\'s own, else drawn from sample-seed in [0, 1), one per plane and dim', () => {
  const s = { ...defaultState(), op: 'fractional-max', channels: 2, batch: 3, sampleSeed: 5 };
  const drawn = resolveSamples(s);
  assert.equal(drawn.length, 2 * 3 * 2);
  assert.ok(drawn.every((u) => u >= 0 && u < 1), drawn.join());
  assert.deepEqual(resolveSamples(s), drawn, 'the same seed, the same samples');
  assert.notDeepEqual(resolveSamples({ ...s, sampleSeed: 6 }), drawn);
  assert.deepEqual(resolveSamples({ ...s, samples: [0.5, 0.25] }), [0.5, 0.25]);
});

test('the family presets: each on the tutorial\'s input, and still itself after parsing', () => {
  const tutorial = resolveInput(defaultState());
  const want = {
    'adaptive-avg-2': ['adaptive-avg', { outputSize: [2] }],
    'adaptive-avg-4': ['adaptive-avg', { outputSize: [4] }],
    'adaptive-max': ['adaptive-max', { outputSize: [4] }],
    lp: ['lp', { normType: 2, kernelSize: [2], stride: [2] }],
    fractional: ['fractional-max', { kernelSize: [2], outputSize: [4], samples: [0.25, 0.75] }],
    unpool: ['max-unpool', { kernelSize: [2], stride: [2], padding: [0] }],
    'global-avg': ['global-avg', {}],
    'global-max': ['global-max', {}],
  };
  for (const [name, [op, fields]] of Object.entries(want)) {
    assert.ok(PRESETS[name], name);
    assert.ok(STRINGS.en.famPresets[name] && STRINGS.zh.famPresets[name], `${name}: named in en and zh`);
    const { state, errors } = parseState(`preset=${name}`);
    assert.deepEqual(errors, [], name);
    assert.equal(state.op, op, name);
    for (const [k, v] of Object.entries(fields)) assert.deepEqual(state[k], v, `${name} ${k}`);
    assert.deepEqual(resolveInput(state), tutorial, `${name}: the tutorial's input`);
    assert.ok(presetMatches(state), name);
    assert.ok(!presetMatches({ ...state, kernelSize: [3], outputSize: [5] }), `${name}: a setup changed by hand is custom`);
  }
});

test('adaptive average to 4x4 on 6x6: windows [floor(6i/4), ceil(6(i+1)/4)), overlapping', () => {
  const { state } = parseState('preset=adaptive-avg-4');
  const P = new Results(state).plane(0);
  // rows and columns: [0, 2), [1, 3), [3, 5), [4, 6) (hand derivation: 6/4 = 1.5)
  const spans = [[0, 2], [1, 3], [3, 5], [4, 6]];
  const cells = (r, c) => {
    const out = [];
    for (let i = spans[r][0]; i < spans[r][1]; i++) for (let j = spans[c][0]; j < spans[c][1]; j++) out.push(i * 6 + j);
    return out;
  };
  for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) assert.deepEqual(P.windowCells(r * 4 + c), cells(r, c), `window ${r},${c}`);
  // the divisors are the windows' sizes: 2x2 = 4 (all spans here have 2 elements)
  assert.deepEqual(Array.from(P.divisors), new Array(16).fill(4));
  // column 1 lies in the windows of columns 0 and 1: coverage 2 for x[0, 1]
  assert.equal(P.counts[1], 2);
});

test('max unpooling: the tutorial\'s stride-2 max pooling, unpooled: each maximum back at its index', () => {
  const { state } = parseState('preset=unpool');
  const P = new Results(state).plane(0);
  // the tutorial's max pooling (PyTorch's fixture: y and its flat indices)
  assert.deepEqual(Array.from(P.input), TUTORIAL.output);
  assert.deepEqual(Array.from(P.indices), TUTORIAL.indices);
  const z = new Array(36).fill(0);
  for (let i = 0; i < 9; i++) z[P.indices[i]] = P.input[i];
  assert.deepEqual(Array.from(P.output), z);
  // loss = mean(z): dL/dz = 1/36 everywhere; dL/dy gathers it at each index
  assert.ok(Array.from(P.gradInput).every((g) => Math.abs(g - 1 / 36) < 1e-7));
  // the windows: output cell 6 holds y[0, 0], an empty cell none
  assert.deepEqual(P.windowCells(6), [0]);
  assert.deepEqual(P.windowCells(0), []);
  assert.deepEqual(P.windowsOf(8), [35]);
  assert.equal(P.toJSON().counts.shape.join('x'), '6x6');
});

test('practice: max unpooling predicts dL/dy, not positions (its counts are per output cell)', () => {
  const s = { ...defaultState(), op: 'max-unpool' };
  assert.equal(practiceMode({ ...s, practice: 'grad-input' }), 'grad-input');
  assert.equal(practiceMode({ ...s, practice: 'positions' }), 'off');
  assert.equal(practiceMode({ ...s, op: 'adaptive-max', practice: 'positions' }), 'positions');
});

test('fractional max pooling: each plane\'s windows come from its own samples', () => {
  // 6 -> 4 with kernel 2: alpha = (6 - 2) / (4 - 1) = 4/3, start_i = floor((i + u) alpha) - floor(u alpha), the last at 6 - 2 = 4.
  // u = 0.3: 0, floor(1.733) = 1, floor(3.067) = 3, 4; u = 0.9: 0, floor(2.533) - 1 = 1, floor(3.867) - 1 = 2, 4.
  const { state, errors } = parseState('op=fractional-max&kernel-size=2&output-size=4&channels=2&samples=0.3,0.3,0.9,0.9');
  assert.deepEqual(errors, []);
  const R = new Results(state);
  const cells = (rows, cols) => rows.flatMap((r) => cols.map((c) => r * 6 + c));
  const starts = [[0, 1, 3, 4], [0, 1, 2, 4]];
  for (const p of [0, 1]) {
    const P = R.plane(p);
    for (let r = 0; r < 4; r++) {
      for (let c = 0; c < 4; c++) {
        const [a, b] = [starts[p][r], starts[p][c]];
        assert.deepEqual(P.windowCells(r * 4 + c), cells([a, a + 1], [b, b + 1]), `plane ${p} window ${r},${c}`);
      }
    }
    assert.deepEqual(P.toJSON().samples, p ? [0.9, 0.9] : [0.3, 0.3]);
  }
});

test('exports: the PyTorch program calls each op as PyTorch names it; max unpooling exports x, y, indices, z', async () => {
  const { toPyTorch, toCsv, toLatex } = await import('../../web/site/export.js');
  const program = (q, lang = 'en') => {
    const { state } = parseState(q);
    return toPyTorch({ op: state.op, ...new Results(state).plane(0).toJSON() }, stateToJSON(state), lang);
  };
  const calls = {
    'op=adaptive-avg&output-size=nonex2': 'y = F.adaptive_avg_pool2d(x, output_size=(None, 2))',
    'op=adaptive-max&output-size=4': 'y, idx = F.adaptive_max_pool2d(x, output_size=4, return_indices=True)',
    'op=lp&norm-type=inf&kernel-size=3&stride=1': "y = F.lp_pool2d(x, norm_type=float('inf'), kernel_size=(3, 3), stride=(1, 1), ceil_mode=False)",
    'op=fractional-max&output-size=4&samples=0.25,0.75':
      'y, idx = F.fractional_max_pool2d(x, kernel_size=(2, 2), output_size=(4, 4), return_indices=True, _random_samples=u)',
    'op=fractional-max&output-ratio=0.5': 'output_ratio=0.5, return_indices=True, _random_samples=u)',
    'op=max-unpool': 'z = F.max_unpool2d(y, idx, kernel_size=(2, 2), stride=(2, 2), padding=(0, 0), output_size=x.shape[-2:])',
    'op=global-max&dims=1&size=5': 'y, idx = F.adaptive_max_pool1d(x, output_size=1, return_indices=True)',
    'op=global-avg&dims=3&size=2x3x3': 'y = F.adaptive_avg_pool3d(x, output_size=1)',
  };
  for (const [q, call] of Object.entries(calls)) {
    const py = program(q);
    assert.ok(py.includes(call), `${q}:\n${py}`);
    assert.ok(/^loss\.backward\(\)$/m.test(py), q);
  }
  assert.match(program('op=fractional-max&output-size=4&samples=0.25,0.75'), /^u = torch\.tensor\(\[\[\[0\.25, 0\.75\]\]\], dtype=torch\.float32\)$/m);
  const unpool = program('op=max-unpool');
  assert.match(unpool, /^y, idx = F\.max_pool2d\(x, kernel_size=\(2, 2\), stride=\(2, 2\), padding=\(0, 0\), return_indices=True\)$/m);
  assert.match(unpool, /^loss = z\.mean\(\)/m);
  assert.match(unpool, /^print\(y\.grad\)$/m);
  assert.match(program('op=global-avg', 'zh'), /^# 全局池化 = 输出尺寸为 1 的自适应池化/m);
  const { state } = parseState('preset=unpool');
  const results = { op: state.op, ...new Results(state).plane(0).toJSON() };
  const csv = toCsv(results);
  for (const m of ['input', 'pooled', 'indices', 'unpooled', 'grad_unpooled', 'grad_pooled', 'writes']) assert.match(csv, new RegExp(`^${m},0,0,0,`, 'm'), m);
  assert.match(csv, /^pooled,0,0,0,4$/m); // y[0, 0] = max{1, 3, 4, 2}
  assert.match(csv, /^unpooled,0,1,0,4$/m); // ... written back at its index 6 = (1, 0)
  assert.match(toLatex(results), /^z = \\begin\{bmatrix\}/m);
});

test('a shape change that needs another count of samples draws them from sample-seed', async () => {
  const { controlChanged } = await import('../../web/widget/actions.js');
  const { state } = parseState('preset=fractional');
  const results = new Results(state);
  const snap = {
    state, valid: state, results, plane: results.plane(0), lang: 'en', t: STRINGS.en, dark: false, cap: 16384,
    messages: [], fatal: null, focus: null, hover: null, step: { step: -1 },
  };
  const more = controlChanged(snap, 'channels', '2');
  assert.equal(more.state.channels, 2);
  assert.equal(more.state.samples, null, 'two planes need four samples: drawn');
  assert.equal(resolveSamples(more.state).length, 4);
  const same = controlChanged(snap, 'size', '7x7');
  assert.deepEqual(same.state.samples, [0.25, 0.75], 'still one plane: the samples stay');
});
