// Accessibility: keyboard navigation of a grid (one tab stop, arrow keys) and axe-core (it sees
// into open shadow roots) with no serious or critical violations, light and dark, en and zh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, openPage, waitReady, setState, repo } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

/** The focused cell inside the element: {matrix, row, col, label} or null. */
const focused = (page) => page.evaluate(() => {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  const grid = a?.closest?.('[data-matrix]');
  if (!a || !a.dataset || a.dataset.row === undefined) return { tag: a?.tagName, matrix: grid?.dataset.matrix ?? null };
  return { matrix: grid?.dataset.matrix, row: Number(a.dataset.row), col: Number(a.dataset.col), label: a.getAttribute('aria-label') ?? a.textContent };
});

test('a grid is one tab stop, arrow keys move between cells, cells are labelled', async () => {
  const page = await openPage(browser, `${server.origin}/?stride=1`);
  await waitReady(page);
  const tabStops = await page.evaluate(() => {
    const root = document.querySelector('pool-grad').shadowRoot;
    return [...root.querySelectorAll('[data-matrix]')].map((g) => [g.dataset.matrix,
      [...g.querySelectorAll('[data-row]')].filter((c) => c.tabIndex >= 0).length + (g.tabIndex >= 0 ? 1 : 0)]);
  });
  for (const [m, n] of tabStops) assert.equal(n, 1, `${m}: ${n} tab stops`);
  // Tab until a cell of grad-input has focus
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  let f = null;
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press('Tab');
    f = await focused(page);
    if (f.matrix === 'grad-input' && f.row !== undefined) break;
  }
  assert.equal(f?.matrix, 'grad-input', 'Tab reaches the dL/dx grid');
  const start = { row: f.row, col: f.col };
  assert.match(f.label, /\d/, 'the cell is labelled with its value');
  await page.keyboard.press('ArrowRight');
  f = await focused(page);
  assert.deepEqual({ row: f.row, col: f.col }, { row: start.row, col: start.col + 1 });
  await page.keyboard.press('ArrowDown');
  f = await focused(page);
  assert.deepEqual({ row: f.row, col: f.col }, { row: start.row + 1, col: start.col + 1 });
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowUp');
  f = await focused(page);
  assert.deepEqual({ row: f.row, col: f.col }, start);
  await page.keyboard.press('End');
  f = await focused(page);
  assert.equal(f.col, 5, 'End goes to the last column');
  // the label names row, column and value (en)
  const label = await page.evaluate(() => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return a.getAttribute('aria-label') || '';
  });
  assert.match(label, /row|行/i);
  assert.match(label, /col|列/i);
  // Tab leaves the grid (one tab stop): the next focus is not a cell of the same grid
  await page.keyboard.press('Tab');
  f = await focused(page);
  assert.ok(!(f.matrix === 'grad-input' && f.row !== undefined), 'Tab leaves the grid');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

async function axe(page) {
  await page.addScriptTag({ path: join(repo, 'node_modules/axe-core/axe.min.js') });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} -> ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(' ')}`);
  });
}

for (const [label, path, opts, patch] of [
  ['page, en, light', '/?lang=en&theme=light', { colorScheme: 'light' }],
  ['page, zh, dark, stride 1 avg', '/?lang=zh&theme=dark&op=avg&stride=1', { colorScheme: 'dark' }],
  ['page, error state', '/', {}, { kernelSize: [9] }],
  ['embed', '/embed.html?stride=1', {}],
  ['authors (two widgets, iframe)', '/authors.html', {}],
]) {
  test(`axe-core: no serious or critical violations (${label})`, async () => {
    const page = await openPage(browser, `${server.origin}${path}`, opts);
    await waitReady(page);
    if (patch) assert.equal((await setState(page, patch)).type, 'poolgrad-error');
    if (path.startsWith('/authors')) {
      // every widget of the page, and the one in the iframe, has rendered
      await waitReady(page, '#second');
      await waitReady(await (await page.waitForSelector('#embed-demo')).contentFrame());
    }
    const v = await axe(page);
    assert.deepEqual(v, [], v.join('\n'));
    // axe looked into the shadow root: it must have seen the cells
    const cells = await page.evaluate(() => window.axe.utils.querySelectorAll(window.axe.utils.getFlattenedTree(document), '[data-row]').length);
    assert.ok(cells > 0, 'axe sees the shadow DOM');
    await page.context().close();
  });
}
