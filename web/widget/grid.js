// grid.js: one matrix drawn as an ARIA grid.
//
// Speed: a 32x32 view has five such grids (5120 cells) and every parameter change rewrites most
// of them, so the DOM work is kept to what changed:
// - cells are created once and keep their position: a new shape detaches or re-attaches cells at
//   the ends of rows and rows at the end; it never rebuilds the grid;
// - an update writes a cell's text node, data-value and colour only when they changed (colour:
//   one inline background-color, and the text colour only when it flips between black and white);
// - rows are CSS grids of implicit columns of the cell width, stretched to their block (the grid,
//   or a 3-D slice), whose width is the one value a new shape writes; cells are `contain: strict`;
// - in a big view, rows are `content-visibility: auto` (one cell high while skipped): rows out of
//   view cost no style or layout work, and their colours are written only when they come near
//   the viewport (contentvisibilityautostatechange); their numbers are always written at once;
// - only the tab-stop cell carries an aria-label (row, column, value): the others are reached by
//   moving focus, which moves the label with it.
//
// Keyboard: the grid is one tab stop (roving tabindex); arrow keys move (left/right cross into
// the neighbouring 3-D slice), Home/End go to the row's ends, PageUp/PageDown change slice,
// Enter or F2 (or typing a number) edits an editable cell, Escape cancels.
import { MAPS, scaleFor } from './colors.js';
import { formatShort } from './format.js';
import { unflatten } from './shape.js';

const MARKS = ['win', 'argmax', 'src', 'step', 'lands', 'skip'];

// value -> [shown text, data-value]: most matrices repeat a few values (gradients, counts)
const formats = new Map();
function formatsOf(v) {
  let f = formats.get(v);
  if (f === undefined) {
    if (formats.size > 50000) formats.clear();
    f = [formatShort(v), String(v)];
    formats.set(v, f);
  }
  return f;
}

// rows out of view skip their colours until they come near it (the browser tells, when it can)
const SKIP_EVENTS = typeof HTMLElement !== 'undefined' && 'oncontentvisibilityautostatechange' in HTMLElement.prototype;

export class Grid {
  /**
   * @param {string} name  data-matrix value
   * @param {object} hooks {onFocusCell(grid, k), onHoverCell(grid, k|null), onEdit(grid, k, text),
   *                        labelFor(grid, row, col, slice, text), editLabel(grid, k)}
   */
  constructor(name, hooks) {
    this.name = name;
    this.hooks = hooks;
    this.el = document.createElement('div');
    this.el.className = 'grid';
    this.el.setAttribute('role', 'grid');
    this.el.dataset.matrix = name;
    this.shapeKey = '';
    this.shape = [];
    this.is3d = false;
    this.D = 0;
    this.H = 0;
    this.W = 0;
    this.groups = []; // [{el, label, attached, rows: [{el, cells, n (attached), attached}]}]; 1-D/2-D: one group, el = the grid
    this.cells = []; // flat, row-major within the plane
    this.values = null;
    this.active = 0;
    this.tabCell = null; // the cell with tabindex 0
    this.editing = false; // a cell is being edited
    this.editingCell = null; // the cell holding an <input> while it is edited
    this.labelled = null; // the cell carrying the aria-label
    this.editable = false;
    this.highlighted = new Map(); // k -> classes
    this.longest = 0;
    this.scale = null; // the colour scale and map of the numbers shown (update)
    this.colorKind = '';
    this.el.addEventListener('keydown', (e) => this.onKey(e));
    this.el.addEventListener('focusin', (e) => {
      const k = this.indexOf(e.target);
      if (k >= 0 && !this.editing) {
        this.setActive(k, false);
        hooks.onFocusCell(this, k);
      }
    });
    this.el.addEventListener('mouseover', (e) => {
      const k = this.indexOf(e.target);
      if (k >= 0) hooks.onHoverCell(this, k);
    });
    this.el.addEventListener('mouseleave', () => hooks.onHoverCell(this, null));
    this.el.addEventListener('click', (e) => {
      const k = this.indexOf(e.target);
      if (k >= 0 && !this.editing) this.cells[k].focus();
    });
    this.el.addEventListener('dblclick', (e) => {
      const k = this.indexOf(e.target);
      if (k >= 0 && this.editable) this.startEdit(k, null);
    });
  }

  indexOf(node) {
    const cell = node.closest?.('.cell');
    return cell && cell._k !== undefined && this.cells[cell._k] === cell ? cell._k : -1;
  }

