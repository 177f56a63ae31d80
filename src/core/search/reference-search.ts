/**
 * The reference scorer: search as the query language defines it, written to be read rather than to
 * be fast. Every paper is looked at; nothing is pruned, estimated or precomputed beyond each
 * document's terms. The in-memory index must give exactly its answers (ids, order, scores and
 * counts), and the benchmark measures the index against it.
 *
 * The definition, in full:
 * - A document is the six columns of `indexedDocument`, each tokenized with `tokenize` and each
 *   token mapped to its term with `termToken(field of the column, token)`: the English stem for the
 *   text columns, the folded token itself for `authors` and `org` (names do not stem).
 * - A phrase (field f, terms k1…kk) matches a document when one column of f holds k1…kk
 *   consecutively. So a phrase never runs from one column into the next, nor from one author into
 *   the next (the authors column has `AUTHOR_SEPARATOR` between names).
 * - A document matches a query when each group has a matching phrase and no excluded phrase matches.
 * - Its score is `upvoteBlend(upvotes) × S`, where S adds, group by group, phrase by phrase (only
 *   the phrases that match), token by token (a repeated token counts again), one bm25 term:
 *   `bm25Term(bm25Idf(N, n(f, k)), wf(f, k, d), D(d), avgdl)`. N is the number of documents,
 *   n(f, k) how many of them hold term k in a column of field f, wf the sum over the columns of f
 *   of the column's weight times the term's occurrences there, D the document's token count over
 *   all six columns and avgdl the mean of D.
 * - Order: score descending, then upvotes descending, then the newer daily date (none last), then
 *   the id ascending by code units.
 */
import type { Paper } from '../paper.js';
import type { Field, Phrase, Query } from '../query/ast.js';
import { FIELD_COLUMNS, indexedDocument, type IndexedColumn, type IndexedDocument } from '../query/document.js';
import { COLUMN_WEIGHTS } from '../query/ranking.js';
import { termToken } from '../query/stem.js';
import { tokenize } from '../query/tokenize.js';
import { lowerBound } from '../typed-arrays.js';
import { bm25Idf, bm25Term, upvoteBlend } from './bm25.js';

/** What the reference scorer needs of a paper (the shape of the index's entries). */
export interface ReferenceEntry {
  readonly id: string;
  readonly upvotes: number;
  readonly dailyDate?: string | undefined;
  readonly document: IndexedDocument;
}

export interface ReferenceHit {
  readonly id: string;
  readonly score: number;
}

export interface ReferencePage {
  readonly hits: ReferenceHit[];
  /** Matching documents in all. */
  readonly total: number;
}

/**
 * The collection a score is relative to. `referenceCorpus` counts it from the entries at hand; a
 * caller scoring a few papers against a larger collection (the index's) passes that one's numbers.
 */
export interface ReferenceCorpus {
  /** N: the number of documents. */
  readonly documents: number;
  /** avgdl: the mean token count of a document over its six columns. */
  readonly averageLength: number;
  /** n(field, term): how many documents hold `term` in at least one column of `field`. */
  documentFrequency(field: Field, term: string): number;
}

/** A document as the scorer sees it: each column's terms in order (by number, see `termNumber`), and its length in tokens. */
interface DocumentTerms {
  readonly columns: Readonly<Record<IndexedColumn, Int32Array>>;
  /** Each field's distinct terms, ascending: whether the document holds a term at all is a binary search, not a read of its text. */
  readonly distinct: Readonly<Record<Field, Int32Array>>;
  readonly length: number;
}

const FIELDS: readonly Field[] = ['text', 'author', 'org'];

export function referenceEntry(paper: Paper): ReferenceEntry {
  return { id: paper.id, upvotes: paper.upvotes, dailyDate: paper.dailyDate, document: indexedDocument(paper) };
}

/** Whether `document` matches `query` (a score of its own needs the rest of the collection). */
export function referenceMatches(document: IndexedDocument, query: Query): boolean {
  const terms = documentTerms(document);
  return query.all.every((group) => group.anyOf.some((phrase) => phraseMatches(terms, phrase))) && !query.none.some((phrase) => phraseMatches(terms, phrase));
}

/** The entry's score for `query` within `corpus`, or undefined when it does not match. */
export function referenceScore(entry: ReferenceEntry, query: Query, corpus: ReferenceCorpus): number | undefined {
  if (!referenceMatches(entry.document, query)) return undefined;
  const terms = documentTerms(entry.document);
  let sum = 0;
  for (const group of query.all) {
    for (const phrase of group.anyOf) {
      if (!phraseMatches(terms, phrase)) continue;
      for (const token of phrase.tokens) {
        const term = termToken(phrase.field, token);
        const idf = bm25Idf(corpus.documents, corpus.documentFrequency(phrase.field, term));
        sum += bm25Term(idf, weightedFrequency(terms, phrase.field, term), terms.length, corpus.averageLength);
      }
    }
  }
  return upvoteBlend(entry.upvotes) * sum;
}

