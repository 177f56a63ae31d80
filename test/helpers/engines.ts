/**
 * The store tests run on every engine: `eachEngine` repeats a file's tests on SQLite (in memory) and
 * on PostgreSQL. On PostgreSQL each test file gets its own database, created and migrated once and
 * dropped after the file; every store or database handed out starts from empty tables. Nothing is
 * mocked: the server is real (test/helpers/postgres-setup.ts finds it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import { createStore, migrateToLatest, openDatabase, type Database, type Store, type StoreOptions } from '../../src/store/index.js';
import { createTestDatabases } from './postgres-databases.js';

export const ENGINES = ['sqlite', 'postgres'] as const;
export type EngineName = (typeof ENGINES)[number];

export interface TestEngine {
  readonly name: EngineName;
  /** A migrated database with no rows. */
  database(): Promise<Database>;
  /** A database with no tables at all, for migration tests. */
  blank(): Promise<Database>;
  /** The DATABASE_URL of a new database with no tables, removed after the file (for commands run as a child process). */
  blankUrl(): Promise<string>;
  /** A store on `database()`. */
  store(options?: StoreOptions): Promise<Store>;
  /** Two connections to one migrated, empty database, as two processes have (SQLite: a file). */
  pair(): Promise<[Database, Database]>;
  /** The DATABASE_URL of a migrated, empty database, for a test that opens it its own way. */
  url(): Promise<string>;
}

/** Registers `body`'s tests once per engine; on PostgreSQL only when a server answered. */
export function eachEngine(body: (engine: TestEngine) => void): void {
  describe.each(ENGINES)('on %s', (name) => {
    if (name === 'postgres' && !inject('postgresUrl')) {
      it.skip('needs PostgreSQL: start it on 127.0.0.1:5432 (user postgres) or set PG_TEST_URL');
      return;
    }
    body(name === 'sqlite' ? sqliteEngine() : postgresEngine(inject('postgresUrl')));
  });
}

/** Registers the file's hooks (the files of `pair`): call it while tests are being collected. */
function sqliteEngine(): TestEngine {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  return {
    name: 'sqlite',
    async database() {
      const db = openDatabase(':memory:');
      await migrateToLatest(db);
      return db;
    },
    blank: async () => openDatabase(':memory:'),
    async blankUrl() {
      const dir = mkdtempSync(join(tmpdir(), 'paperboy-blank-'));
      dirs.push(dir);
      return join(dir, 'paperboy.sqlite');
    },
    async store(options) {
      return createStore(await this.database(), options);
    },
    async pair() {
      const url = await this.url();
      return [openDatabase(url), openDatabase(url)];
    },
    async url() {
      const dir = mkdtempSync(join(tmpdir(), 'paperboy-pair-'));
      dirs.push(dir);
      const file = join(dir, 'paperboy.sqlite');
      const db = openDatabase(file);
      await migrateToLatest(db);
      await db.destroy();
      return file;
    },
  };
}

/** Registers the file's hooks: call it while tests are being collected. */
function postgresEngine(serverUrl: string): TestEngine {
  const databases = createTestDatabases(serverUrl);
  let shared: { url: string; db: Database } | undefined;

  beforeAll(async () => {
    const url = await databases.create();
    const db = openDatabase(url, { poolMax: 1 });
    await migrateToLatest(db);
    shared = { url, db };
  });

  afterAll(async () => {
    await shared?.db.destroy();
    await databases.dropAll();
  });

  return {
    name: 'postgres',
    async database() {
      if (!shared) throw new Error('The PostgreSQL test database was not created.');
      await emptyTables(shared.db);
      return openDatabase(shared.url);
    },
    blank: async () => openDatabase(await databases.create()),
    blankUrl: () => databases.create(),
    async store(options) {
      return createStore(await this.database(), options);
    },
    async pair() {
      return [await this.database(), openDatabase(shared!.url)];
    },
    async url() {
      await (await this.database()).destroy();
      return shared!.url;
    },
  };
}

/** Every table back to as migrated: rows gone, numbering from 1, the single-row counters reset. */
async function emptyTables(db: Database): Promise<void> {
  const { rows } = await sql<{ name: string }>`
    select tablename as name from pg_tables
    where schemaname = current_schema() and tablename not in ('papers_version', 'papers_bulk') and tablename not like 'kysely_%'`.execute(db);
  await sql`truncate ${sql.join(rows.map((r) => sql.id(r.name)))} restart identity cascade`.execute(db);
  await sql`update papers_version set n = 0`.execute(db);
  await sql`update papers_bulk set active = 0`.execute(db);
}
