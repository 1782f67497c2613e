// embed.js: embed.html?<the page's URL parameters> shows only <pool-grad> (its parts per `show`)
// and tells the parent window its height on every size change:
//   window.parent.postMessage({type: 'poolgrad:height', height}, '*')
// The host listens and sets the iframe's height (snippet in authors.html).
import '../widget/index.js';
import { configure, reportStartErrors, stateFromUrl, showUrlErrors, resolveTheme } from './url-state.js';
import { resolveLang } from '../widget/i18n.js';

const { state, errors } = stateFromUrl();
const el = document.createElement('pool-grad');
configure(el, state);
const box = document.getElementById('url-message');
reportStartErrors(el, (error) => {
  errors.push(error);
  showUrlErrors(box, errors, resolveLang(state.lang));
});
document.getElementById('embed-slot').append(el);

function applyShell(s) {
  document.documentElement.lang = resolveLang(s.lang) === 'zh' ? 'zh-CN' : 'en';
  document.documentElement.dataset.theme = resolveTheme(s.theme);
}
applyShell(state);
showUrlErrors(box, errors, resolveLang(state.lang));
el.addEventListener('poolgrad-change', (e) => applyShell(e.detail.state));

let last = -1;
function report() {
  const height = Math.ceil(document.body.getBoundingClientRect().height);
  if (height === last || window.parent === window) return;
  last = height;
  // The height is not a secret and the host's origin is unknown: any parent may read it.
  window.parent.postMessage({ type: 'poolgrad:height', height }, '*');
}
new ResizeObserver(report).observe(document.body);
report();
