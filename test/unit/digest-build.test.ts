import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryStore } from '../helpers/memory-store.js';
import { buildDigest } from '../../src/core/digest/build-digest.js';
import { UserError } from '../../src/core/errors.js';
import type { Paper } from '../../src/core/paper.js';
import type { TargetRef } from '../../src/core/ports.js';
import type { Store } from '../../src/store/index.js';

const channel: TargetRef = { platform: 'discord', channelId: 'c1', workspaceId: 'g1' };
const settings = { top: 10, minUpvotes: 0 };

function paper(id: string, dailyDate: string, upvotes: number, title = `Paper ${id}`): Paper {
  return {
    id,
    title,
    summary: 'An abstract.',
    authors: ['Ada Lovelace'],
    upvotes,
    numComments: 0,
    aiKeywords: [],
    publishedAt: `${dailyDate}T00:00:00.000Z`,
    dailyDate,
  };
}

// June 2026: Mon 1 … Fri 5, weekend 6–7, Mon 8. Nothing on Thu 4.
const papers = [
  paper('2606.00011', '2026-06-01', 5),
  paper('2606.00021', '2026-06-02', 30, 'Video Diffusion Distillation'),
  paper('2606.00022', '2026-06-02', 12, 'Speculative Decoding'),
  paper('2606.00023', '2026-06-02', 2, 'Image Diffusion'),
  paper('2606.00031', '2026-06-03', 8),
  paper('2606.00051', '2026-06-05', 50),
  paper('2606.00052', '2026-06-05', 8),
  paper('2606.00081', '2026-06-08', 99),
];

let store: Store;

beforeEach(async () => {
  store = await memoryStore();
  await store.papers.upsert(papers, 'daily', new Date('2026-06-08T12:00:00Z'));
});

afterEach(async () => {
  await store.close();
});

const ids = (result: { papers: Paper[] }) => result.papers.map((p) => p.id);

