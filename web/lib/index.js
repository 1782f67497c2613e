// poolgrad: max and average pooling, 1-D/2-D/3-D, forward and backward, exactly as PyTorch
// computes them (C++ core in WebAssembly). `await init()` once; every function after that is
// synchronous. Tensors are { data: Float32Array, shape: number[] }, (N, C, ...) or (C, ...),
// row-major. Every result is a fresh typed array owned by the caller.
//
// Each function: read the arguments once and type-check them (convert.js, TypeError), then one
// core call (core-call.js): the core validates (its rejection becomes a RangeError), computes,
// and the results come back as fresh typed arrays wrapped as tensors.
import { callCore } from './core-call.js';
import { OPS, opOption, poolRequest, shapeArg, tensorArg } from './convert.js';
import { init, requireCore } from './loader.js';

export { init };

// Tensor arguments may have rank at most maxRank (the core's cap), checked before they are read.
const tensor = (core, fn, name, value, kind) => tensorArg(fn, name, value, kind, core.maxRank);
const shape = (core, fn, name, value) => shapeArg(fn, name, value, core.maxRank);

// A backward's upstream tensors must have the forward's output shape, which only the core knows.
function sameShape(fn, inputShape, shapes) {
  return (expected) => {
    for (const [name, actual] of Object.entries(shapes)) {
      if (actual.length !== expected.length || actual.some((d, i) => d !== expected[i])) {
        const error = new RangeError(`${fn}: ${name}.shape [${actual.join(', ')}] must be the pooled output ` +
          `shape [${expected.join(', ')}] of inputShape [${inputShape.join(', ')}] with these options`);
        error.param = name;
        error.code = 'shape_mismatch';
        throw error;
      }
    }
  };
}

// output, indices <- input
function maxPool(op, input, options) {
  const core = requireCore(op);
  const x = tensor(core, op, 'input', input, 'Float32Array');
  const request = poolRequest(op, op, options);
  const r = callCore(core, op, {
    request, inputShape: x.shape, operation: 'forward', tensors: { input: x }, parts: ['output', 'argmax'],
  });
  return {
    output: { data: r.output, shape: r.outputShape },
    indices: { data: r.argmax, shape: r.outputShape.slice() },
  };
}

// grad_input <- grad_output, indices
function maxPoolBackward(op, gradOutput, indices, inputShape, options) {
  const fn = `${op}Backward`;
  const core = requireCore(fn);
  const dout = tensor(core, fn, 'gradOutput', gradOutput, 'Float32Array');
  const idx = tensor(core, fn, 'indices', indices, 'Int32Array');
  const inShape = shape(core, fn, 'inputShape', inputShape);
  const request = poolRequest(fn, op, options);
  const r = callCore(core, fn, {
    request, inputShape: inShape, operation: 'backward', tensors: { gradOutput: dout, indices: idx },
    parts: ['gradInput'], beforeCopy: sameShape(fn, inShape, { gradOutput: dout.shape, indices: idx.shape }),
  });
  return { data: r.gradInput, shape: inShape.slice() };
}

// output <- input
function avgPool(op, input, options) {
  const core = requireCore(op);
  const x = tensor(core, op, 'input', input, 'Float32Array');
  const request = poolRequest(op, op, options);
  const r = callCore(core, op, { request, inputShape: x.shape, operation: 'forward', tensors: { input: x }, parts: ['output'] });
  return { data: r.output, shape: r.outputShape };
}

// grad_input <- grad_output
function avgPoolBackward(op, gradOutput, inputShape, options) {
  const fn = `${op}Backward`;
  const core = requireCore(fn);
  const dout = tensor(core, fn, 'gradOutput', gradOutput, 'Float32Array');
  const inShape = shape(core, fn, 'inputShape', inputShape);
  const request = poolRequest(fn, op, options);
  const r = callCore(core, fn, {
    request, inputShape: inShape, operation: 'backward', tensors: { gradOutput: dout },
    parts: ['gradInput'], beforeCopy: sameShape(fn, inShape, { gradOutput: dout.shape }),
  });
  return { data: r.gradInput, shape: inShape.slice() };
}

