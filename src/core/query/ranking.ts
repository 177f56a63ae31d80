/**
 * How search ranks, in one place: the FTS5 query in src/store and the in-memory index in
 * src/core/search both score with these. See docs/decisions/0002-fts5-search.md.
 */
import type { IndexedColumn } from './document.js';

/** bm25 weight of each indexed column: a title hit counts most, the long abstract least. */
export const COLUMN_WEIGHTS: Readonly<Record<IndexedColumn, number>> = {
  title: 10,
  keywords: 5,
  aiSummary: 3,
  abstract: 1,
  authors: 2,
  org: 2,
};

/** How much upvotes lift relevance: score = relevance × (1 + UPVOTE_BLEND · ln(1 + upvotes)). */
export const UPVOTE_BLEND = 0.15;
