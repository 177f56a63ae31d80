/**
 * A position in one sealed posting list (the layout is described in postings.ts).
 */
import { boundValue, FREQ_INLINE } from './postings.js';

/** What a cursor past its list's end reads: above every slot, and a small integer (not Infinity) for the JIT. */
export const END = 0x7fffffff;

/**
 * A position in one sealed list. `shallow` moves between blocks by their headers alone; `seek`
 * decodes the block it lands in.
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
  }

  /** Moves to the first block whose last slot is ≥ `slot`; false when there is none. */
  shallow(slot: number): boolean {
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
    if (this.done || !this.shallow(slot)) return END;
    if (!this.decoded) this.decode();
    while (this.slots[this.i]! < slot) this.i += 1;
    return this.slots[this.i]!;
  }

  /** The frequency at the current slot. */
  freq(): number {
    return this.freqs[this.i]!;
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

