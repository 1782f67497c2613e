/**
 * poolgrad: PyTorch's pooling family (1-D, 2-D, 3-D) - max, average, adaptive max and average,
 * LP, max-unpooling, fractional max and global pooling - forward and backward, computed exactly
 * as PyTorch's `torch.nn.functional` does, by a C++ core compiled to WebAssembly.
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

/** The result of a max pooling forward pass with `returnIndices: false`: the values alone. */
export interface MaxPoolValues {
  /** The pooled values, shape `(N, C, ...out)` or `(C, ...out)`. */
  output: Tensor;
}

/**
 * The max pooling forward's extra option, PyTorch's `return_indices`: `false` returns
 * `{ output }` alone (faster: no argmax is tracked); the default `true` returns
 * `{ output, indices }`. The backward functions accept and ignore it, so one options object
 * serves both passes.
 */
export interface ReturnIndices {
  returnIndices?: boolean;
}
/** Options that ask for the values alone (`returnIndices: false`). */
export type ValuesOnly = { readonly returnIndices: false };
/** Options that ask for the indices too (`returnIndices` absent, `undefined` or `true`). */
export type WithIndices = { readonly returnIndices?: true | undefined };

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
export function maxPool1d(input: TensorInput, options: MaxPool1dOptions & WithIndices): MaxPoolResult;
/** {@inheritDoc (maxPool1d:1)} With `returnIndices: false`: the output alone, as PyTorch's `return_indices=False`. */
export function maxPool1d(input: TensorInput, options: MaxPool1dOptions & ValuesOnly): MaxPoolValues;
/** {@inheritDoc (maxPool1d:1)} For options whose `returnIndices` is not known statically. */
export function maxPool1d(input: TensorInput, options: MaxPool1dOptions & ReturnIndices): MaxPoolResult | MaxPoolValues;
/**
 * 2-D max pooling, as `torch.nn.functional.max_pool2d(input, ..., return_indices=True)`.
 * @param input - shape `(N, C, H, W)` or `(C, H, W)`
 * @param options - `kernelSize` (required), `stride`, `padding`, `dilation`, `ceilMode`
 * @returns the output and the argmax indices (for {@link maxPool2dBackward})
 * @throws TypeError for a wrong argument type; RangeError for a configuration the core rejects
 */
export function maxPool2d(input: TensorInput, options: MaxPool2dOptions & WithIndices): MaxPoolResult;
/** {@inheritDoc (maxPool2d:1)} With `returnIndices: false`: the output alone, as PyTorch's `return_indices=False`. */
export function maxPool2d(input: TensorInput, options: MaxPool2dOptions & ValuesOnly): MaxPoolValues;
/** {@inheritDoc (maxPool2d:1)} For options whose `returnIndices` is not known statically. */
export function maxPool2d(input: TensorInput, options: MaxPool2dOptions & ReturnIndices): MaxPoolResult | MaxPoolValues;
/**
 * 3-D max pooling, as `torch.nn.functional.max_pool3d(input, ..., return_indices=True)`.
 * @param input - shape `(N, C, D, H, W)` or `(C, D, H, W)`
 * @param options - `kernelSize` (required), `stride`, `padding`, `dilation`, `ceilMode`
 * @returns the output and the argmax indices (for {@link maxPool3dBackward})
 * @throws TypeError for a wrong argument type; RangeError for a configuration the core rejects
 */
export function maxPool3d(input: TensorInput, options: MaxPool3dOptions & WithIndices): MaxPoolResult;
/** {@inheritDoc (maxPool3d:1)} With `returnIndices: false`: the output alone, as PyTorch's `return_indices=False`. */
export function maxPool3d(input: TensorInput, options: MaxPool3dOptions & ValuesOnly): MaxPoolValues;
/** {@inheritDoc (maxPool3d:1)} For options whose `returnIndices` is not known statically. */
export function maxPool3d(input: TensorInput, options: MaxPool3dOptions & ReturnIndices): MaxPoolResult | MaxPoolValues;

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
export function maxPool1dBackward(gradOutput: TensorInput, indices: Int32TensorInput, inputShape: readonly number[], options: MaxPool1dOptions & ReturnIndices): Tensor;
/**
 * The gradient of 2-D max pooling with respect to its input (see {@link maxPool1dBackward}).
 * @param gradOutput - the upstream gradient, with the forward output's shape
 * @param indices - the forward's `indices`
 * @param inputShape - the forward input's shape
 * @param options - the forward's options
 * @returns the input gradient, shape `inputShape`
 * @throws TypeError for a wrong argument type; RangeError for a configuration, shape or index the core rejects
 */
export function maxPool2dBackward(gradOutput: TensorInput, indices: Int32TensorInput, inputShape: readonly number[], options: MaxPool2dOptions & ReturnIndices): Tensor;
/**
 * The gradient of 3-D max pooling with respect to its input (see {@link maxPool1dBackward}).
 * @param gradOutput - the upstream gradient, with the forward output's shape
 * @param indices - the forward's `indices`
 * @param inputShape - the forward input's shape
 * @param options - the forward's options
 * @returns the input gradient, shape `inputShape`
 * @throws TypeError for a wrong argument type; RangeError for a configuration, shape or index the core rejects
 */
export function maxPool3dBackward(gradOutput: TensorInput, indices: Int32TensorInput, inputShape: readonly number[], options: MaxPool3dOptions & ReturnIndices): Tensor;

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

/** One output size, or `null` to keep that input size (adaptive pooling, PyTorch's `None`). */
export type SizeOrKeep = number | null;
/** An adaptive 1-D output size: an integer (or `null`), or a 1-element tuple. */
export type OutputSize1 = SizeOrKeep | readonly [SizeOrKeep];
/** An adaptive 2-D output size: one for both dimensions, or `[h, w]`; an entry may be `null`. */
export type OutputSize2 = SizeOrKeep | readonly [SizeOrKeep] | readonly [SizeOrKeep, SizeOrKeep];
/** An adaptive 3-D output size: one for all dimensions, or `[d, h, w]`; an entry may be `null`. */
export type OutputSize3 = SizeOrKeep | readonly [SizeOrKeep] | readonly [SizeOrKeep, SizeOrKeep, SizeOrKeep];

/**
 * Options of adaptive max pooling (PyTorch's `adaptive_max_pool*d`): output element `i` of an
 * axis reads the input window `[floor(i * In / Out), ceil((i + 1) * In / Out))`, so the windows
 * vary in size and may overlap.
 * @typeParam S - an output size for this dimensionality
 */
