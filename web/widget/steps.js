// steps.js: the step-through toolbar (a view): prev, play, pause, next, a scrub bar, the speed and
// the line saying where the step-through is; and the keyboard shortcuts as commands. The
// stepping itself is player.js.
import { SPEEDS } from './player.js';
import { stepText } from './explain.js';
import { h, setAttr, setHidden, setText } from './dom.js';

/**
 * callbacks: {onPrev(), onPlay(), onPause(), onNext(), onSeek(k), onSpeed(speed)}.
 * Returns {root, render(snap)}.
 */
export function createSteps({ onPrev, onPlay, onPause, onNext, onSeek, onSpeed }) {
  const root = h('div', { class: 'steps', role: 'toolbar' });
  const button = (name, fn) => {
    const b = h('button', { type: 'button', 'data-step': name });
    b.addEventListener('click', () => fn());
    return b;
  };
  const prev = button('prev', onPrev);
  const play = button('play', onPlay);
  const pause = button('pause', onPause);
  const next = button('next', onNext);
  const scrub = h('input', { type: 'range', min: '0', max: '1', value: '1', 'data-step': 'scrub' });
  scrub.addEventListener('input', () => onSeek(Number(scrub.value)));
  const speed = h('select', { 'data-step': 'speed' });
  for (const s of SPEEDS) speed.appendChild(h('option', { value: String(s) }, [`${s}×`]));
  speed.addEventListener('change', () => onSpeed(Number(speed.value)));
  const speedLabel = h('label', { class: 'muted' });
  const line = h('div', { class: 'step-text', role: 'status', 'aria-live': 'polite' });
  root.append(prev, play, pause, next, scrub, speedLabel, speed, line);

  function render(snap) {
    const { t, step } = snap;
    setHidden(root, !snap.state.show.includes('steps'));
    setText(prev, `◂ ${t.prev}`);
    setText(play, `▶ ${t.play}`);
    setText(pause, `‖ ${t.pause}`);
    setText(next, `${t.next} ▸`);
    setAttr(scrub, 'aria-label', t.scrub);
    setText(speedLabel, t.speed);
    setAttr(speed, 'aria-label', t.speed);
    if (speed.value !== String(step.speed)) speed.value = String(step.speed);
    if (!snap.plane) return;
    const text = stepText(snap);
    // max before value: the range clamps value to max
    if (scrub.max !== String(step.total)) scrub.max = String(step.total);
    const value = String(step.step < 0 ? step.total : step.step);
    if (scrub.value !== value) scrub.value = value;
    setAttr(scrub, 'aria-valuetext', text);
    setText(line, text);
    if (play.disabled !== step.playing) play.disabled = step.playing;
    // no wrap: nowhere to go before the start or after the last backward step (aria-disabled,
    // not disabled: a focused button keeps the keyboard focus when it reaches the end)
    setAttr(prev, 'aria-disabled', String(step.first));
    setAttr(next, 'aria-disabled', String(step.last));
    if (pause.disabled !== !step.playing) pause.disabled = !step.playing;
  }

  return { root, render };
}

/**
 * The step-through command of a key press anywhere in the element except text fields, or null:
 * p play/pause ('toggle'), ] or . next, [ or , prev, Escape back to the complete view ('end',
 * only while stepping).
 */
export function shortcut(e, step) {
  const tag = e.composedPath()[0]?.tagName;
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return null;
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (e.key === 'p' || e.key === 'P') return 'toggle';
  if (e.key === ']' || e.key === '.') return 'next';
  if (e.key === '[' || e.key === ',') return 'prev';
  if (e.key === 'Escape' && step.step >= 0) return 'end';
  return null;
}
