import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // Finds the PostgreSQL server the store tests run on as well as on SQLite (test/helpers/engines.ts).
    globalSetup: ['test/helpers/postgres-setup.ts'],
  },
});
