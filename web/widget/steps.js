// steps.js: the step-through. Step k runs from 0 to 2W for W windows: steps 1..W compute one
// output each (forward), steps W+1..2W send one window's gradient back (backward); the element
// keeps the step in el._step, -1 being the complete view, and the timer of play in el._timer.
import * as engine from './engine.js';
import { h, setAttr, setText } from './dom.js';
import { renderMarks, renderExplain, cellPos } from './explain.js';

const SPEEDS = [0.5, 1, 2, 4, 8];

export function renderSteps(el) {
  const t = el._t();
  const W = el._res.windowsPerPlane;
  const total = 2 * W;
  const st = el._step;
  let text;
  if (st < 0 || st === total) text = t.stepIdle;
  else if (st === 0) text = t.stepStart;
  else if (st <= W) text = t.stepForward(st, W, cellPos(el, 'y', st - 1, false));
  else text = t.stepBackward(st - W, W, cellPos(el, 'y', st - W - 1, false));
  // max before value: the range clamps value to max
  if (el._scrub.max !== String(total)) el._scrub.max = String(total);
  const value = String(st < 0 ? total : st);
  if (el._scrub.value !== value) el._scrub.value = value;
  setAttr(el._scrub, 'aria-valuetext', text);
  setText(el._stepText, text);
  const playing = !!el._timer;
  if (el._playBtn.disabled !== playing) el._playBtn.disabled = playing;
  if (el._pauseBtn.disabled !== !playing) el._pauseBtn.disabled = !playing;
}

export function setStep(el, k) {
  if (!el._res) return;
  const total = 2 * el._res.windowsPerPlane;
  k = Math.max(0, Math.min(total, k));
  el._step = k === total ? -1 : k;
  el._paintValues();
  renderMarks(el);
  renderExplain(el);
  renderSteps(el);
}

export function stepBy(el, d) {
  if (!el._res) return;
  const total = 2 * el._res.windowsPerPlane;
  const cur = el._step < 0 ? total : el._step;
  if (d < 0 && cur === 0) return;
  if (d > 0 && cur === total) {
    setStep(el, 0); // start over from the beginning
    return;
  }
  setStep(el, cur + d);
}

export function play(el) {
  if (!el._res) return;
  stopPlay(el, false);
  const total = 2 * el._res.windowsPerPlane;
  if (el._step < 0 || el._step >= total) setStep(el, 0);
  el._timer = setInterval(() => {
    const cur = el._step < 0 ? total : el._step;
    if (cur >= total - 1) {
      setStep(el, total);
      stopPlay(el);
      return;
    }
    setStep(el, cur + 1);
  }, 1000 / el._speed);
  renderSteps(el);
}

export function stopPlay(el, render = true) {
  if (el._timer) clearInterval(el._timer);
  el._timer = null;
  if (render && el._res) renderSteps(el);
}

export function onShortcut(el, e) {
  const tag = e.composedPath()[0]?.tagName;
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return;
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.key === 'p' || e.key === 'P') {
    if (el._timer) stopPlay(el);
    else play(el);
  } else if (e.key === ']' || e.key === '.') stepBy(el, 1);
  else if (e.key === '[' || e.key === ',') stepBy(el, -1);
  else if (e.key === 'Escape' && el._step >= 0) {
    stopPlay(el);
    setStep(el, Infinity);
  } else return;
  e.preventDefault();
}

/** dL/dx after the first `n` windows sent their gradient back (the library's backward). */
export function partialGrad(el, n) {
  if (n >= el._res.windowsPerPlane) return el._plane.gradInput;
  if (!el._partial.has(n)) el._partial.set(n, engine.maskedGradInput(el._valid, el._plane, (w) => w < n));
  return el._partial.get(n);
}

/** The step-through toolbar: prev, play, pause, next, a scrub bar, the speed, the step text. */
export function buildSteps(el) {
  el._stepsBox = h('div', { class: 'steps', role: 'toolbar' });
  const btn = (name, fn) => {
    const b = h('button', { type: 'button', 'data-step': name });
    b.addEventListener('click', fn);
    return b;
  };
  el._prevBtn = btn('prev', () => stepBy(el, -1));
  el._playBtn = btn('play', () => play(el));
  el._pauseBtn = btn('pause', () => stopPlay(el));
  el._nextBtn = btn('next', () => stepBy(el, 1));
  el._scrub = h('input', { type: 'range', min: '0', max: '1', value: '1', 'data-step': 'scrub' });
  el._scrub.addEventListener('input', () => setStep(el, Number(el._scrub.value)));
  el._speedSel = h('select', { 'data-step': 'speed' });
  for (const s of SPEEDS) el._speedSel.appendChild(h('option', { value: String(s) }, [`${s}×`]));
  el._speedSel.value = String(el._speed);
  el._speedSel.addEventListener('change', () => {
    el._speed = Number(el._speedSel.value);
    if (el._timer) play(el);
  });
  el._speedLabel = h('label', { class: 'muted' });
  el._stepText = h('div', { class: 'step-text', role: 'status', 'aria-live': 'polite' });
  el._stepsBox.append(el._prevBtn, el._playBtn, el._pauseBtn, el._nextBtn, el._scrub, el._speedLabel, el._speedSel, el._stepText);
  return el._stepsBox;
}

/** The toolbar's words in the current language. */
export function renderStepLabels(el, t) {
  setText(el._prevBtn, `◂ ${t.prev}`);
  setText(el._playBtn, `▶ ${t.play}`);
  setText(el._pauseBtn, `‖ ${t.pause}`);
  setText(el._nextBtn, `${t.next} ▸`);
  setAttr(el._scrub, 'aria-label', t.scrub);
  setText(el._speedLabel, t.speed);
  setAttr(el._speedSel, 'aria-label', t.speed);
}
