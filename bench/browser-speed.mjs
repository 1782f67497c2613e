// browser-speed.mjs: how fast the page is in real Chromium (a benchmark, not a test).
//   node bench/browser-speed.mjs [--runs N]
// 1. First render: time from navigation start to the element's first complete render
//    (data-ready="true" in its shadow root), median over N fresh browser contexts.
//    Target: < 500 ms on localhost.
// 2. Interaction: for a 32x32 input, the median time from a parameter change (setting the
//    element's state: kernel 2 <-> 3, stride, op) to the finished render (the poolgrad-change
//    event), and to the next painted frame. Target: < 16 ms (one frame).
// Serves the built site (dist/site, rebuilt when stale) from a local static server.
import { startServer, launchBrowser } from '../tests/browser/harness.mjs';

const argRuns = process.argv.indexOf('--runs');
const RUNS = argRuns > 0 ? Math.max(1, Number(process.argv[argRuns + 1]) || 20) : 20;
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

const server = await startServer();
const browser = await launchBrowser();
try {
  const first = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(RECORD_READY);
    await page.goto(`${server.origin}/`);
    await page.waitForFunction(() => window.__firstReady !== undefined, null, { timeout: 15000 });
    first.push(await page.evaluate(() => window.__firstReady));
    await context.close();
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
  console.log(`  first complete render after navigation: median ${fmt(f)} (min ${fmt(Math.min(...first))}, p90 ${fmt(pct(first, 0.9))})  target < 500 ms  ${f < 500 ? 'OK' : 'OVER'}`);
  console.log(`  32x32 parameter change -> render done:  median ${fmt(m)} (p90 ${fmt(pct(times.toEvent, 0.9))})  target < 16 ms  ${m < 16 ? 'OK' : 'OVER'}`);
  console.log(`  32x32 parameter change -> next frame:   median ${fmt(median(times.toFrame))} (informative)`);
} finally {
  await browser.close();
  await server.close();
}
