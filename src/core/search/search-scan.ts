/**
 * How the search index answers one query: the plan (a term per phrase, in FTS5's phrase order),
 * the top-k under the store's order, and the two scans: the documents added since the build (few,
 * tested in full) and the sealed documents, walked by the rarest group with the other groups
 * leapfrogging, skipping every block whose bound (each term's block bound, times the largest upvote
 * factor still ahead) cannot reach the k-th best, and stopping once no later document can.
 *
 * Everything the scans read per query is a typed array or an object the index keeps (`Scratch`):
 * V8 compiles the scans for the hidden classes it has seen, and arrays of arrays change class with
 * how they were made (an `Array.prototype.map` result is packed when the builtin makes it and holey
 * when optimised code does), while per-query objects take their class with them when they die.
 * Either way the compiled scan was thrown away and a search ran unoptimised (up to 8 ms at 100k
 * papers against 1) until it was compiled again.
 */
import type { Field, Query } from '../query/ast.js';
import { DROPPED } from '../query/token-keys.js';
import { bm25Term, upvoteBlend } from './bm25.js';
import { popcount } from './dense-list.js';
import type { IdTable } from './id-table.js';
import { END, ListCursor } from './list-cursor.js';
import { hasBit, type PostingStore } from './postings.js';
import { UPVOTE_BLEND } from '../query/ranking.js';

export interface Plan {
  /** Term id per query phrase, in FTS5's phrase order; −1 when no document holds it. */
  readonly terms: Int32Array;
  /** The AND groups: group g's alternatives are the phrases from `ends[g − 1]` (0 for the first) up to `ends[g]`. */
  readonly ends: Int32Array;
  /** The group whose postings drive the scan: the fewest documents. */
  readonly driver: number;
  /** Some group has no document at all. */
  readonly empty: boolean;
}

/** The first phrase of group `g`. */
function groupStart(ends: Int32Array, g: number): number {
  return g === 0 ? 0 : ends[g - 1]!;
}

/**
 * The plan of a query, given each word's term (−1 for a word no paper holds, DROPPED for a rare
 * one). Words, OR and fields only, and no rare word: a multi-word phrase needs positions (not kept: they would double the
 * memory) and FTS5 scores rows matched through NOT differently from the sum of their hits (see
 * docs/decisions/0008-search-index.md), so both go to FTS5.
 */
export function planQuery(query: Query, termOf: (field: Field, token: string) => number, postings: PostingStore): Plan | undefined {
  if (query.none.length > 0 || query.all.some((g) => g.anyOf.some((p) => p.tokens.length !== 1))) return undefined;
  const groups = query.all.map((g) => g.anyOf.map((p) => termOf(p.field, p.tokens[0]!)));
  // A rare word matches few papers, which FTS5 ranks fast; the index dropped it when sealing.
  if (groups.some((g) => g.includes(DROPPED))) return undefined;
  return planGroups(groups, postings);
}

/** The plan of AND groups of alternative terms (−1 for a word no document holds). */
export function planGroups(groups: readonly (readonly number[])[], postings: PostingStore): Plan {
  const terms = Int32Array.from(groups.flat());
  const ends = new Int32Array(groups.length);
  const sizes = groups.map((g, i) => {
    ends[i] = (i === 0 ? 0 : ends[i - 1]!) + g.length;
    return g.reduce((sum, term) => sum + (term < 0 ? 0 : postings.df[term]!), 0);
  });
  const driver = sizes.indexOf(Math.min(...sizes));
  return { terms, ends, driver, empty: sizes[driver] === 0 };
}

/** What the scans read about documents, by slot. */
export interface Documents {
  /** A bit per slot: set while the slot holds a live document. */
  readonly alive: Int32Array;
  readonly lengths: Int32Array;
  readonly upvotes: Int32Array;
  /** Daily date as yyyymmdd, 0 when none. */
  readonly days: Int32Array;
  readonly ids: IdTable;
  /** Slots below this are sealed; the rest were added since the build. */
  readonly sealed: number;
  /** Per block of sealed slots, the largest upvotes at or after it. */
  readonly suffixMax: Int32Array;
  readonly slotShift: number;
}

