/**
 * How the search index answers one query: the plan (a term per phrase, in FTS5's phrase order),
 * the top-k under the store's order, and the two scans: the documents added since the build (few,
 * tested in full) and the sealed documents, walked by the rarest group with the other groups
 * leapfrogging, skipping every block whose bound (each term's block bound, times the largest upvote
 * factor still ahead) cannot reach the k-th best, and stopping once no later document can.
 */
import type { Field, Query } from '../query/ast.js';
import { bm25Term, upvoteBlend } from './bm25.js';
import type { IdTable } from './id-table.js';
import { END, ListCursor } from './list-cursor.js';
import { hasBit, type PostingStore } from './postings.js';
import { UPVOTE_BLEND } from '../query/ranking.js';

export interface Plan {
  /** Term id per query phrase, in FTS5's phrase order; −1 when no document holds it. */
  readonly terms: readonly number[];
  /** Per AND group, the indexes into `terms` of its alternatives. */
  readonly groups: readonly (readonly number[])[];
  /** The group whose postings drive the scan: the fewest documents. */
  readonly driver: number;
  /** Some group has no document at all. */
  readonly empty: boolean;
}

/**
 * Words, OR and fields only, and no rare word: a multi-word phrase needs positions (not kept: they would double the
 * memory) and FTS5 scores rows matched through NOT differently from the sum of their hits (see
 * docs/decisions/0008-search-index.md), so both go to FTS5.
 */
