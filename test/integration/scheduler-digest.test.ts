import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectStatus, renderStatus } from '../../src/cli/status.js';
import { digestSlotRef } from '../../src/core/digest/deliver-digest.js';
import { createDigestCommands } from '../../src/core/use-cases/digest.js';
import { createStore, migrateToLatest, openDatabase, type Store } from '../../src/store/index.js';
import type { FakeHuggingFace } from '../fakes/hf-server.js';
import { memoryStore } from '../helpers/memory-store.js';
import { dailyItems } from '../fakes/hf-items.js';
import { berlinWeekdays, fakeHuggingFace, gone, makeScheduler, recordingMessenger, testClock, transient } from './scheduler-support.js';

const MINUTE = 60_000;
// Monday 8 June 2026, 09:00:30 in Berlin (CEST).
const MONDAY_SLOT = '2026-06-08T07:00:00.000Z';
const FRIDAY_SLOT = '2026-06-05T07:00:00.000Z';

let store: Store;
let hf: FakeHuggingFace;

beforeEach(async () => {
  store = await memoryStore();
  hf = await fakeHuggingFace('2026-06-08', ['2026-06-03', '2026-06-04', '2026-06-05']);
});
afterEach(async () => {
  await store.close();
  await hf.close();
});

describe('digest kinds', () => {
  it('posts the daily, weekly and trending digests of one channel on their slots, each once, also after a restart', async () => {
    const clock = testClock('2026-06-08T07:00:30Z');
    const discord = recordingMessenger();
    // Listed today: the day is not complete, so only the trending digest can take them.
    hf.setTrending(dailyItems('2026-06-08', 3, '2606.9'));
    await store.digests.save(berlinWeekdays('c1', '2026-06-01T00:00:00Z'));
    await store.digests.save(berlinWeekdays('c1', '2026-06-01T00:00:00Z', { kind: 'weekly', weekdays: ['mon'], top: 3 }));
    await store.digests.save(berlinWeekdays('c1', '2026-06-01T00:00:00Z', { kind: 'trending', weekdays: ['mon'], top: 2 }));
    const report = await makeScheduler(store, hf, clock, [discord]).pass();

    expect(report.digests.map((d) => [d.target, d.slot, d.outcome.status])).toEqual([
      ['discord:c1', MONDAY_SLOT, 'sent'],
      ['discord:c1:weekly', MONDAY_SLOT, 'sent'],
      ['discord:c1:trending', MONDAY_SLOT, 'sent'],
    ]);
    // The three are posted side by side, in no fixed order.
    const headings = discord.posts.map((p) => p.reply.blocks[0]);
    expect(headings).toHaveLength(3);
    expect(headings).toEqual(
      expect.arrayContaining([
        { type: 'heading', text: 'Daily Papers · Fri 5 Jun 2026' },
        { type: 'heading', text: "The week's papers · Mon 1 – Sun 7 Jun 2026" },
        { type: 'heading', text: 'Trending papers · Mon 8 Jun 2026' },
      ]),
    );
    // The week is its own digest: the top three of all its days, though the daily one just posted Friday's top.
    expect(await store.digests.last({ platform: 'discord', channelId: 'c1' }, 'weekly')).toMatchObject({
      slot: MONDAY_SLOT,
      paperIds: ['2606.30000', '2606.20000', '2606.10000'],
    });
    expect((await store.digests.last({ platform: 'discord', channelId: 'c1' }, 'trending'))?.paperIds).toEqual(['2606.90000', '2606.90001']);

    // Another pass, and a restarted process: nothing is posted again.
    clock.advance(MINUTE);
    await makeScheduler(store, hf, clock, [discord]).pass();
    expect(discord.posts).toHaveLength(3);
  });

  it('turns off and shows one kind, or every kind of the channel', async () => {
    const commands = createDigestCommands(store);
    const caller = { person: { platform: 'discord', userId: 'u1' }, target: { platform: 'discord', channelId: 'c1' }, isAdmin: true, now: new Date('2026-06-08T10:00:00Z') };
    await commands.set(caller, { kind: 'weekly', time: '08:00' });
    await commands.set(caller, {});
    const text = async (reply: Promise<{ blocks: readonly { type: string; text?: string }[] }>) => (await reply).blocks.map((b) => b.text).join('\n');
    expect(await text(commands.show(caller))).toBe(
      'Digest here: the top 10 papers, Monday to Friday at 09:00 UTC.\nWeekly digest here: the top 10 papers of the seven days before, on Mondays at 08:00 UTC.',
    );
    expect(await text(commands.off(caller, 'weekly'))).toMatch(/^Weekly digest for this channel is off/);
    expect((await store.digests.listEnabled()).map((s) => s.kind)).toEqual(['daily']);
    expect(await text(commands.off(caller, 'trending'))).toBe('There is no trending digest for this channel to turn off.');
    expect(await text(commands.off(caller))).toMatch(/^Digest for this channel is off/);
    await expect(commands.show(caller, 'hourly')).rejects.toThrow('`hourly` is not a kind of digest; use daily, weekly, trending, e.g. kind:weekly.');
  });
});

