// bench/core-peers.mjs (`npm run bench`): poolgrad against its peers in one run, on the same
// workloads and the same input (uniform [-1, 1), fixed seed), one thread, float32. Not a test:
// the figures are for reading, and a shared machine makes them noisy.
//
// Engines, each on three passes: forward values only, forward with indices, backward.
//   poolgrad wasm     the public API (web/lib): copies in and out included, NCHW
//   poolgrad native   build/native/native_bench: the same workloads through pool_api (C++)
//   tfjs-wasm         TensorFlow.js's wasm backend (XNNPACK), NHWC; values only; the gradient
//                     kernels (MaxPoolGrad / AvgPoolGrad) as that backend runs them
//   tfjs-cpu          TensorFlow.js's plain-JS backend; its gradient kernels too
//   onnxruntime-web   ONNX Runtime's wasm build, one thread: MaxPool with its Indices output,
//                     AveragePool (the model bytes are hand-encoded below)
//   copy              a plain typed-array copy of the same bytes in and out (the floor for an
//                     API that copies)
// Each pass is timed round-robin over the engines (one call of each per round, so the load of a
// shared machine falls on all alike): warm-up rounds, then the median of --reps rounds (default
// 21). Ratios are engine time / poolgrad wasm time. Every engine's numbers are
// checked against poolgrad's; disagreements are counted and the first one is shown.
//
//   npm run bench -- [--reps 21] [--only W1,W3]
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pg from '../web/lib/index.js';
import { heapBytes } from '../web/lib/loader.js';
import { readOptions, wholeNumber } from '../scripts/lib/cli.mjs';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MIN_REPS = 15; // fewer rounds make the median of a shared machine's timings too noisy
const WORKLOAD_NAMES = ['W1', 'W2', 'W3', 'W4'];
const { values: options } = readOptions({
  name: 'bench',
  usage: `usage: npm run bench -- [--reps N (>= ${MIN_REPS}, default 21)] [--only ${WORKLOAD_NAMES.join(',')}]`,
  options: { reps: { type: 'string', default: '21' }, only: { type: 'string', default: '' } },
  check: (v) => {
    if (wholeNumber(v.reps, MIN_REPS) === null) return `--reps must be a whole number >= ${MIN_REPS}, got "${v.reps}"`;
    const unknown = v.only.split(',').filter((w) => v.only && !WORKLOAD_NAMES.includes(w));
    return unknown.length ? `--only takes workload names (${WORKLOAD_NAMES.join(', ')}), got ${unknown.join(', ')}` : null;
  },
});
const reps = wholeNumber(options.reps, MIN_REPS);
const only = options.only;

const WORKLOADS = [
  { name: 'W1', kind: 'max', shape: [1, 64, 112, 112], k: 3, s: 2, p: 1 },
  { name: 'W2', kind: 'max', shape: [1, 256, 56, 56], k: 2, s: 2, p: 0 },
  { name: 'W3', kind: 'avg', shape: [8, 128, 32, 32], k: 3, s: 1, p: 1 },
  { name: 'W4', kind: 'max', shape: [1, 3, 512, 512], k: 2, s: 2, p: 0 },
].filter((w) => !only || only.split(',').includes(w.name));

