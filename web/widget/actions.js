// actions.js: what each event means. An action is a pure function of a snapshot (element.js:
// snapshot()) and the event's data; it returns an answer the element commits:
//   state       the next state to try (the library computes it; on failure its message is shown
//               by `param`'s control, or by the control of the error's .param, and the view stays)
//   compute     false: only show `state` in the controls (nothing to compute)
//   view        {lang} or {theme}: a view switch on the shown state, nothing to compute
//   param       the control (attribute key) that caused the change
//   clear       the messages that go (the parameters this event rewrote)
//   clearSticky the messages of bad attributes / properties go too
//   errors      messages to show: [{param, message, kind, sticky?, key?, args?}] (messages.js)
//   focus/hover the cell the explanation is about: {side: 'in' | 'out', k} or null
//   activate    {matrix, k}: the cell that keeps the keyboard focus after the render
import {
  SHAPE, PER_AXIS, paramByKey, defaultState, parseState, serializeState, normalizeState, resolveInput, parseMatrixText, parseNumber, canonical,
  presetMatches, cloneState, cloneValue, setQueryDims, carryInput,
} from './state.js';
import { TEXT_CAP } from './limits.js';
import { resolveLang } from './i18n.js';
import { local } from './messages.js';
import { checkState } from './engine.js';
import { prod } from './shape.js';
import { isUnpool } from './ops.js';

const SHAPE_KEYS = new Set(SHAPE.map((p) => p.key));
const parseErrors = (errors, sticky = false) => errors.map((e) => ({ param: e.param, message: e.message, kind: 'parse', sticky }));

/** A control of the parameter panel changed to `text` (its value as URL text). */
export function controlChanged(snap, key, text) {
  const prev = snap.state;
  if (key === 'preset') {
    if (text === '') {
      // custom: the same numbers, no longer called a preset (nothing to compute)
      return { clear: [key], state: { ...cloneState(prev), input: resolveInput(prev), preset: '' }, compute: false };
    }
    const q = new URLSearchParams({
      preset: text, lang: prev.lang, theme: prev.theme, show: prev.show.join(',') || 'none', chapter: String(prev.chapter), practice: prev.practice,
    });
    const { state } = parseState(q);
    state.grad = prev.grad;
    return { clear: [key], state, param: key };
  }
  const q = serializeState(prev);
  q.set(key, text);
  if (key === 'seed') {
    q.delete('input');
    q.set('preset', '');
  }
  if (key === 'dims') setQueryDims(q, prev.size, Number(text));
  if (SHAPE_KEYS.has(key)) q.delete('input');
  if (key === 'grad' && text === 'custom' && !prev.gradValues && snap.results) {
    q.set('grad-values', Array.from(snap.results.gradOutput.data).map((v) => String(canonical(v))).join(','));
  }
  const { state, errors } = parseState(q, { maxElements: snap.cap });
  const mine = errors.filter((e) => e.param === key);
  if (mine.length) return { clear: [key], errors: parseErrors(mine) };
  if (SHAPE_KEYS.has(key)) {
    // no input is lost: keep every value whose position still exists, seed the new ones
    state.input = carryInput(prev, state);
    if (prev.gradValues && snap.results) state.gradValues = null;
    // fractional samples are one per plane and dim: another count of them is drawn from sample-seed
    if (state.samples && state.samples.length !== state.batch * state.channels * state.dims) state.samples = null;
  }
  if (state.grad === 'custom' && state.gradValues && snap.results && key !== 'grad') {
    // keep the custom gradient when the output shape stays; otherwise restart from the mean
    if (outNumel(state) !== state.gradValues.length) state.gradValues = null;
  }
  unpreset(state);
  return { clear: [key], state, param: key };
}

/** The random button: a new seed (drawn by the caller), its values as the input. */
export function randomInput(snap, seed) {
  const next = cloneState(snap.state);
  next.seed = seed;
  next.input = null;
  next.preset = '';
  return { state: next, param: 'seed' };
}

/** The paste box's text as the input; its nesting decides the shape. */
export function pasted(snap, text) {
  const r = parseMatrixText(text, { maxLength: TEXT_CAP.paste, maxElements: snap.cap });
  if (r.error) return { clear: ['input'], errors: [{ param: 'input', ...local(snap.t, 'pasteError', r.error) }] };
  const prev = snap.state;
  const next = cloneState(prev);
  const shape = r.shape;
  const planes = prev.batch * prev.channels;
  if (r.values.length === planes * prod(prev.size) && shape.length === 1) {
    next.input = r.values; // a flat list of exactly the right length
  } else if (shape.length >= 1 && shape.length <= 5) {
    // the nesting decides: (L) (H, W) (D, H, W); a 4th/5th level is C, N
    const sp = shape.length <= 3 ? shape : shape.slice(shape.length - 3);
    const lead = shape.slice(0, shape.length - sp.length);
    next.dims = Math.min(shape.length, 3);
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
    for (const { name } of PER_AXIS) {
      if (next[name] !== null && next[name].length !== 1 && next[name].length !== next.dims) next[name] = [next[name][0]];
    }
    next.plane = 0;
  }
  next.preset = '';
  next.gradValues = null;
  if (next.grad === 'custom') next.grad = 'mean';
  return { clear: ['input'], state: next, param: 'input' };
}