describe('buildDigest', () => {
  it('without a slot or date, shows the latest day that has papers', async () => {
    const result = await buildDigest(store, { settings });
    expect(result.dates).toEqual(['2026-06-08']);
    expect(ids(result)).toEqual(['2606.00081']);
  });

  it('with a date, shows exactly that day, ranked by upvotes', async () => {
    const result = await buildDigest(store, { settings, date: '2026-06-02' });
    expect(result).toMatchObject({ dates: ['2026-06-02'], coveredUntil: '2026-06-02', considered: 3 });
    expect(ids(result)).toEqual(['2606.00021', '2606.00022', '2606.00023']);
  });

  it('keeps the top N and counts what it chose from', async () => {
    const result = await buildDigest(store, { settings: { top: 2, minUpvotes: 0 }, date: '2026-06-02' });
    expect(ids(result)).toEqual(['2606.00021', '2606.00022']);
    expect(result.considered).toBe(3);
  });

  it('drops papers under the minimum upvotes and outside the topic', async () => {
    const result = await buildDigest(store, {
      settings: { top: 10, minUpvotes: 3, topic: 'diffusion OR decoding -video' },
      date: '2026-06-02',
    });
    expect(ids(result)).toEqual(['2606.00022']);
    expect(result.considered).toBe(1);
  });

  it("a target's first digest covers only the most recent complete day", async () => {
    const result = await buildDigest(store, { target: channel, settings, slot: new Date('2026-06-03T09:00:00Z') });
    expect(result.dates).toEqual(['2026-06-02']);
    expect(result.coveredUntil).toBe('2026-06-02');
  });

  it('after a weekend, catches up every day since the previous digest but not the day in progress', async () => {
    await store.digests.record({
      target: channel,
      slot: '2026-06-03T09:00:00.000Z',
      coveredUntil: '2026-06-02',
      paperIds: ['2606.00021', '2606.00022'],
      sentAt: '2026-06-03T09:00:01.000Z',
    });
    const result = await buildDigest(store, { target: channel, settings, slot: new Date('2026-06-08T09:00:00Z') });
    expect(result.dates).toEqual(['2026-06-03', '2026-06-05']);
    expect(ids(result)).toEqual(['2606.00051', '2606.00052', '2606.00031']);
    expect(result.coveredUntil).toBe('2026-06-05');
  });

  it('finds nothing new when everything complete was covered', async () => {
    await store.digests.record({
      target: channel,
      slot: '2026-06-06T09:00:00.000Z',
      coveredUntil: '2026-06-05',
      paperIds: ['2606.00051'],
      sentAt: '2026-06-06T09:00:01.000Z',
    });
    const result = await buildDigest(store, { target: channel, settings, slot: new Date('2026-06-07T09:00:00Z') });
    expect(result).toEqual({ kind: 'daily', dates: [], papers: [], considered: 0 });
  });

  it('never repeats a paper already posted to the target, but other channels still get it', async () => {
    await store.digests.record({
      target: channel,
      slot: '2026-06-03T09:00:00.000Z',
      coveredUntil: '2026-06-02',
      paperIds: ['2606.00021'],
      sentAt: '2026-06-03T09:00:01.000Z',
    });
    const again = await buildDigest(store, { target: channel, settings, date: '2026-06-02' });
    expect(ids(again)).toEqual(['2606.00022', '2606.00023']);
    const elsewhere = await buildDigest(store, {
      target: { platform: 'slack', channelId: 'C9' },
      settings,
      date: '2026-06-02',
    });
    expect(ids(elsewhere)).toEqual(['2606.00021', '2606.00022', '2606.00023']);
  });

  it('reports a topic or date that does not parse as a UserError', async () => {
    await expect(buildDigest(store, { settings: { ...settings, topic: 'a OR' } })).rejects.toThrow(UserError);
    await expect(buildDigest(store, { settings, date: '06/02/2026' })).rejects.toThrow(/YYYY-MM-DD/);
  });

  it('a weekly digest covers the seven UTC days before its slot, ranked, even with no earlier digest', async () => {
    const weekly = { ...settings, kind: 'weekly' as const, top: 3 };
    // Slot Mon 8 Jun: Mon 1 to Sun 7; the 8th is not complete and is left out.
    const first = await buildDigest(store, { target: channel, settings: weekly, slot: new Date('2026-06-08T09:00:00Z') });
    expect(first.dates).toEqual(['2026-06-01', '2026-06-02', '2026-06-03', '2026-06-04', '2026-06-05', '2026-06-06', '2026-06-07']);
    expect(ids(first)).toEqual(['2606.00051', '2606.00021', '2606.00022']);
    expect(first.considered).toBe(7);
    // What the daily digest posted does not keep it from the week's round-up; what a weekly one posted does.
    await store.digests.record({ target: channel, slot: '2026-06-03T09:00:00.000Z', coveredUntil: '2026-06-02', paperIds: ['2606.00021'], sentAt: '2026-06-03T09:00:01.000Z' });
    await store.digests.record({ target: channel, kind: 'weekly', slot: '2026-06-06T09:00:00.000Z', coveredUntil: '2026-06-05', paperIds: ['2606.00051'], sentAt: '2026-06-06T09:00:01.000Z' });
    const next = await buildDigest(store, { target: channel, settings: weekly, slot: new Date('2026-06-08T09:00:00Z') });
    expect(ids(next)).toEqual(['2606.00021', '2606.00022', '2606.00052']);
    // A week without any paper stored is nothing to post.
    expect((await buildDigest(store, { target: channel, settings: weekly, slot: new Date('2026-05-20T09:00:00Z') })).papers).toEqual([]);
  });

  it("a trending digest keeps Hugging Face's order, filtered like any digest and never repeating its own posts", async () => {
    const list = [papers[2]!, papers[7]!, papers[0]!, papers[5]!];
    const trending = async () => list;
    const kind = { ...settings, kind: 'trending' as const, minUpvotes: 6 };
    const result = await buildDigest({ ...store, trending }, { target: channel, settings: kind, slot: new Date('2026-06-08T17:00:00Z') });
    expect(ids(result)).toEqual(['2606.00022', '2606.00081', '2606.00051']);
    expect(result.dates).toEqual(['2026-06-08']);
    await store.digests.record({ target: channel, kind: 'trending', slot: '2026-06-07T17:00:00.000Z', coveredUntil: '2026-06-07', paperIds: ['2606.00081'], sentAt: '2026-06-07T17:00:01.000Z' });
    const later = await buildDigest({ ...store, trending }, { target: channel, settings: kind, slot: new Date('2026-06-08T17:00:00Z') });
    expect(ids(later)).toEqual(['2606.00022', '2606.00051']);
  });
});
