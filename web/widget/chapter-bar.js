// chapter-bar.js: the chapter bar (a view): six chapter buttons (one tab stop, arrow keys move),
// the chapter's title and its two or three sentences with the live numbers (chapters.js), the
// rules of chapter 6 as buttons, and, once a parameter changed, which chapter was left with a
// way back. `tools` is a slot at the end of the first row (the practice switch).
import { CHAPTER_VIEWS, chapterStatus, chapterNumbers } from './chapters.js';
import { h, setAttr, setHidden, setText } from './dom.js';

// the ops the tutorial's chapters are about; any other op is a view beyond them
const CHAPTER_OPS = new Set(['max', 'avg']);

/** callbacks: {onChapter(n, view)}. Returns {root, tools, render(snap)}. */
export function createChapterBar({ onChapter }) {
  const root = h('nav', { class: 'chapters' });
  const label = h('span', { class: 'ch-label', 'aria-hidden': 'true' });
  const group = h('div', { class: 'ch-buttons', role: 'group' });
  const buttons = CHAPTER_VIEWS.map((_, i) => {
    const b = h('button', { type: 'button', 'data-chapter': String(i + 1), tabindex: '-1' }, [String(i + 1)]);
    b.addEventListener('click', () => onChapter(i + 1, 0));
    group.appendChild(b);
    return b;
  });
  // one tab stop; Left/Right/Home/End move between the chapters (Enter or Space opens one)
  group.addEventListener('keydown', (e) => {
    const at = buttons.indexOf(e.target);
    if (at < 0) return;
    const to = { ArrowLeft: at - 1, ArrowRight: at + 1, Home: 0, End: buttons.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const b = buttons[Math.max(0, Math.min(buttons.length - 1, to))];
    for (const x of buttons) x.tabIndex = x === b ? 0 : -1;
    b.focus();
  });
  const title = h('strong', { class: 'ch-title' });
  const tools = h('span', { class: 'ch-tools' });
  const text = h('p', { class: 'ch-text', 'aria-live': 'polite' });
  const subs = h('span', { class: 'ch-subs', role: 'group' });
  const subButtons = CHAPTER_VIEWS[5].map((v, i) => {
    const b = h('button', { type: 'button', 'data-chapter-view': v.id });
    b.addEventListener('click', () => onChapter(6, i));
    subs.appendChild(b);
    return b;
  });
  const back = h('button', { type: 'button', 'data-action': 'chapter-back' });
  let backTo = 1;
  back.addEventListener('click', () => onChapter(backTo, 0));
  const subText = h('p', { class: 'ch-text' });
  const body = h('div', { class: 'ch-body' }, [text, subs, subText, back]);
  root.append(h('div', { class: 'ch-row' }, [label, group, title, tools]), body);
  let tabbed = -1;
  let drawn = null; // what the bar was drawn for: {valid, plane, t, show}

  function render(snap) {
    // the bar depends only on the shown state, its numbers and the language
    if (drawn && drawn.valid === snap.valid && drawn.plane === snap.plane && drawn.t === snap.t && drawn.state === snap.state) return;
    drawn = { valid: snap.valid, plane: snap.plane, t: snap.t, state: snap.state };
    const show = snap.state.show.includes('chapters');
    setHidden(root, !show && !snap.state.show.includes('practice'));
    setHidden(body, !show);
    setHidden(label, !show);
    setHidden(group, !show);
    setHidden(title, !show);
    if (!show) return;
    const { t } = snap;
    const s = snap.valid ?? snap.state;
    const { n, view } = chapterStatus(s);
    const titles = t.chapterTitles;
    setAttr(root, 'aria-label', t.chapters);
    setAttr(root, 'data-chapter', String(n));
    setAttr(root, 'data-on-path', String(view >= 0));
    setAttr(group, 'aria-label', t.chapters);
    setText(label, t.chapterWord);
    buttons.forEach((b, i) => {
      setAttr(b, 'aria-label', t.chapterN(i + 1, titles[i]));
      setAttr(b, 'title', t.chapterN(i + 1, titles[i]));
      setAttr(b, 'aria-current', i + 1 === n && view >= 0 ? 'step' : 'false');
    });
    if (tabbed !== n) {
      // the tab stop follows the chapter (unless the keyboard is moving through the buttons)
      tabbed = n;
      buttons.forEach((b, i) => { b.tabIndex = i + 1 === n ? 0 : -1; });
    }
    setText(title, t.chapterN(n, titles[n - 1]));
    const on = view >= 0;
    setHidden(back, on);
    setHidden(subs, !on || n !== 6);
    backTo = n;
    setText(back, `↩ ${t.chapterBack(n)}`);
    subButtons.forEach((b, i) => {
      setText(b, t.chapterSubs[CHAPTER_VIEWS[5][i].id]);
      setAttr(b, 'aria-pressed', String(n === 6 && i === view));
    });
    setHidden(subText, !on || n !== 6);
    if (!on) {
      // an op the chapters do not cover is not a chapter left but a view beyond them
      const op = snap.state.op;
      setText(text, CHAPTER_OPS.has(op) ? t.chapterLeft(n, titles[n - 1]) : t.chapterBeyond(t.opNames[op]));
      return;
    }
    const v = chapterNumbers(snap, n, view);
    setText(text, v ? t.chapterTexts[n - 1](v) : '');
    if (n === 6) setText(subText, v ? t.chapterSubTexts[CHAPTER_VIEWS[5][view].id](v) : '');
  }

  return { root, tools, render };
}
