// state.js: the widget's state as plain data, and its text form (element attributes = URL query
// keys). Only syntax is checked here; whether a combination of parameters is valid is the core's
// call (the element asks the library and shows the core's message).
//
// Never throws on user text, never builds markup from it: every value is parsed into numbers,
// booleans or one of a fixed set of words, and anything else falls back to the default. Every
// value is capped in length before it is read (limits.js: TEXT_CAP) and read in one linear pass
// (text.js).
import { TEXT_CAP, BUDGET } from './limits.js';
import { parseNumber, parseMatrixText, parseIntList, readInt, isSpace } from './text.js';
import { formatFloat32, canonical, formatCount as fmt } from './format.js';
import { prod, unflatten } from './shape.js';
import { CHAPTER_VIEWS } from './chapter-views.js';
import { OP_VALUES, opsUsing } from './ops.js';

export { formatFloat32, canonical, parseNumber, parseMatrixText };

/** Parts that can be shown or hidden (the `show` list). */
export const PARTS = [
  'controls', 'formulas', 'steps', 'input', 'output', 'grad-output', 'grad-input', 'counts', 'indices', 'explain',
  'chapters', 'practice', // the chapter bar (chapters.js) and practice mode (practice.js)
];

// the presets of the pooling family (PRESETS below): each a whole setup on the tutorial's input
const FAMILY_PRESETS = ['adaptive-avg-2', 'adaptive-avg-4', 'adaptive-max', 'lp', 'fractional', 'unpool', 'global-avg', 'global-max'];
/** The presets of the comparison view (PRESETS below): each shows one classic difference between frameworks. */
export const COMPARE_PRESETS = ['compare-divisor', 'compare-same', 'compare-ceil', 'compare-nan', 'compare-asymmetric', 'compare-argmax'];
/** The frameworks the comparison view can show, in their column order. */
export const FRAMEWORKS = ['pytorch', 'onnx', 'tensorflow'];
/** The operations the comparison view compares (each framework has them); the others get a message. */
export const COMPARED_OPS = ['max', 'avg'];

/**
 * The parameters: state name, attribute / URL key, kind, default; every list of parameters in the
 * widget is derived from this one (POOLING, SHAPE, PER_AXIS, the controls, the model's inputs).
 * kinds: enum (one of `values`), ints (1..3 integers joined by x or ,), sizes (as ints, an entry
 * may be `none`), ratios (1..3 numbers in (0, 1), or none), number (one number, inf allowed),
 * int, bool, int-or-none, floats (matrix text), parts, frameworks (a list of FRAMEWORKS), pads
 * (ONNX's pads: 2·dims integers, begins then ends, or none).
 * group: pooling (the pooling options), shape (the input's shape), data (the input's numbers),
 * grad (the upstream gradient), view (what is shown and how; never recomputes), compare (the
 * comparison view: which frameworks, and each framework's own knobs; compare-engine.js).
 * perAxis: one value for every axis or one per axis. only: the operations that use it (ops.js).
 * control: the control in the parameter panel (select, text, number, check, frameworks: a group of
 * check boxes), in this order. framework: the one framework a comparison knob belongs to (its
 * control shows while that framework is compared), compareOps: the operations it applies to.
 */
