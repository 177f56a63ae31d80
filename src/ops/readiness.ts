/**
 * `/readyz`: whether this process can do its work now. Each check answers `ok` or `fail` with a
 * short detail (never an id, a token or a person's data); any failure makes the whole answer
 * `fail`. A check that hangs (a database that stopped answering) fails after CHECK_TIMEOUT_MS.
 */
import pTimeout from 'p-timeout';
import type { Clock } from '../core/ports.js';

export interface Check {
  readonly status: 'ok' | 'fail';
  readonly detail?: string;
}

export interface Readiness {
  readonly status: 'ok' | 'fail';
  readonly checks: Readonly<Record<string, Check>>;
}

/** How a chat platform says it is connected (ChatAdapter.health). */
export interface PlatformHealth {
  readonly ok: boolean;
  readonly detail: string;
}

export interface ReadinessDeps {
  readonly database: {
    /** Resolves once the database answered a trivial query. */
    ping(): Promise<void>;
    /** Migrations known to this version and not applied to the database. */
    pendingMigrations(): Promise<readonly string[]>;
  };
  /** The search index: its size once built. */
  readonly index: { stats(): { readonly papers: number } | undefined };
  /** The chat platforms this process serves, each with its health when it can tell. */
  platforms(): readonly { readonly platform: string; health?(): PlatformHealth }[];
  lastIngest(): Promise<Date | undefined>;
  /** INGEST_CRON's interval; an ingest older than three of them fails the check. */
  readonly ingestIntervalMs: number;
  readonly clock: Clock;
}

export const CHECK_TIMEOUT_MS = 2_000;
const STALE_INTERVALS = 3;

export async function checkReadiness(deps: ReadinessDeps): Promise<Readiness> {
  const [database, migrations, ingest] = await Promise.all([
    check(async () => {
      await deps.database.ping();
      return ok();
    }),
    check(async () => {
      const pending = await deps.database.pendingMigrations();
      return pending.length === 0 ? ok() : fail(`${pending.length} migration(s) not applied: ${pending.join(', ')}`);
    }),
    check(() => ingestCheck(deps)),
  ]);
  const stats = deps.index.stats();
  const checks: Record<string, Check> = {
    database,
    migrations,
    index: stats ? ok(`${stats.papers} papers`) : fail('the search index is being built'),
  };
  for (const adapter of deps.platforms()) {
    if (!adapter.health) continue;
    const health = adapter.health();
    checks[adapter.platform] = health.ok ? ok(health.detail) : fail(health.detail);
  }
  checks.ingest = ingest;
  const status = Object.values(checks).every((c) => c.status === 'ok') ? 'ok' : 'fail';
  return { status, checks };
}

async function ingestCheck(deps: ReadinessDeps): Promise<Check> {
  const last = await deps.lastIngest();
  if (!last) return fail('no ingest has finished yet');
  const age = deps.clock.now().getTime() - last.getTime();
  const limit = STALE_INTERVALS * deps.ingestIntervalMs;
  const when = `the last successful ingest finished at ${last.toISOString()}`;
  return age > limit ? fail(`${when}, more than ${STALE_INTERVALS} ingest intervals (${minutes(limit)}) ago`) : ok(when);
}

async function check(run: () => Promise<Check>): Promise<Check> {
  try {
    return await pTimeout(run(), { milliseconds: CHECK_TIMEOUT_MS, message: `no answer within ${CHECK_TIMEOUT_MS / 1000} s` });
  } catch (error) {
    // The first line only, and never a URL's user and password (a driver's message can hold one).
    const line = error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : 'failed';
    return fail(line.replace(/\/\/[^/@\s]*@/g, '//'));
  }
}

function ok(detail?: string): Check {
  return detail === undefined ? { status: 'ok' } : { status: 'ok', detail };
}

function fail(detail: string): Check {
  return { status: 'fail', detail };
}

function minutes(ms: number): string {
  const m = Math.round(ms / 60_000);
  return m >= 120 ? `${Math.round(m / 60)} h` : `${m} min`;
}
