// export.js: the shown matrices as SVG, PNG, LaTeX, Markdown, CSV, and the PyTorch code that
// reproduces them. Input: the element's `results` (tensors of the shown plane) and `state`.
// No pooling math here: every number comes from `results`; this file only formats, with the
// widget's number formats (format.js) and colours (colors.js), so a picture looks like the screen.
import { formatFloat32 as formatNumber, formatShort } from '../widget/format.js';
import { painter } from '../widget/colors.js';
import { PY_WORDS } from './export-words.js';
import { OPS } from '../widget/ops.js';
import { FRAMEWORKS } from '../widget/state.js';
import { compareCode } from '../widget/compare-code.js';
// the Python literals and PyTorch call lines, shared with the comparison's code (compare-code.js)
import { poolParams, pyNumber, CALLS } from '../widget/python-code.js';

export { poolParams };

/** The matrices in display order: [key in results, title, file-safe name]. */
export const MATRICES = [
  ['input', 'x', 'input'],
  ['output', 'y', 'output'],
  ['gradOutput', 'dL/dy', 'grad_output'],
  ['gradInput', 'dL/dx', 'grad_input'],
  ['counts', 'counts', 'counts'],
];

/**
 * A tensor of the shown plane as slices of rows: number[slice][row][col]. 1-D -> one row,
 * 2-D -> one slice, 3-D -> D slices. Leading unit axes beyond 3 are dropped.
 */
export function toSlices(t) {
  const shape = [...t.shape];
  while (shape.length > 3 && shape[0] === 1) shape.shift();
  const [d, h, w] = shape.length === 1 ? [1, 1, shape[0]] : shape.length === 2 ? [1, ...shape] : shape;
  const out = [];
  for (let s = 0; s < d; s++) {
    const rows = [];
    for (let r = 0; r < h; r++) rows.push(Array.from(t.data.subarray ? t.data.subarray((s * h + r) * w, (s * h + r + 1) * w) : t.data.slice((s * h + r) * w, (s * h + r + 1) * w), Number));
    out.push(rows);
  }
  return out;
}

/**
 * Max unpooling's matrices: x (the max pooling's input), y (its output, the unpooling's input)
 * and where each goes, z (the unpooled plane), dL/dz, dL/dy, and the writes per cell of z.
 */
export const UNPOOL_MATRICES = [
  ['source', 'x', 'input'],
  ['input', 'y', 'pooled'],
  ['indices', 'indices', 'indices'],
  ['output', 'z', 'unpooled'],
  ['gradOutput', 'dL/dz', 'grad_unpooled'],
  ['gradInput', 'dL/dy', 'grad_pooled'],
  ['counts', 'writes', 'writes'],
];

function present(results) {
  const list = results?.op === 'max-unpool' ? UNPOOL_MATRICES : MATRICES;
  return list.filter(([key]) => results?.[key]?.data);
}

// the LaTeX name of each matrix title
const TEX = {
  x: 'x', y: 'y', z: 'z', 'dL/dy': '\\frac{\\partial L}{\\partial y}', 'dL/dx': '\\frac{\\partial L}{\\partial x}',
  'dL/dz': '\\frac{\\partial L}{\\partial z}', counts: '\\text{counts}', writes: '\\text{writes}', indices: '\\text{indices}',
};

// ---- text formats ----

export function toLatex(results) {
  const parts = [];
  for (const [key, title] of present(results)) {
    const name = TEX[title] ?? title;
    const slices = toSlices(results[key]);
    slices.forEach((rows, s) => {
      const body = rows.map((r) => r.map(latexNumber).join(' & ')).join(' \\\\\n  ');
      const sub = slices.length > 1 ? `_{[${s}]}` : '';
      parts.push(`${name}${sub} = \\begin{bmatrix}\n  ${body}\n\\end{bmatrix}`);
    });
  }
  return parts.join('\n\n') + '\n';
}
function latexNumber(v) {
  if (Number.isNaN(v)) return '\\mathrm{NaN}';
  if (!Number.isFinite(v)) return v > 0 ? '\\infty' : '-\\infty';
  return formatNumber(v);
}

export function toMarkdown(results) {
  const parts = [];
  for (const [key, title] of present(results)) {
    const slices = toSlices(results[key]);
    slices.forEach((rows, s) => {
      const cols = rows[0]?.length ?? 0;
      const head = `| ${title}${slices.length > 1 ? ` [${s}]` : ''} | ${Array.from({ length: cols }, (_, c) => c).join(' | ')} |`;
      const rule = `|---|${'---:|'.repeat(cols)}`;
      const body = rows.map((r, i) => `| **${i}** | ${r.map(formatNumber).join(' | ')} |`);
      parts.push([head, rule, ...body].join('\n'));
    });
  }
  return parts.join('\n\n') + '\n';
}