describe('digest slots', () => {
  it('posts a slot at its local time, once, and records it', async () => {
    const clock = testClock('2026-06-08T06:59:30Z');
    const discord = recordingMessenger();
    await store.digests.save(berlinWeekdays('c1', '2026-06-01T00:00:00Z'));
    const scheduler = makeScheduler(store, hf, clock, [discord]);

    expect((await scheduler.pass()).digests).toEqual([]);
    clock.set('2026-06-08T07:00:30Z');
    const report = await scheduler.pass();
    expect(report.digests).toMatchObject([{ target: 'discord:c1', slot: MONDAY_SLOT, outcome: { status: 'sent', papers: 5 } }]);
    clock.advance(MINUTE);
    await scheduler.pass();
    expect(discord.posts).toHaveLength(1);
    expect(discord.posts[0]!.key).toMatch(/^pb[0-9a-f]{20}$/);
    const last = await store.digests.last({ platform: 'discord', channelId: 'c1' });
    expect(last).toMatchObject({ slot: MONDAY_SLOT, coveredUntil: '2026-06-05', messageId: discord.posts[0]!.messageId });
    expect(last?.paperIds).toHaveLength(5);
  });

  it('catches up a slot missed within the window and records an older one as skipped', async () => {
    // Down since Thursday evening; back on Monday at 15:00 Berlin.
    const clock = testClock('2026-06-08T13:00:00Z');
    const discord = recordingMessenger();
    await store.digests.save(berlinWeekdays('c1', '2026-06-04T18:00:00Z'));
    const report = await makeScheduler(store, hf, clock, [discord]).pass();

    expect(report.expired).toBe(1);
    expect(report.digests.map((d) => [d.slot, d.outcome.status])).toEqual([[MONDAY_SLOT, 'sent']]);
    expect(discord.posts).toHaveLength(1);
    const skipped = await store.claims.get(digestSlotRef(berlinWeekdays('c1', ''), FRIDAY_SLOT));
    expect(skipped).toMatchObject({ status: 'skipped' });
    expect(skipped?.error).toContain('older than the 12 h catch-up window');
    const status = await collectStatus(store, clock.now());
    expect(status.targets[0]).toMatchObject({
      lastDigest: { slot: MONDAY_SLOT, papers: 5, messageId: discord.posts[0]!.messageId },
      nextRun: '2026-06-09T07:00:00.000Z',
      recentFailures: [{ slot: FRIDAY_SLOT, status: 'skipped' }],
    });
    const text = renderStatus(status);
    expect(text).toContain('discord channel c1 (workspace g1): the top 5 papers, Monday to Friday at 09:00 Europe/Berlin.');
    expect(text).toContain(`last digest: 2026-06-08 13:00 UTC, 5 papers, message ${discord.posts[0]!.messageId}`);
    expect(text).toContain('next run: 2026-06-09 07:00 UTC');
    expect(text).toContain('skipped: the 2026-06-05 07:00 UTC digest: missed while Paperboy was not running');
  });

  it('posts every slot of a long window in order, each covering its own days', async () => {
    const clock = testClock('2026-06-08T07:30:00Z');
    const discord = recordingMessenger();
    await store.digests.save(berlinWeekdays('c1', '2026-06-03T00:00:00Z', { weekdays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] }));
    const scheduler = makeScheduler(store, hf, clock, [discord], {
      config: { INGEST_CRON: '*/15 * * * *', BACKFILL_DAYS: 14, CATCHUP_GRACE_HOURS: 168 },
    });
    const report = await scheduler.pass();
    const sent = report.digests.filter((d) => d.outcome.status === 'sent').map((d) => d.slot.slice(0, 10));
    // Thursday's slot covers Wednesday, Friday's Thursday, Saturday's Friday; the weekend has no papers.
    expect(sent).toEqual(['2026-06-04', '2026-06-05', '2026-06-06']);
    const skipped = report.digests.filter((d) => d.outcome.status === 'skipped').map((d) => d.slot.slice(0, 10));
    expect(skipped).toEqual(['2026-06-03', '2026-06-07', '2026-06-08']);
    const ids = discord.posts.flatMap((p) => (p.reply.blocks[1]?.type === 'papers' ? p.reply.blocks[1].items.map((i) => i.paper.id) : []));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sees a schedule changed through /papers digest set on the next pass', async () => {
    const clock = testClock('2026-06-08T06:00:00Z');
    const discord = recordingMessenger();
    await store.digests.save(berlinWeekdays('c1', '2026-06-01T00:00:00Z'));
    const scheduler = makeScheduler(store, hf, clock, [discord]);
    const commands = createDigestCommands(store);
    const caller = { person: { platform: 'discord' as const, userId: 'u1' }, target: { platform: 'discord' as const, channelId: 'c1' }, isAdmin: true, now: clock.now() };
    await commands.set(caller, { time: '08:15' });
    clock.set('2026-06-08T06:15:10Z');
    const report = await scheduler.pass();
    expect(report.digests.map((d) => d.slot)).toEqual(['2026-06-08T06:15:00.000Z']);
    clock.set('2026-06-08T07:00:10Z');
    expect((await scheduler.pass()).digests).toEqual([]);
    expect(discord.posts).toHaveLength(1);
  });
});

