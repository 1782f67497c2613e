// The shipped declarations, found as a consumer finds them (the package name 'poolgrad' and
// 'poolgrad/widget', resolved through package.json "exports"), type-check consumers of every
// export under tsc --noEmit --strict: the library alone without the DOM library (tsconfig.json:
// consumer.ts), and the library and the widget in a page, with the DOM library (consumer.ts +
// widget.ts), with Node's and with a bundler's module resolution (tsconfig.dom.json,
// tsconfig.bundler.json). Their @ts-expect-error lines prove misuse is rejected.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { REPO } from './fixture_cases.mjs';

for (const config of ['tsconfig.json', 'tsconfig.dom.json', 'tsconfig.bundler.json']) {
  test(`tsc --noEmit --strict -p tests/js/types/${config}`, () => {
    const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', `tests/js/types/${config}`], { cwd: REPO, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
}
