// The linters `npm run lint` runs can fail: ESLint with the repository's config rejects an unused
// variable, a global the file's area does not have and a stale disable comment, while accepting
// clean code; clang-format with the repository's .clang-format rejects a badly formatted snippet;
// and the lint script's C++ globs reach every C++ source we own.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** ESLint's findings for `code` as if it were the file `path` (relative to the repository). */
async function lint(code, path) {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return result.messages.map((m) => `${m.ruleId ?? 'directive'} ${m.severity === 2 ? 'error' : 'warning'}: ${m.message}`);
}

test('ESLint: an unused variable and a browser-only global in the library are errors', async () => {
  const found = await lint('export function f(x) {\n  const unused = 1;\n  return window.devicePixelRatio * x;\n}\n', 'web/lib/probe.js');
  assert.equal(found.length, 2, found.join('\n'));
  assert.match(found[0], /^no-unused-vars error: 'unused'/);
  assert.match(found[1], /^no-undef error: 'window' is not defined/);
});

test('ESLint: each area has its own globals (browser in the widget, Node in scripts)', async () => {
  assert.deepEqual(await lint('export const width = () => window.innerWidth;\n', 'web/widget/probe.js'), []);
  assert.deepEqual(await lint('export const argv = () => process.argv;\n', 'scripts/probe.mjs'), []);
  const found = await lint('export const title = () => document.title;\n', 'scripts/probe.mjs');
  assert.match(found.join('\n'), /^no-undef error: 'document' is not defined/);
});

test('ESLint: a NaN test by self-comparison needs its reason, and a stale disable comment fails', async () => {
  const bare = await lint('export const isNaNValue = (v) => v !== v;\n', 'web/widget/probe.js');
  assert.match(bare.join('\n'), /^no-self-compare error/);
  const marked = 'export const isNaNValue = (v) => v !== v; // eslint-disable-line no-self-compare\n';
  assert.deepEqual(await lint(marked, 'web/widget/probe.js'), []);
  const stale = await lint('export const one = 1; // eslint-disable-line no-self-compare\n', 'web/widget/probe.js');
  assert.match(stale.join('\n'), /^directive error: Unused eslint-disable directive/);
});

/** clang-format's exit status checking `code` as the C++ file `path` (so it finds .clang-format). */
function clangFormatStatus(code, path) {
  const run = spawnSync('clang-format', ['--dry-run', '-Werror', `--assume-filename=${join(root, path)}`], {
    input: code,
    encoding: 'utf8',
  });
  assert.equal(run.error, undefined, `clang-format could not run: ${run.error}`);
  return run.status;
}

test('clang-format: a badly formatted snippet fails, a formatted one passes', () => {
  assert.notEqual(clangFormatStatus('int  add( int a,int b ){return a+b;}\n', 'cpp/probe.cpp'), 0);
  assert.equal(clangFormatStatus('int add(int a, int b) { return a + b; }\n', 'cpp/probe.cpp'), 0);
  // 94 columns: too long for clang-format's default 80, within the repository's 100, so this
  // passes only with the repository's .clang-format
  const wide = `int wide(int first_argument, int second_argument) { return first_argument + second_argument; }\n`;
  assert.equal(wide.length - 1, 94);
  assert.equal(clangFormatStatus(wide, 'cpp/probe.cpp'), 0);
});

test('the lint script checks every C++ source under cpp/, tests/ and bench/', () => {
  const script = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.lint;
  const globs = script.slice(script.indexOf('clang-format')).split(/\s+/).filter((w) => /\.(cpp|h)$/.test(w));
  // a shell glob as a RegExp: `*` matches within one directory
  const patterns = globs.map((g) => new RegExp(`^${g.replace(/[.]/g, '\\.').replace(/\*/g, '[^/]*')}$`));
  const sources = ['cpp', 'tests', 'bench']
    .flatMap((dir) => readdirSync(join(root, dir), { recursive: true }).map((f) => relative(root, join(root, dir, f))))
    .filter((f) => /\.(cpp|cc|h|hpp)$/.test(f) && !/(^|\/)(node_modules|corpus)\//.test(f));
  assert.ok(sources.length > 30, `only ${sources.length} C++ files found`);
  const missed = sources.filter((f) => !patterns.some((p) => p.test(f)));
  assert.deepEqual(missed, [], `npm run lint does not check ${missed.join(', ')}`);
});
