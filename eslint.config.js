import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const transportImports = {
  paths: [
    { name: 'fastify', message: 'Modules and the kernel never import transport; describe routes with kernel/http.ts.' },
    { name: 'ws', message: 'Modules and the kernel never import transport; publish events on the bus.' },
  ],
  patterns: [
    { group: ['@fastify/*'], message: 'Modules and the kernel never import transport.' },
    { group: ['**/transport/**'], message: 'Dependencies point one way: shared ← modules ← transport ← main.' },
  ],
};

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', 'data/**', 'e2e/output/**', 'bench/results/**', 'coverage/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-undef': 'off',
    },
  },
  {
    files: ['packages/server/src/modules/**/*.ts', 'packages/server/src/kernel/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', transportImports],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Only src/config.ts reads the environment; take a Config.' },
      ],
    },
  },
  {
    // The web app's composition root (routes, shell) imports pages; pages and libraries never import it back.
    files: ['packages/web/src/**/*.{ts,tsx}'],
    ignores: ['packages/web/src/app/**', 'packages/web/src/main.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/app', '**/app/**'], message: 'Only app/ composes pages; use lib/ instead.' }] },
      ],
    },
  },
  {
    files: ['**/*.test.ts', '**/test-support/**/*.ts', 'e2e/**/*.ts', 'bench/**/*.{ts,js}'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
