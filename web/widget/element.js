// element.js: <pool-grad>, the interactive pooling tool. It holds a state (state.js), asks the
// library for every number (engine.js), and draws matrices, controls, explanations, a
// step-through and formulas in its own shadow root.
//
// A parameter change renders synchronously (the poolgrad-change event means the matrices show
// the new numbers) and writes only what changed; the formulas panel, which needs KaTeX, is
// filled later, once it is near the viewport (formulas.js loads KaTeX on first use).
import {
  PARAMS, defaultState, parseState, serializeState, stateToJSON, normalizeState, resolveInput,
  cloneState, cloneValue, setQueryDims, carryInput,
} from './state.js';
import * as engine from './engine.js';
import { BUDGET, overBudget } from './limits.js';
import { Grid } from './grid.js';
import { STRINGS, resolveLang } from './i18n.js';
import { CSS } from './styles.js';
import { renderFormulas } from './formulas.js';
import { h, setAttr, setHidden, setData, setText } from './dom.js';
import { buildControls, renderParamControls, showErrors } from './controls.js';
import { editCell } from './edits.js';
import { setFocus, renderMarks, renderExplain, renderLegend, cellPos } from './explain.js';
import { buildSteps, renderStepLabels, renderSteps, stopPlay, onShortcut, partialGrad } from './steps.js';

const MATRICES = ['input', 'output', 'grad-output', 'grad-input', 'counts'];
const IN_SIDE = new Set(['input', 'grad-input', 'counts']);
const BIG_GRID = 400; // cells per matrix from which rows out of view are skipped (content-visibility)
const JS_PARAM = [
  ['kernelSize', 'kernel-size'], ['kernel_size', 'kernel-size'], ['divisorOverride', 'divisor-override'],
  ['divisor_override', 'divisor-override'], ['ceilMode', 'ceil-mode'], ['ceil_mode', 'ceil-mode'],
  ['countIncludePad', 'count-include-pad'], ['dilation', 'dilation'], ['stride', 'stride'],
  ['padding', 'padding'], ['input shape', 'size'], ['dims', 'dims'],
];
// the control a limit of the work budget is shown by, when no control caused the change
const BUDGET_PARAM = { 'cells-in': 'size', 'elements-in': 'size', 'cells-out': 'size', 'elements-out': 'size', taps: 'kernel-size' };
// the pooling parameters: reset together when a starting state is invalid as a whole
const POOLING = ['op', 'kernelSize', 'stride', 'padding', 'dilation', 'ceilMode', 'countIncludePad', 'divisorOverride'];

let sheet = null; // one constructed stylesheet shared by every instance
let instances = 0;

export class PoolGrad extends HTMLElement {
  static get observedAttributes() {
    return PARAMS.map((p) => p.key);
  }

  constructor() {
    super();
    this._id = ++instances;
    this.attachShadow({ mode: 'open' });
    this._valid = null; // the last state that rendered
    this._pending = defaultState(); // what the controls show (may be invalid)
    this._propState = null; // a state set as a property before connection (applied over the attributes)
    this._engineReady = false;
    this._res = null; // the library's results for _valid
    this._errors = new Map(); // param -> {message, kind: 'core' | 'parse' | 'local'}
    this._sticky = new Set(); // params whose message stays until that parameter changes
    this._focus = null; // {side: 'in'|'out', k}
    this._hover = null;
    this._step = -1; // -1: complete view; else 0..2*W
    this._timer = null;
    this._speed = 2;
    this._built = false;
    this._initialized = false;
    this._geom = null; // window membership, per geometry (engine.windowGeometry)
    this._geomKey = '';
    this._dark = null;
    this._readyResolve = null;
    this.ready = new Promise((r) => {
      this._readyResolve = r;
    });
  }

  // ---------------------------------------------------------------------------------------------
  // public API

  get state() {
    try {
      if (!this._initialized) return stateToJSON(this._initialState().state);
      return stateToJSON(this._valid ?? this._pending);
    } catch {
      return stateToJSON(defaultState()); // the getter never throws (the parsers do not either)
    }
  }

