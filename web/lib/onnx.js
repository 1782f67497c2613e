// onnx.js: ONNX's pooling operators (opset 22) with their gradients, on poolgrad's core.
//   onnx.MaxPool(X, attributes)                 -> { Y, Indices }
//   onnx.AveragePool(X, attributes)             -> { Y }
//   onnx.LpPool(X, attributes)                  -> { Y }
//   onnx.GlobalMaxPool(X), GlobalAveragePool(X) -> { Y }
//   onnx.MaxUnpool(X, I, output_shape?, attributes) -> { output }
// and each op's .backward, the gradient of a loss with respect to X: { dX }.
// Attributes keep ONNX's names and defaults (onnx-attributes.js translates them into a convention
// spec); tensors are { data, shape } with shape (N, C, D1..Dn), n = 1..3; indices are int64
// (BigInt64Array) over the whole tensor, as ONNX defines them (onnx-tensors.js converts). Every
// number comes from the core (convention-calls.js): nothing here computes a window.
import {
  conventionPool, conventionPoolBackward, conventionUnpool, conventionUnpoolBackward,
} from './convention-calls.js';
import { numel } from './convert.js';
import { limits } from './explore.js';
import { inOnnxTerms, onnxRangeError, readAttributes, spatialDims, specOf } from './onnx-attributes.js';
import {
  asFloat32, maxOutput, planeIndices, readShape, readTensor, requireShape, wholeTensorIndices,
} from './onnx-tensors.js';
import { describe, describeList, typeError } from './errors.js';
import { isArray, isSafeInteger, readList, typedArrayKind, typedArrayLength } from './read.js';

const FLOAT = ['Float32Array'];
const MAX_POOL_TYPES = ['Float32Array', 'Uint8Array', 'Int8Array'];
const INDEX = ['BigInt64Array'];

// X (N, C, D1..Dn), its attributes read against its rank, and the spec the core runs.
function request(fn, op, X, attributes, kinds = FLOAT) {
  const x = readTensor(fn, 'X', X, kinds);
  const dims = spatialDims(fn, 'X', x.shape);
  const a = readAttributes(fn, op, attributes, dims);
  return { x, a, spec: specOf(fn, op, x.shape, a) };
}

// The backward's view of the forward: xShape and attributes read once, and the spec the core
// runs (the core checks that the upstream gradient has the forward's output shape).
function backwardRequest(fn, op, xShape, attributes) {
  const shape = readShape(fn, 'xShape', xShape);
  const dims = spatialDims(fn, 'xShape', shape);
  const a = readAttributes(fn, op, attributes, dims);
  return { shape, a, spec: specOf(fn, op, shape, a) };
}

// The core's tensors in ONNX's names (the gradient's name differs per op).
const TENSORS = { input: 'X', indices: 'Indices', gradOutput: 'dY', inputShape: 'xShape' };
const UNPOOL_TENSORS = { input: 'X', indices: 'I', gradOutput: 'dOutput', inputShape: 'xShape' };

// One core call whose rejection is reported in ONNX's terms.
function core(fn, spec, call) {
  return inOnnxTerms(fn, spec.dims, spec.kind === 'max_unpool' ? UNPOOL_TENSORS : TENSORS, call);
}

const ops = {
  /** Y = the maximum of each window (NaN never wins); Indices = where it was, int64 over X. */
  MaxPool(X, attributes) {
    const fn = 'onnx.MaxPool';
    const { x, a, spec } = request(fn, 'MaxPool', X, attributes, MAX_POOL_TYPES);
    const r = core(fn, spec, () => conventionPool(fn, asFloat32(x), spec));
    return {
      Y: maxOutput(x.kind, r.output, r.indices),
      Indices: wholeTensorIndices(r.indices.data, r.indices.shape, x.shape, a.storage_order),
    };
  },

  /** Y = the mean of each window: its input elements, or with count_include_pad its pads too. */
  AveragePool(X, attributes) {
    const fn = 'onnx.AveragePool';
    const { x, spec } = request(fn, 'AveragePool', X, attributes);
    return { Y: core(fn, spec, () => conventionPool(fn, x, spec)).output };
  },

  /** Y = the p-norm of each window, (Σ|x|^p)^(1/p). */
  LpPool(X, attributes) {
    const fn = 'onnx.LpPool';
    const { x, spec } = request(fn, 'LpPool', X, attributes);
    return { Y: core(fn, spec, () => conventionPool(fn, x, spec)).output };
  },

  /** Y = the maximum of each (n, c) plane, shape (N, C, 1, ..., 1); NaN propagates (numpy's max). */
  GlobalMaxPool(X) {
    const fn = 'onnx.GlobalMaxPool';
    const { x, spec } = request(fn, 'GlobalMaxPool', X, undefined);
    return { Y: core(fn, spec, () => conventionPool(fn, x, spec)).output };
  },

  /** Y = the mean of each (n, c) plane, shape (N, C, 1, ..., 1). */
  GlobalAveragePool(X) {
    const fn = 'onnx.GlobalAveragePool';
    const { x, spec } = request(fn, 'GlobalAveragePool', X, undefined);
    return { Y: core(fn, spec, () => conventionPool(fn, x, spec)).output };
  },

  /**
   * output = zeros of the inferred shape (N, C, (D - 1)·s - pads + k) with X[i] written at I[i],
   * then zero-filled at the end of each axis up to output_shape when it is given (ONNX's reference,
   * op_max_unpool.py, and its test test_maxunpool_export_with_output_shape).
   */
  MaxUnpool(X, I, outputShape, attributes) {
    const fn = 'onnx.MaxUnpool';
    const { x, spec } = request(fn, 'MaxUnpool', X, attributes);
    const inferred = [...x.shape.slice(0, 2), ...spec.outputSize];
    const target = readOutputShape(fn, outputShape, inferred);
    const idx = unpoolIndices(fn, I, x.shape, inferred);
    const output = core(fn, spec, () => conventionUnpool(fn, x, { data: idx, shape: x.shape }, spec));
    return { output: embed(output, target) };
  },
};

