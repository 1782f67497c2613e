/**
 * poolgrad: max and average pooling (1-D, 2-D, 3-D), forward and backward, computed exactly as
 * PyTorch's `torch.nn.functional` does, by a C++ core compiled to WebAssembly.
 *
 * Call {@link init} once and await it; every other function is synchronous after that.
 * Importing the package runs nothing (no WebAssembly, no DOM access), so it is safe in SSR.
 *
 * Errors: a `TypeError` for an argument of the wrong JS type or length (e.g. `input.data` not a
 * `Float32Array`, `kernelSize: 2.5`, an unknown option key, a non-safe integer); a `RangeError`
 * carrying the core's message for a value the core rejects (e.g. `kernelSize: 0`, padding above
 * half the kernel, an input too small for one window, an index outside its plane). The module
 * stays usable after any error.
 *
 * @packageDocumentation
 */

/**
 * A float tensor as the functions return it: row-major `data` and its `shape`, batched
 * `(N, C, ...spatial)` or unbatched `(C, ...spatial)`. The arrays are fresh copies owned by the
 * caller (never views into WebAssembly memory); nothing needs to be freed.
 */
export interface Tensor {
  /** The elements, row-major. */
  data: Float32Array;
  /** The dimensions; the product equals `data.length`. */
  shape: number[];
}

/** An int32 tensor: the argmax `indices` of max pooling, or the routing `counts`. */
export interface Int32Tensor {
  /** The elements, row-major. */
  data: Int32Array;
  /** The dimensions; the product equals `data.length`. */
  shape: number[];
}

/**
 * A float tensor as the functions accept it. `data` must be a `Float32Array` (a plain array is
 * rejected with a `TypeError`: convert with `Float32Array.from(values)`), and its length must be
 * the product of `shape`.
 */
export interface TensorInput {
  /** The elements, row-major. */
  readonly data: Float32Array;
  /** The dimensions: non-negative integers whose product is `data.length`. */
  readonly shape: readonly number[];
}

/** An int32 tensor as the functions accept it (the `indices` returned by a max pooling). */
export interface Int32TensorInput {
  /** The elements, row-major. */
  readonly data: Int32Array;
  /** The dimensions: non-negative integers whose product is `data.length`. */
  readonly shape: readonly number[];
}

/** One integer for the single spatial dimension (PyTorch's `int or (int,)`). */
export type IntOrTuple1 = number | readonly [number];
/** One integer for both spatial dimensions, or one per dimension `[h, w]`. */
export type IntOrTuple2 = number | readonly [number] | readonly [number, number];
/** One integer for all three spatial dimensions, or one per dimension `[d, h, w]`. */
export type IntOrTuple3 = number | readonly [number] | readonly [number, number, number];

/**
 * Options of max pooling, PyTorch's keyword arguments in camelCase with PyTorch's defaults.
 * Every integer must be a safe integer; the core checks the ranges.
 * @typeParam K - an integer or a per-dimension tuple for this dimensionality
 */
export interface MaxPoolOptions<K> {
  /** The window size (required). */
  kernelSize: K;
  /** The step between windows. Default (`undefined` or `null`): `kernelSize`. */
  stride?: K | null;
  /** Implicit `-Infinity` padding on both sides; at most half the dilated kernel. Default 0. */
  padding?: K;
  /** The spacing between window elements. Default 1. */
  dilation?: K;
  /** Use ceil instead of floor for the output size (a window starting in the right padding is dropped). Default false. */
  ceilMode?: boolean;
}

/**
 * Options of average pooling, PyTorch's keyword arguments in camelCase with PyTorch's defaults.
 * Every integer must be a safe integer; the core checks the ranges.
 * @typeParam K - an integer or a per-dimension tuple for this dimensionality
 */
export interface AvgPoolOptions<K> {
  /** The window size (required). */
  kernelSize: K;
  /** The step between windows. Default (`undefined` or `null`): `kernelSize`. */
  stride?: K | null;
  /** Implicit zero padding on both sides; at most half the kernel. Default 0. */
  padding?: K;
  /** Use ceil instead of floor for the output size. Default false. */
  ceilMode?: boolean;
  /** Count the padding in the divisor. Default true. */
  countIncludePad?: boolean;
  /** Divide every window by this (non-zero) integer instead. Default `null` (off). */
  divisorOverride?: number | null;
}

