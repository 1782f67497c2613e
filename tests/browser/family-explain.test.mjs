// The pooling family's explanations on the page, in real Chromium: for each op a preset (the
// tutorial's 6x6 input, web/widget/state.js), a focused cell (a click, or the keyboard), its
// explanation's words and numbers, the last backward step's caption and the formulas typeset by
// KaTeX, in English and Chinese; and practice mode keeping the answers until Check. The numbers
// are derived by hand from the tutorial's input:
//   1 3 4 2 5 2 / 4 2 5 6 8 3 / 5 3 7 8 9 3 / 8 4 3 6 0 2 / 7 10 3 6 3 5 / 4 7 2 4 7 8
// One browser, one page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, waitReady, screenshotPath } from './harness.mjs';

let server, browser, page;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await openPage(browser, null);
});
after(async () => { await page?.context().close(); await browser?.close(); await server?.close(); });

const inRoot = (fn, arg) => page.evaluate(([src, a]) => {
  const root = document.querySelector('pool-grad').shadowRoot;
  return new Function('root', 'a', `return (${src})(root, a)`)(root, a); // eslint-disable-line no-new-func
}, [fn.toString(), arg]);
const explainText = () => inRoot((root) => [...root.querySelectorAll('.explain p')].map((p) => p.textContent).join('\n'));
const cell = (matrix, r, c) => `pool-grad >> [data-matrix="${matrix}"] [role=gridcell][data-row="${r}"][data-col="${c}"]`;

/** The formulas' KaTeX text (white space dropped) once drawn. */
async function formulasText() {
  await page.waitForFunction(() => {
    const root = document.querySelector('pool-grad').shadowRoot;
    return root.querySelector('.formulas .katex-html') && !root.querySelector('.formulas[aria-busy]');
  });
  return inRoot((root) => [...root.querySelectorAll('.formulas .katex-html')].map((n) => n.textContent.replace(/[\s\u200b]+/g, '')).join('\n'));
}

/** The caption of the last backward step (Previous from the complete view). */
async function lastStep() {
  await page.click('pool-grad >> [data-step="prev"]');
  const text = await inRoot((root) => root.querySelector('.step-text').textContent);
  await page.keyboard.press('Escape');
  return text;
}

const CASES = [
  {
    preset: 'adaptive-avg-4', lang: 'en', theme: 'light', focus: ['output', 1, 0],
    // y[1, 0]: rows [floor(1·6/4), ceil(2·6/4)) = [1, 3), columns [0, 2): {4, 2, 5, 3} / 4 = 3.5
    explain: [/y\[1, 0\] = \(4 \+ 2 \+ 5 \+ 3\) \/ 4 = 3\.5/, /Output row 1 reads input rows 1 to 2: start floor\(1·6\/4\) = 1, end ceil\(2·6\/4\) = 3/,
      /\[0, 2\), \[1, 3\), \[3, 5\), \[4, 6\)/, /neighbouring windows overlap/, /own size: 2 × 2 = 4/],
    // last window: rows 4-5, columns 4-5, B_c = 4, loss = mean over 16 outputs
    step: /^Backward 16\/16: y\[3, 3\] sends each of its 4 input cells the share 1\/\(16·4\) = 0\.01563\./,
    formulas: ['⌊41⋅6⌋=1', '⌈42⋅6⌉=3'],
  },
  {
    preset: 'adaptive-max', lang: 'zh', theme: 'dark', focus: ['output', 1, 1],
    // y[1, 1]: rows [1, 3), columns [1, 3): {2, 5, 3, 7}, max 7 at x[2, 2]
    explain: [/y\[1, 1\] = 其窗口 \{2, 5, 3, 7\} 中的最大值 = 7；最大值位置是 x\[2, 2\]/, /输出第 1 列读取输入第 1 到 2 列：起点 floor\(1·6\/4\) = 1，终点 ceil\(2·6\/4\) = 3/],
    step: /^反向 16\/16：y\[3, 3\] 把全部梯度 dL\/dy = 1\/16 = 0\.0625 传给最大值位置。/,
    formulas: ['max{2,5,3,7}=7'],
  },
  {
    preset: 'lp', lang: 'en', theme: 'dark', focus: ['output', 0, 0], shot: true,
    // p = 2, y[0, 0] = sqrt(1 + 9 + 16 + 4) = sqrt(30) = 5.477; x[0, 0] gets 1/9 · 1/5.477 = 0.02029
    explain: [/y\[0, 0\] = \(1\^2 \+ 3\^2 \+ 4\^2 \+ 2\^2\)\^\(1\/2\) = 5\.477/, /average pool of x\^p times the kernel size \(4\)/, /1\/9 · 1\^1 \/ 5\.477\^1 = 0\.02029/],
    // the last window {3, 5, 7, 8}: sqrt(9 + 25 + 49 + 64) = sqrt(147) = 12.12
    step: /^Backward 9\/9: y\[2, 2\] sends dL\/dy = 0\.1111 times x\^\(p−1\)\/y\^\(p−1\) to each of its 4 input elements\./,
    formulas: ['=5.477', '=0.02029'],
  },
  {
    preset: 'fractional', lang: 'zh', theme: 'light', focus: ['output', 1, 1], shot: true,
    // samples [0.25 (w), 0.75 (h)], alpha = 4/3: rows 0 1 2 4, columns 0 1 3 4
    explain: [/沿行方向：u = 0\.75，α = \(6 − 2\)\/\(4 − 1\) = 1\.333；start_1 = floor\(\(1 \+ 0\.75\)·1\.333\) − floor\(0\.75·1\.333\) = 2 − 1 = 1/,
      /沿行方向的全部起点（样本 u = 0\.75）：0, 1, 2, 4。/, /沿列方向的全部起点（样本 u = 0\.25）：0, 1, 3, 4。/],
    step: /^反向 16\/16：y\[3, 3\] 把全部梯度 dL\/dy = 1\/16 = 0\.0625 传给最大值位置。/,
    formulas: ['(starti)=(0,1,2,4)', '(starti)=(0,1,3,4)', 'α=4−16−2=1.333'],
  },
  {
    preset: 'unpool', lang: 'en', theme: 'light', focus: ['output', 1, 0],
    // the max pooling's window (0, 0) of x = {1, 3; 4, 2}: 4 at x[1, 0] (flat 6)
    explain: [/Scatter: y\[0, 0\] = 4 is written to z\[1, 0\], because its index is 6: the max pooling took it from x\[1, 0\] = 4\./,
      /Backward \(gather\): dL\/dy at y\[0, 0\] = dL\/dz at z\[1, 0\] = 1\/36/],
    // the last output cell z[5, 5] = x's 8, the max of the window (2, 2) = {7, 5; 7, 8}
    step: /^Backward 36\/36: gather: y\[2, 2\] takes dL\/dz at z\[5, 5\] = 1\/36 = 0\.02778\./,
    formulas: ['z1,0=y0,0=4', 'idx(y0,0)=6', '=0.02778'],
  },
  {
    preset: 'global-avg', lang: 'zh', theme: 'dark', focus: ['output', 0, 0],
    // the whole plane: 169 / 36 = 4.694
    explain: [/全局池化：一个窗口覆盖整个 6 × 6 平面（36 个元素）；每个平面 N_B = 1。/, /\/ 36 = 4\.694/],
    step: /^反向 1\/1：y\[0, 0\] 给窗口内的每个输入元素（共 36 个）一份 1\/36 = 0\.02778。/,
    formulas: ['=4.694', '(Hout,Wout)=(1,1)'],
  },
  {
    preset: 'global-max', lang: 'en', theme: 'light', focus: ['output', 0, 0],
    explain: [/one window covering the whole 6 × 6 plane \(36 elements\)/, /= 10; the argmax is x\[4, 1\]/],
    step: /^Backward 1\/1: y\[0, 0\] sends its whole dL\/dy = 1 to its argmax\. x\[4, 1\]: 0 \+ 1 = 1$/,
    formulas: ['=10'],
  },
];