export interface AdaptiveMaxPoolOptions<S> {
  /** The output's spatial size (required); a `null` entry keeps that input size. */
  outputSize: S;
}
/** Options of adaptive average pooling (see {@link AdaptiveMaxPoolOptions} for the windows). */
export interface AdaptiveAvgPoolOptions<S> {
  /** The output's spatial size (required); a `null` entry keeps that input size. Each window's average divides by its own size. */
  outputSize: S;
}
/** {@link adaptiveMaxPool1d} options. */
export type AdaptiveMaxPool1dOptions = AdaptiveMaxPoolOptions<OutputSize1>;
/** {@link adaptiveMaxPool2d} options. */
export type AdaptiveMaxPool2dOptions = AdaptiveMaxPoolOptions<OutputSize2>;
/** {@link adaptiveMaxPool3d} options. */
export type AdaptiveMaxPool3dOptions = AdaptiveMaxPoolOptions<OutputSize3>;
/** {@link adaptiveAvgPool1d} options. */
export type AdaptiveAvgPool1dOptions = AdaptiveAvgPoolOptions<OutputSize1>;
/** {@link adaptiveAvgPool2d} options. */
export type AdaptiveAvgPool2dOptions = AdaptiveAvgPoolOptions<OutputSize2>;
/** {@link adaptiveAvgPool3d} options. */
export type AdaptiveAvgPool3dOptions = AdaptiveAvgPoolOptions<OutputSize3>;

/**
 * Options of LP (power-average) pooling, PyTorch's `lp_pool*d`: each window gives
 * `(sum of x^p)^(1/p)`, computed as PyTorch does from an average pool of `x^p` times the kernel
 * size (so a ceil-mode window clipped at the edge is scaled up to the full kernel size).
 * @typeParam K - an integer or a per-dimension tuple for this dimensionality
 */
export interface LpPoolOptions<K> {
  /**
   * The `p` of the p-norm (required), PyTorch's `norm_type`: `1` sums. Any number but NaN and 0
   * (a `RangeError`); `Infinity` and negative `p` follow PyTorch's formula, whatever it gives.
   */
  normType: number;
  /** The window size (required). */
  kernelSize: K;
  /** The step between windows. Default (`undefined` or `null`): `kernelSize`. */
  stride?: K | null | undefined;
  /** Use ceil instead of floor for the output size. Default false. */
  ceilMode?: boolean | undefined;
}
/** {@link lpPool1d} options. */
export type LpPool1dOptions = LpPoolOptions<IntOrTuple1>;
/** {@link lpPool2d} options. */
export type LpPool2dOptions = LpPoolOptions<IntOrTuple2>;
/** {@link lpPool3d} options. */
export type LpPool3dOptions = LpPoolOptions<IntOrTuple3>;

/**
 * Options of max unpooling, PyTorch's `max_unpool*d`: the max pooling's options it inverts.
 * @typeParam K - an integer or a per-dimension tuple for this dimensionality
 */
export interface MaxUnpoolOptions<K> {
  /** The max pooling's window size (required). */
  kernelSize: K;
  /** The max pooling's stride. Default (`undefined` or `null`): `kernelSize`. */
  stride?: K | null | undefined;
  /** The max pooling's padding. Default 0. */
  padding?: K | undefined;
  /**
   * The output's spatial size (e.g. the max pooling's input size, which a ceil-mode or strided
   * pooling does not determine). Default (`undefined` or `null`): `(in - 1) * stride + kernel - 2 * padding`;
   * a given size must lie strictly between that default minus and plus the stride. PyTorch's
   * full form `[N, C, ...spatial]` is accepted too (its spatial part is used).
   */
  outputSize?: K | readonly number[] | null | undefined;
}
/** {@link maxUnpool1d} options. */
export type MaxUnpool1dOptions = MaxUnpoolOptions<IntOrTuple1>;
/** {@link maxUnpool2d} options. */
export type MaxUnpool2dOptions = MaxUnpoolOptions<IntOrTuple2>;
/** {@link maxUnpool3d} options. */
export type MaxUnpool3dOptions = MaxUnpoolOptions<IntOrTuple3>;

/**
 * Options of fractional max pooling, PyTorch's `fractional_max_pool*d`, with exactly one of
 * `outputSize` and `outputRatio`. Window `i` of an axis starts at PyTorch's pseudo-random
 * interval sequence `floor((i + u) * alpha) - floor(u * alpha)` (last window at `in - kernel`),
 * `alpha = (in - kernel) / (out - 1)`, `u` the plane's sample for that axis.
 * @typeParam K - an integer or a per-dimension tuple for this dimensionality
 * @typeParam R - a ratio or a per-dimension tuple of ratios
 */
export interface FractionalMaxPoolBase<K> {
  /** The window size (required); `outputSize + kernelSize - 1 <= inputSize` in every dimension. */
  kernelSize: K;
  /**
   * PyTorch's `_random_samples`: one sample in `[0, 1)` per `(N, C)` plane and spatial
   * dimension, flat `(N, C, dims)` row-major (N = 1 for an unbatched input). The order within a
   * plane is PyTorch's: for 2-D, `[width, height]`; for 3-D, `[depth, height, width]`.
   * Default (`undefined` or `null`): drawn from `seed`.
   */
  randomSamples?: Float32Array | null | undefined;
  /**
   * Without `randomSamples`: the seed of the samples (a non-negative safe integer, default 0).
   * Sample `j` of the flat `(N, C, dims)` list is then the top 24 bits of
   * `splitmix64(seed + (j + 1) * 0x9E3779B97F4A7C15)` times 2^-24 (splitmix64's output mix;
   * arithmetic mod 2^64), so the same seed gives the same windows in every call and build
   * (PyTorch draws from its global generator instead).
   */
  seed?: number | null | undefined;
}
/** Fractional max pooling to a given output size. */
export interface FractionalMaxPoolBySize<K> extends FractionalMaxPoolBase<K> {
  /** The output's spatial size, at least 1 in every dimension. */
  outputSize: K;
  /** Not with `outputSize`. */
  outputRatio?: null | undefined;
}
/** Fractional max pooling to a fraction of the input size. */
export interface FractionalMaxPoolByRatio<K, R> extends FractionalMaxPoolBase<K> {
  /** The output's size as a fraction of the input's, in (0, 1): `floor(input * ratio)`. */
  outputRatio: R;
  /** Not with `outputRatio`. */
  outputSize?: null | undefined;
}
/** Fractional max pooling options: `outputSize` or `outputRatio`. */
export type FractionalMaxPoolOptions<K, R> = FractionalMaxPoolBySize<K> | FractionalMaxPoolByRatio<K, R>;
/** {@link fractionalMaxPool2d} options. */
export type FractionalMaxPool2dOptions = FractionalMaxPoolOptions<IntOrTuple2, number | readonly [number] | readonly [number, number]>;
/** {@link fractionalMaxPool3d} options. */
export type FractionalMaxPool3dOptions = FractionalMaxPoolOptions<IntOrTuple3, number | readonly [number] | readonly [number, number, number]>;

