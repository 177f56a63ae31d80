/**
 * Topic matching, in a child process: one day's new papers (100) against 10k, 100k and 1M topics
 * (five to a person), through `createAlertMatching` as a long-running process uses it: the index
 * is kept between batches (two earlier batches go through it first, untimed) and brought up to
 * date when the subscriptions' revision changes.
 * Reported apart: the first update, which parses and indexes every topic; an update after 1 % of
 * the subscriptions changed, with its batch; and an update given no revision, which compares a
 * fresh read of every subscription (new objects, equal content) with the ones indexed. The
 * baseline is every topic tested against every paper; all must find the same (person, paper,
 * topic) triples.
 */
import { createAlertMatcher, createAlertMatching } from '../src/core/alerts/match-new-papers.js';
import type { Paper } from '../src/core/paper.js';
import type { PendingAlert, PersonRef, Subscription } from '../src/core/ports.js';
import { createDocumentMatcher, prepareDocument } from '../src/core/query/match.js';
import { parseQuery } from '../src/core/query/parse.js';
import { readDayFiles } from './archive.js';
import { collectGarbage, log, runInChild, serveChild } from './child.js';
import { builtInModel, createPaperGenerator } from './corpus.js';
import { createTopicGenerator } from './queries.js';

export interface MatchJob {
  /** The archive's day files, or undefined for the built-in corpus. */
  readonly dayDir?: string;
  readonly sizes: readonly number[];
}

export interface MatchRun {
  readonly topics: number;
  /** Matching with the topic index built by an earlier call (the median of five). */
  readonly ms: number;
  /** All five, for the spread. */
  readonly runsMs: readonly number[];
  /** The first update: numbering, parsing and indexing every topic. */
  readonly buildMs: number;
  /** After 1 % of the subscriptions were replaced: the update at a new revision, then the batch. */
  readonly updateMs: number;
  /** An update without a revision and with unchanged subscriptions: comparing every one of them. */
  readonly compareMs: number;
  readonly baselineMs: number;
  readonly pairs: number;
  /** Whether the batch, and the batch after the update, found exactly what the baselines found. */
  readonly identical: boolean;
  /** Heap the matcher holds once built (its index, numbering, and the topic and person objects it keeps). */
  readonly matcherMb: number;
  /** Resident set once the matcher is built, with the generated subscriptions and the corpus still in memory. */
  readonly rssMb: number;
}

export const NEW_PAPERS = 100;
const TOPICS_PER_PERSON = 5;
const SEED = 4242;
const REPEATS = 5;

export function measureMatch(job: MatchJob): Promise<MatchRun[]> {
  return runInChild(import.meta.url, job);
}

async function run(job: MatchJob): Promise<MatchRun[]> {
  const corpus = job.dayDir ? readDayFiles(job.dayDir) : Array.from({ length: 10_000 }, createPaperGenerator(builtInModel(), 11));
  const newestFirst = [...corpus].sort((a, b) => (b.dailyDate ?? '').localeCompare(a.dailyDate ?? '') || a.id.localeCompare(b.id));
  const fresh = newestFirst.slice(0, NEW_PAPERS);
  // The batches before it, which a running process matched with the same matcher before this one.
  const earlier = [newestFirst.slice(NEW_PAPERS, 2 * NEW_PAPERS), newestFirst.slice(2 * NEW_PAPERS, 3 * NEW_PAPERS)];
  // JIT warm-up on a small case with its own copies, long enough for the hot loops to be compiled, as in a process that has been running.
  const warm = createAlertMatching();
  const warmSubs = subscriptions(5000, SEED - 1, corpus);
  for (let r = 0; r < 10; r++) {
    warm.update(storeRead(warmSubs), r);
    warm.match(copies(fresh));
  }
  const runs: MatchRun[] = [];
  for (const size of job.sizes) {
    const subs = subscriptions(size, SEED + size, corpus);
    await settle();
    const heapBefore = heapBytes();
    const matching = createAlertMatching();
    let read = storeRead(subs);
    collectGarbage();
    const built = performance.now();
    matching.update(read, 1);
    const buildMs = performance.now() - built;
    // A process drops its read of the subscriptions once the index holds them; what stays is the matcher's.
    read = [];
    await settle();
    const matcherMb = (heapBytes() - heapBefore) / 2 ** 20;
    const rssMb = process.memoryUsage().rss / 2 ** 20;
    // As in a process that has been running: the matcher has matched earlier batches (its code compiled for the sizes at hand).
    for (const batch of earlier) matching.match(copies(batch));
    // The median of five runs, each on fresh paper objects: the machine is shared, and one run can land on a busy moment.
    const times: number[] = [];
    let alerts: PendingAlert[] = [];
    for (let r = 0; r < REPEATS; r++) {
      const papers = copies(fresh);
      await settle();
      const start = performance.now();
      // What a batch does: the revision is unchanged, so the subscriptions are neither read nor compared.
      if (matching.revision !== 1) throw new Error('bench: the revision moved');
      alerts = matching.match(papers);
      times.push(performance.now() - start);
    }
    const ms = [...times].sort((a, b) => a - b)[Math.floor(REPEATS / 2)]!;
    const baseline = everyTopicAgainstEveryPaper(copies(fresh), subs);
    const identical = sameTriples(alerts, baseline.keys);
    const pairs = alerts.length;
    alerts = [];

    read = storeRead(subs);
    await settle();
    const compared = performance.now();
    matching.update(read);
    const compareMs = performance.now() - compared;

    const changed = churn(subs, SEED + size + 1, corpus);
    read = storeRead(changed);
    const papers = copies(fresh);
    await settle();
    const updated = performance.now();
    matching.update(read, 2);
    const afterUpdate = matching.match(papers);
    const updateMs = performance.now() - updated;
    const updateIdentical = sameTriples(afterUpdate, triples(createAlertMatcher(changed).match(copies(fresh))));
    log(
      `match ${size} topics: ${ms.toFixed(1)} ms (runs ${times.map((t) => t.toFixed(0)).join(', ')}), baseline ${baseline.ms.toFixed(1)} ms, ${pairs} alerts, identical ${identical && updateIdentical}; ` +
        `first update (index built) ${buildMs.toFixed(0)} ms, update after 1 % changed + batch ${updateMs.toFixed(0)} ms, update comparing unchanged subscriptions ${compareMs.toFixed(0)} ms; matcher ${matcherMb.toFixed(0)} MB of heap, rss ${rssMb.toFixed(0)} MB`,
    );
    runs.push({ topics: size, ms, runsMs: times, buildMs, updateMs, compareMs, baselineMs: baseline.ms, pairs, identical: identical && updateIdentical, matcherMb, rssMb });
  }
  return runs;
}

