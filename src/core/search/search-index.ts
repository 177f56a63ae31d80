/**
 * An in-memory search index that ranks exactly as the store's FTS5 search does (bm25 with the
 * store's column weights, blended with upvotes, ties to more upvotes, the newer daily date, then
 * the id), fast enough to score only a few hundred documents per query.
 *
 * A term is a (field, token) pair with an integer id; its postings are compressed blocks with a
 * bound per block (postings.ts). Documents get slots in the order they are added, and a build adds
 * them in descending upvotes, so the upvote factor only falls along every list: a query stops once
 * no later document can reach its k-th best and skips blocks that cannot (search-scan.ts).
 *
 * Live updates: new papers get slots after the sealed ones, in small tails scanned in full; changed
 * upvotes raise their block's bound (bounds never fall, so they stay safe); a changed text retires
 * the old slot and adds the new text as a new paper. A fresh build restores the upvote order.
 */
import type { Paper } from '../paper.js';
import type { Field, Query } from '../query/ast.js';
import { FIELD_COLUMNS, indexedDocument, INDEXED_COLUMNS, type IndexedDocument } from '../query/document.js';
import { COLUMN_WEIGHTS } from '../query/ranking.js';
import { bm25Idf, bm25Term, upvoteBlend } from './bm25.js';
import { MAX_SLOTS, PostingStore, withBit } from './postings.js';
import { countDense, planGroups, planQuery, scanSealed, scanTails, Scratch, type Documents, type Plan, type ScanContext } from './search-scan.js';
import { createKeyTable, DROPPED, forEachToken, type KeyTable, type TokenSink } from '../query/token-keys.js';
import { IdTable } from './id-table.js';
import { runSteps } from './steps.js';
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
}

export interface SearchIndex {
  /** The top `limit` hits after `offset` and the number of matches, or undefined for a multi-word phrase, an exclusion or a rare word (ask FTS5). */
  search(query: Query, page: { readonly limit: number; readonly offset: number }): IndexPage | undefined;
  /** Adds new papers and updates known ones (upvotes, daily date; a changed text is re-indexed). */
  upsert(entries: readonly IndexEntry[]): void;
  /** Takes papers out (unknown ids are ignored). */
  remove(ids: readonly string[]): void;
  readonly size: number;
  /** Documents added or re-indexed since the build; a fresh build re-sorts them for pruning. */
  readonly unsorted: number;
  /** Bytes of the compressed postings. */
  readonly postingBytes: number;
  /**
   * Runs a round of searches over the index's own words that takes every path of the scans. V8
   * compiles a function for the paths it has seen run and recompiles it when another is taken;
   * a few rounds before serving let the first searches run compiled, several times faster.
   */
  warmUp(): void;
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
  /** Terms in fewer than this share of the papers are dropped when sealing; queries with one go to FTS5. */
  readonly rareShare?: number;
  /** How many papers the build will add, when known: the per-paper arrays are then made once at their size, not doubled as they fill. */
  readonly papers?: number;
}

const FIELDS: readonly Field[] = ['text', 'author', 'org'];

export function paperEntry(paper: Paper): IndexEntry {
  return { id: paper.id, upvotes: paper.upvotes, dailyDate: paper.dailyDate, document: indexedDocument(paper) };
}

/** Builds an index of `papers` in one go. */
export function createSearchIndex(papers: readonly Paper[], options: SearchIndexOptions = {}): SearchIndex {
  const builder = createSearchIndexBuilder(options);
  for (const paper of [...papers].sort((a, b) => b.upvotes - a.upvotes)) builder.add(paperEntry(paper));
  return builder.finish();
}

