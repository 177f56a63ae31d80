/**
 * Delivery against a fake Discord that enforces Discord's rate limits (50 requests/s for the bot,
 * 5 per 5 s per channel route, bucket headers on every answer): instant alerts to 500 people and
 * digests to 100 channels, sent by one pass of the real scheduler through the real Discord adapter
 * (discord.js Client and REST queue) over the real store. The fake runs in this process and the bot
 * in a child process, as Discord and a bot are two machines: neither's event loop slows the other.
 *
 * The baseline is the platform's ceiling: the least time the two limits allow for the requests the
 * workload needs (a DM channel opened and a message for each person; for each digest the message,
 * its thread and the thread's detail messages): N requests under a limit of L per period P need at
 * least (⌈N / L⌉ − 1) · P, whether the windows are fixed (a route's bucket) or sliding (the global
 * limit as the fake counts it).
 *
 * Every request takes a network round trip (DELIVERY_LATENCY_MS, default 60 ms, or the environment's
 * BENCH_DELIVERY_LATENCY_MS): half of it before the fake counts the request, half before the answer
 * leaves. On loopback alone (0 ms) a delivery loop that sends one request at a time still looks fast;
 * at a real round trip only one that keeps several in flight reaches the ceiling.
 */
import { pino } from 'pino';
import { createCommandServices } from '../commands/services.js';
import { loadConfig } from '../src/config.js';
import { addDays } from '../src/core/calendar-date.js';
import type { PendingAlert } from '../src/core/ports.js';
import { createIngest } from '../src/core/use-cases/ingest.js';
import { WEEKDAYS } from '../src/core/weekdays.js';
import { platformContext } from '../src/main.js';
import { GLOBAL_PERIOD_MS } from '../src/platforms/discord/global-gate.js';
import { createDiscordAdapter } from '../src/platforms/discord/index.js';
import { createScheduler } from '../src/scheduler/scheduler.js';
import { createHuggingFaceSource } from '../src/sources/hf/index.js';
import { createStore, migrateToLatest, openDatabase } from '../src/store/index.js';
import { startFakeDiscord, type FakeDiscord, type RecordedCall } from '../test/fakes/discord-server.js';
import { channelRoute } from '../test/fakes/discord-rate-limit.js';
import { dailyItem } from '../test/fakes/hf-items.js';
import { startFakeHuggingFace } from '../test/fakes/hf-server.js';
import { ARCHIVE_TO } from './archive.js';
import { log, runInChild, serveChild } from './child.js';
import { builtInModel, createPaperGenerator } from './corpus.js';
import { higher, lower, type Result } from './report.js';

export const DELIVERY_PEOPLE = 500;
export const DELIVERY_CHANNELS = 100;
const GUILD_ID = '100000000000000001';
const ALERTS_PER_PERSON = 3;
const DAY_PAPERS = 30;
/** A typical round trip from a server to Discord's API. */
export const DELIVERY_LATENCY_MS = 60;

function latencyFromEnv(): number {
  const raw = process.env.BENCH_DELIVERY_LATENCY_MS;
  if (raw === undefined || raw.trim() === '') return DELIVERY_LATENCY_MS;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`BENCH_DELIVERY_LATENCY_MS must be a number of milliseconds ≥ 0, such as 0 or 60; got ${raw}`);
  return value;
}

interface DeliveryJob {
  readonly apiUrl: string;
  readonly token: string;
  readonly channelIds: readonly string[];
  readonly userIds: readonly string[];
  /** Default: a SQLite database in memory, prepared and delivered by the one child. */
  readonly databaseUrl?: string;
  /** Store the day's papers, queue the alerts and set the digests (default true). */
  readonly prepare?: boolean;
  /** Run the scheduler pass (default true). */
  readonly deliver?: boolean;
  /** One of `count` replicas: its pass starts once every replica has connected (noted in the database). */
  readonly replica?: { readonly index: number; readonly count: number };
}

interface DeliveryRun {
  /** Date.now() around the scheduler pass. */
  readonly startedAt: number;
  readonly endedAt: number;
  readonly digestsSent: number;
  readonly alertsSent: number;
  readonly retrying: number;
  readonly otherOutcomes: number;
}

/** Where each replica notes that it is connected, so that their passes begin together. */
const READY_KEY = 'bench.replica_ready';

/**
 * `latencyMs`: the round trip of every request (default: BENCH_DELIVERY_LATENCY_MS, else 60 ms).
 * `replicas`: that many bot processes on the PostgreSQL database `databaseUrl` (empty, migrated
 * here) deliver the same workload together, their passes started at the same moment.
 */
