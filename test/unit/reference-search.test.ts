import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/core/paper.js';
import { indexedDocument } from '../../src/core/query/document.js';
import { parseQuery } from '../../src/core/query/parse.js';
import { bm25Idf, bm25Term, upvoteBlend } from '../../src/core/search/bm25.js';
import { referenceCorpus, referenceEntry, referenceMatches, referenceScore, referenceSearch } from '../../src/core/search/reference-search.js';

let next = 0;
function paper(fields: Partial<Paper> = {}): Paper {
  next += 1;
  return {
    id: `2606.${String(next).padStart(5, '0')}`,
    title: '',
    summary: '',
    authors: [],
    upvotes: 0,
    numComments: 0,
    aiKeywords: [],
    publishedAt: '2026-06-01T00:00:00.000Z',
    dailyDate: '2026-06-02',
    ...fields,
  };
}

const finds = (query: string, p: Paper) => referenceMatches(indexedDocument(p), parseQuery(query));
const ids = (papers: readonly Paper[], query: string, page = { limit: 10, offset: 0 }) =>
  referenceSearch(papers.map(referenceEntry), parseQuery(query), page).hits.map((h) => h.id);

describe('reference search: word forms', () => {
  it('finds a singular word when the query says it in the plural', () => {
    const agent = paper({ title: 'An Agent That Plans' });
    expect(finds('agents', agent)).toBe(true);
    expect(finds('planning agent', agent)).toBe(true);
  });

  it('keeps out a paper whose text has any form of an excluded word', () => {
    const benchmarking = paper({ title: 'Agent evaluation', summary: 'We are benchmarking tool use.' });
    const plain = paper({ title: 'Agent evaluation', summary: 'We study tool use.' });
    expect(ids([benchmarking, plain], 'agent -benchmark')).toEqual([plain.id]);
    expect(ids([benchmarking, plain], 'agents -benchmarks')).toEqual([plain.id]);
  });
});

describe('reference search: phrases', () => {
  it('finds the words next to each other, in any of their forms, and nothing else', () => {
    expect(finds('"language models"', paper({ title: 'A small language model' }))).toBe(true);
    expect(finds('"language models"', paper({ title: 'On language and model size' }))).toBe(false);
    expect(finds('"models language"', paper({ title: 'A small language model' }))).toBe(false);
  });

  it('never runs from one column into the next', () => {
    // The title ends with "language" and the keywords start with "models".
    const p = paper({ title: 'Scaling language', aiKeywords: ['models of the world'] });
    expect(finds('language models', p)).toBe(true);
    expect(finds('"language models"', p)).toBe(false);
  });

  it('never runs from one author into the next', () => {
    const p = paper({ authors: ['Jane Tri', 'Dao Smith'] });
    expect(finds('author:Tri author:Dao', p)).toBe(true);
    expect(finds('author:"Tri Dao"', p)).toBe(false);
    expect(finds('author:"Dao Smith"', p)).toBe(true);
  });

  it('scores a phrase that matches as its words would score', () => {
    const papers = [paper({ title: 'Small language models', summary: 'Language models are small.' }), paper({ title: 'Language and models' })];
    const entries = papers.map(referenceEntry);
    const corpus = referenceCorpus(entries);
    const phrase = referenceScore(entries[0]!, parseQuery('"language models"'), corpus);
    expect(phrase).toBe(referenceScore(entries[0]!, parseQuery('language models'), corpus));
    expect(referenceScore(entries[1]!, parseQuery('"language models"'), corpus)).toBeUndefined();
  });
});

describe('reference search: names', () => {
  it('matches author names as written, without word forms, ignoring case and accents', () => {
    expect(finds('author:"Tri Dao"', paper({ authors: ['Tri Dao'] }))).toBe(true);
    expect(finds('author:"Tri Dao"', paper({ authors: ['Tri Daos'] }))).toBe(false);
    expect(finds('author:"Tri Daos"', paper({ authors: ['Tri Dao'] }))).toBe(false);
    expect(finds('author:"Jose"', paper({ authors: ['José Núñez'] }))).toBe(true);
    expect(finds('author:nunez', paper({ authors: ['José Núñez'] }))).toBe(true);
  });

  it('looks for author: among the authors only, and for words outside them', () => {
    const p = paper({ title: 'Dao of decoding', authors: ['Ada Lee'] });
    expect(finds('author:dao', p)).toBe(false);
    expect(finds('lee', p)).toBe(false);
  });

  it('looks for org: in the organisation name and full name', () => {
    const p = paper({ organization: { name: 'nvidia', fullname: 'NVIDIA Research' } });
    expect(finds('org:"nvidia research"', p)).toBe(true);
    expect(finds('org:researches', p)).toBe(false);
  });
});

