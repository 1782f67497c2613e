// formulas.js: the formulas panel, typeset by KaTeX (its HTML output, with KaTeX's stylesheet in
// the shadow root and its fonts registered on the document: vendor/katex-style.mjs). The TeX
// sources hold only numbers from the library and fixed symbols, never user text. The numbers
// substituted are the state's parameters; every result (output size, N_B, B_c, window values,
// gradients, the position matrix) is the library's.
//
// KaTeX is loaded on first use, with a relative dynamic import (no bare specifier: the widget
// loads from any static host); nothing else waits for it. If it cannot be loaded, the formulas
// are shown as plain text. The panel (FormulasPanel) is drawn right after the frame that shows
// the render that changed it, wherever it is on the page.
import { formatShort } from './format.js';
import { unflatten } from './shape.js';
import { setHidden } from './dom.js';
import { windowOnRing } from './padding.js';
import { hasArgmax, isAverage, usesParam, isUnpool, isLp } from './ops.js';
import { answersHidden } from './explain.js';
import { familyFormulas, lpForward, lpBackward, unpoolForward, unpoolBackward } from './family-formulas.js';

let katexLoad = null; // Promise of {katex, css} (katex null when it failed)

/**
 * Loads KaTeX and its style once; resolves (never rejects) to {katex, css}, katex null when it
 * cannot be loaded. KaTeX's fonts are registered on the document, once (Chromium ignores
 * @font-face inside a shadow root); the browser fetches each only when a formula uses it.
 */
function loadKatex() {
  katexLoad ??= Promise.all([import('./vendor/katex.mjs'), import('./vendor/katex-style.mjs')]).then(
    ([m, style]) => {
      registerFonts(style.fonts);
      return { katex: m.default ?? m, css: style.css };
    },
    () => ({ katex: null, css: '' }),
  );
  return katexLoad;
}

function registerFonts(fonts) {
  if (typeof FontFace === 'undefined' || typeof document === 'undefined' || !document.fonts) return;
  for (const f of fonts) {
    try {
      document.fonts.add(new FontFace(f.family, `url("${f.url.href}") format("woff2")`, { style: f.style, weight: f.weight, display: 'block' }));
    } catch {
      // a font that cannot be registered leaves KaTeX's fallback font
    }
  }
}

// Rendered HTML by TeX source: most formulas repeat from one render to the next.
const cache = new Map();
function tex(katex, src) {
  let out = cache.get(src);
  if (out === undefined) {
    // inline mode with \displaystyle: full-size fractions, and a long equation may break after a
    // relation, so that nothing needs a scroll box (a scroll box would be a tab stop)
    out = katex.renderToString(`\\displaystyle ${src}`, { output: 'html', displayMode: false, throwOnError: false, strict: false });
    if (cache.size > 500) cache.clear();
    cache.set(src, out);
  }
  return out;
}

/** A number in TeX: as shown in the cells (format.js), infinities and NaN as symbols. */
export function num(v) {
  if (Number.isNaN(v)) return '\\text{NaN}';
  if (v === Infinity) return '\\infty';
  if (v === -Infinity) return '-\\infty';
  return formatShort(v);
}

const AXIS = ['D', 'H', 'W'];

/**
 * The formulas panel (a view with the state it needs to draw late): update(snap) takes each
 * snapshot; the panel draws the last one in an animation frame. disconnect() drops a pending
 * frame (the element left the page).
 */
export class FormulasPanel {
  constructor() {
    this.root = document.createElement('section');
    this.root.className = 'formulas';
    this.style = document.createElement('style');
    this.body = document.createElement('div');
    this.root.append(this.style, this.body);
    this.snap = null;
    this.drawn = null; // the snapshot's plane, state, strings and window last drawn
    this.key = ''; // the blocks on screen (or loading)
    this.frame = 0; // a pending animation frame
    this.timer = 0; // the pending draw after it
    this.connected = false;
  }

  connect() {
    this.connected = true;
    this.schedule();
  }

  /** Drops a pending frame (the element left the page). */
  disconnect() {
    this.connected = false;
    if (this.frame) (typeof cancelAnimationFrame === 'function' ? cancelAnimationFrame : clearTimeout)(this.frame);
    clearTimeout(this.timer);
    this.frame = 0;
    this.timer = 0;
  }

  update(snap) {
    this.snap = snap;
    setHidden(this.root, !snap.state.show.includes('formulas'));
    this.schedule();
  }

