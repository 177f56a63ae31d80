/**
 * The ingest fetches several lists at once. Whatever order they are answered in, the merge, the
 * progress and the failure behaviour must be those of fetching them one after another. The source
 * here answers only when the test says so, so every interleaving is chosen, not timed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Paper } from '../../src/core/paper.js';
import type { PaperSource } from '../../src/core/ports.js';
import { createIngest } from '../../src/core/use-cases/ingest.js';
import type { Store } from '../../src/store/index.js';
import { memoryStore } from '../helpers/memory-store.js';

interface Call {
  readonly date: string;
  answer(papers: Paper[]): void;
  fail(error: Error): void;
}

function paper(id: string, dailyDate: string, upvotes: number): Paper {
  return { id, title: `Paper ${id}`, summary: 'About caches.', authors: ['Ada'], upvotes, numComments: 0, aiKeywords: [], publishedAt: `${dailyDate}T00:00:00.000Z`, dailyDate };
}

/** A source whose day lists stay pending until the test answers them. */
function controlledSource() {
  const calls: Call[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const source: PaperSource = {
    daily: (date) =>
      new Promise<Paper[]>((resolve, reject) => {
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        const settle = () => (inFlight -= 1);
        calls.push({ date, answer: (p) => (settle(), resolve(p)), fail: (e) => (settle(), reject(e)) });
      }),
    month: () => Promise.reject(new Error('no month lists here')),
    search: async () => [],
    paper: async () => undefined,
    trending: async () => [],
  };
  return { source, calls, mostInFlight: () => mostInFlight };
}

/** Lets pending promise callbacks run, so the ingest can start its next fetches. */
const settle = () => new Promise((done) => setImmediate(done));

let store: Store;
beforeEach(async () => {
  store = await memoryStore();
});
afterEach(() => store.close());

const clock = { now: () => new Date('2026-06-07T10:00:00Z') };

describe('fetching lists a few at a time', () => {
  it('asks for the first list alone, then keeps `concurrency` in flight and merges oldest first, whatever order they answer in', async () => {
    const { source, calls, mostInFlight } = controlledSource();
    const progress: string[] = [];
    const ingest = createIngest({ source, papers: store.papers, clock, concurrency: 2 });
    const run = ingest.run({ from: '2026-06-01', to: '2026-06-04' }, (done, total, label) => progress.push(`${done}/${total} ${label}`));

    await settle();
    expect(calls.map((c) => c.date)).toEqual(['2026-06-01']);
    calls[0]!.answer([paper('2606.00001', '2026-06-01', 3)]);
    await settle();
    expect(calls.map((c) => c.date)).toEqual(['2026-06-01', '2026-06-02', '2026-06-03']);
    expect(progress).toEqual(['1/4 2026-06-01']);
    // The later day answers first, listing a paper the earlier day lists too.
    calls[2]!.answer([paper('2606.00003', '2026-06-03', 1), paper('2606.00002', '2026-06-03', 9)]);
    await settle();
    expect(calls.map((c) => c.date)).toEqual(['2026-06-01', '2026-06-02', '2026-06-03', '2026-06-04']);
    expect(progress).toEqual(['1/4 2026-06-01']);
    calls[1]!.answer([paper('2606.00002', '2026-06-02', 5)]);
    await settle();
    expect(progress).toEqual(['1/4 2026-06-01', '2/4 2026-06-02', '3/4 2026-06-03']);
    calls[3]!.answer([]);

    const report = await run;
    expect(mostInFlight()).toBe(2);
    expect(progress).toEqual(['1/4 2026-06-01', '2/4 2026-06-02', '3/4 2026-06-03', '4/4 2026-06-04']);
    expect(report).toMatchObject({ fetches: 4, fetched: 3, inserted: 3 });
    // The copy from the later day wins, as it would had the days been fetched in order.
    expect(await store.papers.get('2606.00002')).toMatchObject({ dailyDate: '2026-06-03', upvotes: 9 });
  });

  it('spends one request when the first list fails (Hugging Face down), not one per slot', async () => {
    const { source, calls } = controlledSource();
    const run = createIngest({ source, papers: store.papers, clock, concurrency: 4 }).run({ from: '2026-06-01', to: '2026-06-06' });
    await settle();
    calls[0]!.fail(new Error('Could not reach Hugging Face for daily_papers?date=2026-06-01 (ECONNREFUSED).'));
    await expect(run).rejects.toThrow('ECONNREFUSED');
    expect(calls).toHaveLength(1);
  });

  it('after a failure starts no further list, waits for those in flight, then fails with the first error and writes nothing', async () => {
    const { source, calls } = controlledSource();
    const ingest = createIngest({ source, papers: store.papers, clock, concurrency: 3 });
    let outcome: unknown;
    const run = ingest.run({ from: '2026-06-01', to: '2026-06-07' }).then(
      () => (outcome = 'resolved'),
      (error: unknown) => (outcome = error),
    );

    await settle();
    calls[0]!.answer([paper('2606.00001', '2026-06-01', 1)]);
    await settle();
    expect(calls).toHaveLength(4);
    calls[2]!.fail(new Error('Hugging Face answered 500 for daily_papers?date=2026-06-03.'));
    calls[1]!.answer([paper('2606.00002', '2026-06-02', 1)]);
    await settle();
    expect(calls).toHaveLength(4);
    // Still waiting for the fourth list: no request may outlive the ingest.
    expect(outcome).toBeUndefined();
    calls[3]!.fail(new Error('a later failure'));
    await run;

    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toBe('Hugging Face answered 500 for daily_papers?date=2026-06-03.');
    expect(calls).toHaveLength(4);
    expect(await store.papers.count()).toBe(0);
  });
});
