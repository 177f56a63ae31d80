import { fileURLToPath } from 'node:url';
import { memoryStore } from '../helpers/memory-store.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Block, Reply } from '../../src/core/message.js';
import { createSearch, OFFLINE_NOTICE, sourceQuery } from '../../src/core/use-cases/search.js';
import { parseQuery } from '../../src/core/query/parse.js';
import { createHuggingFaceSource } from '../../src/sources/hf/client.js';
import type { Store } from '../../src/store/index.js';
import { startFakeHuggingFace, type FakeHuggingFace } from '../fakes/hf-server.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/hf/', import.meta.url));
const NOW = new Date('2026-06-05T12:00:00Z');

let hf: FakeHuggingFace;
let store: Store;

function papersOf(reply: Reply): Extract<Block, { type: 'papers' }> {
  const block = reply.blocks.find((b) => b.type === 'papers');
  if (block?.type !== 'papers') throw new Error(`no papers block in ${JSON.stringify(reply.blocks)}`);
  return block;
}

/** Hugging Face as a semantic search: papers holding any of the words. */
let loose: FakeHuggingFace;

function search(server: FakeHuggingFace = hf) {
  const source = createHuggingFaceSource({ baseUrl: server.url, retries: 0, sleep: async () => {} });
  return createSearch({ papers: store.papers, source, sourceSearches: store.sourceSearches });
}

const searchesAsked = (server: FakeHuggingFace) => server.requests.filter((r) => r.path === '/api/papers/search').length;

beforeAll(async () => {
  hf = await startFakeHuggingFace({ dir: FIXTURES, today: '2026-06-05' });
  loose = await startFakeHuggingFace({ dir: FIXTURES, today: '2026-06-05', searchWords: 'any' });
});
afterAll(async () => {
  await hf.close();
  await loose.close();
});

beforeEach(async () => {
  store = await memoryStore();
  // Only Monday's list is stored locally; Hugging Face (the fake) knows the whole week.
  const source = createHuggingFaceSource({ baseUrl: hf.url, retries: 0 });
  await store.papers.upsert(await source.daily('2026-06-01'), 'daily', NOW);
  return () => store.close();
});

