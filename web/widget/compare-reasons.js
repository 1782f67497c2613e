// compare-reasons.js: why "the same" pooling layer gives different numbers in PyTorch, ONNX and
// TensorFlow. A pure function (no DOM) of the input and the columns the comparison view computed
// with the library: it finds the cells that differ between each column and the first, names the
// rule of the frameworks that causes each difference, and says it with the numbers (the words are
// in compare-words.js, en and zh).
//
// Every output and gradient number is the library's (the columns' results). The window geometry
// comes from the columns' specs (onnxSpec, tensorflowSpec, pytorchSpec below): begin and end
// padding per axis, kernel, stride, dilation, ceil_mode, count_include_pad, divisorFullWindow,
// maxSkipsNan. Three closed forms are written out here because the words show them: a window's
// start (o·stride − padding before), its divisor, and the output-size formulas; the tests check
// them against the library's numbers (an average times its divisor is its window's sum; the
// formulas give the library's output shapes).
//
// Column: { framework: 'pytorch'|'onnx'|'tensorflow', spec, result: { output, gradInput, indices? } | null,
//           error?, settings? }. `settings` (optional) are the options the column passed to the
// library (ONNX: { auto_pad, pads, ... }; TensorFlow: { padding: 'SAME'|'VALID'|[[b, a], ...],
// includeBatchInIndex }); they only name the setting in the words (SAME, auto_pad=SAME_LOWER,
// pads=[...]). Columns without a result (an error) are not compared. TensorFlow's indices may be
// laid out NCHW (like the output) or NHWC (indices.layout 'NHWC', or an NHWC-only shape); their
// numbers are read as TensorFlow writes them (NHWC flat, the batch included unless
// settings.includeBatchInIndex is false).
//
// The rules, in the order their entries come for each pair (a cell goes to the first that applies):
//   output-size        a window only one side has (ceil_mode, SAME, VALID, pads), with the formulas;
//   dilation           windows of another extent (TensorFlow's max_pool has no dilation);
//   padding-placement  the padding before differs (SAME's odd extra at the end, asymmetric pads):
//                      every window starts elsewhere;
//   divisor            the same window divided by another count (count_include_pad, divisor_override),
//                      one sentence per pair of divisors;
//   divisor-overhang   a whole-kernel divisor (spec.divisorFullWindow) in a ceil window past the padding;
//   nan                a window holds a NaN that one max takes and the other skips;
//   other              a difference none of these explains (the tests expect none);
//   index-layout       the same argmax cell written as another number (plane / tensor / NHWC flat);
//   gradient-routing   dL/dx, a consequence of the rules above (and of 1/numel(y) under loss = mean).
//
// Entry: { rule, frameworks: [a, b], cells: { output, gradInput, indices? }, baseCells: { output }, text: { en, zh } }.
// cells.output: flat positions in b's output (frameworks[1]), baseCells.output: the same cells in
// a's output (they differ only when the output shapes differ); cells.gradInput: flat positions in
// dL/dx (the input's shape, the same in every column). Forward rules list output cells; the one
// `gradient-routing` entry of a pair lists every differing dL/dx cell and names the forward rules it
// follows from. `index-layout` lists in cells.indices the output positions whose argmax is the same
// cell written as a different number.
import { COMPARE_WORDS } from './compare-words.js';
import { unflatten } from './shape.js';

const LANGS = ['en', 'zh'];
const AXES = (dims) => (dims === 1 ? ['L'] : ['D', 'H', 'W'].slice(3 - dims));
const prod = (a) => a.reduce((x, y) => x * y, 1);

/**
 * Whether two numbers of two columns count as the same: both NaN, or equal within float32
 * rounding of a sum taken in another order (relative 1e-5). The view highlights what this says differs.
 */
export function sameValue(a, b) {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(a), Math.abs(b));
}

const perAxis = (v, dims, dflt) => {
  const a = Array.isArray(v) ? v.map(Number) : v === undefined || v === null ? [dflt] : [Number(v)];
  return a.length === 1 ? new Array(dims).fill(a[0]) : a.slice(0, dims);
};

