/**
 * Search at one corpus size, in two child processes over the same corpus database (generated or
 * cached) and the same 200 queries in the whole query language (bench/queries.ts: words in several
 * forms, phrases, exclusions, author:, OR). The baseline child ranks every query exactly with the
 * reference scorer over every paper (bench/exact.ts). The serving child does what `paperboy start`
 * does: builds the in-memory index from the database, serves the queries through it, and reports
 * its resident set; then it applies a day's ingest plus 1,000 upvote changes, serves them again and
 * checks them against the reference over the changed database.
 */
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { parseQuery } from '../src/core/query/parse.js';
import { createStore, migrateToLatest, openDatabase, type Database } from '../src/store/index.js';
import { loadSearchIndex } from '../src/store/search-index-loader.js';
import type { IndexMemory } from '../src/core/search/search-index.js';
import { collectGarbage, log, runInChild, serveChild } from './child.js';
import { createPaperGenerator, type CorpusModel } from './corpus.js';
import { seededRandom } from '../test/fakes/random.js';
import { CORPUS_SEED, corpusDb } from './corpus-db.js';
import { exactRanking } from './exact.js';
import { searchQueries, type BenchQuery, type QueryKind } from './queries.js';

export interface SearchJob {
  readonly modelFile: string;
  readonly size: number;
  readonly fresh: boolean;
  /** Also measure a day's ingest plus 1,000 upvote changes. */
  readonly update: boolean;
}

/**
 * The serving child gets the corpus file and the queries from the baseline child, so that it holds
 * only what `paperboy start` holds (not the corpus model, nor the reference's terms) when its
 * resident set is measured.
 */
type ServeJob = SearchJob & { readonly part: 'serve'; /** A SQLite file or a PostgreSQL URL. */ readonly file: string; readonly warmup: BenchQuery[]; readonly timed: BenchQuery[] };
type Job = (SearchJob & { readonly part: 'baseline' }) | ServeJob;

interface Baseline {
  readonly file: string;
  readonly warmup: BenchQuery[];
  readonly timed: BenchQuery[];
  readonly generatedS?: number;
  readonly referenceMs: number[];
  readonly reference: string[][];
  readonly referencePrepareS: number;
  readonly medianMatches: number;
}

interface Served {
  readonly ms: number[];
  readonly servedMs: number[];
  readonly ids: string[][];
  readonly buildS: number;
  readonly rssMb: number;
  readonly memory: MemoryParts;
  readonly update?: { readonly seconds: number; readonly rebuildSeconds: number; readonly agreement: number; readonly note: string };
}

/** Where the serving process's resident set goes, in MB: the index's parts, and V8's heap and off-heap buffers. */
export interface MemoryParts {
  readonly index: Readonly<Record<keyof IndexMemory, number>>;
  readonly v8HeapMb: number;
  readonly buffersMb: number;
}

export interface SearchMeasure {
  readonly size: number;
  readonly generatedS?: number;
  /** The timed queries, in order; the per-query arrays below follow it. */
  readonly queries: readonly BenchQuery[];
  /** The reference scorer over every paper, per query. */
  readonly referenceMs: number[];
  readonly referencePrepareS: number;
  /** Matches of each query (the reference's count), for the report's description of the load. */
  readonly medianMatches: number;
  readonly rssMb: number;
  readonly indexMs: number[];
  /** store.papers.search as a whole: the index and the papers read back. */
  readonly servedMs: number[];
  /** Top-10 agreement with the reference over the plain word queries, and over every query. */
  readonly agreement: number;
  readonly mixedAgreement: number;
  readonly buildS: number;
  readonly memory: MemoryParts;
  readonly update?: Served['update'];
}

const QUERY_COUNT = 200;
const QUERY_SEED = 20260821;
/** Other queries first, as a server that has been running has answered: V8 compiles the search paths after a few hundred calls. */
const WARMUP = 100;
const LIMIT = 10;

/** The timed queries and the warm-up queries before them, as every search measure asks them. */
export function benchQueries(model: CorpusModel): { readonly timed: BenchQuery[]; readonly warmup: BenchQuery[] } {
  const timed = searchQueries(model, QUERY_COUNT, QUERY_SEED);
  return { timed, warmup: searchQueries(model, WARMUP, QUERY_SEED + 1, timed) };
}

