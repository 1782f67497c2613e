// shell.js: the frame of the element (a view): the root box with its language and theme, the
// header (title, language and theme switches) and the loading line shown until the first render.
import { h, setAttr, setText } from './dom.js';

/** callbacks: {onLang(), onTheme()}. Returns {root, render(snap)}. */
export function createShell({ onLang, onTheme }) {
  const root = h('div', { class: 'root', part: 'root' });
  const title = h('h2');
  const langBtn = h('button', { type: 'button', 'data-action': 'lang' });
  langBtn.addEventListener('click', () => onLang());
  const themeBtn = h('button', { type: 'button', 'data-action': 'theme' });
  themeBtn.addEventListener('click', () => onTheme());
  const loading = h('p', { class: 'loading muted' });
  root.append(h('header', {}, [title, langBtn, themeBtn]));

  function render(snap) {
    const { t, lang, dark } = snap;
    // (set only on change: a lang change restyles every text node)
    setAttr(root, 'lang', lang === 'zh' ? 'zh-CN' : 'en');
    if (root.classList.contains('dark') !== dark) root.classList.toggle('dark', dark);
    if (root.classList.contains('light') !== !dark) root.classList.toggle('light', !dark);
    setText(title, t.title);
    setText(loading, t.loading);
    setText(langBtn, t.lang);
    setAttr(langBtn, 'title', t.langLabel);
    setAttr(langBtn, 'lang', lang === 'zh' ? 'en' : 'zh-CN');
    const theme = dark ? t.themeDark : t.themeLight;
    setText(themeBtn, `◐ ${theme}`);
    setAttr(themeBtn, 'aria-label', t.themeLabel(theme));
    if (snap.valid) setAttr(root, 'data-ready', 'true');
    // the comparison view replaces the single-framework views (styles.js); an operation or dims it
    // does not compare keeps them, beside the comparison's message
    const s = snap.valid;
    const comparing = !!s && s.compare.length > 0 && !snap.compare?.unsupported;
    setAttr(root, 'data-view', comparing ? 'compare' : 'single');
  }

  return { root, loading, render };
}
