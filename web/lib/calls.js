// calls.js: the shapes of a pooling call, one function per argument list (index.js names them
// per op). Each reads the arguments once and type-checks them (convert.js, TypeError), then makes
// one core call (core-call.js): the core validates (its rejection becomes a RangeError),
// computes, and the results come back as fresh typed arrays wrapped as tensors.
// The core call of each argument list (the run* functions) takes a request already built, so
// convention-calls.js (ONNX's and TensorFlow's conventions) makes the same calls with its own.
import { callCore } from './core-call.js';
import { poolRequest, shapeArg, tensorArg } from './convert.js';
import { requireCore } from './loader.js';

// Tensor arguments may have rank at most maxRank (the core's cap), checked before they are read.
export const tensor = (core, fn, name, value, kind) => tensorArg(fn, name, value, kind, core.maxRank);
export const shape = (core, fn, name, value) => shapeArg(fn, name, value, core.maxRank);

// A RangeError for a tensor argument whose shape is not the one the call needs ("must be ...").
export function shapeMismatch(fn, name, actual, mustBe) {
  const error = new RangeError(`${fn}: ${name}.shape [${actual.join(', ')}] must be ${mustBe}`);
  error.param = name;
  error.code = 'shape_mismatch';
  return error;
}

export const equalShapes = (a, b) => a.length === b.length && a.every((d, i) => d === b[i]);

// A backward's upstream tensors must have the forward's output shape, which only the core knows.
function sameShape(fn, inputShape, shapes, output = 'pooled output') {
  return (expected) => {
    for (const [name, actual] of Object.entries(shapes)) {
      if (!equalShapes(actual, expected)) {
        throw shapeMismatch(fn, name, actual,
          `the ${output} shape [${expected.join(', ')}] of inputShape [${inputShape.join(', ')}] with these options`);
      }
    }
  };
}

// max_unpool's indices address its input elements one to one: they have the input's shape.
export function indicesLikeInput(fn, idx, inShape) {
  if (!equalShapes(idx.shape, inShape)) throw shapeMismatch(fn, 'indices', idx.shape, `the input's shape [${inShape.join(', ')}]`);
}

// Fractional max pooling's randomSamples hold one sample per (N, C) plane and spatial dimension
// (PyTorch's (N, C, dims), N = 1 unbatched). Checked before they are copied into wasm memory, so
// an oversized array never grows the heap; the core checks the same rule again.
export function samplesFit(fn, request, then) {
  return (outputShape) => {
    const samples = request.randomSamples;
    if (samples !== null) {
      const planes = outputShape.slice(0, outputShape.length - request.dims).reduce((a, b) => a * b, 1);
      if (samples.length !== planes * request.dims) {
        const error = new RangeError(`${fn}: randomSamples has ${samples.length} elements; it takes one per (N, C) ` +
          `plane and spatial dimension, shape (N, C, ${request.dims}) = ${planes * request.dims} for this input`);
        error.param = 'randomSamples';
        error.code = 'bad_length';
        throw error;
      }
    }
    if (then) then(outputShape);
  };
}

// The staged tensors of a request: its random samples beside the given ones, when it has any.
export function withSamples(request, tensors) {
  return request.randomSamples === null ? tensors : { ...tensors, randomSamples: request.randomSamples };
}

// output, indices <- input: max, adaptive max, fractional max and global max pooling (output
// alone with returnIndices: false).
export function argmaxPool(op, input, options) {
  const core = requireCore(op);
  const x = tensor(core, op, 'input', input, 'Float32Array');
  return runArgmaxPool(core, op, poolRequest(op, op, options, { rank: x.shape.length }), x);
}
export function runArgmaxPool(core, fn, request, x) {
  const r = callCore(core, fn, {
    request, inputShape: x.shape, operation: 'forward', tensors: withSamples(request, { input: x }),
    parts: request.returnIndices ? ['output', 'argmax'] : ['output'], beforeCopy: samplesFit(fn, request),
  });
  const output = { data: r.output, shape: r.outputShape };
  return request.returnIndices ? { output, indices: { data: r.argmax, shape: r.outputShape.slice() } } : { output };
}

