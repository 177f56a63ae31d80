/**
 * Slack installed in many workspaces: the real Bolt App's OAuth flow (/slack/install, then
 * /slack/oauth_redirect with the state cookie) against the fake Slack's `oauth.v2.access`, the
 * installations kept encrypted in the database, each workspace answered and posted to with its own
 * token, an Enterprise Grid org-wide install, and an uninstall that pauses one workspace only.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandServices } from '../../commands/services.js';
import { collectStatus, renderStatus } from '../../src/cli/status.js';
import { loadConfig } from '../../src/config.js';
import { DeliveryError } from '../../src/core/errors.js';
import type { TargetRef } from '../../src/core/ports.js';
import { platformContext } from '../../src/main.js';
import type { ChatAdapter } from '../../src/platforms/platform.js';
import { voteButtonValue } from '../../src/platforms/paper-buttons.js';
import { createSlackAdapter } from '../../src/platforms/slack/index.js';
import type { Store } from '../../src/store/index.js';
import { memoryStore } from '../helpers/memory-store.js';
import { CLIENT_ID, CLIENT_SECRET, startFakeSlack, type FakeSlack, type FakeWorkspace } from '../fakes/slack-api.js';
import { freePort, TEST_RETRY } from '../fakes/slack-harness.js';
import { buttonPayload, postButton, postCommand, postEvent, SIGNING_SECRET, type CommandFields } from '../fakes/slack-requests.js';

const NOW = new Date('2026-06-05T12:00:00Z');
const ALPHA: FakeWorkspace = { teamId: 'T0ALPHA', teamName: 'Alpha Lab', botToken: 'xoxb-alpha-token-0001', code: 'code-alpha' };
const BETA: FakeWorkspace = { teamId: 'T0BETA', teamName: 'Beta Lab', botToken: 'xoxb-beta-token-0002', code: 'code-beta' };
const GRID: FakeWorkspace = { teamId: 'T0GRID1', teamName: 'Grid Org', botToken: 'xoxb-grid-token-0003', code: 'code-grid', enterpriseId: 'E0GRID', orgWide: true };
/** A safety net for what happens after Bolt's acknowledgement, not a timing assertion. */
const PATIENCE = { timeout: 15_000, interval: 20 };
const message = { visibility: 'public' as const, blocks: [{ type: 'text' as const, text: 'Hello from Paperboy' }] };

let slack: FakeSlack;
let store: Store;
let adapter: ChatAdapter;
let appUrl: string;

beforeAll(async () => {
  slack = await startFakeSlack({ users: { U0ALICE: { admin: true }, U0BOB: { admin: true }, U0GRACE: {}, U0CARL: {} } });
  const clock = { now: () => NOW };
  store = await memoryStore({ clock, tokenKey: randomBytes(32) });
  const port = await freePort();
  appUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    DATABASE_URL: ':memory:',
    SLACK_CLIENT_ID: CLIENT_ID,
    SLACK_CLIENT_SECRET: CLIENT_SECRET,
    SLACK_STATE_SECRET: 'fake-state-secret-0001',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    SLACK_PORT: String(port),
    SLACK_API_URL: slack.url,
  });
  const logger = pino({ level: 'silent' }, new Writable({ write: (_c, _e, done) => done() }));
  const services = createCommandServices({ ...store, source: { daily: async () => [], month: async () => [] } as never });
  adapter = createSlackAdapter(platformContext({ config, logger, clock, services, store }), { retryConfig: TEST_RETRY });
  await adapter.start();
  for (const workspace of [ALPHA, BETA, GRID]) slack.addWorkspace(workspace);
});

afterAll(async () => {
  await adapter.stop();
  await slack.close();
  await store.close();
});

/** A browser going through the install: /slack/install → Slack's authorize page → /slack/oauth_redirect with the code. */
async function install(code: string): Promise<Response> {
  const start = await fetch(`${appUrl}/slack/install`, { redirect: 'manual' });
  expect(start.status).toBe(302);
  const authorize = new URL(start.headers.get('location') ?? '');
  expect(authorize.searchParams.get('client_id')).toBe(CLIENT_ID);
  expect(authorize.searchParams.get('scope')?.split(',')).toContain('chat:write');
  const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const state = authorize.searchParams.get('state') ?? '';
  return fetch(`${appUrl}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state)}`, { headers: { cookie }, redirect: 'manual' });
}

