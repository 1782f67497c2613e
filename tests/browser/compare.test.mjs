// The comparison view in real Chromium: each compare preset's three columns (PyTorch | ONNX |
// TensorFlow) with numbers at named cells derived by hand below, the padding drawn where each
// framework puts it, the outlined cells exactly the differing ones, the sentences in en and zh
// (hover / focus outlines their cells), tf-padding updating the TensorFlow column, a framework
// that rejects the layer, URL state, a bad onnx-pads value, the page's way in and the exported
// code. Screenshots of every preset in light/dark and en/zh go to /tmp/compare-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, waitReady, setState, getState } from './harness.mjs';
import { parseState, serializeState, COMPARE_PRESETS } from '../../web/widget/state.js';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

const FW = ['pytorch', 'onnx', 'tensorflow'];
const TUTORIAL = [1, 3, 4, 2, 5, 2, 4, 2, 5, 6, 8, 3, 5, 3, 7, 8, 9, 3, 8, 4, 3, 6, 0, 2, 7, 10, 3, 6, 3, 5, 4, 7, 2, 4, 7, 8];
const X = (r, c) => TUTORIAL[r * 6 + c]; // the tutorial's 6x6 input

/** Everything one column shows, read from the shadow DOM like a user (text) and a test hook (data-value). */
function readColumns(page) {
  return page.evaluate((FW) => {
    const root = document.querySelector('pool-grad').shadowRoot;
    const out = {};
    for (const fw of FW) {
      const col = root.querySelector(`.compare [data-framework=${fw}]`);
      if (!col) continue;
      const mats = {};
      for (const grid of col.querySelectorAll('[data-compare-matrix]')) {
        const cells = [...grid.querySelectorAll('[role=gridcell]')].map((c) => ({
          row: Number(c.dataset.row), col: Number(c.dataset.col), text: c.textContent, value: Number(c.dataset.value),
          differs: c.dataset.differs === 'true', reason: c.dataset.reason !== undefined,
        }));
        const rows = Math.max(...cells.map((c) => c.row)) + 1;
        const cols = Math.max(...cells.map((c) => c.col)) + 1;
        const pads = [...grid.querySelectorAll('[data-pad=pad]')].map((c) => [Number(c.dataset.padRow), Number(c.dataset.padCol)]);
        const over = [...grid.querySelectorAll('[data-pad=over]')].map((c) => [Number(c.dataset.padRow), Number(c.dataset.padCol)]);
        mats[grid.dataset.compareMatrix] = { cells, rows, cols, pads, over };
      }
      out[fw] = {
        mats,
        settings: col.querySelector('.cmp-settings')?.textContent ?? '',
        error: col.querySelector('.cmp-error')?.textContent ?? '',
        shape: col.querySelector('.cmp-shape')?.textContent ?? '',
      };
    }
    return out;
  }, FW);
}

/** The value shown at (r, c) of a matrix (NaN for "NaN"), checked against its text. */
function at(m, r, c) {
  const cell = m.cells.find((x) => x.row === r && x.col === c);
  assert.ok(cell, `no cell (${r}, ${c})`);
  return cell.value;
}
const near = (got, want, label) => assert.ok(Number.isNaN(want) ? Number.isNaN(got) : Math.abs(got - want) <= 1e-6 * Math.max(1, Math.abs(want)), `${label}: ${got}, expected ${want}`);
const outlined = (m) => m.cells.filter((c) => c.differs).map((c) => c.row * m.cols + c.col);
const reasoned = (m) => m.cells.filter((c) => c.reason).map((c) => c.row * m.cols + c.col);
/** Cells whose value differs from the same cell of the first column (NaN equals NaN). */
function differing(m, first) {
  return m.cells.filter((c, i) => {
    const f = first.cells[i].value;
    return !(Number.isNaN(c.value) && Number.isNaN(f)) && Math.abs(c.value - f) > 1e-6 * Math.max(1, Math.abs(f));
  }).map((c) => c.row * m.cols + c.col);
}
/** The padding drawn around an input: which rows before (-1) / after (H) and columns have pad cells. */
function padSides(m) {
  const rows = new Set(m.pads.map(([r]) => r));
  const cols = new Set(m.pads.map(([, c]) => c));
  return { top: rows.has(-1), bottom: rows.has(m.rows), left: cols.has(-1), right: cols.has(m.cols) };
}
// the ring of a 5x5 output (its border cells)
const RING5 = [0, 1, 2, 3, 4, 5, 9, 10, 14, 15, 19, 20, 21, 22, 23, 24];

