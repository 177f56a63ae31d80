import { describe, expect, it } from 'vitest';
import { alertReply } from '../../src/core/alerts/alert-reply.js';
import fc from 'fast-check';
import { createAlertMatcher, createAlertMatching } from '../../src/core/alerts/match-new-papers.js';
import { createTopicBook } from '../../src/core/alerts/topic-book.js';
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

/** The one-shot matcher: subscriptions indexed once, then one batch of papers. */
const matchNewPapers = (papers: readonly Paper[], subscriptions: readonly Subscription[]) => createAlertMatcher(subscriptions).match(papers);

describe('createAlertMatcher', () => {
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

/** What the alerts must be, the slow way: per person (first subscription first), per paper, the person's matching topics in order. */
function reference(list: readonly Paper[], subs: readonly Subscription[]) {
  const people: PersonRef[] = [];
  for (const s of subs) if (!people.some((p) => p.platform === s.person.platform && p.userId === s.person.userId)) people.push(s.person);
  const matcherOf = (topic: string) => {
    try {
      return createMatcher(parseQuery(topic));
    } catch {
      return () => false;
    }
  };
  return people.flatMap((person) => {
    const mine = [...new Set(subs.filter((s) => s.person.platform === person.platform && s.person.userId === person.userId).map((s) => s.topic))];
    return list.flatMap((p) => {
      const topics = mine.filter((t) => matcherOf(t)(p));
      return topics.length > 0 ? [{ person, paperId: p.id, topics }] : [];
    });
  });
}

const WORDS = ['diffusion', 'video', 'speculative', 'decoding', 'protein', 'folding', 'tri', 'dao'];
const anyPaper = fc
  .tuple(fc.array(fc.constantFrom(...WORDS), { maxLength: 5 }), fc.array(fc.constantFrom('Tri Dao', 'Ada Lovelace', 'Dao Tri'), { maxLength: 2 }))
  .map(([words, authors], ) => ({ words, authors }));
const anyTopic = fc.oneof(
  fc.constantFrom(...WORDS),
  fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...WORDS)).map(([a, b]) => `"${a} ${b}"`),
  fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...WORDS)).map(([a, b]) => `${a} OR ${b}`),
  fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...WORDS)).map(([a, b]) => `${a} -${b}`),
  fc.constantFrom('author:"tri dao"', 'author:dao', 'folding OR', '-video', ''),
);
const anySub = fc.tuple(fc.constantFrom<PersonRef>(ada, bo, boOnDiscord, { platform: 'console', userId: '1' }), anyTopic);
const toPapers = (specs: readonly { words: string[]; authors: string[] }[]) => specs.map((x, i) => paper(`r${i}`, x.words.join(' '), x.authors));
const toSubs = (specs: readonly [PersonRef, string][], firstId = 1) => specs.map(([person, topic], i): Subscription => ({ id: firstId + i, person: { ...person }, topic, createdAt: '2026-06-01' }));

