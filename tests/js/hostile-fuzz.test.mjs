// A seeded fuzz of the library with hostile callers: 50,000 calls to every function, each built
// from a valid call and then disguised or broken in a random way (getters that lie after their
// first read, proxies, polluted prototypes, re-entrant getters, disguised typed arrays, sparse or
// huge lists, oversized tensors, coercible objects, throwing getters), mixed with plain valid
// calls. Every call must either return exactly what the clean call returns (when the disguise
// is honest on the first read) or throw a TypeError/RangeError naming the function (or the
// caller's own error). At the end the wasm heap, the Embind handles and the results are as
// they were. The heap figure is printed as a diagnostic.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as pg from '../../web/lib/index.js'; // the instance loader.js's test hooks see
import { heapBytes, liveHandles } from '../../web/lib/loader.js';
import { prng } from './prng.mjs';

const CALLS = 50_000;
const random = prng(20261129);
const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
const pick = (list) => list[Math.floor(random() * list.length)];

class CallerError extends Error {}

// A valid call: { fn, args, clean } where args are plain values and clean() the reference. The op
// mix: max and average pooling and the family (adaptive, LP, fractional, unpooling).
const KINDS = ['max', 'avg', 'adaptiveMax', 'adaptiveAvg', 'lp', 'fractionalMax', 'maxUnpool'];
const numel = (s) => s.reduce((a, b) => a * b, 1);
function randomOptions(kind, kernelSize, spatial) {
  if (kind === 'adaptiveMax' || kind === 'adaptiveAvg') return { outputSize: kernelSize.map(() => (random() < 0.2 ? null : int(1, 4))) };
  if (kind === 'fractionalMax') return { kernelSize, outputSize: kernelSize.map((k, i) => int(1, spatial[i] - k + 1)), seed: int(0, 999) };
  if (kind === 'maxUnpool') return { kernelSize, stride: kernelSize.slice() };
  const options = { kernelSize, stride: kernelSize.map(() => int(1, 3)), ceilMode: random() < 0.3 };
  if (kind === 'lp') return { normType: pick([1, 2, 3, 1.5]), ...options };
  options.padding = kernelSize.map((k) => int(0, k >> 1));
  if (kind === 'max') options.dilation = kernelSize.map(() => int(1, 2));
  else options.countIncludePad = random() < 0.5;
  return options;
}

function validCalls() {
  const calls = [];
  while (calls.length < 70) {
    const kind = pick(KINDS);
    const dims = int(kind === 'fractionalMax' ? 2 : 1, 3);
    const op = kind === 'maxUnpool' ? `maxUnpool${dims}d` : `${kind}Pool${dims}d`;
    const kernelSize = Array.from({ length: dims }, () => int(1, 3));
    let shape = [...(random() < 0.5 ? [int(1, 2)] : []), int(1, 3), ...kernelSize.map(() => int(3, 7))];
    const options = randomOptions(kind, kernelSize, shape.slice(-dims));
    let input = Float32Array.from({ length: numel(shape) }, () => Math.round(random() * 8) - (kind === 'lp' ? 0 : 4));
    let unpoolIndices = null;
    if (kind === 'maxUnpool') { // unpool what a max pooling with the same windows gave
      const pooled = pg[`maxPool${dims}d`]({ data: input, shape }, options);
      [input, unpoolIndices, shape] = [pooled.output.data, pooled.indices.data, pooled.output.shape];
    }
    let outShape;
    try {
      outShape = pg.outputShape(shape, { op, ...options });
    } catch (error) {
      if (error instanceof RangeError) continue;
      throw error;
    }
    const grad = Float32Array.from({ length: numel(outShape) }, () => Math.round(random() * 8) / 4);
    const indices = ['max', 'adaptiveMax', 'fractionalMax'].includes(kind) ? pg[op]({ data: input, shape }, options).indices.data : null;
    // Fresh copies every time (a disguise mutates what it is given).
    const opts = (extra = {}) => ({ ...extra, ...Object.fromEntries(Object.entries(options).map(([k, v]) => [k, Array.isArray(v) ? v.slice() : v])) });
    const x = () => ({ data: input.slice(), shape: shape.slice() });
    const g = () => ({ data: grad.slice(), shape: outShape.slice() });
    const unpoolIdx = () => ({ data: unpoolIndices.slice(), shape: shape.slice() });
    let backwardArgs = () => [g(), shape.slice(), opts()];
    if (indices) backwardArgs = () => [g(), { data: indices.slice(), shape: outShape.slice() }, shape.slice(), opts()];
    if (kind === 'lp') backwardArgs = () => [g(), x(), opts()];
    if (unpoolIndices) backwardArgs = () => [g(), unpoolIdx(), opts()];
    const explorerExtra = () => (unpoolIndices ? { op, indices: unpoolIdx() } : { op });
    const variants = [
      { fn: op, args: () => (unpoolIndices ? [x(), unpoolIdx(), opts()] : [x(), opts()]) },
      { fn: `${op}Backward`, args: backwardArgs },
      { fn: 'routingCounts', args: () => [x(), opts(explorerExtra())] },
      { fn: 'outputShape', args: () => [shape.slice(), opts({ op })] },
      { fn: 'poolWindows', args: () => [shape.slice(), opts(explorerExtra())] },
    ];
    for (const v of variants) calls.push({ ...v, clean: pg[v.fn](...v.args()) });
  }
  return calls;
}

