import type { Paper } from '../paper.js';

/** Most upvoted first; ties go to the newer paper (daily date, then arXiv time), then the lower id, so order is stable. */
export function rankPapers<P extends Paper>(papers: readonly P[]): P[] {
  return [...papers].sort(comparePapers);
}

export function comparePapers(a: Paper, b: Paper): number {
  return (
    b.upvotes - a.upvotes ||
    compareText(b.dailyDate ?? '', a.dailyDate ?? '') ||
    compareText(b.publishedAt, a.publishedAt) ||
    compareText(a.id, b.id)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
