// Lint, and the layer rules of ARCHITECTURE.md as rules rather than wishes: each room may import only what its
// runtime has. tests/layers.test.ts proves a violation is caught.
import { builtinModules } from 'node:module'
import tseslint from 'typescript-eslint'
import globals from 'globals'

// Each rule is [exact module names, glob patterns, message]. Built-ins are matched by exact name so that a
// relative '../net/x' is not mistaken for Node's 'net'.
const NO_NODE = [builtinModules, ['node:*'], 'This room has no Node.js: keep Node built-ins in src/main.']
const NO_ELECTRON = [['electron'], ['electron/*'], 'Only src/main/index.ts, src/main/host/electron.ts and src/preload import electron.']
const NO_UI = [['react', 'react-dom'], ['react/*', 'react-dom/*', '**/renderer/**', '**/renderer'], 'The UI lives in src/renderer; other rooms do not import it.']
const NO_MAIN = [[], ['**/main/**', '**/main'], 'src/main is the Node side; other rooms reach it only through the contract.']
const NO_PRELOAD = [[], ['**/preload/**', '**/preload'], 'The preload is a door, not a library.']
// Inside main: core ← engines ← host, cli ← entries (ARCHITECTURE.md, "Layer rules").
const NO_HOST_CLI = [[], ['**/host/**', '**/host', '**/cli/**', '**/cli'], 'An engine never imports host/ or cli/: they import engines, not the other way round.']
const NO_TESTING = [[], ['**/testing/**', '**/testing'], 'src/main/testing holds test helpers: only *.test.ts files import them.']
// From src/main/<engine>/x.ts, '../<other>/<file>' reaches into another engine; '../<other>' (its index.ts) and
// '../core/…' are the allowed doors.
const NO_ENGINE_INTERNALS = { regex: '^\\.\\./(?!(core|host|cli|testing)(/|$))[^./][^/]*/(?!index$).+', message: 'Reach another engine only through its index.ts (import from "../<engine>").' }
const ENGINES = ['core', 'net', 'tls', 'x509', 'dns', 'http', 'walkthrough', 'scan']
const ENGINE_FILES = ENGINES.map((e) => `src/main/${e}/**`)
const TEST_FILES = ['**/*.test.ts', '**/*.spec.ts']

// A rule is [names, globs, message], or { regex, message } for what globs cannot say.
const restrict = (...rules) => {
  const lists = rules.filter(Array.isArray)
  return [
    'error',
    {
      paths: lists.flatMap(([names, , message]) => names.map((name) => ({ name, message }))),
      patterns: [
        ...lists.filter(([, globs]) => globs.length).map(([, group, message]) => ({ group, message })),
        ...rules.filter((r) => !Array.isArray(r))
      ]
    }
  ]
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'resources/**'] },
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: true }]
    }
  },
  { files: ['src/renderer/**'], languageOptions: { globals: { ...globals.browser } } },
  { files: ['bin/**/*.js', '**/*.cjs'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // shared: pure TypeScript that runs anywhere.
  { files: ['src/shared/**'], rules: { 'no-restricted-imports': restrict(NO_NODE, NO_ELECTRON, NO_UI, NO_MAIN, NO_PRELOAD) } },
  // main: Node, never the UI; electron only at its two doors.
  {
    files: ['src/main/**'],
    ignores: ['src/main/index.ts', 'src/main/host/electron.ts'],
    rules: { 'no-restricted-imports': restrict(NO_ELECTRON, NO_UI, NO_PRELOAD, NO_TESTING) }
  },
  // main's tests and its test helpers may use testing/.
  { files: ['src/main/**/*.test.ts', 'src/main/testing/**'], rules: { 'no-restricted-imports': restrict(NO_ELECTRON, NO_UI, NO_PRELOAD) } },
  // engines: no host/ or cli/, other engines only through their index.ts, no test helpers.
  {
    files: ENGINE_FILES,
    ignores: TEST_FILES,
    rules: { 'no-restricted-imports': restrict(NO_ELECTRON, NO_UI, NO_PRELOAD, NO_TESTING, NO_HOST_CLI, NO_ENGINE_INTERNALS) }
  },
  { files: ['src/main/index.ts', 'src/main/host/electron.ts'], rules: { 'no-restricted-imports': restrict(NO_UI, NO_PRELOAD) } },
  // renderer: browser and React only.
  { files: ['src/renderer/**'], rules: { 'no-restricted-imports': restrict(NO_NODE, NO_ELECTRON, NO_MAIN, NO_PRELOAD) } },
  // preload: electron and the contract, nothing else.
  { files: ['src/preload/**'], rules: { 'no-restricted-imports': restrict(NO_NODE, NO_UI, NO_MAIN) } }
)