describe('search use-case', () => {
  it('answers from the local index without asking Hugging Face when a page is full', async () => {
    const before = hf.requests.length;
    const dayOne = await createHuggingFaceSource({ baseUrl: hf.url }).daily('2026-06-03');
    await store.papers.upsert(dayOne, 'daily', NOW);
    const reply = await search().run({ query: 'diffusion OR agents OR memory OR flow OR attention' }, NOW);
    const block = papersOf(reply);
    expect(block.items).toHaveLength(5);
    expect(block.items.every((i) => i.origin === 'local' && typeof i.score === 'number')).toBe(true);
    expect(block.shareable).toBe(true);
    expect(reply.visibility).toBe('private');
    expect(hf.requests.slice(before).some((r) => r.path === '/api/papers/search')).toBe(false);
  });

  it('finds a local paper by its title words', async () => {
    const reply = await search().run({ query: 'origami attention' }, NOW);
    const block = papersOf(reply);
    expect(block.items[0]?.paper.id).toBe('2605.28811');
    expect(block.items[0]?.origin).toBe('local');
    expect(reply.paging).toMatchObject({ command: 'search', page: 1, pageCount: 1 });
  });

  it("stores Hugging Face's papers and ranks those that match among the local ones, with one score", async () => {
    const reply = await search().run({ query: 'speculative decoding' }, NOW);
    const items = papersOf(reply).items;
    // Only 2605.29004 was stored; Hugging Face found two more that hold both words: matches like any other.
    expect(items.map((i) => i.paper.id).sort()).toEqual(['2605.29004', '2606.00477', '2606.01570']);
    expect(items.every((i) => i.origin === 'local')).toBe(true);
    const scores = items.map((i) => i.score!);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(items.map((i) => i.rank)).toEqual([1, 2, 3]);
    expect((await store.papers.get('2606.00477'))?.origin).toBe('search');
    const asked = hf.requests.filter((r) => r.path === '/api/papers/search').at(-1);
    expect(asked?.query.q).toBe('speculative decoding');
  });

  it('follows the full matches with related papers from Hugging Face, none holding an excluded word', async () => {
    const reply = await search(loose).run({ query: 'speculative decoding trees -mobile' }, NOW);
    const items = papersOf(reply).items;
    expect(items.map((i) => [i.paper.id, i.origin])).toEqual([
      ['2605.29004', 'local'],
      // Says "speculative decoding", not "trees": related.
      ['2606.01570', 'huggingface'],
    ]);
    const origins = items.map((i) => i.origin);
    expect(origins[0]).toBe('local');
    expect(origins).toContain('huggingface');
    // Full matches first, then the related ones: never a local one after a related one.
    expect(origins.indexOf('huggingface')).toBeGreaterThan(origins.lastIndexOf('local'));
    const related = items.filter((i) => i.origin === 'huggingface');
    for (const item of related) {
      expect(`${item.paper.title} ${item.paper.summary}`.toLowerCase()).not.toContain('mobile');
      expect(typeof item.score).toBe('number');
    }
    // Related papers hold some of the words; ranked by their score, then upvotes.
    const scores = related.map((i) => i.score!);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(items.map((i) => i.paper.id)).not.toContain('2606.00477');
  });

  it('gives the same list for the same query asked again, in another letter case, or by a new process', async () => {
    const first = await search(loose).results({ query: 'Speculative decoding', limit: 20 }, NOW);
    const asked = searchesAsked(loose);
    const again = await search(loose).results({ query: 'speculative DECODING', limit: 20 }, NOW);
    expect(again.results.map((r) => [r.paper.id, r.origin, r.score])).toEqual(first.results.map((r) => [r.paper.id, r.origin, r.score]));
    // Hugging Face's answer was remembered in the database, not asked for again.
    expect(searchesAsked(loose)).toBe(asked);
    expect(again.total).toBe(first.total);
  });

  it("asks Hugging Face again after a day, and keeps the day-old answer while it cannot be reached", async () => {
    const query = 'speculative decoding trees';
    const first = await search(loose).results({ query, limit: 20 }, NOW);
    const asked = searchesAsked(loose);
    const nextDay = new Date(NOW.getTime() + 25 * 60 * 60 * 1000);
    loose.fail({ path: '/api/papers/search', status: 503, times: 1 });
    const offline = await search(loose).results({ query, limit: 20 }, nextDay);
    expect(searchesAsked(loose)).toBe(asked + 1);
    expect(offline.results.map((r) => r.paper.id)).toEqual(first.results.map((r) => r.paper.id));
    await search(loose).results({ query, limit: 20 }, nextDay);
    expect(searchesAsked(loose)).toBe(asked + 2);
  });

  it('keeps out related papers by another author than author: asks for', async () => {
    const found = await search(loose).results({ query: 'decoding author:"Nobody Known"', limit: 20 }, NOW);
    expect(found.results).toEqual([]);
  });

  it('says when Hugging Face is unreachable and still shows local results', async () => {
    hf.fail({ path: '/api/papers/search', status: 503, times: 1 });
    const reply = await search().run({ query: 'speculative decoding' }, NOW);
    expect(reply.blocks[0]).toEqual({ type: 'notice', tone: 'warning', text: OFFLINE_NOTICE });
    expect(papersOf(reply).items.map((i) => i.paper.id)).toEqual(['2605.29004']);
  });

  it('says so plainly when nothing matches anywhere', async () => {
    const reply = await search().run({ query: 'zebra finches' }, NOW);
    expect(reply.blocks).toHaveLength(1);
    expect(reply.blocks[0]).toMatchObject({ type: 'text' });
    expect((reply.blocks[0] as { text: string }).text).toContain('Nothing matches "zebra finches"');
  });

  it('pages through results five at a time and refuses pages past the end', async () => {
    await store.papers.upsert(await createHuggingFaceSource({ baseUrl: hf.url }).daily('2026-06-03'), 'daily', NOW);
    const query = 'diffusion OR agents OR memory OR flow OR attention OR speculative OR tokenizer';
    const first = await search().run({ query }, NOW);
    const total = first.paging!.total;
    expect(total).toBeGreaterThan(5);
    const second = await search().run({ query, page: 2 }, NOW);
    expect(second.paging).toMatchObject({ page: 2, pageCount: Math.ceil(total / 5) });
    expect(papersOf(second).items[0]?.rank).toBe(6);
    const firstIds = papersOf(first).items.map((i) => i.paper.id);
    expect(papersOf(second).items.some((i) => firstIds.includes(i.paper.id))).toBe(false);
    await expect(search().run({ query, page: 99 }, NOW)).rejects.toThrow(/try page:\d/);
  });

  it('rejects a query that does not parse with a sentence', async () => {
    await expect(search().run({ query: 'OR' }, NOW)).rejects.toThrow(/OR/);
  });

  it('returns raw results for the command line, locally only when asked', async () => {
    const local = await search().results({ query: 'speculative decoding', local: true }, NOW);
    expect(local.results.map((r) => r.origin)).toEqual(['local']);
    const merged = await search().results({ query: 'speculative decoding', limit: 10 }, NOW);
    expect(merged).toMatchObject({ query: 'speculative decoding', offline: false });
    expect(merged.results.map((r) => r.paper.id)).toContain('2606.00477');
    expect(merged.results.every((r) => typeof r.score === 'number')).toBe(true);
  });
});

describe('sourceQuery', () => {
  it('sends only the words to look for, within 250 characters', () => {
    expect(sourceQuery(parseQuery('"state space" -mamba author:"Tri Dao"'))).toBe('state space');
    expect(sourceQuery(parseQuery('author:"Tri Dao"'))).toBe('tri dao');
    expect(sourceQuery(parseQuery(Array.from({ length: 30 }, (_, i) => `word${i}xxxxxxxx`).join(' '))).length).toBeLessThanOrEqual(250);
  });
});
