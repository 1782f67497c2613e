// Importing poolgrad runs nothing (no WebAssembly, no DOM or browser globals, no new globals);
// every function throws an Error naming init() until init() resolves; init() is idempotent.
// node --test runs this file in its own process, so the import below is the first one.
import assert from 'node:assert/strict';
import { test } from 'node:test';

const touched = [];
const BROWSER_GLOBALS = ['window', 'document', 'self', 'location', 'importScripts', 'XMLHttpRequest', 'fetch'];
const WASM_ENTRY_POINTS = ['instantiate', 'instantiateStreaming', 'compile', 'compileStreaming', 'Module', 'Instance'];

// Records any read of a browser global and any use of the WebAssembly API; returns an undo function.
function watchGlobals() {
  const saved = [];
  for (const name of BROWSER_GLOBALS) {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, name);
    saved.push(() => (descriptor ? Object.defineProperty(globalThis, name, descriptor) : delete globalThis[name]));
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        touched.push(name);
        return descriptor?.value;
      },
    });
  }
  for (const name of WASM_ENTRY_POINTS) {
    const original = WebAssembly[name];
    saved.push(() => (WebAssembly[name] = original));
    WebAssembly[name] = new Proxy(original, {
      apply(target, self, args) { touched.push(`WebAssembly.${name}`); return Reflect.apply(target, self, args); },
      construct(target, args) { touched.push(`new WebAssembly.${name}`); return Reflect.construct(target, args); },
    });
  }
  return () => saved.forEach((undo) => undo());
}

test('import runs nothing; calls before init() throw; init() is idempotent', async (t) => {
  const globalsBefore = Object.getOwnPropertyNames(globalThis).sort();
  const unwatch = watchGlobals();
  const pg = await import('poolgrad');
  unwatch();

  await t.test('importing touched no browser global and no WebAssembly API', () => {
    assert.deepEqual(touched, []);
    assert.deepEqual(Object.getOwnPropertyNames(globalThis).sort(), globalsBefore);
  });

  const x = { data: new Float32Array(36), shape: [1, 6, 6] };
  const calls = {
    maxPool1d: () => pg.maxPool1d(x, { kernelSize: 2 }),
    maxPool2d: () => pg.maxPool2d(x, { kernelSize: 2 }),
    maxPool3d: () => pg.maxPool3d(x, { kernelSize: 2 }),
    maxPool2dBackward: () => pg.maxPool2dBackward(x, x, [1, 6, 6], { kernelSize: 2 }),
    avgPool1d: () => pg.avgPool1d(x, { kernelSize: 2 }),
    avgPool3dBackward: () => pg.avgPool3dBackward(x, [1, 6, 6], { kernelSize: 2 }),
    routingCounts: () => pg.routingCounts(x, { op: 'maxPool2d', kernelSize: 2 }),
    outputShape: () => pg.outputShape([1, 6, 6], { op: 'maxPool2d', kernelSize: 2 }),
    'maxPool2d with bad arguments': () => pg.maxPool2d(null, null),
  };
  const notReady = (name) => (error) =>
    error.constructor === Error && error.message.includes(`${name.split(' ')[0]}()`) && /await init\(\)/.test(error.message);

  await t.test('every function throws an Error saying to await init() first', () => {
    for (const [name, call] of Object.entries(calls)) assert.throws(call, notReady(name), name);
  });

  await t.test('init() returns one promise; functions stay unavailable until it resolves', async () => {
    const unwatchInit = watchGlobals(); // a control: the same watch does see init() compile the wasm
    const first = pg.init();
    assert.ok(first instanceof Promise);
    assert.equal(pg.init(), first);
    assert.throws(calls.maxPool2d, notReady('maxPool2d'));
    assert.equal(await first, undefined);
    unwatchInit();
    assert.ok(touched.some((name) => name.startsWith('WebAssembly.instantiate')), `init() used ${touched}`);
    assert.equal(pg.init(), first);
    assert.deepEqual(pg.maxPool2d(x, { kernelSize: 2 }).output.shape, [1, 3, 3]);
  });
});
