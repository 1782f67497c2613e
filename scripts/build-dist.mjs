// build-dist.mjs (`npm run build:dist`; `bash scripts/build.sh wasm` runs it, so prepack and
// `npm test` do): the npm package's dist/, built from the source tree (web/lib, web/widget stay
// where they are; the page and the tests use them there).
//   dist/poolgrad.js   + .d.ts   import 'poolgrad': the library, minified
//   dist/widget.js     + .d.ts   import 'poolgrad/widget': the <pool-grad> element, minified; it
//                                imports ./poolgrad.js, so a page using both loads the core once
//   dist/core-[hash].js          what the two entries share (Rolldown's chunk)
//   dist/poolgrad.wasm           the core's WebAssembly, its own file (see web/lib/loader.js)
//   dist/vendor/                 KaTeX as the widget loads it lazily (./vendor/katex.mjs), with its
//                                stylesheet, fonts and licence
//   dist/WIDGET.md               the widget's contract (web/widget/README-contract.md)
// Needs the wasm built first (`bash scripts/build.sh wasm`).
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const GLUE = join(ROOT, 'web/lib/wasm/poolgrad-core.mjs');
const WASM_FILE_MODULE = join(ROOT, 'web/lib/wasm-file.js');
const VENDOR = join(ROOT, 'web/widget/vendor');
// Emscripten 3.1.6's SINGLE_FILE glue: `wasmBinaryFile="data:application/octet-stream;base64,..."`
const INLINE = /wasmBinaryFile="data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)"/g;
// ... and its own way to fetch and instantiate the wasm, which the loader's instantiateWasm
// replaces: cut, the minifier drops what only it used (fetching, the data: URL decoder), 1.4 KB.
const OWN_INSTANTIATE = 'instantiateAsync().catch(readyPromiseReject);return{}}';

for (const needed of [GLUE, join(VENDOR, 'katex.mjs')]) {
  if (!existsSync(needed)) throw new Error(`build-dist: ${needed} is missing; run \`bash scripts/build.sh wasm\` first`);
}

/** Rolldown plugin: the wasm leaves the glue for dist/poolgrad.wasm; the loader is told its URL. */
function wasmOutOfGlue() {
  return {
    name: 'poolgrad-wasm-out-of-glue',
    transform(code, id) {
      if (id === WASM_FILE_MODULE) {
        return { code: "export const wasmFileUrl = new URL('./poolgrad.wasm', import.meta.url);\n", map: null };
      }
      if (id !== GLUE) return null;
      const found = [...code.matchAll(INLINE)];
      // an Emscripten upgrade that changes the glue must be noticed, not shipped inlined silently
      if (found.length !== 1) this.error(`expected one inlined wasm in ${id}, found ${found.length}`);
      if (code.split(OWN_INSTANTIATE).length !== 2) this.error(`expected one ${OWN_INSTANTIATE} in ${id}`);
      writeFileSync(join(DIST, 'poolgrad.wasm'), Buffer.from(found[0][1], 'base64'));
      // the glue never reads it: the loader hands the instance in through instantiateWasm
      const glue = code.replace(found[0][0], 'wasmBinaryFile=""').replace(OWN_INSTANTIATE, 'return{}}');
      return { code: glue, map: null };
    },
  };
}

/** The widget's lazy KaTeX stays a relative import of dist/vendor/ (copied beside, not bundled). */
function vendorStaysBeside() {
  return {
    name: 'poolgrad-vendor-beside',
    resolveId(source, importer) {
      if (/^\.\/vendor\//.test(source) && importer?.startsWith(join(ROOT, 'web/widget'))) {
        return { id: source, external: 'relative' };
      }
      return null;
    },
  };
}

/** The vendored KaTeX's version (the devDependency web/widget/vendor was copied from). */
function katexVersion() {
  return JSON.parse(readFileSync(join(ROOT, 'node_modules/katex/package.json'), 'utf8')).version;
}

// dist/ also holds the site build (dist/site, scripts/build.sh site): only the package's own files go.
mkdirSync(DIST, { recursive: true });
for (const file of readdirSync(DIST)) {
  if (/\.(js|d\.ts|wasm|md)$/.test(file) || file === 'vendor') rmSync(join(DIST, file), { recursive: true, force: true });
}
await build({
  input: { poolgrad: join(ROOT, 'web/lib/index.js'), widget: join(ROOT, 'web/widget/index.js') },
  plugins: [wasmOutOfGlue(), vendorStaysBeside()],
  // An entry exports what its source exports and nothing else (shared code goes to a chunk).
  preserveEntrySignatures: 'strict',
  logLevel: 'warn',
  output: {
    dir: DIST,
    format: 'esm',
    minify: true,
    entryFileNames: '[name].js',
    chunkFileNames: 'core-[hash].js',
  },
});

// The types, beside their entries (the widget's declarations are self-contained).
copyFileSync(join(ROOT, 'web/lib/index.d.ts'), join(DIST, 'poolgrad.d.ts'));
copyFileSync(join(ROOT, 'web/widget/index.d.ts'), join(DIST, 'widget.d.ts'));
// KaTeX as web/widget/vendor holds it (scripts/build.sh vendors it), licence included; its module
// (KaTeX's unminified ES build) minified. katex-style.mjs keeps its literal new URL('./fonts/...').
mkdirSync(join(DIST, 'vendor/fonts'), { recursive: true });
await build({
  input: join(VENDOR, 'katex.mjs'),
  logLevel: 'warn',
  output: { file: join(DIST, 'vendor/katex.mjs'), format: 'esm', minify: true, banner: `/*! KaTeX ${katexVersion()} | MIT License: ./KATEX-LICENSE */` },
});
for (const file of ['katex-style.mjs', 'katex.min.css', 'KATEX-LICENSE']) {
  copyFileSync(join(VENDOR, file), join(DIST, 'vendor', file));
}
cpSync(join(VENDOR, 'fonts'), join(DIST, 'vendor/fonts'), { recursive: true, filter: (f) => !/\.(ttf|woff)$/.test(f) });
copyFileSync(join(ROOT, 'web/widget/README-contract.md'), join(DIST, 'WIDGET.md'));

const entry = readFileSync(join(DIST, 'poolgrad.js'), 'utf8');
console.log(`build-dist: dist/ written (poolgrad.js ${entry.length} bytes)`);
