// formulas.js: the formulas panel, rendered with KaTeX (MathML output: no font or CSS download,
// and screen readers read it). The TeX sources hold only numbers from the library and fixed
// symbols, never user text. The numbers substituted are the state's parameters; every result
// (output size, N_B, B_c, gradients) is the library's.
//
// KaTeX is loaded on first use, with a relative dynamic import (no bare specifier: the widget
// loads from any static host); nothing else waits for it. If it cannot be loaded, the formulas
// are shown as plain text. The panel (FormulasPanel) is drawn in an animation frame after the
// render that changed it, and only near the viewport.
import { formatShort } from './format.js';
import { unflatten } from './shape.js';
import { setHidden } from './dom.js';

let katexLoad = null; // Promise of the KaTeX module's default export, or null when it failed

/** Loads KaTeX once; resolves to null (never rejects) when it cannot be loaded. */
function loadKatex() {
  katexLoad ??= import('./vendor/katex.mjs').then((m) => m.default ?? m, () => null);
  return katexLoad;
}

// Rendered MathML by TeX source: most formulas repeat from one render to the next.
const cache = new Map();
function tex(katex, src) {
  let out = cache.get(src);
  if (out === undefined) {
    out = katex.renderToString(src, { output: 'mathml', displayMode: true, throwOnError: false, strict: false });
    if (cache.size > 500) cache.clear();
    cache.set(src, out);
  }
  return out;
}

/** A number in TeX: as shown in the cells (format.js), infinities and NaN as symbols. */
function num(v) {
  if (Number.isNaN(v)) return '\\text{NaN}';
  if (v === Infinity) return '\\infty';
  if (v === -Infinity) return '-\\infty';
  return formatShort(v);
}

const AXIS = ['D', 'H', 'W'];

/**
 * The formulas panel (a view with the state it needs to draw late): update(snap) takes each
 * snapshot; the panel draws the last one in an animation frame, once it is near the viewport
 * (an IntersectionObserver, connected while the element is: disconnect() leaves nothing running).
 */
export class FormulasPanel {
  constructor() {
    this.root = document.createElement('section');
    this.root.className = 'formulas';
    this.snap = null;
    this.drawn = null; // the snapshot's plane, state and strings last drawn
    this.key = ''; // the blocks on screen (or loading)
    this.frame = 0;
    this.near = typeof IntersectionObserver === 'undefined';
    this.observer = this.near ? null : new IntersectionObserver((entries) => {
      this.near = entries[entries.length - 1].isIntersecting;
      this.schedule();
    }, { rootMargin: '100% 0px' });
  }

  connect() {
    this.observer?.observe(this.root);
  }

  /** Stops watching the viewport and drops a pending frame (the element left the page). */
  disconnect() {
    this.observer?.disconnect();
    if (this.frame) (typeof cancelAnimationFrame === 'function' ? cancelAnimationFrame : clearTimeout)(this.frame);
    this.frame = 0;
  }

  update(snap) {
    this.snap = snap;
    setHidden(this.root, !snap.state.show.includes('formulas'));
    this.schedule();
  }

  schedule() {
    const s = this.snap;
    if (!s?.plane || this.root.hidden || !this.near || this.frame || !this.root.isConnected) return;
    const d = this.drawn;
    if (d && d.plane === s.plane && d.valid === s.valid && d.t === s.t) return;
    const draw = () => {
      this.frame = 0;
      this.draw();
    };
    this.frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(draw) : setTimeout(draw, 0);
  }

  draw() {
    const s = this.snap;
    if (!s?.plane || this.root.hidden) return;
    this.drawn = { plane: s.plane, valid: s.valid, t: s.t };
    const P = s.plane;
    const blocks = formulaBlocks({
      t: s.t, state: s.valid, inShape: P.inShape, outShape: P.outShape, windowsPerPlane: P.windows,
      divisors: P.divisors, counts: P.counts, gradInput: P.gradInput, outNumel: P.outNumel,
    });
    const key = JSON.stringify(blocks);
    if (this.key === key) return;
    this.key = key;
    const root = this.root;
    root.setAttribute('aria-busy', 'true');
    loadKatex().then((katex) => {
      if (this.key !== key) return; // a newer render took over
      drawBlocks(root, blocks, katex);
      root.removeAttribute('aria-busy');
    });
  }
}

