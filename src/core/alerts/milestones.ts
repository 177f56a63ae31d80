/**
 * The milestone scan: from what a re-poll fetched and what the last scan saw of each paper (its
 * mark), the alerts due: for a watched paper, its code released, 50, 100 and 250 upvotes crossed,
 * top of its day; for a topic that waits for upvotes, a matching paper crossing that number. Pure
 * and synchronous; `milestone-pass.ts` reads and writes around it.
 */
import { comparePapers } from '../digest/rank.js';
import type { Paper } from '../paper.js';
import type { Milestone, MilestoneMark, PendingAlert, PersonRef, Subscription, Watch } from '../ports.js';
import { createAlertMatcher, type AlertMatcher } from './match-new-papers.js';

export const UPVOTE_MILESTONES = [50, 100, 250] as const;

/** The topics that wait for upvotes, indexed once and kept while the subscriptions stay the same. */
export interface ThresholdTopics {
  /** The distinct thresholds, ascending. */
  readonly thresholds: Int32Array<ArrayBuffer>;
  readonly matcher: AlertMatcher;
  /** Person and topic → the upvotes it waits for. */
  readonly minimum: ReadonlyMap<string, number>;
}

export function createThresholdTopics(subscriptions: readonly Subscription[]): ThresholdTopics {
  const waiting = subscriptions.filter((s) => s.minUpvotes !== undefined);
  const minimum = new Map(waiting.map((s) => [topicKey(s.person, s.topic), s.minUpvotes!]));
  const thresholds = Int32Array.from(new Set(minimum.values())).sort();
  return { thresholds, matcher: createAlertMatcher(waiting), minimum };
}

export interface MilestoneScan {
  readonly papers: readonly Paper[];
  /** What the last scan saw; a paper without a mark is compared with `unseen(paper)`. */
  readonly marks: ReadonlyMap<string, MilestoneMark>;
  /**
   * The starting point of a paper never scanned: nothing reached for news (it is alerted as it
   * crosses), or the paper as it is now for old papers a backfill brings (nothing alerted).
   */
  readonly unseen: (paper: Paper) => MilestoneMark;
  /** The watches of these papers. */
  readonly watches: readonly Watch[];
  readonly topics: ThresholdTopics;
}

export interface MilestoneFindings {
  readonly alerts: PendingAlert[];
  /** The marks that changed (or are new). */
  readonly marks: MilestoneMark[];
}

export function scanMilestones(scan: MilestoneScan): MilestoneFindings {
  const top = topsOfDays(scan.papers);
  const watchers = new Map<string, PersonRef[]>();
  for (const w of scan.watches) {
    const list = watchers.get(w.paperId);
    if (list) list.push(w.person);
    else watchers.set(w.paperId, [w.person]);
  }
  const alerts: PendingAlert[] = [];
  const marks: MilestoneMark[] = [];
  const crossing: Paper[] = [];
  const before = new Map<string, MilestoneMark>();
  for (const paper of scan.papers) {
    const old = scan.marks.get(paper.id) ?? scan.unseen(paper);
    const now: MilestoneMark = { paperId: paper.id, upvotes: paper.upvotes, hasCode: paper.githubRepo !== undefined, topOfDay: top.has(paper.id) };
    if (!scan.marks.has(paper.id) || old.upvotes !== now.upvotes || old.hasCode !== now.hasCode || old.topOfDay !== now.topOfDay) marks.push(now);
    const people = watchers.get(paper.id);
    if (people) {
      for (const milestone of reached(old, now)) for (const person of people) alerts.push({ person, paperId: paper.id, topics: [], milestone });
    }
    if (crossesAny(scan.topics.thresholds, old.upvotes, now.upvotes)) {
      crossing.push(paper);
      before.set(paper.id, old);
    }
  }
  if (crossing.length > 0) alerts.push(...thresholdAlerts(scan.topics, crossing, before));
  return { alerts, marks };
}

/** The milestones between two marks of one paper, in the order they read best. */
export function reached(old: MilestoneMark, now: MilestoneMark): Milestone[] {
  const out: Milestone[] = [];
  if (!old.hasCode && now.hasCode) out.push('code');
  for (const n of UPVOTE_MILESTONES) if (old.upvotes < n && now.upvotes >= n) out.push(`upvotes-${n}`);
  if (!old.topOfDay && now.topOfDay) out.push('top-of-day');
  return out;
}

function thresholdAlerts(topics: ThresholdTopics, papers: readonly Paper[], before: ReadonlyMap<string, MilestoneMark>): PendingAlert[] {
  const upvotes = new Map(papers.map((p) => [p.id, p.upvotes]));
  return topics.matcher.match(papers).flatMap((alert) => {
    const old = before.get(alert.paperId)!.upvotes;
    const now = upvotes.get(alert.paperId)!;
    const kept = alert.topics.filter((topic) => {
      const min = topics.minimum.get(topicKey(alert.person, topic));
      return min !== undefined && old < min && now >= min;
    });
    return kept.length > 0 ? [{ ...alert, topics: kept }] : [];
  });
}

/** Whether some threshold t has old < t ≤ now. */
function crossesAny(thresholds: Int32Array<ArrayBuffer>, old: number, now: number): boolean {
  if (now <= old || thresholds.length === 0) return false;
  let lo = 0;
  let hi = thresholds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (thresholds[mid]! <= old) lo = mid + 1;
    else hi = mid;
  }
  return lo < thresholds.length && thresholds[lo]! <= now;
}

/** The top paper of each daily date among `papers` (a re-poll fetches whole days). */
function topsOfDays(papers: readonly Paper[]): Set<string> {
  const best = new Map<string, Paper>();
  for (const paper of papers) {
    if (paper.dailyDate === undefined) continue;
    const current = best.get(paper.dailyDate);
    if (!current || comparePapers(paper, current) < 0) best.set(paper.dailyDate, paper);
  }
  return new Set([...best.values()].map((p) => p.id));
}

function topicKey(person: PersonRef, topic: string): string {
  return `${person.platform}\u0000${person.userId}\u0000${topic}`;
}
