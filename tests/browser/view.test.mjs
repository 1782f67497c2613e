// The view as a reader sees it (issue 9, items 3-6 and 8): the padding ring drawn around the input,
// PyTorch's rules stated in words (ties, NaN, a window of padding only, the divisor), the formulas
// typeset by KaTeX (HTML output, its fonts loaded, no tab stops), the indices matrix, and the
// layout (1280x900 fold, no horizontal clipping at 390 px, text fields applied as you type, a
// clicked cell kept while hovering previews). Real Chromium on the built site; one browser, few pages.
//
// Every expected number is derived by hand here from PyTorch's rules (or read from the PyTorch
// fixture), never from our own output.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, waitReady, setState, getState, readMatrix, fixture, screenshotPath } from './harness.mjs';

let server, browser, page;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await openPage(browser, `${server.origin}/embed.html?lang=en&theme=light`);
  await waitReady(page);
});
after(async () => { await browser?.close(); await server?.close(); });

const TUTORIAL = [1, 3, 4, 2, 5, 2, 4, 2, 5, 6, 8, 3, 5, 3, 7, 8, 9, 3, 8, 4, 3, 6, 0, 2, 7, 10, 3, 6, 3, 5, 4, 7, 2, 4, 7, 8];
const BASE = {
  op: 'max', dims: 2, size: [6, 6], kernelSize: [2], stride: [2], padding: [0], dilation: [1], ceilMode: false,
  countIncludePad: true, divisorOverride: null, channels: 1, batch: 1, plane: 0, input: TUTORIAL, grad: 'mean',
  gradValues: null, preset: '', lang: 'en',
};

/** Sets a whole view (BASE + patch) and waits for its render. */
async function view(patch) {
  const r = await setState(page, { ...BASE, ...patch });
  assert.equal(r.type, 'poolgrad-change', JSON.stringify(r));
}

/** Inside the widget's shadow root: fn(root, arg). */
const inRoot = (fn, arg) => page.evaluate(([src, a]) => {
  const root = document.querySelector('pool-grad').shadowRoot;
  return (0, eval)(`(${src})`)(root, a); // eslint-disable-line no-eval
}, [fn.toString(), arg]);

/** The ring's cells: [{row, col, kind, text, win}] (input coordinates). */
const ring = () => inRoot((root) => [...root.querySelectorAll('[data-matrix="input"] [data-pad]')].map((c) => ({
  row: Number(c.dataset.padRow), col: Number(c.dataset.padCol), kind: c.dataset.pad, text: c.textContent,
  win: c.classList.contains('win'), skip: c.classList.contains('skip'),
})));

/** Focuses (clicks) a cell of a matrix, as a reader does. */
const click = (matrix, row, col) => inRoot((root, [m, r, c]) => {
  root.querySelector(`[data-matrix="${m}"] [data-row="${r}"][data-col="${c}"]`).click();
}, [matrix, row, col]);

const explainText = () => inRoot((root) => [...root.querySelectorAll('.explain p')].map((p) => p.textContent));

