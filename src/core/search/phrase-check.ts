/**
 * The exact check of one document against a query with multi-word phrases, from its forward
 * stream (forward-store.ts): which phrases stand in it word by word within one column, whether it
 * matches, and its score summed as the search semantics say (group by group, each matching phrase
 * word by word). Postings found the candidate; this decides it.
 */
import { INDEXED_COLUMNS } from '../query/document.js';
import { COLUMN_WEIGHTS } from '../query/ranking.js';
import { bm25Term } from './bm25.js';
import type { ExactQuery, PhraseTerms } from './query-plan.js';
import { grown } from '../typed-arrays.js';

const WEIGHTS = Float64Array.from(INDEXED_COLUMNS, (c) => COLUMN_WEIGHTS[c]);
/** Between columns in `tokens`: no phrase spans it. */
export const BREAK = -1;

/**
 * A multi-word phrase as the bytes its terms make in a stream: found there (at a varint's start)
 * exactly when its terms stand in a row within one column, since a column break is a 0 byte that
 * no term's varint holds. Finding it with `Buffer#indexOf` decides most candidates (the ones whose
 * words are all there, but apart) without decoding their streams.
 */
function phraseBytes(phrase: PhraseTerms): Buffer | undefined {
  if (phrase.length < 2 || phrase.includes(-1)) return undefined;
  const writer = new StreamWriter();
  for (const term of phrase) writer.term(term);
  return Buffer.from(writer.view());
}

/** Whether `pattern` occurs in `stream` starting at a varint's first byte. */
function holdsBytes(stream: Buffer, pattern: Buffer): boolean {
  for (let at = stream.indexOf(pattern); at >= 0; at = stream.indexOf(pattern, at + 1)) {
    if (at === 0 || stream[at - 1]! < 0x80) return true;
  }
  return false;
}

/** Reused across documents and queries; one check runs at a time. */
export class PhraseCheck {
  private tokens = new Int32Array(1024);
  private count = 0;
  /** Per term, its place in the query's `terms` + 1 (0: not in the query). */
  private place = new Int32Array(1024);
  private freqs = new Float64Array(16);
  private query: ExactQuery | undefined;
  private idf = new Float64Array(16);
  /** Per group whose every alternative is a multi-word phrase: their bytes (one must be found). */
  private required: Buffer[][] = [];
  /** The multi-word exclusions' bytes (none may be found). */
  private excluded: Buffer[] = [];

  /** Readies the check for `query`, with each of its terms' idf. */
  begin(query: ExactQuery, idfOf: (term: number) => number): void {
    this.end();
    const { terms } = query;
    if (this.freqs.length < terms.length) {
      this.freqs = new Float64Array(terms.length);
      this.idf = new Float64Array(terms.length);
    }
    for (let i = 0; i < terms.length; i++) {
      const term = terms[i]!;
      if (term >= this.place.length) this.place = grown(this.place, term + 1);
      this.place[term] = i + 1;
      this.idf[i] = idfOf(term);
    }
    this.query = query;
    this.required = query.groups.flatMap((group) => {
      const bytes = group.map(phraseBytes);
      return bytes.every((b) => b !== undefined) ? [bytes as Buffer[]] : [];
    });
    this.excluded = query.none.flatMap((phrase) => phraseBytes(phrase) ?? []);
  }

  /** Clears the marks `begin` set. */
  end(): void {
    if (this.query) for (const term of this.query.terms) this.place[term] = 0;
    this.query = undefined;
  }

  /**
   * The document's score before the upvote factor, or −1 when it does not match. `stream` is its
   * forward stream; `length` and `averageLength` its token count and the index's mean.
   */
  score(stream: Uint8Array, length: number, averageLength: number): number {
    const query = this.query!;
    if (!this.holdsBytes(stream)) return -1;
    this.read(stream, query.terms.length);
    for (const phrase of query.none) if (this.holds(phrase)) return -1;
    let sum = 0;
    for (const group of query.groups) {
      let any = false;
      for (const phrase of group) {
        if (!this.holds(phrase)) continue;
        any = true;
        for (const term of phrase) {
          const at = this.place[term]! - 1;
          sum += bm25Term(this.idf[at]!, this.freqs[at]!, length, averageLength);
        }
      }
      if (!any) return -1;
    }
    return sum;
  }