/** The statistics of `entries` as a collection; document frequencies are counted when first asked. */
export function referenceCorpus(entries: readonly ReferenceEntry[]): ReferenceCorpus {
  let tokens = 0;
  for (const entry of entries) tokens += documentTerms(entry.document).length;
  const frequencies = new Map<string, number>();
  return {
    documents: entries.length,
    averageLength: entries.length === 0 ? 0 : tokens / entries.length,
    documentFrequency(field, term) {
      const key = `${field}:${term}`;
      let n = frequencies.get(key);
      if (n === undefined) {
        const run = [knownTerm(term)];
        n = 0;
        for (const entry of entries) if (holds(documentTerms(entry.document), field, run)) n += 1;
        frequencies.set(key, n);
      }
      return n;
    },
  };
}

/** The ranked page of `entries` matching `query`, scored within `entries`, and how many match. */
export function referenceSearch(entries: readonly ReferenceEntry[], query: Query, page: { readonly limit: number; readonly offset: number }): ReferencePage {
  const corpus = referenceCorpus(entries);
  const scored: { readonly entry: ReferenceEntry; readonly score: number }[] = [];
  for (const entry of entries) {
    const score = referenceScore(entry, query, corpus);
    if (score !== undefined) scored.push({ entry, score });
  }
  scored.sort((a, b) => b.score - a.score || compareEntries(a.entry, b.entry));
  const hits = scored.slice(page.offset, page.offset + page.limit).map(({ entry, score }) => ({ id: entry.id, score }));
  return { hits, total: scored.length };
}

/** Ties of score: more upvotes first, then the newer daily date (none last), then the id. */
function compareEntries(a: ReferenceEntry, b: ReferenceEntry): number {
  if (a.upvotes !== b.upvotes) return b.upvotes - a.upvotes;
  if (a.dailyDate !== b.dailyDate) {
    if (a.dailyDate === undefined) return 1;
    if (b.dailyDate === undefined) return -1;
    return a.dailyDate < b.dailyDate ? 1 : -1;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function phraseMatches(terms: DocumentTerms, phrase: Phrase): boolean {
  return holds(terms, phrase.field, phrase.tokens.map((token) => knownTerm(termToken(phrase.field, token))));
}

/** Whether some column of `field` holds the terms of `run` consecutively. */
function holds(terms: DocumentTerms, field: Field, run: readonly number[]): boolean {
  const distinct = terms.distinct[field];
  for (const term of run) if (distinct[lowerBound(distinct, term)] !== term) return false;
  if (run.length === 1) return true;
  for (const column of FIELD_COLUMNS[field]) {
    const sequence = terms.columns[column];
    for (let start = 0; start + run.length <= sequence.length; start++) {
      let i = 0;
      while (i < run.length && sequence[start + i] === run[i]) i++;
      if (i === run.length) return true;
    }
  }
  return false;
}

/** wf(field, term): each column's weight times the term's occurrences in it, over the field's columns. */
function weightedFrequency(terms: DocumentTerms, field: Field, term: string): number {
  const number = knownTerm(term);
  let frequency = 0;
  for (const column of FIELD_COLUMNS[field]) {
    for (const t of terms.columns[column]) if (t === number) frequency += COLUMN_WEIGHTS[column];
  }
  return frequency;
}

/**
 * Every term met in a document, numbered, so that a document is a few arrays of integers (a
 * tenth of the memory of strings, and compared many times faster), and each folded text token's
 * term, remembered (stemming is most of the cost of reading a document, and words repeat).
 */
const termNumbers = new Map<string, number>();
const textTerms = new Map<string, number>();
/** A term no document holds. */
const UNKNOWN = -1;

function termNumber(term: string): number {
  let number = termNumbers.get(term);
  if (number === undefined) {
    number = termNumbers.size;
    termNumbers.set(term, number);
  }
  return number;
}

function knownTerm(term: string): number {
  return termNumbers.get(term) ?? UNKNOWN;
}

function documentTermNumber(field: Field, token: string): number {
  if (field !== 'text') return termNumber(token);
  let number = textTerms.get(token);
  if (number === undefined) {
    number = termNumber(termToken(field, token));
    textTerms.set(token, number);
  }
  return number;
}

/** Each document's terms, kept while the document object lives: a search reads every document, and tokenizing is most of its cost. */
const termsOf = new WeakMap<IndexedDocument, DocumentTerms>();

function documentTerms(document: IndexedDocument): DocumentTerms {
  let terms = termsOf.get(document);
  if (!terms) {
    const columns = {} as Record<IndexedColumn, Int32Array>;
    const distinct = {} as Record<Field, Int32Array>;
    let length = 0;
    for (const field of FIELDS) {
      const all = new Set<number>();
      for (const column of FIELD_COLUMNS[field]) {
        columns[column] = Int32Array.from(tokenize(document[column]), (token) => documentTermNumber(field, token));
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
