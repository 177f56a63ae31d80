import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectStatus } from '../../src/cli/status.js';
import { readerLearner } from '../../src/core/feedback/learner.js';
import type { PersonRef } from '../../src/core/ports.js';
import type { Database, Store } from '../../src/store/index.js';
import { Migrator } from 'kysely';
import { migrations } from '../../migrations/index.js';
import { createStore, migrateDown, migrateToLatest } from '../../src/store/index.js';
import { eachEngine } from '../helpers/engines.js';
import { subjectPaper } from '../helpers/topic-papers.js';

/** Distinctive, so a search of every column of every table finds nothing else. */
const ADA: PersonRef = { platform: 'slack', userId: 'U0ADA4FORGET' };
const BOB: PersonRef = { platform: 'slack', userId: 'U0BOB2STAYS' };
const at = (minute: number) => new Date(Date.UTC(2026, 5, 3, 9, minute));
const PAPERS = [0, 1, 2, 3, 4, 5].map((n) => subjectPaper(`2606.0100${n}`, n % 2 === 0 ? 'diffusion' : 'agents', n));

let db: Database;
let store: Store;

eachEngine((engine) => {
  beforeEach(async () => {
    db = await engine.database();
    store = createStore(db);
    await store.papers.upsert(PAPERS, 'daily', at(0));
  });
  afterEach(() => store.close());

  describe('votes', () => {
    it('records a press, takes it back on a second press of the same button, and changes it with the other', async () => {
      const id = PAPERS[0]!.id;
      expect(await store.feedback.press(ADA, id, 1, at(1), readerLearner)).toEqual({ paperId: id, before: 0, after: 1, votes: 1 });
      expect((await store.feedback.model(ADA))?.votes).toBe(1);
      expect(await store.feedback.press(ADA, id, 1, at(2), readerLearner)).toEqual({ paperId: id, before: 1, after: 0, votes: 0 });
      expect(await store.feedback.model(ADA)).toBeUndefined();
      expect(await store.feedback.votes(ADA)).toEqual(new Map());

      await store.feedback.press(ADA, id, 1, at(3), readerLearner);
      expect(await store.feedback.press(ADA, id, -1, at(4), readerLearner)).toEqual({ paperId: id, before: 1, after: -1, votes: 1 });
      expect(await store.feedback.votes(ADA)).toEqual(new Map([[id, -1]]));
      expect(await store.feedback.votes(BOB)).toEqual(new Map());
    });

    it('keeps the model learnt from the votes that remain after one is taken back', async () => {
      for (const [i, paper] of PAPERS.entries()) await store.feedback.press(ADA, paper.id, i % 2 === 0 ? 1 : -1, at(i + 1), readerLearner);
      await store.feedback.press(ADA, PAPERS[5]!.id, -1, at(10), readerLearner);
      const fromScratch = readerLearner.replay(PAPERS.slice(0, 5).map((paper, i) => ({ paper, vote: i % 2 === 0 ? 1 : -1 })));
      expect(await store.feedback.model(ADA)).toEqual(fromScratch);
    });

    it('learns every press when several arrive at once', async () => {
      await Promise.all(PAPERS.map((paper, i) => store.feedback.press(ADA, paper.id, 1, at(i), readerLearner)));
      expect((await store.feedback.votes(ADA)).size).toBe(PAPERS.length);
      expect((await store.feedback.model(ADA))?.votes).toBe(PAPERS.length);
      expect(await store.feedback.voters()).toBe(1);
    });
  });

  describe('migration 0016', () => {
    it('keeps every delivery and the alerts pointing at them, opens the kinds of delivery, and reverts only without a for-you row', async () => {
      const old = await engine.blank();
      const migrator = new Migrator({ db: old, provider: { getMigrations: async () => ({ ...migrations }) } });
      expect((await migrator.migrateTo('0013-people-workspace')).error).toBeUndefined();
      const oldStore = createStore(old);
      try {
        await oldStore.papers.upsert(PAPERS, 'daily', at(0));
        await oldStore.alerts.enqueue([{ person: ADA, paperId: PAPERS[0]!.id, topics: ['diffusion'] }], at(1));
        const sent = await oldStore.alerts.claimPending(ADA, { slot: at(1).toISOString(), owner: 'o', leaseUntil: at(9), at: at(1) });
        await oldStore.claims.complete(sent!.claim.id, 'o', 'dm-1', at(1));
        const deliveries = async () => (await sql`select * from deliveries order by id`.execute(old)).rows;
        const before = await deliveries();
        await migrateToLatest(old);
        expect(await deliveries()).toEqual(before);
        expect(await oldStore.alerts.counts(ADA)).toEqual({ pending: 0, delivered: 1 });
        const weekly = { kind: 'foryou' as const, platform: ADA.platform, recipient: ADA.userId, slot: at(2).toISOString() };
        expect(await oldStore.claims.claim(weekly, 'o', at(9), at(2))).toBeDefined();
        await expect(migrateDown(old)).rejects.toThrow(/0016-feedback/);
        await sql`delete from deliveries where kind = 'foryou'`.execute(old);
        expect(await migrateDown(old)).toEqual(['0016-feedback']);
        expect(await deliveries()).toEqual(before);
      } finally {
        await oldStore.close();
      }
    });
  });

  describe('forget-me', () => {
    /** Everything a person leaves behind: votes, model, topics, watches, alerts (sent, pending, milestone), DMs, settings, the digests they set. */
    async function leaveTraces(person: PersonRef): Promise<void> {
      const now = at(1);
      for (const paper of PAPERS.slice(0, 3)) await store.feedback.press(person, paper.id, 1, now, readerLearner);
      await store.subscriptions.add(person, 'diffusion', now);
      await store.people.setDmChannel(person, `D-${person.userId}`);
      await store.people.setForYou(person, 'weekly');
      await store.alerts.enqueue([{ person, paperId: PAPERS[0]!.id, topics: ['diffusion'] }], now);
      const taken = await store.alerts.claimPending(person, { slot: now.toISOString(), owner: 'o', leaseUntil: at(30), at: now });
      await store.claims.complete(taken!.claim.id, 'o', 'msg-1', now);
      await store.alerts.enqueue([{ person, paperId: PAPERS[2]!.id, topics: ['diffusion'] }], now);
      await store.watches.add(person, PAPERS[3]!.id, now);
      await store.alerts.enqueue([{ person, paperId: PAPERS[3]!.id, topics: [], milestone: 'upvotes-50' }], now);
      const weekly = await store.claims.claim({ kind: 'foryou', platform: person.platform, recipient: person.userId, slot: now.toISOString() }, 'o', at(30), now);
      await store.claims.complete(weekly!.id, 'o', 'msg-2', now);
      await store.digests.save({
        target: { platform: person.platform, channelId: person === ADA ? 'C-ONE' : 'C-TWO' },
        time: '09:00',
        timezone: 'UTC',
        weekdays: ['mon'],
        top: 5,
        minUpvotes: 0,
        enabled: true,
        updatedBy: `${person.platform}:${person.userId}`,
        updatedAt: now.toISOString(),
      });
      const channel = { platform: person.platform, channelId: person === ADA ? 'C-ONE' : 'C-TWO' };
      await store.digests.save({ ...(await store.digests.settings(channel))!, kind: 'weekly' });
      const weeklyDigest = await store.claims.claim({ kind: 'digest-weekly', platform: person.platform, recipient: channel.channelId, slot: now.toISOString() }, 'o', at(30), now);
      await store.claims.complete(weeklyDigest!.id, 'o', 'msg-3', now);
    }

    /** Every table of the schema as the database lists it, and the rows whose any column holds `text`. */
    async function rowsNaming(text: string): Promise<Record<string, number>> {
      const tables =
        engine.name === 'sqlite'
          ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db)).rows
          : (await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = current_schema()`.execute(db)).rows;
      expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['votes', 'reader_models', 'people', 'deliveries', 'alerts', 'digest_targets']));
      const found: Record<string, number> = {};
      for (const { name } of tables) {
        const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db)).rows;
        const naming = rows.filter((row) => Object.values(row).some((value) => String(value).includes(text))).length;
        if (naming > 0) found[name] = naming;
      }
      return found;
    }

    it('deletes every row that names the person, in every table, says what it found, and leaves others alone', async () => {
      await leaveTraces(ADA);
      await leaveTraces(BOB);
      expect(Object.keys(await rowsNaming(ADA.userId)).sort()).toEqual(['alerts', 'deliveries', 'digest_targets', 'people', 'reader_models', 'subscriptions', 'votes', 'watches']);
      const bobBefore = await rowsNaming(BOB.userId);

      expect(await store.personalData.forget(ADA)).toEqual([
        { kind: 'votes', count: 3 },
        { kind: 'model', count: 1 },
        { kind: 'topics', count: 1 },
        { kind: 'watches', count: 1 },
        { kind: 'alerts', count: 3 },
        { kind: 'messages', count: 2 },
        { kind: 'settings', count: 1 },
        { kind: 'digest-settings', count: 2 },
      ]);
      expect(await rowsNaming(ADA.userId)).toEqual({});
      expect(await rowsNaming(BOB.userId)).toEqual(bobBefore);
      // The channel's digest stays; only the name is gone.
      expect((await store.digests.settings({ platform: 'slack', channelId: 'C-ONE' }))?.enabled).toBe(true);
      expect((await store.digests.settings({ platform: 'slack', channelId: 'C-ONE' }, 'weekly'))?.enabled).toBe(true);
      // A weekly digest's record is the channel's, as a daily digest's is.
      expect(await store.claims.recent('digest-weekly', 'slack', 'C-ONE', 5)).toHaveLength(1);

      const status = await collectStatus(store, at(40));
      expect(status.people.map((p) => p.userId)).toEqual([BOB.userId]);
      expect(status.voters).toBe(1);
      expect(await store.personalData.forget(ADA)).toEqual([]);
    });
  });
});
