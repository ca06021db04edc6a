// ESLint for tiered: typescript-eslint's type-aware rules, aimed at what hurts an async daemon
// most (a promise nobody awaits, a promise where a boolean or a void callback was meant).
// Run from the repository root with `npm run lint`.
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';

const root = fileURLToPath(new URL('../../', import.meta.url));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'tools/**', 'scripts/**'] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { project: ['./tsconfig.json', './src/status-page/tsconfig.json'], tsconfigRootDir: root },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // An async function that never awaits still turns a throw into a rejection, which is what
      // the Promise-returning interfaces it implements expect.
      '@typescript-eslint/require-await': 'off',
      // `_`-prefixed names and rest siblings are how the code says "deliberately unused".
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // node:test's test() and describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] }] },
      ],
    },
  },
  {
    // Tests read JSON output and SDK answers as untyped data and let assertions judge its shape,
    // and destructure harness methods; the async-safety rules above still apply to them.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
