import { describe, expect, it } from 'vitest';
import { createThresholdTopics, reached, scanMilestones, watchersOf } from '../../src/core/alerts/milestones.js';
import type { Paper } from '../../src/core/paper.js';
import type { MilestoneMark, PersonRef, Subscription } from '../../src/core/ports.js';

const ADA: PersonRef = { platform: 'slack', userId: 'U1' };
const BEN: PersonRef = { platform: 'slack', userId: 'U2' };
const mark = (paperId: string, upvotes: number, hasCode = false, topOfDay = false): MilestoneMark => ({ paperId, upvotes, hasCode, topOfDay });
const paper = (id: string, upvotes: number, extra: Partial<Paper> = {}): Paper => ({
  id, title: `Diffusion ${id}`, summary: '', authors: [], upvotes, numComments: 0, aiKeywords: [], publishedAt: '2026-06-01T00:00:00Z', dailyDate: '2026-06-02', ...extra,
});
const topic = (id: number, person: PersonRef, text: string, minUpvotes?: number): Subscription => ({ id, person, topic: text, createdAt: '', minUpvotes });

describe('the milestone scan', () => {
  it('names every milestone passed between two marks, each only as it is passed', () => {
    expect(reached(mark('a', 40), mark('a', 260, true, true))).toEqual(['code', 'upvotes-50', 'upvotes-100', 'upvotes-250', 'top-of-day']);
    expect(reached(mark('a', 50, true, true), mark('a', 99, true, true))).toEqual([]);
    expect(reached(mark('a', 99), mark('a', 100))).toEqual(['upvotes-100']);
  });

  it("alerts watchers and topics that wait for upvotes once the paper crosses, and writes only the marks that changed", () => {
    const topics = createThresholdTopics([topic(1, ADA, 'diffusion', 20), topic(2, BEN, 'diffusion'), topic(3, BEN, 'diffusion -b', 60)]);
    const papers = [paper('a', 55, { githubRepo: 'https://github.com/x/a' }), paper('b', 70), paper('c', 10)];
    const marks = new Map([['a', mark('a', 10)], ['b', mark('b', 70, false, true)], ['c', mark('c', 10)]]);
    const found = scanMilestones({ papers, marks, unseen: () => mark('?', 0), watchers: watchersOf([{ person: BEN, paperId: 'a', createdAt: '' }]), topics });
    expect(found.alerts).toEqual([
      { person: BEN, paperId: 'a', topics: [], milestone: 'code' },
      { person: BEN, paperId: 'a', topics: [], milestone: 'upvotes-50' },
      { person: ADA, paperId: 'a', topics: ['diffusion'] },
    ]);
    // b stayed the day's top with 70; a passed 20 and 50 but not b.
    expect(found.marks).toEqual([mark('a', 55, true, false)]);
  });
});
