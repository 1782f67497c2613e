// core-call.js: one call into the wasm core (cpp/bindings/embind.cpp), in the order that keeps
// it safe whatever the caller passed:
//   1. the request (already read once and type-checked by convert.js) is written into wasm
//      memory as a small record of numbers, and the core's gate validates it: options, shapes,
//      the element and work caps. A rejection is a RangeError before any tensor is copied, so
//      an oversized input never grows the wasm heap;
//   2. the tensors are copied in (genuine typed arrays of checked length, read through their
//      internal slots), the operation runs, and each result part is copied out into a fresh
//      typed array (never a view into wasm memory, which dies when memory grows).
// From step 1 to the end no code of the caller's can run (nothing here reads a caller's
// object), so no call can re-enter the core mid-way, and no JS exception can unwind through
// wasm frames (the core returns a status instead of throwing).
import { rangeError } from './errors.js';
import { copyInto, typedArrayBuffer } from './read.js';

const ARRAY_TYPES = { f32: Float32Array, i32: Int32Array, f64: Float64Array };
const KIND_CODE = { max: 0, avg: 1, adaptive_max: 2, adaptive_avg: 3, lp: 4, max_unpool: 5, fractional_max: 6 };

// The core's result parts and their element types (embind.cpp's ResultPart).
const PARTS = {
  shape: 'f64', output: 'f32', argmax: 'i32', gradInput: 'f32', counts: 'i32',
  divisors: 'f32', offsets: 'i32', cells: 'i32', windowsPerPlane: 'f64',
};
const TENSOR_TYPES = { input: 'f32', gradOutput: 'f32', indices: 'i32', randomSamples: 'f32' };

let busy = false; // see the note above: a nested call would mean that invariant broke

// A view of count elements at address in the core's current memory (taken anew after any call
// that may have grown it).
function view(core, type, address, count) {
  return new ARRAY_TYPES[type](typedArrayBuffer(core.HEAPU8), address, count);
}

// The request record, in the order embind.cpp's Request documents.
function stageRequest(core, request, inputShape) {
  const record = [
    KIND_CODE[request.kind], request.dims, request.ceilMode ? 1 : 0, request.countIncludePad ? 1 : 0,
    request.divisorOverride === null ? 0 : 1, request.divisorOverride ?? 0, request.returnIndices ? 1 : 0,
    request.normType, request.seed,
  ];
  for (const list of [request.kernelSize, request.stride, request.padding, request.dilation, inputShape,
    request.outputSize, request.outputRatio, request.paddingEnd ?? []]) {
    record.push(list.length, ...list);
  }
  // The other frameworks' conventions (convention-calls.js sets them; a public PyTorch-style call
  // has none of these fields, so it stays on PyTorch's path: empty padding_end, every flag 0).
  for (const flag of [request.paddingUpToWindow, request.dilationForAverage, request.divisorFullWindow,
    request.lpNormOfWindow, request.maxSkipsNan]) {
    record.push(flag === true ? 1 : 0);
  }
  copyInto(view(core, 'f64', core.stage_request(record.length), record.length), record);
}

function check(core, fn, status) {
  if (status !== 0) {
    throw rangeError(fn, { message: core.error_message(), param: core.error_param(), code: core.error_code() });
  }
}

// A fresh copy of one result part.
function copyOut(core, part) {
  const type = PARTS[part];
  const count = core.result_length(core.ResultPart[part]);
  const copy = new ARRAY_TYPES[type](count);
  if (count > 0) copyInto(copy, view(core, type, core.result_address(core.ResultPart[part]), count));
  return copy;
}

/**
 * Runs `operation` ('forward', 'backward', 'routing_counts', 'windows', or null for the output
 * shape only) on request and inputShape, with tensors { input, gradOutput, indices,
 * randomSamples } (each { data, length } as convert.js read it, some absent). Before the tensors
 * are copied, beforeCopy(outputShape) may throw (a shape or length check). Returns
 * { outputShape, ...parts } with the named result parts.
 */
export function callCore(core, fn, { request, inputShape, operation = null, tensors = {}, parts = [], beforeCopy }) {
  if (busy) throw new Error(`poolgrad: ${fn}() was called while another poolgrad call was running`);
  busy = true;
  try {
    stageRequest(core, request, inputShape);
    check(core, fn, core.output_shape());
    const outputShape = Array.from(copyOut(core, 'shape'));
    if (beforeCopy) beforeCopy(outputShape);
    const result = { outputShape };
    if (operation === null) return result;
    for (const [name, tensor] of Object.entries(tensors)) {
      const address = core.stage_tensor(core.TensorPart[name], tensor.length);
      copyInto(view(core, TENSOR_TYPES[name], address, tensor.length), tensor.data);
    }
    check(core, fn, core[operation]());
    for (const part of parts) result[part] = copyOut(core, part);
    return result;
  } finally {
    core.release();
    busy = false;
  }
}