async function open(query, { comparing = true, ...opts } = {}) {
  const page = await openPage(browser, `${server.origin}/?${query}`, opts);
  await waitReady(page);
  if (comparing) await page.waitForSelector('pool-grad >> .compare [data-framework]');
  return page;
}

test('compare-divisor: PyTorch divides the corner by 9 (4/9), ONNX and TensorFlow by the 4 input cells (4/4)', async () => {
  const page = await open('preset=compare-divisor&lang=en');
  const cols = await readColumns(page);
  assert.deepEqual(Object.keys(cols), FW, 'three columns, in order');
  const { pytorch: P, onnx: O, tensorflow: T } = cols;
  // ones on 5x5, kernel 3, stride 1, padding 1: y = (input cells in the window) / divisor
  near(at(P.mats.output, 0, 0), 4 / 9, 'PyTorch y[0,0]');
  near(at(P.mats.output, 0, 2), 6 / 9, 'PyTorch y[0,2]');
  near(at(P.mats.output, 2, 2), 1, 'PyTorch y[2,2]');
  near(at(O.mats.output, 0, 0), 4 / 4, 'ONNX y[0,0]');
  near(at(O.mats.output, 0, 2), 6 / 6, 'ONNX y[0,2]');
  near(at(T.mats.output, 0, 0), 4 / 4, 'TensorFlow y[0,0]');
  // loss = mean over 25 outputs: x[0,0] is in windows (0,0) (0,1) (1,0) (1,1)
  near(at(P.mats['grad-input'], 0, 0), 4 / 9 / 25, 'PyTorch dL/dx[0,0]');
  near(at(O.mats['grad-input'], 0, 0), (1 / 4 + 1 / 6 + 1 / 6 + 1 / 9) / 25, 'ONNX dL/dx[0,0]');
  near(at(T.mats['grad-input'], 0, 0), (1 / 4 + 1 / 6 + 1 / 6 + 1 / 9) / 25, 'TensorFlow dL/dx[0,0]');
  // the shown text is the number, 4 significant digits
  assert.equal(P.mats.output.cells[0].text, '0.4444');
  // outlined: exactly the ring in ONNX and TensorFlow, nothing in the first column
  assert.deepEqual(outlined(P.mats.output), []);
  assert.deepEqual(outlined(O.mats.output), RING5);
  assert.deepEqual(outlined(T.mats.output), RING5);
  for (const fw of ['onnx', 'tensorflow']) {
    for (const name of ['output', 'grad-input']) {
      assert.deepEqual(outlined(cols[fw].mats[name]), differing(cols[fw].mats[name], P.mats[name]), `${fw} ${name}: outlined = differing`);
    }
  }
  // padding 1 on every side in all three (TensorFlow's SAME: (5 - 1)·1 + 3 - 5 = 2, one each side)
  for (const fw of FW) assert.deepEqual(padSides(cols[fw].mats.input), { top: true, bottom: true, left: true, right: true }, fw);
  assert.match(P.settings, /F\.avg_pool2d\(x, kernel_size=3, stride=1, padding=1, ceil_mode=False, count_include_pad=True\)/);
  assert.match(O.settings, /AveragePool\(kernel_shape=\[3,3\], strides=\[1,1\], pads=\[1,1,1,1\], ceil_mode=0, count_include_pad=0\)/);
  assert.match(T.settings, /tf\.nn\.avg_pool2d\(x, ksize=3, strides=1, padding='SAME'\)/);

  // the sentences, and the cells of one outlined while it has the focus
  const reasons = page.locator('pool-grad .cmp-reasons li');
  assert.ok(await reasons.count() >= 2);
  const first = await reasons.first().textContent();
  assert.match(first, /divisor 9 vs 4/);
  await reasons.first().focus();
  const focused = await readColumns(page);
  assert.deepEqual(reasoned(focused.onnx.mats.output), RING5, 'the sentence outlines ONNX\'s ring');
  assert.deepEqual(reasoned(focused.pytorch.mats.output), RING5, 'and the same cells in PyTorch');
  assert.deepEqual(reasoned(focused.tensorflow.mats.output), [], 'not TensorFlow\'s (another pair)');
  await page.keyboard.press('Tab');
  const blurred = await readColumns(page);
  assert.deepEqual(reasoned(blurred.onnx.mats.output), []);
  // hovering does the same
  await reasons.nth(2).hover();
  assert.deepEqual(reasoned((await readColumns(page)).tensorflow.mats.output), RING5);

  // in Chinese: the sentences in Chinese, the view's words from i18n.js
  const r = await setState(page, { lang: 'zh' });
  assert.equal(r.type, 'poolgrad-change');
  assert.match(await page.locator('pool-grad .cmp-reasons li').first().textContent(), /除数 9 对 4/);
  assert.equal(await page.locator('pool-grad .compare h3').textContent(), '同一层在各框架中的结果');
  assert.equal(await page.locator('pool-grad [data-framework=onnx] figure figcaption').nth(1).textContent(), 'y（前向）');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('compare-same: PyTorch padding 1 and ONNX SAME_LOWER pad at the start, TensorFlow SAME at the end', async () => {
  const page = await open('preset=compare-same&lang=en');
  const { pytorch: P, onnx: O, tensorflow: T } = await readColumns(page);
  // kernel 3, stride 2 on 6x6: 3 windows per axis. PyTorch/ONNX start at -1, 1, 3; TensorFlow at 0, 2, 4
  const maxOf = (r0, c0) => {
    let m = -Infinity;
    for (let r = r0; r < r0 + 3; r++) for (let c = c0; c < c0 + 3; c++) if (r >= 0 && r < 6 && c >= 0 && c < 6) m = Math.max(m, X(r, c));
    return m;
  };
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      near(at(P.mats.output, i, j), maxOf(2 * i - 1, 2 * j - 1), `PyTorch y[${i},${j}]`);
      near(at(O.mats.output, i, j), maxOf(2 * i - 1, 2 * j - 1), `ONNX y[${i},${j}]`);
      near(at(T.mats.output, i, j), maxOf(2 * i, 2 * j), `TensorFlow y[${i},${j}]`);
    }
  }
  near(at(P.mats.output, 0, 0), 4, 'PyTorch y[0,0]');
  near(at(T.mats.output, 0, 0), 7, 'TensorFlow y[0,0]');
  assert.deepEqual(padSides(P.mats.input), { top: true, bottom: true, left: true, right: true });
  assert.deepEqual(padSides(O.mats.input), { top: true, bottom: false, left: true, right: false });
  assert.deepEqual(padSides(T.mats.input), { top: false, bottom: true, left: false, right: true });
  assert.deepEqual(outlined(O.mats.output), []);
  assert.deepEqual(outlined(T.mats.output), differing(T.mats.output, P.mats.output));
  assert.ok(outlined(T.mats.output).length > 0);
  // argmax of TensorFlow's y[0,0] = 7 at x[2,2]: NHWC with C = 1: 2·6 + 2
  near(at(T.mats.indices, 0, 0), 14, 'TensorFlow argmax');
  assert.match(O.settings, /auto_pad='SAME_LOWER'/);
  const texts = await page.locator('pool-grad .cmp-reasons li').allTextContents();
  assert.ok(texts.some((t) => /padding='SAME'.* 0 before and 1 after/.test(t)), texts.join('\n'));
  await page.context().close();
});

