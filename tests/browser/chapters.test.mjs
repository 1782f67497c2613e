// The chapter bar in real Chromium: the tutorial's six chapters in English and Chinese, each with
// the tutorial's numbers on screen (written here by hand from the tutorial's derivation: 6x6
// input, kernel 2; stride 2 has N_B = 9 windows, so 1/9 ≈ 0.1111; stride 1 has N_B = 25, x[4, 1]
// = 10 wins 4 windows and x[2, 4] = 9 wins 4, four cells win 2; average: 1/(9·4) = 1/36 ≈
// 0.02778, and with stride 1 1/(25·4) = 0.01 with coverage 1, 2, 4); the chapter in the URL;
// leaving a chapter and going back; keyboard only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, waitReady, readMatrix, getState, screenshotPath } from './harness.mjs';

let server, browser, page;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await openPage(browser, `${server.origin}/?lang=en`);
  await waitReady(page);
});
after(async () => { await browser?.close(); await server?.close(); });

/** The bar's text and state, read from the shadow root. */
const bar = () => page.evaluate(() => {
  const root = document.querySelector('pool-grad').shadowRoot;
  const nav = root.querySelector('nav.chapters');
  const visible = [...nav.querySelectorAll('.ch-title, .ch-text, [data-action=chapter-back]')].filter((e) => e.getClientRects().length);
  return {
    chapter: nav.dataset.chapter,
    onPath: nav.dataset.onPath,
    current: root.querySelector('[data-chapter][aria-current=step]')?.dataset.chapter ?? null,
    text: visible.map((e) => e.textContent).join(' | '),
  };
});

/** Chapter n chosen with the keyboard: Tab stop of the bar, arrows, Enter. */
async function chapterByKeys(n) {
  await page.locator('pool-grad').locator('.ch-buttons button[tabindex="0"]').focus();
  const at = Number(await page.locator('pool-grad').locator('.ch-buttons button[tabindex="0"]').textContent());
  for (let i = at; i < n; i++) await page.keyboard.press('ArrowRight');
  for (let i = at; i > n; i--) await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => document.querySelector('pool-grad').shadowRoot.querySelector('nav.chapters').dataset.chapter === String(n)
    && location.search.includes(`chapter=${n}`), n);
}

const cell = (m, r, c) => m.cells.find((x) => x.row === r && x.col === c).text;

/** Every chapter's numbers; `words` are the language's own words for the same numbers. */
async function walk(words) {
  let b = await bar();
  assert.deepEqual([b.chapter, b.onPath, b.current], ['1', 'true', '1'], 'the default page opens at chapter 1');
  for (const s of ['N_B = 9', '1/9 ≈ 0.1111', 'y[0, 0] = max {1, 3, 4, 2} = 4', 'x[1, 0]']) assert.ok(b.text.includes(s), `chapter 1 says ${s}: ${b.text}`);

  await chapterByKeys(2);
  b = await bar();
  for (const s of ['P ⊙ 1/N_B = P / 9', 'x[1, 0]', '1/9 ≈ 0.1111', words.ones]) assert.ok(b.text.includes(s), `chapter 2 says ${s}: ${b.text}`);

  await chapterByKeys(3);
  b = await bar();
  for (const s of ['N_B = 25', '1/25 = 0.04', words.counts, 'x[4, 1]', '4/25 = 0.16']) assert.ok(b.text.includes(s), `chapter 3 says ${s}: ${b.text}`);
  const counts = await readMatrix(page, 'counts');
  assert.deepEqual([cell(counts, 4, 1), cell(counts, 2, 4), cell(counts, 1, 4), cell(counts, 2, 2)], ['4', '4', '2', '2'], 'the counts 4 and 2 on screen');
  assert.deepEqual((await getState(page)).stride, [1]);

  await chapterByKeys(4);
  b = await bar();
  for (const s of ['B_c = 4', 'y[0, 0] = (1 + 3 + 4 + 2) / 4 = 2.5', '1/(9·4) = 1/36 ≈ 0.02778']) assert.ok(b.text.includes(s), `chapter 4 says ${s}: ${b.text}`);
  const g4 = await readMatrix(page, 'grad-input');
  assert.equal(cell(g4, 3, 3), '0.02778', 'dL/dx = 1/36 on screen');

  await chapterByKeys(5);
  b = await bar();
  for (const s of ['N_B = 25', words.cover, '1/(25·4) = 0.01', 'x[1, 1]', '4 × 0.01 = 0.04']) assert.ok(b.text.includes(s), `chapter 5 says ${s}: ${b.text}`);
  const g5 = await readMatrix(page, 'grad-input');
  assert.deepEqual([cell(g5, 0, 0), cell(g5, 0, 1), cell(g5, 1, 1)], ['0.01', '0.02', '0.04'], 'coverage 1, 2, 4 times 0.01');

  await chapterByKeys(6);
  b = await bar();
  for (const s of ['y[0, 0]', words.padding]) assert.ok(b.text.includes(s), `chapter 6 (padding) says ${s}: ${b.text}`);
  const sub = async (id) => {
    await page.locator('pool-grad').locator(`[data-chapter-view="${id}"]`).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => document.querySelector('pool-grad').shadowRoot.querySelector(`[data-chapter-view="${id}"]`).getAttribute('aria-pressed') === 'true', id);
    return bar();
  };
  b = await sub('ceil');
  assert.ok(b.text.includes(words.ceil), `ceil_mode: 3×3 instead of 2×2: ${b.text}`);
  b = await sub('ties');
  assert.ok(b.text.includes('y[0, 0] = max {1, 1, 1, 1}') && b.text.includes('x[0, 0]'), `a tie goes to x[0, 0]: ${b.text}`);
  b = await sub('nan');
  assert.ok(b.text.includes('y[1, 1] = max {1, NaN, NaN, 7} = NaN') && b.text.includes('x[3, 2]'), `the last NaN, x[3, 2]: ${b.text}`);
  assert.equal((await getState(page)).preset, 'special');
}

