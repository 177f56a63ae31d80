/**
 * Runs the milestone scan after each fetch: reads the marks and watches of the fetched papers,
 * scans, and records the alerts with the new marks in one transaction (so a crash in between
 * neither loses a milestone nor alerts one twice; the next re-poll sees the same change again).
 */
import type { Paper } from '../paper.js';
import type { MilestoneMark, MilestoneRepository, Subscription, SubscriptionRepository, WatchRepository } from '../ports.js';
import { createThresholdTopics, scanMilestones, watchersOf, type ThresholdTopics } from './milestones.js';

export interface MilestonePassDeps {
  readonly milestones: MilestoneRepository;
  readonly watches: Pick<WatchRepository, 'ofPapers'>;
  readonly subscriptions: Pick<SubscriptionRepository, 'all'>;
}

export interface MilestonePass {
  /**
   * Scans `papers` as just fetched; `isNews` says which papers never scanned are news (they alert
   * as they cross) rather than archive. Returns how many alerts were queued.
   */
  run(papers: readonly Paper[], isNews: (paper: Paper) => boolean, at: Date): Promise<number>;
}

export function createMilestonePass(deps: MilestonePassDeps): MilestonePass {
  // Topics are indexed again only when those that wait for upvotes changed.
  let cached: { readonly key: string; readonly topics: ThresholdTopics } | undefined;

  function thresholdTopics(subscriptions: readonly Subscription[]): ThresholdTopics {
    const waiting = subscriptions.filter((s) => s.minUpvotes !== undefined);
    const key = waiting.map((s) => `${s.id}:${s.minUpvotes}:${s.person.platform}:${s.person.userId}:${s.topic}`).join('\n');
    if (cached?.key !== key) cached = { key, topics: createThresholdTopics(waiting) };
    return cached.topics;
  }

  return {
    async run(papers, isNews, at) {
      if (papers.length === 0) return 0;
      const ids = papers.map((p) => p.id);
      const [marks, watches, subscriptions] = await Promise.all([deps.milestones.marks(ids), deps.watches.ofPapers(ids), deps.subscriptions.all()]);
      const unseen = (paper: Paper): MilestoneMark =>
        isNews(paper)
          ? { paperId: paper.id, upvotes: 0, hasCode: false, topOfDay: false }
          : // As it is now, and counted as top of its day already: nothing to announce until it changes.
            { paperId: paper.id, upvotes: paper.upvotes, hasCode: paper.githubRepo !== undefined, topOfDay: true };
      const found = scanMilestones({ papers, marks, unseen, watchers: watchersOf(watches), topics: thresholdTopics(subscriptions) });
      if (found.alerts.length === 0 && found.marks.length === 0) return 0;
      return deps.milestones.record(found.alerts, found.marks, at);
    },
  };
}