test('compare-ceil: ceil_mode\'s last window, clipped at the padded input in PyTorch and ONNX; TensorFlow has no ceil_mode', async () => {
  const page = await open('preset=compare-ceil&lang=en');
  const { pytorch: P, onnx: O, tensorflow: T } = await readColumns(page);
  // PyTorch: ceil((6 + 2 - 3) / 2) + 1 = 4 windows per axis; the last starts at 5 (on the input),
  // covers 5, 6 (padding), 7 (beyond): count_include_pad counts up to the padded end, 2 of 3.
  // y[0,3]: rows -1..1 × columns 5..6 = 6 taps; input cells x[0,5] + x[1,5] = 2 + 3
  assert.equal(P.mats.output.rows, 4);
  near(at(P.mats.output, 0, 3), (X(0, 5) + X(1, 5)) / 6, 'PyTorch y[0,3]');
  near(at(P.mats.output, 3, 3), X(5, 5) / 4, 'PyTorch y[3,3]');
  near(at(P.mats.output, 1, 1), [1, 2, 3].reduce((s, r) => s + X(r, 1) + X(r, 2) + X(r, 3), 0) / 9, 'PyTorch y[1,1]');
  // ONNX with count_include_pad=1: the library counts the taps in [-pad_begin, in + pad_end), as
  // ONNX's reference pool() and ONNX Runtime do (web/lib/onnx-attributes.js): the same divisor 6
  near(at(O.mats.output, 0, 3), (X(0, 5) + X(1, 5)) / 6, 'ONNX y[0,3]');
  assert.match(O.settings, /ceil_mode=1, count_include_pad=1/);
  // the last window's reach past the padding (row and column 7) is drawn dotted, in both
  for (const col of [P, O]) {
    assert.deepEqual(padSides(col.mats.input), { top: true, bottom: true, left: true, right: true });
    assert.ok(col.mats.input.over.some(([r]) => r === 7) && col.mats.input.over.some(([, c]) => c === 7));
    assert.ok(col.mats.input.over.every(([r, c]) => r === 7 || c === 7));
  }
  assert.deepEqual(T.mats.input.over, [], 'TensorFlow has no ceil_mode');
  // TensorFlow SAME: ceil(6 / 2) = 3 windows per axis, starting at 0, 2, 4; padding never counted
  assert.equal(T.mats.output.rows, 3);
  near(at(T.mats.output, 0, 0), [0, 1, 2].reduce((s, r) => s + X(r, 0) + X(r, 1) + X(r, 2), 0) / 9, 'TensorFlow y[0,0]');
  near(at(T.mats.output, 2, 2), (X(4, 4) + X(4, 5) + X(5, 4) + X(5, 5)) / 4, 'TensorFlow y[2,2]');
  assert.match(T.shape, /Output 3×3 here, 4×4 in PyTorch/);
  assert.deepEqual(outlined(T.mats.output), [], 'no cell-by-cell outline across shapes');
  await page.context().close();
});

