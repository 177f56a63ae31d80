/**
 * The in-memory search index answers exactly as the reference scorer (the search semantics read
 * plainly): same ids in the same order, same scores to the last bit, same counts, on generated
 * papers and queries in the whole query language (words in any English form, phrases, OR,
 * exclusions of words and phrases, author:, org:), before and after live updates (new papers,
 * changed upvotes, a changed text, removals).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/core/paper.js';
import { parseQuery } from '../../src/core/query/parse.js';
import { referenceEntry, referenceSearch } from '../../src/core/search/reference-search.js';
import { createSearchIndex, paperEntry, type SearchIndex } from '../../src/core/search/search-index.js';

const WORDS = ['diffusion', 'Video', 'videos', 'model', 'Models', 'modeling', 'state', 'space', 'decoding', 'decoder', 'café', 'Über', 'gpt', '4o', 'dao', 'tri', 'meta', 'sparse', 'agent', 'Agents', 'benchmarks', 'benchmarking'];
const word = fc.constantFrom(...WORDS);
const sentence = (max: number) => fc.array(fc.tuple(word, fc.constantFrom(' ', ' ', ' ', '-', ', ', ' (')), { maxLength: max }).map((parts) => parts.map(([w, s]) => w + s).join(''));
const name = fc.tuple(fc.constantFrom('Tri', 'Jane', 'Dao', 'José'), fc.constantFrom('Dao', 'Tri', 'Núñez', 'Smith', 'Daos')).map(([f, l]) => `${f} ${l}`);

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

const lower = word.map((w) => w.toLowerCase());
const phrase = fc.array(lower, { minLength: 2, maxLength: 3 }).map((ws) => `"${ws.join(' ')}"`);
const item = fc.oneof(
  { arbitrary: lower, weight: 5 },
  { arbitrary: phrase, weight: 2 },
  { arbitrary: word.map((w) => `author:${w}`), weight: 1 },
  { arbitrary: name.map((n) => `author:"${n}"`), weight: 1 },
  { arbitrary: fc.constantFrom('org:meta', 'org:nvidia', 'org:ai', 'org:"meta ai"'), weight: 1 },
);
const query = fc
  .tuple(fc.array(fc.array(item, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 }), fc.array(fc.oneof(lower, phrase), { maxLength: 2 }))
  .map(([groups, excluded]) => [...groups.map((g) => g.join(' OR ')), ...excluded.map((x) => `-${x}`)].join(' '));

const toPapers = (fields: readonly PaperFields[], from = 0): Paper[] =>
  fields.map((f, i) => ({ ...f, id: `2606.${String(from + i).padStart(5, '0')}`, numComments: 0, publishedAt: '2026-06-01T00:00:00.000Z' }));

/** The index's page equals the reference scorer's over the same papers (the last copy of each id). */
function expectSameRanking(papers: readonly Paper[], index: SearchIndex, text: string, limit: number, offset = 0): number {
  const q = parseQuery(text);
  const latest = [...new Map(papers.map((p) => [p.id, p])).values()];
  const expected = referenceSearch(latest.map(referenceEntry), q, { limit, offset });
  const page = index.search(q, { limit, offset });
  expect({ query: text, page }).toEqual({ query: text, page: expected });
  return expected.hits.length;
}

/**
 * Small blocks, so that a few dozen papers cross many block edges and the pruning is exercised;
 * bitsets for every term, for the common ones, or for none; pair lists in one bucket or four (every
 * pair collides) or in 1,024.
 */
const layout = fc.record({ blockSize: fc.constantFrom(2, 4, 128), denseShare: fc.constantFrom(0.001, 1 / 16, 2), pairBuckets: fc.constantFrom(1, 4, 1024) });

