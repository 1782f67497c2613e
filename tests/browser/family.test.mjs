// The pooling family on the page, in real Chromium: each op opened by its URL (the fixture's input
// and a custom upstream gradient), its numbers read from the element's `results` (exact) and from
// the cells shown (rounded), compared with a PyTorch case of that op
// (../shared/fixtures/pytorch/cases_public.json); the controls show only the op's parameters; the
// PyTorch program calls the op. One browser, one page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, openPage, readMatrix, compareDisplayed, waitReady, screenshotPath, setState, repo } from './harness.mjs';

const dir = process.env.POOLGRAD_FIXTURES ?? join(repo, '..', 'shared', 'fixtures', 'pytorch');
const CASES = JSON.parse(readFileSync(join(dir, 'cases_public.json'), 'utf8'));
const byId = (id) => {
  const c = CASES.find((x) => x.id === id);
  if (!c) throw new Error(`no fixture ${id}`);
  return c;
};
const num = (v) => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v);
const list = (a) => a.map(String).join(',');
const plane = (flat, p, n) => flat.slice(p * n, (p + 1) * n).map(num);

// the pooling parameters each op's controls show (ops.js), in the panel's order
const SHOWN = {
  'adaptive-avg': ['output-size'],
  'adaptive-max': ['output-size'],
  lp: ['norm-type', 'kernel-size', 'stride', 'ceil-mode'],
  'fractional-max': ['output-size', 'kernel-size', 'output-ratio', 'samples', 'sample-seed'],
  'max-unpool': ['kernel-size', 'stride', 'padding'],
  'global-avg': [],
  'global-max': [],
};
const POOLING_KEYS = ['output-size', 'norm-type', 'kernel-size', 'stride', 'padding', 'dilation', 'ceil-mode', 'count-include-pad',
  'divisor-override', 'output-ratio', 'samples', 'sample-seed'];

/**
 * One view per op: {op, id, query, plane, expect: {input?, output, gradInput, indices?}, call}:
 * the URL query (besides op, lang, grad), the plane shown, the PyTorch numbers of that plane.
 */
function views() {
  const out = [];
  {
    const c = byId('aavg2-20261126-0013'); // 9x10 -> 4x8: windows of 2 and 3 rows/columns
    out.push({ op: 'adaptive-avg', c, query: `size=9x10&output-size=4x8&input=${list(c.input)}`, call: 'F.adaptive_avg_pool2d(x, output_size=(4, 8))' });
  }
  {
    const c = byId('amax2-20261126-0011'); // 6x9 -> 6x4
    out.push({ op: 'adaptive-max', c, query: `size=6x9&output-size=6x4&input=${list(c.input)}`, indices: c.indices, call: 'F.adaptive_max_pool2d(x, output_size=(6, 4), return_indices=True)' });
  }
  {
    const c = byId('lp2-20261126-0012'); // p = 2, kernel 3x1, stride 1x2 on 8x3
    out.push({ op: 'lp', c, query: `size=8x3&norm-type=2&kernel-size=3x1&stride=1x2&input=${list(c.input)}`, call: 'F.lp_pool2d(x, norm_type=2., kernel_size=(3, 1), stride=(1, 2), ceil_mode=False)' });
  }
  {
    const c = byId('frac2-20261126-0019'); // unbatched (1, 8, 13), kernel 3, output 3x7, PyTorch's samples
    out.push({
      op: 'fractional-max', c, query: `size=8x13&kernel-size=3&output-size=3x7&samples=${list(c.random_samples)}&input=${list(c.input)}`,
      indices: c.indices, call: `_random_samples=u)`,
    });
  }
  {
    // max unpooling: the widget unpools a max pooling of its input x. An x whose max pooling
    // (kernel 3x2, stride 3x2, padding 1x0: windows that do not overlap) gives exactly the
    // case's input and indices: each value at its index, everything else below all of them.
    const c = byId('unpool2-20261126-0004');
    const x = new Array(7 * 6).fill(-100);
    c.unpool_indices.forEach((k, i) => { x[k] = c.input[i]; });
    out.push({
      op: 'max-unpool', c, query: `size=7x6&kernel-size=3x2&stride=3x2&padding=1x0&input=${list(x)}`,
      input: c.input, indices: c.unpool_indices, call: 'z = F.max_unpool2d(y, idx, kernel_size=(3, 2), stride=(3, 2), padding=(1, 0), output_size=x.shape[-2:])',
    });
  }
  {
    const c = byId('aavg1-20261126-0018'); // global average = adaptive to 1: (1, 3, 11), the plane of channel 1
    out.push({ op: 'global-avg', c, query: `dims=1&size=11&channels=3&plane=1&input=${list(c.input)}`, plane: 1, call: 'F.adaptive_avg_pool1d(x, output_size=1)' });
  }
  {
    const c = byId('amax1-20261126-0017'); // global max: (1, 2, 13), the plane of channel 1
    out.push({ op: 'global-max', c, query: `dims=1&size=13&channels=2&plane=1&input=${list(c.input)}`, plane: 1, indices: c.indices, call: 'F.adaptive_max_pool1d(x, output_size=1, return_indices=True)' });
  }
  return out;
}