test('each family op explained: focus, words and numbers, last step, KaTeX formulas (en, zh)', async () => {
  for (const c of CASES) {
    const label = `${c.preset} (${c.lang})`;
    await page.goto(`${server.origin}/?preset=${c.preset}&lang=${c.lang}&theme=${c.theme}`);
    await waitReady(page);
    const [m, r, col] = c.focus;
    await page.click(cell(m, r, col));
    const text = await explainText();
    for (const re of c.explain) assert.match(text, re, `${label}: explanation\n${text}`);
    const f = await formulasText();
    for (const s of c.formulas) assert.ok(f.includes(s), `${label}: formulas hold ${s}\n${f}`);
    // two pictures to look at (all of them with POOLGRAD_SHOTS=1): the suite's time is short
    if (c.shot || process.env.POOLGRAD_SHOTS) await page.screenshot({ path: screenshotPath(`family-explain-${c.preset}-${c.lang}-${c.theme}`), fullPage: true });
    assert.match(await lastStep(), c.step, label);
  }
  assert.deepEqual(page.errors, []);
});

test('keyboard: an input cell of max unpooling says where it is written and what it gathers', async () => {
  await page.goto(`${server.origin}/?preset=unpool&lang=en`);
  await waitReady(page);
  await page.focus(cell('input', 0, 0));
  await page.keyboard.press('ArrowRight'); // y[0, 1] = 6: the max of x's window (0, 1) = {4, 2; 5, 6}, at x[1, 3] (flat 9)
  const text = await explainText();
  assert.match(text, /y\[0, 1\] = 6 \(the max pooling's output\) is written to z\[1, 3\]: its index is 9\./, text);
  assert.match(text, /y\[0, 1\]: dL\/dy = dL\/dz at z\[1, 3\] = 0\.02778/, text);
});

test('practice: the explanation keeps dL/dx until Check', async () => {
  await page.goto(`${server.origin}/?preset=tutorial&practice=grad-input&lang=en`);
  await waitReady(page);
  // x[1, 0] = 4 is the argmax of y[0, 0]: dL/dx = 1/9 = 0.1111, the answer the learner types
  await page.click(cell('input', 1, 0));
  let text = await explainText();
  assert.doesNotMatch(text, /dL\/dx|0\.1111/, text);
  assert.match(text, /after Check/, text);
  await page.click(cell('output', 0, 0));
  text = await explainText();
  assert.match(text, /y\[0, 0\] = max over its window \{1, 3, 4, 2\} = 4/, text);
  assert.doesNotMatch(text, /goes entirely to the argmax/, text);
  await page.click('pool-grad >> [data-action="practice-check"]');
  await page.click(cell('input', 1, 0));
  text = await explainText();
  assert.match(text, /x\[1, 0\]: dL\/dx = 0\.1111 = 1\/9/, text);
  assert.deepEqual(page.errors, []);
});
