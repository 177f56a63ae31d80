/**
 * The world the fault-injection suite runs the bot in: a fake Hugging Face and a fake Discord (and,
 * when asked, a fake Slack) on 127.0.0.1, a database (a SQLite file, or a PostgreSQL database the
 * suite made) prepared through the real store (papers already known, channels whose digest slot
 * passed two minutes ago, and with `slotsPerTarget: 2` also yesterday's; people subscribed to a
 * topic that new papers match), and bot processes to start, kill and restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PersonRef, TargetRef } from '../../../src/core/ports.js';
import { createIngest } from '../../../src/core/use-cases/ingest.js';
import { createHuggingFaceSource } from '../../../src/sources/hf/index.js';
import { createStore, migrateToLatest, openDatabase, type Store } from '../../../src/store/index.js';
import { startFakeDiscord, type FakeChannel, type FakeDiscord, type FakeUser } from '../../fakes/discord-server.js';
import { dailyItem, dailyItems, shiftDay } from '../../fakes/hf-items.js';
import { startFakeHuggingFace, type FakeHuggingFace } from '../../fakes/hf-server.js';
import { startFakeSlack, type FakeSlack } from '../../fakes/slack-api.js';

export const REPO = resolve(import.meta.dirname, '../../..');
/** The compiled bot (npm test builds it first). */
export const BOT = join(REPO, 'dist/test/faults/support/bot.js');

const GUILD = { id: '910000000000000001', name: 'Fault Lab', ownerId: '920000000000000009' };
export const CHANNELS: readonly FakeChannel[] = ['1', '2', '3'].map((n) => ({ id: `93000000000000000${n}`, type: 0, name: `papers-${n}`, guildId: GUILD.id }));
export const PEOPLE: readonly FakeUser[] = [
  { id: '920000000000000001', username: 'alice' },
  { id: '920000000000000002', username: 'bob' },
];
export const TOPIC = 'diffusion';
/** Papers the new days bring that match TOPIC: each person must get each of them exactly once. */
export const MATCHING = ['2611.80001', '2611.80002', '2611.80003'];
/** With `slack`: two channels with a digest and one person subscribed there too. */
export const SLACK_CHANNELS = ['C0FAULTS1', 'C0FAULTS2'];
export const SLACK_PEOPLE = ['U0CAROL'];

export interface WorldOptions {
  readonly graceHours?: number;
  readonly database?: string;
  /** A fake Slack as well (Socket Mode), with SLACK_CHANNELS and SLACK_PEOPLE. */
  readonly slack?: boolean;
  /** Due slots per channel: 1 (the one two minutes ago) or 2 (yesterday's too; the grace covers it). */
  readonly slotsPerTarget?: 1 | 2;
}

export interface World {
  readonly dir: string;
  readonly db: string;
  readonly hf: FakeHuggingFace;
  readonly discord: FakeDiscord;
  readonly slack: FakeSlack | undefined;
  /** Every channel with a digest, on every platform. */
  readonly targets: readonly TargetRef[];
  /** Everyone subscribed to TOPIC. */
  readonly people: readonly PersonRef[];
  /** The digest slots every channel is due for (ISO), oldest first. */
  readonly slots: readonly string[];
  /** The latest of `slots`. */
  readonly slot: string;
  /** The papers each person must be alerted to: MATCHING, and those `addNews` listed since. */
  readonly matching: readonly string[];
  /** Lists one more paper matching TOPIC on today's list (the next poll brings it); returns its id. */
  addNews(): string;
  env(extra?: Record<string, string>): Record<string, string>;
  /** A store on the same file, for reading what the bot did. */
  open(): Store;
  close(): Promise<void>;
}

