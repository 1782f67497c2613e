// explain.js: what the shown numbers mean, as data: the marks on every matrix (the window of an
// output cell, the windows that use an input cell, the argmax, where a gradient lands; during the
// step-through, the current window), the explanation of the focused cell in words, and the
// step-through's line. Pure functions of a snapshot (element.js: snapshot()); every window,
// argmax, divisor and gradient is the library's (model.js). The words of one operation of the
// pooling family (adaptive and fractional windows, LP, max unpooling) are family-explain.js's.
// In practice mode the numbers the learner predicts stay out of them until Check (answersHidden).
import { formatShort as f } from './format.js';
import { unflatten } from './shape.js';
import { windowOnRing } from './padding.js';
import { ruleOf, divisorWhy } from './rules.js';
import { hasArgmax, isAverage, isGlobal, isLp, isUnpool, matrixSide, symbols, windowRule } from './ops.js';
import { practiceMode, answersOf } from './practice.js';
import { familyOutWords, lpOutWords, unpoolOutWords, unpoolInWords, stepWindowText, lpTerms } from './family-explain.js';

/** The matrices, and whether each is indexed like the input (else like the output). */
export const MATRICES = ['input', 'output', 'grad-output', 'grad-input', 'counts', 'indices'];
export const IN_SIDE = new Set(['input', 'grad-input', 'counts']);

/** A cell's name with its index in the plane: x[1, 2] (input side) or y[0, 1] (output side). */
export function cellName(plane, name, k, inSide) {
  if (!plane) return `${name}[${k}]`;
  return `${name}[${unflatten(k, inSide ? plane.inShape : plane.outShape).join(', ')}]`;
}

const sameCell = (a, b) => !!a && !!b && a.side === b.side && a.k === b.k;

/** The cell the explanation is about: the hovered one (a preview), else the clicked / focused one (or null). */
const targetOf = (snap) => snap.hover ?? snap.focus ?? null;

/** Marks for every matrix: {matrix name: Map(flat index -> space-separated classes)}. */
export function marksFor(snap) {
  // (and `ring`: the padding ring's marks, padding.js, when the window reaches it)
  const marks = Object.fromEntries(MATRICES.map((m) => [m, new Map()]));
  const P = snap.plane;
  if (!P) return marks;
  const W = P.windows;
  const add = (m, k, cls) => {
    const prev = marks[m].get(k);
    marks[m].set(k, prev ? `${prev} ${cls}` : cls);
  };
  const st = snap.step.step;
  if (st > 0) {
    const w = st <= W ? st - 1 : st - W - 1;
    if (w >= 0 && w < W) markWindow(P, marks, w, st > W, add, answersHidden(snap));
  } else if (st < 0) {
    const tg = targetOf(snap);
    if (tg && tg.side === 'out' && tg.k < W) {
      markWindow(P, marks, tg.k, true, add, answersHidden(snap));
    } else if (tg && tg.side === 'in' && tg.k < P.input.length) {
      const hidden = answersHidden(snap); // which windows it wins is P, what the learner predicts
      for (const w of P.windowsOf(tg.k)) {
        const won = !hidden && hasArgmax(P.op) && P.indices[w] === tg.k;
        add('output', w, won ? 'win argmax' : 'win');
        add('grad-output', w, won ? 'win argmax' : 'win');
        if (hasArgmax(P.op)) add('indices', w, won ? 'win argmax' : 'win');
        if (matrixSide(P.op, 'counts') === 'out') add('counts', w, 'win');
      }
      for (const m of ['input', 'grad-input', 'counts', 'indices']) if (matrixSide(P.op, m) === 'in' && marks[m]) add(m, tg.k, 'src');
    }
  }
  return marks;
}

// hidden: practice mode before Check: the argmax is where the window's gradient lands (the answer),
// so the window is marked without it
function markWindow(P, marks, w, backward, add, hidden) {
  const max = hasArgmax(P.op);
  const am = max && !hidden ? P.indices[w] : -1;
  const inSide = (m) => matrixSide(P.op, m) === 'in';
  for (const j of P.windowCells(w)) {
    add('input', j, j === am ? 'win argmax' : 'win');
    if (inSide('counts')) add('counts', j, 'win');
    if (inSide('indices') && P.indices) add('indices', j, 'win'); // max unpooling: the index that sent it here
    if (backward) add('grad-input', j, max ? (j === am ? 'lands argmax' : '') || 'win' : 'lands');
  }
  if (max && am >= 0 && backward) marks['grad-input'].set(am, 'lands argmax');
  add('output', w, 'src');
  add('grad-output', w, 'src');
  if (!inSide('counts')) add('counts', w, 'src');
  if (max) add('indices', w, 'src');
  // the window on the padding ring: its padding taps, and the cells a dilated window skips
  const ring = P.results.ring();
  const on = ring ? windowOnRing(ring, w) : null;
  if (on) {
    marks.ring = new Map();
    for (const key of on.taps) marks.ring.set(key, 'win');
    for (const key of on.skippedRing) marks.ring.set(key, 'skip');
    for (const j of on.skipped) add('input', j, 'skip');
  }
}

