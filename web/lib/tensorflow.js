// tensorflow.js: TensorFlow's pooling ops (tf.nn.max_pool, avg_pool, max_pool_with_argmax and
// the gradient ops tf.raw_ops.MaxPoolGrad / AvgPoolGrad) with TensorFlow's semantics, on the
// same C++ core as PyTorch's: tensorflow-layout.js reads the arguments and turns them into the
// core's convention spec (SAME's padding, the divisor, the NaN rule), the core computes in
// channels-first order, and the results come back in the caller's dataFormat.
//
// NaN (max pooling): TensorFlow's CPU kernels never let a NaN win a window. MaxPool
// (tensorflow/core/kernels/pooling_ops_common.h, SpatialMaxPool) starts each output at the lowest
// float and takes Eigen's cwiseMax, which keeps the running maximum when the new value is NaN;
// tfjs-backend-cpu (pool_utils.js) takes `pixel > max`, which a NaN never passes. So here: NaN
// never wins, ties go to the first maximum in window order (row-major), and a window with no
// non-NaN element gives -inf with no argmax (-1), as tfjs does (TensorFlow's CPU kernel gives
// the lowest float, -3.4028235e38, there). The gradient goes where the forward's argmax is.
import { conventionOutputShape, conventionPool, conventionPoolBackward } from './convention-calls.js';
import { equalShapes, shape as shapeArgument, shapeMismatch, tensor as tensorArgument } from './calls.js';
import { requireCore } from './loader.js';
import { firstShape, lastShape, moveChannels, readTensorflowCall, tensorflowArgmax } from './tensorflow-layout.js';

// The core names its parameters as PyTorch does; TensorFlow's callers know them by these names.
// (Axis numbers in its messages count spatial axes, the same in every dataFormat.)
const TENSORFLOW_PARAM = { kernelSize: 'ksize', stride: 'strides', padding: 'padding', paddingEnd: 'padding' };
const TENSORFLOW_WORDS = [[/\bkernel_size\b/g, 'ksize'], [/\bstride\b/g, 'strides'], [/\bpadding_end\b/g, 'padding (after)']];

// Runs body; a core rejection (a RangeError with .param) is retold in TensorFlow's names, in
// .param and in its message.
function withTensorflowNames(body) {
  try {
    return body();
  } catch (error) {
    if (error instanceof RangeError && Object.hasOwn(TENSORFLOW_PARAM, error.param ?? '')) {
      error.param = TENSORFLOW_PARAM[error.param];
      for (const [word, name] of TENSORFLOW_WORDS) error.message = error.message.replace(word, name);
    }
    throw error;
  }
}

// A tensor's data in the core's channels-first order, and a core result in the caller's order.
const toCore = (call, t) => (call.channelsLast ? { data: moveChannels(t.data, t.shape, true), shape: firstShape(t.shape) } : t);
const fromCore = (call, t) => (call.channelsLast
  ? { data: moveChannels(t.data, lastShape(t.shape), false), shape: lastShape(t.shape) }
  : { data: t.data, shape: t.shape.slice() });

// The forward's output shape in the caller's layout (the core checks the geometry and its caps).
// The core sees the channels-first shape; an empty channel or spatial axis (which the core
// rejects: only the batch may be empty) is reported here in the caller's own layout.
function outputShapeOf(fn, call, inputShape) {
  const empty = inputShape.findIndex((d, axis) => axis > 0 && d === 0);
  if (empty > 0) {
    const error = new RangeError(`${fn}: input shape [${inputShape.join(', ')}] has dimension ${empty} = 0; ` +
      'only the batch dimension may be empty');
    error.param = 'input';
    error.code = 'out_of_range'; // the core's code for the same rule
    throw error;
  }
  const coreShape = conventionOutputShape(fn, call.channelsLast ? firstShape(inputShape) : inputShape, call.spec);
  return call.channelsLast ? lastShape(coreShape) : coreShape;
}

// A gradient op's tensors of the forward's output must have its shape.
function mustHaveShape(fn, name, actual, expected, what) {
  if (!equalShapes(actual, expected)) throw shapeMismatch(fn, name, actual, `${what} [${expected.join(', ')}]`);
}

