/**
 * Every term's postings, compressed, in blocks that a query can skip without decoding.
 *
 * A posting is a document slot and the term's weighted frequency there (the sum of the bm25 column
 * weights of its hits). A list is written in ascending slots as bytes: each posting is one varint of
 * `gap × 16 + min(freq, 15)` (a common word in an abstract is one byte), followed by a varint of
 * `freq − 15` when the frequency is 15 or more.
 *
 * While building, each list grows as a chain of chunks in large pages, so growth leaves no garbage
 * behind. `seal` writes every list into one arena, cut into blocks of `blockSize` postings, each
 * behind a header: the payload's byte length, the block's last slot (as a gap from the previous
 * block's), and an upper bound of the block's bm25 term factor quantised upwards to 16 bits. A
 * cursor reads headers to skip whole blocks and decodes only the blocks it lands in. A term in at
 * least one document in `denseShare` is kept as a bitset instead, so that testing a document for
 * it costs one bit, not a block decode, with only its frequencies beside it (dense-list.ts).
 *
 * Postings added after sealing (new papers between fresh builds) live in small uncompressed tails.
 */
import { denseListBytes, DenseListWriter, Slab, type DenseList } from './dense-list.js';
import type { ListCursor } from './list-cursor.js';
import { runSteps } from './steps.js';
import { grown } from '../typed-arrays.js';

/** The bm25 term factor `f(k1+1) / (f + k1(…))` is below k1 + 1 = 2.2. */
const FACTOR_CEILING = 2.2;
const QUANTA = 65535 / FACTOR_CEILING;
export const FREQ_INLINE = 15;
/** Slots are shifted left by 4 bits inside a 32-bit varint: 2^27 documents at most. */
export const MAX_SLOTS = 2 ** 27;
/**
 * 32 MB pages: allocations this large are always mapped from the system by the C allocator (its
 * adaptive threshold stops at 32 MB), so freeing them after the build returns the memory, and an
 * untouched page costs no resident memory. Offsets are 31-bit: 63 pages, 2 GB of postings.
 */
const PAGE_BITS = 25;
const MAX_OFFSET = 2 ** 31;
const FIRST_CHUNK = 16;
const LARGEST_CHUNK = 4096;
/** Bytes a chunk spends on the offset of the next one. */
const LINK = 4;

/** A block bound as stored: the smallest 16-bit step at or above `factor`. */
export function quantiseBound(factor: number): number {
  return Math.min(65535, Math.ceil(factor * QUANTA));
}

export function boundValue(quantised: number): number {
  return quantised / QUANTA;
}

export function hasBit(bits: Int32Array, slot: number): boolean {
  return (slot >>> 5) < bits.length && ((bits[slot >>> 5]! >>> (slot & 31)) & 1) === 1;
}

/** Sets a bit, growing the set when needed; returns the set (a new one if it grew). */
export function withBit(bits: Int32Array<ArrayBuffer>, slot: number): Int32Array<ArrayBuffer> {
  let out = bits;
  if (slot >>> 5 >= out.length) {
    out = new Int32Array(Math.max((slot >>> 5) + 1, out.length * 2));
    out.set(bits);
  }
  out[slot >>> 5]! |= 1 << (slot & 31);
  return out;
}

/** Uncompressed postings added after sealing. */
export interface Tail {
  readonly slots: number[];
  readonly freqs: number[];
}

export interface PostingStoreOptions {
  /** Postings per block of a varint list; a dense list's blocks span four times as many slots (at least 32). */
  readonly blockSize?: number;
  /** Terms in at least this share of the documents get a bitset (default 1/16). */
  readonly denseShare?: number;
  /** log2 of the build pages' size (tests use small pages to cross many page edges). */
  readonly pageBits?: number;
  /** Postings sealed between two steps of `sealing` (default 2^19, some 50 ms; tests use small steps). */
  readonly sealStep?: number;
}

/**
 * The postings of every term, by integer term id: `append` while building (slots ascending per
 * term), `seal` once, then `appendTail` for documents added later.
 */
