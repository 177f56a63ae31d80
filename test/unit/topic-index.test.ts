/**
 * The topic index finds exactly the topics whose matcher accepts the paper (the matcher itself is
 * proved equal to FTS5 search in topic-equivalence.test.ts), in the order they were added, and
 * keeps doing so as topics are added and removed. Its own tokenizer (token keys hashed straight
 * from the text) gives exactly the tokens of `tokenize`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiHash, createKeyTable, forEachToken } from '../../src/core/query/token-keys.js';
import { createTermKeys, type TermKeys } from '../../src/core/query/term-keys.js';
import { createKeyedDocument } from '../../src/core/alerts/topic-document.js';
import { createTopicIndex } from '../../src/core/alerts/topic-index.js';
import type { Paper } from '../../src/core/paper.js';
import type { Query } from '../../src/core/query/ast.js';
import { createDocumentMatcher, prepareDocument } from '../../src/core/query/match.js';
import { parseQuery } from '../../src/core/query/parse.js';
import { foldToken, tokenize } from '../../src/core/query/tokenize.js';

const WORDS = ['diffusion', 'Video', 'model', 'state', 'space', 'decoding', 'café', 'CAFÉ', 'cafe\u0301', 'Über', 'gpt', '4o', 'dao', 'tri', 'meta'];
const SEPARATORS = [' ', '-', ', ', ' (', '. ', "'", ':', '—', '\u00a0', '/'];
const word = fc.constantFrom(...WORDS);
const sentence = (max: number) => fc.array(fc.tuple(word, fc.constantFrom(...SEPARATORS)), { maxLength: max }).map((parts) => parts.map(([w, s]) => w + s).join(''));
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

const expectedFor = (queries: readonly Query[], p: Paper, skip: (value: number) => boolean = () => false) => {
  const doc = prepareDocument(p);
  return queries.flatMap((q, value) => (!skip(value) && createDocumentMatcher(q)(doc) ? [value] : []));
};

describe('createTopicIndex', () => {
  it('finds exactly the topics whose matcher accepts the paper, in the order added', () => {
    let hits = 0;
    fc.assert(
      fc.property(fc.array(paper, { minLength: 1, maxLength: 8 }), fc.array(topic, { minLength: 1, maxLength: 30 }), fc.boolean(), (fields, topics, rare) => {
        const queries = topics.map((t) => parseQuery(t));
        // Both ways of choosing where a topic is filed: by word length, and by a frequency that inverts it.
        const options = rare ? { frequency: (_field: string, token: string) => token.length } : {};
        const index = createTopicIndex(queries.map((query, value) => ({ query, value })), options);
        for (const [i, f] of fields.entries()) {
          const p = toPaper(f, i);
          const expected = expectedFor(queries, p);
          hits += expected.length;
          expect(index.matching(p)).toEqual(expected);
          expect([...index.matchingHandles(p)].sort((a, b) => a - b)).toEqual(expected);
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
        // Removing twice, or what was never added, changes nothing.
        queries.forEach((_, i) => removed[i] && index.remove(i));
        index.remove(queries.length);
        index.remove(-1);
        expect(index.size).toBe(queries.filter((_, i) => !removed[i]).length);
        for (const [i, f] of fields.entries()) {
          const p = toPaper(f, i);
          expect(index.matching(p)).toEqual(expectedFor(queries, p, (value) => removed[value]!));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('needs the whole phrase, not just its words, and honours exclusions', () => {
    const doc: Paper = { id: 'p', title: 'State space models', summary: 'space state', authors: ['Jane Tri', 'Dao Smith'], upvotes: 0, numComments: 0, aiKeywords: [], publishedAt: '2026-06-01' };
    const index = createTopicIndex(['"state space"', '"space models state"', 'author:"tri dao"', 'state -models', 'state -author:dao', 'models OR quantum'].map((t, value) => ({ query: parseQuery(t), value })));
    expect(index.matching(doc)).toEqual([0, 5]);
  });

  it('finds a phrase wherever its first word occurs, and only within one column', () => {
    const p: Paper = {
      id: 'p',
      title: 'Space state space models',
      summary: 'state of the art; space models state',
      authors: ['Ada Space'],
      upvotes: 0,
      numComments: 0,
      aiKeywords: ['models state'],
      publishedAt: '2026-06-01',
    };
    const topics = ['"space models state"', '"state space models"', '"models state space"', '"space state space"', '"models models state"', 'author:"space"', '"art space models"'];
    const index = createTopicIndex(topics.map((t, value) => ({ query: parseQuery(t), value })));
    expect(index.matching(p)).toEqual(expectedFor(topics.map((t) => parseQuery(t)), p));
    expect(index.matching(p)).toEqual([0, 1, 3, 5, 6]);
  });

  it('treats hand-made queries as the matcher does: no groups match everything, empty phrases nothing', () => {
    const p: Paper = { id: 'p', title: 'State space', summary: '', authors: [], upvotes: 0, numComments: 0, aiKeywords: [], publishedAt: '2026-06-01' };
    const queries: Query[] = [
      { all: [], none: [] },
      { all: [], none: [{ field: 'text', tokens: ['space'] }] },
      { all: [{ anyOf: [{ field: 'text', tokens: [] }] }], none: [] },
      { all: [{ anyOf: [{ field: 'text', tokens: [] }, { field: 'text', tokens: ['state'] }] }], none: [{ field: 'text', tokens: [] }] },
    ];
    const index = createTopicIndex(queries.map((query, value) => ({ query, value })));
    expect(index.matching(p)).toEqual(expectedFor(queries, p));
    expect(index.matching(p)).toEqual([0, 3]);
  });

  it('keeps finding the same topics across many papers and many topics', () => {
    const papers = fc.sample(paper, { numRuns: 60, seed: 3 }).map(toPaper);
    const queries = fc.sample(topic, { numRuns: 3000, seed: 5 }).map((t) => parseQuery(t));
    const index = createTopicIndex(queries.map((query, value) => ({ query, value })));
    let hits = 0;
    for (const p of papers) {
      const expected = expectedFor(queries, p);
      hits += expected.length;
      expect(index.matching(p)).toEqual(expected);
    }
    expect(hits).toBeGreaterThan(1000);
  });
});

/** Characters that make folding hard: marks, sigma, dotted I, ligatures, other scripts, digits, separators. */
const HARD = ['Σ', 'σ', 'ς', 'ΣΑΣ', 'İ', 'ı', 'ß', 'ﬁ', 'Ǆ', '\u0301', '\u0308', '\u0345', '\u037e', '\u1fef', '\u00a0', '—', '’', '中', '한', '\ue000', '😀', '\ud800', '٣', '²', 'Ⅻ', 'é', 'e\u0301', 'Ω', 'Å'];
const ASCII = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c));
const hardText = fc.array(fc.oneof(fc.constantFrom(...HARD), fc.constantFrom(...ASCII), fc.constantFrom('Diffusion', 'GPT-4o', 'e.g.', "don't", 'a:b', '^x`y')), { maxLength: 40 }).map((parts) => parts.join(''));

