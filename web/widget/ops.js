// ops.js: the operations the widget can show, as one table: which library functions compute each
// (web/lib), in which dimensions, how they are called, which state parameters they read, and what
// their routing counts mean. Every question the widget asks about an operation (has it an argmax?
// a divisor per window? which side is a matrix on?) is answered here, so a view never tests an
// op's name: max-type and average-type operations share the views of max and average pooling.
// No pooling math: the windows, argmaxes, divisors and numbers stay the library's.

/**
 * op -> {
 *   fn: the library's function name before its dims (maxPool -> maxPool2d), or the whole name
 *       when `global` (globalMaxPool takes options.dims),
 *   dims: the dims it allows,
 *   call: the call convention: 'argmax' (forward gives output and indices, backward takes them),
 *         'value' (backward takes the input's shape), 'lp' (backward takes the input's values),
 *         'unpool' (the inverse of a max pooling: forward and backward take its indices),
 *   params: the state parameters (state.js PARAMS names) it reads, besides the shape,
 *   divisor: whether each window has a divisor (the library's routingCounts gives them),
 *   counts: what the routing counts count: 'wins' (windows an input element wins), 'covers'
 *           (windows containing it), 'writes' (input elements written to an output cell),
 *   kernel: whether the output size follows the kernel-size formula (PyTorch's pooling_output_shape),
 *   windows: how the windows are placed when not by kernel and stride: 'adaptive', 'fractional',
 * }
 */
export const OPS = {
  max: {
    fn: 'maxPool', dims: [1, 2, 3], call: 'argmax', counts: 'wins', kernel: true,
    params: ['kernelSize', 'stride', 'padding', 'dilation', 'ceilMode'],
  },
  avg: {
    fn: 'avgPool', dims: [1, 2, 3], call: 'value', counts: 'covers', divisor: true, kernel: true,
    params: ['kernelSize', 'stride', 'padding', 'ceilMode', 'countIncludePad', 'divisorOverride'],
  },
  'adaptive-max': { fn: 'adaptiveMaxPool', dims: [1, 2, 3], call: 'argmax', counts: 'wins', windows: 'adaptive', params: ['outputSize'] },
  'adaptive-avg': { fn: 'adaptiveAvgPool', dims: [1, 2, 3], call: 'value', counts: 'covers', divisor: true, windows: 'adaptive', params: ['outputSize'] },
  lp: { fn: 'lpPool', dims: [1, 2, 3], call: 'lp', counts: 'covers', params: ['normType', 'kernelSize', 'stride', 'ceilMode'] },
  'fractional-max': {
    fn: 'fractionalMaxPool', dims: [2, 3], call: 'argmax', counts: 'wins', windows: 'fractional',
    params: ['kernelSize', 'outputSize', 'outputRatio', 'samples', 'sampleSeed'],
  },
  // the state describes the max pooling whose indices it inverts (kernel, stride, padding)
  'max-unpool': { fn: 'maxUnpool', dims: [1, 2, 3], call: 'unpool', counts: 'writes', params: ['kernelSize', 'stride', 'padding'] },
  'global-max': { fn: 'globalMaxPool', global: true, dims: [1, 2, 3], call: 'argmax', counts: 'wins', params: [] },
  'global-avg': { fn: 'globalAvgPool', global: true, dims: [1, 2, 3], call: 'value', counts: 'covers', divisor: true, params: [] },
};

/** The op values, in the order of the op control. */
export const OP_VALUES = Object.keys(OPS);

const spec = (op) => OPS[op] ?? OPS.max;

/** The library function of `op` in `dims` dimensions (maxPool2d, globalAvgPool). */
export const fnName = (op, dims) => (spec(op).global ? spec(op).fn : `${spec(op).fn}${dims}d`);
/** The call convention: argmax, value, lp, unpool. */
export const callOf = (op) => spec(op).call;
/** Whether each window chooses one input element (max, adaptive max, fractional max, global max): output and indices. */
export const hasArgmax = (op) => spec(op).call === 'argmax';
/** Whether each window divides a sum by its divisor (avg, adaptive avg, global avg). */
export const isAverage = (op) => !!spec(op).divisor;
/** Whether the op is max unpooling (the inverse view: its input is a max pooling's output). */
export const isUnpool = (op) => spec(op).call === 'unpool';
/** Whether the op pools each whole plane as one window (global max / average: options.dims). */
export const isGlobal = (op) => !!spec(op).global;
/** Whether the op is LP pooling (its gradient depends on the input's values). */
export const isLp = (op) => spec(op).call === 'lp';
/** Whether the output size is the kernel-size formula's (max, avg, LP, and the max pooling under an unpool). */
export const hasKernelFormula = (op) => !!spec(op).kernel;
/** How the windows are placed, for the explanations: 'adaptive' (from In and Out), 'fractional' (sampled starts), else 'kernel'. */
export const windowRule = (op) => spec(op).windows ?? 'kernel';
/** What the routing counts count: wins, covers, writes. */
export const countsMeaning = (op) => spec(op).counts;
/** Whether `op` reads the state parameter `name` (a PARAMS name). */
export const usesParam = (op, name) => spec(op).params.includes(name);
/** The ops that read the state parameter `name` (state.js PARAMS' `only`). */
export const opsUsing = (name) => OP_VALUES.filter((op) => OPS[op].params.includes(name));
/** Whether `op` is defined in `dims` dimensions. */
export const allowsDims = (op, dims) => spec(op).dims.includes(dims);
/** Whether an op's windows differ per (N, C) plane (fractional: each plane's samples; unpool: each plane's indices). */
export const windowsPerPlaneDiffer = (op) => op === 'fractional-max' || isUnpool(op);

/**
 * Which side each matrix is indexed by: 'in' (like the op's input) or 'out' (like its output).
 * The counts of an unpooling are per output cell (writes), its indices beside its input.
 */
export function matrixSide(op, name) {
  if (name === 'input' || name === 'grad-input') return 'in';
  if (name === 'output' || name === 'grad-output') return 'out';
  if (name === 'counts') return isUnpool(op) ? 'out' : 'in';
  if (name === 'indices') return isUnpool(op) ? 'in' : 'out';
  return 'in';
}

/** The names of the op's input and output in explanations: x and y; max unpooling: y (pooled) and z (unpooled). */
export const symbols = (op) => (isUnpool(op) ? { in: 'y', out: 'z' } : { in: 'x', out: 'y' });

/** Whether the op has an indices matrix (argmax-type: the argmaxes; unpool: where each value goes). */
export const hasIndices = (op) => hasArgmax(op) || isUnpool(op);
