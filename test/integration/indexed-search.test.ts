/**
 * The store searches through the in-memory index, and its answers stay the reference scorer's
 * over the papers in the database through everything that changes them: this process's upserts,
 * another connection's writes, and a change log that no longer reaches back (a rebuild, which
 * searches wait for).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eachEngine } from '../helpers/engines.js';
import type { Paper } from '../../src/core/paper.js';
import type { PaperRepository } from '../../src/core/ports.js';
import { referenceEntry, referenceSearch } from '../../src/core/search/reference-search.js';
import { parseQuery } from '../../src/core/query/parse.js';
import { createStore, type Database, type Store } from '../../src/store/index.js';
import { createIndexedPapers, type IndexedPapers } from '../../src/store/indexed-papers.js';
import { createPaperRepository } from '../../src/store/paper-repository.js';
import { loadSearchIndex } from '../../src/store/search-index-loader.js';

const seenAt = new Date('2026-06-02T12:00:00Z');
const WORDS = ['diffusion', 'video', 'model', 'sparse', 'attention', 'agent', 'reasoning', 'state', 'space'];

function paper(i: number, upvotes = (i * 37) % 101): Paper {
  const words = (offset: number, n: number) => Array.from({ length: n }, (_, k) => WORDS[(i * 7 + offset + k * 3) % WORDS.length]).join(' ');
  return {
    id: `2606.${String(i).padStart(5, '0')}`,
    title: `${words(0, 3)} ${i}`,
    summary: words(1, 12),
    aiKeywords: [words(2, 2)],
    authors: [`Author ${i % 5}`],
    upvotes,
    numComments: 0,
    publishedAt: '2026-06-01T00:00:00.000Z',
    dailyDate: `2026-06-0${1 + (i % 3)}`,
  };
}

const QUERIES = ['diffusion', 'video models', 'sparse OR agents', 'reasoning state space', 'author:author', '"state space"', '"space state" OR video', 'model -video', 'agents -"state space"', 'nothingmatches'];

eachEngine((engine) => describe('searching through the in-memory index', () => {
  let db: Database;
  /** A second connection to the same database, as another process would have. */
  let other: Database;
  let store: Store;
  let indexed: IndexedPapers;
  let builds: number;

  beforeEach(async () => {
    [db, other] = await engine.pair();
    store = createStore(db);
    await store.papers.upsert(Array.from({ length: 300 }, (_, i) => paper(i)), 'daily', seenAt);
    builds = 0;
    indexed = createIndexedPapers(db, createPaperRepository(db), { onBuilt: () => (builds += 1) });
  });

  afterEach(async () => {
    await indexed.close();
    await store.close();
    await other.destroy();
  });

  /** Every query, through the indexed repository and through the reference scorer over every paper stored, page by page. */
  async function expectSameAsReference(): Promise<void> {
    const rows = await db.selectFrom('papers').select('id').execute();
    const entries = (await store.papers.getMany(rows.map((r) => r.id))).map(referenceEntry);
    for (const text of QUERIES) {
      for (const page of [{ limit: 5, offset: 0 }, { limit: 5, offset: 5 }]) {
        const expected = referenceSearch(entries, parseQuery(text), page);
        const served = await indexed.papers.search(parseQuery(text), page);
        expect({ text, page, served: summary(served) }).toEqual({ text, page, served: expected });
      }
    }
  }

  it('builds the index at the first search when nobody started it, and answers as the reference scorer', async () => {
    expect(indexed.stats()).toBeUndefined();
    await expectSameAsReference();
    expect(builds).toBe(1);
    expect(indexed.stats()?.papers).toBe(300);
  });

  it("follows this process's upserts and another connection's writes before answering", async () => {
    indexed.start();
    await indexed.ready();
    await store.papers.upsert([paper(7, 5000), paper(1000, 900), { ...paper(8), title: 'sparse attention for video agents' }], 'daily', seenAt);
    await expectSameAsReference();
    await createStore(other).papers.upsert([paper(1001, 3000), paper(9, 0), { ...paper(10), aiSummary: 'diffusion diffusion diffusion' }], 'daily', seenAt);
    const top = await indexed.papers.search(parseQuery('diffusion'), { limit: 3, offset: 0 });
    expect(top.hits.map((h) => h.paper.id)).toContain('2606.01001');
    await expectSameAsReference();
    expect(builds).toBe(1);
  });

  it('rebuilds when the change log no longer reaches back to its state, and searches wait for it', async () => {
    indexed.start();
    await indexed.ready();
    await store.papers.upsert([paper(2000, 4000)], 'daily', seenAt);
    await db.deleteFrom('paper_changes').execute();
    await store.papers.upsert([paper(2001, 4500)], 'daily', seenAt);
    const served = await indexed.papers.search(parseQuery('diffusion'), { limit: 5, offset: 0 });
    expect(builds).toBe(2);
    expect(served.hits.map((h) => h.paper.id)).toContain('2606.02001');
    await expectSameAsReference();
  });

  it('stops a build it is told to stop, at its next yield, and builds in full otherwise', async () => {
    const stop = new AbortController();
    const stopped = loadSearchIndex(db, { signal: stop.signal });
    stop.abort();
    expect(await stopped).toBeUndefined();
    const built = await loadSearchIndex(db, { signal: new AbortController().signal });
    expect(built?.size).toBe(300);
    expect(built?.search(parseQuery('diffusion'), { limit: 3, offset: 0 })?.hits).toHaveLength(3);
  });
}));

function summary(page: Awaited<ReturnType<PaperRepository['search']>>) {
  return { hits: page.hits.map((h) => ({ id: h.paper.id, score: h.score })), total: page.total };
}
