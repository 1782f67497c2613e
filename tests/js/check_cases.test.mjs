// scripts/check-cases.mjs (`npm run check-cases`) on small files: the text report and its last
// line, --json, an unsupported op counted as skipped, a disagreement named by case id and element
// with exit status 1, the native checker's summary merged (a stand-in checker), and usage errors
// with exit status 2. Every fixture case itself runs
// once per build elsewhere (wasm: fixtures.test.mjs; native: Catch2's test_fixture_cases.cpp, whose
// ctest also runs the native checker build/native/check_cases on cases_seed.json). The expected
// counts are read from the files, so a new fixture case changes no line here.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fixturePath, loadCases, REPO } from './fixture_cases.mjs';

const checkCases = (...args) =>
  spawnSync(process.execPath, ['scripts/check-cases.mjs', ...args], { cwd: REPO, encoding: 'utf8' });
const scratch = mkdtempSync(join(tmpdir(), 'poolgrad-check-cases-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

// The raw JSON (NaN stays "nan": the file is written back as it was read).
const readRaw = (name) => JSON.parse(readFileSync(fixturePath(name), 'utf8'));

// A small file: of cases_public.json, the first valid and the first rejected case of every op and
// every configuration that crashed PyTorch, plus one case of an op poolgrad does not have.
const UNKNOWN_OP = { id: 'made-up-median', op: 'median_pool2d', args: {}, input_shape: [1, 1, 1], input: [0] };
function sample() {
  const picked = new Map();
  for (const c of readRaw('cases_public.json')) {
    const key = c.pytorch_crash ? `crash ${c.id}` : `${c.op} ${'error' in c}`;
    if (!picked.has(key)) picked.set(key, c);
  }
  return [...picked.values(), UNKNOWN_OP];
}
const small = sample();
const smallFile = join(scratch, 'small.json');
writeFileSync(smallFile, JSON.stringify(small));

// What the report must say about `cases`: per op the number of scored cases, the crash case ids.
function expectedCounts(cases) {
  const scored = cases.filter((c) => !c.pytorch_crash && c.op !== UNKNOWN_OP.op);
  const perOp = {};
  for (const c of scored) perOp[c.op] = (perOp[c.op] ?? 0) + 1;
  return { perOp, passed: scored.length, crashIds: cases.filter((c) => c.pytorch_crash).map((c) => c.id) };
}
const want = expectedCounts(small);

test('the sample covers every op, valid and rejected cases, and a crash case', () => {
  const ops = new Set(readRaw('cases_public.json').map((c) => c.op));
  assert.deepEqual(Object.keys(want.perOp).sort(), [...ops].sort());
  assert.ok(small.some((c) => 'error' in c) && small.some((c) => !('error' in c)));
  assert.ok(want.crashIds.length >= 1, 'cases_public.json has a pytorch_crash case');
});

test('text report: a line per op and build, crash cases apart, totals last', () => {
  const r = checkCases(smallFile, '--build', 'wasm');
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  for (const [op, n] of Object.entries(want.perOp)) {
    assert.ok(lines.includes(`wasm   ${op.padEnd(22)} ${n} passed / 0 failed / 0 unsupported`), `${op}:\n${r.stdout}`);
  }
  assert.ok(lines.includes(`wasm   ${UNKNOWN_OP.op.padEnd(22)} 0 passed / 0 failed / 1 unsupported`), r.stdout);
  for (const id of want.crashIds) assert.ok(lines.includes(`wasm   pytorch_crash case ${id} (run, not scored): ok`), r.stdout);
  assert.equal(lines.at(-1), `${want.passed} passed, 0 failed, 1 skipped`);
});

test('--json: one object with per-build and per-op counts', () => {
  const r = checkCases('--json', '--build=wasm', smallFile);
  assert.equal(r.status, 0, r.stderr);
  const { builds } = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(builds), ['wasm']);
  const { passed, failed, unsupported, ops, crash_cases: crashCases } = builds.wasm;
  assert.deepEqual({ passed, failed, unsupported }, { passed: want.passed, failed: 0, unsupported: 1 });
  const expectedOps = Object.fromEntries(Object.entries(want.perOp).map(([op, n]) => [op, { passed: n, failed: 0, unsupported: 0 }]));
  expectedOps[UNKNOWN_OP.op] = { passed: 0, failed: 0, unsupported: 1 };
  assert.deepEqual(ops, expectedOps);
  assert.deepEqual(crashCases, want.crashIds.map((id) => ({ id, ok: true })));
});

test('a disagreement fails the run and is named by case id and element', () => {
  const cases = loadCases('cases_seed.json');
  const wrong = cases.findIndex((c) => c.id === 'seed-0-0001');
  const wronglyRejected = cases.findIndex((c) => c.id === 'seed-0-0002');
  assert.equal(cases[wrong].output[3], 8, 'seed-0-0001, output[0, 0, 3] is 8');
  cases[wrong].output[3] = 7;
  cases[wronglyRejected].error = 'this configuration is valid, so rejecting is expected to fail';
  const file = join(scratch, 'broken.json');
  writeFileSync(file, JSON.stringify(cases));
  const r = checkCases(file, '--build', 'wasm');
  assert.equal(r.status, 1);
  assert.match(r.stdout, /seed-0-0001: output\[0, 0, 3\] \(flat 3\) = 8, expected 7/);
  assert.match(r.stdout, /seed-0-0002: avgPool2d accepted a configuration that must be rejected/);
  assert.equal(r.stdout.trim().split('\n').at(-1), `${cases.length - 2} passed, 2 failed, 0 skipped`);
  const json = checkCases(file, '--build', 'wasm', '--json');
  assert.equal(json.status, 1);
  assert.equal(JSON.parse(json.stdout).builds.wasm.failures.length, 2);
});

// The native side, with a stand-in for build/native/check_cases (the real one is ctest's
// check_cases_seed): its JSON summary is reported beside the wasm build's, the totals summed; a
// checker that fails makes the run fail.
test('--build both: the native checker\'s summary beside the wasm build\'s, totals summed', () => {
  const seed = loadCases('cases_seed.json');
  const nativeSummary = {
    passed: seed.length - 1, failed: 1, unsupported: 0, crash_cases: [],
    ops: { max_pool2d: { passed: 1, failed: 1, unsupported: 0 }, avg_pool2d: { passed: seed.length - 2, failed: 0, unsupported: 0 } },
    failures: [{ id: 'seed-0-0000', op: 'max_pool2d', message: 'seed-0-0000: output[0] = 1, expected 2' }],
  };
  const standIn = join(scratch, 'check_cases.mjs');
  writeFileSync(standIn, `#!${process.execPath}\nif (!process.argv[2].endsWith('cases_seed.json')) process.exit(2);\n` +
    `console.log(${JSON.stringify(JSON.stringify(nativeSummary))});\n`, { mode: 0o755 });
  const r = spawnSync(process.execPath, ['scripts/check-cases.mjs', 'cases_seed.json'],
    { cwd: REPO, encoding: 'utf8', env: { ...process.env, POOLGRAD_CHECK_CASES_BIN: standIn } });
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.ok(lines.includes(`native ${'max_pool2d'.padEnd(22)} 1 passed / 1 failed / 0 unsupported`), r.stdout);
  assert.ok(lines.includes('  max_pool2d seed-0-0000: output[0] = 1, expected 2'), r.stdout);
  assert.ok(lines.some((l) => l.startsWith('wasm   max_pool2d ')), r.stdout);
  assert.equal(lines.at(-1), `${seed.length - 1 + seed.length} passed, 1 failed, 0 skipped`);

  const broken = join(scratch, 'broken-checker.mjs');
  writeFileSync(broken, `#!${process.execPath}\nconsole.error('cannot read'); process.exit(2);\n`, { mode: 0o755 });
  const b = spawnSync(process.execPath, ['scripts/check-cases.mjs', 'cases_seed.json', '--build', 'native'],
    { cwd: REPO, encoding: 'utf8', env: { ...process.env, POOLGRAD_CHECK_CASES_BIN: broken } });
  assert.equal(b.status, 1);
  assert.match(b.stderr, /check-cases: native: native check_cases exited with 2: cannot read/);
});

test('usage errors exit with status 2 and print the usage', () => {
  for (const args of [[], ['no-such-file.json'], ['cases_seed.json', '--build', 'gpu'], ['cases_seed.json', '--build'],
    ['cases_seed.json', '--bogus'], ['cases_seed.json', 'cases_seed.json']]) {
    const r = checkCases(...args);
    assert.equal(r.status, 2, `check-cases ${args.join(' ')}`);
    assert.match(r.stderr, /^check-cases: .*\nusage: npm run check-cases -- FILE\.json/, `check-cases ${args.join(' ')}`);
    assert.equal(r.stdout, '');
  }
  const help = checkCases('--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^usage: /);
});
