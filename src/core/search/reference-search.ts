/**
 * The reference scorer: search as the query language defines it, written to be read rather than to
 * be fast. Every paper is looked at; nothing is pruned or estimated, and nothing is kept between
 * searches but each document's terms (reference-terms.ts). The in-memory index must give exactly
 * its answers (ids, order, scores and counts); the benchmark measures the index against it.
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
import type { Field, Query } from '../query/ast.js';
import { FIELD_COLUMNS, indexedDocument, type IndexedDocument } from '../query/document.js';
import { COLUMN_WEIGHTS } from '../query/ranking.js';
import { bm25Idf, bm25Term, upvoteBlend } from './bm25.js';
import { documentTerms, holdsTerm, phraseTerms, termNumber, type DocumentTerms, type PhraseTerms } from './reference-terms.js';

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
  /** n(field, term): how many documents hold `term` (a token as `termToken` maps it) in a column of `field`. */
  documentFrequency(field: Field, term: string): number;
}

/** A query as terms: its groups of phrases, and the phrases it excludes. */
interface QueryTerms {
  readonly all: readonly (readonly PhraseTerms[])[];
  readonly none: readonly PhraseTerms[];
}

export function referenceEntry(paper: Paper): ReferenceEntry {
  return { id: paper.id, upvotes: paper.upvotes, dailyDate: paper.dailyDate, document: indexedDocument(paper) };
}

/** Whether `document` matches `query` (a score needs the rest of the collection too). */
export function referenceMatches(document: IndexedDocument, query: Query): boolean {
  return matches(documentTerms(document), queryTerms(query));
}

/** The entry's score for `query` within `corpus`, or undefined when it does not match. */
export function referenceScore(entry: ReferenceEntry, query: Query, corpus: ReferenceCorpus): number | undefined {
  const document = documentTerms(entry.document);
  const terms = queryTerms(query);
  return matches(document, terms) ? score(document, entry.upvotes, terms, corpus) : undefined;
}

/** The statistics of `entries` as a collection; document frequencies are counted when first asked. */
export function referenceCorpus(entries: readonly ReferenceEntry[]): ReferenceCorpus {
  const documents = entries.map((entry) => documentTerms(entry.document));
  const tokens = documents.reduce((sum, document) => sum + document.length, 0);
  const frequencies = new Map<string, number>();
  return {
    documents: documents.length,
    averageLength: documents.length === 0 ? 0 : tokens / documents.length,
    documentFrequency(field, term) {
      const key = `${field}:${term}`;
      let n = frequencies.get(key);
      if (n === undefined) {
        const number = termNumber(term);
        n = documents.filter((document) => holdsTerm(document, field, number)).length;
        frequencies.set(key, n);
      }
      return n;
    },
  };
}

/** The ranked page of `entries` matching `query`, scored within `entries`, and how many match. */
export function referenceSearch(entries: readonly ReferenceEntry[], query: Query, page: { readonly limit: number; readonly offset: number }): ReferencePage {
  const corpus = referenceCorpus(entries);
  const terms = queryTerms(query);
  const scored: { readonly entry: ReferenceEntry; readonly score: number }[] = [];
  for (const entry of entries) {
    const document = documentTerms(entry.document);
    if (matches(document, terms)) scored.push({ entry, score: score(document, entry.upvotes, terms, corpus) });
  }
  scored.sort((a, b) => b.score - a.score || compareTies(a.entry, b.entry));
  const hits = scored.slice(page.offset, page.offset + page.limit).map(({ entry, score }) => ({ id: entry.id, score }));
  return { hits, total: scored.length };
}

/** Only after the documents it is tested against were read: a term none of them held yet is numbered as one no document holds. */
function queryTerms(query: Query): QueryTerms {
  return { all: query.all.map((group) => group.anyOf.map(phraseTerms)), none: query.none.map(phraseTerms) };
}

function matches(document: DocumentTerms, query: QueryTerms): boolean {
  return query.all.every((group) => group.some((phrase) => phraseMatches(document, phrase))) && !query.none.some((phrase) => phraseMatches(document, phrase));
}

function score(document: DocumentTerms, upvotes: number, query: QueryTerms, corpus: ReferenceCorpus): number {
  let sum = 0;
  for (const group of query.all) {
    for (const phrase of group) {
      if (!phraseMatches(document, phrase)) continue;
      for (const [i, term] of phrase.terms.entries()) {
        const idf = bm25Idf(corpus.documents, corpus.documentFrequency(phrase.field, term));
        sum += bm25Term(idf, weightedFrequency(document, phrase.field, phrase.numbers[i]!), document.length, corpus.averageLength);
      }
    }
  }
  return upvoteBlend(upvotes) * sum;
}

/** Whether some column of the phrase's field holds its terms consecutively. */
function phraseMatches(document: DocumentTerms, phrase: PhraseTerms): boolean {
  const run = phrase.numbers;
  // Most documents lack a word of the phrase: they are told apart without reading a column.
  if (!run.every((term) => holdsTerm(document, phrase.field, term))) return false;
  for (const column of FIELD_COLUMNS[phrase.field]) {
    const sequence = document.columns[column];
    for (let start = 0; start + run.length <= sequence.length; start++) {
      if (run.every((term, i) => sequence[start + i] === term)) return true;
    }
  }
  return false;
}

/** wf: each column's weight times the term's occurrences in it, over the columns of `field`. */
function weightedFrequency(document: DocumentTerms, field: Field, term: number): number {
  let frequency = 0;
  for (const column of FIELD_COLUMNS[field]) {
    for (const t of document.columns[column]) if (t === term) frequency += COLUMN_WEIGHTS[column];
  }
  return frequency;
}

/** Ties of score: more upvotes first, then the newer daily date (none last), then the id. */
export function compareTies(a: Pick<ReferenceEntry, 'id' | 'upvotes' | 'dailyDate'>, b: Pick<ReferenceEntry, 'id' | 'upvotes' | 'dailyDate'>): number {
  if (a.upvotes !== b.upvotes) return b.upvotes - a.upvotes;
  if (a.dailyDate !== b.dailyDate) {
    if (a.dailyDate === undefined) return 1;
    if (b.dailyDate === undefined) return -1;
    return a.dailyDate < b.dailyDate ? 1 : -1;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
