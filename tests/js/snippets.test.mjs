// The embed snippets of authors.html as text (web/site/snippets.js): the host's real URLs, the
// language last, attribute values escaped, the iframe's listener bound to the widget's origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXAMPLES, elementSnippet, embedUrl, iframeSnippet, snippetOf, widgetUrl } from '../../web/site/snippets.js';

const PAGE = 'https://tutor.example/pool/authors.html?lang=zh#top';

test('the widget and embed URLs are beside the page, on its host', () => {
  assert.equal(widgetUrl(PAGE), 'https://tutor.example/pool/widget/index.js');
  assert.equal(embedUrl(PAGE, [['op', 'max'], ['show', 'input,counts'], ['lang', 'zh']]),
    'https://tutor.example/pool/embed.html?op=max&show=input,counts&lang=zh');
});

test('an element snippet: one script line and the element with its attributes, escaped', () => {
  assert.equal(elementSnippet(PAGE, [['op', 'avg'], ['input', '1,2;"3"<x>'], ['lang', 'en']]),
    '<script type="module" src="https://tutor.example/pool/widget/index.js"></script>\n' +
    '<pool-grad op="avg" input="1,2;&quot;3&quot;&lt;x>" lang="en"></pool-grad>');
});

test('the iframe snippet: src with &amp;, a title, and a listener that takes heights only from that origin', () => {
  const s = iframeSnippet(PAGE, [['op', 'max'], ['stride', '1'], ['lang', 'zh']], 'poolgrad：最大池化');
  assert.match(s, /^<iframe src="https:\/\/tutor\.example\/pool\/embed\.html\?op=max&amp;stride=1&amp;lang=zh"\n\s+title="poolgrad：最大池化"/);
  assert.match(s, /if \(e\.origin !== "https:\/\/tutor\.example" \|\| e\.data\?\.type !== 'poolgrad:height'/);
  assert.match(s, /<\/script>$/);
});

test('every example carries the page\'s language last', () => {
  for (const ex of EXAMPLES) {
    for (const lang of ['zh', 'en']) {
      const s = snippetOf(ex, PAGE, lang);
      assert.match(s, ex.kind === 'iframe' ? new RegExp(`lang=${lang}"`) : new RegExp(` lang="${lang}"></pool-grad>$`), `${ex.id} ${lang}`);
    }
  }
});
