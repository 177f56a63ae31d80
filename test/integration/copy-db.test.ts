import { existsSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { COPIED, NOT_COPIED } from '../../src/store/copy-plan.js';
import { copyDatabase, migrateToLatest, openDatabase, type Database, type TableCopy } from '../../src/store/index.js';
import { eachEngine } from '../helpers/engines.js';
import { PAPERS, paperRow, populate } from '../helpers/populated-database.js';
import { runCli, scratch } from '../helpers/run-cli.js';

const opened: Database[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.destroy();
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function open(url: string): Database {
  const db = openDatabase(url);
  opened.push(db);
  return db;
}

/** A SQLite file as a bot running on it leaves it; returns its path. */
async function populatedSqlite(): Promise<string> {
  const tmp = scratch();
  cleanups.push(tmp.cleanup);
  const db = openDatabase(tmp.db);
  await migrateToLatest(db);
  await populate(db);
  await db.destroy();
  return tmp.db;
}

/** Every copied table's rows, in one order whatever the engine's collation. */
async function contents(db: Database): Promise<Record<string, unknown[]>> {
  const all: Record<string, unknown[]> = {};
  for (const { table } of COPIED) {
    const rows = await (db as unknown as Database).selectFrom(table as 'meta').selectAll().execute();
    all[table] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return all;
}

const byTable = (copies: readonly TableCopy[]) => Object.fromEntries(copies.map((c) => [c.table, c]));

describe('the copy plan', () => {
  it('names every table of the migrated schema as copied or left behind', async () => {
    const db = open(':memory:');
    await migrateToLatest(db);
    const tables = (await db.introspection.getTables({ withInternalKyselyTables: true })).map((t) => t.name).sort();
    expect([...COPIED.map((p) => p.table), ...NOT_COPIED].sort()).toEqual(tables);
  });
});

eachEngine((engine) => {
  describe(`copy-db with ${engine.name}`, () => {
    it('copies every row with its keys, so the target serves the same state', async () => {
      const source = open(await populatedSqlite());
      const target = open(await engine.blankUrl());
      const copies = byTable(await copyDatabase(source, target));

      expect(copies.papers).toEqual({ table: 'papers', rows: PAPERS - 1, added: PAPERS - 1, updated: 0, unchanged: 0 });
      for (const { table } of COPIED) expect(copies[table]!.rows, table).toBeGreaterThan(0);
      expect(await contents(target)).toEqual(await contents(source));
      const paper = await target.selectFrom('papers').selectAll().where('id', '=', paperRow(42).id).executeTakeFirstOrThrow();
      expect(paper).toMatchObject({ title: 'Paper 42 on state space models', upvotes: 42, first_seen_at: '2026-01-05T10:00:00.000Z' });
      const claim = await target.selectFrom('deliveries').selectAll().where('status', '=', 'claimed').executeTakeFirstOrThrow();
      expect(claim).toMatchObject({ owner: 'host:1:boot', claim_key: 'k1', kind: 'alert' });

      // New rows are numbered past the copied ones.
      const maxId = (await source.selectFrom('deliveries').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow()).id;
      const fresh = await target
        .insertInto('deliveries')
        .values({ kind: 'digest', platform: 'discord', recipient: 'c9', slot: 'x', status: 'sent', claimed_at: 'x' })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(fresh.id).toBeGreaterThan(maxId);
    });

    it('refuses a target that holds data, changing nothing, and with --merge a second run changes nothing', async () => {
      const source = open(await populatedSqlite());
      const target = open(await engine.blankUrl());
      await copyDatabase(source, target);
      const before = await contents(target);

      await expect(copyDatabase(source, target)).rejects.toThrow(UserError);
      await expect(copyDatabase(source, target)).rejects.toThrow(/already holds data \(papers, .*\); add --merge/);
      const again = await copyDatabase(source, target, { merge: true });

      for (const copy of again) expect(copy, copy.table).toMatchObject({ added: 0, updated: 0, unchanged: copy.rows });
      expect(await contents(target)).toEqual(before);
    });

    it('merges into a target with rows of its own: updates what both have, renumbers what collides, keeps the rest', async () => {
      const source = open(await populatedSqlite());
      const target = open(await engine.blankUrl());
      await migrateToLatest(target);
      // The target's own delivery takes the key the source's first digest has.
      const own = await target
        .insertInto('deliveries')
        .values({ kind: 'digest', platform: 'slack', recipient: 'C0', slot: '2026-01-01T08:00:00.000Z', status: 'sent', claimed_at: 'x' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await target.insertInto('meta').values({ key: 'discord.commands', value: 'old', updated_at: 'x' }).execute();

      const copies = byTable(await copyDatabase(source, target, { merge: true }));

      expect(copies.meta).toMatchObject({ added: 0, updated: 1 });
      expect(copies.deliveries).toMatchObject({ added: 3, updated: 0 });
      expect(await target.selectFrom('deliveries').select('recipient').where('id', '=', own.id).executeTakeFirst()).toEqual({ recipient: 'C0' });
      // The source's delivery got another key, and the rows pointing at it followed.
      const moved = await target.selectFrom('deliveries').select('id').where('slot', '=', '2026-01-05T08:00:00.000Z').executeTakeFirstOrThrow();
      expect(moved.id).not.toBe(own.id);
      const carried = await target.selectFrom('delivered_papers').select('paper_id').where('delivery_id', '=', moved.id).orderBy('position').execute();
      expect(carried.map((r) => r.paper_id)).toEqual([1, 2, 3].map((p) => paperRow(p).id));
      expect(await target.selectFrom('delivered_papers').where('delivery_id', '=', own.id).selectAll().execute()).toEqual([]);

      await source.updateTable('people').set({ alert_mode: 'off' }).where('user_id', '=', '111').execute();
      const second = byTable(await copyDatabase(source, target, { merge: true }));
      expect(second.people).toMatchObject({ added: 0, updated: 1, unchanged: 1 });
      expect(second.deliveries).toMatchObject({ added: 0, updated: 0, unchanged: 3 });
      expect(second.delivered_papers).toMatchObject({ added: 0, updated: 0 });
    });

    it(`copies from ${engine.name} back to a SQLite file, the same rows`, async () => {
      const source = open(await engine.blankUrl());
      await migrateToLatest(source);
      await populate(source);
      const tmp = scratch();
      cleanups.push(tmp.cleanup);
      const target = open(tmp.db);
      await copyDatabase(source, target);
      expect(await contents(target)).toEqual(await contents(source));
    });

    it('runs as `paperboy copy-db`: counts per table, exit 2 and one sentence on a target with data', async () => {
      const from = await populatedSqlite();
      const to = await engine.blankUrl();
      const env = { DATABASE_URL: from };

      const first = await runCli(['copy-db', '--to', to], { env });
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(new RegExp(`^papers\\s+${PAPERS - 1}\\s+${PAPERS - 1}\\s+0\\s+0$`, 'm'));
      expect(first.stdout).toMatch(/^people\s+2\s+2\s+0\s+0$/m);
      expect(first.stdout).toMatch(/rows added or updated\.\n$/);
      // Paperboy on the target finds the copied papers: its search index is built from them.
      const search = await runCli(['search', '--local', '--json', '--limit', '1', '"Paper 42 on"'], { env: { DATABASE_URL: to } });
      expect(JSON.parse(search.stdout).results.map((r: { id: string }) => r.id)).toEqual([paperRow(42).id]);

      const refused = await runCli(['copy-db', '--to', to], { env });
      expect(refused.code).toBe(2);
      expect(refused.stdout).toBe('');
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
      expect(refused.stderr).toMatch(/already holds data .*--merge/);

      const merged = await runCli(['copy-db', '--to', to, '--merge'], { env });
      expect(merged.code).toBe(0);
      expect(merged.stdout).toMatch(/^papers\s+\d+\s+0\s+0\s+\d+$/m);
      expect(merged.stdout).toMatch(/^Nothing to change: /m);
    });
  });
});

describe('paperboy copy-db, bad usage', () => {
  it('asks for --to, and refuses to copy a database onto itself', async () => {
    const tmp = scratch();
    cleanups.push(() => rmSync(tmp.dir, { recursive: true, force: true }));
    const nowhere = await runCli(['copy-db', '--to', `${tmp.dir}/to.sqlite`], { env: { DATABASE_URL: tmp.db } });
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toMatch(/^DATABASE_URL names .*paperboy\.sqlite, which does not exist/);
    expect(existsSync(tmp.db)).toBe(false);
    await migrateToLatest(open(tmp.db));
    const missing = await runCli(['copy-db'], { env: { DATABASE_URL: tmp.db } });
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toMatch(/^copy-db needs --to, for example/);
    const same = await runCli(['copy-db', '--to', `sqlite:${tmp.db}`], { env: { DATABASE_URL: tmp.db } });
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/^--to names the database DATABASE_URL already uses/);
    const unknown = await runCli(['copy-db', '--to', 'mysql://h/db'], { env: { DATABASE_URL: tmp.db } });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^--to mysql:\/\/… is not supported/);
  });
});
