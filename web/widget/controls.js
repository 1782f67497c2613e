// controls.js: the parameter panel (a view): one control per parameter that has one (PARAMS'
// `control`), the random and paste boxes, each with its message slot (data-error-for), the hint
// below, and the banner for messages without a visible control. It reads a snapshot and calls
// back; it never decides what a change means (actions.js does).
import { PARAMS, FRAMEWORKS, paramApplies, resolveSamples } from './state.js';
import { formatFloat32 } from './format.js';
import { messageText, messageTitle } from './messages.js';
import { h, setAttr, setHidden, setText } from './dom.js';

// the parameters shown at once; the others fold into "more parameters" (layout: the matrices and
// the explanation fit a 1280x900 screen). The fold opens by itself when one of them has a message.
// (the comparison's knobs show only while it is on, and are its point: shown at once)
// The framework boxes (compare) sit in the fold while the comparison is off, at once while it is on.
const MAIN = new Set(['op', 'size', 'output-size', 'norm-type', 'kernel-size', 'stride', 'padding', 'preset',
  'onnx-auto-pad', 'onnx-pads', 'onnx-count-include-pad', 'tf-padding']);
const TYPING_DELAY = 300; // ms: a text field applies this long after the last keystroke (or on Enter)

// the words of each choice of a select
const OPTION_LABEL = {
  op: (t, v) => t.opNames[v],
  dims: (t, v) => t.dimsN(v),
  grad: (t, v) => ({ mean: t.gradMean, sum: t.gradSum, custom: t.gradCustom })[v],
  preset: (t, v) => (v === '' ? t.presetNone : t.presets[v] ?? t.famPresets[v] ?? t.comparePresets[v]),
  // ONNX's and TensorFlow's own words
  onnxAutoPad: (t, v) => v,
  tfPadding: (t, v) => v,
  plane: (t, p, s) => t.planeN(Math.floor(p / s.channels), p % s.channels),
};

/**
 * Whether a parameter's control shows for state s: the operation reads it, and a comparison knob
 * only while its framework is compared.
 */
function controlShown(p, s) {
  if (!paramApplies(p, s.op)) return false;
  return !p.framework || (s.compare.includes(p.framework) && p.compareOps.includes(s.op));
}

/** A state value as the text of its control. */
function controlText(p, v) {
  if (p.kind === 'pads') return v === null ? '' : v.join(',');
  if (p.kind === 'frameworks') return v.join(',');
  if (p.kind === 'ints') return v.join('x');
  if (p.kind === 'int-or-none') return v === null ? 'none' : String(v);
  if (p.kind === 'sizes') return v.map((x) => (x === null ? 'none' : String(x))).join('x');
  if (p.kind === 'ratios') return v === null ? 'none' : v.map(String).join('x');
  if (p.kind === 'floats') return v === null ? '' : v.map(formatFloat32).join(', ');
  if (p.kind === 'number') return formatFloat32(v);
  return String(v);
}

/**
 * callbacks: {onControl(key, text), onRandom(), onPaste(text)}.
 * Returns {banner, root, hint, render(snap), renderMessages(snap)}.
 */