const backwards = {
  /** dX: each dY element added to the X element its Indices name (storage_order honoured). */
  MaxPool(dY, Indices, xShape, attributes) {
    const fn = 'onnx.MaxPool.backward';
    const { shape, a, spec } = backwardRequest(fn, 'MaxPool', xShape, attributes);
    const dy = readTensor(fn, 'dY', dY, FLOAT);
    const indices = readTensor(fn, 'Indices', Indices, INDEX);
    requireShape(fn, 'Indices', indices.shape, dy.shape, "dY's shape");
    const perPlane = numel(dy.shape.slice(2));
    const idx = planeIndices(fn, 'Indices', indices, perPlane, shape.slice(2), a.storage_order, true);
    return { dX: core(fn, spec, () => conventionPoolBackward(fn, dy, shape, spec, { indices: { data: idx, shape: dy.shape } })) };
  },

  /** dX: each dY element shared over its window, divided as the forward divided. */
  AveragePool(dY, xShape, attributes) {
    const fn = 'onnx.AveragePool.backward';
    const { shape, spec } = backwardRequest(fn, 'AveragePool', xShape, attributes);
    const dy = readTensor(fn, 'dY', dY, FLOAT);
    return { dX: core(fn, spec, () => conventionPoolBackward(fn, dy, shape, spec)) };
  },

  /** dX = dY · |x|^(p-1)·sign(x) / Y^(p-1) over each window (needs the forward's X). */
  LpPool(dY, X, attributes) {
    const fn = 'onnx.LpPool.backward';
    const dy = readTensor(fn, 'dY', dY, FLOAT);
    const { x, spec } = request(fn, 'LpPool', X, attributes);
    return { dX: core(fn, spec, () => conventionPoolBackward(fn, dy, x.shape, spec, { input: x })) };
  },

  /** dX: each plane's dY to the plane's maximum (the first of equal maxima; with NaNs, the last NaN: PyTorch's rule). */
  GlobalMaxPool(dY, X) {
    const fn = 'onnx.GlobalMaxPool.backward';
    const dy = readTensor(fn, 'dY', dY, FLOAT);
    const { x, spec } = request(fn, 'GlobalMaxPool', X, undefined);
    const { indices } = core(fn, spec, () => conventionPool(fn, x, spec));
    return { dX: core(fn, spec, () => conventionPoolBackward(fn, dy, x.shape, spec, { indices })) };
  },

  /** dX: each plane's dY divided evenly over the plane. */
  GlobalAveragePool(dY, xShape) {
    const fn = 'onnx.GlobalAveragePool.backward';
    const { shape, spec } = backwardRequest(fn, 'GlobalAveragePool', xShape, undefined);
    const dy = readTensor(fn, 'dY', dY, FLOAT);
    return { dX: core(fn, spec, () => conventionPoolBackward(fn, dy, shape, spec)) };
  },

  /** dX[i] = dOutput at I[i] (the cell X[i] was written to). */
  MaxUnpool(dOutput, I, xShape, outputShape, attributes) {
    const fn = 'onnx.MaxUnpool.backward';
    const { shape, spec } = backwardRequest(fn, 'MaxUnpool', xShape, attributes);
    const inferred = [...shape.slice(0, 2), ...spec.outputSize];
    const target = readOutputShape(fn, outputShape, inferred);
    const dout = readTensor(fn, 'dOutput', dOutput, FLOAT);
    requireShape(fn, 'dOutput', dout.shape, target, outputShape === undefined ? 'the inferred output shape' : 'output_shape');
    const idx = unpoolIndices(fn, I, shape, inferred);
    return { dX: core(fn, spec, () => conventionUnpoolBackward(fn, crop(dout, inferred), { data: idx, shape }, spec)) };
  },
};