// uniform [-1, 1): the same generator as bench/native_bench.cpp.
function uniformInput(n) {
  const data = new Float32Array(n);
  let seed = 12345;
  for (let i = 0; i < n; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    data[i] = (seed / 4294967296) * 2 - 1;
  }
  return data;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// `npm run bench` runs Node with --no-liftoff, so every wasm engine runs its optimised code from
// the first call instead of tiering up from V8's baseline compiler while being timed.

const nchwToNhwc = (data, [n, c, h, w]) => {
  const out = new Float32Array(data.length);
  for (let b = 0; b < n; b++) for (let ch = 0; ch < c; ch++) for (let i = 0; i < h * w; i++) out[(b * h * w + i) * c + ch] = data[(b * c + ch) * h * w + i];
  return out;
};
const nhwcToNchw = (data, [n, c, h, w]) => {
  const out = new Float32Array(data.length);
  for (let b = 0; b < n; b++) for (let ch = 0; ch < c; ch++) for (let i = 0; i < h * w; i++) out[(b * c + ch) * h * w + i] = data[(b * h * w + i) * c + ch];
  return out;
};

// Where two float arrays disagree: relative 1e-5 / absolute 1e-6 (the fixtures' tolerance).
function compare(got, want, where) {
  let count = 0;
  let first = null;
  for (let i = 0; i < want.length; i++) {
    const a = got[i];
    const b = want[i];
    const ok = (Number.isNaN(a) && Number.isNaN(b)) || a === b || Math.abs(a - b) <= 1e-6 + 1e-5 * Math.abs(b);
    if (!ok) {
      count++;
      if (first === null) first = `${where(i)}: ${a} vs poolgrad ${b}`;
    }
  }
  return count === 0 ? null : `${count} of ${want.length} differ; first ${first}`;
}
const spatial = (shape, i) => {
  const [, c, h, w] = shape;
  const plane = h * w;
  const p = Math.floor(i / plane);
  const r = i % plane;
  return `[${Math.floor(p / c)},${p % c},${Math.floor(r / w)},${r % w}]`;
};

// ---------------------------------------------------------------- ONNX model bytes
// A minimal protobuf writer for the few ModelProto fields a one-node graph needs.
const varint = (n) => {
  const out = [];
  let v = BigInt(n);
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
};
const key = (field, wire) => varint((field << 3) | wire);
const pbInt = (field, n) => [...key(field, 0), ...varint(n)];
const pbBytes = (field, bytes) => [...key(field, 2), ...varint(bytes.length), ...bytes];
const pbString = (field, s) => pbBytes(field, [...new TextEncoder().encode(s)]);
const attrInt = (name, i) => pbBytes(5, [...pbString(1, name), ...pbInt(3, i), ...pbInt(20, 2)]);
const attrInts = (name, ints) => pbBytes(5, [...pbString(1, name), ...ints.flatMap((i) => pbInt(8, i)), ...pbInt(20, 7)]);
const valueInfo = (field, name, elemType, dims) => pbBytes(field, [
  ...pbString(1, name),
  ...pbBytes(2, pbBytes(1, [...pbInt(1, elemType), ...pbBytes(2, dims.flatMap((d) => pbBytes(1, pbInt(1, d))))])),
]);
const FLOAT = 1;
const INT64 = 7;

// ONNX MaxPool (with the Indices output) or AveragePool for workload w, as model bytes (opset 13).
function onnxModel(w, outShape, withIndices) {
  const op = w.kind === 'max' ? 'MaxPool' : 'AveragePool';
  const outputs = withIndices ? ['y', 'i'] : ['y'];
  const node = pbBytes(1, [
    ...pbString(1, 'x'), ...outputs.flatMap((o) => pbString(2, o)), ...pbString(3, 'pool'), ...pbString(4, op),
    ...attrInts('kernel_shape', [w.k, w.k]), ...attrInts('strides', [w.s, w.s]), ...attrInts('pads', [w.p, w.p, w.p, w.p]),
    ...(w.kind === 'avg' ? attrInt('count_include_pad', 1) : []),
  ]);
  const graph = [
    ...node, ...pbString(2, 'g'), ...valueInfo(11, 'x', FLOAT, w.shape), ...valueInfo(12, 'y', FLOAT, outShape),
    ...(withIndices ? valueInfo(12, 'i', INT64, outShape) : []),
  ];
  return Uint8Array.from([...pbInt(1, 8), ...pbBytes(8, [...pbString(1, ''), ...pbInt(2, 13)]), ...pbBytes(7, graph)]);
}

// ---------------------------------------------------------------- engines
// Each engine is prepared into { values, indices, backward } (functions, possibly async, or
// null for a pass it lacks), plus the checks of its numbers against poolgrad's.
function poolgradCalls(w, x) {
  const options = { kernelSize: w.k, stride: w.s, padding: w.p };
  if (w.kind === 'max') {
    const fwd = pg.maxPool2d(x, options);
    const ones = { data: new Float32Array(fwd.output.data.length).fill(1), shape: fwd.output.shape };
    return {
      values: () => pg.maxPool2d(x, { ...options, returnIndices: false }).output.data,
      indices: () => pg.maxPool2d(x, options),
      backward: () => pg.maxPool2dBackward(ones, fwd.indices, x.shape, options).data,
      reference: { output: fwd.output.data, indices: fwd.indices.data, grad: pg.maxPool2dBackward(ones, fwd.indices, x.shape, options).data, outShape: fwd.output.shape },
    };
  }
  const out = pg.avgPool2d(x, options);
  const ones = { data: new Float32Array(out.data.length).fill(1), shape: out.shape };
  return {
    values: () => pg.avgPool2d(x, options).data,
    indices: null,
    backward: () => pg.avgPool2dBackward(ones, x.shape, options).data,
    reference: { output: out.data, indices: null, grad: pg.avgPool2dBackward(ones, x.shape, options).data, outShape: out.shape },
  };
}

// TensorFlow.js on NHWC, padding given as a number (p on every side, PyTorch's rule for max
// pooling). tf's average pooling divides by the elements inside the input where PyTorch's
// default count_include_pad = true counts the padding, so W3 disagrees at the borders. The
// backward is the gradient kernel itself (MaxPoolGrad / AvgPoolGrad), as tf.grad runs it.
// Each call reads its result out (dataSync, as poolgrad copies its out) and disposes it (not
// tf.tidy: in this Node it made dataSync after a wasm kernel take ~100x longer).
async function tfjsEngine(tf, backend, w, data, ref) {
  await tf.setBackend(backend);
  await tf.ready();
  const x = tf.tensor4d(nchwToNhwc(data, w.shape), [w.shape[0], w.shape[2], w.shape[3], w.shape[1]]);
  const fwd = () => (w.kind === 'max' ? tf.maxPool(x, w.k, w.s, w.p) : tf.avgPool(x, w.k, w.s, w.p));
  const y = fwd();
  const onesY = tf.onesLike(y);
  const attrs = { filterSize: [w.k, w.k], strides: [w.s, w.s], pad: w.p, dimRoundingMode: undefined };
  const grad = () => tf.engine().runKernel(w.kind === 'max' ? 'MaxPoolGrad' : 'AvgPoolGrad',
    w.kind === 'max' ? { dy: onesY, input: x, output: y } : { dy: onesY, input: x }, attrs);
  const read = (make) => () => {
    const t = make();
    const values = t.dataSync();
    t.dispose();
    return values;
  };
  return {
    values: read(fwd), indices: null, backward: read(grad),
    check: {
      values: compare(nhwcToNchw(y.dataSync(), ref.outShape), ref.output, (i) => `output${spatial(ref.outShape, i)}`),
      backward: compare(nhwcToNchw(read(grad)(), w.shape), ref.grad, (i) => `gradInput${spatial(w.shape, i)}`),
    },
    dispose: () => tf.dispose([x, y, onesY]),
  };
}

// session.run is asynchronous in onnxruntime-web: timed with await, one run at a time.
async function ortEngine(ort, w, data, ref) {
  const r = { values: null, indices: null, backward: null, check: {}, sessions: [] };
  const input = new ort.Tensor('float32', data, w.shape);
  for (const withIndices of w.kind === 'max' ? [false, true] : [false]) {
    const session = await ort.InferenceSession.create(onnxModel(w, ref.outShape, withIndices), {
      executionProviders: ['wasm'], graphOptimizationLevel: 'all',
    });
    r.sessions.push(session);
    const pass = withIndices ? 'indices' : 'values';
    r[pass] = () => session.run({ x: input });
    const out = await r[pass]();
    r.check[pass] = compare(out.y.data, ref.output, (i) => `output${spatial(ref.outShape, i)}`);
    if (withIndices) {
      // ONNX's indices are flat over the whole NCHW tensor; poolgrad's within each (N, C) plane.
      const plane = w.shape[2] * w.shape[3];
      const outPlane = ref.outShape[2] * ref.outShape[3];
      const idx = Float32Array.from(out.i.data, (v, o) => Number(v) - Math.floor(o / outPlane) * plane);
      const why = compare(idx, Float32Array.from(ref.indices), (i) => `indices${spatial(ref.outShape, i)}`);
      if (why) r.check.indices = (r.check.indices ? `${r.check.indices}; ` : '') + why;
    }
  }
  r.dispose = () => Promise.all(r.sessions.map((session) => session.release()));
  return r;
}

// Input in, output (and indices) out, or dout (and indices) in and dinp out: the copies any
// API of plain typed arrays pays, as typed-array copies.
function copyEngine(w, data, ref) {
  const outLen = ref.output.length;
  const heap = new Float32Array(data.length + 2 * outLen);
  const fwd = (outs) => () => {
    heap.set(data);
    let last;
    for (let k = 0; k < outs; k++) last = heap.slice(data.length + k * outLen, data.length + (k + 1) * outLen);
    return last;
  };
  return {
    values: fwd(1),
    indices: w.kind === 'max' ? fwd(2) : null,
    backward: () => {
      heap.set(ref.output.subarray(0, outLen));
      if (w.kind === 'max') heap.set(ref.output.subarray(0, outLen), outLen);
      return new Float32Array(heap.buffer, 0, data.length).slice();
    },
  };
}

function nativeEngine() {
  const bin = path.join(ROOT, 'build/native/native_bench');
  if (!existsSync(bin)) return { error: 'build/native/native_bench is missing (bash scripts/build.sh native)' };
  const r = spawnSync(bin, ['--reps', String(reps)], { encoding: 'utf8' });
  if (r.status !== 0) return { error: r.stderr };
  return JSON.parse(r.stdout).workloads;
}

// Times one pass of several engines round-robin, so a change in the machine's load falls on all
// of them alike: warm-up rounds (at least 3 and 300 ms), then reps rounds. In a round each engine
// gets a garbage collection (when Node runs with --expose-gc, as `npm run bench` does: nobody
// pays for another engine's garbage), one untimed call (its caches warm again after the others
// ran) and one timed call. Returns { engine: median ms }.
async function timeRoundRobin(calls) {
  const names = Object.keys(calls);
  const once = async (fn) => {
    const t0 = performance.now();
    const r = fn();
    if (r && typeof r.then === 'function') await r;
    return performance.now() - t0;
  };
  const start = performance.now();
  for (let i = 0; i < 30 && (i < 3 || performance.now() - start < 300); i++) {
    for (const name of names) await once(calls[name]);
  }
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  for (let r = 0; r < reps; r++) {
    for (const name of names) {
      globalThis.gc?.();
      await once(calls[name]);
      samples[name].push(await once(calls[name]));
    }
  }
  return Object.fromEntries(names.map((name) => [name, median(samples[name])]));
}

// ---------------------------------------------------------------- run
await pg.init();
// tfjs-core with its two backends (its gradients, tf.grad and the *Grad kernels, are in core).
// Not the @tensorflow/tfjs bundle: it carries its own copy of core, which the separately loaded
// wasm backend would not register into.
const tf = require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-cpu');
const tfwasm = require('@tensorflow/tfjs-backend-wasm');
tfwasm.setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');
// One thread: without this the wasm backend picks its threaded build where SharedArrayBuffer
// exists (Node), whose worker pool competes for the cores with every other engine.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
await tf.setBackend('wasm');
const ort = await import('onnxruntime-web');
ort.env.wasm.numThreads = 1;
ort.env.logLevel = 'error';

// Every engine's wasm is compiled (on background threads, and all of it with --no-liftoff) before
// anything is timed, so no compile competes with a measurement.
async function warmEngines() {
  const tiny = { name: 'warm', kind: 'max', shape: [1, 2, 4, 4], k: 2, s: 2, p: 0 };
  pg.maxPool2d({ data: new Float32Array(32), shape: tiny.shape }, { kernelSize: 2 });
  for (const backend of ['wasm', 'cpu']) {
    await tf.setBackend(backend);
    await tf.ready();
    tf.maxPool(tf.zeros([1, 4, 4, 2]), 2, 2, 0).dataSync();
  }
  const session = await ort.InferenceSession.create(onnxModel(tiny, [1, 2, 2, 2], true), { executionProviders: ['wasm'] });
  await session.run({ x: new ort.Tensor('float32', new Float32Array(32), tiny.shape) });
  await session.release();
  await new Promise((resolve) => setTimeout(resolve, 2000));
}
await warmEngines();
const native = nativeEngine();
const results = [];
const disagreements = [];
let heapAfterW1 = null;
for (const w of WORKLOADS) {
  const data = uniformInput(w.shape.reduce((a, b) => a * b));
  const x = { data, shape: w.shape };
  const calls = poolgradCalls(w, x);
  const ref = calls.reference;
  const engines = { 'poolgrad wasm': {}, 'poolgrad native': {}, 'tfjs-wasm': {}, 'tfjs-cpu': {}, 'onnxruntime-web': {}, copy: {} };
  const prepared = { 'poolgrad wasm': calls, copy: copyEngine(w, data, ref) };
  try {
    prepared['onnxruntime-web'] = await ortEngine(ort, w, data, ref);
  } catch (error) {
    engines['onnxruntime-web'].error = String(error.message ?? error).split('\n')[0];
  }
  // tfjs-wasm joins the round-robin; tfjs-cpu (tens to hundreds of ms a call, and a different
  // tfjs backend) is timed on its own afterwards.
  try {
    prepared['tfjs-wasm'] = await tfjsEngine(tf, 'wasm', w, data, ref);
  } catch (error) {
    engines['tfjs-wasm'].error = String(error.message ?? error).split('\n')[0];
  }
  for (const pass of ['values', 'indices', 'backward']) {
    const passCalls = {};
    for (const [name, engine] of Object.entries(prepared)) if (engine[pass]) passCalls[name] = engine[pass];
    const medians = await timeRoundRobin(passCalls);
    for (const [name, ms] of Object.entries(medians)) engines[name][pass] = ms;
  }
  if (w.name === 'W1') heapAfterW1 = heapBytes();
  for (const [name, engine] of Object.entries(prepared)) {
    if (engine.check) engines[name].check = engine.check;
    if (engine.dispose) await engine.dispose();
  }
  try {
    const cpu = await tfjsEngine(tf, 'cpu', w, data, ref);
    for (const pass of ['values', 'backward']) engines['tfjs-cpu'][pass] = (await timeRoundRobin({ cpu: cpu[pass] })).cpu;
    engines['tfjs-cpu'].check = cpu.check;
    cpu.dispose();
    await tf.setBackend('wasm');
  } catch (error) {
    engines['tfjs-cpu'].error = String(error.message ?? error).split('\n')[0];
  }
  const nat = native.error ? null : native[w.name]?.fast;
  if (nat) Object.assign(engines['poolgrad native'], { values: nat.forward_values, indices: w.kind === 'max' ? nat.forward : null, backward: nat.backward });
  else engines['poolgrad native'].error = native.error;
  for (const [engine, r] of Object.entries(engines)) {
    for (const [pass, why] of Object.entries(r.check ?? {})) if (why) disagreements.push(`${w.name} ${engine} ${pass}: ${why}`);
    if (r.error) disagreements.push(`${w.name} ${engine}: not run (${r.error})`);
  }
  results.push({ w, engines });
}

const fmt = (v) => (v === null || v === undefined ? '-' : v < 1 ? v.toFixed(3) : v.toFixed(2));
const ratio = (v, base) => (v === null || v === undefined || !base ? '' : ` (${(v / base).toFixed(2)}x)`);
console.log(`poolgrad vs peers: median of ${reps} runs after warm-up, ms (ratio = engine / poolgrad wasm)`);
console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}, load ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}`);
for (const pass of ['values', 'indices', 'backward']) {
  const title = { values: 'forward, values only', indices: 'forward with indices', backward: 'backward (input gradient of an all-ones upstream gradient)' }[pass];
  console.log(`\n${title}`);
  const rows = {};
  for (const { w, engines } of results) {
    const base = engines['poolgrad wasm'][pass];
    const row = {};
    for (const [engine, r] of Object.entries(engines)) row[engine] = r.error ? 'n/a' : fmt(r[pass]) + (engine === 'poolgrad wasm' ? '' : ratio(r[pass], base));
    rows[`${w.name} ${w.kind} k${w.k} s${w.s} p${w.p} [${w.shape.join(',')}]`] = row;
  }
  console.table(rows);
}
console.log(`\npeak wasm memory after W1 forward (both kinds) + backward: ${heapAfterW1 ?? '-'} bytes`);
console.log(disagreements.length ? `\nengines that disagree with poolgrad:\n  ${disagreements.join('\n  ')}` : '\nevery engine agrees with poolgrad');
