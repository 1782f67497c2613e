// main.js: the page shell around <pool-grad>: state from and to the URL, the language and theme
// switches, the export buttons. No pooling math: the element computes, this file arranges.
import '../widget/index.js';
import { configure, fallBackOnInvalidStart, stateFromUrl, writeUrl, shareUrl, showUrlErrors, resolveLang, resolveTheme } from './url-state.js';
import { EXPORTS, download, toPyTorch } from './export.js';

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
fallBackOnInvalidStart(el, initial, (error) => {
  errors.push(error);
  showUrlErrors(urlBox, errors, lang);
});
$('#widget-slot').replaceWith(el);

function applyShell(state) {
  const lang = resolveLang(state.lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.documentElement.dataset.theme = resolveTheme(state.theme);
  langSelect.value = state.lang;
  themeSelect.value = state.theme;
  for (const o of themeSelect.options) o.textContent = o.dataset[lang] ?? o.textContent;
  document.title = lang === 'zh' ? 'poolgrad：池化层的前向与反向传播' : 'poolgrad: pooling forward and backward, exactly as PyTorch';
  return lang;
}

let lang = applyShell(initial);

showUrlErrors(urlBox, errors, lang);
if (errors.length) writeUrl(initial); // the shared URL now says what is shown

el.addEventListener('poolgrad-change', (e) => {
  const { state, results } = e.detail;
  writeUrl(state);
  lang = applyShell(state);
  if (!urlBox.hidden) showUrlErrors(urlBox, errors, lang);
  code.textContent = results ? toPyTorch(results, state) : '';
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
      download(filename, await produce(results, el.state), type);
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

await el.ready;
if (el.results) code.textContent = toPyTorch(el.results, el.state);