/** A cell of the input (or of dL/dy with grad = custom) edited to `text`. */
export function cellEdited(snap, matrix, k, text) {
  const key = matrix === 'input' ? 'input' : 'grad-values';
  const v = parseNumber(text);
  if (v === undefined) return { errors: [{ param: key, ...local(snap.t, 'nan', text.slice(0, 30)) }] };
  const s = snap.valid;
  const next = cloneState(s);
  if (matrix === 'input' && isUnpool(s.op)) {
    return { clear: [key] }; // an unpooling's input is the max pooling's output: not edited
  } else if (matrix === 'input') {
    const all = resolveInput(s);
    all[s.plane * prod(s.size) + k] = canonical(v);
    next.input = all;
  } else if (matrix === 'grad-output' && s.grad === 'custom') {
    const all = Array.from(snap.results.gradOutput.data).map(canonical);
    all[s.plane * snap.results.windowsPerPlane + k] = canonical(v);
    next.gradValues = all;
  } else {
    return { clear: [key] };
  }
  unpreset(next);
  return { clear: [key], state: next, param: key, activate: { matrix, k } };
}

/** The language switch: the other language. */
export function langToggled(snap) {
  return { view: { lang: resolveLang(snap.state.lang) === 'zh' ? 'en' : 'zh' } };
}

/** The theme switch: the other theme. */
export function themeToggled(snap) {
  return { view: { theme: snap.dark ? 'light' : 'dark' } };
}

/** A cell got the focus (side: 'in' or 'out'). */
export function cellFocused(snap, side, k) {
  return snap.results ? { focus: { side, k } } : {};
}

/** Escape outside the step-through: no cell is explained any more. */
export function cellCleared(snap) {
  return snap.focus || snap.hover ? { focus: null, hover: null } : {};
}

/** The pointer is over a cell (side null: over none): a preview; the clicked cell stays the focus. */
export function cellHovered(snap, side, k) {
  return snap.results ? { hover: side ? { side, k } : null } : {};
}

/** The `state` property was set: the whole state, through the same checks as the attributes. */
export function propertySet(snap, value) {
  const { state, errors } = normalizeState(value, { maxElements: snap.cap });
  // the property replaces the whole state: earlier messages about its values are void
  return { clearSticky: true, errors: parseErrors(errors, true), state };
}

/**
 * Attributes changed (`names`, applied together); attrs: key -> the attribute's text or null,
 * for every parameter.
 */
export function attributesChanged(snap, names, attrs) {
  const prev = snap.state;
  const reshaped = names.some((n) => SHAPE_KEYS.has(n));
  let q;
  if (names.includes('preset')) {
    // a preset starts from its own parameters; the other attributes still apply
    q = new URLSearchParams();
    for (const [k, v] of Object.entries(attrs)) if (v !== null) q.set(k, v);
  } else if (names.includes('chapter')) {
    // a chapter opens its view (state.js reads it when no preset is given): the views kept, the
    // other changed attributes over it
    q = new URLSearchParams();
    for (const k of ['lang', 'theme', 'show', 'practice']) q.set(k, serializeState(prev).get(k));
    for (const k of names) if (attrs[k] !== null && attrs[k] !== undefined) q.set(k, attrs[k]);
  } else {
    q = serializeState(prev);
    const defaults = serializeState(defaultState());
    for (const name of names) {
      const v = attrs[name];
      if (v !== null && v !== undefined) q.set(name, v);
      else if (defaults.has(name)) q.set(name, defaults.get(name));
      else q.delete(name);
    }
    const dims = Number(q.get('dims'));
    if (names.includes('dims') && !names.includes('size') && [1, 2, 3].includes(dims)) {
      setQueryDims(q, prev.size, dims, names);
    }
    if (reshaped && !names.includes('input')) q.delete('input');
  }
  const { state, errors } = parseState(q, { maxElements: snap.cap });
  // a bad attribute keeps that parameter's view; the rest applies
  for (const e of errors) {
    const p = names.includes(e.param) ? paramByKey(e.param) : null;
    if (p) state[p.name] = cloneValue(prev[p.name]);
  }
  if (!names.includes('input') && !names.includes('preset') && state.input === null && prev.input !== null && reshaped) {
    state.input = carryInput(prev, state);
  }
  return { clear: names, errors: parseErrors(errors, true), state, param: names.length === 1 ? names[0] : null };
}

// ---------------------------------------------------------------------------------------------

/** The number of output elements of a state (the core's output shape), or -1 if invalid. */
function outNumel(state) {
  try {
    return prod(checkState(state));
  } catch {
    return -1;
  }
}

/** A state changed by hand that no longer matches its preset becomes custom (preset ''), keeping its numbers. */
function unpreset(state) {
  if (state.preset && !presetMatches(state)) {
    state.input = resolveInput(state);
    state.preset = '';
  }
}
