// controls.js: the parameter controls of <pool-grad>: building them (one per parameter, each with
// an error slot), writing the state into them, and showing the messages in the slots or the banner.
// A change in a control goes to edits.js, which turns it into the next state.
import { PARAMS, PRESETS } from './state.js';
import { h, setAttr, setText } from './dom.js';
import { onControl, randomInput, applyPaste } from './edits.js';

/** The parameter controls, the random and paste boxes, each with its error slot (data-error-for). */
export function buildControls(el) {
  el._controls = h('fieldset', { class: 'controls' });
  el._legend = h('legend');
  el._controls.appendChild(el._legend);
  el._ctl = {};
  const sel = (key, options) => addSelect(el, key, options);
  sel('op', [['max', 'opMax'], ['avg', 'opAvg']]);
  sel('dims', [[1, (t) => t.dimsN(1)], [2, (t) => t.dimsN(2)], [3, (t) => t.dimsN(3)]]);
  addText(el, 'size', 'size');
  addText(el, 'kernel-size', 'kernelSize');
  addText(el, 'stride', 'stride');
  addText(el, 'padding', 'padding');
  addText(el, 'dilation', 'dilation');
  addCheck(el, 'ceil-mode', 'ceilMode');
  addCheck(el, 'count-include-pad', 'countIncludePad');
  addText(el, 'divisor-override', 'divisorOverride');
  addNumber(el, 'channels', 'channels', 1, 16);
  addNumber(el, 'batch', 'batch', 1, 16);
  sel('plane', []);
  sel('grad', [['mean', 'gradMean'], ['sum', 'gradSum'], ['custom', 'gradCustom']]);
  sel('preset', [['', 'presetNone'], ...Object.keys(PRESETS).map((k) => [k, (t) => t.presets[k]])]);
  addNumber(el, 'seed', 'seed', 0, 2 ** 31 - 1);
  const rnd = h('button', { type: 'button', 'data-action': 'random' });
  rnd.addEventListener('click', () => randomInput(el));
  el._randomBtn = rnd;
  const rndBox = h('div', { class: 'ctl check' }, [rnd]);
  el._controls.appendChild(rndBox);
  // paste
  const pasteBox = h('div', { class: 'ctl wide' });
  el._pasteLabel = h('label', { for: 'c-paste' });
  el._paste = h('textarea', { id: 'c-paste', rows: '2', spellcheck: 'false' });
  el._pasteBtn = h('button', { type: 'button', 'data-action': 'paste' });
  el._pasteBtn.addEventListener('click', () => applyPaste(el));
  const pasteErr = h('div', { class: 'err', 'data-error-for': 'input', id: 'e-input', role: 'status' });
  el._paste.setAttribute('aria-describedby', 'e-input');
  pasteBox.append(el._pasteLabel, el._paste, h('div', { class: 'row-ctl' }, [el._pasteBtn]), pasteErr);
  el._controls.appendChild(pasteBox);
  return el._controls;
}

/** Every parameter control from the state s; a text control being edited keeps the user's text. */
export function renderParamControls(el, s, t, lang) {
  const planes = s.batch * s.channels;
  el._ctl.plane.options = Array.from({ length: planes }, (_, p) => [p, () => t.planeN(Math.floor(p / s.channels), p % s.channels)]);
  const editing = document.activeElement === el ? el.shadowRoot.activeElement : null;
  for (const [key, c] of Object.entries(el._ctl)) {
    const p = c.param;
    setText(c.label, t[c.labelKey] ?? t[p?.name] ?? key);
    const node = c.control;
    if (c.options) {
      const sig = c.options.map((o) => String(o[0])).join('|') + lang;
      if (node._sig !== sig) {
        node._sig = sig;
        node.textContent = '';
        for (const [v, label] of c.options) node.appendChild(h('option', { value: String(v) }, [typeof label === 'function' ? label(t) : t[label]]));
      }
    }
    if (editing === node && node.type !== 'checkbox' && node.tagName !== 'SELECT') continue;
    const v = s[p.name];
    if (node.type === 'checkbox') {
      if (node.checked !== !!v) node.checked = !!v;
      continue;
    }
    const text = p.kind === 'ints' ? v.join('x') : p.kind === 'int-or-none' ? (v === null ? 'none' : String(v)) : String(v);
    if (node.value !== text) node.value = text;
  }
  const avg = s.op === 'avg';
  const setDisabled = (key, off) => {
    const c = el._ctl[key];
    if (c.control.disabled !== off) c.control.disabled = off;
    if (c.box.classList.contains('disabled') !== off) c.box.classList.toggle('disabled', off);
    setAttr(c.control, 'title', off ? t.notForOp : '');
  };
  setDisabled('dilation', avg);
  setDisabled('count-include-pad', !avg);
  setDisabled('divisor-override', !avg);
  setDisabled('plane', planes === 1);
  setText(el._pasteLabel, t.paste);
  setAttr(el._paste, 'placeholder', t.pastePlaceholder);
  setText(el._pasteBtn, t.pasteApply);
  setText(el._randomBtn, t.random);
}