function tokensOf(text: string): string[] {
  const out: string[] = [];
  forEachToken(text, {
    ascii: (start, end, hash) => {
      expect(hash).toBe(asciiHash(text, start, end));
      out.push(text.slice(start, end).toLowerCase());
    },
    other: (token) => out.push(token),
  });
  return out;
}

describe('forEachToken', () => {
  it('gives exactly the tokens of tokenize', () => {
    fc.assert(
      fc.property(fc.oneof(hardText, fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: fc.constantFrom(...ASCII), maxLength: 60 })), (text) => {
        expect(tokensOf(text)).toEqual(tokenize(text));
        // tokenize's ASCII shortcut gives what folding and splitting the whole text gives.
        expect(tokenize(text)).toEqual(foldToken(text).split(/[^\p{L}\p{N}\p{Co}]+/u).filter((t) => t !== ''));
      }),
      { numRuns: 3000 },
    );
  });

  it('cuts only where folding cannot look across', () => {
    // A sigma before "." then a letter is not final; cut at the "." and it would become one.
    expect(tokensOf('ΑΣ.b ΑΣ-b')).toEqual(tokenize('ΑΣ.b ΑΣ-b'));
    expect(tokensOf('cafe\u0301-Über state.of:the^art`x')).toEqual(['cafe', 'uber', 'state', 'of', 'the', 'art', 'x']);
  });
});

