/**
 * How the search index answers one query: the plan (query-plan.ts, terms in the score's order),
 * the top-k under the store's order, and the two scans: the documents added since the build (few,
 * tested in full) and the sealed documents, walked by the rarest group with the other groups
 * leapfrogging, skipping every block whose bound (each term's block bound, times the largest upvote
 * factor still ahead) cannot reach the k-th best, and stopping once no later document can.
 *
 * Everything the scans read per query is a typed array or an object the index keeps (`Scratch`):
 * V8 compiles the scans for the hidden classes it has seen, and arrays of arrays change class with
 * how they were made (an `Array.prototype.map` result is packed when the builtin makes it and holey
 * when optimised code does), while per-query objects take their class with them when they die.
 * Either way the compiled scan was thrown away and a search ran unoptimised, several times
 * slower, until it was compiled again (docs/decisions/0008-search-index.md).
 */
import { bm25Term, upvoteBlend } from './bm25.js';
import { popcount } from './dense-list.js';
import type { IdTable } from './id-table.js';
import { END, ListCursor } from './list-cursor.js';
import { hasBit, type PostingStore } from './postings.js';
import { UPVOTE_BLEND } from '../query/ranking.js';
import type { Plan } from './query-plan.js';
import { TopK } from './top-k.js';
import { grown } from '../typed-arrays.js';

/** The first entry of group `g`. */
function groupStart(ends: Int32Array, g: number): number {
  return g === 0 ? 0 : ends[g - 1]!;
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
  /** Per excluded term: its bitset, or an empty one when it is tested by its cursor. */
  excludedBits: Int32Array[] = [];
  /** The pair lists a query reads (pair-lists.ts), each in a buffer of its own, and their lengths. */
  readonly pairBytes: Uint8Array[] = [];
  pairLengths = new Int32Array(4);

  constructor(private readonly blockSize: number) {}

  /** Copies `list` in as the query's pair list number `p`. */
  setPair(p: number, list: Uint8Array): void {
    while (this.pairBytes.length <= p) this.pairBytes.push(new Uint8Array(1024));
    if (this.pairBytes[p]!.length < list.length) this.pairBytes[p] = new Uint8Array(Math.max(list.length, this.pairBytes[p]!.length * 2));
    this.pairBytes[p]!.set(list);
    if (p >= this.pairLengths.length) this.pairLengths = grown(this.pairLengths, p + 1);
    this.pairLengths[p] = list.length;
  }

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
    this.excludedBits = new Array<Int32Array>(n).fill(NO_BITS);
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
  /** Per entry. */
  readonly idf: Float64Array;
  /** Per entry: what the other words of its phrase may add at most (their best factors, idf-weighted and scaled). */
  readonly extra: Float64Array;
  readonly averageLength: number;
  /** Block bounds were computed at the build's average length; a longer average raises them by this factor. */
  readonly boundScale: number;
  readonly scratch: Scratch;
  /** With a multi-word phrase: a candidate's exact score (upvote factor included), or −1 when it does not match. */
  readonly check: ((slot: number) => number) | undefined;
  /** With a plan `byBytes`: whether a candidate matches (it scores from its frequencies). */
  readonly holds: ((slot: number) => boolean) | undefined;
  /** How many pair lists `scratch` holds for this query: a sealed candidate must be in each. */
  readonly pairs: number;
}

/** The exact score of a matching slot from the entries' frequencies, in the plan's order. */
function score(ctx: ScanContext, slot: number, freqs: Float64Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) if (freqs[i]! > 0) sum += bm25Term(ctx.idf[i]!, freqs[i]!, ctx.docs.lengths[slot]!, ctx.averageLength);
  return sum * upvoteBlend(ctx.docs.upvotes[slot]!);
}

/** Above the exact score of a candidate that `check` decides: the entries it holds, plus what their phrases' other words may add. */
function scoreBound(ctx: ScanContext, slot: number, freqs: Float64Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    if (freqs[i]! > 0) sum += bm25Term(ctx.idf[i]!, freqs[i]!, ctx.docs.lengths[slot]!, ctx.averageLength) + ctx.extra[i]!;
  }
  return sum * blendBound(ctx.docs.upvotes[slot]!) * MARGIN;
}

