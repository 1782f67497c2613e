// The page in real Chromium: the displayed numbers are PyTorch's (cases_seed.json).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, readMatrix, compareDisplayed, fixture, screenshotPath } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

async function ready(page) {
  await page.waitForSelector('[data-ready="true"]', { state: 'attached' });
}

test('default view shows the tutorial example: max, kernel 2, stride 2, dL/dx = PyTorch', async () => {
  const page = await openPage(browser, `${server.origin}/`);
  await ready(page);
  const f = fixture('max', 2);
  compareDisplayed(assert, 'output', await readMatrix(page, 'output'), f.output, 3);
  compareDisplayed(assert, 'grad-input', await readMatrix(page, 'grad-input'), f.grad_input, 6);
  await page.screenshot({ path: screenshotPath('page-default'), fullPage: true });
  assert.deepEqual(page.errors, []);
});

test('stride 1 and avg show PyTorch dL/dx', async () => {
  const page = await openPage(browser, `${server.origin}/`);
  await ready(page);
  for (const [op, stride] of [['max', 1], ['avg', 1], ['avg', 2]]) {
    await page.selectOption('select[name=op]', op);
    await page.selectOption('select[name=stride]', String(stride));
    const f = fixture(op, stride);
    const side = f.output_shape[2];
    compareDisplayed(assert, `${op} s${stride} output`, await readMatrix(page, 'output'), f.output, side);
    compareDisplayed(assert, `${op} s${stride} grad-input`, await readMatrix(page, 'grad-input'), f.grad_input, 6);
  }
  assert.deepEqual(page.errors, []);
});
