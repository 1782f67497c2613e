// Every step of a stride-1 run in real Chromium: the tutorial's 6x6 input, kernel 2, stride 1,
// loss = mean (N_B = 25 windows, dL/dy = 1/25 = 0.04, hand-derived from the tutorial): 25
// forward and 25 backward steps, first and last included; Previous and Next disabled at the ends
// (no wrap); each backward caption carries its numbers; the counts accumulate with the steps.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, waitReady } from './harness.mjs';

let server, browser, page;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await openPage(browser, `${server.origin}/?chapter=3&lang=en`);
  await waitReady(page);
});
after(async () => { await browser?.close(); await server?.close(); });

/** Clicks `button` `times` times; after each click, the caption, the scrub value, both buttons' states and two counts. */
const walk = (button, times) => page.evaluate(([button, times]) => {
  const root = document.querySelector('pool-grad').shadowRoot;
  const q = (s) => root.querySelector(s);
  const count = (r, c) => q(`[data-matrix=counts] [data-row="${r}"][data-col="${c}"]`).textContent;
  const out = [];
  for (let i = 0; i < times; i++) {
    q(`[data-step=${button}]`).click();
    out.push({
      text: q('.step-text').textContent, at: Number(q('[data-step=scrub]').value),
      prev: q('[data-step=prev]').getAttribute('aria-disabled'), next: q('[data-step=next]').getAttribute('aria-disabled'),
      c41: count(4, 1), c24: count(2, 4), c00: count(0, 0),
    });
  }
  return out;
}, [button, times]);

test('stride 1: 25 forward and 25 backward steps, first and last, no wrap, numbers in every caption', async () => {
  const steps = await walk('next', 52); // from the complete view: start, 50 steps, and one more click at the end
  assert.equal(steps[0].text, 'Start: nothing computed yet.');
  assert.deepEqual([steps[0].at, steps[0].prev, steps[0].next], [0, 'true', 'false'], 'Previous disabled at the start');
  for (let k = 1; k <= 25; k++) {
    assert.match(steps[k].text, new RegExp(`^Forward ${k}/25: y\\[\\d, \\d\\] = max \\{[^}]+\\} = \\d+, argmax x\\[\\d, \\d\\]\\.$`), `forward step ${k}`);
    assert.equal(steps[k].c41, '·', 'no counts while computing forward');
  }
  // first window y[0, 0] = max{1, 3, 4, 2} = 4 at x[1, 0]; the last y[4, 4] = max{3, 5, 7, 8} = 8 at x[5, 5]
  assert.equal(steps[1].text, 'Forward 1/25: y[0, 0] = max {1, 3, 4, 2} = 4, argmax x[1, 0].');
  assert.equal(steps[25].text, 'Forward 25/25: y[4, 4] = max {3, 5, 7, 8} = 8, argmax x[5, 5].');
  for (let k = 1; k <= 25; k++) {
    assert.match(steps[25 + k].text, new RegExp(`^Backward ${k}/25: y\\[\\d, \\d\\] sends its whole dL/dy = 1/25 = 0\\.04 to its argmax\\. x\\[\\d, \\d\\]: [\\d.]+ \\+ 0\\.04 = [\\d.]+$`), `backward step ${k}`);
  }
  assert.equal(steps[26].text, 'Backward 1/25: y[0, 0] sends its whole dL/dy = 1/25 = 0.04 to its argmax. x[1, 0]: 0 + 0.04 = 0.04');
  // x[4, 1] = 10 wins y[3, 0], y[3, 1], y[4, 0], y[4, 1]: windows 16, 17, 21, 22 of 25
  assert.equal(steps[25 + 22].text, 'Backward 22/25: y[4, 1] sends its whole dL/dy = 1/25 = 0.04 to its argmax. x[4, 1]: 0.12 + 0.04 = 0.16');
  assert.deepEqual([15, 16, 17, 20, 21, 22].map((k) => steps[25 + k].c41), ['0', '1', '2', '2', '3', '4'], 'x[4, 1]\'s count accumulates');
  // x[2, 4] = 9 wins y[1, 3], y[1, 4], y[2, 3], y[2, 4]: windows 9, 10, 14, 15
  assert.deepEqual([8, 9, 10, 14, 15].map((k) => steps[25 + k].c24), ['0', '1', '2', '3', '4'], 'x[2, 4]\'s count accumulates');
  assert.equal(steps[50].c00, '0', 'x[0, 0] wins no window');
  assert.equal(steps[50].text, 'Backward 25/25: y[4, 4] sends its whole dL/dy = 1/25 = 0.04 to its argmax. x[5, 5]: 0 + 0.04 = 0.04', 'the last backward step is shown');
  assert.deepEqual([steps[50].at, steps[50].prev, steps[50].next], [50, 'false', 'true'], 'Next disabled at the end');
  assert.deepEqual([steps[51].at, steps[51].text], [50, steps[50].text], 'Next at the end does not wrap');
  const back = await walk('prev', 51);
  assert.deepEqual([back[49].at, back[49].prev], [0, 'true'], 'Previous walks back to the start');
  assert.deepEqual([back[50].at, back[50].text], [0, 'Start: nothing computed yet.'], 'Previous at the start stays');
  assert.deepEqual(page.errors, []);
});

test('average pooling, stride 1: each backward step gives its cells 1/(25·4) = 0.01', async () => {
  await page.goto(`${server.origin}/?chapter=5&lang=en`);
  await waitReady(page);
  const steps = await walk('next', 27);
  assert.equal(steps[1].text, 'Forward 1/25: y[0, 0] = (1 + 3 + 4 + 2) / 4 = 2.5.');
  assert.equal(steps[26].text, 'Backward 1/25: y[0, 0] sends each of its 4 input cells the share 1/(25·4) = 0.01. '
    + 'x[0, 0]: 0 + 0.01 = 0.01; x[0, 1]: 0 + 0.01 = 0.01; x[1, 0]: 0 + 0.01 = 0.01; x[1, 1]: 0 + 0.01 = 0.01');
  assert.deepEqual([steps[26].c00, steps[26].c41], ['1', '0'], 'coverage counted with the steps');
  assert.deepEqual(page.errors, []);
});