test('padding is drawn: the ring around the input, the focused window over its padding, B_c countable', async () => {
  // avg, 6x6, kernel 2, stride 2, padding 1: the padded input is 8x8, so the ring has
  // 64 - 36 = 28 cells, each 0 (average pooling reads padding as 0); out = floor((6 + 2 - 2) / 2) + 1 = 4
  await view({ op: 'avg', padding: [1] });
  let cells = await ring();
  assert.equal(cells.length, 28);
  assert.ok(cells.every((c) => c.kind === 'pad' && c.text === '0'), 'every ring cell is padding, shown as 0');
  assert.equal((await readMatrix(page, 'output')).cells.length, 16);
  // y[0, 0]'s window: rows -1..0, cols -1..0 = three padding cells and x[0, 0] = 1
  await click('output', 0, 0);
  cells = await ring();
  assert.deepEqual(cells.filter((c) => c.win).map((c) => [c.row, c.col]).sort(), [[-1, -1], [-1, 0], [0, -1]]);
  const realInWindow = await inRoot((root) => root.querySelectorAll('[data-matrix="input"] [role=gridcell].win').length);
  assert.equal(realInWindow, 1, 'one input element in the window');
  // count_include_pad = True: B_c = 1 + 3 = 4 counted on screen, y[0, 0] = 1 / 4 = 0.25
  assert.equal((await readMatrix(page, 'output')).cells[0].text, '0.25');
  assert.ok((await explainText()).includes('B_c = 4 = 1 input + 3 padding elements: count_include_pad = True counts the padding.'));
  // count_include_pad = False: B_c = 1, y[0, 0] = 1 / 1 = 1
  await view({ op: 'avg', padding: [1], countIncludePad: false });
  await click('output', 0, 0);
  assert.equal((await readMatrix(page, 'output')).cells[0].text, '1');
  assert.ok((await explainText()).includes('B_c = 1: count_include_pad = False counts only the 1 input element, not the 3 padding taps.'));
  // divisor_override = 3: every window divides by 3, y[0, 0] = 1 / 3
  await view({ op: 'avg', padding: [1], divisorOverride: 3 });
  await click('output', 0, 0);
  assert.ok((await explainText()).includes('B_c = 3: divisor_override = 3 replaces the divisor of every window, whatever it covers.'));
  // max pooling reads padding as -inf
  await view({ padding: [1] });
  cells = await ring();
  assert.equal(cells.length, 28);
  assert.ok(cells.every((c) => c.text === '-inf'));
  // ceil_mode overhang: 1-D, 5 elements, kernel 2, stride 2, no padding: out = ceil((5 - 2) / 2) + 1 = 3;
  // the last window covers x[4] and position 5, one past the input: one overhang cell, never read
  await view({ dims: 1, size: [5], input: [1, 2, 3, 4, 5], ceilMode: true });
  cells = await ring();
  assert.deepEqual(cells.map((c) => [c.row, c.col, c.kind]), [[0, 5, 'over']]);
  await click('output', 0, 2);
  assert.ok((await ring())[0].win, 'the last window outlines the overhang cell');
  // dilation 2, 1-D, 5 elements, kernel 2: window 0 taps x[0] and x[2]; x[1] is skipped
  await view({ dims: 1, size: [5], input: [1, 2, 3, 4, 5], dilation: [2], stride: [1] });
  await click('output', 0, 0);
  const marks = await inRoot((root) => [...root.querySelectorAll('[data-matrix="input"] [role=gridcell]')].map((c) => (c.classList.contains('skip') ? 'skip' : c.classList.contains('win') ? 'win' : '')));
  assert.deepEqual(marks, ['win', 'skip', 'win', '', '']);
  assert.deepEqual(page.errors, []);
});

test('a window of padding only: -inf, index -1, and how PyTorch differs, in both languages', async () => {
  // the preset: 1-D [3, -1], kernel 2, dilation 3, padding 1: the only window taps positions -1 and 2
  await view({ dims: 1, size: [2], input: [3, -1], kernelSize: [2], stride: [1], padding: [1], dilation: [3] });
  const cells = await ring();
  assert.deepEqual(cells.map((c) => [c.col, c.text]), [[-1, '-inf'], [2, '-inf']]);
  await click('output', 0, 0);
  assert.deepEqual((await ring()).map((c) => c.win), [true, true], 'both taps are padding');
  assert.deepEqual((await readMatrix(page, 'indices')).cells.map((c) => c.text), ['-1']);
  const en = await explainText();
  assert.ok(en.includes('y[0]: its window holds only padding, so the output is -inf and no element receives its gradient.'));
  assert.ok(en.some((p) => /^poolgrad and PyTorch differ here: PyTorch records an index outside this window, and its backward writes/.test(p)), en.join('\n'));
  await view({ lang: 'zh', dims: 1, size: [2], input: [3, -1], kernelSize: [2], stride: [1], padding: [1], dilation: [3] });
  await click('output', 0, 0);
  const zh = await explainText();
  assert.ok(zh.some((p) => p.startsWith('poolgrad 与 PyTorch 在这里不同：PyTorch 记录一个窗口之外的索引')), zh.join('\n'));
});