/** The k best slots under the store's order: score, then upvotes, the newer daily date (none last), the id. */
export class TopK {
  private slots = new Int32Array(16);
  private scores = new Float64Array(16);
  private size = 0;
  private k = 0;
  private docs: Documents | undefined;

  /** Empties it for a search of the `k` best over `docs`. */
  reset(k: number, docs: Documents): this {
    if (k > this.slots.length) {
      this.slots = new Int32Array(k);
      this.scores = new Float64Array(k);
    }
    this.size = 0;
    this.k = k;
    this.docs = docs;
    return this;
  }

  full(): boolean {
    return this.size === this.k;
  }

  threshold(): number {
    return this.scores[this.size - 1]!;
  }

  offer(slot: number, score: number): void {
    const k = this.k;
    if (this.size === k && !this.before(slot, score, this.size - 1)) return;
    let at = this.size === k ? k - 1 : this.size++;
    while (at > 0 && this.before(slot, score, at - 1)) {
      this.slots[at] = this.slots[at - 1]!;
      this.scores[at] = this.scores[at - 1]!;
      at -= 1;
    }
    this.slots[at] = slot;
    this.scores[at] = score;
  }

  /** The entries from place `from` on, best first. */
  entries(from: number): { slot: number; score: number }[] {
    const out: { slot: number; score: number }[] = [];
    for (let i = from; i < this.size; i++) out.push({ slot: this.slots[i]!, score: this.scores[i]! });
    return out;
  }

  /** Whether (slot, score) goes before the entry at place `at`. */
  private before(slot: number, score: number, at: number): boolean {
    const other = this.slots[at]!;
    const otherScore = this.scores[at]!;
    if (score !== otherScore) return score > otherScore;
    const { upvotes, days, ids } = this.docs!;
    if (upvotes[slot] !== upvotes[other]) return upvotes[slot]! > upvotes[other]!;
    if (days[slot] !== days[other]) return days[slot]! > days[other]!;
    return ids.compare(slot, other) < 0;
  }
}

const NO_BITS = new Int32Array(0);

/**
 * What searches reuse: the cursors, the per-phrase numbers, the groups sorted by how they are
 * tested, and the top k. The index keeps one for its lifetime; a search runs to its end
 * synchronously, so one at a time uses it.
 */
export class Scratch {
  readonly top = new TopK();
  /** A cursor per phrase. */
  readonly cursors: ListCursor[] = [];
  /** Per phrase: idf times the bound scale, and the frequency at the current candidate. */
  weight = new Float64Array(0);
  freqs = new Float64Array(0);
  /** The groups tested by bitset: their bitsets in a row, and where each group ends. */
  bitSets: Int32Array[] = [];
  bitEnds = new Int32Array(0);
  /** The groups tested by seeking: their phrases in a row, and where each group ends. */
  seekPhrases = new Int32Array(0);
  seekEnds = new Int32Array(0);

  constructor(private readonly blockSize: number) {}

  /** Makes room for a query of `n` phrases. */
  ensure(n: number): void {
    while (this.cursors.length < n) this.cursors.push(new ListCursor(this.blockSize));
    if (this.weight.length >= n) return;
    this.weight = new Float64Array(n);
    this.freqs = new Float64Array(n);
    this.bitSets = new Array<Int32Array>(n).fill(NO_BITS);
    this.bitEnds = new Int32Array(n);
    this.seekPhrases = new Int32Array(n);
    this.seekEnds = new Int32Array(n);
  }
}

/** A safe upper bound of `upvoteBlend`, without the exact logarithm's cost. */
function blendBound(upvotes: number): number {
  return 1 + UPVOTE_BLEND * Math.log1p(Math.max(upvotes, 0)) * (1 + 1e-12);
}

/** Scores above a bound by rounding alone are far below this share of it. */
const MARGIN = 1 + 1e-9;

