/**
 * The search engine of record: an in-memory index that answers the whole query language (words
 * as English stems, phrases, OR, exclusions, `author:`, `org:`) and ranks by the search semantics
 * (bm25 with the column weights, blended with upvotes, ties to more upvotes, the newer daily date,
 * then the id; docs/decisions/0011-search-engine-of-record.md), scoring only a few hundred
 * documents per query.
 *
 * A term is a (field, stem or name) pair with an integer id; its postings are compressed blocks
 * with a bound per block (postings.ts). Each document's terms in order are kept in a forward
 * stream (forward-store.ts), where a phrase's candidates are checked word by word. Documents get slots in the order they are added, and a build adds
 * them in descending upvotes, so the upvote factor only falls along every list: a query stops once
 * no later document can reach its k-th best and skips blocks that cannot (search-scan.ts).
 *
 * Live updates: new papers get slots after the sealed ones, in small tails scanned in full; changed
 * upvotes raise their block's bound (bounds never fall, so they stay safe); a changed text retires
 * the old slot and adds the new text as a new paper. A fresh build restores the upvote order.
 */
import type { Paper } from '../paper.js';
import type { Field, Phrase, Query } from '../query/ast.js';
import { termToken } from '../query/stem.js';
import { createTermKeys } from '../query/term-keys.js';
import { AUTHOR_SEPARATOR, FIELD_COLUMNS, indexedDocument, INDEXED_COLUMNS, type IndexedDocument } from '../query/document.js';
import { COLUMN_WEIGHTS } from '../query/ranking.js';
import { bm25Idf, bm25Term, upvoteBlend } from './bm25.js';
import { createMemoryForwardStore, type ForwardStore, type ForwardStoreFactory } from './forward-store.js';
import { PairLists } from './pair-lists.js';
import { BREAK, decodeStream, PhraseCheck, streamTerms } from './phrase-check.js';
import { hasBit, MAX_SLOTS, PostingStore, withBit } from './postings.js';
import { exactQuery, planQuery, type Plan } from './query-plan.js';
import { countDense, scanSealed, scanTails, Scratch, type Documents, type ScanContext } from './search-scan.js';
import { forEachToken } from '../query/token-keys.js';
import { TermCounter } from './term-counter.js';
import { IdTable } from './id-table.js';
import { END } from './list-cursor.js';
import { runSteps } from './steps.js';
import { warmUpQueries, type WarmUpWords } from './warm-up.js';
import { grown } from '../typed-arrays.js';

/** What the index needs of a paper. */
export interface IndexEntry {
  readonly id: string;
  readonly upvotes: number;
  readonly dailyDate?: string | undefined;
  readonly document: IndexedDocument;
}

export interface IndexHit {
  readonly id: string;
  readonly score: number;
}

export interface IndexPage {
  readonly hits: IndexHit[];
  /** Matches in all. */
  readonly total: number;
  /** `total` was estimated from a sample of the candidates of a phrase query with very many (the hits are exact). */
  readonly estimated?: true;
}

export interface SearchIndex {
  /** The top `limit` hits after `offset` and the number of matches. */
  search(query: Query, page: { readonly limit: number; readonly offset: number }): IndexPage;
  /** Of the papers `ids` names, those that match `query`, with the score search gives them (unknown ids are left out). */
  scoreMatching(query: Query, ids: readonly string[]): Map<string, number>;
  /** Adds new papers and updates known ones (upvotes, daily date; a changed text is re-indexed). */
  upsert(entries: readonly IndexEntry[]): void;
  /** Takes papers out (unknown ids are ignored). */
  remove(ids: readonly string[]): void;
  /** For each folded word, how many papers hold its stem in their text (0 when none does). */
  wordFrequencies(tokens: readonly string[]): number[];
  readonly size: number;
  /** Documents added or re-indexed since the build; a fresh build re-sorts them for pruning. */
  readonly unsorted: number;
  /** Bytes the index holds in the process, by part (the operating system's cache of its files not counted). */
  memory(): IndexMemory;
  /**
   * Runs a round of searches over the index's own words that takes every path of a search, from
   * the parser to the scans (warm-up.ts). V8 compiles a function for the paths it has seen run and
   * recompiles it when another is taken; a few rounds before serving let the first searches run
   * compiled, several times faster.
   */
  warmUp(): void;
  /** Lets go of the forward streams (a file is closed); the index must not be searched after. */
  close(): void;
}