/**
 * Offers a candidate that passed the postings' tests: scored from its frequencies, or, with a
 * multi-word phrase, by the exact check, once its bound says it could enter the top k. Returns
 * whether it matched (or was passed over as unable to enter).
 */
function offer(ctx: ScanContext, top: TopK, slot: number, freqs: Float64Array, n: number, sealed: boolean): boolean {
  if (ctx.check === undefined) {
    top.offer(slot, score(ctx, slot, freqs, n));
    return true;
  }
  if (ctx.holds !== undefined) {
    const exact = score(ctx, slot, freqs, n);
    // Below the k-th best it cannot enter, whatever its stream holds.
    if (top.full() && exact < top.threshold()) return true;
    if (!ctx.holds(slot)) return false;
    top.offer(slot, exact);
    return true;
  }
  // The other words' best factors bound the sealed lists only; a document added since is checked.
  if (sealed && top.full() && scoreBound(ctx, slot, freqs, n) < top.threshold()) return true;
  const exact = ctx.check(slot);
  if (exact < 0) return false;
  top.offer(slot, exact);
  return true;
}

/** Whether a tail's postings hold `slot`, and its frequency there (0 when not). */
function tailFreq(postings: PostingStore, term: number, slot: number): number {
  const tail = term < 0 ? undefined : postings.tail(term);
  const at = tail ? tail.slots.indexOf(slot) : -1;
  return at < 0 ? 0 : tail!.freqs[at]!;
}

/**
 * The documents added since the build, in full: offers each match to `top` (when given), or, with
 * `collect`, hands it over for the exact check; returns how many passed.
 */
export function scanTails(ctx: ScanContext, top: TopK | undefined, collect?: (slot: number) => void): number {
  const { plan, postings, docs } = ctx;
  const { terms, ends, excluded } = plan;
  const n = terms.length;
  const candidates = new Set<number>();
  for (let i = groupStart(ends, plan.driver); i < ends[plan.driver]!; i++) {
    const tail = terms[i]! < 0 ? undefined : postings.tail(terms[i]!);
    if (tail) for (const slot of tail.slots) candidates.add(slot);
  }
  if (candidates.size === 0) return 0;
  const freqs = new Float64Array(n);
  let count = 0;
  for (const slot of [...candidates].sort((a, b) => a - b)) {
    if (!hasBit(docs.alive, slot)) continue;
    for (let i = 0; i < n; i++) freqs[i] = tailFreq(postings, terms[i]!, slot);
    let matches = true;
    for (let g = 0; matches && g < ends.length; g++) {
      matches = false;
      for (let i = groupStart(ends, g); !matches && i < ends[g]!; i++) matches = freqs[i]! > 0;
    }
    for (let e = 0; matches && e < excluded.length; e++) matches = tailFreq(postings, excluded[e]!, slot) === 0;
    if (!matches) continue;
    if (top !== undefined) {
      if (offer(ctx, top, slot, freqs, n, false)) count += 1;
    } else {
      count += 1;
      collect?.(slot);
    }
  }
  return count;
}

/**
 * Sorts the groups other than the driver into `scratch`: a group whose every alternative has a
 * bitset is tested bit by bit, the others by seeking their cursors. Returns how many of each.
 */
