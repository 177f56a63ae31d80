/**
 * Builds the in-memory search index from the papers table without holding the papers: the slots
 * are handed out in descending upvotes (one read of the keys), then the indexed text is read in
 * batches by key and added, yielding to the event loop between batches so that a process serving
 * commands keeps answering while the index builds.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { IndexedDocument } from '../core/query/document.js';
import { createSearchIndexBuilder, type IndexEntry, type SearchIndex, type SearchIndexOptions } from '../core/search/search-index.js';
import type { Database } from './schema.js';

/** Keys per read: about 40 ms of indexing at a time, so commands are answered while it builds. */
const BATCH = 200;
/**
 * Before the index serves, rounds of `SearchIndex.warmUp` a yield apart (compiled code is
 * installed between them): at least 4 (a round asks some 350 searches: 0.12 s at 100k papers),
 * and on a small index, whose rounds are short, more until they have run for 100 ms, since V8
 * compiles a function after enough work, not enough calls (docs/decisions/0023-staying-compiled.md).
 */
const WARM_UP_ROUNDS = 4;
const WARM_UP_MS = 100;
const WARM_UP_MAX_ROUNDS = 2000;

const ENTRY_COLUMNS = ['pk', 'id', 'upvotes', 'daily_date', 'fts_title', 'fts_keywords', 'fts_ai_summary', 'fts_abstract', 'fts_authors', 'fts_org'] as const;

type EntryRow = {
  readonly id: string;
  readonly upvotes: number;
  readonly daily_date: string | null;
  readonly fts_title: string;
  readonly fts_keywords: string;
  readonly fts_ai_summary: string;
  readonly fts_abstract: string;
  readonly fts_authors: string;
  readonly fts_org: string;
};

/** The index entry of a row: the indexed text as the upsert wrote it (`indexedDocument`). */
export function rowEntry(row: EntryRow): IndexEntry {
  const document: IndexedDocument = {
    title: row.fts_title,
    keywords: row.fts_keywords,
    aiSummary: row.fts_ai_summary,
    abstract: row.fts_abstract,
    authors: row.fts_authors,
    org: row.fts_org,
  };
  return { id: row.id, upvotes: row.upvotes, dailyDate: row.daily_date ?? undefined, document };
}

/** Builds the index; undefined when `signal` aborted it (checked between batches). */
export async function loadSearchIndex(db: Database, options: SearchIndexOptions & { readonly signal?: AbortSignal } = {}): Promise<SearchIndex | undefined> {
  const order = await db.selectFrom('papers').select('pk').orderBy('upvotes', 'desc').orderBy('pk').execute();
  const builder = createSearchIndexBuilder({ ...options, papers: order.length });
  for (let at = 0; at < order.length; at += BATCH) {
    if (options.signal?.aborted) return undefined;
    const keys = order.slice(at, at + BATCH).map((r) => r.pk);
    const rows = await readEntries(db, keys);
    const byKey = new Map(rows.map((r) => [r.pk, r]));
    for (const pk of keys) {
      const row = byKey.get(pk);
      // A paper deleted since the keys were read is simply not indexed.
      if (row) builder.add(rowEntry(row));
    }
    await yieldToLoop();
  }
  const finishing = builder.finishing();
  let step = finishing.next();
  while (!step.done) {
    if (options.signal?.aborted) return undefined;
    await yieldToLoop();
    step = finishing.next();
  }
  const index = step.value;
  const warming = performance.now();
  for (let round = 0; round < WARM_UP_MAX_ROUNDS && (round < WARM_UP_ROUNDS || performance.now() - warming < WARM_UP_MS); round++) {
    if (options.signal?.aborted) return undefined;
    index.warmUp();
    await yieldToLoop();
  }
  return index;
}

/** The index entries of the given papers, by key. */
export async function readEntries(db: Database, keys: readonly number[]) {
  // `in ()` is an error on PostgreSQL (SQLite finds nothing).
  if (keys.length === 0) return [];
  return db.selectFrom('papers').select(ENTRY_COLUMNS).where('pk', 'in', keys).execute();
}