describe('alert matchers', () => {
  it('give the alerts of testing every topic of every person against every paper', () => {
    fc.assert(
      fc.property(fc.array(anyPaper, { minLength: 1, maxLength: 12 }), fc.array(anySub, { maxLength: 25 }), (paperSpecs, subSpecs) => {
        const list = toPapers(paperSpecs);
        const subs = toSubs(subSpecs);
        const expected = reference(list, subs);
        expect(matchNewPapers(list, subs)).toEqual(expected);
        // A matcher gives the same answer batch after batch.
        const matcher = createAlertMatcher(subs);
        expect(matcher.match(list)).toEqual(expected);
        expect(matcher.match(list)).toEqual(expected);
        expect(matcher.match(list.slice(1))).toEqual(reference(list.slice(1), subs));
      }),
      { numRuns: 300 },
    );
  });

  it('keep giving those alerts while subscriptions come and go', () => {
    fc.assert(
      fc.property(
        fc.array(anyPaper, { minLength: 1, maxLength: 10 }),
        fc.array(fc.array(anySub, { maxLength: 20 }), { minLength: 2, maxLength: 6 }),
        fc.boolean(),
        fc.boolean(),
        (paperSpecs, rounds, keepIds, withRevision) => {
          const list = toPapers(paperSpecs);
          const matching = createAlertMatching();
          expect(matching.match(list)).toEqual([]);
          let previous: Subscription[] = [];
          for (const [round, specs] of rounds.entries()) {
            // Some rounds keep part of the last list (new objects, same content), as a store read would.
            const kept = keepIds ? previous.slice(0, Math.floor(previous.length / 2)).map((s) => ({ ...s, person: { ...s.person } })) : [];
            const subs = [...kept, ...toSubs(specs, 1000 * (round + 1))];
            const revision = withRevision ? `r${round}` : undefined;
            matching.update(subs, revision);
            expect(matching.revision).toBe(revision);
            expect(matching.match(list)).toEqual(reference(list, subs));
            matching.update(subs.map((s) => ({ ...s })), revision);
            expect(matching.match(list)).toEqual(reference(list, subs));
            previous = subs;
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('trust an unchanged revision, so the subscriptions need not even be read', () => {
    const matching = createAlertMatching();
    matching.update([sub(ada, 'folding')], 7);
    matching.update([], 7);
    expect(matching.match(papers)).toEqual([{ person: ada, paperId: 'p4', topics: ['folding'] }]);
    matching.update([], 8);
    expect(matching.match(papers)).toEqual([]);
  });

  it('notice a changed topic, person or id behind an unchanged count', () => {
    const matching = createAlertMatching();
    const subs = [sub(ada, 'folding'), sub(bo, 'diffusion')];
    matching.update(subs);
    expect(matching.match(papers)).toEqual(reference(papers, subs));
    for (const changed of [
      [subs[0]!, { ...subs[1]!, topic: 'protein' }],
      [subs[0]!, { ...subs[1]!, person: boOnDiscord }],
      [subs[0]!, { ...subs[1]!, person: { platform: 'slack', userId: 'U3' } }],
      [{ ...subs[0]!, id: 99 }, subs[1]!],
    ] as Subscription[][]) {
      matching.update(changed);
      expect(matching.match(papers)).toEqual(reference(papers, changed));
    }
  });

  it('stay right through heavy churn, when the index starts afresh', () => {
    const matching = createAlertMatching();
    const words = ['diffusion', 'video', 'protein', 'folding', 'decoding'];
    for (let round = 0; round < 6; round++) {
      // Every round a new set of 3,000 distinct topics, so handles run far past the live count.
      const subs = Array.from({ length: 3000 }, (_, i) => sub(i % 2 ? ada : bo, `${words[i % words.length]} -r${round}x${i}`));
      matching.update(subs, round);
      expect(matching.match(papers)).toEqual(reference(papers, subs));
    }
  });
});

describe('createTopicBook', () => {
  it('parses only new topics, drops those nobody holds, and starts afresh after much churn', () => {
    const book = createTopicBook();
    const first = book.sync(['diffusion', 'folding OR', 'protein folding']);
    expect(first[1]).toBe(-1);
    expect(book.index.size).toBe(2);
    const second = book.sync(['protein folding', 'video', 'folding OR']);
    expect(second[0]).toBe(first[2]);
    expect(second[2]).toBe(-1);
    expect(book.index.size).toBe(2);
    expect(book.index.matching(paper('x', 'Diffusion for protein folding video'))).toEqual(['protein folding', 'video']);
    for (let round = 0; round < 5; round++) book.sync(Array.from({ length: 3000 }, (_, i) => `video -r${round}x${i}`));
    // Five rounds of 3,000 new topics handed out 15,000 handles; the book started afresh on the way.
    expect(book.handles).toBeLessThan(10_000);
    expect(book.index.size).toBe(3000);
    expect(book.index.matching(paper('y', 'video r4x7'))).toHaveLength(2999);
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
