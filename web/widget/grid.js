// grid.js: one matrix drawn as an ARIA grid. Cells are created once per shape and reused: an
// update only writes the text, colour and label of cells whose value changed.
//
// Keyboard: the grid is one tab stop (roving tabindex); arrow keys move (left/right cross into
// the neighbouring 3-D slice), Home/End go to the row's ends, PageUp/PageDown change slice,
// Enter or F2 (or typing a number) edits an editable cell, Escape cancels.
import { scaleFor } from './colors.js';

/** The text shown in a cell: integers as they are, others to 4 significant digits. */
export function formatCell(v) {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (Number.isInteger(v) && Math.abs(v) < 1e7) return Object.is(v, -0) ? '0' : String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e7)) return v.toExponential(2).replace(/\.?0+e/, 'e').replace('e+', 'e');
  return String(Number(v.toPrecision(4)));
}

export class Grid {
  /**
   * @param {string} name  data-matrix value
   * @param {object} hooks {onFocusCell(grid, k), onHoverCell(grid, k|null), onEdit(grid, k, text),
   *                        labelFor(grid, row, col, slice, text)}
   */
  constructor(name, hooks) {
    this.name = name;
    this.hooks = hooks;
    this.el = document.createElement('div');
    this.el.className = 'grid';
    this.el.setAttribute('role', 'grid');
    this.el.dataset.matrix = name;
    this.shapeKey = '';
    this.cells = []; // flat, row-major within the plane
    this.values = null;
    this.texts = [];
    this.active = 0;
    this.editable = false;
    this.colorKind = 'sequential';
    this.highlighted = new Set();
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
    const cell = node.closest?.('[data-k]');
    return cell && this.el.contains(cell) ? Number(cell.dataset.k) : -1;
  }

  /** (Re)builds the cells when the spatial shape changes. shape: [L], [H, W] or [D, H, W]. */
  setShape(shape) {
    const key = shape.join('x');
    if (key === this.shapeKey) return;
    this.shapeKey = key;
    this.shape = shape.slice();
    const D = shape.length === 3 ? shape[0] : 1;
    const H = shape.length >= 2 ? shape[shape.length - 2] : 1;
    const W = shape[shape.length - 1];
    this.D = D;
    this.H = H;
    this.W = W;
    this.el.textContent = '';
    this.el.setAttribute('aria-rowcount', String(D * H));
    this.el.setAttribute('aria-colcount', String(W));
    this.el.classList.toggle('is3d', shape.length === 3);
    this.cells = new Array(D * H * W);
    this.texts = new Array(D * H * W).fill(null);
    this.values = null;
    this.highlighted.clear();
    const frag = document.createDocumentFragment();
    for (let d = 0; d < D; d++) {
      let group = frag;
      if (shape.length === 3) {
        group = document.createElement('div');
        group.className = 'slice';
        group.setAttribute('role', 'rowgroup');
        group.dataset.slice = String(d);
        const cap = document.createElement('div');
        cap.className = 'slice-label';
        cap.setAttribute('aria-hidden', 'true');
        group.appendChild(cap);
        frag.appendChild(group);
      }
      for (let h = 0; h < H; h++) {
        const row = document.createElement('div');
        row.className = 'row';
        row.setAttribute('role', 'row');
        row.setAttribute('aria-rowindex', String(d * H + h + 1));
        for (let w = 0; w < W; w++) {
          const k = (d * H + h) * W + w;
          const c = document.createElement('span');
          c.className = 'cell';
          c.setAttribute('role', 'gridcell');
          c.setAttribute('aria-colindex', String(w + 1));
          c.tabIndex = -1;
          c.dataset.k = String(k);
          c.dataset.row = String(h);
          c.dataset.col = String(w);
          c._row = h;
          c._col = w;
          c._slice = shape.length === 3 ? d : undefined;
          if (shape.length === 3) c.dataset.slice = String(d);
          row.appendChild(c);
          this.cells[k] = c;
        }
        group.appendChild(row);
      }
    }
    this.el.appendChild(frag);
    this.active = Math.min(this.active, this.cells.length - 1);
    this.cells[this.active].tabIndex = 0;
  }

