/**
 * poolgrad/widget: the `<pool-grad>` custom element, an interactive view of max and average
 * pooling, forward and backward, with every number computed by the poolgrad library.
 *
 * Importing the module defines `<pool-grad>` (once) and does nothing else. The contract (the
 * attributes, the test hooks, the behaviour):
 * https://github.com/poolgrad/poolgrad/blob/main/web/widget/README-contract.md
 *
 * @example
 * ```ts
 * import 'poolgrad/widget';
 * const el = document.createElement('pool-grad');
 * el.state = { op: 'avg', kernelSize: [3], stride: [1] };
 * el.addEventListener('poolgrad-change', (e) => console.log(e.detail.results?.gradInput));
 * document.body.append(el);
 * await el.ready;
 * ```
 * @packageDocumentation
 */

/** The parts of the element that can be shown or hidden (the `show` list). */
export type PoolGradPart =
  | 'controls' | 'formulas' | 'steps' | 'input' | 'output' | 'grad-output' | 'grad-input' | 'counts' | 'indices' | 'explain'
  | 'chapters' | 'practice';

/** A number of a state as JSON: non-finite values are the strings `nan`, `inf`, `-inf`. */
export type PoolGradNumber = number | 'nan' | 'inf' | '-inf';

/** The operations: PyTorch's pooling family (https://github.com/poolgrad/poolgrad/blob/main/web/widget/ops.js). */
export type PoolGradOp =
  | 'max' | 'avg' | 'adaptive-max' | 'adaptive-avg' | 'lp' | 'fractional-max' | 'max-unpool' | 'global-max' | 'global-avg';

/** The element's state, as read from {@link PoolGradElement.state} (a JSON-serializable copy). */
export interface PoolGradState {
  /** The pooling operation. */
  op: PoolGradOp;
  /** Spatial dimensions: 1-D, 2-D or 3-D pooling (fractional: 2-D or 3-D). */
  dims: 1 | 2 | 3;
  /** Adaptive and fractional pooling's output size: one for every dimension or one per dimension; `null` (adaptive) keeps that input size. */
  outputSize: (number | null)[];
  /** LP pooling's p (`norm_type`); `'inf'` / `'-inf'` in JSON. */
  normType: PoolGradNumber;
  /** Fractional pooling's output as a fraction of the input, in (0, 1); `null` = use `outputSize`. */
  outputRatio: number[] | null;
  /** Fractional pooling's random samples, flat (N, C, dims) in PyTorch's order; `null` = drawn from `sampleSeed`. */
  samples: number[] | null;
  /** The seed fractional pooling's samples are drawn from when `samples` is `null`. */
  sampleSeed: number;
  /** One value for every dimension, or one per dimension (so do stride, padding, dilation). */
  kernelSize: number[];
  stride: number[];
  padding: number[];
  /** Max pooling only. */
  dilation: number[];
  ceilMode: boolean;
  /** Average pooling only. */
  countIncludePad: boolean;
  /** Average pooling only; `null` = none. */
  divisorOverride: number | null;
  /** The spatial input size, one number per dimension, each 1..64. */
  size: number[];
  /** Channels C, 1..16. */
  channels: number;
  /** Batch N, 1..16. */
  batch: number;
  /** The (n, c) plane shown: n * channels + c. */
  plane: number;
  /**
   * The whole input, flat row-major (N, C, ...size); `null` = the preset's values when its size
   * matches, else values from `seed`.
   */
  input: PoolGradNumber[] | null;
  /** The upstream gradient: loss = mean(y), loss = sum(y), or `gradValues`. */
  grad: 'mean' | 'sum' | 'custom';
  /** dL/dy for the whole output, flat, with `grad: 'custom'`; else `null`. */
  gradValues: PoolGradNumber[] | null;
  seed: number;
  /** The preset the state is; `''` once it is changed by hand (custom). */
  preset: '' | 'tutorial' | 'ties' | 'special' | 'overlap' | 'padding-only'
    | 'adaptive-avg-2' | 'adaptive-avg-4' | 'adaptive-max' | 'lp' | 'fractional' | 'unpool' | 'global-avg' | 'global-max'
    | PoolGradComparePreset;
  lang: 'auto' | 'en' | 'zh';
  theme: 'auto' | 'light' | 'dark';
  show: PoolGradPart[];
  /** The tutorial's chapter (1..6); given without a preset (attribute, URL) it opens the chapter's view. */
  chapter: 1 | 2 | 3 | 4 | 5 | 6;
  /** Practice mode: predict dL/dx or the position matrix P (coverage C for average pooling), then check. */
  practice: 'off' | 'grad-input' | 'positions';
  /** The comparison view: the frameworks shown side by side, in this order; `[]` = off (the single view). */
  compare: PoolGradFramework[];
  /** ONNX's auto_pad; `NOTSET`: the explicit pads `onnxPads`. */
  onnxAutoPad: 'NOTSET' | 'SAME_UPPER' | 'SAME_LOWER' | 'VALID';
  /** ONNX's pads, 2·dims integers [begins..., ends...]; `null` = the state's padding on both sides. */
  onnxPads: number[] | null;
  /** ONNX AveragePool's count_include_pad (ONNX's default 0 = `false`). */
  onnxCountIncludePad: boolean;
  /** TensorFlow's padding; `EXPLICIT` = the state's padding on both sides (TensorFlow's max pooling only). */
  tfPadding: 'VALID' | 'SAME' | 'EXPLICIT';
}

