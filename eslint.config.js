// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** What src/core may never import: it holds the rules, and knows no SDK, driver, network or adapter. */
const coreForbidden = [
  { group: ['discord.js', '@discordjs/*', '@slack/*', 'kysely', 'better-sqlite3', 'pino', 'node-cron', 'cli-progress', 'p-retry'], message: 'src/core knows no SDK, driver or library of the outer layers; declare a port in src/core/ports.ts.' },
  { group: ['node:http', 'node:https', 'node:net', 'node:tls', 'node:dgram', 'node:fs', 'node:fs/*', 'node:child_process', 'http', 'https', 'net', 'fs', 'undici', 'ws'], message: 'src/core does no I/O; take a port instead.' },
  { group: ['**/store/**', '**/sources/**', '**/platforms/**', '**/scheduler/**', '**/main.js', '**/cli.js', '**/config.js'], message: 'src/core must not depend on the outer layers (ports and adapters).' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: coreForbidden }] },
  },
  {
    // Platforms render and route; they reach the database only through core ports.
    files: ['src/platforms/**/*.ts', 'commands/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['kysely', 'better-sqlite3', '**/store/**'], message: 'Reach the database through the ports of src/core.' }] }],
    },
  },
  {
    // Tests, fakes, benchmarks and the CLI talk to the terminal on purpose.
    files: ['test/**/*.ts', 'bench/**/*.ts', 'src/cli.ts', 'src/platforms/console/**/*.ts', 'bin/**'],
    rules: { 'no-console': 'off', 'max-lines': 'off' },
  },
);
