import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAlertDelivery } from '../../src/core/alerts/deliver-alerts.js';
import { DeliveryError } from '../../src/core/errors.js';
import type { Reply } from '../../src/core/message.js';
import type { Paper } from '../../src/core/paper.js';
import type { PersonRef } from '../../src/core/ports.js';
import type { Store } from '../../src/store/index.js';
import { memoryStore } from '../helpers/memory-store.js';

const NOW = new Date('2026-06-03T10:00:00Z');
const ADA: PersonRef = { platform: 'discord', userId: '100' };
const BOB: PersonRef = { platform: 'discord', userId: '200' };
const CAM: PersonRef = { platform: 'slack', userId: 'U300' };

const paper = (id: string, title: string): Paper => ({
  id,
  title,
  summary: 'An abstract.',
  authors: ['Ada Lovelace'],
  upvotes: 3,
  numComments: 0,
  aiKeywords: [],
  publishedAt: '2026-06-02T00:00:00.000Z',
  dailyDate: '2026-06-03',
});

let store: Store;
let sent: { person: PersonRef; reply: Reply }[];

beforeEach(async () => {
  store = await memoryStore();
  sent = [];
  await store.papers.upsert([paper('2606.00001', 'One'), paper('2606.00002', 'Two')], 'daily', NOW);
  await store.alerts.enqueue(
    [
      { person: ADA, paperId: '2606.00001', topics: ['one'] },
      { person: ADA, paperId: '2606.00002', topics: ['two'] },
      { person: BOB, paperId: '2606.00001', topics: ['one'] },
      { person: CAM, paperId: '2606.00002', topics: ['two'] },
    ],
    NOW,
  );
});
afterEach(() => store.close());

const deliver = (send: (person: PersonRef, reply: Reply) => Promise<string | undefined>, options = {}) =>
  createAlertDelivery(store).deliver(send, NOW, options);

describe('alert delivery', () => {
  it('sends one bundle per person and never the same alert twice', async () => {
    const report = await deliver(async (person, reply) => {
      sent.push({ person, reply });
      return `m-${person.userId}`;
    });
    expect(report).toMatchObject({ people: 3, papers: 4, unreachable: 0, failures: [] });
    const ada = sent.find((s) => s.person.userId === '100')!;
    expect(ada.reply.blocks[0]).toEqual({ type: 'heading', text: '2 new papers on your topics' });
    const again = await deliver(async () => 'x');
    expect(again.people).toBe(0);
    expect(await store.alerts.counts(ADA)).toEqual({ pending: 0, delivered: 2 });
  });

  it('marks a person who cannot be messaged and keeps their alerts; others still get theirs', async () => {
    const report = await deliver(async (person) => {
      if (person.userId === '100') throw new DeliveryError('Cannot send messages to this user', 'person-unreachable', 50007);
      return 'ok';
    });
    expect(report).toMatchObject({ people: 2, unreachable: 1 });
    expect((await store.people.prefs(ADA)).unreachableSince).toBe(NOW.toISOString());
    expect(await store.alerts.counts(ADA)).toEqual({ pending: 2, delivered: 0 });
    // Skipped while unreachable, delivered once they are back.
    expect((await deliver(async () => 'ok')).people).toBe(0);
    await store.people.markReachable(ADA);
    expect((await deliver(async () => 'ok')).people).toBe(1);
  });

  it('keeps alerts queued after a transient failure and reports it', async () => {
    const failure = new DeliveryError('Discord answered 503', 'transient', 503);
    const report = await deliver(async (person) => {
      if (person.userId === '200') throw failure;
      return 'ok';
    });
    expect(report.failures).toEqual([{ person: BOB, error: failure }]);
    expect(await store.alerts.counts(BOB)).toEqual({ pending: 1, delivered: 0 });
    expect((await store.people.prefs(BOB)).unreachableSince).toBeUndefined();
  });

  it('leaves people in daily mode or with alerts off to their own schedule, and can serve one platform', async () => {
    await store.people.setAlertMode(ADA, 'daily', '08:00', 'Europe/Berlin');
    await store.people.setAlertMode(BOB, 'off');
    const report = await deliver(async (person) => (sent.push({ person, reply: { visibility: 'public', blocks: [] } }), 'ok'), { platform: 'slack' });
    expect(report.people).toBe(1);
    expect(sent.map((s) => s.person)).toEqual([CAM]);
    const daily = await deliver(async () => 'ok', { mode: 'daily' });
    expect(daily.people).toBe(1);
    expect(await store.alerts.counts(ADA)).toEqual({ pending: 0, delivered: 2 });
    expect(await store.alerts.counts(BOB)).toEqual({ pending: 1, delivered: 0 });
  });
});