export class PostingStore {
  readonly blockSize: number;
  private readonly denseShare: number;
  /** log2 of the slots per block of a dense list. */
  private readonly denseShift: number;
  private readonly pageBits: number;
  private readonly page: number;
  private readonly sealStep: number;
  terms = 0;
  /** Live documents holding each term: n(field, term) of the bm25 idf. */
  df = new Int32Array(1024);
  /** Per term, the largest block bound of its sealed list, quantised (`termBound` is the factor), from sealing on. */
  private bounds = new Uint16Array(0);
  // Building: per term, the first chunk, the write position and its chunk's end (global offsets into pages).
  private pages: Uint8Array[] = [];
  private pageUsed = Infinity;
  private head = new Int32Array(1024);
  private cur = new Int32Array(1024);
  private end = new Int32Array(1024);
  private chunk = new Int32Array(1024);
  private last = new Int32Array(1024);
  // Sealed: one arena, each term's list from its start to the next term's (a dense term's is empty).
  private arena: Uint8Array<ArrayBuffer> = new Uint8Array(0);
  private start = new Int32Array(0);
  /** Terms with a sealed list (terms made since have tails only). */
  private sealedTerms = 0;
  private readonly dense = new Map<number, DenseList>();
  private readonly tails = new Map<number, Tail>();
  private sealed = false;

  constructor(options: PostingStoreOptions = {}) {
    this.blockSize = options.blockSize ?? 128;
    this.denseShare = options.denseShare ?? 1 / 16;
    this.denseShift = Math.max(5, Math.round(Math.log2(this.blockSize)) + 2);
    this.pageBits = options.pageBits ?? PAGE_BITS;
    this.page = 2 ** this.pageBits;
    this.sealStep = options.sealStep ?? 2 ** 19;
  }

  newTerm(): number {
    const term = this.terms++;
    if (term === this.df.length) {
      const size = Math.max(1024, term * 2);
      if (this.sealed) {
        this.df = grown(this.df, size);
      } else {
        this.growBuilding(size);
      }
    }
    if (!this.sealed) {
      this.head[term] = -1;
      this.cur[term] = -1;
      this.end[term] = -1;
      this.chunk[term] = 0;
      this.last[term] = -1;
    }
    return term;
  }

  /**
   * The per-term arrays of the build, `df` among them, as views of one buffer: at a million terms
   * it is large enough that the C allocator maps it from the system on its own, so it goes back
   * whole when sealing drops it, where separate arrays left their memory in the heap, resident.
   */
  private growBuilding(size: number): void {
    const buffer = new ArrayBuffer(6 * 4 * size);
    const moved = (index: number, from: Int32Array) => {
      const to = new Int32Array(buffer, index * 4 * size, size);
      to.set(from);
      return to;
    };
    this.df = moved(0, this.df);
    this.head = moved(1, this.head);
    this.cur = moved(2, this.cur);
    this.end = moved(3, this.end);
    this.chunk = moved(4, this.chunk);
    this.last = moved(5, this.last);
  }

  /** Adds a posting while building; slots must ascend per term. */
  append(term: number, slot: number, freq: number): void {
    const inline = freq < FREQ_INLINE;
    this.putVarint(term, ((slot - this.last[term]!) << 4) | (inline ? freq : FREQ_INLINE));
    if (!inline) this.putVarint(term, freq - FREQ_INLINE);
    this.last[term] = slot;
    this.df[term]! += 1;
  }

  private putVarint(term: number, value: number): void {
    let v = value >>> 0;
    for (;;) {
      let at = this.cur[term]!;
      if (at === this.end[term]) at = this.nextChunk(term);
      const byte = v >= 0x80 ? (v & 0x7f) | 0x80 : v;
      this.pages[at >>> this.pageBits]![at & (this.page - 1)] = byte;
      this.cur[term] = at + 1;
      if (v < 0x80) return;
      v >>>= 7;
    }
  }