function sortGroups(plan: Plan, postings: PostingStore, scratch: Scratch, pairDrives: boolean): { bitGroups: number; seekGroups: number } {
  const { terms, ends } = plan;
  let bitGroups = 0;
  let bits = 0;
  let seekGroups = 0;
  let seeks = 0;
  for (let g = 0; g < ends.length; g++) {
    if (g === plan.driver && !pairDrives) continue;
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
 * enter it; without, a full walk that counts the matches (handing each to `collect` when given).
 * Candidates come from the driving group's postings, or from the query's shortest pair list when
 * it is shorter; another group is tested by its bitsets when it has them (one bit per
 * alternative), else by seeking its cursors, whose position also tells the next slot worth looking
 * at, and so is every other pair list. The loops are indexed and the sentinels are integers so
 * that the hot path stays in optimised code.
 */
export function scanSealed(ctx: ScanContext, top: TopK | undefined, collect?: (slot: number) => void): number {
  const { plan, postings, docs, scratch } = ctx;
  const { terms, ends, excluded } = plan;
  const n = terms.length;
  const extra = ctx.extra;
  const pairs = ctx.pairs;
  const pairFrom = n + excluded.length;
  scratch.ensure(pairFrom + pairs);
  const { cursors, weight, freqs, bitSets, bitEnds, seekPhrases, seekEnds, excludedBits, pairBytes, pairLengths } = scratch;
  let best = 0;
  for (let i = 0; i < n; i++) {
    const term = terms[i]!;
    postings.open(cursors[i]!, term);
    weight[i] = term < 0 ? 0 : ctx.idf[i]! * ctx.boundScale;
    best += term < 0 ? 0 : weight[i]! * postings.termBound(term) + extra[i]!;
  }
  for (let e = 0; e < excluded.length; e++) {
    postings.open(cursors[n + e]!, excluded[e]!);
    excludedBits[e] = postings.denseBits(excluded[e]!) ?? NO_BITS;
  }
  const driverFrom = groupStart(ends, plan.driver);
  const driverTo = ends[plan.driver]!;
  let driverSize = 0;
  for (let i = driverFrom; i < driverTo; i++) driverSize += terms[i]! < 0 ? 0 : postings.df[terms[i]!]!;
  // A list's bytes are at least its postings: one shorter than the driver's documents drives.
  let pairDriver = -1;
  for (let p = 0; p < pairs; p++) {
    cursors[pairFrom + p]!.reset(pairBytes[p]!, 0, pairLengths[p]!);
    if (pairLengths[p]! < driverSize && (pairDriver < 0 || pairLengths[p]! < pairLengths[pairDriver]!)) pairDriver = p;
  }
  const { bitGroups, seekGroups } = sortGroups(plan, postings, scratch, pairDriver >= 0);
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
            rangeBound += weight[i]! * cursor.blockBound + extra[i]!;
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
    if (pairDriver >= 0) {
      candidate = cursors[pairFrom + pairDriver]!.seek(s);
    } else {
      for (let i = driverFrom; i < driverTo; i++) {
        const at = cursors[i]!.seek(s);
        if (at < candidate) candidate = at;
      }
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
    for (let p = 0; matches && p < pairs; p++) {
      if (p === pairDriver) continue;
      const found = cursors[pairFrom + p]!.seek(candidate);
      if (found !== candidate) {
        matches = false;
        if (found > next) next = found;
      }
    }
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
    for (let e = 0; matches && e < excluded.length; e++) {
      const bits = excludedBits[e]!;
      matches = bits.length > 0 ? !hasBit(bits, candidate) : cursors[n + e]!.seek(candidate) !== candidate;
    }
    s = next;
    if (!matches) continue;
    if (top === undefined) {
      count += 1;
      if (collect !== undefined) collect(candidate);
      continue;
    }
    for (let i = 0; i < n; i++) {
      const cursor = cursors[i]!;
      freqs[i] = cursor.seek(candidate) === candidate ? cursor.freq() : 0;
    }
    if (offer(ctx, top, candidate, freqs, n, true)) count += 1;
  }
  return count;
}

/**
 * The number of matches when every alternative of every group, and every excluded term, has a
 * bitset (and no phrase needs the exact check): the groups' unions intersected word by word with
 * the live documents, less the excluded, and the bits counted.
 */
export function countDense(plan: Plan, postings: PostingStore, alive: Int32Array, scratch: Scratch): number | undefined {
  const { terms, ends, excluded } = plan;
  if (plan.exact !== undefined) return undefined;
  scratch.ensure(terms.length + excluded.length);
  const sets = scratch.bitSets;
  const without = scratch.excludedBits;
  for (let i = 0; i < terms.length; i++) {
    const bits = terms[i]! < 0 ? undefined : postings.denseBits(terms[i]!);
    if (bits === undefined) return undefined;
    sets[i] = bits;
  }
  for (let e = 0; e < excluded.length; e++) {
    const bits = postings.denseBits(excluded[e]!);
    if (bits === undefined) return undefined;
    without[e] = bits;
  }
  let count = 0;
  for (let w = 0; w < alive.length; w++) {
    let word = alive[w]!;
    for (let e = 0; word !== 0 && e < excluded.length; e++) {
      const bits = without[e]!;
      if (w < bits.length) word &= ~bits[w]!;
    }
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
