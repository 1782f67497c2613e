// python-code.js: the Python that the page's code exports write (web/site/export.js: the shown
// plane's PyTorch program; compare-code.js: the comparison's program per framework): a widget
// state's pooling parameters, Python literals of numbers, tuples and booleans, and PyTorch's
// functional call lines of each operation. One place, so both exports write the same Python.
import { formatFloat32 as formatNumber } from './format.js';
import { OPS } from './ops.js';

/** Reads the pooling parameters out of a widget state, tolerating scalar or per-axis values. */
export function poolParams(state) {
  const get = (...names) => { for (const n of names) if (state?.[n] !== undefined) return state[n]; return undefined; };
  const dims = Number(get('dims') ?? 2);
  const list = (v, dflt) => {
    if (v === undefined || v === null || v === '') return Array(dims).fill(dflt);
    const a = Array.isArray(v) ? v.map(Number) : String(v).split(/[,x\s]+/).filter(Boolean).map(Number);
    return a.length === 1 ? Array(dims).fill(a[0]) : a;
  };
  const kernelSize = list(get('kernelSize', 'kernel-size', 'kernel_size'), 2);
  const strideRaw = get('stride');
  const divisor = get('divisorOverride', 'divisor-override', 'divisor_override');
  const op = String(get('op') ?? 'max');
  const sizes = (v) => (v === undefined || v === null || v === '' ? null
    : (Array.isArray(v) ? v : String(v).split(/[,x\s]+/).filter(Boolean)).map((e) => (e === null || e === 'none' ? null : Number(e))));
  const outputSize = sizes(get('outputSize', 'output-size', 'output_size')) ?? [1];
  const ratio = get('outputRatio', 'output-ratio', 'output_ratio');
  const norm = get('normType', 'norm-type', 'norm_type');
  return {
    op: Object.prototype.hasOwnProperty.call(OPS, op) ? op : op.startsWith('avg') ? 'avg' : 'max',
    dims,
    outputSize: outputSize.length === 1 ? Array(dims).fill(outputSize[0]) : outputSize,
    outputRatio: ratio === 'none' ? null : sizes(ratio)?.map((r) => (r === null ? NaN : r)) ?? null,
    normType: norm === undefined || norm === null || norm === '' ? 2 : Number(norm === 'inf' ? Infinity : norm),
    kernelSize,
    stride: strideRaw === undefined || strideRaw === null || strideRaw === '' ? kernelSize : list(strideRaw, 1),
    padding: list(get('padding'), 0),
    dilation: list(get('dilation'), 1),
    ceilMode: truthy(get('ceilMode', 'ceil-mode', 'ceil_mode'), false),
    countIncludePad: truthy(get('countIncludePad', 'count-include-pad', 'count_include_pad'), true),
    divisorOverride: divisor === undefined || divisor === null || divisor === '' || divisor === 0 ? null : Number(divisor),
    grad: String(get('grad') ?? 'mean'),
  };
}
function truthy(v, dflt) {
  if (v === undefined || v === null || v === '') return dflt;
  if (typeof v === 'boolean') return v;
  return !/^(false|0|no|off)$/i.test(String(v));
}

export function pyNumber(v) {
  if (Number.isNaN(v)) return "float('nan')";
  if (!Number.isFinite(v)) return v > 0 ? "float('inf')" : "-float('inf')";
  const s = formatNumber(v);
  return /[.e]/.test(s) ? s : `${s}.`;
}

export const tuple = (a) => (a.length === 1 ? `${a[0]}` : `(${a.join(', ')})`);
export const pyBool = (b) => (b ? 'True' : 'False');

/** Python for an output size: an int for all dims alike, else a tuple (None keeps that input size). */
const pySizes = (a) => (a.every((v) => v === a[0]) && a[0] !== null ? `${a[0]}` : `(${a.map((v) => (v === null ? 'None' : v)).join(', ')})`);

