// explain-box.js: the explanation box (a view): the paragraphs of explain.js for the focused or
// hovered cell, rewritten only when their text changes.
import { explanation } from './explain.js';
import { h, setHidden } from './dom.js';

/** Returns {root, render(snap)}. */
export function createExplainBox() {
  const root = h('section', { class: 'explain', 'aria-live': 'polite' });
  let key = '';

  function render(snap) {
    setHidden(root, !snap.state.show.includes('explain'));
    const { t } = snap;
    const paras = root.hidden || !snap.plane ? [[t.explainIdle, 'muted']] : explanation(snap);
    const next = JSON.stringify([t.explain, paras]);
    if (next === key) return;
    key = next;
    root.replaceChildren(h('h3', {}, [t.explain]), ...paras.map(([text, cls]) => h('p', cls ? { class: cls } : {}, [text])));
  }

  return { root, render };
}
