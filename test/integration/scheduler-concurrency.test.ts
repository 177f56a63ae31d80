/**
 * Deliveries side by side: the scheduler keeps several targets and people in flight at once (up to
 * its concurrency), each one still claimed before it is sent and completed after, and starts none
 * once it is stopping.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { digestSlotRef } from '../../src/core/digest/deliver-digest.js';
import type { Messenger, PersonRef } from '../../src/core/ports.js';
import type { Store } from '../../src/store/index.js';
import { dailyItem } from '../fakes/hf-items.js';
import type { FakeHuggingFace } from '../fakes/hf-server.js';
import { memoryStore } from '../helpers/memory-store.js';
import { berlinWeekdays, fakeHuggingFace, makeScheduler, recordingMessenger, testClock, type RecordingMessenger } from './scheduler-support.js';

const MONDAY_SLOT = '2026-06-08T07:00:00.000Z';
const TARGETS = ['c1', 'c2', 'c3'].map((id) => berlinWeekdays(id, '2026-06-01T00:00:00Z'));

let store: Store;
let hf: FakeHuggingFace;

beforeEach(async () => {
  store = await memoryStore();
  hf = await fakeHuggingFace('2026-06-08', ['2026-06-04', '2026-06-05']);
});
afterEach(async () => {
  await store.close();
  await hf.close();
});

/** A messenger whose every post and DM waits until the test lets it through. */
function heldMessenger(): RecordingMessenger & { readonly held: string[]; release(to: string): void } {
  const inner = recordingMessenger();
  const gates = new Map<string, () => void>();
  const held: string[] = [];
  const hold = (to: string) =>
    new Promise<void>((resolve) => {
      held.push(to);
      gates.set(to, resolve);
    });
  const messenger: Messenger = {
    ...inner,
    post: async (target, reply, options) => {
      await hold(target.channelId);
      return inner.post(target, reply, options);
    },
    sendDirect: async (person, reply, options) => {
      await hold(person.userId);
      return inner.sendDirect(person, reply, options);
    },
  };
  return {
    ...inner,
    ...messenger,
    held,
    release(to) {
      gates.get(to)?.();
      gates.delete(to);
    },
  } as RecordingMessenger & { readonly held: string[]; release(to: string): void };
}

/** Lets the scheduler run until `done` holds (a bounded number of turns). */
async function until(done: () => boolean): Promise<void> {
  for (let turn = 0; turn < 1_000 && !done(); turn++) await new Promise((resolve) => setTimeout(resolve, 1));
  if (!done()) throw new Error('the scheduler never got there');
}

describe('deliveries side by side', () => {
  it('posts to several targets at once, never more than its concurrency, and each slot once', async () => {
    const clock = testClock('2026-06-08T07:00:30Z');
    const discord = heldMessenger();
    for (const target of TARGETS) await store.digests.save(target);
    const scheduler = makeScheduler(store, hf, clock, [discord], { concurrency: 2 });
    await scheduler.poll();

    const passing = scheduler.pass();
    await until(() => discord.held.length === 2);
    // Two posts wait on the platform at once, each claimed first; the third target has not started.
    expect([...discord.held].sort()).toEqual(['c1', 'c2']);
    for (const target of TARGETS.slice(0, 2)) expect(await store.claims.get(digestSlotRef(target, MONDAY_SLOT))).toMatchObject({ status: 'claimed' });
    expect(await store.claims.get(digestSlotRef(TARGETS[2]!, MONDAY_SLOT))).toBeUndefined();

    discord.release('c2');
    await until(() => discord.held.length === 3);
    discord.release('c3');
    discord.release('c1');
    const report = await passing;
    expect(report.digests.map((d) => [d.target, d.outcome.status])).toEqual([
      ['discord:c1', 'sent'],
      ['discord:c2', 'sent'],
      ['discord:c3', 'sent'],
    ]);
    expect(discord.posts.map((p) => p.to).sort()).toEqual(['c1', 'c2', 'c3']);
    for (const target of TARGETS) {
      const claim = await store.claims.get(digestSlotRef(target, MONDAY_SLOT));
      expect(claim).toMatchObject({ status: 'sent', messageId: discord.posts.find((p) => p.to === target.target.channelId)!.messageId });
    }
    expect((await scheduler.pass()).digests).toEqual([]);
    expect(discord.posts).toHaveLength(3);
  });

  it('DMs several people at once, one bundle each', async () => {
    const clock = testClock('2026-06-08T10:00:00Z');
    const people: PersonRef[] = ['100', '200', '300'].map((userId) => ({ platform: 'discord', userId }));
    for (const person of people) await store.subscriptions.add(person, 'diffusion', clock.now());
    const discord = heldMessenger();
    const scheduler = makeScheduler(store, hf, clock, [discord], { concurrency: 3 });
    await scheduler.poll();
    hf.setDay('2026-06-08', [dailyItem({ id: '2606.70001', date: '2026-06-08', title: 'Diffusion distillation at scale' })]);

    const polling = scheduler.poll();
    await until(() => discord.held.length === 3);
    for (const person of people) discord.release(person.userId);
    await polling;
    expect(discord.dms.map((d) => d.to).sort()).toEqual(['100', '200', '300']);
    for (const person of people) expect(await store.alerts.counts(person)).toEqual({ pending: 0, delivered: 1 });
    await scheduler.pass({ instant: true });
    expect(discord.dms).toHaveLength(3);
  });

  it('starts no further target once stopping, and lets the one in flight finish', async () => {
    const clock = testClock('2026-06-08T07:00:30Z');
    const discord = heldMessenger();
    for (const target of TARGETS) await store.digests.save(target);
    const scheduler = makeScheduler(store, hf, clock, [discord], { concurrency: 1 });
    await scheduler.poll();

    const passing = scheduler.pass();
    await until(() => discord.held.length === 1);
    const stopping = scheduler.stop();
    discord.release('c1');
    await Promise.all([passing, stopping]);
    expect(discord.posts.map((p) => p.to)).toEqual(['c1']);
    expect(await store.claims.get(digestSlotRef(TARGETS[0]!, MONDAY_SLOT))).toMatchObject({ status: 'sent' });
    // The others were never claimed: the next start posts them.
    expect(await store.claims.get(digestSlotRef(TARGETS[1]!, MONDAY_SLOT))).toBeUndefined();
    expect(await store.claims.get(digestSlotRef(TARGETS[2]!, MONDAY_SLOT))).toBeUndefined();
  });
});
