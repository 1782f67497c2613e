// The runtime exports of each entry are exactly the values its .d.ts declares: a name exported
// but not declared is invisible to TypeScript users; a name declared but not exported type-checks
// and then fails at run time. Read at run time: Object.keys of the imported module (and, for the
// objects it exports, such as the onnx and tensorflow namespaces, their keys, recursively; for a
// function, how many parameters it names). Read from the declarations with the TypeScript
// compiler API (tests/js/types/declared.mjs): the module's exported symbols that are values (not
// types or interfaces), and the properties and call signatures of their declared types.
//
// The widget's module defines a custom element when imported, so Node needs the two globals that
// takes: an HTMLElement to extend and a customElements registry. The stand-ins below are only
// that (nothing of the element runs but its constructor, to list the fields it creates).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ENTRIES, declarations, declaredValues, repo, ts } from './types/declared.mjs';

// The custom element reactions the browser calls (HTML's "custom element reactions"): methods of
// the runtime class that are a protocol with the browser, not API, so no .d.ts declares them.
const CUSTOM_ELEMENT_REACTIONS = new Set(['connectedCallback', 'disconnectedCallback', 'adoptedCallback', 'attributeChangedCallback']);

function defineElementGlobals() {
  if (typeof globalThis.HTMLElement !== 'function') {
    globalThis.HTMLElement = class HTMLElement {
      attachShadow() { return {}; }
    };
  }
  if (typeof globalThis.customElements !== 'object') {
    const registry = new Map();
    globalThis.customElements = { get: (name) => registry.get(name), define: (name, cls) => registry.set(name, cls) };
  }
}

const sorted = (names) => [...names].sort();

/** Asserts two name sets equal, saying which names are on one side only. */
function assertSameNames(runtime, declared, what) {
  const onlyRuntime = sorted(runtime.filter((n) => !declared.includes(n)));
  const onlyDeclared = sorted(declared.filter((n) => !runtime.includes(n)));
  assert.deepEqual({ onlyRuntime, onlyDeclared }, { onlyRuntime: [], onlyDeclared: [] }, what);
}

const isObjectLike = (v) => (typeof v === 'object' && v !== null) || typeof v === 'function';

/**
 * A value and its declared type have the same property names, and so do their properties that
 * are objects or functions (the namespaces: onnx.MaxPool and onnx.MaxPool.backward, tensorflow.maxPool).
 */
function assertSameMembers(checker, value, type, path) {
  if (typeof value === 'function') {
    // and a function names as many parameters as its longest declared signature (the library's
    // functions have no default or rest parameters, which Function.length would not count)
    const longest = Math.max(...type.getCallSignatures().map((s) => s.getParameters().length));
    assert.equal(value.length, longest, `${path}: runtime parameters = the longest declared signature's`);
  }
  const declared = checker.getPropertiesOfType(type);
  assertSameNames(Object.keys(value), declared.map((p) => p.name), `${path}: runtime keys = declared properties`);
  for (const property of declared) {
    const member = value[property.name];
    if (isObjectLike(member)) assertSameMembers(checker, member, checker.getTypeOfSymbol(property), `${path}.${property.name}`);
  }
}

/** The own property names of `object` and of its prototypes below `base` (the element's own class chain). */
function namesUpTo(object, base) {
  const names = new Set();
  for (let o = object; o && o !== base; o = Object.getPrototypeOf(o)) Object.getOwnPropertyNames(o).forEach((n) => names.add(n));
  return [...names];
}

/**
 * A class: its statics (the constructor's names but a function's length, name, prototype), and
 * its instances' public members (the prototypes' methods and accessors and the fields the
 * constructor creates, without the _private ones and the custom element reactions) equal the
 * members its declaration lists, except declarations that only narrow an inherited member's type
 * (addEventListener's overloads for the element's events), which must exist on the base type.
 */
