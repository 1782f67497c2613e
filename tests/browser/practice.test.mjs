// Practice mode in real Chromium, keyboard only: the learner types the input gradient (or the
// position matrix P) of the tutorial's view, presses Enter, and sees which cells are right and
// wrong, with the right value explained for a wrong cell; in English and Chinese. The right
// values are the tutorial's (hand-derived): max, kernel 2, stride 2, loss = mean: 9 windows, the
// argmaxes in row 1 are x[1, 0] (of y[0, 0] = max{1, 3, 4, 2}), x[1, 3] (of y[0, 1] = max{4, 2,
// 5, 6}) and x[1, 4] (of y[0, 2] = max{5, 2, 8, 3}), each dL/dx = 1/9 ≈ 0.1111; row 0 is all 0.
// Stride 1: x[4, 1] = 10 wins 4 windows, so P = 4.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, openPage, waitReady, screenshotPath, repo } from './harness.mjs';

let server, browser, page;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await openPage(browser, `${server.origin}/?lang=en&practice=grad-input`);
  await waitReady(page);
});
after(async () => { await browser?.close(); await server?.close(); });

/** The practice panel as shown: each cell's verdict (row-major), the score, the note, which matrices are visible. */
const panel = () => page.evaluate(() => {
  const root = document.querySelector('pool-grad').shadowRoot;
  const cells = [...root.querySelectorAll('[data-practice=grid] .pcell')];
  const visible = (m) => !!root.querySelector(`[data-matrix="${m}"]`)?.getClientRects().length;
  return {
    verdicts: cells.map((c) => c.dataset.verdict),
    score: root.querySelector('.practice-score').textContent,
    note: root.querySelector('.practice-note').textContent,
    matrices: ['input', 'output', 'grad-input', 'counts', 'indices'].filter(visible),
    active: root.activeElement?.getAttribute('aria-label') ?? null,
  };
});

/** Types each answer and moves on with Tab (rows of 6). */
async function typeRow(answers) {
  for (const a of answers) {
    if (a) await page.keyboard.type(a);
    await page.keyboard.press('Tab');
  }
}

test('predict dL/dx, keyboard only: right and wrong cells marked, a wrong cell explained (en, zh)', async () => {
  let p = await panel();
  assert.deepEqual(p.matrices, ['input', 'output'], 'the answers (dL/dx, counts and the argmax indices) are hidden while practising');
  assert.equal(p.verdicts.length, 36);
  await page.locator('pool-grad').locator('[data-practice=grid] input').first().focus();
  await typeRow(['0', '0', '0', '0', '0', '0']);
  // row 1: 1/9 as a fraction, 0.111 as a decimal (within ±0.0005), and a wrong 0.5 at x[1, 4]
  await typeRow(['1/9', '0', '0', '0.111', '0.5', '0']);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('pool-grad').shadowRoot.querySelector('.practice-score').textContent !== '');
  p = await panel();
  const expected = [...new Array(10).fill('right'), 'wrong', 'right', ...new Array(24).fill('blank')];
  assert.deepEqual(p.verdicts, expected);
  assert.equal(p.score, '11 of 36 right, 24 left blank.');
  // back to the wrong cell with the arrow keys: up from x[2, 4]
  await page.keyboard.press('ArrowUp'); // from x[2, 0] (focus after Tab) to x[1, 0]
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  p = await panel();
  assert.match(p.active, /^x\[1, 4\], your answer ✗$/);
  assert.ok(p.note.includes('x[1, 4]: you wrote 0.5; the right value is 0.1111.'), p.note);
  assert.ok(p.note.includes('y[0, 2] (argmax here)') && p.note.includes('x[1, 4]: dL/dx = 0.1111 = 1/9'), p.note);
  await page.screenshot({ path: screenshotPath('practice-en') });

  // fixed: type the fraction over the wrong answer, check again with Enter
  await page.keyboard.press('Control+A');
  await page.keyboard.type('1/9');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('pool-grad').shadowRoot.querySelector('.practice-score').textContent.startsWith('12 of 36'));

  // Chinese: the language switch with the keyboard; the marks and the note follow
  await page.locator('pool-grad').locator('[data-action=lang]').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('pool-grad').shadowRoot.querySelector('.practice-score').textContent.includes('答对'));
  p = await panel();
  assert.equal(p.score, '36 个中答对 12 个，24 个未填。');
  await page.locator('pool-grad').locator('[data-practice=grid] input').nth(12).focus(); // x[2, 0]: blank, right value 0
  p = await panel();
  assert.ok(p.note.includes('x[2, 0]：未填，正确值是 0。'), p.note);
  await page.screenshot({ path: screenshotPath('practice-zh') });
  // axe-core on the checked practice grid (it looks into the shadow root): no serious violation
  await page.addScriptTag({ path: join(repo, 'node_modules/axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(' ')}`));
  assert.deepEqual(violations, []);
  assert.deepEqual(page.errors, []);
});

test('predict the position matrix P with stride 1: x[4, 1] wins 4 windows', async () => {
  await page.goto(`${server.origin}/?lang=en&chapter=3&practice=positions`);
  await waitReady(page);
  await page.locator('pool-grad').locator('[data-practice=grid] input').nth(24).focus(); // x[4, 0]
  await typeRow(['0', '3', '0', '1', '0', '1']); // P's row 4 is 0 4 0 1 0 1
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('pool-grad').shadowRoot.querySelector('.practice-score').textContent !== '');
  const p0 = await panel();
  assert.deepEqual(p0.verdicts.slice(24, 30), ['right', 'wrong', 'right', 'right', 'right', 'right']);
  await page.locator('pool-grad').locator('[data-practice=grid] input').nth(25).focus();
  const p = await panel();
  assert.ok(p.note.includes('x[4, 1]: you wrote 3; the right value is 4.'), p.note);
  assert.ok(p.note.includes('x[4, 1] is the argmax of 4 windows, so P = 4.'), p.note);
  assert.deepEqual(page.errors, []);
});