// Disguises that keep the first read honest: the call must return the clean result.
function lieAfterFirstRead(object, key, garbage) {
  const value = object[key];
  let reads = 0;
  Object.defineProperty(object, key, { enumerable: true, configurable: true, get: () => (reads++ === 0 ? value : garbage) });
}
const GARBAGE = [2.75, -1, 'x', null, {}, [1, , 3], new BigInt64Array(2), { length: 2 ** 28 }, () => 1, Symbol('s'), 2 ** 60]; // eslint-disable-line no-sparse-arrays

const honest = [
  (args) => { // a getter on one property of one object argument, lying after its first read
    const objects = args.filter((a) => typeof a === 'object' && !Array.isArray(a));
    const target = pick(objects);
    const keys = Object.keys(target);
    if (keys.length) lieAfterFirstRead(target, pick(keys), pick(GARBAGE));
    return args;
  },
  (args) => { // a list element behind a lying getter
    const lists = args.flatMap((a) => (Array.isArray(a) ? [a] : Object.values(a).filter(Array.isArray)));
    if (lists.length) {
      const list = pick(lists);
      lieAfterFirstRead(list, int(0, list.length - 1), pick(GARBAGE));
    }
    return args;
  },
  (args) => args.map((a) => (typeof a === 'object' ? new Proxy(a, {}) : a)), // transparent proxies
  (args) => { // a getter that makes a nested valid call first
    const target = args[args.length - 1];
    const key = pick(Object.keys(target));
    const value = target[key];
    Object.defineProperty(target, key, { enumerable: true, get() { pg.maxPool1d({ data: new Float32Array(64).fill(1), shape: [1, 64] }, { kernelSize: 4 }); return value; } });
    return args;
  },
  (args) => { // a typed-array subclass whose length lies
    class Lying extends Float32Array { get length() { return 3; } }
    const tensor = args.find((a) => a && typeof a === 'object' && a.data instanceof Float32Array);
    if (tensor) tensor.data = new Lying(tensor.data);
    return args;
  },
];