/**
 * PyTorch's geometry as a spec object (the shape onnxSpec / tensorflowSpec return), from a widget
 * state: symmetric padding, the window clipped at the padded end for the divisor, NaN wins the max.
 */
export function pytorchSpec(state) {
  const dims = Number(state.dims);
  const kind = state.op === 'avg' ? 'avg' : 'max';
  const padding = perAxis(state.padding, dims, 0);
  return {
    kind, dims,
    kernelSize: perAxis(state.kernelSize, dims, 2),
    stride: perAxis(state.stride, dims, perAxis(state.kernelSize, dims, 2)[0]),
    padding, paddingEnd: padding.slice(),
    dilation: kind === 'avg' ? new Array(dims).fill(1) : perAxis(state.dilation, dims, 1),
    ceilMode: !!state.ceilMode,
    countIncludePad: kind === 'avg' ? state.countIncludePad !== false : false,
    // PyTorch's divisor_override (average only): every window divides by it
    divisorOverride: kind === 'avg' && Number.isInteger(state.divisorOverride) && state.divisorOverride !== 0 ? state.divisorOverride : null,
    divisorFullWindow: false,
    maxSkipsNan: false,
  };
}

/** One axis of a spec, with defaults for what a spec may leave out. */
function axisOf(spec, a) {
  const at = (v, d) => (Array.isArray(v) ? Number(v[a] ?? v[0] ?? d) : v === undefined || v === null ? d : Number(v));
  const k = at(spec.kernelSize, 1);
  const d = at(spec.dilation, 1);
  return { k, s: at(spec.stride, 1), d, ek: (k - 1) * d + 1, pb: at(spec.padding, 0), pe: at(spec.paddingEnd ?? spec.padding, 0) };
}

/** How a column sets its padding, to name it in words: null when unknown. */
function settingOf(col) {
  const spec = col.spec ?? {};
  const at = col.settings ?? col.attributes ?? {};
  const tuple = (v) => (v.every((x) => x === v[0]) ? `${v[0]}` : `(${v.join(', ')})`);
  if (col.framework === 'pytorch') return { kind: 'padding', value: tuple(perAxis(spec.padding, spec.dims ?? 1, 0)) };
  if (col.framework === 'onnx') {
    const auto = at.auto_pad ?? spec.autoPad;
    if (auto && auto !== 'NOTSET') return { kind: 'auto_pad', value: String(auto) };
    const pads = Array.isArray(at.pads) ? at.pads.map(Number) : [...(spec.padding ?? []), ...(spec.paddingEnd ?? spec.padding ?? [])];
    return { kind: 'pads', value: pads };
  }
  if (col.framework === 'tensorflow') {
    const p = at.padding ?? spec.paddingMode;
    if (typeof p === 'string') return { kind: 'tf', value: p.toUpperCase() };
    if (Array.isArray(p)) {
      // explicit padding: one [before, after] per spatial axis, or per axis of the 4-D/3-D tensor
      const dims = spec.dims ?? p.length;
      const spatial = p.length === dims ? p : at.dataFormat === 'NHWC' ? p.slice(1, -1) : p.slice(2);
      return { kind: 'tf-explicit', value: spatial.map((q) => q.map(Number)) };
    }
    return { kind: 'tf-explicit', value: (spec.padding ?? []).map((b, i) => [b, (spec.paddingEnd ?? spec.padding)[i]]) };
  }
  return null;
}
const autoMode = (set) => {
  if (!set) return null;
  if ((set.kind === 'tf' || set.kind === 'auto_pad') && /^SAME/.test(set.value)) return 'same';
  if ((set.kind === 'tf' || set.kind === 'auto_pad') && set.value === 'VALID') return 'valid';
  return null;
};

