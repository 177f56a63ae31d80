/**
 * The real Bolt App over HTTP: signed slash commands to /slack/events, answered through the
 * response_url on the fake Slack. What only Slack does: signature checks, Block Kit answers,
 * Slack-wrapped links, admins from users.info, usage errors with help. What every platform does is
 * in the chat contract (test/contract/).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResponseCall } from '../fakes/slack-api.js';
import { blockText, startSlackHarness, type SlackHarness } from '../fakes/slack-harness.js';
import { postCommand } from '../fakes/slack-requests.js';

let h: SlackHarness;

beforeAll(async () => {
  h = await startSlackHarness({ users: { U0OWNER: { owner: true } } });
});
afterAll(() => h.close());

/** Sends `/papers <text>` and returns the answer posted to its response_url. */
async function command(text: string, fields: { user_id?: string; channel_id?: string } = {}): Promise<ResponseCall & { text: string }> {
  const before = h.slack.responses.length;
  const res = await postCommand(h.appUrl, h.slack, { text, ...fields });
  expect(res.status).toBe(200);
  const response = await h.slack.waitFor(() => h.slack.responses[before], `the answer to /papers ${text}`);
  expect(response.status).toBe(200);
  return { ...response, text: blockText(response.body.blocks) };
}

describe('request verification', () => {
  it('acks a validly signed command with 200 and answers through respond', async () => {
    const answer = await command('help');
    expect(answer.body.response_type).toBe('ephemeral');
    expect(answer.text).toContain('/papers search');
  });

  it('refuses a bad signature with 401 and runs nothing', async () => {
    const before = h.slack.responses.length;
    const res = await postCommand(h.appUrl, h.slack, { text: 'today' }, { secret: 'not-the-signing-secret' });
    expect(res.status).toBe(401);
    // A command that is processed leaves an answer; the next valid one must be the first after.
    await command('help');
    expect(h.slack.responses.length).toBe(before + 1);
  });

  it('refuses a timestamp older than five minutes with 401', async () => {
    const res = await postCommand(h.appUrl, h.slack, { text: 'today' }, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(res.status).toBe(401);
  });
});

describe('subcommands', () => {
  it('search: ranked results, ephemeral, with Share and Next buttons', async () => {
    const answer = await command('search agents');
    expect(answer.body.response_type).toBe('ephemeral');
    expect(answer.text).toMatch(/results? for "agents"/);
    expect(answer.text).toContain('<https://huggingface.co/papers/2606.01234|Self-Correcting Agents');
    expect(JSON.stringify(answer.body.blocks)).toContain('paperboy_share_0');
    expect(answer.body.unfurl_links).toBe(false);
  });

  it('paper: a Slack-wrapped link <url|label> works too', async () => {
    const answer = await command('paper <https://arxiv.org/abs/2606.02210v2|arxiv.org/abs/2606.02210v2>');
    expect(answer.text).toContain('Video World Models');
  });

  it('digest set: refused for a member (users.info says not admin), no settings saved', async () => {
    const answer = await command('digest set 09:00 Europe/Berlin', { user_id: 'U0ADA', channel_id: 'C0MEMBER' });
    expect(answer.text).toContain('ADMIN_USER_IDS');
    expect(h.slack.callsTo('users.info').some((c) => c.args.user === 'U0ADA')).toBe(true);
    expect(await h.store.digests.settings({ platform: 'slack', channelId: 'C0MEMBER' })).toBeUndefined();
  });

  it('digest set and off: allowed for a workspace admin and an owner (users.info), saved with the workspace', async () => {
    const set = await command('digest set 09:30 Europe/Berlin top:5', { user_id: 'U0BOSS', channel_id: 'C0LAB' });
    expect(set.text).toContain('Digest for this channel is set: the top 5 papers');
    const saved = await h.store.digests.settings({ platform: 'slack', channelId: 'C0LAB' });
    expect(saved).toMatchObject({ time: '09:30', timezone: 'Europe/Berlin', top: 5, target: { workspaceId: h.slack.teamId } });
    expect((await command('digest off', { user_id: 'U0OWNER', channel_id: 'C0LAB' })).text).toContain('is off');
  });

  it('a usage error answers with the sentence and the help of that subcommand', async () => {
    const answer = await command('digest set top:99');
    expect(answer.text).toContain('top must be from 1 to 25');
    expect(answer.text).toContain('/papers digest set [time]');
    expect(answer.text).toContain('Examples:');
    const unknown = await command('serch diffusion');
    expect(unknown.text).toContain('did you mean search?');
    expect(unknown.text).toContain('/papers search &lt;query&gt;');
  });
});
