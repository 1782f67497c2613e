// main.js: the page shell around <pool-grad>: state from and to the URL, the language and theme
// switches, the export buttons. No pooling math: the element computes, this file arranges.
// (start.js, the page's entry, imports it once the library's core has started loading.)
import '../widget/index.js';
import { configure, reportStartErrors, stateFromUrl, writeUrl, shareUrl, showUrlErrors, resolveTheme } from './url-state.js';
import { resolveLang } from '../widget/i18n.js';
import { EXPORTS, COMPARE_EXPORTS, download, toPyTorch } from './export.js';
import { copyText } from './copy.js';
import { COMPARE_PRESETS, parseState, stateToJSON } from '../widget/state.js';
import { STRINGS } from '../widget/i18n.js';

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

// The way into the comparison: one link per compare preset (a plain link to its URL; a click
// applies it in place, keeping the language and theme).
const presetList = $('#compare-presets');
const compareLinks = COMPARE_PRESETS.map((name) => {
  const a = document.createElement('a');
  a.href = `?preset=${name}`;
  a.dataset.comparePreset = name;
  a.addEventListener('click', (e) => {
    e.preventDefault();
    const { lang: l, theme } = el.state;
    el.state = stateToJSON(parseState({ preset: name, lang: l, theme }).state);
  });
  const li = document.createElement('li');
  li.appendChild(a);
  presetList.appendChild(li);
  return a;
});
function showComparePresets(state) {
  for (const a of compareLinks) {
    setIfChanged(a, 'textContent', STRINGS[lang].comparePresets[a.dataset.comparePreset]);
    a.setAttribute('aria-current', String(state.preset === a.dataset.comparePreset));
  }
}
showComparePresets(initial);

// The comparison's code: one block per compared framework (compare-code.js), and its export buttons.
const compareBox = $('#compare-code');
const compareBlocks = $('#compare-code-blocks');
let compareKey = '';
function showCompareCode(state) {
  const on = state.compare.length > 0;
  compareBox.hidden = !on;
  for (const b of document.querySelectorAll('[data-compare-export]')) b.hidden = !on || !state.compare.includes(COMPARE_EXPORTS[b.dataset.export][3]);
  if (!on) return;
  const parsed = parseState(el.toQuery()).state; // numbers, not the JSON form's strings
  const key = `${lang}|${el.toQuery()}`;
  if (key === compareKey) return;
  compareKey = key;
  compareBlocks.textContent = '';
  for (const fw of parsed.compare) {
    const h = document.createElement('h3');
    h.textContent = STRINGS[lang].frameworkNames[fw];
    const pre = document.createElement('pre');
    pre.tabIndex = 0;
    const code = document.createElement('code');
    code.dataset.compareCode = fw;
    try {
      code.textContent = COMPARE_EXPORTS[`compare-${fw}`][1](parsed, lang);
    } catch (err) {
      code.textContent = `# ${err?.message ?? err}`;
    }
    pre.appendChild(code);
    compareBlocks.append(h, pre);
  }
}

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
      showComparePresets(state);
      showCompareCode(state);
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
    const key = button.dataset.export;
    try {
      if (COMPARE_EXPORTS[key]) {
        const [file, program, kind] = COMPARE_EXPORTS[key];
        download(file, program(parseState(el.toQuery()).state, lang), kind);
        status.textContent = SAVED[lang](file);
        return;
      }
      const [filename, produce, type] = EXPORTS[key];
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
showCompareCode(el.state);