/** Long format, one value a line: matrix,slice,row,col,value (exact float32 decimals). */
export function toCsv(results) {
  const lines = ['matrix,slice,row,col,value'];
  for (const [key, , file] of present(results)) {
    toSlices(results[key]).forEach((rows, s) => rows.forEach((r, i) => r.forEach((v, c) => {
      lines.push(`${file},${s},${i},${c},${formatNumber(v)}`);
    })));
  }
  return lines.join('\n') + '\n';
}

// ---- PyTorch ----

/** A nested Python list literal; `col` is the column where its first "[" stands. */
function pyNested(t, col) {
  const slices = toSlices(t);
  const row = (r) => `[${r.map(pyNumber).join(', ')}]`;
  const rows = (rs, at) => `[${rs.map(row).join(`,\n${' '.repeat(at + 1)}`)}]`;
  const dims = Math.min(t.shape.length, 3);
  if (dims === 1) return row(slices[0][0]);
  if (dims === 2) return rows(slices[0], col);
  return `[${slices.map((s) => rows(s, col + 1)).join(`,\n${' '.repeat(col + 1)}`)}]`;
}


/**
 * The PyTorch program that reproduces the shown plane: input, call, loss, backward, prints, with
 * its comments in `lang` (en, zh). Where a max window holds only padding (index -1) PyTorch
 * differs, and the program says so instead of claiming to reproduce the view.
 */
export function toPyTorch(results, state, lang = 'en') {
  const w = PY_WORDS[lang] ?? PY_WORDS.en;
  const p = poolParams(state);
  const d = p.dims;
  const unpool = p.op === 'max-unpool';
  // max unpooling: x is the max pooling's input, y its output (the unpooling's input), z the unpooled
  const x = unpool && results.source ? results.source : results.input;
  const empty = p.op === 'max' || unpool ? emptyWindows(unpool ? { indices: results.indices, output: results.input } : results) : [];
  const grad = unpool ? '' : ', requires_grad=True';
  const lines = [
    empty.length ? w.titleEmpty : w.title,
    'import torch',
    'import torch.nn.functional as F',
    '',
    w.shape(shapeOf(x, d).join(', ')),
    `x = torch.tensor([[${pyNested(x, 18)}]], dtype=torch.float32${grad})`,
    '',
  ];
  const call = CALLS[p.op] ?? CALLS.max;
  lines.push(...call(p, d, w, results));
  if (empty.length) lines.push(...w.empty(empty.length, empty.slice(0, 4).join(', ') + (empty.length > 4 ? ', …' : '')));
  const out = unpool ? 'z' : 'y';
  lines.push('', ...lossLines(results, w, out), 'loss.backward()', '', 'print(y)');
  if (OPS[p.op]?.call === 'argmax' || unpool) lines.push('print(idx)');
  if (unpool) lines.push('print(z)');
  lines.push(unpool ? 'print(y.grad)' : 'print(x.grad)', '');
  return lines.join('\n');
}


function shapeOf(t, dims) {
  const s = [...t.shape];
  while (s.length > dims) s.shift();
  return s;
}
/** The output positions (y[i], y[i, j], y[s, i, j]) of the max windows that hold only padding (index -1). */
function emptyWindows(results) {
  const idx = results.indices?.data;
  if (!idx) return [];
  const shape = results.output.shape.slice(-Math.min(results.output.shape.length, 3));
  const out = [];
  for (let k = 0; k < idx.length; k++) {
    if (idx[k] !== -1) continue;
    const at = [];
    let rest = k;
    for (let a = shape.length - 1; a >= 0; a--) { at.unshift(rest % shape[a]); rest = Math.floor(rest / shape[a]); }
    out.push(`y[${at.join(', ')}]`);
  }
  return out;
}

/** The loss that gives the shown dL/dy: mean or sum when the numbers say so, else explicit. */
function lossLines(results, w, y = 'y') {
  const g = results.gradOutput?.data;
  const n = g?.length ?? 0;
  const all = (v) => n > 0 && Array.prototype.every.call(g, (x) => x === v);
  if (!g) return [`loss = ${y}.mean()  ${w.lossMean}`];
  if (all(Math.fround(1 / n))) return [`loss = ${y}.mean()  ${w.lossMeanN}`];
  if (all(1)) return [`loss = ${y}.sum()  ${w.lossSum}`];
  const c = g[0];
  const k = Math.round(1 / c);
  if (c > 0 && all(Math.fround(1 / k))) {
    return [w.lossBatch(k, n), `loss = ${y}.sum() / ${k}`];
  }
  return [w.lossCustom,
    `g = torch.tensor([[${pyNested(results.gradOutput, 18)}]], dtype=torch.float32)`,
    `loss = (${y} * g).sum()  ${w.lossCustomEnd}`];
}

