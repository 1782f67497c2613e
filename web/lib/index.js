// poolgrad: max and average pooling, 1-D/2-D/3-D, forward and backward, exactly as PyTorch
// computes them (C++ core in WebAssembly). `await init()` once; every function after that is
// synchronous. Tensors are { data: Float32Array, shape: number[] }, (N, C, ...) or (C, ...),
// row-major. Every result is a fresh typed array owned by the caller.
//
// Each function: type-check the arguments (TypeError), build one request, let the core validate
// and compute (its rejection becomes a RangeError), wrap the copies it returns as tensors.
import { OPS, opOption, poolRequest, shapeArg, tensorArg } from './convert.js';
import { checked } from './errors.js';
import { init, requireCore } from './loader.js';

export { init };

// output, indices <- input
function maxPool(op, input, options) {
  const core = requireCore(op);
  const x = tensorArg(op, 'input', input, 'Float32Array');
  const r = checked(op, core.forward({ ...poolRequest(op, op, options), inputShape: x.shape, input: x.data }));
  return {
    output: { data: r.output, shape: r.outputShape },
    indices: { data: r.indices, shape: r.outputShape.slice() },
  };
}

// grad_input <- grad_output, indices
function maxPoolBackward(op, gradOutput, indices, inputShape, options) {
  const fn = `${op}Backward`;
  const core = requireCore(fn);
  const dout = tensorArg(fn, 'gradOutput', gradOutput, 'Float32Array');
  const idx = tensorArg(fn, 'indices', indices, 'Int32Array');
  const request = { ...poolRequest(fn, op, options), inputShape: shapeArg(fn, 'inputShape', inputShape) };
  checkOutputShape(fn, core, request, { gradOutput: dout.shape, indices: idx.shape });
  const r = checked(fn, core.backward({ ...request, gradOutput: dout.data, indices: idx.data }));
  return { data: r.gradInput, shape: request.inputShape.slice() };
}

// output <- input
function avgPool(op, input, options) {
  const core = requireCore(op);
  const x = tensorArg(op, 'input', input, 'Float32Array');
  const r = checked(op, core.forward({ ...poolRequest(op, op, options), inputShape: x.shape, input: x.data }));
  return { data: r.output, shape: r.outputShape };
}

// grad_input <- grad_output
function avgPoolBackward(op, gradOutput, inputShape, options) {
  const fn = `${op}Backward`;
  const core = requireCore(fn);
  const dout = tensorArg(fn, 'gradOutput', gradOutput, 'Float32Array');
  const request = { ...poolRequest(fn, op, options), inputShape: shapeArg(fn, 'inputShape', inputShape) };
  checkOutputShape(fn, core, request, { gradOutput: dout.shape });
  const r = checked(fn, core.backward({ ...request, gradOutput: dout.data }));
  return { data: r.gradInput, shape: request.inputShape.slice() };
}

// A backward's upstream tensors must have the forward's output shape, which only the core knows.
function checkOutputShape(fn, core, request, shapes) {
  const expected = checked(fn, core.outputShape(request)).outputShape;
  for (const [name, shape] of Object.entries(shapes)) {
    if (shape.length !== expected.length || shape.some((d, i) => d !== expected[i])) {
      throw new RangeError(`${fn}: ${name}.shape [${shape.join(', ')}] must be the pooled output ` +
        `shape [${expected.join(', ')}] of inputShape [${request.inputShape.join(', ')}] with these options`);
    }
  }
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
  const x = tensorArg(fn, 'input', input, 'Float32Array');
  const request = { ...poolRequest(fn, op, options, ['op']), inputShape: x.shape };
  const r = checked(fn, core.routingCounts({ ...request, input: x.data }));
  const result = { counts: { data: r.counts, shape: x.shape.slice() }, windowsPerPlane: r.windowsPerPlane };
  if (OPS[op].kind === 'avg') {
    const outShape = checked(fn, core.outputShape(request)).outputShape;
    result.divisors = { data: r.divisors, shape: outShape.slice(outShape.length - OPS[op].dims) };
  }
  return result;
}

/** The output shape the core computes for inputShape and options (plus op: 'maxPool2d' etc.). */
export function outputShape(inputShape, options) {
  const fn = 'outputShape';
  const core = requireCore(fn);
  const op = opOption(fn, options);
  const request = { ...poolRequest(fn, op, options, ['op']), inputShape: shapeArg(fn, 'inputShape', inputShape) };
  return checked(fn, core.outputShape(request)).outputShape;
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
  const request = { ...poolRequest(fn, op, options, ['op']), inputShape: shapeArg(fn, 'inputShape', inputShape) };
  const r = checked(fn, core.windows(request));
  return { offsets: r.offsets, cells: r.cells };
}
