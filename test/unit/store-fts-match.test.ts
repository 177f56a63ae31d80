import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryStore } from '../helpers/memory-store.js';
import { UserError } from '../../src/core/errors.js';
import type { Paper } from '../../src/core/paper.js';
import type { Field, Phrase, Query } from '../../src/core/query/ast.js';
import { parseQuery } from '../../src/core/query/parse.js';
import type { Store } from '../../src/store/index.js';
import { compileMatch } from '../../src/store/fts-match.js';

const TEXT = '{title keywords aiSummary abstract}';
const p = (tokens: string[], field: Field = 'text'): Phrase => ({ field, tokens });
const words = (...tokens: string[]): Query => ({ all: tokens.map((t) => ({ anyOf: [p([t])] })), none: [] });

describe('compileMatch', () => {
  it('quotes each word and looks for it in the text columns', () => {
    expect(compileMatch(words('state', 'space'))).toBe(`${TEXT} : "state" AND ${TEXT} : "space"`);
  });

  it('writes a phrase as one quoted string', () => {
    expect(compileMatch({ all: [{ anyOf: [p(['speculative', 'decoding'])] }], none: [] })).toBe(
      `${TEXT} : "speculative decoding"`,
    );
  });

  it('ORs inside a group, ANDs groups, and excludes with NOT', () => {
    const query: Query = {
      all: [{ anyOf: [p(['diffusion']), p(['flow', 'matching'])] }, { anyOf: [p(['tri', 'dao'], 'author')] }],
      none: [p(['video']), p(['meta'], 'org')],
    };
    expect(compileMatch(query)).toBe(
      `((${TEXT} : "diffusion" OR ${TEXT} : "flow matching") AND authors : "tri dao") NOT (${TEXT} : "video" OR org : "meta")`,
    );
  });

  it('doubles quotes inside tokens so they cannot close the string', () => {
    expect(compileMatch(words('a"b'))).toBe(`${TEXT} : "a""b"`);
    expect(compileMatch(words('"'))).toBe(`${TEXT} : """"`);
  });

  it('keeps FTS5 operators and special characters inside quotes', () => {
    for (const token of ['NEAR', 'near(a', 'OR', 'AND', 'NOT', 'x*', '^x', 'title:x', '{x}', '(', '+']) {
      expect(compileMatch(words(token))).toBe(`${TEXT} : "${token}"`);
    }
  });

  it('rejects a query with nothing to look for', () => {
    expect(() => compileMatch({ all: [], none: [p(['video'])] })).toThrow(UserError);
    expect(() => compileMatch({ all: [{ anyOf: [p([])] }], none: [] })).toThrow(UserError);
  });
});

describe('compiled expressions against real FTS5', () => {
  let store: Store;
  const paper = (id: string, title: string, authors: string[] = ['Ada Lovelace']): Paper => ({
    id,
    title,
    summary: 'An abstract.',
    authors,
    upvotes: 0,
    numComments: 0,
    aiKeywords: [],
    publishedAt: '2025-01-01T00:00:00.000Z',
    dailyDate: '2025-01-02',
  });

  beforeAll(async () => {
    store = await memoryStore();
    await store.papers.upsert(
      [
        paper('1', 'Near or and not: operators as words'),
        paper('2', 'Title: a colon paper', ['Jane Tri', 'Dao Smith']),
        paper('3', 'Stars * and carets ^ everywhere', ['Tri Dao']),
      ],
      'daily',
      new Date('2025-01-02T00:00:00Z'),
    );
  });
  afterAll(() => store.close());

  const ids = async (query: Query) => (await store.papers.search(query, { limit: 10, offset: 0 })).hits.map((h) => h.paper.id);

  it('treats operator words typed by a person as plain words', async () => {
    expect(await ids(parseQuery('near'))).toEqual(['1']);
    expect(await ids(parseQuery('NEAR(or, and) NOT'))).toEqual(['1']);
    expect(await ids(parseQuery('title: colon'))).toEqual(['2']);
    expect(await ids(parseQuery('stars* ^carets'))).toEqual(['3']);
  });

  it('finds nothing, and does not fail, for tokens that are only punctuation or quotes', async () => {
    expect(await ids(words('a"b'))).toEqual([]);
    expect(await ids(words('*'))).toEqual([]);
    expect(await ids({ all: [{ anyOf: [p(['operators'])] }], none: [p(['^'])] })).toEqual(['1']);
  });

  it('does not let an author phrase span two people', async () => {
    expect(await ids(parseQuery('author:"Tri Dao"'))).toEqual(['3']);
  });
});
