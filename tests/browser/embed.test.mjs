// The embed page inside a host iframe, and two independent widgets on one page (authors.html).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, openPage, screenshotPath, waitReady, setState, getState, checkAgainstLibrary, readMatrix,
} from './harness.mjs';

let server, browser;
// A host page on the same server, like a blog post: it records every height message.
const HOST = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>host</title></head><body>
<h1>A tutorial</h1><iframe id="f" title="poolgrad" style="width:900px;border:0;height:100px"
src="/embed.html?op=max&kernel-size=2&stride=1&show=controls,input,grad-input,counts&lang=en"></iframe>
<script src="/host.js"></script></body></html>`;
const HOST_JS = `window.heights = [];
addEventListener('message', (e) => {
  if (e.data?.type !== 'poolgrad:height') return;
  const f = document.getElementById('f');
  if (e.source !== f.contentWindow) return;
  window.heights.push(e.data.height);
  f.style.height = e.data.height + 'px';
});`;

before(async () => {
  server = await startServer({ extra: { '/host.html': { type: 'text/html', body: HOST }, '/host.js': { type: 'text/javascript', body: HOST_JS } } });
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.close(); });

test('embed.html in a host iframe reports its height on every size change', async () => {
  const page = await openPage(browser, `${server.origin}/host.html`);
  const frame = page.frameLocator('#f');
  await frame.locator('pool-grad').waitFor({ state: 'attached' });
  const inner = page.frame({ url: /embed\.html/ });
  await waitReady(inner);
  await page.waitForFunction(() => window.heights.length > 0);
  const check = async (label) => {
    await page.waitForFunction(async () => {
      const f = document.getElementById('f');
      const h = f.contentDocument.body.getBoundingClientRect().height;
      return window.heights.length && Math.abs(window.heights.at(-1) - Math.ceil(h)) <= 1;
    }, null, { timeout: 5000 }).catch(() => {});
    const r = await page.evaluate(() => {
      const f = document.getElementById('f');
      return { reported: window.heights.at(-1), content: Math.ceil(f.contentDocument.body.getBoundingClientRect().height), iframe: f.getBoundingClientRect().height };
    });
    assert.ok(r.reported > 150, `${label}: a real height (${r.reported})`);
    assert.ok(Math.abs(r.reported - r.content) <= 1, `${label}: reported ${r.reported}, content ${r.content}`);
    assert.ok(Math.abs(r.iframe - r.reported) <= 1, `${label}: the host sized the iframe to ${r.iframe}`);
    return r.reported;
  };
  const h1 = await check('initial');
  // only the element: no page header or export panel
  assert.equal(await inner.evaluate(() => document.querySelectorAll('header, .export, h1').length), 0);
  await page.screenshot({ path: screenshotPath('08-embed-in-host'), fullPage: true });
  // a bigger input makes it taller, and the host hears about it
  const r = await setState(inner, { size: [10, 10], input: null, preset: '' });
  assert.equal(r.type, 'poolgrad-change', r.message);
  const h2 = await check('after growing');
  assert.ok(h2 > h1, `taller after 10x10 (${h1} -> ${h2})`);
  await checkAgainstLibrary(assert, inner, { ...(await getState(inner)), input: await inner.evaluate(() => Array.from(document.querySelector('pool-grad').results.input.data)) }, 'embed 10x10');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('embed.html respects `show` and a hostile URL', async () => {
  const page = await openPage(browser, `${server.origin}/embed.html?show=grad-input&op=%3Cimg%20src%3Dx%20onerror%3Dwindow.__xss%3D1%3E`);
  await waitReady(page);
  const shown = await page.evaluate(() => {
    const root = document.querySelector('pool-grad').shadowRoot;
    return ['input', 'output', 'grad-output', 'grad-input', 'counts'].filter((m) => {
      const g = root.querySelector(`[data-matrix="${m}"]`);
      return g && g.getClientRects().length > 0;
    });
  });
  assert.deepEqual(shown, ['grad-input']);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.ok(await page.locator('#url-message').isVisible());
  await page.context().close();
});

test('two widgets on one page with different attributes stay independent', async () => {
  const page = await openPage(browser, `${server.origin}/authors.html`);
  await waitReady(page, '#first');
  await waitReady(page, '#second');
  const a = await getState(page, '#first');
  const b = await getState(page, '#second');
  assert.equal(a.op, 'max');
  assert.equal(b.op, 'avg');
  assert.deepEqual(a.stride, [1]);
  assert.equal(b.lang, 'en'); // the live examples follow the page's language (issue 9: authors.html's switch)
  await checkAgainstLibrary(assert, page, a, '#first', '#first');
  const bInput = await page.evaluate(() => Array.from(document.querySelector('#second').results.input.data));
  await checkAgainstLibrary(assert, page, { ...b, input: bInput }, '#second', '#second');
  // changing one leaves the other alone
  const beforeB = await readMatrix(page, 'grad-input', '#second');
  const r = await setState(page, { kernelSize: [3], padding: [1] }, '#first');
  assert.equal(r.type, 'poolgrad-change', r.message);
  await checkAgainstLibrary(assert, page, await getState(page, '#first'), '#first changed', '#first');
  assert.deepEqual(await readMatrix(page, 'grad-input', '#second'), beforeB);
  assert.deepEqual(await getState(page, '#second'), b);
  // their languages differ inside each shadow root
  assert.equal((await setState(page, { lang: 'zh' }, '#second')).type, 'poolgrad-change');
  const texts = await page.evaluate(() => ['#first', '#second'].map((s) => document.querySelector(s).shadowRoot.textContent));
  assert.match(texts[1], /[\u4e00-\u9fff]/);
  assert.ok(!/梯度/.test(texts[0]), 'the English widget has no Chinese');
  await page.screenshot({ path: screenshotPath('09-authors-two-widgets'), fullPage: true });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
