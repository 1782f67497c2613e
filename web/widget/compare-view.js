// compare-view.js: the comparison view (a view): one column per compared framework (PyTorch |
// ONNX | TensorFlow), each with its settings line, its input with the padding drawn where that
// framework puts it (before / after, from the library's spec), its output y, dL/dx and, for max
// pooling, its argmax indices in its own numbering; the cells that differ from the first column
// outlined (or the shape difference said); under the columns the sentences of compare-reasons.js,
// each outlining its cells while hovered or focused. It reads a snapshot (snap.compare: a
// CompareAnswer of compare-engine.js) and draws; it computes nothing.
//
// Test hooks: `.compare` (the view), `[data-framework=pytorch|onnx|tensorflow]` (a column), in it
// `[data-compare-matrix=input|output|grad-input|indices]` grids (role=grid) whose cells
// `[role=gridcell][data-row][data-col]` carry the shown text and `data-value`, `data-differs` on
// a cell unlike the first column's; padding cells `[data-pad]` (aria-hidden); `.cmp-settings`,
// `.cmp-error`, `.cmp-shape`; the sentences `.cmp-reasons li[data-rule]`, and the cells one
// outlines carry `data-reason`.
import { h, setHidden } from './dom.js';
import { painter } from './colors.js';
import { formatShort } from './format.js';
import { prod } from './shape.js';
import { sameValue as same } from './compare-reasons.js';
import { messageText } from './messages.js';

// the matrices of a column, in order: [name, the result's field, the caption's key]
const MATS = [
  ['output', 'output', 'cmpOutput'],
  ['grad-input', 'gradInput', 'cmpGradInput'],
  ['indices', 'indices', 'cmpIndices'],
];
// colour map per matrix (colors.js names)
const COLOR = { input: 'input', output: 'output', 'grad-input': 'gradInput', indices: 'counts' };

const sameShape = (a, b) => a.length === b.length && a.every((n, i) => n === b[i]);

/** A list of per-axis values as Python writes it: one number when all agree, else a tuple. */
function pyInts(v) {
  return v.every((x) => x === v[0]) ? String(v[0]) : `(${v.join(', ')})`;
}

/** A column's settings line: the call as the framework writes it (its own names and spelling). */
export function settingsLine(framework, op, dims, st) {
  if (!st) return '';
  const max = op === 'max';
  if (framework === 'pytorch') {
    const parts = [`kernel_size=${pyInts(st.kernelSize)}`, `stride=${pyInts(st.stride)}`, `padding=${pyInts(st.padding)}`];
    if (max) parts.push(`dilation=${pyInts(st.dilation)}`);
    parts.push(`ceil_mode=${st.ceilMode ? 'True' : 'False'}`);
    if (!max) parts.push(`count_include_pad=${st.countIncludePad ? 'True' : 'False'}`);
    if (!max && st.divisorOverride !== null && st.divisorOverride !== undefined) parts.push(`divisor_override=${st.divisorOverride}`);
    return `F.${max ? 'max' : 'avg'}_pool${dims}d(x, ${parts.join(', ')})`;
  }
  if (framework === 'onnx') {
    const list = (v) => `[${v.join(',')}]`;
    const parts = [`kernel_shape=${list(st.kernel_shape)}`, `strides=${list(st.strides)}`];
    parts.push(st.auto_pad && st.auto_pad !== 'NOTSET' ? `auto_pad='${st.auto_pad}'` : `pads=${list(st.pads)}`);
    if (max) parts.push(`dilations=${list(st.dilations)}`);
    parts.push(`ceil_mode=${st.ceil_mode}`);
    if (!max) parts.push(`count_include_pad=${st.count_include_pad}`);
    return `${max ? 'MaxPool' : 'AveragePool'}(${parts.join(', ')})`;
  }
  const padding = Array.isArray(st.padding) ? `[${st.padding.map((p) => `[${p.join(', ')}]`).join(', ')}]` : `'${st.padding}'`;
  return `tf.nn.${max ? 'max' : 'avg'}_pool${dims}d(x, ksize=${pyInts(st.ksize)}, strides=${pyInts(st.strides)}, padding=${padding})`;
}

/** The (n, c) plane p of a whole tensor: {data, shape (spatial), offset (flat index of its first element)}. */
function planeOf(t, p, dims) {
  const shape = t.shape.slice(t.shape.length - dims);
  const n = prod(shape);
  return { data: t.data.subarray ? t.data.subarray(p * n, (p + 1) * n) : t.data.slice(p * n, (p + 1) * n), shape, offset: p * n };
}

