// @ts-check
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Lint with type information, zero warnings, and import zones that keep the layout honest. */
export default tseslint.config(
  { ignores: ['**/node_modules/**', 'client/dist/**', 'data/**', 'coverage/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.mjs', 'server/bin/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      'no-console': 'off',
      // Fastify plugins and handlers are async by contract even when they await nothing.
      '@typescript-eslint/require-await': 'off',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './server/src/platform',
              from: './server/src/features',
              message: 'platform/ is cross-cutting and never imports a feature',
            },
            {
              target: './contract',
              from: ['./server', './client'],
              message: 'the contract holds schemas only',
            },
            {
              target: './client',
              from: './server',
              message: 'the client talks to the server over HTTP only',
            },
            { target: './server', from: './client', message: 'the server does not import the client' },
          ],
        },
      ],
    },
  },
  {
    files: ['server/src/features/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*/*.repository.ts', '../*/*.routes.ts'],
              message: 'a feature may call another feature’s service, never its repository or routes',
            },
            {
              group: ['csv-stringify', 'csv-stringify/*'],
              message: 'CSV goes through platform/csv.ts (toCsv), which neutralises formula cells',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './client/src/components',
              from: ['./client/src/features', './client/src/app'],
              message: 'shared UI never imports features or the app',
            },
            {
              target: './client/src/lib',
              from: ['./client/src/features', './client/src/app', './client/src/components'],
              message: 'lib/ is the bottom layer',
            },
            {
              target: './client/src/features',
              from: './client/src/app',
              message: 'features do not import the app; pages compose features',
            },
            { target: './server', from: './client', message: 'the server does not import the client' },
            {
              target: './client',
              from: './server',
              message: 'the client talks to the server over HTTP only',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'server/test/**/*.ts', 'e2e/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['server/src/db/migrations/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The hand-written service worker (app shell, Web Push): the build writes its file list in.
    files: ['client/pwa/service-worker.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { projectService: false, project: false, program: null },
      globals: { ...globals.serviceworker },
    },
  },
);
