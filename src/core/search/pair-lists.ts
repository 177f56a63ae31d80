/**
 * Which documents hold each pair of terms side by side (a phrase's two words in a row, within one
 * column), hashed into buckets: a bucket's list names every sealed document where any pair
 * falling in it stands. A phrase's pairs' lists, intersected with its words' postings, are its
 * candidates: a superset of the documents where it stands (other pairs share the bucket), which
 * the exact check (phrase-check.ts) still decides, so a collision costs a check, never a result.
 * Without them a phrase of common words that rarely stand together had every document holding all
 * of its words as a candidate, thousands of checks (docs/decisions/0017-phrase-pair-lists.md).
 *
 * Nearly every token starts a pair, so the lists are about as large as the forward streams: they
 * are kept where those are (a `ForwardStore`, a bucket per "slot"; a serving process keeps them in
 * a file), and a query reads the two or three it needs. The build counts each bucket's documents
 * as papers are added, then fills the lists from the forward streams in passes, each over a range
 * of buckets that fits a bounded buffer, and writes them as blocks a `ListCursor` reads.
 * Documents added after the build are not in the lists: the scans test those in full.
 */
import type { ForwardStore } from './forward-store.js';
import { decodeStream } from './phrase-check.js';
import { putSlotBlocks } from './postings.js';

/**
 * Postings a sealing pass gathers at most (4 bytes each, 256 MB): more than the buckets hold take
 * several passes, each reading every forward stream again (four at a million papers).
 */
const PASS_POSTINGS = 1 << 26;
/** Tokens decoded between two steps of `sealing` (some 50 ms). */
const STEP_TOKENS = 1 << 21;
const EMPTY = new Uint8Array(0);

/** The bucket of the pair (a, b) among `mask + 1` buckets. */
export function pairBucket(a: number, b: number, mask: number): number {
  let h = Math.imul(a + 1, 0x9e3779b1) ^ Math.imul(b + 0x632be5ab, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h & mask;
}

/** Reads the buckets of a forward stream's pairs (each two terms in a row within a column, in order, repeats kept). */
class PairReader {
  buckets = new Int32Array(1024);
  count = 0;
  private tokens = new Int32Array(1024);

  read(stream: Uint8Array, mask: number): void {
    if (this.tokens.length < stream.length) this.tokens = new Int32Array(stream.length * 2);
    if (this.buckets.length < stream.length) this.buckets = new Int32Array(stream.length * 2);
    const { tokens, buckets } = this;
    const length = decodeStream(stream, tokens);
    let n = 0;
    // A column break decodes to −1, and no pair spans it.
    for (let i = 1; i < length; i++) if (tokens[i - 1]! >= 0 && tokens[i]! >= 0) buckets[n++] = pairBucket(tokens[i - 1]!, tokens[i]!, mask);
    this.count = n;
  }
}

export class PairLists {
  readonly mask: number;
  /** While building: per bucket, the documents counted, and the last slot counted (a document counts once). */
  private counts: Int32Array;
  private last: Int32Array;
  private readonly reader = new PairReader();
  private sealed = false;
  private scratch = new Uint8Array(1024);

  /** `buckets`: a power of two. */
  constructor(
    buckets: number,
    private readonly blockSize: number,
    private readonly store: ForwardStore,
  ) {
    this.mask = buckets - 1;
    this.counts = new Int32Array(buckets);
    this.last = new Int32Array(buckets).fill(-1);
  }

  /** While building: counts the pairs of `slot`'s stream (slots ascending). */
  note(slot: number, stream: Uint8Array): void {
    const { reader, counts, last } = this;
    reader.read(stream, this.mask);
    for (let i = 0; i < reader.count; i++) {
      const bucket = reader.buckets[i]!;
      if (last[bucket] === slot) continue;
      last[bucket] = slot;
      counts[bucket]! += 1;
    }
  }

  /**
   * Fills and stores every bucket's list from the forward streams of slots 0 … `slots − 1`, in
   * steps; after this the lists hold those documents and `note` is closed.
   */
  *sealing(forward: ForwardStore, slots: number): Generator<void, void> {
    const { counts, last, reader, mask } = this;
    const buckets = mask + 1;
    for (let lo = 0; lo < buckets; ) {
      // The buckets [lo, hi) whose postings fit one pass (a larger bucket gets a pass of its own).
      let hi = lo;
      let total = 0;
      while (hi < buckets && (hi === lo || total + counts[hi]! <= PASS_POSTINGS)) total += counts[hi++]!;
      const postings = new Int32Array(total);
      /** Per bucket of the range, where its next posting goes. */
      const fill = new Int32Array(hi - lo);
      for (let b = lo, at = 0; b < hi; b++) {
        fill[b - lo] = at;
        at += counts[b]!;
      }
      last.fill(-1, lo, hi);
      let work = 0;
      let slot = 0;
      for (const stream of forward.scan(0, slots)) {
        reader.read(stream, mask);
        for (let i = 0; i < reader.count; i++) {
          const bucket = reader.buckets[i]!;
          if (bucket < lo || bucket >= hi || last[bucket] === slot) continue;
          last[bucket] = slot;
          postings[fill[bucket - lo]!] = slot;
          fill[bucket - lo]! += 1;
        }
        slot += 1;
        work += stream.length;
        if (work >= STEP_TOKENS) {
          work = 0;
          yield;
        }
      }
      for (let b = lo, from = 0; b < hi; b++) {
        const to = from + counts[b]!;
        // Every bucket, the empty ones too: a store reads only the slots it was given.
        this.store.append(b, to > from ? this.encode(postings, from, to) : EMPTY);
        from = to;
      }
      lo = hi;
      yield;
    }
    this.sealed = true;
    this.counts = this.last = new Int32Array(0);
  }

  /** The bytes the list of `bucket` takes (0 for an empty one). */
  length(bucket: number): number {
    return !this.sealed ? 0 : this.store.length(bucket);
  }

  /** The list of `bucket` (blocks a `ListCursor` reads), in a buffer valid until the next `read`. */
  read(bucket: number): Uint8Array {
    return !this.sealed ? EMPTY : this.store.read(bucket);
  }

  /** Bytes in the process: the build's counts, or the store's offsets (and lists, when it keeps them in memory). */
  heapBytes(): number {
    return this.counts.byteLength + this.last.byteLength + this.scratch.byteLength + this.store.heapBytes();
  }

  close(): void {
    this.store.close();
  }

  private encode(slots: Int32Array, from: number, to: number): Uint8Array {
    const room = (to - from) * 5 + Math.ceil((to - from) / this.blockSize) * 9;
    if (room > this.scratch.length) this.scratch = new Uint8Array(Math.max(room, this.scratch.length * 2));
    return this.scratch.subarray(0, putSlotBlocks(slots, from, to, this.blockSize, this.scratch, 0));
  }
}