export const PARAMS = [
  { name: 'op', key: 'op', kind: 'enum', values: OP_VALUES, default: 'max', group: 'pooling', control: 'select' },
  { name: 'dims', key: 'dims', kind: 'enum-int', values: [1, 2, 3], default: 2, group: 'shape', control: 'select' },
  // size: at most 64 per dimension: every cell is drawn with its number
  { name: 'size', key: 'size', kind: 'ints', min: 1, max: 64, default: [6, 6], group: 'shape', control: 'text' },
  // adaptive and fractional pooling's output size (a `none` entry keeps that input size: adaptive)
  { name: 'outputSize', key: 'output-size', kind: 'sizes', default: [3], group: 'pooling', perAxis: true, only: opsUsing('outputSize'), control: 'text' },
  // LP pooling's p (PyTorch's norm_type): any number but NaN and 0 (the core's to reject), inf allowed
  { name: 'normType', key: 'norm-type', kind: 'number', default: 2, group: 'pooling', only: opsUsing('normType'), control: 'text' },
  // kernel/stride/padding/dilation: any integers of up to 9 digits; their valid ranges are the core's to check
  { name: 'kernelSize', key: 'kernel-size', kind: 'ints', default: [2], group: 'pooling', perAxis: true, only: opsUsing('kernelSize'), control: 'text' },
  { name: 'stride', key: 'stride', kind: 'ints', default: [2], group: 'pooling', perAxis: true, only: opsUsing('stride'), control: 'text' },
  { name: 'padding', key: 'padding', kind: 'ints', default: [0], group: 'pooling', perAxis: true, only: opsUsing('padding'), control: 'text' },
  { name: 'dilation', key: 'dilation', kind: 'ints', default: [1], group: 'pooling', perAxis: true, only: opsUsing('dilation'), control: 'text' },
  { name: 'ceilMode', key: 'ceil-mode', kind: 'bool', default: false, group: 'pooling', only: opsUsing('ceilMode'), control: 'check' },
  { name: 'countIncludePad', key: 'count-include-pad', kind: 'bool', default: true, group: 'pooling', only: opsUsing('countIncludePad'), control: 'check' },
  { name: 'divisorOverride', key: 'divisor-override', kind: 'int-or-none', default: null, group: 'pooling', only: opsUsing('divisorOverride'), control: 'text' },
  // fractional max pooling: the output as a fraction of the input (none: outputSize), and its
  // random samples (PyTorch's _random_samples, flat (N, C, dims)); none: drawn from sampleSeed
  { name: 'outputRatio', key: 'output-ratio', kind: 'ratios', default: null, group: 'pooling', perAxis: true, only: opsUsing('outputRatio'), control: 'text' },
  { name: 'samples', key: 'samples', kind: 'floats', default: null, group: 'pooling', only: opsUsing('samples'), control: 'text' },
  { name: 'sampleSeed', key: 'sample-seed', kind: 'int', min: 0, max: 2 ** 31 - 1, default: 0, group: 'pooling', only: opsUsing('sampleSeed'), control: 'number' },
  { name: 'channels', key: 'channels', kind: 'int', min: 1, max: 16, default: 1, group: 'shape', control: 'number' },
  { name: 'batch', key: 'batch', kind: 'int', min: 1, max: 16, default: 1, group: 'shape', control: 'number' },
  { name: 'plane', key: 'plane', kind: 'int', min: 0, max: 255, default: 0, group: 'view', control: 'select' },
  { name: 'input', key: 'input', kind: 'floats', default: null, group: 'data' },
  { name: 'grad', key: 'grad', kind: 'enum', values: ['mean', 'sum', 'custom'], default: 'mean', group: 'grad', control: 'select' },
  { name: 'gradValues', key: 'grad-values', kind: 'floats', default: null, group: 'grad' },
  { name: 'preset', key: 'preset', kind: 'enum', values: ['', 'tutorial', 'ties', 'special', 'overlap', 'padding-only', ...FAMILY_PRESETS, ...COMPARE_PRESETS], default: 'tutorial', group: 'data', control: 'select' },
  { name: 'seed', key: 'seed', kind: 'int', min: 0, max: 2 ** 31 - 1, default: 1, group: 'data', control: 'number' },
  { name: 'lang', key: 'lang', kind: 'enum', values: ['auto', 'en', 'zh'], default: 'auto', group: 'view' },
  { name: 'theme', key: 'theme', kind: 'enum', values: ['auto', 'light', 'dark'], default: 'auto', group: 'view' },
  { name: 'show', key: 'show', kind: 'parts', default: PARTS.slice(), group: 'view' },
  // the tutorial's chapter (chapter-views.js); given without a preset, it opens that chapter's view
  { name: 'chapter', key: 'chapter', kind: 'enum-int', values: [1, 2, 3, 4, 5, 6], default: 1, group: 'view' },
  // practice mode: predict dL/dx or the position matrix, then check (practice.js)
  { name: 'practice', key: 'practice', kind: 'enum', values: ['off', 'grad-input', 'positions'], default: 'off', group: 'view' },
  // the comparison view (compare-engine.js, compare-view.js): the same layer in PyTorch, ONNX and
  // TensorFlow side by side; [] = off. The other four are each framework's own knobs (shown when on).
  { name: 'compare', key: 'compare', kind: 'frameworks', default: [], group: 'compare', control: 'frameworks' },
  // ONNX's auto_pad; NOTSET: the explicit pads below
  { name: 'onnxAutoPad', key: 'onnx-auto-pad', kind: 'enum', values: ['NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID'], default: 'NOTSET', group: 'compare', framework: 'onnx', compareOps: COMPARED_OPS, control: 'select' },
  // ONNX's pads [begin per axis..., end per axis...]; none: the state's padding on both sides
  { name: 'onnxPads', key: 'onnx-pads', kind: 'pads', default: null, group: 'compare', framework: 'onnx', compareOps: COMPARED_OPS, control: 'text' },
  // ONNX AveragePool's count_include_pad (its default 0, where PyTorch's is True)
  { name: 'onnxCountIncludePad', key: 'onnx-count-include-pad', kind: 'bool', default: false, group: 'compare', framework: 'onnx', compareOps: ['avg'], control: 'check' },
  // TensorFlow's padding; EXPLICIT: the state's padding on both sides (TensorFlow's max pooling only)
  { name: 'tfPadding', key: 'tf-padding', kind: 'enum', values: ['VALID', 'SAME', 'EXPLICIT'], default: 'VALID', group: 'compare', framework: 'tensorflow', compareOps: COMPARED_OPS, control: 'select' },
];

/** Whether the operation `op` reads parameter p (p without `only`: every operation). */
export const paramApplies = (p, op) => !p.only || p.only.includes(op);

/** The parameter of a state field name or of an attribute / URL key (undefined if none). */
export const paramByName = (name) => PARAMS.find((p) => p.name === name);
export const paramByKey = (key) => PARAMS.find((p) => p.key === key);

