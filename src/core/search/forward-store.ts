/**
 * Each document's terms in order, column by column: what postings cannot tell, whether words
 * stand together (a phrase) and which terms a retired document held. Postings say which documents
 * hold a word; a phrase's candidates are the documents holding all its words, and the few of them
 * that could enter the top k (or a sample, for the count) are checked here.
 *
 * A stream is one varint per token, its term + 1, and a 0 after each of the six columns. The store
 * itself is a port: in memory here; a serving process keeps the streams past a budget in a file
 * (src/store/forward-file.ts), where the operating system's page cache holds them.
 */
import { grown } from '../typed-arrays.js';

export interface ForwardStore {
  /** Stores the stream of `slot`; slots come in ascending order, each once. */
  append(slot: number, stream: Uint8Array): void;
  /** The stream of `slot`, in a buffer valid until the next `read`. */
  read(slot: number): Uint8Array;
  /**
   * The streams of slots `from` … `to − 1` in order, each valid until the next is taken: a pass
   * over many streams, which a file reads in large pieces instead of one read a stream.
   */
  scan(from: number, to: number): Iterable<Uint8Array>;
  /** The length of `slot`'s stream, without reading it. */
  length(slot: number): number;
  /** Bytes held in the process (not counting a file's). */
  heapBytes(): number;
  /** Lets go of what it holds (a file is closed); reading after is an error. */
  close(): void;
}

/** What a store is made for: the documents' forward streams or the pair lists (pair-lists.ts, a bucket per slot), and about how many slots it will hold. */
export interface ForwardStoreUse {
  readonly kind: 'streams' | 'pairs';
  readonly slots: number;
}

export type ForwardStoreFactory = (use: ForwardStoreUse) => ForwardStore;

/**
 * Offsets by slot: where each stream starts, and its end at the next slot's start. Offsets keep
 * their low 32 bits, 4 bytes a slot (a million papers' streams and a million pair buckets); the
 * few slots where they pass a multiple of 4 GiB are listed apart.
 */
export class StreamOffsets {
  private starts: Uint32Array<ArrayBuffer>;
  /** Ascending: each slot whose start is the first past another multiple of 2^32 (a slot twice if it passed two). */
  private readonly wraps: number[] = [];
  private slots = 0;
  private end = 0;

  /** `expected`: the slots it will hold, so that its array is made once at its size. */
  constructor(expected = 0) {
    this.starts = new Uint32Array(Math.max(1024, expected + 1));
  }

  /** Records `slot`'s stream of `length` bytes after the previous one; returns where it starts. */
  add(slot: number, length: number): number {
    if (slot < this.slots) throw new RangeError(`Forward streams come in slot order (${slot} after ${this.slots - 1}).`);
    if (slot + 2 > this.starts.length) this.starts = grown(this.starts, slot + 2);
    // Slots skipped (none today) get empty streams.
    for (let s = this.slots; s <= slot; s++) this.starts[s] = this.end % WRAP;
    const start = this.end;
    this.end += length;
    this.starts[slot + 1] = this.end % WRAP;
    while (this.wraps.length < Math.floor(this.end / WRAP)) this.wraps.push(slot + 1);
    this.slots = slot + 1;
    return start;
  }

  start(slot: number): number {
    if (slot >= this.slots || slot < 0) throw new RangeError(`No forward stream for slot ${slot}.`);
    return this.offset(slot);
  }

  length(slot: number): number {
    return this.offset(slot + 1) - this.start(slot);
  }

  get total(): number {
    return this.end;
  }

  heapBytes(): number {
    return this.starts.byteLength;
  }

  private offset(index: number): number {
    let high = 0;
    while (high < this.wraps.length && this.wraps[high]! <= index) high += 1;
    return this.starts[index]! + high * WRAP;
  }
}

const WRAP = 2 ** 32;

const EMPTY = new Uint8Array(0);

/** Pages of 1 MiB: appending never copies what is stored. */
const PAGE = 1 << 20;

export function createMemoryForwardStore(use?: ForwardStoreUse): ForwardStore {
  const offsets = new StreamOffsets(use?.slots);
  const pages: Uint8Array[] = [];
  let scratch = new Uint8Array(256);
  return {
    append(slot, stream) {
      let at = offsets.add(slot, stream.length);
      for (let from = 0; from < stream.length; ) {
        const page = Math.floor(at / PAGE);
        if (page === pages.length) pages.push(new Uint8Array(PAGE));
        const n = Math.min(stream.length - from, PAGE - (at % PAGE));
        pages[page]!.set(stream.subarray(from, from + n), at % PAGE);
        from += n;
        at += n;
      }
    },
    read(slot) {
      const length = offsets.length(slot);
      // An empty stream (an empty pair list) may lie past the last page.
      if (length === 0) return EMPTY;
      let at = offsets.start(slot);
      const within = at % PAGE;
      // Almost every stream lies within one page: a view, no copy.
      if (within + length <= PAGE) return pages[Math.floor(at / PAGE)]!.subarray(within, within + length);
      if (length > scratch.length) scratch = new Uint8Array(Math.max(length, scratch.length * 2));
      for (let to = 0; to < length; ) {
        const page = pages[Math.floor(at / PAGE)]!;
        const n = Math.min(length - to, PAGE - (at % PAGE));
        scratch.set(page.subarray(at % PAGE, (at % PAGE) + n), to);
        to += n;
        at += n;
      }
      return scratch.subarray(0, length);
    },
    *scan(from, to) {
      for (let slot = from; slot < to; slot++) yield this.read(slot);
    },
    length: (slot) => offsets.length(slot),
    heapBytes: () => pages.length * PAGE + offsets.heapBytes(),
    close() {
      pages.length = 0;
    },
  };
}
