/**
 * Ingest of the whole corpus into a fresh SQLite file (or a fresh PostgreSQL database: `dbFile`
 * may be a postgres:// URL), from a fake Hugging Face served by this
 * (the bench's) process, as a real run would reach a remote API. Each run is a fresh process timed
 * from spawn to exit, so start-up, migrating the new file and closing it (the WAL checkpoint)
 * count as they do for a user:
 *
 * - production (`month-lists`): `bin/paperboy ingest --from … --to …`, the command itself, with
 *   HF_API_URL pointing at the fake;
 * - baseline (`day-lists`): a script that fetches one day list per day, sequentially, through the
 *   same Hugging Face client, and writes them with the same store in one upsert.
 *
 * A preload (`--import`) reports the child's resource usage on fd 3 as it exits; it changes nothing
 * the command does.
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { utcDate } from '../src/core/calendar-date.js';
import type { Paper } from '../src/core/paper.js';
import { createHuggingFaceSource } from '../src/sources/hf/index.js';
import { createStore, migrateToLatest, openDatabase, type Database } from '../src/store/index.js';
import { startFakeHuggingFace } from '../test/fakes/hf-server.js';
import { shiftDay } from '../test/fakes/hf-items.js';
import { repoRoot } from './archive.js';

export type IngestMode = 'month-lists' | 'day-lists';

export interface IngestJob {
  readonly mode: IngestMode;
  readonly dir: string;
  /** A SQLite file, or the URL of an empty PostgreSQL database. */
  readonly dbFile: string;
  readonly from: string;
  readonly to: string;
  /** The fake's today: later dates answer 400. The command itself runs on the real clock. */
  readonly today: string;
}

export interface IngestMeasure {
  readonly mode: IngestMode;
  /** From spawning the process to its exit. */
  readonly wallMs: number;
  /** CPU time of the ingesting process (user + system), the fake's excluded. */
  readonly cpuMs: number;
  /** Lists fetched (first pages of a day or month list). */
  readonly lists: number;
  readonly httpRequests: number;
  readonly papersFetched: number;
  readonly papersStored: number;
  /** The file (SQLite) or pg_database_size (PostgreSQL). */
  readonly dbBytes: number;
  /** Pages per table or index (SQLite's dbstat), the FTS5 shadow tables summed as `papers_fts*`; empty on PostgreSQL. */
  readonly dbBytesByObject: Record<string, number>;
  /** Peak resident set of the ingesting process. */
  readonly peakRssMb: number;
}

const MB = 1024 * 1024;
/** Writes `process.resourceUsage()` to fd 3 when the process exits. */
const PROBE = `data:text/javascript,${encodeURIComponent(
  "import { writeSync } from 'node:fs'; process.on('exit', () => { try { writeSync(3, JSON.stringify(process.resourceUsage())); } catch {} });",
)}`;
const FETCHED = /^Fetched (\d+) papers/m;

/** Runs one ingest in a fresh process against a fake served from this one, and returns what it measured. */
export async function measureIngest(job: IngestJob): Promise<IngestMeasure> {
  const realToday = utcDate(new Date());
  if (job.to > realToday) throw new Error(`bench: the archive ends on ${job.to}, after this machine's date (${realToday}); \`paperboy ingest\` refuses future days`);
  const fake = await startFakeHuggingFace({ dir: job.dir, today: job.today });
  try {
    const args =
      job.mode === 'month-lists'
        ? [join(repoRoot(), 'bin/paperboy'), 'ingest', '--from', job.from, '--to', job.to]
        : [fileURLToPath(import.meta.url), '--baseline', JSON.stringify({ ...job, url: fake.url })];
    const env = { PATH: process.env.PATH ?? '', HF_API_URL: fake.url, DATABASE_URL: job.dbFile };
    const postgres = isPostgresUrl(job.dbFile);
    const run = await runTimed(args, env, postgres ? tmpdir() : dirname(job.dbFile));
    const fetched = Number(FETCHED.exec(run.stdout)?.[1]);
    if (run.code !== 0 || !Number.isFinite(fetched)) {
      throw new Error(`bench: the ${job.mode} ingest exited with code ${run.code}: ${run.stderr.trim() || run.stdout.trim()}`);
    }
    const db = openDatabase(job.dbFile);
    try {
      return {
        mode: job.mode,
        wallMs: round(run.wallMs),
        cpuMs: round((run.usage.userCPUTime + run.usage.systemCPUTime) / 1000),
        lists: fake.requests.filter((r) => r.path === '/api/daily_papers' && r.query.p === '0').length,
        httpRequests: fake.requests.length,
        papersFetched: fetched,
        papersStored: Number((await sql<{ n: number }>`select count(*) as n from papers`.execute(db)).rows[0]?.n),
        dbBytes: postgres ? Number((await sql<{ n: number }>`select pg_database_size(current_database()) as n`.execute(db)).rows[0]?.n) : databaseBytes(job.dbFile),
        dbBytesByObject: postgres ? {} : await bytesByObject(db),
        // maxRSS is in kilobytes.
        peakRssMb: round((run.usage.maxRSS * 1024) / MB),
      };
    } finally {
      await db.destroy();
    }
  } finally {
    await fake.close();
  }
}

