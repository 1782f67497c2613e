// page-start.js: a Vite plugin (build only) for the JavaScript each page runs at start: its entry
// chunk, the chunks the entry imports dynamically at once (start.js: the page after the core has
// started loading), and their static imports; not the chunks loaded later on demand (KaTeX).
// - each page's <head> preloads them (<link rel="modulepreload">): Vite lists only an entry's
//   static imports there, and a dynamic import would otherwise be fetched only once the entry
//   runs;
// - each starts with V8's explicit compile hint, the magic comment `//# allFunctionsCalledOnLoad`
//   (https://v8.dev/blog/explicit-compile-hints): V8 compiles the file's functions on the
//   background thread that parses it instead of one by one on the main thread the first time
//   each runs; on the page nearly all of them run before the first render. Other engines read
//   the line as a comment.
const HINT = '//# allFunctionsCalledOnLoad\n';

/** The file names of the chunks loaded at start from `entry` (a chunk's fileName). */
function startupChunks(chunks, entry) {
  const out = new Set();
  const visit = (name) => {
    if (out.has(name) || !chunks[name]) return;
    out.add(name);
    for (const f of chunks[name].imports) visit(f);
  };
  visit(entry);
  for (const f of chunks[entry]?.dynamicImports ?? []) visit(f);
  return out;
}

const chunksOf = (bundle) => Object.fromEntries(Object.values(bundle).filter((c) => c.type === 'chunk').map((c) => [c.fileName, c]));

export function pageStart() {
  return {
    name: 'poolgrad-page-start',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const chunks = chunksOf(ctx.bundle ?? {});
        const entry = ctx.chunk?.fileName;
        if (!entry) return html;
        const listed = new Set([...html.matchAll(/<(?:script|link)[^>]*(?:src|href)="\.\/([^"]+)"/g)].map((m) => m[1]));
        return [...startupChunks(chunks, entry)].filter((f) => !listed.has(f)).map((f) => ({
          tag: 'link', attrs: { rel: 'modulepreload', crossorigin: '', href: `./${f}` }, injectTo: 'head',
        }));
      },
    },
    generateBundle: {
      // after minification (it drops comments) and after Vite's own additions to the chunks, so
      // that the hint is the first line; a file's hashed name is computed before, which is fine:
      // every build adds the same line to the same chunks
      order: 'post',
      handler(options, bundle) {
        const chunks = chunksOf(bundle);
        const startup = new Set(Object.values(chunks).filter((c) => c.isEntry).flatMap((c) => [...startupChunks(chunks, c.fileName)]));
        for (const name of startup) {
          if (!chunks[name].code.startsWith(HINT)) chunks[name].code = HINT + chunks[name].code;
        }
      },
    },
  };
}
