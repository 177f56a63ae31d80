/**
 * `paperboy start`. Chat platforms join here as they are built; with no chat credentials the console
 * runs: fetch the latest days, print the current digest and any alerts, then answer `/papers` lines
 * from standard input while recent days are re-polled on INGEST_CRON.
 */
import { UpstreamError } from './core/errors.js';
import { buildDigest } from './core/digest/build-digest.js';
import { digestReply } from './core/digest/digest-reply.js';
import { renderText } from './platforms/console/render-text.js';
import { printAlerts, runConsole } from './platforms/console/console-adapter.js';
import { createIngestJob } from './scheduler/ingest-job.js';
import { createProgress } from './cli/progress.js';
import { consoleIdentity, type App } from './main.js';

export interface ConsoleIo {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  readonly terminal: boolean;
}

export async function startConsole(app: App, io: ConsoleIo): Promise<void> {
  const { config, logger, store } = app;
  const say = (text: string) => io.output.write(`${text}\n`);
  const render = { color: io.terminal, width: Math.min(io.output.columns ?? 80, 100) };
  const { person, target } = consoleIdentity();

  // Ctrl-C or a stop signal outside the prompt (while fetching, or with piped input) leaves as
  // quietly as `exit`: every write is a single SQLite transaction, so stopping anywhere loses nothing.
  const leave = () => process.exit(0);
  process.once('SIGINT', leave);
  process.once('SIGTERM', leave);

  for (const name of ['DISCORD_TOKEN', 'SLACK_BOT_TOKEN'] as const) {
    if (config[name]) say(`${name} is set, but this version of Paperboy serves only the console; it is ignored.`);
  }

  await refresh(app, say, io.terminal);
  const digest = digestReply(await buildDigest(store, { settings: { top: 10, minUpvotes: 0 } }));
  say(digest ? renderText(digest, render) : 'No daily papers are stored yet; type /papers search <words> to ask Hugging Face directly.');

  const deliverAlerts = async () => {
    await app.alertDelivery.deliver(
      async (_person, reply) => {
        printAlerts(io.output, reply, render);
        return undefined;
      },
      app.clock.now(),
      { person },
    );
  };
  await deliverAlerts();

  const job = createIngestJob({
    expression: config.INGEST_CRON,
    logger,
    run: async () => {
      const report = await app.ingest.refresh(config.BACKFILL_DAYS);
      logger.info({ ...report }, 'scheduled ingest finished');
      await deliverAlerts();
    },
  });
  try {
    await runConsole({
      input: io.input,
      output: io.output,
      terminal: io.terminal,
      dispatch: app.dispatcher.dispatch,
      person,
      target,
      onIdle: deliverAlerts,
      logger,
      now: () => app.clock.now(),
      width: render.width,
    });
  } finally {
    process.off('SIGINT', leave);
    process.off('SIGTERM', leave);
    await job.stop();
  }
}

/** Fetches the latest days; when Hugging Face is unreachable, says so once and carries on. */
async function refresh(app: App, say: (text: string) => void, terminal: boolean): Promise<void> {
  const progress = createProgress(terminal ? process.stderr : undefined);
  try {
    const report = await app.ingest.refresh(app.config.BACKFILL_DAYS, progress.update);
    progress.stop();
    say(describeIngest(report));
  } catch (error) {
    progress.stop();
    if (!(error instanceof UpstreamError)) throw error;
    app.logger.warn({ err: error }, 'ingest at start failed');
    const stored = await app.store.papers.count();
    say(`${error.message} Serving the ${stored} papers already in the database.`);
  }
}

export function describeIngest(report: {
  readonly from?: string;
  readonly to?: string;
  readonly fetched: number;
  readonly inserted: number;
  readonly updated: number;
}): string {
  const range = report.from && report.to ? (report.from === report.to ? ` for ${report.from}` : ` for ${report.from} to ${report.to}`) : '';
  return `Fetched ${report.fetched} papers${range}: ${report.inserted} new, ${report.updated} updated.`;
}
