// formulas.js: the formulas panel, rendered with KaTeX (MathML output: no font or CSS download,
// and screen readers read it). The TeX sources hold only numbers from the library and fixed
// symbols, never user text. The numbers substituted are the state's parameters; every result
// (output size, N_B, B_c, gradients) is the library's.
import katex from 'katex';

// Rendered MathML by TeX source: most formulas repeat from one render to the next.
const cache = new Map();
function tex(src) {
  let out = cache.get(src);
  if (out === undefined) {
    out = katex.renderToString(src, { output: 'mathml', displayMode: true, throwOnError: false, strict: false });
    if (cache.size > 500) cache.clear();
    cache.set(src, out);
  }
  return out;
}

function num(v) {
  if (Number.isNaN(v)) return '\\text{NaN}';
  if (v === Infinity) return '\\infty';
  if (v === -Infinity) return '-\\infty';
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(4)));
}

const AXIS = ['D', 'H', 'W'];

/**
 * Fills `root` (an element) with the formulas for the current view.
 * ctx: {t (strings), state, inShape (spatial), outShape (spatial), windowsPerPlane, divisors,
 *       counts, gradInput, outNumel}
 */
export function renderFormulas(root, ctx) {
  const { t, state, inShape, outShape } = ctx;
  root.textContent = '';
  const h3 = el('h3', t.formulas);
  root.appendChild(h3);
  const axes = state.dims === 1 ? ['L'] : AXIS.slice(3 - state.dims);
  const pick = (v, a) => (v.length === 1 ? v[0] : v[a]);

  // output size per dimension
  root.appendChild(el('h4', t.outSize));
  const br = state.ceilMode ? ['\\left\\lceil', '\\right\\rceil'] : ['\\left\\lfloor', '\\right\\rfloor'];
  const general = state.op === 'max'
    ? `${axes[0]}_{\\text{out}} = ${br[0]} \\frac{${axes[0]}_{\\text{in}} + 2p - d\\,(k-1) - 1}{s} ${br[1]} + 1`
    : `${axes[0]}_{\\text{out}} = ${br[0]} \\frac{${axes[0]}_{\\text{in}} + 2p - k}{s} ${br[1]} + 1`;
  root.appendChild(math(general));
  for (let a = 0; a < state.dims; a++) {
    const k = pick(state.kernelSize, a);
    const s = pick(state.stride, a);
    const p = pick(state.padding, a);
    const d = pick(state.dilation, a);
    const body = state.op === 'max'
      ? `${inShape[a]} + 2\\cdot ${p} - ${d}\\cdot(${k}-1) - 1`
      : `${inShape[a]} + 2\\cdot ${p} - ${k}`;
    root.appendChild(math(`${axes[a]}_{\\text{out}} = ${br[0]} \\frac{${body}}{${s}} ${br[1]} + 1 = ${outShape[a]}`));
  }
  root.appendChild(el('p', state.ceilMode ? t.ceilModeNote : t.floorMode, 'muted'));

  // N_B
  root.appendChild(math(`N_B = ${outShape.join(' \\times ')} = ${ctx.windowsPerPlane}`));
  if (state.grad === 'mean') {
    root.appendChild(el('p', t.meanNote, 'muted'));
    root.appendChild(math(`\\frac{\\partial L}{\\partial y_w} = \\frac{1}{\\operatorname{numel}(y)} = \\frac{1}{${ctx.outNumel}} \\approx ${num(1 / ctx.outNumel)}`));
  }

  // gradient rule
  if (state.op === 'max') {
    root.appendChild(el('h4', t.maxRule));
    root.appendChild(math('\\frac{\\partial L}{\\partial x_i} = \\sum_{w:\\ \\operatorname{argmax}(w) = i} \\frac{\\partial L}{\\partial y_w}'));
    if (state.grad === 'mean' && state.batch * state.channels === 1) {
      root.appendChild(math('\\frac{\\partial L}{\\partial x_i} = \\frac{\\text{count}_i}{N_B}'));
      const ex = example(ctx);
      if (ex) root.appendChild(math(`\\text{e.g. } x_{${ex.pos}}:\\ \\frac{${ex.count}}{${ctx.windowsPerPlane}} = ${num(ex.grad)}`));
    }
  } else {
    root.appendChild(el('h4', t.avgRule));
    root.appendChild(math('\\frac{\\partial L}{\\partial x_i} = \\sum_{w \\ni i} \\frac{1}{B_c(w)} \\, \\frac{\\partial L}{\\partial y_w}'));
    if (state.grad === 'mean' && state.batch * state.channels === 1) {
      root.appendChild(math('\\frac{\\partial L}{\\partial x_i} = \\sum_{w \\ni i} \\frac{1}{N_B \\, B_c(w)}'));
    }
    root.appendChild(el('h4', t.bc));
    const ul = document.createElement('ul');
    const over = state.divisorOverride !== null;
    ul.appendChild(el('li', t.bcInclude, !over && state.countIncludePad ? 'on' : ''));
    ul.appendChild(el('li', t.bcExclude, !over && !state.countIncludePad ? 'on' : ''));
    ul.appendChild(el('li', t.bcOverride, over ? 'on' : ''));
    root.appendChild(ul);
    if (ctx.divisors) {
      const uniq = [...new Set(Array.from(ctx.divisors))].sort((x, y) => x - y);
      root.appendChild(math(`B_c \\in \\{ ${uniq.slice(0, 12).map(num).join(', ')}${uniq.length > 12 ? ', \\dots' : ''} \\}`));
    }
  }

  // overlapping windows
  root.appendChild(el('h4', t.overlapTitle));
  root.appendChild(el('p', t.overlapText));
}

/** The input cell with the largest routing count (for a worked example). */
function example(ctx) {
  const c = ctx.counts;
  let best = -1;
  for (let j = 0; j < c.length; j++) if (best < 0 || c[j] > c[best]) best = j;
  if (best < 0 || c[best] === 0) return null;
  const idx = [];
  let k = best;
  for (let a = ctx.inShape.length - 1; a >= 0; a--) {
    idx.unshift(k % ctx.inShape[a]);
    k = Math.floor(k / ctx.inShape[a]);
  }
  return { pos: idx.join(','), count: c[best], grad: ctx.gradInput[best] };
}

function el(tag, text, cls) {
  const n = document.createElement(tag);
  n.textContent = text;
  if (cls) n.className = cls;
  return n;
}

function math(src) {
  const d = document.createElement('div');
  d.className = 'f';
  d.innerHTML = tex(src); // TeX built above from numbers and fixed symbols only
  return d;
}
