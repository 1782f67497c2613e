#!/usr/bin/env node
// check-cases FILE.json [--build native|wasm|both] [--json]
// Runs every case of a PyTorch fixture file through the native core (build/native/check_cases)
// and through the wasm module via the public library API ('poolgrad'), and reports per op and
// build: passed / failed / unsupported. pytorch_crash cases are run and reported apart (not
// scored). The last line is "N passed, M failed, K skipped" (skipped = unsupported, summed over
// the builds run). Exit status: 0 when nothing failed, 1 when something failed, 2 on bad usage.
// FILE may be a path or a name inside $POOLGRAD_FIXTURES (default ../shared/fixtures/pytorch).
// $POOLGRAD_CHECK_CASES_BIN: another native checker than build/native/check_cases (another build
// directory; the tests use a stand-in).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readOptions, USAGE_EXIT } from './lib/cli.mjs';
import { fixturePath, loadCases, REPO, runCases } from './lib/fixture-cases.mjs';

const USAGE = 'usage: npm run check-cases -- FILE.json [--build native|wasm|both] [--json]';
const SHOWN_FAILURES = 5; // disagreements printed per build in the text report

const BUILDS = { native: ['native'], wasm: ['wasm'], both: ['native', 'wasm'] };

// The command line -> { file, builds, json }; a usage error exits with status 2 (cli.mjs).
function readArgs() {
  const { values, positionals } = readOptions({
    name: 'check-cases',
    usage: USAGE,
    options: { build: { type: 'string', default: 'both' }, json: { type: 'boolean', default: false } },
    positionals: true,
    check: (v, files) => {
      if (!Object.hasOwn(BUILDS, v.build)) return `--build must be native, wasm or both, got ${v.build}`;
      if (files.length !== 1) return files.length === 0 ? 'missing FILE.json' : `one FILE.json, got ${files.length}`;
      return null;
    },
  });
  return { file: positionals[0], builds: BUILDS[values.build], json: values.json };
}

// Builds a part with scripts/build.sh when its product is missing (build output goes to stderr).
function ensureBuilt(part, product) {
  if (existsSync(product)) return;
  console.error(`check-cases: ${product} is missing; building it (bash scripts/build.sh ${part})`);
  const r = spawnSync('bash', ['scripts/build.sh', part], { cwd: REPO, stdio: ['ignore', 2, 2] });
  if (r.status !== 0 || !existsSync(product)) throw new Error(`building ${part} failed`);
}

function runNative(file) {
  const exe = process.env.POOLGRAD_CHECK_CASES_BIN || join(REPO, 'build/native/check_cases');
  if (!process.env.POOLGRAD_CHECK_CASES_BIN) ensureBuilt('native', exe);
  const r = spawnSync(exe, [file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0 || r.signal) {
    throw new Error(`native check_cases ${r.signal ? `was killed by ${r.signal}` : `exited with ${r.status}`}: ${r.stderr.trim()}`);
  }
  return JSON.parse(r.stdout);
}

async function runWasm(file) {
  ensureBuilt('wasm', join(REPO, 'web/lib/wasm/poolgrad-core.mjs'));
  const api = await import('poolgrad'); // the package itself, through its exports map
  await api.init();
  return runCases(api, loadCases(file));
}

function printText(results) {
  const total = { passed: 0, failed: 0, unsupported: 0 };
  for (const [build, r] of Object.entries(results)) {
    for (const [op, n] of Object.entries(r.ops).sort(([a], [b]) => a.localeCompare(b))) {
      console.log(`${build.padEnd(6)} ${op.padEnd(22)} ${n.passed} passed / ${n.failed} failed / ${n.unsupported} unsupported`);
    }
    for (const c of r.crash_cases) {
      console.log(`${build.padEnd(6)} pytorch_crash case ${c.id} (run, not scored): ${c.ok ? 'ok' : `MISMATCH ${c.message ?? ''}`}`);
    }
    if (r.failures.length > 0) {
      console.log(`${build.padEnd(6)} first disagreements:`);
      for (const f of r.failures.slice(0, SHOWN_FAILURES)) console.log(`  ${f.op} ${f.message}`);
    }
    for (const key of Object.keys(total)) total[key] += r[key];
  }
  console.log(`${total.passed} passed, ${total.failed} failed, ${total.unsupported} skipped`);
}

async function main() {
  const args = readArgs();
  try {
    args.file = fixturePath(args.file);
  } catch (error) {
    console.error(`check-cases: ${error.message}\n${USAGE}`);
    return USAGE_EXIT;
  }
  const results = {};
  let broken = false;
  for (const build of args.builds) {
    try {
      results[build] = build === 'native' ? runNative(args.file) : await runWasm(args.file);
    } catch (error) {
      console.error(`check-cases: ${build}: ${error.message}`);
      broken = true;
    }
  }
  if (args.json) console.log(JSON.stringify({ builds: results }));
  else printText(results);
  const failed = Object.values(results).some((r) => r.failed > 0);
  return failed || broken ? 1 : 0;
}

process.exitCode = await main();
