/**
 * Search latency on the ingested database through the CLI's own path (`createSearch(...).results`
 * with `local: true`), against a naive `LIKE '%word%'` scan over title and summary for the
 * single-word queries.
 */
import { sql } from 'kysely';
import { UpstreamError } from '../src/core/errors.js';
import type { Paper } from '../src/core/paper.js';
import { createSearch } from '../src/core/use-cases/search.js';
import type { Database, Store } from '../src/store/index.js';
import { drawQueries, type BenchQuery, type QueryKind } from './corpus.js';
import { round } from './ingest.js';

export interface LatencyStats {
  readonly queries: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
  readonly queriesPerSecond: number;
}

export interface SearchMeasure {
  readonly path: string;
  readonly all: LatencyStats & { readonly byKind: Record<QueryKind, LatencyStats>; readonly medianTotalHits: number };
  readonly baseline: {
    readonly path: string;
    readonly singleWordFts: LatencyStats;
    readonly singleWordLike: LatencyStats;
    /** Single-word queries where the FTS total and the LIKE count differ (LIKE also finds substrings: "model" in "models"). */
    readonly countsDiffer: number;
  };
  readonly examples: readonly string[];
}

const QUERY_COUNT = 200;
const WARMUP = 10;
const LIMIT = 10;
const SEED = 20260821;

export async function measureSearch(db: Database, store: Store, corpus: readonly Paper[], now: Date): Promise<SearchMeasure> {
  const search = createSearch({
    papers: store.papers,
    source: {
      search: () => Promise.reject(new UpstreamError('The benchmark searches locally only.', 'huggingface')),
    },
  });
  const queries = drawQueries(corpus, QUERY_COUNT, SEED);
  const warmup = drawQueries(corpus, WARMUP, SEED + 1);

  const runSearch = async (q: BenchQuery) => (await search.results({ query: q.text, limit: LIMIT, local: true }, now)).total;
  const runLike = async (q: BenchQuery) => likeScan(db, q.word!);

  for (const q of warmup) await runSearch(q);
  const timed = await timeEach(queries, runSearch);

  const single = queries.filter((q) => q.kind === 'word');
  for (const q of warmup.filter((w) => w.kind === 'word')) await runLike(q);
  const fts = await timeEach(single, runSearch);
  const like = await timeEach(single, runLike);
  const countsDiffer = fts.results.filter((total, i) => total !== like.results[i]).length;

  const byKind = {} as Record<QueryKind, LatencyStats>;
  for (const kind of new Set(queries.map((q) => q.kind))) {
    byKind[kind] = stats(timed.ms.filter((_, i) => queries[i]!.kind === kind));
  }
  return {
    path: 'createSearch(...).results({ query, limit: 10, local: true }, now)',
    all: { ...stats(timed.ms), byKind, medianTotalHits: percentile([...timed.results].sort((a, b) => a - b), 0.5) },
    baseline: {
      path: "SELECT … WHERE title LIKE '%w%' OR summary LIKE '%w%' ORDER BY upvotes DESC LIMIT 10, with count(*) OVER ()",
      singleWordFts: stats(fts.ms),
      singleWordLike: stats(like.ms),
      countsDiffer,
    },
    examples: queries.slice(0, 10).map((q) => q.text),
  };
}

/** One scan giving both the page and the total, as the real search returns both. */
async function likeScan(db: Database, word: string): Promise<number> {
  const pattern = `%${word}%`;
  const { rows } = await sql<{ id: string; title: string; upvotes: number; total: number }>`
    select id, title, upvotes, count(*) over () as total
    from papers
    where title like ${pattern} or summary like ${pattern}
    order by upvotes desc, id
    limit ${LIMIT}`.execute(db);
  return rows[0]?.total ?? 0;
}

async function timeEach<T>(items: readonly T[], run: (item: T) => Promise<number>): Promise<{ ms: number[]; results: number[] }> {
  const ms: number[] = [];
  const results: number[] = [];
  for (const item of items) {
    const start = performance.now();
    results.push(await run(item));
    ms.push(performance.now() - start);
  }
  return { ms, results };
}

export function stats(samples: readonly number[]): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = sorted.reduce((sum, v) => sum + v, 0);
  return {
    queries: sorted.length,
    p50Ms: round(percentile(sorted, 0.5), 3),
    p95Ms: round(percentile(sorted, 0.95), 3),
    p99Ms: round(percentile(sorted, 0.99), 3),
    maxMs: round(sorted.at(-1) ?? 0, 3),
    meanMs: round(sorted.length > 0 ? total / sorted.length : 0, 3),
    queriesPerSecond: round(total > 0 ? (sorted.length * 1000) / total : 0, 1),
  };
}

/** Nearest-rank percentile of ascending samples. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