test('ties and NaN: PyTorch\'s rule in one sentence (en and zh)', async () => {
  // the ties preset: window y[0, 0] = {1, 1, 1, 1}: the first in row-major order, x[0, 0], wins
  const ties = { size: [4, 4], stride: [1], input: [1, 1, 2, 2, 1, 1, 2, 2, 3, 0, 3, 3, 0, 3, 3, 3] };
  await view(ties);
  await click('output', 0, 0);
  assert.ok((await explainText()).includes('Tie: 4 elements hold the maximum 1. PyTorch\'s rule: the first maximum in row-major window order wins, so the index is x[0, 0].'));
  await view({ ...ties, lang: 'zh' });
  await click('output', 0, 0);
  assert.ok((await explainText()).includes('并列：有 4 个元素都等于最大值 1。PyTorch 的规则：按窗口内行优先顺序取第一个最大值，所以索引是 x[0, 0]。'));
  // the special preset: y[1, 1]'s window {x[2,2] = 1, x[2,3] = NaN, x[3,2] = NaN, x[3,3] = 7}: the last NaN, x[3, 2]
  const special = { size: [4, 4], input: [1, NaN, 2, 3, 4, 0, -Infinity, -Infinity, Infinity, 5, 1, NaN, 2, -1, NaN, 7] };
  await view(special);
  await click('output', 1, 1);
  assert.ok((await explainText()).includes('The window holds 2 NaNs. PyTorch\'s rule: a NaN wins the max (it propagates), and of several NaNs the last in row-major window order is reported: x[3, 2].'));
  // indices by hand: {1, NaN, 4, 0} -> the NaN x[0,1] = 1; {2, 3, -inf, -inf} -> 3 at 3;
  // {inf, 5, 2, -1} -> inf at 8; {1, NaN, NaN, 7} -> the last NaN at 14
  assert.deepEqual((await readMatrix(page, 'indices')).cells.map((c) => c.text), ['1', '3', '8', '14']);
  await view({ ...special, lang: 'zh' });
  await click('output', 1, 1);
  assert.ok((await explainText()).includes('窗口中有 2 个 NaN。PyTorch 的规则：NaN 在取最大值时胜出（NaN 会传播），有多个 NaN 时报告行优先顺序中的最后一个：x[3, 2]。'));
});

test('the indices matrix: PyTorch\'s return_indices for the tutorial, linked to the focus; none for average pooling', async () => {
  await view({});
  // by hand: the argmax of each 2x2 window of the tutorial input, flat in the 6x6 plane
  const byHand = [6, 9, 10, 18, 15, 16, 25, 27, 35];
  const shown = (await readMatrix(page, 'indices')).cells.map((c) => Number(c.text));
  assert.deepEqual(shown, byHand);
  assert.deepEqual(fixture('max', 2).indices.map(Number), byHand, 'PyTorch agrees');
  // focusing y[0, 1] marks its index cell; focusing x[4, 1] marks the index of the window it wins
  await click('output', 0, 1);
  assert.ok(await inRoot((root) => root.querySelector('[data-matrix="indices"] [data-row="0"][data-col="1"]').classList.contains('src')));
  await click('input', 4, 1);
  assert.ok(await inRoot((root) => root.querySelector('[data-matrix="indices"] [data-row="2"][data-col="0"]').classList.contains('argmax')));
  await view({ op: 'avg' });
  assert.ok(await inRoot((root) => root.querySelector('[data-matrix="indices"]').closest('figure').hidden), 'no indices for average pooling');
  // in average pooling the counts are the coverage, and the legend has no argmax
  const avg = await inRoot((root) => ({
    caption: root.querySelector('[data-matrix="counts"]').closest('figure').querySelector('figcaption').textContent,
    legend: root.querySelector('.legend').textContent,
  }));
  assert.match(avg.caption, /^Coverage C/);
  assert.doesNotMatch(avg.legend, /argmax/);
});