/** The output size along an axis as the words write it: {form, out, ...numbers}; out: the formula's. */
export function sizeFormulaOf(spec, set, inSize, a) {
  const { s, ek, pb, pe } = axisOf(spec, a);
  const mode = autoMode(set);
  const f = { in: inSize, stride: s, effectiveKernel: ek, before: pb, after: pe, dropped: false };
  if (mode === 'same') return { ...f, form: 'same', out: Math.ceil(inSize / s) };
  if (mode === 'valid') return { ...f, form: 'valid', out: Math.floor((inSize - ek) / s) + 1 };
  if (spec.ceilMode) {
    let out = Math.ceil((inSize + pb + pe - ek) / s) + 1;
    // PyTorch and ONNX drop a last window that would start in the end padding
    const dropped = (out - 1) * s >= inSize + pb;
    if (dropped) out -= 1;
    return { ...f, form: 'ceil', out, dropped };
  }
  return { ...f, form: 'floor', out: Math.floor((inSize + pb + pe - ek) / s) + 1 };
}

/**
 * The divisor of an average window at output position o (spatial, per axis) and what it counts:
 * {divisor, inside (input cells), clipped (cells up to the padded input's end), kernel (whole)}.
 * PyTorch: count_include_pad ? window clipped at in + padding_end : input cells only. ONNX with
 * count_include_pad=1: the whole kernel (divisorFullWindow). TensorFlow: input cells only.
 */
export function windowDivisor(spec, inSp, o) {
  let inside = 1, clipped = 1, kernel = 1;
  for (let a = 0; a < inSp.length; a++) {
    const { s, ek, pb, pe } = axisOf(spec, a);
    const start = o[a] * s - pb;
    const end = start + ek;
    inside *= Math.max(0, Math.min(end, inSp[a]) - Math.max(start, 0));
    clipped *= Math.min(end, inSp[a] + pe) - start;
    kernel *= ek;
  }
  const divisor = spec.divisorOverride ? spec.divisorOverride : spec.countIncludePad ? (spec.divisorFullWindow ? kernel : clipped) : inside;
  return { divisor, inside, clipped, kernel };
}

/** The input cells (spatial multi-indices) of window o. */
function windowCells(spec, inSp, o) {
  let cells = [[]];
  for (let a = 0; a < inSp.length; a++) {
    const { k, s, d, pb } = axisOf(spec, a);
    const along = [];
    for (let t = 0; t < k; t++) {
      const i = o[a] * s - pb + t * d;
      if (i >= 0 && i < inSp[a]) along.push(i);
    }
    cells = cells.flatMap((c) => along.map((i) => [...c, i]));
  }
  return cells;
}

function flatOf(idx, shape) {
  let f = 0;
  for (let a = 0; a < idx.length; a++) f = f * shape[a] + idx[a];
  return f;
}

/** The next multi-index of a box in row-major order (the last axis fastest), in place. */
function step(o, box) {
  for (let a = o.length - 1; a >= 0; a--) {
    if (++o[a] < box[a]) return;
    o[a] = 0;
  }
}

/** Checks the arguments' types once (the view builds them; a wrong one is a programming error). */
function checkArgs(input, columns) {
  if (!input || typeof input !== 'object' || !input.data || typeof input.data.length !== 'number' || !Array.isArray(input.shape)) {
    throw new TypeError('compareReasons: input must be {data, shape}');
  }
  if (!Array.isArray(columns)) throw new TypeError('compareReasons: columns must be an array');
  if (input.shape.length < 3 || input.shape.length > 4 || !input.shape.every((v) => Number.isSafeInteger(v) && v >= 0) ||
    prod(input.shape) !== input.data.length) {
    throw new RangeError('compareReasons: input must be {data, shape} with shape [N, C, L] or [N, C, H, W] that data fills');
  }
}

/** A tensor whose shape is a list of sizes that `data` fills: the scan below is bounded by data it has. */
const tensorOk = (t, rank) => !!t && !!t.data && typeof t.data.length === 'number' && Array.isArray(t.shape) &&
  t.shape.length === rank && t.shape.every((v) => Number.isSafeInteger(v) && v >= 0) && prod(t.shape) === t.data.length;