test('compare-nan: NaN wins in PyTorch; ONNX and TensorFlow skip it', async () => {
  const page = await open('preset=compare-nan&lang=en');
  const { pytorch: P, onnx: O, tensorflow: T } = await readColumns(page);
  // [1, NaN, 2, 3; 4, 0, 6, 5; 7, 1, 2, 8; 3, 9, 4, 1], kernel 2, stride 2: the window of y[0,0] holds the NaN
  near(at(P.mats.output, 0, 0), NaN, 'PyTorch y[0,0]');
  assert.equal(P.mats.output.cells[0].text, 'NaN');
  near(at(O.mats.output, 0, 0), 4, 'ONNX y[0,0] = max(1, 4, 0)');
  near(at(T.mats.output, 0, 0), 4, 'TensorFlow y[0,0]');
  near(at(P.mats.output, 0, 1), 6, 'PyTorch y[0,1]');
  // the gradient goes to the NaN in PyTorch (x[0,1]), to x[1,0] = 4 in the others; loss = mean of 4
  near(at(P.mats['grad-input'], 0, 1), 1 / 4, 'PyTorch dL/dx at the NaN');
  near(at(O.mats['grad-input'], 1, 0), 1 / 4, 'ONNX dL/dx at the 4');
  near(at(O.mats['grad-input'], 0, 1), 0, 'ONNX dL/dx at the NaN');
  assert.deepEqual(outlined(O.mats.output), [0]);
  assert.deepEqual(outlined(T.mats.output), [0]);
  assert.deepEqual(outlined(O.mats['grad-input']), [1, 4]);
  assert.ok((await page.locator('pool-grad .cmp-reasons li').count()) > 0, 'a sentence about NaN');
  await page.context().close();
});

