// Hardening (issue 7, items 9-13), in real Chromium: the worst text of the capped length in the
// URL of index.html and embed.html, in the `input` attribute and in the paste box is answered
// within 2 s with a message naming what is wrong, the last valid view (or the default one) kept;
// a heavy view is refused by the work budget before it is computed; the page served at a path
// beginning with "//" keeps its URL following the view; the PyTorch export of 1-D average pooling
// with divisor_override keeps the override.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  startServer, launchBrowser, openPage, readMatrix, compareDisplayed, fixture, waitReady, setState, getState, repo,
} from './harness.mjs';
import { TEXT_CAP, DEPTH_CAP, BUDGET } from '../../web/widget/limits.js';

// The targets (answer within 2 s, an in-budget render within 1 s, a refusal within 0.5 s) are
// measured and printed with HARDENING_TIMES=1 on a quiet machine; the assertions bound a freeze
// with ten times the target, so that they stay true on a loaded CI machine and still fail on the
// old code (300k spaces took 110 s, 10k-deep nesting overflowed the stack, the heavy view 5-7 s
// before it was refused at all).
const SLACK = 10;
const ANSWER_MS = 2000 * SLACK;
const RENDER_MS = 1000 * SLACK;
const REFUSE_MS = 500 * SLACK;
// HARDENING_TIMES=1 prints the measured times
const note = (text) => { if (process.env.HARDENING_TIMES) console.log(text); };
const num = (x) => x.toLocaleString('en');

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

/** `n` characters: head, `unit` repeated, tail. */
const fill = (head, unit, n, tail = '') => head + unit.repeat(Math.max(0, Math.floor((n - head.length - tail.length) / unit.length))) + tail;

/**
 * The worst values of an input of `n` characters (the cap) that we know, and what the message
 * must say. In a URL a "+" is a space: "1+++...+1" is 1, a run of spaces, 1.
 */
function worst(n, { url = false } = {}) {
  const sp = url ? '+' : ' ';
  const half = Math.floor(n / 2);
  return [
    ['digits then x', fill('', '1', n, 'x'), /a token longer than 64 characters at character 1/],
    ['spaces between two numbers', fill('1', sp, n, '1'), /input has 2 numbers, but size 6x6/],
    ['spaces then x', fill('1', sp, n, 'x'), new RegExp(`not a number at character ${(n).toLocaleString('en')}: "x"`)],
    ['spaces, a semicolon, spaces', fill('1', sp, half) + ';' + fill('', sp, n - half - 2, 'x'), /not a number at character [\d,]+: "x"/],
    ['repeated ,dtype= before ]', fill('[1', ',dtype=', n, ']'), /not a number at character 4: "dtype="/],
    ['deep nesting', fill('', '[', half, '1') + ']'.repeat(half - 1), new RegExp(`nested deeper than ${DEPTH_CAP} levels at character ${DEPTH_CAP + 1}`)],
    ['5000 levels', `${'['.repeat(5000)}1${']'.repeat(5000)}`, new RegExp(`nested deeper than ${DEPTH_CAP} levels`)],
    ['one character over the cap', '1'.repeat(n + 1), new RegExp(`too long: ${(n + 1).toLocaleString('en')} characters, at most ${n.toLocaleString('en')}`)],
  ];
}

/**
 * Clicks "next step" in the element and waits for the step-through to move: the page answers.
 * Then back to the complete view (the end of the scrub bar).
 */
async function clickAnswers(page, host = 'pool-grad') {
  const scrub = page.locator(`${host} [data-step="scrub"]`);
  const before = await scrub.inputValue();
  await page.locator(`${host} [data-step="next"]`).click({ timeout: 10000 });
  await page.waitForFunction(([host, v]) => document.querySelector(host).shadowRoot.querySelector('[data-step="scrub"]').value !== v,
    [host, before], { timeout: 10000 });
  await scrub.fill(await scrub.getAttribute('max'));
}

/**
 * Loads `url` and measures from the start of the navigation until the element has rendered and a
 * click on it was answered. Returns {page, ms}.
 */
async function timeToAnswer(url) {
  const page = await openPage(browser, null);
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'commit', timeout: 30000 });
  await waitReady(page);
  await clickAnswers(page);
  return { page, ms: Date.now() - t0 };
}

