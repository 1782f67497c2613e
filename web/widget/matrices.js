// matrices.js: the six matrices (a view): a figure per matrix with its caption and its grid
// (grid.js), the legend of the marks below them. It draws a snapshot: the shown plane's numbers
// (during the step-through, those computed so far), in the colours of colors.js, and the marks
// of explain.js; it repaints numbers only when the plane, the step, the theme or the language
// changed, and marks only where they changed.
import { Grid } from './grid.js';
import { colorKind } from './colors.js';
import { MATRICES, marksFor, cellName } from './explain.js';
import { hasArgmax, hasIndices, countsMeaning, matrixSide, isUnpool, usesParam } from './ops.js';
import { prod } from './shape.js';
import { concealedBy } from './practice.js';
import { h, setData, setHidden } from './dom.js';
import { PaddingRing } from './padding.js';

const BIG_GRID = 400; // cells per matrix from which rows out of view are skipped (content-visibility)
// the results' name of each matrix (colors.js, model.js)
const KEY = { input: 'input', output: 'output', 'grad-output': 'gradOutput', 'grad-input': 'gradInput', counts: 'counts', indices: 'indices' };
// a matrix only some operations have (ops.js)
const HAS = { indices: hasIndices };

/** The caption of a matrix for an operation: [title, what]. */
function caption(t, op, name) {
  const unpool = isUnpool(op);
  if (name === 'counts') {
    const meaning = countsMeaning(op);
    if (meaning === 'writes') return [t.countsWritesTitle, t.countsWritesNote];
    const key = meaning === 'wins' ? 'max' : 'avg';
    return [t.countsTitle[key], t.countsNote[key]];
  }
  if (name === 'indices') return [t.indicesTitle, unpool ? t.unpoolIndicesNote : t.indicesNote];
  if (unpool) return [t.unpoolMatrices[name], t.unpoolNotes[name]];
  return [t.matrices[name], t.matrixNote[name]];
}

/**
 * callbacks: {onFocusCell(side, k), onHoverCell(side | null, k), onEdit(matrix, k, text)};
 * id: a number unique to the element (caption ids). Returns {root, legend, render(snap), activate(matrix, k)}.
 */
