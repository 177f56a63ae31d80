/**
 * Vitest's global setup: finds the PostgreSQL server the store tests also run on (PG_TEST_URL, or
 * 127.0.0.1:5432 as user postgres) and tells the test files where it is. Outside CI a missing
 * server skips those tests with one sentence; in CI (CI=true) it fails the run.
 */
import pg from 'pg';
import type { TestProject } from 'vitest/node';

export const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const HOW = 'start PostgreSQL on 127.0.0.1:5432 (user postgres, trust) or set PG_TEST_URL to a server where that user may create databases';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The server's URL (a database to connect to for creating others), or '' when none answered. */
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const url = process.env.PG_TEST_URL || DEFAULT_URL;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    project.provide('postgresUrl', url);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (process.env.CI === 'true') throw new Error(`No PostgreSQL server answered for the store tests (${reason}); ${HOW}.`);
    console.warn(`PostgreSQL store tests skipped: no server answered (${reason}); to run them, ${HOW}.`);
    project.provide('postgresUrl', '');
  } finally {
    await client.end().catch(() => undefined);
  }
}