describe('createKeyedDocument', () => {
  it('tells present keys and runs apart across papers, also after its generations wrap', () => {
    const doc = createKeyedDocument(3);
    const [state, space, models] = (['state', 'space', 'models'] as const).map((t) => doc.keyOf('text', t));
    const run = Int32Array.from([state!, space!]);
    const papers: Paper[] = ['State space models', 'space state', 'models', 'state; space'].map((title, i) => ({ id: `p${i}`, title, summary: '', authors: [], upvotes: 0, numComments: 0, aiKeywords: [], publishedAt: '2026-06-01' }));
    const seen: [number, boolean, boolean, boolean][] = [];
    let previous = 0;
    for (let round = 0; round < 3; round++) {
      for (const p of papers) {
        const generation = doc.load(p);
        // Generations grow but for the wrap, which is when marks kept elsewhere must be cleared.
        expect(generation > previous || generation === 1).toBe(true);
        previous = generation;
        seen.push([round, doc.has(state!) && doc.has(space!), doc.has(models!), doc.hasRun(run, 0, 2)]);
      }
    }
    const expected = [
      [true, true, true],
      [true, false, false],
      [false, true, false],
      [true, false, true],
    ];
    expect(seen.map(([, ...rest]) => rest)).toEqual([...expected, ...expected, ...expected]);
  });
});

describe('createKeyTable', () => {
  it('gives each (field, token) one key, found again from strings and from ASCII text', () => {
    const table = createKeyTable(5);
    const tokens = Array.from({ length: 5000 }, (_, i) => `t${i.toString(36)}x`);
    const keys = tokens.map((t) => table.keyOf('text', t));
    expect(keys).toEqual(tokens.map((_, i) => 5 + i));
    expect(tokens.map((t) => table.keyOf('text', t))).toEqual(keys);
    expect(tokens.map((t) => table.find('text', t))).toEqual(keys);
    expect(table.keyOf('author', tokens[0]!)).toBe(5 + tokens.length);
    expect(table.find('org', tokens[0]!)).toBe(-1);
    const text = `(${tokens[42]!.toUpperCase()}) unknown ${tokens[4999]}`;
    const findAscii = (field: 'text' | 'author', start: number, end: number) => table.findAscii(field, text, start, end, asciiHash(text, start, end));
    expect(findAscii('text', 1, 1 + tokens[42]!.length)).toBe(keys[42]);
    expect(findAscii('author', 1, 1 + tokens[42]!.length)).toBe(-1);
    expect(findAscii('text', text.indexOf('unknown'), text.indexOf('unknown') + 7)).toBe(-1);
    expect(findAscii('text', text.length - tokens[4999]!.length, text.length)).toBe(keys[4999]);
    expect(findAscii('author', 1, 2)).toBe(-1);
    expect(table.find('text', 'café')).toBe(-1);
    expect(table.keyOf('text', 'café')).toBe(table.find('text', 'café'));
    expect(table.size).toBe(tokens.length + 2);
  });

});

describe('createTermKeys', () => {
  const ascii = (keys: TermKeys, field: 'text' | 'author', text: string) => keys.ofAscii(field, text, 0, text.length, asciiHash(text, 0, text.length));

  it('gives every form of a word its stem\'s key, and a name only its own', () => {
    const keys = createTermKeys({ first: 1, makeKeys: true });
    const agent = keys.ofToken('text', 'agents');
    expect(ascii(keys, 'text', 'Agent')).toBe(agent);
    expect(ascii(keys, 'text', 'AGENTS')).toBe(agent);
    expect(keys.findTerm('text', 'agent')).toBe(agent);
    expect(keys.ofToken('text', 'benchmarking')).toBe(keys.ofToken('text', 'benchmarks'));
    // Names do not stem: "Daos" is another person than "Dao".
    expect(ascii(keys, 'author', 'Daos')).not.toBe(ascii(keys, 'author', 'Dao'));
    expect(keys.ofToken('author', 'agents')).not.toBe(agent);
  });

  it('answers −1 for words of terms it does not hold, until a term arrives, and forgets forms past its limit but never terms', () => {
    const keys = createTermKeys({ first: 0, makeKeys: false, surfaceLimit: 10 });
    expect(ascii(keys, 'text', 'decoding')).toBe(-1);
    const decode = keys.keyOfTerm('text', 'decod');
    expect(ascii(keys, 'text', 'decoding')).toBe(decode);
    for (let i = 0; i < 50; i++) expect(keys.ofToken('text', `filler${i}word`)).toBe(-1);
    expect(keys.ofToken('text', 'decoded')).toBe(decode);
    expect(keys.size).toBe(1);
  });
});
