import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eachEngine } from '../helpers/engines.js';
import type { Paper } from '../../src/core/paper.js';
import { parseQuery } from '../../src/core/query/parse.js';
import { createStore, type Store } from '../../src/store/index.js';

let store: Store;

const T0 = new Date('2025-03-03T08:00:00.000Z');
const T1 = new Date('2025-03-03T09:00:00.000Z');
const T2 = new Date('2025-03-03T10:00:00.000Z');

function paper(id: string, fields: Partial<Paper> = {}): Paper {
  return {
    id,
    title: `Paper ${id}`,
    summary: 'We study things.',
    authors: ['Ada Lovelace'],
    upvotes: 0,
    numComments: 0,
    aiKeywords: [],
    publishedAt: '2025-03-01T00:00:00.000Z',
    dailyDate: '2025-03-03',
    ...fields,
  };
}

async function search(q: string, page = { limit: 20, offset: 0 }) {
  return store.papers.search(parseQuery(q), page);
}
const ids = async (q: string) => (await search(q)).hits.map((h) => h.paper.id);

eachEngine((engine) => {
  beforeEach(async () => {
    store = await engine.store();
  });
  afterEach(() => store.close());

  describe('upsert', () => {
    it('inserts new papers, then reports them unchanged when nothing moved', async () => {
      const papers = [paper('2503.00001'), paper('2503.00002')];
      expect(await store.papers.upsert(papers, 'daily', T0)).toEqual({ inserted: ['2503.00001', '2503.00002'], updated: [], unchanged: 0 });
      expect(await store.papers.upsert(papers, 'daily', T1)).toEqual({ inserted: [], updated: [], unchanged: 2 });
      expect(await store.papers.count()).toBe(2);
      const stored = await store.papers.get('2503.00001');
      expect(stored).toMatchObject({ firstSeenAt: T0.toISOString(), updatedAt: T0.toISOString(), origin: 'daily' });
    });

    it('updates known papers in place and keeps when they were first seen', async () => {
      await store.papers.upsert([paper('2503.00001', { upvotes: 2 }), paper('2503.00002')], 'daily', T0);
      const result = await store.papers.upsert(
        [paper('2503.00001', { upvotes: 40, githubRepo: 'https://github.com/x/y' }), paper('2503.00002'), paper('2503.00003')],
        'daily',
        T1,
      );
      expect(result).toEqual({ inserted: ['2503.00003'], updated: ['2503.00001'], unchanged: 1 });
      const stored = await store.papers.get('2503.00001');
      expect(stored).toMatchObject({ upvotes: 40, githubRepo: 'https://github.com/x/y', firstSeenAt: T0.toISOString(), updatedAt: T1.toISOString() });
    });

    it('lets search see a changed title and forget the old one', async () => {
      await store.papers.upsert([paper('2503.00001', { title: 'Mamba for vision' })], 'daily', T0);
      expect(await ids('mamba')).toEqual(['2503.00001']);
      await store.papers.upsert([paper('2503.00001', { title: 'State space models for vision' })], 'daily', T1);
      expect(await ids('mamba')).toEqual([]);
      expect(await ids('"state space"')).toEqual(['2503.00001']);
    });

    it('never replaces a known daily date with none, nor downgrades a daily paper', async () => {
      await store.papers.upsert([paper('2503.00001', { upvotes: 5 })], 'daily', T0);
      const fromSearch = paper('2503.00001', { upvotes: 7, dailyDate: undefined, aiSummary: 'Late summary.' });
      expect((await store.papers.upsert([fromSearch], 'search', T1)).updated).toEqual(['2503.00001']);
      expect(await store.papers.get('2503.00001')).toMatchObject({ dailyDate: '2025-03-03', origin: 'daily', upvotes: 7, aiSummary: 'Late summary.' });
    });

    it('keeps fields a later copy leaves out, and upgrades a looked-up paper that reaches a daily list', async () => {
      await store.papers.upsert([paper('2503.00009', { dailyDate: undefined, aiSummary: 'Known.', aiKeywords: ['kw'] })], 'lookup', T0);
      expect(await store.papers.get('2503.00009')).toMatchObject({ origin: 'lookup', dailyDate: undefined });
      await store.papers.upsert([paper('2503.00009', { aiKeywords: [] })], 'daily', T1);
      expect(await store.papers.get('2503.00009')).toMatchObject({ origin: 'daily', dailyDate: '2025-03-03', aiSummary: 'Known.', aiKeywords: ['kw'] });
      await store.papers.upsert([paper('2503.00009', { aiKeywords: [] })], 'search', T2);
      expect((await store.papers.get('2503.00009'))?.origin).toBe('daily');
    });

    it('round-trips every field', async () => {
      const full = paper('2503.00010', {
        authors: ['Zoë Ångström', 'Tri Dao'],
        organization: { name: 'acme', fullname: 'Acme Research' },
        upvotes: 12,
        numComments: 3,
        githubRepo: 'https://github.com/acme/x',
        githubStars: 99,
        projectPage: 'https://acme.example/x',
        aiSummary: 'Summary.',
        aiKeywords: ['a', 'b'],
        thumbnail: 'https://cdn.example/t.png',
      });
      await store.papers.upsert([full], 'daily', T0);
      expect(await store.papers.get(full.id)).toEqual({ ...full, firstSeenAt: T0.toISOString(), updatedAt: T0.toISOString(), origin: 'daily' });
      expect(await store.papers.getMany(['missing', full.id])).toHaveLength(1);
    });
  });

  describe('links stored before they were checked at the source', () => {
    it('are checked when read, and stored checked when the paper is next upserted', async () => {
      const db = await engine.database();
      const own = createStore(db);
      try {
        const raw = paper('2503.00011', { githubRepo: 'javascript:alert(1)', projectPage: 'HTTPS://Lab.Example/a)b c', thumbnail: ' ' });
        await own.papers.upsert([raw], 'daily', T0);
        const checked = { githubRepo: undefined, projectPage: 'https://lab.example/a%29b%20c', thumbnail: undefined };
        expect(await own.papers.get(raw.id)).toMatchObject(checked);
        expect((await own.papers.byDailyDates(['2025-03-03']))[0]).toMatchObject(checked);

        // The paper comes again, now without links: the row keeps the checked ones, not the raw ones.
        const again = { ...raw, githubRepo: undefined, projectPage: undefined, thumbnail: undefined };
        await own.papers.upsert([again], 'daily', T1);
        const row = await db.selectFrom('papers').select(['github_repo', 'project_page', 'thumbnail']).where('id', '=', raw.id).executeTakeFirst();
        expect(row).toEqual({ github_repo: null, project_page: 'https://lab.example/a%29b%20c', thumbnail: null });
      } finally {
        await own.close();
      }
    });
  });

  describe('daily dates', () => {
    it('lists dates with papers in a range and the papers of given dates', async () => {
      await store.papers.upsert(
        [
          paper('a', { dailyDate: '2025-03-01', upvotes: 1 }),
          paper('b', { dailyDate: '2025-03-03', upvotes: 5 }),
          paper('c', { dailyDate: '2025-03-03', upvotes: 9 }),
          paper('d', { dailyDate: undefined }),
        ],
        'daily',
        T0,
      );
      expect(await store.papers.dailyDates({})).toEqual(['2025-03-01', '2025-03-03']);
      expect(await store.papers.dailyDates({ from: '2025-03-02' })).toEqual(['2025-03-03']);
      expect(await store.papers.dailyDates({ to: '2025-03-02' })).toEqual(['2025-03-01']);
      expect((await store.papers.byDailyDates(['2025-03-03'])).map((p) => p.id)).toEqual(['c', 'b']);
    });
  });

  describe('search', () => {
    beforeEach(async () => {
      await store.papers.upsert(
        [
          paper('p1', { title: 'Speculative decoding for large models', upvotes: 3 }),
          paper('p2', { title: 'Decoding speculative plans', summary: 'Robots plan.', upvotes: 50 }),
          paper('p3', { title: 'Video diffusion distillation', authors: ['Tri Dao', 'Jane Roe'], organization: { name: 'princeton', fullname: 'Princeton University' } }),
          paper('p4', { title: 'Image diffusion at scale', authors: ['Jane Tri', 'Dao Smith'], organization: { name: 'meta' } }),
          paper('p5', { title: 'Modèles de données', summary: 'Über naïve café résumé.' }),
        ],
        'daily',
        T0,
      );
    });

    it('needs every word and treats quotes as an exact phrase', async () => {
      expect((await ids('speculative decoding')).sort()).toEqual(['p1', 'p2']);
      expect(await ids('"speculative decoding"')).toEqual(['p1']);
    });

    it('supports OR, exclusions, author: and org:', async () => {
      expect((await ids('video OR image')).sort()).toEqual(['p3', 'p4']);
      expect(await ids('diffusion -video')).toEqual(['p4']);
      expect(await ids('author:"Tri Dao"')).toEqual(['p3']);
      expect(await ids('diffusion org:princeton')).toEqual(['p3']);
      expect(await ids('org:"Princeton University"')).toEqual(['p3']);
      expect(await ids('princeton')).toEqual([]);
    });

    it('folds case and diacritics both ways', async () => {
      expect(await ids('DONNEES')).toEqual(['p5']);
      expect(await ids('uber naive cafe')).toEqual(['p5']);
      expect(await ids('résumé')).toEqual(['p5']);
    });

    it('ranks a title hit above an abstract hit, and upvotes lift equal relevance', async () => {
      await store.papers.upsert(
        [
          paper('t', { title: 'Tokenizers revisited', summary: 'Plain text.' }),
          paper('s', { title: 'Unrelated', summary: 'We look at tokenizers once.', upvotes: 30 }),
          paper('hot', { title: 'Sparse attention', upvotes: 200 }),
          paper('cold', { title: 'Sparse attention', upvotes: 1 }),
        ],
        'daily',
        T1,
      );
      expect(await ids('tokenizers')).toEqual(['t', 's']);
      const { hits } = await search('sparse attention');
      expect(hits.map((h) => h.paper.id)).toEqual(['hot', 'cold']);
      expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
      expect(hits[1]!.score).toBeGreaterThan(0);
    });

    it('breaks exact ties by upvotes, then newer daily date, then id', async () => {
      await store.papers.upsert(
        [
          paper('z2', { title: 'Tie', dailyDate: '2025-03-01' }),
          paper('z1', { title: 'Tie', dailyDate: '2025-03-01' }),
          paper('z3', { title: 'Tie', dailyDate: '2025-03-02' }),
        ],
        'daily',
        T1,
      );
      expect(await ids('tie')).toEqual(['z3', 'z1', 'z2']);
    });

    it('pages through results and counts them all', async () => {
      await store.papers.upsert(
        Array.from({ length: 25 }, (_, i) => paper(`x${String(i).padStart(2, '0')}`, { title: 'Common word', upvotes: 100 - i })),
        'daily',
        T1,
      );
      const first = await search('common', { limit: 10, offset: 0 });
      const third = await search('common', { limit: 10, offset: 20 });
      expect(first.total).toBe(25);
      expect(first.hits.map((h) => h.paper.id)).toEqual(Array.from({ length: 10 }, (_, i) => `x${String(i).padStart(2, '0')}`));
      expect(third.hits).toHaveLength(5);
      expect(third.total).toBe(25);
    });

    it('scores given ids as search does, leaving out those that do not match', async () => {
      const query = parseQuery('diffusion -video');
      const scores = await store.papers.scoreMatching(query, ['p3', 'p4', 'p1', 'unknown']);
      expect([...scores.keys()]).toEqual(['p4']);
      expect(scores.get('p4')).toBe((await search('diffusion -video')).hits[0]!.score);
      expect(await store.papers.scoreMatching(query, [])).toEqual(new Map());
    });

    it('matches English word forms in words and phrases, never in names', async () => {
      await store.papers.upsert(
        [
          paper('a1', { title: 'An agent that plans', authors: ['Ann Agents'] }),
          paper('a2', { title: 'Benchmarking agents', summary: 'Large language models as judges.' }),
        ],
        'daily',
        T1,
      );
      expect((await ids('agents')).sort()).toEqual(['a1', 'a2']);
      expect(await ids('agent -benchmark')).toEqual(['a1']);
      expect(await ids('"language model"')).toEqual(['a2']);
      expect(await ids('author:agents')).toEqual(['a1']);
      expect(await ids('author:agent')).toEqual([]);
    });
  });
});
