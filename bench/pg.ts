/**
 * PostgreSQL and replicas (`--only pg`), each beside its SQLite or single-process baseline from the
 * same run, on the server PG_BENCH_URL names (else PG_TEST_URL, else 127.0.0.1:5432 as user
 * postgres). Every database is created for the run and dropped after it. Without a server the
 * measures are reported absent, with the reason.
 *
 * - ingest: `paperboy ingest` of the whole archive into a fresh PostgreSQL database, against the
 *   same into a fresh SQLite file (bench/ingest.ts, spawn to exit);
 * - search: the 100k corpus copied into PostgreSQL with `copyDatabase` (as `paperboy copy-db`
 *   does), the index built from each engine and the same 200 queries served by each;
 * - index lag: two stores on two pools over that database, as two replicas: one stores a new paper,
 *   and the time until the other's index holds it without anyone searching (the follow);
 * - delivery: bench/delivery.ts's workload sent by three bot processes on one database, against
 *   the same sent by one process alone.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { parseQuery } from '../src/core/query/parse.js';
import { copyDatabase, createStore, openDatabase } from '../src/store/index.js';
import { seededRandom } from '../test/fakes/random.js';
import { createTestDatabases, type TestDatabases } from '../test/helpers/postgres-databases.js';
import { log, runInChild, serveChild } from './child.js';
import { createPaperGenerator, type CorpusModel } from './corpus.js';
import { CORPUS_SEED, corpusDb } from './corpus-db.js';
import { measureDelivery } from './delivery.js';
import { measureIngest } from './ingest.js';
import { absent, higher, lower, type Result } from './report.js';
import { percentile } from './search-results.js';
import { benchQueries, measureServing } from './search.js';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const SEARCH_SIZE = 100_000;
const LAG_SAMPLES = 40;
const REPLICAS = 3;

export interface PostgresBenchJob {
  readonly dayDir: string;
  readonly from: string;
  readonly to: string;
  readonly tmp: string;
  readonly model: CorpusModel;
  readonly modelFile: string;
}

export async function measurePostgres(job: PostgresBenchJob): Promise<Result[]> {
  const serverUrl = process.env.PG_BENCH_URL || process.env.PG_TEST_URL || DEFAULT_URL;
  const unreachable = await reach(serverUrl);
  if (unreachable) {
    const why = `no PostgreSQL server answered at ${new URL(serverUrl).host} (${unreachable}); start one or set PG_BENCH_URL`;
    return [
      absent('pg_ingest_archive_s', 's', why),
      absent('pg_search_p99_ms_100k', 'ms', why),
      absent('replica_index_lag_ms_p99', 'ms', why, { atMost: 2000 }),
      absent('replicas_delivery_ceiling_ratio', 'fraction', why, { atLeast: 0.9 }),
    ];
  }
  const databases = createTestDatabases(serverUrl, 'paperboy_bench');
  try {
    return [...(await ingest(job, databases)), ...(await search(job, databases)), ...(await delivery(databases))];
  } finally {
    await databases.dropAll();
  }
}

async function reach(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function ingest(job: PostgresBenchJob, databases: TestDatabases): Promise<Result[]> {
  log('pg: the whole archive ingested into PostgreSQL, and into SQLite (baseline)…');
  const plan = { mode: 'month-lists' as const, dir: job.dayDir, from: job.from, to: job.to, today: job.to };
  const postgres = await measureIngest({ ...plan, dbFile: await databases.create() });
  const sqlite = await measureIngest({ ...plan, dbFile: `${job.tmp}/pg-baseline.sqlite` });
  return [
    lower('pg_ingest_archive_s', postgres.wallMs / 1000, 's', {
      baseline: sqlite.wallMs / 1000,
      target: { atMost: round((2 * sqlite.wallMs) / 1000) },
      note: `a fresh paperboy ingest process, spawn to exit, ${postgres.papersStored} papers into a new PostgreSQL database (baseline: the same into a new SQLite file, ${sqlite.papersStored} papers); target: within 2× of SQLite; CPU ${(postgres.cpuMs / 1000).toFixed(2)} s against ${(sqlite.cpuMs / 1000).toFixed(2)} s`,
    }),
  ];
}

async function search(job: PostgresBenchJob, databases: TestDatabases): Promise<Result[]> {
  const corpus = await corpusDb(job.model, SEARCH_SIZE, { log });
  const url = await databases.create();
  log(`pg: copying the ${SEARCH_SIZE} paper corpus into PostgreSQL…`);
  const copyStart = performance.now();
  const source = openDatabase(corpus.file);
  const target = openDatabase(url);
  try {
    await copyDatabase(source, target);
  } finally {
    await source.destroy();
    await target.destroy();
  }
  const copyS = (performance.now() - copyStart) / 1000;
  const queries = benchQueries(job.model);
  log('pg: the same 200 searches served from SQLite, then from PostgreSQL…');
  const sqlite = await measureServing(job.modelFile, SEARCH_SIZE, corpus.file, queries);
  const postgres = await measureServing(job.modelFile, SEARCH_SIZE, url, queries);
  const same = postgres.ids.filter((ids, i) => ids.join() === sqlite.ids[i]!.join()).length;
  log(`pg: index lag between two replicas, ${LAG_SAMPLES} papers…`);
  const lag = await runInChild<LagJob, LagRun>(import.meta.url, { url, modelFile: job.modelFile, size: SEARCH_SIZE });
  return [
    lower('pg_search_p99_ms_100k', percentile(postgres.ms, 0.99), 'ms', {
      baseline: percentile(sqlite.ms, 0.99),
      note: `the 200 queries of search_p99_ms_100k, ranked by the in-memory index built from PostgreSQL (in ${postgres.buildS.toFixed(1)} s; SQLite ${sqlite.buildS.toFixed(1)} s) after the same warm-up; baseline the same from SQLite in this run; p50 ${percentile(postgres.ms, 0.5).toFixed(2)} against ${percentile(sqlite.ms, 0.5).toFixed(2)} ms; ${same} of 200 answers identical; the corpus copied in ${copyS.toFixed(0)} s`,
    }),
    higher('pg_search_same_answers_100k', same / postgres.ids.length, 'fraction', { baseline: 1, target: { atLeast: 1 }, note: 'share of the 200 queries whose ranked top 10 from PostgreSQL equals SQLite\'s' }),
    lower('replica_index_lag_ms_p99', percentile(lag.followMs, 0.99), 'ms', {
      target: { atMost: 2000 },
      note: `from one replica's upsert of a new paper to the other replica's index holding it with no search asking (its one-second follow of the change log), ${lag.followMs.length} papers at random moments over the 100k database, p50 ${percentile(lag.followMs, 0.5).toFixed(0)} ms; a search asked at once finds it anyway (it reads the log first): p99 ${percentile(lag.searchMs, 0.99).toFixed(1)} ms from the upsert to the answer`,
    }),
  ];
}

/** The replicas' ratio has one process alone, in this run, as its baseline: what taking turns may reach. */
async function delivery(databases: TestDatabases): Promise<Result[]> {
  const alone = (await measureDelivery()).find((r) => r.name === 'delivery_ceiling_ratio')?.value;
  const together = await measureDelivery({ replicas: { count: REPLICAS, databaseUrl: await databases.create() } });
  return together.map((r) =>
    r.name === 'replicas_delivery_ceiling_ratio' && typeof alone === 'number' && typeof r.value === 'number'
      ? higher(r.name, r.value, r.unit, { baseline: alone, target: { atLeast: 0.9 }, note: `${r.note ?? ''}; baseline: one process delivering the same workload alone in this run` })
      : r,
  );
}