describe('reference search: ranking', () => {
  it('finds either side of OR, and needs every group', () => {
    const diffusion = paper({ title: 'Video diffusion' });
    const flow = paper({ title: 'Video flow matching' });
    const neither = paper({ title: 'Video transformers' });
    expect(new Set(ids([diffusion, flow, neither], 'video diffusion OR flow'))).toEqual(new Set([diffusion.id, flow.id]));
    expect(ids([diffusion, flow, neither], 'image diffusion OR flow')).toEqual([]);
  });

  it('scores bm25 over the six columns, blended with upvotes', () => {
    // Title "Agents" (1 token); authors "Ada xxauthorxx Lee" (3 tokens); the other has 2 tokens.
    const a = referenceEntry(paper({ title: 'Agents', authors: ['Ada', 'Lee'], upvotes: 4 }));
    const b = referenceEntry(paper({ title: 'Robot arms' }));
    const page = referenceSearch([a, b], parseQuery('agent'), { limit: 10, offset: 0 });
    const expected = upvoteBlend(4) * bm25Term(bm25Idf(2, 1), 10, 4, 3);
    expect(page).toEqual({ hits: [{ id: a.id, score: expected }], total: 1 });
  });

  it('scores a paper within a collection given by its numbers, such as those of the index', () => {
    const entry = referenceEntry(paper({ title: 'Agents', summary: 'An agent acts.', upvotes: 9 }));
    const corpus = { documents: 1000, averageLength: 20, documentFrequency: (field: string, term: string) => (field === 'text' && term === 'agent' ? 30 : 0) };
    // Title "agents" (weight 10) and abstract "agent" (weight 1): wf 11; D = 1 + 3 tokens.
    expect(referenceScore(entry, parseQuery('agent'), corpus)).toBe(upvoteBlend(9) * bm25Term(bm25Idf(1000, 30), 11, 4, 20));
    expect(referenceScore(entry, parseQuery('robot'), corpus)).toBeUndefined();
  });

  it('ranks a title hit above an abstract hit, and more upvotes above fewer for the same text', () => {
    const inTitle = paper({ title: 'Diffusion distillation', summary: 'A method.' });
    const inAbstract = paper({ title: 'A method', summary: 'Diffusion distillation.' });
    const popular = paper({ title: 'A method', summary: 'Diffusion distillation.', upvotes: 50 });
    expect(ids([inAbstract, popular, inTitle], 'diffusion')).toEqual([inTitle.id, popular.id, inAbstract.id]);
  });

  it('breaks ties by the newer day, a paper without one last, then by id', () => {
    const same = { title: 'Speculative decoding', upvotes: 3 };
    const older = paper({ ...same, id: '2601.00001', dailyDate: '2026-01-01' });
    const newer = paper({ ...same, id: '2601.00002', dailyDate: '2026-01-02' });
    const undated = paper({ ...same, id: '2601.00000', dailyDate: undefined });
    const twinB = paper({ ...same, id: '2601.00004', dailyDate: '2026-01-01' });
    const twinA = paper({ ...same, id: '2601.00003', dailyDate: '2026-01-01' });
    expect(ids([undated, older, twinB, newer, twinA], 'decoding')).toEqual([newer.id, older.id, twinA.id, twinB.id, undated.id]);
  });

  it('counts every match while returning one page', () => {
    const papers = Array.from({ length: 7 }, (_, i) => paper({ title: 'Sparse attention', upvotes: i }));
    const page = referenceSearch(papers.map(referenceEntry), parseQuery('attention'), { limit: 3, offset: 3 });
    expect(page.total).toBe(7);
    expect(page.hits.map((h) => h.id)).toEqual([papers[3]!.id, papers[2]!.id, papers[1]!.id]);
  });
});
