/**
 * The sealed postings of a dense term (one in at least `denseShare` of the documents). Its slots
 * are the bits of its bitset, which queries test anyway, so the list itself only adds each
 * posting's frequency: 4 bits in slot order, 15 meaning "15 or more, see the escapes" (a small
 * share of them). With the directory and bounds below that is well under a byte a posting,
 * where the same postings as varints took 1.29.
 *
 * The slots are cut into blocks of 2^shift slots (whole words of the bitset). Per block it keeps
 * the number of postings before it (a rank directory: the frequency of a set bit is found by
 * counting the bits from its block's start, not from the list's) and an upper bound of its bm25
 * term factor, quantised upwards to 16 bits like a varint block's header. A block spans a fixed
 * range of slots, so a cursor finds the block of any slot without reading the ones before it.
 *
 * Bits set after sealing (slots of documents added since, at or above the sealed count) are not
 * part of the list: the cursor stops at `lastSlot`, the last sealed posting.
 */
import { lowerBound } from '../typed-arrays.js';
import { boundValue, FREQ_INLINE, quantiseBound } from './postings.js';

/** An escape's extra frequency at or above this is looked up in the large escapes. */
const LARGE = 255;

const EMPTY_I32 = new Int32Array(0);
const EMPTY_U8 = new Uint8Array(0);

export class DenseList {
  constructor(
    /** A bit per slot, sealed and added since (tails set their bits here too). */
    public bits: Int32Array<ArrayBuffer>,
    /** log2 of the slots per block (at least 5: a block is whole words). */
    readonly shift: number,
    /** The last sealed posting's slot. */
    readonly lastSlot: number,
    /** Postings before each block, and after the last one their total: one more entry than blocks. */
    readonly ranks: Int32Array,
    /** Per block, the largest term factor of its postings, quantised upwards. */
    readonly bounds: Uint16Array,
    /** Two frequencies a byte in posting order, the lower nibble first. */
    readonly nibbles: Uint8Array,
    /** The ranks of the postings whose nibble is 15, ascending, and their frequency − 15 (LARGE and up: see the large ones). */
    private readonly escapeRanks: Int32Array,
    private readonly escapeExtra: Uint8Array,
    private readonly largeRanks: Int32Array,
    private readonly largeExtra: Int32Array,
  ) {}

  /** The frequency of the posting of rank `rank` whose nibble is 15. */
  escaped(rank: number): number {
    const extra = this.escapeExtra[lowerBound(this.escapeRanks, rank)]!;
    return FREQ_INLINE + (extra < LARGE ? extra : this.largeExtra[lowerBound(this.largeRanks, rank)]!);
  }

  /** The largest block bound (a term factor). */
  bound(): number {
    return boundValue(this.quantisedBound());
  }

  /** The largest block bound as stored. */
  quantisedBound(): number {
    let best = 0;
    for (const quantised of this.bounds) best = Math.max(best, quantised);
    return best;
  }

  /** Bytes of its arrays that are not views of `arena` (the escapes, and a bitset a tail has grown). */
  bytesOutside(arena: ArrayBufferLike): number {
    const arrays = [this.bits, this.ranks, this.bounds, this.nibbles, this.escapeRanks, this.escapeExtra, this.largeRanks, this.largeExtra];
    return arrays.reduce((sum, array) => sum + (array.buffer === arena ? 0 : array.byteLength), 0);
  }
}

/**
 * Hands out aligned typed arrays from one buffer, front to back. The sealed lists share one
 * allocation this way: a build's many separate arrays, freed when the next build replaces them,
 * would leave the C heap fragmented and resident (docs/decisions/0008-search-index.md).
 */
export class Slab {
  private at: number;

  constructor(
    private readonly buffer: ArrayBuffer,
    from: number,
  ) {
    this.at = from;
  }

  int32(length: number): Int32Array<ArrayBuffer> {
    const array = new Int32Array(this.buffer, this.align(4), length);
    this.at += array.byteLength;
    return array;
  }

