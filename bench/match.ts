/**
 * Topic matching, in a child process: one day's new papers (100) against 10k, 100k and 1M topics
 * (five to a person), through `createAlertMatcher` (the index `matchNewPapers` builds, kept
 * between batches; its build time is reported apart), against the baseline of every
 * topic tested against every paper; both must find the same (person, paper) pairs.
 */
import { createAlertMatcher } from '../src/core/alerts/match-new-papers.js';
import type { Paper } from '../src/core/paper.js';
import type { Field } from '../src/core/query/ast.js';
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
  /** Matching with the topic index built beforehand. */
  readonly ms: number;
  readonly buildMs: number;
  readonly baselineMs: number;
  readonly pairs: number;
  readonly identical: boolean;
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
  const fresh = [...corpus].sort((a, b) => (b.dailyDate ?? '').localeCompare(a.dailyDate ?? '') || a.id.localeCompare(b.id)).slice(0, NEW_PAPERS);
  const frequency = documentFrequency(corpus);
  // JIT warm-up on a small case with its own copies.
  createAlertMatcher(subscriptions(2000, SEED - 1, corpus), { frequency }).match(copies(fresh));
  const runs: MatchRun[] = [];
  for (const size of job.sizes) {
    const subs = subscriptions(size, SEED + size, corpus);
    collectGarbage();
    const built = performance.now();
    const matcher = createAlertMatcher(subs, { frequency });
    const buildMs = performance.now() - built;
    // The median of five runs, each on fresh paper objects: the machine is shared, and one run can land on a busy moment.
    const times: number[] = [];
    let alerts: PendingAlert[] = [];
    for (let r = 0; r < REPEATS; r++) {
      collectGarbage();
      const papers = copies(fresh);
      const start = performance.now();
      alerts = matcher.match(papers);
      times.push(performance.now() - start);
    }
    const ms = times.sort((a, b) => a - b)[Math.floor(REPEATS / 2)]!;
    const baseline = everyTopicAgainstEveryPaper(copies(fresh), subs);
    const found = new Set(alerts.flatMap((a) => a.topics.map((t) => `${pairKey(a)}\u0000${t}`)));
    const identical = found.size === baseline.keys.size && [...found].every((k) => baseline.keys.has(k));
    log(`match ${size} topics: ${ms.toFixed(1)} ms (index built in ${buildMs.toFixed(0)} ms), baseline ${baseline.ms.toFixed(1)} ms, ${alerts.length} alerts, identical ${identical}`);
    runs.push({ topics: size, ms, buildMs, baselineMs: baseline.ms, pairs: alerts.length, identical });
  }
  return runs;
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

/** In how many papers of the corpus each (field, token) occurs: what the search index knows, and the topic index's guide to rare words. */
function documentFrequency(corpus: readonly Paper[]): (field: Field, token: string) => number {
  const counts = new Map<string, number>();
  for (const paper of corpus) {
    const doc = prepareDocument(paper);
    for (const field of ['text', 'author', 'org'] as const) for (const token of doc.fields[field].tokens) counts.set(`${field}:${token}`, (counts.get(`${field}:${token}`) ?? 0) + 1);
  }
  return (field, token) => counts.get(`${field}:${token}`) ?? 0;
}

/** New objects, so the matcher's per-paper token cache (a WeakMap) starts empty, as after an ingest. */
function copies(papers: readonly Paper[]): Paper[] {
  return papers.map((p) => ({ ...p }));
}

function pairKey(alert: Pick<PendingAlert, 'person' | 'paperId'>): string {
  return `${alert.person.platform}\u0000${alert.person.userId}\u0000${alert.paperId}`;
}

serveChild(import.meta.url, run);