/** A framework of the comparison view. */
export type PoolGradFramework = 'pytorch' | 'onnx' | 'tensorflow';

/** The presets of the comparison view: one classic difference between the frameworks each. */
export type PoolGradComparePreset = 'compare-divisor' | 'compare-same' | 'compare-ceil' | 'compare-nan' | 'compare-asymmetric' | 'compare-argmax';

/** One column of the comparison ({@link PoolGradElement.comparison}): the shown (n, c) plane, spatial shapes. */
export interface PoolGradCompareColumn {
  framework: PoolGradFramework;
  /** The options passed to the library, in the framework's names (ONNX: kernel_shape, pads ...; TensorFlow: ksize, padding ...). */
  settings: Record<string, unknown>;
  /** The framework rejects the layer: its message (the other columns still compute). */
  error?: string;
  /** `gradMeanInstead`: the custom dL/dy does not fit this framework's output, so loss = mean is used. */
  note?: string;
  output?: PoolGradTensor;
  gradInput?: PoolGradTensor;
  /** Max pooling: the argmax in the framework's own numbering (PyTorch per plane, ONNX over the whole tensor, TensorFlow NHWC). */
  indices?: PoolGradTensor;
}

/**
 * A sentence of the comparison: why two columns differ
 * (https://github.com/poolgrad/poolgrad/blob/main/web/widget/compare-reasons.js).
 */
export interface PoolGradCompareReason {
  rule: string;
  frameworks: [PoolGradFramework, PoolGradFramework];
  /** Flat positions in the whole tensors: output (in the second framework's output), gradInput, indices. */
  cells: { output: number[]; gradInput: number[]; indices?: number[] };
  text: { en: string; zh: string };
}

/** The comparison view's numbers ({@link PoolGradElement.comparison}). */
export interface PoolGradComparison {
  plane: number;
  /** Why the comparison cannot show this state (an operation other than max/avg, 3-D, or a plane of more than 576 cells), else null. */
  unsupported: 'op' | 'dims' | 'size' | null;
  columns: PoolGradCompareColumn[];
  reasons: PoolGradCompareReason[];
}

/**
 * What {@link PoolGradElement.state} accepts: any subset of the fields; the others are the
 * defaults (or, before the element is connected, its attributes). Numbers of `input` and
 * `gradValues` may be numbers or the strings `nan`, `inf`, `-inf`.
 */
export type PoolGradStateInput = Partial<PoolGradState>;

/** A matrix of results: plain numbers, row-major, with its spatial shape. */
export interface PoolGradTensor {
  data: number[];
  shape: number[];
}

