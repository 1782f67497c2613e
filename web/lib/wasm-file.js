// wasm-file.js: where the core's WebAssembly bytes are.
// In the source tree they are inlined in the glue (web/lib/wasm/poolgrad-core.mjs, SINGLE_FILE),
// so there is no file: null. The npm package's dist/ build (scripts/build-dist.mjs) replaces this
// module with `new URL('./poolgrad.wasm', import.meta.url)`, the file beside dist/poolgrad.js, in
// the literal form bundlers (Vite, webpack, Rollup plugins) recognise and copy into their output.
export const wasmFileUrl = null;
