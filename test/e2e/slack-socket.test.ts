/**
 * The real Bolt App in Socket Mode against a local WebSocket: hello, envelopes acked by id, answers
 * through respond; stop() waits for the socket to close. And start-up with bad credentials: one
 * clear line that never contains the token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { createSlackAdapter } from '../../src/platforms/slack/index.js';
import { freePort, blockText, startSlackHarness, type SlackHarness } from '../fakes/slack-harness.js';
import { buttonPayload, commandPayload } from '../fakes/slack-requests.js';

describe('Socket Mode', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness({ socketMode: true });
  });
  afterAll(() => h.close());

  it('connects with the app token: apps.connections.open, then hello', () => {
    const open = h.slack.callsTo('apps.connections.open');
    expect(open.length).toBeGreaterThanOrEqual(1);
    expect(open.every((c) => c.status === 200 && !c.error)).toBe(true);
    expect(h.slack.socket.open).toBe(1);
  });

  it('a slash command envelope is acked with its envelope id and answered through respond', async () => {
    const before = h.slack.responses.length;
    const ack = await h.slack.socket.send('slash_commands', commandPayload(h.slack, { text: 'search agents' }));
    expect(ack.envelope_id).toMatch(/^[0-9a-f-]{36}$/);
    const answer = await h.slack.waitFor(() => h.slack.responses[before], 'the search results');
    expect(answer.body.response_type).toBe('ephemeral');
    expect(blockText(answer.body.blocks)).toContain('Self-Correcting Agents');

    const share = (answer.body.blocks as { accessory?: { action_id: string; value: string } }[]).find((b) => b.accessory?.action_id === 'paperboy_share_0')!;
    const posted = h.slack.messages.length;
    await h.slack.socket.send('interactive', buttonPayload(h.slack, share.accessory!));
    const message = await h.slack.waitFor(() => h.slack.messages[posted], 'the shared paper');
    expect(blockText(message.blocks)).toContain('Shared by');
  });

  it('a usage error over the socket gets its help too', async () => {
    const before = h.slack.responses.length;
    await h.slack.socket.send('slash_commands', commandPayload(h.slack, { text: 'alerts sometimes' }));
    const answer = await h.slack.waitFor(() => h.slack.responses[before], 'the usage error');
    expect(blockText(answer.body.blocks)).toContain('mode must be one of instant, daily, off');
  });

  it('stop() closes the socket (and does not reconnect); a restart connects again', async () => {
    await h.adapter.stop();
    await h.slack.socket.closed();
    expect(h.slack.socket.open).toBe(0);
    await h.restart();
    expect(h.slack.socket.open).toBe(1);
  });
});

describe('start-up with bad credentials', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness();
  });
  afterAll(() => h.close());

  const adapterWith = (overrides: Record<string, unknown>) =>
    createSlackAdapter({ ...h.context, config: { ...h.context.config, ...overrides } }, { retryConfig: { retries: 0 } });

  it('a bad bot token is one clear UserError that never shows the token', async () => {
    const token = 'xoxb-this-is-not-the-token';
    const error = await adapterWith({ SLACK_BOT_TOKEN: token, SLACK_PORT: await freePort() }).start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/^Slack refused SLACK_BOT_TOKEN \(invalid_auth\); check the token/);
    expect((error as Error).message).not.toContain(token);
    expect(h.logs.join('\n')).not.toContain(token);
  });

  it('a bad app token (Socket Mode) is one clear UserError too', async () => {
    const token = 'xapp-this-is-not-the-token';
    const error = await adapterWith({ SLACK_APP_TOKEN: token }).start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/^Slack refused SLACK_APP_TOKEN \(invalid_auth\)/);
    expect((error as Error).message).not.toContain(token);
  });

  it('an unreachable Slack API says where it looked', async () => {
    const port = await freePort();
    const error = await adapterWith({ SLACK_API_URL: `http://127.0.0.1:${port}/api` }).start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(`Slack could not be reached at http://127.0.0.1:${port}/api (request_failed); check the network or SLACK_API_URL.`);
  });

  it('a port already taken is named', async () => {
    const error = await adapterWith({ SLACK_PORT: Number(new URL(h.appUrl).port) }).start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toContain('is already in use');
  });
});