/** {@link maxPool1d} options: integers or 1-element tuples. */
export type MaxPool1dOptions = MaxPoolOptions<IntOrTuple1>;
/** {@link maxPool2d} options: integers or `[h, w]` tuples. */
export type MaxPool2dOptions = MaxPoolOptions<IntOrTuple2>;
/** {@link maxPool3d} options: integers or `[d, h, w]` tuples. */
export type MaxPool3dOptions = MaxPoolOptions<IntOrTuple3>;
/** {@link avgPool1d} options: integers or 1-element tuples. */
export type AvgPool1dOptions = AvgPoolOptions<IntOrTuple1>;
/** {@link avgPool2d} options: integers or `[h, w]` tuples. */
export type AvgPool2dOptions = AvgPoolOptions<IntOrTuple2>;
/** {@link avgPool3d} options: integers or `[d, h, w]` tuples. */
export type AvgPool3dOptions = AvgPoolOptions<IntOrTuple3>;

/** The result of a max pooling forward pass. */
export interface MaxPoolResult {
  /** The pooled values, shape `(N, C, ...out)` or `(C, ...out)`. */
  output: Tensor;
  /**
   * For each output element, the flat index of its maximum within its own `(N, C)` input plane
   * (PyTorch's `return_indices=True`), or -1 for a window holding only padding. Same shape as `output`.
   */
  indices: Int32Tensor;
}

/**
 * Loads the WebAssembly core. Await it once before calling anything else; calling again returns
 * the same promise (idempotent). Every other function throws an `Error` if called before it resolves.
 * @returns a promise that resolves when the core is ready
 */
export function init(): Promise<void>;

/**
 * 1-D max pooling, as `torch.nn.functional.max_pool1d(input, ..., return_indices=True)`.
 * @param input - shape `(N, C, L)` or `(C, L)`
 * @param options - `kernelSize` (required), `stride`, `padding`, `dilation`, `ceilMode`
 * @returns the output and the argmax indices (for {@link maxPool1dBackward})
 * @throws TypeError for a wrong argument type; RangeError for a configuration the core rejects
 */
export function maxPool1d(input: TensorInput, options: MaxPool1dOptions): MaxPoolResult;
/**
 * 2-D max pooling, as `torch.nn.functional.max_pool2d(input, ..., return_indices=True)`.
 * @param input - shape `(N, C, H, W)` or `(C, H, W)`
 * @param options - `kernelSize` (required), `stride`, `padding`, `dilation`, `ceilMode`
 * @returns the output and the argmax indices (for {@link maxPool2dBackward})
 * @throws TypeError for a wrong argument type; RangeError for a configuration the core rejects
 */
export function maxPool2d(input: TensorInput, options: MaxPool2dOptions): MaxPoolResult;
/**
 * 3-D max pooling, as `torch.nn.functional.max_pool3d(input, ..., return_indices=True)`.
 * @param input - shape `(N, C, D, H, W)` or `(C, D, H, W)`
 * @param options - `kernelSize` (required), `stride`, `padding`, `dilation`, `ceilMode`
 * @returns the output and the argmax indices (for {@link maxPool3dBackward})
 * @throws TypeError for a wrong argument type; RangeError for a configuration the core rejects
 */
export function maxPool3d(input: TensorInput, options: MaxPool3dOptions): MaxPoolResult;

/**
 * The gradient of 1-D max pooling with respect to its input: each `gradOutput` element is added
 * to the input element its window chose (`indices`); windows with index -1 send nothing.
 * @param gradOutput - the upstream gradient, with the forward output's shape
 * @param indices - the forward's `indices`
 * @param inputShape - the forward input's shape
 * @param options - the forward's options
 * @returns the input gradient, shape `inputShape`
 * @throws TypeError for a wrong argument type; RangeError for a configuration, shape or index the core rejects
 */
export function maxPool1dBackward(gradOutput: TensorInput, indices: Int32TensorInput, inputShape: readonly number[], options: MaxPool1dOptions): Tensor;
/**
 * The gradient of 2-D max pooling with respect to its input (see {@link maxPool1dBackward}).
 * @param gradOutput - the upstream gradient, with the forward output's shape
 * @param indices - the forward's `indices`
 * @param inputShape - the forward input's shape
 * @param options - the forward's options
 * @returns the input gradient, shape `inputShape`
 * @throws TypeError for a wrong argument type; RangeError for a configuration, shape or index the core rejects
 */