export interface IndexMemory {
  /** The posting lists, bitsets and per-term arrays. */
  readonly postings: number;
  /** The table of terms and the word forms remembered with them. */
  readonly terms: number;
  /** The ids and the per-paper arrays (live bit, length, upvotes, day, text hash, block bounds). */
  readonly papers: number;
  /** Forward streams and pair lists kept in the process, and their offsets. */
  readonly streams: number;
}

export interface SearchIndexBuilder {
  /** Adds one paper; adding in descending upvotes makes queries stop early. */
  add(entry: IndexEntry): void;
  /** Seals the index (compresses its lists) in one go. */
  finish(): SearchIndex;
  /** `finish` in steps of some 50 ms, for a caller that yields to the event loop between them. */
  finishing(): Generator<void, SearchIndex>;
}

export interface SearchIndexOptions {
  /** Postings per block (tests use small blocks to cross many block edges). */
  readonly blockSize?: number;
  /** Terms in at least this share of the papers get a bitset (tests use small shares). */
  readonly denseShare?: number;
  /** Where the documents' forward streams and the pair lists are kept (default: in memory). */
  readonly forward?: ForwardStoreFactory;
  /** Buckets of the pair lists, a power of two (default: the papers' count rounded up, at least 1024; tests use few, to make pairs collide). */
  readonly pairBuckets?: number;
  /** A phrase query's candidates checked one by one for its count, up to this many (default 500); beyond, a sample estimates it. */
  readonly exactCount?: number;
  /** How many papers the build will add, when known: the per-paper arrays are then made once at their size, not doubled as they fill. */
  readonly papers?: number;
}

const FIELDS: readonly Field[] = ['text', 'author', 'org'];
/** Beyond `exactCount` (default 500), the candidates checked to estimate a phrase query's count. */
const COUNT_SAMPLE = 200;
/** Word forms remembered with their terms once built (the build remembers all it reads). */
const SURFACES_AFTER_BUILD = 100_000;
/** Documents the warm-up takes phrases and names from, spread over the slots. */
const WARM_UP_DOCUMENTS = 12;
/** A pair list longer than this many bytes per posting of the scan's driver is not read (some 3 bytes a posting). */
const PAIR_BYTES_PER_DRIVER = 8;

export function paperEntry(paper: Paper): IndexEntry {
  return { id: paper.id, upvotes: paper.upvotes, dailyDate: paper.dailyDate, document: indexedDocument(paper) };
}

/** Builds an index of `papers` in one go. */
export function createSearchIndex(papers: readonly Paper[], options: SearchIndexOptions = {}): SearchIndex {
  const builder = createSearchIndexBuilder({ papers: papers.length, ...options });
  for (const paper of [...papers].sort((a, b) => b.upvotes - a.upvotes)) builder.add(paperEntry(paper));
  return builder.finish();
}