/** [rows, columns] of a spatial shape (1-D: one row). */
const rowsCols = (shape) => (shape.length === 1 ? [1, shape[0]] : [shape[0], shape[1]]);

/**
 * One matrix as an ARIA grid: cells [role=gridcell] with data-row / data-col (input coordinates),
 * padding cells around them (`pad` per axis: [before, after], rows then columns). One tab stop;
 * the arrow keys, Home and End move among the grid cells.
 */
function gridOf(name, plane, paint, { pad = null, label, t, differs = null }) {
  const [H, W] = rowsCols(plane.shape);
  // pad per axis: [before, after, overhang past the after]
  const none = [0, 0, 0];
  const [pr, pc] = plane.shape.length === 1 ? [none, pad ? pad[0] : none] : pad ?? [none, none];
  const grid = h('div', { class: 'cgrid', role: 'grid', 'data-compare-matrix': name, 'aria-label': label });
  const cells = [];
  for (let r = -pr[0]; r < H + pr[1] + pr[2]; r++) {
    const row = h('div', { class: 'crow', role: 'row' });
    for (let c = -pc[0]; c < W + pc[1] + pc[2]; c++) {
      if (r < 0 || r >= H || c < 0 || c >= W) {
        const kind = r >= H + pr[1] || c >= W + pc[1] ? 'over' : 'pad';
        row.appendChild(h('div', { class: `ccell ${kind}`, 'data-pad': kind, 'data-pad-row': String(r), 'data-pad-col': String(c), 'aria-hidden': 'true' }));
        continue;
      }
      const k = r * W + c;
      const v = plane.data[k];
      const text = formatShort(v);
      const cell = h('div', { class: 'ccell', role: 'gridcell', tabindex: '-1', 'data-row': String(r), 'data-col': String(c), 'data-value': String(v) }, [text]);
      const colour = paint(v);
      if (colour) cell.style.cssText = `background-color:${colour.bg};color:${colour.fg}`;
      else cell.classList.add('nan'); // NaN has no colour: hatched, like the single view's
      if (differs && differs[k]) cell.dataset.differs = 'true';
      cell.dataset.k = String(k);
      cells.push(cell);
      row.appendChild(cell);
    }
    grid.appendChild(row);
  }
  // one column width for the whole grid (rows are grids of their own): the longest number shown
  const longest = cells.reduce((m, c) => Math.max(m, c.textContent.length), 1);
  grid.style.setProperty('--cw', `max(3.3em, calc(${longest}ch + 0.6em))`);
  // roving tab stop: the first cell; arrows move, the focused cell is named (row, column, value)
  let at = 0;
  const focusCell = (i) => {
    if (!cells.length) return;
    cells[at].tabIndex = -1;
    cells[at].removeAttribute('aria-label');
    at = Math.max(0, Math.min(cells.length - 1, i));
    const cell = cells[at];
    cell.tabIndex = 0;
    cell.setAttribute('aria-label', t.cellLabel(Number(cell.dataset.row), Number(cell.dataset.col), cell.textContent));
    cell.focus();
  };
  if (cells.length) {
    cells[0].tabIndex = 0;
    cells[0].setAttribute('aria-label', t.cellLabel(0, 0, cells[0].textContent));
  }
  grid.addEventListener('keydown', (e) => {
    const moves = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -W, ArrowDown: W, Home: -(at % W), End: W - 1 - (at % W) };
    if (!(e.key in moves)) return;
    e.preventDefault();
    e.stopPropagation();
    const next = at + moves[e.key];
    if ((e.key === 'ArrowLeft' || e.key === 'ArrowRight') && Math.floor(next / W) !== Math.floor(at / W)) return;
    if (next >= 0 && next < cells.length) focusCell(next);
  });
  grid.addEventListener('click', (e) => {
    const cell = e.target.closest?.('[role=gridcell]');
    if (cell) focusCell(cells.indexOf(cell));
  });
  return { el: grid, cells };
}

/** Which cells of a plane differ from the first column's (same shape), a boolean per cell; null when the shapes differ. */
function differences(plane, firstPlane) {
  if (!firstPlane || !sameShape(plane.shape, firstPlane.shape)) return null;
  const out = new Array(plane.data.length);
  for (let k = 0; k < out.length; k++) out[k] = !same(plane.data[k], firstPlane.data[k]);
  return out;
}