export function planQuery(query: Query, termOf: (field: Field, token: string) => number | undefined, postings: PostingStore): Plan | undefined {
  if (query.none.length > 0 || query.all.some((g) => g.anyOf.some((p) => p.tokens.length !== 1))) return undefined;
  const terms: number[] = [];
  const groups = query.all.map((g) =>
    g.anyOf.map((p) => {
      terms.push(termOf(p.field, p.tokens[0]!) ?? -1);
      return terms.length - 1;
    }),
  );
  // A rare word matches few papers, which FTS5 ranks fast; the index keeps no postings for it.
  if (terms.some((t) => t >= 0 && postings.isRare(t))) return undefined;
  const df = (i: number) => (terms[i]! < 0 ? 0 : postings.df[terms[i]!]!);
  const sizes = groups.map((g) => g.reduce((sum, i) => sum + df(i), 0));
  const driver = sizes.indexOf(Math.min(...sizes));
  return { terms, groups, driver, empty: sizes[driver] === 0 };
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

interface Entry {
  slot: number;
  score: number;
}

/** The k best entries under the store's order: score, then upvotes, the newer daily date (none last), the id. */
export class TopK {
  readonly entries: Entry[] = [];
  constructor(
    private readonly k: number,
    private readonly docs: Documents,
  ) {}

  full(): boolean {
    return this.entries.length === this.k;
  }

  threshold(): number {
    return this.entries[this.entries.length - 1]!.score;
  }

  offer(slot: number, score: number): void {
    const entries = this.entries;
    if (entries.length === this.k && !this.before(slot, score, entries[this.k - 1]!)) return;
    let at = entries.length === this.k ? this.k - 1 : entries.length;
    while (at > 0 && this.before(slot, score, entries[at - 1]!)) {
      entries[at] = entries[at - 1]!;
      at -= 1;
    }
    entries[at] = { slot, score };
  }

  private before(slot: number, score: number, other: Entry): boolean {
    if (score !== other.score) return score > other.score;
    const { upvotes, days, ids } = this.docs;
    if (upvotes[slot] !== upvotes[other.slot]) return upvotes[slot]! > upvotes[other.slot]!;
    if (days[slot] !== days[other.slot]) return days[slot]! > days[other.slot]!;
    return ids.compare(slot, other.slot) < 0;
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
  readonly idf: readonly number[];
  readonly averageLength: number;
  /** Block bounds were computed at the build's average length; a longer average raises them by this factor. */
  readonly boundScale: number;
}

/** The exact score of a matching slot, phrase by phrase in FTS5's order. */
function score(ctx: ScanContext, slot: number, freqs: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < freqs.length; i++) if (freqs[i]! > 0) sum += bm25Term(ctx.idf[i]!, freqs[i]!, ctx.docs.lengths[slot]!, ctx.averageLength);
  return sum * upvoteBlend(ctx.docs.upvotes[slot]!);
}

/**
 * The documents added since the build, in full: offers each match to `top` (when given) and
 * returns how many matched.
 */
export function scanTails(ctx: ScanContext, top: TopK | undefined): number {
  const { plan, postings, docs } = ctx;
  const candidates = new Set<number>();
  for (const i of plan.groups[plan.driver]!) {
    const tail = plan.terms[i]! < 0 ? undefined : postings.tail(plan.terms[i]!);
    if (tail) for (const slot of tail.slots) candidates.add(slot);
  }
  const freqs = new Float64Array(plan.terms.length);
  let count = 0;
  for (const slot of candidates) {
    if (!hasBit(docs.alive, slot)) continue;
    plan.terms.forEach((term, i) => {
      const tail = term < 0 ? undefined : postings.tail(term);
      const at = tail ? tail.slots.indexOf(slot) : -1;
      freqs[i] = at < 0 ? 0 : tail!.freqs[at]!;
    });
    if (!plan.groups.every((g) => g.some((i) => freqs[i]! > 0))) continue;
    count += 1;
    top?.offer(slot, score(ctx, slot, freqs));
  }
  return count;
}

/**
 * The sealed documents: with `top`, the pruned walk that offers every document that could still
 * enter it; without, a full walk that counts the matches. Candidates come from the driving group's
 * postings; another group is tested by its bitsets when it has them (one bit per alternative), else
 * by seeking its cursors, whose position also tells the next slot worth looking at. The loops are
 * indexed and the sentinels are integers so that the hot path stays in optimised code.
 */
export function scanSealed(ctx: ScanContext, top: TopK | undefined): number {
  const { plan, postings, docs } = ctx;
  const n = plan.terms.length;
  const cursors: ListCursor[] = [];
  const weight = new Float64Array(n);
  let best = 0;
  for (let i = 0; i < n; i++) {
    const term = plan.terms[i]!;
    const cursor = new ListCursor(postings.blockSize);
    postings.open(cursor, term);
    cursors.push(cursor);
    weight[i] = term < 0 ? 0 : ctx.idf[i]! * ctx.boundScale;
    best += term < 0 ? 0 : weight[i]! * postings.bound[term]!;
  }
  const groups = plan.groups;
  const driver = groups[plan.driver]!;
  // Groups outside the driver: those whose every alternative has a bitset are tested bit by bit.
  const seekGroups: (readonly number[])[] = [];
  const bitGroups: Int32Array[][] = [];
  for (let g = 0; g < groups.length; g++) {
    if (g === plan.driver) continue;
    const bits: Int32Array[] = [];
    for (const i of groups[g]!) {
      const set = plan.terms[i]! < 0 ? undefined : postings.denseBits(plan.terms[i]!);
      if (set) bits.push(set);
    }
    if (bits.length === groups[g]!.length) bitGroups.push(bits);
    else seekGroups.push(groups[g]!);
  }
  const freqs = new Float64Array(n);
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
        for (let g = 0; g < groups.length; g++) {
          const group = groups[g]!;
          let any = false;
          for (let a = 0; a < group.length; a++) {
            const i = group[a]!;
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
    for (let a = 0; a < driver.length; a++) {
      const at = cursors[driver[a]!]!.seek(s);
      if (at < candidate) candidate = at;
    }
    if (candidate >= sealed) break;
    if (candidate > upTo) {
      s = candidate;
      continue;
    }
    let matches = hasBit(alive, candidate);
    for (let g = 0; matches && g < bitGroups.length; g++) {
      const sets = bitGroups[g]!;
      matches = false;
      for (let a = 0; !matches && a < sets.length; a++) matches = hasBit(sets[a]!, candidate);
    }
    let next = candidate + 1;
    for (let g = 0; matches && g < seekGroups.length; g++) {
      const group = seekGroups[g]!;
      let at = END;
      for (let a = 0; a < group.length; a++) {
        const found = cursors[group[a]!]!.seek(candidate);
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
    top.offer(candidate, score(ctx, candidate, freqs));
  }
  return count;
}

/**
 * The number of matches when every alternative of every group has a bitset: the groups' unions
 * intersected word by word with the live documents, and the bits counted.
 */
export function countDense(plan: Plan, postings: PostingStore, alive: Int32Array): number | undefined {
  const groups: Int32Array[][] = [];
  for (const group of plan.groups) {
    const bits = group.map((i) => (plan.terms[i]! < 0 ? undefined : postings.denseBits(plan.terms[i]!)));
    if (bits.some((b) => b === undefined)) return undefined;
    groups.push(bits as Int32Array[]);
  }
  let count = 0;
  for (let w = 0; w < alive.length; w++) {
    let word = alive[w]!;
    for (const group of groups) {
      let any = 0;
      for (const bits of group) any |= w < bits.length ? bits[w]! : 0;
      word &= any;
      if (word === 0) break;
    }
    count += popcount(word);
  }
  return count;
}

function popcount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