/** Serving alone (no reference, no update): the index built from `database` (a SQLite file or a PostgreSQL URL) answering `queries`. */
export async function measureServing(modelFile: string, size: number, database: string, queries: ReturnType<typeof benchQueries>): Promise<Pick<Served, 'ms' | 'ids' | 'buildS' | 'rssMb'>> {
  const served = await runInChild<Job, Served>(import.meta.url, { modelFile, size, fresh: false, update: false, part: 'serve', file: database, ...queries });
  return { ms: served.ms, ids: served.ids, buildS: served.buildS, rssMb: served.rssMb };
}

export async function measureSearch(job: SearchJob): Promise<SearchMeasure> {
  const baseline = await runInChild<Job, Baseline>(import.meta.url, { ...job, part: 'baseline' }, { as: 'reference' });
  const served = await runInChild<Job, Served>(import.meta.url, { ...job, part: 'serve', fresh: false, file: baseline.file, warmup: baseline.warmup, timed: baseline.timed });
  const only = (kinds: readonly QueryKind[]) => baseline.timed.flatMap((q, i) => (kinds.includes(q.kind) ? [i] : []));
  const words = only(['words']);
  return {
    size: job.size,
    ...(baseline.generatedS === undefined ? {} : { generatedS: baseline.generatedS }),
    queries: baseline.timed,
    referenceMs: baseline.referenceMs,
    referencePrepareS: baseline.referencePrepareS,
    medianMatches: baseline.medianMatches,
    rssMb: served.rssMb,
    indexMs: served.ms,
    servedMs: served.servedMs,
    agreement: agreement(words.map((i) => baseline.reference[i]!), words.map((i) => served.ids[i]!)),
    mixedAgreement: agreement(baseline.reference, served.ids),
    buildS: served.buildS,
    memory: served.memory,
    ...(served.update ? { update: served.update } : {}),
  };
}

const readModel = (job: SearchJob) => JSON.parse(readFileSync(job.modelFile, 'utf8')) as CorpusModel;
const texts = (queries: readonly BenchQuery[]) => queries.map((q) => q.text);

async function run(job: Job): Promise<Baseline | Served> {
  return job.part === 'baseline' ? runBaseline(job) : runServe(job);
}

async function runBaseline(job: SearchJob): Promise<Baseline> {
  const model = readModel(job);
  const corpus = await corpusDb(model, job.size, { fresh: job.fresh, log });
  const { timed, warmup } = benchQueries(model);
  if (corpus.generatedS !== undefined) log(`search ${job.size}: corpus generated in ${corpus.generatedS.toFixed(1)} s`);
  const db = openDatabase(corpus.file);
  try {
    const exact = await exactRanking(db, texts(timed), texts(warmup), LIMIT);
    log(`search ${job.size}: reference ranking done (documents read in ${exact.prepareS.toFixed(1)} s)`);
    const totals = [...exact.totals].sort((a, b) => a - b);
    return {
      file: corpus.file,
      warmup,
      timed,
      ...(corpus.generatedS === undefined ? {} : { generatedS: corpus.generatedS }),
      referenceMs: exact.ms,
      reference: exact.ids,
      referencePrepareS: exact.prepareS,
      medianMatches: totals[Math.floor(totals.length / 2)] ?? 0,
    };
  } finally {
    await db.destroy();
  }
}

/**
 * `paperboy start`'s search path: the store opened with the index, built in the background, then
 * `store.papers.search` (the change-log check, the index, the papers read back) for each query.
 * With `update`, on a copy of the corpus (the cache stays as generated).
 */
