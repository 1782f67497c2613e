// scripts/check-cases.mjs, wasm side (the native side needs the native build; npm test runs both):
// the text report and its last line, --json, a disagreement named by case id and element with
// exit status 1, and usage errors with exit status 2.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadCases, REPO } from './fixture_cases.mjs';

const checkCases = (...args) =>
  spawnSync(process.execPath, ['scripts/check-cases.mjs', ...args], { cwd: REPO, encoding: 'utf8' });
const scratch = mkdtempSync(join(tmpdir(), 'poolgrad-check-cases-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

test('text report: a line per op and build, crash cases apart, totals last', () => {
  const r = checkCases('cases_public.json', '--build', 'wasm');
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.ok(lines.includes('wasm   max_pool2d             152 passed / 0 failed / 0 unsupported'), r.stdout);
  assert.ok(lines.includes('wasm   lp_pool2d              25 passed / 0 failed / 0 unsupported'), r.stdout);
  assert.ok(lines.includes('wasm   max_unpool2d           20 passed / 0 failed / 0 unsupported'), r.stdout);
  assert.match(r.stdout, /pytorch_crash case max2-20261126-crash0 \(run, not scored\): ok/);
  assert.equal(lines.at(-1), '807 passed, 0 failed, 0 skipped');
});

test('--json: one object with per-build and per-op counts', () => {
  const r = checkCases('--json', '--build=wasm', 'cases_public.json');
  assert.equal(r.status, 0, r.stderr);
  const { builds } = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(builds), ['wasm']);
  const { passed, failed, unsupported, ops, crash_cases: crashCases } = builds.wasm;
  assert.deepEqual({ passed, failed, unsupported }, { passed: 807, failed: 0, unsupported: 0 });
  assert.deepEqual(ops.avg_pool3d, { passed: 58, failed: 0, unsupported: 0 });
  assert.deepEqual(ops.fractional_max_pool3d, { passed: 10, failed: 0, unsupported: 0 });
  assert.equal(Object.keys(ops).length, 20);
  assert.deepEqual(crashCases, [{ id: 'max2-20261126-crash0', ok: true }]);
});

test('a disagreement fails the run and is named by case id and element', () => {
  const cases = loadCases('cases_seed.json');
  cases[1].output[3] = 7; // seed-0-0001, output[0, 0, 3] is 8
  cases[2].error = 'this configuration is valid, so rejecting is expected to fail';
  const file = join(scratch, 'broken.json');
  writeFileSync(file, JSON.stringify(cases));
  const r = checkCases(file, '--build', 'wasm');
  assert.equal(r.status, 1);
  assert.match(r.stdout, /seed-0-0001: output\[0, 0, 3\] \(flat 3\) = 8, expected 7/);
  assert.match(r.stdout, /seed-0-0002: avgPool2d accepted a configuration that must be rejected/);
  assert.equal(r.stdout.trim().split('\n').at(-1), '2 passed, 2 failed, 0 skipped');
  const json = checkCases(file, '--build', 'wasm', '--json');
  assert.equal(json.status, 1);
  assert.equal(JSON.parse(json.stdout).builds.wasm.failures.length, 2);
});

test('usage errors exit with status 2', () => {
  assert.equal(checkCases().status, 2);
  assert.equal(checkCases('no-such-file.json').status, 2);
  assert.equal(checkCases('cases_seed.json', '--build', 'gpu').status, 2);
});