/**
 * A forced collection, then a pause for its concurrent sweeping to finish: otherwise the measured
 * batch would pay for sweeping up the harness's own garbage.
 */
async function settle(): Promise<void> {
  collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, 100));
}

/** The JavaScript heap and the typed arrays' buffers outside it. */
function heapBytes(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/** The subscriptions as a read of the store gives them: new objects and new strings, equal content. */
function storeRead(subs: readonly Subscription[]): Subscription[] {
  return JSON.parse(JSON.stringify(subs)) as Subscription[];
}

/** 1 % of the subscriptions replaced: the oldest removed, as many new ones (new ids, new topics, some new people) added. */
function churn(subs: readonly Subscription[], seed: number, corpus: readonly Paper[]): Subscription[] {
  const count = Math.max(1, Math.floor(subs.length / 100));
  const added = subscriptions(count, seed, corpus).map((s, i) => ({ ...s, id: subs.length + 1 + i, person: { ...s.person, userId: `new${s.person.userId}` } }));
  return [...subs.slice(count), ...added];
}

function sameTriples(alerts: readonly PendingAlert[], keys: ReadonlySet<string>): boolean {
  const found = triples(alerts);
  return found.size === keys.size && [...found].every((k) => keys.has(k));
}

function triples(alerts: readonly PendingAlert[]): Set<string> {
  return new Set(alerts.flatMap((a) => a.topics.map((t) => `${pairKey(a)}\u0000${t}`)));
}

/** The baseline: every distinct topic's matcher run on every paper (parsing is left out of its time). */
function everyTopicAgainstEveryPaper(papers: readonly Paper[], subs: readonly Subscription[]): { ms: number; keys: Set<string> } {
  const byTopic = new Map<string, Subscription[]>();
  for (const s of subs) byTopic.set(s.topic, [...(byTopic.get(s.topic) ?? []), s]);
  const compiled = [...byTopic].flatMap(([topic, holders]) => {
    try {
      return [{ topic, holders, match: createDocumentMatcher(parseQuery(topic)) }];
    } catch {
      return [];
    }
  });
  const start = performance.now();
  const hits: [number, number][] = [];
  const docs = papers.map(prepareDocument);
  for (let t = 0; t < compiled.length; t++) {
    const match = compiled[t]!.match;
    for (let p = 0; p < docs.length; p++) if (match(docs[p]!)) hits.push([t, p]);
  }
  const ms = performance.now() - start;
  const keys = new Set<string>();
  for (const [t, p] of hits) {
    for (const s of compiled[t]!.holders) keys.add(`${pairKey({ person: s.person, paperId: papers[p]!.id })}\u0000${s.topic}`);
  }
  return { ms, keys };
}

/** `count` topics from the query language, five to a person, no person holding one topic twice. */
export function subscriptions(count: number, seed: number, corpus: readonly Paper[]): Subscription[] {
  const next = createTopicGenerator(corpus, seed);
  const out: Subscription[] = [];
  let held = new Set<string>();
  for (let i = 0; i < count; i++) {
    if (i % TOPICS_PER_PERSON === 0) held = new Set();
    let topic = next();
    while (held.has(topic.toLowerCase())) topic = next();
    held.add(topic.toLowerCase());
    const person: PersonRef = { platform: 'discord', userId: `u${Math.floor(i / TOPICS_PER_PERSON)}` };
    out.push({ id: i + 1, person, topic, createdAt: '2026-01-01T00:00:00.000Z' });
  }
  return out;
}

/** New paper objects, as an ingest makes them: nothing cached for them (the baseline's `prepareDocument` keeps its tokens in a WeakMap per object). */
function copies(papers: readonly Paper[]): Paper[] {
  return papers.map((p) => ({ ...p }));
}

function pairKey(alert: Pick<PendingAlert, 'person' | 'paperId'>): string {
  return `${alert.person.platform}\u0000${alert.person.userId}\u0000${alert.paperId}`;
}

serveChild(import.meta.url, run);