export function maxPool2dBackward(gradOutput: TensorInput, indices: Int32TensorInput, inputShape: readonly number[], options: MaxPool2dOptions): Tensor;
/**
 * The gradient of 3-D max pooling with respect to its input (see {@link maxPool1dBackward}).
 * @param gradOutput - the upstream gradient, with the forward output's shape
 * @param indices - the forward's `indices`
 * @param inputShape - the forward input's shape
 * @param options - the forward's options
 * @returns the input gradient, shape `inputShape`
 * @throws TypeError for a wrong argument type; RangeError for a configuration, shape or index the core rejects
 */
export function maxPool3dBackward(gradOutput: TensorInput, indices: Int32TensorInput, inputShape: readonly number[], options: MaxPool3dOptions): Tensor;

/**
 * 1-D average pooling, as `torch.nn.functional.avg_pool1d`.
 * @param input - shape `(N, C, L)` or `(C, L)`
 * @param options - `kernelSize` (required), `stride`, `padding`, `ceilMode`, `countIncludePad`, `divisorOverride`
 * @returns the pooled output
 * @throws TypeError for a wrong argument type; RangeError for a configuration the core rejects
 */
export function avgPool1d(input: TensorInput, options: AvgPool1dOptions): Tensor;
/**
 * 2-D average pooling, as `torch.nn.functional.avg_pool2d`.
 * @param input - shape `(N, C, H, W)` or `(C, H, W)`
 * @param options - `kernelSize` (required), `stride`, `padding`, `ceilMode`, `countIncludePad`, `divisorOverride`
 * @returns the pooled output
 * @throws TypeError for a wrong argument type; RangeError for a configuration the core rejects
 */
export function avgPool2d(input: TensorInput, options: AvgPool2dOptions): Tensor;
/**
 * 3-D average pooling, as `torch.nn.functional.avg_pool3d`.
 * @param input - shape `(N, C, D, H, W)` or `(C, D, H, W)`
 * @param options - `kernelSize` (required), `stride`, `padding`, `ceilMode`, `countIncludePad`, `divisorOverride`
 * @returns the pooled output
 * @throws TypeError for a wrong argument type; RangeError for a configuration the core rejects
 */
export function avgPool3d(input: TensorInput, options: AvgPool3dOptions): Tensor;

/**
 * The gradient of 1-D average pooling with respect to its input: each `gradOutput` element,
 * divided by its window's divisor, is added to every input element of the window.
 * @param gradOutput - the upstream gradient, with the forward output's shape
 * @param inputShape - the forward input's shape
 * @param options - the forward's options
 * @returns the input gradient, shape `inputShape`
 * @throws TypeError for a wrong argument type; RangeError for a configuration or shape the core rejects
 */
export function avgPool1dBackward(gradOutput: TensorInput, inputShape: readonly number[], options: AvgPool1dOptions): Tensor;
/**
 * The gradient of 2-D average pooling with respect to its input (see {@link avgPool1dBackward}).
 * @param gradOutput - the upstream gradient, with the forward output's shape
 * @param inputShape - the forward input's shape
 * @param options - the forward's options
 * @returns the input gradient, shape `inputShape`
 * @throws TypeError for a wrong argument type; RangeError for a configuration or shape the core rejects
 */
export function avgPool2dBackward(gradOutput: TensorInput, inputShape: readonly number[], options: AvgPool2dOptions): Tensor;
/**
 * The gradient of 3-D average pooling with respect to its input (see {@link avgPool1dBackward}).
 * @param gradOutput - the upstream gradient, with the forward output's shape
 * @param inputShape - the forward input's shape
 * @param options - the forward's options
 * @returns the input gradient, shape `inputShape`
 * @throws TypeError for a wrong argument type; RangeError for a configuration or shape the core rejects
 */
export function avgPool3dBackward(gradOutput: TensorInput, inputShape: readonly number[], options: AvgPool3dOptions): Tensor;

/** The name of a pooling function, as `options.op` of {@link routingCounts} and {@link outputShape}. */
export type PoolOp = 'maxPool1d' | 'maxPool2d' | 'maxPool3d' | 'avgPool1d' | 'avgPool2d' | 'avgPool3d';

/** Max pooling options plus the function they are for. */
export type MaxPoolOpOptions =
  | ({ op: 'maxPool1d' } & MaxPool1dOptions)
  | ({ op: 'maxPool2d' } & MaxPool2dOptions)
  | ({ op: 'maxPool3d' } & MaxPool3dOptions);
