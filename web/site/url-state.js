// url-state.js: the page's state lives in the URL query (keys = the element's attribute names).
// Parsing and serializing are the widget's (web/widget/state.js); this file only connects them
// to location and history, and reports what could not be read. Text only, never markup.
import { PARAMS, parseState, serializeState } from '../widget/state.js';
import { TEXT_CAP } from '../widget/limits.js';
import { formatCount as fmt } from '../widget/format.js';
import { STRINGS, resolveLang } from '../widget/i18n.js';
import { parseText } from '../widget/core-messages.js';

/**
 * Gives a not yet connected <pool-grad> its starting state as attributes (the canonical text of
 * the parsed state), which the element reads when it connects.
 */
export function configure(el, state) {
  for (const [key, value] of serializeState(state)) el.setAttribute(key, value);
}

/**
 * {state, errors} from the current URL; never throws. Unknown keys (typos) are reported too.
 * Each value is capped and read in linear time by the widget's parser (limits.js, text.js); the
 * whole query is capped at TEXT_CAP.query (longer: the defaults, with a message).
 */
export function stateFromUrl(search = location.search) {
  const early = [];
  let params;
  try {
    params = new URLSearchParams(search);
  } catch {
    params = new URLSearchParams();
  }
  if (String(search).length > TEXT_CAP.query) {
    early.push({ param: 'url', code: 'too_long', length: String(search).length, message: `the link is too long: ${fmt(String(search).length)} characters, at most ${fmt(TEXT_CAP.query)}` });
    params = new URLSearchParams();
  }
  const { state, errors } = parseState(params);
  errors.unshift(...early);
  const known = new Set(PARAMS.map((p) => p.key));
  for (const key of new Set(params.keys())) {
    if (key !== '' && !known.has(key)) errors.push({ param: key, code: 'unknown', message: `unknown parameter "${clip(key, 40)}" (ignored)` });
  }
  return { state, errors };
}

const EMPTY = serializeState(parseState(new URLSearchParams()).state).toString();

/**
 * Writes `state` into the URL without a history entry; the default view keeps a bare URL.
 * The new URL is the current one with another query (new URL(location.href)), so it is always
 * same-origin: a path alone would be read as a URL of its own when it starts with "//"
 * (a page at //host.example/index.html would name the host "host.example": a SecurityError).
 */
export function writeUrl(state) {
  const query = serializeState(state).toString();
  const url = new URL(location.href);
  url.search = query === EMPTY && location.search === '' ? '' : query;
  if (url.href === location.href) return;
  try {
    history.replaceState(history.state, '', url.href);
  } catch {
    // only a browser limit is left (a URL longer than it keeps): the view stays, the address does not follow
  }
}

/** The full shareable URL of `state` (this page's URL with the state's query, no fragment). */
export function shareUrl(state) {
  const url = new URL(location.href);
  url.search = serializeState(state).toString();
  url.hash = '';
  return url.href;
}

const HEAD = {
  en: 'Part of the link could not be read, so the default is shown instead:',
  zh: '链接中有参数无法识别，已改用默认值：',
};

/**
 * One error in `lang`: English as it is; Chinese by what it is (an unknown key, a link too long,
 * a value of a known parameter: core-messages.js parseText), or the element's own text for it
 * (`text`, from poolgrad-error's detail, written in `textLang`).
 */
function errorLine(e, lang) {
  if (lang !== 'zh') return e.message || e.param;
  if (e.text && e.textLang === 'zh') return e.text;
  if (e.code === 'unknown') return `未知参数“${clip(e.param, 40)}”（已忽略）`;
  if (e.code === 'too_long') return `链接太长：${fmt(e.length)} 个字符，最多 ${fmt(TEXT_CAP.query)} 个`;
  return parseText(STRINGS.zh, e);
}

/** Shows the parse errors in `box` (a hidden <p>) as plain text, or hides it; in Chinese the English originals are its title. */
export function showUrlErrors(box, errors, lang) {
  if (!box) return;
  if (!errors.length) { box.hidden = true; box.textContent = ''; box.title = ''; return; }
  const bullets = (line) => {
    const lines = errors.slice(0, 8).map((e) => `• ${clip(line(e))}`);
    if (errors.length > 8) lines.push(`• … (+${errors.length - 8})`);
    return lines.join('\n');
  };
  box.textContent = `${HEAD[lang] ?? HEAD.en}\n${bullets((e) => errorLine(e, lang))}`;
  box.title = lang === 'zh' ? bullets((e) => e.message || e.param) : '';
  box.hidden = false;
}
const clip = (s, n = 200) => (String(s).length > n ? `${String(s).slice(0, n)}…` : String(s));

/** 'light' | 'dark' for a state's theme ('auto' follows the system). */
export function resolveTheme(theme) {
  if (theme === 'light' || theme === 'dark') return theme;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/**
 * A URL can be readable yet invalid as a whole (kernel 9 on a 6x6 input). The element falls back
 * by itself (web/widget/README-contract.md); the page only reports what it rejected before its
 * first render, so the reader learns why the view differs from the link. Call before connecting.
 */
export function reportStartErrors(el, report) {
  el.addEventListener('poolgrad-error', (e) => {
    if (el.dataset.ready === 'true') return; // later errors are shown by the element's controls
    const { param, message, text } = e.detail ?? {};
    const textLang = resolveLang(el.state.lang); // the language the element wrote `text` in
    report({ param: String(param ?? ''), message: String(message ?? ''), text: String(text ?? ''), textLang });
  });
}