  schedule() {
    const s = this.snap;
    if (!s?.plane || this.root.hidden || !this.connected || this.frame || this.timer) return;
    const d = this.drawn;
    if (d && d.plane === s.plane && d.valid === s.valid && d.t === s.t && d.w === focusWindow(s) && d.hidden === answersHidden(s)) return;
    const draw = () => {
      this.frame = 0;
      this.timer = 0;
      this.draw();
    };
    // right after the frame that shows the new matrices (so they are not delayed by KaTeX)
    const after = () => {
      this.frame = 0;
      this.timer = setTimeout(draw, 0);
    };
    this.frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(after) : setTimeout(draw, 0);
  }

  draw() {
    const s = this.snap;
    if (!s?.plane || this.root.hidden) return;
    const w = focusWindow(s);
    const hidden = answersHidden(s);
    this.drawn = { plane: s.plane, valid: s.valid, t: s.t, w, hidden };
    const P = s.plane;
    const blocks = formulaBlocks({
      t: s.t, state: s.valid, inShape: P.inShape, outShape: P.outShape, windowsPerPlane: P.windows,
      divisors: P.divisors, counts: P.counts, gradInput: P.gradInput, outNumel: P.outNumel, plane: P, focusWindow: w, hidden,
    });
    const key = JSON.stringify(blocks);
    if (this.key === key) return;
    this.key = key;
    const root = this.root;
    root.setAttribute('aria-busy', 'true');
    loadKatex().then(({ katex, css }) => {
      if (this.key !== key) return; // a newer render took over
      if (this.style.textContent !== css) this.style.textContent = css;
      drawBlocks(this.body, blocks, katex);
      root.removeAttribute('aria-busy');
    });
  }
}

/**
 * The window the forward formula shows: the explained output cell's, else the first window of the
 * explained input cell, else (when listing the windows is cheap) the first; null: none.
 */
function focusWindow(snap) {
  const P = snap.plane;
  if (!P) return null;
  const tg = snap.hover ?? snap.focus;
  if (tg?.side === 'out' && tg.k < P.windows) return tg.k;
  if (tg?.side === 'in' && tg.k < P.input.length) return P.windowsOf(tg.k)[0] ?? null;
  const k = snap.valid.kernelSize;
  return P.windows * (k.length === 1 ? k[0] ** snap.valid.dims : k.reduce((a, b) => a * b, 1)) <= CHEAP_TAPS ? 0 : null;
}
const CHEAP_TAPS = 1 << 16;

/**
 * The panel as data: [kind, text or TeX, class?] (kinds: h3, h4, p, math, ul).
 * ctx: {t (strings), state, inShape (spatial), outShape (spatial), windowsPerPlane, divisors,
 *       counts, gradInput, outNumel, plane? (model.js Plane: the focused window's numbers),
 *       focusWindow? (the window the forward formula shows), hidden? (practice: the P / C matrix
 *       is what the learner predicts, not shown)}
 */