export interface ScanContext {
  readonly plan: Plan;
  readonly postings: PostingStore;
  readonly docs: Documents;
  /** Per phrase. */
  readonly idf: Float64Array;
  readonly averageLength: number;
  /** Block bounds were computed at the build's average length; a longer average raises them by this factor. */
  readonly boundScale: number;
  readonly scratch: Scratch;
}

/** The exact score of a matching slot, phrase by phrase in FTS5's order. */
function score(ctx: ScanContext, slot: number, freqs: Float64Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) if (freqs[i]! > 0) sum += bm25Term(ctx.idf[i]!, freqs[i]!, ctx.docs.lengths[slot]!, ctx.averageLength);
  return sum * upvoteBlend(ctx.docs.upvotes[slot]!);
}

/**
 * The documents added since the build, in full: offers each match to `top` (when given) and
 * returns how many matched.
 */
export function scanTails(ctx: ScanContext, top: TopK | undefined): number {
  const { plan, postings, docs } = ctx;
  const { terms, ends } = plan;
  const n = terms.length;
  const candidates = new Set<number>();
  for (let i = groupStart(ends, plan.driver); i < ends[plan.driver]!; i++) {
    const tail = terms[i]! < 0 ? undefined : postings.tail(terms[i]!);
    if (tail) for (const slot of tail.slots) candidates.add(slot);
  }
  if (candidates.size === 0) return 0;
  const freqs = new Float64Array(n);
  let count = 0;
  for (const slot of candidates) {
    if (!hasBit(docs.alive, slot)) continue;
    for (let i = 0; i < n; i++) {
      const tail = terms[i]! < 0 ? undefined : postings.tail(terms[i]!);
      const at = tail ? tail.slots.indexOf(slot) : -1;
      freqs[i] = at < 0 ? 0 : tail!.freqs[at]!;
    }
    let matches = true;
    for (let g = 0; matches && g < ends.length; g++) {
      matches = false;
      for (let i = groupStart(ends, g); !matches && i < ends[g]!; i++) matches = freqs[i]! > 0;
    }
    if (!matches) continue;
    count += 1;
    top?.offer(slot, score(ctx, slot, freqs, n));
  }
  return count;
}

/**
 * Sorts the groups other than the driver into `scratch`: a group whose every alternative has a
 * bitset is tested bit by bit, the others by seeking their cursors. Returns how many of each.
 */
function sortGroups(plan: Plan, postings: PostingStore, scratch: Scratch): { bitGroups: number; seekGroups: number } {
  const { terms, ends } = plan;
  let bitGroups = 0;
  let bits = 0;
  let seekGroups = 0;
  let seeks = 0;
  for (let g = 0; g < ends.length; g++) {
    if (g === plan.driver) continue;
    const from = groupStart(ends, g);
    let dense = true;
    for (let i = from; dense && i < ends[g]!; i++) dense = terms[i]! >= 0 && postings.denseBits(terms[i]!) !== undefined;
    if (dense) {
      for (let i = from; i < ends[g]!; i++) scratch.bitSets[bits++] = postings.denseBits(terms[i]!)!;
      scratch.bitEnds[bitGroups++] = bits;
    } else {
      for (let i = from; i < ends[g]!; i++) scratch.seekPhrases[seeks++] = i;
      scratch.seekEnds[seekGroups++] = seeks;
    }
  }
  return { bitGroups, seekGroups };
}

/**
 * The sealed documents: with `top`, the pruned walk that offers every document that could still
 * enter it; without, a full walk that counts the matches. Candidates come from the driving group's
 * postings; another group is tested by its bitsets when it has them (one bit per alternative), else
 * by seeking its cursors, whose position also tells the next slot worth looking at. The loops are
 * indexed and the sentinels are integers so that the hot path stays in optimised code.
 */