// MaxUnpool's I: int64 of X's shape, each index flat over the inferred output (N, C, ...).
function unpoolIndices(fn, I, xShape, inferred) {
  const indices = readTensor(fn, 'I', I, INDEX);
  requireShape(fn, 'I', indices.shape, xShape, "X's shape");
  return planeIndices(fn, 'I', indices, numel(xShape.slice(2)), inferred.slice(2), 0, false);
}

// MaxUnpool's optional output_shape (the full shape, N and C included), each entry at least the
// inferred one; the inferred shape when it is undefined.
function readOutputShape(fn, value, inferred) {
  if (value === undefined) return inferred;
  const shapeText = 'output_shape must be an array of integers or a BigInt64Array';
  let entries;
  let length;
  if (typedArrayKind(value) === 'BigInt64Array') {
    // A genuine BigInt64Array's elements are read without running any code of the caller's.
    length = typedArrayLength(value);
    entries = [];
    for (let i = 0; i < Math.min(length, inferred.length); ++i) entries.push(Number(value[i]));
  } else if (isArray(value)) {
    const list = readList(value, inferred.length);
    if (!isSafeInteger(list.length) || list.hole >= 0 || !list.values.every(isSafeInteger)) {
      throw typeError(fn, `${shapeText}, got ${describeList(list)}`);
    }
    length = list.length;
    entries = list.values;
  } else {
    throw typeError(fn, `${shapeText}, got ${describe(value)}`);
  }
  if (length !== inferred.length) {
    throw onnxRangeError(fn, 'output_shape', 'bad_length', `output_shape must have ${inferred.length} entries (X's rank), got ${length}`);
  }
  const small = entries.findIndex((d, i) => !(d >= inferred[i]));
  if (small >= 0) {
    throw onnxRangeError(fn, 'output_shape', 'out_of_range', `output_shape [${entries.join(', ')}] must be at least the inferred ` +
      `shape [${inferred.join(', ')}] in every entry (entry ${small} is ${entries[small]})`);
  }
  // The zero-filled output is allocated here, not in the core, so the core's element cap is
  // checked here before it is.
  const { maxElements } = limits();
  if (numel(entries) > maxElements) {
    throw onnxRangeError(fn, 'output_shape', 'too_large', `output_shape [${entries.join(', ')}] holds ${numel(entries)} ` +
      `elements; poolgrad's tensors hold at most ${maxElements}`);
  }
  return entries;
}

// Strides of a row-major shape.
function strides(shape) {
  const s = Array(shape.length).fill(1);
  for (let k = shape.length - 2; k >= 0; --k) s[k] = s[k + 1] * shape[k + 1];
  return s;
}

// Calls visit(flatIndexInBig, flatIndexInSmall) for every element of the small shape, where the
// small tensor sits at the origin of the big one.
function forEachCorner(big, small, visit) {
  const bigStrides = strides(big);
  const count = numel(small);
  for (let i = 0; i < count; ++i) {
    let rest = i;
    let j = 0;
    for (let k = small.length - 1; k >= 0; --k) {
      j += (rest % small[k]) * bigStrides[k];
      rest = Math.floor(rest / small[k]);
    }
    visit(j, i);
  }
}

// t zero-filled at the end of each axis up to shape (t itself when it already has that shape).
function embed(t, shape) {
  if (t.shape.every((d, i) => d === shape[i])) return t;
  const data = new Float32Array(numel(shape));
  forEachCorner(shape, t.shape, (big, small) => { data[big] = t.data[small]; });
  return { data, shape: shape.slice() };
}

// The block of t at its origin of the given shape (the part the inferred output covers).
function crop(t, shape) {
  if (t.shape.every((d, i) => d === shape[i])) return t;
  const data = new Float32Array(numel(shape));
  forEachCorner(t.shape, shape, (big, small) => { data[small] = t.data[big]; });
  return { data, shape: shape.slice() };
}

// The namespace: each operator a frozen function carrying its frozen backward.
const namespace = {};
for (const name of Object.keys(ops)) {
  const backward = backwards[name];
  namespace[name] = Object.freeze(Object.assign(ops[name], { backward: Object.freeze(backward) }));
}
export const onnx = Object.freeze(namespace);