  /**
   * Adapts the cells to a spatial shape: [L], [H, W] or [D, H, W]. Every cell, row and slice ever
   * made stays with its position: a smaller shape detaches those past its end, a larger one
   * attaches them again (and makes any that never existed).
   */
  setShape(shape) {
    const key = shape.join('x');
    if (key === this.shapeKey) return;
    this.mark(new Map());
    const is3d = shape.length === 3;
    const D = is3d ? shape[0] : 1;
    const H = shape.length >= 2 ? shape[shape.length - 2] : 1;
    const W = shape[shape.length - 1];
    if (is3d !== this.is3d || !this.groups.length) {
      // slices <-> plain rows: a different tree
      this.el.textContent = '';
      this.el.style.minWidth = '';
      this.groups = [];
      this.el.classList.toggle('is3d', is3d);
      this.is3d = is3d;
    }
    const cells = new Array(D * H * W);
    for (let d = 0; d < Math.max(D, this.groups.length); d++) {
      let g = this.groups[d];
      if (d >= D) {
        if (g.attached && g.el !== this.el) g.el.remove();
        g.attached = false;
        continue;
      }
      if (!g) g = this.groups[d] = this.newGroup(d, is3d);
      for (let h = 0; h < Math.max(H, g.rows.length); h++) {
        let row = g.rows[h];
        if (h >= H) {
          if (row.attached) row.el.remove();
          row.attached = false;
          continue;
        }
        if (!row) {
          row = { el: document.createElement('div'), cells: [], n: 0, attached: false, skipped: false, stale: false };
          row.el.className = 'row';
          row.el.setAttribute('role', 'row');
          if (SKIP_EVENTS) {
            const r = row;
            r.el.addEventListener('contentvisibilityautostatechange', (e) => this.onRowState(r, e.skipped));
          }
          g.rows.push(row);
        }
        const ri = String(d * H + h + 1);
        if (row.el.getAttribute('aria-rowindex') !== ri) row.el.setAttribute('aria-rowindex', ri);
        if (row.n > W) {
          for (let w = row.n - 1; w >= W; w--) row.cells[w].remove();
        } else if (row.n < W) {
          const frag = document.createDocumentFragment();
          for (let w = row.n; w < W; w++) {
            const c = row.cells[w] ?? (row.cells[w] = newCell(h, w, is3d ? d : undefined));
            frag.appendChild(c);
          }
          row.el.appendChild(frag);
        }
        row.n = W;
        if (!row.attached) {
          g.el.appendChild(row.el); // the rows before it are attached: it lands in place
          row.attached = true;
          row.skipped = false; // until the browser says otherwise
        }
        for (let w = 0; w < W; w++) {
          const c = row.cells[w];
          const k = (d * H + h) * W + w;
          c._k = k;
          cells[k] = c;
        }
      }
      // the row block's (least) width, so that the rows (stretched to it) need no width of their own:
      // a new shape writes this one value, not one per row
      const width = `calc(${W} * var(--cw) + ${W - 1}px)`;
      if (g.width !== width) {
        g.width = width;
        g.el.style.minWidth = width;
      }
      if (!g.attached) {
        this.el.appendChild(g.el);
        g.attached = true;
      }
    }
    this.cells = cells;
    this.shapeKey = key;
    this.shape = shape.slice();
    this.D = D;
    this.H = H;
    this.W = W;
    this.el.setAttribute('aria-rowcount', String(D * H));
    this.el.setAttribute('aria-colcount', String(W));
    this.values = null;
    this.active = Math.max(0, Math.min(this.active, cells.length - 1));
    this.setActive(this.active, false);
  }

  /**
   * Big grids (the element decides, for all its grids at once, so that a grid does not switch
   * back and forth as its shape changes) skip the rows out of view: content-visibility: auto.
   */
  setBig(big) {
    if (this.el.classList.contains('big') === big) return;
    this.el.classList.toggle('big', big);
    if (!big) for (const g of this.groups) for (const row of g.rows) row.skipped = false;
  }

  newGroup(d, is3d) {
    const g = { el: this.el, label: null, rows: [], attached: true, width: '' };
    if (is3d) {
      g.el = document.createElement('div');
      g.el.className = 'slice';
      g.el.setAttribute('role', 'rowgroup');
      g.el.dataset.slice = String(d);
      g.label = document.createElement('div');
      g.label.className = 'slice-label';
      g.label.setAttribute('aria-hidden', 'true');
      g.el.appendChild(g.label);
      g.attached = false;
    }
    return g;
  }

