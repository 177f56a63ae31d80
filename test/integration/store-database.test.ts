import { migrations } from '../../migrations/index.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql, SqliteAdapter } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { eachEngine } from '../helpers/engines.js';
import { UserError } from '../../src/core/errors.js';
import type { Paper } from '../../src/core/paper.js';
import { INDEXED_COLUMNS } from '../../src/core/query/document.js';
import { parseQuery } from '../../src/core/query/parse.js';
import { createStore, migrateDown, migrateToLatest, openDatabase, type Database } from '../../src/store/index.js';
import { writeTransaction } from '../../src/store/transaction.js';

const opened: Database[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.destroy();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function open(url: string): Database {
  const db = openDatabase(url);
  opened.push(db);
  return db;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-store-'));
  dirs.push(dir);
  return dir;
}

const tables = async (db: Database) =>
  (db.getExecutor().adapter instanceof SqliteAdapter
    ? await sql<{ name: string }>`select name from sqlite_master where type in ('table', 'view') and name not like 'sqlite_%' order by name`.execute(db)
    : await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() order by name`.execute(db)
  ).rows.map((r) => r.name);

const paper: Paper = {
  id: '2501.00001',
  title: 'Shared files between processes',
  summary: 'WAL lets readers and a writer share one file.',
  authors: ['Ada Lovelace'],
  upvotes: 3,
  numComments: 0,
  aiKeywords: [],
  publishedAt: '2025-01-01T00:00:00.000Z',
  dailyDate: '2025-01-02',
};

const ALL = Object.keys(migrations);

describe('openDatabase', () => {
  it('takes postgres URLs (connecting on first use), and refuses others with one sentence that does not show the password', async () => {
    for (const scheme of ['postgres', 'POSTGRESQL']) open(`${scheme}://paperboy:s3cret@db.example:5432/paperboy`);
    let error: unknown;
    try {
      openDatabase('postgres://paperboy:s3cret@db example:5432/paperboy');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/^DATABASE_URL postgres:\/\/… is not a valid URL; use a SQLite file path such as .* or a postgres:\/\/user:password@host:5432\/database URL\.$/);
    expect((error as Error).message).not.toContain('s3cret');
    expect(() => openDatabase('mysql://root:hunter2@x/db')).toThrow(/^DATABASE_URL mysql:\/\/… is not supported;/);
    expect(() => openDatabase('  ')).toThrow(UserError);
  });

  it('tells in one sentence, without the password, that a PostgreSQL server does not answer', async () => {
    // A port that was just free: nothing listens there.
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    await new Promise((done) => server.close(done));
    const db = open(`postgres://paperboy:s3cret@127.0.0.1:${port}/paperboy`);
    const error: unknown = await migrateToLatest(db).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(
      `DATABASE_URL postgres://…@127.0.0.1:${port}/paperboy cannot be reached (connect ECONNREFUSED 127.0.0.1:${port}); check that PostgreSQL runs there, the database exists and the user may log in.`,
    );
  });

  it('creates the parent directory and uses WAL, foreign keys and a busy timeout', async () => {
    const file = join(tempDir(), 'nested', 'deeper', 'paperboy.sqlite');
    const db = open(file);
    const pragma = async (name: string) => Object.values((await sql.raw(`pragma ${name}`).execute(db)).rows[0] as object)[0];
    expect(await pragma('journal_mode')).toBe('wal');
    expect(await pragma('foreign_keys')).toBe(1);
    expect(await pragma('busy_timeout')).toBeGreaterThan(0);
    expect(await pragma('synchronous')).toBe(1);
  });

  it('accepts file: and sqlite: URLs for the same file', async () => {
    const file = join(tempDir(), 'url.sqlite');
    const a = open(pathToFileURL(file).href);
    await migrateToLatest(a);
    const b = open(`sqlite:${file}`);
    expect(await migrateToLatest(b)).toEqual([]);
  });
});

