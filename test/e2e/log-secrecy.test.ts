/**
 * `paperboy start` serving Discord and Slack (over HTTP) at the most talkative log level, with
 * real-looking credentials, through deliveries that succeed and fail: no log line holds a token,
 * the signing secret, a message Paperboy sent or a command someone typed; each delivery failure is
 * one line with the target, the platform's error code and what was done; and Slack's port also
 * serves /healthz, /readyz and /metrics (Bolt's customRoutes) with both platforms checked.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ALICE, GENERAL, GUILD } from '../fakes/discord-harness.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-server.js';
import { startFakeHuggingFace, type FakeHuggingFace } from '../fakes/hf-server.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-api.js';
import { freePort } from '../fakes/slack-harness.js';
import { postCommand } from '../fakes/slack-requests.js';
import { backfillTo, FIXTURES, REPO, runCli, scratch } from '../helpers/run-cli.js';
import { createStore, migrateToLatest, openDatabase } from '../../src/store/index.js';

// Shaped like the real ones (none of them is).
const HF_TOKEN = 'hf_QmVyeUxvbmdIdWdnaW5nRmFjZVRva2VuMDE';
const DISCORD_TOKEN = 'MTE4NDQ2NzQ4OTAxMjM0NTY3OA.GkX3vQ.Zq9rTmW4yB7nLp2sVx8cJd5fHa1gKe6uNo3iRw';
const SLACK_BOT_TOKEN = 'xoxb-4711042133764-5230817254338-Wq8ZrT3nLpV2xYc7Bd9KmF1s';
const SLACK_SIGNING_SECRET = '8f1c2e7a9b4d6f3a0c5e8b2d7f9a1c3e';
const SLACK_GONE = 'C0GONE00001';
const TYPED = 'search "quokka zebra" -origami';

let hf: FakeHuggingFace;
let discord: FakeDiscord;
let slack: FakeSlack;
let tmp: ReturnType<typeof scratch>;
let bot: ChildProcess;
let slackUrl: string;
let stderr = '';

/** A digest due a few minutes ago, set yesterday: `start` posts it in its catch-up pass. */
function dueDigest(target: { platform: string; channelId: string; workspaceId: string }) {
  const due = new Date(Date.now() - 5 * 60_000);
  return {
    target,
    time: `${String(due.getUTCHours()).padStart(2, '0')}:${String(due.getUTCMinutes()).padStart(2, '0')}`,
    timezone: 'UTC',
    weekdays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const,
    top: 3,
    minUpvotes: 0,
    enabled: true,
    updatedAt: new Date(Date.now() - 86_400_000).toISOString(),
  };
}