/**
 * The page answers within 2 s despite the input: loads `url` and compares with `plain`, the same
 * page with a harmless query of about the same length (the baseline: what the browser itself
 * needs for such a URL -- over a second for a blank page with a query of 400K characters on the
 * development machine -- and what a busy machine stretches; measured once per baseline URL), and
 * asserts that the input adds less than the bound until the element has rendered and a click is
 * answered; the URL message says `re`. A busy machine gets a second try (the quadratic parsers
 * took 18 s to minutes, every time). Returns {page, ms, base, text}.
 */
const baselines = new Map();
async function baseline(plain) {
  if (!baselines.has(plain)) {
    const base = await timeToAnswer(plain);
    await base.page.context().close();
    baselines.set(plain, base.ms);
  }
  return baselines.get(plain);
}
async function loadAndAnswer(url, re, plain, label = url.slice(0, 80)) {
  let failure = '';
  for (let attempt = 0; attempt < 2; attempt++) {
    if (attempt > 0) baselines.delete(plain);
    const base = await baseline(plain);
    const { page, ms } = await timeToAnswer(url);
    const box = page.locator('#url-message');
    assert.ok(await box.isVisible(), `${label}: a message`);
    const text = await box.textContent();
    assert.match(text, re, label);
    note(`${label}: ${ms} ms (baseline ${base} ms)`);
    if (ms - base < ANSWER_MS) return { page, ms, base, text };
    failure = `${label}: answered after ${ms} ms, ${base} ms without the input`;
    await page.context().close();
  }
  assert.fail(failure);
}

/** The default view (the tutorial, stride 2) is on screen. */
async function showsDefault(page, label) {
  compareDisplayed(assert, `${label} grad-input`, await readMatrix(page, 'grad-input'), fixture('max', 2).grad_input, 6);
}

for (const file of ['index.html', 'embed.html']) {
  test(`${file}: the worst input= of the capped length is answered within 2 s with a message, over the default view`, async () => {
    // embed.html reads its URL with the same url-state.js: three of the inputs show it is wired alike
    const inputs = worst(TEXT_CAP.value, { url: true })
      .filter(([name]) => file === 'index.html' || ['spaces then x', '5000 levels', 'one character over the cap'].includes(name));
    for (const [name, value, re] of inputs) {
      // "+" and the brackets are left as they are, so the URL is as long as the value
      const q = `input=${value.replace(/[^0-9+[\],=a-z;x.]/g, encodeURIComponent)}&lang=en`;
      // the baseline: a harmless query (an unknown key) as long as the longest input's
      const plain = `${server.origin}/${file}?lang=en&pad=${'a'.repeat(TEXT_CAP.value)}`;
      const { page } = await loadAndAnswer(`${server.origin}/${file}?${q}`, re, plain, name);
      await showsDefault(page, `${file} ${name}`);
      assert.deepEqual(page.errors, [], name);
      await page.context().close();
    }
  });
}

test('index.html: nesting at the cap is read (the numbers shown), over it a message', async () => {
  const values = Array.from({ length: 36 }, (_, i) => (i * 7) % 11);
  const at = `${'['.repeat(DEPTH_CAP)}${values.join(',')}${']'.repeat(DEPTH_CAP)}`;
  const page = await openPage(browser, `${server.origin}/?input=${at}&preset=&lang=en`);
  await waitReady(page);
  assert.ok(!(await page.locator('#url-message').isVisible()), 'no message at the cap');
  assert.deepEqual((await getState(page)).input, values);
  const over = `${'['.repeat(DEPTH_CAP + 1)}${values.join(',')}${']'.repeat(DEPTH_CAP + 1)}`;
  const r = await loadAndAnswer(`${server.origin}/?input=${over}&lang=en`, /nested deeper than 5 levels at character 6/, `${server.origin}/?lang=en`);
  await r.page.context().close();
  await page.context().close();
});