interface LagJob {
  readonly url: string;
  readonly modelFile: string;
  readonly size: number;
}

interface LagRun {
  /** Per paper: from the upsert's start to the other store's index holding it, by its follow. */
  readonly followMs: number[];
  /** Per paper: from the upsert's start to a search on the other store that finds it. */
  readonly searchMs: number[];
}

/** In the child: replica A writes, replica B (index started, following) is watched, then searched. */
async function measureLag(job: LagJob): Promise<LagRun> {
  const writer = createStore(openDatabase(job.url, { poolMax: 2 }));
  const reader = createStore(openDatabase(job.url, { poolMax: 2 }));
  const random = seededRandom(4242);
  const next = createPaperGenerator(JSON.parse(readFileSync(job.modelFile, 'utf8')) as CorpusModel, CORPUS_SEED + 7);
  try {
    reader.searchIndex.start();
    await reader.searchIndex.ready();
    const followMs: number[] = [];
    const searchMs: number[] = [];
    for (let i = 0; i < LAG_SAMPLES * 2; i++) {
      // A random moment within the follow's second.
      await sleep(Math.floor(random() * 1000));
      const word = `lagmark${i}x${Math.floor(random() * 1e9).toString(36)}`;
      const paper = { ...next(job.size + i), id: `9990.${String(i).padStart(5, '0')}`, title: `Replica lag ${word}`, dailyDate: '2026-08-25' };
      const before = reader.searchIndex.stats()?.papers ?? 0;
      const start = performance.now();
      await writer.papers.upsert([paper], 'daily', new Date());
      if (i % 2 === 0) {
        while ((reader.searchIndex.stats()?.papers ?? 0) <= before) await sleep(1);
        followMs.push(performance.now() - start);
      } else {
        const found = await reader.papers.search(parseQuery(word), { limit: 1, offset: 0 });
        if (found.hits[0]?.paper.id !== paper.id) throw new Error(`bench: a search on the other replica did not find ${paper.id} (${word})`);
        searchMs.push(performance.now() - start);
      }
    }
    return { followMs, searchMs };
  } finally {
    await writer.close();
    await reader.close();
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const round = (value: number) => Math.round(value * 100) / 100;

serveChild(import.meta.url, measureLag);
