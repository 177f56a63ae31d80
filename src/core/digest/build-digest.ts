import { addDays, utcDate } from '../calendar-date.js';
import { parseQuery } from '../query/parse.js';
import { createMatcher } from '../query/match.js';
import type { Paper } from '../paper.js';
import type { DigestKind, DigestRepository, PaperRepository, TargetRef } from '../ports.js';
import { lastCompleteDay, parseDailyDate, selectDigestDates, weekBefore } from './dates.js';
import { rankPapers } from './rank.js';

export interface DigestRequest {
  /** Where it will be posted; papers already posted there by a digest of the same kind are left out. */
  readonly target?: TargetRef | undefined;
  readonly settings: {
    readonly kind?: DigestKind | undefined;
    readonly top: number;
    readonly minUpvotes: number;
    readonly topic?: string | undefined;
  };
  /**
   * The scheduled slot: a daily digest covers the complete days since the target's previous one, a
   * weekly digest the seven UTC days before it, a trending digest the trending list at that time.
   */
  readonly slot?: Date | undefined;
  /** Exactly this daily date (a preview or `paperboy digest --date`); wins over `slot`. */
  readonly date?: string | undefined;
}

export interface DigestResult {
  readonly kind?: DigestKind | undefined;
  /** The daily dates covered, ascending (a trending digest: the slot's day); empty when there is nothing to cover. */
  readonly dates: string[];
  /** The last covered date, to record with the digest; absent when `dates` is empty. */
  readonly coveredUntil?: string;
  /** Ranked, at most `top`. */
  readonly papers: Paper[];
  /** How many papers passed every filter (`papers` is the top of them). */
  readonly considered: number;
}

export interface DigestSources {
  readonly papers: PaperRepository;
  readonly digests: DigestRepository;
  /** Hugging Face's trending list now, in its order; needed only for trending digests. */
  readonly trending?: (() => Promise<Paper[]>) | undefined;
}

export async function buildDigest(deps: DigestSources, request: DigestRequest): Promise<DigestResult> {
  const { top, minUpvotes, topic } = request.settings;
  const kind = request.settings.kind ?? 'daily';
  const matcher = topic === undefined || topic.trim() === '' ? undefined : createMatcher(parseQuery(topic));
  const { dates, candidates } = kind === 'trending' && request.date === undefined ? await trendingList(deps, request) : await byDates(deps, request, kind);
  if (dates.length === 0) return { kind, dates, papers: [], considered: 0 };

  let eligible: Paper[] = candidates.filter((p) => p.upvotes >= minUpvotes && (matcher === undefined || matcher(p)));
  if (request.target && eligible.length > 0) {
    const posted = await deps.digests.postedIds(
      request.target,
      eligible.map((p) => p.id),
      kind,
    );
    eligible = eligible.filter((p) => !posted.has(p.id));
  }
  return {
    kind,
    dates,
    coveredUntil: dates[dates.length - 1]!,
    // Trending keeps Hugging Face's order: that order is what "trending" means.
    papers: (kind === 'trending' ? eligible : rankPapers(eligible)).slice(0, Math.max(0, top)),
    considered: eligible.length,
  };
}

async function trendingList(deps: DigestSources, request: DigestRequest): Promise<{ dates: string[]; candidates: Paper[] }> {
  if (!deps.trending) throw new Error('a trending digest needs the trending list of the paper source');
  const candidates = await deps.trending();
  return { dates: [utcDate(request.slot ?? Date.now())], candidates };
}

async function byDates(deps: DigestSources, request: DigestRequest, kind: DigestKind): Promise<{ dates: string[]; candidates: Paper[] }> {
  const dates = await digestDates(deps, request, kind);
  return { dates, candidates: dates.length === 0 ? [] : await deps.papers.byDailyDates(dates) };
}

async function digestDates(deps: DigestSources, request: DigestRequest, kind: DigestKind): Promise<string[]> {
  if (request.date !== undefined) return [parseDailyDate(request.date)];
  if (request.slot === undefined) return (await deps.papers.dailyDates({})).slice(-1);
  if (kind === 'weekly') {
    const week = weekBefore(request.slot);
    // Every day of the week, papers or not (weekends rarely have any): the heading names the whole week.
    return (await deps.papers.dailyDates(week)).length === 0 ? [] : Array.from({ length: 7 }, (_, i) => addDays(week.from, i));
  }
  const lastComplete = lastCompleteDay(request.slot);
  const previous = request.target ? await deps.digests.last(request.target) : undefined;
  const coveredUntil = previous?.coveredUntil;
  const available = await deps.papers.dailyDates(
    coveredUntil === undefined ? { to: lastComplete } : { from: addDays(coveredUntil, 1), to: lastComplete },
  );
  return selectDigestDates({ available, lastComplete, coveredUntil });
}
