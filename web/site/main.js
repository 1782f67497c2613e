// main.js: the page shell around <pool-grad>: state from and to the URL, the language and theme
// switches, the export buttons. No pooling math: the element computes, this file arranges.
// (start.js, the page's entry, imports it once the library's core has started loading.)
import '../widget/index.js';
import { configure, reportStartErrors, stateFromUrl, writeUrl, shareUrl, showUrlErrors, resolveTheme } from './url-state.js';
import { resolveLang } from '../widget/i18n.js';
import { EXPORTS, download, toPyTorch } from './export.js';
import { copyText } from './copy.js';

const $ = (sel) => document.querySelector(sel);
const urlBox = $('#url-message');
const langSelect = $('#lang-select');
const themeSelect = $('#theme-select');
const status = $('#export-status');
const code = $('#pytorch-code');

const { state: initial, errors } = stateFromUrl();
const el = document.createElement('pool-grad');
el.id = 'poolgrad';
configure(el, initial);
reportStartErrors(el, (error) => {
  errors.push(error);
  showUrlErrors(urlBox, errors, lang);
});
$('#widget-slot').replaceWith(el);

// Writes only what changed: setting <html lang> or the title, even to the same value, restyles
// the whole page, which a parameter change should not pay for.
function setIfChanged(target, key, value) {
  if (target[key] !== value) target[key] = value;
}

function applyShell(state) {
  const lang = resolveLang(state.lang);
  setIfChanged(document.documentElement, 'lang', lang === 'zh' ? 'zh-CN' : 'en');
  setIfChanged(document.documentElement.dataset, 'theme', resolveTheme(state.theme));
  setIfChanged(langSelect, 'value', state.lang);
  setIfChanged(themeSelect, 'value', state.theme);
  for (const o of themeSelect.options) setIfChanged(o, 'textContent', o.dataset[lang] ?? o.textContent);
  setIfChanged(document, 'title', lang === 'zh' ? 'poolgrad：池化层的前向与反向传播' : 'poolgrad: pooling forward and backward, exactly as PyTorch');
  return lang;
}

let lang = applyShell(initial);

showUrlErrors(urlBox, errors, lang);
if (errors.length) writeUrl(initial); // the shared URL now says what is shown

// The URL and the PyTorch code follow the view once per frame, after the render is painted.
let latest = null;
el.addEventListener('poolgrad-change', (e) => {
  lang = applyShell(e.detail.state);
  if (!urlBox.hidden) showUrlErrors(urlBox, errors, lang);
  if (latest === null) {
    requestAnimationFrame(() => {
      const { state, results } = latest;
      latest = null;
      writeUrl(state);
      code.textContent = results ? toPyTorch(results, state, lang) : '';
    });
  }
  latest = e.detail;
});

for (const [select, key] of [[langSelect, 'lang'], [themeSelect, 'theme']]) {
  select.addEventListener('change', () => { el.state = { ...el.state, [key]: select.value }; });
}
matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => applyShell(el.state));

const SAVED = { en: (f) => `Saved ${f}.`, zh: (f) => `已保存 ${f}。` };
const FAILED = { en: (m) => `Export failed: ${m}`, zh: (m) => `导出失败：${m}` };
for (const button of document.querySelectorAll('[data-export]')) {
  button.addEventListener('click', async () => {
    const [filename, produce, type] = EXPORTS[button.dataset.export];
    try {
      const results = el.results;
      if (!results) throw new Error(lang === 'zh' ? '尚无结果' : 'nothing to export yet');
      download(filename, await produce(results, el.state, lang), type);
      status.textContent = SAVED[lang](filename);
    } catch (err) {
      status.textContent = FAILED[lang](err?.message ?? String(err));
    }
  });
}
$('[data-action="copy-link"]').addEventListener('click', async () => {
  const url = shareUrl(el.state);
  try {
    await navigator.clipboard.writeText(url);
    status.textContent = lang === 'zh' ? '链接已复制。' : 'Link copied.';
  } catch {
    status.textContent = url;
  }
});

const codeStatus = $('#code-status');
let codeTimer = 0;
$('[data-action="copy-code"]').addEventListener('click', async () => {
  const ok = await copyText(code.textContent, code);
  codeStatus.textContent = ok ? (lang === 'zh' ? '已复制' : 'Copied') : (lang === 'zh' ? '请选中代码后手动复制' : 'Select the code and copy it');
  clearTimeout(codeTimer);
  codeTimer = setTimeout(() => { codeStatus.textContent = ''; }, 2500);
});

await el.ready;
if (el.results) code.textContent = toPyTorch(el.results, el.state, lang);
