/** The fake Discord refuses what Discord refuses; the other tests lean on it, so it is tested too. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-server.js';

let d: FakeDiscord;
const CHANNEL = '300000000000000001';
beforeAll(async () => {
  d = await startFakeDiscord({ guilds: [{ id: '1', name: 'g', ownerId: '2' }], channels: [{ id: CHANNEL, type: 0, guildId: '1' }] });
});
afterAll(() => d.close());

async function call(method: string, path: string, body?: unknown, auth = true) {
  const res = await fetch(`${d.apiUrl}/v10${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bot ${d.token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type'), json: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) };
}

const embed = (description: string) => ({ description });

describe('fake Discord limits', () => {
  it.each([
    ['content over 2000', { content: 'x'.repeat(2001) }],
    ['more than 10 embeds', { embeds: Array.from({ length: 11 }, () => embed('x')) }],
    ['over 6000 characters across embeds', { embeds: [embed('x'.repeat(4000)), embed('y'.repeat(2001))] }],
    ['a title over 256', { embeds: [{ title: 't'.repeat(257) }] }],
    ['a field value over 1024', { embeds: [{ fields: [{ name: 'n', value: 'v'.repeat(1025) }] }] }],
    ['more than 25 fields', { embeds: [{ fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) }] }],
    ['an empty message', {}],
  ])('refuses %s with 400 / 50035 (or 50006-like) and posts nothing', async (_name, body) => {
    const res = await call('POST', `/channels/${CHANNEL}/messages`, body);
    expect(res.status).toBe(400);
    expect(res.json?.code).toBe(50035);
    expect(d.messages.get(CHANNEL)).toBeUndefined();
  });

  it('accepts a message at exactly the limits', async () => {
    const res = await call('POST', `/channels/${CHANNEL}/messages`, { content: 'x'.repeat(2000), embeds: [embed('x'.repeat(4000)), embed('y'.repeat(2000))] });
    expect(res.status).toBe(200);
  });

  it('refuses command names and descriptions out of range', async () => {
    const bad = await call('PUT', `/applications/${d.applicationId}/commands`, [{ name: 'Papers', description: 'x'.repeat(101), type: 1 }]);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toMatch(/name.*description/s);
  });

  it('answers 401 without the token, 204 without a content type, and decodes %40original', async () => {
    expect((await call('GET', '/gateway/bot', undefined, false)).status).toBe(401);
    const callback = await call('POST', '/interactions/1/tok/callback', { type: 5 });
    expect(callback.status).toBe(204);
    expect(callback.type).toBeNull();
    const edit = await call('PATCH', `/webhooks/${d.applicationId}/tok/messages/%40original`, { content: 'hi' });
    expect(edit.status).toBe(200);
    expect(d.calls.at(-1)?.path).toBe(`/webhooks/${d.applicationId}/tok/messages/@original`);
  });

  it('injects 429 with retry_after and bucket headers', async () => {
    d.fail({ path: '/gateway/bot', status: 429, retryAfter: 0.5 });
    const res = await fetch(`${d.apiUrl}/v10/gateway/bot`, { headers: { authorization: `Bot ${d.token}` } });
    expect(res.status).toBe(429);
    expect(res.headers.get('x-ratelimit-bucket')).toBe('fakebucket');
    expect(((await res.json()) as { retry_after: number }).retry_after).toBe(0.5);
  });
});
