// scripts/lib/: the option reader every script uses (cli.mjs), the one static server and the one
// Chromium path of the browser tests, the benchmarks and the package tests.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { chromiumPath, DEFAULT_CHROMIUM } from '../../scripts/lib/browser.mjs';
import { readOptions, USAGE_EXIT, wholeNumber } from '../../scripts/lib/cli.mjs';
import { REPO } from '../../scripts/lib/fixture-cases.mjs';
import { serveStatic } from '../../scripts/lib/static-server.mjs';

// readOptions with the process's exit and console replaced: { result, exit, out, err }.
function read(argv, spec = {}) {
  const seen = { exit: null, out: [], err: [] };
  const result = readOptions({
    name: 'demo',
    usage: 'usage: demo [--runs N] [--fast]',
    options: { runs: { type: 'string', default: '3' }, fast: { type: 'boolean' } },
    argv,
    exit: (code) => { seen.exit = code; return undefined; },
    log: { log: (m) => seen.out.push(m), error: (m) => seen.err.push(m) },
    ...spec,
  });
  return { result, ...seen };
}

test('readOptions: values and defaults; --help prints the usage and exits 0', () => {
  const values = (argv) => ({ ...read(argv).result.values });
  assert.deepEqual(values(['--runs', '5', '--fast']), { runs: '5', fast: true });
  assert.deepEqual(values([]), { runs: '3' });
  assert.deepEqual(values(['--runs=7']), { runs: '7' });
  const help = read(['--help']);
  assert.equal(help.exit, 0);
  assert.deepEqual(help.out, ['usage: demo [--runs N] [--fast]']);
});

test('readOptions: unknown options, missing values, stray arguments and refused values exit 2', () => {
  assert.equal(USAGE_EXIT, 2);
  for (const argv of [['--bogus'], ['--runs'], ['--runs', '--fast'], ['file.json'], ['--fast=yes']]) {
    const r = read(argv);
    assert.equal(r.exit, 2, argv.join(' '));
    assert.equal(r.result, undefined, argv.join(' '));
    assert.match(r.err.join('\n'), /^demo: [^]+\nusage: demo /, argv.join(' '));
  }
  const refused = read(['--runs', '0'], { check: (v) => (v.runs === '0' ? '--runs must be >= 1' : null) });
  assert.equal(refused.exit, 2);
  assert.equal(refused.err[0], 'demo: --runs must be >= 1\nusage: demo [--runs N] [--fast]');
  const positional = read(['a.json'], { positionals: true });
  assert.deepEqual(positional.result.positionals, ['a.json']);
});

test('wholeNumber: digits only, at least the minimum', () => {
  assert.equal(wholeNumber('21', 15), 21);
  for (const text of [undefined, '', '3', '1e3', '-20', '20.5', ' 20', '0x20', '99999999999999999999']) {
    assert.equal(wholeNumber(text, 15), null, String(text));
  }
});

test('every script and bench with options refuses an unknown option with exit status 2', () => {
  for (const script of ['scripts/check-cases.mjs', 'scripts/serve.mjs', 'scripts/vendor-katex.mjs',
    'bench/core-peers.mjs', 'bench/browser-speed.mjs']) {
    const r = spawnSync(process.execPath, [script, '--no-such-option'], { cwd: REPO, encoding: 'utf8' });
    assert.equal(r.status, 2, `${script}: ${r.stderr}`);
    assert.match(r.stderr, /Unknown option '--no-such-option'[^]*\nusage: /, script);
  }
  // the bench's --reps without a value is an error, not whatever argument follows
  const reps = spawnSync(process.execPath, ['bench/core-peers.mjs', '--reps'], { cwd: REPO, encoding: 'utf8' });
  assert.equal(reps.status, 2, reps.stderr);
});

test('chromiumPath: $CHROMIUM_PATH when set, else Debian\'s', () => {
  assert.equal(DEFAULT_CHROMIUM, '/usr/bin/chromium');
  assert.equal(chromiumPath({}), DEFAULT_CHROMIUM);
  assert.equal(chromiumPath({ CHROMIUM_PATH: '' }), DEFAULT_CHROMIUM);
  assert.equal(chromiumPath({ CHROMIUM_PATH: '/opt/chrome/chrome' }), '/opt/chrome/chrome');
});

// ---- the static server ----

const root = mkdtempSync(join(tmpdir(), 'poolgrad-static-'));
mkdirSync(join(root, 'site', 'sub'), { recursive: true });
writeFileSync(join(root, 'site', 'index.html'), '<p>home</p>');
writeFileSync(join(root, 'site', 'sub', 'a.mjs'), 'export {};');
writeFileSync(join(root, 'secret.txt'), 'outside the root');
after(() => rmSync(root, { recursive: true, force: true }));

// A raw GET (the path is sent as written, unlike fetch, which normalises "..").
function get(origin, path) {
  return new Promise((resolve, reject) => {
    const req = request(`${origin}/`, { path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('serveStatic: files with their type and the given headers; index.html for a directory', async () => {
  const server = await serveStatic(join(root, 'site'), { headers: { 'Content-Security-Policy': "script-src 'self'" } });
  try {
    assert.match(server.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(server.url, server.origin);
    const home = await get(server.origin, '/');
    assert.deepEqual([home.status, home.body, home.headers['content-type']], [200, '<p>home</p>', 'text/html; charset=utf-8']);
    assert.equal(home.headers['content-security-policy'], "script-src 'self'");
    const mod = await get(server.origin, '/sub/a.mjs?v=1');
    assert.deepEqual([mod.status, mod.headers['content-type']], [200, 'text/javascript; charset=utf-8']);
    assert.equal((await get(server.origin, '//host.example/index.html')).body, '<p>home</p>', 'a //host path is a path here');
    assert.equal((await get(server.origin, '/missing.js')).status, 404);
    // never a file outside the root: ".." is resolved by the URL (404 inside the root) or, hidden
    // in an escaped slash, refused
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/sub/../../secret.txt']) {
      assert.equal((await get(server.origin, path)).status, 404, path);
    }
    assert.equal((await get(server.origin, '/..%2fsecret.txt')).status, 403);
    assert.equal((await get(server.origin, '/%E0%A4%A')).status, 400);
  } finally {
    await server.close();
  }
});

test('serveStatic: a prefix (CDN-style URLs) and in-memory pages', async () => {
  const server = await serveStatic(join(root, 'site'), {
    prefix: '/cdn/pkg@1.0.0/',
    extra: { '/host.html': { type: 'text/html', body: '<p>host</p>' } },
    headers: { 'Access-Control-Allow-Origin': '*' },
  });
  try {
    const mod = await get(server.origin, '/cdn/pkg@1.0.0/sub/a.mjs');
    assert.deepEqual([mod.status, mod.body, mod.headers['access-control-allow-origin']], [200, 'export {};', '*']);
    assert.equal((await get(server.origin, '/sub/a.mjs')).status, 404, 'outside the prefix');
    const host = await get(server.origin, '/host.html');
    assert.deepEqual([host.status, host.body, host.headers['content-type']], [200, '<p>host</p>', 'text/html']);
  } finally {
    await server.close();
  }
});
