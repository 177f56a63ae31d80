/**
 * The paper repository of a long-running process, whose searches the in-memory index answers
 * (src/core/search, docs/decisions/0008-search-index.md). The index is built in the background
 * after start; until it is ready, and for what it declines (multi-word phrases, exclusions), FTS5
 * answers, which ranks the same by construction. Before each search the index reads the change
 * log (migration 0006) from where it stopped and applies the papers changed since, by any writer,
 * so it never serves a state older than the database's. It is rebuilt in the background when it
 * fell too far behind the log, or when a tenth of it was added since its build (pruning works on
 * the upvote order of the build).
 */
import { sql } from 'kysely';
import type { PaperRepository, SearchHit } from '../core/ports.js';
import type { Query } from '../core/query/ast.js';
import type { IndexPage, SearchIndex } from '../core/search/search-index.js';
import { loadSearchIndex, readEntries, rowEntry } from './search-index-loader.js';
import type { Database } from './schema.js';

/** Changes applied in one catch-up; more than this and a rebuild is cheaper. */
const CATCH_UP_LIMIT = 50_000;
/** The share of papers added since the build that calls for a rebuild. */
const REBUILD_SHARE = 0.1;
const CHUNK = 500;

export interface IndexedPapers {
  readonly papers: PaperRepository;
  /** The ranked ids and the count of matches: the index's once it reflects the database, else FTS5's. */
  rank(query: Query, page: { readonly limit: number; readonly offset: number }): Promise<IndexPage>;
  /** Starts the first build in the background. */
  start(): void;
  /** Resolves once the index serves (for tests and the benchmark); rejects if the build failed. */
  ready(): Promise<void>;
  /** Stops a build in progress (within one batch); searches go to FTS5. */
  close(): Promise<void>;
  /** The index's size once built. */
  stats(): { readonly papers: number; readonly postingBytes: number } | undefined;
}

export interface IndexedPapersOptions {
  /** Told when a build fails (searches keep going to FTS5). */
  readonly onError?: (error: unknown) => void;
}

export function createIndexedPapers(db: Database, inner: PaperRepository, options: IndexedPapersOptions = {}): IndexedPapers {
  /** The index, and the last change-log entry it reflects. */
  let state: { readonly index: SearchIndex; seq: number } | undefined;
  let building: Promise<void> | undefined;
  let catching: Promise<SearchIndex | undefined> | undefined;
  let closed = false;
  const stop = new AbortController();

  // Two subqueries: SQLite answers a lone max() or min() of the key from the b-tree's edge, but
  // scans the whole log for both in one select.
  const head = async () => {
    const { rows } = await sql<{ last: number | null; first: number | null }>`select (select max(seq) from paper_changes) as last, (select min(seq) from paper_changes) as first`.execute(db);
    return { last: rows[0]?.last ?? 0, first: rows[0]?.first ?? 0 };
  };

  function rebuild(): Promise<void> {
    building ??= (async () => {
      const from = (await head()).last;
      const built = await loadSearchIndex(db, { signal: stop.signal });
      if (built && !closed) state = { index: built, seq: from };
    })()
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        building = undefined;
      });
    return building;
  }

  /** Applies the changes logged since the index's state and returns it; undefined when it cannot serve now. */
  async function catchUp(): Promise<SearchIndex | undefined> {
    const current = state;
    if (!current) return undefined;
    const { last, first } = await head();
    if (last <= current.seq) return current.index;
    if (first > current.seq + 1 || last - current.seq > CATCH_UP_LIMIT) {
      // The log no longer reaches back to the index's state, or the backlog is a rebuild's worth.
      if (state === current) state = undefined;
      void rebuild();
      return undefined;
    }
    const changed = await db.selectFrom('paper_changes').select('paper_id').distinct().where('seq', '>', current.seq).where('seq', '<=', last).execute();
    const ids = changed.map((c) => c.paper_id);
    const found = new Set<string>();
    for (let at = 0; at < ids.length; at += CHUNK) {
      const keys = await db.selectFrom('papers').select('pk').where('id', 'in', ids.slice(at, at + CHUNK)).execute();
      const rows = await readEntries(db, keys.map((k) => k.pk));
      for (const row of rows) found.add(row.id);
      current.index.upsert(rows.map(rowEntry));
    }
    current.index.remove(ids.filter((id) => !found.has(id)));
    current.seq = last;
    if (current.index.unsorted > REBUILD_SHARE * current.index.size) void rebuild();
    return current.index;
  }

  /** The index once it reflects the database, or undefined (FTS5 answers). */
  const serving = async (): Promise<SearchIndex | undefined> => {
    if (!state) return undefined;
    catching ??= catchUp().finally(() => {
      catching = undefined;
    });
    try {
      return await catching;
    } catch (error) {
      options.onError?.(error);
      return undefined;
    }
  };

  const indexRank = async (query: Query, page: { readonly limit: number; readonly offset: number }) => (await serving())?.search(query, page);

  const papers: PaperRepository = {
    ...inner,
    async search(query, page) {
      const found = await indexRank(query, page);
      if (!found) return inner.search(query, page);
      const byId = new Map((await inner.getMany(found.hits.map((h) => h.id))).map((p) => [p.id, p]));
      const hits = found.hits.flatMap((h): SearchHit[] => {
        const paper = byId.get(h.id);
        return paper ? [{ paper, score: h.score }] : [];
      });
      return { hits, total: found.total };
    },
  };

  return {
    papers,
    async rank(query, page) {
      const found = await indexRank(query, page);
      if (found) return found;
      const { hits, total } = await inner.search(query, page);
      return { hits: hits.map((h) => ({ id: h.paper.id, score: h.score })), total };
    },
    start() {
      if (!state && !closed) void rebuild();
    },
    async ready() {
      while (!state && !closed) {
        if (!building) throw new Error('The search index is not building; call start() first.');
        await building;
        if (!state && !building) throw new Error('The search index could not be built.');
      }
    },
    stats() {
      return state && { papers: state.index.size, postingBytes: state.index.postingBytes };
    },
    async close() {
      closed = true;
      stop.abort();
      state = undefined;
      await building;
    },
  };
}