/** A column with a result and a spec that compareReasons can read (others are not compared). */
const usable = (c, input) => !!c && typeof c === 'object' && !!c.spec && typeof c.spec === 'object' && !!c.result &&
  tensorOk(c.result.output, input.shape.length) && tensorOk(c.result.gradInput, input.shape.length) &&
  c.result.output.shape[0] === input.shape[0] && c.result.output.shape[1] === input.shape[1] &&
  c.result.gradInput.data.length === input.data.length;

/**
 * The reasons of every difference between each column and the first: one entry per rule and pair
 * of frameworks (see the header). options.grad: the loss ('mean' default, 'sum', 'custom'), for the
 * gradient's words. Columns that agree give no entry.
 */
export function compareReasons(input, columns, options = {}) {
  checkArgs(input, columns);
  const base = columns[0];
  if (!usable(base, input)) return [];
  const ctx = { input, N: input.shape[0], C: input.shape[1], inSp: input.shape.slice(2), grad: options?.grad ?? 'mean' };
  const entries = [];
  for (const col of columns.slice(1)) if (usable(col, input)) entries.push(...comparePair(ctx, base, col));
  return entries;
}

/** Text of both languages from one words key and its parameters (a function of the language's words). */
const say = (build) => Object.fromEntries(LANGS.map((l) => [l, build(COMPARE_WORDS[l], l)]));

/** A cell's name: y[i, j] when the tensor is one plane, else y[n, c, i, j]. */
function namer(ctx) {
  const one = ctx.N * ctx.C === 1;
  return (sym, n, c, idx) => `${sym}[${(one ? idx : [n, c, ...idx]).join(', ')}]`;
}

