// authors.js: the snippets of authors.html for the host serving it (snippets.js), each with a
// copy button and its live example (the same attributes), in the page's language (?lang=zh|en,
// else the browser's), with a switch. Also the host side of the iframe snippet.
import '../widget/index.js';
import { resolveTheme } from './url-state.js';
import { resolveLang } from '../widget/i18n.js';
import { EXAMPLES, attributesOf, embedUrl, snippetOf } from './snippets.js';
import { copyText } from './copy.js';

const WORDS = {
  en: { title: 'poolgrad for tutorial authors', copy: 'Copy', copied: 'Copied', failed: 'Select the text and copy it' },
  zh: { title: 'poolgrad：写给教程作者', copy: '复制', copied: '已复制', failed: '请选中代码后手动复制' },
};
// the live elements keep the ids the page always had
const LIVE_ID = { element: 'first', 'element-dark': 'second', iframe: 'embed-demo' };

const query = new URLSearchParams(location.search).get('lang');
let lang = query === 'zh' || query === 'en' ? query : resolveLang('auto');
document.documentElement.dataset.theme = resolveTheme('auto');

/** One figure: its code block, copy button, status line and live example, built once. */
function buildExample(example) {
  const figure = document.querySelector(`[data-example="${example.id}"]`);
  const pre = document.createElement('pre');
  pre.tabIndex = 0; // a scrollable region is reachable by keyboard
  const code = document.createElement('code');
  code.dataset.snippet = example.id;
  pre.append(code);
  const bar = document.createElement('div');
  bar.className = 'snippet-bar';
  const button = document.createElement('button');
  button.type = 'button';
  button.dataset.copy = example.id;
  const status = document.createElement('span');
  status.className = 'copy-status';
  status.setAttribute('role', 'status');
  bar.append(button, status);
  const caption = figure.querySelector('figcaption');
  caption.id = `caption-${example.id}`;
  button.setAttribute('aria-describedby', caption.id); // which of the copy buttons
  figure.querySelector('.snippet-code').append(bar, pre);
  let live;
  if (example.kind === 'iframe') {
    live = document.createElement('iframe');
    live.style.cssText = 'width:100%;height:480px;border:0';
  } else {
    live = document.createElement('pool-grad');
  }
  live.id = LIVE_ID[example.id];
  figure.querySelector('.live').append(live);
  let timer = 0;
  button.addEventListener('click', async () => {
    const ok = await copyText(code.textContent, pre);
    status.textContent = ok ? WORDS[lang].copied : WORDS[lang].failed;
    button.classList.toggle('copied', ok);
    clearTimeout(timer);
    timer = setTimeout(() => { status.textContent = ''; button.classList.remove('copied'); }, 2500);
  });
  return { example, code, button, status, live };
}

/** Writes the snippets and the live examples for `lang` (attributes exactly as in the snippet). */
function render(parts) {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = WORDS[lang].title;
  const select = document.getElementById('lang-select');
  if (select.value !== lang) select.value = lang;
  for (const { example, code, button, status, live } of parts) {
    code.textContent = snippetOf(example, location.href, lang);
    button.textContent = WORDS[lang].copy;
    status.textContent = '';
    const attrs = attributesOf(example, lang);
    if (example.kind === 'iframe') {
      const src = embedUrl(location.href, attrs);
      if (live.src !== src) live.src = src;
      live.title = example.title[lang];
    } else {
      for (const [k, v] of attrs) if (live.getAttribute(k) !== v) live.setAttribute(k, v);
    }
  }
}

const parts = EXAMPLES.map(buildExample);
render(parts);
document.getElementById('lang-select').addEventListener('change', (e) => {
  lang = e.target.value === 'zh' ? 'zh' : 'en';
  const url = new URL(location.href);
  url.searchParams.set('lang', lang);
  history.replaceState(history.state, '', url.href);
  render(parts);
});

// The same listener as in the iframe snippet: size each poolgrad iframe to the height it reports.
addEventListener('message', (e) => {
  if (e.origin !== location.origin || e.data?.type !== 'poolgrad:height' || !Number.isFinite(e.data.height)) return;
  for (const f of document.querySelectorAll('iframe')) {
    if (f.contentWindow === e.source) f.style.height = `${Math.max(0, Math.min(e.data.height, 20000))}px`;
  }
});
