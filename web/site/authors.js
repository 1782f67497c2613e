// authors.js: the two live widgets and the host side of the iframe snippet shown on this page.
import '../widget/index.js';
import { resolveTheme } from './url-state.js';
import { resolveLang } from '../widget/i18n.js';

document.documentElement.lang = resolveLang('auto') === 'zh' ? 'zh-CN' : 'en';
document.documentElement.dataset.theme = resolveTheme('auto');

// The same listener as in the snippet: size each poolgrad iframe to the height it reports.
addEventListener('message', (e) => {
  if (e.data?.type !== 'poolgrad:height' || !Number.isFinite(e.data.height)) return;
  for (const f of document.querySelectorAll('iframe')) {
    if (f.contentWindow === e.source) f.style.height = `${Math.max(0, Math.min(e.data.height, 20000))}px`;
  }
});