/**
 * Options of the global poolings (adaptive pooling to size 1 in every spatial dimension).
 * The number of spatial dimensions is `dims` when given (then the input may be batched
 * `(N, C, ...spatial)` or unbatched `(C, ...spatial)`); without it the input is taken as batched,
 * `dims = rank - 2` (rank 3 to 5).
 */
export interface GlobalPoolOptions {
  /** The number of spatial dimensions: 1, 2 or 3. Default: the input's rank minus 2. */
  dims?: 1 | 2 | 3 | null | undefined;
}

/**
 * 1-D adaptive max pooling, as `torch.nn.functional.adaptive_max_pool1d(input, output_size, return_indices=True)`.
 * @param input - shape `(N, C, L)` or `(C, L)`
 * @param options - `outputSize` (required)
 * @returns the output and the argmax indices (for {@link adaptiveMaxPool1dBackward})
 * @throws TypeError for a wrong argument type; RangeError for a configuration the core rejects
 */
export function adaptiveMaxPool1d(input: TensorInput, options: AdaptiveMaxPool1dOptions & WithIndices): MaxPoolResult;
/** {@inheritDoc (adaptiveMaxPool1d:1)} With `returnIndices: false`: the output alone. */
export function adaptiveMaxPool1d(input: TensorInput, options: AdaptiveMaxPool1dOptions & ValuesOnly): MaxPoolValues;
/** {@inheritDoc (adaptiveMaxPool1d:1)} For options whose `returnIndices` is not known statically. */
export function adaptiveMaxPool1d(input: TensorInput, options: AdaptiveMaxPool1dOptions & ReturnIndices): MaxPoolResult | MaxPoolValues;
/**
 * 2-D adaptive max pooling, as `torch.nn.functional.adaptive_max_pool2d(input, output_size, return_indices=True)`.
 * @param input - shape `(N, C, H, W)` or `(C, H, W)`
 * @param options - `outputSize` (required)
 * @returns the output and the argmax indices (for {@link adaptiveMaxPool2dBackward})
 * @throws TypeError for a wrong argument type; RangeError for a configuration the core rejects
 */
export function adaptiveMaxPool2d(input: TensorInput, options: AdaptiveMaxPool2dOptions & WithIndices): MaxPoolResult;
/** {@inheritDoc (adaptiveMaxPool2d:1)} With `returnIndices: false`: the output alone. */
export function adaptiveMaxPool2d(input: TensorInput, options: AdaptiveMaxPool2dOptions & ValuesOnly): MaxPoolValues;
/** {@inheritDoc (adaptiveMaxPool2d:1)} For options whose `returnIndices` is not known statically. */
export function adaptiveMaxPool2d(input: TensorInput, options: AdaptiveMaxPool2dOptions & ReturnIndices): MaxPoolResult | MaxPoolValues;
/**
 * 3-D adaptive max pooling, as `torch.nn.functional.adaptive_max_pool3d(input, output_size, return_indices=True)`.
 * @param input - shape `(N, C, D, H, W)` or `(C, D, H, W)`
 * @param options - `outputSize` (required)
 * @returns the output and the argmax indices (for {@link adaptiveMaxPool3dBackward})
 * @throws TypeError for a wrong argument type; RangeError for a configuration the core rejects
 */
export function adaptiveMaxPool3d(input: TensorInput, options: AdaptiveMaxPool3dOptions & WithIndices): MaxPoolResult;
/** {@inheritDoc (adaptiveMaxPool3d:1)} With `returnIndices: false`: the output alone. */
export function adaptiveMaxPool3d(input: TensorInput, options: AdaptiveMaxPool3dOptions & ValuesOnly): MaxPoolValues;
/** {@inheritDoc (adaptiveMaxPool3d:1)} For options whose `returnIndices` is not known statically. */
export function adaptiveMaxPool3d(input: TensorInput, options: AdaptiveMaxPool3dOptions & ReturnIndices): MaxPoolResult | MaxPoolValues;

/**
 * The gradient of 1-D adaptive max pooling with respect to its input: each `gradOutput` element
 * is added to the input element its window chose (`indices`).
 * @param gradOutput - the upstream gradient, with the forward output's shape
 * @param indices - the forward's `indices`
 * @param inputShape - the forward input's shape
 * @param options - the forward's options
 * @returns the input gradient, shape `inputShape`
 * @throws TypeError for a wrong argument type; RangeError for a configuration, shape or index the core rejects
 */
export function adaptiveMaxPool1dBackward(gradOutput: TensorInput, indices: Int32TensorInput, inputShape: readonly number[], options: AdaptiveMaxPool1dOptions & ReturnIndices): Tensor;
/**
 * The gradient of 2-D adaptive max pooling with respect to its input (see {@link adaptiveMaxPool1dBackward}).
 * @param gradOutput - the upstream gradient, with the forward output's shape
 * @param indices - the forward's `indices`
 * @param inputShape - the forward input's shape
 * @param options - the forward's options
 * @returns the input gradient, shape `inputShape`
 * @throws TypeError for a wrong argument type; RangeError for a configuration, shape or index the core rejects
 */
export function adaptiveMaxPool2dBackward(gradOutput: TensorInput, indices: Int32TensorInput, inputShape: readonly number[], options: AdaptiveMaxPool2dOptions & ReturnIndices): Tensor;
/**
 * The gradient of 3-D adaptive max pooling with respect to its input (see {@link adaptiveMaxPool1dBackward}).
 * @param gradOutput - the upstream gradient, with the forward output's shape
 * @param indices - the forward's `indices`
 * @param inputShape - the forward input's shape
 * @param options - the forward's options
 * @returns the input gradient, shape `inputShape`
 * @throws TypeError for a wrong argument type; RangeError for a configuration, shape or index the core rejects
 */
export function adaptiveMaxPool3dBackward(gradOutput: TensorInput, indices: Int32TensorInput, inputShape: readonly number[], options: AdaptiveMaxPool3dOptions & ReturnIndices): Tensor;

/**
 * 1-D adaptive average pooling, as `torch.nn.functional.adaptive_avg_pool1d`.
 * @param input - shape `(N, C, L)` or `(C, L)`
 * @param options - `outputSize` (required)
 * @returns the pooled output
 * @throws TypeError for a wrong argument type; RangeError for a configuration the core rejects
 */