export function formulaBlocks(ctx) {
  const { t, state, inShape, outShape } = ctx;
  const out = [['h3', t.formulas]];
  const axes = state.dims === 1 ? ['L'] : AXIS.slice(3 - state.dims);
  const pick = (v, a) => (v.length === 1 ? v[0] : v[a]);
  const max = hasArgmax(state.op);
  const NB = ctx.windowsPerPlane;

  // forward: the focused window with its numbers
  if (ctx.plane) {
    const fwd = ctx.focusWindow === null || ctx.focusWindow === undefined ? null : forward(ctx.plane, ctx.focusWindow, state);
    if (fwd) {
      out.push(['h4', t.fwdTitle]);
      out.push(['math', fwd]);
    }
  }

  // backward in matrix form, as the tutorial writes it
  out.push(['h4', isLp(state.op) ? t.fwLpBwd : isUnpool(state.op) ? t.fwUnpoolBwd : t.bwdTitle]);
  const single = ctx.outNumel === NB; // one (n, c) plane: numel(y) = N_B
  const dy = state.grad === 'mean' ? (single ? 'N_B' : '\\operatorname{numel}(y)') : null;
  const dyNum = state.grad === 'mean' ? ctx.outNumel : 1;
  const mat = smallMatrix(ctx.counts, inShape);
  if (max) {
    if (state.grad === 'custom') {
      out.push(['math', '\\frac{\\partial L}{\\partial x_i} = \\sum_{w:\\ \\operatorname{argmax}(w) = i} \\frac{\\partial L}{\\partial y_w}']);
    } else {
      const factor = dy ? `\\frac{1}{${dy}} = P \\odot \\frac{1}{${dyNum}}` : '1';
      out.push(['math', `\\frac{\\partial L}{\\partial x} = P \\odot ${factor}`]);
      if (mat && !ctx.hidden) out.push(['math', `P = ${mat}`]);
      else if (mat) out.push(['p', t.fwHiddenMatrix, 'muted']);
    }
    out.push(['p', t.posMatrixName, 'muted']);
  } else if (isAverage(state.op)) {
    const uniq = ctx.divisors ? [...new Set(Array.from(ctx.divisors))].sort((x, y) => x - y) : [];
    if (state.grad === 'custom') {
      out.push(['math', '\\frac{\\partial L}{\\partial x_i} = \\sum_{w \\ni i} \\frac{1}{B_c(w)} \\, \\frac{\\partial L}{\\partial y_w}']);
    } else if (uniq.length === 1) {
      const bc = num(uniq[0]);
      const prodNum = dyNum * uniq[0];
      const factor = dy
        ? `\\frac{1}{${dy} \\cdot B_c} = C \\odot \\frac{1}{${dyNum} \\cdot ${bc}} = C \\odot \\frac{1}{${num(prodNum)}}`
        : `\\frac{1}{B_c} = C \\odot \\frac{1}{${bc}}`;
      out.push(['math', `\\frac{\\partial L}{\\partial x} = C \\odot ${factor}`]);
      if (mat && !ctx.hidden) out.push(['math', `C = ${mat}`]);
      else if (mat) out.push(['p', t.fwHiddenMatrix, 'muted']);
    } else {
      out.push(['p', t.unevenDivisors, 'muted']);
      out.push(['math', `\\frac{\\partial L}{\\partial x_i} = \\sum_{w \\ni i} \\frac{1}{${dy ?? '1'} \\cdot B_c(w)}`]);
    }
    out.push(['p', t.coverageName, 'muted']);
  } else if (isLp(state.op)) {
    out.push(...lpBackward(ctx));
  } else if (isUnpool(state.op)) {
    out.push(...unpoolBackward(ctx));
  }
  out.push(['p', t.nbName, 'muted']);
  out.push(['math', state.dims > 1 ? `N_B = ${outShape.join(' \\times ')} = ${NB}` : `N_B = ${NB}`]);
  if (state.grad === 'mean') out.push(['p', isUnpool(state.op) ? t.fwMeanNoteZ : t.meanNote, 'muted']);

  // output size per dimension (the kernel-size formula: max and average pooling)
  if (usesParam(state.op, 'padding') && !isUnpool(state.op)) outputSizeBlocks(out, t, state, inShape, outShape, axes, pick, max);
  else if (isLp(state.op)) {
    // LP pooling is an average pooling of x^p without padding: its output size, padding 0
    outputSizeBlocks(out, t, { ...state, padding: [0], dilation: [1] }, inShape, outShape, axes, pick, false);
    out.push(['p', t.fwLpSize, 'muted']);
  } else {
    out.push(...familyFormulas(ctx, axes)); // adaptive, fractional, unpool, global: output size and window rule
  }
  if (usesParam(state.op, 'countIncludePad')) {
    out.push(['h4', t.bc]);
    const over = state.divisorOverride !== null;
    out.push(['ul', [
      [t.bcInclude, !over && state.countIncludePad ? 'on' : ''],
      [t.bcExclude, !over && !state.countIncludePad ? 'on' : ''],
      [t.bcOverride, over ? 'on' : ''],
    ]]);
  }
  if (isAverage(state.op) && ctx.divisors) {
    const uniq = [...new Set(Array.from(ctx.divisors))].sort((x, y) => x - y);
    out.push(['math', `B_c \\in \\{ ${uniq.slice(0, 12).map(num).join(', ')}${uniq.length > 12 ? ', \\dots' : ''} \\}`]);
  }

  // overlapping windows (not for one window per plane, nor for unpooling's one write per element)
  if (!isUnpool(state.op) && NB > 1) {
    out.push(['h4', t.overlapTitle]);
    out.push(['p', t.overlapText]);
  }
  return out;
}

