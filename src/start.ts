/**
 * `paperboy start`, one path for every platform: start each configured chat platform (with none,
 * the console), poll Hugging Face, greet the platforms that show it (the console prints what was
 * fetched and the current digest above its prompt), then run the schedule beside them until a stop
 * signal or a platform that ends by itself (the console at `exit`), and stop them all gracefully.
 */
import { buildDigest } from './core/digest/build-digest.js';
import { digestReply } from './core/digest/digest-reply.js';
import { UpstreamError } from './core/errors.js';
import type { Platform } from './core/ports.js';
import type { IngestReport } from './core/use-cases/ingest.js';
import { chatAdapters, type App } from './main.js';
import { prepareOperations, serveOwnRoutes } from './ops/operations.js';
import type { ConsoleIo } from './platforms/console/console-adapter.js';
import type { ChatAdapter, Startup } from './platforms/platform.js';
import { CHAT_PLATFORMS, type PlatformEntry } from './platforms/registry.js';
import { createScheduler, type Scheduler } from './scheduler/scheduler.js';

export type { ConsoleIo } from './platforms/console/console-adapter.js';

export async function start(app: App, io: ConsoleIo, platforms: readonly PlatformEntry[] = CHAT_PLATFORMS): Promise<void> {
  // Routes first: a platform that listens over HTTP (Slack) takes them in when it is created.
  const operations = prepareOperations(app);
  const adapters = await chatAdapters(app, io, platforms);
  operations?.watch(adapters);
  const schedule = createScheduler({
    metrics: app.metrics,
    store: app.store,
    ingest: app.ingest,
    messengers: new Map<Platform, ChatAdapter>(adapters.map((a) => [a.platform, a])),
    clock: app.clock,
    logger: app.logger,
    config: app.config,
  });
  // Listening before the platforms connect: /healthz answers, and /readyz says what is not ready yet.
  const http = await serveOwnRoutes(app);
  // Until the schedule runs nothing is being sent, and every write is one SQLite transaction:
  // a stop signal while connecting or fetching leaves at once, as quietly as `exit`.
  const leave = () => process.exit(0);
  process.once('SIGINT', leave);
  process.once('SIGTERM', leave);
  const started: ChatAdapter[] = [];
  let startup: Startup;
  try {
    for (const adapter of adapters) {
      await adapter.start();
      started.push(adapter);
    }
    startup = await firstPoll(app, schedule);
  } catch (error) {
    await Promise.allSettled([...started.map((a) => a.stop()), http?.close()]);
    throw error;
  } finally {
    process.off('SIGINT', leave);
    process.off('SIGTERM', leave);
  }

  const stop = stopSignal(adapters);
  try {
    for (const adapter of adapters) await adapter.greet?.(startup);
    // The catch-up pass (digests and alerts missed while stopped) and the cron jobs run beside the
    // platforms; what they deliver is posted (or printed) as it comes, as every later pass is.
    const scheduled = schedule.start({ poll: false });
    // Its failure is reported when Paperboy stops (awaited below), not as an unhandled rejection.
    scheduled.catch(() => undefined);
    app.store.searchIndex.start();
    app.logger.info({ platforms: adapters.map((a) => a.platform) }, 'Paperboy is running');
    app.logger.info({ reason: await stop.signalled }, 'stopping: finishing in-flight sends');
    // Input that ends at once (a piped console) still lets the catch-up pass finish.
    await scheduled;
  } finally {
    stop.dispose();
    await schedule.stop();
    await Promise.allSettled([...adapters.map((a) => a.stop()), http?.close()]);
  }
}

/** SIGINT, SIGTERM, or a platform that ended by itself; `dispose` takes the signal handlers back. */
function stopSignal(adapters: readonly ChatAdapter[]): { readonly signalled: Promise<string>; dispose(): void } {
  let done = (_reason: string) => {};
  const signalled = new Promise<string>((resolve) => (done = resolve));
  const interrupt = () => done('SIGINT');
  const terminate = () => done('SIGTERM');
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', terminate);
  for (const adapter of adapters) void adapter.ended?.then(() => done(`${adapter.platform} ended`));
  return {
    signalled,
    dispose() {
      process.off('SIGINT', interrupt);
      process.off('SIGTERM', terminate);
    },
  };
}

/** Fetches the latest days (instant alerts follow); when Hugging Face is unreachable, says so and carries on. */
async function firstPoll(app: App, schedule: Scheduler): Promise<Startup> {
  let fetched: string;
  try {
    const report = await schedule.poll();
    fetched = 'elsewhere' in report ? `Another replica is fetching the latest papers; serving the ${await app.store.papers.count()} papers in the database.` : describeIngest(report);
  } catch (error) {
    app.logger.warn({ err: error }, 'ingest at start failed');
    const why = error instanceof UpstreamError ? error.message : 'Fetching the latest papers failed (details are in the log).';
    fetched = `${why} Serving the ${await app.store.papers.count()} papers already in the database.`;
  }
  return {
    fetched,
    digest: async () => digestReply(await buildDigest(app.store, { settings: { top: 10, minUpvotes: 0 } })),
  };
}

export function describeIngest(report: Pick<IngestReport, 'from' | 'to' | 'fetched' | 'inserted' | 'updated'>): string {
  const range = report.from && report.to ? (report.from === report.to ? ` for ${report.from}` : ` for ${report.from} to ${report.to}`) : '';
  return `Fetched ${report.fetched} papers${range}: ${report.inserted} new, ${report.updated} updated.`;
}
