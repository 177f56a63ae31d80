/** `/papers today`: the latest daily list, most upvoted first. */
import { startOfDay, utcDate } from '../calendar-date.js';
import { rankPapers } from '../digest/rank.js';
import { textReply, type Reply } from '../message.js';
import type { PaperRepository } from '../ports.js';

export const TODAY_COUNT = 10;

export interface TodayUseCase {
  show(now: Date): Promise<Reply>;
}

export function createToday(deps: { readonly papers: Pick<PaperRepository, 'dailyDates' | 'byDailyDates'> }): TodayUseCase {
  async function show(now: Date): Promise<Reply> {
    const today = utcDate(now);
    const date = (await deps.papers.dailyDates({ to: today })).at(-1);
    if (date === undefined) {
      return textReply('No daily papers are stored yet; they arrive with the next ingest (or run `paperboy ingest`).');
    }
    const all = await deps.papers.byDailyDates([date]);
    const top = rankPapers(all).slice(0, TODAY_COUNT);
    const when = date === today ? 'today' : `on ${longDate(date)}`;
    return {
      visibility: 'private',
      blocks: [
        { type: 'heading', text: `${top.length < all.length ? `Top ${top.length} of ${all.length}` : all.length} papers ${when} (${date})` },
        { type: 'papers', items: top.map((paper, i) => ({ paper, rank: i + 1 })), detail: 'brief', shareable: true, votable: true },
      ],
    };
  }
  return { show };
}

function longDate(date: string): string {
  return new Date(startOfDay(date)).toLocaleDateString('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  });
}