export function createSearchIndexBuilder(options: SearchIndexOptions = {}): SearchIndexBuilder {
  const postings = new PostingStore(options);
  const slotShift = Math.max(0, Math.round(Math.log2(postings.blockSize)));
  let keys = createKeyTable(0);
  const counter = new TermCounter(keys, postings);
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
    for (const field of FIELDS) {
      for (const column of FIELD_COLUMNS[field]) {
        counter.start(field, entry.document[column], COLUMN_WEIGHTS[column]);
        forEachToken(entry.document[column], counter);
      }
    }
    const length = counter.tokens;
    counter.drain((term, freq) => append(term, slot, freq));
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

  const retire = (slot: number, retired: Set<number>) => {
    alive[slot >>> 5]! &= ~(1 << (slot & 31));
    retired.add(slot);
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
    get postingBytes() {
      return postings.bytes();
    },

    upsert(entries) {
      const retired = new Set<number>();
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
          retire(slot, retired);
        }
        add(entry, (term, at, freq) => postings.appendTail(term, at, freq));
      }
      postings.forget(retired);
    },

    remove(removed) {
      const retired = new Set<number>();
      for (const id of removed) {
        const slot = ids.slotOf(id);
        if (slot < 0) continue;
        ids.remove(id);
        retire(slot, retired);
      }
      postings.forget(retired);
    },

    search(query, page) {
      const plan = planQuery(query, (field, token) => keys.find(field, token), postings);
      return plan && searchPlan(plan, page);
    },

    warmUp() {
      for (const groups of warmUpQueries()) {
        const plan = planGroups(groups, postings);
        searchPlan(plan, { limit: 10, offset: 0 });
        searchPlan(plan, { limit: 0, offset: 0 });
      }
    },
  };

  function searchPlan(plan: Plan, page: { readonly limit: number; readonly offset: number }): IndexPage {
    const limit = Math.max(0, Math.floor(page.limit));
    const k = Math.max(0, Math.floor(page.offset)) + limit;
    if (plan.empty || rows === 0) return { hits: [], total: 0 };
    const averageLength = tokens / rows;
    const ctx: ScanContext = {
      plan,
      postings,
      docs: docs(),
      idf: Float64Array.from(plan.terms, (t) => (t < 0 ? 0 : bm25Idf(rows, postings.df[t]!))),
      averageLength,
      boundScale: Math.max(1, averageLength / buildAverage),
      scratch,
    };
    const total =
      plan.terms.length === 1
        ? postings.df[plan.terms[0]!]!
        : (countDense(plan, postings, alive, scratch) ?? scanTails(ctx, undefined) + scanSealed(ctx, undefined));
    if (k === 0) return { hits: [], total };
    const top = scratch.top.reset(k, ctx.docs);
    scanTails(ctx, top);
    scanSealed(ctx, top);
    const hits = top.entries(k - limit).map(({ slot, score }) => ({ id: ids.id(slot), score }));
    return { hits, total };
  }

  /**
   * Queries of the index's own words that take every path of the scans: a single word, words
   * tested by bitset and by seeking, alternatives, all-dense counts. Two words of each kind: dense
   * (with a bitset), common (in 1/200 of the papers or more) and the rest.
   */
  function warmUpQueries(): number[][][] {
    const dense: number[] = [];
    const common: number[] = [];
    const other: number[] = [];
    for (let term = 0; term < postings.terms && (dense.length < 2 || common.length < 2 || other.length < 2); term++) {
      const df = postings.df[term]!;
      if (df === 0) continue;
      const kind = postings.denseBits(term) ? dense : df * 200 >= rows ? common : other;
      if (kind.length < 2) kind.push(term);
    }
    const [d0 = -1, d1 = d0] = dense;
    const [c0 = d0, c1 = c0] = common;
    const [o0 = c0, o1 = o0] = other;
    return [[[c0]], [[c0], [d0]], [[c0], [c1]], [[o0], [d0], [c1]], [[c0, c1], [d0]], [[d0], [d1]], [[o0, c0], [d0, d1]], [[o0], [o1]], [[o0], [c0, d0]]];
  }

  return {
    add: (entry) => {
      if (ids.slotOf(entry.id) < 0) add(entry, (term, slot, freq) => postings.append(term, slot, freq));
    },
    finish() {
      return runSteps(this.finishing());
    },
    *finishing() {
      sealed = slots;
      buildAverage = rows === 0 ? 1 : tokens / rows;
      const dropped = yield* postings.sealing((freq, slot) => bm25Term(1, freq, lengths[slot]!, buildAverage), sealed);
      keys = keys.retain((key) => dropped[key] === 0);
      counter.useKeys(keys, postings.terms);
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

/**
 * Tallies one document's weighted term frequencies as its columns' tokens come (a key of the key
 * table is a term, and a posting list of the same number).
 */
class TermCounter implements TokenSink {
  tokens = 0;
  private field: Field = 'text';
  private text = '';
  private weight = 0;
  private frequency = new Int32Array(1024);
  private readonly touched: number[] = [];

  constructor(
    private keys: KeyTable,
    private readonly postings: PostingStore,
  ) {}

  /** Counts with `keys` from now on (the table sealing left, for `terms` terms). */
  useKeys(keys: KeyTable, terms: number): void {
    this.keys = keys;
    this.frequency = new Int32Array(Math.max(1024, terms));
  }

  start(field: Field, text: string, weight: number): void {
    this.field = field;
    this.text = text;
    this.weight = weight;
  }

  ascii(start: number, end: number, hash: number): void {
    const key = this.keys.findAscii(this.field, this.text, start, end, hash);
    this.tally(key === -1 ? this.keyOf(this.text.slice(start, end).toLowerCase()) : key);
  }

  other(token: string): void {
    this.tally(this.keyOf(token));
  }

  /** Hands over each touched term with its frequency, and clears them for the next document. */
  drain(each: (term: number, freq: number) => void): void {
    for (const term of this.touched) {
      each(term, this.frequency[term]!);
      this.frequency[term] = 0;
    }
    this.touched.length = 0;
  }

  private keyOf(token: string): number {
    const key = this.keys.keyOf(this.field, token);
    while (this.postings.terms <= key) this.postings.newTerm();
    if (key >= this.frequency.length) this.frequency = grown(this.frequency, key + 1);
    return key;
  }

  /** Counts a token towards the document's length, and its term unless it was dropped as rare. */
  private tally(term: number): void {
    this.tokens += 1;
    if (term === DROPPED) return;
    if (this.frequency[term] === 0) this.touched.push(term);
    this.frequency[term]! += this.weight;
  }
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
