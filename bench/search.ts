/**
 * Search at one corpus size, in a child process: the corpus database (generated or cached), 200
 * queries from the archive's keywords, the exact FTS5 ranking and a LIKE scan as baselines, and
 * the resident set while serving.
 */
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import type { Paper } from '../src/core/paper.js';
import { createSearchIndex, type SearchIndex } from '../src/core/search/search-index.js';
import { parseQuery as parseQueryOf } from '../src/core/query/parse.js';
import { openDatabase, createStore } from '../src/store/index.js';
import { collectGarbage, log, runInChild, serveChild } from './child.js';
import { createPaperGenerator, type CorpusModel } from './corpus.js';
import { seededRandom } from '../test/fakes/random.js';
import { CORPUS_SEED, corpusDb } from './corpus-db.js';
import { exactTop, likeTop } from './exact.js';
import { searchQueries } from './queries.js';

export interface SearchJob {
  readonly modelFile: string;
  readonly size: number;
  /** How many of the queries the LIKE scan runs (it reads every row for each). */
  readonly likeQueries: number;
  readonly fresh: boolean;
  /** Build the in-memory index and measure it (it holds every paper while building). */
  readonly index: boolean;
  /** Also measure a day's ingest plus 1,000 upvote changes. */
  readonly update: boolean;
}

export interface SearchMeasure {
  readonly size: number;
  readonly generatedS?: number;
  readonly queries: number;
  readonly ftsMs: number[];
  readonly likeMs: number[];
  /** Matches of each query (FTS5 count), for the report's description of the load. */
  readonly medianMatches: number;
  readonly rssMb: number;
  /** The in-memory index's latencies, when it served the queries. */
  readonly indexMs?: number[];
  readonly agreement?: number;
  readonly update?: { readonly seconds: number; readonly rebuildSeconds: number; readonly agreement: number; readonly note: string };
  readonly buildS?: number;
}

const QUERY_COUNT = 200;
const QUERY_SEED = 20260821;
const WARMUP = 10;
const LIMIT = 10;

export function measureSearch(job: SearchJob): Promise<SearchMeasure> {
  return runInChild(import.meta.url, job);
}

async function run(job: SearchJob): Promise<SearchMeasure> {
  const model = JSON.parse(readFileSync(job.modelFile, 'utf8')) as CorpusModel;
  const corpus = await corpusDb(model, job.size, { fresh: job.fresh, log });
  if (corpus.generatedS !== undefined) log(`search ${job.size}: corpus generated in ${corpus.generatedS.toFixed(1)} s`);
  const queries = searchQueries(model.keywords, QUERY_COUNT + WARMUP, QUERY_SEED);
  const warmup = queries.slice(QUERY_COUNT);
  const timed = queries.slice(0, QUERY_COUNT);
  const db = openDatabase(corpus.file);
  const store = createStore(db);
  try {
    for (const q of warmup) await exactTop(db, q, LIMIT);
    const ftsMs: number[] = [];
    const exact: string[][] = [];
    for (const q of timed) {
      const start = performance.now();
      const top = await exactTop(db, q, LIMIT);
      ftsMs.push(performance.now() - start);
      exact.push(top.map((r) => r.id));
    }
    log(`search ${job.size}: FTS5 exact ranking done`);
    const likeMs: number[] = [];
    for (const q of timed.slice(0, job.likeQueries)) {
      const start = performance.now();
      await likeTop(db, q.split(' '), LIMIT);
      likeMs.push(performance.now() - start);
    }
    let rssMb: number | undefined;
    const counts: number[] = [];
    for (const q of timed.slice(0, 50)) {
      const { total } = await store.papers.search(parseQueryOf(q), { limit: 0, offset: 0 });
      counts.push(total);
    }
    let indexPart: Pick<SearchMeasure, 'indexMs' | 'agreement' | 'update' | 'buildS'> = {};
    if (job.index) {
      let papers: Paper[] | undefined = await allPapers(store);
      const built = performance.now();
      const index = createSearchIndex(papers);
      const buildS = (performance.now() - built) / 1000;
      papers = undefined;
      log(`search ${job.size}: index built in ${buildS.toFixed(1)} s`);
      for (const q of warmup) index.search(parseQueryOf(q), { limit: LIMIT, offset: 0 });
      collectGarbage();
      const indexMs: number[] = [];
      const served: string[][] = [];
      for (const q of timed) {
        const start = performance.now();
        const hits = index.search(parseQueryOf(q), { limit: LIMIT, offset: 0 });
        indexMs.push(performance.now() - start);
        served.push((hits ?? []).map((h) => h.id));
      }
      indexPart = { indexMs, agreement: agreement(exact, served), buildS };
      collectGarbage();
      rssMb = process.memoryUsage.rss() / 2 ** 20;
      if (job.update) indexPart = { ...indexPart, update: await measureUpdate(corpus.file, model, job.size, index, timed) };
    }
    collectGarbage();
    return {
      ...indexPart,
      size: job.size,
      ...(corpus.generatedS === undefined ? {} : { generatedS: corpus.generatedS }),
      queries: timed.length,
      ftsMs,
      likeMs,
      medianMatches: counts.sort((a, b) => a - b)[Math.floor(counts.length / 2)] ?? 0,
      rssMb: rssMb ?? process.memoryUsage.rss() / 2 ** 20,
    };
  } finally {
    await store.close();
  }
}