beforeAll(async () => {
  hf = await startFakeHuggingFace({ dir: FIXTURES });
  discord = await startFakeDiscord({ token: DISCORD_TOKEN, guilds: [GUILD], channels: [GENERAL], users: [ALICE] });
  slack = await startFakeSlack({ botToken: SLACK_BOT_TOKEN, users: { U0ADA: { admin: true }, U0SHY: { dmError: 'cannot_dm' } } });
  slack.setChannelError(SLACK_GONE, 'channel_not_found');
  discord.closedDms.add(ALICE.id);
  tmp = scratch();
  const base = { PATH: process.env.PATH ?? '', DATABASE_URL: tmp.db, HF_API_URL: hf.url, HF_TOKEN };
  expect((await runCli(['ingest', '--days', backfillTo('2026-06-01')], { env: base })).code).toBe(0);

  // A digest that posts, one whose channel is gone, and alerts for two people who cannot be messaged.
  const db = openDatabase(tmp.db);
  await migrateToLatest(db);
  const store = createStore(db);
  await store.digests.save(dueDigest({ platform: 'discord', channelId: GENERAL.id, workspaceId: GUILD.id }));
  await store.digests.save(dueDigest({ platform: 'slack', channelId: SLACK_GONE, workspaceId: slack.teamId }));
  const latest = (await store.papers.dailyDates({})).at(-1) ?? '';
  const paperId = (await store.papers.byDailyDates([latest]))[0]?.id ?? '';
  expect(paperId).not.toBe('');
  await store.alerts.enqueue(
    [
      { person: { platform: 'discord', userId: ALICE.id }, paperId, topics: ['state space models'] },
      { person: { platform: 'slack', userId: 'U0SHY' }, paperId, topics: ['state space models'] },
    ],
    new Date(),
  );
  await store.close();

  const port = await freePort();
  slackUrl = `http://127.0.0.1:${port}`;
  bot = spawn(process.execPath, [join(REPO, 'bin/paperboy'), 'start'], {
    env: {
      ...base,
      BACKFILL_DAYS: backfillTo('2026-06-01'),
      LOG_LEVEL: 'trace',
      DISCORD_TOKEN,
      DISCORD_API_URL: discord.apiUrl,
      SLACK_BOT_TOKEN,
      SLACK_SIGNING_SECRET,
      SLACK_PORT: String(port),
      SLACK_API_URL: slack.url,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  bot.stdout?.resume();
  bot.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  await vi.waitFor(() => expect(stderr).toMatch(/Paperboy is running/), { timeout: 40_000, interval: 100 });
}, 60_000);

afterAll(async () => {
  if (bot.exitCode === null) bot.kill('SIGKILL');
  await Promise.all([hf.close(), discord.close(), slack.close()]);
  tmp.cleanup();
});

const lines = () => stderr.split('\n').filter((l) => l.trim() !== '');

describe('logs and operations of a running Paperboy', () => {
  it('logs each delivery failure once, with the target, the platform code and what was done', async () => {
    await vi.waitFor(() => expect(discord.messages.get(GENERAL.id)?.length ?? 0).toBeGreaterThan(0), { timeout: 20_000, interval: 100 });
    const failures = () => lines().filter((l) => /"level":40/.test(l) && /"outcome":"(failed|retry|unreachable)"/.test(l));
    await vi.waitFor(() => expect(failures()).toHaveLength(3), { timeout: 20_000, interval: 100 });
    const about = (target: string) => failures().filter((l) => l.includes(`"target":"${target}"`));

    const gone = about(`slack:${SLACK_GONE}`);
    expect(gone).toHaveLength(1);
    expect(gone[0]).toContain('"code":"channel_not_found"');
    expect(gone[0]).toContain("turned every digest of the channel off");

    const closed = about(`discord:${ALICE.id}`);
    expect(closed).toHaveLength(1);
    expect(closed[0]).toContain('"code":50007');
    expect(closed[0]).toContain('marked the person unreachable');

    const shy = about('slack:U0SHY');
    expect(shy).toHaveLength(1);
    expect(shy[0]).toContain('"code":"cannot_dm"');
  });

  it('serves /healthz, /readyz and /metrics on Slack’s port, beside Slack’s own requests', async () => {
    const answer = await postCommand(slackUrl, slack, { text: TYPED }, { secret: SLACK_SIGNING_SECRET });
    expect(answer.status).toBe(200);
    await slack.waitFor(() => slack.responses.length > 0, 'the answer to the typed command');

    expect(await (await fetch(`${slackUrl}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = (await (await fetch(`${slackUrl}/readyz`)).json()) as { checks: Record<string, { status: string }> };
    expect(ready.checks.discord?.status).toBe('ok');
    expect(ready.checks.slack?.status).toBe('ok');
    const metrics = await (await fetch(`${slackUrl}/metrics`)).text();
    expect(metrics).toContain('paperboy_digests_total{platform="discord",outcome="sent"} 1');
    expect(metrics).toContain('paperboy_digests_total{platform="slack",outcome="failed"} 1');
    expect(metrics).toContain('paperboy_alerts_total{platform="discord",outcome="unreachable"} 1');
    expect(metrics).toContain('paperboy_alerts_total{platform="slack",outcome="unreachable"} 1');
    expect(metrics).toMatch(/paperboy_search_duration_seconds_count [1-9]/);
    expect((await fetch(`${slackUrl}/nothing-here`)).status).toBe(404);
    // Slack's endpoint still wants a signature.
    expect((await postCommand(slackUrl, slack, { text: 'today' }, { secret: 'not-the-signing-secret-000' })).status).toBe(401);
  });

  it('never writes a token, the signing secret, a sent message or a typed command to the log', async () => {
    const exited = new Promise<number | null>((done) => bot.on('close', (code) => done(code)));
    bot.kill('SIGTERM');
    expect(await exited).toBe(0);

    for (const secret of [HF_TOKEN, DISCORD_TOKEN, SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET]) {
      expect(stderr).not.toContain(secret);
      // Nor a large piece of one.
      expect(stderr).not.toContain(secret.slice(-16));
    }
    const posted = discord.messages.get(GENERAL.id) ?? [];
    const titles = posted.flatMap((m) => (m.embeds as { title?: string }[]).map((e) => e.title ?? '')).filter((t) => t.length > 12);
    expect(titles.length).toBeGreaterThan(0);
    for (const title of titles) expect(stderr).not.toContain(title.replace(/^\d+\.\s*/, '').slice(0, 40));
    // What Paperboy tried to post on Slack (refused, but written all the same): its text and block texts.
    const slackTexts = slack
      .callsTo('chat.postMessage')
      .flatMap((call) => [String(call.args.text ?? ''), ...JSON.stringify(call.args.blocks ?? []).match(/"text":"[^"]{20,}"/g) ?? []])
      .map((text) => text.replace(/^"text":"/, '').slice(0, 40))
      .filter((text) => text.length >= 20);
    expect(slackTexts.length).toBeGreaterThan(2);
    for (const text of slackTexts) expect(stderr).not.toContain(text);
    expect(stderr).not.toContain('quokka');
    // response_url can post as the app for half an hour.
    expect(stderr).not.toContain('/respond/');
    // The most talkative level really was on, the chat SDKs' own lines included.
    expect(stderr).toMatch(/"level":20,.*"component":"slack","msg":"http request body: \[payload left out\]"/);
  });
});
