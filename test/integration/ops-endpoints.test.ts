/**
 * `paperboy start` with HTTP_PORT: /healthz, /readyz and /metrics as an orchestrator and a
 * Prometheus server see them, on the console (no chat credentials) over real SQLite and the fake
 * Hugging Face; then a process that cannot reach Hugging Face, which is alive but not ready.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../fakes/slack-harness.js';
import { useFixtureWorld } from '../helpers/fixture-world.js';
import { backfillTo, REPO, scratch } from '../helpers/run-cli.js';

interface Bot {
  readonly child: ChildProcess;
  readonly base: string;
  stderr(): string;
  stop(): Promise<number | null>;
}

async function startBot(env: Record<string, string>): Promise<Bot> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(REPO, 'bin/paperboy'), 'start'], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', HTTP_PORT: String(port), ...env },
    // Standard input stays open: the console waits for commands, as in a terminal.
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdout?.resume();
  const base = `http://127.0.0.1:${port}`;
  await vi.waitFor(() => expect(stderr).toMatch(/HTTP endpoints listening/), { timeout: 30_000, interval: 100 });
  return {
    child,
    base,
    stderr: () => stderr,
    stop: async () => {
      const closed = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
      child.kill('SIGTERM');
      return closed;
    },
  };
}

async function readyz(bot: Bot): Promise<{ status: number; body: { status: string; checks: Record<string, { status: string; detail?: string }> } }> {
  const answer = await fetch(`${bot.base}/readyz`);
  return { status: answer.status, body: (await answer.json()) as never };
}

/** The value of one sample line of the Prometheus text (`name{labels} value`). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const world = useFixtureWorld();

describe('the operations endpoints of a running Paperboy', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot({ DATABASE_URL: world.tmp.db, HF_API_URL: world.hf.url, BACKFILL_DAYS: backfillTo('2026-06-01') });
  }, 40_000);
  afterAll(async () => {
    if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
  });

  it('says it is alive, and ready once the papers are fetched and indexed', async () => {
    const health = await fetch(`${bot.base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    await vi.waitFor(async () => expect((await readyz(bot)).status).toBe(200), { timeout: 20_000, interval: 200 });
    const { body } = await readyz(bot);
    expect(body.status).toBe('ok');
    expect(Object.keys(body.checks).sort()).toEqual(['database', 'index', 'ingest', 'migrations']);
    for (const check of Object.values(body.checks)) expect(check.status).toBe('ok');
    expect(body.checks.ingest?.detail).toMatch(/last successful ingest finished at \d{4}-/);
  });

  it('shows Prometheus metrics that follow what happens', async () => {
    const before = await (await fetch(`${bot.base}/metrics`)).text();
    expect(before).toMatch(/^# HELP paperboy_digests_total /m);
    expect(before).toMatch(/^# TYPE paperboy_search_duration_seconds histogram$/m);
    expect(before).toMatch(/^process_cpu_user_seconds_total /m);
    expect(before).toMatch(/^nodejs_heap_size_used_bytes /m);
    expect(sample(before, 'paperboy_papers')).toBeGreaterThan(0);
    expect(sample(before, 'paperboy_hf_requests_total{status="200"}')).toBe(world.hf.requests.length);
    const ingested = sample(before, 'paperboy_ingest_last_success_timestamp_seconds') ?? 0;
    expect(Math.abs(ingested * 1000 - Date.now())).toBeLessThan(5 * 60_000);
    expect(sample(before, 'paperboy_digests_total{platform="console",outcome="sent"}')).toBe(0);
    const searched = sample(before, 'paperboy_search_duration_seconds_count') ?? 0;

    bot.child.stdin?.write('/papers search --local-looking query about diffusion\n');
    bot.child.stdin?.write('/papers search diffusion\n');
    await vi.waitFor(
      async () => {
        const after = await (await fetch(`${bot.base}/metrics`)).text();
        expect(sample(after, 'paperboy_search_duration_seconds_count')).toBeGreaterThanOrEqual(searched + 2);
        // What people searched for is theirs: no query text in the metrics.
        expect(after).not.toMatch(/diffusion|looking/);
      },
      { timeout: 10_000, interval: 200 },
    );
  });

  it('serves nothing else', async () => {
    for (const path of ['/', '/metrics/', '/readyz/x', '/slack/events', '/discord/interactions', '/.env']) {
      expect((await fetch(`${bot.base}${path}`)).status, path).toBe(404);
    }
    expect((await fetch(`${bot.base}/healthz`, { method: 'POST' })).status).toBe(405);
  });

  it('stops listening when Paperboy stops', async () => {
    expect(await bot.stop()).toBe(0);
    await expect(fetch(`${bot.base}/healthz`)).rejects.toThrow();
  });
});

describe('a Paperboy that cannot reach Hugging Face', () => {
  it('is alive but not ready, and says which check fails', async () => {
    const unreachable = `http://127.0.0.1:${await freePort()}`;
    const fresh = scratch();
    const bot = await startBot({ DATABASE_URL: fresh.db, HF_API_URL: unreachable, BACKFILL_DAYS: '1' });
    try {
      expect((await fetch(`${bot.base}/healthz`)).status).toBe(200);
      await vi.waitFor(async () => expect((await readyz(bot)).body.checks.index?.status).toBe('ok'), { timeout: 20_000, interval: 200 });
      const { status, body } = await readyz(bot);
      expect(status).toBe(503);
      expect(body.status).toBe('fail');
      expect(body.checks.database).toEqual({ status: 'ok' });
      expect(body.checks.migrations).toEqual({ status: 'ok' });
      expect(body.checks.ingest).toEqual({ status: 'fail', detail: 'no ingest has finished yet' });
      const metrics = await (await fetch(`${bot.base}/metrics`)).text();
      expect(sample(metrics, 'paperboy_hf_requests_total{status="network"}')).toBeGreaterThan(0);
      // Never: 0, so `time() - paperboy_ingest_last_success_timestamp_seconds` alerts at once.
      expect(sample(metrics, 'paperboy_ingest_last_success_timestamp_seconds')).toBe(0);
    } finally {
      await bot.stop();
      fresh.cleanup();
    }
  }, 40_000);
});
