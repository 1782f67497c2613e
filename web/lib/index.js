// poolgrad: PyTorch's pooling family - max, average, adaptive, LP, max-unpooling, fractional and
// global pooling, 1-D/2-D/3-D, forward and backward, exactly as PyTorch computes them (C++ core
// in WebAssembly). `await init()` once; every function after that is synchronous. Tensors are
// { data: Float32Array, shape: number[] }, (N, C, ...) or (C, ...), row-major. Every result is a
// fresh typed array owned by the caller.
//
// Each op is named here and made by one of calls.js's argument lists; the explorers
// (routingCounts, outputShape, poolWindows, limits) are explore.js's.
import {
  argmaxPool, argmaxPoolBackward, lpPoolBackward, maxUnpool, maxUnpoolBackward, valuePool, valuePoolBackward,
} from './calls.js';

export { init } from './loader.js';
export { limits, outputShape, poolWindows, routingCounts } from './explore.js';
// ONNX's pooling operators (MaxPool, AveragePool, LpPool, Global*, MaxUnpool) and their gradients.
export { onnx } from './onnx.js';

/** Max pooling over 1 spatial dimension: input (N, C, L) or (C, L). */
export function maxPool1d(input, options) { return argmaxPool('maxPool1d', input, options); }
/** Max pooling over 2 spatial dimensions: input (N, C, H, W) or (C, H, W). */
export function maxPool2d(input, options) { return argmaxPool('maxPool2d', input, options); }
/** Max pooling over 3 spatial dimensions: input (N, C, D, H, W) or (C, D, H, W). */
export function maxPool3d(input, options) { return argmaxPool('maxPool3d', input, options); }

export function maxPool1dBackward(gradOutput, indices, inputShape, options) {
  return argmaxPoolBackward('maxPool1d', gradOutput, indices, inputShape, options);
}
export function maxPool2dBackward(gradOutput, indices, inputShape, options) {
  return argmaxPoolBackward('maxPool2d', gradOutput, indices, inputShape, options);
}
export function maxPool3dBackward(gradOutput, indices, inputShape, options) {
  return argmaxPoolBackward('maxPool3d', gradOutput, indices, inputShape, options);
}

export function avgPool1d(input, options) { return valuePool('avgPool1d', input, options); }
export function avgPool2d(input, options) { return valuePool('avgPool2d', input, options); }
export function avgPool3d(input, options) { return valuePool('avgPool3d', input, options); }

export function avgPool1dBackward(gradOutput, inputShape, options) {
  return valuePoolBackward('avgPool1d', gradOutput, inputShape, options);
}
export function avgPool2dBackward(gradOutput, inputShape, options) {
  return valuePoolBackward('avgPool2d', gradOutput, inputShape, options);
}
export function avgPool3dBackward(gradOutput, inputShape, options) {
  return valuePoolBackward('avgPool3d', gradOutput, inputShape, options);
}

export function adaptiveMaxPool1d(input, options) { return argmaxPool('adaptiveMaxPool1d', input, options); }
export function adaptiveMaxPool2d(input, options) { return argmaxPool('adaptiveMaxPool2d', input, options); }
export function adaptiveMaxPool3d(input, options) { return argmaxPool('adaptiveMaxPool3d', input, options); }
export function adaptiveMaxPool1dBackward(gradOutput, indices, inputShape, options) {
  return argmaxPoolBackward('adaptiveMaxPool1d', gradOutput, indices, inputShape, options);
}
export function adaptiveMaxPool2dBackward(gradOutput, indices, inputShape, options) {
  return argmaxPoolBackward('adaptiveMaxPool2d', gradOutput, indices, inputShape, options);
}
export function adaptiveMaxPool3dBackward(gradOutput, indices, inputShape, options) {
  return argmaxPoolBackward('adaptiveMaxPool3d', gradOutput, indices, inputShape, options);
}

export function adaptiveAvgPool1d(input, options) { return valuePool('adaptiveAvgPool1d', input, options); }
export function adaptiveAvgPool2d(input, options) { return valuePool('adaptiveAvgPool2d', input, options); }
export function adaptiveAvgPool3d(input, options) { return valuePool('adaptiveAvgPool3d', input, options); }
export function adaptiveAvgPool1dBackward(gradOutput, inputShape, options) {
  return valuePoolBackward('adaptiveAvgPool1d', gradOutput, inputShape, options);
}
export function adaptiveAvgPool2dBackward(gradOutput, inputShape, options) {
  return valuePoolBackward('adaptiveAvgPool2d', gradOutput, inputShape, options);
}
export function adaptiveAvgPool3dBackward(gradOutput, inputShape, options) {
  return valuePoolBackward('adaptiveAvgPool3d', gradOutput, inputShape, options);
}

export function lpPool1d(input, options) { return valuePool('lpPool1d', input, options); }
export function lpPool2d(input, options) { return valuePool('lpPool2d', input, options); }
export function lpPool3d(input, options) { return valuePool('lpPool3d', input, options); }
export function lpPool1dBackward(gradOutput, input, options) { return lpPoolBackward('lpPool1d', gradOutput, input, options); }
export function lpPool2dBackward(gradOutput, input, options) { return lpPoolBackward('lpPool2d', gradOutput, input, options); }
export function lpPool3dBackward(gradOutput, input, options) { return lpPoolBackward('lpPool3d', gradOutput, input, options); }

export function maxUnpool1d(input, indices, options) { return maxUnpool('maxUnpool1d', input, indices, options); }
export function maxUnpool2d(input, indices, options) { return maxUnpool('maxUnpool2d', input, indices, options); }
export function maxUnpool3d(input, indices, options) { return maxUnpool('maxUnpool3d', input, indices, options); }
export function maxUnpool1dBackward(gradOutput, indices, options) {
  return maxUnpoolBackward('maxUnpool1d', gradOutput, indices, options);
}
export function maxUnpool2dBackward(gradOutput, indices, options) {
  return maxUnpoolBackward('maxUnpool2d', gradOutput, indices, options);
}
export function maxUnpool3dBackward(gradOutput, indices, options) {
  return maxUnpoolBackward('maxUnpool3d', gradOutput, indices, options);
}

export function fractionalMaxPool2d(input, options) { return argmaxPool('fractionalMaxPool2d', input, options); }
export function fractionalMaxPool3d(input, options) { return argmaxPool('fractionalMaxPool3d', input, options); }
export function fractionalMaxPool2dBackward(gradOutput, indices, inputShape, options) {
  return argmaxPoolBackward('fractionalMaxPool2d', gradOutput, indices, inputShape, options);
}
export function fractionalMaxPool3dBackward(gradOutput, indices, inputShape, options) {
  return argmaxPoolBackward('fractionalMaxPool3d', gradOutput, indices, inputShape, options);
}

export function globalMaxPool(input, options) { return argmaxPool('globalMaxPool', input, options); }
export function globalMaxPoolBackward(gradOutput, indices, inputShape, options) {
  return argmaxPoolBackward('globalMaxPool', gradOutput, indices, inputShape, options);
}
export function globalAvgPool(input, options) { return valuePool('globalAvgPool', input, options); }
export function globalAvgPoolBackward(gradOutput, inputShape, options) {
  return valuePoolBackward('globalAvgPool', gradOutput, inputShape, options);
}

// TensorFlow's pooling ops (tf.nn.max_pool, avg_pool, max_pool_with_argmax, tf.raw_ops.MaxPoolGrad,
// AvgPoolGrad) with TensorFlow's semantics: docs/tensorflow.md.
export { tensorflow } from './tensorflow.js';