  setSliceLabels(fn) {
    this.el.querySelectorAll('.slice').forEach((group, d) => {
      group.setAttribute('aria-label', fn(d));
      group.querySelector('.slice-label').textContent = fn(d);
    });
  }

  /**
   * Writes values (a Float32Array/array of the plane) with a colour map; `hidden` (optional
   * predicate) blanks cells not yet computed in the step-through.
   */
  update(values, colorKind, hidden = null, force = false) {
    const scale = scaleFor(colorKind, values);
    const n = this.cells.length;
    for (let k = 0; k < n; k++) {
      const v = values[k];
      const hide = hidden !== null && hidden(k);
      const text = hide ? '·' : formatCell(v);
      const c = this.cells[k];
      const col = hide ? null : scale(v);
      const bg = col ? col.bg : '';
      const fg = col ? col.fg : '';
      const textChanged = this.texts[k] !== text;
      if (textChanged) {
        c.textContent = text;
        this.texts[k] = text;
      }
      if (c._bg !== bg) {
        c._bg = bg;
        c.style.backgroundColor = bg;
      }
      if (c._fg !== fg) {
        c._fg = fg;
        c.style.color = fg;
      }
      const flags = hide ? 2 : Number.isNaN(v) ? 1 : 0;
      if (c._flags !== flags) {
        c._flags = flags;
        c.classList.toggle('nan', flags === 1);
        c.classList.toggle('pending', flags === 2);
      }
      if (textChanged || force) {
        c.setAttribute('aria-label', this.hooks.labelFor(this, c._row, c._col, c._slice, text));
      }
      const dv = hide ? '' : String(v);
      if (c._dv !== dv) {
        c._dv = dv;
        c.dataset.value = dv;
      }
    }
    this.values = values;
    // cell width follows the longest number shown (monospace digits)
    let longest = 1;
    for (let k = 0; k < n; k++) if (this.texts[k] && this.texts[k].length > longest) longest = this.texts[k].length;
    if (longest !== this.longest) {
      this.longest = longest;
      this.el.style.setProperty('--cw-auto', `calc(${Math.max(2.6, longest * 0.62 + 1.1).toFixed(2)}em)`);
    }
  }

  /** Rewrites every label (language change). */
  relabel() {
    for (const c of this.cells) c.setAttribute('aria-label', this.hooks.labelFor(this, c._row, c._col, c._slice, c.textContent));
  }

  /** marks: Map k -> space-separated classes ('win', 'argmax', 'src', 'step'). */
  mark(marks) {
    for (const k of this.highlighted) {
      if (!marks.has(k) && this.cells[k]) this.cells[k].classList.remove('win', 'argmax', 'src', 'step', 'lands');
    }
    for (const [k, cls] of marks) {
      const c = this.cells[k];
      if (!c) continue;
      c.classList.remove('win', 'argmax', 'src', 'step', 'lands');
      c.classList.add(...cls.split(' '));
    }
    this.highlighted = new Set(marks.keys());
  }

  setActive(k, focus) {
    if (k < 0 || k >= this.cells.length) return;
    if (this.cells[this.active]) this.cells[this.active].tabIndex = -1;
    this.active = k;
    this.cells[k].tabIndex = 0;
    if (focus) this.cells[k].focus();
  }

  onKey(e) {
    if (this.editing) return;
    const k = this.indexOf(e.target);
    if (k < 0) return;
    const { D, H, W } = this;
    let d = Math.floor(k / (H * W));
    let h = Math.floor((k % (H * W)) / W);
    let w = k % W;
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
    input.value = firstChar ?? (this.values ? String(this.values[k]) : c.textContent);
    input.setAttribute('aria-label', this.hooks.editLabel(this, k));
    input.setAttribute('inputmode', 'decimal');
    this.editing = true;
    const old = c.textContent;
    c.textContent = '';
    this.texts[k] = null;
    c.appendChild(input);
    input.focus();
    if (firstChar === null) input.select();
    let done = false;
    const finish = (commit) => {
      if (done) return;
      done = true;
      const text = input.value;
      input.remove();
      this.editing = false;
      c.textContent = old;
      this.texts[k] = old;
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
