import { describe, expect, it } from 'vitest';
import { alertReply } from '../../src/core/alerts/alert-reply.js';
import { matchNewPapers } from '../../src/core/alerts/match-new-papers.js';
import type { Paper } from '../../src/core/paper.js';
import type { PersonRef, Subscription } from '../../src/core/ports.js';
import { createMatcher } from '../../src/core/query/match.js';
import { parseQuery } from '../../src/core/query/parse.js';

function paper(id: string, title: string, authors: string[] = []): Paper {
  return { id, title, summary: '', authors, upvotes: 0, numComments: 0, aiKeywords: [], publishedAt: '2026-06-01' };
}

const ada: PersonRef = { platform: 'discord', userId: '1' };
const bo: PersonRef = { platform: 'slack', userId: 'U2' };
const boOnDiscord: PersonRef = { platform: 'discord', userId: 'U2' };
let nextId = 1;
const sub = (person: PersonRef, topic: string): Subscription => ({ id: nextId++, person, topic, createdAt: '2026-06-01' });

const papers = [
  paper('p1', 'Speculative Decoding at Scale', ['Tri Dao']),
  paper('p2', 'Video Diffusion Distillation'),
  paper('p3', 'Image Diffusion Distillation', ['Ada Lovelace']),
  paper('p4', 'Protein Folding'),
];

describe('matchNewPapers', () => {
  it('gives one alert per person and paper, with every topic that matched', () => {
    const alerts = matchNewPapers(papers, [
      sub(ada, 'speculative decoding'),
      sub(ada, 'author:"Tri Dao"'),
      sub(bo, 'diffusion distillation -video'),
      sub(ada, 'diffusion OR folding'),
    ]);
    expect(alerts).toEqual([
      { person: ada, paperId: 'p1', topics: ['speculative decoding', 'author:"Tri Dao"'] },
      { person: ada, paperId: 'p2', topics: ['diffusion OR folding'] },
      { person: ada, paperId: 'p3', topics: ['diffusion OR folding'] },
      { person: ada, paperId: 'p4', topics: ['diffusion OR folding'] },
      { person: bo, paperId: 'p3', topics: ['diffusion distillation -video'] },
    ]);
  });

  it('tells people apart by platform as well as id', () => {
    const alerts = matchNewPapers(papers, [sub(bo, 'folding'), sub(boOnDiscord, 'folding')]);
    expect(alerts.map((a) => a.person)).toEqual([bo, boOnDiscord]);
  });

  it('skips topics that no longer parse instead of failing everyone', () => {
    const alerts = matchNewPapers(papers, [sub(ada, 'folding OR'), sub(ada, '-video'), sub(bo, 'protein')]);
    expect(alerts).toEqual([{ person: bo, paperId: 'p4', topics: ['protein'] }]);
  });

  it('returns nothing when nothing matches or nobody subscribes', () => {
    expect(matchNewPapers(papers, [sub(ada, 'quantum')])).toEqual([]);
    expect(matchNewPapers(papers, [])).toEqual([]);
    expect(matchNewPapers([], [sub(ada, 'quantum')])).toEqual([]);
  });

  it('finds the same alerts as testing every topic against every paper', () => {
    const words = ['diffusion', 'video', 'speculative', 'decoding', 'protein', 'folding', 'image', 'scale', 'tri', 'dao'];
    const pick = (i: number) => words[i % words.length]!;
    const many = Array.from({ length: 60 }, (_, i) =>
      paper(`q${i}`, `${pick(i)} ${pick(i * 7 + 1)} ${pick(i * 3 + 2)}`, [`${pick(i + 8)} ${pick(i * 5 + 9)}`]),
    );
    const people = Array.from({ length: 5 }, (_, i): PersonRef => ({ platform: 'console', userId: `u${i}` }));
    const topics = words.flatMap((w, i) => [
      w,
      `"${w} ${pick(i + 1)}"`,
      `${w} -${pick(i + 3)}`,
      `${pick(i + 2)} OR author:${w}`,
      `author:"${w} ${pick(i + 4)}" OR "${pick(i + 5)} ${w}"`,
    ]);
    const subs = topics.map((t, i) => sub(people[i % people.length]!, t));

    const expected = people.flatMap((person) =>
      many.flatMap((p) => {
        const mine = subs.filter((s) => s.person === person && createMatcher(parseQuery(s.topic))(p)).map((s) => s.topic);
        return mine.length > 0 ? [{ person, paperId: p.id, topics: mine }] : [];
      }),
    );
    expect(expected.length).toBeGreaterThan(50);
    expect(matchNewPapers(many, subs)).toEqual(expected);
  });
});

describe('alertReply', () => {
  it('bundles the papers with the topics each matched', () => {
    const reply = alertReply([
      { paper: papers[0]!, topics: ['speculative decoding'] },
      { paper: papers[2]!, topics: ['diffusion', 'author:Lovelace'] },
    ]);
    expect(reply.blocks[0]).toEqual({ type: 'heading', text: '2 new papers on your topics' });
    const block = reply.blocks[1];
    expect(block?.type === 'papers' && block.items.map((i) => [i.rank, i.paper.id, i.topics])).toEqual([
      [1, 'p1', ['speculative decoding']],
      [2, 'p3', ['diffusion', 'author:Lovelace']],
    ]);
    expect(alertReply([{ paper: papers[0]!, topics: ['x'] }]).blocks[0]).toEqual({
      type: 'heading',
      text: '1 new paper on your topics',
    });
  });
});
