// practice.js: practice mode, "predict, then check", as pure functions of a snapshot: the
// learner's answers (held by the element as snapshot.practice, for one plane and one mode), how
// a typed answer reads (a number or a fraction), which cells are right, the explanation of a
// cell's right value, and the actions. The right values are the library's: dL/dx
// (plane.gradInput) or the position matrix P / coverage C (plane.counts). The panel that shows
// them is practice-panel.js.
import { parseNumber } from './text.js';
import { explanation, cellName } from './explain.js';
import { formatShort as f } from './format.js';
import { TOKEN_CAP } from './limits.js';
import { hasArgmax, matrixSide } from './ops.js';

/** The most cells of a plane practice mode offers (one text field each). */
export const PRACTICE_MAX_CELLS = 256;
/** A decimal counts as right within TOLERANCE.abs of the right value, or TOLERANCE.rel of it. */
export const TOLERANCE = { abs: 5e-4, rel: 1e-3 };
/**
 * The matrices practice mode hides while the learner predicts them; for max-type ops also the
 * argmax indices, which say where every window's gradient goes (an unpooling's indices are its
 * input: they stay).
 */
const CONCEALED = new Set(['grad-input', 'counts']);
const CONCEALED_ARGMAX = new Set([...CONCEALED, 'indices']);
const NONE = new Set();

/** The practice mode the state shows ('off' when practice is not among the shown parts). */
export function practiceMode(state) {
  if (!state || !state.show.includes('practice')) return 'off';
  // the positions are predicted per input element: not for max unpooling, whose counts are per output cell
  if (state.practice === 'positions' && matrixSide(state.op, 'counts') !== 'in') return 'off';
  return state.practice;
}

/** The matrices hidden by practice mode (their numbers are the answers). */
export function concealedBy(state) {
  if (practiceMode(state) === 'off') return NONE;
  return hasArgmax(state.op) ? CONCEALED_ARGMAX : CONCEALED;
}

/** The answers for the shown plane and mode: the snapshot's when they are for them, else empty. */
export function answersOf(snap) {
  const P = snap.plane;
  const mode = practiceMode(snap.valid);
  const a = snap.practice;
  if (a && a.plane === P && a.mode === mode) return a;
  return { plane: P, mode, texts: new Array(P ? P.input.length : 0).fill(''), checked: null, at: -1 };
}

/**
 * A typed answer: {blank: true}, {value} or {error}. Reads a number (as a cell does: 0.04, -1,
 * 1e-3), a fraction a/b, or a/(b·c) with ·, *, × or x between b and c; at most TOKEN_CAP * 3
 * characters, one pass.
 */
export function parseAnswer(text) {
  const s = String(text).replace(/\s+/g, '');
  if (s === '') return { blank: true };
  if (s.length > TOKEN_CAP * 3) return { error: true };
  const slash = s.indexOf('/');
  if (slash < 0) return numberOf(s);
  const top = numberOf(s.slice(0, slash));
  let bottom = s.slice(slash + 1);
  if (top.error) return top;
  let den;
  if (bottom[0] === '(' && bottom[bottom.length - 1] === ')') {
    bottom = bottom.slice(1, -1);
    const at = [...bottom].findIndex((c) => c === '·' || c === '*' || c === '×' || c === 'x' || c === '⋅');
    if (at < 0) den = numberOf(bottom);
    else {
      const a = numberOf(bottom.slice(0, at));
      const b = numberOf(bottom.slice(at + 1));
      den = a.error || b.error ? { error: true } : { value: a.value * b.value };
    }
  } else {
    den = numberOf(bottom);
  }
  if (den.error || den.value === 0) return { error: true };
  return { value: top.value / den.value };
}

function numberOf(s) {
  const v = parseNumber(s);
  return v === undefined || Number.isNaN(v) ? { error: true } : { value: v };
}

/** Whether an answer is the right value: counts exactly, gradients within TOLERANCE. */
export function isRight(given, want, mode) {
  if (mode === 'positions') return given === want;
  const d = Math.abs(given - want);
  return d <= TOLERANCE.abs || d <= TOLERANCE.rel * Math.abs(want);
}

/** The right values of the mode for the shown plane (the library's). */
export function rightValues(P, mode) {
  return mode === 'positions' ? P.counts : P.gradInput;
}

/**
 * Each cell's verdict after a check, or null before one: 'right', 'wrong', 'blank' or
 * 'unreadable'.
 */
export function verdicts(snap) {
  const a = answersOf(snap);
  if (!a.checked || !a.plane) return null;
  const want = rightValues(a.plane, a.mode);
  return a.checked.map((text, k) => {
    const r = parseAnswer(text);
    if (r.blank) return 'blank';
    if (r.error) return 'unreadable';
    return isRight(r.value, want[k], a.mode) ? 'right' : 'wrong';
  });
}

/** The note on the practice cell the learner is at: [text, class] paragraphs. */
export function practiceNote(snap) {
  const { t } = snap;
  const a = answersOf(snap);
  const marks = verdicts(snap);
  if (!marks || a.at < 0 || a.at >= marks.length) return [[t.practiceIdle, 'muted']];
  const P = a.plane;
  const k = a.at;
  const pos = cellName(P, 'x', k, true);
  const want = f(rightValues(P, a.mode)[k]);
  const verdict = marks[k];
  if (verdict === 'right') return [[t.practiceRight(pos, want), 'right']];
  const head = verdict === 'blank' ? t.practiceBlank(pos, want)
    : t.practiceWrong(pos, verdict === 'unreadable' ? t.practiceUnreadable(a.checked[k].slice(0, 30)) : a.checked[k].trim(), want);
  // why: the explanation of that input cell, as the explanation box would give it
  const why = explanation({ ...snap, focus: { side: 'in', k }, hover: null, step: { ...snap.step, step: -1 } });
  const paras = [[head, 'wrong']];
  if (a.mode === 'positions') {
    const n = P.counts[k];
    paras.push([hasArgmax(P.op) ? t.practiceCountLine(pos, n) : t.practiceCoverLine(pos, n), '']);
    paras.push(why[0]);
  } else {
    paras.push(...why);
  }
  return paras;
}

// ---------------------------------------------------------------------------------------------
// actions (element.js commits `practice`: the answers of the snapshot)

/** Practice mode switched (off, grad-input, positions): a view change, fresh answers. */
export function practiceSwitched(snap, mode) {
  return { view: { practice: mode }, practice: null };
}

/** Cell k's text changed. */
export function practiceTyped(snap, k, text) {
  const a = answersOf(snap);
  if (k < 0 || k >= a.texts.length) return {};
  const texts = a.texts.slice();
  texts[k] = String(text).slice(0, TOKEN_CAP * 3);
  return { practice: { ...a, texts } };
}

/** Check: the answers as they are now are marked. */
export function practiceChecked(snap) {
  const a = answersOf(snap);
  return { practice: { ...a, checked: a.texts.slice() } };
}

/** The learner is at cell k (its note is shown). */
export function practiceFocused(snap, k) {
  const a = answersOf(snap);
  return a.at === k ? {} : { practice: { ...a, at: k } };
}

/** Clear: every cell empty, nothing checked. */
export function practiceCleared(snap) {
  const a = answersOf(snap);
  return { practice: { ...a, texts: a.texts.map(() => ''), checked: null } };
}