interface TimedRun {
  readonly code: number | null;
  readonly wallMs: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly usage: NodeJS.ResourceUsage;
}

function runTimed(args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Promise<TimedRun> {
  return new Promise((done, fail) => {
    const start = performance.now();
    const child = spawn(process.execPath, ['--import', PROBE, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    const out = { stdout: '', stderr: '', usage: '' };
    child.stdout?.on('data', (chunk: Buffer) => (out.stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (out.stderr += chunk.toString()));
    child.stdio[3]?.on('data', (chunk: Buffer) => (out.usage += chunk.toString()));
    child.on('error', fail);
    // 'close' (not 'exit'): the pipes, fd 3 included, have been read to the end.
    child.on('close', (code) => {
      const wallMs = performance.now() - start;
      try {
        done({ code, wallMs, stdout: out.stdout, stderr: out.stderr, usage: JSON.parse(out.usage) as NodeJS.ResourceUsage });
      } catch {
        fail(new Error(`bench: the ingest child reported no resource usage (exit code ${code}): ${out.stderr.trim()}`));
      }
    });
  });
}

/** The baseline: one day list per day, sequentially, then one upsert; prints what `paperboy ingest` prints. */
async function baseline(job: IngestJob & { url: string }): Promise<void> {
  const db = openDatabase(job.dbFile);
  await migrateToLatest(db);
  const store = createStore(db);
  const source = createHuggingFaceSource({ baseUrl: job.url });
  const byId = new Map<string, Paper>();
  for (let day = job.from; day <= job.to; day = shiftDay(day, 1)) {
    for (const paper of await source.daily(day)) {
      byId.delete(paper.id);
      byId.set(paper.id, paper);
    }
  }
  const result = await store.papers.upsert([...byId.values()], 'daily', new Date());
  await store.close();
  process.stdout.write(`Fetched ${byId.size} papers for ${job.from} to ${job.to}: ${result.inserted.length} new, ${result.updated.length} updated.\n`);
}

async function bytesByObject(db: Database): Promise<Record<string, number>> {
  const { rows } = await sql<{ name: string; bytes: number }>`select name, sum(pgsize) as bytes from dbstat group by name`.execute(db);
  const totals = new Map<string, number>();
  for (const { name, bytes } of rows) {
    const key = name.startsWith('papers_fts') ? 'papers_fts*' : bytes >= 64 * 1024 ? name : 'other';
    totals.set(key, (totals.get(key) ?? 0) + bytes);
  }
  return Object.fromEntries([...totals].sort((a, b) => b[1] - a[1]));
}

/** The file plus any WAL left behind (closing normally checkpoints and removes it). */
export function databaseBytes(file: string): number {
  const wal = `${file}-wal`;
  return statSync(file).size + (existsSync(wal) ? statSync(wal).size : 0);
}

const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//i.test(url);

export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href && process.argv[2] === '--baseline') {
  baseline(JSON.parse(process.argv[3] ?? '{}') as IngestJob & { url: string }).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
