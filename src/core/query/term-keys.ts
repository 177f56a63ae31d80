/**
 * Surface tokens to term keys. A term is what a token is matched as (`termToken`: the stem of a
 * word, a name as folded), and the table of terms is what the search index and the topic matcher
 * number their lists and programs by. Stemming costs far more than a table probe, so each surface
 * form seen is remembered with its term: a known form (most tokens of a paper) costs one probe of
 * the surface table, hashed in place, and only a new one is sliced out and stemmed.
 */
import type { Field } from './ast.js';
import { termToken } from './stem.js';
import { createKeyTable, type KeyTable } from './token-keys.js';
import { grown } from '../typed-arrays.js';

export interface TermKeys {
  /** Terms known so far (keys run from `first` to `first + size`). */
  readonly size: number;
  /** The key of a term (already `termToken`'d), made on first use. */
  keyOfTerm(field: Field, term: string): number;
  /** The key of a term, or −1. */
  findTerm(field: Field, term: string): number;
  /** The key of a folded surface token's term: made on first use when the table makes keys, else −1 for a term not in it. */
  ofToken(field: Field, token: string): number;
  /** `ofToken` of `text[start…end)` lowercased, an ASCII run whose `asciiHash` is `hash`. */
  ofAscii(field: Field, text: string, start: number, end: number, hash: number): number;
  /**
   * Lets go of the remembered surface forms (their terms stay); a table does it by itself when it
   * holds `surfaceLimit` of them, and `limit` sets a new one from now on.
   */
  forgetSurfaces(limit?: number): void;
  /** Lets go of the room kept for terms to come (a built index adds few). */
  trim(): void;
  /** Bytes of the term table and the remembered surface forms. */
  heapBytes(): number;
  /** The field and text of a term's key (the text is the term: a stem, or a name as folded). */
  term(key: number): { readonly field: Field; readonly token: string };
}

export interface TermKeysOptions {
  /** The first key. */
  readonly first: number;
  /** Whether a surface token of an unknown term makes its key (the search index) or answers −1 (the topic matcher). */
  readonly makeKeys: boolean;
  /** Surface forms remembered before they are let go of and learnt again (bounds a long-running matcher's memory). */
  readonly surfaceLimit?: number;
}

export function createTermKeys(options: TermKeysOptions): TermKeys {
  return new StemmedTermKeys(options.first, options.makeKeys, options.surfaceLimit ?? Infinity);
}

/** A class (not closures) so that the index and the matcher share one compiled copy of this hot code. */
class StemmedTermKeys implements TermKeys {
  private readonly terms: KeyTable;
  private surfaces: KeyTable = createKeyTable(0);
  /** Per surface key, its term's key (−1: no such term, when the table does not make keys). */
  private termOfSurface = new Int32Array(1024);

  constructor(
    first: number,
    private readonly makeKeys: boolean,
    private surfaceLimit: number,
  ) {
    this.terms = createKeyTable(first);
  }

  get size(): number {
    return this.terms.size;
  }

  keyOfTerm(field: Field, term: string): number {
    const before = this.terms.size;
    const key = this.terms.keyOf(field, term);
    // Surface forms remembered as "no such term" may have this one now.
    if (!this.makeKeys && this.terms.size !== before) this.forgetSurfaces();
    return key;
  }

  findTerm(field: Field, term: string): number {
    return this.terms.find(field, term);
  }

  ofToken(field: Field, token: string): number {
    const surface = this.surfaces.find(field, token);
    return surface >= 0 ? this.termOfSurface[surface]! : this.learn(field, token);
  }

  ofAscii(field: Field, text: string, start: number, end: number, hash: number): number {
    const surface = this.surfaces.findAscii(field, text, start, end, hash);
    return surface >= 0 ? this.termOfSurface[surface]! : this.learn(field, text.slice(start, end).toLowerCase());
  }

  forgetSurfaces(limit = this.surfaceLimit): void {
    this.surfaceLimit = limit;
    this.surfaces = createKeyTable(0);
    this.termOfSurface = new Int32Array(1024);
  }

  trim(): void {
    this.terms.trim();
  }

  heapBytes(): number {
    return this.terms.heapBytes() + this.surfaces.heapBytes() + this.termOfSurface.byteLength;
  }

  term(key: number): { readonly field: Field; readonly token: string } {
    return this.terms.entry(key);
  }

  private learn(field: Field, token: string): number {
    const term = termToken(field, token);
    const key = this.makeKeys ? this.terms.keyOf(field, term) : this.terms.find(field, term);
    if (this.surfaces.size >= this.surfaceLimit) this.forgetSurfaces();
    const surface = this.surfaces.keyOf(field, token);
    if (surface >= this.termOfSurface.length) this.termOfSurface = grown(this.termOfSurface, surface + 1);
    this.termOfSurface[surface] = key;
    return key;
  }
}