export function createControls({ onControl, onRandom, onPaste }) {
  const banner = h('div', { class: 'banner', role: 'alert', hidden: '' });
  const root = h('fieldset', { class: 'controls' });
  const legend = h('legend');
  root.appendChild(legend);
  const hint = h('p', { class: 'hint' });
  const ctl = new Map(); // key -> {p, box, control, label, sig}
  const more = h('details', { class: 'more' });
  const moreSummary = h('summary');
  const moreBody = h('div', { class: 'more-body' });
  more.append(moreSummary, moreBody);
  const sent = new Map(); // key -> the text last applied (a debounced apply and the Enter after it apply once)
  let typing = 0; // the pending debounced apply
  const apply = (key, text) => {
    clearTimeout(typing);
    typing = 0;
    if (sent.get(key) === text) return;
    sent.set(key, text);
    onControl(key, text);
  };

  for (const p of PARAMS) {
    if (!p.control) continue;
    if (p.control === 'frameworks') {
      // one check box per framework; the group's value is the ticked ones, in FRAMEWORKS order
      const boxes = FRAMEWORKS.map((fw) => h('input', { type: 'checkbox', id: `c-${p.key}-${fw}` }));
      const names = FRAMEWORKS.map((fw, i) => h('label', { for: boxes[i].id }));
      const legendText = h('span', { class: 'group-label', id: `l-${p.key}` });
      const err = h('div', { class: 'err', 'data-error-for': p.key, id: `e-${p.key}`, role: 'status' });
      const control = h('div', { id: `c-${p.key}`, role: 'group', 'aria-labelledby': legendText.id, 'aria-describedby': err.id, class: 'fw-boxes' },
        FRAMEWORKS.map((fw, i) => h('span', { class: 'fw-box' }, [boxes[i], names[i]])));
      const box = h('div', { class: 'ctl frameworks' }, [legendText, control, err]);
      moreBody.appendChild(box); // (render moves it out of the fold while comparing)
      const value = () => {
        const on = FRAMEWORKS.filter((fw, i) => boxes[i].checked);
        return on.length ? on.join(',') : 'none';
      };
      for (const b of boxes) b.addEventListener('change', () => apply(p.key, value()));
      ctl.set(p.key, { p, box, control, label: legendText, boxes, names, sig: '' });
      continue;
    }
    const check = p.control === 'check';
    const control = p.control === 'select' ? h('select')
      : p.control === 'number' ? h('input', { type: 'number', min: String(p.min), max: String(p.max), step: '1' })
        : check ? h('input', { type: 'checkbox' })
          : h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false' });
    control.id = `c-${p.key}`;
    const label = h('label', { for: control.id });
    const err = h('div', { class: 'err', 'data-error-for': p.key, id: `e-${p.key}`, role: 'status' });
    control.setAttribute('aria-describedby', err.id);
    const box = h('div', { class: check ? 'ctl check' : 'ctl' }, check ? [control, label, err] : [label, control, err]);
    (MAIN.has(p.key) ? root : moreBody).appendChild(box);
    control.addEventListener('change', () => apply(p.key, check ? (control.checked ? 'true' : 'false') : control.value));
    if (p.control === 'text' || p.control === 'number') {
      // applies as you type, once the typing pauses
      control.addEventListener('input', () => {
        clearTimeout(typing);
        typing = setTimeout(() => apply(p.key, control.value), TYPING_DELAY);
      });
    }
    ctl.set(p.key, { p, box, control, label, sig: '' });
  }
  const randomBtn = h('button', { type: 'button', 'data-action': 'random' });
  randomBtn.addEventListener('click', () => onRandom());
  moreBody.appendChild(h('div', { class: 'ctl check' }, [randomBtn]));
  const pasteLabel = h('label', { for: 'c-paste' });
  const paste = h('textarea', { id: 'c-paste', rows: '2', spellcheck: 'false', 'aria-describedby': 'e-input' });
  const pasteBtn = h('button', { type: 'button', 'data-action': 'paste' });
  pasteBtn.addEventListener('click', () => onPaste(paste.value));
  const pasteErr = h('div', { class: 'err', 'data-error-for': 'input', id: 'e-input', role: 'status' });
  moreBody.appendChild(h('div', { class: 'ctl wide' }, [pasteLabel, paste, h('div', { class: 'row-ctl' }, [pasteBtn]), pasteErr]));
  root.appendChild(more);
  const slots = [...root.querySelectorAll('[data-error-for]')];
  let bannerKey = null;

  /** Each message in its control's slot; messages without a visible control go to the banner. */
  function renderMessages(snap) {
    const { t } = snap;
    const messages = new Map(snap.messages);
    const shown = new Set();
    for (const node of slots) {
      const p = node.dataset.errorFor;
      const e = messages.get(p);
      const msg = e ? messageText(t, e) : '';
      setText(node, msg);
      setAttr(node, 'title', e ? messageTitle(t, e) : ''); // the English original of a translation
      if (msg && !root.hidden) shown.add(p);
      const control = p === 'input' ? paste : ctl.get(p)?.control;
      if (control) setAttr(control, 'aria-invalid', msg ? 'true' : 'false');
    }
    // messages for parameters without a visible control (hidden controls, lang, show ...)
    const rest = [...messages].filter(([p]) => !shown.has(p)).map(([p, e]) => [p, messageText(t, e), messageTitle(t, e)]);
    if (snap.fatal) rest.unshift(['', snap.fatal, '']);
    const key = JSON.stringify(rest);
    if (key === bannerKey) return;
    bannerKey = key;
    banner.hidden = rest.length === 0;
    banner.textContent = '';
    for (const [p, text, title] of rest) {
      const line = h('div', { role: 'status' }, [text]);
      if (title) line.title = title;
      if (p) line.dataset.errorFor = p;
      banner.appendChild(line);
    }
  }

  /** Every control, label and message from the snapshot; a text control being edited keeps the user's text. */
  function render(snap) {
    const { t, state: s } = snap;
    const show = new Set(s.show);
    setHidden(root, !show.has('controls'));
    setHidden(hint, !show.has('controls'));
    setText(hint, t.hintLive);
    setText(legend, t.controls);
    // the fold's summary names the folded parameters that differ from the defaults; a message
    // about one of them opens it
    const changed = [];
    for (const c of ctl.values()) {
      if (MAIN.has(c.p.key) || !controlShown(c.p, s) || c.p.name === 'plane' || c.p.name === 'seed' || c.p.name === 'compare') continue;
      if (JSON.stringify(s[c.p.name]) !== JSON.stringify(c.p.default)) changed.push(`${c.p.key} = ${controlText(c.p, s[c.p.name])}`);
    }
    setText(moreSummary, changed.length ? `${t.moreParams} (${changed.join(', ')})` : t.moreParams);
    if (!more.open && snap.messages.some(([p]) => !MAIN.has(p) && (ctl.has(p) || p === 'input'))) more.open = true;
    const planes = s.batch * s.channels;
    const editing = root.getRootNode().activeElement ?? null;
    for (const c of ctl.values()) {
      const { p, control } = c;
      setText(c.label, t[p.name]);
      if (p.control === 'frameworks') {
        const comparing = s.compare.length > 0;
        const home = comparing ? root : moreBody;
        if (c.box.parentNode !== home) {
          // moving a node drops its focus: the ticked box keeps it (a keyboard user stays put)
          const focused = c.boxes.find((b) => b === editing);
          if (comparing) root.insertBefore(c.box, more);
          else moreBody.prepend(c.box);
          focused?.focus();
        }
        FRAMEWORKS.forEach((fw, i) => {
          setText(c.names[i], t.frameworkNames[fw]);
          if (c.boxes[i].checked !== s.compare.includes(fw)) c.boxes[i].checked = s.compare.includes(fw);
        });
        sent.set(p.key, s.compare.length ? s.compare.join(',') : 'none');
        continue;
      }
      if (p.control === 'select') {
        const values = p.name === 'plane' ? Array.from({ length: planes }, (_, i) => i) : p.values;
        const options = values.map((v) => [String(v), OPTION_LABEL[p.name](t, v, s)]);
        const sig = JSON.stringify(options);
        if (c.sig !== sig) {
          c.sig = sig;
          control.textContent = '';
          for (const [v, label] of options) control.appendChild(h('option', { value: v }, [label]));
        }
      }
      const v = s[p.name];
      // fractional pooling's samples drawn from sample-seed, shown where they would be typed
      if (p.name === 'samples') setAttr(control, 'placeholder', v === null && paramApplies(p, s.op) ? resolveSamples(s).join(', ') : '');
      if (p.control === 'check') {
        if (control.checked !== !!v) control.checked = !!v;
        sent.set(p.key, v ? 'true' : 'false');
      } else if (editing !== control || p.control === 'select') {
        const text = controlText(p, v);
        if (control.value !== text) control.value = text;
        sent.set(p.key, text); // what the control shows is applied: typing it again changes nothing
      }
      // a parameter the operation does not read is hidden (ops.js); one plane leaves nothing to choose
      setHidden(c.box, !controlShown(p, s));
      const off = p.name === 'plane' && planes === 1;
      if (control.disabled !== off) control.disabled = off;
      if (c.box.classList.contains('disabled') !== off) c.box.classList.toggle('disabled', off);
    }
    setText(pasteLabel, t.paste);
    setAttr(paste, 'placeholder', t.pastePlaceholder);
    setText(pasteBtn, t.pasteApply);
    setText(randomBtn, t.random);
    renderMessages(snap);
  }

  return { banner, root, hint, render, renderMessages };
}