describe('createSearchIndex', () => {
  it('answers exactly as the reference scorer on generated papers and queries, warmed up between them or not', () => {
    let found = 0;
    fc.assert(
      fc.property(fc.array(paperFields, { minLength: 1, maxLength: 60 }), fc.array(query, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 12 }), fc.nat(6), layout, fc.boolean(), (fields, queries, limit, offset, options, warm) => {
        const papers = toPapers(fields);
        const index = createSearchIndex(papers, options);
        for (const q of queries) {
          if (warm) index.warmUp();
          found += expectSameRanking(papers, index, q, limit, offset);
        }
      }),
      { numRuns: 150 },
    );
    // Not vacuous: across the runs, many hits were compared.
    expect(found).toBeGreaterThan(100);
  });

  it('skips and stops early over hundreds of papers yet returns the exact top 10', () => {
    const papers = toPapers(fc.sample(paperFields, { numRuns: 800, seed: 11 }));
    const queries = fc.sample(query, { numRuns: 60, seed: 12 });
    for (const [blockSize, denseShare] of [[4, 0.05], [16, 2], [128, 1 / 16]] as const) {
      const index = createSearchIndex(papers, { blockSize, denseShare, exactCount: Infinity });
      for (const q of queries) expectSameRanking(papers, index, q, 10);
      expectSameRanking(papers, index, 'model', 5, 20);
      expectSameRanking(papers, index, '"state space" OR agents', 5, 20);
    }
  });

  it('stays exact through new papers, changed upvotes, a changed text and removals', () => {
    fc.assert(
      fc.property(
        fc.array(paperFields, { minLength: 5, maxLength: 30 }),
        fc.array(paperFields, { minLength: 1, maxLength: 10 }),
        fc.array(fc.tuple(fc.nat(29), fc.nat(500)), { maxLength: 10 }),
        fc.array(query, { minLength: 1, maxLength: 5 }),
        layout,
        (fields, later, votes, queries, options) => {
          const papers = toPapers(fields);
          const index = createSearchIndex(papers, options);
          const changed = [
            ...toPapers(later, 1000),
            ...votes.filter(([i]) => i < papers.length).map(([i, upvotes]) => ({ ...papers[i]!, upvotes })),
            { ...papers[0]!, title: `${papers[0]!.title} sparse agent` },
          ];
          // The last copy of an id wins, in the index as in the store.
          const last = [...new Map(changed.map((p) => [p.id, p])).values()];
          index.upsert(last.map(paperEntry));
          const removed = papers[1]!.id;
          index.remove([removed]);
          const now = [...papers, ...last].filter((p) => p.id !== removed);
          for (const q of queries) expectSameRanking(now, index, q, 10, 0);
        },
      ),
      { numRuns: 80 },
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

  it('counts a phrase with very many candidates from a sample, and says so, with the exact hits', () => {
    const papers = toPapers(fc.sample(paperFields, { numRuns: 800, seed: 5 }));
    const index = createSearchIndex(papers, { exactCount: 50 });
    const q = '"state space" OR "space state"';
    const exact = referenceSearch(papers.map(referenceEntry), parseQuery(q), { limit: 10, offset: 0 });
    const page = index.search(parseQuery(q), { limit: 10, offset: 0 });
    expect(page.hits).toEqual(exact.hits);
    expect(page.estimated).toBe(true);
    // An estimate from an evenly spread sample of the candidates: close, not exact.
    expect(Math.abs(page.total - exact.total)).toBeLessThan(exact.total * 0.25);
    expect(index.search(parseQuery('quantum'), { limit: 5, offset: 0 })).toEqual({ hits: [], total: 0 });
    // A sample that misses every match (the stride lands between them) still counts the k the walk found.
    const spread = toPapers(
      Array.from({ length: 2000 }, (_, i) => ({
        ...fc.sample(paperFields, { numRuns: 1, seed: i })[0]!,
        title: i % 10 === 5 && i < 300 ? 'alpha beta' : 'alpha gamma beta',
        upvotes: 5000 - i,
      })),
    );
    const sampled = createSearchIndex(spread, { exactCount: 1 });
    const shown = sampled.search(parseQuery('"alpha beta"'), { limit: 10, offset: 10 });
    expect(shown.hits).toEqual(referenceSearch(spread.map(referenceEntry), parseQuery('"alpha beta"'), { limit: 10, offset: 10 }).hits);
    expect(shown.estimated).toBe(true);
    expect(shown.total).toBeGreaterThanOrEqual(20);
  });

  it('counts exactly a phrase whose words are in every paper but stand together in few', () => {
    const papers = toPapers(
      Array.from({ length: 1500 }, (_, i) => ({
        ...fc.sample(paperFields, { numRuns: 1, seed: 1000 + i })[0]!,
        title: i % 50 === 7 ? 'quantum lattice' : 'lattice of quantum',
      })),
    );
    // Every paper holds both words: without knowing where pairs stand, all 1,500 would be candidates, far past the 50 checked one by one.
    const index = createSearchIndex(papers, { exactCount: 50 });
    const q = parseQuery('"quantum lattice"');
    const page = index.search(q, { limit: 10, offset: 0 });
    const exact = referenceSearch(papers.map(referenceEntry), q, { limit: 10, offset: 0 });
    expect(page).toEqual(exact);
    expect(page.estimated).toBeUndefined();
  });

  it('answers a phrase in an index where no two words stand together anywhere', () => {
    const base = { ...fc.sample(paperFields, { numRuns: 1, seed: 4 })[0]!, summary: 'lattice', aiSummary: undefined, aiKeywords: [], authors: [], organization: undefined };
    const papers = toPapers([{ ...base, title: 'quantum' }, { ...base, title: 'lattice' }]);
    const index = createSearchIndex(papers);
    expect(index.search(parseQuery('"quantum lattice"'), { limit: 10, offset: 0 })).toEqual({ hits: [], total: 0 });
    expect(index.search(parseQuery('quantum lattice'), { limit: 10, offset: 0 }).total).toBe(1);
  });

  it('returns ids in any script as they were given, and tells them apart', () => {
    const base = fc.sample(paperFields, { numRuns: 1, seed: 3 })[0]!;
    const ids = ['2606.00001', 'café-1', '論文-2', 'café-2', '論文-1', 'x'];
    const papers = toPapers(ids.map(() => ({ ...base, title: 'quantum', upvotes: 7 }))).map((p, i) => ({ ...p, id: ids[i]! }));
    const index = createSearchIndex(papers);
    // Same score, upvotes and day: the order is the ids'.
    expect(index.search(parseQuery('quantum'), { limit: 10, offset: 0 }).hits.map((h) => h.id)).toEqual([...ids].sort());
    index.remove(['論文-2']);
    expect(index.search(parseQuery('quantum'), { limit: 10, offset: 0 }).hits.map((h) => h.id)).toEqual([...ids].filter((id) => id !== '論文-2').sort());
  });

  it('says how much memory each of its parts holds, and each grows with what it holds', () => {
    const base = fc.sample(paperFields, { numRuns: 1, seed: 4 })[0]!;
    // Each paper brings words no other has: terms, postings, ids and streams all grow with the papers.
    const index = (count: number) =>
      createSearchIndex(toPapers(Array.from({ length: count }, (_, i) => ({ ...base, title: `unique${i} rare${i} words${i}`, abstract: `seen${i} once${i}` })))).memory();
    const small = index(200);
    const large = index(5000);
    for (const part of ['postings', 'terms', 'papers', 'streams'] as const) {
      expect(small[part], part).toBeGreaterThan(0);
      expect(large[part], part).toBeGreaterThan(small[part]);
    }
    // Five words a paper at least, each a term with its characters and its postings.
    expect(large.terms).toBeGreaterThan(5000 * 5 * 8);
  });

  it('scores given papers as search does, and leaves out those that do not match', () => {
    const papers = toPapers(fc.sample(paperFields, { numRuns: 100, seed: 9 }));
    const index = createSearchIndex(papers);
    for (const q of ['agents -benchmark', '"state space" OR video', 'author:dao']) {
      const page = index.search(parseQuery(q), { limit: 100, offset: 0 });
      const scores = index.scoreMatching(parseQuery(q), [...papers.map((p) => p.id), 'unknown']);
      expect(new Map(page.hits.map((h) => [h.id, h.score]))).toEqual(new Map([...scores].sort((a, b) => b[1] - a[1] || 0)));
      expect(scores.size).toBe(page.total);
    }
  });
});