let server, browser, page;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await openPage(browser, null);
});
after(async () => { await page?.context().close(); await browser?.close(); await server?.close(); });

/**
 * Max-type outputs equal as float32 (the fixtures' decimals read back to them), averages and
 * gradients within the fixtures' float32 tolerance (relative 1e-5, absolute 1e-6).
 */
function close(label, got, want, exact = false) {
  assert.equal(got.length, want.length, `${label}: ${got.length} numbers, expected ${want.length}`);
  for (let i = 0; i < want.length; i++) {
    const w = Math.fround(want[i]);
    const ok = got[i] === w || (Number.isNaN(got[i]) && Number.isNaN(w)) ||
      (!exact && Math.abs(got[i] - w) <= 1e-6 + 1e-5 * Math.abs(w));
    assert.ok(ok, `${label}[${i}]: ${got[i]}, expected ${want[i]}`);
  }
}

test('every op of the family on the page = PyTorch (fixtures): output, indices, dL/dx; only its own parameters shown', async () => {
  for (const v of views()) {
    const { c, op } = v;
    const p = v.plane ?? 0;
    const outPlane = c.output_shape.slice(-(c.op.endsWith('1d') ? 1 : 2)).reduce((a, b) => a * b, 1);
    const inPlane = c.input.length / (c.output.length / outPlane);
    const label = `${op} (${c.id})`;
    await page.goto(`${server.origin}/?op=${op}&lang=en&${v.query}&grad=custom&grad-values=${list(c.grad_output)}`);
    await waitReady(page);
    const got = await page.evaluate(() => {
      const el = document.querySelector('pool-grad');
      const root = el.shadowRoot;
      const shown = [...root.querySelectorAll('[id^="c-"]')].filter((n) => !n.closest('.ctl')?.hidden).map((n) => n.id.slice(2));
      const errors = [...root.querySelectorAll('[data-error-for]')].map((n) => n.textContent).filter(Boolean);
      const bar = root.querySelector('nav.chapters')?.textContent ?? '';
      return { results: el.results, state: el.state, shown, errors, bar, code: document.querySelector('#pytorch-code')?.textContent ?? '' };
    });
    assert.deepEqual(got.errors, [], `${label}: no message`);
    // the chapters are about max and average pooling: this op is beyond them, not a chapter left
    assert.match(got.bar, /Beyond the tutorial/, `${label}: the chapter bar`);
    assert.doesNotMatch(got.bar, /You left chapter/, `${label}: the chapter bar`);
    assert.equal(got.state.op, op, label);
    const r = got.results;
    const argmax = ['adaptive-max', 'fractional-max', 'global-max'].includes(op);
    close(`${label} output`, r.output.data, plane(c.output, p, outPlane), argmax);
    if (op === 'max-unpool') {
      // the unpooling's input and indices are the case's; its output is the scatter, dL/dy the gather
      close(`${label} input`, r.input.data, v.input, true);
      assert.deepEqual(r.indices.data, v.indices, `${label}: indices`);
      close(`${label} grad-input`, r.gradInput.data, c.grad_input.map(num));
      compareDisplayed(assert, `${label} grad-input shown`, await readMatrix(page, 'grad-input'), c.grad_input.map(num), r.input.shape.at(-1));
    } else {
      close(`${label} grad-input`, r.gradInput.data, plane(c.grad_input, p, inPlane));
      if (v.indices) assert.deepEqual(r.indices.data, plane(v.indices, p, outPlane), `${label}: indices`);
      compareDisplayed(assert, `${label} grad-input shown`, await readMatrix(page, 'grad-input'), plane(c.grad_input, p, inPlane), r.input.shape.at(-1));
    }
    compareDisplayed(assert, `${label} output shown`, await readMatrix(page, 'output'), r.output.data, r.output.shape.at(-1));
    // the controls: only this op's pooling parameters
    assert.deepEqual(got.shown.filter((k) => POOLING_KEYS.includes(k)), SHOWN[op], `${label}: the parameters shown`);
    assert.ok(got.code.includes(v.call), `${label}: the PyTorch program calls ${v.call}\n${got.code}`);
  }
  assert.deepEqual(page.errors, []);
});

test('the URL keeps a family view: a change in the controls, then the link restores it', async () => {
  await page.goto(`${server.origin}/?preset=fractional&lang=en`);
  await waitReady(page);
  const host = page.locator('pool-grad');
  const changed = page.evaluate(() => new Promise((ok) => document.querySelector('pool-grad').addEventListener('poolgrad-change', ok, { once: true })));
  await host.locator('#c-output-size').fill('3x2');
  await host.locator('#c-output-size').press('Enter');
  await changed;
  // the page writes the URL on the frame after the change
  await page.waitForFunction(() => new URL(location.href).searchParams.get('output-size') === '3x2');
  const url = await page.evaluate(() => location.href);
  const q = new URL(url).searchParams;
  assert.deepEqual([q.get('op'), q.get('output-size'), q.get('samples'), q.get('kernel-size')], ['fractional-max', '3x2', '0.25,0.75', '2']);
  const before = await page.evaluate(() => document.querySelector('pool-grad').results);
  assert.deepEqual(before.output.shape, [3, 2]);
  await page.goto(url);
  await waitReady(page);
  const after = await page.evaluate(() => ({ results: document.querySelector('pool-grad').results, state: document.querySelector('pool-grad').state }));
  assert.deepEqual(after.results.output, before.output, 'the link restores the same numbers');
  assert.deepEqual(after.results.samples, [0.25, 0.75]);
  assert.deepEqual(after.state.outputSize, [3, 2]);
  assert.deepEqual(page.errors, []);
});

