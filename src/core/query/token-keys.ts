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
}

export function createKeyTable(first: number): KeyTable {
  return new OpenKeyTable(first, 256, 4096);
}

/** Open addressing with linear probing over the tokens' hashes; the tokens' characters in one arena. */
class OpenKeyTable implements KeyTable {
  private count = 0;
  /** Per key index: its field, its hash, and where its characters start in `chars` (and end, at the next index). */
  private fieldOf: Uint8Array<ArrayBuffer>;
  private hashOf: Int32Array<ArrayBuffer>;
  private charsAt: Int32Array<ArrayBuffer>;
  private chars: Uint16Array<ArrayBuffer>;
  /** 0 for empty, else 1 + the key's index. */
  private slots: Int32Array<ArrayBuffer>;

  constructor(
    private readonly first: number,
    keys: number,
    characters: number,
  ) {
    this.fieldOf = new Uint8Array(keys);
    this.hashOf = new Int32Array(keys);
    this.charsAt = new Int32Array(keys + 1);
    this.chars = new Uint16Array(characters);
    this.slots = new Int32Array(2 ** Math.ceil(Math.log2(Math.max(keys, 512) * 2)));
  }

  get size(): number {
    return this.count;
  }

  keyOf(field: Field, token: string): number {
    const f = FIELD_NUMBER[field];
    const hash = hashString(f, token);
    const key = this.findString(f, token, hash);
    return key !== -1 ? key : this.insert(f, token, hash);
  }

  find(field: Field, token: string): number {
    const f = FIELD_NUMBER[field];
    return this.findString(f, token, hashString(f, token));
  }

  findAscii(field: Field, text: string, start: number, end: number, raw: number): number {
    const f = FIELD_NUMBER[field];
    const hash = withField(raw, f);
    const { slots, hashOf, fieldOf, charsAt, chars } = this;
    const mask = slots.length - 1;
    const length = end - start;
    for (let s = hash & mask; slots[s] !== 0; s = (s + 1) & mask) {
      const index = slots[s]! - 1;
      if (hashOf[index] !== hash || fieldOf[index] !== f) continue;
      const at = charsAt[index]!;
      if (charsAt[index + 1]! - at !== length) continue;
      let i = 0;
      while (i < length && chars[at + i] === LOWER[text.charCodeAt(start + i)]) i++;
      if (i === length) return this.first + index;
    }
    return -1;
  }

  heapBytes(): number {
    return this.fieldOf.byteLength + this.hashOf.byteLength + this.charsAt.byteLength + this.chars.byteLength + this.slots.byteLength;
  }

  trim(): void {
    const used = this.charsAt[this.count]!;
    this.fieldOf = this.fieldOf.slice(0, this.count);
    this.hashOf = this.hashOf.slice(0, this.count);
    this.charsAt = this.charsAt.slice(0, this.count + 1);
    this.chars = this.chars.slice(0, used);
  }

  private findString(field: number, token: string, hash: number): number {
    const { slots, hashOf, fieldOf, charsAt, chars } = this;
    const mask = slots.length - 1;
    for (let s = hash & mask; slots[s] !== 0; s = (s + 1) & mask) {
      const index = slots[s]! - 1;
      if (hashOf[index] !== hash || fieldOf[index] !== field) continue;
      const at = charsAt[index]!;
      if (charsAt[index + 1]! - at !== token.length) continue;
      let i = 0;
      while (i < token.length && chars[at + i] === token.charCodeAt(i)) i++;
      if (i === token.length) return this.first + index;
    }
    return -1;
  }

  private insert(field: number, token: string, hash: number): number {
    const at = this.reserve(token.length);
    for (let i = 0; i < token.length; i++) this.chars[at + i] = token.charCodeAt(i);
    return this.commit(field, hash, at + token.length);
  }

  /** Makes room for one more key of `length` characters; returns where they go in `chars`. */
  private reserve(length: number): number {
    const index = this.count;
    if (index >= this.fieldOf.length) {
      this.fieldOf = grown(this.fieldOf, index + 1);
      this.hashOf = grown(this.hashOf, index + 1);
      this.charsAt = grown(this.charsAt, index + 2);
    }
    const at = this.charsAt[index]!;
    if (at + length > this.chars.length) this.chars = grown(this.chars, at + length);
    return at;
  }

  /** Files the key whose characters `reserve` placed, ending at `end`. */
  private commit(field: number, hash: number, end: number): number {
    const index = this.count++;
    this.charsAt[index + 1] = end;
    this.fieldOf[index] = field;
    this.hashOf[index] = hash;
    if (this.count * 2 > this.slots.length) {
      this.slots = new Int32Array(this.slots.length * 2);
      for (let k = 0; k < this.count; k++) this.place(k, this.hashOf[k]!);
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

/** A folded token's hash: as `asciiHash` over its characters, then the field mixed in. */
function hashString(field: number, token: string): number {
  let hash = SEED;
  for (let i = 0; i < token.length; i++) hash = Math.imul(hash ^ token.charCodeAt(i), PRIME);
  return withField(hash, field);
}

function withField(hash: number, field: number): number {
  return Math.imul(hash ^ field, PRIME);
}