// Breakages: the call must throw a TypeError or RangeError naming the function. Each applies to
// a tensor argument when the call has one, else it breaks the options instead.
const tensorOf = (args) => args.find((a) => a && typeof a === 'object' && 'data' in a);
const breakOptions = (args) => { args[args.length - 1].kernelSize = [2, , 2]; return args; }; // eslint-disable-line no-sparse-arrays
const onTensor = (change) => (args) => { const t = tensorOf(args); if (!t) return breakOptions(args); change(t); return args; };
const broken = [
  onTensor((t) => { t.data = Object.defineProperty(new BigInt64Array(t.data.length), Symbol.toStringTag, { value: t.data[Symbol.toStringTag] }); }),
  onTensor((t) => { t.data = Object.defineProperty(new DataView(new ArrayBuffer(4 * t.data.length)), Symbol.toStringTag, { value: 'Float32Array' }); }),
  onTensor((t) => { t.shape = [1, , 2]; }), // eslint-disable-line no-sparse-arrays
  onTensor((t) => { t.shape = [1, 2 ** 24 + 1]; t.data = t.data instanceof Int32Array ? BIG_INT : BIG; }),
  (args) => { const o = args[args.length - 1]; o.kernelSize = pick([[2, , 2], 0, -1, 2 ** 53, 2.5, '2', { valueOf: () => 2 }, [], [1, 1, 1, 1], Number.MAX_SAFE_INTEGER]); return args; }, // eslint-disable-line no-sparse-arrays
  (args) => { const o = args[args.length - 1]; const [key, value] = pick([['stride', 0], ['stride', [0]], ['padding', -5], ['padding', 2 ** 40], ['stride', NaN], ['padding', Infinity], ['stride', 1n]]); o[key] = value; return args; },
  (args) => { const long = new Array(int(6, 5000)).fill(1); const i = args.findIndex(Array.isArray); if (i >= 0) args[i] = long; else tensorOf(args).shape = long; return args; },
  (args) => { args[args.length - 1][pick(['bogus', '__proto__x', 'kernel_size'])] = 1; return args; },
  (args) => { args[args.length - 1] = pick([null, undefined, 7, 'options', []]); return args; },
];
const BIG_INT = new Int32Array(2 ** 24 + 1);
const BIG = new Float32Array(2 ** 24 + 1);

const throwing = (args) => {
  const target = args[args.length - 1];
  Object.defineProperty(target, pick(Object.keys(target)), { enumerable: true, get() { throw new CallerError('from a getter'); } });
  return args;
};

const POLLUTION = ['kernelSize', 'stride', 'padding', 'dilation', 'ceilMode', 'countIncludePad', 'divisorOverride', 'indices', 'op', 'data', 'shape', '0', 'length', 'outputSize', 'normType', 'dims', 'randomSamples', 'seed'];

before(() => pg.init());

test(`${CALLS.toLocaleString('en')} hostile and valid calls: exact results, proper errors, bounded heap`, (t) => {
  const calls = validCalls();
  const heapBefore = heapBytes();
  const counts = { valid: 0, honest: 0, broken: 0, throwing: 0, polluted: 0 };
  for (let n = 0; n < CALLS; ++n) {
    const call = pick(calls);
    const roll = random();
    const where = `call #${n} (${call.fn})`;
    if (roll < 0.2) {
      ++counts.valid;
      assert.deepEqual(pg[call.fn](...call.args()), call.clean, where);
    } else if (roll < 0.55) {
      ++counts.honest;
      assert.deepEqual(pg[call.fn](...pick(honest)(call.args())), call.clean, where);
    } else if (roll < 0.6) {
      ++counts.polluted;
      const key = pick(POLLUTION);
      Object.prototype[key] = pick([1, 2, [3, 3], true, new Float32Array(4), 'maxPool2d']); // eslint-disable-line no-extend-native
      try {
        assert.deepEqual(pg[call.fn](...call.args()), call.clean, `${where} with Object.prototype.${key}`);
      } finally {
        delete Object.prototype[key];
      }
    } else if (roll < 0.95) {
      ++counts.broken;
      const which = int(0, broken.length - 1);
      assert.throws(() => pg[call.fn](...broken[which](call.args())), (error) => {
        assert.ok(error instanceof TypeError || error instanceof RangeError, `${where}: ${error?.name ?? typeof error}: ${error?.message ?? error}`);
        assert.ok(error.message.startsWith(call.fn), `${where}: ${error.message}`);
        assert.ok(error.message.length < 400, `${where}: a short message, not ${error.message.length} characters`);
        return true;
      }, `${where}, breakage ${which}`);
    } else {
      ++counts.throwing;
      assert.throws(() => pg[call.fn](...throwing(call.args())), CallerError, where);
    }
  }
  const heapAfter = heapBytes();
  const mib = (bytes) => (bytes / 2 ** 20).toFixed(1);
  t.diagnostic(`${CALLS} calls (${JSON.stringify(counts)}); wasm heap ${mib(heapBefore)} MiB before, ${mib(heapAfter)} MiB after; ` +
    `Embind handles ${liveHandles()}`);
  assert.equal(heapAfter, heapBefore, 'the wasm heap did not grow');
  assert.equal(liveHandles(), 0);
  for (const call of calls) assert.deepEqual(pg[call.fn](...call.args()), call.clean, `${call.fn} after the fuzz`);
});
