// The snippets of authors.html work when pasted: read from the page as served (the Vite dev
// server of `npm start`, and the built site of `npm run build` behind a static server that sends
// Access-Control-Allow-Origin: *), each is pasted into a blank page served from ANOTHER origin and
// must render the element; the iframe's height follows its content; the copy buttons put exactly
// the snippet's text on the clipboard; the language switch changes the snippets' `lang`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import { join } from 'node:path';
import { createServer as createViteServer } from 'vite';
import { repo, siteDir, ensureSite, launchBrowser, openPage, screenshotPath, waitReady, setState } from './harness.mjs';
import { serveStatic as serve } from '../../scripts/lib/static-server.mjs';

let browser, dev, built, paste;
const pages = new Map(); // path -> html, served by the paste host

before(async () => {
  await ensureSite();
  built = await serve(siteDir, { headers: { 'Access-Control-Allow-Origin': '*' } });
  const vite = await createViteServer({
    configFile: join(repo, 'web/site/vite.config.js'),
    logLevel: 'warn',
    server: { host: '127.0.0.1', port: 0 },
  });
  await vite.listen();
  dev = { url: `http://127.0.0.1:${vite.httpServer.address().port}`, close: () => vite.close() };
  // the other origin: a blank page per snippet, nothing else
  const server = createHttpServer((req, res) => {
    const body = pages.get(new URL(req.url, 'http://x').pathname);
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(body ?? 'not found');
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  paste = { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((ok) => server.close(ok)) };
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await Promise.all([dev?.close(), built?.close(), paste?.close()]);
});

/** authors.html in `lang`, with the clipboard allowed; its snippets as {id: text}. */
async function openAuthors(origin, lang) {
  const page = await openPage(browser, null, { locale: lang === 'zh' ? 'zh-CN' : 'en-US' });
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  await page.goto(`${origin}/authors.html`);
  await waitReady(page, '#first');
  return page;
}
const snippetsOf = (page) => page.evaluate(() => Object.fromEntries(
  [...document.querySelectorAll('code[data-snippet]')].map((c) => [c.dataset.snippet, c.textContent])));

/**
 * Waits until the iframe `sel` of `page` is as tall as the content of its document `frame` (±1 px).
 * The frame is of another origin: its content's height is read inside it, then the page waits for
 * the iframe to take that height; when the content changed meanwhile, again (a few times at most).
 */
async function frameFitsContent(page, sel, frame) {
  const contentHeight = async () => (await frame.waitForFunction(() => {
    const h = Math.ceil(document.body.getBoundingClientRect().height);
    return h > 150 && h;
  }, null, { timeout: 10000 })).jsonValue();
  const outerHeight = () => page.evaluate((s) => document.querySelector(s).getBoundingClientRect().height, sel);
  let content = await contentHeight();
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await page.waitForFunction(([s, h]) => Math.abs(document.querySelector(s).getBoundingClientRect().height - h) <= 1,
        [sel, content], { timeout: 10000 });
    } catch {
      break;
    }
    const now = await contentHeight();
    if (now === content) return { content, outer: await outerHeight() };
    content = now;
  }
  assert.fail(`the iframe (${await outerHeight()}px) does not follow its content (${content}px)`);
}