/** The pooling options (op, kernel_size ... divisor_override): reset together by the first-render fallback. */
export const POOLING = PARAMS.filter((p) => p.group === 'pooling');
/** The input's shape (dims, size, channels, batch): a change reshapes the input. */
export const SHAPE = PARAMS.filter((p) => p.group === 'shape');
/** The per-axis parameters (kernel_size, stride, padding, dilation): one value or one per axis. */
export const PER_AXIS = PARAMS.filter((p) => p.perAxis);
/** The comparison view's parameters (compare, and each framework's own knobs). */
export const COMPARE = PARAMS.filter((p) => p.group === 'compare');

const TUTORIAL_INPUT = [
  1, 3, 4, 2, 5, 2,
  4, 2, 5, 6, 8, 3,
  5, 3, 7, 8, 9, 3,
  8, 4, 3, 6, 0, 2,
  7, 10, 3, 6, 3, 5,
  4, 7, 2, 4, 7, 8,
];

/**
 * Presets: a partial state each. Applying one sets these fields (and the rest to defaults).
 * The "padding-only" preset is 1-D, kernel 2, dilation 3, padding 1 on 2 elements: its only
 * window touches positions -1 and 2, both padding (max: -inf and index -1, no gradient).
 */
export const PRESETS = {
  tutorial: { op: 'max', dims: 2, kernelSize: [2], stride: [2], padding: [0], dilation: [1], size: [6, 6], input: TUTORIAL_INPUT },
  ties: {
    op: 'max', dims: 2, kernelSize: [2], stride: [1], padding: [0], dilation: [1], size: [4, 4],
    input: [1, 1, 2, 2, 1, 1, 2, 2, 3, 0, 3, 3, 0, 3, 3, 3],
  },
  special: {
    op: 'max', dims: 2, kernelSize: [2], stride: [2], padding: [0], dilation: [1], size: [4, 4],
    input: [1, NaN, 2, 3, 4, 0, -Infinity, -Infinity, Infinity, 5, 1, NaN, 2, -1, NaN, 7],
  },
  overlap: {
    op: 'avg', dims: 2, kernelSize: [3], stride: [1], padding: [0], dilation: [1], size: [5, 5], input: null,
  },
  'padding-only': {
    op: 'max', dims: 1, kernelSize: [2], stride: [1], padding: [1], dilation: [3], size: [2], input: [3, -1],
  },
  // the pooling family on the tutorial's input
  'adaptive-avg-2': { op: 'adaptive-avg', dims: 2, size: [6, 6], outputSize: [2], input: TUTORIAL_INPUT },
  // 6 -> 4: windows [floor(6i/4), ceil(6(i+1)/4)) = [0, 2), [1, 3), [3, 5), [4, 6): rows and columns 1 and 4 in two windows
  'adaptive-avg-4': { op: 'adaptive-avg', dims: 2, size: [6, 6], outputSize: [4], input: TUTORIAL_INPUT },
  'adaptive-max': { op: 'adaptive-max', dims: 2, size: [6, 6], outputSize: [4], input: TUTORIAL_INPUT },
  lp: { op: 'lp', dims: 2, size: [6, 6], normType: 2, kernelSize: [2], stride: [2], input: TUTORIAL_INPUT },
  // fixed samples (PyTorch's order: width, height) for the one plane
  fractional: { op: 'fractional-max', dims: 2, size: [6, 6], kernelSize: [2], outputSize: [4], samples: [0.25, 0.75], input: TUTORIAL_INPUT },
  // the tutorial's max pooling (kernel 2, stride 2), unpooled with its indices
  unpool: { op: 'max-unpool', dims: 2, size: [6, 6], kernelSize: [2], stride: [2], padding: [0], input: TUTORIAL_INPUT },
  'global-avg': { op: 'global-avg', dims: 2, size: [6, 6], input: TUTORIAL_INPUT },
  'global-max': { op: 'global-max', dims: 2, size: [6, 6], input: TUTORIAL_INPUT },
  // the comparison view: one classic difference between the frameworks each (compare-view.js)
  // average, kernel 3, stride 1, padding 1 on ones: every output is (inputs counted) / divisor, so
  // the corner shows PyTorch's 4/9 (count_include_pad=True counts the padding) beside ONNX's default
  // and TensorFlow's SAME, 4/4 (only input elements counted)
  'compare-divisor': {
    op: 'avg', dims: 2, kernelSize: [3], stride: [1], padding: [1], size: [5, 5], input: new Array(25).fill(1),
    compare: ['pytorch', 'onnx', 'tensorflow'], tfPadding: 'SAME',
  },
  // kernel 3, stride 2 on the tutorial's 6x6: one padding row and column in all three, but
  // PyTorch's padding 1 and ONNX's SAME_LOWER put it at the start, TensorFlow's SAME at the end
  'compare-same': {
    op: 'max', dims: 2, kernelSize: [3], stride: [2], padding: [1], size: [6, 6], input: TUTORIAL_INPUT,
    compare: ['pytorch', 'onnx', 'tensorflow'], onnxAutoPad: 'SAME_LOWER', tfPadding: 'SAME',
  },
  // average with ceil_mode, kernel 3, stride 2, padding 1 on 6x6 and count_include_pad in both:
  // the last window starts on the input (x 5) and hangs past the padding (6 is padding, 7 beyond):
  // PyTorch and ONNX both keep it and divide by the window clipped at the padded input (2 per axis;
  // ONNX's backend data and ONNX Runtime clip like PyTorch); TensorFlow has no ceil_mode (SAME: 3
  // windows per axis, the last one without padding past the input)
  'compare-ceil': {
    op: 'avg', dims: 2, kernelSize: [3], stride: [2], padding: [1], ceilMode: true, countIncludePad: true, size: [6, 6], input: TUTORIAL_INPUT,
    compare: ['pytorch', 'onnx', 'tensorflow'], onnxCountIncludePad: true, tfPadding: 'SAME',
  },
  // max, kernel 2, stride 2 with a NaN: PyTorch's window outputs NaN (NaN wins), ONNX's and
  // TensorFlow's skip it
  'compare-nan': {
    op: 'max', dims: 2, kernelSize: [2], stride: [2], padding: [0], size: [4, 4],
    input: [1, NaN, 2, 3, 4, 0, 6, 5, 7, 1, 2, 8, 3, 9, 4, 1],
    compare: ['pytorch', 'onnx', 'tensorflow'],
  },
  // average, kernel 3, stride 2 on the tutorial's 6x6: ONNX's pads [0,0,1,1] (one row and column
  // at the end only, as TensorFlow's SAME) which PyTorch cannot express: its padding 1 is symmetric
  'compare-asymmetric': {
    op: 'avg', dims: 2, kernelSize: [3], stride: [2], padding: [1], size: [6, 6], input: TUTORIAL_INPUT,
    compare: ['pytorch', 'onnx', 'tensorflow'], onnxPads: [0, 0, 1, 1], tfPadding: 'SAME',
  },
  // max, kernel 2, stride 2, one sample of two channels (the tutorial's 4x4 corner and its mirror):
  // PyTorch's indices are flat per plane, ONNX's over the whole tensor (channel 1 from 16),
  // TensorFlow's in NHWC: (y·W + x)·C + c; plane 1 (channel 1) is shown
  'compare-argmax': {
    op: 'max', dims: 2, kernelSize: [2], stride: [2], padding: [0], size: [4, 4], channels: 2, plane: 1,
    input: [1, 3, 4, 2, 4, 2, 5, 6, 5, 3, 7, 8, 8, 4, 3, 6, 6, 3, 4, 8, 2, 6, 5, 9, 7, 8, 1, 3, 2, 4, 2, 5],
    compare: ['pytorch', 'onnx', 'tensorflow'],
  },
};

