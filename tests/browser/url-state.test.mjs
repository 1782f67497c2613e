// URL state: every parameter and the input round-trip exactly through the URL; a malformed or
// hostile URL falls back to defaults with a visible message and runs nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, openPage, readMatrix, compareDisplayed, fixture, screenshotPath,
  waitReady, setState, getState, checkAgainstLibrary, painted,
} from './harness.mjs';
import { parseState, serializeState } from '../../web/widget/state.js';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

const json = (s) => JSON.parse(JSON.stringify(s, (k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)));

test('URL -> state -> URL round-trips exactly, and the URL follows every change', async () => {
  const input = [0.1, -2.5, 1e-7, 3.4028234663852886e38, 7, -0, 0.333333343267, 12345.678, 2, 4, 6, 8, 1, 3, 5, 7, 9, 11, 0.5, 0.25];
  const q = new URLSearchParams({
    op: 'avg', dims: '2', 'kernel-size': '2x3', stride: '1x2', padding: '1', dilation: '1', 'ceil-mode': 'true',
    'count-include-pad': 'false', 'divisor-override': 'none', size: '4x5', channels: '1', batch: '1', plane: '0',
    input: input.join(','), grad: 'sum', seed: '42', preset: '', lang: 'en', theme: 'light', show: 'controls,input,output,grad-input,counts',
  });
  const page = await openPage(browser, `${server.origin}/?${q}`);
  await waitReady(page);
  const expected = parseState(q);
  assert.deepEqual(expected.errors, []);
  assert.deepEqual(await getState(page), json(expected.state), 'the element shows the URL\'s state');
  // The page may rewrite the URL into canonical form, but it must mean the same state.
  const search = await page.evaluate(() => location.search);
  const again = parseState(new URLSearchParams(search));
  assert.deepEqual(again.errors, []);
  assert.deepEqual(json(again.state), json(expected.state));
  assert.equal(serializeState(again.state).toString(), serializeState(expected.state).toString());
  assert.ok(!(await page.locator('#url-message').isVisible()), 'no message for a valid URL');

  // a change updates the URL (replaceState: no new history entry), and the new URL restores it
  const before = await page.evaluate(() => history.length);
  const r = await setState(page, { op: 'max', kernelSize: [3], stride: [1], padding: [1], dilation: [2] });
  assert.equal(r.type, 'poolgrad-change', r.message);
  const changed = await getState(page);
  // the page writes the URL in the frame after the change (main.js): wait for that write, not a time
  await page.waitForFunction(() => new URLSearchParams(location.search).get('dilation') === '2');
  const url2 = await page.evaluate(() => location.href);
  assert.equal(await page.evaluate(() => history.length), before, 'replaceState, not pushState');
  assert.deepEqual(json(parseState(new URL(url2).searchParams).state), changed);
  const page2 = await openPage(browser, url2);
  await waitReady(page2);
  assert.deepEqual(await getState(page2), changed, 'the shared URL restores the state');
  await checkAgainstLibrary(assert, page2, changed, 'restored');
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page2.errors, []);
  await page.context().close();
  await page2.context().close();
});

const XSS = [
  '<img src=x onerror="window.__xss=1">',
  '"><svg onload=window.__xss=2>',
  '<script>window.__xss=3</script>',
  'javascript:window.__xss=4',
  "';window.__xss=5;//",
  '{{constructor.constructor("window.__xss=6")()}}',
];

