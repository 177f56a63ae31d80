/**
 * The topic index finds exactly the topics whose matcher accepts the paper (the matcher itself is
 * proved equal to FTS5 search in topic-equivalence.test.ts), in the order they were added, and
 * keeps doing so as topics are added and removed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTopicIndex } from '../../src/core/alerts/topic-index.js';
import type { Paper } from '../../src/core/paper.js';
import { createDocumentMatcher, prepareDocument } from '../../src/core/query/match.js';
import { parseQuery } from '../../src/core/query/parse.js';

const WORDS = ['diffusion', 'Video', 'model', 'state', 'space', 'decoding', 'café', 'Über', 'gpt', '4o', 'dao', 'tri', 'meta'];
const word = fc.constantFrom(...WORDS);
const sentence = (max: number) => fc.array(fc.tuple(word, fc.constantFrom(' ', '-', ', ', ' (')), { maxLength: max }).map((parts) => parts.map(([w, s]) => w + s).join(''));
const name = fc.tuple(fc.constantFrom('Tri', 'Jane', 'Dao', 'José'), fc.constantFrom('Dao', 'Tri', 'Núñez', 'Smith')).map(([f, l]) => `${f} ${l}`);

const paper = fc.record({
  title: sentence(6),
  summary: sentence(12),
  aiSummary: fc.option(sentence(4), { nil: undefined }),
  aiKeywords: fc.array(sentence(2), { maxLength: 2 }),
  authors: fc.array(name, { maxLength: 3 }),
  organization: fc.option(fc.constantFrom({ name: 'meta', fullname: 'Meta AI' }, { name: 'nvidia' }), { nil: undefined }),
});

const item = fc.oneof(
  { arbitrary: word, weight: 4 },
  { arbitrary: fc.array(word, { minLength: 2, maxLength: 3 }).map((ws) => `"${ws.join(' ')}"`), weight: 2 },
  { arbitrary: fc.tuple(word, word).map(([a, b]) => `${a}-${b}`), weight: 1 },
  { arbitrary: fc.oneof(word.map((w) => `author:${w}`), name.map((n) => `author:"${n}"`)), weight: 2 },
  { arbitrary: fc.constantFrom('org:meta', 'org:"meta ai"', 'org:nvidia'), weight: 1 },
);
const topic = fc
  .tuple(fc.array(fc.array(item, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }), fc.array(item, { maxLength: 2 }))
  .map(([groups, excluded]) => [...groups.map((g) => g.join(' OR ')), ...excluded.map((x) => `-${x}`)].join(' '));

type PaperFields = typeof paper extends fc.Arbitrary<infer T> ? T : never;

function toPaper(fields: PaperFields, i: number): Paper {
  return { ...fields, id: `p${i}`, upvotes: 0, numComments: 0, publishedAt: '2026-06-01T00:00:00.000Z' } as Paper;
}

describe('createTopicIndex', () => {
  it('finds exactly the topics whose matcher accepts the paper, in the order added', () => {
    let hits = 0;
    fc.assert(
      fc.property(fc.array(paper, { minLength: 1, maxLength: 8 }), fc.array(topic, { minLength: 1, maxLength: 30 }), (fields, topics) => {
        const queries = topics.map((t) => parseQuery(t));
        const index = createTopicIndex(queries.map((query, value) => ({ query, value })));
        for (const [i, f] of fields.entries()) {
          const doc = prepareDocument(toPaper(f, i));
          const expected = queries.flatMap((q, value) => (createDocumentMatcher(q)(doc) ? [value] : []));
          hits += expected.length;
          expect(index.matching(doc)).toEqual(expected);
        }
      }),
      { numRuns: 200 },
    );
    // A proof in which nothing ever matched would prove nothing.
    expect(hits).toBeGreaterThan(200);
  });

  it('forgets removed topics and indexes topics added later', () => {
    fc.assert(
      fc.property(fc.array(paper, { minLength: 1, maxLength: 5 }), fc.array(topic, { minLength: 2, maxLength: 20 }), fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }), (fields, topics, removed) => {
        const queries = topics.map((t) => parseQuery(t));
        const half = Math.floor(queries.length / 2);
        const index = createTopicIndex(queries.slice(0, half).map((query, value) => ({ query, value })));
        for (let i = half; i < queries.length; i++) index.add(queries[i]!, i);
        queries.forEach((_, i) => removed[i] && index.remove(i));
        expect(index.size).toBe(queries.filter((_, i) => !removed[i]).length);
        for (const [i, f] of fields.entries()) {
          const doc = prepareDocument(toPaper(f, i));
          const expected = queries.flatMap((q, value) => (!removed[value] && createDocumentMatcher(q)(doc) ? [value] : []));
          expect(index.matching(doc)).toEqual(expected);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('needs the whole phrase, not just its words, and honours exclusions', () => {
    const doc = prepareDocument({ id: 'p', title: 'State space models', summary: 'space state', authors: ['Jane Tri', 'Dao Smith'], upvotes: 0, numComments: 0, aiKeywords: [], publishedAt: '2026-06-01' });
    const index = createTopicIndex(['"state space"', '"space models state"', 'author:"tri dao"', 'state -models', 'state -author:dao', 'models OR quantum'].map((t, value) => ({ query: parseQuery(t), value })));
    expect(index.matching(doc)).toEqual([0, 5]);
  });
});
