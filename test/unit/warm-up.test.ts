import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/core/paper.js';
import type { Query } from '../../src/core/query/ast.js';
import { parseQuery } from '../../src/core/query/parse.js';
import { createSearchIndex } from '../../src/core/search/search-index.js';
import { warmUpQueries } from '../../src/core/search/warm-up.js';

const words = {
  kinds: [['model', 'language'], ['diffus', 'agent', 'reason'], ['quokka', 'zebrafish', 'lichen']],
  phrases: [['state', 'space'], ['speculative', 'decod', 'tree']],
  authors: [['tri', 'dao'], ['albert', 'gu']],
  orgs: [['nvidia'], ['meta', 'ai']],
};

const phrases = (q: Query) => [...q.all.flatMap((g) => g.anyOf), ...q.none];

describe('warmUpQueries', () => {
  it('asks every construct of the query language, each as the parser makes it', () => {
    const queries = warmUpQueries(words);
    const has = (what: string, test: (q: Query) => boolean) => expect(queries.some(test), what).toBe(true);
    has('a single word', (q) => q.all.length === 1 && q.all[0]!.anyOf.length === 1 && phrases(q).length === 1);
    has('three words', (q) => q.all.length === 3 && q.none.length === 0);
    has('alternatives', (q) => q.all.some((g) => g.anyOf.length > 1));
    has('an alternative between two phrases', (q) => q.all.some((g) => g.anyOf.length > 1 && g.anyOf.every((p) => p.tokens.length > 1)));
    has('an excluded word', (q) => q.none.some((p) => p.tokens.length === 1 && p.field === 'text'));
    has('an excluded phrase', (q) => q.none.some((p) => p.tokens.length > 1));
    has('a phrase of three words', (q) => phrases(q).some((p) => p.tokens.length === 3));
    has('a phrase that stands in a document', (q) => phrases(q).some((p) => p.tokens.join(' ') === 'state space'));
    has('author:', (q) => q.all.some((g) => g.anyOf.some((p) => p.field === 'author' && p.tokens.join(' ') === 'tri dao')));
    has('an excluded author', (q) => q.none.some((p) => p.field === 'author'));
    has('org:', (q) => q.all.some((g) => g.anyOf.some((p) => p.field === 'org')));
    has('a word no document holds', (q) => phrases(q).some((p) => p.tokens.includes('qxzvkwjq')));
    // What the parser makes, not objects shaped like it: the same text parses to an equal query.
    for (const query of queries) expect(parseQuery(toText(query))).toEqual(query);
  });

  it('leaves out what the parser refuses and still asks the rest, and asks something of an index with few words', () => {
    const long = ['x'.repeat(600)];
    const queries = warmUpQueries({ ...words, authors: [long, ...words.authors] });
    expect(queries.some((q) => phrases(q).some((p) => p.field === 'author' && p.tokens[0] === 'tri'))).toBe(true);
    expect(queries.every((q) => phrases(q).every((p) => p.tokens[0] !== long[0]))).toBe(true);
    const sparse = warmUpQueries({ kinds: [[], ['agent'], []], phrases: [], authors: [], orgs: [] });
    expect(sparse.length).toBeGreaterThan(10);
    expect(warmUpQueries({ kinds: [[], [], []], phrases: [], authors: [], orgs: [] }).length).toBeGreaterThan(0);
  });
});

describe('SearchIndex.warmUp', () => {
  it('runs on an empty index, on papers without authors or an organisation, and leaves the answers as they were', () => {
    createSearchIndex([]).warmUp();
    const papers = Array.from(
      { length: 40 },
      (_, i): Paper => ({
        id: `2601.${String(i).padStart(5, '0')}`,
        title: `State space models ${i % 3 === 0 ? 'for agents' : 'in vision'}`,
        summary: 'We study sequence models.',
        authors: i % 2 ? [] : ['Tri Dao'],
        upvotes: i,
        numComments: 0,
        aiKeywords: [],
        publishedAt: '2026-06-01T00:00:00.000Z',
      }),
    );
    const index = createSearchIndex(papers, { blockSize: 4 });
    const asked = ['"state space" agents', 'vision -agents', 'author:dao'].map(parseQuery);
    const before = asked.map((q) => index.search(q, { limit: 10, offset: 0 }));
    index.warmUp();
    expect(asked.map((q) => index.search(q, { limit: 10, offset: 0 }))).toEqual(before);
    expect(before.map((page) => page.total)).toEqual([14, 26, 20]);
  });
});

/** A query written back as text (the warm-up's texts are of this form). */
function toText(query: Query): string {
  const phrase = (p: Query['none'][number]) => `${p.field === 'text' ? '' : `${p.field}:`}"${p.tokens.join(' ')}"`;
  return [...query.all.map((g) => g.anyOf.map(phrase).join(' OR ')), ...query.none.map((p) => `-${phrase(p)}`)].join(' ');
}