/** The library's numbers for the shown (n, c) plane ({@link PoolGradElement.results}). */
export interface PoolGradResults {
  op: PoolGradOp;
  dims: 1 | 2 | 3;
  plane: number;
  /** The operation's input plane (max unpooling: the pooled plane y, the unpooling's input). */
  input: PoolGradTensor;
  output: PoolGradTensor;
  gradOutput: PoolGradTensor;
  gradInput: PoolGradTensor;
  /** How many windows route gradient to each input element (max unpooling: values written to each output cell, the output's shape). */
  counts: PoolGradTensor;
  /** Argmax-type pooling: each window's argmax, flat within the plane; -1 for a window of padding only. Max unpooling: where each input value is written (the input's shape). */
  indices?: PoolGradTensor;
  /** Max unpooling: the max pooling's input x (its output is `input`). */
  source?: PoolGradTensor;
  /** Fractional max pooling: the plane's random samples. */
  samples?: number[];
  /** Windows per (n, c) plane (N_B). */
  windowsPerPlane: number;
  /** Average-type pooling: each window's divisor B_c. */
  divisors?: PoolGradTensor;
}

/** The detail of `poolgrad-change`, dispatched after every completed render (also the first). */
export interface PoolGradChangeDetail {
  state: PoolGradState;
  /** Copied out of the library's arrays when first read. */
  readonly results: PoolGradResults | null;
}

/**
 * The detail of `poolgrad-error`: a value that could not be read, or the core's message for an
 * invalid combination.
 */
export interface PoolGradErrorDetail {
  /** The attribute key of the control that caused it, or of the parameter the message names. */
  param: string;
  /** The original: exactly the core's (or the value parser's) words, in English. */
  message: string;
  /** The message as the element shows it, in its language (in Chinese: translated by code and parameter). */
  text: string;
  /** The core's short reason, for the core's messages (https://github.com/poolgrad/poolgrad/blob/main/cpp/status.h). */
  code?: string;
}

/** The element's events (both bubble and are composed). */
export interface PoolGradEventMap extends HTMLElementEventMap {
  'poolgrad-change': CustomEvent<PoolGradChangeDetail>;
  'poolgrad-error': CustomEvent<PoolGradErrorDetail>;
}

/** The `<pool-grad>` element. */
export declare class PoolGradElement extends HTMLElement {
  /** The attributes it reads: the URL query keys (`op`, `kernel-size`, ...). */
  static readonly observedAttributes: string[];
  /**
   * Get: a JSON-serializable copy of the last valid state. Set: applies a state through the same
   * checks as the attributes; before the element is connected (or while its core loads) it is
   * kept and applied over the attributes, its fields winning.
   */
  get state(): PoolGradState;
  set state(value: PoolGradStateInput);
  /** The library's numbers for the shown plane; `null` before the first render. */
  readonly results: PoolGradResults | null;
  /** The comparison view's columns and sentences; `null` while `compare` is off. */
  readonly comparison: PoolGradComparison | null;
  /** Resolves after the first complete render. */
  readonly ready: Promise<void>;
  /** The state as URL query / attribute text (every parameter explicit). */
  toQuery(): URLSearchParams;

  addEventListener<K extends keyof PoolGradEventMap>(
    type: K, listener: (this: PoolGradElement, ev: PoolGradEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof PoolGradEventMap>(
    type: K, listener: (this: PoolGradElement, ev: PoolGradEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

/** The same class under its first name. */
export { PoolGradElement as PoolGrad };

declare global {
  interface HTMLElementTagNameMap {
    'pool-grad': PoolGradElement;
  }
  /**
   * Both events bubble and are composed, so a listener on any ancestor (an element, the document,
   * the window) receives them: typed there too, as the DOM types its own bubbling events.
   */
  interface GlobalEventHandlersEventMap {
    'poolgrad-change': CustomEvent<PoolGradChangeDetail>;
    'poolgrad-error': CustomEvent<PoolGradErrorDetail>;
  }
}