export async function createWorld(options: WorldOptions = {}): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-faults-'));
  const db = options.database ?? join(dir, 'paperboy.sqlite');
  const slotsPerTarget = options.slotsPerTarget ?? 1;
  const now = new Date();
  const today = now.toISOString().slice(0, 10);
  const days: Record<string, unknown[]> = {};
  // Known before the bot starts (the baseline), then new lists that bring news.
  for (let back = 6; back >= 4; back -= 1) days[shiftDay(today, -back)] = dailyItems(shiftDay(today, -back), 8, `2611.${back}`);
  for (const back of [2, 1, 0]) days[shiftDay(today, -back)] = dailyItems(shiftDay(today, -back), 12, `2611.${back + 1}`);
  const matching = [...MATCHING];
  MATCHING.forEach((id, i) => {
    const date = shiftDay(today, -(i % 2));
    days[date] = [...(days[date] ?? []), dailyItem({ id, date, title: `Diffusion paper ${i + 1}`, upvotes: 50 + i })];
  });
  const hf = await startFakeHuggingFace({ days, today });
  const discord = await startFakeDiscord({ guilds: [GUILD], channels: CHANNELS, users: PEOPLE });
  const slack = options.slack ? await startFakeSlack({ users: Object.fromEntries(SLACK_PEOPLE.map((id) => [id, {}])) }) : undefined;
  const targets: TargetRef[] = [
    ...CHANNELS.map((c) => ({ platform: 'discord', channelId: c.id, workspaceId: GUILD.id })),
    ...(slack ? SLACK_CHANNELS.map((channelId) => ({ platform: 'slack', channelId, workspaceId: slack.teamId })) : []),
  ];
  const people: PersonRef[] = [...PEOPLE.map(personRef), ...(slack ? SLACK_PEOPLE.map((userId) => ({ platform: 'slack', userId })) : [])];

  // The slot passed two minutes ago (UTC, every day); the schedule was set a day before the first due slot.
  const slotAt = new Date(Math.floor(now.getTime() / 60_000) * 60_000 - 2 * 60_000);
  const slots = Array.from({ length: slotsPerTarget }, (_, i) => new Date(slotAt.getTime() - (slotsPerTarget - 1 - i) * 24 * 3_600_000).toISOString());
  const graceHours = options.graceHours ?? (slotsPerTarget === 2 ? 26 : 12);
  const time = slotAt.toISOString().slice(11, 16);
  const database = openDatabase(db);
  await migrateToLatest(database);
  const store = createStore(database);
  const clock = { now: () => new Date(now.getTime() - slotsPerTarget * 24 * 3_600_000) };
  const baseline = createIngest({ source: createHuggingFaceSource({ baseUrl: hf.url, retries: 0 }), papers: store.papers, clock: { now: () => now } });
  await baseline.run({ from: shiftDay(today, -6), to: shiftDay(today, -4) });
  for (const target of targets) {
    await store.digests.save({
      target,
      time,
      timezone: 'UTC',
      weekdays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
      top: 5,
      minUpvotes: 0,
      enabled: true,
      updatedAt: clock.now().toISOString(),
    });
  }
  for (const person of people) await store.subscriptions.add(person, TOPIC, clock.now());
  await store.close();
  hf.requests.length = 0;

  return {
    dir,
    db,
    hf,
    discord,
    slack,
    targets,
    people,
    slots,
    slot: slots.at(-1)!,
    get matching() {
      return matching;
    },
    addNews() {
      const id = `2611.8${String(matching.length + 1).padStart(4, '0')}`;
      days[today] = [...(days[today] ?? []), dailyItem({ id, date: today, title: `Diffusion paper ${matching.length + 1}`, upvotes: 60 })];
      hf.setDay(today, days[today]);
      matching.push(id);
      return id;
    },
    env: (extra = {}) => ({
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATABASE_URL: db,
      HF_API_URL: hf.url,
      DISCORD_TOKEN: discord.token,
      DISCORD_API_URL: discord.apiUrl,
      ...(slack ? { SLACK_BOT_TOKEN: slack.botToken, SLACK_APP_TOKEN: slack.appToken, SLACK_API_URL: slack.url } : {}),
      CATCHUP_GRACE_HOURS: String(graceHours),
      BACKFILL_DAYS: '7',
      LOG_LEVEL: 'warn',
      ...extra,
    }),
    open: () => createStore(openDatabase(db)),
    async close() {
      await stopBots(db);
      await discord.close();
      await slack?.close();
      await hf.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function personRef(user: FakeUser): PersonRef {
  return { platform: 'discord', userId: user.id };
}

export interface BotProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
  /** Resolves once the catch-up pass is done (`ready`), or rejects when the process ends first. */
  readonly ready: Promise<void>;
  /** Resolves with the exit code and signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Bots still running, with their DATABASE_URL: a trial that fails half-way must not leave one
 * behind (it would outlive the run), and trials that run side by side close only their own.
 */
const running = new Map<ChildProcess, string>();

/** Kills every bot still running on `db` and waits for them to exit. */
async function stopBots(db: string): Promise<void> {
  await Promise.all(
    [...running].filter(([, url]) => url === db).map(
      ([child]) =>
        new Promise<void>((done) => {
          child.once('exit', () => done());
          if (child.exitCode !== null || child.signalCode !== null || !child.kill('SIGKILL')) done();
        }),
    ),
  );
}

/** Starts the fault suite's bot, or (`args`) the `paperboy` command line, which never prints `ready`. */
export function startBot(env: Record<string, string>, args: readonly string[] = [BOT]): BotProcess {
  const child = spawn(process.execPath, args, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.set(child, env.DATABASE_URL ?? '');
  child.on('exit', () => running.delete(child));
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
  const ready = new Promise<void>((done, fail) => {
    const check = () => {
      if (out.includes('ready\n')) done();
    };
    child.stdout!.on('data', check);
    void exited.then(({ code, signal }) => fail(new Error(`bot ended before ready (code ${code}, signal ${signal}):\n${out}`)));
  });
  ready.catch(() => undefined);
  return { child, output: () => out, ready, exited };
}

/** Polls `check` until it returns true (or throws its last failure after `timeoutMs`). */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}


/** Paper ids linked from a message (its embeds and content). */
export function paperIdsIn(message: unknown): Set<string> {
  return new Set([...JSON.stringify(message).matchAll(/huggingface\.co\/papers\/(\d{4}\.\d{4,5})/g)].map((m) => m[1]!));
}
