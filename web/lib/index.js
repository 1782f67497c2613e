// poolgrad: PyTorch's pooling family - max, average, adaptive, LP, max-unpooling, fractional and
// global pooling, 1-D/2-D/3-D, forward and backward, exactly as PyTorch computes them (C++ core
// in WebAssembly). `await init()` once; every function after that is synchronous. Tensors are
// { data: Float32Array, shape: number[] }, (N, C, ...) or (C, ...), row-major. Every result is a
// fresh typed array owned by the caller.
//
// Each function: read the arguments once and type-check them (convert.js, TypeError), then one
// core call (core-call.js): the core validates (its rejection becomes a RangeError), computes,
// and the results come back as fresh typed arrays wrapped as tensors.
import { callCore } from './core-call.js';
import { OPS, opOption, poolRequest, shapeArg, tensorArg } from './convert.js';
import { init, requireCore } from './loader.js';
import { ownValue } from './read.js';

export { init };

// Tensor arguments may have rank at most maxRank (the core's cap), checked before they are read.
const tensor = (core, fn, name, value, kind) => tensorArg(fn, name, value, kind, core.maxRank);
const shape = (core, fn, name, value) => shapeArg(fn, name, value, core.maxRank);

// A RangeError for a tensor argument whose shape is not the one the call needs ("must be ...").
function shapeMismatch(fn, name, actual, mustBe) {
  const error = new RangeError(`${fn}: ${name}.shape [${actual.join(', ')}] must be ${mustBe}`);
  error.param = name;
  error.code = 'shape_mismatch';
  return error;
}

const equalShapes = (a, b) => a.length === b.length && a.every((d, i) => d === b[i]);

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
function indicesLikeInput(fn, idx, inShape) {
  if (!equalShapes(idx.shape, inShape)) throw shapeMismatch(fn, 'indices', idx.shape, `the input's shape [${inShape.join(', ')}]`);
}

