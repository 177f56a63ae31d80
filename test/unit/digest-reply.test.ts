import { describe, expect, it } from 'vitest';
import type { DigestResult } from '../../src/core/digest/build-digest.js';
import { dateLabel, digestReply } from '../../src/core/digest/digest-reply.js';
import type { Block } from '../../src/core/message.js';
import type { Paper } from '../../src/core/paper.js';

function paper(id: string, upvotes: number): Paper {
  return { id, title: `Paper ${id}`, summary: '', authors: [], upvotes, numComments: 0, aiKeywords: [], publishedAt: '2026-06-01' };
}

const result = (fields: Partial<DigestResult>): DigestResult => ({ dates: ['2026-06-03'], papers: [], considered: 0, ...fields });
const texts = (blocks: readonly Block[]) => blocks.map((b) => ('text' in b ? b.text : b.type));

describe('digestReply', () => {
  it('is a public message: heading with the day, the ranked papers, a count', () => {
    const reply = digestReply(
      result({ papers: [paper('a', 9), paper('b', 4)], considered: 37, coveredUntil: '2026-06-03' }),
    );
    expect(reply?.visibility).toBe('public');
    expect(texts(reply!.blocks)).toEqual(['Daily Papers · Wed 3 Jun 2026', 'papers', '2 of 37 papers · huggingface.co/papers']);
    const block = reply!.blocks[1];
    expect(block?.type === 'papers' && block.detail).toBe('brief');
    expect(block?.type === 'papers' && block.items.map((i) => [i.rank, i.paper.id])).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
  });

  it('says just the count when every paper is shown', () => {
    expect(texts(digestReply(result({ papers: [paper('a', 1)], considered: 1 }))!.blocks)[2]).toBe(
      '1 paper · huggingface.co/papers',
    );
  });

  it('names a range of days in the heading', () => {
    const reply = digestReply(result({ dates: ['2026-06-01', '2026-06-03'], papers: [paper('a', 1)], considered: 1 }));
    expect(texts(reply!.blocks)[0]).toBe('Daily Papers · Mon 1 – Wed 3 Jun 2026');
  });

  it('posts nothing when there is nothing new, unless asked to say so', () => {
    expect(digestReply(result({}))).toBeUndefined();
    expect(texts(digestReply(result({}), { emptyText: true })!.blocks)).toEqual(['No new papers for Wed 3 Jun 2026.']);
    expect(texts(digestReply(result({ dates: [] }), { emptyText: true })!.blocks)).toEqual(['No new papers yet.']);
  });
});

describe('dateLabel', () => {
  it('shows month and year only where they change', () => {
    expect(dateLabel(['2026-05-29', '2026-06-01'])).toBe('Fri 29 May – Mon 1 Jun 2026');
    expect(dateLabel(['2025-12-31', '2026-01-02'])).toBe('Wed 31 Dec 2025 – Fri 2 Jan 2026');
    expect(dateLabel([])).toBe('');
  });
});
