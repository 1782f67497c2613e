// <pool-grad> as an author's script meets it: a state set before the element is connected, an
// invalid starting state, the preset selection after a change by hand, and the Chinese lead-in
// before the core's (English) messages. Real Chromium on the built site.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, waitReady, setState, getState, readMatrix } from './harness.mjs';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.close(); });

test('a state set before the element is connected wins over its attributes', async () => {
  const page = await openPage(browser, `${server.origin}/index.html`);
  await waitReady(page);
  await page.evaluate(() => {
    const el = document.createElement('pool-grad');
    el.id = 'late';
    el.setAttribute('kernel-size', '2');
    el.setAttribute('stride', '2');
    el.state = { ...document.querySelector('pool-grad').state, kernelSize: [3], stride: [1], preset: '' };
    document.body.append(el);
  });
  await waitReady(page, '#late');
  const state = await getState(page, '#late');
  assert.deepEqual([state.kernelSize, state.stride], [[3], [1]]);
  // 6x6 with kernel 3, stride 1: a 4x4 output
  assert.equal((await readMatrix(page, 'output', '#late')).cells.length, 16);
  assert.deepEqual(page.errors, []);
});

test('an invalid starting state renders a fallback, and says why next to the control', async () => {
  const page = await openPage(browser, `${server.origin}/embed.html?kernel-size=9&size=6x6&lang=en`);
  await waitReady(page);
  const message = await page.evaluate(() =>
    document.querySelector('pool-grad').shadowRoot.querySelector('[data-error-for="kernel-size"]')?.textContent ?? '');
  assert.match(message, /kernel|output size/i, 'the core\'s message is shown by the kernel-size control');
  const state = await getState(page);
  assert.notDeepEqual(state.kernelSize, [9], 'the view shows a valid fallback, not the rejected kernel');
  assert.ok((await readMatrix(page, 'grad-input')).cells.length === 36, 'the input gradient is shown');
});

// issue 9 changed this: the tutorial preset names its input, so a parameter edit keeps it; an
// edited number leaves it
test('a parameter change keeps the tutorial preset; an edited number leaves it: preset "" with the numbers kept', async () => {
  const page = await openPage(browser, `${server.origin}/embed.html?preset=tutorial&lang=en`);
  await waitReady(page);
  assert.equal((await getState(page)).preset, 'tutorial');
  const before = (await readMatrix(page, 'input')).cells.map((c) => c.text);
  const changed = () => page.evaluate(() => new Promise((resolve) =>
    document.querySelector('pool-grad').addEventListener('poolgrad-change', resolve, { once: true })));
  // the stride control, as a reader uses it: type 1, press Enter
  let done = changed();
  const stride = page.locator('pool-grad #c-stride');
  await stride.fill('1');
  await stride.press('Enter');
  await done;
  assert.equal(await page.locator('pool-grad #c-preset').inputValue(), 'tutorial', 'the tutorial\'s input: its preset stays');
  assert.equal((await getState(page)).preset, 'tutorial');
  // an input cell edited with the keyboard: x[0, 0] = 11
  done = changed();
  await page.locator('pool-grad [data-matrix=input] [tabindex="0"]').focus();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('11');
  await page.keyboard.press('Enter');
  await done;
  assert.equal(await page.locator('pool-grad #c-preset').inputValue(), '', 'the preset control says custom');
  const state = await getState(page);
  assert.equal(state.preset, '');
  assert.deepEqual((await readMatrix(page, 'input')).cells.map((c) => c.text), ['11', ...before.slice(1)], 'the other numbers are kept');
});

// (issue 9 changed this: the core's message is translated by its code and parameter, no longer
// shown in English after a lead-in; the exact English text is the title and the event's message)
test('in Chinese the core\'s message is translated and keeps its exact text on hover', async () => {
  const page = await openPage(browser, `${server.origin}/embed.html?lang=zh`, { locale: 'zh-CN' });
  await waitReady(page);
  const result = await setState(page, { kernelSize: [2], padding: [2] });
  assert.equal(result.type, 'poolgrad-error');
  const shown = await page.evaluate(() => {
    const n = document.querySelector('pool-grad').shadowRoot.querySelector('[data-error-for="padding"]');
    return { text: n?.textContent ?? '', title: n?.getAttribute('title') ?? '' };
  });
  assert.ok(shown.text.startsWith('padding 填充 必须至少为 0'), `shown: ${shown.text}`);
  assert.equal(shown.title, result.message, 'the core\'s message unchanged, on hover');
  assert.match(result.message, /padding/);
});
