// The widget's text parsers (web/widget/text.js, state.js) on hostile and random text, in Node
// (no browser, no wasm): linear time on the worst strings of the capped length, the nesting cap,
// no throw on any string, and the round trip of valid matrices and states.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prng } from './prng.mjs';
import {
  parseMatrixText, parseNumber, formatFloat32, parseState, serializeState, normalizeState, stateToJSON, defaultState, PARAMS, PARTS,
} from '../../web/widget/state.js';
import { parseIntList } from '../../web/widget/text.js';
import { TEXT_CAP, TOKEN_CAP, DEPTH_CAP, BUDGET } from '../../web/widget/limits.js';

const MiB = 1 << 20;

/** Fills `n` characters by repeating `unit`, then `tail`: the shape of the reviewers' inputs. */
const fill = (head, unit, n, tail = '') => head + unit.repeat(Math.max(0, Math.floor((n - head.length - tail.length) / unit.length))) + tail;

/** The worst strings we know for the old parsers, each `n` characters long. */
function hostile(n) {
  return {
    'digits then x': fill('', '1', n, 'x'), // nested optional groups of the old number regex
    'digits then x in a list': fill('[', '1', n, 'x]'),
    'spaces (URL +) between numbers': fill('1', ' ', n, '1'), // \s*[;\n]\s* over a space run
    'spaces then x': fill('1', ' ', n, 'x'),
    'spaces and a semicolon': fill('1', ' ', n / 2) + ';' + fill('', ' ', n / 2 - 2, 'x'),
    'tabs and newlines': fill('1', '\t \r', n, '\nx'),
    'repeated ,dtype= before ]': fill('[1', ',dtype=', n, ']'), // ,\s*(dtype...)=[^\]]*$
    'repeated , dtype = at the end': fill('[1]', ', dtype =', n),
    'commas': fill('', ',', n),
    'deep nesting': fill('', '[', n / 2, '1') + ']'.repeat(n / 2),
    'unclosed nesting': fill('', '[', n),
    'closing brackets': fill('', ']', n),
    'wrapper name': fill('', 'a', n, '('),
    'wrapper with spaces': fill('array(', ' ', n, ')'),
    'many small numbers': fill('', '1,', n), // stops at the element cap
    'many np.nan': fill('[', 'np.nan,', n, ']'),
    'exponent digits': fill('1e', '5', n),
    'dots': fill('', '.', n),
    'minus signs': fill('', '-', n, '1'),
    'unicode spaces': fill('1', '\u3000\u00a0', n, 'x'),
  };
}

