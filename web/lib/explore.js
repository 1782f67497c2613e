// explore.js: what the page and the widget show beside the numbers, asked of the core for every
// op: the routing counts (the tutorial's position matrix), the output shape, the windows, the caps.
import { callCore } from './core-call.js';
import { OPS, opOption, poolRequest } from './convert.js';
import { indicesLikeInput, samplesFit, shape, tensor, withSamples } from './calls.js';
import { requireCore } from './loader.js';
import { ownValue } from './read.js';

// The explorers' options: the op's own options plus `op`, and for max_unpool (whose routing and
// windows follow where its indices send each input element) `indices`, a tensor of its input's
// shape. Returns { request, tensors } for callCore.
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
