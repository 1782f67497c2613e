// element.js: <pool-grad>, the interactive pooling tool, and the only module that knows the
// element. The flow is one way:
//   a DOM event (a control, a cell, a key, an attribute, the `state` property) becomes an action
//   (actions.js: a pure function of a snapshot) -> the element commits the answer: it tries the
//   next state, asking the library (model.js) only when the pooling parameters or the input
//   changed, or shows the messages -> every view renders the new snapshot, writing only what
//   changed -> poolgrad-change fires.
// The views (shell.js, controls.js, steps.js, matrices.js, explain-box.js, formulas.js) take a
// snapshot and callbacks; the step-through is a StepPlayer (player.js). The chapter bar
// (chapter-bar.js, chapters.js) and practice mode (practice-panel.js, practice.js) follow the
// same flow: their actions answer `state` / `view` / `practice` (the learner's answers).
import {
  POOLING, defaultState, parseState, serializeState, stateToJSON, normalizeState, cloneState, cloneValue, paramByKey, PARAMS,
} from './state.js';
import * as engine from './engine.js';
import { BUDGET, overBudget } from './limits.js';
import { STRINGS, resolveLang } from './i18n.js';
import { CSS } from './styles.js';
import { Results } from './model.js';
import { Messages, controlOf, local, messageText } from './messages.js';
import { coreEntry } from './core-messages.js';
import { StepPlayer } from './player.js';
import * as actions from './actions.js';
import { createShell } from './shell.js';
import { createControls } from './controls.js';
import { createSteps, shortcut } from './steps.js';
import { createMatrices } from './matrices.js';
import { createExplainBox } from './explain-box.js';
import { FormulasPanel } from './formulas.js';
import { createChapterBar } from './chapter-bar.js';
import { chapterChosen, chapterFocus } from './chapters.js';
import { createPracticePanel } from './practice-panel.js';
import * as practice from './practice.js';
import { OPS, allowsDims } from './ops.js';
import { CompareAnswer, compareUnsupported } from './compare-engine.js';
import { createCompareView } from './compare-view.js';

// the control a limit of the work budget is shown by, when no control caused the change
const BUDGET_CONTROL = { 'cells-in': 'size', 'elements-in': 'size', 'cells-out': 'size', 'elements-out': 'size', taps: 'kernel-size' };

let sheet = null; // one constructed stylesheet shared by every instance
let instances = 0;

