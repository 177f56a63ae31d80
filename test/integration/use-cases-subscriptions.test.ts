import { beforeEach, describe, expect, it } from 'vitest';
import { memoryStore } from '../helpers/memory-store.js';
import type { Reply } from '../../src/core/message.js';
import type { PersonRef } from '../../src/core/ports.js';
import { createAlerts } from '../../src/core/use-cases/alerts.js';
import { createSubscriptions, MAX_TOPICS } from '../../src/core/use-cases/subscriptions.js';
import type { Store } from '../../src/store/index.js';

const NOW = new Date('2026-06-05T12:00:00Z');
const ada: PersonRef = { platform: 'slack', userId: 'U_ADA' };
const ben: PersonRef = { platform: 'slack', userId: 'U_BEN' };

let store: Store;

function text(reply: Reply): string {
  return reply.blocks.map((b) => ('text' in b ? b.text : '')).join('\n');
}

beforeEach(async () => {
  store = await memoryStore();
  return () => store.close();
});

describe('subscriptions use-case', () => {
  const topics = () => createSubscriptions(store);

  it('stores the topic as typed (trimmed) and lists it numbered', async () => {
    expect(text(await topics().subscribe(ada, '  "speculative decoding"  ', NOW))).toContain('Subscribed to "speculative decoding". You will get a direct message');
    await topics().subscribe(ada, 'author:"Tri Dao"', NOW);
    const list = text(await topics().list(ada));
    expect(list).toContain('1. "speculative decoding"');
    expect(list).toContain('2. author:"Tri Dao"');
    expect(text(await topics().list(ben))).toContain('You follow no topics yet. Try /papers subscribe');
  });

  it('answers a duplicate kindly, whatever its case', async () => {
    await topics().subscribe(ada, 'Diffusion', NOW);
    expect(text(await topics().subscribe(ada, 'diffusion', NOW))).toBe('You already follow "Diffusion"; nothing changed.');
    expect((await store.subscriptions.list(ada)).length).toBe(1);
  });

  it('refuses a topic that does not parse, and an empty one', async () => {
    await expect(topics().subscribe(ada, 'diffusion OR', NOW)).rejects.toThrow(/OR/);
    await expect(topics().subscribe(ada, '   ', NOW)).rejects.toThrow(/Say which topic/);
    expect(await store.subscriptions.list(ada)).toEqual([]);
  });

  it(`stops at ${MAX_TOPICS} topics`, async () => {
    for (let i = 0; i < MAX_TOPICS; i++) await topics().subscribe(ada, `topic${i}`, NOW);
    await expect(topics().subscribe(ada, 'one more', NOW)).rejects.toThrow(/already follow 25 topics/);
  });

  it('unsubscribes by number or by text, and says what went wrong otherwise', async () => {
    for (const t of ['alpha', 'beta', 'gamma']) await topics().subscribe(ada, t, NOW);
    expect(text(await topics().unsubscribe(ada, '2'))).toBe('Unsubscribed from "beta".');
    expect(text(await topics().unsubscribe(ada, 'GAMMA'))).toBe('Unsubscribed from "gamma".');
    expect(text(await topics().list(ada))).toContain('1. alpha');
    await expect(topics().unsubscribe(ada, '7')).rejects.toThrow('You have 1 topic, so pick a number from 1 to 1');
    await expect(topics().unsubscribe(ada, 'delta')).rejects.toThrow('You do not follow "delta"');
    await expect(topics().unsubscribe(ben, '1')).rejects.toThrow(/follow no topics yet/);
  });

  it('mentions when alerts are off, so a new topic is not a silent one', async () => {
    await store.people.setAlertMode(ada, 'off');
    expect(text(await topics().subscribe(ada, 'robots', NOW))).toContain('/papers alerts instant');
  });

  it('suggests the person’s own topics for autocomplete', async () => {
    await topics().subscribe(ada, 'diffusion distillation', NOW);
    await topics().subscribe(ada, 'robots', NOW);
    expect(await topics().suggest(ada, 'DIFF')).toEqual(['diffusion distillation']);
  });
});

describe('alerts use-case', () => {
  const alerts = () => createAlerts(store);

  it('switches between instant, daily and off, and remembers the daily time', async () => {
    expect(text(await alerts().set(ada, { mode: 'daily', time: '8:30', timezone: 'europe/berlin' }))).toContain(
      'at 08:30 Europe/Berlin',
    );
    expect((await store.people.prefs(ada)).mode).toBe('daily');
    expect(text(await alerts().set(ada, { mode: 'off' }))).toContain('Alerts are off');
    expect(text(await alerts().set(ada, { mode: 'daily' }))).toContain('at 08:30 Europe/Berlin');
    expect(text(await alerts().set(ada, { mode: 'instant' }))).toContain('as soon as');
  });

  it('refuses times, zones and modes that do not exist, naming ones that do', async () => {
    await expect(alerts().set(ada, { mode: 'daily', time: '24:00' })).rejects.toThrow(/HH:MM between 00:00 and 23:59/);
    await expect(alerts().set(ada, { mode: 'daily', time: '08:00', timezone: 'Berlin' })).rejects.toThrow(
      /Europe\/Berlin/,
    );
    await expect(alerts().set(ada, { mode: 'sometimes' })).rejects.toThrow(/instant, daily/);
    await expect(alerts().set(ada, { mode: 'instant', time: '08:00' })).rejects.toThrow(/only apply to daily/);
    expect((await store.people.prefs(ada)).mode).not.toBe('off');
  });
});
