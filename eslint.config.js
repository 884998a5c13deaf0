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

// A module's face is its index.ts; its other files are its own. Specifiers are matched as written, and a
// module's files sit right in its folder: '../<other>/<file>.js' is another module's internals.
const moduleFaces = {
  group: ['../*/**', '!../../**', '!../*/index.js'],
  message: "Import another module only through its index.ts ('../<module>/index.js').",
};

// Outside src/modules (transport, compose.ts, test support) the same: modules are reached by their index.ts.
const moduleFacesFromOutside = {
  group: ['**/modules/*/**', '!**/modules/*/index.js'],
  message: "Import a module only through its index.ts ('…/modules/<module>/index.js').",
};

// One clock: "now" is the injected Clock (kernel/clock.ts), so FakeClock moves every timer and timestamp.
const oneClock = [
  {
    selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: 'Read the injected Clock (clock.now()), not Date.now().',
  },
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: 'Read the injected Clock (clock.now()), not new Date(); new Date(x) is fine.',
  },
];

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
    files: ['packages/server/src/modules/*/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { ...transportImports, patterns: [...transportImports.patterns, moduleFaces] },
      ],
      'no-restricted-syntax': ['error', ...oneClock],
    },
  },
  {
    // Tests may import fastify and read the wall clock, but not another module's internals either.
    files: ['packages/server/src/modules/*/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [moduleFaces] }] },
  },
  {
    files: ['packages/server/src/**/*.ts'],
    ignores: ['packages/server/src/modules/**', 'packages/server/src/kernel/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [moduleFacesFromOutside] }] },
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