/** The explanation box: [text, class] paragraphs for the focused (or hovered) cell. */
export function explanation(snap) {
  const { t, plane: P } = snap;
  const tg = targetOf(snap);
  if (!P || !tg || snap.step.step >= 0) return [[t.explainIdle, 'muted']];
  const paras = [];
  if (snap.hover && !sameCell(snap.hover, snap.focus)) paras.push([t.previewNote, 'muted']);
  const grad = snap.valid.grad;
  const total = P.outNumel;
  const gText = (w) => (grad === 'mean' ? (total === 1 ? '1' : `1/${total}`) : f(P.gradOutput[w]));
  const x = (j) => cellName(P, symbols(P.op).in, j, true);
  const y = (w) => cellName(P, symbols(P.op).out, w, false);
  const hidden = answersHidden(snap);
  if (tg.side === 'out') {
    const w = tg.k;
    if (w >= P.windows) return paras;
    const cells = P.windowCells(w);
    const ring = P.results.ring();
    const on = ring ? windowOnRing(ring, w) : null;
    if (isGlobal(P.op)) paras.push([t.fwGlobal(P.inShape.join(' × '), P.input.length), '']);
    if (isUnpool(P.op)) {
      paras.push(...unpoolOutWords(snap, w, gText(w), hidden));
    } else if (isLp(P.op)) {
      paras.push(...lpOutWords(snap, w, gText(w), hidden));
    } else if (hasArgmax(P.op)) {
      const am = P.indices[w];
      if (am < 0) {
        paras.push([t.maxOutEmpty(y(w)), ''], [t.padOnlyRule, 'rule']);
        return paras;
      }
      paras.push([t.maxOut(y(w), valueList(P, cells), f(P.output[w]), x(am)), '']);
      paras.push(...familyOutWords(snap, w));
      if (on?.padTaps) paras.push([t.padNeverWins(on.padTaps), 'rule']);
      const rule = ruleOf(P, w);
      if (rule) paras.push([rule.kind === 'nan' ? t.nanRule(rule.n, x(am)) : t.tieRule(rule.n, f(P.output[w]), x(am)), 'rule']);
      paras.push(hidden ? [t.fwHiddenGrad, 'muted'] : [t.gradLandsMax(gText(w), x(am)), '']);
    } else if (!isAverage(P.op)) {
      paras.push([t.famOut(y(w), f(P.output[w])), '']);
    } else {
      const div = P.divisors[w];
      paras.push([t.avgOut(y(w), valueSum(P, cells), f(div), f(P.output[w])), '']);
      paras.push(...familyOutWords(snap, w));
      const why = divisorWhy(t, snap.valid, div, cells.length, on);
      if (why) paras.push([why, 'rule']);
      const first = cells.length ? f(P.contribution(w)[cells[0]]) : '0';
      paras.push(hidden ? [t.fwHiddenGrad, 'muted'] : [t.gradSplitAvg(gText(w), f(div), first, cells.length), '']);
    }
    return paras;
  }
  const j = tg.k;
  if (j >= P.input.length) return paras;
  if (hidden) return [...paras, [t.fwHiddenIn(x(j)), 'muted']];
  if (isUnpool(P.op)) return [...paras, ...unpoolInWords(snap, j)];
  const wins = P.windowsOf(j);
  let used = t.inUsedBy(x(j), wins.length);
  if (wins.length) {
    used += wins.slice(0, 27).map((w) => (hasArgmax(P.op) ? t.inMaxTerm(y(w), P.indices[w] === j) : y(w))).join(', ');
  }
  paras.push([used, '']);
  const terms = [];
  for (const w of wins) {
    if (hasArgmax(P.op)) {
      if (P.indices[w] === j) terms.push(gText(w));
    } else if (isAverage(P.op)) {
      const div = f(P.divisors[w]);
      terms.push(grad === 'mean' ? (total === 1 ? `1/${div}` : `1/(${total}·${div})`) : `${gText(w)}/${div}`);
    } else if (isLp(P.op)) {
      // the window's dL/dy · x^(p−1)/y^(p−1) with its numbers (x, y and dL/dx are the library's)
      const q = f(snap.valid.normType - 1);
      const v = P.input[j];
      terms.push(`${gText(w)} · ${v < 0 ? `(${f(v)})` : f(v)}^${q} / ${f(P.output[w])}^${q}`);
    }
  }
  const value = f(P.gradInput[j]);
  const sum = terms.length ? ` = ${terms.slice(0, 27).join(' + ')}${terms.length > 27 ? ' + …' : ''}` : '';
  paras.push([`${x(j)}: dL/dx = ${value}${sum}`, 'sum']);
  if (isLp(P.op) && wins.length) paras.push([t.fwLpIn, 'muted']);
  if (hasArgmax(P.op)) {
    // a window this element won by a tie or a NaN: PyTorch's rule, once
    for (const w of wins) {
      const rule = P.indices[w] === j ? ruleOf(P, w) : null;
      if (!rule) continue;
      paras.push([rule.kind === 'nan' ? t.nanRule(rule.n, x(j)) : t.tieRule(rule.n, f(P.output[w]), x(j)), 'rule']);
      break;
    }
  }
  return paras;
}

