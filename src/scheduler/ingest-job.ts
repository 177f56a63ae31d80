/**
 * Re-polls recent Daily Papers on INGEST_CRON (UTC), so the day's growing list and its moving upvotes
 * stay fresh and new papers reach topic alerts. Runs never overlap; a failed run is logged and the
 * next one tries again.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../logger.js';

export interface IngestJob {
  stop(): Promise<void>;
}

export function createIngestJob(options: {
  readonly expression: string;
  readonly run: () => Promise<void>;
  readonly logger: Logger;
}): IngestJob {
  const { expression, run, logger } = options;
  let inFlight: Promise<void> | undefined;
  const task: ScheduledTask = cron.schedule(
    expression,
    async () => {
      inFlight = run().catch((error: unknown) => logger.warn({ err: error }, 'scheduled ingest failed; the next run will try again'));
      await inFlight;
      inFlight = undefined;
    },
    { name: 'ingest', timezone: 'UTC', noOverlap: true },
  );
  return {
    async stop() {
      await task.destroy();
      await inFlight;
    },
  };
}
