// edits.js: what the user does by hand -- a control change, the random button, a pasted matrix, an
// edited cell -- turned into the next state, which the element then tries (el._apply).
import {
  parseState, serializeState, resolveInput, parseMatrixText, parseNumber, canonical, presetMatches,
  cloneState, setQueryDims, carryInput,
} from './state.js';
import * as engine from './engine.js';
import { TEXT_CAP } from './limits.js';

export function onControl(el, key, text) {
  const prev = el._pending;
  el._clearError(key);
  if (key === 'preset') {
    if (text === '') {
      el._pending = { ...cloneState(prev), input: resolveInput(prev), preset: '' };
      el._renderControls();
      return;
    }
    const q = new URLSearchParams({ preset: text, lang: prev.lang, theme: prev.theme, show: prev.show.join(',') || 'none' });
    const { state } = parseState(q);
    state.grad = prev.grad;
    el._apply(state, key);
    el._renderControls();
    return;
  }
  const q = serializeState(prev);
  q.set(key, text);
  if (key === 'seed') {
    q.delete('input');
    q.set('preset', '');
  }
  const shapeKeys = ['dims', 'size', 'channels', 'batch'];
  if (key === 'dims') setQueryDims(q, prev.size, Number(text));
  if (shapeKeys.includes(key)) q.delete('input');
  if (key === 'grad' && text === 'custom' && !prev.gradValues && el._res) {
    q.set('grad-values', Array.from(el._res.gradOutput.data).map((v) => String(canonical(v))).join(','));
  }
  const { state, errors } = parseState(q, { maxElements: el._elementCap() });
  const mine = errors.filter((e) => e.param === key);
  if (mine.length) {
    for (const e of mine) el._reportError(e.param, e.message);
    return;
  }
  if (shapeKeys.includes(key)) {
    // no input is lost: keep every value whose position still exists, seed the new ones
    state.input = carryInput(prev, state);
    if (prev.gradValues && el._res) state.gradValues = null;
  }
  if (state.grad === 'custom' && state.gradValues && el._res && key !== 'grad') {
    // keep the custom gradient when the output shape stays; otherwise restart from the mean
    const need = outNumelFor(state);
    if (need !== state.gradValues.length) state.gradValues = null;
  }
  unpreset(state);
  el._apply(state, key);
  el._renderControls();
}

function outNumelFor(state) {
  try {
    return engine.checkState(state).reduce((a, b) => a * b, 1);
  } catch {
    return -1;
  }
}

export function randomInput(el) {
  const next = cloneState(el._pending);
  next.seed = (Math.floor(Math.random() * 2147483647) >>> 0) || 1;
  next.input = null;
  next.preset = '';
  el._apply(next, 'seed');
  el._renderControls();
}

export function applyPaste(el) {
  const r = parseMatrixText(el._paste.value, { maxLength: TEXT_CAP.paste, maxElements: el._elementCap() });
  el._clearError('input');
  if (r.error) {
    el._reportError('input', el._t().pasteError(r.error));
    return;
  }
  const prev = el._pending;
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
  el._apply(next, 'input');
  el._renderControls();
}

export function editCell(el, name, k, text) {
  const v = parseNumber(text);
  const key = name === 'input' ? 'input' : 'grad-values';
  if (v === undefined) {
    el._reportError(key, `${el._t().nan}: ${text.slice(0, 30)}`);
    return;
  }
  el._clearError(key);
  const s = el._valid;
  const next = cloneState(s);
  if (name === 'input') {
    const all = resolveInput(s);
    const per = s.size.reduce((a, b) => a * b, 1);
    all[s.plane * per + k] = canonical(v);
    next.input = all;
  } else if (name === 'grad-output' && s.grad === 'custom') {
    const all = Array.from(el._res.gradOutput.data).map(canonical);
    const per = el._res.windowsPerPlane;
    all[s.plane * per + k] = canonical(v);
    next.gradValues = all;
  } else return;
  unpreset(next);
  const focusName = name;
  el._apply(next, key);
  el._renderControls();
  el._grids[focusName].setActive(k, true);
}

/** A state changed by hand that no longer matches its preset becomes custom (preset ''), keeping its numbers. */
function unpreset(state) {
  if (state.preset && !presetMatches(state)) {
    state.input = resolveInput(state);
    state.preset = '';
  }
}
