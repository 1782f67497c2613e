// Every result part at its largest, again and again, never exhausts the 2 GB wasm memory
// (-sMAXIMUM_MEMORY; with 1 GB the module aborted in the second round).
// The core is built without exceptions, so an allocation that fails would abort the module; the
// bindings therefore free a buffer above 16 MiB after its call (embind.cpp, kKeptCapacity)
// instead of keeping every part's largest capacity (13 buffers of up to 2^24 elements).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as pg from '../../web/lib/index.js'; // the instance loader.js's test hooks see
import { heapBytes } from '../../web/lib/loader.js';

before(async () => { await pg.init(); });

const N = 1 << 24; // the core's element cap
const MiB = 1024 * 1024;

test('max-size calls through every result part, three times over, never abort the module, and it still answers', (t) => {
  const x = { data: new Float32Array(N).fill(1), shape: [1, 1, N] };
  const opts = { kernelSize: 1 };
  for (let round = 0; round < 3; round++) {
    const { output, indices } = pg.maxPool1d(x, opts); // input, output, argmax
    pg.maxPool1dBackward(output, indices, x.shape, opts); // grad_output, indices, grad_input
    pg.routingCounts(x, { op: 'avgPool1d', kernelSize: 1 }); // counts, divisors
    pg.poolWindows(x.shape, { op: 'maxPool1d', kernelSize: 1 }); // offsets, cells (kept, these aborted)
    const y = pg.avgPool1d(x, opts);
    pg.avgPool1dBackward(y, x.shape, opts);
  }
  t.diagnostic(`wasm heap after three rounds: ${(heapBytes() / MiB).toFixed(0)} MiB (limit 2048)`);
  const small = pg.maxPool2d({ data: Float32Array.from({ length: 16 }, (_, i) => i), shape: [1, 4, 4] }, { kernelSize: 2 });
  assert.deepEqual(Array.from(small.output.data), [5, 7, 13, 15]);
});