  setSliceLabels(fn) {
    this.groups.forEach((g, d) => {
      if (!g.label) return;
      const text = fn(d);
      if (g.label.textContent !== text) g.label.textContent = text;
      if (g.el.getAttribute('aria-label') !== text) g.el.setAttribute('aria-label', text);
    });
  }

  /**
   * Writes values (a Float32Array/array of the plane) with a colour map (a MAPS key); `hidden`
   * (optional predicate) blanks cells not yet computed in the step-through; `relabel` rewrites the
   * label even when the text stays (language change).
   */
  update(values, colorKind, hidden = null, relabel = false) {
    const scale = scaleFor(colorKind, values);
    this.scale = scale;
    this.colorKind = colorKind;
    const map = MAPS[colorKind];
    const { D, H, W } = this;
    let longest = 1;
    for (let d = 0; d < D; d++) {
      const rows = this.groups[d].rows;
      for (let h = 0; h < H; h++) {
        const row = rows[h];
        const cells = row.cells;
        const skipped = row.skipped;
        if (skipped) row.stale = true;
        const base = (d * H + h) * W;
        for (let w = 0; w < W; w++) {
          const k = base + w;
          const v = values[k];
          const c = cells[w];
          const hide = hidden !== null && hidden(k);
          if (!Object.is(c._v, v) || c._hide !== hide) {
            // a new number: its text, exact value and NaN / not-yet-computed marks
            c._v = v;
            c._hide = hide;
            const f = hide ? PENDING : formatsOf(v);
            if (c._text !== f[0]) {
              c._text = f[0];
              if (c !== this.editingCell) c._tn.data = f[0];
            }
            c.setAttribute('data-value', f[1]);
            const flags = hide ? 2 : v !== v ? 1 : 0; // eslint-disable-line no-self-compare
            if (c._flags !== flags) {
              c._flags = flags;
              c.classList.toggle('nan', flags === 1);
              c.classList.toggle('pending', flags === 2);
            }
          }
          if (c._text.length > longest) longest = c._text.length;
          if (!skipped) paintCell(c, hide ? -1 : scale(v), colorKind, map);
        }
      }
    }
    this.values = values;
    this.label(relabel);
    // cell width follows the longest number shown (tabular digits): it grows at once and shrinks
    // only by 4 characters or more, so that most changes keep it (a new width restyles every cell)
    const chars = Math.max(2, longest);
    if (chars > this.longest || chars <= this.longest - 4) {
      this.longest = chars;
      this.el.style.setProperty('--cw-auto', `${Math.max(2.5, chars * 0.6 + 0.75).toFixed(2)}em`);
    }
  }

  /** A row came near the viewport: its colours catch up with its numbers. */
  onRowState(row, skipped) {
    row.skipped = skipped;
    if (skipped || !row.stale || !this.scale) return;
    row.stale = false;
    const map = MAPS[this.colorKind];
    for (let w = 0; w < row.n; w++) {
      const c = row.cells[w];
      paintCell(c, c._hide ? -1 : this.scale(c._v), this.colorKind, map);
    }
  }

  /** The tab-stop cell's aria-label (row, column, value); `force` rewrites it (language change). */
  label(force = false) {
    const c = this.cells[this.active];
    if (this.labelled && this.labelled !== c) {
      this.labelled.removeAttribute('aria-label');
      this.labelled = null;
    }
    if (!c) return;
    const text = this.hooks.labelFor(this, c._row, c._col, c._slice, c._text);
    if (force || c.getAttribute('aria-label') !== text) c.setAttribute('aria-label', text);
    this.labelled = c;
  }

  /** marks: Map k -> space-separated classes ('win', 'argmax', 'src', 'lands', 'step'). */
  mark(marks) {
    for (const [k, cls] of this.highlighted) {
      if (marks.get(k) === cls) continue;
      const c = this.cells[k];
      if (c) c.classList.remove(...MARKS);
    }
    for (const [k, cls] of marks) {
      if (this.highlighted.get(k) === cls) continue;
      const c = this.cells[k];
      if (!c) continue;
      c.classList.remove(...MARKS);
      c.classList.add(...cls.split(' ').filter(Boolean));
    }
    this.highlighted = new Map(marks);
  }