async function runServe(job: ServeJob): Promise<Served> {
  const { warmup, timed } = job;
  const file = job.update ? `${job.file}.serve-${process.pid}.sqlite` : job.file;
  if (job.update) copyFileSync(job.file, file);
  const db = openDatabase(file);
  await migrateToLatest(db);
  const store = createStore(db);
  try {
    const built = performance.now();
    store.searchIndex.start();
    await store.searchIndex.ready();
    const buildS = (performance.now() - built) / 1000;
    log(`search ${job.size}: index built in ${buildS.toFixed(1)} s`);
    const search = async (q: string) => (await store.papers.search(parseQuery(q), { limit: LIMIT, offset: 0 })).hits.map((h) => h.paper.id);
    const rank = async (q: string) => (await store.searchIndex.rank(parseQuery(q), { limit: LIMIT, offset: 0 })).hits.map((h) => h.id);
    for (const q of texts(warmup)) await search(q);
    collectGarbage();
    // What the reference computes (the ranked top 10 and the count of matches), as the store ranks it.
    const ms: number[] = [];
    const ids: string[][] = [];
    for (const q of texts(timed)) {
      const start = performance.now();
      ids.push(await rank(q));
      ms.push(performance.now() - start);
    }
    // The whole of store.papers.search: the same, and the ten papers read back from the database.
    const servedMs: number[] = [];
    for (const q of texts(timed)) {
      const start = performance.now();
      await search(q);
      servedMs.push(performance.now() - start);
    }
    collectGarbage();
    const usage = process.memoryUsage();
    const parts = store.searchIndex.stats()?.memory;
    if (!parts) throw new Error('bench: the index was not serving when its memory was measured');
    const mb = (bytes: number) => bytes / 2 ** 20;
    const memory: MemoryParts = {
      index: { postings: mb(parts.postings), terms: mb(parts.terms), papers: mb(parts.papers), streams: mb(parts.streams) },
      v8HeapMb: mb(usage.heapTotal),
      buffersMb: mb(usage.arrayBuffers),
    };
    const update = job.update ? await measureUpdate(db, store, readModel(job), job.size, texts(timed), search) : undefined;
    return { ms, servedMs, ids, buildS, rssMb: mb(usage.rss), memory, ...(update ? { update } : {}) };
  } finally {
    await store.close();
    if (job.update) for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  }
}

/** Share of the places (query × rank) where the served id equals the reference's. */
function agreement(exact: readonly string[][], served: readonly string[][]): number {
  let same = 0;
  let places = 0;
  exact.forEach((ids, q) => {
    const mine = served[q] ?? [];
    const n = Math.max(ids.length, mine.length);
    places += n;
    for (let i = 0; i < n; i++) if (ids[i] === mine[i]) same += 1;
  });
  return places === 0 ? 1 : same / places;
}

const NEW_DAY = 100;
const CHANGED_UPVOTES = 1000;

/**
 * One more day (100 new papers) and 1,000 papers' upvotes moved, written through the store's
 * upsert. The cost is the first search after it: the index reads the change log and the changed
 * papers and applies them. Baseline: building the index again. Then every query is served again
 * and checked against the reference over the changed database.
 */
async function measureUpdate(
  db: Database,
  store: ReturnType<typeof createStore>,
  model: CorpusModel,
  size: number,
  queries: readonly string[],
  search: (q: string) => Promise<string[]>,
): Promise<NonNullable<Served['update']>> {
  const next = createPaperGenerator(model, CORPUS_SEED + 1);
  const day = Array.from({ length: NEW_DAY }, (_, i) => ({ ...next(size + i), id: `9999.${String(i).padStart(5, '0')}`, dailyDate: '2026-08-24' }));
  const random = seededRandom(77);
  const keys = Array.from({ length: CHANGED_UPVOTES }, () => 1 + Math.floor(random() * size));
  const picked = await store.papers.getMany((await db.selectFrom('papers').select('id').where('pk', 'in', keys).execute()).map((r) => r.id));
  const moved = picked.map((p) => ({ ...p, upvotes: p.upvotes + 1 + Math.floor(random() * 200) }));
  const changes = [...new Map([...day, ...moved].map((p) => [p.id, p])).values()];
  await store.papers.upsert(changes, 'daily', new Date('2026-08-24T12:00:00.000Z'));
  const start = performance.now();
  await search(queries[0]!);
  const seconds = (performance.now() - start) / 1000;
  const rebuilt = performance.now();
  if (!(await loadSearchIndex(db))) throw new Error('the baseline build was stopped');
  const rebuildSeconds = (performance.now() - rebuilt) / 1000;
  const served: string[][] = [];
  for (const q of queries) served.push(await search(q));
  const exact = await exactRanking(db, queries, [], LIMIT);
  return {
    seconds,
    rebuildSeconds,
    agreement: agreement(exact.ids, served),
    note: `${day.length} new papers and ${moved.length} upvote changes written through the store; the cost is the next search, which applies them from the change log; baseline a fresh build`,
  };
}

serveChild(import.meta.url, run);