function assertSameClassMembers(checker, cls, symbol, path) {
  const staticType = checker.getTypeOfSymbol(symbol);
  const declaredStatics = checker.getPropertiesOfType(staticType).map((p) => p.name).filter((n) => n !== 'prototype');
  const runtimeStatics = namesUpTo(cls, globalThis.HTMLElement).filter((n) => !['length', 'name', 'prototype'].includes(n));
  assertSameNames(runtimeStatics, declaredStatics, `${path} statics`);

  const instanceType = checker.getDeclaredTypeOfSymbol(symbol);
  const [baseType] = checker.getBaseTypes(instanceType);
  const own = [...symbol.members.values()].map((m) => m.name).filter((n) => n !== '__constructor');
  const refinements = own.filter((n) => baseType && checker.getPropertyOfType(baseType, n));
  const declared = own.filter((n) => !refinements.includes(n));
  const isPublic = (n) => !n.startsWith('_') && n !== 'constructor' && !CUSTOM_ELEMENT_REACTIONS.has(n);
  const runtime = [...new Set([...namesUpTo(cls.prototype, globalThis.HTMLElement.prototype), ...Object.keys(new cls())])].filter(isPublic);
  assertSameNames(runtime, declared, `${path} instance members`);
}

const decl = declarations();
const { checker } = decl;

for (const entry of ENTRIES) {
  test(`${entry.name}: the runtime exports (${entry.runtime}) are the values ${entry.declared} declares`, async () => {
    if (entry.name === 'poolgrad/widget') defineElementGlobals();
    const runtime = await import(`${repo}${entry.runtime}`);
    const declared = declaredValues(decl, entry.declared);
    assertSameNames(Object.keys(runtime), [...declared.keys()], `${entry.name}: exports`);
    for (const [name, symbol] of declared) {
      const value = runtime[name];
      if (symbol.flags & ts.SymbolFlags.Class) assertSameClassMembers(checker, value, symbol, `${entry.name}.${name}`);
      else if (isObjectLike(value)) assertSameMembers(checker, value, checker.getTypeOfSymbol(symbol), `${entry.name}.${name}`);
    }
  });
}

test('the comparison sees what it compares: namespaces, members and a class are read on both sides', async () => {
  defineElementGlobals();
  const lib = await import(`${repo}web/lib/index.js`);
  const widget = await import(`${repo}web/widget/index.js`);
  const libDeclared = declaredValues(decl, 'web/lib/index.d.ts');
  const onnxType = checker.getTypeOfSymbol(libDeclared.get('onnx'));
  const maxPool = checker.getPropertyOfType(onnxType, 'MaxPool');
  assert.deepEqual(checker.getPropertiesOfType(checker.getTypeOfSymbol(maxPool)).map((p) => p.name), ['backward']);
  assert.deepEqual(Object.keys(lib.onnx.MaxPool), ['backward']);
  assert.ok(!libDeclared.has('Tensor') && !libDeclared.has('OnnxAutoPad'), 'interfaces and type aliases are not values');
  // a member missing on either side is reported, by name; so is a parameter too few
  assert.throws(() => assertSameMembers(checker, (input) => input, checker.getTypeOfSymbol(libDeclared.get('maxPool2d')), 'maxPool2d'),
    /maxPool2d: runtime parameters/);
  assert.throws(() => assertSameMembers(checker, { ...lib.tensorflow, extra: () => 0 }, checker.getTypeOfSymbol(libDeclared.get('tensorflow')), 'tensorflow'),
    /extra/);
  const widgetDeclared = declaredValues(decl, 'web/widget/index.d.ts');
  assert.ok(widgetDeclared.get('PoolGrad') === widgetDeclared.get('PoolGradElement'), 'the alias resolves to the class');
  class Bigger extends widget.PoolGrad { get extraProperty() { return 1; } }
  assert.throws(() => assertSameClassMembers(checker, Bigger, widgetDeclared.get('PoolGrad'), 'Bigger'), /extraProperty/);
});