  /** Starts a new chunk for `term` (twice the last one's size, up to 4 KB) and links it. */
  private nextChunk(term: number): number {
    const size = Math.min(LARGEST_CHUNK, Math.max(FIRST_CHUNK, this.chunk[term]! * 2));
    if (this.pageUsed + size > this.page) {
      if ((this.pages.length + 1) * this.page > MAX_OFFSET) throw new RangeError('The search index holds at most 2 GB of postings.');
      this.pages.push(new Uint8Array(this.page));
      this.pageUsed = 0;
    }
    const offset = (this.pages.length - 1) * this.page + this.pageUsed;
    this.pageUsed += size;
    this.setLink(offset, -1);
    if (this.head[term]! < 0) this.head[term] = offset;
    else this.setLink(this.end[term]! - this.chunk[term]!, offset);
    this.chunk[term] = size;
    this.end[term] = offset + size;
    return offset + LINK;
  }

  /**
   * Writes every list into the arena, cut into blocks with headers, bounding each block's term
   * factor by `factor(freq, slot)`, and every dense term's into its own `DenseList`; after this,
   * `append` is closed and new postings go to tails.
   */
  seal(factor: (freq: number, slot: number) => number, documents: number): void {
    return runSteps(this.sealing(factor, documents));
  }

  /**
   * `seal` in steps of `sealStep` postings: a process serving commands answers between them
   * (in one piece, sealing held the event loop for seconds; docs/decisions/0008-search-index.md).
   */
  *sealing(factor: (freq: number, slot: number) => number, documents: number): Generator<void, void> {
    let size = 0;
    let denseSize = 0;
    let work = 0;
    const terms = this.terms;
    const dense = Math.max(1, Math.ceil(documents * this.denseShare));
    for (let term = 0; term < terms; term++) {
      if (this.df[term]! < dense) size += this.sealedSize(term);
      else denseSize += denseListBytes(this.df[term]!, documents, this.denseShift);
      work += this.df[term]!;
      if (work >= this.sealStep) {
        work = 0;
        yield;
      }
    }
    // The varint lists, then the dense lists' arrays: one allocation, returned whole when a new build replaces it.
    this.arena = new Uint8Array(size + denseSize);
    const slab = new Slab(this.arena.buffer, size);
    this.start = new Int32Array(terms + 1);
    const bounds = new Uint16Array(terms);
    const buffers = new SealBuffers(this.blockSize);
    let at = 0;
    for (let term = 0; term < terms; term++) {
      this.start[term] = at;
      if (this.df[term]! >= dense) {
        const list = this.sealDense(term, documents, factor, slab);
        this.dense.set(term, list);
        bounds[term] = list.quantisedBound();
      } else {
        at = this.sealList(term, at, factor, buffers);
        bounds[term] = buffers.bound;
      }
      work += this.df[term]!;
      if (work >= this.sealStep) {
        work = 0;
        yield;
      }
    }
    this.start[terms] = at;
    this.sealedTerms = terms;
    this.df = this.df.slice(0, terms);
    this.bounds = bounds;
    this.pages = [];
    this.head = this.cur = this.end = this.chunk = this.last = new Int32Array(0);
    this.sealed = true;
  }

  /** A dense term's list: its bitset and frequencies. */
  private sealDense(term: number, documents: number, factor: (freq: number, slot: number) => number, slab: Slab): DenseList {
    const reader = new ChainReader(this, this.head[term]!, this.cur[term]!);
    const writer = new DenseListWriter(this.df[term]!, documents, this.denseShift, slab);
    for (let slot = -1; !reader.done(); ) {
      const v = reader.varint();
      const low = v & 0xf;
      slot += v >>> 4;
      const freq = low === FREQ_INLINE ? FREQ_INLINE + reader.varint() : low;
      writer.add(slot, freq, factor(freq, slot));
    }
    return writer.finish();
  }

