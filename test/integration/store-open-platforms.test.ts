/**
 * Migration 0009 takes the closed list of platforms out of the five tables that had it, on a
 * database full of rows: every row survives, with its keys, indexes, unique constraints and foreign
 * keys, and a platform nobody listed can be stored afterwards.
 */
import { Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { eachEngine, type TestEngine } from '../helpers/engines.js';
import { migrations } from '../../migrations/index.js';
import type { Paper } from '../../src/core/paper.js';
import type { PersonRef, TargetRef } from '../../src/core/ports.js';
import { createStore, migrateDown, migrateToLatest, type Database, type Store } from '../../src/store/index.js';

const TABLES = ['subscriptions', 'people', 'digest_targets', 'deliveries', 'delivered_papers', 'alerts'];
const AT = new Date('2026-06-05T09:00:00Z');
const paper = (id: string): Paper => ({ id, title: `Paper ${id}`, summary: 'S.', authors: [], upvotes: 1, numComments: 0, aiKeywords: [], publishedAt: '2026-06-01T00:00:00Z', dailyDate: '2026-06-04' });

let db: Database;
let store: Store;

/** Migrates to `name` and no further (later migrations change these tables again); returns what ran. */
async function migrateTo(name: string): Promise<string[]> {
  const { error, results } = await new Migrator({ db, provider: { getMigrations: async () => ({ ...migrations }) } }).migrateTo(name);
  if (error) throw error;
  return (results ?? []).map((r) => r.migrationName);
}

/** A topic as the repository wrote it before topics could wait for upvotes (migration 0011). */
async function addTopic(person: PersonRef, topic: string): Promise<void> {
  await sql`insert into subscriptions (platform, user_id, topic, topic_key, created_at) values (${person.platform}, ${person.userId}, ${topic}, ${topic.toLowerCase()}, ${AT.toISOString()})`.execute(db);
}

/** A database at 0006, before this migration, with rows in every table it rebuilds. */
async function oldDatabase(engine: TestEngine): Promise<void> {
  db = await engine.blank();
  await migrateTo('0006-paper-changes');
  store = createStore(db, { clock: { now: () => AT } });
  await store.papers.upsert([paper('2606.00001'), paper('2606.00002')], 'daily', AT);
  for (const platform of ['discord', 'slack', 'console']) {
    const person: PersonRef = { platform, userId: `${platform}-user` };
    const target: TargetRef = { platform, channelId: `${platform}-channel`, workspaceId: 'w1' };
    await addTopic(person, 'speculative decoding');
    await store.people.setAlertMode(person, 'daily', '08:00', 'Europe/Berlin');
    await store.people.setDmChannel(person, `${platform}-dm`);
    // As the repository wrote it then, before digests had kinds.
    await sql`insert into digest_targets (platform, workspace_id, channel_id, time, timezone, weekdays, top, min_upvotes, enabled, updated_at, created_at)
      values (${platform}, 'w1', ${target.channelId}, '09:00', 'UTC', '["mon"]', 5, 0, 1, ${AT.toISOString()}, ${AT.toISOString()})`.execute(db);
    const claim = await store.claims.claim({ kind: 'digest', platform, recipient: target.channelId, slot: AT.toISOString() }, 'host:1', new Date(AT.getTime() + 60_000), AT);
    await store.claims.setPlan(claim!.id, 'host:1', { dates: ['2026-06-04'], coveredUntil: '2026-06-04', paperIds: ['2606.00001', '2606.00002'], considered: 2 });
    await store.claims.complete(claim!.id, 'host:1', `${platform}-message`, AT);
    for (const [paperId, topic] of [['2606.00001', 'speculative decoding'], ['2606.00002', 'x']] as const) {
      await sql`insert into alerts (platform, user_id, paper_id, topics, queued_at) values (${platform}, ${person.userId}, ${paperId}, ${JSON.stringify([topic])}, ${AT.toISOString()})`.execute(db);
    }
    const sent = await store.alerts.claimPending(person, { slot: AT.toISOString(), owner: 'host:1', leaseUntil: new Date(AT.getTime() + 60_000), at: AT, queuedUntil: AT });
    await store.claims.complete(sent!.claim.id, 'host:1', `${platform}-dm-message`, AT);
  }
}

async function rows(table: string): Promise<unknown[]> {
  return (await sql`select * from ${sql.table(table)} order by 1, 2`.execute(db)).rows;
}

const CHECK_FAILED = /CHECK constraint failed|violates check constraint|is violated by some row/;
const FOREIGN_KEY_FAILED = /FOREIGN KEY|violates foreign key constraint/;

async function schema(engine: TestEngine, kind: 'index' | 'fk'): Promise<unknown[]> {
  if (engine.name === 'postgres') {
    return kind === 'index'
      ? (await sql`select indexname, tablename, indexdef from pg_indexes where tablename in (${sql.join(TABLES)}) order by indexname`.execute(db)).rows
      : (await sql`select conname, conrelid::regclass::text as t, pg_get_constraintdef(oid) as def from pg_constraint where contype = 'f' order by conname`.execute(db)).rows;
  }
  if (kind === 'index') {
    return (await sql`select name, tbl_name, sql from sqlite_master where type = 'index' and tbl_name in (${sql.join(TABLES)}) order by name`.execute(db)).rows;
  }
  const keys = await Promise.all(TABLES.map(async (t) => (await sql`select * from pragma_foreign_key_list(${t})`.execute(db)).rows.map((r) => ({ t, ...(r as object) }))));
  return keys.flat();
}

eachEngine((engine) => {
  afterEach(() => store.close());

  describe('migration 0009: open platforms', () => {
    it('keeps every row, index and key of the five tables, and then stores any platform', async () => {
      await oldDatabase(engine);
      const before = await Promise.all(TABLES.map(rows));
      const [indexes, keys] = [await schema(engine, 'index'), await schema(engine, 'fk')];
      expect(before.every((r) => r.length >= 3)).toBe(true);
      await expect(addTopic({ platform: 'matrix', userId: '@ada:example.org' }, 'x')).rejects.toThrow(CHECK_FAILED);

      expect(await migrateTo('0009-open-platforms')).toContain('0009-open-platforms');
      expect(await Promise.all(TABLES.map(rows))).toEqual(before);
      expect(await schema(engine, 'index')).toEqual(indexes);
      expect(await schema(engine, 'fk')).toEqual(keys);
      if (engine.name === 'sqlite') {
        expect((await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db)).rows[0]?.foreign_keys).toBe(1);
        expect((await sql`pragma foreign_key_check`.execute(db)).rows).toEqual([]);
        expect((await sql<{ sql: string }>`select sql from sqlite_master where sql like '%console''))%'`.execute(db)).rows).toEqual([]);
      }

      // Today's repositories need today's schema.
      await migrateToLatest(db);
      const matrix: PersonRef = { platform: 'matrix', userId: '@ada:example.org' };
      expect(await store.subscriptions.add(matrix, 'state space models', AT)).toBe(true);
      expect(await store.subscriptions.add(matrix, 'State Space Models', AT)).toBe(false);
      await store.alerts.enqueue([{ person: matrix, paperId: '2606.00001', topics: ['state space models'] }], AT);
      expect(await store.alerts.counts(matrix)).toEqual({ pending: 1, delivered: 0 });
      // The foreign keys still hold: deleting a paper still cascades to its alerts and deliveries' papers.
      await sql`delete from papers where id = '2606.00002'`.execute(db);
      expect((await rows('delivered_papers')).length).toBe(3);
      await expect(sql`insert into alerts (platform, user_id, paper_id, queued_at, delivery_id) values ('matrix', 'u', '2606.00001', 'x', 999)`.execute(db)).rejects.toThrow(FOREIGN_KEY_FAILED);
    });

    it('reverts only while no row names a platform outside the old list', async () => {
      await oldDatabase(engine);
      await migrateTo('0009-open-platforms');
      const matrix: PersonRef = { platform: 'matrix', userId: '@ada:example.org' };
      await addTopic(matrix, 'x');
      await expect(migrateDown(db)).rejects.toThrow(/0009-open-platforms.*(CHECK constraint failed|is violated by some row)/);
      expect((await sql`select * from subscriptions where platform = 'matrix'`.execute(db)).rows).toHaveLength(1);
      if (engine.name === 'sqlite') expect((await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db)).rows[0]?.foreign_keys).toBe(1);
      await sql`delete from subscriptions where platform = 'matrix'`.execute(db);
      expect(await migrateDown(db)).toEqual(['0009-open-platforms']);
      await expect(addTopic(matrix, 'x')).rejects.toThrow(CHECK_FAILED);
      expect(await migrateTo('0009-open-platforms')).toEqual(['0009-open-platforms']);
    });
  });

  describe('migration 0010: digest kinds', () => {
    it('keeps every digest and claim as a daily one, with its indexes and keys, and then takes one digest of each kind', async () => {
      await oldDatabase(engine);
      await migrateTo('0009-open-platforms');
      const before = await Promise.all(['deliveries', 'delivered_papers', 'alerts'].map(rows));
      // Only the channel's unique key changes (PostgreSQL lists it as an index; SQLite keeps it inside the table).
      const otherIndexes = async () => JSON.stringify(await schema(engine, 'index')).replace(/,?\{[^{}]*digest_targets_channel[^{}]*\}/g, '');
      const [indexes, keys] = [await otherIndexes(), await schema(engine, 'fk')];
      expect(await migrateTo('0010-digest-kinds')).toEqual(['0010-digest-kinds']);
      expect(await Promise.all(['deliveries', 'delivered_papers', 'alerts'].map(rows))).toEqual(before);
      expect(await otherIndexes()).toEqual(indexes);
      expect(await schema(engine, 'fk')).toEqual(keys);
      if (engine.name === 'sqlite') expect((await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db)).rows[0]?.foreign_keys).toBe(1);

      const target: TargetRef = { platform: 'slack', channelId: 'slack-channel', workspaceId: 'w1' };
      expect(await store.digests.settings(target)).toMatchObject({ kind: 'daily', time: '09:00', weekdays: ['mon'] });
      // The claims made before count as the daily digest's.
      expect(await store.digests.last(target)).toMatchObject({ messageId: 'slack-message', paperIds: ['2606.00001', '2606.00002'] });
      expect(await store.digests.last(target, 'weekly')).toBeUndefined();
      await store.digests.save({ target, kind: 'weekly', time: '09:00', timezone: 'UTC', weekdays: ['mon'], top: 5, minUpvotes: 0, enabled: true, updatedAt: AT.toISOString() });
      const weekly = await store.claims.claim({ kind: 'digest-weekly', platform: 'slack', recipient: target.channelId, slot: AT.toISOString() }, 'host:1', new Date(AT.getTime() + 60_000), AT);
      expect(weekly).toBeDefined();
      expect((await store.digests.ofChannel(target)).map((s) => s.kind)).toEqual(['daily', 'weekly']);
      await expect(migrateDown(db)).rejects.toThrow(/weekly or trending digests exist/);
      await sql`delete from deliveries where kind = 'digest-weekly'`.execute(db);
      await sql`delete from digest_targets where kind = 'weekly'`.execute(db);
      expect(await migrateDown(db)).toEqual(['0010-digest-kinds']);
    });
  });
});
