// loader.js: instantiates the WebAssembly core once, on the first init() call.
// Importing this file runs nothing: the generated module only defines its factory, and the wasm is
// compiled when init() first calls that factory. Where the bytes come from (wasm-file.js):
//   - the source tree: inlined in the glue as base64 (SINGLE_FILE); the glue decodes them itself;
//   - the npm package (dist/): the file dist/poolgrad.wasm, fetched here. In a browser or a worker
//     it streams (compiled while it downloads); from a file: URL (Node, worker_threads), where
//     fetch() cannot go, it is read with node:fs. The glue receives the instance through its
//     instantiateWasm hook.
import createPoolgradCore from './wasm/poolgrad-core.mjs';
import { wasmFileUrl } from './wasm-file.js';

let core = null; // the Embind module once ready
let loading = null; // the promise of the first init() in flight (or done)

/** Loads the core; idempotent (every call returns the same promise). A failed load may be retried. */
export function init() {
  if (loading === null) {
    loading = instantiateCore().then(
      (module) => {
        core = module;
      },
      (error) => {
        loading = null; // a later init() may try again
        throw new Error(`poolgrad: init() could not instantiate the WebAssembly core: ${error?.message ?? error}` +
          " (under a Content Security Policy, script-src needs 'wasm-unsafe-eval')", { cause: error });
      },
    );
  }
  return loading;
}

function instantiateCore() {
  if (wasmFileUrl === null) return createPoolgradCore();
  // The glue calls instantiateWasm(imports, receive) and waits for receive(); it has no way to
  // hear of a failure, so the failure travels beside it: both promises are awaited together.
  let instantiated;
  const ready = createPoolgradCore({
    instantiateWasm(imports, receive) {
      instantiated = instantiateFile(wasmFileUrl, imports).then(({ instance, module }) => receive(instance, module));
      return {}; // the exports come later, through receive()
    },
  });
  return Promise.all([instantiated, ready]).then(([, module]) => module);
}

// (the name in a variable: bundlers targeting browsers leave the import alone, Node runs it)
const NODE_FS = 'node:fs/promises';

async function instantiateFile(url, imports) {
  if (url.protocol === 'file:') {
    const { readFile } = await import(/* @vite-ignore */ NODE_FS);
    return WebAssembly.instantiate(await readFile(url), imports);
  }
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`fetching ${url} answered ${response.status}`);
  if (typeof WebAssembly.instantiateStreaming === 'function' &&
      response.headers.get('Content-Type')?.startsWith('application/wasm')) {
    return WebAssembly.instantiateStreaming(response, imports);
  }
  // a host that does not send application/wasm: compile from the downloaded bytes
  return WebAssembly.instantiate(await response.arrayBuffer(), imports);
}

/** The ready core, or an Error telling the caller to await init() first. */
export function requireCore(fn) {
  if (core === null) {
    throw new Error(`poolgrad: ${fn}() was called before init() resolved; call \`await init()\` once first`);
  }
  return core;
}
/** For tests and diagnostics only (not exported by the package): the core's wasm heap size in bytes. */
export function heapBytes() {
  return core === null ? 0 : core.HEAP8.length;
}

/** For tests only: the number of live Embind value handles (must not grow across calls). */
export function liveHandles() {
  return core === null ? 0 : core.count_emval_handles();
}

/**
 * For tests only (not exported by the package): true makes every call use the core's plain
 * kernels (the specification) instead of its fast paths, false restores the fast paths.
 */
export function setPlainKernels(plain) {
  if (core !== null) core.set_plain_kernels(plain ? 1 : 0);
}