export function adaptiveAvgPool1d(input: TensorInput, options: AdaptiveAvgPool1dOptions): Tensor;
/**
 * 2-D adaptive average pooling, as `torch.nn.functional.adaptive_avg_pool2d`.
 * @param input - shape `(N, C, H, W)` or `(C, H, W)`
 * @param options - `outputSize` (required)
 * @returns the pooled output
 * @throws TypeError for a wrong argument type; RangeError for a configuration the core rejects
 */
export function adaptiveAvgPool2d(input: TensorInput, options: AdaptiveAvgPool2dOptions): Tensor;
/**
 * 3-D adaptive average pooling, as `torch.nn.functional.adaptive_avg_pool3d`.
 * @param input - shape `(N, C, D, H, W)` or `(C, D, H, W)`
 * @param options - `outputSize` (required)
 * @returns the pooled output
 * @throws TypeError for a wrong argument type; RangeError for a configuration the core rejects
 */
export function adaptiveAvgPool3d(input: TensorInput, options: AdaptiveAvgPool3dOptions): Tensor;

/**
 * The gradient of 1-D adaptive average pooling with respect to its input: each `gradOutput`
 * element, divided by its window's size, is added to every input element of its window.
 * @param gradOutput - the upstream gradient, with the forward output's shape
 * @param inputShape - the forward input's shape
 * @param options - the forward's options
 * @returns the input gradient, shape `inputShape`
 * @throws TypeError for a wrong argument type; RangeError for a configuration or shape the core rejects
 */
export function adaptiveAvgPool1dBackward(gradOutput: TensorInput, inputShape: readonly number[], options: AdaptiveAvgPool1dOptions): Tensor;
/**
 * The gradient of 2-D adaptive average pooling with respect to its input (see {@link adaptiveAvgPool1dBackward}).
 * @param gradOutput - the upstream gradient, with the forward output's shape
 * @param inputShape - the forward input's shape
 * @param options - the forward's options
 * @returns the input gradient, shape `inputShape`
 * @throws TypeError for a wrong argument type; RangeError for a configuration or shape the core rejects
 */
export function adaptiveAvgPool2dBackward(gradOutput: TensorInput, inputShape: readonly number[], options: AdaptiveAvgPool2dOptions): Tensor;
/**
 * The gradient of 3-D adaptive average pooling with respect to its input (see {@link adaptiveAvgPool1dBackward}).
 * @param gradOutput - the upstream gradient, with the forward output's shape
 * @param inputShape - the forward input's shape
 * @param options - the forward's options
 * @returns the input gradient, shape `inputShape`
 * @throws TypeError for a wrong argument type; RangeError for a configuration or shape the core rejects
 */
export function adaptiveAvgPool3dBackward(gradOutput: TensorInput, inputShape: readonly number[], options: AdaptiveAvgPool3dOptions): Tensor;

/**
 * 1-D LP pooling, as `torch.nn.functional.lp_pool1d(input, norm_type, kernel_size, stride, ceil_mode)`.
 * @param input - shape `(N, C, L)` or `(C, L)`
 * @param options - `normType` and `kernelSize` (required), `stride`, `ceilMode`
 * @returns the pooled output
 * @throws TypeError for a wrong argument type; RangeError for a configuration the core rejects
 */
export function lpPool1d(input: TensorInput, options: LpPool1dOptions): Tensor;
/**
 * 2-D LP pooling, as `torch.nn.functional.lp_pool2d(input, norm_type, kernel_size, stride, ceil_mode)`.
 * @param input - shape `(N, C, H, W)` or `(C, H, W)`
 * @param options - `normType` and `kernelSize` (required), `stride`, `ceilMode`
 * @returns the pooled output
 * @throws TypeError for a wrong argument type; RangeError for a configuration the core rejects
 */
export function lpPool2d(input: TensorInput, options: LpPool2dOptions): Tensor;
/**
 * 3-D LP pooling, as `torch.nn.functional.lp_pool3d(input, norm_type, kernel_size, stride, ceil_mode)`.
 * @param input - shape `(N, C, D, H, W)` or `(C, D, H, W)`
 * @param options - `normType` and `kernelSize` (required), `stride`, `ceilMode`
 * @returns the pooled output
 * @throws TypeError for a wrong argument type; RangeError for a configuration the core rejects
 */
export function lpPool3d(input: TensorInput, options: LpPool3dOptions): Tensor;

/**
 * The gradient of 1-D LP pooling with respect to its input, as PyTorch's autograd computes it
 * (0 or NaN where PyTorch gives 0 or NaN, e.g. a window whose sum of powers is 0). It depends on
 * the input's values, so it takes the forward's input (not only its shape).
 * @param gradOutput - the upstream gradient, with the forward output's shape
 * @param input - the forward's input
 * @param options - the forward's options
 * @returns the input gradient, shape `input.shape`
 * @throws TypeError for a wrong argument type; RangeError for a configuration or shape the core rejects
 */
export function lpPool1dBackward(gradOutput: TensorInput, input: TensorInput, options: LpPool1dOptions): Tensor;
/**
 * The gradient of 2-D LP pooling with respect to its input (see {@link lpPool1dBackward}).
 * @param gradOutput - the upstream gradient, with the forward output's shape
 * @param input - the forward's input
 * @param options - the forward's options
 * @returns the input gradient, shape `input.shape`
 * @throws TypeError for a wrong argument type; RangeError for a configuration or shape the core rejects
 */
export function lpPool2dBackward(gradOutput: TensorInput, input: TensorInput, options: LpPool2dOptions): Tensor;
/**
 * The gradient of 3-D LP pooling with respect to its input (see {@link lpPool1dBackward}).
 * @param gradOutput - the upstream gradient, with the forward output's shape
 * @param input - the forward's input
 * @param options - the forward's options
 * @returns the input gradient, shape `input.shape`
 * @throws TypeError for a wrong argument type; RangeError for a configuration or shape the core rejects
 */
export function lpPool3dBackward(gradOutput: TensorInput, input: TensorInput, options: LpPool3dOptions): Tensor;

/**
 * 1-D max unpooling, as `torch.nn.functional.max_unpool1d`: a zero output with each input
 * element written to the cell its index names (within its own `(N, C)` plane).
 * @param input - the pooled values, shape `(N, C, L)` or `(C, L)`
 * @param indices - where each goes (a max pooling's `indices`), the input's shape
 * @param options - the max pooling's `kernelSize` (required), `stride`, `padding`, and `outputSize`
 * @returns the unpooled output
 * @throws TypeError for a wrong argument type; RangeError for a configuration or an index (outside its plane) the core rejects
 */