function addCtl(el, key, control, labelKey, cls = 'ctl') {
  const box = h('div', { class: cls });
  control.id = `c-${key}`;
  const label = h('label', { for: control.id });
  const err = h('div', { class: 'err', 'data-error-for': key, id: `e-${key}`, role: 'status' });
  control.setAttribute('aria-describedby', err.id);
  if (cls.includes('check')) box.append(control, label, err);
  else box.append(label, control, err);
  el._controls.appendChild(box);
  el._ctl[key] = { box, control, label, labelKey, param: PARAMS.find((x) => x.key === key) };
  return control;
}

function addSelect(el, key, options) {
  const s = h('select');
  addCtl(el, key, s, key);
  el._ctl[key].options = options;
  s.addEventListener('change', () => onControl(el, key, s.value));
}

function addText(el, key, labelKey) {
  const i = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false' });
  addCtl(el, key, i, labelKey);
  i.addEventListener('change', () => onControl(el, key, i.value));
}

function addNumber(el, key, labelKey, min, max) {
  const i = h('input', { type: 'number', min: String(min), max: String(max), step: '1' });
  addCtl(el, key, i, labelKey);
  i.addEventListener('change', () => onControl(el, key, i.value));
}

function addCheck(el, key, labelKey) {
  const i = h('input', { type: 'checkbox' });
  addCtl(el, key, i, labelKey, 'ctl check');
  i.addEventListener('change', () => onControl(el, key, i.checked ? 'true' : 'false'));
}

/** The text shown for a message: in Chinese, a lead-in before the core's exact (English) words. */
function errorText(el, { message, kind }) {
  const t = el._t();
  if (kind === 'core') return `${t.coreErrorLead}${message}`;
  if (kind === 'parse') return `${t.parseErrorLead}${message}`;
  return message;
}

/** Each message in its control's slot; messages without a visible control go to the banner. */
export function showErrors(el) {
  if (!el._built) return;
  const shown = new Set();
  const controlsShown = !el._controls.hidden;
  for (const node of el._errorNodes) {
    const p = node.dataset.errorFor;
    const e = el._errors.get(p);
    const msg = e ? errorText(el, e) : '';
    setText(node, msg);
    if (msg && controlsShown) shown.add(p);
    const ctl = el._ctl[p]?.control ?? (p === 'input' ? el._paste : null);
    if (ctl) setAttr(ctl, 'aria-invalid', msg ? 'true' : 'false');
  }
  // errors for parameters without a visible control (hidden controls, lang, show ...)
  const rest = [...el._errors].filter(([p]) => !shown.has(p));
  const key = JSON.stringify(rest.map(([p, e]) => [p, errorText(el, e)]));
  if (key === el._bannerKey) return;
  el._bannerKey = key;
  el._banner.hidden = rest.length === 0;
  el._banner.textContent = '';
  for (const [p, e] of rest) {
    const line = document.createElement('div');
    line.dataset.errorFor = p;
    line.setAttribute('role', 'status');
    line.textContent = errorText(el, e);
    el._banner.appendChild(line);
  }
}