/** Average pooling options plus the function they are for. */
export type AvgPoolOpOptions =
  | ({ op: 'avgPool1d' } & AvgPool1dOptions)
  | ({ op: 'avgPool2d' } & AvgPool2dOptions)
  | ({ op: 'avgPool3d' } & AvgPool3dOptions);
/** Any pooling function's options plus its name in `op`. */
export type PoolOpOptions = MaxPoolOpOptions | AvgPoolOpOptions;

/** {@link routingCounts} of a max pooling. */
export interface MaxRoutingCounts {
  /**
   * The position matrix, shape of the input: for each input element, the number of windows that
   * route gradient to it (max: the windows it wins; avg: the windows containing it).
   */
  counts: Int32Tensor;
  /**
   * N_B: the number of windows (output elements) in one `(N, C)` plane. For loss = mean of the
   * output, the input gradient of max pooling is `counts / (N * C * windowsPerPlane)`.
   */
  windowsPerPlane: number;
}

/** {@link routingCounts} of an average pooling: also the divisor of every window. */
export interface AvgRoutingCounts extends MaxRoutingCounts {
  /**
   * B_c: the divisor of each window of one plane (the same in every plane), shape = the output's
   * spatial shape. It follows `countIncludePad`, `ceilMode` and `divisorOverride`.
   */
  divisors: Tensor;
}

/**
 * The tutorial's position matrix and its normalisation: how many windows route gradient to each
 * input element, the windows per plane N_B, and (average pooling) each window's divisor.
 * @param input - the pooling input (max pooling needs its values to know the winners)
 * @param options - the pooling options plus `op`, e.g. `{ op: 'maxPool2d', kernelSize: 2, stride: 1 }`
 * @throws TypeError for a wrong argument type; RangeError for a configuration the core rejects
 */
export function routingCounts(input: TensorInput, options: MaxPoolOpOptions): MaxRoutingCounts;
/** {@inheritDoc (routingCounts:1)} Average pooling: the result also holds each window's `divisors`. */
export function routingCounts(input: TensorInput, options: AvgPoolOpOptions): AvgRoutingCounts;
/** {@inheritDoc (routingCounts:1)} For options whose `op` is not known statically. */
export function routingCounts(input: TensorInput, options: PoolOpOptions): MaxRoutingCounts | AvgRoutingCounts;

/**
 * The output shape the core computes for an input shape and pooling options (no formula is
 * repeated in JavaScript).
 * @param inputShape - `(N, C, ...spatial)` or `(C, ...spatial)`
 * @param options - the pooling options plus `op`, e.g. `{ op: 'avgPool3d', kernelSize: 2 }`
 * @returns the output shape
 * @throws TypeError for a wrong argument type; RangeError for a configuration the core rejects
 */
export function outputShape(inputShape: readonly number[], options: PoolOpOptions): number[];

/** {@link poolWindows}: the input elements of every window of one `(N, C)` plane. */
export interface PoolWindows {
  /**
   * One entry per window plus one: window `o` (flat index within a plane of the output, row-major)
   * covers `cells[offsets[o]]` up to, not including, `cells[offsets[o + 1]]`.
   */
  offsets: Int32Array;
  /**
   * Flat indices within an input plane, in row-major window order (the order that decides
   * max-pooling ties). Padding is not listed, so a max window of padding only has no cells.
   */
  cells: Int32Array;
}

/**
 * Which input elements each window covers, as the core defines it (stride, padding, dilation,
 * ceil mode): for explanations, highlighting and step-through. The same for every `(N, C)` plane.
 * @param inputShape - `(N, C, ...spatial)` or `(C, ...spatial)`
 * @param options - the pooling options plus `op`, e.g. `{ op: 'maxPool2d', kernelSize: 3, stride: 2 }`
 * @throws TypeError for a wrong argument type; RangeError for a configuration the core rejects or
 *   windows covering more than the size limit of input elements in all
 */
export function poolWindows(inputShape: readonly number[], options: PoolOpOptions): PoolWindows;

/** The core's caps; a request over one is a `RangeError` naming it. */
export interface Limits {
  /** The most elements any tensor (input, output, gradient, indices) may hold: 2^24. */
  maxElements: number;
  /** The largest rank of any tensor: (N, C) plus up to 3 spatial dimensions, 5. */
  maxRank: number;
  /** The most window taps one call may visit, over all windows and (N, C) planes: 2^30. */
  maxWork: number;
}

/** The core's caps (after {@link init}). */
export function limits(): Limits;
