/**
 * Databases of their own on the test server, for the store tests (engines.ts), for suites whose
 * processes share one (test/faults) and for the PostgreSQL benchmarks: created empty, dropped when
 * done.
 */
import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';

export interface TestDatabases {
  /** The URL of a new, empty database. */
  create(): Promise<string>;
  /** Drops one database this made (a suite that makes many drops each when done with it). */
  drop(url: string): Promise<void>;
  /** Drops every database this made, and lets go of the server. */
  dropAll(): Promise<void>;
}

/** `prefix` names the databases (`<prefix>_<pid>_<random>`), so a leftover says who made it. */
export function createTestDatabases(serverUrl: string, prefix = 'paperboy_test'): TestDatabases {
  const admin = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: serverUrl, max: 1 }) }) });
  const created: string[] = [];
  return {
    async create() {
      const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
      await sql`create database ${sql.id(name)}`.execute(admin);
      created.push(name);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async drop(url) {
      const name = new URL(url).pathname.slice(1);
      if (!created.includes(name)) throw new Error(`${name} was not made by this suite; it is left alone.`);
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
      created.splice(created.indexOf(name), 1);
    },
    async dropAll() {
      // FORCE: a test that failed before closing its store leaves connections behind.
      for (const name of created.splice(0)) await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
      await admin.destroy();
    },
  };
}