export class PoolGrad extends HTMLElement {
  static get observedAttributes() {
    return PARAMS.map((p) => p.key);
  }

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
    this._id = ++instances;
    this._pending = defaultState(); // what the controls show (may be invalid)
    this._valid = null; // the last state that rendered
    this._results = null; // the library's answer for _valid (model.js)
    this._compare = null; // the comparison's answer for _valid when state.compare is on (compare-engine.js)
    this._propState = null; // a state set as a property before connection (applied over the attributes)
    this._initialized = false; // the starting state was read (first connection)
    this._ready = false; // the library's core has loaded
    this._fatal = null; // the core could not be loaded: why
    this._messages = new Messages();
    this._focus = null; // the focused cell: {side: 'in' | 'out', k}
    this._hover = null; // the hovered cell
    this._practice = null; // practice mode's answers (practice.js: answersOf)
    this._player = new StepPlayer(() => this._paint());
    this._attrChanges = new Set(); // attributes changed since the last flush (applied together)
    this._attrQueued = false;
    this._mq = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
    this._onScheme = () => this._paint();
    this._views = null; // built on the first connection
    this._readyResolve = null;
    this.ready = new Promise((resolve) => {
      this._readyResolve = resolve;
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

  set state(value) {
    if (!this._initialized) {
      // not connected yet: kept, and applied over the attributes when connected (its fields win)
      this._propState = { ...(this._propState ?? {}), ...(value && typeof value === 'object' ? value : {}) };
      return;
    }
    this._dispatch(actions.propertySet, value);
  }

  get results() {
    const s = this._valid;
    if (!this._results || !s) return null;
    return { op: s.op, dims: s.dims, plane: s.plane, ...this._results.plane(s.plane).toJSON() };
  }

  /**
   * The comparison view's numbers (null when `compare` is off): {plane, unsupported ('op' | 'dims' | 'size' | null), columns:
   * [{framework, settings, error?, note?, output?, gradInput?, indices?}] (the shown plane, spatial
   * shapes, plain arrays), reasons: [{rule, frameworks, cells, text}]}. All numbers are the library's.
   */
  get comparison() {
    const s = this._valid;
    const a = this._compare;
    if (!a || !s || !s.compare.length) return null;
    const plane = (tensor) => {
      const sp = tensor.shape.slice(tensor.shape.length - s.dims);
      const n = sp.reduce((x, y) => x * y, 1);
      return { data: Array.from(tensor.data.slice(s.plane * n, (s.plane + 1) * n)), shape: sp };
    };
    return {
      plane: s.plane,
      unsupported: a.unsupported ? a.unsupported.reason : null,
      columns: a.columns.map((c) => {
        const out = { framework: c.framework, settings: c.settings };
        if (c.error) out.error = c.error;
        if (c.note) out.note = c.note.key;
        if (c.result) {
          out.output = plane(c.result.output);
          out.gradInput = plane(c.result.gradInput);
          if (c.result.indices) out.indices = plane(c.result.indices);
        }
        return out;
      }),
      reasons: a.reasons().map((r) => ({ rule: r.rule, frameworks: (r.frameworks ?? []).slice(), cells: r.cells, text: r.text })),
    };
  }

  /** The state as URL query / attribute text (serializeState of `state`). */
  toQuery() {
    if (!this._initialized) return serializeState(this._initialState().state);
    return serializeState(this._valid ?? this._pending);
  }

  // ---------------------------------------------------------------------------------------------
  // lifecycle

  connectedCallback() {
    if (!this._views) this._build();
    this._views.formulas.connect();
    this._mq?.addEventListener?.('change', this._onScheme);
    if (this._initialized) return;
    const { state, errors } = this._initialState();
    this._initialized = true;
    this._propState = null;
    this._pending = state;
    for (const e of errors) this._report(e.param, { message: e.message, kind: 'parse' }, true);
    this._paint();
    engine.init().then(
      () => {
        this._ready = true;
        this._start();
      },
      (err) => {
        this._fatal = String(err && err.message ? err.message : err);
        this._paint();
      },
    );
  }

  disconnectedCallback() {
    if (this._player.playing) this._player.pause();
    this._views.formulas.disconnect();
    this._mq?.removeEventListener?.('change', this._onScheme);
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (!this._initialized || oldValue === newValue) return;
    // attributes set together (size and dims, say) are applied together, once
    this._attrChanges.add(name);
    if (this._attrQueued) return;
    this._attrQueued = true;
    queueMicrotask(() => {
      this._attrQueued = false;
      const names = [...this._attrChanges];
      this._attrChanges.clear();
      if (names.length) this._dispatch(actions.attributesChanged, names, this._attributes());
    });
  }

  /** Every parameter's attribute: key -> text or null. */
  _attributes() {
    return Object.fromEntries(PARAMS.map((p) => [p.key, this.getAttribute(p.key)]));
  }

  /** The starting state: the attributes, then a state set as a property before connection. */
  _initialState() {
    const opts = { maxElements: this._cap() };
    const { state, errors } = parseState((k) => this.getAttribute(k), opts);
    if (this._propState === null) return { state, errors };
    const r = normalizeState({ ...stateToJSON(state), ...this._propState }, opts);
    return { state: r.state, errors: [...errors, ...r.errors] };
  }

  /**
   * The first render. A starting state can be readable yet invalid as a whole (kernel-size 9 on
   * 6x6): there is no last valid view to keep, so the element shows the core's message by that
   * parameter and renders the same state with the parameter at its default, else with every
   * pooling parameter at its default (the input kept), else the defaults.
   */
  _start() {
    const first = this._pending;
    if (first.show.includes('chapters')) this._focus ??= chapterFocus(first); // a chapter opens on its cell
    const failed = this._try(first, null, { first: true });
    if (failed === null) return;
    this._messages.keep(failed); // the message stays after the fallback renders
    const defaults = defaultState();
    const tries = [];
    const spec = paramByKey(failed);
    if (spec) tries.push({ ...cloneState(first), [spec.name]: cloneValue(defaults[spec.name]) });
    const pooling = cloneState(first);
    for (const p of POOLING) pooling[p.name] = cloneValue(defaults[p.name]);
    tries.push(pooling);
    tries.push({ ...defaults, lang: first.lang, theme: first.theme, show: first.show.slice() });
    for (const next of tries) {
      if (this._try(next, null, { first: true, quiet: true }) === null) return;
    }
    this._paint();
  }

  // ---------------------------------------------------------------------------------------------
  // the flow: event -> action -> commit -> render -> change event

  /** Everything a view or an action reads, as one object; nothing in it is changed afterwards. */
  _snapshot() {
    const state = this._pending;
    const lang = resolveLang(state.lang);
    const valid = this._valid;
    return {
      state,
      valid,
      results: this._results,
      plane: valid && this._results ? this._results.plane(valid.plane) : null,
      lang,
      t: STRINGS[lang],
      dark: this._isDark(),
      cap: this._cap(),
      messages: this._messages.entries(),
      fatal: this._fatal,
      focus: this._focus,
      hover: this._hover,
      step: this._player.snapshot(),
      practice: this._practice,
      compare: this._compare,
    };
  }

  _dispatch(action, ...args) {
    this._commit(action(this._snapshot(), ...args));
  }

  /** Commits an action's answer (actions.js) and renders it. */
  _commit(a) {
    for (const p of a.clear ?? []) this._messages.clear(p);
    if (a.clearSticky) this._messages.clearSticky();
    for (const e of a.errors ?? []) this._report(e.param, e, e.sticky);
    if ('focus' in a) this._focus = a.focus;
    if ('hover' in a) this._hover = a.hover;
    if ('practice' in a) this._practice = a.practice;
    let rendered = false;
    if (a.view) {
      this._pending = { ...this._pending, ...a.view };
      if (this._valid) {
        this._valid = { ...this._valid, ...a.view };
        this._changed();
        rendered = true;
      }
    }
    if (a.state) {
      if (a.compute === false) this._pending = a.state;
      else rendered = this._try(a.state, a.param ?? null) === null;
    }
    if (!rendered) this._paint();
    if (a.activate && rendered) this._views.matrices.activate(a.activate.matrix, a.activate.k);
  }

  /**
   * Tries a state: on success renders it and returns null; on failure shows the message (unless
   * quiet), keeps the view, and returns the control the message is shown by.
   * opts: {first: the first render (resolves `ready`), quiet: no message on failure}
   */
  _try(next, param, { first = false, quiet = false } = {}) {
    if (next.plane >= next.channels * next.batch) next = { ...next, plane: 0 };
    this._pending = next;
    if (!this._ready) return param ?? ''; // tried again when the core has loaded
    let results = this._results;
    if (!results?.answers(next)) {
      try {
        // an operation in dims it is not defined for (fractional: 2-D and 3-D; ops.js)
        if (!allowsDims(next.op, next.dims)) {
          const t = STRINGS[resolveLang(next.lang)];
          return this._fail(param ?? 'dims', local(t, 'famDims', next.op, OPS[next.op].dims.slice(), next.dims), quiet);
        }
        // the work budget (limits.js), from the core's output shape, before anything is computed
        const cost = engine.viewCost(next);
        const over = overBudget(cost, engine.maxElements());
        if (over) {
          const t = STRINGS[resolveLang(next.lang)];
          const entry = local(t, 'budget', over, next.size.join('×'), cost.outShape.join('×'));
          return this._fail(param ?? BUDGET_CONTROL[over.limit], entry, quiet);
        }
        results = new Results(next);
      } catch (err) {
        // the comparison shows a layer PyTorch rejects: PyTorch's column says why, the others render
        if (next.compare.length && !compareUnsupported(next)) return this._showComparison(next, first);
        // by the control that caused it, else by the control of the parameter the library names
        // (its .param); a message about nothing the widget controls goes to the banner
        return this._fail(param ?? controlOf(err?.param) ?? 'state', coreEntry(err, next), quiet);
      }
    }
    this._messages.clearTransient();
    this._valid = cloneState(next);
    this._results = results;
    // the comparison: asked of the library only when what it depends on changed
    if (!next.compare.length) this._compare = null;
    else if (!this._compare?.answers(next)) this._compare = new CompareAnswer(next);
    this._player.reset(2 * results.windowsPerPlane);
    this._changed();
    if (first && this._readyResolve) {
      this._readyResolve();
      this._readyResolve = null;
    }
    return null;
  }

  /**
   * Renders the comparison of a state the single view cannot show (PyTorch rejects the layer): no
   * single-view results, every column computed (compare-engine.js: PyTorch's with its message).
   */
  _showComparison(next, first) {
    this._messages.clearTransient();
    this._valid = cloneState(next);
    this._results = null;
    if (!this._compare?.answers(next)) this._compare = new CompareAnswer(next);
    this._player.reset(0);
    this._changed();
    if (first && this._readyResolve) {
      this._readyResolve();
      this._readyResolve = null;
    }
    return null;
  }

  _fail(param, entry, quiet) {
    if (!quiet) this._report(param, entry);
    return param;
  }

  /**
   * Shows a message by its control (or in the banner), then dispatches poolgrad-error with the
   * original message, the text shown and the core's code (messages.js, core-messages.js).
   */
  _report(param, entry, sticky = false) {
    const { message, kind, key, args, code, about, facts } = entry;
    const shown = { message, kind, key, args, code, about, facts, param };
    this._messages.set(param, shown, sticky);
    this._paint();
    // message: the original (the core's English words); text: as shown, in the language shown
    const detail = { param, message, text: messageText(STRINGS[resolveLang(this._pending.lang)], shown) };
    if (code) detail.code = code;
    this.dispatchEvent(new CustomEvent('poolgrad-error', { bubbles: true, composed: true, detail }));
  }

  /** A new view is shown: render it, then tell the page (poolgrad-change). */
  _changed() {
    this._paint();
    if (this.getAttribute('data-ready') !== 'true') this.setAttribute('data-ready', 'true');
    // results are copied out of the typed arrays only if a listener reads them
    const detail = { state: this.state };
    let results;
    Object.defineProperty(detail, 'results', { enumerable: true, get: () => (results ??= this.results) });
    this.dispatchEvent(new CustomEvent('poolgrad-change', { bubbles: true, composed: true, detail }));
  }

  /** Every view renders the current snapshot (each writes only what changed). */
  _paint() {
    const v = this._views;
    if (!v) return;
    const snap = this._snapshot();
    v.shell.render(snap);
    v.chapters.render(snap);
    v.practice.render(snap);
    v.controls.render(snap);
    v.steps.render(snap);
    v.matrices.render(snap);
    v.explain.render(snap);
    v.formulas.update(snap);
    v.compare.render(snap);
  }

  // ---------------------------------------------------------------------------------------------
  // building the shadow DOM (once) and wiring DOM events to actions

  _build() {
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
    const act = (action) => (...args) => this._dispatch(action, ...args);
    const step = (fn) => () => {
      if (this._results) fn(this._player);
    };
    const views = {
      shell: createShell({ onLang: act(actions.langToggled), onTheme: act(actions.themeToggled) }),
      controls: createControls({
        onControl: act(actions.controlChanged),
        onRandom: () => this._dispatch(actions.randomInput, (Math.floor(Math.random() * 2147483647) >>> 0) || 1),
        onPaste: act(actions.pasted),
      }),
      steps: createSteps({
        onPrev: step((p) => p.prev()),
        onPlay: step((p) => p.play()),
        onPause: step((p) => p.pause()),
        onNext: step((p) => p.next()),
        onSeek: (k) => step((p) => p.seek(k))(),
        onSpeed: (speed) => this._player.setSpeed(speed),
      }),
      matrices: createMatrices({
        onFocusCell: act(actions.cellFocused),
        onHoverCell: act(actions.cellHovered),
        onEdit: act(actions.cellEdited),
      }, this._id),
      explain: createExplainBox(),
      chapters: createChapterBar({ onChapter: act(chapterChosen) }),
      practice: createPracticePanel({
        onMode: act(practice.practiceSwitched),
        onType: act(practice.practiceTyped),
        onCheck: act(practice.practiceChecked),
        onClear: act(practice.practiceCleared),
        onAt: act(practice.practiceFocused),
      }),
      formulas: new FormulasPanel(),
      compare: createCompareView(),
    };
    this._views = views;
    const shell = views.shell.root;
    shell.addEventListener('keydown', (e) => {
      const cmd = shortcut(e, this._player.snapshot());
      if (!cmd) {
        // Escape outside the step-through: the clicked cell is no longer the explained one
        const tag = e.composedPath()[0]?.tagName;
        if (e.key === 'Escape' && tag !== 'INPUT' && tag !== 'TEXTAREA' && tag !== 'SELECT' && (this._focus || this._hover)) {
          this._dispatch(actions.cellCleared);
          e.preventDefault();
        }
        return;
      }
      if (this._results) {
        const p = this._player;
        if (cmd === 'toggle') p.playing ? p.pause() : p.play();
        else p[cmd]();
      }
      e.preventDefault();
    });
    views.chapters.tools.append(views.practice.toggle);
    shell.append(
      views.controls.banner, views.shell.loading, views.chapters.root, views.controls.root, views.controls.hint, views.steps.root,
      views.compare.root, views.matrices.root, views.matrices.legend, views.practice.root, views.explain.root, views.formulas.root,
    );
    root.appendChild(shell);
  }

  // ---------------------------------------------------------------------------------------------

  /** The most numbers an input or gradient may hold: the work budget, and the core's cap once it is loaded. */
  _cap() {
    return this._ready ? Math.min(BUDGET.elements, engine.maxElements()) : BUDGET.elements;
  }

  _isDark() {
    const theme = this._pending.theme;
    if (theme === 'dark') return true;
    if (theme === 'light') return false;
    return !!this._mq?.matches;
  }
}