export function createMatrices({ onFocusCell, onHoverCell, onEdit }, id) {
  let snap = null; // the snapshot drawn last (the grids ask it for their labels)
  const sideOf = (g) => matrixSide(snap?.plane?.op, g.name);
  const hooks = {
    onFocusCell: (g, k) => onFocusCell(sideOf(g), k),
    onHoverCell: (g, k) => onHoverCell(g && k !== null ? sideOf(g) : null, k),
    onEdit: (g, k, text) => onEdit(g.name, k, text),
    labelFor: (g, row, col, slice, text) => snap.t.cellLabel(row, col, text, slice),
    editLabel: (g, k) => snap.t.editCell(cellName(snap.plane, g.name === 'input' ? 'x' : 'g', k, sideOf(g) === 'in')),
  };
  const root = h('div', { class: 'mats' });
  const figs = {};
  for (const name of MATRICES) {
    const grid = new Grid(name, hooks);
    const title = document.createTextNode('');
    const note = document.createTextNode('');
    const cap = h('figcaption', { id: `cap-${name}-${id}` }, [title, h('span', { class: 'note' }, [note])]);
    grid.el.setAttribute('aria-labelledby', cap.id);
    const fig = h('figure', { class: 'mat' }, [cap, h('div', { class: 'scroll' }, [grid.el])]);
    figs[name] = { grid, fig, title, note };
    root.appendChild(fig);
  }
  const ring = new PaddingRing(figs.input.grid);
  let indicesBeside = false; // max unpooling: the indices right after the input they belong to
  const legend = h('div', { class: 'legend', 'aria-hidden': 'true' });
  let legendKey = '';
  let painted = null; // what the numbers were painted for: {plane, step, dark, lang}

  function render(next) {
    const prev = snap;
    snap = next;
    const { t, plane: P, valid: s } = next;
    const show = new Set(next.state.show);
    const concealed = concealedBy(next.valid); // practice mode hides its answers
    for (const name of MATRICES) {
      setHidden(figs[name].fig, !show.has(name) || concealed.has(name) || (!!P && !!HAS[name] && !HAS[name](P.op)));
    }
    if (!P) return;
    if (matrixSide(P.op, 'indices') === 'in' !== indicesBeside) {
      indicesBeside = !indicesBeside;
      if (indicesBeside) figs.input.fig.after(figs.indices.fig);
      else root.appendChild(figs.indices.fig);
    }
    if (!prev || prev.plane !== P || prev.valid !== s || prev.t !== t) {
      const shapes = Object.fromEntries(MATRICES.map((m) => [m, matrixSide(P.op, m) === 'in' ? P.inShape : P.outShape]));
      // with a big input (or output), rows out of view are skipped until they come near it
      const big = Math.max(prod(P.inShape), prod(P.outShape)) >= BIG_GRID;
      for (const name of MATRICES) {
        const { grid, title, note } = figs[name];
        grid.setBig(big);
        grid.setShape(shapes[name]);
        // an unpooling's input is a max pooling's output: its numbers follow the input x, not edits
        grid.editable = (name === 'input' && !isUnpool(P.op)) || (name === 'grad-output' && s.grad === 'custom');
        if (P.inShape.length === 3) grid.setSliceLabels((d) => t.slice(d));
        // the counts are the position matrix P (max-type) or the coverage C (average-type), as the
        // tutorial names them, or an unpooling's writes per output cell
        const [head, what] = caption(t, P.op, name);
        setData(title, head);
        setData(note, `${shapes[name].join('×')} · ${what}`);
      }
      ring.set(P.results.ring(), t.ringLabel);
    }
    const step = next.step.step;
    if (!painted || painted.plane !== P || painted.step !== step || painted.dark !== next.dark || painted.lang !== next.lang) {
      paint(next, !painted || painted.lang !== next.lang);
      painted = { plane: P, step, dark: next.dark, lang: next.lang };
    }
    const marks = marksFor(next);
    for (const name of MATRICES) figs[name].grid.mark(marks[name]);
    ring.mark(marks.ring ?? new Map());
    // the legend names only the marks this view can show (no argmax in average pooling)
    const R = P.results.ring();
    const items = [['win', t.windowMark]];
    if (hasArgmax(P.op)) items.push(['arg', `▲ ${t.argmaxMark}`]);
    if (R && (R.pad[0] || R.pad[1])) items.push(['pad', t.padMark(R.value)]);
    if (R && (R.bottom > R.pad[0] || R.right > R.pad[1])) items.push(['over', t.overMark]);
    if (usesParam(P.op, 'dilation') && s.dilation.some((d) => d > 1)) items.push(['skip', t.skipMark]);
    const key = JSON.stringify(items);
    if (legendKey !== key) {
      legendKey = key;
      legend.replaceChildren(...items.map(([cls, text]) => h('span', {}, [h('span', { class: `sw ${cls}` }), text])));
    }
  }

  /** The numbers of every grid, honouring the step-through position. */
  function paint(s, relabel) {
    const P = s.plane;
    const W = P.windows;
    const st = s.step.step;
    const kind = (name) => colorKind(KEY[name], s.dark);
    const draw = (name, values, hidden = null) => figs[name].grid.update(values, kind(name), hidden, relabel);
    draw('input', P.input);
    if (st < 0) {
      draw('output', P.output);
      draw('grad-output', P.gradOutput);
      draw('grad-input', P.gradInput);
      draw('counts', P.counts);
      if (P.indices) draw('indices', P.indices);
      return;
    }
    const fwd = Math.min(st, W); // outputs computed so far
    const bwd = Math.max(0, st - W); // windows whose gradient went back
    draw('output', P.output, (k) => k >= fwd);
    draw('grad-output', P.gradOutput, (k) => st <= W || k >= bwd);
    draw('grad-input', P.partialGradInput(bwd), st <= W ? () => true : null);
    draw('counts', P.partialCounts(bwd), st <= W ? () => true : null); // counts accumulate with the backward steps
    // the indices of the windows computed so far (max unpooling: its indices are an input, all shown)
    if (P.indices) draw('indices', P.indices, matrixSide(P.op, 'indices') === 'out' ? (k) => k >= fwd : null);
  }

  return {
    root,
    legend,
    render,
    /** Moves the tab stop of a matrix to cell k and focuses it. */
    activate: (name, k) => figs[name].grid.setActive(k, true),
  };
}
