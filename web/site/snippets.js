// snippets.js: the embed snippets shown on authors.html, as text, for the host serving the page.
// One description per example (its attributes, in order) gives both the snippet's text and the
// live example beside it, so the two cannot differ. No DOM here: authors.js builds the page.

/** The examples: the element twice (two independent instances) and the iframe. */
export const EXAMPLES = [
  {
    id: 'element',
    kind: 'element',
    attrs: [['op', 'max'], ['kernel-size', '2'], ['stride', '1'], ['show', 'input,output,grad-input,counts,explain']],
  },
  {
    id: 'element-dark',
    kind: 'element',
    attrs: [['preset', 'overlap'], ['theme', 'dark'], ['show', 'controls,input,output,grad-input']],
  },
  {
    id: 'iframe',
    kind: 'iframe',
    attrs: [['op', 'max'], ['kernel-size', '2'], ['stride', '1'], ['show', 'input,grad-input,counts']],
    title: { en: 'poolgrad: max pooling, stride 1', zh: 'poolgrad：最大池化，步长 1' },
  },
];

/** The example's attributes with the language last: [[name, value], ...]. */
export function attributesOf(example, lang) {
  return [...example.attrs, ['lang', lang]];
}

/** The widget's URL on the host that serves `pageUrl` (the site's ./widget/index.js). */
export function widgetUrl(pageUrl) {
  return new URL('./widget/index.js', pageUrl).href;
}

/** The iframe's src: embed.html beside `pageUrl`, with the attributes as its query. */
export function embedUrl(pageUrl, attrs) {
  const url = new URL('./embed.html', pageUrl);
  url.search = new URLSearchParams(attrs).toString().replace(/%2C/g, ',');
  return url.href;
}

const escapeAttr = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** <script type="module" src="…/widget/index.js"></script> and one <pool-grad …>. */
export function elementSnippet(pageUrl, attrs) {
  const list = attrs.map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('');
  return `<script type="module" src="${escapeAttr(widgetUrl(pageUrl))}"></script>\n<pool-grad${list}></pool-grad>`;
}

/**
 * The iframe and the few lines that size it: embed.html posts {type: 'poolgrad:height', height}
 * to its parent whenever its height changes; the listener takes it only from that origin.
 */
export function iframeSnippet(pageUrl, attrs, title) {
  const src = embedUrl(pageUrl, attrs);
  const origin = new URL(src).origin;
  return [
    `<iframe src="${escapeAttr(src)}"`,
    `        title="${escapeAttr(title)}" style="width:100%;height:480px;border:0"></iframe>`,
    '<script>',
    '  addEventListener(\'message\', (e) => {',
    `    if (e.origin !== ${JSON.stringify(origin)} || e.data?.type !== 'poolgrad:height' || !Number.isFinite(e.data.height)) return;`,
    '    for (const f of document.querySelectorAll(\'iframe\'))',
    '      if (f.contentWindow === e.source) f.style.height = Math.min(e.data.height, 20000) + \'px\';',
    '  });',
    '</script>',
  ].join('\n');
}

/** The snippet text of an example for the page at `pageUrl` in `lang`. */
export function snippetOf(example, pageUrl, lang) {
  const attrs = attributesOf(example, lang);
  return example.kind === 'iframe'
    ? iframeSnippet(pageUrl, attrs, example.title[lang])
    : elementSnippet(pageUrl, attrs);
}
