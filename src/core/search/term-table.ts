/**
 * The index's dictionary: (field, token) → term id, in an open-addressing table over integer
 * arrays. ASCII text (nearly every paper) is tokenized in place: the table hashes and compares the
 * token's characters where they stand in the text, folding A–Z as it goes, so building the index
 * allocates no string for a token it already knows. Other text goes through `tokenize`, which
 * folds accents and case exactly as FTS5's `unicode61 remove_diacritics 2` does; for ASCII that
 * folding is only A–Z to a–z, and token characters are only letters and digits, so both paths
 * give the same tokens.
 */
import type { Field } from '../query/ast.js';
import { tokenize } from '../query/tokenize.js';

const FIELD_CODE: Record<Field, number> = { text: 0, author: 1, org: 2 };
const EMPTY = -1;

export class TermTable {
  private table = new Int32Array(1 << 16).fill(EMPTY);
  private mask = (1 << 16) - 1;
  private hashes = new Int32Array(1024);
  private fields = new Uint8Array(1024);
  private readonly tokens: string[] = [];

  get size(): number {
    return this.tokens.length;
  }

  /** The term id of a folded token, or undefined. */
  get(field: Field, token: string): number | undefined {
    const found = this.find(FIELD_CODE[field], token, 0, token.length, false);
    return found === EMPTY ? undefined : found;
  }

  /**
   * Calls `each(term)` for every token of `text` in order, adding unknown (field, token) pairs
   * with ids from `newTerm`; returns the number of tokens.
   */
  scan(field: Field, text: string, newTerm: () => number, each: (term: number) => void): number {
    const code = FIELD_CODE[field];
    if (!isAscii(text)) {
      const tokens = tokenize(text);
      for (const token of tokens) each(this.findOrAdd(code, token, 0, token.length, newTerm));
      return tokens.length;
    }
    let count = 0;
    let start = -1;
    for (let i = 0; i <= text.length; i++) {
      const c = i < text.length ? text.charCodeAt(i) : 0;
      const word = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
      if (word) {
        if (start < 0) start = i;
      } else if (start >= 0) {
        each(this.findOrAdd(code, text, start, i, newTerm));
        count += 1;
        start = -1;
      }
    }
    return count;
  }

  private findOrAdd(field: number, text: string, start: number, end: number, newTerm: () => number): number {
    const found = this.find(field, text, start, end, true);
    if (found !== EMPTY) return found;
    const term = newTerm();
    if (term !== this.tokens.length) throw new Error('TermTable: term ids must be handed out in order.');
    const hash = hashOf(field, text, start, end);
    if (term === this.hashes.length) {
      const hashes = new Int32Array(term * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
      const fields = new Uint8Array(term * 2);
      fields.set(this.fields);
      this.fields = fields;
    }
    this.tokens.push(text.slice(start, end).toLowerCase());
    this.hashes[term] = hash;
    this.fields[term] = field;
    if (this.tokens.length * 2 > this.table.length) this.rehash();
    this.place(term, hash);
    return term;
  }

  /** The id of the token `text[start, end)` folded A–Z to a–z (when `fold`), or EMPTY. */
  private find(field: number, text: string, start: number, end: number, fold: boolean): number {
    const hash = hashOf(field, text, start, end);
    for (let at = hash & this.mask; ; at = (at + 1) & this.mask) {
      const term = this.table[at]!;
      if (term === EMPTY) return EMPTY;
      if (this.hashes[term] !== hash || this.fields[term] !== field) continue;
      const token = this.tokens[term]!;
      if (token.length !== end - start) continue;
      let same = true;
      for (let i = 0; i < token.length && same; i++) {
        let c = text.charCodeAt(start + i);
        if (fold && c >= 65 && c <= 90) c += 32;
        same = c === token.charCodeAt(i);
      }
      if (same) return term;
    }
  }

  private place(term: number, hash: number): void {
    let at = hash & this.mask;
    while (this.table[at] !== EMPTY) at = (at + 1) & this.mask;
    this.table[at] = term;
  }

  private rehash(): void {
    this.table = new Int32Array(this.table.length * 2).fill(EMPTY);
    this.mask = this.table.length - 1;
    for (let term = 0; term < this.tokens.length; term++) this.place(term, this.hashes[term]!);
  }
}

/** FNV-1a over the field and the token's characters, A–Z folded. */
function hashOf(field: number, text: string, start: number, end: number): number {
  let hash = Math.imul(0x811c9dc5 ^ field, 0x01000193);
  for (let i = start; i < end; i++) {
    let c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    hash = Math.imul(hash ^ c, 0x01000193);
  }
  return hash;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 128) return false;
  return true;
}