function formatMatrix(values, rowLength) {
  const out = [];
  for (let i = 0; i < values.length; i += rowLength) {
    out.push(values.slice(i, i + rowLength).map(formatFloat32).join(','));
  }
  return out.join(';');
}

// ---------------------------------------------------------------------------------------------
// state

export function defaultState() {
  const s = {};
  for (const p of PARAMS) s[p.name] = clone(p.default);
  return s;
}

function clone(v) {
  return Array.isArray(v) ? v.slice() : v;
}

/** Which default state a preset name starts from. */
function presetBase(name) {
  const s = defaultState();
  s.preset = name;
  const p = PRESETS[name];
  // input stays null: a null input means "the preset's values when the size matches, else the
  // seeded values" (resolveInput), so a state keeps round-tripping without its numbers.
  if (p) for (const [k, v] of Object.entries(p)) if (k !== 'input') s[k] = clone(v);
  return s;
}

const MESSAGES = {
  enum: (p) => `must be one of ${p.values.filter((v) => v !== '').join(', ')}`,
  'enum-int': (p) => `must be one of ${p.values.join(', ')}`,
  ints: (p) => (p.min > 0 ? `must be 1 to 3 integers (like 6 or 6x6) from ${p.min} to ${p.max}` : 'must be 1 to 3 integers (like 2 or 2x3)'),
  sizes: () => 'must be 1 to 3 integers or none (like 2, 2x3 or nonex4)',
  ratios: () => 'must be 1 to 3 numbers (like 0.5 or 0.5x0.7), or none',
  number: () => 'must be a number (like 2, 1.5 or inf)',
  int: (p) => `must be an integer from ${p.min} to ${p.max}`,
  bool: () => 'must be true or false',
  'int-or-none': () => 'must be an integer or "none"',
  floats: () => 'must be numbers separated by commas, spaces or semicolons, or a nested list',
  parts: () => `must be a comma list of ${PARTS.join(', ')}`,
  frameworks: () => `must be a comma list of ${FRAMEWORKS.join(', ')}, all or none`,
  pads: () => 'must be 2 to 6 integers of 0 or more (begins then ends, like 0,0,1,1), or none',
};

/** The length cap of a parameter's text (limits.js). */
function textCap(p) {
  return p.kind === 'floats' ? TEXT_CAP.value : TEXT_CAP.short;
}

/**
 * One parameter's text -> {value} (and {shape} for numbers), or {error} (the message without the
 * key). Capped in length first; every branch reads the text in one pass.
 */