  /** The most numbers an input or gradient may hold: the work budget, and the core's cap once it is loaded. */
  _elementCap() {
    return this._engineReady ? Math.min(BUDGET.elements, engine.maxElements()) : BUDGET.elements;
  }

  set state(value) {
    if (!this._initialized) {
      // not connected yet: kept, and applied over the attributes when connected (its fields win)
      this._propState = { ...(this._propState ?? {}), ...plainObject(value) };
      return;
    }
    const { state, errors } = normalizeState(value, { maxElements: this._elementCap() });
    // the property replaces the whole state: earlier messages about its values are void
    for (const p of [...this._sticky]) this._clearError(p);
    for (const e of errors) this._reportError(e.param, e.message, true);
    if (!this._engineReady) {
      // the core is still loading: this is the state it will start from
      this._pending = state;
      this._renderControls();
      return;
    }
    this._apply(state, null);
  }

  get results() {
    return this._resultsOf(this._res, this._valid);
  }

  _resultsOf(r, s) {
    if (!r) return null;
    const plane = (t) => {
      const p = engine.planeOf(t, s.plane, s.dims);
      return { data: toArray(p.data), shape: p.shape };
    };
    const out = {
      op: s.op,
      dims: s.dims,
      plane: s.plane,
      input: plane(r.input),
      output: plane(r.output),
      gradOutput: plane(r.gradOutput),
      gradInput: plane(r.gradInput),
      counts: plane(r.counts),
      windowsPerPlane: r.windowsPerPlane,
    };
    if (r.indices) out.indices = plane(r.indices);
    if (r.divisors) out.divisors = { data: toArray(r.divisors.data), shape: r.divisors.shape.slice() };
    return out;
  }

  /** The state as URL query / attribute text (serializeState of `state`). */
  toQuery() {
    if (!this._initialized) return serializeState(this._initialState().state);
    return serializeState(this._valid ?? this._pending);
  }

  /** The starting state: the attributes, then a state set as a property before connection. */
  _initialState() {
    const { state, errors } = parseState((k) => this.getAttribute(k), { maxElements: this._elementCap() });
    if (this._propState === null) return { state, errors };
    const r = normalizeState({ ...stateToJSON(state), ...this._propState }, { maxElements: this._elementCap() });
    return { state: r.state, errors: [...errors, ...r.errors] };
  }

  connectedCallback() {
    if (!this._built) this._build();
    if (!this._initialized) {
      const { state, errors } = this._initialState();
      this._initialized = true;
      this._propState = null;
      this._pending = state;
      this._renderControls();
      for (const e of errors) this._reportError(e.param, e.message, true);
      engine.init().then(
        () => {
          this._engineReady = true;
          this._start();
        },
        (err) => this._showBanner(String(err && err.message ? err.message : err)),
      );
    }
    this._mq ??= window.matchMedia?.('(prefers-color-scheme: dark)') ?? null;
    if (this._mq && !this._mqListener) {
      this._mqListener = () => this._applyTheme();
      this._mq.addEventListener?.('change', this._mqListener);
    }
  }

  disconnectedCallback() {
    stopPlay(this);
    if (this._mq && this._mqListener) this._mq.removeEventListener?.('change', this._mqListener);
    this._mqListener = null;
  }

  /**
   * The first render. A starting state can be readable yet invalid as a whole (kernel-size 9 on
   * 6x6): there is no last valid view to keep, so the element shows the core's message by that
   * parameter and renders the same state with the parameter at its default, else with every
   * pooling parameter at its default (the input kept), else the defaults.
   */
  _start() {
    const first = this._pending;
    this._lastFailure = null;
    if (this._apply(first, null, { first: true })) return;
    const failed = this._lastFailure;
    if (failed) this._sticky.add(failed.param); // the message stays after the fallback renders
    const defaults = defaultState();
    const tries = [];
    const spec = failed && PARAMS.find((p) => p.key === failed.param);
    if (spec) tries.push({ ...cloneState(first), [spec.name]: cloneValue(defaults[spec.name]) });
    const pooling = cloneState(first);
    for (const k of POOLING) pooling[k] = cloneValue(defaults[k]);
    tries.push(pooling);
    tries.push({ ...defaults, lang: first.lang, theme: first.theme, show: first.show.slice() });
    for (const next of tries) {
      if (this._apply(next, null, { first: true, quiet: true })) return;
    }
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (!this._initialized || oldValue === newValue) return;
    // attributes set together (size and dims, say) are applied together, once
    (this._attrChanges ??= new Set()).add(name);
    if (!this._attrQueued) {
      this._attrQueued = true;
      queueMicrotask(() => this._flushAttributes());
    }
  }

