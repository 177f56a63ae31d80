import { describe, expect, it } from 'vitest';
import { paperFeatures } from '../../src/core/feedback/paper-features.js';
import { emptyModel, learnVote, replayVotes, scoreFeatures, weightsOf } from '../../src/core/feedback/reader-model.js';
import { rankByTaste, reasonFor } from '../../src/core/feedback/taste.js';
import type { Paper } from '../../src/core/paper.js';
import { subjectPaper } from '../helpers/topic-papers.js';

const names = (paper: Paper) => paperFeatures(paper).names;

describe('paper features', () => {
  it('are the search terms of the words (stemmed), the authors by full name and the organisation', () => {
    const paper = subjectPaper('2606.00001', 'agents', 0, {
      title: 'Agents that plan: 2 agent benchmarks',
      summary: 'The agent is planning with tools.',
      authors: ['Tri Dao', 'José Ñúñez'],
      organization: { name: 'princeton-nlp', fullname: 'Princeton NLP' },
      aiKeywords: [],
    });
    const features = names(paper);
    // "agents" and "agent" are one term, as in search; common words and numbers teach nothing.
    expect(features.filter((f) => f === 'w:agent')).toHaveLength(1);
    expect(features).toEqual(expect.arrayContaining(['w:plan', 'w:benchmark', 'w:tool', 'a:tri dao', 'a:jose nunez', 'o:princeton nlp']));
    expect(features).not.toContain('w:the');
    expect(features).not.toContain('w:2');
    expect(features.some((f) => f.startsWith('a:') && f.includes('dao '))).toBe(false);
  });
});

describe('the reader model', () => {
  const liked = [0, 1, 2, 3].map((n) => subjectPaper(`2606.1000${n}`, 'diffusion', n));
  const disliked = [0, 1, 2, 3].map((n) => subjectPaper(`2606.2000${n}`, 'agents', n));

  function trained() {
    const state = emptyModel();
    for (let i = 0; i < liked.length; i++) {
      learnVote(state, paperFeatures(liked[i]!), 1);
      learnVote(state, paperFeatures(disliked[i]!), -1);
    }
    return state;
  }

  it('ranks an unseen paper on a liked subject above one on a disliked subject, whatever the upvotes', () => {
    const weights = weightsOf(trained());
    const fresh = [subjectPaper('2606.30001', 'agents', 7, { upvotes: 500 }), subjectPaper('2606.30002', 'diffusion', 7, { upvotes: 1 })];
    expect(rankByTaste(weights, fresh, (p) => p).map((s) => s.item.id)).toEqual(['2606.30002', '2606.30001']);
    expect(scoreFeatures(weights, paperFeatures(fresh[1]!))).toBeGreaterThan(0);
    expect(scoreFeatures(weights, paperFeatures(fresh[0]!))).toBeLessThan(0);
  });

  it('says why in words of the paper and names of its authors', () => {
    const weights = weightsOf(trained());
    const reason = reasonFor(weights, subjectPaper('2606.30003', 'diffusion', 5, { authors: ['Author diffusion 2'] }));
    expect(reason).toMatch(/diffusion|denoising|distillation|sampler|image/);
    expect(reason).not.toMatch(/agent|planning/);
    // Nothing liked in it: no reason.
    expect(reasonFor(weights, subjectPaper('2606.30004', 'speech', 1))).toBeUndefined();
  });

  it('learns the same from a replay as vote by vote, and is plain JSON', () => {
    const replayed = replayVotes(liked.flatMap((p, i) => [
      { features: paperFeatures(p), vote: 1 as const },
      { features: paperFeatures(disliked[i]!), vote: -1 as const },
    ]));
    expect(JSON.parse(JSON.stringify(replayed))).toEqual(trained());
    expect(replayed.votes).toBe(8);
  });
});