test('a bad combination of a family op: the core\'s message (or the widget\'s, for dims) by its control', async () => {
  await page.goto(`${server.origin}/?lang=en`);
  await waitReady(page);
  for (const [patch, key, words] of [
    [{ op: 'lp', normType: 0 }, 'norm-type', /norm_type/],
    [{ op: 'adaptive-avg', outputSize: [0] }, 'output-size', /output_size/],
    [{ op: 'fractional-max', outputSize: [6] }, 'output-size', /output/],
    [{ op: 'fractional-max', samples: [0.5, 1.5] }, 'samples', /random_samples/],
    [{ op: 'fractional-max', dims: 1, size: [6] }, 'dims', /2-D or 3-D/],
  ]) {
    const r = await setState(page, patch);
    assert.deepEqual([r.type, r.param], ['poolgrad-error', key], JSON.stringify(patch));
    const text = await page.evaluate((key) => document.querySelector('pool-grad').shadowRoot.querySelector(`[data-error-for="${key}"]`)?.textContent ?? '', key);
    assert.match(text, words, `${JSON.stringify(patch)}: "${text}"`);
  }
  assert.deepEqual(page.errors, []);
});

test('the family presets open on the tutorial input, in both languages and both themes', async () => {
  const tutorial = [1, 3, 4, 2, 5, 2, 4, 2, 5, 6, 8, 3, 5, 3, 7, 8, 9, 3, 8, 4, 3, 6, 0, 2, 7, 10, 3, 6, 3, 5, 4, 7, 2, 4, 7, 8];
  // hand derivations on the tutorial input: adaptive avg to 2x2 = the means of the 3x3 quarters;
  // global max = its largest element, global avg = its mean
  const quarter = (r0, c0) => {
    let s = 0;
    for (let r = r0; r < r0 + 3; r++) for (let c = c0; c < c0 + 3; c++) s += tutorial[r * 6 + c];
    return s / 9;
  };
  const want = {
    'adaptive-avg-2': [quarter(0, 0), quarter(0, 3), quarter(3, 0), quarter(3, 3)],
    'global-max': [10],
    'global-avg': [tutorial.reduce((a, b) => a + b, 0) / 36],
  };
  const shots = [['adaptive-avg-4', 'en', 'light'], ['unpool', 'zh', 'dark'], ['fractional', 'en', 'dark'], ['lp', 'zh', 'light']];
  await page.goto(`${server.origin}/?lang=en&theme=light`);
  await waitReady(page);
  for (const preset of ['adaptive-avg-2', 'adaptive-avg-4', 'adaptive-max', 'lp', 'fractional', 'unpool', 'global-avg', 'global-max']) {
    const shot = shots.find(([p]) => p === preset);
    const [lang, theme] = shot ? shot.slice(1) : ['en', 'light'];
    // the view's language and theme, then the preset chosen in the controls, as a reader does
    await setState(page, { lang, theme });
    const changed = page.evaluate((preset) => new Promise((ok) => {
      const el = document.querySelector('pool-grad');
      const on = (e) => {
        if (e.detail.state.preset !== preset) return;
        el.removeEventListener('poolgrad-change', on);
        ok(e.detail.results);
      };
      el.addEventListener('poolgrad-change', on);
    }), preset);
    await page.locator('pool-grad').locator('#c-preset').selectOption(preset);
    const r = await changed;
    if (preset === 'unpool') assert.deepEqual(r.source.data, tutorial, `${preset}: x is the tutorial's input`);
    else assert.deepEqual(r.input.data, tutorial, `${preset}: the tutorial's input`);
    if (want[preset]) close(`${preset} output`, r.output.data, want[preset]);
    if (shot) await page.locator('pool-grad').screenshot({ path: screenshotPath(`family-${preset}-${lang}-${theme}`) });
  }
  // fractional pooling without samples: the ones drawn from sample-seed, shown in the samples field
  await page.goto(`${server.origin}/?op=fractional-max&sample-seed=3&lang=en`);
  await waitReady(page);
  const drawn = await page.evaluate(() => {
    const el = document.querySelector('pool-grad');
    return { samples: el.results.samples, placeholder: el.shadowRoot.querySelector('#c-samples').placeholder };
  });
  assert.equal(drawn.samples.length, 2);
  assert.ok(drawn.samples.every((u) => u >= 0 && u < 1), String(drawn.samples));
  assert.equal(drawn.placeholder, drawn.samples.join(', '));
  assert.deepEqual(page.errors, []);
});
