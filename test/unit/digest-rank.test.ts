import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/core/paper.js';
import { rankPapers } from '../../src/core/digest/rank.js';

function paper(id: string, upvotes: number, dailyDate?: string, publishedAt = '2026-06-01T00:00:00.000Z'): Paper {
  return { id, title: id, summary: '', authors: [], upvotes, numComments: 0, aiKeywords: [], publishedAt, dailyDate };
}

describe('rankPapers', () => {
  it('puts the most upvoted first', () => {
    const ranked = rankPapers([paper('a', 3), paper('b', 40), paper('c', 12)]);
    expect(ranked.map((p) => p.id)).toEqual(['b', 'c', 'a']);
  });

  it('breaks ties by the newer daily date, then the newer arXiv time, then the id', () => {
    const ranked = rankPapers([
      paper('2606.00003', 5, '2026-06-01'),
      paper('2606.00009', 5, '2026-06-02', '2026-05-30T00:00:00Z'),
      paper('2606.00002', 5, '2026-06-02', '2026-05-31T00:00:00Z'),
      paper('2606.00001', 5, '2026-06-02', '2026-05-31T00:00:00Z'),
      paper('2606.00000', 5),
    ]);
    expect(ranked.map((p) => p.id)).toEqual(['2606.00001', '2606.00002', '2606.00009', '2606.00003', '2606.00000']);
  });

  it('leaves its input alone and gives the same order whatever order it gets', () => {
    const input = [paper('b', 1, '2026-06-01'), paper('a', 1, '2026-06-01'), paper('c', 2)];
    const before = input.map((p) => p.id);
    expect(rankPapers(input).map((p) => p.id)).toEqual(['c', 'a', 'b']);
    expect(rankPapers([...input].reverse()).map((p) => p.id)).toEqual(['c', 'a', 'b']);
    expect(input.map((p) => p.id)).toEqual(before);
  });
});