test('compare-asymmetric: ONNX pads [0,0,1,1] (only at the end), which PyTorch\'s symmetric padding cannot express', async () => {
  const page = await open('preset=compare-asymmetric&lang=en');
  const { pytorch: P, onnx: O, tensorflow: T } = await readColumns(page);
  assert.deepEqual(padSides(O.mats.input), { top: false, bottom: true, left: false, right: true });
  assert.deepEqual(padSides(P.mats.input), { top: true, bottom: true, left: true, right: true });
  assert.match(O.settings, /pads=\[0,0,1,1\]/);
  // ONNX: windows start at 0, 2, 4; count_include_pad=0 divides by the input cells
  near(at(O.mats.output, 0, 0), [0, 1, 2].reduce((s, r) => s + X(r, 0) + X(r, 1) + X(r, 2), 0) / 9, 'ONNX y[0,0]');
  near(at(O.mats.output, 2, 2), (X(4, 4) + X(4, 5) + X(5, 4) + X(5, 5)) / 4, 'ONNX y[2,2]');
  // PyTorch padding 1, count_include_pad=True: y[0,0] = (x[0,0] + x[0,1] + x[1,0] + x[1,1]) / 9
  near(at(P.mats.output, 0, 0), (X(0, 0) + X(0, 1) + X(1, 0) + X(1, 1)) / 9, 'PyTorch y[0,0]');
  near(at(T.mats.output, 2, 2), (X(4, 4) + X(4, 5) + X(5, 4) + X(5, 5)) / 4, 'TensorFlow y[2,2] (SAME = the same pads)');
  assert.deepEqual(outlined(O.mats.output), differing(O.mats.output, P.mats.output));
  await page.context().close();
});

test('compare-argmax: three index layouts for the same maxima (plane n = 0, c = 1)', async () => {
  const page = await open('preset=compare-argmax&lang=en');
  const { pytorch: P, onnx: O, tensorflow: T } = await readColumns(page);
  // channel 1 of the preset: [6, 3, 4, 8; 2, 6, 5, 9; 7, 8, 1, 3; 2, 4, 2, 5]; kernel 2, stride 2
  // maxima at (0,0) = 6, (1,3) = 9, (2,1) = 8, (3,3) = 5; H = W = 4, C = 2
  const where = [[0, 0], [1, 3], [2, 1], [3, 3]];
  where.forEach(([r, c], w) => {
    const [i, j] = [Math.floor(w / 2), w % 2];
    near(at(P.mats.indices, i, j), r * 4 + c, `PyTorch index ${w}`);
    near(at(O.mats.indices, i, j), (1 * 4 + r) * 4 + c, `ONNX index ${w}`); // ((n·C + c)·H + y)·W + x
    near(at(T.mats.indices, i, j), (r * 4 + c) * 2 + 1, `TensorFlow index ${w}`); // ((n·H + y)·W + x)·C + c
  });
  near(at(P.mats.output, 0, 1), 9, 'y');
  assert.deepEqual(outlined(O.mats.indices), [], 'indices are each framework\'s numbering, not outlined');
  assert.deepEqual(outlined(O.mats.output), []);
  const texts = await page.locator('pool-grad .cmp-reasons li').allTextContents();
  assert.ok(texts.some((t) => /ONNX[^;.]* 16\b/.test(t)), texts.join('\n'));
  // focusing that sentence outlines the indices it is about
  await page.locator('pool-grad .cmp-reasons li').first().focus();
  assert.deepEqual(reasoned((await readColumns(page)).onnx.mats.indices), [0, 1, 2, 3]);
  await page.context().close();
});

