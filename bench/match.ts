/**
 * Topic matching of new papers: the in-memory `matchNewPapers` (as ingest runs it) for 1,000 and
 * 10,000 topics, against one `filterMatching` SQL call per distinct topic for the 1,000 case, with
 * a check that both find the same (person, paper) pairs.
 */
import { matchNewPapers } from '../src/core/alerts/match-new-papers.js';
import type { Paper } from '../src/core/paper.js';
import type { PendingAlert, PersonRef, Subscription } from '../src/core/ports.js';
import { parseQuery } from '../src/core/query/parse.js';
import type { Store } from '../src/store/index.js';
import { createQueryGenerator } from './corpus.js';
import { round } from './ingest.js';

export interface MatchRun {
  readonly topics: number;
  readonly distinctTopics: number;
  readonly people: number;
  /** Fresh paper objects, so tokenizing the papers is included, as in an ingest. */
  readonly coldMs: number;
  /** The same call again with the papers' token cache filled. */
  readonly warmMs: number;
  /** (person, paper) pairs, i.e. alerts that would be queued. */
  readonly matches: number;
  /** Topic hits summed over those alerts (an alert lists every topic of the person that matched). */
  readonly topicHits: number;
}

export interface MatchMeasure {
  readonly newPapers: number;
  readonly newPapersFrom: string;
  readonly newPapersTo: string;
  readonly topicsPerPerson: number;
  readonly inMemory: readonly MatchRun[];
  readonly baseline: {
    readonly path: string;
    readonly topics: number;
    readonly filterMatchingCalls: number;
    readonly ms: number;
    readonly matches: number;
  };
  readonly agree: boolean;
}

const NEW_PAPERS = 1000;
const TOPICS_PER_PERSON = 5;
const SIZES = [1000, 10_000] as const;
const SEED = 4242;

export async function measureMatch(store: Store, corpus: readonly Paper[], log: (line: string) => void): Promise<MatchMeasure> {
  const recent = [...corpus]
    .filter((p) => p.dailyDate !== undefined)
    .sort((a, b) => b.dailyDate!.localeCompare(a.dailyDate!) || b.upvotes - a.upvotes || a.id.localeCompare(b.id))
    .slice(0, NEW_PAPERS);
  const ids = recent.map((p) => p.id);

  // JIT warm-up on a small case with its own copies, so the timed runs start from cold caches.
  matchNewPapers(copies(recent.slice(0, 100)), subscriptions(100, SEED + 99, corpus));

  const inMemory: MatchRun[] = [];
  const pairsBySize = new Map<number, Set<string>>();
  for (const size of SIZES) {
    const subs = subscriptions(size, SEED + size, corpus);
    const papers = copies(recent);
    const coldStart = performance.now();
    const pending = matchNewPapers(papers, subs);
    const coldMs = performance.now() - coldStart;
    const warmStart = performance.now();
    matchNewPapers(papers, subs);
    const warmMs = performance.now() - warmStart;
    pairsBySize.set(size, new Set(pending.map(pairKey)));
    inMemory.push({
      topics: size,
      distinctTopics: new Set(subs.map((s) => s.topic)).size,
      people: new Set(subs.map((s) => s.person.userId)).size,
      coldMs: round(coldMs),
      warmMs: round(warmMs),
      matches: pending.length,
      topicHits: pending.reduce((sum, a) => sum + a.topics.length, 0),
    });
    log(`match: ${size} topics in memory, ${round(coldMs)} ms cold, ${pending.length} matches`);
  }

  const size = SIZES[0];
  const subs = subscriptions(size, SEED + size, corpus);
  const start = performance.now();
  const byTopic = new Map<string, Subscription[]>();
  for (const s of subs) byTopic.set(s.topic, [...(byTopic.get(s.topic) ?? []), s]);
  const viaSql = new Set<string>();
  let calls = 0;
  for (const [topic, subscribers] of byTopic) {
    const query = tryParse(topic);
    if (!query) continue;
    calls += 1;
    for (const paperId of await store.papers.filterMatching(query, ids)) {
      for (const s of subscribers) viaSql.add(pairKey({ person: s.person, paperId }));
    }
  }
  const ms = performance.now() - start;
  log(`match: ${size} topics via SQL, ${round(ms)} ms, ${viaSql.size} matches`);

  const inMemoryPairs = pairsBySize.get(size)!;
  return {
    newPapers: recent.length,
    newPapersFrom: recent.at(-1)?.dailyDate ?? '',
    newPapersTo: recent[0]?.dailyDate ?? '',
    topicsPerPerson: TOPICS_PER_PERSON,
    inMemory,
    baseline: {
      path: 'store.papers.filterMatching(parseQuery(topic), newPaperIds) once per distinct topic',
      topics: size,
      filterMatchingCalls: calls,
      ms: round(ms),
      matches: viaSql.size,
    },
    agree: viaSql.size === inMemoryPairs.size && [...viaSql].every((k) => inMemoryPairs.has(k)),
  };
}

/** `count` topics from the search grammar, five to a person, no person holding one topic twice. */
function subscriptions(count: number, seed: number, corpus: readonly Paper[]): Subscription[] {
  const next = createQueryGenerator(corpus, seed);
  const out: Subscription[] = [];
  let held = new Set<string>();
  for (let i = 0; i < count; i++) {
    if (i % TOPICS_PER_PERSON === 0) held = new Set();
    let topic = next().text;
    while (held.has(topic.toLowerCase())) topic = next().text;
    held.add(topic.toLowerCase());
    const person: PersonRef = { platform: 'discord', userId: `u${Math.floor(i / TOPICS_PER_PERSON)}` };
    out.push({ id: i + 1, person, topic, createdAt: '2026-01-01T00:00:00.000Z' });
  }
  return out;
}

/** New objects, so the matcher's per-paper token cache (a WeakMap) starts empty. */
function copies(papers: readonly Paper[]): Paper[] {
  return papers.map((p) => ({ ...p }));
}

function pairKey(alert: Pick<PendingAlert, 'person' | 'paperId'>): string {
  return `${alert.person.platform}\u0000${alert.person.userId}\u0000${alert.paperId}`;
}

function tryParse(topic: string): ReturnType<typeof parseQuery> | undefined {
  try {
    return parseQuery(topic);
  } catch {
    return undefined;
  }
}
