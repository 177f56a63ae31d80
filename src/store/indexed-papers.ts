/**
 * The paper repository with search: the in-memory index (src/core/search,
 * docs/decisions/0011-search-engine-of-record.md) answers every search and every "does this paper
 * match" on every database. It is built in the background once `start` is called (a one-shot
 * command builds it at its first search); a search waits for it. Before each search the index
 * reads the change log (migration 0006) from where it stopped and applies the papers changed since,
 * by any writer, so it never serves a state older than the database's; once started it also reads
 * the log every second while idle, so papers another replica stored are in it before anyone asks.
 * While the database cannot be reached it serves what it holds. It is rebuilt when it fell
 * too far behind the log (searches wait for that build), or in the background when a tenth of it
 * was added since its build (pruning works on the upvote order of the build).
 */
import { sql } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { StoredPaper } from '../core/paper.js';
import type { PaperRepository, SearchHit, WordFrequencies } from '../core/ports.js';
import type { Query } from '../core/query/ast.js';
import type { IndexMemory, IndexPage, SearchIndex } from '../core/search/search-index.js';
import type { ForwardStoreUse } from '../core/search/forward-store.js';
import { loadSearchIndex, readEntries, rowEntry } from './search-index-loader.js';
import { createFileForwardStore } from './forward-file.js';
import type { StoredPapers } from './paper-repository.js';
import type { Database } from './schema.js';

/** Changes applied in one catch-up; more than this and a rebuild is cheaper. */
const CATCH_UP_LIMIT = 50_000;
/** The share of papers added since the build that calls for a rebuild. */
const REBUILD_SHARE = 0.1;
const CHUNK = 500;
/** Papers of recent search answers kept to answer the same searches while the database is unreachable. */
const KEPT_PAPERS = 2000;

export interface IndexedPapers extends WordFrequencies {
  readonly papers: PaperRepository;
  /** The ranked ids and the count of matches, from the index. */
  rank(query: Query, page: { readonly limit: number; readonly offset: number }): Promise<IndexPage>;
  /** Starts the first build in the background, and then follows the change log. */
  start(): void;
  /** Resolves once the index serves (starting the build if need be); rejects if the build failed. */
  ready(): Promise<void>;
  /** Stops a build in progress (within one batch) and lets go of the index. */
  close(): Promise<void>;
  /** The index's size once built. */
  stats(): { readonly papers: number; readonly memory: IndexMemory } | undefined;
}

export interface IndexedPapersOptions {
  /** Told when a build or a catch-up fails. */
  readonly onError?: (error: unknown) => void;
  /** Told when a build is done and serves (for logs and tests). */
  readonly onBuilt?: (stats: { readonly papers: number; readonly seconds: number }) => void;
  /** How often an idle index reads the change log once started (default FOLLOW_MS). */
  readonly followMs?: number;
}

/**
 * How often a started index reads the head of the change log. One indexed read of max(seq) a
 * second costs nothing, works alike on both engines and through any outage, and keeps a paper
 * another replica stored under two seconds from this replica's searches (ADR 0013).
 */
export const FOLLOW_MS = 1000;

/** An index replaced by a new build is closed this long after, once no search can still be reading it. */
const RETIRE_AFTER_MS = 10_000;

