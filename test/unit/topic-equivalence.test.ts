/**
 * The proof behind "a paper matches a topic exactly when searching the topic finds it": for
 * generated papers and topics, the in-memory matcher, and the topic index alerts go through,
 * accept exactly the papers that the store's search and scoreMatching return, on a real SQLite
 * database; words in any English form.
 */
import { memoryStore } from '../helpers/memory-store.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTopicIndex } from '../../src/core/alerts/topic-index.js';
import type { Paper } from '../../src/core/paper.js';
import { createMatcher } from '../../src/core/query/match.js';
import { parseQuery } from '../../src/core/query/parse.js';
import type { Store } from '../../src/store/index.js';

// A small vocabulary, so most topics match something; each word in several spellings.
const WORDS: readonly (readonly string[])[] = [
  ['diffusion', 'Diffusion', 'DIFFUSION'],
  ['video', 'Video'],
  ['model', 'Model', 'MODEL', 'models', 'Modeling'],
  ['agent', 'agents', 'Agents'],
  ['benchmark', 'benchmarks', 'Benchmarking'],
  ['state', 'State'],
  ['space', 'Space'],
  ['decoding', 'Decoding', 'decoded', 'decodes'],
  ['cafe', 'café', 'Café', 'CAFÉ', 'cafe\u0301'],
  ['uber', 'über', 'Über', 'ÜBER'],
  ['nino', 'niño', 'Niño'],
  ['gpt', 'GPT'],
  ['4o', '4O'],
  ['dao', 'Dao'],
  ['tri', 'Tri'],
  ['meta', 'Meta'],
  ['nvidia', 'NVIDIA'],
];
const SEPARATORS = [' ', ' ', ' ', '-', ', ', '. ', ': ', ' (', ') ', '/', "'", ' & ', '—', '_'];
const FIRST = ['Tri', 'Jane', 'José', 'Jose', 'Ada', 'Dao', 'Zoë'];
const LAST = ['Dao', 'Tri', 'Núñez', 'Nunez', 'Smith', 'Müller', 'Muller'];
const ORGS = [
  { name: 'nvidia', fullname: 'NVIDIA Research' },
  { name: 'meta', fullname: 'Meta AI' },
  { name: 'deepmind', fullname: 'Google DeepMind' },
  { name: 'cafe-lab' },
];

const word = fc.constantFrom(...WORDS).chain((spellings) => fc.constantFrom(...spellings));
const text = (max: number) =>
  fc
    .array(fc.tuple(word, fc.constantFrom(...SEPARATORS)), { maxLength: max })
    .map((parts) => parts.map(([w, s], i) => (i === parts.length - 1 ? w : w + s)).join(''));
const name = fc.tuple(fc.constantFrom(...FIRST), fc.constantFrom(...LAST)).map(([f, l]) => `${f} ${l}`);

const paperFields = fc.record({
  title: text(8),
  summary: text(14),
  aiSummary: fc.option(text(6), { nil: undefined }),
  aiKeywords: fc.array(text(3), { maxLength: 3 }),
  authors: fc.array(name, { maxLength: 4 }),
  organization: fc.option(fc.constantFrom(...ORGS), { nil: undefined }),
  upvotes: fc.nat(50),
});

type PaperFields = typeof paperFields extends fc.Arbitrary<infer T> ? T : never;

function toPapers(fields: readonly PaperFields[]): Paper[] {
  return fields.map((f, i) => ({
    ...f,
    id: `2606.${String(i).padStart(5, '0')}`,
    numComments: 0,
    publishedAt: '2026-06-01T00:00:00.000Z',
    dailyDate: '2026-06-02',
  }));
}