// ---- pictures ----

const CELL = 44, GAP = 28, TITLE = 26, PAD = 16;

const escapeXml = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }[c]));

/** One SVG with every shown matrix side by side (3-D: slices stacked), numbers in every cell. */
export function toSvg(results, { title = 'poolgrad' } = {}) {
  const blocks = [];
  let x = PAD, height = 0;
  for (const [key, label] of present(results)) {
    const slices = toSlices(results[key]);
    const colorOf = painter(key, results[key].data); // the light theme's colours, as on screen
    const cols = slices[0][0]?.length ?? 0;
    const rowsPer = slices[0].length;
    const w = cols * CELL;
    let y = PAD + TITLE;
    const parts = [`<text x="${x}" y="${PAD + 16}" font-size="15" font-weight="600">${escapeXml(label)}</text>`];
    slices.forEach((rows, s) => {
      if (slices.length > 1) {
        parts.push(`<text x="${x}" y="${y + 12}" font-size="12">[${s}]</text>`);
        y += 16;
      }
      rows.forEach((r, i) => r.forEach((v, c) => {
        const color = colorOf(v) ?? { bg: '#dddddd', fg: '#111111' }; // NaN: grey
        const text = formatShort(v);
        const cx = x + c * CELL, cy = y + i * CELL;
        parts.push(`<rect x="${cx}" y="${cy}" width="${CELL}" height="${CELL}" fill="${color.bg}" stroke="#555" stroke-width="1"/>`,
          `<text x="${cx + CELL / 2}" y="${cy + CELL / 2 + 4}" font-size="${fontFor(text)}" text-anchor="middle" fill="${color.fg}">${escapeXml(text)}</text>`);
      }));
      y += rowsPer * CELL + (s < slices.length - 1 ? 8 : 0);
    });
    blocks.push(parts.join(''));
    x += Math.max(w, label.length * 9) + GAP;
    height = Math.max(height, y);
  }
  const width = Math.max(x - GAP + PAD, 120);
  height += PAD;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif">` +
    `<title>${escapeXml(title)}</title><rect width="100%" height="100%" fill="#ffffff"/><g fill="#111111">${blocks.join('')}</g></svg>`;
}
function fontFor(s) { return s.length <= 4 ? 13 : s.length <= 6 ? 11 : 9; }

/** PNG by drawing the SVG (as a data: URL image) on a canvas: no eval, fine under a strict CSP. */
export async function toPngBlob(svg, scale = 2) {
  const img = new Image();
  img.decoding = 'sync';
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(img.naturalWidth * scale);
  canvas.height = Math.ceil(img.naturalHeight * scale);
  const ctx = canvas.getContext('2d');
  ctx.scale(scale, scale);
  ctx.drawImage(img, 0, 0);
  return new Promise((ok, fail) => canvas.toBlob((b) => (b ? ok(b) : fail(new Error('PNG encoding failed'))), 'image/png'));
}

/** Saves `data` (string or Blob) through a temporary <a download>. */
export function download(filename, data, type = 'text/plain;charset=utf-8') {
  const blob = data instanceof Blob ? data : new Blob([data], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Every export by id: [filename, produce(results, state) -> string | Promise<Blob>, MIME]. */
export const EXPORTS = {
  png: ['poolgrad.png', async (r) => toPngBlob(toSvg(r)), 'image/png'],
  svg: ['poolgrad.svg', (r) => toSvg(r), 'image/svg+xml'],
  latex: ['poolgrad.tex', (r) => toLatex(r), 'application/x-tex'],
  markdown: ['poolgrad.md', (r) => toMarkdown(r), 'text/markdown;charset=utf-8'],
  csv: ['poolgrad.csv', (r) => toCsv(r), 'text/csv;charset=utf-8'],
  pytorch: ['poolgrad.py', (r, s, lang) => toPyTorch(r, s, lang), 'text/x-python;charset=utf-8'],
};

/**
 * The comparison's code, one program per compared framework (compare-code.js): [key, filename,
 * produce(state, lang)]. `state` is a parsed state (numbers, not stateToJSON's strings).
 */
export const COMPARE_EXPORTS = Object.fromEntries(FRAMEWORKS.map((fw) => [`compare-${fw}`,
  [`poolgrad_${fw}.py`, (state, lang) => compareCode(fw, state, lang), 'text/x-python;charset=utf-8', fw]]));