  /**
   * Whether the stream holds one of the multi-word phrases of each group made only of those, and
   * none of the excluded multi-word phrases: the whole decision for a document that holds every
   * one-word group and no excluded word when no group has alternatives (`Plan.byBytes`).
   */
  holdsBytes(stream: Uint8Array): boolean {
    const bytes = Buffer.from(stream.buffer, stream.byteOffset, stream.length);
    for (const alternatives of this.required) if (!alternatives.some((pattern) => holdsBytes(bytes, pattern))) return false;
    for (const pattern of this.excluded) if (holdsBytes(bytes, pattern)) return false;
    return true;
  }

  /** Decodes the stream into `tokens` (BREAK between columns) and sums the query's terms' weighted frequencies. */
  private read(stream: Uint8Array, terms: number): void {
    this.freqs.fill(0, 0, terms);
    if (this.tokens.length < stream.length + 1) this.tokens = new Int32Array(stream.length * 2);
    const { tokens, place, freqs } = this;
    this.count = decodeStream(stream, tokens);
    let column = 0;
    for (let i = 0; i < this.count; i++) {
      const term = tokens[i]!;
      if (term === BREAK) {
        column += 1;
        continue;
      }
      const at = term < place.length ? place[term]! : 0;
      if (at > 0) freqs[at - 1]! += WEIGHTS[column]!;
    }
  }

  /** Whether the phrase's terms stand in a row within one column. */
  private holds(phrase: PhraseTerms): boolean {
    const first = phrase[0]!;
    if (first < 0) return false;
    if (this.freqs[this.place[first]! - 1] === 0) return false;
    if (phrase.length === 1) return true;
    // A word no document holds; and −1 would match a column break below.
    if (phrase.includes(-1)) return false;
    const { tokens, count } = this;
    const last = count - phrase.length;
    for (let i = 0; i <= last; i++) {
      if (tokens[i] !== first) continue;
      let j = 1;
      while (j < phrase.length && tokens[i + j] === phrase[j]) j++;
      if (j === phrase.length) return true;
    }
    return false;
  }
}

/** Encodes terms as the forward stream's varints (term + 1; `endColumn` writes the 0). */
export class StreamWriter {
  private bytes = new Uint8Array(2048);
  private used = 0;

  term(term: number): void {
    this.varint(term + 1);
  }

  endColumn(): void {
    this.varint(0);
  }

  /** The stream so far, valid until the next `reset`. */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.used);
  }

  reset(): void {
    this.used = 0;
  }

  private varint(value: number): void {
    if (this.used + 5 > this.bytes.length) this.bytes = grown(this.bytes, this.used + 5);
    while (value >= 0x80) {
      this.bytes[this.used++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    this.bytes[this.used++] = value;
  }
}

/** Decodes a forward stream into `into` (long enough: a token per byte at most), BREAK between columns; returns how many. */
export function decodeStream(stream: Uint8Array, into: Int32Array): number {
  let n = 0;
  for (let i = 0; i < stream.length; ) {
    let byte = stream[i++]!;
    let value = byte & 0x7f;
    // A term + 1 is below 2^31 (it is stored in an Int32Array), so integer shifts hold it.
    for (let shift = 7; byte >= 0x80; shift += 7) {
      byte = stream[i++]!;
      value |= (byte & 0x7f) << shift;
    }
    into[n++] = value - 1;
  }
  return n;
}

/** The distinct terms of a forward stream (for taking a retired document out of the frequencies). */
export function streamTerms(stream: Uint8Array): Set<number> {
  const tokens = new Int32Array(stream.length);
  const n = decodeStream(stream, tokens);
  const out = new Set<number>();
  for (let i = 0; i < n; i++) if (tokens[i] !== BREAK) out.add(tokens[i]!);
  return out;
}
