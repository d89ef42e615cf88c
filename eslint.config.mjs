// Lint: the module boundaries (tools/eslint-boundaries.cjs) on all TypeScript, with the
// typescript-eslint parser. Style is not linted here.
import tseslint from 'typescript-eslint';
import keel from './tools/eslint-boundaries.cjs';

export const MODULE_ORDER = ['customers', 'access', 'audit', 'offboarding', 'feedback', 'loyalty', 'risk', 'segments'];

export default [
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser, sourceType: 'module' },
    plugins: { '@typescript-eslint': tseslint.plugin, keel },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      'keel/module-boundaries': [
        'error',
        { root: import.meta.dirname, moduleRoots: ['src/modules', 'test/fixtures'], platform: ['src', 'migrations'], order: MODULE_ORDER },
      ],
    },
  },
];
