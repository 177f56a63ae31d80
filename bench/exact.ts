/**
 * The baseline of the search benchmark: the exact ranking, by the reference scorer
 * (src/core/search/reference-search.ts) over every paper of the corpus database, each read as the
 * serving index reads it (`readEntries`, `rowEntry`: the indexed text exactly as stored). It looks at
 * every paper for every query, under the same stemmed semantics the index must follow, so it is
 * both the answer the served results are checked against and the naive scan they are timed against.
 */
import { parseQuery } from '../src/core/query/parse.js';
import { referenceCorpus, referenceSearch, type ReferenceEntry } from '../src/core/search/reference-search.js';
import type { Database } from '../src/store/index.js';
import { readEntries, rowEntry } from '../src/store/search-index-loader.js';

export interface ExactRun {
  /** Per query: milliseconds, the ranked ids of the page, and the number of matches. */
  readonly ms: number[];
  readonly ids: string[][];
  readonly totals: number[];
  /** Seconds spent reading every paper's text into terms, once, before the first query. */
  readonly prepareS: number;
}

/** Keys per read of the papers table (well under SQLite's limit of bound variables). */
const CHUNK = 5000;
/** Queries run before the timed ones, so that the timed ones run compiled. */
const WARMUP = 10;

/** Every paper of `db`, as index entries. */
export async function readCorpusEntries(db: Database): Promise<ReferenceEntry[]> {
  const keys = (await db.selectFrom('papers').select('pk').orderBy('pk').execute()).map((r) => r.pk);
  const entries: ReferenceEntry[] = [];
  for (let at = 0; at < keys.length; at += CHUNK) {
    for (const row of await readEntries(db, keys.slice(at, at + CHUNK))) entries.push(rowEntry(row));
  }
  return entries;
}

/** The top `limit` of each query over every paper of `db`, timed query by query. */
export async function exactRanking(db: Database, queries: readonly string[], warmup: readonly string[], limit: number): Promise<ExactRun> {
  const entries = await readCorpusEntries(db);
  const prepared = performance.now();
  // Counting the collection reads every document into terms, which the scorer keeps for the queries.
  referenceCorpus(entries);
  const prepareS = (performance.now() - prepared) / 1000;
  const page = { limit, offset: 0 };
  for (const q of warmup.slice(0, WARMUP)) referenceSearch(entries, parseQuery(q), page);
  const ms: number[] = [];
  const ids: string[][] = [];
  const totals: number[] = [];
  for (const q of queries) {
    const start = performance.now();
    const found = referenceSearch(entries, parseQuery(q), page);
    ms.push(performance.now() - start);
    ids.push(found.hits.map((h) => h.id));
    totals.push(found.total);
  }
  return { ms, ids, totals, prepareS };
}
