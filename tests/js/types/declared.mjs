// What the shipped declarations declare, read with the TypeScript compiler API (typescript is a
// devDependency): the exported values of an entry's .d.ts, and the property names of a declared
// interface. The export-set tests compare these with what the runtime has.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export { ts };
export const repo = fileURLToPath(new URL('../../../', import.meta.url));

/** The entries of the package: the runtime module and its declarations, by their source paths. */
export const ENTRIES = [
  { name: 'poolgrad', runtime: 'web/lib/index.js', declared: 'web/lib/index.d.ts' },
  { name: 'poolgrad/widget', runtime: 'web/widget/index.js', declared: 'web/widget/index.d.ts' },
];

/** One program over every entry's declarations, with the DOM library the widget's types need. */
export function declarations() {
  const program = ts.createProgram(ENTRIES.map((e) => `${repo}${e.declared}`), {
    strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: [],
  });
  return { program, checker: program.getTypeChecker() };
}

const resolveAlias = (checker, symbol) => (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);

/** The module symbol of a declaration file (repo-relative), after asserting that the file compiles. */
function moduleOf({ program, checker }, file) {
  const source = program.getSourceFile(`${repo}${file}`);
  assert.ok(source, `${file} is part of the program`);
  const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
  assert.deepEqual(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), [], `${file} compiles`);
  return checker.getSymbolAtLocation(source);
}

/**
 * The exported values (not types, not interfaces) of a declaration file: exported name -> the
 * symbol it stands for (an alias such as `export { A as B }` keeps its own name).
 */
export function declaredValues(decl, file) {
  const values = new Map();
  for (const symbol of decl.checker.getExportsOfModule(moduleOf(decl, file))) {
    const target = resolveAlias(decl.checker, symbol);
    if (target.flags & ts.SymbolFlags.Value) values.set(symbol.escapedName, target);
  }
  return values;
}

/** An exported interface's (or type alias's) property names: {required, optional}. */
export function declaredKeys(decl, file, typeName) {
  const { checker } = decl;
  const symbol = checker.getExportsOfModule(moduleOf(decl, file)).find((s) => s.escapedName === typeName);
  assert.ok(symbol, `${file} exports ${typeName}`);
  const properties = checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(resolveAlias(checker, symbol)));
  const optional = (p) => (p.flags & ts.SymbolFlags.Optional) !== 0;
  return {
    required: properties.filter((p) => !optional(p)).map((p) => p.name),
    optional: properties.filter(optional).map((p) => p.name),
  };
}