function parseValue(p, raw, opts = {}) {
  const text = String(raw);
  const cap = textCap(p);
  if (text.length > cap) return { error: `is too long: ${fmt(text.length)} characters, at most ${fmt(cap)}` };
  const t = text.trim();
  const bad = { error: MESSAGES[p.kind](p) };
  switch (p.kind) {
    case 'enum': {
      // any letter case (ONNX's and TensorFlow's words are upper case: same_upper reads as SAME_UPPER)
      const v = t.toLowerCase();
      const value = p.values.find((x) => x.toLowerCase() === v);
      return value === undefined ? bad : { value };
    }
    case 'enum-int': {
      const v = readInt(t, 1);
      return v !== undefined && t[0] !== '+' && t[0] !== '-' && p.values.includes(v) ? { value: v } : bad;
    }
    case 'ints': {
      const v = parseIntList(t, p.min ?? -Infinity, p.max ?? Infinity);
      return v ? { value: v } : bad;
    }
    case 'sizes': {
      // integers of up to 9 digits or none; zero and the range are the core's to reject, by name
      const v = readList(t, (x) => (x.toLowerCase() === 'none' ? null : readInt(x, 9)));
      return v ? { value: v } : bad;
    }
    case 'ratios': {
      if (t === '' || t.toLowerCase() === 'none') return { value: null };
      const v = readList(t, parseNumber);
      return v ? { value: v } : bad;
    }
    case 'number': {
      const v = parseNumber(t);
      return v === undefined ? bad : { value: v };
    }
    case 'int': {
      const v = readInt(t, 10);
      return v !== undefined && v >= p.min && v <= p.max ? { value: v } : bad;
    }
    case 'bool': {
      const v = t.toLowerCase();
      if (v === '' || v === 'true' || v === '1' || v === 'yes' || v === 'on') return { value: true };
      if (v === 'false' || v === '0' || v === 'no' || v === 'off') return { value: false };
      return bad;
    }
    case 'int-or-none': {
      const v = t.toLowerCase();
      if (v === '' || v === 'none' || v === 'null') return { value: null };
      const n = readInt(v, 9);
      return n === undefined ? bad : { value: n }; // zero and the range are the core's to reject, by name
    }
    case 'floats': {
      if (t === '') return { value: null };
      const r = parseMatrixText(t, { maxLength: cap, maxElements: opts.maxElements });
      return r.error ? { error: `could not be read: ${r.error} (${MESSAGES.floats()})` } : { value: r.values, shape: r.shape };
    }
    case 'parts': {
      const list = [];
      for (let i = 0; i < t.length;) {
        if (t[i] === ',' || isSpace(t.charCodeAt(i))) { i++; continue; }
        let j = i;
        while (j < t.length && t[j] !== ',' && !isSpace(t.charCodeAt(j))) j++;
        list.push(t.slice(i, j).toLowerCase());
        i = j;
      }
      if (list.length === 1 && list[0] === 'all') return { value: PARTS.slice() };
      if (list.length === 1 && list[0] === 'none') return { value: [] };
      if (!list.every((x) => PARTS.includes(x))) return bad;
      return { value: PARTS.filter((x) => list.includes(x)) }; // canonical order, no repeats
    }
    case 'frameworks': {
      const v = t.toLowerCase();
      if (v === '' || v === 'none') return { value: [] };
      if (v === 'all') return { value: FRAMEWORKS.slice() };
      const list = readWords(v, 3);
      if (!list || !list.every((x) => FRAMEWORKS.includes(x))) return bad;
      return { value: FRAMEWORKS.filter((x) => list.includes(x)) }; // canonical order, no repeats
    }
    case 'pads': {
      // [0, 0, 1, 1] as ONNX writes it, or 0,0,1,1; the count (2·dims) is checked by parseState
      const v = t.toLowerCase();
      if (v === '' || v === 'none') return { value: null };
      const inner = t[0] === '[' && t[t.length - 1] === ']' ? t.slice(1, -1) : t;
      const words = readWords(inner, 6);
      if (!words || words.length < 2) return bad;
      const out = [];
      for (const w of words) {
        const n = readInt(w, 9);
        if (n === undefined || n < 0 || w[0] === '+') return bad;
        out.push(n);
      }
      return { value: out };
    }
    default:
      return bad;
  }
}

/**
 * At most `max` words separated by commas or spaces, or undefined (more than max, or none). One
 * pass over text of at most TEXT_CAP.short characters.
 */
function readWords(text, max) {
  const out = [];
  for (let i = 0; i < text.length;) {
    if (text[i] === ',' || isSpace(text.charCodeAt(i))) { i++; continue; }
    let j = i;
    while (j < text.length && text[j] !== ',' && !isSpace(text.charCodeAt(j))) j++;
    if (out.length === max) return undefined;
    out.push(text.slice(i, j));
    i = j;
  }
  return out.length ? out : undefined;
}

/**
 * 1 to 3 entries separated by x, ×, *, commas or spaces, each read by `read` (undefined: not
 * readable), or undefined. One pass over text of at most TEXT_CAP.short characters.
 */
function readList(text, read) {
  const out = [];
  const sep = (ch) => ch === 'x' || ch === '×' || ch === '*' || ch === ',' || isSpace(ch.charCodeAt(0));
  for (let i = 0; i < text.length;) {
    if (sep(text[i])) { i++; continue; }
    let j = i;
    while (j < text.length && !sep(text[j])) j++;
    if (out.length === 3) return undefined;
    const v = read(text.slice(i, j));
    if (v === undefined) return undefined;
    out.push(v);
    i = j;
  }
  return out.length ? out : undefined;
}