test('formulas: KaTeX HTML with its fonts, the forward window and the backward matrix form, no tab stops', async () => {
  await view({});
  await click('output', 0, 1);
  await page.waitForFunction(() => {
    const root = document.querySelector('pool-grad').shadowRoot;
    return root.querySelector('.formulas .katex-html') && !root.querySelector('.formulas[aria-busy]');
  });
  await page.evaluate(() => document.fonts.ready);
  const r = await inRoot((root) => {
    const f = root.querySelector('.formulas');
    const blocks = [...f.querySelectorAll('.f')];
    const text = (b) => b.querySelector('.katex-html')?.textContent.replace(/[\s\u200b]+/g, '') ?? '';
    return {
      html: f.querySelectorAll('.katex-html').length,
      mathml: f.querySelectorAll('.katex-mathml').length, // KaTeX 'html' output has no MathML copy
      tabbable: f.querySelectorAll('[tabindex], a, button, input').length,
      scrollers: blocks.filter((b) => b.scrollWidth > b.clientWidth + 1 && getComputedStyle(b).overflowX !== 'visible').length,
      forward: blocks.map(text).find((s) => s.includes('max')),
      backward: blocks.map(text).find((s) => s.includes('⊙')),
      // N_B: a subscript (KaTeX's msupsub), and floor brackets as stretched delimiters
      subscript: blocks.some((b) => /N\s*B/.test(b.textContent) && b.querySelector('.msupsub')),
      stretched: blocks.filter((b) => b.querySelector('.delimsizing, .delimsizinginner')).length,
      family: getComputedStyle(f.querySelector('.katex')).fontFamily,
    };
  });
  assert.ok(r.html >= 5, `${r.html} formulas drawn as KaTeX HTML`);
  assert.equal(r.mathml, 0);
  assert.equal(r.tabbable, 0, 'no tab stop in the formulas');
  assert.equal(r.scrollers, 0, 'no formula is a scroll box (a scroll box is a tab stop)');
  // y[0, 1] = max over {4, 2, 5, 6} (the tutorial's second window) = 6
  assert.equal(r.forward, 'y0,1=max{4,2,5,6}=6');
  // dL/dx = P ⊙ 1/N_B = P ⊙ 1/9 (KaTeX's HTML holds a fraction's denominator before its numerator)
  assert.equal(r.backward, '∂x∂L=P⊙NB1=P⊙91');
  assert.ok(r.subscript, 'N_B is a subscript');
  assert.ok(r.stretched >= 2, 'the floor brackets of the output-size formulas stretch');
  assert.match(r.family, /KaTeX_Main/);
  const fonts = await page.evaluate(() => [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'KaTeX_Main' && f.status === 'loaded').length);
  assert.ok(fonts >= 1, 'KaTeX_Main is loaded (registered on the document)');
  // average pooling: dL/dx = C ⊙ 1/(N_B·B_c) = C ⊙ 1/(9·4) = C ⊙ 1/36
  await view({ op: 'avg' });
  await page.waitForFunction(() => [...document.querySelector('pool-grad').shadowRoot.querySelectorAll('.formulas .katex-html')]
    .some((k) => k.textContent.replace(/[\s\u200b]+/g, '').includes('=C⊙361')));
  await page.screenshot({ path: screenshotPath('view-formulas'), fullPage: true });
});

