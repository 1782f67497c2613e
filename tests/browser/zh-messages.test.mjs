// Chinese all the way (issue 9, item 9): in the zh UI the core's messages are Chinese (chosen by
// the error's code and parameter, with the parameter's Chinese label), the English original is
// on hover and in poolgrad-error's detail; the exported PyTorch program's comments follow the
// page's language, it has a copy button, and a view with a max window of padding only says that
// PyTorch differs there; no English word is left in the widget's text in zh for every preset.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, screenshotPath, waitReady, setState } from './harness.mjs';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.close(); });

/** Patches the state and returns poolgrad-error's whole detail (or the change). */
function failWith(page, patch) {
  return page.evaluate((patch) => new Promise((resolve) => {
    const el = document.querySelector('pool-grad');
    const on = (e) => {
      el.removeEventListener('poolgrad-error', on);
      el.removeEventListener('poolgrad-change', on);
      resolve({ type: e.type, ...(e.type === 'poolgrad-error' ? e.detail : {}) });
    };
    el.addEventListener('poolgrad-error', on);
    el.addEventListener('poolgrad-change', on);
    el.state = { ...el.state, ...patch };
  }), patch);
}

const errorNode = (page, key) => page.evaluate((key) => {
  const n = document.querySelector('pool-grad').shadowRoot.querySelector(`[data-error-for="${key}"]`);
  return { text: n.textContent, title: n.getAttribute('title'), visible: n.getClientRects().length > 0 };
}, key);

