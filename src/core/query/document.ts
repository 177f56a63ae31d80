/**
 * The text of a paper as the search index sees it, one string per indexed column. The store writes
 * exactly these strings (the papers table's fts_* columns) and every search path reads exactly
 * these, so all see the same tokens.
 */
import type { Paper } from '../paper.js';
import type { Field } from './ast.js';

/**
 * Written between author names so that a phrase cannot span two people ("Tri" + "Dao" from
 * "Jane Tri", "Dao Smith"). It is a token of its own; the parser drops it from queries.
 */
export const AUTHOR_SEPARATOR = 'xxauthorxx';

export interface IndexedDocument {
  readonly title: string;
  readonly keywords: string;
  readonly aiSummary: string;
  readonly abstract: string;
  readonly authors: string;
  readonly org: string;
}

/** Column order: of the forward streams and of the bm25 weights. */
export const INDEXED_COLUMNS = ['title', 'keywords', 'aiSummary', 'abstract', 'authors', 'org'] as const;
export type IndexedColumn = (typeof INDEXED_COLUMNS)[number];

/** Which columns each query field looks in. */
export const FIELD_COLUMNS: Readonly<Record<Field, readonly IndexedColumn[]>> = {
  text: ['title', 'keywords', 'aiSummary', 'abstract'],
  author: ['authors'],
  org: ['org'],
};

export function indexedDocument(paper: Paper): IndexedDocument {
  const org = paper.organization;
  return {
    title: paper.title,
    keywords: paper.aiKeywords.join(' ; '),
    aiSummary: paper.aiSummary ?? '',
    abstract: paper.summary,
    authors: paper.authors.join(` ${AUTHOR_SEPARATOR} `),
    org: org ? [org.name, org.fullname ?? ''].join(' ; ').trim() : '',
  };
}