  _flushAttributes() {
    this._attrQueued = false;
    const names = [...this._attrChanges];
    this._attrChanges.clear();
    if (!names.length) return;
    let q;
    if (names.includes('preset')) {
      // a preset starts from its own parameters; the other attributes still apply
      q = new URLSearchParams();
      for (const p of PARAMS) if (this.hasAttribute(p.key)) q.set(p.key, this.getAttribute(p.key));
    } else {
      q = serializeState(this._pending);
      const defaults = serializeState(defaultState());
      for (const name of names) {
        const v = this.getAttribute(name);
        if (v !== null) q.set(name, v);
        else if (defaults.has(name)) q.set(name, defaults.get(name));
        else q.delete(name);
      }
      const dims = Number(q.get('dims'));
      if (names.includes('dims') && !names.includes('size') && [1, 2, 3].includes(dims)) {
        setQueryDims(q, this._pending.size, dims, names);
      }
      if (names.some((n) => ['size', 'dims', 'channels', 'batch'].includes(n)) && !names.includes('input')) {
        q.delete('input');
      }
    }
    const { state, errors } = parseState(q, { maxElements: this._elementCap() });
    for (const n of names) this._clearError(n);
    for (const e of errors) this._reportError(e.param, e.message, true);
    if (errors.some((e) => names.includes(e.param))) {
      // keep the view for that parameter; apply the rest
      for (const e of errors) {
        const p = PARAMS.find((x) => x.key === e.param);
        if (p && names.includes(e.param)) state[p.name] = cloneValue(this._pending[p.name]);
      }
    }
    const prev = this._pending;
    if (!names.includes('input') && !names.includes('preset') && state.input === null && prev.input !== null &&
        names.some((n) => ['size', 'dims', 'channels', 'batch'].includes(n))) {
      state.input = carryInput(prev, state);
    }
    this._apply(state, names.length === 1 ? names[0] : null);
    this._renderControls();
  }

  // ---------------------------------------------------------------------------------------------
  // applying a state

  _t() {
    return STRINGS[resolveLang(this._pending.lang)];
  }

  /**
   * Tries a state; on success renders it, on failure shows the core's message and keeps the view.
   * opts: {first: the first render (resolves `ready`), quiet: no message on failure}
   */
  _apply(next, param, opts = {}) {
    this._pending = next;
    if (!this._engineReady) {
      this._renderControls(); // applied when the core has loaded
      return false;
    }
    if (next.plane >= next.channels * next.batch) next.plane = 0;
    let res;
    try {
      // the work budget (limits.js), from the core's output shape, before anything is computed
      const cost = engine.viewCost(next);
      const over = overBudget(cost, engine.maxElements());
      if (over) {
        const text = this._t().budget(over, next.size.join('×'), cost.outShape.join('×'));
        if (!opts.quiet) this._fail(param ?? BUDGET_PARAM[over.limit], text, 'local');
        return false;
      }
      const input = new Float32Array(resolveInput(next));
      res = engine.compute(next, input, next.gradValues);
    } catch (err) {
      const message = err && err.message ? err.message : String(err);
      if (!opts.quiet) this._fail(param ?? paramOf(message), message, 'core');
      return false;
    }
    this._clearAllCoreErrors();
    this._valid = cloneState(next);
    this._res = res;
    this._contrib = new Map();
    this._partial = new Map();
    stopPlay(this, false);
    this._step = -1;
    this._render();
    if (opts.first && this._readyResolve) {
      this._readyResolve();
      this._readyResolve = null;
    }
    return true;
  }

  _fail(param, message, kind) {
    this._lastFailure = { param, message };
    this._reportError(param, message, false, kind);
    this._renderControls(); // keeps the user's text in the control; the matrices stay as they were
  }

