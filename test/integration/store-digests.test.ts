import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eachEngine } from '../helpers/engines.js';
import type { Paper } from '../../src/core/paper.js';
import type { DigestSettings, TargetRef } from '../../src/core/ports.js';
import type { Store } from '../../src/store/index.js';

let store: Store;

const lab: TargetRef = { platform: 'discord', channelId: 'c-lab', workspaceId: 'g-1' };
const other: TargetRef = { platform: 'slack', channelId: 'C-OTHER', workspaceId: 'T-1' };

function paper(id: string): Paper {
  return { id, title: id, summary: '', authors: [], upvotes: 0, numComments: 0, aiKeywords: [], publishedAt: '2025-03-01T00:00:00.000Z', dailyDate: '2025-03-03' };
}

function settings(target: TargetRef, fields: Partial<DigestSettings> = {}): DigestSettings {
  return {
    target,
    kind: 'daily',
    time: '09:00',
    timezone: 'Europe/Berlin',
    weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
    top: 10,
    minUpvotes: 5,
    enabled: true,
    updatedBy: 'u-1',
    updatedAt: '2025-03-01T10:00:00.000Z',
    ...fields,
  };
}

eachEngine((engine) => {
  beforeEach(async () => {
    store = await engine.store();
    await store.papers.upsert(['p1', 'p2', 'p3', 'p4'].map(paper), 'daily', new Date('2025-03-03T08:00:00Z'));
  });
  afterEach(() => store.close());

  describe('digest settings', () => {
    it('are saved, replaced and read back', async () => {
      expect(await store.digests.settings(lab)).toBeUndefined();
      await store.digests.save(settings(lab, { topic: 'diffusion' }));
      expect(await store.digests.settings(lab)).toEqual(settings(lab, { topic: 'diffusion' }));
      const changed = settings(lab, { time: '07:15', weekdays: ['fri', 'mon', 'wed'], top: 3, minUpvotes: 0, updatedAt: '2025-03-02T10:00:00.000Z' });
      await store.digests.save(changed);
      expect(await store.digests.settings(lab)).toEqual({ ...changed, weekdays: ['mon', 'wed', 'fri'] });
    });

    it('can be disabled with a reason, which drops the target from the enabled list', async () => {
      await store.digests.save(settings(lab));
      await store.digests.save(settings(other));
      await store.digests.disable(lab, 'Missing Access', new Date('2025-03-04T00:00:00Z'));
      expect(await store.digests.settings(lab)).toMatchObject({ enabled: false, disabledReason: 'Missing Access', updatedAt: '2025-03-04T00:00:00.000Z' });
      expect((await store.digests.listEnabled()).map((s) => s.target.channelId)).toEqual(['C-OTHER']);
      await store.digests.save(settings(lab));
      expect(await store.digests.settings(lab)).toMatchObject({ enabled: true, disabledReason: undefined });
    });
  });

  describe('digest records', () => {
    it('remember the latest digest and what was posted where', async () => {
      expect(await store.digests.last(lab)).toBeUndefined();
      await store.digests.record({ target: lab, slot: '2025-03-03T08:00:00.000Z', coveredUntil: '2025-03-02', paperIds: ['p2', 'p1'], messageId: 'm-1', sentAt: '2025-03-03T08:00:02.000Z' });
      await store.digests.record({ target: lab, slot: '2025-03-04T08:00:00.000Z', coveredUntil: '2025-03-03', paperIds: ['p3'], messageId: 'm-2', sentAt: '2025-03-04T08:00:01.000Z' });
      await store.digests.record({ target: other, slot: '2025-03-05T08:00:00.000Z', coveredUntil: '2025-03-04', paperIds: ['p4'], sentAt: '2025-03-05T08:00:01.000Z' });

      expect(await store.digests.last(lab)).toEqual({
        target: lab,
        slot: '2025-03-04T08:00:00.000Z',
        coveredUntil: '2025-03-03',
        paperIds: ['p3'],
        messageId: 'm-2',
        sentAt: '2025-03-04T08:00:01.000Z',
      });
      expect(await store.digests.postedIds(lab, ['p1', 'p2', 'p3', 'p4'])).toEqual(new Set(['p1', 'p2', 'p3']));
      expect(await store.digests.postedIds(other, ['p1', 'p4'])).toEqual(new Set(['p4']));
      expect(await store.digests.postedIds(lab, [])).toEqual(new Set());
    });

    it('keep the order papers were posted in', async () => {
      await store.digests.record({ target: lab, slot: '2025-03-03T08:00:00.000Z', coveredUntil: '2025-03-02', paperIds: ['p3', 'p1', 'p4', 'p2'], sentAt: '2025-03-03T08:00:02.000Z' });
      expect((await store.digests.last(lab))?.paperIds).toEqual(['p3', 'p1', 'p4', 'p2']);
    });

    it('keeps one digest of each kind per channel, each with its own schedule, history and posted papers', async () => {
      await store.digests.save(settings(lab));
      await store.digests.save(settings(lab, { kind: 'weekly', weekdays: ['mon'], top: 5 }));
      await store.digests.save(settings(lab, { kind: 'trending', time: '17:00' }));
      await store.digests.save(settings(lab, { kind: 'weekly', weekdays: ['fri'], top: 5 }));
      expect((await store.digests.ofChannel(lab)).map((s) => [s.kind, s.weekdays.join(','), s.time])).toEqual([
        ['daily', 'mon,tue,wed,thu,fri', '09:00'],
        ['weekly', 'fri', '09:00'],
        ['trending', 'mon,tue,wed,thu,fri', '17:00'],
      ]);
      // The same slot time, two kinds: both are recorded, neither hides the other.
      const slot = '2025-03-03T08:00:00.000Z';
      await store.digests.record({ target: lab, slot, coveredUntil: '2025-03-02', paperIds: ['p1'], sentAt: slot });
      await store.digests.record({ target: lab, kind: 'weekly', slot, coveredUntil: '2025-03-02', paperIds: ['p2'], sentAt: slot });
      expect((await store.digests.last(lab))?.paperIds).toEqual(['p1']);
      expect((await store.digests.last(lab, 'weekly'))?.paperIds).toEqual(['p2']);
      expect(await store.digests.last(lab, 'trending')).toBeUndefined();
      expect(await store.digests.postedIds(lab, ['p1', 'p2'], 'weekly')).toEqual(new Set(['p2']));
      await store.digests.disable(lab, 'turned off', new Date('2025-03-04T00:00:00Z'), 'weekly');
      expect((await store.digests.listEnabled()).map((s) => s.kind)).toEqual(['daily', 'trending']);
      // A channel that is gone loses every kind.
      await store.digests.disable(lab, 'gone', new Date('2025-03-04T00:00:00Z'));
      expect(await store.digests.listEnabled()).toEqual([]);
    });

    it('recording the same slot twice keeps one digest', async () => {
      const record = { target: lab, slot: '2025-03-03T08:00:00.000Z', coveredUntil: '2025-03-02', paperIds: ['p1'], messageId: 'm-1', sentAt: '2025-03-03T08:00:02.000Z' };
      await store.digests.record(record);
      await store.digests.record({ ...record, paperIds: ['p1', 'p2'] });
      expect((await store.digests.last(lab))?.paperIds).toEqual(['p1', 'p2']);
    });
  });
});