/** The step-through's line: where the step-through is, with the numbers of the current window. */
export function stepText(snap) {
  const { t, plane: P } = snap;
  const W = P ? P.windows : 0;
  const st = snap.step.step;
  if (st < 0) return t.stepIdle;
  if (st === 0) return t.stepStart;
  const forward = st <= W;
  const k = forward ? st : st - W;
  const w = k - 1;
  const y = cellName(P, symbols(P.op).out, w, false);
  const x = (j) => cellName(P, symbols(P.op).in, j, true);
  const cells = P.windowCells(w);
  const max = hasArgmax(P.op);
  const avg = isAverage(P.op);
  const unpool = isUnpool(P.op);
  if (max && P.indices[w] < 0) return (forward ? t.stepForwardEmpty : t.stepBackwardEmpty)(k, W, y);
  // max unpooling: a step is an output cell z, written by the element of y whose index names it
  if (unpool && !cells.length) return (forward ? t.fwStepUnpoolEmpty : t.fwStepUnpoolBackEmpty)(k, W, y);
  if (forward) {
    const where = windowRule(P.op) === 'kernel' ? '' : stepWindowText(snap, w);
    if (unpool) return t.fwStepUnpoolForward(k, W, y, x(cells[0]), f(P.input[cells[0]]), P.indices[cells[0]]);
    if (max) return t.stepForwardMax(k, W, y, valueList(P, cells), f(P.output[w]), x(P.indices[w])) + where;
    if (isLp(P.op)) return t.fwStepLpForward(k, W, y, lpTerms(P, cells, snap.valid.normType), f(snap.valid.normType), f(P.output[w]));
    if (!avg) return t.famStepForward(k, W, y, f(P.output[w]));
    return t.stepForwardAvg(k, W, y, valueSum(P, cells), f(P.divisors[w]), f(P.output[w])) + where;
  }
  // backward: the window's share, and each cell it lands on: before + share = after
  const before = P.partialGradInput(w);
  const after = P.partialGradInput(k);
  const share = P.contribution(w);
  const targets = max ? [P.indices[w]] : cells;
  const sums = answersHidden(snap) ? t.fwHiddenStep : targets.slice(0, STEP_CELLS)
    .map((j) => `${x(j)}: ${f(before[j])} + ${f(share[j])} = ${f(after[j])}`).join('; ')
    + (targets.length > STEP_CELLS ? '; …' : '');
  const text = shareText(snap, w);
  if (unpool) return t.fwStepUnpoolBackward(k, W, y, x(cells[0]), text, sums);
  if (max) return t.stepBackwardMax(k, W, y, text, sums);
  if (isLp(P.op)) return t.fwStepLpBackward(k, W, y, text, cells.length, sums);
  if (!avg) return t.famStepBackward(k, W, y, text, sums);
  return t.stepBackwardAvg(k, W, y, text, cells.length, sums);
}

const STEP_CELLS = 9; // cells of one window a step's line writes out

/**
 * Whether the numbers the learner predicts in practice mode (dL/dx, P or C) are still hidden:
 * practising and not yet checked. The explanations and the step-through then leave them out.
 */
export function answersHidden(snap) {
  if (!snap.valid || practiceMode(snap.valid) === 'off' || !snap.plane) return false;
  return !answersOf(snap).checked;
}

/** {1, 3, 4, 2}: a window's input values (at most 32). */
function valueList(P, cells) {
  return `{${cells.slice(0, 32).map((j) => f(P.input[j])).join(', ')}${cells.length > 32 ? ', …' : ''}}`;
}

/** 1 + 3 + 4 + 2: a window's input values as a sum (at most 32). */
function valueSum(P, cells) {
  return cells.slice(0, 32).map((j) => f(P.input[j])).join(' + ') + (cells.length > 32 ? ' + …' : '') || '0';
}

/**
 * What window w gives each cell it sends to, as the tutorial writes it: 1/N_B for max and
 * 1/(N_B·B_c) for average with loss = mean (then its value), else dL/dy or dL/dy / B_c.
 */
export function shareText(snap, w) {
  const P = snap.plane;
  const mean = snap.valid.grad === 'mean';
  const g = f(P.gradOutput[w]);
  // (one output in all: global pooling of one plane, dL/dy = 1)
  if (hasArgmax(P.op) || isUnpool(P.op)) return mean && P.outNumel > 1 ? `1/${P.outNumel} = ${g}` : g;
  if (!isAverage(P.op)) return g;
  const div = f(P.divisors[w]);
  const cells = P.windowCells(w);
  const each = cells.length ? f(P.contribution(w)[cells[0]]) : '0';
  if (mean && P.outNumel === 1) return `1/${div} = ${each}`;
  return mean ? `1/(${P.outNumel}·${div}) = ${each}` : `${g}/${div} = ${each}`;
}