describe('exactly once across crashes and replicas', () => {
  const target = berlinWeekdays('c1', '2026-06-01T00:00:00Z');
  const slotRef = digestSlotRef(target, MONDAY_SLOT);

  it('completes a claim whose post landed before the holder died, without posting again', async () => {
    const clock = testClock('2026-06-08T07:00:05Z');
    const discord = recordingMessenger();
    await store.digests.save(target);
    // A process planned and posted, then died before completing.
    const scheduler = makeScheduler(store, hf, clock, [discord]);
    await scheduler.poll();
    const dead = await store.claims.claim(slotRef, 'other-host:7:dead', new Date(clock.now().getTime() + 10 * MINUTE), clock.now());
    const papers = (await store.papers.byDailyDates(['2026-06-05'])).slice(0, 3);
    await store.claims.setPlan(dead!.id, 'other-host:7:dead', { dates: ['2026-06-05'], coveredUntil: '2026-06-05', paperIds: papers.map((p) => p.id), considered: 3 });
    await discord.post(target.target, { visibility: 'public', blocks: [] }, { key: dead!.key! });

    // Its lease still runs and its host is another one: nobody touches it.
    expect((await scheduler.pass()).digests).toEqual([]);
    expect(await store.claims.get(slotRef)).toMatchObject({ status: 'claimed', owner: 'other-host:7:dead' });
    clock.advance(11 * MINUTE);
    expect((await scheduler.pass()).digests).toMatchObject([{ outcome: { status: 'sent', resumed: true, messageId: 'm1' } }]);
    expect(discord.posts).toHaveLength(1);
    expect(await store.digests.last(target.target)).toMatchObject({ messageId: 'm1', paperIds: papers.map((p) => p.id) });
  });

  it('posts the planned papers with the same key when the dead holder never got to post', async () => {
    const clock = testClock('2026-06-08T07:00:05Z');
    const discord = recordingMessenger();
    await store.digests.save(target);
    const scheduler = makeScheduler(store, hf, clock, [discord]);
    await scheduler.poll();
    const dead = await store.claims.claim(slotRef, 'other-host:7:dead', clock.now(), clock.now());
    const papers = (await store.papers.byDailyDates(['2026-06-05'])).slice(0, 2);
    await store.claims.setPlan(dead!.id, 'other-host:7:dead', { dates: ['2026-06-05'], coveredUntil: '2026-06-05', paperIds: papers.map((p) => p.id), considered: 2 });
    clock.advance(MINUTE);
    await scheduler.pass();
    expect(discord.posts).toHaveLength(1);
    expect(discord.posts[0]!.key).toBe(dead!.key);
    const posted = discord.posts[0]!.reply.blocks[1];
    expect(posted?.type === 'papers' && posted.items.map((i) => i.paper.id)).toEqual(papers.map((p) => p.id));
  });

  it('lets only one of two processes on one database file post a slot', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-replicas-'));
    try {
      const file = join(dir, 'paperboy.sqlite');
      const first = openDatabase(file);
      await migrateToLatest(first);
      const stores = [createStore(first), createStore(openDatabase(file))];
      await stores[0]!.digests.save(target);
      const clock = testClock('2026-06-08T07:00:30Z');
      const messengers = [recordingMessenger(), recordingMessenger()];
      const schedulers = stores.map((s, i) => makeScheduler(s, hf, clock, [messengers[i]!], { owner: `test-host:${i + 1}:bbbb` }));
      await Promise.all(schedulers.map((s) => s.pass()));
      await Promise.all(schedulers.map((s) => s.pass()));
      expect(messengers.flatMap((m) => m.posts)).toHaveLength(1);
      await Promise.all(stores.map((s) => s.close()));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('faults', () => {
  const target = berlinWeekdays('c1', '2026-06-01T00:00:00Z');

  it('retries while Hugging Face fails and posts once it answers', async () => {
    const clock = testClock('2026-06-08T07:00:30Z');
    const discord = recordingMessenger();
    await store.digests.save(target);
    const scheduler = makeScheduler(store, hf, clock, [discord]);
    hf.fail({ path: '/api/daily_papers', status: 500, times: 2 });

    expect((await scheduler.pass()).digests.map((d) => d.outcome.status)).toEqual(['retry']);
    const status = await collectStatus(store, clock.now());
    expect(status.targets[0]?.inProgress[0]).toMatchObject({ attempts: 1, retryAt: '2026-06-08T07:01:30.000Z' });
    expect(status.targets[0]?.inProgress[0]?.lastError).toContain('500');
    clock.advance(30_000);
    expect((await scheduler.pass()).digests).toEqual([]);
    clock.advance(31_000);
    expect((await scheduler.pass()).digests.map((d) => d.outcome.status)).toEqual(['retry']);
    clock.advance(2 * MINUTE);
    expect((await scheduler.pass()).digests[0]?.outcome).toMatchObject({ status: 'sent', papers: 5 });
    expect(discord.posts).toHaveLength(1);
  });

  it('records the failure when Hugging Face stays down to the end of the window', async () => {
    const clock = testClock('2026-06-08T07:00:30Z');
    const discord = recordingMessenger();
    await store.digests.save(target);
    await store.digests.save(berlinWeekdays('c2', '2026-06-01T00:00:00Z'));
    const scheduler = makeScheduler(store, hf, clock, [discord]);
    hf.fail({ path: '/api/daily_papers', status: 503, times: 1000 });

    expect((await scheduler.pass()).digests.map((d) => d.outcome.status)).toEqual(['retry', 'retry']);
    for (let hour = 1; hour <= 12; hour += 1) {
      clock.set(`2026-06-08T${String(7 + hour).padStart(2, '0')}:00:30Z`);
      await scheduler.pass();
    }
    const status = await collectStatus(store, clock.now());
    for (const t of status.targets) {
      expect(t.inProgress).toEqual([]);
      expect(t.recentFailures[0]).toMatchObject({ slot: MONDAY_SLOT, status: 'failed' });
      expect(t.recentFailures[0]?.reason).toMatch(/catch-up window.*503/);
    }
    expect(discord.posts).toHaveLength(0);
  });

  it('retries a platform 5xx with backoff and posts the message once', async () => {
    const clock = testClock('2026-06-08T07:00:30Z');
    const discord = recordingMessenger();
    await store.digests.save(target);
    const scheduler = makeScheduler(store, hf, clock, [discord]);
    discord.failPosts(transient(503), 2);
    expect((await scheduler.pass()).digests[0]?.outcome.status).toBe('retry');
    clock.advance(MINUTE + 1000);
    expect((await scheduler.pass()).digests[0]?.outcome.status).toBe('retry');
    clock.advance(MINUTE);
    expect((await scheduler.pass()).digests).toEqual([]);
    clock.advance(MINUTE + 1000);
    expect((await scheduler.pass()).digests[0]?.outcome).toMatchObject({ status: 'sent', resumed: true });
    expect(discord.posts).toHaveLength(1);
    const row = await store.claims.get(digestSlotRef(target, MONDAY_SLOT));
    expect(row).toMatchObject({ status: 'sent', attempts: 3 });
  });

  it('disables a target whose channel is gone, keeps the reason and shows it', async () => {
    const clock = testClock('2026-06-08T07:00:30Z');
    const discord = recordingMessenger();
    await store.digests.save(target);
    discord.failPosts(gone());
    const report = await makeScheduler(store, hf, clock, [discord]).pass();
    expect(report.digests[0]?.outcome.status).toBe('failed');
    const settings = await store.digests.settings(target.target);
    expect(settings).toMatchObject({ enabled: false });
    expect(settings?.disabledReason).toContain('Missing Access');
    const status = await collectStatus(store, clock.now());
    expect(status.targets[0]).toMatchObject({ enabled: false, nextRun: undefined });
    expect(status.targets[0]?.recentFailures[0]?.reason).toContain('Missing Access');
  });

  it('lets an in-flight post finish on stop', async () => {
    const clock = testClock('2026-06-08T07:00:30Z');
    const discord = recordingMessenger();
    await store.digests.save(target);
    const scheduler = makeScheduler(store, hf, clock, [discord]);
    const release = discord.holdNextPost();
    const passing = scheduler.pass();
    await new Promise((done) => setTimeout(done, 50));
    const stopping = scheduler.stop();
    release();
    await Promise.all([passing, stopping]);
    expect(discord.posts).toHaveLength(1);
    expect(await store.claims.get(digestSlotRef(target, MONDAY_SLOT))).toMatchObject({ status: 'sent' });
  });
});

