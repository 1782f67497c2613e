// The BUILT site under a strict CSP (script-src 'self' 'wasm-unsafe-eval'): it renders the right
// numbers, and every export works and carries the shown numbers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startServer, launchBrowser, openPage, waitReady, fixture, readMatrix, compareDisplayed, setState, screenshotPath } from './harness.mjs';

// The policy of the issue: no eval, no inline script; wasm compiles ('wasm-unsafe-eval').
const CSP = "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'";
let server, browser, page;
before(async () => {
  server = await startServer({ csp: CSP });
  browser = await launchBrowser();
  page = await openPage(browser, null);
  page.csp = [];
  page.on('console', (m) => { if (/Content.Security.Policy/i.test(m.text())) page.csp.push(m.text()); });
  await page.goto(`${server.origin}/?stride=1`);
  await waitReady(page);
});
after(async () => { await browser?.close(); await server?.close(); });

test('under the CSP the page renders PyTorch\'s numbers with no violation', async () => {
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  compareDisplayed(assert, 'grad-input', await readMatrix(page, 'grad-input'), fixture('max', 1).grad_input, 6);
  assert.deepEqual(page.csp, []);
  assert.deepEqual(page.errors, []);
});

async function exportFile(kind) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`[data-export="${kind}"]`)]);
  const path = await dl.path();
  return { name: dl.suggestedFilename(), body: await readFile(path) };
}

test('CSV, Markdown, LaTeX carry the shown numbers exactly', async () => {
  const f = fixture('max', 1);
  const csv = (await exportFile('csv')).body.toString('utf8').trim().split('\n');
  assert.equal(csv[0], 'matrix,slice,row,col,value');
  const grad = csv.filter((l) => l.startsWith('grad_input,')).map((l) => Number(l.split(',')[4]));
  assert.equal(grad.length, 36);
  grad.forEach((v, i) => assert.equal(Math.fround(v), Math.fround(f.grad_input[i]), `csv grad_input[${i}]`));
  const out = csv.filter((l) => l.startsWith('output,')).map((l) => Number(l.split(',')[4]));
  assert.deepEqual(out, f.output);
  const md = (await exportFile('markdown')).body.toString('utf8');
  assert.ok(md.includes('| **4** | 0 | 0.16 | 0 | 0.04 | 0 | 0.04 |'), md);
  const tex = (await exportFile('latex')).body.toString('utf8');
  assert.match(tex, /\\begin\{bmatrix\}/);
  assert.ok(tex.includes('\\frac{\\partial L}{\\partial x} = \\begin{bmatrix}\n  0 & 0 & 0 & 0 & 0 & 0 \\\\\n  0.04 & 0 & 0.04 & 0.04 & 0.08 & 0 \\\\'), tex);
});

test('PyTorch code reproduces the call: input literal, max_pool2d with every parameter, mean loss, backward', async () => {
  const { name, body } = await exportFile('pytorch');
  assert.equal(name, 'poolgrad.py');
  const py = body.toString('utf8');
  assert.match(py, /x = torch\.tensor\(\[\[\[\[1\., 3\., 4\., 2\., 5\., 2\.\],/);
  assert.match(py, /F\.max_pool2d\(x, kernel_size=\(2, 2\), stride=\(1, 1\), padding=\(0, 0\),\s+dilation=\(1, 1\), ceil_mode=False, return_indices=True\)/);
  assert.match(py, /loss = y\.mean\(\)/);
  assert.match(py, /loss\.backward\(\)/);
  assert.match(py, /print\(x\.grad\)/);
  // the same code is shown on the page
  assert.equal(await page.locator('#pytorch-code').textContent(), py);
  // avg with count_include_pad=False and a divisor
  const r = await setState(page, { op: 'avg', padding: [1], countIncludePad: false, divisorOverride: 3, grad: 'sum' });
  assert.equal(r.type, 'poolgrad-change', r.message);
  const py2 = (await exportFile('pytorch')).body.toString('utf8');
  assert.match(py2, /F\.avg_pool2d\(x, kernel_size=\(2, 2\), stride=\(1, 1\), padding=\(1, 1\),\s+ceil_mode=False, count_include_pad=False, divisor_override=3\)/);
  assert.match(py2, /loss = y\.sum\(\)/);
  await setState(page, { op: 'max', padding: [0], countIncludePad: true, divisorOverride: null, grad: 'mean' });
});

test('SVG and PNG of the matrices (PNG rasterised on a canvas under the CSP)', async () => {
  const svg = await exportFile('svg');
  const text = svg.body.toString('utf8');
  assert.match(text, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(text, />0\.16</);
  assert.ok(!/<script|on\w+=/i.test(text));
  const png = await exportFile('png');
  assert.equal(png.name, 'poolgrad.png');
  assert.deepEqual([...png.body.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], 'a PNG signature');
  const width = png.body.readUInt32BE(16), height = png.body.readUInt32BE(20);
  assert.ok(width > 400 && height > 200, `PNG ${width}x${height}`);
  // look at it: written next to the screenshots
  const { writeFile } = await import('node:fs/promises');
  await writeFile(screenshotPath('10-export'), png.body);
  assert.deepEqual(page.csp, []);
  assert.deepEqual(page.errors, []);
});
