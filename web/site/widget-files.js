// widget-files.js: a Vite plugin that serves the widget at a stable URL, so the snippets on
// authors.html work when pasted into any page:
//   <site>/widget/index.js      the element (web/widget, as published in the npm package)
//   <site>/widget/vendor/...    KaTeX (vendored by `npm run build:wasm`)
//   <site>/lib/...              the library it imports relatively (../lib/index.js), with the wasm
// The files are the package's own ES modules, unbundled: they have no bare import, so one
// <script type="module" src=".../widget/index.js"> loads them from another origin.
// - dev server (`npm start`): served as is (not through Vite's transforms), with
//   Access-Control-Allow-Origin: * (a module script from another origin is a CORS request);
// - build (`npm run build`): copied into dist/site/widget and dist/site/lib. A static host must
//   send the same header for them (README.md, "Embed snippets").
import { createReadStream, existsSync, readdirSync, statSync, mkdirSync, copyFileSync } from 'node:fs';
import { join, normalize, relative, sep, extname } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = fileURLToPath(new URL('..', import.meta.url));

/** URL folder -> source folder, and which files of it are published. */
export const WIDGET_DIRS = [
  { url: '/widget/', dir: join(web, 'widget') },
  { url: '/lib/', dir: join(web, 'lib') },
];
// the package's runtime files: modules, KaTeX's stylesheet and fonts, licences; not the types or notes
const PUBLISHED = /\.(m?js|css|woff2?|ttf)$|LICENSE$/;

const TYPES = {
  '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf',
};

/** Every published file under `dir`, as paths relative to it. */
function publishedFiles(dir, base = dir) {
  const out = [];
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...publishedFiles(p, base));
    else if (PUBLISHED.test(e.name)) out.push(relative(base, p));
  }
  return out;
}

/** The source file a request path names, or null (outside the folders, or not published). */
function sourceOf(pathname) {
  for (const { url, dir } of WIDGET_DIRS) {
    if (!pathname.startsWith(url)) continue;
    const file = normalize(join(dir, pathname.slice(url.length)));
    if (!file.startsWith(dir + sep) || !PUBLISHED.test(file)) return null;
    return existsSync(file) && statSync(file).isFile() ? file : null;
  }
  return null;
}

export function widgetFiles() {
  let outDir = null;
  return {
    name: 'poolgrad-widget-files',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        let pathname;
        try {
          pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
        } catch {
          return next();
        }
        const file = sourceOf(pathname);
        if (!file) return next();
        res.setHeader('Access-Control-Allow-Origin', '*');
        res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
        res.setHeader('Cache-Control', 'no-cache');
        createReadStream(file).pipe(res);
      });
    },
    closeBundle() {
      if (!outDir) return;
      for (const { url, dir } of WIDGET_DIRS) {
        for (const rel of publishedFiles(dir)) {
          const to = join(outDir, url, rel);
          mkdirSync(join(to, '..'), { recursive: true });
          copyFileSync(join(dir, rel), to);
        }
      }
    },
  };
}