test('layout: at 1280x900 the matrices and the explanation fit without scrolling; at 390 px nothing is clipped', async () => {
  const wide = await openPage(browser, `${server.origin}/?lang=en`, { viewport: { width: 1280, height: 900 } });
  await waitReady(wide);
  const boxes = await wide.evaluate(() => {
    const root = document.querySelector('pool-grad').shadowRoot;
    const bottom = (el) => el.getBoundingClientRect().bottom;
    return {
      mats: ['input', 'output', 'grad-output', 'grad-input', 'counts'].map((m) => bottom(root.querySelector(`[data-matrix="${m}"]`))),
      explain: bottom(root.querySelector('.explain')),
    };
  });
  for (const b of boxes.mats) assert.ok(b <= 900, `a matrix ends at ${b} px`);
  assert.ok(boxes.explain <= 900, `the explanation ends at ${boxes.explain} px`);
  await wide.context().close();
  for (const lang of ['en', 'zh']) {
    const phone = await openPage(browser, `${server.origin}/?lang=${lang}`, { viewport: { width: 390, height: 844 } });
    await waitReady(phone);
    await phone.waitForFunction(() => document.querySelector('pool-grad').shadowRoot.querySelector('.formulas .katex-html'));
    const over = await phone.evaluate(() => {
      const root = document.querySelector('pool-grad').shadowRoot;
      const wider = (el) => el.scrollWidth > el.clientWidth + 1;
      const out = [];
      if (wider(document.documentElement)) out.push(`page ${document.documentElement.scrollWidth}`);
      for (const sel of ['.root', '.controls', '.steps', '.explain', '.formulas', '.formulas .f', 'figure.mat .scroll']) {
        for (const el of root.querySelectorAll(sel)) if (wider(el)) out.push(`${sel} ${el.scrollWidth} > ${el.clientWidth}`);
      }
      // every formula and the input gradient lie within the widget's width (the matrices' row scrolls)
      const right = root.querySelector('.root').getBoundingClientRect().right;
      for (const f of root.querySelectorAll('.formulas .katex')) if (f.getBoundingClientRect().right > right + 1) out.push('a formula past the edge');
      const mats = root.querySelector('.mats');
      const gi = root.querySelector('[data-matrix="grad-input"]');
      if (gi.offsetLeft + gi.scrollWidth > mats.scrollWidth + mats.offsetLeft + 1) out.push('grad-input past the row');
      return out;
    });
    assert.deepEqual(over, [], `${lang}: nothing clipped at 390 px`);
    // a focused input cell and its window in the output stay on screen together
    await phone.evaluate(() => document.querySelector('pool-grad').shadowRoot.querySelector('[data-matrix="input"] [data-row="0"][data-col="1"]').click());
    const seen = await phone.evaluate(() => {
      const root = document.querySelector('pool-grad').shadowRoot;
      const inView = (el) => { const r = el.getBoundingClientRect(); return r.left >= 0 && r.right <= innerWidth; };
      return [inView(root.activeElement ?? root.querySelector('[data-matrix="input"] [data-row="0"][data-col="1"]')),
        inView(root.querySelector('[data-matrix="output"] .win'))];
    });
    assert.deepEqual(seen, [true, true], `${lang}: the focused cell and its window side by side`);
    await phone.screenshot({ path: screenshotPath(`view-390-${lang}`), fullPage: true });
    await phone.context().close();
  }
});

test('text fields apply as you type; a clicked cell stays explained, hover previews, Escape clears', async () => {
  await view({});
  const stride = page.locator('pool-grad #c-stride');
  await stride.click();
  await stride.press('Backspace');
  await stride.pressSequentially('1');
  // no Enter: the change applies once the typing pauses (~300 ms)
  await page.waitForFunction(() => document.querySelector('pool-grad').state.stride[0] === 1, null, { timeout: 3000 });
  assert.equal((await readMatrix(page, 'output')).cells.length, 25, 'stride 1: 5x5 windows');
  assert.deepEqual((await getState(page)).stride, [1]);
  // click y[0, 1]; hovering y[2, 2] previews it; leaving shows y[0, 1] again; Escape clears
  await click('output', 0, 1);
  const cell = (r, c) => page.locator(`pool-grad [data-matrix="output"] [data-row="${r}"][data-col="${c}"]`);
  assert.match((await explainText())[0], /^y\[0, 1\] = max/);
  await cell(2, 2).hover();
  const preview = await explainText();
  assert.equal(preview[0], 'Preview (pointer): click the cell to keep its explanation.');
  assert.match(preview[1], /^y\[2, 2\] = max/);
  await page.mouse.move(5, 890);
  await page.waitForFunction(() => /^y\[0, 1\] = max/.test(document.querySelector('pool-grad').shadowRoot.querySelector('.explain p')?.textContent));
  await page.keyboard.press('Escape');
  assert.deepEqual(await explainText(), ['Focus or hover a cell of any matrix to see where its number comes from.']);
  assert.deepEqual(page.errors, []);
});
