import { afterEach, describe, expect, it } from 'vitest';
import { papersCommand } from '../../commands/index.js';
import { UserError } from '../../src/core/errors.js';
import { buildCommandPayload, createDiscordAdapter, inviteUrl, registerCommands } from '../../src/platforms/discord/index.js';
import { startHarness, type Harness } from '../fakes/discord-harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('Discord adapter: start, registration, credentials', () => {
  it('connects on the gateway with only the Guilds intent and logs the invite URL', async () => {
    harness = await startHarness();
    const { discord, logs, adapter } = harness;
    expect(adapter.client?.isReady()).toBe(true);
    expect(adapter.client?.guilds.cache.has('100000000000000001')).toBe(true);
    expect(adapter.client?.options.intents.bitfield).toBe(1);
    const ready = logs.find((l) => typeof l.invite === 'string');
    expect(ready?.invite).toBe(inviteUrl(discord.applicationId));
    const url = new URL(String(ready?.invite));
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
    // View Channel, Send Messages, Embed Links, Read Message History, Create Public Threads, Send Messages in Threads.
    expect(JSON.stringify(logs)).not.toContain(discord.token);
    expect(BigInt(url.searchParams.get('permissions')!)).toBe((1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 16n) | (1n << 35n) | (1n << 38n));
  });

  it('answers the first interaction after READY (time measured, not asserted)', async () => {
    harness = await startHarness({ adapter: { register: false } });
    const { discord } = harness;
    const { token } = discord.command({ user: { id: '200000000000000001', username: 'alice' }, channel: { id: '300000000000000001', type: 0, guildId: '100000000000000001' } }, 'help');
    const { callback } = await discord.answer(token);
    expect(callback.status).toBe(204);
    console.log(`[measure] gateway READY to first interaction reply: ${(callback.at - discord.readyAt!).toFixed(1)} ms`);
  });

  it('registers the command set once, and not again on an unchanged second start', async () => {
    harness = await startHarness();
    const { discord } = harness;
    const puts = () => discord.calls.filter((c) => c.method === 'PUT' && c.path.endsWith('/commands'));
    expect(puts()).toHaveLength(1);
    expect(puts()[0]!.path).toBe(`/applications/${discord.applicationId}/commands`);
    expect(puts()[0]!.body).toEqual(JSON.parse(JSON.stringify(buildCommandPayload(papersCommand))));
    await harness.restart();
    expect(puts()).toHaveLength(1);
    await harness.store.meta.set(`discord.commands.${discord.applicationId}.global`, 'stale', new Date());
    await harness.restart();
    expect(puts()).toHaveLength(2);
  });

  it('registers in one guild when asked', async () => {
    harness = await startHarness({ adapter: { guildId: '100000000000000001' } });
    expect(harness.discord.commands.get('100000000000000001')?.[0]?.name).toBe('papers');
    expect(harness.discord.commands.has('global')).toBe(false);
  });

  it('rejects a wrong token with one clear line that does not contain it', async () => {
    harness = await startHarness({ start: false });
    const wrong = 'MTIz.wrong-token-value.abcdef';
    const adapter = createDiscordAdapter({ ...harness.context, config: { ...harness.context.config, DISCORD_TOKEN: wrong } });
    const error = await adapter.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/^Discord refused DISCORD_TOKEN/);
    expect((error as Error).message).not.toContain(wrong);
    expect((error as Error).message.split('\n')).toHaveLength(1);
    expect(JSON.stringify(harness.logs)).not.toContain(wrong);
  });

  it('rejects when the gateway refuses the token (revoked after the REST check)', async () => {
    harness = await startHarness({ start: false });
    const { discord } = harness;
    discord.rejectIdentify = true;
    const error = await harness.adapter.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/invalid or revoked/);
    expect(JSON.stringify(harness.logs)).not.toContain(discord.token);
  });

  it('register-commands: explicit registration in a guild, remembered; a wrong token is one clear line', async () => {
    harness = await startHarness({ start: false });
    const { context, discord } = harness;
    const first = await registerCommands(context, papersCommand, { guildId: '100000000000000001' });
    expect(first).toEqual({ scope: 'guild:100000000000000001', commands: 1, registered: true });
    expect(discord.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'GET /applications/@me',
      `PUT /applications/${discord.applicationId}/guilds/100000000000000001/commands`,
    ]);
    const again = await registerCommands(context, papersCommand, { guildId: '100000000000000001', onlyIfChanged: true });
    expect(again.registered).toBe(false);
    const wrong = 'MTIz.another-wrong-token.zzz';
    const error = await registerCommands({ ...context, config: { ...context.config, DISCORD_TOKEN: wrong } }, papersCommand).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).not.toContain(wrong);
  });
});
