/**
 * The index's paper ids by slot, and the slot of an id, without a string and a map entry per paper
 * (about 100 bytes each): the ids' characters sit in one growing
 * array of code units (a byte each while every one is below U+0100, as arXiv ids are), and an
 * open-addressing table of slots finds an id by its hash.
 */
import { hashCodeUnits } from '../query/token-keys.js';
import { grown } from '../typed-arrays.js';
const EMPTY = -1;
/** A removed entry: lookups go past it. */
const GONE = -2;

export class IdTable {
  private codes: Uint8Array<ArrayBuffer> | Uint16Array<ArrayBuffer>;
  private used = 0;
  /** Per slot, where its id starts in `codes`; the next slot's start ends it. */
  private starts: Int32Array<ArrayBuffer>;
  private slots = 0;
  private table: Int32Array<ArrayBuffer>;
  private filled = 0;

  /** `expected`: how many ids are coming, when known, so that the arrays are made once at their size. */
  constructor(expected = 0) {
    const ids = Math.max(1024, expected + 1);
    this.codes = new Uint8Array(ids * 12);
    this.starts = new Int32Array(ids + 1);
    this.table = new Int32Array(2 ** Math.ceil(Math.log2(ids * 2 + 1))).fill(EMPTY);
  }

  /** The slot of `id`, or −1. */
  slotOf(id: string): number {
    const mask = this.table.length - 1;
    for (let at = hash(id) & mask; ; at = (at + 1) & mask) {
      const slot = this.table[at]!;
      if (slot === EMPTY) return -1;
      if (slot !== GONE && this.equals(slot, id)) return slot;
    }
  }

  /** Appends `id` as the next slot and returns it; the id must not be in the table. */
  add(id: string): number {
    const slot = this.slots++;
    if (this.slots >= this.starts.length) this.starts = grown(this.starts, this.slots + 1);
    if (this.used + id.length > this.codes.length) {
      this.codes = grown(this.codes, this.used + id.length);
    }
    if (this.codes instanceof Uint8Array && !latin1(id)) this.codes = Uint16Array.from(this.codes);
    this.starts[slot] = this.used;
    for (let i = 0; i < id.length; i++) this.codes[this.used++] = id.charCodeAt(i);
    this.starts[slot + 1] = this.used;
    if ((this.filled + 1) * 2 > this.table.length) this.rehash(this.table.length * 2);
    this.place(slot, hash(id));
    this.filled += 1;
    return slot;
  }

  /** Forgets the slot's id (the slot keeps its characters, for `id`). */
  remove(id: string): void {
    const mask = this.table.length - 1;
    for (let at = hash(id) & mask; ; at = (at + 1) & mask) {
      const slot = this.table[at]!;
      if (slot === EMPTY) return;
      if (slot !== GONE && this.equals(slot, id)) {
        this.table[at] = GONE;
        return;
      }
    }
  }

  heapBytes(): number {
    return this.codes.byteLength + this.starts.byteLength + this.table.byteLength;
  }

  id(slot: number): string {
    return String.fromCharCode(...this.codes.subarray(this.starts[slot]!, this.starts[slot + 1]!));
  }

  /** Orders two slots' ids as strings compare (code unit by code unit). */
  compare(a: number, b: number): number {
    const aEnd = this.starts[a + 1]!;
    const bEnd = this.starts[b + 1]!;
    let i = this.starts[a]!;
    let j = this.starts[b]!;
    for (; i < aEnd && j < bEnd; i++, j++) if (this.codes[i] !== this.codes[j]) return this.codes[i]! - this.codes[j]!;
    return aEnd - i - (bEnd - j);
  }

  private equals(slot: number, id: string): boolean {
    const start = this.starts[slot]!;
    if (this.starts[slot + 1]! - start !== id.length) return false;
    for (let i = 0; i < id.length; i++) if (this.codes[start + i] !== id.charCodeAt(i)) return false;
    return true;
  }

  private place(slot: number, h: number): void {
    const mask = this.table.length - 1;
    let at = h & mask;
    while (this.table[at] !== EMPTY) at = (at + 1) & mask;
    this.table[at] = slot;
  }

  /** A larger table without the removed entries. */
  private rehash(size: number): void {
    const old = this.table;
    this.table = new Int32Array(size).fill(EMPTY);
    this.filled = 0;
    for (const slot of old) {
      if (slot < 0) continue;
      const start = this.starts[slot]!;
      this.place(slot, hashCodeUnits(this.codes, start, this.starts[slot + 1]!));
      this.filled += 1;
    }
  }
}

function latin1(id: string): boolean {
  for (let i = 0; i < id.length; i++) if (id.charCodeAt(i) > 0xff) return false;
  return true;
}

function hash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h;
}
