// The shipped declarations (web/lib/index.d.ts, found through package.json "exports") type-check
// a consumer of every export under tsc --noEmit --strict, with Node's and a bundler's module
// resolution; its @ts-expect-error lines prove misuse is rejected.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { REPO } from './fixture_cases.mjs';

for (const config of ['tsconfig.json', 'tsconfig.bundler.json']) {
  test(`tsc --noEmit --strict -p tests/js/types/${config}`, () => {
    const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', `tests/js/types/${config}`], { cwd: REPO, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
}
