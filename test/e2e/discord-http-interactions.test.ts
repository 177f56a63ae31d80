/**
 * Discord over HTTP with no gateway session (DISCORD_PUBLIC_KEY, DISCORD_GATEWAY=off): the fake
 * Discord posts each interaction, signed with a test Ed25519 key pair, to POST /discord/interactions
 * on Paperboy's HTTP port (the operations route table, served by its own server). PINGs are
 * answered in the response; commands, buttons and autocomplete through the same router as on the
 * gateway; bad, missing and stale signatures get 401 and run nothing; digests and DMs go over REST,
 * and a server that removed the bot shows in REST errors.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandServices } from '../../commands/services.js';
import { loadConfig } from '../../src/config.js';
import { DeliveryError } from '../../src/core/errors.js';
import { createRouteTable } from '../../src/http/route-table.js';
import { serveRoutes, type HttpServer } from '../../src/http/server.js';
import { platformContext } from '../../src/main.js';
import { createDiscordAdapter, type DiscordAdapter } from '../../src/platforms/discord/index.js';
import { createHuggingFaceSource } from '../../src/sources/hf/index.js';
import type { Store } from '../../src/store/index.js';
import { memoryStore } from '../helpers/memory-store.js';
import { startFakeHuggingFace, type FakeHuggingFace } from '../fakes/hf-server.js';
import { ALICE, GENERAL, GUILD, makePaper } from '../fakes/discord-harness.js';
import { buttons, channel, pressedMessage, press, run, str, textOf } from '../fakes/discord-drive.js';
import { MEMBER_PERMISSIONS, PERMISSIONS, startFakeDiscord, type FakeChannel, type FakeDiscord } from '../fakes/discord-server.js';

const NEWS: FakeChannel = { id: '300000000000000098', type: 0, name: 'news', guildId: GUILD.id };
const GONE: FakeChannel = { id: '300000000000000099', type: 0, name: 'gone', guildId: GUILD.id, noAccess: true };
const keys = generateKeyPairSync('ed25519');
const stranger = generateKeyPairSync('ed25519');
/** The application's public key as the Developer Portal shows it: 32 bytes in hex. */
const publicKeyHex = Buffer.from(keys.publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('hex');

let discord: FakeDiscord;
let hf: FakeHuggingFace;
let store: Store;
let adapter: DiscordAdapter;
let http: HttpServer;
let endpoint: string;
/** Every answer to a signed interaction the fake posted: its status and body. */
const answered: { status: number; body: string }[] = [];

interface Signing {
  readonly key?: KeyObject;
  /** Seconds since the epoch; default now. */
  readonly timestamp?: number;
  readonly unsigned?: boolean;
}

async function postInteraction(interaction: unknown, signing: Signing = {}): Promise<Response> {
  const body = JSON.stringify(interaction);
  const timestamp = String(signing.timestamp ?? Math.floor(Date.now() / 1000));
  const signature = sign(null, Buffer.from(timestamp + body), signing.key ?? keys.privateKey).toString('hex');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (!signing.unsigned) Object.assign(headers, { 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp });
  return fetch(endpoint, { method: 'POST', headers, body });
}

beforeAll(async () => {
  discord = await startFakeDiscord({ guilds: [GUILD], channels: [GENERAL, NEWS, GONE], users: [ALICE] });
  hf = await startFakeHuggingFace({ days: {} });
  const clock = { now: () => new Date() };
  store = await memoryStore({ clock });
  await store.papers.upsert([makePaper({ id: '2606.00001', title: 'Speculative Decoding at Scale', upvotes: 120 })], 'daily', clock.now());
  const config = loadConfig({
    DISCORD_TOKEN: discord.token,
    DISCORD_API_URL: discord.apiUrl,
    DISCORD_PUBLIC_KEY: publicKeyHex,
    DISCORD_GATEWAY: 'off',
    HTTP_PORT: '1',
    DATABASE_URL: ':memory:',
  });
  const routes = createRouteTable();
  const logger = pino({ level: 'silent' }, new Writable({ write: (_c, _e, done) => done() }));
  const services = createCommandServices({ ...store, source: createHuggingFaceSource({ baseUrl: hf.url, retries: 0 }) });
  adapter = createDiscordAdapter(platformContext({ config, logger, clock, services, store, routes }), { register: false });
  http = await serveRoutes(routes, { port: 0, host: '127.0.0.1', logger });
  endpoint = `http://127.0.0.1:${http.port}/discord/interactions`;
  await adapter.start();
  discord.deliverInteraction = (interaction) => {
    void postInteraction(interaction).then(async (res) => answered.push({ status: res.status, body: await res.text() }));
  };
});

afterAll(async () => {
  await adapter.stop();
  await http.close();
  await discord.close();
  await hf.close();
  await store.close();
});

describe('the Interactions Endpoint URL', () => {
  it('answers a signed PING with PONG, and opens no gateway session', async () => {
    const res = await postInteraction({ id: '1', application_id: discord.applicationId, type: 1, token: 'ping', version: 1 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ type: 1 });
    expect(discord.identified).toEqual([]);
    expect(adapter.health?.()).toEqual({ ok: true, detail: 'HTTP interactions and REST, no gateway' });
  });

  it('answers /papers commands, buttons and autocomplete through the callback endpoint', async () => {
    const search = await run(discord, { user: ALICE, channel: GENERAL }, 'search', [str('query', 'speculative decoding')]);
    expect(textOf(search.message)).toContain('Speculative Decoding at Scale');
    expect(search.ephemeral).toBe(true);
    expect(answered.at(-1)).toEqual({ status: 202, body: '' });

    const shared = await press(discord, { user: ALICE, channel: GENERAL }, buttons(search.message)[0]!.customId, pressedMessage(discord, GENERAL.id, search.message));
    expect(shared.ephemeral).toBe(false);
    expect(shared.message.content).toBe(`Shared by <@${ALICE.id}>`);
    expect(textOf(shared.message)).toContain('Speculative Decoding at Scale');

    await run(discord, { user: ALICE, channel: GENERAL }, 'subscribe', [str('topic', 'state space models')]);
    const { token } = discord.autocomplete({ user: ALICE, channel: GENERAL }, 'unsubscribe', [str('topic', 'state', true)]);
    const { callback } = await discord.answer(token);
    expect(callback.body).toMatchObject({ type: 8, data: { choices: [expect.objectContaining({ value: 'state space models' })] } });
  });

  it("checks Manage Channels in another channel from Discord's resolved permissions, with no guild cache", async () => {
    const canManageNews = (PERMISSIONS.viewChannel | PERMISSIONS.sendMessages | PERMISSIONS.manageChannels).toString();
    const editor = { user: ALICE, channel: GENERAL, channelPermissions: { [NEWS.id]: canManageNews } };
    const set = await run(discord, editor, 'digest set', [str('time', '08:15'), channel('channel', NEWS.id)]);
    expect(set.message.content).toContain(`for channel ${NEWS.id} is set`);
    const member = { user: ALICE, channel: GENERAL, channelPermissions: { [NEWS.id]: MEMBER_PERMISSIONS } };
    const refused = await run(discord, member, 'digest set', [str('time', '23:45'), channel('channel', NEWS.id)]);
    expect(textOf(refused.message)).toMatch(/Manage Channels|admin/i);
    expect(await store.digests.settings({ platform: 'discord', channelId: NEWS.id })).toMatchObject({ time: '08:15', enabled: true });
  });

  it('refuses a bad, missing or stale signature with 401 and does nothing', async () => {
    const before = discord.calls.length;
    const interaction = { id: '2', application_id: discord.applicationId, type: 2, token: 'nope', version: 1, data: { name: 'papers', type: 1, options: [{ type: 1, name: 'today' }] } };
    for (const signing of [{ key: stranger.privateKey }, { unsigned: true }, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }] as Signing[]) {
      const res = await postInteraction(interaction, signing);
      expect(res.status).toBe(401);
    }
    // A signature over another body is a bad one too.
    const body = JSON.stringify({ type: 1 });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = sign(null, Buffer.from(timestamp + JSON.stringify({ type: 2 })), keys.privateKey).toString('hex');
    const forged = await fetch(endpoint, { method: 'POST', headers: { 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp }, body });
    expect(forged.status).toBe(401);
    // Give a wrongly run interaction the chance to call out before checking that none did.
    await run(discord, { user: ALICE, channel: GENERAL }, 'help');
    expect(discord.calls.slice(before).filter((c) => c.path.includes('/nope/'))).toEqual([]);
  });
});

describe('delivery without a gateway', () => {
  it('posts digests and DMs over REST, and turns off a digest where the bot was removed', async () => {
    const target = { platform: 'discord', channelId: GENERAL.id, workspaceId: GUILD.id } as const;
    const reply = { visibility: 'public' as const, blocks: [{ type: 'text' as const, text: 'Digest over REST' }] };
    await adapter.post(target, reply);
    expect(discord.messages.get(GENERAL.id)?.at(-1)?.content).toContain('Digest over REST');
    await adapter.sendDirect({ platform: 'discord', userId: ALICE.id }, reply);
    expect(discord.calls.some((c) => c.method === 'POST' && c.path === '/users/@me/channels')).toBe(true);

    const gone = { platform: 'discord', channelId: GONE.id, workspaceId: GUILD.id } as const;
    await store.digests.save({ target: gone, time: '09:00', timezone: 'UTC', weekdays: ['mon'], top: 5, minUpvotes: 0, enabled: true, updatedAt: new Date().toISOString() });
    await expect(adapter.post(gone, reply)).rejects.toBeInstanceOf(DeliveryError);
    expect(await store.digests.settings(gone)).toMatchObject({ enabled: false });
  });
});
