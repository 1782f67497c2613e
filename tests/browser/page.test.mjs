// The page in real Chromium: the numbers it shows are PyTorch's (fixtures) and the library's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, openPage, readMatrix, compareDisplayed, fixture, screenshotPath,
  waitReady, setState, checkAgainstLibrary, getState,
} from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

/** The fixture's numbers must be on screen: output, dL/dy, dL/dx. */
async function checkFixture(page, op, stride) {
  const f = fixture(op, stride);
  const side = f.output_shape[2];
  compareDisplayed(assert, `${f.id} output`, await readMatrix(page, 'output'), f.output, side);
  compareDisplayed(assert, `${f.id} grad-output`, await readMatrix(page, 'grad-output'), f.grad_output, side);
  compareDisplayed(assert, `${f.id} grad-input`, await readMatrix(page, 'grad-input'), f.grad_input, 6);
}

test('default view: the tutorial 6x6 example, max, kernel 2, stride 2 = PyTorch', async () => {
  const page = await openPage(browser, `${server.origin}/`);
  await waitReady(page);
  await checkFixture(page, 'max', 2);
  const input = await readMatrix(page, 'input');
  compareDisplayed(assert, 'input', input, fixture('max', 2).input, 6);
  await page.screenshot({ path: screenshotPath('01-page-en-light'), fullPage: true });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('stride 1 and avg (the tutorial\'s other cases) = PyTorch', async () => {
  const page = await openPage(browser, `${server.origin}/`);
  await waitReady(page);
  for (const [op, stride] of [['max', 1], ['avg', 1], ['avg', 2], ['max', 2]]) {
    const r = await setState(page, { op, stride: [stride] });
    assert.equal(r.type, 'poolgrad-change', `${op} stride ${stride}: ${r.message}`);
    await checkFixture(page, op, stride);
    if (op === 'avg' && stride === 1) await page.screenshot({ path: screenshotPath('03-page-stride1-avg'), fullPage: true });
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('changing kernel, stride, padding, dilation, ceil_mode, op shows the library\'s numbers', async () => {
  const page = await openPage(browser, `${server.origin}/`);
  await waitReady(page);
  const cases = [
    { op: 'max', kernelSize: [3], stride: [1], padding: [1] },
    { op: 'max', kernelSize: [3], stride: [2], padding: [1], ceilMode: true },
    { op: 'max', kernelSize: [2], stride: [1], padding: [0], dilation: [2] },
    { op: 'avg', kernelSize: [3], stride: [2], padding: [1], countIncludePad: false, dilation: [1] },
    { op: 'avg', kernelSize: [2, 3], stride: [1, 2], padding: [1, 0], countIncludePad: true },
    { op: 'avg', kernelSize: [2], stride: [2], padding: [0], divisorOverride: 3 },
  ];
  for (const c of cases) {
    const r = await setState(page, c);
    assert.equal(r.type, 'poolgrad-change', `${JSON.stringify(c)}: ${r.message}`);
    const s = await getState(page);
    await checkAgainstLibrary(assert, page, s, JSON.stringify(c));
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('3-D: slices show the library\'s numbers', async () => {
  const input = Array.from({ length: 3 * 4 * 4 }, (_, i) => ((i * 7) % 11) - 3);
  const q = new URLSearchParams({ dims: '3', size: '3x4x4', 'kernel-size': '2', stride: '1', op: 'max', input: input.join(','), preset: '' });
  const page = await openPage(browser, `${server.origin}/?${q}`);
  await waitReady(page);
  const s = await getState(page);
  assert.equal(s.dims, 3);
  await checkAgainstLibrary(assert, page, s, '3-D max');
  await page.screenshot({ path: screenshotPath('05-page-3d'), fullPage: true });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('an invalid combination shows the core\'s message by the control and keeps the last valid view', async () => {
  const page = await openPage(browser, `${server.origin}/`);
  await waitReady(page);
  const r = await setState(page, { kernelSize: [9] });
  assert.equal(r.type, 'poolgrad-error');
  assert.match(r.message, /kernel/i);
  const shown = await page.evaluate(() => {
    const root = document.querySelector('pool-grad').shadowRoot;
    return [...root.querySelectorAll('[data-error-for]')].filter((e) => e.textContent.trim() && e.getClientRects().length)
      .map((e) => [e.dataset.errorFor, e.textContent.trim()]);
  });
  assert.ok(shown.some(([p, m]) => /kernel/.test(p) && m.length > 0), `error shown next to a control: ${JSON.stringify(shown)}`);
  await checkFixture(page, 'max', 2); // last valid view kept
  await page.screenshot({ path: screenshotPath('06-page-error'), fullPage: true });
  await page.context().close();
});

test('step-through: play to the end reaches the final gradient; prev/next step; scrub', async () => {
  const page = await openPage(browser, `${server.origin}/?stride=1`);
  await waitReady(page);
  const root = (sel) => page.locator('pool-grad').locator(sel);
  const speed = root('[data-step="speed"]').first();
  const speeds = await speed.locator('option').evaluateAll((os) => os.map((o) => o.value));
  await speed.selectOption(speeds.at(-1)); // the fastest
  const scrub = root('[data-step="scrub"]').first();
  const max = Number(await scrub.getAttribute('max'));
  assert.ok(max > 0, 'scrub has a range');
  await scrub.evaluate((e) => { e.value = '0'; e.dispatchEvent(new Event('input', { bubbles: true })); e.dispatchEvent(new Event('change', { bubbles: true })); });
  await root('[data-step="next"]').first().click();
  assert.equal(Number(await scrub.inputValue()), 1, 'next advances one step');
  await root('[data-step="prev"]').first().click();
  assert.equal(Number(await scrub.inputValue()), 0, 'prev goes back one step');
  await root('[data-step="play"]').first().click();
  await page.waitForFunction(() => {
    const s = document.querySelector('pool-grad').shadowRoot.querySelector('[data-step="scrub"]');
    return Number(s.value) === Number(s.max);
  }, null, { timeout: 30000 });
  compareDisplayed(assert, 'grad-input after play', await readMatrix(page, 'grad-input'), fixture('max', 1).grad_input, 6);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