  /**
   * Shows a message by its control (or in the banner) and dispatches poolgrad-error with the
   * message as is. kind: 'core' (the library's words), 'parse' (a value that could not be read),
   * 'local' (already in the element's language).
   */
  _reportError(param, message, sticky = false, kind = 'parse') {
    this._errors.set(param, { message, kind });
    if (sticky) this._sticky.add(param);
    else this._sticky.delete(param);
    showErrors(this);
    this.dispatchEvent(new CustomEvent('poolgrad-error', { bubbles: true, composed: true, detail: { param, message } }));
  }

  _clearError(param) {
    this._sticky.delete(param);
    if (this._errors.delete(param)) showErrors(this);
  }

  /** After a good render: the core's messages go; a bad attribute's message stays until it changes. */
  _clearAllCoreErrors() {
    let changed = false;
    for (const p of [...this._errors.keys()]) {
      if (!this._sticky.has(p)) {
        this._errors.delete(p);
        changed = true;
      }
    }
    if (changed) showErrors(this);
  }

  _showBanner(text) {
    this._bannerKey = null;
    this._banner.hidden = false;
    this._banner.textContent = text;
  }

  // ---------------------------------------------------------------------------------------------
  // building the shadow DOM (once)

  _build() {
    this._built = true;
    const root = this.shadowRoot;
    try {
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
      }
      root.adoptedStyleSheets = [sheet];
    } catch {
      const style = document.createElement('style');
      style.textContent = CSS;
      root.appendChild(style);
    }
    const wrap = h('div', { class: 'root', part: 'root' });
    this._root = wrap;
    wrap.addEventListener('keydown', (e) => onShortcut(this, e));

    const header = h('header');
    this._title = h('h2');
    this._langBtn = h('button', { type: 'button', 'data-action': 'lang' });
    this._langBtn.addEventListener('click', () => this._setView('lang', resolveLang(this._pending.lang) === 'zh' ? 'en' : 'zh'));
    this._themeBtn = h('button', { type: 'button', 'data-action': 'theme' });
    this._themeBtn.addEventListener('click', () => this._setView('theme', this._isDark() ? 'light' : 'dark'));
    header.append(this._title, this._langBtn, this._themeBtn);
    wrap.appendChild(header);

    this._banner = h('div', { class: 'banner', role: 'alert', hidden: '' });
    wrap.appendChild(this._banner);
    this._loading = h('p', { class: 'loading muted' });
    wrap.appendChild(this._loading);

    wrap.appendChild(buildControls(this));
    this._hint = h('p', { class: 'hint' });
    wrap.appendChild(this._hint);

    wrap.appendChild(buildSteps(this));


    // matrices
    const mats = h('div', { class: 'mats' });
    this._grids = {};
    this._figs = {};
    this._caps = {};
    const hooks = {
      onFocusCell: (g, k) => setFocus(this, IN_SIDE.has(g.name) ? 'in' : 'out', k, false),
      onHoverCell: (g, k) => setFocus(this, g && k !== null ? (IN_SIDE.has(g.name) ? 'in' : 'out') : null, k, true),
      onEdit: (g, k, text) => editCell(this, g.name, k, text),
      labelFor: (g, row, col, slice, text) => this._t().cellLabel(row, col, text, slice),
      editLabel: (g, k) => this._t().editCell(cellPos(this, g.name === 'input' ? 'x' : 'g', k, IN_SIDE.has(g.name))),
    };
    for (const name of MATRICES) {
      const g = new Grid(name, hooks);
      const cap = h('figcaption', { id: `cap-${name}-${this._id}` });
      cap._title = document.createTextNode('');
      cap._note = document.createTextNode('');
      cap.append(cap._title, h('span', { class: 'note' }, [cap._note]));
      g.el.setAttribute('aria-labelledby', cap.id);
      const fig = h('figure', { class: 'mat' }, [cap, h('div', { class: 'scroll' }, [g.el])]);
      this._grids[name] = g;
      this._figs[name] = fig;
      this._caps[name] = cap;
      mats.appendChild(fig);
    }
    wrap.appendChild(mats);
    this._legendBox = h('div', { class: 'legend', 'aria-hidden': 'true' });
    wrap.appendChild(this._legendBox);