for (const [label, server] of [['dev server (npm start)', () => dev], ['built site (npm run build)', () => built]]) {
  test(`authors.html snippets pasted into a page of another origin render (${label})`, async () => {
    const origin = server().url;
    const page = await openAuthors(origin, 'zh');
    const zh = await snippetsOf(page);
    assert.deepEqual(Object.keys(zh), ['element', 'element-dark', 'iframe']);
    for (const [id, text] of Object.entries(zh)) {
      assert.ok(text.includes(id === 'iframe' ? `${origin}/embed.html?` : `src="${origin}/widget/index.js"`), `${id}: the real URL of this host: ${text}`);
      assert.match(text, id === 'iframe' ? /lang=zh/ : /lang="zh"/, `${id}: the page's language`);
    }
    // the live examples show exactly the snippets' attributes
    const live = await page.evaluate(() => ['#first', '#second'].map((s) => {
      const el = document.querySelector(s);
      return `<pool-grad${[...el.attributes].filter((a) => a.name !== 'id' && a.name !== 'data-ready').map((a) => ` ${a.name}="${a.value}"`).join('')}></pool-grad>`;
    }));
    assert.equal(live[0], zh.element.split('\n')[1]);
    assert.equal(live[1], zh['element-dark'].split('\n')[1]);
    const demoSrc = await page.evaluate(() => document.querySelector('#embed-demo').src);
    assert.ok(zh.iframe.includes(`src="${demoSrc.replace(/&/g, '&amp;')}"`), `the live iframe is the snippet's: ${demoSrc}`);
    // copy buttons: exactly the snippet's text, with feedback
    for (const id of Object.keys(zh)) {
      await page.evaluate(() => navigator.clipboard.writeText('(empty)'));
      await page.click(`[data-copy="${id}"]`);
      await page.waitForFunction((id) => document.querySelector(`[data-copy="${id}"]`).nextElementSibling.textContent !== '', id);
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), zh[id], `${id}: the clipboard holds the snippet`);
      assert.equal(await page.evaluate((id) => document.querySelector(`[data-copy="${id}"]`).nextElementSibling.textContent, id), '已复制');
    }
    if (label.startsWith('built')) await page.screenshot({ path: screenshotPath('snippets-authors-zh'), fullPage: true });
    // the language switch rewrites the snippets and the live examples
    await page.selectOption('#lang-select', 'en');
    const en = await snippetsOf(page);
    assert.match(en.element, /lang="en"/);
    assert.match(en.iframe, /lang=en/);
    assert.equal(await page.evaluate(() => document.querySelector('#first').getAttribute('lang')), 'en');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    if (label.startsWith('built')) await page.screenshot({ path: screenshotPath('snippets-authors-en'), fullPage: true });
    assert.deepEqual(page.errors, []);
    await page.context().close();

    // each zh snippet, pasted alone into a blank page of another origin
    for (const [id, text] of Object.entries(zh)) {
      const path = `/${label.startsWith('dev') ? 'dev' : 'built'}-${id}.html`;
      pages.set(path, `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>blog</title></head><body>\n<h1>My tutorial</h1>\n${text}\n<p>The end.</p></body></html>`);
      const host = await openPage(browser, `${paste.url}${path}`);
      if (id === 'iframe') {
        await host.waitForSelector('iframe');
        const frame = host.frames().find((f) => f.url().startsWith(`${origin}/embed.html`));
        assert.ok(frame, 'the iframe loads embed.html');
        await waitReady(frame);
        // only the element, in Chinese
        assert.equal(await frame.evaluate(() => document.querySelectorAll('header, .export, h1').length), 0);
        assert.match(await frame.evaluate(() => document.querySelector('pool-grad').shadowRoot.textContent), /输入梯度/);
        const first = await frameFitsContent(host, 'iframe', frame);
        const r = await setState(frame, { size: [9, 9], input: null, preset: '' });
        assert.equal(r.type, 'poolgrad-change', r.message);
        const grown = await frameFitsContent(host, 'iframe', frame);
        assert.ok(grown.outer > first.outer, `the iframe grew with its content (${first.outer} -> ${grown.outer})`);
      } else {
        await waitReady(host);
        const seen = await host.evaluate(() => {
          const el = document.querySelector('pool-grad');
          return { op: el.state.op, lang: el.state.lang, cells: el.shadowRoot.querySelectorAll('[data-matrix="grad-input"] [role=gridcell]').length, text: el.shadowRoot.textContent };
        });
        assert.equal(seen.op, id === 'element' ? 'max' : 'avg');
        assert.equal(seen.lang, 'zh');
        assert.ok(seen.cells >= 25, `${id}: the input gradient is drawn (${seen.cells} cells)`);
        assert.match(seen.text, /输入梯度/);
      }
      if (label.startsWith('built')) await host.screenshot({ path: screenshotPath(`snippets-pasted-${id}`), fullPage: true });
      assert.deepEqual(host.errors, [], `${id}: no errors on the host page`);
      await host.context().close();
    }
  });
}
