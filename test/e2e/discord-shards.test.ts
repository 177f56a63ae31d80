/**
 * Two Paperboy processes splitting the gateway's shards (DISCORD_SHARD_COUNT=2, DISCORD_SHARD_IDS
 * 0 and 1) against a fake gateway that routes each guild's events to its shard, as Discord does:
 * each process sees its own guilds, answers their commands and only theirs, and a digest due in
 * both guilds is posted once, whichever process's schedule runs it.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandServices } from '../../commands/services.js';
import { createDispatcher, type Dispatcher } from '../../commands/dispatch.js';
import { loadConfig } from '../../src/config.js';
import { platformContext } from '../../src/main.js';
import { createDiscordAdapter, type DiscordAdapter } from '../../src/platforms/discord/index.js';
import { createHuggingFaceSource } from '../../src/sources/hf/index.js';
import type { Store } from '../../src/store/index.js';
import { memoryStore } from '../helpers/memory-store.js';
import { berlinWeekdays, fakeHuggingFace, makeScheduler, testClock } from '../integration/scheduler-support.js';
import type { FakeHuggingFace } from '../fakes/hf-server.js';
import { run, str, textOf } from '../fakes/discord-drive.js';
import { guildShard, startFakeDiscord, type FakeChannel, type FakeDiscord, type FakeGuild, type FakeUser } from '../fakes/discord-server.js';

const EVEN: FakeGuild = { id: '100000000000000001', name: 'Shard Zero Lab', ownerId: '200000000000000009' };
const ODD: FakeGuild = { id: '100000000004194305', name: 'Shard One Lab', ownerId: '200000000000000009' };
const EVEN_CHANNEL: FakeChannel = { id: '300000000000000011', type: 0, name: 'papers', guildId: EVEN.id };
const ODD_CHANNEL: FakeChannel = { id: '300000000000000012', type: 0, name: 'papers', guildId: ODD.id };
const ADA: FakeUser = { id: '200000000000000001', username: 'ada' };

let discord: FakeDiscord;
let hf: FakeHuggingFace;
let store: Store;
const processes: { name: string; adapter: DiscordAdapter; handled: string[] }[] = [];

beforeAll(async () => {
  discord = await startFakeDiscord({ guilds: [EVEN, ODD], channels: [EVEN_CHANNEL, ODD_CHANNEL], users: [ADA], recommendedShards: 1 });
  hf = await fakeHuggingFace('2026-06-08', ['2026-06-04', '2026-06-05']);
  const clock = { now: () => new Date() };
  store = await memoryStore({ clock });
  const source = createHuggingFaceSource({ baseUrl: hf.url, retries: 0 });
  const services = createCommandServices({ ...store, source });
  for (const shard of ['0', '1']) {
    const config = loadConfig({
      DISCORD_TOKEN: discord.token,
      DISCORD_API_URL: discord.apiUrl,
      DATABASE_URL: ':memory:',
      DISCORD_SHARD_COUNT: '2',
      DISCORD_SHARD_IDS: shard,
    });
    const handled: string[] = [];
    const shared = createDispatcher(services);
    // Which process ran each command: its dispatcher keeps a note.
    const dispatcher: Dispatcher = {
      ...shared,
      dispatch: (request) => {
        handled.push(request.context.target?.workspaceId ?? 'dm');
        return shared.dispatch(request);
      },
    };
    const logger = pino({ level: 'silent' }, new Writable({ write: (_c, _e, done) => done() }));
    const adapter = createDiscordAdapter(platformContext({ config, logger, clock, services, store, dispatcher }), { register: false });
    await adapter.start();
    processes.push({ name: `shard ${shard}`, adapter, handled });
  }
});

afterAll(async () => {
  for (const { adapter } of processes) await adapter.stop();
  await discord.close();
  await hf.close();
  await store.close();
});

describe('two processes, one shard each', () => {
  it('identify as shards [0, 2] and [1, 2] and each sees only the guilds of its shard', () => {
    expect(guildShard(EVEN.id, 2)).toBe(0);
    expect(guildShard(ODD.id, 2)).toBe(1);
    expect([...discord.identified].sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(processes.map((p) => [...p.adapter.client!.guilds.cache.keys()])).toEqual([[EVEN.id], [ODD.id]]);
  });

  it("answers each guild's commands in the process holding its shard, once", async () => {
    const even = await run(discord, { user: ADA, channel: EVEN_CHANNEL }, 'subscribe', [str('topic', 'speculative decoding')]);
    const odd = await run(discord, { user: ADA, channel: ODD_CHANNEL }, 'subscribe', [str('topic', 'state space models')]);
    expect(textOf(even.message)).toContain('speculative decoding');
    expect(textOf(odd.message)).toContain('state space models');
    expect(processes.map((p) => p.handled)).toEqual([[EVEN.id], [ODD.id]]);
    expect((await store.subscriptions.list({ platform: 'discord', userId: ADA.id })).map((s) => s.topic)).toEqual([
      'speculative decoding',
      'state space models',
    ]);
  });

  it('posts a digest due in each guild exactly once, with both schedules running', async () => {
    const clock = testClock('2026-06-08T07:00:30Z');
    await store.digests.save(berlinWeekdays(EVEN_CHANNEL.id, '2026-06-01T00:00:00Z', { target: { platform: 'discord', channelId: EVEN_CHANNEL.id, workspaceId: EVEN.id } }));
    await store.digests.save(berlinWeekdays(ODD_CHANNEL.id, '2026-06-01T00:00:00Z', { target: { platform: 'discord', channelId: ODD_CHANNEL.id, workspaceId: ODD.id } }));
    const schedules = processes.map((p, i) => makeScheduler(store, hf, clock, [p.adapter], { owner: `host-${i}:1:${i}` }));
    await Promise.all(schedules.map((s) => s.pass()));
    await Promise.all(schedules.map((s) => s.pass()));
    expect(discord.messages.get(EVEN_CHANNEL.id)?.filter((m) => (m.embeds as unknown[]).length > 0)).toHaveLength(1);
    expect(discord.messages.get(ODD_CHANNEL.id)?.filter((m) => (m.embeds as unknown[]).length > 0)).toHaveLength(1);
  });
});
