/**
 * `paperboy start` with Discord and Slack both configured: one process, one database, both fakes
 * answered, a digest scheduled on one and a subscription on the other; SIGTERM leaves cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { answerOf, readable, str, textOf } from '../fakes/discord-drive.js';
import { ALICE, GENERAL, GUILD } from '../fakes/discord-harness.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-server.js';
import { startFakeHuggingFace, type FakeHuggingFace } from '../fakes/hf-server.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-api.js';
import { commandPayload } from '../fakes/slack-requests.js';
import { blockText } from '../fakes/slack-harness.js';
import { backfillTo, FIXTURES, REPO, runCli, scratch } from '../helpers/run-cli.js';

const MANAGE_GUILD = String(1n << 5n);

let hf: FakeHuggingFace;
let discord: FakeDiscord;
let slack: FakeSlack;
let tmp: ReturnType<typeof scratch>;
let bot: ChildProcess;
let stderr = '';
let env: Record<string, string>;

beforeAll(async () => {
  hf = await startFakeHuggingFace({ dir: FIXTURES });
  discord = await startFakeDiscord({ guilds: [GUILD], channels: [GENERAL], users: [ALICE] });
  slack = await startFakeSlack({ users: { U0ADA: { admin: true } } });
  tmp = scratch();
  env = {
    PATH: process.env.PATH ?? '',
    LOG_LEVEL: 'info',
    DATABASE_URL: tmp.db,
    HF_API_URL: hf.url,
    BACKFILL_DAYS: backfillTo('2026-06-01'),
    DISCORD_TOKEN: discord.token,
    DISCORD_API_URL: discord.apiUrl,
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_APP_TOKEN: slack.appToken,
    SLACK_API_URL: slack.url,
  };
  bot = spawn(process.execPath, [join(REPO, 'bin/paperboy'), 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  bot.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  await vi.waitFor(() => expect(stderr).toMatch(/Paperboy is running/), { timeout: 30_000, interval: 100 });
}, 40_000);

afterAll(async () => {
  if (bot.exitCode === null) bot.kill('SIGKILL');
  await Promise.all([hf.close(), discord.close(), slack.close()]);
  tmp.cleanup();
});

describe('paperboy start with Discord and Slack', () => {
  it('answers /papers on Discord and on Slack from one database', async () => {
    // A Discord admin schedules this channel's digest.
    const set = await answerOf(
      discord,
      discord.command({ user: ALICE, channel: GENERAL, permissions: MANAGE_GUILD }, 'digest set', [str('time', '08:30'), str('timezone', 'Europe/Berlin')]).token,
    );
    expect(readable(textOf(set.message))).toMatch(/08:30 Europe\/Berlin/);
    expect(discord.commands.get('global')?.length).toBe(1);

    // A Slack user subscribes over Socket Mode; the answer goes to the response_url.
    const before = slack.responses.length;
    await slack.socket.send('slash_commands', commandPayload(slack, { text: 'subscribe "speculative decoding"' }));
    const answer = await slack.waitFor(() => slack.responses[before], 'the subscribe answer');
    expect(blockText(answer.body.blocks)).toMatch(/Subscribed to "speculative decoding"/);

    // Both wrote to the same database.
    const status = await runCli(['status', '--json'], { env: { DATABASE_URL: tmp.db } });
    const report = JSON.parse(status.stdout) as { targets: { platform: string; channelId: string }[] };
    expect(report.targets).toEqual([expect.objectContaining({ platform: 'discord', channelId: GENERAL.id })]);
  });

  it('leaves with status 0 on SIGTERM and never logs a token', async () => {
    const exited = new Promise<number | null>((done) => bot.on('close', (code) => done(code)));
    bot.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const secret of [discord.token, slack.botToken, slack.appToken]) expect(stderr).not.toContain(secret);
  });
});
