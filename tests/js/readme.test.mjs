// The documents against the package they describe, so that they cannot drift from it:
// - every `poolgrad@X.Y.Z` (CDN URLs, snippets) outside CHANGELOG.md is package.json's version, so
//   a version bump fails here until the docs follow, and CHANGELOG.md has a section for it;
// - every CDN URL into the package names a path the package exports (no source-tree paths);
// - every relative link points to an existing file, and every `#anchor` to a heading;
// - the README names every Debian package scripts/ensure.sh installs;
// - every README code block marked `<!-- readme-test: run -->` runs against the built library
//   ('poolgrad' resolved exactly as a consumer's import is, through package.json's exports), and
//   each of its lines `console.log(...); //=> VALUE` prints VALUE (the text before the first ': '
//   of the comment, compared without whitespace; arrays as [a, b], strings quoted, BigInts as 1n).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const PKG = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
const DOCS = ['README.md', 'CHANGELOG.md', 'SECURITY.md',
  ...readdirSync(join(REPO, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const read = (file) => readFileSync(join(REPO, file), 'utf8');

// Prose only: fenced blocks and inline code hold examples, not links.
const prose = (text) => text.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');

// GitHub's heading anchors: lower case, punctuation dropped (but - and _), spaces to -.
const anchorOf = (heading) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
const anchorsOf = (text) => new Set([...text.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6}\s+(.+)$/gm)]
  .map((m) => anchorOf(m[1])));

// Every string target of package.json's exports, without its leading './'.
const exportedFiles = (node) => typeof node === 'string' ? [node.replace(/^\.\//, '')]
  : Object.values(node ?? {}).flatMap(exportedFiles);

test('every poolgrad@X.Y.Z in the docs is package.json\'s version', () => {
  let seen = 0;
  for (const file of DOCS.filter((f) => f !== 'CHANGELOG.md')) { // a changelog names old versions
    for (const m of read(file).matchAll(/poolgrad@(\d+\.\d+\.\d+[\w.+-]*)/g)) {
      seen++;
      assert.equal(m[1], PKG.version, `${file}: ${m[0]} but package.json's version is ${PKG.version}`);
    }
  }
  assert.ok(seen >= 2, 'the README\'s CDN snippets (library and widget) name a version');
});

test('CHANGELOG.md has Unreleased and a section for package.json\'s version, each with its link', () => {
  const log = read('CHANGELOG.md');
  for (const name of ['Unreleased', PKG.version]) {
    assert.match(log, new RegExp(`^## \\[${name.replace(/\./g, '\\.')}\\]`, 'm'), `no "## [${name}]" section`);
    assert.match(log, new RegExp(`^\\[${name.replace(/\./g, '\\.')}\\]: https://`, 'm'), `no link reference for [${name}]`);
  }
});

test('every CDN URL into the package names a file the package exports', () => {
  const exported = new Set(exportedFiles(PKG.exports));
  let seen = 0;
  for (const file of DOCS) {
    for (const m of read(file).matchAll(/https:\/\/cdn\.jsdelivr\.net\/npm\/poolgrad@[^/\s'"]+\/([^\s'"<>)]+)/g)) {
      seen++;
      assert.ok(exported.has(m[1]), `${file}: ${m[0]} is not one of the exported files ${[...exported].join(', ')}`);
    }
  }
  assert.ok(seen >= 2, 'the README shows the library and the widget from a CDN');
});

test('every relative link points to an existing file, every #anchor to a heading', () => {
  for (const file of DOCS) {
    const text = read(file);
    const links = [...prose(text).matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)|^\[[^\]]+\]:\s*(\S+)/gm)]
      .map((m) => m[1] ?? m[2]);
    for (const link of links) {
      if (/^[a-z][a-z+.-]*:/i.test(link)) continue; // https:, mailto:: not files
      const [path, anchor] = link.split('#');
      const target = path === '' ? file : relative(REPO, join(REPO, dirname(file), decodeURI(path)));
      assert.ok(existsSync(join(REPO, target)), `${file}: the link ${link} points to a missing ${target}`);
      if (anchor !== undefined && target.endsWith('.md')) {
        assert.ok(anchorsOf(read(target)).has(anchor), `${file}: the link ${link} names no heading of ${target}`);
      }
    }
  }
});

test('the README names every Debian package scripts/ensure.sh installs', () => {
  const readme = read('README.md');
  const listed = readme.slice(readme.search(/Debian\s+packages\s+\(/), readme.search(/and\s+the\s+npm\s+packages/));
  assert.ok(listed.length > 0, 'the README lists the Debian packages before "and the npm packages"');
  const named = new Set([...listed.matchAll(/`([^`]+)`/g)].map((m) => m[1]));
  const installed = [...read('scripts/ensure.sh').matchAll(/missing\+=\(([\w.+-]+)\)/g)].map((m) => m[1]);
  assert.ok(installed.length > 0);
  for (const pkg of installed) assert.ok(named.has(pkg), `README.md does not name ${pkg}, which ensure.sh installs`);
});

// The blocks of a document marked runnable, each with the line number of its first line.
function runnableBlocks(text) {
  const blocks = [];
  const re = /^<!-- readme-test: run -->\n```js\n([\s\S]*?)^```$/gm;
  for (const m of text.matchAll(re)) {
    blocks.push({ code: m[1], line: text.slice(0, m.index).split('\n').length + 2 });
  }
  return blocks;
}

// How a printed value is written in a `//=>` comment.
function show(value) {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return `[${Array.from(value, show).join(',')}]`;
  return String(value);
}

// Imports of the package become the URLs a consumer's import resolves to; each `//=>` line's
// console.log reports its line instead of printing.
function instrument(code, firstLine) {
  return code.split('\n').map((line, i) => {
    const withPackage = line.replace(/from '(poolgrad(?:\/[\w-]+)?)'/g,
      (_, spec) => `from '${import.meta.resolve(spec)}'`);
    if (!withPackage.includes('//=>')) return withPackage;
    assert.match(withPackage, /^\s*console\.log\(/, `line ${firstLine + i}: a //=> comment belongs on a console.log line`);
    return withPackage.replace('console.log(', `globalThis.readmePrint(${firstLine + i}, `);
  }).join('\n');
}

function expectations(code, firstLine) {
  const expected = new Map();
  code.split('\n').forEach((line, i) => {
    const comment = line.split('//=>')[1];
    if (comment !== undefined) expected.set(firstLine + i, comment.split(': ')[0].replace(/\s/g, ''));
  });
  return expected;
}

test('the README\'s first code block after the install line is runnable', () => {
  const readme = read('README.md');
  const install = readme.indexOf('npm install poolgrad');
  assert.ok(install > 0 && install < readme.indexOf('\n## '), 'npm install poolgrad is on the first screen');
  const next = readme.indexOf('```js', install);
  assert.equal(readme.slice(0, next).trimEnd().split('\n').at(-1), '<!-- readme-test: run -->');
  assert.ok(runnableBlocks(readme).length >= 2);
});

for (const { code, line } of runnableBlocks(read('README.md'))) {
  test(`README.md:${line}: the example runs and prints what its comments say`, async () => {
    const expected = expectations(code, line);
    assert.ok(expected.size > 0, 'a runnable example states what it prints');
    const printed = new Map();
    globalThis.readmePrint = (at, ...values) => {
      assert.ok(!printed.has(at), `line ${at} printed twice`);
      printed.set(at, values.map(show).join(','));
    };
    try {
      await import(`data:text/javascript,${encodeURIComponent(instrument(code, line))}`);
    } finally {
      delete globalThis.readmePrint;
    }
    for (const [at, text] of expected) {
      assert.equal(printed.get(at), text, `README.md:${at} prints ${printed.get(at)}, its comment says ${text}`);
    }
  });
}