export function maxUnpool1d(input: TensorInput, indices: Int32TensorInput, options: MaxUnpool1dOptions): Tensor;
/**
 * 2-D max unpooling, as `torch.nn.functional.max_unpool2d` (see {@link maxUnpool1d}).
 * @param input - the pooled values, shape `(N, C, H, W)` or `(C, H, W)`
 * @param indices - where each goes (a max pooling's `indices`), the input's shape
 * @param options - the max pooling's `kernelSize` (required), `stride`, `padding`, and `outputSize`
 * @returns the unpooled output
 * @throws TypeError for a wrong argument type; RangeError for a configuration or an index the core rejects
 */
export function maxUnpool2d(input: TensorInput, indices: Int32TensorInput, options: MaxUnpool2dOptions): Tensor;
/**
 * 3-D max unpooling, as `torch.nn.functional.max_unpool3d` (see {@link maxUnpool1d}).
 * @param input - the pooled values, shape `(N, C, D, H, W)` or `(C, D, H, W)`
 * @param indices - where each goes (a max pooling's `indices`), the input's shape
 * @param options - the max pooling's `kernelSize` (required), `stride`, `padding`, and `outputSize`
 * @returns the unpooled output
 * @throws TypeError for a wrong argument type; RangeError for a configuration or an index the core rejects
 */
export function maxUnpool3d(input: TensorInput, indices: Int32TensorInput, options: MaxUnpool3dOptions): Tensor;

/**
 * The gradient of 1-D max unpooling with respect to its input: each input element reads the
 * `gradOutput` element of the cell it was written to (a gather). The input's shape is the
 * indices' shape, so no input shape is passed.
 * @param gradOutput - the upstream gradient, with the unpooled output's shape
 * @param indices - the forward's `indices`
 * @param options - the forward's options
 * @returns the input gradient, shape `indices.shape`
 * @throws TypeError for a wrong argument type; RangeError for a configuration, shape or index the core rejects
 */
export function maxUnpool1dBackward(gradOutput: TensorInput, indices: Int32TensorInput, options: MaxUnpool1dOptions): Tensor;
/**
 * The gradient of 2-D max unpooling with respect to its input (see {@link maxUnpool1dBackward}).
 * @param gradOutput - the upstream gradient, with the unpooled output's shape
 * @param indices - the forward's `indices`
 * @param options - the forward's options
 * @returns the input gradient, shape `indices.shape`
 * @throws TypeError for a wrong argument type; RangeError for a configuration, shape or index the core rejects
 */
export function maxUnpool2dBackward(gradOutput: TensorInput, indices: Int32TensorInput, options: MaxUnpool2dOptions): Tensor;
/**
 * The gradient of 3-D max unpooling with respect to its input (see {@link maxUnpool1dBackward}).
 * @param gradOutput - the upstream gradient, with the unpooled output's shape
 * @param indices - the forward's `indices`
 * @param options - the forward's options
 * @returns the input gradient, shape `indices.shape`
 * @throws TypeError for a wrong argument type; RangeError for a configuration, shape or index the core rejects
 */
export function maxUnpool3dBackward(gradOutput: TensorInput, indices: Int32TensorInput, options: MaxUnpool3dOptions): Tensor;

/**
 * 2-D fractional max pooling, as `torch.nn.functional.fractional_max_pool2d(..., return_indices=True)`,
 * with PyTorch's `_random_samples` as `randomSamples` or, without them, samples drawn from `seed`.
 * @param input - shape `(N, C, H, W)` or `(C, H, W)`
 * @param options - `kernelSize` (required), `outputSize` or `outputRatio`, `randomSamples` or `seed`
 * @returns the output and the argmax indices (for {@link fractionalMaxPool2dBackward})
 * @throws TypeError for a wrong argument type; RangeError for a configuration or samples the core rejects
 */
export function fractionalMaxPool2d(input: TensorInput, options: FractionalMaxPool2dOptions & WithIndices): MaxPoolResult;
/** {@inheritDoc (fractionalMaxPool2d:1)} With `returnIndices: false`: the output alone. */
export function fractionalMaxPool2d(input: TensorInput, options: FractionalMaxPool2dOptions & ValuesOnly): MaxPoolValues;
/** {@inheritDoc (fractionalMaxPool2d:1)} For options whose `returnIndices` is not known statically. */
export function fractionalMaxPool2d(input: TensorInput, options: FractionalMaxPool2dOptions & ReturnIndices): MaxPoolResult | MaxPoolValues;
/**
 * 3-D fractional max pooling, as `torch.nn.functional.fractional_max_pool3d(..., return_indices=True)`
 * (see {@link fractionalMaxPool2d}).
 * @param input - shape `(N, C, D, H, W)` or `(C, D, H, W)`
 * @param options - `kernelSize` (required), `outputSize` or `outputRatio`, `randomSamples` or `seed`
 * @returns the output and the argmax indices (for {@link fractionalMaxPool3dBackward})
 * @throws TypeError for a wrong argument type; RangeError for a configuration or samples the core rejects
 */
export function fractionalMaxPool3d(input: TensorInput, options: FractionalMaxPool3dOptions & WithIndices): MaxPoolResult;
/** {@inheritDoc (fractionalMaxPool3d:1)} With `returnIndices: false`: the output alone. */
export function fractionalMaxPool3d(input: TensorInput, options: FractionalMaxPool3dOptions & ValuesOnly): MaxPoolValues;
/** {@inheritDoc (fractionalMaxPool3d:1)} For options whose `returnIndices` is not known statically. */
export function fractionalMaxPool3d(input: TensorInput, options: FractionalMaxPool3dOptions & ReturnIndices): MaxPoolResult | MaxPoolValues;

/**
 * The gradient of 2-D fractional max pooling with respect to its input: each `gradOutput`
 * element is added to the input element its window chose. The indices say where the windows
 * were, so `randomSamples` and `seed` in the options are read but not needed.
 * @param gradOutput - the upstream gradient, with the forward output's shape
 * @param indices - the forward's `indices`
 * @param inputShape - the forward input's shape
 * @param options - the forward's options
 * @returns the input gradient, shape `inputShape`
 * @throws TypeError for a wrong argument type; RangeError for a configuration, shape or index the core rejects
 */
export function fractionalMaxPool2dBackward(gradOutput: TensorInput, indices: Int32TensorInput, inputShape: readonly number[], options: FractionalMaxPool2dOptions & ReturnIndices): Tensor;
/**
 * The gradient of 3-D fractional max pooling with respect to its input (see {@link fractionalMaxPool2dBackward}).
 * @param gradOutput - the upstream gradient, with the forward output's shape
 * @param indices - the forward's `indices`
 * @param inputShape - the forward input's shape
 * @param options - the forward's options
 * @returns the input gradient, shape `inputShape`
 * @throws TypeError for a wrong argument type; RangeError for a configuration, shape or index the core rejects
 */
export function fractionalMaxPool3dBackward(gradOutput: TensorInput, indices: Int32TensorInput, inputShape: readonly number[], options: FractionalMaxPool3dOptions & ReturnIndices): Tensor;

