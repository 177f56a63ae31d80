/**
 * Documents and phrases as the reference scorer (reference-search.ts) reads them: each column of
 * `indexedDocument` tokenized with `tokenize`, each token mapped to its term with `termToken` (the
 * English stem in text columns, the folded token itself in `authors` and `org`), and each term
 * given a number, so that a document is a few arrays of integers: a fraction of the memory of
 * strings, and compared many times faster, which a scorer that reads every paper for every query
 * needs on a large collection.
 */
import type { Field, Phrase } from '../query/ast.js';
import { FIELD_COLUMNS, type IndexedColumn, type IndexedDocument } from '../query/document.js';
import { termToken } from '../query/stem.js';
import { tokenize } from '../query/tokenize.js';
import { lowerBound } from '../typed-arrays.js';

export const FIELDS: readonly Field[] = ['text', 'author', 'org'];

/** A document's terms: each column's in order, and its length in tokens over all six columns. */
export interface DocumentTerms {
  readonly columns: Readonly<Record<IndexedColumn, Int32Array>>;
  /** Each field's distinct terms, ascending: whether the document holds a term at all is a binary search, not a read of its text. */
  readonly distinct: Readonly<Record<Field, Int32Array>>;
  readonly length: number;
}

/** A phrase's terms, as text (the collection's document frequencies are asked by text) and as numbers. */
export interface PhraseTerms {
  readonly field: Field;
  readonly terms: readonly string[];
  readonly numbers: readonly number[];
}

/** The number of a term no document holds. */
const UNKNOWN = -1;
/** Every term of every document read, numbered; it grows with their vocabulary, as the index's key table does. */
const termNumbers = new Map<string, number>();
/** Each folded text token's stem, remembered: stemming is most of the cost of reading a document, and words repeat. */
const stems = new Map<string, string>();
/** Each document's terms, kept while the document object lives: a search reads every document. */
const termsOf = new WeakMap<IndexedDocument, DocumentTerms>();

/** `termToken`, remembered. */
export function termOf(field: Field, token: string): string {
  if (field !== 'text') return token;
  let term = stems.get(token);
  if (term === undefined) {
    term = termToken(field, token);
    stems.set(token, term);
  }
  return term;
}

/** The number of a term some document holds; `UNKNOWN` (equal to no document's term) for any other. */
export function termNumber(term: string): number {
  return termNumbers.get(term) ?? UNKNOWN;
}

function numberTerm(term: string): number {
  let number = termNumbers.get(term);
  if (number === undefined) {
    number = termNumbers.size;
    termNumbers.set(term, number);
  }
  return number;
}

export function phraseTerms(phrase: Phrase): PhraseTerms {
  const terms = phrase.tokens.map((token) => termOf(phrase.field, token));
  return { field: phrase.field, terms, numbers: terms.map(termNumber) };
}

export function documentTerms(document: IndexedDocument): DocumentTerms {
  let terms = termsOf.get(document);
  if (!terms) {
    const columns = {} as Record<IndexedColumn, Int32Array>;
    const distinct = {} as Record<Field, Int32Array>;
    let length = 0;
    for (const field of FIELDS) {
      const all = new Set<number>();
      for (const column of FIELD_COLUMNS[field]) {
        columns[column] = Int32Array.from(tokenize(document[column]), (token) => numberTerm(termOf(field, token)));
        length += columns[column].length;
        for (const term of columns[column]) all.add(term);
      }
      distinct[field] = Int32Array.from(all).sort();
    }
    terms = { columns, distinct, length };
    termsOf.set(document, terms);
  }
  return terms;
}

/** Whether the document holds `term` in some column of `field`. */
export function holdsTerm(document: DocumentTerms, field: Field, term: number): boolean {
  const distinct = document.distinct[field];
  return distinct[lowerBound(distinct, term)] === term;
}
