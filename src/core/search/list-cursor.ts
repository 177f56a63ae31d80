/**
 * A position in one sealed posting list: a varint list (postings.ts) or a dense one (dense-list.ts).
 * One class reads both, branching on the kind, so that the scans' calls to it see a single class:
 * V8 recompiles a function whose call site meets a second one.
 */
import { popcount, type DenseList } from './dense-list.js';
import { boundValue, FREQ_INLINE } from './postings.js';

/** What a cursor past its list's end reads: above every slot, and a small integer (not Infinity) for the JIT. */
export const END = 0x7fffffff;

/**
 * A position in one sealed list. `shallow` moves between blocks by their headers alone (a dense
 * list's by its block directory); `seek` decodes the block it lands in (finds a dense list's next
 * bit).
 */
export class ListCursor {
  private bytes: Uint8Array = new Uint8Array(0);
  private stop = 0;
  private at = 0;
  /** Byte offset of the next block's header. */
  private nextHeader = 0;
  private prevLast = -1;
  /** The current block: its last slot and its bound; −1 before the first. */
  blockLast = -1;
  blockBound = 0;
  private payloadStart = 0;
  private payloadEnd = 0;
  private decoded = false;
  private readonly slots: Int32Array;
  private readonly freqs: Int32Array;
  private i = 0;
  private done = false;
  // A dense list: its arrays, its current slot (−1 before the first seek), and the rank of the
  // first bit of word `rankWord` (counted on from the block directory as the cursor moves).
  private isDense = false;
  private list: DenseList | undefined;
  private bits: Int32Array = new Int32Array(0);
  private ranks: Int32Array = new Int32Array(0);
  private bounds: Uint16Array = new Uint16Array(0);
  private nibbles: Uint8Array = new Uint8Array(0);
  private shift = 5;
  private lastSlot = -1;
  private slot = -1;
  private rankWord = 0;
  private rank = 0;

  constructor(blockSize: number) {
    this.slots = new Int32Array(blockSize);
    this.freqs = new Int32Array(blockSize);
  }

  reset(bytes: Uint8Array, start: number, stop: number): void {
    this.bytes = bytes;
    this.stop = stop;
    this.nextHeader = start;
    this.prevLast = -1;
    this.blockLast = -1;
    this.blockBound = 0;
    this.decoded = false;
    this.i = 0;
    this.done = start >= stop;
    this.isDense = false;
  }

  resetDense(list: DenseList): void {
    this.isDense = true;
    this.list = list;
    this.bits = list.bits;
    this.ranks = list.ranks;
    this.bounds = list.bounds;
    this.nibbles = list.nibbles;
    this.shift = list.shift;
    this.lastSlot = list.lastSlot;
    this.slot = -1;
    this.rankWord = 0;
    this.rank = 0;
    this.blockLast = -1;
    this.blockBound = 0;
    this.done = list.lastSlot < 0;
  }

  /** Moves to the first block whose last slot is ≥ `slot`; false when there is none. */
  shallow(slot: number): boolean {
    if (this.isDense) return this.shallowDense(slot);
    while (this.blockLast < slot) {
      if (this.nextHeader >= this.stop) {
        this.done = true;
        return false;
      }
      this.at = this.nextHeader;
      const payload = this.varint();
      const gap = this.varint();
      this.prevLast = this.blockLast;
      this.blockLast = this.prevLast + gap;
      this.blockBound = boundValue(this.bytes[this.at]! | (this.bytes[this.at + 1]! << 8));
      this.payloadStart = this.at + 2;
      this.payloadEnd = this.payloadStart + payload;
      this.nextHeader = this.payloadEnd;
      this.decoded = false;
    }
    return !this.done;
  }

  /** The first slot ≥ `slot` in the list, or END. */
  seek(slot: number): number {
    if (this.isDense) return this.seekDense(slot);
    if (this.done || !this.shallow(slot)) return END;
    if (!this.decoded) this.decode();
    while (this.slots[this.i]! < slot) this.i += 1;
    return this.slots[this.i]!;
  }

  /** The frequency at the current slot. */
  freq(): number {
    if (this.isDense) return this.freqDense();
    return this.freqs[this.i]!;
  }

  /** Skips empty blocks: no posting lies between `slot` and the block it stops at. */
  private shallowDense(slot: number): boolean {
    if (slot <= this.blockLast) return true;
    if (slot > this.lastSlot) {
      this.done = true;
      return false;
    }
    const ranks = this.ranks;
    let block = slot >>> this.shift;
    while (ranks[block + 1] === ranks[block]) block += 1;
    this.blockLast = Math.min(((block + 1) << this.shift) - 1, this.lastSlot);
    this.blockBound = boundValue(this.bounds[block]!);
    return true;
  }

  /** The first set bit at or after `slot` (and the current one), up to the last sealed posting. */
  private seekDense(slot: number): number {
    if (slot <= this.slot) return this.slot;
    if (slot > this.lastSlot) return (this.slot = END);
    const bits = this.bits;
    const blockWords = (1 << (this.shift - 5)) - 1;
    let w = slot >>> 5;
    let word = bits[w]! & (-1 << (slot & 31));
    while (word === 0) {
      w += 1;
      if ((w & blockWords) === 0) {
        // A new block: jump over the empty ones (the last block holds a posting, so this stops).
        let block = w >>> (this.shift - 5);
        while (this.ranks[block + 1] === this.ranks[block]) block += 1;
        w = block << (this.shift - 5);
      }
      word = bits[w]!;
    }
    // The last sealed posting is at or after `slot`, so the bit found is at most that one.
    return (this.slot = (w << 5) | (31 - Math.clz32(word & -word)));
  }

  private freqDense(): number {
    const slot = this.slot;
    const w = slot >>> 5;
    const wordShift = this.shift - 5;
    if (w < this.rankWord || w >>> wordShift !== this.rankWord >>> wordShift) {
      this.rankWord = (w >>> wordShift) << wordShift;
      this.rank = this.ranks[w >>> wordShift]!;
    }
    for (; this.rankWord < w; this.rankWord++) this.rank += popcount(this.bits[this.rankWord]!);
    const rank = this.rank + popcount(this.bits[w]! & ~(-1 << (slot & 31)));
    const nibble = (this.nibbles[rank >>> 1]! >>> ((rank & 1) << 2)) & 0xf;
    return nibble < FREQ_INLINE ? nibble : this.list!.escaped(rank);
  }

  private decode(): void {
    this.at = this.payloadStart;
    let slot = this.prevLast;
    for (let n = 0; this.at < this.payloadEnd; n++) {
      const v = this.varint();
      const low = v & 0xf;
      slot += v >>> 4;
      this.slots[n] = slot;
      this.freqs[n] = low === FREQ_INLINE ? FREQ_INLINE + this.varint() : low;
    }
    this.i = 0;
    this.decoded = true;
  }

  private varint(): number {
    const bytes = this.bytes;
    let byte = bytes[this.at++]!;
    if (byte < 0x80) return byte;
    let value = byte & 0x7f;
    let shift = 7;
    do {
      byte = bytes[this.at++]!;
      value |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte >= 0x80);
    return value >>> 0;
  }
}

