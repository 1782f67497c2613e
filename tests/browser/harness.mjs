// harness.mjs: shared helpers for the real-Chromium tests (not a test file itself).
// - ensureSite(): builds the static site into dist/site when it is missing or older than web/.
// - startServer({csp}): a tiny static server for dist/site on a free localhost port.
// - launchBrowser(): the system Chromium through playwright-core (never downloads a browser).
// - readMatrix(page, name): the numbers a grid displays, read from the page like a user would.
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('../../', import.meta.url));
export const siteDir = join(repo, 'dist', 'site');
export const artifacts = join(repo, 'test-artifacts');

export const fixtures = JSON.parse(
  readFileSync(join(repo, '..', 'shared', 'fixtures', 'pytorch', 'cases_seed.json'), 'utf8'));
export function fixture(op, stride) {
  const c = fixtures.find((f) => f.op === `${op}_pool2d` && f.args.stride === stride);
  if (!c) throw new Error(`no fixture for ${op} stride ${stride}`);
  return c;
}

function newestMtime(dir) {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}

let built = false;
export async function ensureSite() {
  if (built) return;
  if (!existsSync(join(repo, 'web/lib/wasm/poolgrad-core.mjs'))) {
    execFileSync('bash', ['scripts/build.sh', 'wasm'], { cwd: repo, stdio: 'inherit' });
  }
  const index = join(siteDir, 'index.html');
  if (!existsSync(index) || statSync(index).mtimeMs < newestMtime(join(repo, 'web'))) {
    const { build } = await import('vite');
    await build({ configFile: join(repo, 'web/site/vite.config.js'), logLevel: 'warn' });
  }
  built = true;
}

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json',
  '.wasm': 'application/wasm', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.ico': 'image/x-icon',
};

/**
 * Serves dist/site (plus `extra` paths -> {type, body}) on 127.0.0.1:<free port>; `root`: another
 * built site instead (the speed bench's --compare).
 */
export async function startServer({ csp, extra = {}, root: dir } = {}) {
  if (!dir) await ensureSite();
  const root = resolve(dir ?? siteDir);
  // (room for a URL as long as browsers take: a query of up to 2 MiB)
  const server = createServer({ maxHeaderSize: 8 << 20 }, async (req, res) => {
    // A path that starts with "//" (//host.example/index.html) is a path on this server, not a
    // host: the site is served under it as at the root (the hardening test loads the page there).
    const target = req.url.startsWith('//') ? req.url.replace(/^\/\/[^/?#]*/, '') || '/' : req.url;
    const url = new URL(target, 'http://x');
    let path = decodeURIComponent(url.pathname);
    const headers = {};
    if (csp) headers['Content-Security-Policy'] = csp;
    if (extra[path]) {
      res.writeHead(200, { ...headers, 'Content-Type': extra[path].type });
      res.end(extra[path].body);
      return;
    }
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(root, path));
    if (!file.startsWith(root + sep)) { res.writeHead(403); res.end(); return; }
    try {
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404); res.end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, close: () => new Promise((ok) => server.close(ok)) };
}

/**
 * Debian's Chromium, headless. Every new window also starts Chromium's own omnibox popup UI (a
 * WebUI renderer) beside the page, which on this 2-core machine takes up to a third of a first
 * render's CPU; a visitor's browser has it running long before, so it is turned off.
 */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup'],
  });
}

