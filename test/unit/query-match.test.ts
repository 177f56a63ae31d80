import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/core/paper.js';
import { createMatcher, matches, prepareDocument } from '../../src/core/query/match.js';
import { parseQuery } from '../../src/core/query/parse.js';

function paper(fields: Partial<Paper> = {}): Paper {
  return {
    id: '2606.00001',
    title: 'Fast Speculative Decoding for State-Space Models',
    summary: 'We study drafting with small models. Results on GPT-4o show gains.',
    authors: ['Jane Tri', 'Dao Smith', 'José Núñez'],
    organization: { name: 'nvidia', fullname: 'NVIDIA Research' },
    upvotes: 3,
    numComments: 0,
    aiSummary: 'A faster decoder.',
    aiKeywords: ['speculative decoding', 'mamba'],
    publishedAt: '2026-06-01T00:00:00.000Z',
    dailyDate: '2026-06-02',
    ...fields,
  };
}

const hit = (query: string, p: Paper = paper()) => matches(parseQuery(query), p);

describe('matcher', () => {
  it('needs every word, anywhere in the text columns', () => {
    expect(hit('speculative faster drafting')).toBe(true);
    expect(hit('speculative transformer')).toBe(false);
  });

  it('matches phrases only as consecutive words', () => {
    expect(hit('"speculative decoding"')).toBe(true);
    expect(hit('"decoding speculative"')).toBe(false);
    expect(hit('state-space "gpt 4o"')).toBe(true);
  });

  it('does not let a phrase run from one column into the next', () => {
    // The title ends with "Models" and the keywords start with "speculative".
    expect(hit('"models speculative"')).toBe(false);
    expect(hit('"state space models"')).toBe(true);
  });

  it('ignores case and accents on both sides', () => {
    expect(hit('author:"jose nunez"')).toBe(true);
    expect(hit('MAMBA SPECULATIVE')).toBe(true);
    expect(hit('résults')).toBe(true);
  });

  it('looks for author: only among authors, and never across two people', () => {
    expect(hit('author:Dao')).toBe(true);
    expect(hit('author:"dao smith"')).toBe(true);
    expect(hit('author:"tri dao"')).toBe(false);
    expect(hit('author:speculative')).toBe(false);
    expect(hit('nunez')).toBe(false);
  });

  it('looks for org: in the organisation name and full name', () => {
    expect(hit('org:nvidia')).toBe(true);
    expect(hit('org:"nvidia research"')).toBe(true);
    expect(hit('org:meta')).toBe(false);
    expect(hit('org:nvidia', paper({ organization: undefined }))).toBe(false);
  });

  it('accepts any side of an OR', () => {
    expect(hit('transformer OR mamba')).toBe(true);
    expect(hit('transformer OR author:meta')).toBe(false);
  });

  it('rejects a paper when any exclusion matches', () => {
    expect(hit('speculative -video')).toBe(true);
    expect(hit('speculative -mamba')).toBe(false);
    expect(hit('speculative -author:smith')).toBe(false);
    expect(hit('speculative -"decoding speculative"')).toBe(true);
  });

  it('reads the keyword list and the AI summary', () => {
    expect(hit('mamba')).toBe(true);
    expect(hit('faster')).toBe(true);
    expect(hit('faster', paper({ aiSummary: undefined }))).toBe(false);
    // "decoder" is a form of "decoding", which the title holds.
    expect(hit('decoder', paper({ aiSummary: undefined }))).toBe(true);
  });

  it('a matcher built once gives the same answers across papers', () => {
    const match = createMatcher(parseQuery('"speculative decoding" OR diffusion -video'));
    const papers = [
      paper(),
      paper({ id: '2', title: 'Video Diffusion', aiKeywords: [] }),
      paper({ id: '3', title: 'Image Diffusion', aiKeywords: [] }),
      paper({ id: '4', title: 'Other', aiKeywords: [], summary: '', aiSummary: undefined }),
    ];
    expect(papers.filter(match).map((p) => p.id)).toEqual(['2606.00001', '3']);
  });

  it('tokenizes a paper once and reuses it', () => {
    const p = paper();
    expect(prepareDocument(p)).toBe(prepareDocument(p));
    expect(prepareDocument(p).fields.author.columns[0]).toEqual([
      'jane', 'tri', 'xxauthorxx', 'dao', 'smith', 'xxauthorxx', 'jose', 'nunez',
    ]);
  });
});
