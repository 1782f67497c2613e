// The scratch project's Node worker_threads check: node node-worker.mjs PATH/TO/cases_seed.json
// The main thread starts this same file as a worker; the worker imports 'poolgrad' (the package's
// dist/poolgrad.js, its wasm read from the file: URL beside it) and posts the example back.
import { readFileSync } from 'node:fs';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { checkExample, computeExample } from './example.js';

if (isMainThread) {
  const seedCases = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  const worker = new Worker(new URL(import.meta.url));
  worker.once('error', (error) => {
    console.error(`the worker failed: ${error?.stack ?? error}`);
    process.exit(1);
  });
  worker.once('message', (results) => {
    const problems = checkExample(results, seedCases);
    if (problems.length > 0) {
      console.error(problems.join('\n'));
      process.exit(1);
    }
    console.log(`ok: a worker_threads worker computed the tutorial example; max k2 s2 grad_input ${JSON.stringify(results['seed-0-0000'].gradInput)}`);
  });
} else {
  const poolgrad = await import('poolgrad');
  parentPort.postMessage(await computeExample(poolgrad));
}