function comparePair(ctx, A, B) {
  const { N, C, inSp } = ctx;
  const dims = inSp.length;
  const name = namer(ctx);
  const fw = [A.framework, B.framework];
  const spA = A.result.output.shape.slice(2);
  const spB = B.result.output.shape.slice(2);
  const yA = A.result.output.data;
  const yB = B.result.output.data;
  const outA = prod(spA), outB = prod(spB);
  const box = spA.map((v, a) => Math.max(v, spB[a]));
  const boxN = prod(box);
  const planeN = prod(inSp);
  const shifted = inSp.map((_, a) => axisOf(A.spec, a).pb !== axisOf(B.spec, a).pb);
  // windows of another extent: a dilation one framework has and the other has not (TensorFlow's max_pool)
  const spread = inSp.map((_, a) => axisOf(A.spec, a).ek !== axisOf(B.spec, a).ek);
  const kind = A.spec.kind === 'avg' || B.spec.kind === 'avg' ? 'avg' : 'max';

  // every differing output position, sorted into the rule that explains it
  const groups = { 'output-size': [], dilation: [], 'padding-placement': [], divisor: new Map(), 'divisor-overhang': new Map(), nan: [], other: [] };
  const nanCells = new Map(); // flat input position -> name, of the NaNs that changed a window
  for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) {
    const p = n * C + c;
    const o = new Array(dims).fill(0); // the output position, counted up like an odometer (no allocation per cell)
    for (let w = 0; w < boxN; w++, step(o, box)) {
      let inA = true, inB = true;
      for (let a = 0; a < dims; a++) { inA = inA && o[a] < spA[a]; inB = inB && o[a] < spB[a]; }
      const fa = inA ? p * outA + flatOf(o, spA) : -1;
      const fb = inB ? p * outB + flatOf(o, spB) : -1;
      if (inA && inB && sameValue(yA[fa], yB[fb])) continue;
      const cell = { n, c, o: o.slice(), fa, fb };
      if (!inA || !inB) { groups['output-size'].push(cell); continue; }
      if (spread.some(Boolean)) { groups.dilation.push(cell); continue; }
      if (shifted.some(Boolean)) { groups['padding-placement'].push(cell); continue; }
      if (kind === 'avg') {
        const da = windowDivisor(A.spec, inSp, o);
        const db = windowDivisor(B.spec, inSp, o);
        if (da.divisor !== db.divisor) {
          const overhang = !!A.spec.countIncludePad && !!B.spec.countIncludePad && !!A.spec.divisorFullWindow !== !!B.spec.divisorFullWindow;
          const g = groups[overhang ? 'divisor-overhang' : 'divisor'];
          const key = `${da.divisor}/${db.divisor}`;
          if (!g.has(key)) g.set(key, { da, db, cells: [] });
          g.get(key).cells.push(cell);
          continue;
        }
      } else if (!!A.spec.maxSkipsNan !== !!B.spec.maxSkipsNan) {
        const nans = windowCells(A.spec, inSp, o).map((idx) => p * planeN + flatOf(idx, inSp)).filter((j) => Number.isNaN(ctx.input.data[j]));
        if (nans.length) {
          for (const j of nans) nanCells.set(j, name('x', n, c, unflatten(j % planeN, inSp)));
          groups.nan.push(cell);
          continue;
        }
      }
      groups.other.push(cell);
    }
  }

  const entries = [];
  const yName = (cell) => name('y', cell.n, cell.c, cell.o);
  // the first few cells' names (the words list at most 4, then the count)
  const yNames = (cells) => cells.slice(0, 5).map(yName);
  const push = (rule, cells, text, more = {}) => entries.push({
    rule, frameworks: fw.slice(),
    cells: { output: cells.filter((x) => x.fb >= 0).map((x) => x.fb), gradInput: [], ...more },
    baseCells: { output: cells.filter((x) => x.fa >= 0).map((x) => x.fa) },
    text,
  });
  const setA = settingOf(A), setB = settingOf(B);

  if (groups.dilation.length) {
    const byAxes = new Map();
    inSp.forEach((_, a) => {
      if (!spread[a]) return;
      const x = axisOf(A.spec, a), y = axisOf(B.spec, a);
      const key = [x.k, x.d, y.k, y.d].join();
      if (!byAxes.has(key)) byAxes.set(key, { x, y, axes: [] });
      byAxes.get(key).axes.push(AXES(dims)[a]);
    });
    const groupsOf = [...byAxes.values()];
    push('dilation', groups.dilation, say((W) => groupsOf.map(({ x, y, axes }) => W.dilation({
      axes: W.axes(axes.map((k) => W.axis[k])), a: fw[0], b: fw[1], kA: x.k, dA: x.d, spanA: x.ek, kB: y.k, dB: y.d, spanB: y.ek,
    })).join(W.join)));
  }

  if (groups['padding-placement'].length) {
    // one sentence per group of axes padded alike
    const sentences = [];
    const byPads = new Map();
    inSp.forEach((_, a) => {
      if (!shifted[a]) return;
      const x = axisOf(A.spec, a), y = axisOf(B.spec, a);
      const key = [x.pb, x.pe, y.pb, y.pe].join();
      if (!byPads.has(key)) byPads.set(key, { x, y, axes: [] });
      byPads.get(key).axes.push(AXES(dims)[a]);
    });
    for (const { x, y, axes } of byPads.values()) {
      sentences.push((W) => W.placement({
        axes: W.axes(axes.map((k) => W.axis[k])), a: fw[0], b: fw[1],
        settingA: W.setting(fw[0], setA), settingB: W.setting(fw[1], setB),
        padsA: W.pads(x.pb, x.pe), padsB: W.pads(y.pb, y.pe), shift: x.pb - y.pb,
      }));
    }
    push('padding-placement', groups['padding-placement'], say((W) => sentences.map((s) => s(W)).join(W.join)));
  }

  if (groups['output-size'].length) {
    // one sentence per group of axes with the same numbers
    const byNumbers = new Map();
    inSp.forEach((inN, a) => {
      if (spA[a] === spB[a]) return;
      const fa = sizeFormulaOf(A.spec, setA, inN, a);
      const fb = sizeFormulaOf(B.spec, setB, inN, a);
      // the formula is shown only when it gives the library's size (else just the count)
      if (fa.out !== spA[a]) Object.assign(fa, { form: 'count', out: spA[a] });
      if (fb.out !== spB[a]) Object.assign(fb, { form: 'count', out: spB[a] });
      const key = JSON.stringify([fa, fb]);
      if (!byNumbers.has(key)) byNumbers.set(key, { fa, fb, axes: [] });
      byNumbers.get(key).axes.push(AXES(dims)[a]);
    });
    const sentences = [...byNumbers.values()].map(({ fa, fb, axes }) => (W) => {
      const why = [];
      for (const [f, fwk] of [[fa, fw[0]], [fb, fw[1]]]) {
        if (f.form === 'same' || f.form === 'valid') why.push(W.sizeWhy[f.form](fwk));
        if (f.form === 'ceil') why.push(W.sizeWhy.ceil(fwk));
        if (f.dropped) why.push(W.sizeWhy.dropped(fwk));
      }
      const label = (f, s) => (f.form === 'same' || f.form === 'valid' ? s.value : f.form === 'ceil' ? 'ceil_mode=True' : '');
      return W.outputSize({
        axes: W.axes(axes.map((k) => W.axis[k])), a: fw[0], b: fw[1],
        fa: { ...fa, label: label(fa, setA) }, fb: { ...fb, label: label(fb, setB) }, why,
      });
    });
    const extra = groups['output-size'];
    push('output-size', extra, say((W) => [...sentences.map((s) => s(W)), W.extraCells(yNames(extra), extra.length)].join(W.join)));
  }

  if (groups.divisor.size) {
    const parts = [...groups.divisor.values()];
    const all = parts.flatMap((g) => g.cells);
    push('divisor', all, say((W) => parts.map(({ da, db, cells }) => {
      const names = W.cells(yNames(cells), cells.length);
      if (A.spec.divisorOverride || B.spec.divisorOverride) {
        const [who, other, dOther] = A.spec.divisorOverride ? [fw[0], fw[1], db] : [fw[1], fw[0], da];
        return W.divisorOverride({ cells: names, dA: da.divisor, dB: db.divisor, who, value: (A.spec.divisorOverride || B.spec.divisorOverride), other, otherDivisor: dOther.divisor });
      }
      if (!!A.spec.countIncludePad !== !!B.spec.countIncludePad) {
        const [counter, other, dc, dOther] = A.spec.countIncludePad ? [fw[0], fw[1], da, db] : [fw[1], fw[0], db, da];
        return W.divisorCounts({
          cells: names, a: fw[0], b: fw[1], dA: da.divisor, dB: db.divisor, counter, other,
          padded: dc.divisor - dc.inside, inside: dOther.divisor, otherWhy: W.divisorOtherWhy[other] ?? '',
        });
      }
      return W.divisorEnds({ cells: names, a: fw[0], b: fw[1], dA: da.divisor, dB: db.divisor });
    }).join(W.join)));
  }

  if (groups['divisor-overhang'].size) {
    const parts = [...groups['divisor-overhang'].values()];
    push('divisor-overhang', parts.flatMap((g) => g.cells), say((W) => parts.map(({ da, db, cells }) => {
      const [full, clipped, dF, dC] = A.spec.divisorFullWindow ? [fw[0], fw[1], da, db] : [fw[1], fw[0], db, da];
      return W.overhang({
        cells: W.cells(yNames(cells), cells.length), full, clipped, dFull: dF.divisor, dClipped: dC.divisor,
        kernel: dF.kernel, hang: dF.kernel - dF.clipped,
      });
    }).join(W.join)));
  }

  if (groups.nan.length) {
    const [taker, skipper] = A.spec.maxSkipsNan ? [fw[1], fw[0]] : [fw[0], fw[1]];
    const xs = [...nanCells.values()];
    const ys = groups.nan;
    push('nan', ys, say((W) => W.nan({ xs: W.cells(xs.slice(0, 5), xs.length), count: xs.length, taker, skipper, ys: W.cells(yNames(ys), ys.length), changed: ys.length })));
  }

  if (groups.other.length) {
    push('other', groups.other, say((W) => W.other({ cells: W.cells(yNames(groups.other), groups.other.length) })));
  }

  const layout = indexLayout(ctx, A, B, name);
  if (layout) entries.push(layout);

  const grad = gradientEntry(ctx, A, B, entries, outA * N * C, outB * N * C, kind);
  if (grad) entries.push(grad);
  return entries;
}