/** The output size per dimension, PyTorch's pooling_output_shape with the state's numbers. */
function outputSizeBlocks(out, t, state, inShape, outShape, axes, pick, max) {
  out.push(['h4', t.outSize]);
  const br = state.ceilMode ? ['\\left\\lceil', '\\right\\rceil'] : ['\\left\\lfloor', '\\right\\rfloor'];
  const general = max
    ? `${axes[0]}_{\\text{out}} = ${br[0]} \\frac{${axes[0]}_{\\text{in}} + 2p - d\\,(k-1) - 1}{s} ${br[1]} + 1`
    : `${axes[0]}_{\\text{out}} = ${br[0]} \\frac{${axes[0]}_{\\text{in}} + 2p - k}{s} ${br[1]} + 1`;
  out.push(['math', general]);
  const dropped = [];
  for (let a = 0; a < state.dims; a++) {
    const k = pick(state.kernelSize, a);
    const s = pick(state.stride, a);
    const p = pick(state.padding, a);
    const d = pick(state.dilation, a);
    const body = max
      ? `${inShape[a]} + 2\\cdot ${p} - ${d}\\cdot(${k}-1) - 1`
      : `${inShape[a]} + 2\\cdot ${p} - ${k}`;
    // The output size is the core's. The bracket is evaluated as written only so the equation
    // shown is true: in ceil_mode a last window that would start in the right padding is dropped
    // (pooling_output_shape_pad_lr, https://github.com/pytorch/pytorch/blob/main/aten/src/ATen/native/Pool.h),
    // one less than the bracket says.
    const numerator = max ? inShape[a] + 2 * p - d * (k - 1) - 1 : inShape[a] + 2 * p - k;
    const drop = (state.ceilMode ? Math.ceil : Math.floor)(numerator / s) + 1 - outShape[a];
    if (drop) dropped.push(axes[a]);
    out.push(['math', `${axes[a]}_{\\text{out}} = ${br[0]} \\frac{${body}}{${s}} ${br[1]} + 1${drop ? ` - ${drop}` : ''} = ${outShape[a]}`]);
  }
  out.push(['p', state.ceilMode ? t.ceilModeNote : t.floorMode, 'muted']);
  if (dropped.length) out.push(['p', t.ceilDropped(dropped.join(', ')), 'muted']);
}

/**
 * The forward rule for window w with its numbers, in row-major window order: the input values,
 * and on the padding ring -inf (max) or 0 (avg, counted by count_include_pad); the output and
 * the divisor are the library's.
 */
function forward(P, w, state) {
  if (w < P.windows && isLp(state.op)) return lpForward(P, w, state);
  if (w < P.windows && isUnpool(state.op)) return unpoolForward(P, w);
  if (w >= P.windows || !(hasArgmax(state.op) || isAverage(state.op))) return null;
  const name = `y_{${unflatten(w, P.outShape).join(',')}}`;
  const ring = P.results.ring();
  const terms = [];
  const on = ring ? windowOnRing(ring, w) : null;
  if (on) {
    // every tap of the window, padding included (the core's listing on the padded input)
    const g = { shape: ring.geom.shape, ...ring.listing() };
    const real = new Set(P.windowCells(w));
    for (let i = g.offsets[w]; i < g.offsets[w + 1]; i++) {
      const [pr, pc] = g.shape.length === 1 ? [0, g.cells[i]] : unflatten(g.cells[i], g.shape);
      const r = pr - ring.top;
      const c = pc - ring.left;
      const j = r * ring.inW + c;
      if (r >= 0 && r < ring.inH && c >= 0 && c < ring.inW && real.has(j)) terms.push(num(P.input[j]));
      else if (on.taps.has(`${r},${c}`) && isPad(ring, r, c)) terms.push(hasArgmax(state.op) ? '-\\infty' : '0');
    }
  } else {
    for (const j of P.windowCells(w)) terms.push(num(P.input[j]));
  }
  const list = terms.length > 16 ? [...terms.slice(0, 16), '\\dots'] : terms;
  if (hasArgmax(state.op)) return `${name} = \\max\\{${list.join(', ')}\\} = ${num(P.output[w])}`;
  const div = num(P.divisors[w]);
  return `${name} = \\frac{${list.join(' + ') || '0'}}{B_c} = \\frac{${list.join(' + ') || '0'}}{${div}} = ${num(P.output[w])}`;
}

const isPad = (ring, r, c) => r >= -ring.pad[0] && r < ring.inH + ring.pad[0] && c >= -ring.pad[1] && c < ring.inW + ring.pad[1];

/** A small 1-D or 2-D matrix (at most 8 x 8) as a TeX pmatrix, else null. */
function smallMatrix(values, shape) {
  if (!values || shape.length > 2) return null;
  const [H, W] = shape.length === 1 ? [1, shape[0]] : shape;
  if (H > 8 || W > 8) return null;
  const rows = [];
  for (let r = 0; r < H; r++) rows.push(Array.from(values.subarray ? values.subarray(r * W, (r + 1) * W) : values.slice(r * W, (r + 1) * W), num).join(' & '));
  return `\\begin{pmatrix} ${rows.join(' \\\\ ')} \\end{pmatrix}`;
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
  partial: '∂', sum: 'Σ', quad: '  ', Big: '', alpha: 'α ', neq: ' ≠ ', forall: '∀', odot: ' ⊙ ', max: 'max', displaystyle: '', cdot: ' · ', times: ' × ', approx: ' ≈ ', in: ' ∈ ', ni: ' ∋ ', infty: '∞', dots: '… ',
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
