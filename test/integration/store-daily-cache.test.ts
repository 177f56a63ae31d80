/**
 * The repository keeps the daily lists it read until the papers table changes. Every way the
 * table can change must show on the next read: this repository's upsert, another connection's
 * write, and a statement run by hand on the same connection.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Paper } from '../../src/core/paper.js';
import { createStore, type Database, type Store } from '../../src/store/index.js';
import { eachEngine } from '../helpers/engines.js';

const stores: Store[] = [];

const paper = (id: string, dailyDate: string, upvotes = 0): Paper => ({
  id,
  title: `Paper ${id}`,
  summary: 'We study caches.',
  authors: ['Ada Lovelace'],
  upvotes,
  numComments: 0,
  aiKeywords: [],
  publishedAt: '2025-03-01T00:00:00.000Z',
  dailyDate,
});
const AT = new Date('2025-03-04T10:00:00.000Z');

function kept(db: Database): Store {
  const store = createStore(db);
  stores.push(store);
  return store;
}

const upvotes = async (store: Store, dates: string[]) => (await store.papers.byDailyDates(dates)).map((p) => [p.id, p.upvotes]);

eachEngine((engine) => {
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
  });

  describe('daily lists kept between reads', () => {
    it('show this repository’s writes, another connection’s and a hand-run statement’s', async () => {
      const [db, other] = await engine.pair();
      const [a, b] = [kept(db), kept(other)];

      await a.papers.upsert([paper('2503.00001', '2025-03-03', 1)], 'daily', AT);
      expect(await upvotes(a, ['2025-03-03'])).toEqual([['2503.00001', 1]]);
      expect(await a.papers.dailyDates({})).toEqual(['2025-03-03']);

      await a.papers.upsert([paper('2503.00002', '2025-03-04', 5)], 'daily', AT);
      expect(await a.papers.dailyDates({})).toEqual(['2025-03-03', '2025-03-04']);
      expect(await upvotes(a, ['2025-03-04', '2025-03-03'])).toEqual([['2503.00002', 5], ['2503.00001', 1]]);

      await b.papers.upsert([paper('2503.00001', '2025-03-03', 9)], 'daily', AT);
      expect(await upvotes(a, ['2025-03-03'])).toEqual([['2503.00001', 9]]);

      await sql`update papers set upvotes = 12 where id = '2503.00001'`.execute(db);
      expect(await upvotes(a, ['2025-03-03'])).toEqual([['2503.00001', 12]]);
      await sql`delete from papers where id = '2503.00002'`.execute(db);
      expect(await a.papers.dailyDates({})).toEqual(['2025-03-03']);
      expect(await a.papers.byDailyDates(['2025-03-04'])).toEqual([]);
    });

    it('return the dates within a range, and a fresh list the caller may change', async () => {
      const store = kept(await engine.database());
      await store.papers.upsert(['01', '02', '05', '09'].map((d, i) => paper(`2503.0000${i}`, `2025-03-${d}`)), 'daily', AT);
      expect(await store.papers.dailyDates({ from: '2025-03-02', to: '2025-03-08' })).toEqual(['2025-03-02', '2025-03-05']);
      expect(await store.papers.dailyDates({ to: '2025-03-01' })).toEqual(['2025-03-01']);
      const first = await store.papers.byDailyDates(['2025-03-09']);
      first.pop();
      expect(await store.papers.byDailyDates(['2025-03-09'])).toHaveLength(1);
    });
  });
});