// ---- index layout ----

/** How each framework writes a max's argmax (the layout names of compare-words.js). */
function layoutOf(col) {
  if (col.framework === 'onnx') return 'tensor';
  if (col.framework === 'tensorflow') {
    const set = col.settings ?? col.attributes ?? {};
    return set.includeBatchInIndex === false ? 'nhwc-plane' : 'nhwc';
  }
  return 'plane';
}

/** The number a layout writes for input cell (n, c, idx). */
function encode(layout, ctx, n, c, idx) {
  const { C, inSp } = ctx;
  const flat = flatOf(idx, inSp);
  switch (layout) {
    case 'tensor': return (n * C + c) * prod(inSp) + flat;
    case 'nhwc': return (n * prod(inSp) + flat) * C + c;
    case 'nhwc-plane': return flat * C + c;
    default: return flat;
  }
}

/** The input cell {n, c, idx} a layout's number names, for the output cell of plane (n, c). */
function decode(layout, ctx, n, c, v) {
  const { C, inSp } = ctx;
  const P = prod(inSp);
  switch (layout) {
    case 'tensor': return { n: Math.floor(v / (C * P)), c: Math.floor(v / P) % C, idx: unflatten(v % P, inSp) };
    case 'nhwc': return { n: Math.floor(v / (P * C)), c: v % C, idx: unflatten(Math.floor(v / C) % P, inSp) };
    case 'nhwc-plane': return { n, c: v % C, idx: unflatten(Math.floor(v / C) % P, inSp) };
    default: return { n, c, idx: unflatten(v % P, inSp) };
  }
}

