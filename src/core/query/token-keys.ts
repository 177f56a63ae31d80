/**
 * Turning text into token keys without making a string per token. Most paper text is ASCII, and
 * there a token is a run of letters and digits, lowercased; the scanner hashes it straight from the
 * text and finds its key in an open-addressed table of the tokens topics mention. Anything else is
 * handed to `tokenize` one piece at a time (see `forEachToken` for why pieces give the same tokens).
 */
import type { Field } from '../query/ast.js';
import { grown } from '../typed-arrays.js';
import { tokenize } from '../query/tokenize.js';

const FIELD_NUMBER: Readonly<Record<Field, number>> = { text: 0, author: 1, org: 2 };

/** Receives the tokens of a text: ASCII runs by position (to be lowercased) with their `asciiHash`, the rest as strings. */
export interface TokenSink {
  ascii(start: number, end: number, hash: number): void;
  other(token: string): void;
}

/**
 * Calls `sink.ascii(start, end, hash)` for each token that is an ASCII run of `text` (to be
 * lowercased) and `sink.other(token)` for the rest, in order; together they are exactly
 * `tokenize(text)`. (A sink object, not two callbacks: one class of sink keeps the calls
 * monomorphic, so they inline.)
 *
 * The text is cut at ASCII characters that are neither letters, digits nor case-ignorable
 * (everything but ' . : ^ `): such a character separates tokens, has no marks to reorder around it
 * (NFD stops at it), and ends the context that lowercasing a Greek sigma looks at, so folding the
 * pieces apart folds them as the whole text would. A piece with no character above U+007F is
 * ASCII, where folding is lowercasing and tokens are runs of [a-z0-9]; its runs are found and
 * hashed in the same pass that looks for the piece's end, and handed over once it proves ASCII.
 */
export function forEachToken(text: string, sink: TokenSink): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    let j = i;
    let plain = true;
    let found = 0;
    let start = -1;
    let hash = SEED;
    for (; j < n; j++) {
      const c = text.charCodeAt(j);
      if (c < 128 && ALNUM[c] === 1) {
        if (start < 0) {
          start = j;
          hash = SEED;
        }
        hash = Math.imul(hash ^ LOWER[c]!, PRIME);
        continue;
      }
      if (start >= 0) {
        found = remember(found, start, j, hash);
        start = -1;
      }
      if (c >= 128) plain = false;
      else if (BREAK[c] === 1) break;
    }
    if (start >= 0) found = remember(found, start, j, hash);
    if (plain) {
      for (let r = 0; r < found; r += 3) sink.ascii(runs[r]!, runs[r + 1]!, runs[r + 2]!);
    } else {
      for (const token of tokenize(text.slice(i, j))) sink.other(token);
    }
    i = j + 1;
  }
}

/** The runs of the piece at hand, as (start, end, hash) triples; shared, since a scan never nests. */
let runs = new Int32Array(96);

function remember(found: number, start: number, end: number, hash: number): number {
  if (found + 3 > runs.length) {
    const next = new Int32Array(runs.length * 2);
    next.set(runs);
    runs = next;
  }
  runs[found] = start;
  runs[found + 1] = end;
  runs[found + 2] = hash;
  return found + 3;
}

/** The hash `forEachToken` gives an ASCII run: of its lowercased characters, whatever its field. */
export function asciiHash(text: string, start: number, end: number): number {
  let hash = SEED;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ LOWER[text.charCodeAt(i)]!, PRIME);
  return hash;
}

const SEED = 0x811c9dc5 | 0;
const PRIME = 0x01000193;
const ALNUM = new Uint8Array(128);
const BREAK = new Uint8Array(128);
/** ASCII lowercased (A–Z to a–z, the rest as is). */
const LOWER = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  ALNUM[c] = alnum ? 1 : 0;
  BREAK[c] = alnum || "'.:^`".includes(String.fromCharCode(c)) ? 0 : 1;
  LOWER[c] = c >= 65 && c <= 90 ? c + 32 : c;
}

