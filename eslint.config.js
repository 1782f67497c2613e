// eslint.config.js: ESLint's flat config for every JavaScript file poolgrad owns (`npm run lint`).
// Rules that catch bugs, none about layout: @eslint/js's recommended set plus a few checks for
// mistakes it lets through. A deliberate exception (a test that pollutes Object.prototype, a hole
// in an array of bad inputs) says so on its line with `// eslint-disable-line <rule>`; a disable
// comment that no longer silences anything is itself an error, so none outlives its reason.
import js from '@eslint/js';
import globals from 'globals';

export default [
  // Build products and vendored code: not ours to lint (ESLint skips node_modules itself).
  { ignores: ['web/lib/wasm/', 'web/widget/vendor/', 'dist/', 'build/', 'test-artifacts/', '**/.vite/'] },
  js.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_`-prefixed names are unused on purpose (a callback's leading arguments)
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      eqeqeq: ['error', 'smart'], // `== null` (null or undefined) stays allowed
      'no-self-compare': 'error', // NaN tests read `Number.isNaN(v)`, or say why `v !== v` is wanted
      'no-eval': 'error',
      'no-new-func': 'error',
      'no-extend-native': 'error',
      'no-template-curly-in-string': 'error', // '${x}' in quotes where a template was meant
      'array-callback-return': 'error', // a map/filter callback that forgets to return
      'no-unmodified-loop-condition': 'error',
      'no-unreachable-loop': 'error',
      'no-constructor-return': 'error',
      'no-var': 'error',
    },
  },
  // The library runs in browsers, workers and Node, so it may use only what all of them share;
  // the widget and the page run in browsers; the page's Vite config and plugins run in Node.
  { files: ['web/lib/**'], languageOptions: { globals: { ...globals['shared-node-browser'] } } },
  { files: ['web/widget/**', 'web/site/**'], languageOptions: { globals: { ...globals.browser } } },
  {
    files: ['web/site/vite.config.js', 'web/site/wasm-file.js', 'web/site/widget-files.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  // Tests, scripts and benchmarks run in Node; the browser and package tests and the browser
  // benchmark also hand functions to the page (page.evaluate), so they see the browser's globals too.
  { files: ['tests/**', 'scripts/**', 'bench/**'], languageOptions: { globals: { ...globals.node } } },
  { files: ['tests/browser/**', 'tests/package/**', 'bench/**'], languageOptions: { globals: { ...globals.browser } } },
];