/**
 * The argmax number a column holds for output cell (n, c, o). Its indices are laid out NCHW (like
 * the output) unless indices.layout is 'NHWC' or their shape is [N, ...spatial, C] and not the
 * output's (a shape that fits both, C equal to the spatial sizes, is read as NCHW).
 */
function indexAt(col, ctx, n, c, o) {
  const ind = col.result.indices;
  const outSp = col.result.output.shape.slice(2);
  const nchw = [ctx.N, ctx.C, ...outSp];
  const nhwc = [ctx.N, ...outSp, ctx.C];
  const same = (s) => s.length === ind.shape.length && s.every((v, i) => v === Number(ind.shape[i]));
  const channelsLast = ind.layout === 'NHWC' || (ind.layout !== 'NCHW' && !same(nchw) && same(nhwc));
  const at = channelsLast ? flatOf([n, ...o, c], nhwc) : flatOf([n, c, ...o], nchw);
  return Number(ind.data[at]);
}

function indexLayout(ctx, A, B, name) {
  const fits = (col) => !!col.result.indices?.data && Array.isArray(col.result.indices.shape) && col.result.indices.data.length === col.result.output.data.length;
  if (!fits(A) || !fits(B)) return null;
  const sp = A.result.output.shape.slice(2);
  if (sp.some((v, a) => v !== B.result.output.shape[a + 2])) return null;
  const { N, C } = ctx;
  const cells = [];
  let example = null;
  for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) for (let w = 0; w < prod(sp); w++) {
    const o = unflatten(w, sp);
    const va = indexAt(A, ctx, n, c, o), vb = indexAt(B, ctx, n, c, o);
    if (va === vb || !(va >= 0) || !(vb >= 0)) continue; // -1: a window of padding only
    const la = layoutOf(A), lb = layoutOf(B);
    const pa = decode(la, ctx, n, c, va), pb = decode(lb, ctx, n, c, vb);
    if (pa.n !== pb.n || pa.c !== pb.c || pa.idx.some((v, i) => v !== pb.idx[i])) continue; // another cell: another rule's doing
    cells.push((n * C + c) * prod(sp) + w);
    if (!example) example = { n, c, o, at: pa, va, vb, la, lb };
  }
  if (!cells.length) return null;
  const e = example;
  const layouts = [[A.framework, e.la, e.va, true], [B.framework, e.lb, e.vb, true]];
  for (const [fwk, lay] of [['pytorch', 'plane'], ['onnx', 'tensor'], ['tensorflow', 'nhwc']]) {
    if (!layouts.some(([f]) => f === fwk)) layouts.push([fwk, lay, encode(lay, ctx, e.at.n, e.at.c, e.at.idx), false]);
  }
  const numbers = layouts.map(([fwk, layout, value, shown]) => ({ fw: fwk, layout, value, shown }));
  return {
    rule: 'index-layout', frameworks: [A.framework, B.framework],
    cells: { output: [], gradInput: [], indices: cells }, baseCells: { output: [] },
    text: say((W) => W.indexLayout({
      y: name('y', e.n, e.c, e.o), x: name('x', e.at.n, e.at.c, e.at.idx), dims: ctx.inSp.length, numbers, count: cells.length,
    })),
  };
}

