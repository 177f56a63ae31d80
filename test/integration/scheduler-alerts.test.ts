import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectStatus } from '../../src/cli/status.js';
import { DeliveryError } from '../../src/core/errors.js';
import type { PersonRef } from '../../src/core/ports.js';
import type { Store } from '../../src/store/index.js';
import { dailyItem } from '../fakes/hf-items.js';
import type { FakeHuggingFace } from '../fakes/hf-server.js';
import { memoryStore } from '../helpers/memory-store.js';
import { fakeHuggingFace, makeScheduler, recordingMessenger, testClock, transient, type TestClock } from './scheduler-support.js';

const MINUTE = 60_000;
const ADA: PersonRef = { platform: 'discord', userId: '100' };
const BOB: PersonRef = { platform: 'discord', userId: '200' };
const CAM: PersonRef = { platform: 'slack', userId: 'U300' };

let store: Store;
let hf: FakeHuggingFace;
let clock: TestClock;

beforeEach(async () => {
  clock = testClock('2026-06-08T10:00:00Z');
  store = await memoryStore({ clock });
  hf = await fakeHuggingFace('2026-06-08', ['2026-06-04', '2026-06-05']);
  await store.subscriptions.add(ADA, 'diffusion', clock.now());
  await store.subscriptions.add(BOB, 'diffusion', clock.now());
});
afterEach(async () => {
  await store.close();
  await hf.close();
});

/** The first poll sets the baseline; then two matching papers appear on Monday's list. */
async function newPapersArrive(scheduler: { poll(): Promise<unknown> }): Promise<void> {
  await scheduler.poll();
  hf.setDay('2026-06-08', [
    dailyItem({ id: '2606.70001', date: '2026-06-08', title: 'Diffusion distillation at scale' }),
    dailyItem({ id: '2606.70002', date: '2026-06-08', title: 'Faster diffusion sampling' }),
  ]);
}

describe('instant alerts', () => {
  it('sends one DM per person after a poll that found matching papers, and never again', async () => {
    const discord = recordingMessenger();
    const scheduler = makeScheduler(store, hf, clock, [discord]);
    await newPapersArrive(scheduler);
    expect(discord.dms).toHaveLength(0);
    await scheduler.poll();
    expect(discord.dms.map((d) => d.to).sort()).toEqual(['100', '200']);
    expect(discord.dms.every((d) => /^pb[0-9a-f]{20}$/.test(d.key ?? ''))).toBe(true);
    expect(discord.dms.map((d) => d.reply.blocks[0])).toEqual(Array(2).fill({ type: 'heading', text: '2 new papers on your topics' }));
    await scheduler.poll();
    await scheduler.pass({ instant: true });
    expect(discord.dms).toHaveLength(2);
    const status = await collectStatus(store, clock.now());
    expect(status.people).toEqual([
      expect.objectContaining({ userId: '100', mode: 'instant', pending: 0, delivered: 2 }),
      expect.objectContaining({ userId: '200', mode: 'instant', pending: 0, delivered: 2 }),
    ]);
  });

  it('completes a DM sent just before its sender died, without sending it again', async () => {
    const discord = recordingMessenger();
    const scheduler = makeScheduler(store, hf, clock, [discord]);
    await newPapersArrive(scheduler);
    await store.people.setAlertMode(BOB, 'off');
    await scheduler.poll();
    // A process claimed Ada's batch, sent it, and died before completing.
    await store.people.setAlertMode(BOB, 'instant');
    // Ada's alerts went out, so there is nothing left to claim for her.
    expect(await store.alerts.claimPending(ADA, { slot: 'x', owner: 'other-host:9:dead', leaseUntil: clock.now(), at: clock.now() })).toBeUndefined();
    expect(discord.dms.map((d) => d.to)).toEqual(['100']);
    expect(await store.alerts.counts(BOB)).toEqual({ pending: 2, delivered: 0 });

    const bobClaim = await store.alerts.claimPending(BOB, { slot: clock.now().toISOString(), owner: 'other-host:9:dead', leaseUntil: clock.now(), at: clock.now() });
    expect(bobClaim?.alerts).toHaveLength(2);
    expect(await store.alerts.counts(BOB)).toEqual({ pending: 2, delivered: 0 });
    await discord.sendDirect(BOB, { visibility: 'private', blocks: [] }, { key: bobClaim!.claim.key! });
    clock.advance(MINUTE);
    const report = await scheduler.pass();
    expect(report.alerts.sent).toBe(1);
    expect(discord.dms.map((d) => d.to)).toEqual(['100', '200']);
    expect(await store.alerts.counts(BOB)).toEqual({ pending: 0, delivered: 2 });
  });

  it('re-sends the same alerts with the same key when the dead sender never sent them', async () => {
    const discord = recordingMessenger();
    const scheduler = makeScheduler(store, hf, clock, [discord]);
    await newPapersArrive(scheduler);
    await store.people.setAlertMode(ADA, 'off');
    await store.people.setAlertMode(BOB, 'off');
    await scheduler.poll();
    await store.people.setAlertMode(ADA, 'instant');
    const claim = await store.alerts.claimPending(ADA, { slot: clock.now().toISOString(), owner: 'other-host:9:dead', leaseUntil: clock.now(), at: clock.now() });
    clock.advance(MINUTE);
    await scheduler.pass();
    expect(discord.dms).toHaveLength(1);
    expect(discord.dms[0]).toMatchObject({ to: '100', key: claim!.claim.key });
    expect(await store.alerts.counts(ADA)).toEqual({ pending: 0, delivered: 2 });
  });

  it('marks a person who cannot be messaged and gives their alerts back', async () => {
    const discord = recordingMessenger();
    const scheduler = makeScheduler(store, hf, clock, [discord]);
    await newPapersArrive(scheduler);
    discord.failDms(new DeliveryError('Cannot send messages to this user', 'person-unreachable', 50007));
    await scheduler.poll();
    expect(discord.dms).toHaveLength(1);
    const counts = await collectStatus(store, clock.now());
    const unreachable = counts.people.find((p) => p.pending > 0);
    expect(unreachable).toMatchObject({ pending: 2, delivered: 0, unreachableReason: 'Cannot send messages to this user' });
    expect(await store.alerts.pendingPeople()).toHaveLength(1);
    // Skipped while unreachable; their alerts go out once they are back (after any command).
    const person: PersonRef = { platform: 'discord', userId: unreachable!.userId };
    clock.advance(MINUTE);
    expect((await scheduler.pass({ instant: true })).alerts.sent).toBe(0);
    expect(discord.dms).toHaveLength(1);
    await store.people.markReachable(person);
    clock.advance(MINUTE);
    expect((await scheduler.pass({ instant: true })).alerts).toEqual({ sent: 1, papers: 2, unreachable: 0, retrying: 0 });
    expect(discord.dms.map((d) => d.to).sort()).toEqual(['100', '200']);
    expect(await store.alerts.counts(person)).toEqual({ pending: 0, delivered: 2 });
  });

  it('retries a DM after a transient failure and delivers it once', async () => {
    const discord = recordingMessenger();
    const scheduler = makeScheduler(store, hf, clock, [discord]);
    await newPapersArrive(scheduler);
    discord.failDms(transient(429), 2);
    await scheduler.poll();
    expect(discord.dms).toHaveLength(0);
    expect((await collectStatus(store, clock.now())).people.map((p) => p.pending)).toEqual([2, 2]);
    expect((await store.people.prefs(ADA)).unreachableSince).toBeUndefined();
    expect((await store.people.prefs(BOB)).unreachableSince).toBeUndefined();
    clock.advance(MINUTE + 1000);
    await scheduler.pass();
    clock.advance(MINUTE + 1000);
    await scheduler.pass();
    expect(discord.dms.map((d) => d.to).sort()).toEqual(['100', '200']);
    clock.advance(10 * MINUTE);
    await scheduler.pass({ instant: true });
    expect(discord.dms).toHaveLength(2);
  });
});