/** The call lines of each operation (ops.js values): PyTorch's functional API with the state's numbers. */
export const CALLS = {
  max: (p, d) => [
    `y, idx = F.max_pool${d}d(x, kernel_size=${tuple(p.kernelSize)}, stride=${tuple(p.stride)}, padding=${tuple(p.padding)},`,
    `                    dilation=${tuple(p.dilation)}, ceil_mode=${pyBool(p.ceilMode)}, return_indices=True)`,
  ],
  avg: (p, d, w) => {
    if (d === 1 && p.divisorOverride !== null) {
      // avg_pool1d has no divisor_override. avg_pool2d on the (1, L) plane of x.unsqueeze(-2) with a
      // kernel of height 1 (stride 1, padding 0) is the same 1-D pooling: exactly one output row,
      // whose windows are the 1-D windows (ceil_mode included), and with divisor_override every
      // window divides its sum (padding adds 0) by the override, whatever count_include_pad says.
      return [...w.avg1d,
        `y = F.avg_pool2d(x.unsqueeze(-2), kernel_size=(1, ${p.kernelSize[0]}), stride=(1, ${p.stride[0]}), padding=(0, ${p.padding[0]}),`,
        `                 ceil_mode=${pyBool(p.ceilMode)}, count_include_pad=${pyBool(p.countIncludePad)}, divisor_override=${p.divisorOverride}).squeeze(-2)`];
    }
    const extra = d === 1 ? '' : `, divisor_override=${p.divisorOverride ?? 'None'}`;
    return [`y = F.avg_pool${d}d(x, kernel_size=${tuple(p.kernelSize)}, stride=${tuple(p.stride)}, padding=${tuple(p.padding)},`,
      `                 ceil_mode=${pyBool(p.ceilMode)}, count_include_pad=${pyBool(p.countIncludePad)}${extra})`];
  },
  'adaptive-max': (p, d) => [`y, idx = F.adaptive_max_pool${d}d(x, output_size=${pySizes(p.outputSize)}, return_indices=True)`],
  'adaptive-avg': (p, d) => [`y = F.adaptive_avg_pool${d}d(x, output_size=${pySizes(p.outputSize)})`],
  lp: (p, d) => [`y = F.lp_pool${d}d(x, norm_type=${pyNumber(p.normType)}, kernel_size=${tuple(p.kernelSize)}, stride=${tuple(p.stride)}, ceil_mode=${pyBool(p.ceilMode)})`],
  'fractional-max': (p, d, w, results) => {
    const size = p.outputRatio ? `output_ratio=${tuple(p.outputRatio.map(pyNumber))}` : `output_size=${tuple(p.outputSize)}`;
    const samples = results.samples ?? [];
    return [w.samples,
      `u = torch.tensor([[[${samples.map(pyNumber).join(', ')}]]], dtype=torch.float32)`,
      `y, idx = F.fractional_max_pool${d}d(x, kernel_size=${tuple(p.kernelSize)}, ${size}, return_indices=True, _random_samples=u)`];
  },
  'max-unpool': (p, d, w) => [
    `y, idx = F.max_pool${d}d(x, kernel_size=${tuple(p.kernelSize)}, stride=${tuple(p.stride)}, padding=${tuple(p.padding)}, return_indices=True)`,
    `y = y.detach().requires_grad_()  ${w.unpoolLeaf}`,
    `z = F.max_unpool${d}d(y, idx, kernel_size=${tuple(p.kernelSize)}, stride=${tuple(p.stride)}, padding=${tuple(p.padding)}, output_size=x.shape[-${d}:])`,
  ],
  'global-max': (p, d, w) => [w.global, `y, idx = F.adaptive_max_pool${d}d(x, output_size=1, return_indices=True)`],
  'global-avg': (p, d, w) => [w.global, `y = F.adaptive_avg_pool${d}d(x, output_size=1)`],
};