function timeOf(fn, runs = 1) {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

test('every hostile string of 1 MiB is read (or refused) in well under a second, with a message', () => {
  for (const [name, text] of Object.entries(hostile(TEXT_CAP.paste))) {
    assert.ok(text.length <= TEXT_CAP.paste, `${name}: ${text.length}`);
    let r;
    const ms = timeOf(() => { r = parseMatrixText(text); });
    assert.ok(ms < 500, `${name}: ${ms.toFixed(0)} ms`);
    assert.ok(r.error || (r.values.length <= BUDGET.elements), `${name}: ${JSON.stringify(r).slice(0, 100)}`);
    if (r.error) assert.equal(typeof r.error, 'string');
  }
  // one character over the cap: refused before it is read
  const over = parseMatrixText('1'.repeat(TEXT_CAP.paste + 1));
  assert.match(over.error, /too long: 1,048,577 characters, at most 1,048,576/);
});

test('scaling is linear: twice the text takes less than three times as long (caps lifted)', () => {
  const opts = { maxLength: Infinity, maxElements: Infinity, maxDepth: Infinity };
  const small = hostile(MiB / 2);
  const large = hostile(MiB);
  // also strings that parse: many numbers, and nesting far deeper than the cap
  small['numbers'] = fill('', '1.5 ', MiB / 2);
  large['numbers'] = fill('', '1.5 ', MiB);
  small['nested numbers'] = `[${fill('', '[1, 2], ', MiB / 2 - 10)}[1, 2]]`;
  large['nested numbers'] = `[${fill('', '[1, 2], ', MiB - 10)}[1, 2]]`;
  for (const name of Object.keys(small)) {
    // both warmed up (the first read of a concatenated string flattens it), then the best of 5
    // runs each, alternating, so JIT tiering and a busy machine weigh on both alike; a quadratic
    // reader is 4x every time, so up to 3 tries only forgive a noisy machine
    parseMatrixText(small[name], opts);
    parseMatrixText(large[name], opts);
    let worst = '';
    for (let attempt = 0; attempt < 3; attempt++) {
      let t1 = Infinity;
      let t2 = Infinity;
      for (let k = 0; k < 5; k++) {
        t1 = Math.min(t1, timeOf(() => parseMatrixText(small[name], opts)));
        t2 = Math.min(t2, timeOf(() => parseMatrixText(large[name], opts)));
      }
      assert.ok(t2 < 1000, `${name}: ${t2.toFixed(0)} ms for 1 MiB`);
      worst = t2 < 3 * t1 + 2 ? '' : `${name}: ${t1.toFixed(1)} ms for 0.5 MiB, ${t2.toFixed(1)} ms for 1 MiB`;
      if (!worst) break;
    }
    assert.equal(worst, '');
  }
});

test('nesting: at the cap it parses, over the cap it is refused at the first level too deep', () => {
  const at = `${'['.repeat(DEPTH_CAP)}1, 2${']'.repeat(DEPTH_CAP)}`;
  assert.deepEqual(parseMatrixText(at), { values: [1, 2], shape: [1, 1, 1, 1, 2] });
  for (const n of [DEPTH_CAP + 1, 5000, 500_000]) {
    const r = parseMatrixText(`${'['.repeat(n)}1${']'.repeat(n)}`);
    assert.equal(r.error, `nested deeper than ${DEPTH_CAP} levels at character ${DEPTH_CAP + 1}`, `depth ${n}`);
    assert.equal(r.at, DEPTH_CAP + 1);
  }
  // no recursion at any depth: a million levels with the cap lifted
  const deep = 1_000_000;
  const r = parseMatrixText(`${'['.repeat(deep)}7${']'.repeat(deep)}`, { maxLength: Infinity, maxDepth: Infinity });
  assert.deepEqual(r.values, [7]);
  assert.equal(r.shape.length, deep);
});

test('messages name what is wrong and where', () => {
  const cases = [
    ['1 2 x 4', /^not a number at character 5: "x"$/],
    [`1 ${'9'.repeat(TOKEN_CAP + 1)}`, /^a token longer than 64 characters at character 3: "9{20}…"$/],
    ['[[1, 2], [3]]', /^ragged nested list at character 12: a list of 1 where the others at this level have 2$/],
    ['[[1, 2], 3]', /^ragged nested list at character 10: a number where the others at this level are lists$/],
    ['[[1], [[2]]]', /^ragged nested list at character 8: a list where the others at this level are numbers$/],
    ['[1, 2]]', /^unbalanced \] at character 7$/],
    ['[[1, 2]', /^unbalanced \[: 1 list not closed at the end$/],
    ['[1] [2]', /^more than one top-level list \(character 5\)$/],
    ['[1] 2', /^number outside the list at character 5$/],
    ['', /^empty$/],
    ['[[], []]', /^empty$/],
    ['  ;;\n, ', /^empty$/],
  ];
  for (const [text, re] of cases) assert.match(parseMatrixText(text).error ?? 'parsed', re, JSON.stringify(text));
  const many = parseMatrixText('1 '.repeat(BUDGET.elements + 1));
  assert.match(many.error, new RegExp(`^more than ${BUDGET.elements.toLocaleString('en')} numbers`));
  assert.match(parseMatrixText('1 2 3', { maxElements: 2 }).error, /^more than 2 numbers \(at character 5\)$/);
});

test('what it reads: flat rows, nested lists, NumPy and PyTorch printouts, special values', () => {
  const cases = [
    ['1 2 3; 4 5 6', [1, 2, 3, 4, 5, 6], [2, 3]],
    ['1,2,3\n4,5,6\n', [1, 2, 3, 4, 5, 6], [2, 3]],
    ['1 2 3\n4 5', [1, 2, 3, 4, 5], [5]],
    ['\n\n1 2\n\n3 4\n\n', [1, 2, 3, 4], [2, 2]],
    ['[[1, 2], [3, 4]]', [1, 2, 3, 4], [2, 2]],
    ['[[[1., 2.]], [[3., 4.]]]', [1, 2, 3, 4], [2, 1, 2]],
    ['array([[1, 2],\n       [3, 4]], dtype=float32)', [1, 2, 3, 4], [2, 2]],
    ['tensor([[1., 2.], [3., 4.]], requires_grad=True)', [1, 2, 3, 4], [2, 2]],
    ["tensor([0.5, -2.5], device='cuda:0')", [0.5, -2.5], [2]],
    ['np.array( [1, 2] )', [1, 2], [2]],
    ['[[1., 2.]])', [1, 2], [1, 2]], // copied from the first "[" of tensor([[1., 2.]]) to the end
    ['[np.nan, -np.inf, torch.inf, math.nan]', [NaN, -Infinity, Infinity, NaN], [4]],
    ['nan inf -inf Infinity -∞ ∞ +5 −2', [NaN, Infinity, -Infinity, Infinity, -Infinity, Infinity, 5, -2], [8]],
    ['1. .5 -0 1e3 2.5E-1 +-3', [1, 0.5, -0, 1000, 0.25, -3], [6]],
    ['0.1 16777217 3.4e39', [0.1, 16777216, Infinity], [3]], // as the float32 the core sees
  ];
  for (const [text, values, shape] of cases) {
    const r = parseMatrixText(text);
    assert.deepEqual(r, { values, shape }, JSON.stringify(text));
  }
  assert.equal(parseNumber('  2.5  '), 2.5);
  for (const bad of ['', '.', 'e5', '1e', '1.2.3', '--1', '0x10', '1_000', 'nan1', 'np.nanx', '9'.repeat(TOKEN_CAP + 1)]) {
    assert.equal(parseNumber(bad), undefined, bad);
  }
  assert.deepEqual(parseIntList('2x3', -Infinity, Infinity), [2, 3]);
  assert.deepEqual(parseIntList(' 3 × 4 * 5 ', 1, 64), [3, 4, 5]);
  assert.deepEqual(parseIntList('-1,+2', -Infinity, Infinity), [-1, 2]);
  for (const bad of ['', 'x', '1x2x3x4', '1234567890', '2.5', '65', '0']) assert.equal(parseIntList(bad, 1, 64), undefined, bad);
});

test('random strings never throw, and a success is a rectangular array of numbers', () => {
  const rand = prng(20261129);
  const alphabet = ['1', '2', '0', '.', 'e', '-', '+', ' ', ',', ';', '\n', '[', ']', '(', ')', 'a', 'n', 'i', 'f', 'np.', 'nan', 'inf',
    'dtype=', 'x', '\u00a0', '−', '∞', '\uD800', '9999999999'];
  const deadline = performance.now() + 5000;
  let ok = 0;
  for (let i = 0; i < 20000 && performance.now() < deadline; i++) {
    const n = Math.floor(rand() * 40);
    let s = rand() < 0.5 ? '[' : '';
    for (let k = 0; k < n; k++) s += alphabet[Math.floor(rand() * alphabet.length)];
    const r = parseMatrixText(s);
    if (r.error) {
      assert.equal(typeof r.error, 'string');
      continue;
    }
    ok++;
    assert.ok(r.values.length > 0 && r.values.every((v) => typeof v === 'number'), s);
    assert.equal(r.shape.reduce((a, b) => a * b, 1), r.values.length, `${JSON.stringify(s)} -> ${r.shape}`);
  }
  assert.ok(ok > 100, `${ok} random strings parsed`);
});

/** A random float32 that prints in many ways: integers, fractions, tiny, huge, NaN, infinities, -0. */
function randomValue(rand) {
  const u = rand();
  if (u < 0.05) return NaN;
  if (u < 0.08) return rand() < 0.5 ? Infinity : -Infinity;
  if (u < 0.1) return -0;
  if (u < 0.4) return Math.round(rand() * 200 - 100);
  const e = Math.floor(rand() * 76) - 38;
  return Math.fround((rand() * 2 - 1) * 10 ** e);
}

/** The value a state stores for v: the float32's shortest decimal (NaN, ±Infinity, -0 kept). */
const asStored = (v) => Number(formatFloat32(v).replace('nan', 'NaN').replace('inf', 'Infinity'));
const same = (a, b) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

test('round trip: random matrices written flat or nested, with wrappers and spacing, read back exactly', () => {
  const rand = prng(7);
  const pick = (a) => a[Math.floor(rand() * a.length)];
  for (let i = 0; i < 500; i++) {
    const rank = 1 + Math.floor(rand() * DEPTH_CAP);
    const shape = Array.from({ length: rank }, () => 1 + Math.floor(rand() * 4));
    const n = shape.reduce((a, b) => a * b, 1);
    const values = Array.from({ length: n }, () => randomValue(rand));
    const word = (v) => pick([formatFloat32(v), formatFloat32(v).replace(/^-/, '−'),
      Number.isNaN(v) ? 'np.nan' : Object.is(v, -0) ? '-0.' : Number.isFinite(v) ? String(Math.fround(v)) : v > 0 ? 'torch.inf' : '-np.inf']);
    const sep = () => pick([',', ', ', ' ,  ', ',\n ']);
    const nest = (level, offset) => {
      if (level === rank) return word(values[offset]);
      const stride = shape.slice(level + 1).reduce((a, b) => a * b, 1);
      return `[${Array.from({ length: shape[level] }, (_, k) => nest(level + 1, offset + k * stride)).join(sep())}]`;
    };
    const wrap = pick(['{}', 'array({}, dtype=float32)', 'tensor({}, requires_grad=True)', ' np.array( {} ) ']);
    const text = wrap.replace('{}', nest(0, 0));
    const r = parseMatrixText(text);
    assert.deepEqual(r.shape, shape, `case ${i}: ${text}`);
    const want = values.map(asStored);
    assert.ok(same(r.values, want), `case ${i}: ${text} -> ${r.values} != ${want}`);
    if (rank === 2) {
      // flat rows: ";" or newlines between rows
      const rows = [];
      for (let y = 0; y < shape[0]; y++) rows.push(values.slice(y * shape[1], (y + 1) * shape[1]).map(word).join(pick([' ', ',', ', ', '\t'])));
      const flat = parseMatrixText(rows.join(pick([';', '\n', ' ; ', '\r\n'])));
      assert.deepEqual(flat.shape, shape[0] > 1 ? shape : [n], `flat case ${i}`);
      assert.equal(flat.values.length, n);
    }
  }
});

/** A random valid state within the caps (the element budget: at most BUDGET.elements numbers). */
function randomState(rand) {
  const s = defaultState();
  const pick = (a) => a[Math.floor(rand() * a.length)];
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  s.op = pick(['max', 'avg']);
  s.dims = int(1, 3);
  s.size = Array.from({ length: s.dims }, () => int(1, s.dims === 3 ? 8 : 16));
  s.channels = int(1, 4);
  s.batch = int(1, 4);
  s.plane = int(0, s.channels * s.batch - 1);
  for (const k of ['kernelSize', 'stride', 'padding', 'dilation']) s[k] = rand() < 0.5 ? [int(-3, 9)] : Array.from({ length: s.dims }, () => int(0, 9));
  s.ceilMode = rand() < 0.5;
  s.countIncludePad = rand() < 0.5;
  s.divisorOverride = rand() < 0.5 ? null : int(-5, 9);
  s.preset = '';
  s.seed = int(0, 2 ** 31 - 1);
  const n = s.size.reduce((a, b) => a * b, 1) * s.channels * s.batch;
  s.input = rand() < 0.3 ? null : Array.from({ length: n }, () => asStored(randomValue(rand)));
  s.grad = pick(['mean', 'sum', 'custom']);
  s.gradValues = rand() < 0.5 ? null : Array.from({ length: int(1, 50) }, () => Math.round(rand() * 100) / 10);
  s.lang = pick(['auto', 'en', 'zh']);
  s.theme = pick(['auto', 'light', 'dark']);
  s.show = PARTS.filter(() => rand() < 0.7);
  return s;
}

test('round trip: random valid states through the URL text and back, unchanged and without messages', () => {
  const rand = prng(99);
  for (let i = 0; i < 300; i++) {
    const s = randomState(rand);
    const text = serializeState(s).toString();
    const back = parseState(new URLSearchParams(text));
    assert.deepEqual(back.errors, [], `case ${i}: ${text.slice(0, 200)}`);
    assert.deepEqual(stateToJSON(back.state), stateToJSON(s), `case ${i}`);
    assert.equal(serializeState(back.state).toString(), text, `case ${i}`);
  }
});

test('the URL cap holds the longest serialization of a view within the element budget', () => {
  const s = defaultState();
  s.size = [64, 64];
  s.channels = BUDGET.elements / 4096; // C x 64 x 64 = the element budget
  s.preset = '';
  assert.equal(s.size[0] * s.size[1] * s.channels, BUDGET.elements);
  s.input = new Array(BUDGET.elements).fill(-123456789000000000000); // the longest float32 decimal
  assert.equal(formatFloat32(s.input[0]).length, 22);
  const q = serializeState(s);
  assert.ok(q.get('input').length <= TEXT_CAP.value, `${q.get('input').length} > ${TEXT_CAP.value}`);
  const back = parseState(q);
  assert.deepEqual(back.errors, []);
  assert.equal(back.state.input.length, BUDGET.elements);
});

test('parseState: hostile values of every parameter are refused fast, by name, and never throw', () => {
  const n = TEXT_CAP.value;
  const values = { ...hostile(n), 'over the cap': '1,'.repeat(n), 'deep': `${'['.repeat(5000)}1${']'.repeat(5000)}` };
  for (const [name, text] of Object.entries(values)) {
    for (const p of PARAMS) {
      let r;
      const ms = timeOf(() => { r = parseState(new URLSearchParams([[p.key, text]])); });
      assert.ok(ms < 500, `${p.key} = ${name}: ${ms.toFixed(0)} ms`);
      const mine = r.errors.filter((e) => e.param === p.key);
      // (two numbers with 700 KiB of spaces between them are numbers: grad-values takes them)
      if (p.kind === 'floats' && !parseMatrixText(text, { maxLength: TEXT_CAP.value }).error && p.key !== 'input') continue;
      assert.equal(mine.length, 1, `${p.key} = ${name}: ${JSON.stringify(r.errors).slice(0, 200)}`);
      assert.ok(mine[0].message.startsWith(`${p.key} `), mine[0].message);
    }
  }
  const deep = parseState({ input: `${'['.repeat(5000)}1${']'.repeat(5000)}` });
  assert.match(deep.errors[0].message, /^input could not be read: nested deeper than 5 levels at character 6/);
  assert.deepEqual(deep.state.input, null, 'the default input');
  const long = parseState({ 'kernel-size': '2'.repeat(TEXT_CAP.short + 1) });
  assert.equal(long.errors[0].message, 'kernel-size is too long: 257 characters, at most 256');
  // a getter that throws, and a state object whose values throw when read as text
  assert.doesNotThrow(() => parseState(() => { throw new Error('boom'); }));
  const weird = normalizeState({ input: [{ toString() { throw new Error('no'); } }], show: { toString() { throw new Error('no'); } } });
  assert.ok(weird.errors.length > 0);
  const huge = normalizeState({ input: new Array(BUDGET.elements + 1).fill(1) });
  const num = (x) => x.toLocaleString('en');
  assert.equal(huge.errors[0].message, `input has ${num(BUDGET.elements + 1)} numbers, at most ${num(BUDGET.elements)}`);
});
