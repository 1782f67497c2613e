// Every case of the PyTorch fixture files, through the public API ('poolgrad') on the wasm build,
// judged by the runner the case checker uses (scripts/lib/fixture-cases.mjs). This is the one
// place the wasm build runs the fixtures (the native build: tests/cpp/test_fixture_cases.cpp).
// Test names and counts come from the files. Also checks that the runner itself catches a wrong
// number, a wrong index and a wrongly accepted configuration.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as api from 'poolgrad';
import { loadCases, runCase, runCases, SUPPORTED_OPS } from './fixture_cases.mjs';

before(() => api.init());

for (const file of ['cases_seed.json', 'cases_public.json']) {
  const cases = loadCases(file);
  for (const op of Object.keys(SUPPORTED_OPS)) {
    const ofOp = cases.filter((c) => c.op === op && !c.pytorch_crash);
    if (ofOp.length === 0) continue;
    const valid = ofOp.filter((c) => !('error' in c)).length;
    test(`${file}: ${op}, ${valid} valid and ${ofOp.length - valid} rejected cases`, () => {
      const summary = runCases(api, ofOp);
      assert.deepEqual(summary.failures, []);
      assert.equal(summary.passed, ofOp.length);
    });
  }
  const crashes = cases.filter((c) => c.pytorch_crash);
  if (crashes.length > 0) {
    test(`${file}: ${crashes.length} configuration(s) that crashed PyTorch run and give the reference results`, () => {
      for (const c of crashes) assert.deepEqual(runCase(api, c).problems, []);
    });
  }
}

test('the public file covers every supported op with valid cases, and holds no other op', () => {
  const cases = loadCases('cases_public.json');
  assert.deepEqual([...new Set(cases.map((c) => c.op))].sort(), Object.keys(SUPPORTED_OPS).sort());
  for (const op of Object.keys(SUPPORTED_OPS)) {
    assert.ok(cases.some((c) => c.op === op && !('error' in c)), `${op} has valid cases`);
  }
  for (const family of ['max_pool', 'avg_pool', 'max_unpool']) {
    for (const d of [2, 3]) assert.ok(cases.some((c) => c.op === `${family}${d}d` && 'error' in c), `${family}${d}d has rejected cases`);
  }
  assert.deepEqual(cases.filter((c) => !(c.op in SUPPORTED_OPS)), []);
});

test('unsupported ops are reported as unsupported, not run', () => {
  const r = runCase(api, { id: 'x', op: 'median_pool2d', args: {}, input_shape: [1, 1, 1], input: [0] });
  assert.equal(r.status, 'unsupported');
});

test('the runner names the case and the element of a disagreement', () => {
  const [c] = loadCases('cases_seed.json').filter((x) => x.id === 'seed-0-0001');
  const wrongOutput = { ...c, output: c.output.map((v, i) => (i === 7 ? v + 1 : v)) };
  assert.match(runCase(api, wrongOutput).problems.join(), /seed-0-0001: output\[0, 1, 2\] \(flat 7\) = 8, expected 9/);
  const wrongIndex = { ...c, indices: c.indices.map((v, i) => (i === 0 ? 7 : v)) };
  assert.match(runCase(api, wrongIndex).problems.join(), /seed-0-0001: indices\[0, 0, 0\] \(flat 0\) = 6, expected 7/);
  const wrongGrad = { ...c, grad_input: c.grad_input.map((v, i) => (i === 35 ? v + 1e-4 : v)) };
  assert.match(runCase(api, wrongGrad).problems.join(), /seed-0-0001: grad_input\[0, 5, 5\] \(flat 35\)/);
  const withinTolerance = { ...c, grad_input: c.grad_input.map((v) => v * (1 + 5e-6)) };
  assert.equal(runCase(api, withinTolerance).status, 'passed');
  const mustReject = { ...c, error: 'made up' };
  assert.match(runCase(api, mustReject).problems.join(), /accepted a configuration that must be rejected/);
});