/** Opens a page that fails the test on any uncaught page error or console error. */
export async function openPage(browser, url, { colorScheme = 'light', locale = 'en-US', viewport } = {}) {
  const context = await browser.newContext({ colorScheme, locale, viewport: viewport ?? { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  if (url) await page.goto(url);
  return page;
}

export function screenshotPath(name) {
  mkdirSync(artifacts, { recursive: true });
  return join(artifacts, `${name}.png`);
}

/** Parses a displayed number: "0.04", "−0.5", "1/9", "NaN", "-inf", "∞". */
export function parseDisplayed(text) {
  const t = text.trim().replace(/\u2212/g, '-').replace(/\s+/g, '');
  if (/^-?(inf|infinity|∞)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(t)) return NaN;
  const frac = /^(-?\d+)\/(\d+)$/.exec(t);
  if (frac) return Number(frac[1]) / Number(frac[2]);
  return Number(t);
}

/** The value of one unit in the last digit shown: "0.04" -> 0.01, "3.4e38" -> 1e37, "12" -> 1. */
export function lastDigitUnit(text) {
  const m = /^-?\d*(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(text.trim().replace(/\u2212/g, '-'));
  if (!m) return 0;
  return 10 ** (Number(m[2] ?? 0) - (m[1]?.length ?? 0));
}

/**
 * Reads grid `name` (data-matrix) from the first <pool-grad> (or `host` selector), looking into
 * its open shadow root; falls back to the light DOM. Returns {cells:[{row,col,slice,text}]}.
 */
export function readMatrix(page, name, host = 'pool-grad') {
  return page.evaluate(([name, host]) => {
    const el = document.querySelector(host);
    const root = el?.shadowRoot ?? document;
    const grid = root.querySelector(`[data-matrix="${name}"]`);
    if (!grid) return null;
    const cells = [...grid.querySelectorAll('[data-row][data-col]')].map((c) => ({
      row: Number(c.dataset.row), col: Number(c.dataset.col),
      slice: c.dataset.slice === undefined ? 0 : Number(c.dataset.slice),
      text: (c.querySelector('[data-value]') ?? c).textContent,
    }));
    return { cells };
  }, [name, host]);
}

/** Asserts the displayed matrix equals `expected` (row-major) within the displayed precision. */
export function compareDisplayed(assert, label, matrix, expected, cols, rowsPerSlice = Infinity) {
  assert.ok(matrix, `${label}: grid not found`);
  assert.equal(matrix.cells.length, expected.length, `${label}: ${matrix.cells.length} cells shown, ${expected.length} expected`);
  for (const c of matrix.cells) {
    const rows = Number.isFinite(rowsPerSlice) ? rowsPerSlice : 0;
    const i = (c.slice * rows + c.row) * cols + c.col;
    const want = expected[i];
    const got = parseDisplayed(c.text);
    // the display may round to a few significant digits (12345.678 -> 12350): allow half a unit
    // of the last decimal shown, or 5e-4 relative (4 significant digits), whichever is larger
    const tol = Math.max(0.5 * lastDigitUnit(c.text), 5e-4 * Math.abs(want)) + 1e-7;
    if (Number.isNaN(want)) { assert.ok(Number.isNaN(got), `${label}[${c.slice},${c.row},${c.col}]: shows "${c.text}", expected NaN`); continue; }
    assert.ok(Math.abs(got - want) <= tol || got === want,
      `${label}[${c.slice},${c.row},${c.col}]: shows "${c.text}", expected ${want}`);
  }
}

// ---- the element ----

/** Waits until the <pool-grad> `host` has finished a complete render. */
export async function waitReady(page, host = 'pool-grad') {
  await page.waitForFunction((host) => {
    const el = document.querySelector(host);
    if (!el) return false;
    return el.dataset.ready === 'true' || !!el.shadowRoot?.querySelector('[data-ready="true"]');
  }, host, { timeout: 15000 });
}

/**
 * Patches the element's state and waits for the render it causes. Returns the event type
 * ('poolgrad-change' or 'poolgrad-error') and its detail's param/message.
 */
export function setState(page, patch, host = 'pool-grad') {
  return page.evaluate(async ([patch, host]) => {
    const el = document.querySelector(host);
    const got = new Promise((resolve) => {
      const on = (e) => {
        el.removeEventListener('poolgrad-change', on);
        el.removeEventListener('poolgrad-error', on);
        resolve({ type: e.type, param: e.detail?.param ?? null, message: e.detail?.message ?? null });
      };
      el.addEventListener('poolgrad-change', on);
      el.addEventListener('poolgrad-error', on);
    });
    el.state = { ...el.state, ...patch };
    return Promise.race([got, new Promise((r) => setTimeout(() => r({ type: 'timeout' }), 5000))]);
  }, [patch, host]);
}

/** The element's state as plain JSON (NaN/Infinity in `input` as strings). */
export function getState(page, host = 'pool-grad') {
  return page.evaluate((host) => JSON.parse(JSON.stringify(document.querySelector(host).state,
    (k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))), host);
}

// ---- expected numbers from the library, in Node ----

let libPromise;
function lib() {
  libPromise ??= import('../../web/lib/index.js').then(async (m) => { await m.init(); return m; });
  return libPromise;
}

const TUTORIAL = [1, 3, 4, 2, 5, 2, 4, 2, 5, 6, 8, 3, 5, 3, 7, 8, 9, 3, 8, 4, 3, 6, 0, 2, 7, 10, 3, 6, 3, 5, 4, 7, 2, 4, 7, 8];

/**
 * What the library computes for a one-plane state (batch = channels = 1; loss = mean, sum, or
 * the custom dL/dy in gradValues):
 * {output, gradOutput, gradInput, counts} as flat arrays and `cols` = last axis of each.
 */
export async function expectedFor(s) {
  const L = await lib();
  const dims = s.dims ?? 2;
  const size = s.size ?? [6, 6];
  const input = Float32Array.from(s.input ?? TUTORIAL);
  const shape = [1, 1, ...size];
  const opts = { kernelSize: s.kernelSize ?? [2], stride: s.stride ?? s.kernelSize ?? [2], padding: s.padding ?? [0], ceilMode: s.ceilMode ?? false };
  const op = s.op ?? 'max';
  if (op === 'max') opts.dilation = s.dilation ?? [1];
  else { opts.countIncludePad = s.countIncludePad ?? true; opts.divisorOverride = s.divisorOverride ?? null; }
  const name = `${op}Pool${dims}d`;
  const x = { data: input, shape };
  let output, gradInput, g;
  const upstream = (out) => ({
    data: s.grad === 'custom' ? Float32Array.from(s.gradValues) : new Float32Array(out.data.length).fill(s.grad === 'sum' ? 1 : 1 / out.data.length),
    shape: out.shape,
  });
  if (op === 'max') {
    const r = L[name](x, opts);
    output = r.output;
    g = upstream(output);
    gradInput = L[`${name}Backward`](g, r.indices, shape, opts);
  } else {
    output = L[name](x, opts);
    g = upstream(output);
    gradInput = L[`${name}Backward`](g, shape, opts);
  }
  const counts = L.routingCounts(x, { ...opts, op: name });
  const oshape = output.shape.slice(2);
  return {
    output: Array.from(output.data), outputShape: oshape,
    gradOutput: Array.from(g.data),
    gradInput: Array.from(gradInput.data), counts: Array.from(counts.counts.data), inputShape: size,
  };
}

/** Compares every shown matrix of `host` with expectedFor(state). */
export async function checkAgainstLibrary(assert, page, s, label, host = 'pool-grad') {
  const e = await expectedFor(s);
  const cols = (shape) => shape[shape.length - 1];
  const rows = (shape) => (shape.length === 3 ? shape[1] : Infinity);
  compareDisplayed(assert, `${label} output`, await readMatrix(page, 'output', host), e.output, cols(e.outputShape), rows(e.outputShape));
  compareDisplayed(assert, `${label} grad-input`, await readMatrix(page, 'grad-input', host), e.gradInput, cols(e.inputShape), rows(e.inputShape));
  const counts = await readMatrix(page, 'counts', host);
  if (counts) compareDisplayed(assert, `${label} counts`, counts, e.counts, cols(e.inputShape), rows(e.inputShape));
  return e;
}