export function createIndexedPapers(db: Database, inner: StoredPapers, options: IndexedPapersOptions = {}): IndexedPapers {
  /** The index, and the last change-log entry it reflects. */
  let state: { readonly index: SearchIndex; seq: number } | undefined;
  let building: Promise<void> | undefined;
  let failure: unknown;
  let catching: Promise<SearchIndex | undefined> | undefined;
  let closed = false;
  let follower: NodeJS.Timeout | undefined;
  /** Whether the last background catch-up failed: an outage is told once, not every second. */
  let followFailing = false;
  const stop = new AbortController();
  const kept = new LRUCache<string, StoredPaper>({ max: KEPT_PAPERS });
  const forward = (use: ForwardStoreUse) => createFileForwardStore({ slots: use.slots, ...(use.kind === 'pairs' ? { memoryBytes: 0 } : {}) });

  // Two subqueries: SQLite answers a lone max() or min() of the key from the b-tree's edge, but
  // scans the whole log for both in one select.
  const head = async () => {
    const { rows } = await sql<{ last: number | null; first: number | null }>`select (select max(seq) from paper_changes) as last, (select min(seq) from paper_changes) as first`.execute(db);
    return { last: rows[0]?.last ?? 0, first: rows[0]?.first ?? 0 };
  };

  const retire = (index: SearchIndex) => {
    // A search that took this index a moment ago may still be about to read it.
    setTimeout(() => index.close(), RETIRE_AFTER_MS).unref();
  };

  function rebuild(): Promise<void> {
    building ??= (async () => {
      const started = performance.now();
      const from = (await head()).last;
      const built = await loadSearchIndex(db, { signal: stop.signal, forward });
      if (!built) return;
      if (closed) {
        built.close();
        return;
      }
      const old = state?.index;
      state = { index: built, seq: from };
      failure = undefined;
      if (old) retire(old);
      options.onBuilt?.({ papers: built.size, seconds: (performance.now() - started) / 1000 });
    })()
      .catch((error: unknown) => {
        failure = error;
        options.onError?.(error);
      })
      .finally(() => {
        building = undefined;
      });
    return building;
  }

  /** Applies the changes logged since the index's state and returns it; undefined when it must be built again first. */
  async function catchUp(): Promise<SearchIndex | undefined> {
    const current = state;
    if (!current) return undefined;
    const { last, first } = await head();
    if (last <= current.seq) return current.index;
    if (first > current.seq + 1 || last - current.seq > CATCH_UP_LIMIT) {
      // The log no longer reaches back to the index's state, or the backlog is a rebuild's worth.
      if (state === current) {
        state = undefined;
        retire(current.index);
      }
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

  /** One catch-up at a time: searches and the follower share the one in flight. */
  function caughtUp(): Promise<SearchIndex | undefined> {
    catching ??= catchUp().finally(() => {
      catching = undefined;
    });
    return catching;
  }

  /** The index once it reflects the database: built (or rebuilt) first when need be. */
  async function serving(): Promise<SearchIndex> {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (closed) throw new Error('The paper store was closed.');
      if (!state) {
        await rebuild();
        if (!state) throw new Error('The search index could not be built.', { cause: failure });
      }
      const held = state.index;
      let index: SearchIndex | undefined;
      try {
        index = await caughtUp();
      } catch (error) {
        // The database cannot be read: what the index holds is the best answer there is.
        if (state?.index === held) return held;
        throw error;
      }
      if (index) return index;
    }
    throw new Error('The search index kept falling behind the database.');
  }

  function follow(): void {
    const every = options.followMs ?? FOLLOW_MS;
    follower ??= setInterval(() => {
      if (closed || building || catching || !state) return;
      caughtUp().then(
        (index) => {
          followFailing = false;
          if (!index) void rebuild();
        },
        (error: unknown) => {
          if (!followFailing) options.onError?.(error);
          followFailing = true;
        },
      );
    }, every);
    follower.unref();
  }

  /** The papers of a search answer; while the database cannot be read, those kept from earlier answers. */
  async function hitPapers(ids: readonly string[]): Promise<Map<string, StoredPaper>> {
    try {
      const found = await inner.getMany(ids);
      for (const paper of found) kept.set(paper.id, paper);
      return new Map(found.map((p) => [p.id, p]));
    } catch (error) {
      const known = ids.flatMap((id) => kept.get(id) ?? []);
      if (known.length < ids.length) throw error;
      return new Map(known.map((p) => [p.id, p]));
    }
  }

  const papers: PaperRepository = {
    ...inner,
    async search(query, page) {
      const found = (await serving()).search(query, page);
      const byId = await hitPapers(found.hits.map((h) => h.id));
      const hits = found.hits.flatMap((h): SearchHit[] => {
        const paper = byId.get(h.id);
        return paper ? [{ paper, score: h.score }] : [];
      });
      return { hits, total: found.total, ...(found.estimated ? { estimated: true as const } : {}) };
    },
    async scoreMatching(query, ids) {
      return (await serving()).scoreMatching(query, ids);
    },
  };

  return {
    papers,
    async rank(query, page) {
      return (await serving()).search(query, page);
    },
    async wordFrequencies(tokens) {
      const index = await serving();
      return { papers: index.size, counts: index.wordFrequencies(tokens) };
    },
    start() {
      if (closed) return;
      if (!state) void rebuild();
      follow();
    },
    async ready() {
      await serving();
    },
    stats() {
      return state && { papers: state.index.size, memory: state.index.memory() };
    },
    async close() {
      closed = true;
      clearInterval(follower);
      stop.abort();
      await building;
      state?.index.close();
      state = undefined;
    },
  };
}
