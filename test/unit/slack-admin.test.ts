import type { webApi } from '@slack/bolt';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ADMIN_CACHE_MS, createAdminCheck } from '../../src/platforms/slack/admin.js';

/** A WebClient whose users.info answers from a table and counts the questions. */
function fakeClient(admins: Set<string>) {
  const asked: string[] = [];
  const client = {
    users: {
      info: async ({ user }: { user: string }) => {
        asked.push(user);
        return { ok: true, user: { id: user, is_admin: admins.has(user) } };
      },
    },
  } as unknown as webApi.WebClient;
  return { client, asked };
}

describe('createAdminCheck', () => {
  it('asks Slack once per person while the answer is fresh, and again once it has expired', async () => {
    let now = Date.parse('2026-06-03T09:00:00Z');
    const admins = new Set(['UADMIN']);
    const { client, asked } = fakeClient(admins);
    const isAdmin = createAdminCheck({ adminIds: [], clock: { now: () => new Date(now) }, logger: pino({ level: 'silent' }) });

    expect(await isAdmin('UADMIN', client)).toBe(true);
    expect(await isAdmin('UMEMBER', client)).toBe(false);
    now += ADMIN_CACHE_MS - 1;
    expect(await isAdmin('UADMIN', client)).toBe(true);
    expect(await isAdmin('UMEMBER', client)).toBe(false);
    expect(asked).toEqual(['UADMIN', 'UMEMBER']);

    // Made an admin in Slack: believed once the remembered answer has expired.
    admins.add('UMEMBER');
    now += 2;
    expect(await isAdmin('UMEMBER', client)).toBe(true);
    expect(asked).toEqual(['UADMIN', 'UMEMBER', 'UMEMBER']);
  });

  it('never asks about the people in ADMIN_USER_IDS', async () => {
    const { client, asked } = fakeClient(new Set());
    const isAdmin = createAdminCheck({ adminIds: ['UOPS'], clock: { now: () => new Date() }, logger: pino({ level: 'silent' }) });
    expect(await isAdmin('UOPS', client)).toBe(true);
    expect(asked).toEqual([]);
  });
});