async function allPapers(store: ReturnType<typeof createStore>): Promise<Paper[]> {
  return store.papers.byDailyDates(await store.papers.dailyDates({}));
}

/** Share of the places (query × rank) where the served id equals the exact ranking's. */
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
 * One more day (100 new papers) and 1,000 papers' upvotes moved, written to a copy of the corpus
 * through the store's upsert (FTS5 follows by its triggers) and to the index by `upsert`, against
 * the baseline of building the index again from every paper; then the 200 queries again.
 */
async function measureUpdate(file: string, model: CorpusModel, size: number, index: SearchIndex, queries: readonly string[]): Promise<NonNullable<SearchMeasure['update']>> {
  const copy = `${file}.update-${process.pid}.sqlite`;
  copyFileSync(file, copy);
  const db = openDatabase(copy);
  const store = createStore(db);
  try {
    const next = createPaperGenerator(model, CORPUS_SEED + 1);
    const day = Array.from({ length: NEW_DAY }, (_, i) => ({ ...next(size + i), id: `9999.${String(i).padStart(5, '0')}`, dailyDate: '2026-08-24' }));
    const papers = await allPapers(store);
    const random = seededRandom(77);
    const moved = Array.from({ length: CHANGED_UPVOTES }, () => {
      const p = papers[Math.floor(random() * papers.length)]!;
      return { ...p, upvotes: p.upvotes + Math.floor(random() * 200) };
    });
    const changes = [...new Map([...day, ...moved].map((p) => [p.id, p])).values()];
    await store.papers.upsert(changes, 'daily', new Date('2026-08-24T12:00:00.000Z'));
    const start = performance.now();
    index.upsert(changes);
    const seconds = (performance.now() - start) / 1000;
    const after = await allPapers(store);
    const rebuilt = performance.now();
    createSearchIndex(after);
    const rebuildSeconds = (performance.now() - rebuilt) / 1000;
    const exact: string[][] = [];
    const served: string[][] = [];
    for (const q of queries) {
      exact.push((await exactTop(db, q, LIMIT)).map((r) => r.id));
      served.push((index.search(parseQueryOf(q), { limit: LIMIT, offset: 0 }) ?? []).map((h) => h.id));
    }
    return {
      seconds,
      rebuildSeconds,
      agreement: agreement(exact, served),
      note: `${day.length} new papers and ${moved.length} upvote changes through index.upsert; baseline a fresh build from every paper`,
    };
  } finally {
    await store.close();
    rmSync(copy, { force: true });
  }
}

serveChild(import.meta.url, run);