/**
 * Global max pooling: adaptive max pooling to size 1 in every spatial dimension (one window per
 * `(N, C)` plane, the whole plane), as `adaptive_max_pool{1,2,3}d(input, 1, return_indices=True)`.
 * @param input - batched `(N, C, ...spatial)` (1 to 3 spatial dimensions), or unbatched with `dims`
 * @param options - `dims` (default: rank - 2), `returnIndices`
 * @returns the output (spatial sizes 1) and the argmax indices (for {@link globalMaxPoolBackward})
 * @throws TypeError for a wrong argument type; RangeError for an input or `dims` the core rejects
 */
export function globalMaxPool(input: TensorInput, options?: GlobalPoolOptions & WithIndices): MaxPoolResult;
/** {@inheritDoc (globalMaxPool:1)} With `returnIndices: false`: the output alone. */
export function globalMaxPool(input: TensorInput, options: GlobalPoolOptions & ValuesOnly): MaxPoolValues;
/** {@inheritDoc (globalMaxPool:1)} For options whose `returnIndices` is not known statically. */
export function globalMaxPool(input: TensorInput, options: GlobalPoolOptions & ReturnIndices): MaxPoolResult | MaxPoolValues;
/**
 * The gradient of global max pooling: each plane's `gradOutput` goes to its maximum.
 * @param gradOutput - the upstream gradient, with the forward output's shape
 * @param indices - the forward's `indices`
 * @param inputShape - the forward input's shape
 * @param options - the forward's options (`dims` for an unbatched input)
 * @returns the input gradient, shape `inputShape`
 * @throws TypeError for a wrong argument type; RangeError for a shape or index the core rejects
 */
export function globalMaxPoolBackward(gradOutput: TensorInput, indices: Int32TensorInput, inputShape: readonly number[], options?: GlobalPoolOptions & ReturnIndices): Tensor;
/**
 * Global average pooling: the mean of every `(N, C)` plane, as `adaptive_avg_pool{1,2,3}d(input, 1)`
 * (the last pooling of most image classifiers).
 * @param input - batched `(N, C, ...spatial)` (1 to 3 spatial dimensions), or unbatched with `dims`
 * @param options - `dims` (default: rank - 2)
 * @returns the output, spatial sizes 1
 * @throws TypeError for a wrong argument type; RangeError for an input or `dims` the core rejects
 */
export function globalAvgPool(input: TensorInput, options?: GlobalPoolOptions): Tensor;
/**
 * The gradient of global average pooling: each plane's `gradOutput` divided by the plane's size,
 * at every element of the plane.
 * @param gradOutput - the upstream gradient, with the forward output's shape
 * @param inputShape - the forward input's shape
 * @param options - the forward's options (`dims` for an unbatched input)
 * @returns the input gradient, shape `inputShape`
 * @throws TypeError for a wrong argument type; RangeError for a shape the core rejects
 */
export function globalAvgPoolBackward(gradOutput: TensorInput, inputShape: readonly number[], options?: GlobalPoolOptions): Tensor;

/** The name of a pooling function, as `options.op` of {@link routingCounts}, {@link outputShape} and {@link poolWindows}. */
export type PoolOp = PoolOpOptions['op'];

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
/** Options of the poolings whose routing has divisors (average, adaptive average, global average), plus `op`. */
export type DivisorPoolOpOptions =
  | AvgPoolOpOptions
  | ({ op: 'adaptiveAvgPool1d' } & AdaptiveAvgPool1dOptions)
  | ({ op: 'adaptiveAvgPool2d' } & AdaptiveAvgPool2dOptions)
  | ({ op: 'adaptiveAvgPool3d' } & AdaptiveAvgPool3dOptions)
  | ({ op: 'globalAvgPool' } & GlobalPoolOptions);
/**
 * Options of max unpooling plus `op`. {@link routingCounts} and {@link poolWindows} also need
 * its `indices` (where each input element goes); {@link outputShape} does not.
 */
export type MaxUnpoolOpOptions =
  | ({ op: 'maxUnpool1d'; indices?: Int32TensorInput | undefined } & MaxUnpool1dOptions)
  | ({ op: 'maxUnpool2d'; indices?: Int32TensorInput | undefined } & MaxUnpool2dOptions)
  | ({ op: 'maxUnpool3d'; indices?: Int32TensorInput | undefined } & MaxUnpool3dOptions);
/** Options of the poolings whose routing has no divisors, plus `op`. */
export type NoDivisorPoolOpOptions =
  | MaxPoolOpOptions
  | ({ op: 'adaptiveMaxPool1d' } & AdaptiveMaxPool1dOptions & ReturnIndices)
  | ({ op: 'adaptiveMaxPool2d' } & AdaptiveMaxPool2dOptions & ReturnIndices)
  | ({ op: 'adaptiveMaxPool3d' } & AdaptiveMaxPool3dOptions & ReturnIndices)
  | ({ op: 'lpPool1d' } & LpPool1dOptions)
  | ({ op: 'lpPool2d' } & LpPool2dOptions)
  | ({ op: 'lpPool3d' } & LpPool3dOptions)
  | MaxUnpoolOpOptions
  | ({ op: 'fractionalMaxPool2d' } & FractionalMaxPool2dOptions & ReturnIndices)
  | ({ op: 'fractionalMaxPool3d' } & FractionalMaxPool3dOptions & ReturnIndices)
  | ({ op: 'globalMaxPool' } & GlobalPoolOptions & ReturnIndices);
/** Any pooling function's options plus its name in `op`. */
export type PoolOpOptions = NoDivisorPoolOpOptions | DivisorPoolOpOptions;

/** {@link routingCounts} of a max pooling. */
export interface MaxRoutingCounts {
  /**
   * The position matrix, shape of the input: for each input element, the number of windows that
   * route gradient to it (max-type: the windows it wins; average, adaptive average, LP: the
   * windows containing it). Max unpooling: shape of the OUTPUT, how many input elements are
   * written to each output cell.
   */
  counts: Int32Tensor;
  /**
   * N_B: the number of windows (output elements) in one `(N, C)` plane. For loss = mean of the
   * output, the input gradient of a max-type pooling is `counts / (N * C * windowsPerPlane)`.
   */
  windowsPerPlane: number;
}

/** {@link routingCounts} of an average or adaptive average pooling: also the divisor of every window. */
export interface AvgRoutingCounts extends MaxRoutingCounts {
  /**
   * B_c: the divisor of each window of one plane (the same in every plane), shape = the output's
   * spatial shape. It follows `countIncludePad`, `ceilMode` and `divisorOverride` (adaptive: the
   * window's size).
   */
  divisors: Tensor;
}

