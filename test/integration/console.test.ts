/**
 * `npm start` with no chat credentials: the console as a child process with piped standard input,
 * against the fake Hugging Face server.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFakeHuggingFace, type FakeHuggingFace } from '../fakes/hf-server.js';
import { backfillTo, FIXTURES, REPO, runCli, scratch } from '../helpers/run-cli.js';

let hf: FakeHuggingFace;
let tmp: ReturnType<typeof scratch>;
let env: Record<string, string>;

beforeAll(async () => {
  hf = await startFakeHuggingFace({ dir: FIXTURES });
});
afterAll(() => hf.close());
beforeEach(() => {
  tmp = scratch();
  env = { DATABASE_URL: tmp.db, HF_API_URL: hf.url, BACKFILL_DAYS: backfillTo('2026-06-01') };
});
afterEach(() => tmp.cleanup());

describe('paperboy start (console)', () => {
  it('backfills, prints the digest and answers /papers lines until the input ends', async () => {
    const input = ['/papers search origami attention', '/papers subscribe "speculative decoding"', '/papers subscriptions', ''].join('\n');
    const result = await runCli(['start'], { env, input });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const out = result.stdout;
    expect(out).toMatch(/Fetched 41 papers .*: 41 new, 0 updated\./);
    // The digest of the latest day with papers (Friday 5 June), before any answer.
    const digestAt = out.search(/Fri 5 Jun 2026/);
    expect(digestAt).toBeGreaterThan(-1);
    const searchAt = out.indexOf('Origami Attention: Folding Long Contexts into Constant Memory');
    expect(searchAt).toBeGreaterThan(digestAt);
    expect(out).toMatch(/1\. "speculative decoding"/);
    // Backfill of a new database goes through month lists.
    expect(hf.requests.some((r) => r.path === '/api/daily_papers' && r.query.month === '2026-06')).toBe(true);
  });

  it('prints alerts for topics when new papers arrive on a later start, once', async () => {
    const day = (date: string) => JSON.parse(readFileSync(join(FIXTURES, `daily_papers-${date}.json`), 'utf8')) as unknown[];
    const growing = await startFakeHuggingFace({ days: { '2026-06-01': day('2026-06-01'), '2026-06-02': day('2026-06-02') } });
    try {
      const live = { ...env, HF_API_URL: growing.url };
      const first = await runCli(['start'], { env: live, input: '/papers subscribe "speculative decoding"\n' });
      expect(first.code).toBe(0);
      expect(first.stdout).not.toMatch(/--- direct message ---/);
      // Wednesday's list appears; the next start re-polls, finds it and alerts.
      growing.setDay('2026-06-03', day('2026-06-03'));
      const second = await runCli(['start'], { env: live });
      expect(second.code).toBe(0);
      expect(second.stdout).toMatch(/--- direct message ---\n1 new paper on your topics/);
      expect(second.stdout).toMatch(/Benchmarking Speculative Decoding Across Ten Serving Stacks/);
      const third = await runCli(['start'], { env: live });
      expect(third.stdout).not.toMatch(/--- direct message ---/);
    } finally {
      await growing.close();
    }
  });

  it('says in one line that Hugging Face is unreachable and keeps serving the database', async () => {
    await runCli(['ingest', '--date', '2026-06-03'], { env });
    const offline = { ...env, HF_API_URL: 'http://127.0.0.1:9' };
    const result = await runCli(['start'], { env: offline, input: '/papers search "self-correcting agents"\n', timeoutMs: 90_000 });
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.filter((l) => /Hugging Face/.test(l) && /reach/.test(l))).toHaveLength(2);
    expect(result.stdout).toMatch(/Serving the \d+ papers already in the database/);
    expect(result.stdout).toMatch(/Self-Correcting Agents via Execution Traces/);
  }, 90_000);

  it('leaves with status 0 on Ctrl-C while waiting for input', async () => {
    const child = spawn(process.execPath, [join(REPO, 'bin/paperboy'), 'start'], {
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'error', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    await vi.waitFor(() => expect(out).toMatch(/papers · huggingface\.co\/papers/), { timeout: 20_000, interval: 100 });
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('answers a usage error in one sentence and carries on', async () => {
    const result = await runCli(['start'], { env, input: '/papers frobnicate\n/papers alerts sometimes\n/papers search "unclosed\n' });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/at .*\.js:\d+/); // no stack trace
    expect(result.stdout).toMatch(/frobnicate/);
    expect(result.stdout).toMatch(/instant|daily|off/);
  });
});
