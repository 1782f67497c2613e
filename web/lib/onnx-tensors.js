// onnx-tensors.js: ONNX's tensors at poolgrad's boundary. X may be float32, uint8 or int8 (MaxPool
// takes all three; the integers convert to float32 without loss, so the maxima are exact and
// convert back); indices are int64 (BigInt64Array), flat over the WHOLE tensor,
// (n·C + c)·plane + offset, the offset row-major or (storage_order 1) column-major within the
// (n, c) plane. The core's indices are per plane, row-major, as Int32Array; this file converts
// between the two. Every argument is read once (read.js), as convert.js reads its own.
import { shapeArg, numel } from './convert.js';
import { describe, typeError, withArticle } from './errors.js';
import { isArray, isObject, ownValue, typedArrayKind, typedArrayLength } from './read.js';
import { MAX_RANK, onnxRangeError } from './onnx-attributes.js';

// The lowest value of each element type: what a max pooling window with no element gives (ONNX
// Runtime initialises its maximum to std::numeric_limits<T>::lowest()).
const LOWEST = { Float32Array: -3.4028234663852886e38, Uint8Array: 0, Int8Array: -128 };
const ARRAY = { Float32Array, Uint8Array, Int8Array, BigInt64Array };

/**
 * A tensor { data, shape } whose data is a genuine typed array of one of `kinds` and holds exactly
 * the elements its shape describes. Returns { data, shape, kind } (data the caller's array, shape
 * a fresh copy).
 */
export function readTensor(fn, name, value, kinds) {
  const types = kinds.join(' or ');
  if (!isObject(value) || isArray(value) || typedArrayKind(value) !== undefined || ArrayBuffer.isView(value)) {
    throw typeError(fn, `${name} must be a tensor { data: ${types}, shape: number[] }, got ${describe(value)}`);
  }
  const data = ownValue(value, 'data');
  const shapeValue = ownValue(value, 'shape');
  const kind = typedArrayKind(data);
  if (!kinds.includes(kind)) throw typeError(fn, `${name}.data must be ${withArticle(types)}, got ${describe(data)}`);
  const shape = shapeArg(fn, `${name}.shape`, shapeValue, MAX_RANK);
  const length = typedArrayLength(data);
  if (length !== numel(shape)) {
    throw typeError(fn, `${name}.data has ${length} elements, but ${name}.shape [${shape.join(', ')}] holds ${numel(shape)}`);
  }
  return { data, shape, kind };
}

/** A shape argument (xShape) of at most MAX_RANK entries, read once. */
export function readShape(fn, name, value) {
  return shapeArg(fn, name, value, MAX_RANK);
}

/** The tensor as the core reads it: { data: Float32Array, shape } (a lossless copy for integers). */
export function asFloat32(t) {
  return { data: t.kind === 'Float32Array' ? t.data : Float32Array.from(t.data), shape: t.shape };
}

/**
 * MaxPool's Y in X's element type: the core's maxima (exact copies of input elements), with the
 * type's lowest value where a window held no element (index -1, see maxSkipsNan).
 */
export function maxOutput(kind, output, indices) {
  const y = new ARRAY[kind](output.data.length);
  for (let i = 0; i < y.length; ++i) y[i] = indices.data[i] < 0 ? LOWEST[kind] : output.data[i];
  return { data: y, shape: output.shape };
}

const equal = (a, b) => a.length === b.length && a.every((d, i) => d === b[i]);

/** A RangeError unless tensor `name` has the shape `expected` (described by `what`). */
export function requireShape(fn, name, actual, expected, what) {
  if (!equal(actual, expected)) {
    throw onnxRangeError(fn, name, 'shape_mismatch', `${name}.shape [${actual.join(', ')}] must be ${what} [${expected.join(', ')}]`);
  }
}

// Strides of a plane's offsets: row-major (last axis fastest) or column-major (first fastest).
function planeStrides(spatial, columnMajor) {
  const strides = Array(spatial.length);
  let step = 1;
  for (let k = 0; k < spatial.length; ++k) {
    const axis = columnMajor ? k : spatial.length - 1 - k;
    strides[axis] = step;
    step *= spatial[axis];
  }
  return strides;
}

// A row-major plane offset re-expressed with other strides (identity when they are row-major).
function reorder(offset, spatial, strides) {
  let result = 0;
  for (let axis = spatial.length - 1; axis >= 0; --axis) {
    result += (offset % spatial[axis]) * strides[axis];
    offset = Math.floor(offset / spatial[axis]);
  }
  return result;
}

/**
 * The core's per-plane row-major indices (Int32Array, output shape) as ONNX's Indices: int64 over
 * the whole input, (n·C + c)·plane + offset, offset column-major with storage_order 1. A window
 * with no element (core index -1) is -1.
 */
export function wholeTensorIndices(planeIndices, outShape, xShape, storageOrder) {
  const spatial = xShape.slice(2);
  const inPlane = numel(spatial);
  const outPlane = numel(outShape.slice(2));
  const strides = planeStrides(spatial, storageOrder === 1);
  const result = new BigInt64Array(planeIndices.length);
  for (let i = 0; i < planeIndices.length; ++i) {
    const offset = planeIndices[i];
    const plane = Math.floor(i / outPlane);
    result[i] = offset < 0 ? -1n : BigInt(plane * inPlane + reorder(offset, spatial, strides));
  }
  return { data: result, shape: outShape.slice() };
}

/**
 * ONNX's whole-tensor int64 indices as the core's: per (n, c) plane, row-major, Int32Array.
 * Element i belongs to plane floor(i / perPlane); its index must address that plane of a tensor
 * whose planes have spatial shape `spatial` (offset column-major with storage_order 1), or be -1
 * (a window without an element; allowEmpty). Anything else is a RangeError naming the element:
 * the core cannot route a value into another plane (ONNX's reference could, numpy-style).
 */
export function planeIndices(fn, name, indices, perPlane, spatial, storageOrder, allowEmpty) {
  const size = numel(spatial);
  const result = new Int32Array(indices.data.length);
  for (let i = 0; i < result.length; ++i) {
    const value = indices.data[i];
    if (allowEmpty && value === -1n) {
      result[i] = -1;
      continue;
    }
    const plane = Math.floor(i / perPlane);
    const first = BigInt(plane) * BigInt(size);
    if (value < first || value >= first + BigInt(size)) {
      throw onnxRangeError(fn, name, 'index_out_of_range', `${name}[${i}] = ${value} is outside its (n, c) plane ${plane}, ` +
        `whose elements are [${first}, ${first + BigInt(size)})${allowEmpty ? ' (or -1, a window without an element)' : ''}`);
    }
    const offset = Number(value - first);
    result[i] = storageOrder === 1 ? columnToRow(offset, spatial) : offset;
  }
  return result;
}

// A column-major plane offset as the row-major one of the same element.
function columnToRow(offset, spatial) {
  let row = 0;
  let step = 1;
  const coords = [];
  for (let axis = 0; axis < spatial.length; ++axis) {
    coords.push(offset % spatial[axis]);
    offset = Math.floor(offset / spatial[axis]);
  }
  for (let axis = spatial.length - 1; axis >= 0; --axis) {
    row += coords[axis] * step;
    step *= spatial[axis];
  }
  return row;
}