  /** Writes the blocks of one term's list at `at`; returns the end, and leaves the term's bound, quantised, in `buffers.bound`. */
  private sealList(term: number, at: number, factor: (freq: number, slot: number) => number, buffers: SealBuffers): number {
    const { slots, freqs, payload } = buffers;
    const reader = new ChainReader(this, this.head[term]!, this.cur[term]!);
    let end = at;
    let prevLast = -1;
    let slot = -1;
    let termBound = 0;
    while (!reader.done()) {
      let n = 0;
      let best = 0;
      while (n < this.blockSize && !reader.done()) {
        const v = reader.varint();
        const low = v & 0xf;
        slot += v >>> 4;
        slots[n] = slot;
        freqs[n] = low === FREQ_INLINE ? FREQ_INLINE + reader.varint() : low;
        best = Math.max(best, factor(freqs[n]!, slot));
        n += 1;
      }
      let used = 0;
      let previous = prevLast;
      for (let i = 0; i < n; i++) {
        used = putPosting(payload, used, slots[i]! - previous, freqs[i]!);
        previous = slots[i]!;
      }
      const quantised = quantiseBound(best);
      end = putVarintAt(this.arena, end, used);
      end = putVarintAt(this.arena, end, slot - prevLast);
      this.arena[end++] = quantised & 0xff;
      this.arena[end++] = quantised >>> 8;
      this.arena.set(payload.subarray(0, used), end);
      end += used;
      termBound = Math.max(termBound, quantised);
      prevLast = slot;
    }
    buffers.bound = termBound;
    return end;
  }

  /** A byte of the build pages, by global offset. */
  byteAt(offset: number): number {
    return this.pages[offset >>> this.pageBits]![offset & (this.page - 1)]!;
  }

  /** The offset of the chunk after the one at `chunk` (−1 for none). */
  linkAt(chunk: number): number {
    return this.byteAt(chunk) | (this.byteAt(chunk + 1) << 8) | (this.byteAt(chunk + 2) << 16) | (this.byteAt(chunk + 3) << 24);
  }

  private setLink(chunk: number, next: number): void {
    for (let i = 0; i < LINK; i++) this.pages[(chunk + i) >>> this.pageBits]![(chunk + i) & (this.page - 1)] = (next >>> (8 * i)) & 0xff;
  }

  /** The bytes `seal` will write for a term: each block's postings as built, behind its header. */
  private sealedSize(term: number): number {
    const reader = new ChainReader(this, this.head[term]!, this.cur[term]!);
    let size = 0;
    let prevLast = -1;
    let slot = -1;
    while (!reader.done()) {
      const from = reader.consumed;
      for (let n = 0; n < this.blockSize && !reader.done(); n++) {
        const v = reader.varint();
        slot += v >>> 4;
        if ((v & 0xf) === FREQ_INLINE) reader.varint();
      }
      const payload = reader.consumed - from;
      size += varintLength(payload) + varintLength(slot - prevLast) + 2 + payload;
      prevLast = slot;
    }
    return size;
  }

  /** Adds a posting after sealing (its slot is after every sealed one). */
  appendTail(term: number, slot: number, freq: number): void {
    if (!this.sealed) {
      this.append(term, slot, freq);
      return;
    }
    let tail = this.tails.get(term);
    if (!tail) this.tails.set(term, (tail = { slots: [], freqs: [] }));
    tail.slots.push(slot);
    tail.freqs.push(freq);
    const list = this.dense.get(term);
    if (list) list.bits = withBit(list.bits, slot);
    this.df[term]! += 1;
  }

  tail(term: number): Tail | undefined {
    return this.tails.get(term);
  }

  /** The bitset of a dense term's documents, sealed and added since. */
  denseBits(term: number): Int32Array | undefined {
    return this.dense.get(term)?.bits;
  }

  /** Points `cursor` at the sealed list of `term` (an empty one for a term added since). */
  open(cursor: ListCursor, term: number): void {
    const list = this.dense.size === 0 ? undefined : this.dense.get(term);
    if (list) cursor.resetDense(list);
    else if (term < 0 || term >= this.sealedTerms) cursor.reset(this.arena, 0, 0);
    else cursor.reset(this.arena, this.start[term]!, this.start[term + 1]!);
  }

  /** The largest block bound of the term's sealed list (a term factor; 0 for a term made since). */
  termBound(term: number): number {
    return term < this.sealedTerms ? boundValue(this.bounds[term]!) : 0;
  }

