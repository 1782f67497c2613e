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

/** Serves dist/site (plus `extra` paths -> {type, body}) on 127.0.0.1:<free port>. */
export async function startServer({ csp, extra = {} } = {}) {
  await ensureSite();
  const root = resolve(siteDir);
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
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

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run'],
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

/** Decimal places shown in a displayed number (the test's tolerance follows the display). */
export function decimalsShown(text) {
  const m = /\.(\d+)/.exec(text.trim());
  return m ? m[1].length : 0;
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
    const tol = 0.5 * 10 ** -decimalsShown(c.text) + 1e-6 * Math.abs(want);
    if (Number.isNaN(want)) { assert.ok(Number.isNaN(got), `${label}[${c.slice},${c.row},${c.col}]: shows "${c.text}", expected NaN`); continue; }
    assert.ok(Math.abs(got - want) <= tol || got === want,
      `${label}[${c.slice},${c.row},${c.col}]: shows "${c.text}", expected ${want}`);
  }
}