// Fractional max pooling's randomSamples hold one sample per (N, C) plane and spatial dimension
// (PyTorch's (N, C, dims), N = 1 unbatched). Checked before they are copied into wasm memory, so
// an oversized array never grows the heap; the core checks the same rule again.
function samplesFit(fn, request, then) {
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
function withSamples(request, tensors) {
  return request.randomSamples === null ? tensors : { ...tensors, randomSamples: request.randomSamples };
}

// output, indices <- input: max, adaptive max, fractional max and global max pooling (output
// alone with returnIndices: false).
function argmaxPool(op, input, options) {
  const core = requireCore(op);
  const x = tensor(core, op, 'input', input, 'Float32Array');
  const request = poolRequest(op, op, options, { rank: x.shape.length });
  const r = callCore(core, op, {
    request, inputShape: x.shape, operation: 'forward', tensors: withSamples(request, { input: x }),
    parts: request.returnIndices ? ['output', 'argmax'] : ['output'], beforeCopy: samplesFit(op, request),
  });
  const output = { data: r.output, shape: r.outputShape };
  return request.returnIndices ? { output, indices: { data: r.argmax, shape: r.outputShape.slice() } } : { output };
}

// grad_input <- grad_output, indices (every max-type pooling: the gradient follows the argmax)
function argmaxPoolBackward(op, gradOutput, indices, inputShape, options) {
  const fn = `${op}Backward`;
  const core = requireCore(fn);
  const dout = tensor(core, fn, 'gradOutput', gradOutput, 'Float32Array');
  const idx = tensor(core, fn, 'indices', indices, 'Int32Array');
  const inShape = shape(core, fn, 'inputShape', inputShape);
  const request = poolRequest(fn, op, options, { rank: inShape.length });
  request.randomSamples = null; // the indices say where each window was; no samples are needed
  const r = callCore(core, fn, {
    request, inputShape: inShape, operation: 'backward', tensors: { gradOutput: dout, indices: idx },
    parts: ['gradInput'], beforeCopy: sameShape(fn, inShape, { gradOutput: dout.shape, indices: idx.shape }),
  });
  return { data: r.gradInput, shape: inShape.slice() };
}

// output <- input: average, adaptive average, LP and global average pooling
function valuePool(op, input, options) {
  const core = requireCore(op);
  const x = tensor(core, op, 'input', input, 'Float32Array');
  const request = poolRequest(op, op, options, { rank: x.shape.length });
  const r = callCore(core, op, { request, inputShape: x.shape, operation: 'forward', tensors: { input: x }, parts: ['output'] });
  return { data: r.output, shape: r.outputShape };
}

// grad_input <- grad_output: average, adaptive average and global average pooling (linear, so
// the gradient needs the geometry alone)
function valuePoolBackward(op, gradOutput, inputShape, options) {
  const fn = `${op}Backward`;
  const core = requireCore(fn);
  const dout = tensor(core, fn, 'gradOutput', gradOutput, 'Float32Array');
  const inShape = shape(core, fn, 'inputShape', inputShape);
  const request = poolRequest(fn, op, options, { rank: inShape.length });
  const r = callCore(core, fn, {
    request, inputShape: inShape, operation: 'backward', tensors: { gradOutput: dout },
    parts: ['gradInput'], beforeCopy: sameShape(fn, inShape, { gradOutput: dout.shape }),
  });
  return { data: r.gradInput, shape: inShape.slice() };
}

// grad_input <- grad_output, input: LP pooling's gradient depends on the forward's input
function lpPoolBackward(op, gradOutput, input, options) {
  const fn = `${op}Backward`;
  const core = requireCore(fn);
  const dout = tensor(core, fn, 'gradOutput', gradOutput, 'Float32Array');
  const x = tensor(core, fn, 'input', input, 'Float32Array');
  const request = poolRequest(fn, op, options, { rank: x.shape.length });
  const r = callCore(core, fn, {
    request, inputShape: x.shape, operation: 'backward', tensors: { gradOutput: dout, input: x },
    parts: ['gradInput'], beforeCopy: sameShape(fn, x.shape, { gradOutput: dout.shape }),
  });
  return { data: r.gradInput, shape: x.shape.slice() };
}

// output <- input, indices: each input element is written to the output cell its index names
function maxUnpool(op, input, indices, options) {
  const core = requireCore(op);
  const x = tensor(core, op, 'input', input, 'Float32Array');
  const idx = tensor(core, op, 'indices', indices, 'Int32Array');
  const request = poolRequest(op, op, options, { rank: x.shape.length });
  indicesLikeInput(op, idx, x.shape);
  const r = callCore(core, op, {
    request, inputShape: x.shape, operation: 'forward', tensors: { input: x, indices: idx }, parts: ['output'],
  });
  return { data: r.output, shape: r.outputShape };
}

// grad_input <- grad_output, indices: each input element reads the gradient of its output cell
function maxUnpoolBackward(op, gradOutput, indices, options) {
  const fn = `${op}Backward`;
  const core = requireCore(fn);
  const dout = tensor(core, fn, 'gradOutput', gradOutput, 'Float32Array');
  const idx = tensor(core, fn, 'indices', indices, 'Int32Array');
  const request = poolRequest(fn, op, options, { rank: idx.shape.length });
  const r = callCore(core, fn, {
    request, inputShape: idx.shape, operation: 'backward', tensors: { gradOutput: dout, indices: idx },
    parts: ['gradInput'], beforeCopy: sameShape(fn, idx.shape, { gradOutput: dout.shape }, 'unpooled output'),
  });
  return { data: r.gradInput, shape: idx.shape.slice() };
}

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

// The explorers' options: the op's own options plus `op`, and for max_unpool (whose routing and
// windows follow where its indices send each input element) `indices`, a tensor of its input's
// shape. Returns { op, request, tensors } for callCore.
function explorerRequest(core, fn, options, inShape, input = null) {
  const op = opOption(fn, options);
  const needsIndices = OPS[op].kind === 'max_unpool' && fn !== 'outputShape';
  const request = poolRequest(fn, op, options, { skip: needsIndices ? ['op', 'indices'] : ['op'], rank: inShape.length });
  const tensors = withSamples(request, input === null ? {} : { input });
  if (needsIndices) {
    tensors.indices = tensor(core, fn, 'indices', ownValue(options, 'indices'), 'Int32Array');
    indicesLikeInput(fn, tensors.indices, inShape);
  }
  return { request, tensors };
}

/**
 * The tutorial's position matrix: for each input element, how many windows route gradient to it
 * (max-type: windows it wins; avg, adaptive avg, LP: windows containing it; max_unpool: for each
 * OUTPUT cell, how many input elements are written to it), with N_B (windows per (N, C) plane)
 * and, for avg and adaptive avg, each window's divisor B_c. options = the pooling options plus
 * op: 'maxPool2d' etc. (and indices for max_unpool).
 */
export function routingCounts(input, options) {
  const fn = 'routingCounts';
  const core = requireCore(fn);
  const x = tensor(core, fn, 'input', input, 'Float32Array');
  const { request, tensors } = explorerRequest(core, fn, options, x.shape, x);
  const { kind, dims } = request;
  const hasDivisors = kind === 'avg' || kind === 'adaptive_avg';
  const r = callCore(core, fn, {
    request, inputShape: x.shape, operation: 'routing_counts', tensors,
    parts: ['counts', 'windowsPerPlane', ...(hasDivisors ? ['divisors'] : [])], beforeCopy: samplesFit(fn, request),
  });
  const countsShape = kind === 'max_unpool' ? r.outputShape.slice() : x.shape.slice();
  const result = { counts: { data: r.counts, shape: countsShape }, windowsPerPlane: r.windowsPerPlane[0] };
  if (hasDivisors) result.divisors = { data: r.divisors, shape: r.outputShape.slice(r.outputShape.length - dims) };
  return result;
}

/** The output shape the core computes for inputShape and options (plus op: 'maxPool2d' etc.). */
export function outputShape(inputShape, options) {
  const fn = 'outputShape';
  const core = requireCore(fn);
  const inShape = shape(core, fn, 'inputShape', inputShape);
  const { request } = explorerRequest(core, fn, options, inShape);
  return callCore(core, fn, { request, inputShape: inShape }).outputShape;
}

/**
 * The core's caps: maxElements (elements of any tensor), maxRank (of any tensor: N, C and up to
 * three spatial dimensions) and maxWork (window taps of one call, over all windows and planes).
 * A request over one is a RangeError naming it.
 */
export function limits() {
  const core = requireCore('limits');
  return { maxElements: core.maxElements, maxRank: core.maxRank, maxWork: core.maxWork };
}

/**
 * The input elements each window of one (N, C) plane covers: window o covers
 * cells[offsets[o]] .. cells[offsets[o + 1] - 1], flat indices within the input plane, in
 * row-major window order. options = the pooling options plus op: 'maxPool2d' etc. (and indices
 * for max_unpool, whose "windows" are its input elements, each covering its one output cell).
 */
export function poolWindows(inputShape, options) {
  const fn = 'poolWindows';
  const core = requireCore(fn);
  const inShape = shape(core, fn, 'inputShape', inputShape);
  const { request, tensors } = explorerRequest(core, fn, options, inShape);
  const r = callCore(core, fn, {
    request, inputShape: inShape, operation: 'windows', tensors, parts: ['offsets', 'cells'], beforeCopy: samplesFit(fn, request),
  });
  return { offsets: r.offsets, cells: r.cells };
}
