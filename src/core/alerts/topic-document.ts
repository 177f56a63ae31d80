/**
 * A paper as the topic index reads it: the (field, token) keys it holds, stamped with the current
 * document's generation so presence is one array compare, and its columns as one sequence of keys
 * (−1 for tokens no topic mentions and between columns, so no run spans two columns) with, per
 * key, a chain of the places it occurs, so a multi-word phrase is checked where its first word is
 * rather than by a scan of the whole text. Tokens are exactly those of `tokenize` over the
 * columns of `indexedDocument`, as terms (`termToken`): the search index reads the same.
 */
import type { Paper } from '../paper.js';
import type { Field } from '../query/ast.js';
import { FIELD_COLUMNS, INDEXED_COLUMNS, indexedDocument, type IndexedColumn } from '../query/document.js';
import { forEachToken, type TokenSink } from '../query/token-keys.js';
import { termToken } from '../query/stem.js';
import { createTermKeys, type TermKeys } from '../query/term-keys.js';
import { grown } from '../typed-arrays.js';

/** A key every document holds: topics with no AND group are filed under it. */
export const ALWAYS = 0;

export interface KeyedDocument {
  /** The key of a (field, token)'s term (a word's stem, a name as folded), made on first use. */
  keyOf(field: Field, token: string): number;
  /** Makes `paper` the current document; returns its generation, which grows but for a wrap (back to 1), when marks kept elsewhere must be cleared. */
  load(paper: Paper): number;
  /** The distinct keys of the current document, `ALWAYS` first; `presentCount` of them are valid. */
  readonly present: Int32Array;
  readonly presentCount: number;
  /** Per key, the generation of the last document holding it: a key is present when its stamp is the current generation. */
  readonly stamp: Int32Array;
  has(key: number): boolean;
  /** Whether `keys[at…at+count)` occur consecutively within one column of the current document. */
  hasRun(keys: Int32Array, at: number, count: number): boolean;
}

const COLUMNS: readonly { readonly column: IndexedColumn; readonly field: Field }[] = INDEXED_COLUMNS.map((column) => ({
  column,
  field: (Object.keys(FIELD_COLUMNS) as Field[]).find((field) => FIELD_COLUMNS[field].includes(column))!,
}));

/** Word forms remembered with their stems; a matcher that runs for years reads new words every day. */
const SURFACE_LIMIT = 200_000;

/** Generations stay small integers (fast compares); at this one the stamps are cleared and counting restarts. */
const LAST_GENERATION = 0x3fffffff;

/** `lastGeneration` is there for tests, to reach the wrap quickly. */
export function createKeyedDocument(lastGeneration = LAST_GENERATION): KeyedDocument {
  return new KeyStampedDocument(lastGeneration);
}

/** A class (not closures) so that every index shares one compiled copy of this hot code. */
class KeyStampedDocument implements KeyedDocument, TokenSink {
  private readonly table: TermKeys = createTermKeys({ first: ALWAYS + 1, makeKeys: false, surfaceLimit: SURFACE_LIMIT });
  /** Per key: the generation of the last document holding it, and (once chained) its first place in `sequence`. */
  stamp = new Int32Array(1024);
  private head = new Int32Array(1024);
  present = new Int32Array(1024);
  presentCount = 0;
  private generation = 0;
  private sequence = new Int32Array(4096);
  private sequenceLength = 0;
  /** Per place in `sequence`: the next place holding the same key, or −1. */
  private next = new Int32Array(4096);
  private chained = false;
  /** The column being read. */
  private field: Field = 'text';
  private text = '';

  constructor(private readonly lastGeneration: number) {}

  keyOf(field: Field, token: string): number {
    const key = this.table.keyOfTerm(field, termToken(field, token));
    if (key >= this.stamp.length) {
      this.stamp = grown(this.stamp, key + 1);
      this.head = grown(this.head, key + 1);
      this.present = grown(this.present, key + 1);
    }
    return key;
  }

  load(paper: Paper): number {
    this.generation += 1;
    if (this.generation === this.lastGeneration) {
      this.stamp.fill(0);
      this.generation = 1;
    }
    this.chained = false;
    this.sequenceLength = 0;
    this.stamp[ALWAYS] = this.generation;
    this.present[0] = ALWAYS;
    this.presentCount = 1;
    const doc = indexedDocument(paper);
    for (const column of COLUMNS) {
      const text = doc[column.column];
      if (text === '') continue;
      this.field = column.field;
      this.text = text;
      forEachToken(text, this);
      this.add(-1);
    }
    this.text = '';
    return this.generation;
  }

  ascii(start: number, end: number, hash: number): void {
    this.add(this.table.ofAscii(this.field, this.text, start, end, hash));
  }

  other(token: string): void {
    this.add(this.table.ofToken(this.field, token));
  }

  has(key: number): boolean {
    return this.stamp[key] === this.generation;
  }

  hasRun(keys: Int32Array, at: number, count: number): boolean {
    const { stamp, generation } = this;
    for (let j = 0; j < count; j++) if (stamp[keys[at + j]!] !== generation) return false;
    if (!this.chained) this.chain();
    const { head, next, sequence } = this;
    // The run ends before the next −1 at the latest, so `i + j` stays inside the sequence.
    for (let i = head[keys[at]!]!; i >= 0; i = next[i]!) {
      let j = 1;
      while (j < count && sequence[i + j] === keys[at + j]) j++;
      if (j === count) return true;
    }
    return false;
  }

  private add(key: number): void {
    if (this.sequenceLength === this.sequence.length) this.sequence = grown(this.sequence, this.sequenceLength + 1);
    this.sequence[this.sequenceLength++] = key;
    if (key >= 0 && this.stamp[key] !== this.generation) {
      this.stamp[key] = this.generation;
      this.present[this.presentCount++] = key;
    }
  }

  private chain(): void {
    const { present, presentCount, head, sequence, sequenceLength } = this;
    for (let k = 0; k < presentCount; k++) head[present[k]!] = -1;
    if (this.next.length < sequenceLength) this.next = new Int32Array(sequence.length);
    const next = this.next;
    for (let i = sequenceLength - 1; i >= 0; i--) {
      const key = sequence[i]!;
      if (key < 0) continue;
      next[i] = head[key]!;
      head[key] = i;
    }
    this.chained = true;
  }
}