/** Sends a command and returns the answer Slack got at its response_url. */
async function command(fields: CommandFields): Promise<string> {
  const before = slack.responses.length;
  expect((await postCommand(appUrl, slack, fields)).status).toBe(200);
  const response = await slack.waitFor(() => slack.responses[before], `the answer to /papers ${fields.text}`);
  return JSON.stringify(response.body);
}

const tokensOf = (method: string) => slack.callsTo(method).map((c) => c.token);

describe('installing through OAuth', () => {
  it('installs two workspaces, each with the token Slack gave it', async () => {
    for (const workspace of [ALPHA, BETA]) expect((await install(workspace.code)).status).toBe(200);
    expect(slack.callsTo('oauth.v2.access').map((c) => c.args.code)).toEqual(['code-alpha', 'code-beta']);
    expect((await store.installations.list()).map((w) => [w.workspaceId, w.removedAt])).toEqual([
      ['T0ALPHA', undefined],
      ['T0BETA', undefined],
    ]);
    // Encryption at rest is the store's: test/integration/store-installations.test.ts.
    expect(JSON.parse((await store.installations.secret('slack', 'T0BETA')) ?? '{}')).toMatchObject({ bot: { token: BETA.botToken } });
  });

  it('refuses a redirect without the browser session that started the install', async () => {
    const res = await fetch(`${appUrl}/slack/oauth_redirect?code=code-nobody&state=forged`);
    expect(res.status).not.toBe(200);
    expect(slack.callsTo('oauth.v2.access').map((c) => c.args.code)).not.toContain('code-nobody');
  });
});

describe('each workspace with its own token', () => {
  it('answers commands from each workspace, checking admins with that workspace token', async () => {
    const alpha = await command({ text: 'digest set 09:00 UTC', user_id: 'U0ALICE', channel_id: 'C0ALPHA', team_id: 'T0ALPHA' });
    const beta = await command({ text: 'digest set 10:00 UTC', user_id: 'U0BOB', channel_id: 'C0BETA', team_id: 'T0BETA' });
    expect(alpha).toContain('09:00');
    expect(beta).toContain('10:00');
    expect(slack.callsTo('users.info').map((c) => [c.args.user, c.token])).toEqual([
      ['U0ALICE', ALPHA.botToken],
      ['U0BOB', BETA.botToken],
    ]);
    const targets = (await store.digests.listAll()).map((t) => [t.target.channelId, t.target.workspaceId]);
    expect(targets).toEqual([
      ['C0ALPHA', 'T0ALPHA'],
      ['C0BETA', 'T0BETA'],
    ]);
  });

  it("posts digests and sends DMs with the workspace's token", async () => {
    for (const settings of await store.digests.listAll()) await adapter.post(settings.target, message);
    const posts = slack.callsTo('chat.postMessage').map((c) => [c.args.channel, c.token]);
    expect(posts).toEqual([
      ['C0ALPHA', ALPHA.botToken],
      ['C0BETA', BETA.botToken],
    ]);
    await adapter.sendDirect({ platform: 'slack', userId: 'U0BOB' }, message);
    expect(slack.callsTo('conversations.open').map((c) => [c.args.users, c.token])).toEqual([['U0BOB', BETA.botToken]]);
    expect(slack.callsTo('chat.postMessage').at(-1)).toMatchObject({ token: BETA.botToken, args: { channel: 'DU0BOB' } });
  });

  it("records a 👍 pressed in a workspace, and that person's DMs then go with that workspace's token", async () => {
    const carl = { platform: 'slack' as const, userId: 'U0CARL' };
    await store.papers.upsert([{ id: '2606.00042', title: 'Sparse attention', summary: 'Long context.', aiKeywords: [], authors: ['Ada'], upvotes: 3, numComments: 0, publishedAt: '2026-06-01T00:00:00.000Z', dailyDate: '2026-06-04' }], 'daily', NOW);
    const before = slack.responses.length;
    const press = buttonPayload(slack, { action_id: 'paperboy_run_up_0', value: voteButtonValue('up', '2606.00042') }, { user_id: 'U0CARL', channel_id: 'C0ALPHA' });
    const fromAlpha = { ...press, team: { id: ALPHA.teamId, domain: 'alpha' }, user: { ...(press.user as object), team_id: ALPHA.teamId } };
    expect((await postButton(appUrl, fromAlpha)).status).toBe(200);
    const answer = await slack.waitFor(() => slack.responses[before], 'the answer to the 👍');
    expect(JSON.stringify(answer.body)).toContain('👍 noted for \\"Sparse attention\\"');
    expect(await store.feedback.votes(carl)).toEqual(new Map([['2606.00042', 1]]));
    await adapter.sendDirect(carl, message);
    expect(slack.callsTo('conversations.open').at(-1)).toMatchObject({ token: ALPHA.botToken, args: { users: 'U0CARL' } });
  });

  it('serves an Enterprise Grid org-wide install under the org, from any of its workspaces', async () => {
    expect((await install(GRID.code)).status).toBe(200);
    expect((await store.installations.list()).find((w) => w.workspaceId === 'E0GRID')).toMatchObject({ orgWide: true, enterpriseId: 'E0GRID' });
    const answer = await command({ text: 'subscribe diffusion', user_id: 'U0GRACE', channel_id: 'C0GRID', team_id: 'T0GRID1', enterprise_id: 'E0GRID', is_enterprise_install: true });
    expect(answer).toContain('diffusion');
    await adapter.sendDirect({ platform: 'slack', userId: 'U0GRACE' }, message);
    expect(slack.callsTo('chat.postMessage').at(-1)).toMatchObject({ token: GRID.botToken, args: { channel: 'DU0GRACE' } });
  });
});