  uint16(length: number): Uint16Array {
    const array = new Uint16Array(this.buffer, this.align(2), length);
    this.at += array.byteLength;
    return array;
  }

  uint8(length: number): Uint8Array {
    const array = new Uint8Array(this.buffer, this.at, length);
    this.at += length;
    return array;
  }

  private align(to: number): number {
    this.at = Math.ceil(this.at / to) * to;
    return this.at;
  }
}

/** The bytes a dense list of `postings` postings below `documents` takes from a `Slab`, alignment included (escapes aside). */
export function denseListBytes(postings: number, documents: number, shift: number): number {
  const blocks = (Math.max(0, documents - 1) >>> shift) + 1;
  const words = (documents >>> 5) + 1;
  return 4 * words + 4 * (blocks + 1) + 2 * blocks + ((postings + 1) >>> 1) + 3 * 4;
}

/** Writes one dense list from its postings in ascending slots. */
export class DenseListWriter {
  private readonly bits: Int32Array<ArrayBuffer>;
  private readonly ranks: Int32Array;
  private readonly nibbles: Uint8Array;
  private readonly bounds: Uint16Array;
  private readonly escapes: number[] = [];
  private readonly extras: number[] = [];
  private readonly large: number[] = [];
  private rank = 0;
  private last = -1;

  /** For `postings` postings, all below `documents`, in blocks of 2^`shift` slots; its arrays come from `slab` (`denseListBytes` of it). */
  constructor(
    postings: number,
    documents: number,
    private readonly shift: number,
    slab: Slab,
  ) {
    const blocks = (Math.max(0, documents - 1) >>> shift) + 1;
    this.bits = slab.int32((documents >>> 5) + 1);
    this.ranks = slab.int32(blocks + 1);
    this.bounds = slab.uint16(blocks);
    this.nibbles = slab.uint8((postings + 1) >>> 1);
  }

  add(slot: number, freq: number, factor: number): void {
    const rank = this.rank++;
    this.bits[slot >>> 5]! |= 1 << (slot & 31);
    const nibble = Math.min(freq, FREQ_INLINE);
    this.nibbles[rank >>> 1]! |= nibble << ((rank & 1) << 2);
    if (nibble === FREQ_INLINE) {
      const extra = freq - FREQ_INLINE;
      this.escapes.push(rank);
      this.extras.push(Math.min(extra, LARGE));
      if (extra >= LARGE) this.large.push(rank, extra);
    }
    const block = slot >>> this.shift;
    this.bounds[block] = Math.max(this.bounds[block]!, quantiseBound(factor));
    this.last = slot;
  }

  finish(): DenseList {
    const blocks = this.last < 0 ? 0 : (this.last >>> this.shift) + 1;
    const words = 2 ** (this.shift - 5);
    const ranks = this.ranks.subarray(0, blocks + 1);
    for (let block = 0, rank = 0; block < blocks; block++) {
      ranks[block] = rank;
      for (let w = block * words; w < (block + 1) * words && w < this.bits.length; w++) rank += popcount(this.bits[w]!);
      ranks[block + 1] = rank;
    }
    const large = this.large.length === 0 ? EMPTY_I32 : Int32Array.from(this.large.filter((_, i) => i % 2 === 0));
    const largeExtra = this.large.length === 0 ? EMPTY_I32 : Int32Array.from(this.large.filter((_, i) => i % 2 === 1));
    return new DenseList(
      this.bits,
      this.shift,
      this.last,
      ranks,
      this.bounds.subarray(0, blocks),
      this.nibbles,
      this.escapes.length === 0 ? EMPTY_I32 : Int32Array.from(this.escapes),
      this.extras.length === 0 ? EMPTY_U8 : Uint8Array.from(this.extras),
      large,
      largeExtra,
    );
  }
}

export function popcount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
