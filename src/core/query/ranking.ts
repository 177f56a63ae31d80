/**
 * How search ranks, in one place: the search index and the reference scorer in src/core/search
 * both score with these. See docs/decisions/0011-search-engine-of-record.md.
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