/** Asserts nothing ran and no element came from the payload, in the document and the shadow root. */
async function assertClean(page, label) {
  const r = await page.evaluate(() => {
    const roots = [document];
    for (const el of document.querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
    const bad = [];
    for (const root of roots) {
      for (const el of root.querySelectorAll('img, script:not([src]), iframe, object, embed, svg[onload]')) {
        if (el.tagName === 'SCRIPT' && el.type === 'module' && !el.textContent.trim()) continue;
        bad.push(el.outerHTML.slice(0, 120));
      }
      for (const el of root.querySelectorAll('*')) {
        // (an event handler attribute is on + letters; the element's onnx-* keys have a hyphen)
        for (const a of el.attributes) if (/^on[a-z]+$/i.test(a.name)) bad.push(`${el.tagName} ${a.name}`);
        if (el.tagName === 'A' && /^\s*javascript:/i.test(el.getAttribute('href') ?? '')) bad.push('javascript: link');
      }
    }
    return { xss: window.__xss, bad };
  });
  assert.equal(r.xss, undefined, `${label}: the payload ran`);
  assert.deepEqual(r.bad, [], `${label}: injected elements`);
}

test('a hostile URL runs nothing, injects nothing, and falls back to defaults with a visible message', async () => {
  const q = new URLSearchParams({ op: XSS[0], input: XSS[2], lang: XSS[1], 'kernel-size': XSS[3], theme: XSS[4], preset: XSS[5], show: XSS[0] });
  const page = await openPage(browser, `${server.origin}/?${q}`);
  await waitReady(page);
  // a payload would run from a load or error event: every request of the page has settled first
  const box = page.locator('#url-message');
  await box.waitFor({ state: 'visible' });
  await page.waitForLoadState('networkidle');
  await assertClean(page, 'URL');
  assert.ok(await box.isVisible(), 'a visible message');
  const text = await box.textContent();
  assert.match(text, /op/);
  assert.match(text, /kernel-size/);
  // defaults shown: the tutorial example
  compareDisplayed(assert, 'fallback grad-input', await readMatrix(page, 'grad-input'), fixture('max', 2).grad_input, 6);
  // the URL no longer carries the payload
  const search = decodeURIComponent(await page.evaluate(() => location.search));
  assert.ok(!/<|onerror|javascript:/i.test(search), `URL cleaned: ${search}`);
  await page.screenshot({ path: screenshotPath('07-page-hostile-url'), fullPage: true });
  await page.context().close();
});

test('malformed URLs, and readable URLs with an invalid combination, fall back without breaking the page', async () => {
  const page = await openPage(browser, null);
  for (const query of ['?%E0%A4%A', '?input=1,2,3', '?size=0x0', '?dims=7&plane=99', '?kernel-size=99999999999',
    '?input=' + 'x'.repeat(5000), '?&&&=&==', '?kernel-size=9', '?stride=1&padding=5', '?op=avg&divisor-override=0']) {
    await page.goto(`${server.origin}/${query}`);
    await waitReady(page);
    compareDisplayed(assert, `${query.slice(0, 30)} grad-input`, await readMatrix(page, 'grad-input'), fixture(/stride=1/.test(query) ? 'max' : /avg/.test(query) ? 'avg' : 'max', /stride=1/.test(query) ? 1 : 2).grad_input, 6);
    if (query !== '?&&&=&==') assert.ok(await page.locator('#url-message').isVisible(), `${query.slice(0, 30)}: a visible message`);
    if (query === '?kernel-size=9') {
      await page.screenshot({ path: screenshotPath('06b-page-invalid-url-fallback'), fullPage: false });
      assert.match(await page.locator('#url-message').textContent(), /kernel/i);
    }
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('pasted text with markup is data, never code', async () => {
  const page = await openPage(browser, `${server.origin}/`);
  await waitReady(page);
  // the paste box is among the folded parameters (issue 9, layout): open the fold as a reader does
  await page.locator('pool-grad').locator('details.more > summary').click();
  const field = page.locator('pool-grad').locator('textarea').first();
  for (const payload of XSS) {
    await field.fill(`${payload}\n1 2\n3 4`);
    await field.dispatchEvent('input');
    await field.dispatchEvent('change');
    const apply = page.locator('pool-grad').locator('[data-action="paste"], [data-action="apply-input"]');
    if (await apply.count()) await apply.first().click();
    await field.press('Enter');
    await painted(page);
    await assertClean(page, `paste ${payload}`);
  }
  // a real matrix pasted as a NumPy nested list is taken
  await field.fill('[[1, 2, 3], [4, 5, 6], [7, 8, 9]]');
  await field.dispatchEvent('input');
  await field.dispatchEvent('change');
  const apply = page.locator('pool-grad').locator('[data-action="paste"], [data-action="apply-input"]');
  if (await apply.count()) await apply.first().click();
  await page.waitForFunction(() => document.querySelector('pool-grad').state.size.join('x') === '3x3', null, { timeout: 3000 });
  await assertClean(page, 'after paste');
  await page.context().close();
});

test('both languages: from the browser, switchable, the page shell and the element follow', async () => {
  const page = await openPage(browser, `${server.origin}/`, { locale: 'zh-CN', colorScheme: 'dark' });
  await waitReady(page);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  const zhText = await page.evaluate(() => document.body.innerText + document.querySelector('pool-grad').shadowRoot.textContent);
  assert.match(zhText, /池化/);
  await page.screenshot({ path: screenshotPath('02-page-zh-dark'), fullPage: true });
  await page.selectOption('#lang-select', 'en');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal((await getState(page)).lang, 'en');
  await page.waitForFunction(() => /lang=en/.test(location.search)); // written in the frame after the change
  const enText = await page.evaluate(() => document.querySelector('pool-grad').shadowRoot.textContent);
  assert.ok(!/[\u4e00-\u9fff]{2,}/.test(enText.replace(/中文/g, '')), 'no Chinese left in the English element');
  await page.selectOption('#lang-select', 'zh');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  assert.match(await page.evaluate(() => document.querySelector('pool-grad').shadowRoot.textContent), /梯度/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('both themes: from the system, switchable; page and element change colours', async () => {
  const page = await openPage(browser, `${server.origin}/`, { colorScheme: 'light' });
  await waitReady(page);
  const colours = () => page.evaluate(() => {
    const root = document.querySelector('pool-grad').shadowRoot;
    const top = [...root.children].find((e) => e.tagName !== 'STYLE' && e.tagName !== 'LINK');
    const cs = getComputedStyle(top);
    return { page: getComputedStyle(document.body).backgroundColor, theme: document.documentElement.dataset.theme, widget: `${cs.color} on ${cs.backgroundColor}` };
  });
  const light = await colours();
  assert.equal(light.theme, 'light');
  await page.selectOption('#theme-select', 'dark');
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark' &&
    document.querySelector('pool-grad').state.theme === 'dark');
  const dark = await colours();
  assert.notEqual(dark.page, light.page);
  assert.notEqual(dark.widget, light.widget, 'the element\'s colours follow the theme');
  assert.equal((await getState(page)).theme, 'dark');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
