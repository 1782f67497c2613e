// harness.mjs: shared helpers for the real-Chromium tests (not a test file itself).
// The server, the site build and the Chromium launcher live in scripts/lib/ (shared with the
// benchmarks and the package tests); this file re-exports them under the tests' names:
// - ensureSite(): builds the static site into dist/site when it is missing or older than web/.
// - startServer({csp, extra, root}): a static server for dist/site on a free localhost port.
// - launchBrowser(): the system Chromium ($CHROMIUM_PATH or /usr/bin/chromium).
// - readMatrix(page, name): the numbers a grid displays, read from the page like a user would.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturePath } from '../../scripts/lib/fixture-cases.mjs';
import { repo } from '../../scripts/lib/site.mjs';

export { repo, siteDir, ensureSite, startSiteServer as startServer } from '../../scripts/lib/site.mjs';
export { launchBrowser } from '../../scripts/lib/browser.mjs';
export const artifacts = join(repo, 'test-artifacts');

// the seed cases as written (NaN as "nan"), from where every test finds the fixtures
export const fixtures = JSON.parse(readFileSync(fixturePath('cases_seed.json'), 'utf8'));
export function fixture(op, stride) {
  const c = fixtures.find((f) => f.op === `${op}_pool2d` && f.args.stride === stride);
  if (!c) throw new Error(`no fixture for ${op} stride ${stride}`);
  return c;
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

/**
 * Waits until `page` (a page or a frame) has painted its pending work: two animation frames, so
 * that what the first frame's callbacks changed is laid out and drawn. A condition, not a delay.
 */
export function painted(page) {
  return page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(() => ok()))));
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