const phraseText = fc.array(word, { minLength: 1, maxLength: 3 }).map((ws) => `"${ws.join(' ')}"`);
const hyphenated = fc.tuple(word, word).map(([a, b]) => `${a}-${b}`);
const author = fc.oneof(
  fc.constantFrom(...LAST, ...FIRST, 'dao', 'TRI').map((n) => `author:${n}`),
  name.map((n) => `author:"${n}"`),
);
const org = fc.oneof(
  fc.constantFrom('nvidia', 'meta', 'DeepMind', 'google', 'research', 'cafe', 'lab').map((o) => `org:${o}`),
  fc.constantFrom('Google DeepMind', 'meta ai', 'cafe lab', 'nvidia research').map((o) => `org:"${o}"`),
);
const item = fc.oneof(
  { arbitrary: word, weight: 4 },
  { arbitrary: phraseText, weight: 2 },
  { arbitrary: hyphenated, weight: 1 },
  { arbitrary: author, weight: 2 },
  { arbitrary: org, weight: 1 },
);
const topic = fc
  .tuple(
    fc.array(fc.array(item, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
    fc.array(item, { maxLength: 2 }),
  )
  .map(([groups, excluded]) =>
    [...groups.map((g) => g.join(' OR ')), ...excluded.map((x) => `-${x}`)].join(' '),
  );

async function openStore(papers: readonly Paper[]): Promise<Store> {
  const store = await memoryStore();
  await store.papers.upsert(papers, 'daily', new Date('2026-06-02T12:00:00Z'));
  return store;
}

/** Per topic, the ids of the papers the topic index finds it in, all topics in one index. */
function indexAnswers(papers: readonly Paper[], topics: readonly string[]): Map<string, string[]> {
  const index = createTopicIndex([...new Set(topics)].map((t) => ({ query: parseQuery(t), value: t })));
  const found = new Map(topics.map((t) => [t, [] as string[]]));
  for (const p of papers) for (const t of index.matching(p)) found.get(t)!.push(p.id);
  return found;
}

async function expectSameAnswers(store: Store, papers: readonly Paper[], topicText: string, byIndex: Map<string, string[]>): Promise<number> {
  const query = parseQuery(topicText);
  const byMatcher = papers.filter(createMatcher(query)).map((p) => p.id).sort();
  expect({ topic: topicText, ids: [...byIndex.get(topicText)!].sort() }).toEqual({ topic: topicText, ids: byMatcher });
  const { hits, total } = await store.papers.search(query, { limit: papers.length + 1, offset: 0 });
  const bySearch = hits.map((h) => h.paper.id).sort();
  const byFilter = [...(await store.papers.scoreMatching(query, papers.map((p) => p.id))).keys()].sort();
  expect({ topic: topicText, ids: bySearch }).toEqual({ topic: topicText, ids: byMatcher });
  expect({ topic: topicText, ids: byFilter }).toEqual({ topic: topicText, ids: byMatcher });
  expect(total).toBe(byMatcher.length);
  return byMatcher.length;
}

describe('topic matcher ≡ store search', () => {
  it('agree on generated papers and topics', async () => {
    let matched = 0;
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(paperFields, { minLength: 1, maxLength: 12 }),
        fc.array(topic, { minLength: 1, maxLength: 8 }),
        async (fields, topics) => {
          const papers = toPapers(fields);
          const store = await openStore(papers);
          const byIndex = indexAnswers(papers, topics);
          try {
            for (const t of topics) {
              checked++;
              if ((await expectSameAnswers(store, papers, t, byIndex)) > 0) matched++;
            }
          } finally {
            await store.close();
          }
        },
      ),
      { numRuns: 120 },
    );
    // The vocabulary is small on purpose: a proof where nothing ever matches would prove nothing.
    expect(matched / checked).toBeGreaterThan(0.2);
    // 120 fresh stores, each migrated and indexed: well over the default 20 s on a busy two-core machine.
  }, 90_000);

  it('agree for many topics over one larger corpus', async () => {
    const papers = toPapers(fc.sample(paperFields, { numRuns: 300, seed: 42 }));
    const store = await openStore(papers);
    try {
      let matched = 0;
      const topics = fc.sample(topic, { numRuns: 250, seed: 7 });
      const byIndex = indexAnswers(papers, topics);
      for (const t of topics) {
        if ((await expectSameAnswers(store, papers, t, byIndex)) > 0) matched++;
      }
      expect(matched).toBeGreaterThan(60);
    } finally {
      await store.close();
    }
  });

  it('agree on the cases people actually get wrong', async () => {
    const base = { aiSummary: undefined, organization: undefined, aiKeywords: [], upvotes: 1 };
    const papers = toPapers([
      {
        ...base,
        title: 'State-Space Models',
        summary: 'GPT-4o baseline',
        aiKeywords: ['speculative decoding', 'mamba'],
        authors: ['Jane Tri', 'Dao Smith'],
        organization: ORGS[0],
      },
      { ...base, title: 'Über Café', summary: 'Niño', authors: ['Tri Dao'], aiSummary: 'cafe\u0301 uber' },
    ]);
    const store = await openStore(papers);
    try {
      const cases: [string, number][] = [
        ['author:"tri dao"', 1],
        ['"models speculative"', 0],
        ['state-space', 1],
        ['"gpt 4o"', 1],
        ['cafe uber nino', 1],
        ['org:"nvidia research"', 1],
        ['dao -author:dao', 0],
        ['title:state', 0],
        ['NEAR(state space)', 0],
      ];
      const byIndex = indexAnswers(papers, cases.map(([t]) => t));
      for (const [t, count] of cases) expect([t, await expectSameAnswers(store, papers, t, byIndex)]).toEqual([t, count]);
    } finally {
      await store.close();
    }
  });
});