test('tf-padding: the control updates the TensorFlow column; EXPLICIT average is TensorFlow\'s to reject, the others stay', async () => {
  const page = await open('preset=compare-divisor&lang=en');
  await page.locator('pool-grad #c-tf-padding').selectOption('VALID');
  await page.waitForFunction(() => /padding='VALID'/.test(document.querySelector('pool-grad').shadowRoot.querySelector('[data-framework=tensorflow] .cmp-settings')?.textContent));
  let { pytorch: P, tensorflow: T } = await readColumns(page);
  // VALID on 5x5, kernel 3, stride 1: 3x3 windows, all inside: 9/9
  assert.equal(T.mats.output.rows, 3);
  assert.equal(T.mats.output.cols, 3);
  near(at(T.mats.output, 0, 0), 1, 'TensorFlow VALID y[0,0]');
  assert.deepEqual(padSides(T.mats.input), { top: false, bottom: false, left: false, right: false });
  assert.match(T.shape, /Output 3×3 here, 5×5 in PyTorch/);
  near(at(P.mats.output, 0, 0), 4 / 9, 'PyTorch unchanged');
  assert.equal((await getState(page)).tfPadding, 'VALID');
  assert.equal((await getState(page)).preset, '', 'a knob changed by hand leaves the preset');
  // a custom dL/dy of PyTorch's 25 outputs: PyTorch uses it, TensorFlow's 9 outputs take the mean (and say so)
  assert.equal((await setState(page, { grad: 'custom', gradValues: new Array(25).fill(1) })).type, 'poolgrad-change');
  ({ pytorch: P, tensorflow: T } = await readColumns(page));
  near(at(P.mats['grad-input'], 0, 0), 4 * (1 / 9), 'PyTorch dL/dx[0,0]: 4 windows, dL/dy = 1, divisor 9');
  near(at(T.mats['grad-input'], 0, 0), (1 / 9) / 9, 'TensorFlow dL/dx[0,0]: 1 window, dL/dy = 1/9 (mean), divisor 9');
  assert.match(await page.locator('pool-grad [data-framework=tensorflow] .cmp-note').textContent(), /25 numbers, this output needs 9/);
  assert.equal(await page.locator('pool-grad [data-framework=pytorch] .cmp-note').count(), 0);
  // EXPLICIT: TensorFlow's avg_pool takes SAME or VALID only
  await page.locator('pool-grad #c-tf-padding').selectOption('EXPLICIT');
  await page.waitForFunction(() => !!document.querySelector('pool-grad').shadowRoot.querySelector('[data-framework=tensorflow] .cmp-error'));
  ({ pytorch: P, tensorflow: T } = await readColumns(page));
  assert.match(T.error, /TensorFlow rejects this layer:.*padding/);
  assert.equal(T.mats.output, undefined);
  near(at(P.mats.output, 0, 0), 4 / 9, 'PyTorch still shown');
  assert.ok((await readColumns(page)).onnx.mats.output, 'ONNX still shown');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a layer PyTorch rejects: its column says why (in the page\'s language), ONNX and TensorFlow still compute', async () => {
  // padding 2 with kernel 3: more than PyTorch's half kernel; ONNX takes pads up to k - 1
  const page = await open('op=avg&kernel-size=3&stride=1&padding=2&size=5x5&compare=all&tf-padding=SAME&preset=&lang=en');
  let cols = await readColumns(page);
  assert.match(cols.pytorch.error, /PyTorch rejects this layer:.*padding/);
  assert.equal(cols.pytorch.mats.output, undefined);
  // ONNX: pads 2, count_include_pad=0: y[0,0] covers x[0..0, 0..0]: the window rows -2..0 hold one input row
  assert.equal(cols.onnx.mats.output.rows, 7);
  // the others are compared with the first column computed (ONNX): TensorFlow's 5x5 is another shape
  assert.match(cols.tensorflow.shape, /5×5 here, 7×7 in ONNX/);
  assert.equal(await page.evaluate(() => document.querySelector('pool-grad').results), null);
  const r = await setState(page, { lang: 'zh' });
  assert.equal(r.type, 'poolgrad-change');
  cols = await readColumns(page);
  assert.match(cols.pytorch.error, /PyTorch 不接受这一层：.*padding/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('URL state round-trips the comparison; a bad onnx-pads is named on the page and the rest kept', async () => {
  let page = await open('preset=compare-asymmetric&lang=en');
  await page.locator('pool-grad #c-onnx-auto-pad').selectOption('SAME_UPPER');
  await page.waitForFunction(() => /SAME_UPPER/.test(location.search));
  const search = await page.evaluate(() => location.search);
  const parsed = parseState(new URLSearchParams(search));
  assert.deepEqual(parsed.errors, []);
  assert.equal(parsed.state.onnxAutoPad, 'SAME_UPPER');
  assert.deepEqual(parsed.state.compare, FW);
  assert.deepEqual(parsed.state.onnxPads, [0, 0, 1, 1]);
  const state = await getState(page);
  // the URL is the canonical text of the element's state
  assert.equal(new URLSearchParams(search).toString(), serializeState(parsed.state).toString());
  assert.equal(await page.evaluate(() => document.querySelector('pool-grad').toQuery().toString()), serializeState(parsed.state).toString());
  await page.context().close();
  // the same URL opens the same comparison
  page = await open(search.slice(1));
  assert.deepEqual(await getState(page), state);
  const { onnx: O } = await readColumns(page);
  assert.match(O.settings, /auto_pad='SAME_UPPER'/);
  // SAME_UPPER on 6, kernel 3, stride 2: total padding 1, at the end (as TensorFlow's SAME)
  assert.deepEqual(padSides(O.mats.input), { top: false, bottom: true, left: false, right: true });
  await page.context().close();

  // a bad onnx-pads in the URL: a message naming it, the rest of the comparison as asked
  page = await open('preset=compare-divisor&onnx-pads=1,2,3&tf-padding=VALID&lang=en');
  const box = page.locator('#url-message');
  assert.ok(await box.isVisible());
  assert.match(await box.textContent(), /onnx-pads must have 4 numbers for 2-D/);
  const cols = await readColumns(page);
  assert.deepEqual(Object.keys(cols), FW);
  assert.match(cols.onnx.settings, /pads=\[1,1,1,1\]/, 'ONNX falls back to the state\'s padding');
  assert.match(cols.tensorflow.settings, /padding='VALID'/, 'the other keys are kept');
  // typed in the control: the message by the control, the view kept
  const input = page.locator('pool-grad #c-onnx-pads');
  await input.fill('0,x');
  await input.press('Enter');
  const msg = page.locator('pool-grad [data-error-for="onnx-pads"]');
  await page.waitForFunction(() => document.querySelector('pool-grad').shadowRoot.querySelector('[data-error-for="onnx-pads"]').textContent !== '');
  assert.match(await msg.textContent(), /onnx-pads must be 2 to 6 integers/);
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  assert.equal((await readColumns(page)).onnx.settings, cols.onnx.settings);
  // a good value applies
  await input.fill('0,0,2,2');
  await input.press('Enter');
  await page.waitForFunction(() => /pads=\[0,0,2,2\]/.test(document.querySelector('pool-grad').shadowRoot.querySelector('[data-framework=onnx] .cmp-settings').textContent));
  assert.equal(await msg.textContent(), '');
  await page.context().close();
  // in Chinese: the parameter's label and what it must look like, the English original on hover
  page = await open('preset=compare-divisor&onnx-pads=1,2,3&lang=zh', { locale: 'zh-CN' });
  assert.match(await page.locator('#url-message').textContent(), /ONNX pads（起始，末尾）：这个值无法使用，应为 2·维数 个不小于 0 的整数/);
  assert.match(await page.locator('#url-message').getAttribute('title'), /onnx-pads must have 4 numbers for 2-D/);
  await page.context().close();
});

test('the page: the way in lists the compare presets, the controls switch frameworks, the code of each is exported', async () => {
  const page = await open('lang=en', { comparing: false });
  // not comparing: the single view, no compare knobs
  assert.ok(!(await page.locator('pool-grad .compare').isVisible()));
  assert.ok(!(await page.locator('pool-grad #c-tf-padding').isVisible()));
  // the framework boxes wait in the fold; ticking one by keyboard turns the comparison on, the box
  // moves to the panel and keeps the focus
  await page.locator('pool-grad details.more summary').click();
  await page.locator('pool-grad #c-compare-pytorch').focus();
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.querySelector('pool-grad').state.compare.join() === 'pytorch');
  assert.equal(await page.evaluate(() => document.querySelector('pool-grad').shadowRoot.activeElement?.id), 'c-compare-pytorch');
  await page.waitForSelector('pool-grad >> .cmp-message');
  assert.match(await page.locator('pool-grad .cmp-message').textContent(), /Tick a second framework/);
  const links = page.locator('#compare-presets a');
  assert.equal(await links.count(), COMPARE_PRESETS.length);
  assert.equal(await links.first().textContent(), 'Compare: the divisor at the border');
  await links.nth(3).click();
  await page.waitForFunction(() => document.querySelector('pool-grad').state.preset === 'compare-nan');
  await page.waitForSelector('pool-grad >> .compare [data-framework=tensorflow]');
  assert.equal(await links.nth(3).getAttribute('aria-current'), 'true');
  assert.ok(!(await page.locator('pool-grad .mats').isVisible()), 'the comparison replaces the single view');
  // the exported code: one block per compared framework, and its buttons
  await page.waitForSelector('#compare-code:not([hidden])');
  const code = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-compare-code]')].map((c) => [c.dataset.compareCode, c.textContent])));
  assert.deepEqual(Object.keys(code), FW);
  assert.match(code.pytorch, /import torch/);
  assert.match(code.onnx, /onnx/);
  assert.match(code.tensorflow, /import tensorflow as tf/);
  for (const fw of FW) assert.ok(await page.locator(`[data-export="compare-${fw}"]`).isVisible(), fw);
  const download = page.waitForEvent('download');
  await page.locator('[data-export="compare-onnx"]').click();
  assert.equal((await download).suggestedFilename(), 'poolgrad_onnx.py');
  // untick TensorFlow: two columns, its knob and export go
  await page.locator('pool-grad #c-compare-tensorflow').uncheck();
  await page.waitForFunction(() => !document.querySelector('pool-grad').shadowRoot.querySelector('.compare [data-framework=tensorflow]'));
  assert.ok(!(await page.locator('pool-grad #c-tf-padding').isVisible()));
  assert.deepEqual((await getState(page)).compare, ['pytorch', 'onnx']);
  await page.waitForFunction(() => document.querySelector('[data-export="compare-tensorflow"]').hidden);
  // keyboard: the framework boxes are check boxes (Space toggles), a grid moves with the arrows
  await page.locator('pool-grad #c-compare-tensorflow').focus();
  await page.keyboard.press('Space');
  await page.waitForSelector('pool-grad >> .compare [data-framework=tensorflow]');
  const cell = page.locator('pool-grad [data-framework=onnx] [data-compare-matrix=output] [role=gridcell]').first();
  await cell.focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.querySelector('pool-grad').shadowRoot.activeElement?.dataset.col), '1');
  // an operation the comparison does not show: a message, the single view back, the state kept
  await page.locator('pool-grad #c-op').selectOption('lp');
  await page.waitForSelector('pool-grad >> .cmp-message');
  assert.match(await page.locator('pool-grad .cmp-message').textContent(), /max and average pooling only/);
  assert.ok(await page.locator('pool-grad .mats').isVisible());
  assert.deepEqual((await getState(page)).compare, FW);
  // a plane too big to draw three times: a message naming the cap, the single view
  assert.equal((await setState(page, { op: 'max', size: [30, 30], input: null })).type, 'poolgrad-change');
  await page.waitForFunction(() => /576/.test(document.querySelector('pool-grad').shadowRoot.querySelector('.cmp-message')?.textContent));
  assert.match(await page.locator('pool-grad .cmp-message').textContent(), /up to 576 cells per plane; 30×30 has 900/);
  assert.equal(await page.evaluate(() => document.querySelector('pool-grad').comparison.unsupported), 'size');
  assert.ok(await page.locator('pool-grad .mats').isVisible());
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('screenshots: every compare preset in light and dark, English and Chinese (/tmp/compare-*.png)', async () => {
  for (const [scheme, lang] of [['light', 'en'], ['dark', 'zh'], ['light', 'zh'], ['dark', 'en']]) {
    const page = await openPage(browser, null, { colorScheme: scheme, locale: lang === 'zh' ? 'zh-CN' : 'en-US' });
    for (const preset of COMPARE_PRESETS) {
      await page.goto(`${server.origin}/?preset=${preset}&lang=${lang}`);
      await waitReady(page);
      await page.waitForSelector('pool-grad >> .compare [data-framework]');
      await page.locator('pool-grad').screenshot({ path: `/tmp/compare-${preset.slice(8)}-${scheme}-${lang}.png` });
    }
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});
