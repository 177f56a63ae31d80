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

/**
 * The topics that wait for upvotes, indexed once and kept while the subscriptions stay the same:
 * one matcher per threshold, so a paper that went from 18 to 21 upvotes is matched only against
 * the topics waiting for 19, 20 or 21 (a re-poll moves most papers by a few upvotes).
 */
export interface ThresholdTopics {
  /** The distinct thresholds, ascending, and the matcher of the topics waiting for each. */
  readonly thresholds: Int32Array<ArrayBuffer>;
  readonly matchers: readonly AlertMatcher[];
}

export function createThresholdTopics(subscriptions: readonly Subscription[]): ThresholdTopics {
  const byThreshold = new Map<number, Subscription[]>();
  for (const s of subscriptions) {
    if (s.minUpvotes === undefined) continue;
    const list = byThreshold.get(s.minUpvotes);
    if (list) list.push(s);
    else byThreshold.set(s.minUpvotes, [s]);
  }
  const thresholds = Int32Array.from(byThreshold.keys()).sort();
  return { thresholds, matchers: Array.from(thresholds, (t) => createAlertMatcher(byThreshold.get(t)!)) };
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
  /** Who watches a paper (none: undefined). */
  readonly watchers: (paperId: string) => readonly PersonRef[] | undefined;
  readonly topics: ThresholdTopics;
}

export interface MilestoneFindings {
  readonly alerts: PendingAlert[];
  /** The marks that changed (or are new). */
  readonly marks: MilestoneMark[];
}

export function scanMilestones(scan: MilestoneScan): MilestoneFindings {
  const top = topsOfDays(scan.papers);
  const alerts: PendingAlert[] = [];
  const marks: MilestoneMark[] = [];
  // Per threshold crossed by some paper, the papers that crossed it.
  const crossing = new Map<number, Paper[]>();
  for (const paper of scan.papers) {
    const old = scan.marks.get(paper.id) ?? scan.unseen(paper);
    const now: MilestoneMark = { paperId: paper.id, upvotes: paper.upvotes, hasCode: paper.githubRepo !== undefined, topOfDay: top.has(paper.id) };
    if (!scan.marks.has(paper.id) || old.upvotes !== now.upvotes || old.hasCode !== now.hasCode || old.topOfDay !== now.topOfDay) marks.push(now);
    const people = scan.watchers(paper.id);
    if (people) {
      for (const milestone of reached(old, now)) for (const person of people) alerts.push({ person, paperId: paper.id, topics: [], milestone });
    }
    const { thresholds } = scan.topics;
    for (let t = firstAbove(thresholds, old.upvotes); t < thresholds.length && thresholds[t]! <= now.upvotes; t++) {
      const papers = crossing.get(t);
      if (papers) papers.push(paper);
      else crossing.set(t, [paper]);
    }
  }
  for (const [t, papers] of crossing) for (const alert of scan.topics.matchers[t]!.match(papers)) alerts.push(alert);
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

/** Watches by paper, for `MilestoneScan.watchers`. */
export function watchersOf(watches: readonly Watch[]): (paperId: string) => readonly PersonRef[] | undefined {
  const byPaper = new Map<string, PersonRef[]>();
  for (const w of watches) {
    const list = byPaper.get(w.paperId);
    if (list) list.push(w.person);
    else byPaper.set(w.paperId, [w.person]);
  }
  return (paperId) => byPaper.get(paperId);
}

/** The index of the first threshold above `upvotes` (thresholds.length when none is). */
function firstAbove(thresholds: Int32Array<ArrayBuffer>, upvotes: number): number {
  let lo = 0;
  let hi = thresholds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (thresholds[mid]! <= upvotes) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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