test('a core error in the zh UI: Chinese text with the parameter\'s Chinese label, the English original on hover and in the detail', async () => {
  const page = await openPage(browser, `${server.origin}/?lang=zh&theme=light`, { locale: 'zh-CN' });
  await waitReady(page);
  // a 9x9 window on the 6x6 input: the core rejects it (output_too_small, param kernelSize)
  const d = await failWith(page, { kernelSize: [9] });
  assert.equal(d.type, 'poolgrad-error');
  assert.equal(d.param, 'kernel-size');
  assert.equal(d.code, 'output_too_small');
  assert.match(d.message, /^outputShape: output size -1 is too small along spatial dimension 0: input size 6 with kernel_size\[0\]=9/, 'the original');
  assert.equal(d.text, 'kernel_size 核大小：窗口放不进输入，输出大小小于 1（输入大小 6×6，kernel_size = 9，stride = 2，padding = 0，dilation = 1）');
  const shown = await errorNode(page, 'kernel-size');
  assert.ok(shown.visible);
  assert.equal(shown.text, d.text);
  assert.equal(shown.title, d.message, 'the English original on hover');
  await page.screenshot({ path: screenshotPath('zh-core-error'), fullPage: false });
  // the widget's language switch rewrites the shown message: English shows the core's words, no title
  const toggle = () => page.evaluate(() => document.querySelector('pool-grad').shadowRoot.querySelector('[data-action="lang"]').click());
  await toggle();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.deepEqual(await errorNode(page, 'kernel-size'), { text: d.message, title: '', visible: true });
  await toggle();
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  assert.equal((await errorNode(page, 'kernel-size')).text, d.text);
  // padding above half the kernel, in the dark theme
  await setState(page, { kernelSize: [2], theme: 'dark' });
  const p = await failWith(page, { padding: [2] });
  assert.equal(p.code, 'out_of_range');
  assert.equal(p.text, 'padding 填充 必须至少为 0，且不超过（膨胀后）核大小的一半；当前 padding = 2，kernel_size = 2，dilation = 1');
  assert.equal((await errorNode(page, 'padding')).title, p.message);
  await page.screenshot({ path: screenshotPath('zh-core-error-dark'), fullPage: false });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the PyTorch program: comments in the page\'s language, a copy button, and PyTorch\'s difference at a window of padding only', async () => {
  const page = await openPage(browser, `${server.origin}/?lang=zh&preset=padding-only`, { locale: 'zh-CN' });
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  await waitReady(page);
  const code = () => page.locator('#pytorch-code').textContent();
  await page.waitForFunction(() => document.querySelector('#pytorch-code').textContent.includes('max_pool1d'));
  const zh = await code();
  // the preset's only window covers positions -1 and 2 of a 2-element input: both padding
  assert.match(zh, /^# poolgrad：当前视图对应的 PyTorch 程序（在只含填充的窗口处结果不同，见下方说明）$/m);
  assert.match(zh, /^# 注意：此视图中有 1 个窗口（y\[0\]）只包含填充。poolgrad：y = -inf，索引 -1，不回传梯度。$/m);
  assert.match(zh, /^# PyTorch 在这里不同：/m);
  assert.doesNotMatch(zh, /复现当前显示的数字/, 'it does not claim to reproduce the view');
  for (const line of zh.split('\n').filter((l) => /#/.test(l))) {
    assert.match(line, /[\u4e00-\u9fff]/, `a comment in Chinese: ${line}`);
  }
  // the copy button puts exactly the code on the clipboard
  await page.click('details.pytorch summary');
  await page.click('[data-action="copy-code"]');
  await page.waitForFunction(() => document.querySelector('#code-status').textContent === '已复制');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), zh);
  await page.screenshot({ path: screenshotPath('zh-pytorch-padding-only'), fullPage: true });
  // English, and the tutorial view (no padding-only window): the usual claim, English comments
  await page.selectOption('#lang-select', 'en');
  await page.waitForFunction(() => document.querySelector('#pytorch-code').textContent.includes('PyTorch differs there'));
  assert.match(await code(), /^# Note: one window of this view \(y\[0\]\) holds only padding\./m);
  await page.goto(`${server.origin}/?lang=en`);
  await waitReady(page);
  await page.waitForFunction(() => document.querySelector('#pytorch-code').textContent.includes('max_pool2d'));
  const en = await code();
  assert.match(en, /^# poolgrad: reproduce the shown numbers with PyTorch$/m);
  assert.doesNotMatch(en, /differs|[\u4e00-\u9fff]/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

// Latin words allowed in the Chinese widget: PyTorch's names, symbols, numbers' words, the brand
const ALLOWED = new Set(['kernel_size', 'stride', 'padding', 'dilation', 'ceil_mode', 'count_include_pad', 'divisor_override',
  'mean', 'sum', 'max', 'dL', 'dy', 'dx', 'NaN', 'inf', 'English', 'B_c', 'N_B', 'numel', 'poolgrad', 'Enter', 'Tab', 'True', 'False',
  'Escape', 'Esc', 'argmax', 'PyTorch', 'x_i', 'dx_i', 'dy_w', 'y_w', 'return_indices', 'dims', 'lang', 'theme', 'show', 'indices', 'none', 'ceil',
  // the pooling family's PyTorch names (fam-page)
  'output_size', 'norm_type', 'output_ratio', '_random_samples', 'LP',
  // the comparison view's frameworks and their own option names and words (compare view)
  'ONNX', 'TensorFlow', 'auto_pad', 'pads', 'NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID', 'SAME', 'EXPLICIT']);

test('no untranslated word: the zh widget\'s text for every preset and an error state', async () => {
  const page = await openPage(browser, `${server.origin}/?lang=zh`, { locale: 'zh-CN' });
  await waitReady(page);
  const found = new Map();
  const hunt = async (label) => {
    const words = await page.evaluate(() => {
      const root = document.querySelector('pool-grad').shadowRoot;
      const texts = [];
      const walk = (node) => {
        for (const n of node.childNodes) {
          if (n.nodeType === 3) texts.push(n.textContent);
          // not formulas (math notation: H_out, x_i), nor a translated message's English original (title)
          else if (n.nodeType === 1 && !['style', 'math'].includes(n.localName) && !n.classList.contains('katex')) {
            for (const a of ['title', 'aria-label', 'placeholder']) {
              if (n.getAttribute(a) && !(a === 'title' && n.dataset.errorFor)) texts.push(n.getAttribute(a));
            }
            walk(n);
          }
        }
      };
      walk(root);
      return texts.join(' ').match(/[A-Za-z_]{2,}/g) ?? [];
    });
    for (const w of words) if (!ALLOWED.has(w)) found.set(w, label);
    assert.ok(words.includes('kernel_size'), `${label}: the hunt reads the controls' labels`);
  };
  for (const preset of ['tutorial', 'ties', 'special', 'overlap', 'padding-only']) {
    assert.equal((await setState(page, { preset })).type, 'poolgrad-change');
    await hunt(preset);
  }
  await failWith(page, { preset: 'tutorial', kernelSize: [9] });
  await hunt('error');
  assert.deepEqual([...found], [], `English words in the zh widget: ${[...found].map(([w, l]) => `${w} (${l})`).join(', ')}`);
  await page.context().close();
});

test('the page\'s message about its link, in Chinese: unreadable values, unknown keys, a rejected start', async () => {
  const page = await openPage(browser, `${server.origin}/?lang=zh&stride=abc&bogus=1&kernel-size=9`, { locale: 'zh-CN' });
  await waitReady(page);
  const box = page.locator('#url-message');
  await page.waitForFunction(() => /核大小/.test(document.querySelector('#url-message').textContent));
  const text = await box.textContent();
  assert.match(text, /^链接中有参数无法识别，已改用默认值：/);
  assert.match(text, /• stride 步长：这个值无法使用，应为 1 到 3 个整数（如 2 或 2x3）/);
  assert.match(text, /• 未知参数“bogus”（已忽略）/);
  assert.match(text, /• kernel_size 核大小：窗口放不进输入，输出大小小于 1（输入大小 6×6，kernel_size = 9，stride = 2/);
  const title = await box.getAttribute('title');
  assert.match(title, /unknown parameter "bogus" \(ignored\)/, 'the English originals on hover');
  assert.match(title, /output size .* is too small/);
  await page.screenshot({ path: screenshotPath('zh-url-message'), clip: { x: 0, y: 0, width: 1280, height: 500 } });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
