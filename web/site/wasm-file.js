// wasm-file.js: a Vite plugin (site build only) that takes the wasm out of the page's JavaScript.
// The library ships one self-contained module, web/lib/wasm/poolgrad-core.mjs, with the wasm
// inlined as base64 (the npm package and the unbundled widget at ./lib/ keep it so). For the built
// page that costs twice: the browser parses a third of a megabyte of JavaScript before the page
// runs, then the glue fetches and decodes the data: URL and compiles the bytes. Here the base64 is
// written out as its own file, assets/poolgrad-core-<hash>.wasm, and the glue's data: URL becomes
// that file's name: Emscripten's glue then loads a non-data URL with
// WebAssembly.instantiateStreaming (compiled while it downloads, off the main thread; the host
// must send application/wasm, else the glue falls back to an ArrayBuffer compile).
// The glue resolves the name against its own module's folder (locateFile: the folder of
// import.meta.url), so the file is placed beside the chunk that holds the glue.
import { dirname, relative } from 'node:path';

const GLUE = /[\\/]web[\\/]lib[\\/]wasm[\\/]poolgrad-core\.mjs$/;
// Emscripten 3.1.6's SINGLE_FILE glue: `wasmBinaryFile="data:application/octet-stream;base64,..."`
const INLINE = /wasmBinaryFile="data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)"/g;
const PLACEHOLDER = '__POOLGRAD_WASM_FILE__';

export function wasmFile() {
  let ref = null; // the emitted .wasm
  return {
    name: 'poolgrad-wasm-file',
    apply: 'build',
    transform(code, id) {
      if (!GLUE.test(id.replace(/\?.*$/, ''))) return null;
      const found = [...code.matchAll(INLINE)];
      // an Emscripten upgrade that changes the glue must be noticed, not shipped inlined silently
      if (found.length !== 1) this.error(`wasm-file: expected one inlined wasm in ${id}, found ${found.length}`);
      ref = this.emitFile({ type: 'asset', name: 'poolgrad-core.wasm', source: Buffer.from(found[0][1], 'base64') });
      return { code: code.replace(found[0][0], `wasmBinaryFile="${PLACEHOLDER}"`), map: null };
    },
    // every page fetches the file from its <head>, while its scripts still load and run (the
    // glue's fetch, same URL, CORS mode, same-origin credentials, then takes it from there)
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const wasm = Object.values(ctx.bundle ?? {}).find((f) => f.type === 'asset' && f.fileName.endsWith('.wasm'));
        if (!wasm) return html;
        return [{ tag: 'link', attrs: { rel: 'preload', href: `./${wasm.fileName}`, as: 'fetch', type: 'application/wasm', crossorigin: '' }, injectTo: 'head' }];
      },
    },
    renderChunk(code, chunk) {
      if (!code.includes(PLACEHOLDER)) return null;
      const file = relative(dirname(chunk.fileName), this.getFileName(ref)).split('\\').join('/');
      if (file.includes('/')) this.error(`wasm-file: ${file} is not beside ${chunk.fileName}`);
      return { code: code.split(PLACEHOLDER).join(file), map: null };
    },
  };
}