/** A number as URL text that reads back as the same number: inf, -inf, nan, else the shortest decimal. */
function numberText(v) {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return Object.is(v, -0) ? '-0' : String(v);
}

/** parseValue that cannot throw: an unexpected failure is that parameter's message. */
function readValue(p, raw, opts) {
  try {
    return parseValue(p, raw, opts);
  } catch {
    return { error: MESSAGES[p.kind](p) };
  }
}

/**
 * parseState(source, opts): source is a URLSearchParams, a plain object keyed by attribute name,
 * or a function key -> string|null (e.g. name => el.getAttribute(name)).
 * opts.maxElements caps the count of numbers of input / grad-values (default BUDGET.elements).
 * Returns {state, errors: [{param, message}]}; `param` is the attribute / URL key. Never throws.
 * Order: defaults, then the preset's fields, then every explicit parameter.
 */
export function parseState(source, opts = {}) {
  const get = withChapterView(toGetter(source), opts);
  const errors = [];
  let presetName = 'tutorial';
  const rawPreset = safeGet(get, 'preset');
  if (rawPreset !== null) {
    const r = readValue(paramByName('preset'), rawPreset, opts);
    if (r.error) errors.push({ param: 'preset', message: `preset ${r.error}` });
    else presetName = r.value;
  }
  const state = presetBase(presetName);
  let explicitSize = false;
  let inputShape = null;
  for (const p of PARAMS) {
    if (p.name === 'preset') continue;
    const raw = safeGet(get, p.key);
    if (raw === null) continue;
    const r = readValue(p, raw, opts);
    if (r.error) {
      errors.push({ param: p.key, message: `${p.key} ${r.error}` });
      continue;
    }
    state[p.name] = r.value;
    if (p.name === 'size') explicitSize = true;
    if (p.name === 'input') inputShape = r.shape ?? null;
  }
  // size: one number for every dimension, or exactly one per dimension
  if (state.size.length === 1 && state.dims > 1) {
    state.size = new Array(state.dims).fill(state.size[0]);
  } else if (state.size.length !== state.dims) {
    errors.push({ param: 'size', message: `size must have 1 or ${state.dims} numbers for ${state.dims}-D, got ${state.size.join('x')}` });
    state.size = fitSize(state.dims, explicitSize ? state.size : presetBase(presetName).size);
  }
  for (const p of PER_AXIS) {
    const name = p.name;
    const v = state[name];
    if (v !== null && v.length !== 1 && v.length !== state.dims) {
      errors.push({ param: p.key, message: `${p.key} must have 1 or ${state.dims} numbers for ${state.dims}-D, got ${v.join('x')}` });
      state[name] = clone(p.default);
    }
  }
  // an input given as rows fixes a 2-D size when no size was given
  if (state.input !== null && !explicitSize && inputShape && state.dims === 2) {
    if (inputShape.length === 2 && inputShape[0] * inputShape[1] * state.channels * state.batch === state.input.length) {
      state.size = inputShape;
    }
  }
  const numel = prod(state.size) * state.channels * state.batch;
  if (state.input !== null && state.input.length !== numel) {
    errors.push({ param: 'input', message: `input has ${state.input.length} numbers, but size ${state.size.join('x')} × channels ${state.channels} × batch ${state.batch} needs ${numel}` });
    state.input = null;
  }
  if (state.plane >= state.channels * state.batch) {
    errors.push({ param: 'plane', message: `plane must be less than channels × batch = ${state.channels * state.batch}` });
    state.plane = 0;
  }
  // ONNX's pads: a begin and an end per axis
  if (state.onnxPads !== null && state.onnxPads.length !== 2 * state.dims) {
    errors.push({ param: 'onnx-pads', message: `onnx-pads must have ${2 * state.dims} numbers for ${state.dims}-D (begins then ends), got ${state.onnxPads.join(',')}` });
    state.onnxPads = presetBase(presetName).onnxPads;
    if (state.onnxPads !== null && state.onnxPads.length !== 2 * state.dims) state.onnxPads = null;
  }
  return { state, errors };
}

/**
 * A chapter given without a preset opens the chapter's view (chapter-views.js): the source's own
 * keys first, then the view's.
 */
function withChapterView(get, opts) {
  const raw = safeGet(get, 'chapter');
  if (raw === null || safeGet(get, 'preset') !== null) return get;
  const r = readValue(paramByName('chapter'), raw, opts);
  if (r.error) return get;
  const view = new URLSearchParams(CHAPTER_VIEWS[r.value - 1][0].query);
  return (k) => safeGet(get, k) ?? (view.has(k) ? view.get(k) : null);
}

function fitSize(dims, size) {
  const out = [];
  for (let i = 0; i < dims; i++) out.push(size[i] ?? size[size.length - 1] ?? 6);
  return out;
}

function safeGet(get, key) {
  try {
    const v = get(key);
    return v === undefined || v === null ? null : String(v);
  } catch {
    return null;
  }
}