// value (N, ...spatial, C) or (N, C, ...spatial) -> pooled, in the same layout
function pool(fnName, input, options) {
  const fn = `tensorflow.${fnName}`;
  const core = requireCore(fn);
  const x = tensorArgument(core, fn, 'input', input, 'Float32Array');
  const call = readTensorflowCall(fnName, x.shape, options);
  return withTensorflowNames(() => {
    outputShapeOf(fn, call, x.shape); // the geometry is checked before any copy
    const r = conventionPool(fn, toCore(call, x), { ...call.spec, returnIndices: false });
    return fromCore(call, r.output);
  });
}

/** tf.nn.max_pool: max pooling, input rank 3/4/5 (1-D/2-D/3-D), NHWC by default. NaN never wins. */
export function maxPool(input, options) {
  return pool('maxPool', input, options);
}

/** tf.nn.avg_pool: average pooling; the divisor counts the input elements in the window only. */
export function avgPool(input, options) {
  return pool('avgPool', input, options);
}

/**
 * tf.nn.max_pool_with_argmax: 4-D NHWC input -> { output, argmax }; argmax int64
 * (BigInt64Array), flat ((b·H + y)·W + x)·C + c, the batch term only with includeBatchInIndex.
 */
export function maxPoolWithArgmax(input, options) {
  const fn = 'tensorflow.maxPoolWithArgmax';
  const core = requireCore(fn);
  const x = tensorArgument(core, fn, 'input', input, 'Float32Array');
  const call = readTensorflowCall('maxPoolWithArgmax', x.shape, options);
  return withTensorflowNames(() => {
    outputShapeOf(fn, call, x.shape);
    const r = conventionPool(fn, toCore(call, x), call.spec);
    const output = fromCore(call, r.output);
    const argmax = tensorflowArgmax(r.indices.data, output.shape, x.shape, call.includeBatchInIndex);
    return { output, argmax: { data: argmax, shape: output.shape.slice() } };
  });
}

/**
 * tf.raw_ops.MaxPoolGrad: the gradient of maxPool at origInput. Each window's upstream gradient
 * goes to its first maximum, recomputed from origInput (as TensorFlow's CPU kernel does);
 * origOutput is checked for its shape only (its values are not read, as in TensorFlow's kernel).
 */
export function maxPoolGrad(origInput, origOutput, grad, options) {
  const fn = 'tensorflow.maxPoolGrad';
  const core = requireCore(fn);
  const x = tensorArgument(core, fn, 'origInput', origInput, 'Float32Array');
  const y = tensorArgument(core, fn, 'origOutput', origOutput, 'Float32Array');
  const dy = tensorArgument(core, fn, 'grad', grad, 'Float32Array');
  const call = readTensorflowCall('maxPoolGrad', x.shape, options);
  return withTensorflowNames(() => {
    const outShape = outputShapeOf(fn, call, x.shape);
    mustHaveShape(fn, 'origOutput', y.shape, outShape, 'the pooled shape of origInput');
    mustHaveShape(fn, 'grad', dy.shape, outShape, 'the pooled shape of origInput');
    const xCore = toCore(call, x);
    const { indices } = conventionPool(fn, xCore, call.spec);
    const dx = conventionPoolBackward(fn, toCore(call, dy), xCore.shape, call.spec, { indices });
    return fromCore(call, dx);
  });
}

/**
 * tf.raw_ops.AvgPoolGrad: the gradient of avgPool for an input of shape origInputShape, the exact
 * transpose of the forward: each window's gradient is spread over its input elements, divided by
 * their count.
 */
export function avgPoolGrad(origInputShape, grad, options) {
  const fn = 'tensorflow.avgPoolGrad';
  const core = requireCore(fn);
  const inShape = shapeArgument(core, fn, 'origInputShape', origInputShape);
  const dy = tensorArgument(core, fn, 'grad', grad, 'Float32Array');
  const call = readTensorflowCall('avgPoolGrad', inShape, options);
  return withTensorflowNames(() => {
    const outShape = outputShapeOf(fn, call, inShape);
    mustHaveShape(fn, 'grad', dy.shape, outShape, 'the pooled shape of origInputShape');
    const coreShape = call.channelsLast ? firstShape(inShape) : inShape;
    return fromCore(call, conventionPoolBackward(fn, toCore(call, dy), coreShape, call.spec));
  });
}

/** The `tensorflow` export of index.js: one frozen namespace, beside the PyTorch functions. */
export const tensorflow = Object.freeze({ maxPool, avgPool, maxPoolWithArgmax, maxPoolGrad, avgPoolGrad });
