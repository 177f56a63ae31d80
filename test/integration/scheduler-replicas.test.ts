/**
 * The schedulers of two replicas on one PostgreSQL database: one polls Hugging Face while the
 * other leaves the poll to it, and a digest due on the other waits for that poll rather than
 * polling again; the slot is posted once between them. Both send as one bot, so the second's pass
 * holds the delivery turn while it waits for the first's ingest lock, and the first's instant
 * alerts after its poll wait for that turn: neither waits for the other in a circle.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIngest } from '../../src/core/use-cases/ingest.js';
import { createHuggingFaceSource } from '../../src/sources/hf/index.js';
import { createStore, type Store } from '../../src/store/index.js';
import type { FakeHuggingFace } from '../fakes/hf-server.js';
import { eachEngine } from '../helpers/engines.js';
import { berlinWeekdays, fakeHuggingFace, makeScheduler, recordingMessenger, testClock } from './scheduler-support.js';

eachEngine((engine) => describe('schedulers of two replicas on one database', () => {
  let hf: FakeHuggingFace;
  const stores: Store[] = [];
  beforeEach(async () => {
    hf = await fakeHuggingFace('2026-06-08', ['2026-06-04', '2026-06-05']);
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    await hf.close();
  });

  it.runIf(engine.name === 'postgres')('leave the poll to the replica polling, and a due digest waits for that poll instead of polling again', async () => {
    const [first, second] = await engine.pair();
    const [a, b] = [createStore(first), createStore(second)];
    stores.push(a, b);
    const clock = testClock('2026-06-08T07:00:30Z');
    await a.digests.save(berlinWeekdays('c1', '2026-06-01T00:00:00Z'));

    const source = createHuggingFaceSource({ baseUrl: hf.url, retries: 0, sleep: async () => {} });
    const real = createIngest({ source, papers: a.papers, alerts: a.alerts, subscriptions: a.subscriptions, meta: a.meta, clock });
    let entered!: () => void;
    const polling = new Promise<void>((done) => (entered = done));
    let release!: () => void;
    const gate = new Promise<void>((done) => (release = done));
    const heldIngest = {
      async refresh(days: number) {
        entered();
        await gate;
        return real.refresh(days);
      },
    };
    const polls = { b: 0 };
    const countedIngest = {
      refresh: async () => {
        polls.b += 1;
        throw new Error('replica b was not meant to poll');
      },
    };
    const onA = recordingMessenger();
    const onB = recordingMessenger();
    const schedulerA = makeScheduler(a, hf, clock, [onA], { ingest: heldIngest, owner: 'host-a:1:aaaa' });
    const schedulerB = makeScheduler(b, hf, clock, [onB], { ingest: countedIngest, owner: 'host-b:1:bbbb' });

    const pollA = schedulerA.poll();
    await polling;
    expect(await schedulerB.poll()).toEqual({ elsewhere: true });
    const passB = schedulerB.pass();
    release();
    expect(await pollA).toMatchObject({ inserted: 24 });
    expect((await passB).digests).toMatchObject([{ target: 'discord:c1', outcome: { status: 'sent', papers: 5 } }]);
    expect((await schedulerA.pass()).digests).toEqual([]);

    expect(polls.b).toBe(0);
    expect([onA.posts.length, onB.posts.length]).toEqual([0, 1]);
  });
}));