/** (field, token) → key, for tokens already folded; keys count up from `first`. */
export interface KeyTable {
  readonly size: number;
  /** The key of a folded token, made on first use. */
  keyOf(field: Field, token: string): number;
  /** The key of a folded token, or −1. */
  find(field: Field, token: string): number;
  /** The key of `text[start…end)` lowercased (ASCII letters and digits only), whose `asciiHash` is `hash`, or −1. */
  findAscii(field: Field, text: string, start: number, end: number, hash: number): number;
  /** Lets go of the room its arrays keep for keys to come (they grow again when needed). */
  trim(): void;
  /** Bytes of its arrays. */
  heapBytes(): number;
  /** The field and token of a key made here. */
  entry(key: number): { readonly field: Field; readonly token: string };
}

export function createKeyTable(first: number): KeyTable {
  return new OpenKeyTable(first, 256, 4096);
}

/**
 * Open addressing with linear probing over the tokens' hashes; the tokens in one arena of bytes
 * (UTF-8: nearly every folded token is ASCII, a byte a character). Per key, one byte holds its
 * field and six bits of its hash, which turn away almost every other key met while probing
 * before its bytes are compared; the full hash is worked out again from the bytes when the table
 * grows. At a million papers, a million and more keys (most of them words seen once) cost some 26
 * bytes each this way, where a 32-bit hash and two bytes a character cost 40.
 */
class OpenKeyTable implements KeyTable {
  private count = 0;
  /** Per key index: its field and hash tag (`tagOf`), and where its bytes start in `bytes` (and end, at the next index). */
  private tags: Uint8Array<ArrayBuffer>;
  private bytesAt: Int32Array<ArrayBuffer>;
  private bytes: Uint8Array<ArrayBuffer>;
  /** 0 for empty, else 1 + the key's index. */
  private slots: Int32Array<ArrayBuffer>;
  /** A token being looked up, as bytes. */
  private probe = new Uint8Array(64);

  constructor(
    private readonly first: number,
    keys: number,
    bytes: number,
  ) {
    this.tags = new Uint8Array(keys);
    this.bytesAt = new Int32Array(keys + 1);
    this.bytes = new Uint8Array(bytes);
    this.slots = new Int32Array(2 ** Math.ceil(Math.log2(Math.max(keys, 512) * 2)));
  }

  get size(): number {
    return this.count;
  }

  keyOf(field: Field, token: string): number {
    const f = FIELD_NUMBER[field];
    const length = this.encode(token);
    const hash = withField(hashCodeUnits(this.probe, 0, length), f);
    const key = this.findProbe(f, length, hash);
    return key !== -1 ? key : this.insert(f, length, hash);
  }

  find(field: Field, token: string): number {
    const f = FIELD_NUMBER[field];
    const length = this.encode(token);
    return this.findProbe(f, length, withField(hashCodeUnits(this.probe, 0, length), f));
  }

  findAscii(field: Field, text: string, start: number, end: number, raw: number): number {
    const f = FIELD_NUMBER[field];
    const hash = withField(raw, f);
    const tag = tagOf(hash, f);
    const { slots, tags, bytesAt, bytes } = this;
    const mask = slots.length - 1;
    const length = end - start;
    for (let s = hash & mask; slots[s] !== 0; s = (s + 1) & mask) {
      const index = slots[s]! - 1;
      if (tags[index] !== tag) continue;
      const at = bytesAt[index]!;
      if (bytesAt[index + 1]! - at !== length) continue;
      let i = 0;
      while (i < length && bytes[at + i] === LOWER[text.charCodeAt(start + i)]) i++;
      if (i === length) return this.first + index;
    }
    return -1;
  }

  trim(): void {
    const used = this.bytesAt[this.count]!;
    this.tags = this.tags.slice(0, this.count);
    this.bytesAt = this.bytesAt.slice(0, this.count + 1);
    this.bytes = this.bytes.slice(0, used);
  }

  heapBytes(): number {
    return this.tags.byteLength + this.bytesAt.byteLength + this.bytes.byteLength + this.slots.byteLength + this.probe.byteLength;
  }

