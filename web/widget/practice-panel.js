// practice-panel.js: practice mode (a view): the switch (off / predict dL/dx / predict P), and
// while practising a grid of text fields in the input's shape, Check and Clear, the score and the
// note on the cell the learner is at (practice.js). Keyboard: arrow keys move between the fields
// (left/right at the ends of the text), Tab moves in reading order, Enter checks.
import { answersOf, verdicts, practiceNote, practiceMode, PRACTICE_MAX_CELLS } from './practice.js';
import { cellName } from './explain.js';
import { prod } from './shape.js';
import { h, setAttr, setHidden, setText } from './dom.js';
import { hasArgmax } from './ops.js';

const MODES = ['off', 'grad-input', 'positions'];
const SIGN = { right: '✓', wrong: '✗', blank: '?', unreadable: '✗' };
const CLASS = { right: 'pcell right', wrong: 'pcell wrong', blank: 'pcell blank', unreadable: 'pcell wrong' };

/**
 * callbacks: {onMode(mode), onType(k, text), onCheck(), onClear(), onAt(k)}.
 * Returns {toggle, root, render(snap)}.
 */
export function createPracticePanel({ onMode, onType, onCheck, onClear, onAt }) {
  const select = h('select', { 'data-action': 'practice', id: 'c-practice' });
  for (const m of MODES) select.appendChild(h('option', { value: m }));
  select.addEventListener('change', () => onMode(select.value));
  const selectLabel = h('label', { for: 'c-practice' });
  const toggle = h('span', { class: 'practice-toggle' }, [selectLabel, select]);

  const root = h('section', { class: 'practice', 'data-part': 'practice' });
  const title = h('h3');
  const hint = h('p', { class: 'muted hint' });
  const grid = h('div', { class: 'pgrid', role: 'grid', 'data-practice': 'grid' });
  const check = h('button', { type: 'button', 'data-action': 'practice-check' });
  check.addEventListener('click', () => onCheck());
  const clear = h('button', { type: 'button', 'data-action': 'practice-clear' });
  clear.addEventListener('click', () => onClear());
  const score = h('span', { class: 'practice-score', role: 'status' });
  const note = h('div', { class: 'practice-note', 'aria-live': 'polite' });
  root.append(title, hint, h('div', { class: 'scroll' }, [grid]), h('div', { class: 'row-ctl' }, [check, clear, score]), note);

  let fields = []; // the text fields, flat row-major within the plane
  let built = null; // the plane the fields were built for
  let shape = [1, 1];
  let noteKey = '';

  function build(P) {
    built = P;
    shape = P.inShape.length === 1 ? [1, P.inShape[0]] : [prod(P.inShape.slice(0, -1)), P.inShape[P.inShape.length - 1]];
    const [rows, cols] = shape;
    grid.textContent = '';
    fields = [];
    for (let r = 0; r < rows; r++) {
      const row = h('div', { class: 'prow', role: 'row' });
      for (let c = 0; c < cols; c++) {
        const k = r * cols + c;
        const input = h('input', {
          type: 'text', inputmode: 'decimal', autocomplete: 'off', spellcheck: 'false', 'data-row': String(r), 'data-col': String(c),
        });
        input.addEventListener('input', () => onType(k, input.value));
        input.addEventListener('focus', () => onAt(k));
        input.addEventListener('keydown', (e) => onKey(e, k, input));
        fields.push(input);
        row.appendChild(h('span', { class: 'pcell', role: 'gridcell' }, [input]));
      }
      grid.appendChild(row);
    }
  }

  function onKey(e, k, input) {
    const [rows, cols] = shape;
    const r = Math.floor(k / cols);
    const c = k % cols;
    let to = -1;
    if (e.key === 'Enter') {
      e.preventDefault();
      onCheck();
      return;
    }
    if (e.key === 'ArrowUp' && r > 0) to = k - cols;
    else if (e.key === 'ArrowDown' && r < rows - 1) to = k + cols;
    // left/right leave the field only from the end of its text (or with all of it selected)
    else if (e.key === 'ArrowLeft' && c > 0 && input.selectionStart === 0) to = k - 1;
    else if (e.key === 'ArrowRight' && c < cols - 1 && input.selectionEnd === input.value.length) to = k + 1;
    if (to < 0) return;
    e.preventDefault();
    e.stopPropagation();
    fields[to].focus();
    fields[to].select();
  }

  function render(snap) {
    const { t } = snap;
    const s = snap.valid ?? snap.state;
    const allowed = s.show.includes('practice');
    setHidden(toggle, !allowed);
    const avg = !hasArgmax(s.op); // the coverage C (average-type, LP), else the position matrix P
    setText(selectLabel, t.practice);
    [...select.options].forEach((o) => setText(o, (avg && t.practiceModesAvg[o.value]) || t.practiceModes[o.value]));
    if (select.value !== s.practice) select.value = s.practice;
    const mode = practiceMode(snap.valid);
    const P = snap.plane;
    setHidden(root, mode === 'off' || !P);
    if (mode === 'off' || !P) return;
    setText(title, mode === 'positions' && avg ? t.practiceTitle.coverage : t.practiceTitle[mode]);
    const cells = P.input.length;
    const tooBig = cells > PRACTICE_MAX_CELLS;
    setText(hint, tooBig ? t.practiceTooBig(cells, PRACTICE_MAX_CELLS) : mode === 'positions' ? t.practiceHintCounts : t.practiceHint);
    setHidden(grid.parentNode, tooBig);
    setHidden(check.parentNode, tooBig);
    setHidden(note, tooBig);
    if (tooBig) return;
    if (built !== P) build(P);
    const a = answersOf(snap);
    const marks = verdicts(snap);
    const active = root.getRootNode().activeElement ?? null;
    fields.forEach((input, k) => {
      if (input !== active && input.value !== a.texts[k]) input.value = a.texts[k];
      const verdict = marks ? marks[k] : '';
      const cell = input.parentNode;
      const cls = verdict ? CLASS[verdict] : 'pcell';
      if (cell.className !== cls) cell.className = cls;
      setAttr(cell, 'data-verdict', verdict || 'none');
      setAttr(cell, 'data-sign', verdict ? SIGN[verdict] : '');
      setAttr(input, 'aria-invalid', String(verdict === 'wrong' || verdict === 'unreadable'));
      const pos = cellName(P, 'x', k, true);
      setAttr(input, 'aria-label', `${t.practiceCell(pos)}${verdict ? ` ${SIGN[verdict]}` : ''}`);
    });
    setText(check, t.practiceCheck);
    setText(clear, t.practiceClear);
    if (marks) {
      const right = marks.filter((m) => m === 'right').length;
      const blank = marks.filter((m) => m === 'blank').length;
      setText(score, t.practiceScore(right, marks.length, blank));
    } else {
      setText(score, '');
    }
    const paras = practiceNote(snap);
    const key = JSON.stringify(paras);
    if (key !== noteKey) {
      noteKey = key;
      note.replaceChildren(...paras.map(([text, cls]) => h('p', cls ? { class: cls } : {}, [text])));
    }
  }

  return { toggle, root, render };
}