describe('migrations on SQLite', () => {
  it('take FTS5 out at 0007, and put it back with every paper indexed when 0007 is reverted', async () => {
    const db = open(':memory:');
    await migrateToLatest(db);
    const store = createStore(db);
    await store.papers.upsert([paper], 'daily', new Date('2025-01-02T10:00:00Z'));
    expect(await tables(db)).not.toContain('papers_fts');
    const reverted: string[] = [];
    while (!reverted.includes('0007-search-on-its-own')) reverted.push(...(await migrateDown(db)));
    const columns = (await sql<{ name: string }>`pragma table_info(papers_fts)`.execute(db)).rows.map((r) => r.name);
    expect(columns).toEqual([...INDEXED_COLUMNS]);
    const found = await sql<{ rowid: number }>`select rowid from papers_fts where papers_fts match 'writer'`.execute(db);
    expect(found.rows).toHaveLength(1);
    expect(await migrateToLatest(db)).toEqual([...reverted].reverse());
    expect(await tables(db)).not.toContain('papers_fts');
  });
});

eachEngine((engine) => {
  describe('migrations', () => {
    it('apply once, create every table, and revert cleanly', async () => {
      const db = await engine.blank();
      opened.push(db);
      expect(await migrateToLatest(db)).toEqual(ALL);
      expect(await migrateToLatest(db)).toEqual([]);
      const names = await tables(db);
      const expected = ['papers', 'source_searches', 'subscriptions', 'people', 'digest_targets', 'deliveries', 'delivered_papers', 'alerts', 'meta', 'interaction_state'];
      for (const table of expected) expect(names).toContain(table);
      // Each migration reverts on its own, newest first, down to an empty database.
      for (const name of [...ALL].reverse()) expect(await migrateDown(db)).toEqual([name]);
      expect((await tables(db)).filter((n) => !n.startsWith('kysely_'))).toEqual([]);
      expect(await migrateToLatest(db)).toEqual(ALL);
    });

    it('keep search consistent with the papers table, whoever writes', async () => {
      const db = await engine.database();
      const store = createStore(db);
      const search = async (q: string) => (await store.papers.search(parseQuery(q), { limit: 5, offset: 0 })).total;
      await store.papers.upsert([paper], 'daily', new Date('2025-01-02T10:00:00Z'));
      expect(await search('processes')).toBe(1);
      await store.papers.upsert([{ ...paper, title: 'Renamed' }], 'daily', new Date('2025-01-02T11:00:00Z'));
      expect(await search('renamed')).toBe(1);
      expect(await search('processes')).toBe(0);
      await sql`delete from papers`.execute(db);
      expect(await search('renamed')).toBe(0);
      await store.close();
    });
  });

  describe('connections', () => {
    it('lets two connections share one database: each sees what the other wrote', async () => {
      const [first, second] = await engine.pair();
      opened.push(first, second);
      expect(await migrateToLatest(second)).toEqual([]);
      const a = createStore(first);
      const b = createStore(second);

      await a.papers.upsert([paper], 'daily', new Date('2025-01-02T10:00:00Z'));
      expect((await b.papers.get(paper.id))?.title).toBe(paper.title);
      const result = await b.papers.upsert([{ ...paper, upvotes: 9 }], 'daily', new Date('2025-01-02T11:00:00Z'));
      expect(result.updated).toEqual([paper.id]);
      expect((await a.papers.get(paper.id))?.upvotes).toBe(9);
      expect((await a.papers.search(parseQuery('writer'), { limit: 5, offset: 0 })).total).toBe(1);
    });

    it.runIf(engine.name === 'postgres')('lets one write transaction at a time run, whichever connection it is on', async () => {
      const [first, second] = await engine.pair();
      opened.push(first, second);
      const steps: string[] = [];
      let release!: () => void;
      const held = new Promise<void>((done) => (release = done));
      let entered!: () => void;
      const inFirst = new Promise<void>((done) => (entered = done));
      const a = writeTransaction(first, async () => {
        steps.push('first');
        entered();
        await held;
        steps.push('first done');
      });
      await inFirst;
      const b = writeTransaction(second, async () => {
        steps.push('second');
      });
      // The second waits on the write lock (seen by the server), not merely behind the first in this process.
      const waiting = sql<{ n: number }>`select count(*) as n from pg_locks
        where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())`;
      while ((await waiting.execute(first)).rows[0]?.n === 0) await new Promise((done) => setTimeout(done, 10));
      expect(steps).toEqual(['first']);
      release();
      await Promise.all([a, b]);
      expect(steps).toEqual(['first', 'first done', 'second']);
    });
  });
});
