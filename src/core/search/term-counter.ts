import type { Field } from '../query/ast.js';
import type { TermKeys } from '../query/term-keys.js';
import type { TokenSink } from '../query/token-keys.js';
import { grown } from '../typed-arrays.js';
import { StreamWriter } from './phrase-check.js';
import type { PostingStore } from './postings.js';

/**
 * Tallies one document's weighted term frequencies as its columns' tokens come (a term's key is
 * also the number of its posting list), and writes its forward stream.
 */
export class TermCounter implements TokenSink {
  tokens = 0;
  readonly stream = new StreamWriter();
  private field: Field = 'text';
  private text = '';
  private weight = 0;
  private frequency = new Int32Array(1024);
  private readonly touched: number[] = [];

  constructor(
    private readonly keys: TermKeys,
    private readonly postings: PostingStore,
  ) {}

  start(field: Field, text: string, weight: number): void {
    this.field = field;
    this.text = text;
    this.weight = weight;
  }

  ascii(start: number, end: number, hash: number): void {
    this.tally(this.keys.ofAscii(this.field, this.text, start, end, hash));
  }

  other(token: string): void {
    this.tally(this.keys.ofToken(this.field, token));
  }

  /** Hands over each touched term with its frequency, and clears them for the next document. */
  drain(each: (term: number, freq: number) => void): void {
    for (const term of this.touched) {
      each(term, this.frequency[term]!);
      this.frequency[term] = 0;
    }
    this.touched.length = 0;
  }

  /** Counts a token towards the document's length and its term, and writes it to the stream. */
  private tally(term: number): void {
    while (this.postings.terms <= term) this.postings.newTerm();
    if (term >= this.frequency.length) this.frequency = grown(this.frequency, term + 1);
    this.tokens += 1;
    this.stream.term(term);
    if (this.frequency[term] === 0) this.touched.push(term);
    this.frequency[term]! += this.weight;
  }
}
