/**
 * bm25, term by term, and the blend with upvotes: the arithmetic every search path shares (the
 * index, the reference scorer), in one order of operations, so that they agree to the last bit.
 * k1 = 1.2, b = 0.75; per term idf = ln((N − n + 0.5) / (n + 0.5)), floored at 1e-6; the term's
 * frequency in a paper is the sum of the column weights of its occurrences; D is the paper's token
 * count over all columns and avgdl the mean of D. (The formula is FTS5's, which search used first;
 * docs/decisions/0011-search-engine-of-record.md.)
 */
import { UPVOTE_BLEND } from '../query/ranking.js';
import { exactLog } from './exact-log.js';

const K1 = 1.2;
const B = 0.75;

export function bm25Idf(rows: number, hits: number): number {
  const idf = exactLog((rows - hits + 0.5) / (hits + 0.5));
  return idf <= 0.0 ? 1e-6 : idf;
}

/** One phrase's share of the score: `aIDF[i] * ((aFreq[i] * (k1 + 1.0)) / (aFreq[i] + k1 * (1 - b + b * D / avgdl)))`. */
export function bm25Term(idf: number, frequency: number, length: number, averageLength: number): number {
  return idf * ((frequency * (K1 + 1.0)) / (frequency + K1 * (1 - B + (B * length) / averageLength)));
}

/** `(1 + 0.15 * ln(1 + max(upvotes, 0)))`, the factor the store multiplies relevance by. */
export function upvoteBlend(upvotes: number): number {
  return 1 + UPVOTE_BLEND * exactLog(1 + Math.max(upvotes, 0));
}
