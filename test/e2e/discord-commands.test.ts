import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/**
 * What only Discord does with /papers: interactions answered at once or deferred as the command
 * tree declares, embeds, follow-ups, options Discord types (a channel), DMs. What every platform
 * does is in the chat contract (test/contract/).
 */
describe('Discord /papers subcommands', () => {
  it('answers quick commands at once, defers what the tree declares slow, and renders results as embeds with Share buttons', async () => {
    const answer = await run(h.discord, alice, 'search', [str('query', 'speculative decoding')]);
    expect(Number((answer.callback.body as { type: number }).type)).toBe(5);
    expect(answer.ephemeral).toBe(true);
    expect(answer.message.content).toContain('1 result for');
    const embeds = answer.message.embeds as { title: string; url: string }[];
    expect(embeds).toHaveLength(1);
    expect(embeds[0]!.title).toBe('1. Speculative Decoding at Scale');
    expect(embeds[0]!.url).toBe('https://huggingface.co/papers/2606.00001');
    expect(textOf(answer.message)).toContain('[Code](https://github.com/example/spec)');
    expect(buttons(answer.message)).toEqual([
      { label: 'Share to channel', customId: 'pb:share:2606.00001', disabled: false },
      { label: '👍', customId: 'pb:run:like 2606.00001', disabled: false },
      { label: '👎', customId: 'pb:run:dislike 2606.00001', disabled: false },
    ]);
    expect(answer.message.allowed_mentions).toEqual({ parse: [] });
    const preview = await run(h.discord, alice, 'digest preview');
    expect(Number((preview.callback.body as { type: number }).type)).toBe(5);
    expect(preview.ephemeral).toBe(true);
    const quick = await run(h.discord, alice, 'subscribe', [str('topic', 'author:"Tri Dao"')]);
    expect(Number((quick.callback.body as { type: number }).type)).toBe(4);
    expect(quick.ephemeral).toBe(true);
    expect(readable(quick.message.content)).toContain('Subscribed to author:"Tri Dao"');
  });

  it('paper: the whole abstract, split across embeds and messages, with Share and More like this buttons', async () => {
    const answer = await run(h.discord, alice, 'paper', [str('id', 'https://huggingface.co/papers/2606.00001')]);
    expect(answer.ephemeral).toBe(true);
    const more = await waitFollowUps(h.discord, answer.token, 1);
    const all = [answer.message, ...more];
    const text = all.map(textOf).join('\n').replace(/\s+/g, ' ');
    // Every sentence of the abstract arrives, nothing cut.
    expect(text.split('Long abstract sentence').length - 1).toBe(80);
    expect(all.flatMap(buttons).map((b) => [b.label, b.customId])).toEqual([
      ['Share to channel', 'pb:share:2606.00001'],
      ['👍', 'pb:run:like 2606.00001'],
      ['👎', 'pb:run:dislike 2606.00001'],
      ['More like this', 'pb:run:similar 2606.00001'],
    ]);
    for (const m of more) expect(Number(m.flags ?? 0) & 64).toBe(64);
  });

  it('digest set by a server manager for another channel, given as a channel option', async () => {
    const set = await run(h.discord, manager, 'digest set', [
      str('time', '09:30'),
      str('timezone', 'Europe/Berlin'),
      int('top', 5),
      channel('channel', ANNOUNCEMENTS.id),
    ]);
    expect(set.message.content).toContain(`for channel ${ANNOUNCEMENTS.id} is set`);
    const target = { platform: 'discord' as const, channelId: ANNOUNCEMENTS.id, workspaceId: ANNOUNCEMENTS.guildId };
    expect(await h.store.digests.settings(target)).toMatchObject({ time: '09:30', timezone: 'Europe/Berlin', top: 5, enabled: true });
    expect(await h.store.digests.settings({ platform: 'discord', channelId: GENERAL.id })).toBeUndefined();
  });

  it('new options in the registered order: subscribe min_upvotes, watch id, digest kind as a choice after channel; and and one of each kind set, shown and turned off', async () => {
    type Option = { name: string; type: number; options?: Option[]; choices?: { name: string; value: string }[] };
    const papers = [...h.discord.commands.values()][0]![0] as unknown as Option;
    const digest = papers.options!.find((o) => o.name === 'digest')!;
    const names = (sub: string) => digest.options!.find((o) => o.name === sub)!.options!.map((o) => o.name);
    expect(names('set')).toEqual(['time', 'timezone', 'top', 'min_upvotes', 'topic', 'weekdays', 'channel', 'kind']);
    for (const sub of ['off', 'show', 'preview']) expect(names(sub)).toEqual(['kind']);
    const top = (name: string) => papers.options!.find((o) => o.name === name)!.options!.map((o) => o.name);
    expect(top('subscribe')).toEqual(['topic', 'min_upvotes']);
    for (const sub of ['similar', 'watch', 'unwatch']) expect(top(sub)).toEqual(['id']);
    const kind = digest.options!.find((o) => o.name === 'set')!.options!.at(-1)!;
    expect(kind.type).toBe(3);
    expect(kind.choices!.map((c) => c.value)).toEqual(['daily', 'weekly', 'trending']);

    const set = await run(h.discord, manager, 'digest set', [str('time', '08:00'), str('weekdays', 'mon'), str('kind', 'weekly')]);
    expect(set.message.content).toContain('Weekly digest for this channel is set: the top 10 papers of the seven days before');
    const shown = await run(h.discord, alice, 'digest show', [str('kind', 'weekly')]);
    expect(shown.message.content).toContain('Weekly digest here');
    const off = await run(h.discord, manager, 'digest off', [str('kind', 'weekly')]);
    expect(off.message.content).toContain('Weekly digest for this channel is off');
    const target = { platform: 'discord' as const, channelId: GENERAL.id };
    expect(await h.store.digests.settings(target, 'weekly')).toMatchObject({ enabled: false, time: '08:00', weekdays: ['mon'] });
    expect(await h.store.digests.settings(target)).toBeUndefined();
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
    expect(readable(list.message.content)).toContain('author:"Tri Dao"');
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
    expect(bodies.length).toBeGreaterThan(8);
    for (const body of bodies) expect(body.allowed_mentions).toEqual({ parse: [] });
  });
});