export async function measureDelivery(options: { readonly latencyMs?: number; readonly replicas?: { readonly count: number; readonly databaseUrl: string } } = {}): Promise<Result[]> {
  const latencyMs = options.latencyMs ?? latencyFromEnv();
  const channelIds = Array.from({ length: DELIVERY_CHANNELS }, (_, i) => String(300_000_000_000_000_000n + BigInt(i)));
  const userIds = Array.from({ length: DELIVERY_PEOPLE }, (_, i) => String(200_000_000_000_000_000n + BigInt(i)));
  const discord = await startFakeDiscord({
    guilds: [{ id: GUILD_ID, name: 'Bench', ownerId: userIds[0]! }],
    channels: channelIds.map((id, i) => ({ id, type: 0, name: `papers-${i}`, guildId: GUILD_ID })),
    users: userIds.map((id, i) => ({ id, username: `reader${i}` })),
    rateLimit: true,
    latencyMs,
  });
  try {
    const job = { apiUrl: discord.apiUrl, token: discord.token, channelIds, userIds };
    const replicas = options.replicas;
    if (!replicas) {
      log(`delivery: ${DELIVERY_PEOPLE} alert DMs and ${DELIVERY_CHANNELS} digests through the rate-limited fake Discord, ${latencyMs} ms round trip…`);
      const run = await runInChild<DeliveryJob, DeliveryRun>(import.meta.url, job);
      return analyse(discord, run, new Set(channelIds), new Set(userIds), latencyMs);
    }
    log(`delivery: the same by ${replicas.count} replicas on one PostgreSQL database…`);
    await runInChild<DeliveryJob, DeliveryRun>(import.meta.url, { ...job, databaseUrl: replicas.databaseUrl, deliver: false });
    const runs = await Promise.all(
      Array.from({ length: replicas.count }, (_, index) =>
        runInChild<DeliveryJob, DeliveryRun>(import.meta.url, { ...job, databaseUrl: replicas.databaseUrl, prepare: false, replica: { index, count: replicas.count } }),
      ),
    );
    const together: DeliveryRun = {
      startedAt: Math.min(...runs.map((r) => r.startedAt)),
      endedAt: Math.max(...runs.map((r) => r.endedAt)),
      digestsSent: sum(runs.map((r) => r.digestsSent)),
      alertsSent: sum(runs.map((r) => r.alertsSent)),
      retrying: sum(runs.map((r) => r.retrying)),
      otherOutcomes: sum(runs.map((r) => r.otherOutcomes)),
    };
    return replicaResults(analyse(discord, together, new Set(channelIds), new Set(userIds), latencyMs), replicas.count, runs);
  } finally {
    await discord.close();
  }
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** The single-process results renamed for replicas, with who sent what. */
function replicaResults(results: readonly Result[], count: number, runs: readonly DeliveryRun[]): Result[] {
  const split = runs.map((r) => `${r.digestsSent} digests + ${r.alertsSent} DMs`).join(', ');
  const wanted: Record<string, string> = {
    delivery_ceiling_ratio: 'replicas_delivery_ceiling_ratio',
    delivery_s: 'replicas_delivery_s',
    delivery_429s: 'replicas_delivery_429s',
    delivery_lost: 'replicas_delivery_lost',
    delivery_duplicates: 'replicas_delivery_duplicates',
  };
  return results.flatMap((r) => {
    const name = wanted[r.name];
    if (!name) return [];
    return [{ ...r, name, note: `${count} replicas (bot processes, one scheduler pass each, started together) on one PostgreSQL database, sharing the bot's limits; ${name === 'replicas_delivery_s' ? `sent per replica: ${split}; ` : ''}${r.note ?? ''}` }];
  });
}

function analyse(discord: FakeDiscord, run: DeliveryRun, channelIds: ReadonlySet<string>, userIds: ReadonlySet<string>, latencyMs: number): Result[] {
  const epoch = (call: RecordedCall) => performance.timeOrigin + call.at;
  const during = discord.calls.filter((c) => epoch(c) >= run.startedAt);
  const refused = during.filter((c) => c.status === 429).length;
  const needed = during.filter((c) => c.method === 'POST' && c.status < 300);
  const { limits } = discord.rateLimiter!;
  const perBucket = new Map<string, number>();
  for (const call of needed) {
    const routed = channelRoute(call.path);
    if (routed) perBucket.set(`${routed.route} ${routed.channelId}`, (perBucket.get(`${routed.route} ${routed.channelId}`) ?? 0) + 1);
  }
  const windows = (n: number, limit: number) => Math.max(0, Math.ceil(n / limit) - 1);
  const globalMs = windows(needed.length, limits.globalLimit) * limits.globalPeriodMs;
  const routeMs = Math.max(0, ...[...perBucket.values()].map((n) => windows(n, limits.routeLimit) * limits.routePeriodMs));
  const ceilingMs = Math.max(globalMs, routeMs);
  const wallMs = run.endedAt - run.startedAt;

  // What arrived: a DM in each person's channel, a digest in each channel and its details in a thread.
  let dmsMissing = DELIVERY_PEOPLE;
  let digestsMissing = DELIVERY_CHANNELS;
  let threadsMissing = DELIVERY_CHANNELS;
  let duplicates = 0;
  for (const [channelId, list] of discord.messages) {
    const channel = discord.channels.get(channelId);
    if (channel?.type === 1 && channel.recipientId && userIds.has(channel.recipientId)) dmsMissing -= 1;
    else if (channelIds.has(channelId)) digestsMissing -= 1;
    else if (channel?.type === 11 && channel.parentId && channelIds.has(channel.parentId)) threadsMissing -= 1;
    if (channel?.type !== 11) duplicates += list.length - 1;
  }
  const lost = dmsMissing + digestsMissing + threadsMissing;
  const deliveries = DELIVERY_PEOPLE + DELIVERY_CHANNELS;
  const ratio = ceilingMs / wallMs;
  const workload = `${needed.length} requests needed (${DELIVERY_PEOPLE} DM opens + ${DELIVERY_PEOPLE} DMs, ${DELIVERY_CHANNELS} digests with their threads and detail messages; busiest channel bucket ${Math.max(0, ...perBucket.values())})`;
  log(`delivery: ${(wallMs / 1000).toFixed(2)} s against a ceiling of ${(ceilingMs / 1000).toFixed(2)} s at a ${latencyMs} ms round trip; ${refused} answered 429; ${lost} lost`);
  return [
    higher('delivery_ceiling_ratio', ratio, 'fraction', {
      target: { atLeast: 0.9 },
      note: `at a ${latencyMs} ms round trip per request: ${deliveries} deliveries at ${(deliveries / (wallMs / 1000)).toFixed(1)}/s against the ceiling's ${(deliveries / (ceilingMs / 1000)).toFixed(1)}/s: ${workload}; ceiling ${(ceilingMs / 1000).toFixed(2)} s = the least time ${limits.globalLimit}/s global and ${limits.routeLimit} per ${limits.routePeriodMs / 1000} s per channel route allow; measured over the whole scheduler pass`,
    }),
    lower('delivery_latency_ms', latencyMs, 'ms', { note: 'the round trip the fake Discord added to every request (half before counting it, half before answering); BENCH_DELIVERY_LATENCY_MS sets it' }),
    lower('delivery_s', wallMs / 1000, 's', {
      baseline: ceilingMs / 1000,
      note: `one scheduler pass (scheduler reported ${run.alertsSent} DMs, ${run.digestsSent} digests sent, ${run.retrying} left for retry, ${run.otherOutcomes} other); baseline: the platform's ceiling`,
    }),
    lower('delivery_429s', refused, 'count', { target: { atMost: 0 }, note: `answers 429 during the pass (${discord.rateLimiter!.stats().globalRefused} global, ${discord.rateLimiter!.stats().routeRefused} per route, over the whole run)` }),
    lower('delivery_lost', lost, 'count', {
      target: { atMost: 0 },
      note: `missing: ${dmsMissing} DMs, ${digestsMissing} digests, ${threadsMissing} detail threads; ${duplicates} duplicate messages`,
    }),
    lower('delivery_duplicates', duplicates, 'count', { target: { atMost: 0 }, note: 'messages beyond the first in a DM or digest channel' }),
  ];
}

/** In the child: the bot, its store and its scheduler, with papers for the digests and alerts queued. */
async function deliverAll(job: DeliveryJob): Promise<DeliveryRun> {
  const day = ARCHIVE_TO;
  const slotDay = addDays(day, 1);
  const now = new Date(`${slotDay}T09:01:00.000Z`);
  const clock = { now: () => new Date(now) };
  const next = createPaperGenerator(builtInModel(), 42);
  const papers = Array.from({ length: DAY_PAPERS }, (_, i) => next(i)).filter((p) => p.dailyDate === day);
  const hf = await startFakeHuggingFace({
    today: slotDay,
    days: {
      [day]: papers.map((p) =>
        dailyItem({ id: p.id, date: day, title: p.title, summary: p.summary, upvotes: p.upvotes, authors: p.authors, keywords: p.aiKeywords }),
      ),
    },
  });
  const databaseUrl = job.databaseUrl ?? ':memory:';
  const db = openDatabase(databaseUrl);
  await migrateToLatest(db);
  const store = createStore(db, { clock });
  const logger = pino({ level: 'warn' }, process.stderr);
  const config = loadConfig({ DISCORD_TOKEN: job.token, DISCORD_API_URL: job.apiUrl, HF_API_URL: hf.url, DATABASE_URL: databaseUrl });
  const source = createHuggingFaceSource({ baseUrl: hf.url, retries: 0, timeoutMs: 5_000 });
  const services = createCommandServices({ ...store, source });
  const adapter = createDiscordAdapter(platformContext({ config, logger, clock, services, store }), { register: false });
  const ingest = createIngest({ source, papers: store.papers, alerts: store.alerts, subscriptions: store.subscriptions, meta: store.meta, clock });
  const scheduler = createScheduler({
    store,
    ingest,
    messengers: new Map([['discord', adapter]]),
    clock,
    logger,
    config: { INGEST_CRON: '*/15 * * * *', BACKFILL_DAYS: 2, CATCHUP_GRACE_HOURS: 12 },
  });
  try {
    if (job.deliver !== false) await adapter.start();
    if (job.prepare !== false) await prepare();
    if (job.deliver === false) return { startedAt: 0, endedAt: 0, digestsSent: 0, alertsSent: 0, retrying: 0, otherOutcomes: 0 };
    if (job.replica) await allConnected(job.replica);
    const startedAt = Date.now();
    const report = await scheduler.pass({ instant: true });
    const endedAt = Date.now();
    const sent = report.digests.filter((d) => d.outcome.status === 'sent').length;
    const retrying = report.digests.filter((d) => d.outcome.status === 'retry').length + report.alerts.retrying;
    return {
      startedAt,
      endedAt,
      digestsSent: sent,
      alertsSent: report.alerts.sent,
      retrying,
      otherOutcomes: report.digests.length - sent - report.digests.filter((d) => d.outcome.status === 'retry').length + report.alerts.unreachable,
    };
  } finally {
    await scheduler.stop();
    if (job.deliver !== false) await adapter.stop();
    await store.close();
    await hf.close();
  }

  /**
   * Notes this replica as connected and waits for the others, then for one period of the global
   * limit: a replica still logging in while another delivers would add its login's requests to the
   * bot's count (a 429 the delivery did not cause), as would the last one's login within the second
   * before the passes start.
   */
  async function allConnected({ index, count }: { readonly index: number; readonly count: number }): Promise<void> {
    await store.meta.set(`${READY_KEY}.${index}`, 'yes', new Date());
    for (;;) {
      const ready = await Promise.all(Array.from({ length: count }, (_, i) => store.meta.get(`${READY_KEY}.${i}`)));
      if (ready.every((value) => value === 'yes')) return new Promise((done) => setTimeout(done, GLOBAL_PERIOD_MS));
      await new Promise((done) => setTimeout(done, 20));
    }
  }

  /** The day's papers polled, three alerts queued per person, a digest due in every channel. */
  async function prepare(): Promise<void> {
    await scheduler.poll();
    const ids = papers.map((p) => p.id);
    const alerts: PendingAlert[] = job.userIds.flatMap((userId, i) =>
      Array.from({ length: ALERTS_PER_PERSON }, (_, k) => ({ person: { platform: 'discord' as const, userId }, paperId: ids[(i + k) % ids.length]!, topics: ['diffusion'] })),
    );
    await store.alerts.enqueue(alerts, clock.now());
    const updatedAt = `${day}T12:00:00.000Z`;
    for (const channelId of job.channelIds) {
      await store.digests.save({
        target: { platform: 'discord', channelId, workspaceId: GUILD_ID },
        time: '09:00',
        timezone: 'UTC',
        weekdays: WEEKDAYS,
        top: 10,
        minUpvotes: 0,
        enabled: true,
        updatedAt,
      });
    }
  }
}

serveChild(import.meta.url, deliverAll);