export function createSearchIndexBuilder(options: SearchIndexOptions = {}): SearchIndexBuilder {
  const postings = new PostingStore(options);
  const slotShift = Math.max(0, Math.round(Math.log2(postings.blockSize)));
  const keys = createTermKeys({ first: 0, makeKeys: true });
  const stores = options.forward ?? createMemoryForwardStore;
  const forward: ForwardStore = stores({ kind: 'streams', slots: options.papers ?? 0 });
  const pairBuckets = options.pairBuckets ?? 2 ** Math.ceil(Math.log2(Math.max(1024, options.papers ?? 0)));
  const pairs = new PairLists(pairBuckets, postings.blockSize, stores({ kind: 'pairs', slots: pairBuckets }));
  const counter = new TermCounter(keys, postings);
  const check = new PhraseCheck();
  const exactCount = options.exactCount ?? 500;
  const ids = new IdTable(options.papers);
  const scratch = new Scratch(postings.blockSize);
  let slots = 0;
  let capacity = Math.max(1024, (options.papers ?? 0) + 1);
  /** A bit per slot, set while it holds a live document. */
  let alive = new Int32Array(capacity >>> 5);
  let lengths = new Int32Array(capacity);
  let upvotes = new Int32Array(capacity);
  let days = new Int32Array(capacity);
  /** A hash of each slot's indexed text, to tell an upvote change from a text change. */
  let hashes = new Uint32Array(capacity);
  let suffixMax = new Int32Array(0);
  let sealed = 0;
  let buildAverage = 1;
  let rows = 0;
  let tokens = 0;
  const add = (entry: IndexEntry, append: (term: number, slot: number, freq: number) => void) => {
    const slot = slots;
    if (slot >= MAX_SLOTS) throw new RangeError(`The search index holds at most ${MAX_SLOTS} papers.`);
    if (slot === capacity) {
      capacity *= 2;
      lengths = grown(lengths, capacity);
      upvotes = grown(upvotes, capacity);
      days = grown(days, capacity);
      hashes = grown(hashes, capacity);
    }
    counter.tokens = 0;
    counter.stream.reset();
    for (const field of FIELDS) {
      for (const column of FIELD_COLUMNS[field]) {
        counter.start(field, entry.document[column], COLUMN_WEIGHTS[column]);
        forEachToken(entry.document[column], counter);
        counter.stream.endColumn();
      }
    }
    const length = counter.tokens;
    counter.drain((term, freq) => append(term, slot, freq));
    forward.append(slot, counter.stream.view());
    ids.add(entry.id);
    slots += 1;
    alive = withBit(alive, slot);
    lengths[slot] = length;
    upvotes[slot] = entry.upvotes;
    days[slot] = dayNumber(entry.dailyDate);
    hashes[slot] = textHash(entry.document);
    rows += 1;
    tokens += length;
  };

  /** Takes a slot out: its bit, its length, and its terms' document frequencies (read from its forward stream). */
  const retire = (slot: number) => {
    alive[slot >>> 5]! &= ~(1 << (slot & 31));
    for (const term of streamTerms(forward.read(slot))) postings.df[term]! -= 1;
    rows -= 1;
    tokens -= lengths[slot]!;
  };

  const raiseBound = (slot: number, value: number) => {
    if (slot >= sealed) return;
    for (let block = slot >>> slotShift; block >= 0 && suffixMax[block]! < value; block--) suffixMax[block] = value;
  };

  const docs = (): Documents => ({ alive, lengths, upvotes, days, ids, sealed, suffixMax, slotShift });

  const index: SearchIndex = {
    get size() {
      return rows;
    },
    get unsorted() {
      return slots - sealed;
    },
    memory() {
      const perPaper = [alive, lengths, upvotes, days, hashes, suffixMax].reduce((sum, a) => sum + a.byteLength, 0);
      return { postings: postings.heapBytes(), terms: keys.heapBytes(), papers: ids.heapBytes() + perPaper, streams: forward.heapBytes() + pairs.heapBytes() };
    },

    upsert(entries) {
      for (const entry of entries) {
        const found = ids.slotOf(entry.id);
        const slot = found < 0 ? undefined : found;
        if (slot !== undefined && textHash(entry.document) === hashes[slot]) {
          days[slot] = dayNumber(entry.dailyDate) || days[slot]!;
          upvotes[slot] = entry.upvotes;
          raiseBound(slot, entry.upvotes);
          continue;
        }
        if (slot !== undefined) {
          ids.remove(entry.id);
          retire(slot);
        }
        add(entry, (term, at, freq) => postings.appendTail(term, at, freq));
      }
    },

    remove(removed) {
      for (const id of removed) {
        const slot = ids.slotOf(id);
        if (slot < 0) continue;
        ids.remove(id);
        retire(slot);
      }
    },

    search(query, page) {
      return searchPlan(planQuery(query, termOf, postings, pairs.mask), page);
    },

    wordFrequencies(words) {
      return words.map((word) => {
        const term = keys.findTerm('text', termToken('text', word));
        return term < 0 ? 0 : (postings.df[term] ?? 0);
      });
    },

    scoreMatching(query, wanted) {
      const scores = new Map<string, number>();
      if (rows === 0) return scores;
      const averageLength = tokens / rows;
      check.begin(exactQuery(query, termOf), idfOf);
      try {
        for (const id of wanted) {
          const slot = ids.slotOf(id);
          if (slot < 0 || scores.has(id)) continue;
          const score = exactScore(slot, averageLength);
          if (score >= 0) scores.set(id, score);
        }
      } finally {
        check.end();
      }
      return scores;
    },

    warmUp() {
      const kinds = warmUpTerms();
      for (const query of warmUpQueries(warmUpWords(kinds))) {
        index.search(query, { limit: 10, offset: 0 });
        index.search(query, { limit: 0, offset: 0 });
      }
      // The lists' ends, which few queries reach: a cursor bounding and seeking past the last posting.
      scratch.ensure(1);
      const cursor = scratch.cursors[0]!;
      for (const term of kinds.flat()) {
        for (const slot of [0, slots >>> 1, slots, MAX_SLOTS - 1]) {
          postings.open(cursor, term);
          if (cursor.shallow(slot) && cursor.seek(slot) !== END) cursor.freq();
        }
      }
    },

    close() {
      forward.close();
      pairs.close();
    },
  };

  function searchPlan(plan: Plan, page: { readonly limit: number; readonly offset: number }): IndexPage {
    const limit = Math.max(0, Math.floor(page.limit));
    const k = Math.max(0, Math.floor(page.offset)) + limit;
    if (plan.empty || rows === 0) return { hits: [], total: 0 };
    const averageLength = tokens / rows;
    const boundScale = Math.max(1, averageLength / buildAverage);
    const extra = new Float64Array(plan.terms.length);
    for (let i = 0; i < extra.length; i++) {
      for (let o = plan.othersAt[i]!; o < plan.othersAt[i + 1]!; o++) extra[i]! += idfOf(plan.others[o]!) * postings.termBound(plan.others[o]!) * boundScale;
    }
    const exact = plan.exact;
    const pairCount = exact ? readPairs(plan) : 0;
    if (exact) check.begin(exact, idfOf);
    try {
      const ctx: ScanContext = {
        plan,
        postings,
        docs: docs(),
        idf: Float64Array.from(plan.terms, idfOf),
        extra,
        averageLength,
        boundScale,
        scratch,
        check: exact && ((slot) => exactScore(slot, averageLength)),
        holds: exact && plan.byBytes ? (slot) => check.holdsBytes(forward.read(slot)) : undefined,
        pairs: pairCount,
      };
      let hits: IndexHit[] = [];
      if (k > 0) {
        const top = scratch.top.reset(k, ctx.docs);
        scanTails(ctx, top);
        scanSealed(ctx, top);
        hits = top.entries(k - limit).map(({ slot, score }) => ({ id: ids.id(slot), score }));
        // Short of k, the walk pruned nothing and every candidate was decided: these are all.
        if (exact && !top.full()) return { hits, total: top.length() };
      }
      if (exact) {
        const counted = countChecked(ctx);
        // The walk found k matches: an estimate from a sample never says fewer.
        return { hits, ...counted, total: Math.max(counted.total, k) };
      }
      const total =
        plan.terms.length === 1 && plan.excluded.length === 0
          ? postings.df[plan.terms[0]!]!
          : (countDense(plan, postings, alive, scratch) ?? scanTails(ctx, undefined) + scanSealed(ctx, undefined));
      return { hits, total };
    } finally {
      if (exact) check.end();
    }
  }

  /**
   * Reads the plan's pair lists into the scratch, but those much longer than the postings that
   * drive the scan (a pair of very common words): reading and seeking them would cost more than
   * the checks they spare. Returns how many it read.
   */
  function readPairs(plan: Plan): number {
    let driverSize = 0;
    for (let i = plan.driver === 0 ? 0 : plan.ends[plan.driver - 1]!; i < plan.ends[plan.driver]!; i++) driverSize += plan.terms[i]! < 0 ? 0 : postings.df[plan.terms[i]!]!;
    let read = 0;
    for (const bucket of plan.pairs) {
      if (pairs.length(bucket) > PAIR_BYTES_PER_DRIVER * driverSize) continue;
      scratch.setPair(read++, pairs.read(bucket));
    }
    return read;
  }

  function idfOf(term: number): number {
    return term < 0 ? 0 : bm25Idf(rows, postings.df[term]!);
  }

  function termOf(phrase: Phrase, token: string): number {
    return keys.findTerm(phrase.field, termToken(phrase.field, token));
  }

  function exactScore(slot: number, averageLength: number): number {
    const relevance = check.score(forward.read(slot), lengths[slot]!, averageLength);
    return relevance < 0 ? -1 : relevance * upvoteBlend(upvotes[slot]!);
  }

  /**
   * The matches of a query with a multi-word phrase: its candidates (the documents the postings
   * let through) each checked, or, when there are more than `exactCount` of them, an evenly
   * spread sample of `COUNT_SAMPLE`, whose share of matches estimates the total.
   */
  function countChecked(ctx: ScanContext): { readonly total: number; readonly estimated?: true } {
    const candidates: number[] = [];
    const collect = (slot: number) => void candidates.push(slot);
    scanTails(ctx, undefined, collect);
    scanSealed(ctx, undefined, collect);
    const checkAt = ctx.holds ? (i: number) => ctx.holds!(candidates[i]!) : (i: number) => ctx.check!(candidates[i]!) >= 0;
    if (candidates.length <= exactCount) {
      let total = 0;
      for (let i = 0; i < candidates.length; i++) if (checkAt(i)) total += 1;
      return { total };
    }
    let matched = 0;
    const step = candidates.length / COUNT_SAMPLE;
    for (let i = 0; i < COUNT_SAMPLE; i++) if (checkAt(Math.floor(i * step))) matched += 1;
    return { total: Math.max(1, Math.round((candidates.length * matched) / COUNT_SAMPLE)), estimated: true };
  }

  /**
   * Three words of the text of each kind, as terms: dense (with a bitset), common (in 1/200 of the
   * papers or more), the rest. Only stems that are words of their own term (`model`, not `propos`,
   * which a query reads as `propo`), so that the warm-up's text finds them.
   */
  function warmUpTerms(): number[][] {
    const kinds: number[][] = [[], [], []];
    for (let term = 0; term < postings.terms && kinds.some((k) => k.length < 3); term++) {
      const df = postings.df[term]!;
      if (df === 0 || !typedAsItself(term)) continue;
      const kind = kinds[postings.denseBits(term) ? 0 : df * 200 >= rows ? 1 : 2]!;
      if (kind.length < 3 && keys.term(term).field === 'text') kind.push(term);
    }
    return kinds;
  }

  /** Whether a query that names the term's text finds the term. */
  function typedAsItself(term: number): boolean {
    const { field, token } = keys.term(term);
    return termToken(field, token) === token;
  }

  /**
   * The words of the warm-up's queries (warm-up.ts): those of `kinds`, and of documents spread over
   * the slots (the later ones' streams read from a file) the first run of words of the title that
   * have no bitset (as the words of a phrase people search for; a phrase of the commonest words
   * costs a search tens of milliseconds) and are typed as themselves, the first author's name and
   * the organisation's.
   */
  function warmUpWords(kinds: readonly (readonly number[])[]): WarmUpWords {
    const tokens = (terms: readonly number[]) => terms.map((term) => keys.term(term).token);
    const phrases: string[][] = [];
    const authors: string[][] = [];
    const orgs: string[][] = [];
    for (let i = 0; i < WARM_UP_DOCUMENTS && slots > 0; i++) {
      const slot = Math.floor((i * (slots - 1)) / (WARM_UP_DOCUMENTS - 1));
      if (!hasBit(alive, slot)) continue;
      const columns = streamColumns(forward.read(slot));
      const words = 2 + (i % 2);
      const title = columns[INDEXED_COLUMNS.indexOf('title')]!;
      const start = title.findIndex((_, at) => at + words <= title.length && title.slice(at, at + words).every((term) => !postings.denseBits(term) && typedAsItself(term)));
      if (start >= 0) phrases.push(tokens(title.slice(start, start + words)));
      const author = tokens(columns[INDEXED_COLUMNS.indexOf('authors')]!);
      const end = author.indexOf(AUTHOR_SEPARATOR);
      if (author.length > 0) authors.push(author.slice(0, end < 0 ? author.length : end));
      const org = columns[INDEXED_COLUMNS.indexOf('org')]!;
      if (org.length > 0) orgs.push(tokens(org.slice(0, 2)));
    }
    return { kinds: kinds.map(tokens), phrases, authors, orgs };
  }

  /** A forward stream's terms, column by column. */
  function streamColumns(stream: Uint8Array): number[][] {
    const terms = new Int32Array(stream.length);
    const n = decodeStream(stream, terms);
    const columns: number[][] = [[]];
    for (let at = 0; at < n; at++) {
      if (terms[at] === BREAK) columns.push([]);
      else columns.at(-1)!.push(terms[at]!);
    }
    return columns;
  }

  return {
    add: (entry) => {
      if (ids.slotOf(entry.id) >= 0) return;
      add(entry, (term, slot, freq) => postings.append(term, slot, freq));
      pairs.note(slots - 1, counter.stream.view());
    },
    finish() {
      return runSteps(this.finishing());
    },
    *finishing() {
      sealed = slots;
      buildAverage = rows === 0 ? 1 : tokens / rows;
      yield* postings.sealing((freq, slot) => bm25Term(1, freq, lengths[slot]!, buildAverage), sealed);
      yield* pairs.sealing(forward, sealed);
      // The build remembered every word form it read; new papers bring few new ones.
      keys.forgetSurfaces(SURFACES_AFTER_BUILD);
      keys.trim();
      yield;
      suffixMax = new Int32Array((sealed >>> slotShift) + 1);
      suffixMax.fill(-1);
      for (let slot = sealed - 1; slot >= 0; slot--) raiseBound(slot, upvotes[slot]!);
      // The exact logarithm costs about 20 µs and is cached per argument: work out each upvote
      // count's factor now (a few thousand distinct counts), not during the first searches.
      const counts = new Set<number>();
      for (let slot = 0; slot < sealed; slot++) counts.add(upvotes[slot]!);
      for (const count of counts) upvoteBlend(count);
      return index;
    },
  };
}

/** `2026-06-01` as 20260601; 0 (oldest) when the paper has no daily date. */
function dayNumber(date: string | undefined): number {
  return date ? Number(date.slice(0, 4)) * 10000 + Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10)) : 0;
}

/** FNV-1a over the indexed columns. */
function textHash(doc: IndexedDocument): number {
  let hash = 0x811c9dc5;
  for (const column of INDEXED_COLUMNS) {
    const text = doc[column];
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    hash = Math.imul(hash ^ 0xffff, 0x01000193);
  }
  return hash >>> 0;
}
