/**
 * The in-memory search index ranks exactly as the store's FTS5 search: same ids in the same order,
 * same scores to the last bit, on generated papers and queries (words, OR, author:, org:) over a
 * real SQLite database, before and after live updates (new papers, changed upvotes, a changed text).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/core/paper.js';
import { parseQuery } from '../../src/core/query/parse.js';
import { createSearchIndex, paperEntry, type SearchIndex } from '../../src/core/search/search-index.js';
import type { Store } from '../../src/store/index.js';
import { memoryStore } from '../helpers/memory-store.js';

const WORDS = ['diffusion', 'Video', 'model', 'state', 'space', 'decoding', 'café', 'Über', 'gpt', '4o', 'dao', 'tri', 'meta', 'sparse', 'agent'];
const word = fc.constantFrom(...WORDS);
const sentence = (max: number) => fc.array(fc.tuple(word, fc.constantFrom(' ', '-', ', ', ' (')), { maxLength: max }).map((parts) => parts.map(([w, s]) => w + s).join(''));
const name = fc.tuple(fc.constantFrom('Tri', 'Jane', 'Dao', 'José'), fc.constantFrom('Dao', 'Tri', 'Núñez', 'Smith')).map(([f, l]) => `${f} ${l}`);

const paperFields = fc.record({
  title: sentence(6),
  summary: sentence(20),
  aiSummary: fc.option(sentence(5), { nil: undefined }),
  aiKeywords: fc.array(sentence(2), { maxLength: 3 }),
  authors: fc.array(name, { maxLength: 3 }),
  organization: fc.option(fc.constantFrom({ name: 'meta', fullname: 'Meta AI' }, { name: 'nvidia' }), { nil: undefined }),
  upvotes: fc.nat(300),
  dailyDate: fc.option(fc.constantFrom('2026-06-01', '2026-06-02'), { nil: undefined }),
});
type PaperFields = typeof paperFields extends fc.Arbitrary<infer T> ? T : never;

const item = fc.oneof(
  { arbitrary: word.map((w) => w.toLowerCase()), weight: 5 },
  { arbitrary: word.map((w) => `author:${w}`), weight: 1 },
  { arbitrary: fc.constantFrom('org:meta', 'org:nvidia', 'org:ai'), weight: 1 },
);
const query = fc
  .array(fc.array(item, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 })
  .map((groups) => groups.map((g) => g.join(' OR ')).join(' '));

const toPapers = (fields: readonly PaperFields[], from = 0): Paper[] =>
  fields.map((f, i) => ({ ...f, id: `2606.${String(from + i).padStart(5, '0')}`, numComments: 0, publishedAt: '2026-06-01T00:00:00.000Z' }));

const seenAt = new Date('2026-06-02T12:00:00Z');

/**
 * The index's page equals the store's. With `rare`, the index may leave a query to FTS5 (it keeps no
 * postings for rare words), which counts as nothing found.
 */
async function expectSameRanking(store: Store, index: SearchIndex, text: string, limit: number, offset = 0, rare = false): Promise<number> {
  const q = parseQuery(text);
  const { hits, total } = await store.papers.search(q, { limit, offset });
  const expected = { hits: hits.map((h) => ({ id: h.paper.id, score: h.score })), total };
  const page = index.search(q, { limit, offset });
  if (rare && page === undefined) return 0;
  expect({ query: text, page }).toEqual({ query: text, page: expected });
  return expected.hits.length;
}

/**
 * Small blocks, so that a few dozen papers cross many block edges and the pruning is exercised;
 * bitsets for every term, for the common ones, or for none.
 */
const layout = fc.record({ blockSize: fc.constantFrom(2, 4, 128), denseShare: fc.constantFrom(0.001, 1 / 16, 2), rareShare: fc.constantFrom(0, 0.1) });

