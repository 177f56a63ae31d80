import { fileURLToPath } from 'node:url';
import { memoryStore } from '../helpers/memory-store.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UpstreamError, UserError } from '../../src/core/errors.js';
import type { PersonRef } from '../../src/core/ports.js';
import { createIngest } from '../../src/core/use-cases/ingest.js';
import { createHuggingFaceSource } from '../../src/sources/hf/client.js';
import type { Store } from '../../src/store/index.js';
import { dailyItem, dailyItems } from '../fakes/hf-items.js';
import { startFakeHuggingFace, type FakeHuggingFace } from '../fakes/hf-server.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/hf/', import.meta.url));
const ADA: PersonRef = { platform: 'console', userId: 'ada' };

let hf: FakeHuggingFace;
let store: Store;
let now: Date;

function ingest() {
  const source = createHuggingFaceSource({ baseUrl: hf.url, retries: 1, sleep: async () => {} });
  return createIngest({ source, papers: store.papers, alerts: store.alerts, subscriptions: store.subscriptions, meta: store.meta, clock: { now: () => now } });
}

// Lists are fetched a few at a time, so they may reach the server in any order.
const fetchedDates = () => hf.requests.map((r) => r.query.date ?? `month ${r.query.month}`).sort();

beforeEach(async () => {
  hf = await startFakeHuggingFace({ dir: FIXTURES, today: '2026-06-30', days: { '2026-05-29': dailyItems('2026-05-29', 3) } });
  store = await memoryStore();
  now = new Date('2026-06-07T10:00:00Z');
});

afterEach(async () => {
  await store.close();
  await hf.close();
});

describe('ingest run', () => {
  it('stores one day and counts what it did', async () => {
    const report = await ingest().run({ date: '2026-06-03' });
    expect(report).toEqual({
      from: '2026-06-03',
      to: '2026-06-03',
      days: 1,
      fetches: 1,
      fetched: 11,
      inserted: 11,
      updated: 0,
      unchanged: 0,
      alertsQueued: 0,
    });
    expect(await store.papers.byDailyDates(['2026-06-03'])).toHaveLength(11);
  });

  it('is idempotent, and counts updates when upvotes move', async () => {
    await ingest().run({ date: '2026-06-03' });
    const again = await ingest().run({ date: '2026-06-03' });
    expect(again).toMatchObject({ fetched: 11, inserted: 0, updated: 0, unchanged: 11 });

    hf.setDay('2026-06-03', [dailyItem({ id: '2606.01234', date: '2026-06-03', title: 'Self-Correcting Agents via Execution Traces', upvotes: 150 })]);
    const moved = await ingest().run({ date: '2026-06-03' });
    expect(moved).toMatchObject({ fetched: 1, inserted: 0, updated: 1 });
    expect((await store.papers.get('2606.01234'))?.upvotes).toBe(150);
    expect(await store.papers.count()).toBe(11);
  });

  it('uses day lists for a week, weekend included, and reports progress per list', async () => {
    const progress: [number, number, string][] = [];
    const report = await ingest().run({ days: 7 }, (done, total, label) => progress.push([done, total, label]));
    expect(report).toMatchObject({ from: '2026-06-01', to: '2026-06-07', days: 7, fetches: 7, fetched: 41, inserted: 41 });
    expect(fetchedDates()).toEqual(['2026-06-01', '2026-06-02', '2026-06-03', '2026-06-04', '2026-06-05', '2026-06-06', '2026-06-07']);
    // Reported in the order of the days, whatever order the lists arrived in.
    expect(progress).toEqual(['01', '02', '03', '04', '05', '06', '07'].map((d, i) => [i + 1, 7, `2026-06-${d}`]));
    expect(await store.papers.dailyDates({})).toEqual(['2026-06-01', '2026-06-02', '2026-06-03', '2026-06-04', '2026-06-05']);
  });

  it('uses a month list for a long stretch and keeps only the days asked for', async () => {
    now = new Date('2026-06-30T12:00:00Z');
    const report = await ingest().run({ from: '2026-05-31', to: '2026-06-30' });
    expect(fetchedDates()).toEqual(['2026-05-31', 'month 2026-06']);
    expect(report).toMatchObject({ days: 31, fetches: 2, fetched: 41 });

    const partial = await ingest().run({ from: '2026-06-02', to: '2026-06-30' });
    expect(partial).toMatchObject({ fetches: 1, fetched: 33, inserted: 0 });
  });

  it.each([
    [{ date: '2026-13-01' }, '`2026-13-01` is not a date; use YYYY-MM-DD, e.g. `2026-06-03`.'],
    [{ date: '2026-06-08' }, '2026-06-08 is in the future (today is 2026-06-07 UTC); pick a day up to today, for example 2026-06-07.'],
    [{ from: '2026-06-05', to: '2026-06-01' }, 'The range starts after it ends (2026-06-05 is after 2026-06-01); give the earlier date first, for example from 2026-06-01 to 2026-06-05.'],
    [{ days: 0 }, 'The number of days must be a whole number from 1 to 3650, for example 7.'],
    [{ days: 2.5 }, 'The number of days must be a whole number from 1 to 3650, for example 7.'],
  ])('rejects %j with one sentence and asks nobody', async (plan, message) => {
    const error = await ingest().run(plan).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe(message);
    expect(hf.requests).toHaveLength(0);
  });

  it('writes nothing when any list is malformed', async () => {
    hf.fail({ path: 'date=2026-06-04', status: 200, body: JSON.stringify([{ paper: { id: '2606.1' }, publishedAt: '2026-06-04T00:00:00Z' }]) });
    const error = await ingest().run({ from: '2026-06-01', to: '2026-06-05' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as Error).message).toBe('Hugging Face sent a malformed response for daily_papers?date=2026-06-04: item 1 (2606.1) has no paper.title.');
    expect(await store.papers.count()).toBe(0);
  });

  it('writes nothing when Hugging Face keeps failing', async () => {
    hf.fail({ path: 'date=2026-06-05', status: 500, times: 5 });
    await expect(ingest().run({ days: 7 })).rejects.toThrow('Hugging Face answered 500 for daily_papers?date=2026-06-05 after 2 attempts.');
    expect(await store.papers.count()).toBe(0);
  });
});

