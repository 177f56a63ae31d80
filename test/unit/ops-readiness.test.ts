/**
 * /readyz's rules: an ingest is late after three intervals of INGEST_CRON (the longest gap of the
 * schedule, so a weekdays-only schedule is not late over a weekend); a hung or failing check
 * fails alone, without a password from a connection string; platforms that can tell are asked.
 */
import { describe, expect, it, vi } from 'vitest';
import { checkReadiness, type ReadinessDeps } from '../../src/ops/readiness.js';
import { ingestIntervalMs } from '../../src/scheduler/ingest-interval.js';

const NOW = new Date('2026-06-03T12:00:00Z');
const MINUTE = 60_000;

function deps(overrides: Partial<ReadinessDeps> = {}): ReadinessDeps {
  return {
    database: { ping: async () => undefined, pendingMigrations: async () => [] },
    index: { stats: () => ({ papers: 10 }) },
    platforms: () => [],
    lastIngest: async () => new Date(NOW.getTime() - 5 * MINUTE),
    ingestIntervalMs: 15 * MINUTE,
    clock: { now: () => NOW },
    ...overrides,
  };
}

describe('readiness', () => {
  it('takes the longest gap of the ingest schedule as its interval', () => {
    expect(ingestIntervalMs('*/15 * * * *')).toBe(15 * MINUTE);
    expect(ingestIntervalMs('0 */6 * * *')).toBe(360 * MINUTE);
    expect(ingestIntervalMs('0 9 * * 1-5')).toBe(72 * 60 * MINUTE);
  });

  it('fails the ingest check once the last ingest is older than three intervals', async () => {
    const at = (minutesAgo: number) => deps({ lastIngest: async () => new Date(NOW.getTime() - minutesAgo * MINUTE) });
    expect((await checkReadiness(at(44))).status).toBe('ok');
    const late = await checkReadiness(at(46));
    expect(late.status).toBe('fail');
    expect(late.checks.ingest).toEqual({
      status: 'fail',
      detail: 'the last successful ingest finished at 2026-06-03T11:14:00.000Z, more than 3 ingest intervals (45 min) ago',
    });
    expect(late.checks.database).toEqual({ status: 'ok' });
  });

  it('fails on pending migrations, an index being built, a platform not connected, and a database that errs', async () => {
    const result = await checkReadiness(
      deps({
        database: {
          ping: async () => Promise.reject(new Error('connect ECONNREFUSED postgres://paperboy:hunter22@db.example:5432/paperboy\nmore')),
          pendingMigrations: async () => ['0010-more'],
        },
        index: { stats: () => undefined },
        platforms: () => [{ platform: 'console' }, { platform: 'discord', health: () => ({ ok: false, detail: 'gateway reconnecting' }) }],
      }),
    );
    expect(result).toEqual({
      status: 'fail',
      checks: {
        database: { status: 'fail', detail: 'connect ECONNREFUSED postgres://db.example:5432/paperboy' },
        migrations: { status: 'fail', detail: '1 migration(s) not applied: 0010-more' },
        index: { status: 'fail', detail: 'the search index is being built' },
        discord: { status: 'fail', detail: 'gateway reconnecting' },
        ingest: expect.objectContaining({ status: 'ok' }),
      },
    });
  });

  it('fails a check that does not answer, and still answers', async () => {
    vi.useFakeTimers();
    try {
      const answer = checkReadiness(deps({ database: { ping: () => new Promise(() => undefined), pendingMigrations: async () => [] } }));
      await vi.advanceTimersByTimeAsync(2_000);
      const result = await answer;
      expect(result.checks.database).toEqual({ status: 'fail', detail: 'no answer within 2 s' });
      expect(result.checks.migrations).toEqual({ status: 'ok' });
    } finally {
      vi.useRealTimers();
    }
  });
});
