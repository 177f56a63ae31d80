import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Reply } from '../../src/core/message.js';
import type { TargetRef } from '../../src/core/ports.js';
import { ALICE, BOB, GENERAL, GUILD, startHarness, type Harness } from '../fakes/discord-harness.js';
import { createRateLimiter } from '../fakes/discord-rate-limit.js';
import { startFakeDiscord, type FakeChannel, type FakeDiscord } from '../fakes/discord-server.js';

let fake: FakeDiscord | undefined;
let h: Harness | undefined;
afterEach(async () => {
  await fake?.close();
  await h?.close();
  fake = undefined;
  h = undefined;
});

const OTHER = { id: '300000000000000077', type: 0, name: 'other', guildId: GUILD.id };
const HOUR = 3_600_000;
const target: TargetRef = { platform: 'discord', channelId: GENERAL.id, workspaceId: GUILD.id };
const note = (text: string): Reply => ({ visibility: 'public', blocks: [{ type: 'text', text }] });

async function call(discord: FakeDiscord, method: string, path: string, body?: unknown) {
  const res = await fetch(`${discord.apiUrl}/v10${path}`, {
    method,
    headers: { authorization: `Bot ${discord.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text === '' ? undefined : JSON.parse(text)) as Record<string, unknown> | undefined };
}

describe('the fake Discord rate limiter', () => {
  it('is off unless asked for: no bucket headers and no 429', async () => {
    fake = await startFakeDiscord({ guilds: [GUILD], channels: [GENERAL] });
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await call(fake, 'POST', `/channels/${GENERAL.id}/messages`, { content: `m${i}` }));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    expect(answers[0]!.headers.get('x-ratelimit-limit')).toBeNull();
    expect(fake.rateLimiter).toBeUndefined();
  });

  it('counts each channel route on its own, sends bucket headers, and answers the sixth request with 429 as Discord does', async () => {
    fake = await startFakeDiscord({ guilds: [GUILD], channels: [GENERAL, OTHER], rateLimit: { routePeriodMs: HOUR, globalPeriodMs: HOUR } });
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await call(fake, 'POST', `/channels/${GENERAL.id}/messages`, { content: `m${i}` }));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(answers.map((a) => a.headers.get('x-ratelimit-remaining'))).toEqual(['4', '3', '2', '1', '0', '0']);
    const bucket = answers[0]!.headers.get('x-ratelimit-bucket');
    expect(bucket).toMatch(/^[0-9a-f]{32}$/);
    for (const answer of answers) {
      expect(answer.headers.get('x-ratelimit-limit')).toBe('5');
      expect(answer.headers.get('x-ratelimit-bucket')).toBe(bucket);
      expect(Number(answer.headers.get('x-ratelimit-reset-after'))).toBeGreaterThan(3000);
      expect(Number(answer.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000 + 3000);
    }
    const refused = answers[5]!;
    expect(refused.body).toEqual({ message: 'You are being rate limited.', retry_after: expect.any(Number), global: false, code: 0 });
    expect(refused.body!.retry_after).toBeGreaterThan(3000);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(Number(refused.body!.retry_after));
    expect(refused.headers.get('x-ratelimit-scope')).toBe('user');
    expect(refused.headers.get('x-ratelimit-global')).toBeNull();
    // The refused message was not posted; another channel, and another route on this one, still have room.
    expect(fake.messages.get(GENERAL.id)).toHaveLength(5);
    const elsewhere = await call(fake, 'POST', `/channels/${OTHER.id}/messages`, { content: 'hi' });
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.headers.get('x-ratelimit-remaining')).toBe('4');
    expect(elsewhere.headers.get('x-ratelimit-bucket')).toBe(bucket);
    const read = await call(fake, 'GET', `/channels/${GENERAL.id}/messages?limit=5`);
    expect(read.status).toBe(200);
    expect(read.headers.get('x-ratelimit-bucket')).not.toBe(bucket);
  });

  it('refuses requests over the global limit with X-RateLimit-Global, and leaves interaction callbacks out of it', async () => {
    fake = await startFakeDiscord({ guilds: [GUILD], channels: [GENERAL], rateLimit: { globalLimit: 3, globalPeriodMs: HOUR } });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await call(fake, 'GET', '/users/@me'));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
    const refused = answers[3]!;
    expect(refused.body).toMatchObject({ retry_after: expect.any(Number), global: true });
    expect(refused.body!.retry_after).toBeGreaterThan(3000);
    expect(refused.headers.get('x-ratelimit-global')).toBe('true');
    expect(refused.headers.get('x-ratelimit-scope')).toBe('global');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3000);
    expect((await call(fake, 'POST', '/interactions/1/itok_x/callback', { type: 1 })).status).toBe(204);
    expect(fake.rateLimiter!.stats()).toEqual({ admitted: 4, globalRefused: 1, routeRefused: 0 });
  });
});

describe('the fake Discord global limit', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('counts any second, not seconds that start where the first request fell', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_000_000);
    const limiter = createRateLimiter({ globalLimit: 3, globalPeriodMs: 1_000 });
    expect(limiter.admit('GET', '/users/@me').ok).toBe(true);
    vi.advanceTimersByTime(600);
    expect([limiter.admit('GET', '/users/@me').ok, limiter.admit('GET', '/users/@me').ok]).toEqual([true, true]);
    // A fixed window opened at 0 would start afresh at 1000 with room for three; the second before
    // 1000 still holds the two sent at 600, so only one more fits.
    vi.advanceTimersByTime(400);
    expect(limiter.admit('GET', '/users/@me').ok).toBe(true);
    const refused = limiter.admit('GET', '/users/@me');
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.body.retry_after).toBe(0.6);
    vi.advanceTimersByTime(600);
    expect(limiter.admit('GET', '/users/@me').ok).toBe(true);
    expect(limiter.stats()).toEqual({ admitted: 5, globalRefused: 1, routeRefused: 0 });
  });
});

describe('the real adapter through the rate limiter', () => {
  it('paces itself on the bucket headers: a burst to one channel and DMs all arrive, without a 429', async () => {
    h = await startHarness({ adapter: { register: false }, discord: { rateLimit: { routePeriodMs: 1_000 } } });
    expect(h.discord.rateLimiter?.limits.routeLimit).toBe(5);
    const before = h.discord.calls.length;
    const posts = Array.from({ length: 12 }, (_, i) => h!.adapter.post(target, note(`digest ${i}`), { key: `digest:${GENERAL.id}:${i}` }));
    const dms = [ALICE, BOB].map((user) => h!.adapter.sendDirect({ platform: 'discord', userId: user.id }, note(`alert for ${user.username}`), { key: `alert:${user.id}` }));
    const ids = await Promise.all([...posts, ...dms]);
    expect(new Set(ids.map((r) => r.messageId)).size).toBe(14);
    expect(h.discord.messages.get(GENERAL.id)).toHaveLength(12);
    const dmChannels = [...h.discord.channels.values()].filter((c) => c.type === 1);
    expect(dmChannels.map((c) => h!.discord.messages.get(c.id)?.length)).toEqual([1, 1]);
    expect(h.discord.calls.slice(before).filter((c) => c.status === 429)).toEqual([]);
  });

  it('waits out 429s the global limit answers, and loses and doubles nothing', async () => {
    h = await startHarness({ adapter: { register: false }, discord: { rateLimit: { globalLimit: 4, routeLimit: 100 } } });
    const before = h.discord.calls.length;
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => h!.adapter.post(target, note(`digest ${i}`), { key: `digest:${GENERAL.id}:${i}` })));
    const calls = h.discord.calls.slice(before);
    expect(calls.some((c) => c.status === 429)).toBe(true);
    const posted = h.discord.messages.get(GENERAL.id)!;
    expect(posted).toHaveLength(8);
    expect(posted.map((m) => m.id).sort()).toEqual(results.map((r) => r.messageId).sort());
  });

  it('keeps under the global limit as Discord counts it when the round trip shortens: no request lands in the second of the slow ones', async () => {
    // Sixty channels, one post each: the first fifty travel 300 ms each way, the rest arrive at once.
    // A limiter that counts from its own sends (discord.js's) sends the next fifty a second after the
    // first left, and they land 0.75 s after the slow ones did.
    const channels: FakeChannel[] = Array.from({ length: 60 }, (_, i) => ({ id: String(310_000_000_000_000_000n + BigInt(i)), type: 0, name: `c${i}`, guildId: GUILD.id }));
    let slow = 50;
    const latencyMs = ({ method, path }: { method: string; path: string }) => (method === 'POST' && path.endsWith('/messages') && slow-- > 0 ? 600 : 0);
    h = await startHarness({ adapter: { register: false }, channels, discord: { rateLimit: true, latencyMs } });
    const before = h.discord.calls.length;
    const results = await Promise.all(channels.map((c, i) => h!.adapter.post({ platform: 'discord', channelId: c.id, workspaceId: GUILD.id }, note(`digest ${i}`), { key: `digest:${c.id}` })));
    expect(h.discord.calls.slice(before).filter((c) => c.status === 429)).toEqual([]);
    expect(new Set(results.map((r) => r.messageId)).size).toBe(60);
    for (const channel of channels) expect(h.discord.messages.get(channel.id)).toHaveLength(1);
  });

  it('opens many DM channels side by side and sends each person one DM, without a 429', async () => {
    h = await startHarness({ adapter: { register: false }, discord: { rateLimit: true, latencyMs: 20 } });
    const users = Array.from({ length: 30 }, (_, i) => ({ id: String(220_000_000_000_000_000n + BigInt(i)), username: `reader${i}` }));
    for (const user of users) h.discord.addUser(user);
    const before = h.discord.calls.length;
    await Promise.all(users.map((user) => h!.adapter.sendDirect({ platform: 'discord', userId: user.id }, note(`alert for ${user.username}`), { key: `alert:${user.id}` })));
    const calls = h.discord.calls.slice(before);
    expect(calls.filter((c) => c.status === 429)).toEqual([]);
    expect(calls.filter((c) => c.path === '/users/@me/channels')).toHaveLength(30);
    const dms = [...h.discord.channels.values()].filter((c) => c.type === 1);
    expect(dms.map((c) => c.recipientId).sort()).toEqual(users.map((u) => u.id).sort());
    for (const dm of dms) expect(h.discord.messages.get(dm.id)).toHaveLength(1);
    for (const user of users) expect((await h.store.people.prefs({ platform: 'discord', userId: user.id })).dmChannelId).toBeDefined();
  });
});
