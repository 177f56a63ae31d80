import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_ONLY } from '../../src/core/use-cases/digest.js';
import { ALICE, ANNOUNCEMENTS, BOB, GENERAL, makePaper, startHarness, type Harness } from '../fakes/discord-harness.js';
import { buttons, channel, followUps, int, readable, run, str, textOf, waitFollowUps } from '../fakes/discord-drive.js';
import { MANAGER_PERMISSIONS, type InvocationSpec } from '../fakes/discord-server.js';

let h: Harness;
const alice: InvocationSpec = { user: ALICE, channel: GENERAL };
const manager: InvocationSpec = { user: BOB, channel: GENERAL, permissions: MANAGER_PERMISSIONS };
const long = 'Long abstract sentence about speculative decoding and its many variants. '.repeat(80).trim();

beforeAll(async () => {
  h = await startHarness({
    papers: [
      makePaper({ id: '2606.00001', title: 'Speculative Decoding at Scale', upvotes: 120, summary: long, githubRepo: 'https://github.com/example/spec', dailyDate: '2026-06-03' }),
      makePaper({ id: '2606.00002', title: 'Diffusion Distillation Made Simple', upvotes: 80, dailyDate: '2026-06-03' }),
    ],
  });
});
afterAll(() => h.close());

describe('Discord /papers subcommands', () => {
  it('search: deferred, ephemeral, one embed per result with a Share button each', async () => {
    const answer = await run(h.discord, alice, 'search', [str('query', 'speculative decoding')]);
    expect(Number((answer.callback.body as { type: number }).type)).toBe(5);
    expect(answer.ephemeral).toBe(true);
    expect(answer.message.content).toContain('1 result for');
    const embeds = answer.message.embeds as { title: string; url: string }[];
    expect(embeds).toHaveLength(1);
    expect(embeds[0]!.title).toBe('1. Speculative Decoding at Scale');
    expect(embeds[0]!.url).toBe('https://huggingface.co/papers/2606.00001');
    expect(textOf(answer.message)).toContain('[Code](https://github.com/example/spec)');
    expect(buttons(answer.message)).toEqual([{ label: 'Share to channel', customId: 'pb:share:2606.00001', disabled: false }]);
    expect(answer.message.allowed_mentions).toEqual({ parse: [] });
  });

  it('today: the latest day, ephemeral', async () => {
    const answer = await run(h.discord, alice, 'today');
    expect(answer.ephemeral).toBe(true);
    const titles = (answer.message.embeds as { title: string }[]).map((e) => e.title);
    expect(titles).toEqual(['1. Speculative Decoding at Scale', '2. Diffusion Distillation Made Simple']);
  });

  it('paper: the whole abstract, split across embeds and messages, with a Share button', async () => {
    const answer = await run(h.discord, alice, 'paper', [str('id', 'https://huggingface.co/papers/2606.00001')]);
    expect(answer.ephemeral).toBe(true);
    const more = await waitFollowUps(h.discord, answer.token, 1);
    const all = [answer.message, ...more];
    const text = all.map(textOf).join('\n').replace(/\s+/g, ' ');
    // Every sentence of the abstract arrives, nothing cut.
    expect(text.split('Long abstract sentence').length - 1).toBe(80);
    expect(all.flatMap(buttons).map((b) => b.customId)).toEqual(['pb:share:2606.00001']);
    for (const m of more) expect(Number(m.flags ?? 0) & 64).toBe(64);
  });

  it('subscribe, subscriptions, unsubscribe by number', async () => {
    const sub = await run(h.discord, alice, 'subscribe', [str('topic', 'author:"Tri Dao"')]);
    expect(sub.ephemeral).toBe(true);
    expect(Number((sub.callback.body as { type: number }).type)).toBe(4);
    expect(readable(sub.message.content)).toContain('Subscribed to author:"Tri Dao"');
    await run(h.discord, alice, 'subscribe', [str('topic', 'speculative decoding')]);
    const list = await run(h.discord, alice, 'subscriptions');
    expect(readable(list.message.content)).toMatch(/1\. author:"Tri Dao"\n2\. speculative decoding/);
    const un = await run(h.discord, alice, 'unsubscribe', [str('topic', '1')]);
    expect(readable(un.message.content)).toContain('Unsubscribed from author:"Tri Dao"');
    expect(await h.store.subscriptions.list({ platform: 'discord', userId: ALICE.id })).toHaveLength(1);
  });

  it('alerts: a choice and a refusal with a sentence that says what would work', async () => {
    const ok = await run(h.discord, alice, 'alerts', [str('mode', 'daily'), str('time', '08:00'), str('timezone', 'Europe/Berlin')]);
    expect(ok.message.content).toMatch(/08:00/);
    expect((await h.store.people.prefs({ platform: 'discord', userId: ALICE.id })).mode).toBe('daily');
    const bad = await run(h.discord, alice, 'alerts', [str('mode', 'daily'), str('time', '25:00')]);
    expect(bad.ephemeral).toBe(true);
    expect(readable(bad.message.content)).toContain('is not a time of day; use HH:MM');
  });

  it('digest set by a member is refused on the server side, whatever Discord shows', async () => {
    const answer = await run(h.discord, alice, 'digest set', [str('time', '09:00')]);
    expect(answer.ephemeral).toBe(true);
    expect(readable(answer.message.content)).toBe(`❌ ${ADMIN_ONLY}`);
    expect(await h.store.digests.settings({ platform: 'discord', channelId: GENERAL.id, workspaceId: GENERAL.guildId })).toBeUndefined();
  });

  it('digest set by a server manager, for another channel given as an option; show; off', async () => {
    const set = await run(h.discord, manager, 'digest set', [
      str('time', '09:30'),
      str('timezone', 'Europe/Berlin'),
      int('top', 5),
      channel('channel', ANNOUNCEMENTS.id),
    ]);
    expect(set.message.content).toContain(`for channel ${ANNOUNCEMENTS.id} is set`);
    const target = { platform: 'discord' as const, channelId: ANNOUNCEMENTS.id, workspaceId: ANNOUNCEMENTS.guildId };
    const saved = await h.store.digests.settings(target);
    expect(saved).toMatchObject({ time: '09:30', timezone: 'Europe/Berlin', top: 5, enabled: true });
    const here = await run(h.discord, manager, 'digest set', [int('min_upvotes', 3)]);
    expect(here.message.content).toContain('for this channel is set');
    const show = await run(h.discord, alice, 'digest show');
    expect(show.message.content).toContain('Digest here: the top 10 papers with at least 3 upvotes');
    const off = await run(h.discord, manager, 'digest off');
    expect(off.message.content).toContain('The digest for this channel is off');
  });

  it('digest preview: deferred, private, the would-be digest', async () => {
    const answer = await run(h.discord, alice, 'digest preview');
    expect(answer.ephemeral).toBe(true);
    expect(textOf(answer.message)).toMatch(/Preview: only you see this|would be empty/);
  });

  it('ADMIN_USER_IDS may configure without any Discord permission', async () => {
    const local = await startHarness({ adminIds: [ALICE.id], adapter: { register: false } });
    try {
      const answer = await run(local.discord, alice, 'digest set', [str('weekdays', 'mon,wed,fri')]);
      expect(answer.message.content).toContain('is set');
    } finally {
      await local.close();
    }
  });

  it('help: usage with examples, within the content limit', async () => {
    const answer = await run(h.discord, alice, 'help');
    const all = [answer.message, ...followUps(h.discord, answer.token)];
    expect(all.map(textOf).join('\n')).toContain('/papers search');
    for (const m of all) expect(String(m.content ?? '').length).toBeLessThanOrEqual(2000);
  });

  it('a command in a DM works for personal commands and explains digests belong to channels', async () => {
    const dm = { id: '400000000000000001', type: 1, recipientId: ALICE.id };
    h.discord.channels.set(dm.id, dm);
    const list = await run(h.discord, { user: ALICE, channel: dm }, 'subscriptions');
    expect(list.message.content).toContain('speculative decoding');
    const digest = await run(h.discord, { user: ALICE, channel: dm }, 'digest show');
    expect(digest.message.content).toMatch(/No digest here yet|Digest/);
  });

  it('every message sent in this file parsed no mentions', () => {
    const bodies = h.discord.calls.flatMap((c) => {
      const body = c.body as { type?: number; data?: Record<string, unknown> } & Record<string, unknown>;
      if (c.path.endsWith('/callback')) return body.type === 4 || body.type === 7 ? [body.data!] : [];
      if (c.method === 'PATCH' || (c.method === 'POST' && (c.path.startsWith('/webhooks/') || c.path.endsWith('/messages')))) return [body];
      return [];
    });
    expect(bodies.length).toBeGreaterThan(15);
    for (const body of bodies) expect(body.allowed_mentions).toEqual({ parse: [] });
  });
});