describe('ingest refresh', () => {
  it('backfills an empty database through month lists', async () => {
    const report = await ingest().refresh(10);
    expect(fetchedDates()).toEqual(['month 2026-05', 'month 2026-06']);
    expect(report).toMatchObject({ from: '2026-05-29', to: '2026-06-07', fetches: 2, fetched: 3 + 41, inserted: 44 });
  });

  it('does nothing on an empty database when no backfill is wanted', async () => {
    expect(await ingest().refresh(0)).toMatchObject({ days: 0, fetches: 0, fetched: 0 });
    expect(hf.requests).toHaveLength(0);
  });

  it('re-polls from two days before the latest stored day to today', async () => {
    await ingest().run({ from: '2026-06-01', to: '2026-06-05' });
    hf.requests.length = 0;
    const report = await ingest().refresh(30);
    expect(fetchedDates()).toEqual(['2026-06-03', '2026-06-04', '2026-06-05', '2026-06-06', '2026-06-07']);
    expect(report).toMatchObject({ from: '2026-06-03', to: '2026-06-07', inserted: 0, unchanged: 26 });
  });
});

describe('alerts for new papers', () => {
  it('queues one alert per person and new matching paper, once', async () => {
    await store.subscriptions.add(ADA, 'speculative decoding', now);
    // The first fetch of an empty database sets the baseline: nothing there is news.
    const first = await ingest().run({ date: '2026-06-01' });
    expect(first.alertsQueued).toBe(0);

    const next = await ingest().run({ from: '2026-06-02', to: '2026-06-03' });
    expect(next.alertsQueued).toBe(2);
    expect((await store.alerts.pending(ADA)).map((a) => a.paperId).sort()).toEqual(['2606.00477', '2606.01570']);
    expect(await store.alerts.pending(ADA)).toContainEqual({ person: ADA, paperId: '2606.01570', topics: ['speculative decoding'] });

    const again = await ingest().run({ from: '2026-06-02', to: '2026-06-03' });
    expect(again.alertsQueued).toBe(0);
  });

  it('queues the alerts of papers an ingest stored and died before queueing, on the next ingest', async () => {
    await store.subscriptions.add(ADA, 'speculative decoding', now);
    await ingest().run({ date: '2026-06-01' });
    now = new Date('2026-06-07T10:01:00Z');
    const dying = createIngest({
      source: createHuggingFaceSource({ baseUrl: hf.url, retries: 1, sleep: async () => {} }),
      papers: store.papers,
      alerts: { ...store.alerts, enqueue: () => Promise.reject(new Error('the process died here')) },
      subscriptions: store.subscriptions,
      meta: store.meta,
      clock: { now: () => now },
    });
    await expect(dying.run({ from: '2026-06-02', to: '2026-06-03' })).rejects.toThrow('died');
    expect(await store.papers.byDailyDates(['2026-06-03'])).not.toEqual([]);
    expect(await store.alerts.pending(ADA)).toEqual([]);

    now = new Date('2026-06-07T10:05:00Z');
    const next = await ingest().run({ date: '2026-06-03' });
    expect(next).toMatchObject({ inserted: 0, alertsQueued: 2 });
    expect((await store.alerts.pending(ADA)).map((a) => a.paperId).sort()).toEqual(['2606.00477', '2606.01570']);
    // Owed once: the ingest after that queues nothing again.
    expect((await ingest().run({ date: '2026-06-03' })).alertsQueued).toBe(0);
  });

  it('does not alert on old days filled in by a backfill', async () => {
    await ingest().run({ date: '2026-06-01' });
    await store.subscriptions.add(ADA, 'robots', now);
    const backfill = await ingest().run({ date: '2025-03-14' });
    expect(backfill.inserted).toBeGreaterThan(0);
    expect(backfill.alertsQueued).toBe(0);
    expect(await store.alerts.pending(ADA)).toEqual([]);
  });
});
