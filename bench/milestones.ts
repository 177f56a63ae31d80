/**
 * The milestone scan of one re-poll, in a child process: 1,000 papers whose upvotes (and for some,
 * code) changed, against 100k watches and 100k topics that wait for upvotes (the topic index built
 * once and kept, as ingest keeps it). The scan is `scanMilestones`, what every re-poll runs between
 * reading the marks and writing the alerts. The baseline tests every watch against every changed
 * paper and every waiting topic's matcher against every paper that crossed a threshold; both must
 * find the same alerts.
 */
import { createThresholdTopics, scanMilestones, UPVOTE_MILESTONES, watchersOf } from '../src/core/alerts/milestones.js';
import type { Paper } from '../src/core/paper.js';
import type { MilestoneMark, PendingAlert, Subscription, Watch } from '../src/core/ports.js';
import { createDocumentMatcher, prepareDocument } from '../src/core/query/match.js';
import { parseQuery } from '../src/core/query/parse.js';
import { seededRandom } from '../test/fakes/random.js';
import { readDayFiles } from './archive.js';
import { collectGarbage, runInChild, serveChild } from './child.js';
import { builtInModel, createPaperGenerator } from './corpus.js';
import { subscriptions } from './match.js';

export interface MilestoneJob {
  readonly dayDir?: string;
  readonly watches: number;
  readonly topics: number;
  readonly changed: number;
}

export interface MilestoneRun {
  readonly ms: number;
  readonly buildMs: number;
  readonly baselineMs: number;
  readonly alerts: number;
  readonly identical: boolean;
}

const REPEATS = 5;
const THRESHOLDS = [5, 10, 15, 20, 25, 30, 40, 50, 75, 100, 150, 200, 250];

export function measureMilestones(job: MilestoneJob): Promise<MilestoneRun> {
  return runInChild(import.meta.url, job);
}

async function run(job: MilestoneJob): Promise<MilestoneRun> {
  const next = createPaperGenerator(builtInModel(), 11);
  const corpus = job.dayDir ? readDayFiles(job.dayDir) : Array.from({ length: 10_000 }, (_, i) => next(i));
  const random = seededRandom(515);
  // One re-poll 15 minutes after the last: each changed paper gained 1 to 5 upvotes, and every seventh got its code.
  const changed: Paper[] = corpus
    .slice(0, job.changed)
    .map((p, i) => ({ ...p, upvotes: p.upvotes + 1 + Math.floor(random() * 5), ...(i % 7 === 0 ? { githubRepo: `https://github.com/example/${p.id}` } : {}) }));
  const marks = new Map<string, MilestoneMark>(
    corpus.slice(0, job.changed).map((p, i) => [p.id, { paperId: p.id, upvotes: p.upvotes, hasCode: i % 7 !== 0, topOfDay: false }]),
  );
  // Watches over ten times as many papers as changed, so most watch papers that did not change.
  const watched = corpus.slice(0, Math.min(corpus.length, job.changed * 10));
  const watches: Watch[] = Array.from({ length: job.watches }, (_, i) => ({
    person: { platform: 'discord', userId: `w${i % 20_000}` },
    paperId: watched[Math.floor(random() * watched.length)]!.id,
    createdAt: '',
  }));
  // People ask for round numbers.
  const waiting: Subscription[] = subscriptions(job.topics, 616, corpus).map((s) => ({ ...s, minUpvotes: THRESHOLDS[Math.floor(random() * THRESHOLDS.length)]! }));
  collectGarbage();
  const built = performance.now();
  const topics = createThresholdTopics(waiting);
  const buildMs = performance.now() - built;
  // The watches by paper, as the scan is handed them (in a process, from the watches of the re-polled papers).
  const watchers = watchersOf(watches);
  const scan = () => scanMilestones({ papers: changed.map((p) => ({ ...p })), marks, unseen: (p) => ({ paperId: p.id, upvotes: 0, hasCode: false, topOfDay: false }), watchers, topics });
  scan();
  const times: number[] = [];
  let alerts: PendingAlert[] = [];
  for (let r = 0; r < REPEATS; r++) {
    collectGarbage();
    const start = performance.now();
    alerts = scan().alerts;
    times.push(performance.now() - start);
  }
  const baseline = everyWatchAndTopic(changed, marks, watches, waiting, alerts);
  return { ms: [...times].sort((a, b) => a - b)[Math.floor(REPEATS / 2)]!, buildMs, baselineMs: baseline.ms, alerts: alerts.length, identical: baseline.identical };
}

function everyWatchAndTopic(papers: readonly Paper[], marks: ReadonlyMap<string, MilestoneMark>, watches: readonly Watch[], waiting: readonly Subscription[], found: readonly PendingAlert[]) {
  const compiled = waiting.flatMap((s) => {
    try {
      return [{ s, match: createDocumentMatcher(parseQuery(s.topic)) }];
    } catch {
      return [];
    }
  });
  const tops = new Map<string, Paper>();
  for (const p of papers) if (p.dailyDate && (!tops.has(p.dailyDate) || p.upvotes > tops.get(p.dailyDate)!.upvotes)) tops.set(p.dailyDate, p);
  const start = performance.now();
  const keys = new Set<string>();
  for (const p of papers) {
    const old = marks.get(p.id)!;
    for (const w of watches) {
      if (w.paperId !== p.id) continue;
      if (!old.hasCode && p.githubRepo !== undefined) keys.add(`${w.person.userId}|${p.id}|code`);
      for (const n of UPVOTE_MILESTONES) if (old.upvotes < n && p.upvotes >= n) keys.add(`${w.person.userId}|${p.id}|upvotes-${n}`);
    }
  }
  const docs = papers.map((p) => ({ p, doc: prepareDocument(p), old: marks.get(p.id)!.upvotes }));
  for (const { s, match } of compiled) {
    for (const { p, doc, old } of docs) if (old < s.minUpvotes! && p.upvotes >= s.minUpvotes! && match(doc)) keys.add(`${s.person.userId}|${p.id}|topic`);
  }
  const ms = performance.now() - start;
  // Top of the day depends on ties the scan breaks by rank; compare what both find apart from it.
  const served = new Set(found.flatMap((a) => (a.milestone === 'top-of-day' ? [] : [`${a.person.userId}|${a.paperId}|${a.milestone ?? 'topic'}`])));
  return { ms, identical: served.size === keys.size && [...served].every((k) => keys.has(k)) };
}

serveChild(import.meta.url, run);
