/**
 * Ingest of the whole corpus into a fresh SQLite file, the production way (month lists through
 * `createIngest`) and the baseline way (one day list per day, one upsert). Each run happens in a
 * child process of its own, fake Hugging Face server included, so its peak RSS is the kernel's
 * figure for that run alone and neither run inherits the other's heap.
 */
import { fork } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import type { Paper } from '../src/core/paper.js';
import type { PaperSource } from '../src/core/ports.js';
import { createIngest } from '../src/core/use-cases/ingest.js';
import { createHuggingFaceSource } from '../src/sources/hf/index.js';
import { createStore, migrateToLatest, openDatabase, type Database } from '../src/store/index.js';
import { startFakeHuggingFace } from '../test/fakes/hf-server.js';
import { shiftDay } from '../test/fakes/hf-items.js';

export type IngestMode = 'month-lists' | 'day-lists';

export interface IngestJob {
  readonly mode: IngestMode;
  readonly dir: string;
  readonly dbFile: string;
  readonly from: string;
  readonly to: string;
  /** The fake's today, and the ingest clock's day. */
  readonly today: string;
}

export interface IngestMeasure {
  readonly mode: IngestMode;
  readonly wallMs: number;
  /** Time spent waiting for lists (HTTP, JSON, validation); the rest is planning and the upsert. */
  readonly fetchMs: number;
  readonly writeMs: number;
  readonly lists: number;
  readonly httpRequests: number;
  readonly papersFetched: number;
  readonly papersStored: number;
  readonly dbBytes: number;
  /** Pages per table or index (SQLite's dbstat), the FTS5 shadow tables summed as `papers_fts*`. */
  readonly dbBytesByObject: Record<string, number>;
  /** Peak resident set of the child process (fake server, client and SQLite together). */
  readonly peakRssMb: number;
  /** Resident set once the fake server, database and modules were loaded, before the ingest. */
  readonly rssBeforeMb: number;
}

const MB = 1024 * 1024;

/** Runs one ingest in a child process and returns what it measured. */
export function measureIngest(job: IngestJob): Promise<IngestMeasure> {
  const child = fork(fileURLToPath(import.meta.url), ['--worker', JSON.stringify(job)], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((done, fail) => {
    let result: IngestMeasure | undefined;
    child.on('message', (message) => {
      result = message as IngestMeasure;
    });
    child.on('error', fail);
    child.on('exit', (code) => {
      if (code === 0 && result) done(result);
      else fail(new Error(`bench: the ${job.mode} ingest child exited with code ${code ?? 'null'} without a result`));
    });
  });
}

async function runJob(job: IngestJob): Promise<IngestMeasure> {
  const fake = await startFakeHuggingFace({ dir: job.dir, today: job.today });
  const db = openDatabase(job.dbFile);
  await migrateToLatest(db);
  const clock = { now: () => new Date(`${job.today}T23:00:00.000Z`) };
  const store = createStore(db, { clock });
  const timed = timedSource(createHuggingFaceSource({ baseUrl: fake.url }));
  const rssBefore = process.memoryUsage.rss();

  const start = performance.now();
  let lists: number;
  let fetched: number;
  if (job.mode === 'month-lists') {
    const ingest = createIngest({ source: timed.source, papers: store.papers, alerts: store.alerts, subscriptions: store.subscriptions, clock });
    const report = await ingest.run({ from: job.from, to: job.to });
    lists = report.fetches;
    fetched = report.fetched;
  } else {
    const byId = new Map<string, Paper>();
    lists = 0;
    for (let day = job.from; day <= job.to; day = shiftDay(day, 1)) {
      for (const paper of await timed.source.daily(day)) {
        byId.delete(paper.id);
        byId.set(paper.id, paper);
      }
      lists += 1;
    }
    fetched = byId.size;
    await store.papers.upsert([...byId.values()], 'daily', clock.now());
  }
  const wallMs = performance.now() - start;

  const papersStored = await store.papers.count();
  const dbBytesByObject = await bytesByObject(db);
  const httpRequests = fake.requests.length;
  await store.close();
  await fake.close();
  return {
    mode: job.mode,
    wallMs: round(wallMs),
    fetchMs: round(timed.elapsed()),
    writeMs: round(wallMs - timed.elapsed()),
    lists,
    httpRequests,
    papersFetched: fetched,
    papersStored,
    dbBytes: databaseBytes(job.dbFile),
    dbBytesByObject,
    // maxRSS is in kilobytes.
    peakRssMb: round((process.resourceUsage().maxRSS * 1024) / MB),
    rssBeforeMb: round(rssBefore / MB),
  };
}

/** The source, with the time spent inside its list calls added up. */
function timedSource(source: PaperSource): { source: PaperSource; elapsed: () => number } {
  let total = 0;
  const time = async <T>(call: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await call();
    } finally {
      total += performance.now() - start;
    }
  };
  return {
    source: {
      ...source,
      daily: (date) => time(() => source.daily(date)),
      month: (month) => time(() => source.month(month)),
    },
    elapsed: () => total,
  };
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

export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href && process.argv[2] === '--worker') {
  const job = JSON.parse(process.argv[3] ?? '{}') as IngestJob;
  runJob(job).then(
    (result) => process.send?.(result, () => process.disconnect()),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
      process.disconnect();
    },
  );
}