test('the input attribute: the worst values are answered within 2 s, the state getter never throws', async () => {
  const page = await openPage(browser, `${server.origin}/embed.html?lang=en`);
  await waitReady(page);
  for (const [name, value, re] of worst(TEXT_CAP.value)) {
    const r = await page.evaluate(async ([value]) => {
      const t0 = performance.now();
      const el = document.createElement('pool-grad');
      el.setAttribute('lang', 'en');
      el.setAttribute('input', value);
      let early;
      try { early = el.state.op; } catch (e) { early = `threw ${e}`; }
      document.body.append(el);
      await Promise.race([el.ready, new Promise((ok) => setTimeout(ok, 5000))]);
      const ready = el.dataset.ready === 'true';
      const message = el.shadowRoot.querySelector('[data-error-for="input"]')?.textContent ?? '';
      let state;
      try { state = el.state; } catch (e) { state = `threw ${e}`; }
      // a later change of the attribute: the same message, the view kept
      const before = el.shadowRoot.querySelector('[data-matrix="input"]').textContent;
      el.setAttribute('input', `${value} `);
      await new Promise((ok) => setTimeout(ok, 0));
      const after = el.shadowRoot.querySelector('[data-matrix="input"]').textContent;
      const ms = performance.now() - t0;
      el.remove();
      return { early, ready, message, op: state?.op, input: state?.input ?? null, kept: before === after, ms };
    }, [value]);
    assert.equal(r.early, 'max', `${name}: the state getter before connection`);
    assert.ok(r.ready, `${name}: rendered`);
    assert.match(r.message, re, name);
    assert.equal(r.op, 'max', `${name}: the state getter`);
    assert.equal(r.input, null, `${name}: the default input`);
    assert.ok(r.kept, `${name}: the view kept`);
    assert.ok(r.ms < ANSWER_MS, `${name}: ${r.ms.toFixed(0)} ms`);
    note(`attribute ${name}: ${r.ms.toFixed(0)} ms`);
  }
  await clickAnswers(page);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the paste box: the worst 1 MiB is answered within 2 s with a message, the view kept', async () => {
  const page = await openPage(browser, `${server.origin}/?lang=en&stride=1`);
  await waitReady(page);
  const shown = await readMatrix(page, 'grad-input');
  const cases = [
    ...worst(TEXT_CAP.paste).filter(([name]) => name !== 'spaces between two numbers'),
    ['100k spaces between two numbers', fill('1', ' ', 100_000, '1'), null],
    ['many numbers', fill('', '1 ', TEXT_CAP.paste), new RegExp(`more than ${num(BUDGET.elements)} numbers`)],
  ];
  for (const [name, value, re] of cases) {
    // the text is put in the box as a paste leaves it, and laid out (the browser's own work on a
    // textarea of 1 MiB, with or without the widget: up to seconds for many short lines); the time
    // counts from the click on "use pasted values" to the message, and then a click answered
    const r = await page.evaluate(([value]) => new Promise((ok) => {
      const el = document.querySelector('pool-grad');
      const root = el.shadowRoot;
      const box = root.querySelector('#c-paste');
      box.value = value;
      void box.offsetHeight;
      let t0 = 0;
      const done = (type) => ok({ type, ms: performance.now() - t0, message: root.querySelector('[data-error-for="input"]').textContent });
      el.addEventListener('poolgrad-error', () => done('error'), { once: true });
      el.addEventListener('poolgrad-change', () => done('change'), { once: true });
      t0 = performance.now();
      root.querySelector('[data-action="paste"]').click();
    }), [value]);
    const t1 = Date.now();
    await clickAnswers(page);
    const ms = r.ms + (Date.now() - t1);
    assert.ok(ms < ANSWER_MS, `${name}: answered after ${ms.toFixed(0)} ms (the message after ${r.ms.toFixed(0)} ms)`);
    note(`paste ${name}: message after ${r.ms.toFixed(0)} ms, answered after ${ms.toFixed(0)} ms`);
    if (name.startsWith('100k')) {
      // two numbers are a valid paste (a 1-D input of 2): it renders, quickly
      assert.equal(r.type, 'change', name);
      await setState(page, { dims: 2, size: [6, 6], input: null, preset: 'tutorial', stride: [1], kernelSize: [2] });
      continue;
    }
    assert.equal(r.type, 'error', name);
    assert.match(r.message, /^Could not read the pasted matrix: /, name);
    assert.match(r.message, re, name);
    assert.deepEqual(await readMatrix(page, 'grad-input'), shown, `${name}: the view kept`);
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the work budget: a heavy view is refused before it is computed, with a message; the in-budget worst renders fast', async () => {
  // the reviewer's view: 16 x 16 planes of 64x64, kernel 32, stride 1 (1.1e9 window steps a pass)
  const heavy = 'op=avg&size=64x64&channels=16&batch=16&kernel-size=32&stride=1&padding=16&lang=en';
  const { page } = await loadAndAnswer(`${server.origin}/?${heavy}`, new RegExp(`1,048,576 input numbers .* at most ${num(BUDGET.elements)}`), `${server.origin}/?lang=en`);
  await showsDefault(page, 'heavy view');
  // a control changed as a user does it; the time counts in the page from the change to the
  // element's event and the frame after it (so the layout of the new numbers is included)
  const frame = () => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0))));
  const control = async (key, value) => {
    await frame(); // the previous render is painted
    return page.evaluate(([key, value]) => new Promise((resolve) => {
      const el = document.querySelector('pool-grad');
      let t0 = 0;
      const done = (e) => requestAnimationFrame(() => setTimeout(() => resolve({
        type: e.type, param: e.detail.param, message: e.detail.message ?? '', ms: Math.round(performance.now() - t0),
      }), 0));
      el.addEventListener('poolgrad-error', done, { once: true });
      el.addEventListener('poolgrad-change', done, { once: true });
      const input = el.shadowRoot.querySelector(`#c-${key}`);
      if (input.type === 'checkbox') input.checked = value === 'true';
      else input.value = value;
      t0 = performance.now();
      input.dispatchEvent(new Event('change'));
    }), [key, value]);
  };
  // the most work a view may ask for: one 64x64 plane, kernel 45, stride 1 (8.3e6 window steps a
  // pass): it renders, and every change renders, fast
  // (the pointer is moved off the element: with the compact layout of issue 9 its last position, the
  // step buttons, lies over the big input, and a hovered cell would preview its windows)
  await page.mouse.move(0, 0);
  const big = await setState(page, { op: 'avg', size: [64, 64], kernelSize: [45], stride: [1], padding: [22], preset: '', input: null });
  assert.equal(big.type, 'poolgrad-change', big.message);
  for (const [key, value] of [['ceil-mode', 'true'], ['op', 'max'], ['stride', '2'], ['stride', '1']]) {
    const r = await control(key, value);
    assert.equal(r.type, 'poolgrad-change', `${key}=${value}: ${r.message}`);
    assert.ok(r.ms < RENDER_MS, `${key}=${value}: rendered after ${r.ms} ms`);
    note(`in-budget worst view, ${key}=${value}: ${r.ms} ms`);
  }
  // from there, each heavier change is refused fast by its control, and the view is kept
  const shown = await readMatrix(page, 'output');
  const kernel = await control('kernel-size', '54'); // 55x55 windows of 54x54: 8.8e6 steps
  assert.equal(kernel.type, 'poolgrad-error');
  assert.equal(kernel.param, 'kernel-size');
  assert.match(kernel.message, /8,820,900 window steps per pass .* at most 8,388,608/);
  assert.ok(kernel.ms < REFUSE_MS, `refused after ${kernel.ms} ms`);
  note(`kernel-size 54 refused after ${kernel.ms} ms`);
  assert.match(await page.locator('pool-grad [data-error-for="kernel-size"]').textContent(), /8,820,900 window steps/);
  // (the controls keep a refused value, and the next change starts from them: back to kernel 45)
  assert.equal((await control('kernel-size', '45')).type, 'poolgrad-change');
  const channels = await control('channels', '16');
  assert.equal(channels.type, 'poolgrad-error');
  assert.equal(channels.param, 'channels');
  assert.match(channels.message, new RegExp(`65,536 input numbers .* at most ${num(BUDGET.elements)}`));
  assert.ok(channels.ms < REFUSE_MS, `refused after ${channels.ms} ms`);
  note(`channels 16 refused after ${channels.ms} ms`);
  // back to one channel, then a larger output plane
  assert.equal((await control('channels', '1')).type, 'poolgrad-change');
  const even = await control('kernel-size', '44'); // a 65x65 output: more cells than a matrix draws
  assert.equal(even.type, 'poolgrad-error');
  assert.match(even.message, /the output would be 65×65 = 4,225 cells per plane; the widget draws at most 4,096/);
  assert.deepEqual(await readMatrix(page, 'output'), shown, 'the view kept');
  assert.equal((await getState(page)).channels, 1);
  await clickAnswers(page);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('served at //host.example/index.html the URL keeps following the view (same-origin)', async () => {
  const page = await openPage(browser, `${server.origin}//host.example/index.html?stride=1&lang=en`);
  await waitReady(page);
  for (const [patch, want] of [[{ stride: [2] }, /stride=2/], [{ op: 'avg' }, /op=avg/], [{ kernelSize: [3], stride: [1] }, /kernel-size=3/]]) {
    const r = await setState(page, patch);
    assert.equal(r.type, 'poolgrad-change', r.message);
    await page.waitForFunction((re) => new RegExp(re).test(location.search), want.source, { timeout: ANSWER_MS });
  }
  const url = new URL(await page.evaluate(() => location.href));
  assert.equal(url.origin, server.origin);
  assert.equal(url.pathname, '//host.example/index.html');
  // the link to share is this page too
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  await page.click('[data-action="copy-link"]');
  const status = await page.locator('#export-status').textContent();
  const shared = status.startsWith('http') ? status : await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(new URL(shared).origin, server.origin, shared);
  assert.equal(new URL(shared).pathname, '//host.example/index.html');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('PyTorch export: 1-D average pooling with divisor_override keeps the override (PyTorch\'s numbers)', async () => {
  // PyTorch's avg_pool2d with kernel (1, 3), padding (0, 1), ceil_mode and divisor_override 6: each
  // row of H is a 1-D pooling with kernel 3, padding 1, ceil_mode, divisor 6 (the last window,
  // which would start in the right padding, is dropped)
  const cases = JSON.parse(readFileSync(join(repo, '..', 'shared', 'fixtures', 'pytorch', 'cases_public.json'), 'utf8'));
  const f = cases.find((c) => c.id === 'avg2-20261126-0066');
  assert.deepEqual(f.args, { kernel_size: [1, 3], stride: null, padding: [0, 1], ceil_mode: true, count_include_pad: true, divisor_override: 6 });
  const W = f.input_shape[3];
  const OW = f.output_shape[3];
  const row = { input: f.input.slice(0, W), output: f.output.slice(0, OW), gradOutput: f.grad_output.slice(0, OW), gradInput: f.grad_input.slice(0, W) };
  const page = await openPage(browser, `${server.origin}/?lang=en`);
  await waitReady(page);
  const r = await setState(page, {
    op: 'avg', dims: 1, size: [W], kernelSize: [3], stride: [3], padding: [1], ceilMode: true, countIncludePad: true,
    divisorOverride: 6, input: row.input, grad: 'custom', gradValues: row.gradOutput, preset: '',
  });
  assert.equal(r.type, 'poolgrad-change', r.message);
  compareDisplayed(assert, 'output', await readMatrix(page, 'output'), row.output, OW);
  compareDisplayed(assert, 'grad-input', await readMatrix(page, 'grad-input'), row.gradInput, W);
  await page.waitForFunction(() => /divisor_override/.test(document.querySelector('#pytorch-code').textContent), null, { timeout: ANSWER_MS });
  const py = await page.locator('#pytorch-code').textContent();
  // the same call as the fixture's, on the (1, L) plane of the 1-D input
  assert.ok(py.includes([
    'y = F.avg_pool2d(x.unsqueeze(-2), kernel_size=(1, 3), stride=(1, 3), padding=(0, 1),',
    '                 ceil_mode=True, count_include_pad=True, divisor_override=6).squeeze(-2)',
  ].join('\n')), py);
  assert.ok(!/avg_pool1d\(/.test(py), py);
  assert.ok(py.includes('x = torch.tensor([[[-1.443, -0.881, 0.18, -0.244, 1.48]]], dtype=torch.float32, requires_grad=True)'), py);
  assert.ok(py.includes('g = torch.tensor([[[0.62, 0.7]]], dtype=torch.float32)'), py);
  assert.match(py, /loss = \(y \* g\)\.sum\(\)/);
  // without an override, avg_pool1d as before
  await setState(page, { divisorOverride: null });
  await page.waitForFunction(() => /F\.avg_pool1d\(x, kernel_size=3, stride=3, padding=1,/.test(document.querySelector('#pytorch-code').textContent), null, { timeout: ANSWER_MS });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