  entry(key: number): { readonly field: Field; readonly token: string } {
    const index = key - this.first;
    if (index < 0 || index >= this.count) throw new RangeError(`No key ${key} in this table.`);
    return { field: FIELDS[this.tags[index]! & FIELD_BITS]!, token: DECODER.decode(this.bytes.subarray(this.bytesAt[index]!, this.bytesAt[index + 1]!)) };
  }

  /** Writes `token` into `probe` as UTF-8; returns its length in bytes. */
  private encode(token: string): number {
    if (token.length * 3 > this.probe.length) this.probe = new Uint8Array(token.length * 3);
    const probe = this.probe;
    for (let i = 0; i < token.length; i++) {
      const c = token.charCodeAt(i);
      if (c >= 0x80) return ENCODER.encodeInto(token, probe).written;
      probe[i] = c;
    }
    return token.length;
  }

  /** The key of the `length` bytes in `probe`, or −1. */
  private findProbe(field: number, length: number, hash: number): number {
    const { slots, tags, bytesAt, bytes, probe } = this;
    const tag = tagOf(hash, field);
    const mask = slots.length - 1;
    for (let s = hash & mask; slots[s] !== 0; s = (s + 1) & mask) {
      const index = slots[s]! - 1;
      if (tags[index] !== tag) continue;
      const at = bytesAt[index]!;
      if (bytesAt[index + 1]! - at !== length) continue;
      let i = 0;
      while (i < length && bytes[at + i] === probe[i]) i++;
      if (i === length) return this.first + index;
    }
    return -1;
  }

  /** Files the `length` bytes in `probe` as the next key. */
  private insert(field: number, length: number, hash: number): number {
    const index = this.count;
    if (index >= this.tags.length) {
      this.tags = grown(this.tags, index + 1);
      this.bytesAt = grown(this.bytesAt, index + 2);
    }
    const at = this.bytesAt[index]!;
    if (at + length > this.bytes.length) this.bytes = grown(this.bytes, at + length);
    this.bytes.set(this.probe.subarray(0, length), at);
    this.count += 1;
    this.bytesAt[index + 1] = at + length;
    this.tags[index] = tagOf(hash, field);
    if (this.count * 2 > this.slots.length) {
      this.slots = new Int32Array(this.slots.length * 2);
      for (let k = 0; k < this.count; k++) this.place(k, withField(hashCodeUnits(this.bytes, this.bytesAt[k]!, this.bytesAt[k + 1]!), this.tags[k]! & FIELD_BITS));
    } else {
      this.place(index, hash);
    }
    return this.first + index;
  }

  private place(index: number, hash: number): void {
    const slots = this.slots;
    const mask = slots.length - 1;
    let s = hash & mask;
    while (slots[s] !== 0) s = (s + 1) & mask;
    slots[s] = index + 1;
  }
}

const ENCODER = new TextEncoder();
const DECODER = new TextDecoder();
/** Fields by number (FIELD_NUMBER's inverse). */
const FIELDS: readonly Field[] = ['text', 'author', 'org'];
/** The low two bits of a tag are the field; the other six are the hash's top bits. */
const FIELD_BITS = 3;

/**
 * Six bits of the hash, mixed first: FNV's top bits follow its low byte, which the slot a key
 * probes from follows too, so keys met while probing shared their top bits and the tag turned few
 * of them away (the topic matcher ran 1.6 times slower).
 */
function tagOf(hash: number, field: number): number {
  return ((Math.imul(hash, 0x9e3779b1) >>> 26) << 2) | field;
}

/** FNV-1a over code units (bytes or UTF-16 units): the hash `asciiHash` gives an ASCII run, before a field is mixed in. */
export function hashCodeUnits(units: Uint8Array | Uint16Array, start: number, end: number): number {
  let hash = SEED;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ units[i]!, PRIME);
  return hash;
}

function withField(hash: number, field: number): number {
  return Math.imul(hash ^ field, PRIME);
}
