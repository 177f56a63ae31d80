/** How often INGEST_CRON polls, for the readiness check that says an ingest is overdue. */
import cron from 'node-cron';

/** Runs looked at: enough to see a weekend in a weekdays-only schedule. */
const RUNS = 60;

/**
 * The longest gap between consecutive runs of the expression (UTC), in milliseconds: the interval
 * after which a missing ingest is certainly late, whatever the schedule's shape.
 */
export function ingestIntervalMs(expression: string): number {
  const task = cron.createTask(expression, () => undefined, { timezone: 'UTC' });
  try {
    const runs = task.getNextRuns(RUNS).map((d) => d.getTime());
    let longest = 0;
    for (let i = 1; i < runs.length; i += 1) longest = Math.max(longest, runs[i]! - runs[i - 1]!);
    return longest;
  } finally {
    void task.destroy();
  }
}