describe('daily bundles', () => {
  it('sends once a day at the person\'s time, with what was queued before it', async () => {
    const discord = recordingMessenger();
    const scheduler = makeScheduler(store, hf, clock, [discord]);
    await store.people.setAlertMode(ADA, 'daily', '08:00', 'Europe/Berlin');
    await store.people.setAlertMode(BOB, 'off');
    await newPapersArrive(scheduler);
    await scheduler.poll();
    // Queued at 12:00 Berlin, after today's 08:00: it waits for tomorrow, even on a pass that sends instant alerts.
    await scheduler.pass({ instant: true });
    expect(discord.dms).toHaveLength(0);
    clock.set('2026-06-09T05:59:30Z');
    await scheduler.pass();
    expect(discord.dms).toHaveLength(0);
    clock.set('2026-06-09T06:00:20Z');
    await scheduler.pass();
    expect(discord.dms).toHaveLength(1);
    expect(discord.dms[0]!.reply.blocks[0]).toEqual({ type: 'heading', text: '2 new papers on your topics' });
    clock.set('2026-06-09T06:01:20Z');
    await scheduler.pass();
    expect(discord.dms).toHaveLength(1);
    expect(discord.dms[0]!.to).toBe('100');
    // Alerts off: Bob's matches wait, sent neither instantly nor in a bundle.
    expect(await store.alerts.counts(BOB)).toEqual({ pending: 2, delivered: 0 });
  });
});

describe('platforms', () => {
  it('each platform DMs only its own people; a platform this process does not serve is left alone', async () => {
    await store.subscriptions.add(CAM, 'diffusion', clock.now());
    const discord = recordingMessenger('discord');
    const slack = recordingMessenger('slack');
    const both = makeScheduler(store, hf, clock, [discord, slack]);
    const discordOnly = makeScheduler(store, hf, clock, [discord]);
    await newPapersArrive(discordOnly);
    await discordOnly.poll();
    expect(discord.dms.map((d) => d.to).sort()).toEqual(['100', '200']);
    expect(await store.alerts.counts(CAM)).toEqual({ pending: 2, delivered: 0 });
    clock.advance(MINUTE);
    expect((await both.pass({ instant: true })).alerts).toEqual({ sent: 1, papers: 2, unreachable: 0, retrying: 0 });
    expect(slack.dms.map((d) => d.to)).toEqual(['U300']);
    expect(discord.dms).toHaveLength(2);
  });
});