/**
 * The panel as data: [kind, text or TeX, class?] (kinds: h3, h4, p, math, ul).
 * ctx: {t (strings), state, inShape (spatial), outShape (spatial), windowsPerPlane, divisors,
 *       counts, gradInput, outNumel}
 */
export function formulaBlocks(ctx) {
  const { t, state, inShape, outShape } = ctx;
  const out = [['h3', t.formulas]];
  const axes = state.dims === 1 ? ['L'] : AXIS.slice(3 - state.dims);
  const pick = (v, a) => (v.length === 1 ? v[0] : v[a]);

  // output size per dimension
  out.push(['h4', t.outSize]);
  const br = state.ceilMode ? ['\\left\\lceil', '\\right\\rceil'] : ['\\left\\lfloor', '\\right\\rfloor'];
  const general = state.op === 'max'
    ? `${axes[0]}_{\\text{out}} = ${br[0]} \\frac{${axes[0]}_{\\text{in}} + 2p - d\\,(k-1) - 1}{s} ${br[1]} + 1`
    : `${axes[0]}_{\\text{out}} = ${br[0]} \\frac{${axes[0]}_{\\text{in}} + 2p - k}{s} ${br[1]} + 1`;
  out.push(['math', general]);
  const dropped = [];
  for (let a = 0; a < state.dims; a++) {
    const k = pick(state.kernelSize, a);
    const s = pick(state.stride, a);
    const p = pick(state.padding, a);
    const d = pick(state.dilation, a);
    const body = state.op === 'max'
      ? `${inShape[a]} + 2\\cdot ${p} - ${d}\\cdot(${k}-1) - 1`
      : `${inShape[a]} + 2\\cdot ${p} - ${k}`;
    // The output size is the core's. The bracket is evaluated as written only so the equation
    // shown is true: in ceil_mode a last window that would start in the right padding is dropped
    // (pooling_output_shape_pad_lr, https://github.com/pytorch/pytorch/blob/main/aten/src/ATen/native/Pool.h),
    // one less than the bracket says.
    const numerator = state.op === 'max' ? inShape[a] + 2 * p - d * (k - 1) - 1 : inShape[a] + 2 * p - k;
    const drop = (state.ceilMode ? Math.ceil : Math.floor)(numerator / s) + 1 - outShape[a];
    if (drop) dropped.push(axes[a]);
    out.push(['math', `${axes[a]}_{\\text{out}} = ${br[0]} \\frac{${body}}{${s}} ${br[1]} + 1${drop ? ` - ${drop}` : ''} = ${outShape[a]}`]);
  }
  out.push(['p', state.ceilMode ? t.ceilModeNote : t.floorMode, 'muted']);
  if (dropped.length) out.push(['p', t.ceilDropped(dropped.join(', ')), 'muted']);

  // N_B
  // (one axis: N_B = 5, not "N_B = 5 = 5")
  out.push(['math', outShape.length > 1 ? `N_B = ${outShape.join(' \\times ')} = ${ctx.windowsPerPlane}` : `N_B = ${ctx.windowsPerPlane}`]);
  if (state.grad === 'mean') {
    out.push(['p', t.meanNote, 'muted']);
    out.push(['math', `\\frac{\\partial L}{\\partial y_w} = \\frac{1}{\\operatorname{numel}(y)} = \\frac{1}{${ctx.outNumel}} \\approx ${num(1 / ctx.outNumel)}`]);
  }

  // gradient rule
  if (state.op === 'max') {
    out.push(['h4', t.maxRule]);
    out.push(['math', '\\frac{\\partial L}{\\partial x_i} = \\sum_{w:\\ \\operatorname{argmax}(w) = i} \\frac{\\partial L}{\\partial y_w}']);
    if (state.grad === 'mean' && state.batch * state.channels === 1) {
      out.push(['math', '\\frac{\\partial L}{\\partial x_i} = \\frac{\\text{count}_i}{N_B}']);
      const ex = example(ctx);
      if (ex) out.push(['math', `\\text{e.g. } x_{${ex.pos}}:\\ \\frac{${ex.count}}{${ctx.windowsPerPlane}} = ${num(ex.grad)}`]);
    }
  } else {
    out.push(['h4', t.avgRule]);
    out.push(['math', '\\frac{\\partial L}{\\partial x_i} = \\sum_{w \\ni i} \\frac{1}{B_c(w)} \\, \\frac{\\partial L}{\\partial y_w}']);
    if (state.grad === 'mean' && state.batch * state.channels === 1) {
      out.push(['math', '\\frac{\\partial L}{\\partial x_i} = \\sum_{w \\ni i} \\frac{1}{N_B \\, B_c(w)}']);
    }
    out.push(['h4', t.bc]);
    const over = state.divisorOverride !== null;
    out.push(['ul', [
      [t.bcInclude, !over && state.countIncludePad ? 'on' : ''],
      [t.bcExclude, !over && !state.countIncludePad ? 'on' : ''],
      [t.bcOverride, over ? 'on' : ''],
    ]]);
    if (ctx.divisors) {
      const uniq = [...new Set(Array.from(ctx.divisors))].sort((x, y) => x - y);
      out.push(['math', `B_c \\in \\{ ${uniq.slice(0, 12).map(num).join(', ')}${uniq.length > 12 ? ', \\dots' : ''} \\}`]);
    }
  }

  // overlapping windows
  out.push(['h4', t.overlapTitle]);
  out.push(['p', t.overlapText]);
  return out;
}