export function scanSealed(ctx: ScanContext, top: TopK | undefined): number {
  const { plan, postings, docs, scratch } = ctx;
  const { terms, ends } = plan;
  const n = terms.length;
  scratch.ensure(n);
  const { cursors, weight, freqs, bitSets, bitEnds, seekPhrases, seekEnds } = scratch;
  let best = 0;
  for (let i = 0; i < n; i++) {
    const term = terms[i]!;
    postings.open(cursors[i]!, term);
    weight[i] = term < 0 ? 0 : ctx.idf[i]! * ctx.boundScale;
    best += term < 0 ? 0 : weight[i]! * postings.bound[term]!;
  }
  const driverFrom = groupStart(ends, plan.driver);
  const driverTo = ends[plan.driver]!;
  const { bitGroups, seekGroups } = sortGroups(plan, postings, scratch);
  const alive = docs.alive;
  const sealed = docs.sealed;
  let count = 0;
  let s = 0;
  // The bound of the blocks around s holds up to rangeEnd; the upvote factor's, for one block of slots.
  let rangeEnd = -1;
  let rangeBound = 0;
  let blendBlock = -1;
  let blend = 0;
  while (s < sealed) {
    let upTo = END;
    if (top !== undefined && top.full()) {
      const threshold = top.threshold();
      if (s >>> docs.slotShift !== blendBlock) {
        blendBlock = s >>> docs.slotShift;
        blend = blendBound(docs.suffixMax[blendBlock]!) * MARGIN;
      }
      if (best * blend < threshold) break;
      if (s > rangeEnd) {
        rangeBound = 0;
        rangeEnd = END;
        for (let g = 0, i = 0; g < ends.length; g++) {
          let any = false;
          for (; i < ends[g]!; i++) {
            const cursor = cursors[i]!;
            if (!cursor.shallow(s)) continue;
            any = true;
            rangeBound += weight[i]! * cursor.blockBound;
            if (cursor.blockLast < rangeEnd) rangeEnd = cursor.blockLast;
          }
          if (!any) return count;
        }
      }
      if (rangeBound * blend < threshold) {
        s = rangeEnd + 1;
        continue;
      }
      upTo = rangeEnd;
    }
    let candidate = END;
    for (let i = driverFrom; i < driverTo; i++) {
      const at = cursors[i]!.seek(s);
      if (at < candidate) candidate = at;
    }
    if (candidate >= sealed) break;
    if (candidate > upTo) {
      s = candidate;
      continue;
    }
    let matches = hasBit(alive, candidate);
    for (let g = 0, a = 0; matches && g < bitGroups; g++) {
      matches = false;
      for (; a < bitEnds[g]!; a++) if (!matches) matches = hasBit(bitSets[a]!, candidate);
    }
    let next = candidate + 1;
    for (let g = 0, a = 0; matches && g < seekGroups; g++) {
      let at = END;
      for (; a < seekEnds[g]!; a++) {
        const found = cursors[seekPhrases[a]!]!.seek(candidate);
        if (found < at) at = found;
      }
      if (at !== candidate) {
        matches = false;
        if (at > next) next = at;
      }
    }
    s = next;
    if (!matches) continue;
    count += 1;
    if (top === undefined) continue;
    for (let i = 0; i < n; i++) {
      const cursor = cursors[i]!;
      freqs[i] = cursor.seek(candidate) === candidate ? cursor.freq() : 0;
    }
    top.offer(candidate, score(ctx, candidate, freqs, n));
  }
  return count;
}

/**
 * The number of matches when every alternative of every group has a bitset: the groups' unions
 * intersected word by word with the live documents, and the bits counted.
 */
export function countDense(plan: Plan, postings: PostingStore, alive: Int32Array, scratch: Scratch): number | undefined {
  const { terms, ends } = plan;
  scratch.ensure(terms.length);
  const sets = scratch.bitSets;
  for (let i = 0; i < terms.length; i++) {
    const bits = terms[i]! < 0 ? undefined : postings.denseBits(terms[i]!);
    if (bits === undefined) return undefined;
    sets[i] = bits;
  }
  let count = 0;
  for (let w = 0; w < alive.length; w++) {
    let word = alive[w]!;
    for (let g = 0, a = 0; word !== 0 && g < ends.length; g++) {
      let any = 0;
      for (; a < ends[g]!; a++) {
        const bits = sets[a]!;
        if (w < bits.length) any |= bits[w]!;
      }
      word &= any;
    }
    count += popcount(word);
  }
  return count;
}