// grad_input <- grad_output, indices (every max-type pooling: the gradient follows the argmax)
export function argmaxPoolBackward(op, gradOutput, indices, inputShape, options) {
  const fn = `${op}Backward`;
  const core = requireCore(fn);
  const dout = tensor(core, fn, 'gradOutput', gradOutput, 'Float32Array');
  const idx = tensor(core, fn, 'indices', indices, 'Int32Array');
  const inShape = shape(core, fn, 'inputShape', inputShape);
  const request = poolRequest(fn, op, options, { rank: inShape.length });
  request.randomSamples = null; // the indices say where each window was; no samples are needed
  return runArgmaxPoolBackward(core, fn, request, dout, idx, inShape);
}
export function runArgmaxPoolBackward(core, fn, request, dout, idx, inShape) {
  const r = callCore(core, fn, {
    request, inputShape: inShape, operation: 'backward', tensors: { gradOutput: dout, indices: idx },
    parts: ['gradInput'], beforeCopy: sameShape(fn, inShape, { gradOutput: dout.shape, indices: idx.shape }),
  });
  return { data: r.gradInput, shape: inShape.slice() };
}

// output <- input: average, adaptive average, LP and global average pooling
export function valuePool(op, input, options) {
  const core = requireCore(op);
  const x = tensor(core, op, 'input', input, 'Float32Array');
  return runValuePool(core, op, poolRequest(op, op, options, { rank: x.shape.length }), x);
}
export function runValuePool(core, fn, request, x) {
  const r = callCore(core, fn, { request, inputShape: x.shape, operation: 'forward', tensors: { input: x }, parts: ['output'] });
  return { data: r.output, shape: r.outputShape };
}

// grad_input <- grad_output: average, adaptive average and global average pooling (linear, so
// the gradient needs the geometry alone)
export function valuePoolBackward(op, gradOutput, inputShape, options) {
  const fn = `${op}Backward`;
  const core = requireCore(fn);
  const dout = tensor(core, fn, 'gradOutput', gradOutput, 'Float32Array');
  const inShape = shape(core, fn, 'inputShape', inputShape);
  return runValuePoolBackward(core, fn, poolRequest(fn, op, options, { rank: inShape.length }), dout, inShape);
}
export function runValuePoolBackward(core, fn, request, dout, inShape) {
  const r = callCore(core, fn, {
    request, inputShape: inShape, operation: 'backward', tensors: { gradOutput: dout },
    parts: ['gradInput'], beforeCopy: sameShape(fn, inShape, { gradOutput: dout.shape }),
  });
  return { data: r.gradInput, shape: inShape.slice() };
}

// grad_input <- grad_output, input: LP pooling's gradient depends on the forward's input
export function lpPoolBackward(op, gradOutput, input, options) {
  const fn = `${op}Backward`;
  const core = requireCore(fn);
  const dout = tensor(core, fn, 'gradOutput', gradOutput, 'Float32Array');
  const x = tensor(core, fn, 'input', input, 'Float32Array');
  return runLpPoolBackward(core, fn, poolRequest(fn, op, options, { rank: x.shape.length }), dout, x);
}
export function runLpPoolBackward(core, fn, request, dout, x) {
  const r = callCore(core, fn, {
    request, inputShape: x.shape, operation: 'backward', tensors: { gradOutput: dout, input: x },
    parts: ['gradInput'], beforeCopy: sameShape(fn, x.shape, { gradOutput: dout.shape }),
  });
  return { data: r.gradInput, shape: x.shape.slice() };
}

// output <- input, indices: each input element is written to the output cell its index names
export function maxUnpool(op, input, indices, options) {
  const core = requireCore(op);
  const x = tensor(core, op, 'input', input, 'Float32Array');
  const idx = tensor(core, op, 'indices', indices, 'Int32Array');
  return runMaxUnpool(core, op, poolRequest(op, op, options, { rank: x.shape.length }), x, idx);
}
export function runMaxUnpool(core, fn, request, x, idx) {
  indicesLikeInput(fn, idx, x.shape);
  const r = callCore(core, fn, {
    request, inputShape: x.shape, operation: 'forward', tensors: { input: x, indices: idx }, parts: ['output'],
  });
  return { data: r.output, shape: r.outputShape };
}

// grad_input <- grad_output, indices: each input element reads the gradient of its output cell
export function maxUnpoolBackward(op, gradOutput, indices, options) {
  const fn = `${op}Backward`;
  const core = requireCore(fn);
  const dout = tensor(core, fn, 'gradOutput', gradOutput, 'Float32Array');
  const idx = tensor(core, fn, 'indices', indices, 'Int32Array');
  return runMaxUnpoolBackward(core, fn, poolRequest(fn, op, options, { rank: idx.shape.length }), dout, idx);
}
export function runMaxUnpoolBackward(core, fn, request, dout, idx) {
  const r = callCore(core, fn, {
    request, inputShape: idx.shape, operation: 'backward', tensors: { gradOutput: dout, indices: idx },
    parts: ['gradInput'], beforeCopy: sameShape(fn, idx.shape, { gradOutput: dout.shape }, 'unpooled output'),
  });
  return { data: r.gradInput, shape: idx.shape.slice() };
}
