import { fileURLToPath } from 'node:url';
import { memoryStore } from '../helpers/memory-store.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/message.js';
import { createPaperLookup } from '../../src/core/use-cases/paper.js';
import { createToday } from '../../src/core/use-cases/today.js';
import { createHuggingFaceSource } from '../../src/sources/hf/client.js';
import type { Store } from '../../src/store/index.js';
import { startFakeHuggingFace, type FakeHuggingFace } from '../fakes/hf-server.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/hf/', import.meta.url));
const NOW = new Date('2026-06-05T12:00:00Z');

let hf: FakeHuggingFace;
let store: Store;

const lookup = () =>
  createPaperLookup({
    papers: store.papers,
    source: createHuggingFaceSource({ baseUrl: hf.url, retries: 0, sleep: async () => {} }),
  });

function onlyPaper(reply: Reply) {
  const block = reply.blocks[0];
  if (block?.type !== 'papers') throw new Error(`expected a papers block, got ${JSON.stringify(block)}`);
  expect(block.detail).toBe('full');
  return block.items[0]!.paper;
}

beforeAll(async () => {
  hf = await startFakeHuggingFace({ dir: FIXTURES, today: '2026-06-05' });
});
afterAll(() => hf.close());

beforeEach(async () => {
  store = await memoryStore();
  const source = createHuggingFaceSource({ baseUrl: hf.url, retries: 0 });
  await store.papers.upsert(await source.daily('2026-06-01'), 'daily', NOW);
  return () => store.close();
});

describe('paper use-case', () => {
  it('shows a stored paper in full without asking Hugging Face, from an id or a link', async () => {
    const before = hf.requests.length;
    const paper = onlyPaper(await lookup().show('https://huggingface.co/papers/2605.28811', NOW));
    expect(paper.title).toContain('Origami Attention');
    expect(paper.summary.length).toBeGreaterThan(50);
    expect(onlyPaper(await lookup().show('arXiv:2605.28811v3', NOW)).id).toBe('2605.28811');
    expect(hf.requests.length).toBe(before);
  });

  it('fetches a paper only Hugging Face knows and stores it for next time', async () => {
    const paper = onlyPaper(await lookup().show('2606.02210', NOW));
    expect(paper.title).toBe('Video World Models with Persistent Object Memory');
    expect((await store.papers.get('2606.02210'))?.origin).toBe('lookup');
  });

  it('says which paper Hugging Face does not know', async () => {
    await expect(lookup().show('2601.99999', NOW)).rejects.toThrow('Hugging Face has no paper 2601.99999');
  });

  it('explains what a paper reference looks like', async () => {
    await expect(lookup().show('not a paper', NOW)).rejects.toThrow(/not an arXiv id or paper link/);
  });

  it('answers with an error reply, not a crash, when Hugging Face is down', async () => {
    hf.fail({ path: '/api/papers/2601.88888', status: 503 });
    const reply = await lookup().show('2601.88888', NOW);
    expect(reply.blocks[0]).toMatchObject({ type: 'notice', tone: 'error' });
    expect(JSON.stringify(reply)).toContain('could not be reached');
  });
});

describe('today use-case', () => {
  it('lists the latest daily date with papers, most upvoted first, at most ten', async () => {
    const source = createHuggingFaceSource({ baseUrl: hf.url, retries: 0 });
    await store.papers.upsert(await source.daily('2026-06-03'), 'daily', NOW);
    const reply = await createToday({ papers: store.papers }).show(NOW);
    expect(reply.visibility).toBe('private');
    expect(reply.blocks[0]).toMatchObject({ type: 'heading' });
    expect((reply.blocks[0] as { text: string }).text).toContain('2026-06-03');
    const block = reply.blocks[1];
    if (block?.type !== 'papers') throw new Error('no papers');
    expect(block.items).toHaveLength(10);
    expect(block.items[0]?.paper.id).toBe('2606.01234');
    const votes = block.items.map((i) => i.paper.upvotes);
    expect([...votes].sort((a, b) => b - a)).toEqual(votes);
  });

  it('says there is nothing yet on an empty database', async () => {
    const empty = await memoryStore();
    const reply = await createToday({ papers: empty.papers }).show(NOW);
    expect(JSON.stringify(reply)).toContain('No daily papers are stored yet');
    await empty.close();
  });
});
