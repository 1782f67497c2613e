// loader.js: instantiates the WebAssembly core once, on the first init() call.
// Importing this file runs nothing: the generated module only defines its factory, and the wasm
// (inlined in it as base64, SINGLE_FILE) is compiled when init() first calls that factory.
import createPoolgradCore from './wasm/poolgrad-core.mjs';

let core = null; // the Embind module once ready
let loading = null; // the promise of the first init() in flight (or done)

/** Loads the core; idempotent (every call returns the same promise). A failed load may be retried. */
export function init() {
  if (loading === null) {
    loading = createPoolgradCore().then(
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
