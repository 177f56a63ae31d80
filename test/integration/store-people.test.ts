import { eachEngine } from '../helpers/engines.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Paper } from '../../src/core/paper.js';
import type { PersonRef } from '../../src/core/ports.js';
import type { Store } from '../../src/store/index.js';

let store: Store;
const CLOCK = new Date('2025-03-03T12:00:00.000Z');

const ada: PersonRef = { platform: 'discord', userId: '111' };
const adaOnSlack: PersonRef = { platform: 'slack', userId: '111' };
const bob: PersonRef = { platform: 'discord', userId: '222' };
const at = (minute: number) => new Date(Date.UTC(2025, 2, 3, 9, minute));

function paper(id: string): Paper {
  return { id, title: `Paper ${id}`, summary: '', authors: [], upvotes: 0, numComments: 0, aiKeywords: [], publishedAt: '2025-03-01T00:00:00.000Z' };
}

/** Sends a person's pending alerts the way the scheduler does: claim them, then complete the claim. */
async function deliverPending(person: PersonRef, messageId: string | undefined, when: Date): Promise<void> {
  const taken = await store.alerts.claimPending(person, { slot: when.toISOString(), owner: 'test', leaseUntil: new Date(when.getTime() + 60_000), at: when });
  if (!taken) throw new Error('nothing was pending');
  expect(await store.claims.complete(taken.claim.id, 'test', messageId, when)).toBe(true);
}

eachEngine((engine) => {
  beforeEach(async () => {
    store = await engine.store({ clock: { now: () => CLOCK } });
  });
  afterEach(() => store.close());

  describe('subscriptions', () => {
    it('adds topics once per person, compared case-insensitively, and lists them oldest first', async () => {
      expect(await store.subscriptions.add(ada, '  Speculative Decoding ', at(1))).toBe(true);
      expect(await store.subscriptions.add(ada, 'speculative decoding', at(2))).toBe(false);
      expect(await store.subscriptions.add(ada, 'author:"Zoë Ångström"', at(3))).toBe(true);
      expect(await store.subscriptions.add(ada, 'AUTHOR:"ZOË ÅNGSTRÖM"', at(4))).toBe(false);
      expect(await store.subscriptions.add(bob, 'speculative decoding', at(5))).toBe(true);
      expect(await store.subscriptions.add(adaOnSlack, 'speculative decoding', at(6))).toBe(true);

      const list = await store.subscriptions.list(ada);
      expect(list.map((s) => s.topic)).toEqual(['Speculative Decoding', 'author:"Zoë Ångström"']);
      expect(list[0]).toMatchObject({ person: ada, createdAt: at(1).toISOString() });
      expect(await store.subscriptions.all()).toHaveLength(4);
    });

    it('removes by topic in any case and says what was removed', async () => {
      await store.subscriptions.add(ada, 'Diffusion', at(1));
      await store.subscriptions.add(ada, 'mamba', at(2));
      expect(await store.subscriptions.remove(ada, 'DIFFUSION')).toBe('Diffusion');
      expect(await store.subscriptions.remove(ada, 'diffusion')).toBeUndefined();
      expect(await store.subscriptions.remove(bob, 'mamba')).toBeUndefined();
      expect((await store.subscriptions.list(ada)).map((s) => s.topic)).toEqual(['mamba']);
    });
  });

  describe('people', () => {
    it('start with instant alerts at 09:00 UTC', async () => {
      expect(await store.people.prefs(ada)).toEqual({ mode: 'instant', time: '09:00', timezone: 'UTC', forYou: 'off' });
    });

    it('keep the alert mode, time and zone they choose', async () => {
      expect(await store.people.setAlertMode(ada, 'daily', '18:30', 'Europe/Berlin')).toMatchObject({
        mode: 'daily',
        time: '18:30',
        timezone: 'Europe/Berlin',
      });
      expect(await store.people.setAlertMode(ada, 'off')).toMatchObject({ mode: 'off', time: '18:30', timezone: 'Europe/Berlin' });
      expect((await store.people.prefs(bob)).mode).toBe('instant');
    });

    it('are marked unreachable until they use a command again, keeping their DM channel', async () => {
      await store.people.setDmChannel(ada, 'dm-1');
      await store.people.markUnreachable(ada, 'Discord 50007', at(0));
      expect(await store.people.prefs(ada)).toMatchObject({
        unreachableSince: at(0).toISOString(),
        unreachableReason: 'Discord 50007',
        dmChannelId: 'dm-1',
      });
      await store.people.markReachable(ada);
      await store.people.markReachable(bob);
      const prefs = await store.people.prefs(ada);
      expect(prefs.unreachableSince).toBeUndefined();
      expect(prefs.unreachableReason).toBeUndefined();
      expect(prefs.dmChannelId).toBe('dm-1');
    });
  });

  describe('alerts', () => {
    beforeEach(async () => {
      await store.papers.upsert(['p1', 'p2', 'p3'].map(paper), 'daily', at(0));
    });

    it('queue each (person, paper) once, merging the topics that matched', async () => {
      expect(
        await store.alerts.enqueue(
          [
            { person: ada, paperId: 'p1', topics: ['diffusion'] },
            { person: ada, paperId: 'p1', topics: ['video'] },
            { person: bob, paperId: 'p1', topics: ['diffusion'] },
          ],
          at(1),
        ),
      ).toBe(2);
      expect(await store.alerts.enqueue([{ person: ada, paperId: 'p1', topics: ['other'] }], at(2))).toBe(0);
      expect(await store.alerts.pending(ada)).toEqual([{ person: ada, paperId: 'p1', topics: ['diffusion', 'video'] }]);
      expect(await store.alerts.pending()).toHaveLength(2);
    });

    it('are delivered at most once: a delivered pair is never queued or delivered again', async () => {
      await store.alerts.enqueue(
        [
          { person: ada, paperId: 'p1', topics: ['t'] },
          { person: ada, paperId: 'p2', topics: ['t'] },
        ],
        at(1),
      );
      await deliverPending(ada, 'msg-1', at(2));
      expect(await store.alerts.pending(ada)).toEqual([]);
      expect(await store.alerts.counts(ada)).toEqual({ pending: 0, delivered: 2 });

      expect(await store.alerts.enqueue([{ person: ada, paperId: 'p1', topics: ['t'] }, { person: ada, paperId: 'p3', topics: ['t'] }], at(3))).toBe(1);
      expect(await store.alerts.counts(ada)).toEqual({ pending: 1, delivered: 2 });
      await deliverPending(ada, undefined, at(4));
      expect(await store.alerts.counts(ada)).toEqual({ pending: 0, delivered: 3 });
      expect(await store.alerts.counts(bob)).toEqual({ pending: 0, delivered: 0 });
    });

    it('keep people on different platforms apart', async () => {
      await store.alerts.enqueue([{ person: ada, paperId: 'p1', topics: ['t'] }, { person: adaOnSlack, paperId: 'p1', topics: ['t'] }], at(1));
      await deliverPending(ada, 'm', at(2));
      expect(await store.alerts.pending()).toEqual([{ person: adaOnSlack, paperId: 'p1', topics: ['t'] }]);
    });
  });
});