/**
 * The tutorial's position matrix and its normalisation: how many windows route gradient to each
 * input element, the windows per plane N_B, and (average and adaptive average pooling) each
 * window's divisor. Per op, `counts` holds: max-type poolings (max, adaptive max, fractional
 * max, global max) the windows each input element wins; average, adaptive average and LP the
 * windows containing each input element; max unpooling, in the OUTPUT's shape, how many input
 * elements are written to each output cell (pass its `indices` in the options).
 * @param input - the pooling input (max-type poolings need its values to know the winners)
 * @param options - the pooling options plus `op`, e.g. `{ op: 'maxPool2d', kernelSize: 2, stride: 1 }`
 * @throws TypeError for a wrong argument type; RangeError for a configuration the core rejects
 */
export function routingCounts(input: TensorInput, options: NoDivisorPoolOpOptions): MaxRoutingCounts;
/** {@inheritDoc (routingCounts:1)} Average and adaptive average pooling: the result also holds each window's `divisors`. */
export function routingCounts(input: TensorInput, options: DivisorPoolOpOptions): AvgRoutingCounts;
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
 * ceil mode; adaptive `[floor(i*In/Out), ceil((i+1)*In/Out))`; fractional interval sequences):
 * for explanations, highlighting and step-through. The same for every `(N, C)` plane, except:
 * fractional max pooling lists the first plane's windows (each plane has its own samples), and
 * max unpooling, given its `indices`, lists one "window" per input element of the first plane,
 * whose one cell is the OUTPUT cell that element is written to.
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

// --- onnx ---

/**
 * An ONNX tensor as `onnx.*` accepts it: `data` row-major, `shape` `(N, C, D1, ..., Dn)` with
 * n = 1 to 3 spatial dimensions (ONNX's pooling operators are always batched).
 */
export interface OnnxTensorInput<T extends Float32Array | Uint8Array | Int8Array | BigInt64Array = Float32Array> {
  readonly data: T;
  readonly shape: readonly number[];
}

/** An ONNX tensor as `onnx.*` returns it: fresh arrays owned by the caller. */
export interface OnnxTensor<T extends Float32Array | Uint8Array | Int8Array | BigInt64Array = Float32Array> {
  data: T;
  shape: number[];
}

/** ONNX's `auto_pad` (deprecated in the spec, still accepted): how the padding is chosen. */
export type OnnxAutoPad = 'NOTSET' | 'SAME_UPPER' | 'SAME_LOWER' | 'VALID';

/**
 * The attributes of ONNX's sliding-window pooling operators, verbatim (snake_case, opset 22).
 * Lists have one entry per spatial dimension of X (pads two: `[x1_begin, x2_begin, ...,
 * x1_end, x2_end, ...]`); INT attributes are JS integers. Unknown names are a `TypeError`.
 */
export interface OnnxPoolAttributes {
  /** Required: the window size per spatial axis, each at least 1. */
  readonly kernel_shape: readonly number[];
  /** Default 1s. */
  readonly strides?: readonly number[];
  /** Default 1s. The window's taps are `dilations` apart. */
  readonly dilations?: readonly number[];
  /**
   * Default 0s. Begins then ends; each at most the dilated window's extent less one,
   * `(k - 1)·d`. Must not be given with `auto_pad` other than `'NOTSET'`.
   */
  readonly pads?: readonly number[];
  /**
   * Default `'NOTSET'` (explicit `pads`). `'SAME_UPPER'` / `'SAME_LOWER'`: output
   * `ceil(in / stride)`, total pad `max(0, (out - 1)·s + (k - 1)·d + 1 - in)`, an odd cell at the
   * end (UPPER) or the beginning (LOWER). `'VALID'`: no padding.
   */
  readonly auto_pad?: OnnxAutoPad;
  /**
   * Default 0. 1: output `ceil((in + pads - (k - 1)·d - 1) / s) + 1`, less one if the last window
   * would start in the end padding. (With `auto_pad` the spec's floor and ceil sizes agree.)
   */
  readonly ceil_mode?: 0 | 1;
}

/** `onnx.MaxPool`'s attributes. */
export interface OnnxMaxPoolAttributes extends OnnxPoolAttributes {
  /** Default 0: Indices' offset within a plane is row-major; 1: column-major. */
  readonly storage_order?: 0 | 1;
}

/** `onnx.AveragePool`'s attributes. */
export interface OnnxAveragePoolAttributes extends OnnxPoolAttributes {
  /**
   * Default 0: divide by the window's input elements. 1: divide by its taps that lie in
   * `[-pad_begin, in + pad_end)` (padding counts, a `ceil_mode` overhang past the end padding
   * does not: what ONNX's test data and ONNX Runtime compute).
   */
  readonly count_include_pad?: 0 | 1;
}

/** `onnx.LpPool`'s attributes. */
export interface OnnxLpPoolAttributes extends OnnxPoolAttributes {
  /** Default 2: the norm's order, an integer at least 1. */
  readonly p?: number;
}

/** `onnx.MaxUnpool`'s attributes (no dilations, no auto_pad). */
export interface OnnxMaxUnpoolAttributes {
  readonly kernel_shape: readonly number[];
  readonly strides?: readonly number[];
  readonly pads?: readonly number[];
}

/** The element types MaxPool accepts; Y has X's type. */
export type OnnxMaxPoolData = Float32Array | Uint8Array | Int8Array;

/**
 * ONNX's pooling operators (opset 22), forward and backward, on poolgrad's core. Results match
 * ONNX's backend test data (tests/onnx). Shapes are `(N, C, D1..Dn)`, n = 1..3. `Indices` and
 * MaxUnpool's `I` are int64 flat over the WHOLE tensor, `(n·C + c)·plane + offset`. Each
 * `.backward` gives dL/dX for an upstream gradient dL/dY (what a training runtime computes).
 * The rules, with ONNX's sources: https://github.com/poolgrad/poolgrad/blob/main/docs/onnx.md
 *
 * NaN and empty windows: MaxPool never picks NaN (ONNX's test generator drops NaNs; ONNX
 * Runtime and ONNX's reference MaxPool skip a NaN too, except when it is the window's FIRST
 * element, where they return NaN and we return the largest other element). A window with no
 * element (only padding, or only NaN) gives the lowest value of X's type (float32
 * -3.4028234663852886e38, uint8 0, int8 -128, as ONNX Runtime) and index -1. GlobalMaxPool is
 * numpy's max as in ONNX's reference: NaN propagates (PyTorch's rule: the last NaN of a plane is its argmax).
 *
 * @throws TypeError for an argument of the wrong JS type (a wrong array type, an unknown
 *   attribute, a missing kernel_shape); RangeError (with `.param`, the ONNX name, and `.code`)
 *   for a value ONNX or the core rejects, e.g. `onnx.MaxPool: pads has 3 entries; X has 2
 *   spatial dimensions (a begin and an end each), so pads needs 4`.
 */
