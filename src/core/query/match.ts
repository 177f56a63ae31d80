/**
 * Whether a paper matches a query, read plainly: each column tokenized, each token as its term
 * (`termToken`: a word's stem, a name as folded), a phrase's terms consecutive inside one column.
 * A digest's topic filter uses it on a day's papers; test/unit/topic-equivalence.test.ts proves it,
 * the topic index alerts go through, and search all find the same papers.
 */
import type { Paper } from '../paper.js';
import type { Field, Phrase, Query } from './ast.js';
import { FIELD_COLUMNS, indexedDocument } from './document.js';
import { termToken } from './stem.js';
import { tokenize } from './tokenize.js';

/** A paper's terms, per query field: every term (for quick rejection) and each column's sequence. */
export interface PreparedDocument {
  readonly fields: Readonly<Record<Field, PreparedField>>;
}

export interface PreparedField {
  readonly tokens: ReadonlySet<string>;
  readonly columns: readonly (readonly string[])[];
}

const FIELDS: readonly Field[] = ['text', 'author', 'org'];
const prepared = new WeakMap<Paper, PreparedDocument>();

/** Tokenizes a paper once; later calls with the same object reuse the result. */
export function prepareDocument(paper: Paper): PreparedDocument {
  const cached = prepared.get(paper);
  if (cached) return cached;
  const doc = indexedDocument(paper);
  const fields = {} as Record<Field, PreparedField>;
  for (const field of FIELDS) {
    const columns = FIELD_COLUMNS[field].map((column) => tokenize(doc[column]).map((token) => termToken(field, token)));
    fields[field] = { tokens: new Set(columns.flat()), columns };
  }
  const result: PreparedDocument = { fields };
  prepared.set(paper, result);
  return result;
}

export function phraseMatches(phrase: Phrase, doc: PreparedDocument): boolean {
  const field = doc.fields[phrase.field];
  const tokens = phrase.tokens.map((token) => termToken(phrase.field, token));
  if (tokens.length === 0) return false;
  for (const token of tokens) if (!field.tokens.has(token)) return false;
  if (tokens.length === 1) return true;
  for (const column of field.columns) if (containsRun(column, tokens)) return true;
  return false;
}

function containsRun(column: readonly string[], run: readonly string[]): boolean {
  const first = run[0];
  const last = column.length - run.length;
  outer: for (let i = column.indexOf(first!); i !== -1 && i <= last; i = column.indexOf(first!, i + 1)) {
    for (let j = 1; j < run.length; j++) if (column[i + j] !== run[j]) continue outer;
    return true;
  }
  return false;
}

/** Like `createMatcher`, for callers that already hold a prepared document. */
export function createDocumentMatcher(query: Query): (doc: PreparedDocument) => boolean {
  const groups = query.all.map((group) => group.anyOf);
  const none = query.none;
  return (doc) => {
    for (const group of groups) {
      let found = false;
      for (const phrase of group) {
        if (phraseMatches(phrase, doc)) {
          found = true;
          break;
        }
      }
      if (!found) return false;
    }
    for (const phrase of none) if (phraseMatches(phrase, doc)) return false;
    return true;
  };
}

export function createMatcher(query: Query): (paper: Paper) => boolean {
  const match = createDocumentMatcher(query);
  return (paper) => match(prepareDocument(paper));
}

export function matches(query: Query, paper: Paper): boolean {
  return createDocumentMatcher(query)(prepareDocument(paper));
}