  /** Bytes of every array it holds: the lists, the per-term arrays, the build pages and the tails (8 bytes a posting). */
  heapBytes(): number {
    let tails = 0;
    for (const tail of this.tails.values()) tails += 8 * tail.slots.length;
    let dense = 0;
    for (const list of this.dense.values()) dense += list.bytesOutside(this.arena.buffer);
    // While building, the per-term arrays share one buffer (`growBuilding`).
    const perTerm = this.sealed ? this.df.byteLength : this.df.buffer.byteLength;
    return this.arena.byteLength + dense + tails + this.pages.length * this.page + perTerm + this.bounds.byteLength + this.start.byteLength;
  }
}

/** What sealing one list uses: a block's postings decoded and re-encoded, and the list's bound once written. */
class SealBuffers {
  readonly slots: Int32Array;
  readonly freqs: Int32Array;
  readonly payload: Uint8Array;
  bound = 0;

  constructor(blockSize: number) {
    this.slots = new Int32Array(blockSize);
    this.freqs = new Int32Array(blockSize);
    this.payload = new Uint8Array(blockSize * 10);
  }
}

/** Reads a list's bytes along its chain of chunks (sizes double from FIRST_CHUNK to LARGEST_CHUNK). */
class ChainReader {
  /** Bytes read so far. */
  consumed = 0;
  private at: number;
  private size = FIRST_CHUNK;
  private chunkEnd: number;

  constructor(
    private readonly store: PostingStore,
    first: number,
    private readonly writeAt: number,
  ) {
    this.at = first < 0 ? -1 : first + LINK;
    this.chunkEnd = first + FIRST_CHUNK;
  }

  done(): boolean {
    return this.at === this.writeAt || this.at < 0;
  }

  varint(): number {
    let value = 0;
    let shift = 0;
    for (;;) {
      if (this.at === this.chunkEnd) {
        const next = this.store.linkAt(this.chunkEnd - this.size);
        this.size = Math.min(LARGEST_CHUNK, this.size * 2);
        this.at = next + LINK;
        this.chunkEnd = next + this.size;
      }
      const byte = this.store.byteAt(this.at);
      this.at += 1;
      this.consumed += 1;
      value |= (byte & 0x7f) << shift;
      if (byte < 0x80) return value >>> 0;
      shift += 7;
    }
  }
}

function varintLength(value: number): number {
  let length = 1;
  for (let v = value >>> 7; v > 0; v >>>= 7) length += 1;
  return length;
}

function putVarintAt(out: Uint8Array, at: number, value: number): number {
  let v = value >>> 0;
  while (v >= 0x80) {
    out[at++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  out[at++] = v;
  return at;
}

/**
 * Writes ascending `slots[from…to)` as a list of blocks that a `ListCursor` reads, every frequency 0
 * and every bound 0 (a list that only says which documents, such as a pair's: pair-lists.ts).
 * `out` needs room for 5 bytes a slot and 9 a block; returns the end.
 */
export function putSlotBlocks(slots: Int32Array, from: number, to: number, blockSize: number, out: Uint8Array, at: number): number {
  let prevLast = -1;
  for (let block = from; block < to; block += blockSize) {
    const end = Math.min(to, block + blockSize);
    let used = 0;
    for (let i = block, previous = prevLast; i < end; previous = slots[i++]!) used += varintLength((slots[i]! - previous) << 4);
    at = putVarintAt(out, at, used);
    at = putVarintAt(out, at, slots[end - 1]! - prevLast);
    out[at++] = 0;
    out[at++] = 0;
    for (let i = block; i < end; i++) {
      at = putVarintAt(out, at, (slots[i]! - prevLast) << 4);
      prevLast = slots[i]!;
    }
  }
  return at;
}

function putPosting(out: Uint8Array, at: number, gap: number, freq: number): number {
  if (freq < FREQ_INLINE) return putVarintAt(out, at, (gap << 4) | freq);
  return putVarintAt(out, putVarintAt(out, at, (gap << 4) | FREQ_INLINE), freq - FREQ_INLINE);
}