/** The input cell with the largest routing count (for a worked example). */
function example(ctx) {
  const c = ctx.counts;
  let best = -1;
  for (let j = 0; j < c.length; j++) if (best < 0 || c[j] > c[best]) best = j;
  if (best < 0 || c[best] === 0) return null;
  return { pos: unflatten(best, ctx.inShape).join(','), count: c[best], grad: ctx.gradInput[best] };
}

function drawBlocks(root, blocks, katex) {
  const frag = document.createDocumentFragment();
  for (const [kind, body, cls] of blocks) {
    if (kind === 'math') frag.appendChild(math(katex, body));
    else if (kind === 'ul') {
      const ul = document.createElement('ul');
      for (const [text, c] of body) ul.appendChild(el('li', text, c));
      frag.appendChild(ul);
    } else frag.appendChild(el(kind, body, cls));
  }
  root.replaceChildren(frag);
}

function el(tag, text, cls) {
  const n = document.createElement(tag);
  n.textContent = text;
  if (cls) n.className = cls;
  return n;
}

function math(katex, src) {
  const d = document.createElement('div');
  d.className = 'f';
  if (katex) {
    try {
      d.innerHTML = tex(katex, src); // TeX built above from numbers and fixed symbols only
      return d;
    } catch {
      // fall through to text
    }
  }
  d.classList.add('plain');
  d.textContent = texToText(src);
  return d;
}

// ---------------------------------------------------------------------------------------------
// plain text for a formula when KaTeX is not available (only the TeX this file writes)

const SYMBOLS = {
  partial: '∂', sum: 'Σ', cdot: ' · ', times: ' × ', approx: ' ≈ ', in: ' ∈ ', ni: ' ∋ ', infty: '∞', dots: '… ',
  lfloor: '⌊', rfloor: '⌋ ', lceil: '⌈', rceil: '⌉ ', left: '', right: '', ',': ' ', ' ': ' ', '{': '{', '}': '}',
};

/** A readable plain-text form of the TeX above: \frac{a}{b} -> (a)/(b), \partial -> ∂, ... */
export function texToText(src) {
  let i = 0;
  const group = () => {
    // one argument: {...} or a single character
    while (src[i] === ' ') i++;
    if (src[i] !== '{') return src[i++] ?? '';
    i++;
    const s = seq('}');
    i++;
    return s;
  };
  const wrap = (s) => (/^[\w.∂]+$/u.test(s) ? s : `(${s})`);
  const seq = (end) => {
    let out = '';
    while (i < src.length && src[i] !== end) {
      const ch = src[i];
      if (ch === '\\') {
        i++;
        const m = /^[a-zA-Z]+/.exec(src.slice(i));
        const name = m ? m[0] : src[i];
        i += name.length;
        if (m) while (src[i] === ' ') i++; // TeX ignores spaces after a control word
        if (name === 'frac') {
          const a = group();
          const b = group();
          out += `${wrap(a)}/${wrap(b)}`;
        } else if (name === 'text' || name === 'operatorname') out += group();
        else out += SYMBOLS[name] ?? name;
      } else if (ch === '_' || ch === '^') {
        i++;
        const g = group();
        out += `${ch}${/^[\w,]+$/u.test(g) ? g : `{${g}}`}`;
      } else if (ch === '{') {
        i++;
        out += seq('}');
        i++;
      } else {
        out += ch;
        i++;
      }
    }
    return out;
  };
  return seq(undefined).replace(/\s+/g, ' ').trim();
}