/** Returns {root, render(snap)}. */
export function createCompareView() {
  const root = h('section', { class: 'compare', 'aria-labelledby': 'cmp-title' });
  let drawnKey = ''; // what was drawn: the answer, plane, language and theme (a rebuild otherwise)

  function render(snap) {
    const { compare: answer, valid } = snap;
    const on = !!valid && valid.compare.length > 0;
    setHidden(root, !on);
    if (!on || !answer) {
      drawnKey = '';
      return;
    }
    const key = [answer.key, valid.plane, snap.lang, snap.dark].join('#');
    if (key === drawnKey) return;
    drawnKey = key;
    draw(snap, answer, valid);
  }

  function draw(snap, answer, s) {
    const { t, dark } = snap;
    root.textContent = '';
    root.append(h('h3', { id: 'cmp-title' }, [t.cmpTitle]));
    if (answer.unsupported) {
      const u = answer.unsupported;
      const msg = u.reason === 'op' ? t.cmpUnsupportedOp(s.op) : u.reason === 'dims' ? t.cmpUnsupportedDims(s.dims) : t.cmpTooBig(s.size.join('×'), u.cells, u.cap);
      root.append(h('p', { class: 'cmp-message', role: 'status', 'data-error-for': 'compare' }, [msg]));
      return;
    }
    const planes = s.batch * s.channels;
    const sep = snap.lang === 'zh' ? '' : ' '; // (Chinese sentences join without a space)
    root.append(h('p', { class: 'cmp-intro' }, [t.cmpIntro, planes > 1 ? `${sep}${t.cmpPlane(Math.floor(s.plane / s.channels), s.plane % s.channels)}` : '']));
    if (answer.columns.length < 2) root.append(h('p', { class: 'cmp-message', role: 'status' }, [t.cmpOnlyOne]));
    const p = s.plane;
    const dims = s.dims;
    const ok = answer.columns.filter((c) => c.result);
    // one colour scale per matrix across the columns: the same number has the same colour
    const paints = {};
    const inputPlane = planeOf(answer.input, p, dims);
    paints.input = painter(COLOR.input, inputPlane.data, dark);
    for (const [name, field] of MATS) {
      const all = [];
      for (const c of ok) if (c.result[field]) all.push(...planeOf(c.result[field], p, dims).data);
      paints[name] = painter(COLOR[name], all, dark);
    }
    const first = ok[0] ?? null; // the column the others are compared with (the first the library computed)
    const cols = h('div', { class: 'cmp-cols' });
    const columns = [];
    for (const col of answer.columns) {
      const fw = t.frameworkNames[col.framework];
      const box = h('section', { class: 'cmp-col', 'data-framework': col.framework, 'aria-label': fw });
      box.append(h('h4', {}, [fw]), h('code', { class: 'cmp-settings' }, [settingsLine(col.framework, s.op, dims, col.settings)]));
      const grids = {};
      // the input, padded where this framework pads it (the library's spec: before and after per axis)
      const spec = col.spec;
      // (and past the padding, dotted, where a ceil_mode window of this column reaches)
      const pad = spec && spec.padding && spec.paddingEnd ? spec.padding.map((b, a) => [b, spec.paddingEnd[a], col.overhang?.[a] ?? 0]) : null;
      grids.input = figure(box, 'input', t.cmpInput, inputPlane, paints.input, { pad, t });
      if (col.error) {
        // the library's own words (English, as a program reads them), or the view's for a layer the framework cannot express
        // (PyTorch's are the core's own rejections: said from their code in Chinese, core-messages.js)
        const words = col.errorWords ? t[col.errorWords.key](...col.errorWords.args)
          : col.framework === 'pytorch' && col.entry ? messageText(t, col.entry) : col.error;
        box.append(h('p', { class: 'cmp-error', role: 'alert', title: col.error }, [h('strong', {}, [t.cmpRejects(fw)]), ' ', words]));
      } else {
        if (col.note) box.append(h('p', { class: 'cmp-note' }, [t.cmpGradMean(...col.note.args)]));
        const firstOut = first && first !== col ? planeOf(first.result.output, p, dims) : null;
        const out = planeOf(col.result.output, p, dims);
        if (firstOut && !sameShape(out.shape, firstOut.shape)) {
          box.append(h('p', { class: 'cmp-shape', role: 'note' }, [
            t.cmpShapeDiffers(fw, out.shape.join('×'), t.frameworkNames[first.framework], firstOut.shape.join('×'))]));
        }
        for (const [name, field, cap] of MATS) {
          const tensor = col.result[field];
          if (!tensor) continue;
          const plane = planeOf(tensor, p, dims);
          const firstTensor = first && first !== col ? first.result[field] : null;
          // indices are each framework's own numbering: a different number is the point, not a difference to outline
          const differs = firstTensor && name !== 'indices' ? differences(plane, planeOf(firstTensor, p, dims)) : null;
          const note = name === 'indices' ? t.cmpIndicesNote[col.framework] : null;
          grids[name] = figure(box, name, t[cap], plane, paints[name], { t, differs, note });
        }
      }
      columns.push({ framework: col.framework, grids });
      cols.appendChild(box);
    }
    const over = answer.columns.some((c) => c.overhang?.some((e) => e > 0));
    root.append(cols, h('p', { class: 'cmp-legend' }, [h('span', { class: 'lg-pad', 'aria-hidden': 'true' }), ` ${t.cmpPadLegend}   `,
      ...(over ? [h('span', { class: 'lg-over', 'aria-hidden': 'true' }), ` ${t.ringLabel.over}   `] : []),
      h('span', { class: 'lg-diff', 'aria-hidden': 'true' }), ` ${t.cmpDiffLegend(first ? t.frameworkNames[first.framework] : '')}`]));
    const anyDiff = cols.querySelector('[data-differs], .cmp-shape') !== null;
    drawReasons(snap, answer, columns, p, dims, anyDiff);
  }

  /** A captioned grid in a column. */
  function figure(box, name, caption, plane, paint, opts) {
    const capEl = h('figcaption', {}, [caption, ...(opts.note ? [h('span', { class: 'note' }, [opts.note])] : [])]);
    const g = gridOf(name, plane, paint, { ...opts, label: caption });
    box.append(h('figure', { class: 'cmp-mat' }, [capEl, h('div', { class: 'scroll' }, [g.el])]));
    return g;
  }

  /** The sentences under the columns; each outlines its cells (output and dL/dx, both frameworks) while hovered or focused. */
  function drawReasons(snap, answer, columns, p, dims, anyDiff) {
    const { t, lang } = snap;
    const reasons = answer.reasons();
    const sec = h('section', { class: 'cmp-reasons', 'aria-labelledby': 'cmp-reasons-title' });
    sec.append(h('h4', { id: 'cmp-reasons-title' }, [t.cmpReasons]));
    if (!reasons.length) {
      // (no sentence and no outlined cell: the numbers agree; a failing column is said in its column)
      const agree = answer.columns.filter((c) => c.result).length > 1 && !anyDiff;
      sec.append(h('p', { class: 'muted' }, [agree ? t.cmpNoReasons : '']));
      root.append(sec);
      return;
    }
    sec.append(h('p', { class: 'muted hint' }, [t.cmpReasonsHint]));
    const list = h('ul');
    reasons.forEach((r, i) => {
      const text = r.text?.[lang] ?? r.text?.en ?? '';
      const li = h('li', { tabindex: '0', 'data-rule': String(r.rule ?? ''), 'data-frameworks': (r.frameworks ?? []).join(',') }, [text]);
      const marked = cellsOf(r, columns, p);
      const on = () => { for (const c of marked) c.dataset.reason = String(i); li.classList.add('active'); };
      const off = () => { for (const c of marked) delete c.dataset.reason; li.classList.remove('active'); };
      li.addEventListener('mouseenter', on);
      li.addEventListener('mouseleave', () => { if (li !== li.getRootNode().activeElement) off(); });
      li.addEventListener('focus', on);
      li.addEventListener('blur', off);
      list.appendChild(li);
    });
    sec.append(list);
    root.append(sec);
  }

  return { root, render };
}

/**
 * The grid cells a reason names that lie in the shown plane: its output cells (flat in the whole
 * tensor: `cells.output` in its second framework's output, `baseCells.output` the same cells in its
 * first's), its dL/dx cells (`cells.gradInput`, the input's shape in both columns) and its argmax
 * cells (`cells.indices`, output positions whose index is written differently).
 */
function cellsOf(reason, columns, p) {
  const out = [];
  const fws = reason.frameworks ?? [];
  for (const col of columns) {
    if (!fws.includes(col.framework)) continue;
    const isBase = col.framework === fws[0];
    for (const [name, field] of [['output', 'output'], ['grad-input', 'gradInput'], ['indices', 'indices']]) {
      const g = col.grids[name];
      const flat = isBase && field === 'output' ? reason.baseCells?.output ?? reason.cells?.output : reason.cells?.[field];
      if (!g || !Array.isArray(flat) || !g.cells.length) continue;
      const n = g.cells.length;
      const lo = p * n;
      const byK = new Map(g.cells.map((c) => [Number(c.dataset.k), c]));
      for (const f of flat) {
        if (f >= lo && f < lo + n) {
          const c = byK.get(f - lo);
          if (c) out.push(c);
        }
      }
    }
  }
  return out;
}