export declare const onnx: {
  readonly MaxPool: {
    /** Y: each window's maximum, in X's type; Indices: where it was (int64, whole tensor). */
    <T extends OnnxMaxPoolData>(X: OnnxTensorInput<T>, attributes: OnnxMaxPoolAttributes): {
      Y: OnnxTensor<T>; Indices: OnnxTensor<BigInt64Array>;
    };
    /** dX: dY scattered (added) to the elements `Indices` name (storage_order as in the forward). */
    readonly backward: (dY: OnnxTensorInput, Indices: OnnxTensorInput<BigInt64Array>, xShape: readonly number[],
      attributes: OnnxMaxPoolAttributes) => { dX: OnnxTensor };
  };
  readonly AveragePool: {
    (X: OnnxTensorInput, attributes: OnnxAveragePoolAttributes): { Y: OnnxTensor };
    readonly backward: (dY: OnnxTensorInput, xShape: readonly number[], attributes: OnnxAveragePoolAttributes) => { dX: OnnxTensor };
  };
  readonly LpPool: {
    /** Y: each window's p-norm `(Σ|x|^p)^(1/p)` (padding reads as 0). */
    (X: OnnxTensorInput, attributes: OnnxLpPoolAttributes): { Y: OnnxTensor };
    readonly backward: (dY: OnnxTensorInput, X: OnnxTensorInput, attributes: OnnxLpPoolAttributes) => { dX: OnnxTensor };
  };
  readonly GlobalMaxPool: {
    (X: OnnxTensorInput): { Y: OnnxTensor };
    /** dX: each plane's dY to its maximum (the first of equal maxima; with NaNs, the last NaN). */
    readonly backward: (dY: OnnxTensorInput, X: OnnxTensorInput) => { dX: OnnxTensor };
  };
  readonly GlobalAveragePool: {
    (X: OnnxTensorInput): { Y: OnnxTensor };
    readonly backward: (dY: OnnxTensorInput, xShape: readonly number[]) => { dX: OnnxTensor };
  };
  readonly MaxUnpool: {
    /**
     * output: X[i] written at I[i] of the inferred shape `(N, C, (D - 1)·s - pads + k)`, then
     * zero-filled at the end of each axis up to `outputShape` (the full shape, N and C included,
     * each entry at least the inferred one) when given: ONNX's reference and its test
     * `test_maxunpool_export_with_output_shape` (ONNX Runtime instead reads I against
     * `outputShape`). Each I[i] must lie in its own (n, c) plane.
     */
    (X: OnnxTensorInput, I: OnnxTensorInput<BigInt64Array>, outputShape: readonly number[] | BigInt64Array | undefined,
      attributes: OnnxMaxUnpoolAttributes): { output: OnnxTensor };
    /** dX[i] = dOutput at the cell I[i] names; dOutput has the forward's output shape. */
    readonly backward: (dOutput: OnnxTensorInput, I: OnnxTensorInput<BigInt64Array>, xShape: readonly number[],
      outputShape: readonly number[] | BigInt64Array | undefined, attributes: OnnxMaxUnpoolAttributes) => { dX: OnnxTensor };
  };
};

// --- tensorflow ---

/** TensorFlow's padding: `'SAME'`, `'VALID'`, or explicit `[before, after]` pairs (maxPool, 1-D and 2-D only). */
export type TensorflowPadding =
  | 'SAME'
  | 'VALID'
  | ReadonlyArray<readonly [number, number]>;

/** TensorFlow's channels-last (default) or channels-first layouts, by spatial rank. */
export type TensorflowDataFormat = 'NHWC' | 'NWC' | 'NDHWC' | 'NCHW' | 'NCW' | 'NCDHW';

/**
 * The options of TensorFlow's pooling ops. `ksize` and `strides`: an int, a list of 1 or one
 * entry per spatial axis, or TensorFlow's full list (1 at the batch and channel positions); both
 * required, as in TensorFlow. SAME: `out = ceil(in / s)`, an odd extra padding goes at the end.
 */
export interface TensorflowPoolOptions {
  ksize: number | readonly number[];
  strides: number | readonly number[];
  padding: TensorflowPadding;
  /** Default channels last: `'NHWC'` (`'NWC'`, `'NDHWC'` for 1-D and 3-D are accepted too). */
  dataFormat?: TensorflowDataFormat;
}

/** `tf.nn.max_pool_with_argmax`'s options: NHWC only, `'SAME'` or `'VALID'`. */
export interface TensorflowArgmaxOptions {
  ksize: number | readonly number[];
  strides: number | readonly number[];
  padding: 'SAME' | 'VALID';
  /** Default false: the index is within one batch element. */
  includeBatchInIndex?: boolean;
}

/** An int64 tensor: TensorFlow's argmax. */
export interface BigInt64Tensor {
  data: BigInt64Array;
  shape: number[];
}

/**
 * TensorFlow's pooling ops with TensorFlow's semantics. Inputs are batched, rank 3/4/5 for
 * 1-D/2-D/3-D pooling, NHWC by default. Max pooling skips NaN (a window of NaN only gives -inf);
 * average pooling divides by the input elements in each window. The rules, with TensorFlow's
 * sources: https://github.com/poolgrad/poolgrad/blob/main/docs/tensorflow.md
 */
export const tensorflow: Readonly<{
  /** `tf.nn.max_pool`. */
  maxPool(input: TensorInput, options: TensorflowPoolOptions): Tensor;
  /** `tf.nn.avg_pool` (`'SAME'` or `'VALID'` only). */
  avgPool(input: TensorInput, options: TensorflowPoolOptions): Tensor;
  /**
   * `tf.nn.max_pool_with_argmax` on a 4-D NHWC input: argmax `((b·H + y)·W + x)·C + c`, the
   * batch term only with `includeBatchInIndex`; -1 for a window of NaN only.
   */
  maxPoolWithArgmax(input: TensorInput, options: TensorflowArgmaxOptions): { output: Tensor; argmax: BigInt64Tensor };
  /** `tf.raw_ops.MaxPoolGrad`: each window's gradient to its first maximum in origInput. */
  maxPoolGrad(origInput: TensorInput, origOutput: TensorInput, grad: TensorInput, options: TensorflowPoolOptions): Tensor;
  /** `tf.raw_ops.AvgPoolGrad`: the exact transpose of avgPool. */
  avgPoolGrad(origInputShape: readonly number[], grad: TensorInput, options: TensorflowPoolOptions): Tensor;
}>;