function toGetter(source) {
  if (!source) return () => null;
  if (typeof source === 'function') return source;
  if (typeof source.get === 'function' && typeof source.has === 'function') {
    return (k) => (source.has(k) ? source.get(k) : null);
  }
  if (typeof source === 'string') {
    const q = new URLSearchParams(source);
    return (k) => (q.has(k) ? q.get(k) : null);
  }
  if (typeof source === 'object') {
    return (k) => (Object.prototype.hasOwnProperty.call(source, k) ? source[k] : null);
  }
  return () => null;
}

/** The state as URL query / attribute values: every parameter explicit, except null inputs. */
export function serializeState(state) {
  const q = new URLSearchParams();
  for (const p of PARAMS) {
    const v = state[p.name];
    switch (p.kind) {
      case 'ints':
        q.set(p.key, v.join('x'));
        break;
      case 'bool':
        q.set(p.key, v ? 'true' : 'false');
        break;
      case 'int-or-none':
        q.set(p.key, v === null ? 'none' : String(v));
        break;
      case 'sizes':
        q.set(p.key, v.map((x) => (x === null ? 'none' : String(x))).join('x'));
        break;
      case 'ratios':
        q.set(p.key, v === null ? 'none' : v.map(numberText).join('x'));
        break;
      case 'number':
        q.set(p.key, numberText(v));
        break;
      case 'floats':
        if (v !== null && v !== undefined) {
          const rowLength = p.name === 'input' ? state.size[state.size.length - 1] : v.length;
          q.set(p.key, formatMatrix(v, Math.max(1, rowLength)));
        }
        break;
      case 'parts':
      case 'frameworks':
        q.set(p.key, v.length ? v.join(',') : 'none');
        break;
      case 'pads':
        q.set(p.key, v === null ? 'none' : v.join(','));
        break;
      default:
        q.set(p.key, String(v));
    }
  }
  return q;
}

/** The input values a state stands for (its own, the preset's, or the seeded ones). */
export function resolveInput(state) {
  const numel = prod(state.size) * state.channels * state.batch;
  if (state.input && state.input.length === numel) return state.input.slice();
  const p = PRESETS[state.preset];
  if (p && p.input && p.input.length === numel) return p.input.map(canonical);
  return seededValues(state.seed, numel);
}

// the fields a preset fixes: its pooling options, its input's shape and the comparison it shows
const PRESET_FIELDS = [...POOLING, ...SHAPE, ...COMPARE].map((p) => p.name);
const SHAPE_FIELDS = SHAPE.map((p) => p.name);
// presets that name an input: a parameter edit that keeps their numbers keeps them (stride 1 on the
// tutorial's 6x6 is still the tutorial's input); the others name a whole setup
const INPUT_PRESETS = new Set(['tutorial', 'ties', 'special']);

/**
 * Whether a state still is its preset: the preset's numbers, in its shape, and for a preset that
 * names a whole setup its parameters too (and the defaults of the others it leaves out). Views
 * (grad, plane, lang, theme, show, chapter, practice) do not count. True for preset '' (custom).
 */
export function presetMatches(state) {
  if (!PRESETS[state.preset]) return true;
  const base = presetBase(state.preset);
  const fields = INPUT_PRESETS.has(state.preset) ? SHAPE_FIELDS : PRESET_FIELDS;
  const per = (v) => (Array.isArray(v) && v.length === 1 ? new Array(state.dims).fill(v[0]) : v);
  for (const name of fields) {
    const a = per(state[name]);
    const b = per(base[name]);
    if (Array.isArray(a) ? !(Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i])) : a !== b) return false;
  }
  if (state.input === null) return true;
  const want = resolveInput({ ...state, input: null });
  return state.input.length === want.length && state.input.every((v, i) => Object.is(canonical(v), want[i]));
}

/** A JSON-safe deep copy of a state (NaN and infinities as the strings nan/inf/-inf). */
export function stateToJSON(state) {
  const out = {};
  for (const p of PARAMS) {
    const v = state[p.name];
    if (p.kind === 'floats' && v) out[p.name] = v.map((x) => (Number.isFinite(x) ? x : formatFloat32(x)));
    else if (p.kind === 'number' && !Number.isFinite(v)) out[p.name] = numberText(v);
    else out[p.name] = clone(v);
  }
  return out;
}

/**
 * Reads a state object (as from stateToJSON, or partial) through the same checks as parseState.
 * Never throws: arrays longer than the caps are refused before they are read.
 */