    this._explain = h('section', { class: 'explain', 'aria-live': 'polite' });
    wrap.appendChild(this._explain);
    this._formulas = h('section', { class: 'formulas' });
    wrap.appendChild(this._formulas);
    root.appendChild(wrap);
    this._errorNodes = [...this._controls.querySelectorAll('[data-error-for]')];
    // the formulas are drawn only near the viewport (KaTeX is loaded then, not before)
    this._formulasNear = typeof IntersectionObserver === 'undefined';
    if (!this._formulasNear) {
      this._formulaObserver = new IntersectionObserver((entries) => {
        this._formulasNear = entries[entries.length - 1].isIntersecting;
        if (this._formulasNear) this._scheduleFormulas();
      }, { rootMargin: '100% 0px' });
      this._formulaObserver.observe(this._formulas);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // view switches (lang, theme): no new numbers

  _setView(key, value) {
    const next = cloneState(this._pending);
    next[key] = value;
    this._pending = next;
    if (this._valid) this._valid[key] = value;
    this._renderControls();
    this._render();
  }

  // ---------------------------------------------------------------------------------------------
  // rendering

  _isDark() {
    const t = this._pending.theme;
    if (t === 'dark') return true;
    if (t === 'light') return false;
    this._mq ??= window.matchMedia?.('(prefers-color-scheme: dark)') ?? null;
    return !!this._mq?.matches;
  }

  _applyTheme() {
    const dark = this._isDark();
    if (this._root.classList.contains('dark') !== dark) this._root.classList.toggle('dark', dark);
    if (this._root.classList.contains('light') !== !dark) this._root.classList.toggle('light', !dark);
    const t = this._t();
    const name = dark ? t.themeDark : t.themeLight;
    setText(this._themeBtn, `◐ ${name}`);
    setAttr(this._themeBtn, 'aria-label', t.themeLabel(name));
    if (this._dark !== null && this._dark !== dark && this._plane) {
      this._dark = dark;
      this._paintValues(); // the diverging map has a dark variant
      return;
    }
    this._dark = dark;
  }

  /** Every control, label and switch from _pending; writes only what differs from the page. */
  _renderControls() {
    if (!this._built) return;
    const s = this._pending;
    const t = this._t();
    const lang = resolveLang(s.lang);
    // (set only on change: a lang change restyles every text node)
    setAttr(this._root, 'lang', lang === 'zh' ? 'zh-CN' : 'en');
    setText(this._title, t.title);
    setText(this._loading, t.loading);
    setText(this._langBtn, t.lang);
    setAttr(this._langBtn, 'title', t.langLabel);
    setAttr(this._langBtn, 'lang', lang === 'zh' ? 'en' : 'zh-CN');
    this._applyTheme();
    setText(this._legend, t.controls);
    const show = new Set(s.show);
    setHidden(this._controls, !show.has('controls'));
    setHidden(this._hint, !show.has('controls'));
    setText(this._hint, t.hint);
    setHidden(this._stepsBox, !show.has('steps'));
    setHidden(this._explain, !show.has('explain'));
    setHidden(this._formulas, !show.has('formulas'));
    for (const name of MATRICES) setHidden(this._figs[name], !show.has(name));

    renderParamControls(this, s, t, lang);
    renderStepLabels(this, t);
    showErrors(this);
  }

  _render() {
    const r = this._res;
    const s = this._valid;
    if (!r || !s) return;
    this._renderControls();
    const t = this._t();
    const inSp = s.size.slice();
    const outSp = r.output.shape.slice(2);
    this._plane = {
      inShape: inSp,
      outShape: outSp,
      input: engine.planeOf(r.input, s.plane, s.dims).data,
      output: engine.planeOf(r.output, s.plane, s.dims).data,
      gradOutput: engine.planeOf(r.gradOutput, s.plane, s.dims).data,
      gradInput: engine.planeOf(r.gradInput, s.plane, s.dims).data,
      counts: engine.planeOf(r.counts, s.plane, s.dims).data,
      indices: r.indices ? engine.planeOf(r.indices, s.plane, s.dims).data : null,
      divisors: r.divisors ? r.divisors.data : null,
    };
    const shapes = { input: inSp, output: outSp, 'grad-output': outSp, 'grad-input': inSp, counts: inSp };
    // with a big input (or output), rows out of view are skipped until they come near it
    const big = Math.max(engine.prod(inSp), engine.prod(outSp)) >= BIG_GRID;
    for (const name of MATRICES) {
      const g = this._grids[name];
      g.setBig(big);
      g.setShape(shapes[name]);
      g.editable = name === 'input' || (name === 'grad-output' && s.grad === 'custom');
      if (s.dims === 3) g.setSliceLabels((d) => t.slice(d));
      const cap = this._caps[name];
      setData(cap._title, t.matrices[name]);
      setData(cap._note, `${shapes[name].join('×')} · ${t.matrixNote[name]}`);
    }
    this._paintValues();
    renderLegend(this);
    renderMarks(this);
    renderExplain(this);
    renderSteps(this);
    this._scheduleFormulas();
    setAttr(this._root, 'data-ready', 'true');
    setAttr(this, 'data-ready', 'true');
    // results are copied out of the typed arrays only if a listener reads them
    const detail = { state: this.state };
    let results;
    const [res, st] = [this._res, this._valid];
    Object.defineProperty(detail, 'results', { enumerable: true, get: () => (results ??= this._resultsOf(res, st)) });
    this.dispatchEvent(new CustomEvent('poolgrad-change', { bubbles: true, composed: true, detail }));
  }

  /** Values of every grid, honouring the step-through position. */
  _paintValues() {
    const P = this._plane;
    const W = this._res.windowsPerPlane;
    const st = this._step;
    const g = this._grids;
    const lang = resolveLang(this._pending.lang);
    const relabel = this._labelLang !== lang;
    this._labelLang = lang;
    const div = this._dark ? 'diverging-dark' : 'diverging';
    g.input.update(P.input, 'sequential', null, relabel);
    if (st < 0) {
      g.output.update(P.output, 'sequential', null, relabel);
      g['grad-output'].update(P.gradOutput, div, null, relabel);
      g['grad-input'].update(P.gradInput, div, null, relabel);
      g.counts.update(P.counts, 'counts', null, relabel);
      return;
    }
    const fwd = Math.min(st, W); // outputs computed so far
    const bwd = Math.max(0, st - W); // windows whose gradient went back
    g.output.update(P.output, 'sequential', (k) => k >= fwd, relabel);
    g['grad-output'].update(P.gradOutput, div, (k) => st <= W || k >= bwd, relabel);
    const partial = partialGrad(this, bwd);
    g['grad-input'].update(partial, div, st <= W ? () => true : null, relabel);
    g.counts.update(P.counts, 'counts', st < 2 * W ? () => true : null, relabel);
  }

  /** The formulas panel: drawn after the render (never delaying it), and only near the viewport. */
  _scheduleFormulas() {
    if (!this._res || this._formulas.hidden || !this._formulasNear || this._formulaFrame) return;
    const draw = () => {
      this._formulaFrame = 0;
      const r = this._res;
      const s = this._valid;
      const P = this._plane;
      if (!r || !s || this._formulas.hidden) return;
      renderFormulas(this._formulas, {
        t: this._t(), state: s, inShape: P.inShape, outShape: P.outShape, windowsPerPlane: r.windowsPerPlane,
        divisors: P.divisors, counts: P.counts, gradInput: P.gradInput, outNumel: r.output.data.length,
      });
    };
    this._formulaFrame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(draw) : setTimeout(draw, 0);
  }
}

// ---------------------------------------------------------------------------------------------
// helpers

function plainObject(v) {
  return v && typeof v === 'object' ? v : {};
}

function paramOf(message) {
  let best = null;
  let at = Infinity;
  for (const [needle, key] of JS_PARAM) {
    const i = message.indexOf(needle);
    if (i >= 0 && i < at) {
      at = i;
      best = key;
    }
  }
  return best ?? 'size';
}

/** A plain array copy of a typed array (faster than Array.from for a few thousand numbers). */
function toArray(t) {
  const out = new Array(t.length);
  for (let i = 0; i < t.length; i++) out[i] = t[i];
  return out;
}