describe('uninstalling', () => {
  const alpha: TargetRef = { platform: 'slack', channelId: 'C0ALPHA', workspaceId: 'T0ALPHA' };

  it('app_uninstalled forgets the token and pauses that workspace only, with the reason in status', async () => {
    await command({ text: 'subscribe agents', user_id: 'U0ALICE', channel_id: 'C0ALPHA', team_id: 'T0ALPHA' });
    slack.revoke(ALPHA.botToken);
    expect((await postEvent(appUrl, { type: 'app_uninstalled' }, { team_id: 'T0ALPHA' })).status).toBe(200);
    // Bolt acknowledges an event before handling it.
    await expect.poll(async () => (await store.installations.secret('slack', 'T0ALPHA')) === undefined, PATIENCE).toBe(true);

    const status = await collectStatus(store, NOW);
    const text = renderStatus(status);
    expect(text).toMatch(/slack workspace T0ALPHA: paused since .*app_uninstalled/);
    expect(text).toMatch(/slack channel C0ALPHA \(workspace T0ALPHA\): off \(Paused: .*uninstalled/);
    expect(status.targets.find((t) => t.channelId === 'C0BETA')?.enabled).toBe(true);
    expect(status.people.length === 0 || status.people.every((p) => p.userId !== 'U0BOB' || !p.unreachableSince)).toBe(true);
    expect((await store.people.prefs({ platform: 'slack', userId: 'U0ALICE' })).unreachableReason).toMatch(/^Paused: /);
    expect((await store.digests.listEnabled()).map((t) => t.target.channelId)).toEqual(['C0BETA']);

    const before = slack.callsTo('chat.postMessage').length;
    await expect(adapter.post(alpha, message)).rejects.toBeInstanceOf(DeliveryError);
    await adapter.post({ platform: 'slack', channelId: 'C0BETA', workspaceId: 'T0BETA' }, message);
    expect(slack.callsTo('chat.postMessage').slice(before).map((c) => c.token)).toEqual([BETA.botToken]);
  });

  it('installing again resumes the paused digests and alerts', async () => {
    slack.addWorkspace({ ...ALPHA, botToken: 'xoxb-alpha-token-0004', code: 'code-alpha-2' });
    expect((await install('code-alpha-2')).status).toBe(200);
    expect((await store.digests.listEnabled()).map((t) => t.target.channelId)).toEqual(['C0ALPHA', 'C0BETA']);
    expect((await store.people.prefs({ platform: 'slack', userId: 'U0ALICE' })).unreachableSince).toBeUndefined();
    await adapter.post(alpha, message);
    expect(tokensOf('chat.postMessage').at(-1)).toBe('xoxb-alpha-token-0004');
  });

  it('tokens_revoked for the bot pauses the workspace too', async () => {
    expect((await postEvent(appUrl, { type: 'tokens_revoked', tokens: { bot: ['UBOTT0BETA'] } }, { team_id: 'T0BETA' })).status).toBe(200);
    await expect.poll(async () => (await store.installations.list()).find((w) => w.workspaceId === 'T0BETA')?.removedReason, PATIENCE).toMatch(/tokens_revoked/);
    expect((await store.digests.listEnabled()).map((t) => t.target.channelId)).toEqual(['C0ALPHA']);
  });
});
