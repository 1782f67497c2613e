// TensorFlow.js as the tests' oracle for tensorflow.*: @tensorflow/tfjs-core with its plain-JS
// backend (tfjs-backend-cpu) in Node, its gradients registered (tensorflow-tfjs-hook.mjs), and
// its wasm backend for the one check that needs it. Tensors go in and come out as
// { data: Float32Array, shape } in NHWC / NDHWC, tfjs's layout.
import { createRequire, register } from 'node:module';
import path from 'node:path';

register('./tensorflow-tfjs-hook.mjs', import.meta.url);
const require = createRequire(import.meta.url);
export const tf = require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-cpu');
const tfwasm = require('@tensorflow/tfjs-backend-wasm');
tfwasm.setWasmPaths(`${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
await import(new URL('../../node_modules/@tensorflow/tfjs-core/dist/register_all_gradients.js', import.meta.url).href);
tf.env().set('IS_TEST', true); // no "install tfjs-node" banner
await tf.setBackend('cpu');

/** Runs body on tfjs's backend `name` ('cpu' or 'wasm'), then returns to cpu. */
export async function onBackend(name, body) {
  await tf.setBackend(name);
  await tf.ready();
  try {
    return body();
  } finally {
    await tf.setBackend('cpu');
  }
}

const out = (t) => ({ data: Float32Array.from(t.dataSync()), shape: t.shape.slice() });
// tfjs's padding: 'same' / 'valid', or explicit [[0, 0], [top, bottom], [left, right], [0, 0]].
const tfjsPad = (padding) => (typeof padding === 'string' ? padding.toLowerCase() : [[0, 0], ...padding, [0, 0]]);

// tf.maxPool / avgPool (4-D) or maxPool3d / avgPool3d (5-D), NHWC / NDHWC.
function poolOp(kind, rank, ksize, strides, padding) {
  const pad = tfjsPad(padding);
  if (rank === 4) return (x) => (kind === 'max' ? tf.maxPool(x, ksize, strides, pad) : tf.avgPool(x, ksize, strides, pad));
  return (x) => (kind === 'max' ? tf.maxPool3d(x, ksize, strides, pad) : tf.avgPool3d(x, ksize, strides, pad));
}

/** tfjs's pooling forward of x (channels last). */
export function tfjsPool(kind, x, { ksize, strides, padding }) {
  return tf.tidy(() => out(poolOp(kind, x.shape.length, ksize, strides, padding)(tf.tensor(x.data, x.shape))));
}

/** tfjs's gradient, tf.grad of the pooling at x with upstream gradient dy (both channels last). */
export function tfjsPoolGrad(kind, x, dy, { ksize, strides, padding }) {
  return tf.tidy(() => out(tf.grad(poolOp(kind, x.shape.length, ksize, strides, padding))(
    tf.tensor(x.data, x.shape), tf.tensor(dy.data, dy.shape))));
}

/** tf.maxPoolWithArgmax: { output, indexes (Int32Array) }. */
export function tfjsMaxPoolWithArgmax(x, { ksize, strides, padding }, includeBatchInIndex) {
  return tf.tidy(() => {
    const r = tf.maxPoolWithArgmax(tf.tensor(x.data, x.shape), ksize, strides, padding.toLowerCase(), includeBatchInIndex);
    return { output: out(r.result), indexes: Int32Array.from(r.indexes.dataSync()) };
  });
}
