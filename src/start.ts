/**
 * `paperboy start`. With Discord or Slack credentials: connect every configured platform and run
 * the schedule until a stop signal. With none: the console, which fetches the latest days, prints
 * the current digest, and answers `/papers` lines from standard input while the same schedule runs
 * (a console channel's digest and the operator's alerts are printed).
 */
import { UpstreamError } from './core/errors.js';
import { buildDigest } from './core/digest/build-digest.js';
import { digestReply } from './core/digest/digest-reply.js';
import type { Messenger, Platform } from './core/ports.js';
import type { IngestReport } from './core/use-cases/ingest.js';
import { chatAdapters, consoleIdentity, type App } from './main.js';
import { runConsole } from './platforms/console/console-adapter.js';
import { createConsoleMessenger } from './platforms/console/messenger.js';
import { renderText } from './platforms/console/render-text.js';
import type { ChatAdapter } from './platforms/platform.js';
import { createScheduler, type Scheduler } from './scheduler/scheduler.js';

export interface ConsoleIo {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  readonly terminal: boolean;
}

export async function start(app: App, io: ConsoleIo): Promise<void> {
  const adapters = await chatAdapters(app);
  if (adapters.length === 0) return startConsole(app, io);
  return servePlatforms(app, adapters);
}

function scheduler(app: App, messengers: readonly Messenger[]): Scheduler {
  return createScheduler({
    store: app.store,
    ingest: app.ingest,
    messengers: new Map<Platform, Messenger>(messengers.map((m) => [m.platform, m])),
    clock: app.clock,
    logger: app.logger,
    config: app.config,
  });
}

/** Runs until SIGINT or SIGTERM, then lets in-flight sends finish before disconnecting. */
async function servePlatforms(app: App, adapters: readonly ChatAdapter[]): Promise<void> {
  const started: ChatAdapter[] = [];
  try {
    for (const adapter of adapters) {
      await adapter.start();
      started.push(adapter);
    }
  } catch (error) {
    await Promise.allSettled(started.map((a) => a.stop()));
    throw error;
  }
  const schedule = scheduler(app, adapters);
  const stopped = new Promise<string>((done) => {
    process.once('SIGINT', () => done('SIGINT'));
    process.once('SIGTERM', () => done('SIGTERM'));
  });
  await schedule.start();
  app.store.searchIndex?.start();
  app.logger.info({ platforms: adapters.map((a) => a.platform) }, 'Paperboy is running');
  const signal = await stopped;
  app.logger.info({ signal }, 'stopping: finishing in-flight sends');
  await schedule.stop();
  await Promise.allSettled(adapters.map((a) => a.stop()));
}

export async function startConsole(app: App, io: ConsoleIo): Promise<void> {
  const say = (text: string) => io.output.write(`${text}\n`);
  // A pseudo-terminal without a size reports 0 columns; that would put every word on its own line.
  const render = { color: io.terminal, width: Math.min(io.output.columns || 80, 100) };
  const { person, target } = consoleIdentity();

  // Ctrl-C or a stop signal outside the prompt (while fetching, or with piped input) leaves as
  // quietly as `exit`: every write is a single SQLite transaction, so stopping anywhere loses nothing.
  const leave = () => process.exit(0);
  process.once('SIGINT', leave);
  process.once('SIGTERM', leave);

  const schedule = scheduler(app, [createConsoleMessenger({ output: io.output, render })]);
  await refresh(app, schedule, say);
  const digest = digestReply(await buildDigest(app.store, { settings: { top: 10, minUpvotes: 0 } }));
  say(digest ? renderText(digest, render) : 'No daily papers are stored yet; type /papers search <words> to ask Hugging Face directly.');
  // The catch-up pass (digests and alerts missed while stopped) and the cron set-up run beside the
  // prompt rather than before it: what they deliver is printed as it comes, as every later pass is.
  const scheduled = schedule.start({ poll: false });
  app.store.searchIndex?.start();
  // Its failure is reported when the console ends (awaited below), not as an unhandled rejection.
  scheduled.catch(() => undefined);
  try {
    await runConsole({
      input: io.input,
      output: io.output,
      terminal: io.terminal,
      dispatch: app.dispatcher.dispatch,
      person,
      target,
      logger: app.logger,
      now: () => app.clock.now(),
      width: render.width,
    });
  } finally {
    process.off('SIGINT', leave);
    process.off('SIGTERM', leave);
    // Input that ends at once (piped) still lets the catch-up pass finish before the schedule stops.
    await scheduled;
    await schedule.stop();
  }
}

/** Fetches the latest days (alerts follow); when Hugging Face is unreachable, says so once and carries on. */
async function refresh(app: App, schedule: Scheduler, say: (text: string) => void): Promise<void> {
  try {
    say(describeIngest(await schedule.poll()));
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    app.logger.warn({ err: error }, 'ingest at start failed');
    const stored = await app.store.papers.count();
    say(`${error.message} Serving the ${stored} papers already in the database.`);
  }
}

export function describeIngest(report: Pick<IngestReport, 'from' | 'to' | 'fetched' | 'inserted' | 'updated'>): string {
  const range = report.from && report.to ? (report.from === report.to ? ` for ${report.from}` : ` for ${report.from} to ${report.to}`) : '';
  return `Fetched ${report.fetched} papers${range}: ${report.inserted} new, ${report.updated} updated.`;
}
