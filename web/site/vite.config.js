// Vite config for the page (web/site). `npx vite build --config web/site/vite.config.js` emits a
// static site into dist/site with relative URLs (base './'), so it works from any static host
// and any sub-folder. Pages: index.html (the page), embed.html (the iframe page),
// authors.html (for tutorial authors: the snippets and their live examples). The widget itself
// is also served unbundled at ./widget/index.js (widget-files.js), the URL the snippets load.
// The pages' own bundle loads the wasm as a file, streaming, preloaded from <head> (wasm-file.js).
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { widgetFiles } from './widget-files.js';
import { wasmFile } from './wasm-file.js';
import { pageStart } from './page-start.js';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: './',
  publicDir: false,
  clearScreen: false,
  plugins: [widgetFiles(), wasmFile(), pageStart()],
  build: {
    outDir: here('../../dist/site'),
    emptyOutDir: true,
    target: 'es2022',
    // (every browser the page supports has <link rel=modulepreload>)
    modulePreload: { polyfill: false },
    // Inlining an asset (a font) as a data: URL would break a strict CSP: every asset is a file.
    assetsInlineLimit: 0,
    rollupOptions: {
      input: {
        index: here('index.html'),
        embed: here('embed.html'),
        authors: here('authors.html'),
      },
    },
  },
  server: { fs: { allow: [here('../..')] } },
});
