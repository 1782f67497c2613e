// browser-speed.mjs: how fast the page is in real Chromium (a benchmark, not a test).
//   node bench/browser-speed.mjs [--runs N] [--compare DIR]
// 1. First render: time from navigation start to the element's first complete render
//    (data-ready="true" in its shadow root), median over N fresh browser contexts.
//    Target: < 500 ms on localhost.
// 2. Interaction: for a 32x32 input, the median time from a parameter change (setting the
//    element's state: kernel 2 <-> 3, stride, op) to the finished render (the poolgrad-change
//    event), and to the next painted frame. Target: < 16 ms (one frame).
// Serves the built site (dist/site, rebuilt when stale) from a local static server.
// --compare DIR: the first render of another built site too (e.g. a copy of dist/site from before
// a change), the two measured alternately, run by run, so that both see the same machine load.
//
// Each run opens a fresh context, that is a new browser window, and headless Chromium starts its
// own UI for a new window as well: the omnibox popup's WebUI renderer (two pages) loads beside the
// page and takes CPU from it, on this 2-core machine up to a third of the first render. A
// visitor's browser has that running long before, so the harness's launchBrowser turns it off and
// the bench measures the page alone.
import { resolve } from 'node:path';
import { launchBrowser } from '../scripts/lib/browser.mjs';
import { readOptions, wholeNumber } from '../scripts/lib/cli.mjs';
import { startSiteServer } from '../scripts/lib/site.mjs';

const USAGE = 'usage: node bench/browser-speed.mjs [--runs N (default 20)] [--compare DIR]';
const { values: options } = readOptions({
  name: 'browser-speed',
  usage: USAGE,
  options: { runs: { type: 'string', default: '20' }, compare: { type: 'string' } },
  check: (v) => (wholeNumber(v.runs) === null ? `--runs must be a whole number >= 1, got "${v.runs}"` : null),
});
const RUNS = wholeNumber(options.runs);
const COMPARE = options.compare;

const median = (a) => { const s = [...a].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const pct = (a, p) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(p * a.length))];
const fmt = (ms) => `${ms.toFixed(1)} ms`;

// Records performance.now() (ms since navigation start) when any data-ready="true" appears,
// including inside shadow roots (attachShadow is wrapped to observe each new root).
const RECORD_READY = () => {
  const isReady = (n) => n?.getAttribute?.('data-ready') === 'true';
  const check = (records) => {
    if (window.__firstReady === undefined && records.some((r) => isReady(r.target))) window.__firstReady = performance.now();
  };
  const opts = { attributes: true, subtree: true, attributeFilter: ['data-ready'] };
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, init);
    new MutationObserver(check).observe(root, opts);
    return root;
  };
  new MutationObserver(check).observe(document, opts);
};

async function firstRender(browser, origin) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(RECORD_READY);
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => window.__firstReady !== undefined, null, { timeout: 15000 });
    return await page.evaluate(() => window.__firstReady);
  } finally {
    await context.close();
  }
}

const summary = (t) => `median ${fmt(median(t))} (min ${fmt(Math.min(...t))}, p90 ${fmt(pct(t, 0.9))})`;

const server = await startSiteServer();
const other = COMPARE ? await startSiteServer({ root: resolve(COMPARE) }) : null;
const browser = await launchBrowser();
try {
  const first = [];
  const firstOther = [];
  for (let i = 0; i < RUNS; i++) {
    first.push(await firstRender(browser, server.origin));
    if (other) firstOther.push(await firstRender(browser, other.origin));
  }

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.origin}/?preset=&size=32x32&seed=7&op=max&kernel-size=2&stride=2`);
  await page.waitForFunction(() => document.querySelector('pool-grad')?.shadowRoot?.querySelector('[data-ready="true"]'));
  const times = await page.evaluate(async (runs) => {
    const el = document.querySelector('pool-grad');
    const base = el.state;
    const variants = [
      { kernelSize: [3], stride: [1] }, { kernelSize: [2], stride: [2] }, { op: 'avg', kernelSize: [3], stride: [2] },
      { op: 'max', kernelSize: [4], stride: [1], padding: [1] }, { kernelSize: [2], stride: [1], padding: [0] },
    ];
    const toEvent = [];
    const toFrame = [];
    for (let i = 0; i < runs + 3; i++) {
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const done = new Promise((resolve) => {
        const on = (e) => { el.removeEventListener('poolgrad-change', on); el.removeEventListener('poolgrad-error', on); resolve(e); };
        el.addEventListener('poolgrad-change', on);
        el.addEventListener('poolgrad-error', on);
      });
      const t0 = performance.now();
      el.state = { ...base, ...variants[i % variants.length] };
      const e = await done;
      const t1 = performance.now();
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const t2 = performance.now();
      if (e.type === 'poolgrad-error') throw new Error(`variant ${i % variants.length}: ${e.detail?.message}`);
      if (i >= 3) { toEvent.push(t1 - t0); toFrame.push(t2 - t0); } // 3 warm-up changes
    }
    return { toEvent, toFrame };
  }, RUNS);
  await context.close();

  const f = median(first);
  const m = median(times.toEvent);
  console.log(`poolgrad browser speed (Chromium ${browser.version()}, ${RUNS} runs each)`);
  console.log(`  first complete render after navigation: ${summary(first)}  target < 500 ms  ${f < 500 ? 'OK' : 'OVER'}`);
  if (other) console.log(`    the same, ${COMPARE} (alternating):  ${summary(firstOther)}`);
  console.log(`  32x32 parameter change -> render done:  median ${fmt(m)} (p90 ${fmt(pct(times.toEvent, 0.9))})  target < 16 ms  ${m < 16 ? 'OK' : 'OVER'}`);
  console.log(`  32x32 parameter change -> next frame:   median ${fmt(median(times.toFrame))} (informative)`);
} finally {
  await browser.close();
  await server.close();
  await other?.close();
}
