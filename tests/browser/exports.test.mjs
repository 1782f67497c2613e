// What <pool-grad> hands a page at run time has the keys web/widget/index.d.ts declares: its
// `state`, `results` and `comparison` (with the comparison's columns and reasons) and the details
// of `poolgrad-change` and `poolgrad-error`. Every key the runtime gives is declared, every
// required key is there each time, and every optional key shows up in at least one of the states
// below (so no declaration is stale). The declared keys are read with TypeScript's compiler API
// (tests/js/types/declared.mjs); the runtime's in real Chromium on the built site. (The export
// names themselves: tests/js/exports.test.mjs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, waitReady } from './harness.mjs';
import { declarations, declaredKeys } from '../js/types/declared.mjs';

const decl = declarations();
const declared = (name) => declaredKeys(decl, 'web/widget/index.d.ts', name);

// States that, between them, bring out every optional key: argmax indices (max), divisors
// (avg), the unpooling's source, fractional pooling's samples; a comparison with a column
// TensorFlow rejects (a dilated max pooling) and one whose custom dL/dy does not fit (SAME gives
// TensorFlow a bigger output); an error from the core (with its code) and one from the value
// parser (without one).
const CHANGES = [
  { op: 'max' },
  { op: 'avg' },
  { op: 'max-unpool' },
  { op: 'fractional-max', outputSize: [3] },
  { compare: ['pytorch', 'onnx', 'tensorflow'], dilation: [2] },
  { compare: ['pytorch', 'onnx', 'tensorflow'], kernelSize: [3], stride: [2], tfPadding: 'SAME', grad: 'custom', gradValues: [1, 2, 3, 4] },
];
const ERRORS = [{ kernelSize: [9] }, { op: 'median' }];

let server, browser, seen;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const page = await openPage(browser, `${server.origin}/embed.html?preset=tutorial&lang=en`);
  await waitReady(page);
  // each state set as a page would (the property), read back as a page would (events, properties)
  seen = await page.evaluate(async ([changes, errors]) => {
    const el = document.querySelector('pool-grad');
    const tutorial = el.state; // each change is made to the tutorial's state
    const assert = (ok, what) => { if (!ok) throw new Error(what); };
    const keysOf = (o) => (o && typeof o === 'object' ? Object.keys(o) : null);
    const next = (type, patch) => {
      const got = new Promise((resolve) => el.addEventListener(type, (e) => resolve(e.detail), { once: true }));
      el.state = { ...tutorial, ...patch };
      return got;
    };
    const out = { state: [], change: [], results: [], comparison: [], column: [], reason: [], error: [] };
    for (const patch of changes) {
      const detail = await next('poolgrad-change', patch);
      out.change.push(keysOf(detail));
      out.state.push(keysOf(el.state), keysOf(detail.state));
      out.results.push(keysOf(el.results), keysOf(detail.results));
      const c = el.comparison;
      if (patch.compare) assert(c?.columns.length === patch.compare.length, `${JSON.stringify(patch)}: every column`);
      if (c) {
        out.comparison.push(keysOf(c));
        for (const column of c.columns) out.column.push(keysOf(column));
        for (const reason of c.reasons) out.reason.push(keysOf(reason));
      }
    }
    for (const patch of errors) out.error.push(keysOf(await next('poolgrad-error', patch)));
    return out;
  }, [CHANGES, ERRORS]);
  assert.deepEqual(page.errors, []);
});
after(async () => { await browser?.close(); await server?.close(); });

/** Every sample has the declared required keys and only declared keys; every optional key is seen. */
function assertMatches(samples, typeName) {
  const { required, optional } = declared(typeName);
  assert.ok(samples.length > 0, `${typeName}: the states above give at least one`);
  for (const keys of samples) {
    assert.ok(keys, `${typeName}: an object`);
    const undeclared = keys.filter((k) => !required.includes(k) && !optional.includes(k));
    const missing = required.filter((k) => !keys.includes(k));
    assert.deepEqual({ undeclared, missing }, { undeclared: [], missing: [] }, `${typeName} has keys [${keys}]`);
  }
  const neverSeen = optional.filter((k) => !samples.some((keys) => keys.includes(k)));
  assert.deepEqual(neverSeen, [], `${typeName}: optional keys the runtime never gives`);
}

test('state: the state property and the change event\'s state have exactly the keys of PoolGradState', () => {
  assertMatches(seen.state, 'PoolGradState');
  assert.deepEqual(declared('PoolGradState').optional, [], 'a state read back has every field');
});

test('results: the results property and the change event\'s results are PoolGradResults', () => assertMatches(seen.results, 'PoolGradResults'));

test('comparison: the comparison property, its columns and its reasons', () => {
  assertMatches(seen.comparison, 'PoolGradComparison');
  assertMatches(seen.column, 'PoolGradCompareColumn');
  assertMatches(seen.reason, 'PoolGradCompareReason');
});

test('events: poolgrad-change\'s detail is PoolGradChangeDetail, poolgrad-error\'s PoolGradErrorDetail', () => {
  assertMatches(seen.change, 'PoolGradChangeDetail');
  assertMatches(seen.error, 'PoolGradErrorDetail');
});