/** Max pooling over 1 spatial dimension: input (N, C, L) or (C, L). */
export function maxPool1d(input, options) { return maxPool('maxPool1d', input, options); }
/** Max pooling over 2 spatial dimensions: input (N, C, H, W) or (C, H, W). */
export function maxPool2d(input, options) { return maxPool('maxPool2d', input, options); }
/** Max pooling over 3 spatial dimensions: input (N, C, D, H, W) or (C, D, H, W). */
export function maxPool3d(input, options) { return maxPool('maxPool3d', input, options); }

export function maxPool1dBackward(gradOutput, indices, inputShape, options) {
  return maxPoolBackward('maxPool1d', gradOutput, indices, inputShape, options);
}
export function maxPool2dBackward(gradOutput, indices, inputShape, options) {
  return maxPoolBackward('maxPool2d', gradOutput, indices, inputShape, options);
}
export function maxPool3dBackward(gradOutput, indices, inputShape, options) {
  return maxPoolBackward('maxPool3d', gradOutput, indices, inputShape, options);
}

export function avgPool1d(input, options) { return avgPool('avgPool1d', input, options); }
export function avgPool2d(input, options) { return avgPool('avgPool2d', input, options); }
export function avgPool3d(input, options) { return avgPool('avgPool3d', input, options); }

export function avgPool1dBackward(gradOutput, inputShape, options) {
  return avgPoolBackward('avgPool1d', gradOutput, inputShape, options);
}
export function avgPool2dBackward(gradOutput, inputShape, options) {
  return avgPoolBackward('avgPool2d', gradOutput, inputShape, options);
}
export function avgPool3dBackward(gradOutput, inputShape, options) {
  return avgPoolBackward('avgPool3d', gradOutput, inputShape, options);
}

/**
 * The tutorial's position matrix: for each input element, how many windows route gradient to it
 * (max: windows it wins; avg: windows containing it), with N_B (windows per (N, C) plane) and,
 * for avg, each window's divisor B_c. options = the pooling options plus op: 'maxPool2d' etc.
 */
export function routingCounts(input, options) {
  const fn = 'routingCounts';
  const core = requireCore(fn);
  const op = opOption(fn, options);
  const x = tensor(core, fn, 'input', input, 'Float32Array');
  const request = poolRequest(fn, op, options, ['op']);
  const isAvg = OPS[op].kind === 'avg';
  const r = callCore(core, fn, {
    request, inputShape: x.shape, operation: 'routing_counts', tensors: { input: x },
    parts: ['counts', 'windowsPerPlane', ...(isAvg ? ['divisors'] : [])],
  });
  const result = { counts: { data: r.counts, shape: x.shape.slice() }, windowsPerPlane: r.windowsPerPlane[0] };
  if (isAvg) result.divisors = { data: r.divisors, shape: r.outputShape.slice(r.outputShape.length - OPS[op].dims) };
  return result;
}

/** The output shape the core computes for inputShape and options (plus op: 'maxPool2d' etc.). */
export function outputShape(inputShape, options) {
  const fn = 'outputShape';
  const core = requireCore(fn);
  const op = opOption(fn, options);
  const inShape = shape(core, fn, 'inputShape', inputShape);
  return callCore(core, fn, { request: poolRequest(fn, op, options, ['op']), inputShape: inShape }).outputShape;
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
 * row-major window order. options = the pooling options plus op: 'maxPool2d' etc.
 */
export function poolWindows(inputShape, options) {
  const fn = 'poolWindows';
  const core = requireCore(fn);
  const op = opOption(fn, options);
  const inShape = shape(core, fn, 'inputShape', inputShape);
  const r = callCore(core, fn, {
    request: poolRequest(fn, op, options, ['op']), inputShape: inShape, operation: 'windows', parts: ['offsets', 'cells'],
  });
  return { offsets: r.offsets, cells: r.cells };
}
