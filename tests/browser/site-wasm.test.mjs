// How the built site starts (web/site/wasm-file.js, page-start.js, start.js):
// - it loads the wasm as its own file: its pages' JavaScript carries no inlined wasm, each page
//   preloads the .wasm from its <head>, the glue compiles it streaming from that one request, and
//   the numbers are PyTorch's; the unbundled library the snippets load (dist/site/lib/) and the
//   package keep the single-file module;
// - <head> preloads every chunk the page runs at start (the entry, the page it imports at once,
//   their imports), each marked for eager compilation; KaTeX, loaded later, is neither;
// - a core that cannot load (a CSP without 'wasm-unsafe-eval') is the element's message, not an
//   uncaught error of the page's entry.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, openPage, waitReady, readMatrix, compareDisplayed, fixture, siteDir, repo } from './harness.mjs';

const CSP = "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'";
const WASM_MAGIC_B64 = 'AGFzbQ'; // base64 of "\0asm" followed by the version's first byte (1)

/** The wasm inlined (as a base64 data: URL) in the library's single-file module. */
function inlinedWasm(file) {
  const m = /data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)/.exec(readFileSync(file, 'utf8'));
  return m ? Buffer.from(m[1], 'base64') : null;
}

/** The chunk files a built chunk imports: [static, dynamic]. */
function importsOf(file) {
  const code = readFileSync(join(siteDir, 'assets', file), 'utf8');
  const stat = [...code.matchAll(/(?:from|import)\s*["'`]\.\/([\w.-]+\.js)["'`]/g)].map((m) => m[1]);
  const dyn = [...code.matchAll(/import\(\s*["'`]\.\/([\w.-]+\.js)["'`]\s*\)/g)].map((m) => m[1]);
  return [stat, dyn];
}

let server, browser;
before(async () => { server = await startServer({ csp: CSP }); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

test('the built pages carry no inlined wasm; the .wasm file is the library\'s module, byte for byte', () => {
  const assets = readdirSync(join(siteDir, 'assets'));
  const wasm = assets.filter((f) => f.endsWith('.wasm'));
  assert.equal(wasm.length, 1, `one .wasm in dist/site/assets: ${wasm}`);
  const source = inlinedWasm(join(repo, 'web/lib/wasm/poolgrad-core.mjs'));
  assert.ok(source, 'web/lib/wasm/poolgrad-core.mjs is single-file (the package ships it so)');
  assert.ok(readFileSync(join(siteDir, 'assets', wasm[0])).equals(source), 'the .wasm differs from the inlined module');
  for (const f of assets.filter((a) => a.endsWith('.js'))) {
    assert.ok(!readFileSync(join(siteDir, 'assets', f), 'utf8').includes(WASM_MAGIC_B64), `${f} still inlines the wasm`);
  }
  for (const page of ['index.html', 'embed.html', 'authors.html']) {
    const html = readFileSync(join(siteDir, page), 'utf8');
    assert.match(html, new RegExp(`<link rel="preload" href="\\./assets/${wasm[0].replace('.', '\\.')}" as="fetch" type="application/wasm" crossorigin`), page);
  }
  // the unbundled copy the snippets load (./lib/) stays one self-contained module
  assert.ok(inlinedWasm(join(siteDir, 'lib/wasm/poolgrad-core.mjs'))?.equals(source), 'dist/site/lib/wasm/poolgrad-core.mjs is not the single-file module');
});

test('under the CSP the page fetches the .wasm once (the preload), as application/wasm, and shows PyTorch\'s numbers', async () => {
  const page = await openPage(browser, null);
  const wasm = [];
  const warnings = [];
  page.on('response', (r) => { if (r.url().endsWith('.wasm')) wasm.push({ url: r.url(), type: r.headers()['content-type'] }); });
  page.on('console', (m) => { if (m.type() === 'warning' || m.type() === 'error') warnings.push(m.text()); });
  await page.goto(`${server.origin}/?stride=1`);
  await waitReady(page);
  compareDisplayed(assert, 'grad-input', await readMatrix(page, 'grad-input'), fixture('max', 1).grad_input, 6);
  const fetched = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => e.name.endsWith('.wasm')).map((e) => ({ name: e.name, initiator: e.initiatorType })));
  assert.equal(fetched.length, 1, `one request for the wasm: ${JSON.stringify(fetched)}`);
  assert.equal(fetched[0].initiator, 'link', 'the request is the <link rel=preload>');
  assert.equal(wasm.length, 1, JSON.stringify(wasm));
  assert.equal(wasm[0].type, 'application/wasm');
  // the glue says so when it falls back from streaming compilation; Chromium when a preload is unused
  assert.deepEqual(warnings.filter((w) => /wasm|preload/i.test(w)), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('index.html preloads each chunk the page runs at start, marked for eager compilation; not KaTeX', () => {
  const html = readFileSync(join(siteDir, 'index.html'), 'utf8');
  const head = html.slice(0, html.indexOf('</head>'));
  const entry = /<script type="module"[^>]*src="\.\/assets\/([\w.-]+\.js)"/.exec(head)?.[1];
  assert.ok(entry, 'an entry script in <head>');
  assert.equal((html.match(/<script\b/g) ?? []).length, 1, 'one script element');
  // the entry, what it imports, what it imports dynamically at once (the page), and their imports
  const start = new Set();
  const visit = (f) => { if (start.has(f)) return; start.add(f); importsOf(f)[0].forEach(visit); };
  visit(entry);
  importsOf(entry)[1].forEach(visit);
  assert.ok(start.size >= 3, `the entry and the page it loads: ${[...start]}`);
  const preloaded = new Set([...head.matchAll(/<link rel="modulepreload"[^>]*href="\.\/assets\/([\w.-]+\.js)"/g)].map((m) => m[1]));
  for (const f of start) {
    if (f !== entry) assert.ok(preloaded.has(f), `${f} is not preloaded from <head>`);
    assert.ok(readFileSync(join(siteDir, 'assets', f), 'utf8').startsWith('//# allFunctionsCalledOnLoad\n'), `${f}: no compile hint`);
  }
  const later = readdirSync(join(siteDir, 'assets')).filter((f) => /^katex.*\.js$/.test(f));
  assert.ok(later.length >= 1, 'KaTeX is a chunk of its own');
  for (const f of later) {
    assert.ok(!preloaded.has(f) && !start.has(f), `${f} is loaded at start`);
    assert.ok(!readFileSync(join(siteDir, 'assets', f), 'utf8').startsWith('//#'), `${f} is marked for eager compilation`);
  }
});

test('a core that cannot load (CSP without wasm-unsafe-eval) is shown by the element; the page throws nothing', async () => {
  const strict = await startServer({ csp: "script-src 'self'; object-src 'none'; base-uri 'none'" });
  try {
    const page = await openPage(browser, null);
    const uncaught = [];
    page.on('pageerror', (e) => uncaught.push(String(e)));
    await page.goto(`${strict.origin}/`);
    await page.waitForFunction(() => /wasm-unsafe-eval/.test(document.querySelector('pool-grad')?.shadowRoot?.textContent ?? ''), null, { timeout: 15000 });
    // (the console reports the refused compilation, a CSP violation); no error may escape a script
    assert.deepEqual(uncaught, []);
    assert.equal(await page.evaluate(() => document.querySelector('pool-grad').dataset.ready), undefined);
    await page.context().close();
  } finally {
    await strict.close();
  }
});