export function normalizeState(obj, opts = {}) {
  const maxElements = opts.maxElements ?? BUDGET.elements;
  const errors = [];
  const numbers = (key, v) => {
    if (!Array.isArray(v)) return null;
    if (v.length > maxElements) {
      errors.push({ param: key, message: `${key} has ${fmt(v.length)} numbers, at most ${fmt(maxElements)}` });
      return null;
    }
    return v.map(toNum);
  };
  // more than 3 stays more than 3 (and invalid) without copying a long array
  const ints = (v) => (Array.isArray(v) ? v.slice(0, 4) : [v]);
  let q;
  try {
    const base = { ...defaultState(), ...(obj && typeof obj === 'object' ? obj : {}) };
    const ser = serializeState({
      ...base,
      input: numbers('input', base.input),
      gradValues: numbers('grad-values', base.gradValues),
      samples: numbers('samples', base.samples),
      kernelSize: ints(base.kernelSize), stride: ints(base.stride), padding: ints(base.padding),
      dilation: ints(base.dilation), size: ints(base.size), outputSize: ints(base.outputSize),
      onnxPads: base.onnxPads === null || base.onnxPads === undefined ? null : (Array.isArray(base.onnxPads) ? base.onnxPads.slice(0, 7) : [base.onnxPads]),
      compare: Array.isArray(base.compare) ? base.compare.slice(0, 4) : String(base.compare).split(','),
      outputRatio: base.outputRatio === null || base.outputRatio === undefined ? null : ints(base.outputRatio),
      show: Array.isArray(base.show) ? base.show.slice(0, PARTS.length + 1) : String(base.show).split(','),
    });
    q = {};
    for (const [k, v] of ser) q[k] = v;
  } catch {
    errors.push({ param: 'state', message: 'state could not be read (the defaults are shown)' });
    q = {};
  }
  const r = parseState(q, opts);
  return { state: r.state, errors: [...errors, ...r.errors] };
}

function toNum(x) {
  if (typeof x === 'number') return x;
  try {
    const v = parseNumber(String(x));
    return v === undefined ? NaN : v;
  } catch {
    return NaN;
  }
}


// the last few seeded inputs: a parameter change re-resolves the same input every time
const seededCache = new Map();

/** Seeded uniform values (mulberry32), rounded to one decimal in [-5, 5]: readable in a cell. */
export function seededValues(seed, n) {
  const key = `${seed}:${n}`;
  let values = seededCache.get(key);
  if (!values) {
    values = makeSeeded(seed, n);
    if (seededCache.size >= 4) seededCache.delete(seededCache.keys().next().value);
    seededCache.set(key, values);
  }
  return values.slice();
}

function makeSeeded(seed, n) {
  return uniform(seed, n).map((u) => canonical(Math.round(u * 100 - 50) / 10));
}

/** n uniform numbers in [0, 1) from a seed (mulberry32). */
function uniform(seed, n) {
  let a = seed >>> 0;
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  return out;
}

/**
 * Fractional max pooling's random samples for a state: its own (`samples`), else drawn from
 * `sampleSeed`, one per (N, C) plane and spatial dimension (flat (N, C, dims), PyTorch's
 * _random_samples order). Drawn samples are random data like the seeded input (mulberry32,
 * 3 decimals in [0, 1)), so the widget can show them and the PyTorch export can pass them.
 */
export function resolveSamples(state) {
  if (state.samples) return state.samples.slice();
  const n = state.batch * state.channels * state.dims;
  const key = `samples:${state.sampleSeed}:${n}`;
  let values = seededCache.get(key);
  if (!values) {
    values = uniform(state.sampleSeed, n).map((u) => canonical(Math.floor(u * 1000) / 1000));
    if (seededCache.size >= 4) seededCache.delete(seededCache.keys().next().value);
    seededCache.set(key, values);
  }
  return values.slice();
}

export function cloneValue(v) {
  return Array.isArray(v) ? v.slice() : v;
}

export function cloneState(s) {
  const out = {};
  for (const [k, v] of Object.entries(s)) out[k] = cloneValue(v);
  return out;
}

/**
 * The query moved to `dims` dimensions: the size adapted, and a per-axis parameter (kernel-size,
 * stride, padding, dilation) with another count of values cut to its first, unless listed in keep.
 */
export function setQueryDims(q, size, dims, keep = []) {
  q.set('size', adaptSize(size, dims).join('x'));
  for (const { key: k } of PER_AXIS) {
    if (keep.includes(k)) continue;
    const v = q.get(k).split('x');
    if (v.length !== 1 && v.length !== dims) q.set(k, v[0]);
  }
}

/** The input of `prev` in the shape of `next`: every value whose position still exists, the new ones seeded. */
export function carryInput(prev, next) {
  return reshapeValues(resolveInput(prev), fullShape(prev), fullShape(next), next.seed);
}

function fullShape(s) {
  return [s.batch, s.channels, ...s.size];
}

function adaptSize(size, dims) {
  if (dims === size.length) return size.slice();
  if (dims === 1) return [size[size.length - 1]];
  if (dims === 2) return size.length === 1 ? [size[0], size[0]] : size.slice(size.length - 2);
  const hw = size.length === 1 ? [size[0], size[0]] : size.slice(size.length - 2);
  return [3, ...hw.map((x) => Math.min(x, 8))];
}

/** Copies values at positions present in both shapes (spatial axes aligned at the end). */
function reshapeValues(values, from, to, seed) {
  const n = prod(to);
  const fresh = seededValues(seed, n);
  const fs = [from[0], from[1], ...pad3(from.slice(2))];
  const ts = [to[0], to[1], ...pad3(to.slice(2))];
  for (let k = 0; k < n; k++) {
    const idx = unflatten(k, ts);
    let ok = true;
    let src = 0;
    for (let a = 0; a < 5; a++) {
      if (idx[a] >= fs[a]) {
        ok = false;
        break;
      }
      src = src * fs[a] + idx[a];
    }
    if (ok) fresh[k] = values[src];
  }
  return fresh;
}

function pad3(sp) {
  return [...new Array(3 - sp.length).fill(1), ...sp];
}
