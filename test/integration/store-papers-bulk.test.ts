/**
 * The upsert logs new papers for the search index and moves the version in one statement each
 * after inserting them (migration 0005) instead of through the per-row triggers. Search must see
 * them as it sees rows the triggers logged, every other writer must still go through the triggers,
 * and a failed upsert must leave nothing behind.
 */
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eachEngine } from '../helpers/engines.js';
import type { Paper } from '../../src/core/paper.js';
import { parseQuery } from '../../src/core/query/parse.js';
import { createStore, migrateDown, migrateToLatest, type Database, type Store } from '../../src/store/index.js';

const T0 = new Date('2025-03-03T08:00:00.000Z');
const WORDS = ['diffusion', 'transformer', 'agents', 'retrieval', 'vision', 'speech', 'robots', 'memory'];

function paper(i: number, fields: Partial<Paper> = {}): Paper {
  const word = (k: number) => WORDS[(i * 7 + k * 3) % WORDS.length]!;
  return {
    id: `2503.${String(i).padStart(5, '0')}`,
    title: `${word(0)} ${word(1)} at scale ${i}`,
    summary: `We study ${word(2)} with ${word(3)} and ${word(1)}.`,
    authors: [`Author ${i % 5}`, 'Ada Lovelace'],
    organization: i % 3 === 0 ? { name: 'northlight' } : undefined,
    upvotes: (i * 37) % 101,
    numComments: 0,
    aiKeywords: [word(4), `${word(0)} models`],
    aiSummary: i % 2 === 0 ? `A summary about ${word(5)}.` : undefined,
    publishedAt: '2025-03-01T00:00:00.000Z',
    dailyDate: '2025-03-03',
    ...fields,
  };
}

let db: Database;
let store: Store;

const version = async () => Number((await sql<{ n: number }>`select n from papers_version where id = 1`.execute(db)).rows[0]?.n);
const bulkFlag = async () => Number((await sql<{ active: number }>`select active from papers_bulk where id = 1`.execute(db)).rows[0]?.active);

async function ranking(q: string) {
  const { hits, total } = await store.papers.search(parseQuery(q), { limit: 50, offset: 0 });
  return { total, hits: hits.map((h) => [h.paper.id, h.score]) };
}

eachEngine((engine) => {
  beforeEach(async () => {
    db = await engine.database();
    store = createStore(db);
  });
  afterEach(() => store.close());

  describe('bulk indexing of new papers', () => {
    it('gives search what rows the triggers logged give: same matches, same scores', async () => {
      await store.papers.upsert(Array.from({ length: 60 }, (_, i) => paper(i)), 'daily', T0);
      const queries = ['diffusion', 'agents retrieval', 'author:lovelace', 'org:northlight vision', 'memory OR speech'];
      const bulk = await Promise.all(queries.map(ranking));
      expect(bulk.every((r) => r.total > 0)).toBe(true);

      // The same papers inserted row by row through the triggers, into a second database.
      const other = await engine.blank();
      await migrateToLatest(other);
      for (const row of await db.selectFrom('papers').selectAll().orderBy('pk').execute()) await other.insertInto('papers').values(row).execute();
      const otherStore = createStore(other);
      try {
        const triggered = await Promise.all(queries.map((q) => otherStore.papers.search(parseQuery(q), { limit: 50, offset: 0 })));
        expect(triggered.map(({ hits, total }) => ({ total, hits: hits.map((h) => [h.paper.id, h.score]) }))).toEqual(bulk);
      } finally {
        await otherStore.close();
      }
    });

    it('moves the version once per upsert, clears the flag, and leaves other writers on the triggers', async () => {
      const before = await version();
      await store.papers.upsert([paper(1), paper(2), paper(3)], 'daily', T0);
      expect(await version()).toBe(before + 1);
      expect(await bulkFlag()).toBe(0);

      // A statement run by hand (or by an older process) is indexed and counted by the triggers.
      await sql`insert into papers (id, title, summary, published_at, origin, first_seen_at, updated_at, fts_title)
        values ('2503.99999', 'Origami attention', '', '2025-03-01T00:00:00.000Z', 'daily', 'x', 'x', 'Origami attention')`.execute(db);
      expect(await version()).toBe(before + 2);
      expect((await ranking('origami')).hits.map(([id]) => id)).toEqual(['2503.99999']);
    });

    it('leaves nothing behind when a row fails: no paper, no search hit, no flag, no version move', async () => {
      await store.papers.upsert([paper(1)], 'daily', T0);
      const before = await version();
      const broken = { ...paper(3), publishedAt: null } as unknown as Paper;
      await expect(store.papers.upsert([paper(2), broken], 'daily', T0)).rejects.toThrow(/NOT NULL|not-null/);
      expect(await store.papers.count()).toBe(1);
      expect(await bulkFlag()).toBe(0);
      expect(await version()).toBe(before);
      expect((await ranking('scale')).hits.map(([id]) => id)).toEqual(['2503.00001']);
    });

    it('still writes through the triggers on a database that has not reached migration 0005', async () => {
      const old = await engine.blank();
      await migrateToLatest(old);
      // Back to just before 0005, whatever came after it.
      for (let reverted: string[] = []; !reverted.includes('0005-bulk-paper-inserts'); ) {
        reverted = await migrateDown(old);
        expect(reverted).toHaveLength(1);
      }
      const oldStore = createStore(old);
      try {
        const before = Number((await sql<{ n: number }>`select n from papers_version where id = 1`.execute(old)).rows[0]?.n);
        await oldStore.papers.upsert([paper(1), paper(2)], 'daily', T0);
        expect(await oldStore.papers.count()).toBe(2);
        // One move per row: the triggers counted them.
        expect(Number((await sql<{ n: number }>`select n from papers_version where id = 1`.execute(old)).rows[0]?.n)).toBe(before + 2);
      } finally {
        await oldStore.close();
      }
    });
  });
});
