import { addDays } from '../calendar-date.js';
import { parseQuery } from '../query/parse.js';
import { createMatcher } from '../query/match.js';
import type { Paper } from '../paper.js';
import type { DigestRepository, PaperRepository, TargetRef } from '../ports.js';
import { lastCompleteDay, parseDailyDate, selectDigestDates } from './dates.js';
import { rankPapers } from './rank.js';

export interface DigestRequest {
  /** Where it will be posted; papers already posted there are left out. */
  readonly target?: TargetRef | undefined;
  readonly settings: { readonly top: number; readonly minUpvotes: number; readonly topic?: string | undefined };
  /** The scheduled slot: covers the complete days since the target's previous digest. */
  readonly slot?: Date | undefined;
  /** Exactly this daily date (a preview or `paperboy digest --date`); wins over `slot`. */
  readonly date?: string | undefined;
}

export interface DigestResult {
  /** The daily dates covered, ascending; empty when there is no complete day to cover. */
  readonly dates: string[];
  /** The last covered date, to record with the digest; absent when `dates` is empty. */
  readonly coveredUntil?: string;
  /** Ranked, at most `top`. */
  readonly papers: Paper[];
  /** How many papers passed every filter (`papers` is the top of them). */
  readonly considered: number;
}

export async function buildDigest(
  deps: { readonly papers: PaperRepository; readonly digests: DigestRepository },
  request: DigestRequest,
): Promise<DigestResult> {
  const { top, minUpvotes, topic } = request.settings;
  const matcher = topic === undefined || topic.trim() === '' ? undefined : createMatcher(parseQuery(topic));
  const dates = await digestDates(deps, request);
  if (dates.length === 0) return { dates, papers: [], considered: 0 };

  let eligible: Paper[] = (await deps.papers.byDailyDates(dates)).filter(
    (p) => p.upvotes >= minUpvotes && (matcher === undefined || matcher(p)),
  );
  if (request.target && eligible.length > 0) {
    const posted = await deps.digests.postedIds(
      request.target,
      eligible.map((p) => p.id),
    );
    eligible = eligible.filter((p) => !posted.has(p.id));
  }
  return {
    dates,
    coveredUntil: dates[dates.length - 1]!,
    papers: rankPapers(eligible).slice(0, Math.max(0, top)),
    considered: eligible.length,
  };
}

async function digestDates(
  deps: { readonly papers: PaperRepository; readonly digests: DigestRepository },
  request: DigestRequest,
): Promise<string[]> {
  if (request.date !== undefined) return [parseDailyDate(request.date)];
  if (request.slot === undefined) return (await deps.papers.dailyDates({})).slice(-1);
  const lastComplete = lastCompleteDay(request.slot);
  const previous = request.target ? await deps.digests.last(request.target) : undefined;
  const coveredUntil = previous?.coveredUntil;
  const available = await deps.papers.dailyDates(
    coveredUntil === undefined ? { to: lastComplete } : { from: addDays(coveredUntil, 1), to: lastComplete },
  );
  return selectDigestDates({ available, lastComplete, coveredUntil });
}