describe('createSearchIndex', () => {
  it('ranks exactly as FTS5 on generated papers and queries, warmed up between them or not', async () => {
    let found = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(paperFields, { minLength: 1, maxLength: 60 }), fc.array(query, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 12 }), fc.nat(6), layout, fc.boolean(), async (fields, queries, limit, offset, options, warm) => {
        const papers = toPapers(fields);
        const store = await memoryStore();
        try {
          await store.papers.upsert(papers, 'daily', seenAt);
          const index = createSearchIndex(papers, options);
          for (const q of queries) {
            if (warm) index.warmUp();
            found += await expectSameRanking(store, index, q, limit, offset, options.rareShare > 0);
          }
        } finally {
          await store.close();
        }
      }),
      { numRuns: 80 },
    );
    // Not vacuous: across the runs, many hits were compared (the count varies with the generated data, 100 to 300).
    expect(found).toBeGreaterThan(50);
  });

  it('skips and stops early over hundreds of papers yet returns the exact top 10', async () => {
    const papers = toPapers(fc.sample(paperFields, { numRuns: 800, seed: 11 }));
    const queries = fc.sample(query, { numRuns: 60, seed: 12 });
    const store = await memoryStore();
    try {
      await store.papers.upsert(papers, 'daily', seenAt);
      for (const [blockSize, denseShare] of [[4, 0.05], [16, 2], [128, 1 / 16]] as const) {
        const index = createSearchIndex(papers, { blockSize, denseShare });
        for (const q of queries) await expectSameRanking(store, index, q, 10);
        await expectSameRanking(store, index, 'model', 5, 20);
      }
    } finally {
      await store.close();
    }
  });

  it('stays exact through new papers, changed upvotes and a changed text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(paperFields, { minLength: 5, maxLength: 30 }),
        fc.array(paperFields, { minLength: 1, maxLength: 10 }),
        fc.array(fc.tuple(fc.nat(29), fc.nat(500)), { maxLength: 10 }),
        fc.array(query, { minLength: 1, maxLength: 5 }),
        layout,
        async (fields, later, votes, queries, options) => {
          const papers = toPapers(fields);
          const store = await memoryStore();
          try {
            await store.papers.upsert(papers, 'daily', seenAt);
            const index = createSearchIndex(papers, options);
            const changed = [
              ...toPapers(later, 1000),
              ...votes.filter(([i]) => i < papers.length).map(([i, upvotes]) => ({ ...papers[i]!, upvotes })),
              { ...papers[0]!, title: `${papers[0]!.title} sparse agent` },
            ];
            // The store keeps the last copy of an id; so does the index.
            const last = [...new Map(changed.map((p) => [p.id, p])).values()];
            await store.papers.upsert(last, 'daily', seenAt);
            index.upsert(last.map(paperEntry));
            for (const q of queries) await expectSameRanking(store, index, q, 10, 0, options.rareShare > 0);
          } finally {
            await store.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('forgets removed papers exactly as if they had never been indexed', () => {
    const papers = toPapers(fc.sample(paperFields, { numRuns: 200, seed: 21 }));
    const removed = papers.filter((_, i) => i % 3 === 0).map((p) => p.id);
    const index = createSearchIndex(papers, { blockSize: 4, denseShare: 0.05 });
    index.remove([...removed, 'not-indexed']);
    const fresh = createSearchIndex(papers.filter((p) => !removed.includes(p.id)));
    for (const q of fc.sample(query, { numRuns: 40, seed: 22 })) {
      expect({ q, page: index.search(parseQuery(q), { limit: 10, offset: 0 }) }).toEqual({ q, page: fresh.search(parseQuery(q), { limit: 10, offset: 0 }) });
    }
    expect(index.size).toBe(papers.length - removed.length);
  });

  it('pages like the store and leaves multi-word phrases and exclusions to FTS5', async () => {
    const papers = toPapers(fc.sample(paperFields, { numRuns: 60, seed: 3 }));
    const store = await memoryStore();
    try {
      await store.papers.upsert(papers, 'daily', seenAt);
      const index = createSearchIndex(papers);
      await expectSameRanking(store, index, 'model OR diffusion', 5, 5);
      await expectSameRanking(store, index, 'model diffusion', 0);
      expect(index.search(parseQuery('"state space"'), { limit: 5, offset: 0 })).toBeUndefined();
      expect(index.search(parseQuery('model -"state space"'), { limit: 5, offset: 0 })).toBeUndefined();
      expect(index.search(parseQuery('model -video'), { limit: 5, offset: 0 })).toBeUndefined();
      expect(index.search(parseQuery('quantum'), { limit: 5, offset: 0 })).toEqual({ hits: [], total: 0 });
    } finally {
      await store.close();
    }
  });
});