// ---- the gradient ----

/** Whether both columns' dL/dy is the mean's 1/numel(y) (their gradOutput; else options.grad). */
function meanLoss(ctx, A, B, numelA, numelB) {
  const gA = A.result.gradOutput?.data, gB = B.result.gradOutput?.data;
  if (!gA || !gB) return ctx.grad === 'mean';
  const all = (g, v) => g.length > 0 && Array.prototype.every.call(g, (x) => x === v);
  return all(gA, Math.fround(1 / numelA)) && all(gB, Math.fround(1 / numelB));
}

function gradientEntry(ctx, A, B, entries, numelA, numelB, kind) {
  const gA = A.result.gradInput.data, gB = B.result.gradInput.data;
  const diff = [];
  for (let j = 0; j < Math.min(gA.length, gB.length); j++) if (!sameValue(gA[j], gB[j])) diff.push(j);
  if (!diff.length) return null;
  const name = namer(ctx);
  const P = prod(ctx.inSp);
  const xs = diff.slice(0, 5).map((j) => name('x', Math.floor(j / (ctx.C * P)), Math.floor(j / P) % ctx.C, unflatten(j % P, ctx.inSp)));
  const rules = [...new Set(entries.map((e) => e.rule).filter((r) => r !== 'index-layout' && r !== 'other'))];
  const fw = [A.framework, B.framework];
  const mean = numelA !== numelB && meanLoss(ctx, A, B, numelA, numelB);
  const entry = { rule: 'gradient-routing', frameworks: fw.slice(), cells: { output: [], gradInput: diff }, baseCells: { output: [] } };
  if (!rules.length && !mean) {
    entry.text = say((W) => (kind === 'max'
      ? W.gradientTie({ cells: W.cellsShort(xs, diff.length), count: diff.length, a: fw[0], b: fw[1] })
      : W.other({ cells: W.cells(xs, diff.length) })));
    return entry;
  }
  const [taker, skipper] = A.spec.maxSkipsNan ? [fw[1], fw[0]] : [fw[0], fw[1]];
  entry.text = say((W) => {
    const why = [];
    if (rules.includes('padding-placement') || rules.includes('output-size') || rules.includes('dilation')) why.push(W.gradWhy.windows);
    if (rules.includes('divisor') || rules.includes('divisor-overhang')) why.push(W.gradWhy.divisor);
    if (rules.includes('nan')) why.push(W.gradWhy.nan(taker, skipper));
    if (mean) why.push(W.gradWhy.mean(fw[0], fw[1], numelA, numelB));
    const named = rules.length ? rules : ['output-size'];
    return W.gradient({ cells: W.cellsShort(xs, diff.length), count: diff.length, rules: named.map((r) => W.ruleName[r]), why });
  });
  return entry;
}
