// element.js: <pool-grad>, the interactive pooling tool. It holds a state (state.js), asks the
// library for every number (engine.js), and draws matrices, controls, explanations, a
// step-through and formulas in its own shadow root.
import {
  PARAMS, PARTS, PRESETS, defaultState, parseState, serializeState, stateToJSON, normalizeState,
  resolveInput, seededValues, parseMatrixText, parseNumber, canonical,
} from './state.js';
import * as engine from './engine.js';
import { Grid, formatCell } from './grid.js';
import { STRINGS, resolveLang } from './i18n.js';
import { CSS } from './styles.js';
import { renderFormulas } from './formulas.js';

const MATRICES = ['input', 'output', 'grad-output', 'grad-input', 'counts'];
const IN_SIDE = new Set(['input', 'grad-input', 'counts']);
const MAX_PLANE = 4096; // cells per matrix: every one is drawn with its number
const SPEEDS = [0.5, 1, 2, 4, 8];
const JS_PARAM = [
  ['kernelSize', 'kernel-size'], ['kernel_size', 'kernel-size'], ['divisorOverride', 'divisor-override'],
  ['divisor_override', 'divisor-override'], ['ceilMode', 'ceil-mode'], ['ceil_mode', 'ceil-mode'],
  ['countIncludePad', 'count-include-pad'], ['dilation', 'dilation'], ['stride', 'stride'],
  ['padding', 'padding'], ['input shape', 'size'], ['dims', 'dims'],
];

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
    this._res = null; // the library's results for _valid
    this._errors = new Map(); // param -> message
    this._sticky = new Set(); // params whose message is a parse error of an attribute / state
    this._focus = null; // {side: 'in'|'out', k}
    this._hover = null;
    this._step = -1; // -1: complete view; else 0..2*W
    this._timer = null;
    this._speed = 2;
    this._built = false;
    this._initialized = false;
    this._readyResolve = null;
    this.ready = new Promise((r) => {
      this._readyResolve = r;
    });
  }

  // ---------------------------------------------------------------------------------------------
  // public API

  get state() {
    return stateToJSON(this._valid ?? this._pending);
  }

  set state(value) {
    const { state, errors } = normalizeState(value);
    for (const e of errors) this._reportError(e.param, e.message, true);
    this._apply(state, null);
  }

  get results() {
    return this._resultsOf(this._res, this._valid);
  }

  _resultsOf(r, s) {
    if (!r) return null;
    const plane = (t) => {
      const p = engine.planeOf(t, s.plane, s.dims);
      return { data: Array.from(p.data), shape: p.shape };
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
    if (r.divisors) out.divisors = { data: Array.from(r.divisors.data), shape: r.divisors.shape.slice() };
    return out;
  }

  /** The state as URL query / attribute text (serializeState of `state`). */
  toQuery() {
    return serializeState(this._valid ?? this._pending);
  }

  connectedCallback() {
    if (!this._built) this._build();
    if (!this._initialized) {
      this._initialized = true;
      const { state, errors } = parseState((k) => this.getAttribute(k));
      this._pending = state;
      this._renderControls();
      for (const e of errors) this._reportError(e.param, e.message, true);
      engine.init().then(
        () => this._apply(this._pending, null, true),
        (err) => this._showBanner(String(err && err.message ? err.message : err)),
      );
    }
    this._mq = this._mq || window.matchMedia?.('(prefers-color-scheme: dark)');
    if (this._mq && !this._mqListener) {
      this._mqListener = () => this._applyTheme();
      this._mq.addEventListener?.('change', this._mqListener);
    }
  }

  disconnectedCallback() {
    this._stopPlay();
    if (this._mq && this._mqListener) this._mq.removeEventListener?.('change', this._mqListener);
    this._mqListener = null;
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
        q.set('size', adaptSize(this._pending.size, dims).join('x'));
        for (const k of ['kernel-size', 'stride', 'padding', 'dilation']) {
          if (names.includes(k)) continue;
          const v = q.get(k).split('x');
          if (v.length !== 1 && v.length !== dims) q.set(k, v[0]);
        }
      }
      if (names.some((n) => ['size', 'dims', 'channels', 'batch'].includes(n)) && !names.includes('input')) {
        q.delete('input');
      }
    }
    const { state, errors } = parseState(q);
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
      state.input = reshapeValues(resolveInput(prev), fullShape(prev), fullShape(state), state.seed);
    }
    this._apply(state, names.length === 1 ? names[0] : null);
    this._renderControls();
  }

  // ---------------------------------------------------------------------------------------------
  // applying a state

  _t() {
    return STRINGS[resolveLang(this._pending.lang)];
  }

  /** Tries a state; on success renders it, on failure shows the core's message and keeps the view. */
  _apply(next, param, first = false) {
    this._pending = next;
    const plane = next.size.reduce((a, b) => a * b, 1);
    if (plane > MAX_PLANE) {
      this._fail(param ?? 'size', `size ${next.size.join('x')} has ${plane} cells per plane; the widget draws at most ${MAX_PLANE}`);
      return false;
    }
    if (next.plane >= next.channels * next.batch) next.plane = 0;
    let res;
    try {
      const input = new Float32Array(resolveInput(next));
      res = engine.compute(next, input, next.gradValues);
    } catch (err) {
      const message = err && err.message ? err.message : String(err);
      this._fail(param ?? paramOf(message), message);
      if (first) this._renderControls();
      return false;
    }
    this._clearAllCoreErrors();
    this._valid = cloneState(next);
    this._res = res;
    this._geom = null;
    this._contrib = new Map();
    this._partial = new Map();
    this._stopPlay();
    this._step = -1;
    this._render();
    if (first) this._readyResolve?.();
    return true;
  }

  _fail(param, message) {
    this._reportError(param, message);
    this._renderControls(); // keeps the user's text in the control; the matrices stay as they were
  }

  _reportError(param, message, sticky = false) {
    this._errors.set(param, message);
    if (sticky) this._sticky.add(param);
    else this._sticky.delete(param);
    this._showErrors();
    this.dispatchEvent(new CustomEvent('poolgrad-error', { bubbles: true, composed: true, detail: { param, message } }));
  }

  _clearError(param) {
    this._sticky.delete(param);
    if (this._errors.delete(param)) this._showErrors();
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
    if (changed) this._showErrors();
  }

  _showErrors() {
    if (!this._built) return;
    const shown = new Set();
    const controlsShown = !this._controls.hidden;
    for (const node of this.shadowRoot.querySelectorAll('.controls [data-error-for]')) {
      const p = node.dataset.errorFor;
      const msg = this._errors.get(p) || '';
      node.textContent = msg;
      if (msg && controlsShown) shown.add(p);
      const ctl = this.shadowRoot.getElementById(`c-${p}`);
      if (ctl) ctl.setAttribute('aria-invalid', msg ? 'true' : 'false');
    }
    // errors for parameters without a visible control (hidden controls, lang, show ...)
    const rest = [...this._errors].filter(([p]) => !shown.has(p));
    this._banner.hidden = rest.length === 0;
    this._banner.textContent = '';
    for (const [p, m] of rest) {
      const line = document.createElement('div');
      line.dataset.errorFor = p;
      line.textContent = m;
      this._banner.appendChild(line);
    }
    this.shadowRoot.querySelectorAll('.banner [data-error-for]').forEach((n) => n.setAttribute('role', 'status'));
  }

  _showBanner(text) {
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
    wrap.addEventListener('keydown', (e) => this._onShortcut(e));

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

    // controls
    this._controls = h('fieldset', { class: 'controls' });
    this._legend = h('legend');
    this._controls.appendChild(this._legend);
    this._ctl = {};
    const sel = (key, options) => this._addSelect(key, options);
    sel('op', [['max', 'opMax'], ['avg', 'opAvg']]);
    sel('dims', [[1, (t) => t.dimsN(1)], [2, (t) => t.dimsN(2)], [3, (t) => t.dimsN(3)]]);
    this._addText('size', 'size');
    this._addText('kernel-size', 'kernelSize');
    this._addText('stride', 'stride');
    this._addText('padding', 'padding');
    this._addText('dilation', 'dilation');
    this._addCheck('ceil-mode', 'ceilMode');
    this._addCheck('count-include-pad', 'countIncludePad');
    this._addText('divisor-override', 'divisorOverride');
    this._addNumber('channels', 'channels', 1, 16);
    this._addNumber('batch', 'batch', 1, 16);
    sel('plane', []);
    sel('grad', [['mean', 'gradMean'], ['sum', 'gradSum'], ['custom', 'gradCustom']]);
    sel('preset', [['', 'presetNone'], ...Object.keys(PRESETS).map((k) => [k, (t) => t.presets[k]])]);
    this._addNumber('seed', 'seed', 0, 2 ** 31 - 1);
    const rnd = h('button', { type: 'button', 'data-action': 'random' });
    rnd.addEventListener('click', () => this._randomInput());
    this._randomBtn = rnd;
    const rndBox = h('div', { class: 'ctl check' }, [rnd]);
    this._controls.appendChild(rndBox);
    // paste
    const pasteBox = h('div', { class: 'ctl wide' });
    this._pasteLabel = h('label', { for: 'c-paste' });
    this._paste = h('textarea', { id: 'c-paste', rows: '2', spellcheck: 'false' });
    this._pasteBtn = h('button', { type: 'button', 'data-action': 'paste' });
    this._pasteBtn.addEventListener('click', () => this._applyPaste());
    const pasteErr = h('div', { class: 'err', 'data-error-for': 'input', id: 'e-input', role: 'status' });
    this._paste.setAttribute('aria-describedby', 'e-input');
    pasteBox.append(this._pasteLabel, this._paste, h('div', { class: 'row-ctl' }, [this._pasteBtn]), pasteErr);
    this._controls.appendChild(pasteBox);
    wrap.appendChild(this._controls);
    this._hint = h('p', { class: 'hint' });
    wrap.appendChild(this._hint);

    // step-through
    this._stepsBox = h('div', { class: 'steps', role: 'toolbar' });
    const btn = (name, fn) => {
      const b = h('button', { type: 'button', 'data-step': name });
      b.addEventListener('click', fn);
      return b;
    };
    this._prevBtn = btn('prev', () => this._stepBy(-1));
    this._playBtn = btn('play', () => this._play());
    this._pauseBtn = btn('pause', () => this._stopPlay());
    this._nextBtn = btn('next', () => this._stepBy(1));
    this._scrub = h('input', { type: 'range', min: '0', max: '1', value: '1', 'data-step': 'scrub' });
    this._scrub.addEventListener('input', () => this._setStep(Number(this._scrub.value)));
    this._speedSel = h('select', { 'data-step': 'speed' });
    for (const s of SPEEDS) this._speedSel.appendChild(h('option', { value: String(s) }, [`${s}×`]));
    this._speedSel.value = String(this._speed);
    this._speedSel.addEventListener('change', () => {
      this._speed = Number(this._speedSel.value);
      if (this._timer) this._play();
    });
    this._speedLabel = h('label', { class: 'muted' });
    this._stepText = h('div', { class: 'step-text', role: 'status', 'aria-live': 'polite' });
    this._stepsBox.append(this._prevBtn, this._playBtn, this._pauseBtn, this._nextBtn, this._scrub, this._speedLabel, this._speedSel, this._stepText);
    wrap.appendChild(this._stepsBox);

    // matrices
    const mats = h('div', { class: 'mats' });
    this._grids = {};
    this._figs = {};
    const hooks = {
      onFocusCell: (g, k) => this._setFocus(IN_SIDE.has(g.name) ? 'in' : 'out', k, false),
      onHoverCell: (g, k) => this._setFocus(g && k !== null ? (IN_SIDE.has(g.name) ? 'in' : 'out') : null, k, true),
      onEdit: (g, k, text) => this._editCell(g.name, k, text),
      labelFor: (g, row, col, slice, text) => this._t().cellLabel(row, col, text, slice),
      editLabel: (g, k) => this._t().editCell(this._pos(g.name === 'input' ? 'x' : 'g', k, IN_SIDE.has(g.name))),
    };
    for (const name of MATRICES) {
      const g = new Grid(name, hooks);
      const cap = h('figcaption', { id: `cap-${name}-${this._id}` });
      g.el.setAttribute('aria-labelledby', cap.id);
      const fig = h('figure', { class: 'mat' }, [cap, h('div', { class: 'scroll' }, [g.el])]);
      this._grids[name] = g;
      this._figs[name] = fig;
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
  }

  _addCtl(key, control, labelKey, cls = 'ctl') {
    const box = h('div', { class: cls });
    control.id = `c-${key}`;
    const label = h('label', { for: control.id });
    const err = h('div', { class: 'err', 'data-error-for': key, id: `e-${key}`, role: 'status' });
    control.setAttribute('aria-describedby', err.id);
    if (cls.includes('check')) box.append(control, label, err);
    else box.append(label, control, err);
    this._controls.appendChild(box);
    this._ctl[key] = { box, control, label, labelKey };
    return control;
  }

  _addSelect(key, options) {
    const s = h('select');
    this._addCtl(key, s, key);
    this._ctl[key].options = options;
    s.addEventListener('change', () => this._onControl(key, s.value));
  }

  _addText(key, labelKey) {
    const i = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false' });
    this._addCtl(key, i, labelKey);
    i.addEventListener('change', () => this._onControl(key, i.value));
  }

  _addNumber(key, labelKey, min, max) {
    const i = h('input', { type: 'number', min: String(min), max: String(max), step: '1' });
    this._addCtl(key, i, labelKey);
    i.addEventListener('change', () => this._onControl(key, i.value));
  }

  _addCheck(key, labelKey) {
    const i = h('input', { type: 'checkbox' });
    this._addCtl(key, i, labelKey, 'ctl check');
    i.addEventListener('change', () => this._onControl(key, i.checked ? 'true' : 'false'));
  }

  // ---------------------------------------------------------------------------------------------
  // controls -> state

  _onControl(key, text) {
    const prev = this._pending;
    this._clearError(key);
    if (key === 'preset') {
      if (text === '') {
        this._pending = { ...cloneState(prev), input: resolveInput(prev), preset: '' };
        this._renderControls();
        return;
      }
      const q = new URLSearchParams({ preset: text, lang: prev.lang, theme: prev.theme, show: prev.show.join(',') || 'none' });
      const { state } = parseState(q);
      state.grad = prev.grad;
      this._apply(state, key);
      this._renderControls();
      return;
    }
    const q = serializeState(prev);
    q.set(key, text);
    if (key === 'seed') {
      q.delete('input');
      q.set('preset', '');
    }
    const shapeKeys = ['dims', 'size', 'channels', 'batch'];
    if (key === 'dims') {
      const d = Number(text);
      q.set('size', adaptSize(prev.size, d).join('x'));
      for (const k of ['kernel-size', 'stride', 'padding', 'dilation']) {
        const v = q.get(k).split('x');
        if (v.length !== 1 && v.length !== d) q.set(k, v[0]);
      }
    }
    if (shapeKeys.includes(key)) q.delete('input');
    if (key === 'grad' && text === 'custom' && !prev.gradValues && this._res) {
      q.set('grad-values', Array.from(this._res.gradOutput.data).map((v) => String(canonical(v))).join(','));
    }
    const { state, errors } = parseState(q);
    const mine = errors.filter((e) => e.param === key);
    if (mine.length) {
      for (const e of mine) this._reportError(e.param, e.message);
      return;
    }
    if (shapeKeys.includes(key)) {
      // no input is lost: keep every value whose position still exists, seed the new ones
      state.input = reshapeValues(resolveInput(prev), fullShape(prev), fullShape(state), state.seed);
      if (prev.gradValues && this._res) state.gradValues = null;
    }
    if (state.grad === 'custom' && state.gradValues && this._res && key !== 'grad') {
      // keep the custom gradient when the output shape stays; otherwise restart from the mean
      const need = this._outNumelFor(state);
      if (need !== state.gradValues.length) state.gradValues = null;
    }
    this._apply(state, key);
    this._renderControls();
  }

  _outNumelFor(state) {
    try {
      return engine.checkState(state).reduce((a, b) => a * b, 1);
    } catch {
      return -1;
    }
  }

  _setView(key, value) {
    const next = cloneState(this._pending);
    next[key] = value;
    this._pending = next;
    if (this._valid) this._valid[key] = value;
    this._renderControls();
    this._render();
  }

  _randomInput() {
    const next = cloneState(this._pending);
    next.seed = (Math.floor(Math.random() * 2147483647) >>> 0) || 1;
    next.input = null;
    next.preset = '';
    this._apply(next, 'seed');
    this._renderControls();
  }

  _applyPaste() {
    const r = parseMatrixText(this._paste.value);
    this._clearError('input');
    if (r.error) {
      this._reportError('input', this._t().pasteError(r.error));
      return;
    }
    const prev = this._pending;
    const next = cloneState(prev);
    const shape = r.shape;
    const planes = prev.batch * prev.channels;
    const perPlane = prev.size.reduce((a, b) => a * b, 1);
    if (r.values.length === planes * perPlane && shape.length === 1) {
      next.input = r.values; // a flat list of exactly the right length
    } else if (shape.length >= 1 && shape.length <= 5) {
      // the nesting decides: (L) (H, W) (D, H, W); a 4th/5th level is C, N
      const sp = shape.length <= 3 ? shape : shape.slice(shape.length - 3);
      const lead = shape.slice(0, shape.length - sp.length);
      next.dims = shape.length === 1 ? 1 : shape.length === 2 ? 2 : prev.dims === 3 || shape.length > 3 ? 3 : 3;
      if (shape.length === 3 && prev.dims === 2 && planes === 1) {
        // (C, H, W) for a 2-D view
        next.dims = 2;
        next.size = shape.slice(1);
        next.channels = shape[0];
        next.batch = 1;
      } else {
        next.size = sp.slice();
        next.channels = lead.length >= 1 ? lead[lead.length - 1] : 1;
        next.batch = lead.length >= 2 ? lead[0] : 1;
      }
      next.input = r.values;
      for (const k of ['kernelSize', 'stride', 'padding', 'dilation']) {
        if (next[k].length !== 1 && next[k].length !== next.dims) next[k] = [next[k][0]];
      }
      next.plane = 0;
    }
    next.preset = '';
    next.gradValues = null;
    if (next.grad === 'custom') next.grad = 'mean';
    this._apply(next, 'input');
    this._renderControls();
  }

  _editCell(name, k, text) {
    const v = parseNumber(text);
    const key = name === 'input' ? 'input' : 'grad-values';
    if (v === undefined) {
      this._reportError(key, `${this._t().nan}: ${text.slice(0, 30)}`);
      return;
    }
    this._clearError(key);
    const s = this._valid;
    const next = cloneState(s);
    if (name === 'input') {
      const all = resolveInput(s);
      const per = s.size.reduce((a, b) => a * b, 1);
      all[s.plane * per + k] = canonical(v);
      next.input = all;
    } else if (name === 'grad-output' && s.grad === 'custom') {
      const all = Array.from(this._res.gradOutput.data).map(canonical);
      const per = this._res.windowsPerPlane;
      all[s.plane * per + k] = canonical(v);
      next.gradValues = all;
    } else return;
    const focusName = name;
    this._apply(next, key);
    this._renderControls();
    this._grids[focusName].setActive(k, true);
  }

  // ---------------------------------------------------------------------------------------------
  // rendering

  _isDark() {
    const t = this._pending.theme;
    if (t === 'dark') return true;
    if (t === 'light') return false;
    return !!(window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches);
  }

  _applyTheme() {
    const dark = this._isDark();
    this._root.classList.toggle('dark', dark);
    this._root.classList.toggle('light', !dark);
    const t = this._t();
    const name = dark ? t.themeDark : t.themeLight;
    this._themeBtn.textContent = `◐ ${name}`;
    this._themeBtn.setAttribute('aria-label', t.themeLabel(name));
  }

  _renderControls() {
    if (!this._built) return;
    const s = this._pending;
    const t = this._t();
    const lang = resolveLang(s.lang);
    // (set only on change: a lang change restyles every text node)
    setAttr(this._root, 'lang', lang === 'zh' ? 'zh-CN' : 'en');
    this._title.textContent = t.title;
    this._langBtn.textContent = t.lang;
    this._langBtn.title = t.langLabel;
    setAttr(this._langBtn, 'lang', lang === 'zh' ? 'en' : 'zh-CN');
    this._applyTheme();
    this._legend.textContent = t.controls;
    const show = new Set(s.show);
    this._controls.hidden = !show.has('controls');
    this._hint.hidden = !show.has('controls');
    this._hint.textContent = t.hint;
    this._stepsBox.hidden = !show.has('steps');
    this._explain.hidden = !show.has('explain');
    this._formulas.hidden = !show.has('formulas');
    for (const name of MATRICES) this._figs[name].hidden = !show.has(name);

    const planes = s.batch * s.channels;
    this._ctl.plane.options = Array.from({ length: planes }, (_, p) => [p, () => t.planeN(Math.floor(p / s.channels), p % s.channels)]);
    for (const [key, c] of Object.entries(this._ctl)) {
      const p = PARAMS.find((x) => x.key === key);
      const lab = t[c.labelKey] ?? t[p?.name] ?? key;
      c.label.textContent = lab;
      const el = c.control;
      if (c.options) {
        const sig = c.options.map((o) => String(o[0])).join('|') + lang;
        if (el._sig !== sig) {
          el._sig = sig;
          el.textContent = '';
          for (const [v, label] of c.options) el.appendChild(h('option', { value: String(v) }, [typeof label === 'function' ? label(t) : t[label]]));
        }
      }
      if (document.activeElement === this && this.shadowRoot.activeElement === el && el.type !== 'checkbox' && el.tagName !== 'SELECT') continue;
      const v = s[p.name];
      if (el.type === 'checkbox') el.checked = !!v;
      else if (p.kind === 'ints') el.value = v.join('x');
      else if (p.kind === 'int-or-none') el.value = v === null ? 'none' : String(v);
      else el.value = String(v);
    }
    const avg = s.op === 'avg';
    const setDisabled = (key, off) => {
      const c = this._ctl[key];
      c.control.disabled = off;
      c.box.classList.toggle('disabled', off);
      c.control.title = off ? t.notForOp : '';
    };
    setDisabled('dilation', avg);
    setDisabled('count-include-pad', !avg);
    setDisabled('divisor-override', !avg);
    setDisabled('plane', planes === 1);
    this._pasteLabel.textContent = t.paste;
    this._paste.placeholder = t.pastePlaceholder;
    this._pasteBtn.textContent = t.pasteApply;
    this._randomBtn.textContent = t.random;
    this._prevBtn.textContent = `◂ ${t.prev}`;
    this._playBtn.textContent = `▶ ${t.play}`;
    this._pauseBtn.textContent = `‖ ${t.pause}`;
    this._nextBtn.textContent = `${t.next} ▸`;
    this._scrub.setAttribute('aria-label', t.scrub);
    this._speedLabel.textContent = t.speed;
    this._speedSel.setAttribute('aria-label', t.speed);
    this._showErrors();
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
    const P = this._plane;
    const shapes = { input: inSp, output: outSp, 'grad-output': outSp, 'grad-input': inSp, counts: inSp };
    for (const name of MATRICES) {
      const g = this._grids[name];
      g.setShape(shapes[name].length === 1 ? shapes[name] : shapes[name]);
      g.editable = name === 'input' || (name === 'grad-output' && s.grad === 'custom');
      if (s.dims === 3) g.setSliceLabels((d) => t.slice(d));
      const cap = this.shadowRoot.getElementById(`cap-${name}-${this._id}`);
      cap.textContent = '';
      cap.append(t.matrices[name], h('span', { class: 'note' }, [`${shapes[name].join('×')} · ${t.matrixNote[name]}`]));
    }
    this._paintValues();
    this._renderLegend();
    if (new Set(s.show).has('formulas')) {
      renderFormulas(this._formulas, {
        t, state: s, inShape: inSp, outShape: outSp, windowsPerPlane: r.windowsPerPlane, divisors: P.divisors,
        counts: P.counts, gradInput: P.gradInput, outNumel: r.output.data.length,
      });
    }
    this._renderMarks();
    this._renderExplain();
    this._renderSteps();
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
    const relabel = this._labelLang !== resolveLang(this._pending.lang);
    this._labelLang = resolveLang(this._pending.lang);
    g.input.update(P.input, 'sequential', null, relabel);
    if (st < 0) {
      g.output.update(P.output, 'sequential', null, relabel);
      g['grad-output'].update(P.gradOutput, 'diverging', null, relabel);
      g['grad-input'].update(P.gradInput, 'diverging', null, relabel);
      g.counts.update(P.counts, 'counts', null, relabel);
      return;
    }
    const fwd = Math.min(st, W); // outputs computed so far
    const bwd = Math.max(0, st - W); // windows whose gradient went back
    g.output.update(P.output, 'sequential', (k) => k >= fwd, relabel);
    g['grad-output'].update(P.gradOutput, 'diverging', (k) => st <= W || k >= bwd, relabel);
    const partial = this._partialGrad(bwd);
    g['grad-input'].update(partial, 'diverging', st <= W ? () => true : null, relabel);
    g.counts.update(P.counts, 'counts', st < 2 * W ? () => true : null, relabel);
  }

  /** dL/dx after the first `n` windows sent their gradient back (the library's backward). */
  _partialGrad(n) {
    if (n >= this._res.windowsPerPlane) return this._plane.gradInput;
    if (!this._partial.has(n)) this._partial.set(n, engine.maskedGradInput(this._valid, this._plane, (w) => w < n));
    return this._partial.get(n);
  }

  _geometry() {
    if (!this._geom) this._geom = engine.windowAxes(this._valid, this._plane.outShape);
    return this._geom;
  }

  _renderLegend() {
    const t = this._t();
    this._legendBox.textContent = '';
    this._legendBox.append(
      h('span', {}, [h('span', { class: 'sw win' }), t.windowMark]),
      h('span', {}, [h('span', { class: 'sw arg' }), `▲ ${t.argmaxMark}`]),
    );
  }

  // ---------------------------------------------------------------------------------------------
  // focus explanations

  _setFocus(side, k, hover) {
    if (!this._res) return;
    if (hover) this._hover = side ? { side, k } : null;
    else this._focus = { side, k };
    this._renderMarks();
    this._renderExplain();
  }

  _target() {
    return this._hover ?? this._focus;
  }

  _renderMarks() {
    const marks = Object.fromEntries(MATRICES.map((m) => [m, new Map()]));
    const P = this._plane;
    const s = this._valid;
    const W = this._res.windowsPerPlane;
    const add = (m, k, cls) => {
      const prev = marks[m].get(k);
      marks[m].set(k, prev ? `${prev} ${cls}` : cls);
    };
    if (this._step > 0) {
      const st = this._step;
      const w = st <= W ? st - 1 : st - W - 1;
      if (w >= 0 && w < W) this._markWindow(marks, w, st > W, add);
    } else if (this._step < 0) {
      const tg = this._target();
      if (tg && tg.side === 'out' && tg.k < W) {
        this._markWindow(marks, tg.k, true, add);
      } else if (tg && tg.side === 'in' && tg.k < P.input.length) {
        const geom = this._geometry();
        const wins = engine.windowsOf(geom, tg.k, P.inShape, P.outShape);
        for (const w of wins) {
          const won = s.op === 'max' && P.indices[w] === tg.k;
          add('output', w, won ? 'win argmax' : 'win');
          add('grad-output', w, won ? 'win argmax' : 'win');
        }
        for (const m of ['input', 'grad-input', 'counts']) add(m, tg.k, 'src');
      }
    }
    for (const m of MATRICES) this._grids[m].mark(marks[m]);
  }

  _markWindow(marks, w, backward, add) {
    const P = this._plane;
    const s = this._valid;
    const cells = engine.windowCells(this._geometry(), w, P.inShape, P.outShape);
    const am = s.op === 'max' ? P.indices[w] : -1;
    for (const j of cells) {
      add('input', j, j === am ? 'win argmax' : 'win');
      add('counts', j, 'win');
      if (backward) add('grad-input', j, s.op === 'max' ? (j === am ? 'lands argmax' : '') || 'win' : 'lands');
    }
    if (s.op === 'max' && am >= 0 && backward) {
      marks['grad-input'].set(am, 'lands argmax');
    }
    add('output', w, 'src');
    add('grad-output', w, 'src');
  }

  _pos(name, k, inSide) {
    const P = this._plane;
    if (!P) return `${name}[${k}]`;
    const idx = engine.unflatten(k, inSide ? P.inShape : P.outShape);
    return `${name}[${idx.join(', ')}]`;
  }

  _renderExplain() {
    const t = this._t();
    const box = this._explain;
    box.textContent = '';
    box.appendChild(h('h3', {}, [t.explain]));
    const P = this._plane;
    const s = this._valid;
    const tg = this._target();
    if (!P || !tg || this._step >= 0) {
      box.appendChild(h('p', { class: 'muted' }, [t.explainIdle]));
      return;
    }
    const W = this._res.windowsPerPlane;
    const total = this._res.output.data.length;
    const gText = (w) => (s.grad === 'mean' ? `1/${total}` : formatCell(P.gradOutput[w]));
    if (tg.side === 'out') {
      const w = tg.k;
      if (w >= W) return;
      const cells = engine.windowCells(this._geometry(), w, P.inShape, P.outShape);
      const pos = this._pos('y', w, false);
      if (s.op === 'max') {
        const am = P.indices[w];
        if (am < 0) {
          box.appendChild(h('p', {}, [t.maxOutEmpty(pos)]));
          return;
        }
        const list = `{${cells.slice(0, 32).map((j) => formatCell(P.input[j])).join(', ')}${cells.length > 32 ? ', …' : ''}}`;
        box.appendChild(h('p', {}, [t.maxOut(pos, list, formatCell(P.output[w]), this._pos('x', am, true))]));
        box.appendChild(h('p', {}, [t.gradLandsMax(gText(w), this._pos('x', am, true))]));
      } else {
        const div = P.divisors[w];
        const sum = cells.slice(0, 32).map((j) => formatCell(P.input[j])).join(' + ') + (cells.length > 32 ? ' + …' : '');
        box.appendChild(h('p', {}, [t.avgOut(pos, sum || '0', formatCell(div), formatCell(P.output[w]))]));
        const each = this._contribution(w);
        const first = cells.length ? formatCell(each[cells[0]]) : '0';
        box.appendChild(h('p', {}, [t.gradLandsAvg(gText(w), formatCell(div), first, cells.length)]));
      }
      return;
    }
    const j = tg.k;
    const pos = this._pos('x', j, true);
    const wins = engine.windowsOf(this._geometry(), j, P.inShape, P.outShape);
    const p1 = h('p', {}, [t.inUsedBy(pos, wins.length)]);
    if (wins.length) {
      p1.append(wins.slice(0, 27).map((w) => (s.op === 'max' ? t.inMaxTerm(this._pos('y', w, false), P.indices[w] === j) : this._pos('y', w, false))).join(', '));
    }
    box.appendChild(p1);
    const terms = [];
    for (const w of wins) {
      if (s.op === 'max') {
        if (P.indices[w] === j) terms.push(gText(w));
      } else {
        const div = formatCell(P.divisors[w]);
        terms.push(s.grad === 'mean' ? `1/(${total}·${div})` : `${gText(w)}/${div}`);
      }
    }
    const value = formatCell(P.gradInput[j]);
    const text = terms.length ? `${pos}: dL/dx = ${value} = ${terms.slice(0, 27).join(' + ')}${terms.length > 27 ? ' + …' : ''}` : `${pos}: dL/dx = ${value}`;
    box.appendChild(h('p', { class: 'sum' }, [text]));
  }

  /** One window's gradient contribution to every input cell of the plane (the library's backward). */
  _contribution(w) {
    if (!this._contrib.has(w)) this._contrib.set(w, engine.maskedGradInput(this._valid, this._plane, (x) => x === w));
    return this._contrib.get(w);
  }

  // ---------------------------------------------------------------------------------------------
  // step-through

  _renderSteps() {
    const t = this._t();
    const W = this._res.windowsPerPlane;
    const total = 2 * W;
    this._scrub.max = String(total);
    this._scrub.value = String(this._step < 0 ? total : this._step);
    this._scrub.setAttribute('aria-valuetext', this._stepText.textContent || '');
    const st = this._step;
    let text;
    if (st < 0 || st === total) text = t.stepIdle;
    else if (st === 0) text = t.stepStart;
    else if (st <= W) text = t.stepForward(st, W, this._pos('y', st - 1, false));
    else text = t.stepBackward(st - W, W, this._pos('y', st - W - 1, false));
    this._stepText.textContent = text;
    this._scrub.setAttribute('aria-valuetext', text);
    this._playBtn.disabled = !!this._timer;
    this._pauseBtn.disabled = !this._timer;
  }

  _setStep(k) {
    if (!this._res) return;
    const total = 2 * this._res.windowsPerPlane;
    k = Math.max(0, Math.min(total, k));
    this._step = k === total ? -1 : k;
    this._paintValues();
    this._renderMarks();
    this._renderExplain();
    this._renderSteps();
  }

  _stepBy(d) {
    if (!this._res) return;
    const total = 2 * this._res.windowsPerPlane;
    const cur = this._step < 0 ? total : this._step;
    if (d < 0 && cur === 0) return;
    if (d > 0 && cur === total) {
      this._setStep(0); // start over from the beginning
      return;
    }
    this._setStep(cur + d);
  }

  _play() {
    if (!this._res) return;
    this._stopPlay(false);
    const total = 2 * this._res.windowsPerPlane;
    if (this._step < 0 || this._step >= total) this._setStep(0);
    this._timer = setInterval(() => {
      const cur = this._step < 0 ? total : this._step;
      if (cur >= total - 1) {
        this._setStep(total);
        this._stopPlay();
        return;
      }
      this._setStep(cur + 1);
    }, 1000 / this._speed);
    this._renderSteps();
  }

  _stopPlay(render = true) {
    if (this._timer) clearInterval(this._timer);
    this._timer = null;
    if (render && this._res) this._renderSteps();
  }

  _onShortcut(e) {
    const tag = e.composedPath()[0]?.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'p' || e.key === 'P') {
      if (this._timer) this._stopPlay();
      else this._play();
    } else if (e.key === ']' || e.key === '.') this._stepBy(1);
    else if (e.key === '[' || e.key === ',') this._stepBy(-1);
    else if (e.key === 'Escape' && this._step >= 0) {
      this._stopPlay();
      this._setStep(Infinity);
    } else return;
    e.preventDefault();
  }
}

// ---------------------------------------------------------------------------------------------
// helpers

function h(tag, attrs = {}, children = []) {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
  for (const c of children) n.append(c);
  return n;
}

function setAttr(node, name, value) {
  if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}

function cloneValue(v) {
  return Array.isArray(v) ? v.slice() : v;
}

function cloneState(s) {
  const out = {};
  for (const [k, v] of Object.entries(s)) out[k] = Array.isArray(v) ? v.slice() : v;
  return out;
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
  const n = to.reduce((a, b) => a * b, 1);
  const fresh = seededValues(seed, n);
  const fs = [from[0], from[1], ...pad3(from.slice(2))];
  const ts = [to[0], to[1], ...pad3(to.slice(2))];
  const idx = new Array(5).fill(0);
  for (let k = 0; k < n; k++) {
    let r = k;
    for (let a = 4; a >= 0; a--) {
      idx[a] = r % ts[a];
      r = Math.floor(r / ts[a]);
    }
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