  setActive(k, focus) {
    if (k < 0 || k >= this.cells.length) return;
    this.active = k;
    const c = this.cells[k];
    if (this.tabCell !== c) {
      if (this.tabCell) this.tabCell.tabIndex = -1;
      c.tabIndex = 0;
      this.tabCell = c;
    }
    this.label();
    if (focus) c.focus();
  }

  onKey(e) {
    if (this.editing) return;
    const k = this.indexOf(e.target);
    if (k < 0) return;
    const { D, H, W } = this;
    let [d, h, w] = unflatten(k, [D, H, W]);
    switch (e.key) {
      case 'ArrowLeft':
        if (w > 0) w--;
        else if (d > 0) { d--; w = W - 1; }
        break;
      case 'ArrowRight':
        if (w < W - 1) w++;
        else if (d < D - 1) { d++; w = 0; }
        break;
      case 'ArrowUp': if (h > 0) h--; break;
      case 'ArrowDown': if (h < H - 1) h++; break;
      case 'Home': w = 0; if (e.ctrlKey) { h = 0; d = 0; } break;
      case 'End': w = W - 1; if (e.ctrlKey) { h = H - 1; d = D - 1; } break;
      case 'PageUp': if (d > 0) d--; break;
      case 'PageDown': if (d < D - 1) d++; break;
      case 'Enter':
      case 'F2':
        if (this.editable) {
          e.preventDefault();
          this.startEdit(k, null);
        }
        return;
      default:
        if (this.editable && e.key.length === 1 && /[-0-9.+ni]/i.test(e.key) && !e.ctrlKey && !e.metaKey && !e.altKey) {
          e.preventDefault();
          this.startEdit(k, e.key);
        }
        return;
    }
    e.preventDefault();
    e.stopPropagation();
    this.setActive((d * H + h) * W + w, true);
  }

  startEdit(k, firstChar) {
    const c = this.cells[k];
    const input = document.createElement('input');
    input.type = 'text';
    input.className = 'cell-edit';
    input.value = firstChar ?? (this.values ? String(this.values[k]) : c._text);
    input.setAttribute('aria-label', this.hooks.editLabel(this, k));
    input.setAttribute('inputmode', 'decimal');
    this.editing = true;
    this.editingCell = c;
    c.replaceChildren(input);
    input.focus();
    if (firstChar === null) input.select();
    let done = false;
    const finish = (commit) => {
      if (done) return;
      done = true;
      const text = input.value;
      input.remove();
      this.editing = false;
      this.editingCell = null;
      c._tn.data = c._text;
      c.replaceChildren(c._tn);
      c.focus();
      if (commit) this.hooks.onEdit(this, k, text);
    };
    input.addEventListener('keydown', (e) => {
      e.stopPropagation();
      if (e.key === 'Enter') finish(true);
      else if (e.key === 'Escape') finish(false);
    });
    input.addEventListener('blur', () => finish(true));
  }
}

/** A cell at (row, col[, slice]): its position never changes. */
function newCell(row, col, slice) {
  const c = document.createElement('span');
  c.className = 'cell';
  c.setAttribute('role', 'gridcell');
  c.setAttribute('aria-colindex', String(col + 1));
  c.dataset.row = String(row);
  c.dataset.col = String(col);
  if (slice !== undefined) c.dataset.slice = String(slice);
  c.tabIndex = -1;
  c._tn = document.createTextNode('');
  c.appendChild(c._tn);
  c._row = row;
  c._col = col;
  c._slice = slice;
  c._k = -1;
  c._v = undefined; // value shown (undefined: none yet)
  c._hide = false;
  c._text = '';
  c._ci = -2; // colour index shown (-1: none)
  c._kind = '';
  c._bg = '';
  c._fg = '';
  c._flags = 0;
  return c;
}

const PENDING = ['·', ''];

/** A cell's colours: the map's entry ci (-1: none); writes only what changed. */
function paintCell(c, ci, kind, map) {
  if (c._ci === ci && c._kind === kind) return;
  c._ci = ci;
  c._kind = kind;
  const col = ci < 0 ? null : map[ci];
  const bg = col ? col.bg : '';
  const fg = col ? col.fg : '';
  if (c._bg !== bg) {
    c._bg = bg;
    c.style.backgroundColor = bg;
  }
  if (c._fg !== fg) {
    c._fg = fg;
    c.style.color = fg;
  }
}
