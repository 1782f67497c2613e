// explain.js: what a focused (or hovered) cell means. The marks on every matrix (the window of
// an output cell, the windows that use an input cell, the argmax, where a gradient lands; during
// the step-through, the current window) and the explanation box with the numbers in words.
import * as engine from './engine.js';
import { formatCell } from './grid.js';
import { h } from './dom.js';

export function setFocus(el, side, k, hover) {
  if (!el._res) return;
  if (hover) el._hover = side ? { side, k } : null;
  else el._focus = { side, k };
  renderMarks(el);
  renderExplain(el);
}

function target(el) {
  return el._hover ?? el._focus;
}

export function renderMarks(el) {
  const marks = Object.fromEntries(Object.keys(el._grids).map((m) => [m, new Map()]));
  const P = el._plane;
  const s = el._valid;
  const W = el._res.windowsPerPlane;
  const add = (m, k, cls) => {
    const prev = marks[m].get(k);
    marks[m].set(k, prev ? `${prev} ${cls}` : cls);
  };
  if (el._step > 0) {
    const st = el._step;
    const w = st <= W ? st - 1 : st - W - 1;
    if (w >= 0 && w < W) markWindow(el, marks, w, st > W, add);
  } else if (el._step < 0) {
    const tg = target(el);
    if (tg && tg.side === 'out' && tg.k < W) {
      markWindow(el, marks, tg.k, true, add);
    } else if (tg && tg.side === 'in' && tg.k < P.input.length) {
      for (const w of engine.windowsOf(geometry(el), tg.k)) {
        const won = s.op === 'max' && P.indices[w] === tg.k;
        add('output', w, won ? 'win argmax' : 'win');
        add('grad-output', w, won ? 'win argmax' : 'win');
      }
      for (const m of ['input', 'grad-input', 'counts']) add(m, tg.k, 'src');
    }
  }
  for (const [m, g] of Object.entries(el._grids)) g.mark(marks[m]);
}

function markWindow(el, marks, w, backward, add) {
  const P = el._plane;
  const s = el._valid;
  const cells = engine.windowCells(geometry(el), w);
  const am = s.op === 'max' ? P.indices[w] : -1;
  for (const j of cells) {
    add('input', j, j === am ? 'win argmax' : 'win');
    add('counts', j, 'win');
    if (backward) add('grad-input', j, s.op === 'max' ? (j === am ? 'lands argmax' : '') || 'win' : 'lands');
  }
  if (s.op === 'max' && am >= 0 && backward) {
    marks['grad-input'].set(am, 'lands argmax');
  }
  add('output', w, 'src');
  add('grad-output', w, 'src');
}

/** A cell's name with its index in the plane: x[1, 2] (input side) or y[0, 1] (output side). */
export function cellPos(el, name, k, inSide) {
  const P = el._plane;
  if (!P) return `${name}[${k}]`;
  const idx = engine.unflatten(k, inSide ? P.inShape : P.outShape);
  return `${name}[${idx.join(', ')}]`;
}

/** The explanation box: paragraphs for the focused cell; rewritten only when its text changes. */
export function renderExplain(el) {
  const t = el._t();
  const paras = [['', t.explainIdle, 'muted']];
  if (el._plane && target(el) && el._step < 0 && !el._explain.hidden) {
    paras.length = 0;
    explainParas(el, t, paras);
  }
  const key = JSON.stringify([t.explain, paras]);
  if (el._explain._key === key) return;
  el._explain._key = key;
  const box = el._explain;
  box.textContent = '';
  box.appendChild(h('h3', {}, [t.explain]));
  for (const [, text, cls] of paras) box.appendChild(h('p', cls ? { class: cls } : {}, [text]));
}

/** Pushes [id, text, class] paragraphs explaining the focused (or hovered) cell. */
function explainParas(el, t, paras) {
  const P = el._plane;
  const s = el._valid;
  const tg = target(el);
  const W = el._res.windowsPerPlane;
  const total = el._res.output.data.length;
  const gText = (w) => (s.grad === 'mean' ? `1/${total}` : formatCell(P.gradOutput[w]));
  if (tg.side === 'out') {
    const w = tg.k;
    if (w >= W) return;
    const cells = engine.windowCells(geometry(el), w);
    const pos = cellPos(el, 'y', w, false);
    if (s.op === 'max') {
      const am = P.indices[w];
      if (am < 0) {
        paras.push(['', t.maxOutEmpty(pos), '']);
        return;
      }
      const list = `{${cells.slice(0, 32).map((j) => formatCell(P.input[j])).join(', ')}${cells.length > 32 ? ', …' : ''}}`;
      paras.push(['', t.maxOut(pos, list, formatCell(P.output[w]), cellPos(el, 'x', am, true)), '']);
      paras.push(['', t.gradLandsMax(gText(w), cellPos(el, 'x', am, true)), '']);
    } else {
      const div = P.divisors[w];
      const sum = cells.slice(0, 32).map((j) => formatCell(P.input[j])).join(' + ') + (cells.length > 32 ? ' + …' : '');
      paras.push(['', t.avgOut(pos, sum || '0', formatCell(div), formatCell(P.output[w])), '']);
      const each = contribution(el, w);
      const first = cells.length ? formatCell(each[cells[0]]) : '0';
      paras.push(['', t.gradLandsAvg(gText(w), formatCell(div), first, cells.length), '']);
    }
    return;
  }
  const j = tg.k;
  const pos = cellPos(el, 'x', j, true);
  const wins = engine.windowsOf(geometry(el), j);
  let used = t.inUsedBy(pos, wins.length);
  if (wins.length) {
    used += wins.slice(0, 27).map((w) => (s.op === 'max' ? t.inMaxTerm(cellPos(el, 'y', w, false), P.indices[w] === j) : cellPos(el, 'y', w, false))).join(', ');
  }
  paras.push(['', used, '']);
  const terms = [];
  for (const w of wins) {
    if (s.op === 'max') {
      if (P.indices[w] === j) terms.push(gText(w));
    } else {
      const div = formatCell(P.divisors[w]);
      terms.push(s.grad === 'mean' ? `1/(${total}·${div})` : `${gText(w)}/${div}`);
    }
  }
  const value = formatCell(P.gradInput[j]);
  const text = terms.length ? `${pos}: dL/dx = ${value} = ${terms.slice(0, 27).join(' + ')}${terms.length > 27 ? ' + …' : ''}` : `${pos}: dL/dx = ${value}`;
  paras.push(['', text, 'sum']);
}

/** One window's gradient contribution to every input cell of the plane (the library's backward). */
function contribution(el, w) {
  if (!el._contrib.has(w)) el._contrib.set(w, engine.maskedGradInput(el._valid, el._plane, (x) => x === w));
  return el._contrib.get(w);
}

/** Window membership of the shown geometry (the core's poolWindows), asked once per geometry. */
function geometry(el) {
  const key = engine.geometryKey(el._valid);
  if (key !== el._geomKey) {
    el._geom = engine.windowGeometry(el._valid);
    el._geomKey = key;
  }
  return el._geom;
}

export function renderLegend(el) {
  const t = el._t();
  const key = `${t.windowMark}|${t.argmaxMark}`;
  if (el._legendBox._key === key) return;
  el._legendBox._key = key;
  el._legendBox.textContent = '';
  el._legendBox.append(
    h('span', {}, [h('span', { class: 'sw win' }), t.windowMark]),
    h('span', {}, [h('span', { class: 'sw arg' }), `▲ ${t.argmaxMark}`]),
  );
}
