// fixture_cases.mjs: the PyTorch fixture reader and case runner for the tests. The code lives in
// scripts/lib/fixture-cases.mjs (scripts/check-cases.mjs uses it too, and no script imports from
// tests/); this name stays for the test files that import it.
export * from '../../scripts/lib/fixture-cases.mjs';
