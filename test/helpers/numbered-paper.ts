/** Paper `n` of a small replica scenario: ids `2606.0000n`, `n` upvotes, about sparse attention and its quadratic cost. */
import type { Paper } from '../../src/core/paper.js';

export function numberedPaper(n: number): Paper {
  return {
    id: `2606.${String(n).padStart(5, '0')}`,
    title: `Sparse attention ${n}`,
    summary: 'Long context without the quadratic cost.',
    aiKeywords: [],
    authors: ['Ada'],
    upvotes: n,
    numComments: 0,
    publishedAt: '2026-06-01T00:00:00.000Z',
    dailyDate: '2026-06-05',
  };
}
