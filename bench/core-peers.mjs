// bench/core-peers.mjs: poolgrad's wasm core against its peers, side by side in one run, on
// the same workloads: TensorFlow.js on its plain-JS CPU backend and on its wasm (XNNPACK)
// backend. Each workload is one forward pass and one backward pass (the input gradient for an
// upstream gradient of ones). Not a test: the figures are for reading, machines are noisy.
//
//   node bench/core-peers.mjs [--reps 15]
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as pg from '../web/lib/index.js';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-cpu');
const tfwasm = require('@tensorflow/tfjs-backend-wasm');

const reps = Number(process.argv[process.argv.indexOf('--reps') + 1]) || 15;

// N, C, H, W and the pooling parameters; tf gets the same data laid out NHWC.
const workloads = [
  { name: 'max 2x2 stride 2', op: 'max', shape: [1, 64, 128, 128], k: 2, s: 2 },
  { name: 'max 3x3 stride 1', op: 'max', shape: [1, 64, 128, 128], k: 3, s: 1 },
  { name: 'avg 2x2 stride 2', op: 'avg', shape: [1, 64, 128, 128], k: 2, s: 2 },
  { name: 'avg 3x3 stride 1', op: 'avg', shape: [1, 64, 128, 128], k: 3, s: 1 },
];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(fn) {
  fn(); // warm-up
  const samples = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

function randomData(n) {
  const data = new Float32Array(n);
  let seed = 12345;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    data[i] = seed / 2 ** 32 - 0.5;
  }
  return data;
}

function poolgradRun(w, input) {
  const opts = { kernelSize: w.k, stride: w.s };
  if (w.op === 'max') {
    const { output, indices } = pg.maxPool2d(input, opts);
    const ones = { data: new Float32Array(output.data.length).fill(1), shape: output.shape };
    return pg.maxPool2dBackward(ones, indices, input.shape, opts);
  }
  const output = pg.avgPool2d(input, opts);
  const ones = { data: new Float32Array(output.data.length).fill(1), shape: output.shape };
  return pg.avgPool2dBackward(ones, input.shape, opts);
}

// Forward, then the backward kernel itself (MaxPoolGrad / AvgPoolGrad) with dy = ones.
function tfRun(w, x) {
  tf.tidy(() => {
    const attrs = { filterSize: w.k, strides: w.s, pad: 'valid' };
    const y = w.op === 'max' ? tf.maxPool(x, w.k, w.s, 'valid') : tf.avgPool(x, w.k, w.s, 'valid');
    const dy = tf.onesLike(y);
    const dx =
      w.op === 'max'
        ? tf.engine().runKernel('MaxPoolGrad', { dy, input: x, output: y }, attrs)
        : tf.engine().runKernel('AvgPoolGrad', { dy, input: x }, attrs);
    dx.dataSync();
  });
}

await pg.init();
tfwasm.setWasmPaths(
  path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/',
);

const rows = [];
for (const w of workloads) {
  const [n, c, h, wd] = w.shape;
  const data = randomData(n * c * h * wd);
  const input = { data, shape: w.shape };
  const row = { workload: `${w.name} on ${w.shape.join('x')}` };
  row.poolgrad = time(() => poolgradRun(w, input));
  for (const backend of ['cpu', 'wasm']) {
    await tf.setBackend(backend);
    await tf.ready();
    const x = tf.tidy(() => tf.transpose(tf.tensor4d(data, w.shape), [0, 2, 3, 1]));
    row[`tfjs-${backend}`] = time(() => tfRun(w, x));
    x.dispose();
  }
  rows.push(row);
}

console.log(`forward + backward, median of ${reps} runs (ms); lower is better`);
console.table(
  rows.map((r) => ({
    workload: r.workload,
    'poolgrad (wasm)': r.poolgrad.toFixed(1),
    'tfjs cpu': r['tfjs-cpu'].toFixed(1),
    'tfjs wasm': r['tfjs-wasm'].toFixed(1),
    'poolgrad vs tfjs-wasm': (r['tfjs-wasm'] / r.poolgrad).toFixed(2) + 'x',
  })),
);
console.log(`process RSS after the run: ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