test('the six chapters in English: the tutorial\'s numbers on screen, keyboard only', async () => {
  await walk({
    ones: '9 cells hold 1', counts: 'counts 2 and 4', cover: 'covered by 1, 2 and 4', padding: '4 real cells of 9',
    ceil: '3×3 instead of 2×2',
  });
  await page.screenshot({ path: screenshotPath('chapters-6-en') });
  assert.deepEqual(page.errors, []);
});

test('the six chapters in Chinese', async () => {
  await page.goto(`${server.origin}/?lang=zh`);
  await waitReady(page);
  const b = await bar();
  assert.ok(b.text.includes('第 1 章') && b.text.includes('损失取平均'), b.text);
  await walk({
    ones: '9 个元素为 1', counts: '计数 2 和 4', cover: '被 1、2 和 4 个窗口覆盖', padding: '只有 4 个真实元素（共 9 个位置）',
    ceil: '3×3，而不是 2×2',
  });
  await page.screenshot({ path: screenshotPath('chapters-6-zh') });
  assert.deepEqual(page.errors, []);
});

test('the chapter is URL state; changing a parameter leaves it, says which, and leads back; the preset stays', async () => {
  await page.goto(`${server.origin}/?chapter=3&lang=en`);
  await waitReady(page);
  let b = await bar();
  assert.deepEqual([b.chapter, b.onPath], ['3', 'true'], 'chapter=3 opens chapter 3');
  assert.deepEqual((await getState(page)).stride, [1], 'with its view: stride 1');
  // the page's canonical URL round-trips: reloading it shows the same chapter
  await page.waitForFunction(() => location.search.includes('chapter=3') && location.search.includes('stride=1'));
  const url = await page.evaluate(() => location.href);
  await page.goto(url);
  await waitReady(page);
  b = await bar();
  assert.deepEqual([b.chapter, b.onPath], ['3', 'true'], 'the URL restores chapter 3');

  // a parameter changed by hand (keyboard): the chapter is left, the tutorial preset stays
  await page.locator('pool-grad').locator('#c-kernel-size').focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('3');
  await page.keyboard.press('Tab');
  await page.waitForFunction(() => document.querySelector('pool-grad').shadowRoot.querySelector('nav.chapters').dataset.onPath === 'false');
  b = await bar();
  assert.ok(b.text.includes('You left chapter 3'), b.text);
  assert.ok(b.text.includes('Back to chapter 3'), b.text);
  const s = await getState(page);
  assert.deepEqual([s.kernelSize, s.preset, s.chapter], [[3], 'tutorial', 3], 'the tutorial\'s input keeps its preset');
  assert.equal(await page.locator('pool-grad').locator('#c-preset').inputValue(), 'tutorial');
  await page.waitForFunction(() => location.search.includes('kernel-size=3') && location.search.includes('chapter=3'));

  await page.locator('pool-grad').locator('[data-action=chapter-back]').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('pool-grad').shadowRoot.querySelector('nav.chapters').dataset.onPath === 'true');
  assert.deepEqual((await getState(page)).kernelSize, [2], 'back: the chapter\'s view again');
  assert.deepEqual(page.errors, []);
});
