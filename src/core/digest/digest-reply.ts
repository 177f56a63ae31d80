import type { Reply } from '../message.js';
import type { DigestResult } from './build-digest.js';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/**
 * The digest as one public message. Undefined when there is nothing to post, unless the channel
 * asked to hear "no new papers" (`emptyText`).
 */
export function digestReply(result: DigestResult, options: { emptyText?: boolean } = {}): Reply | undefined {
  const label = dateLabel(result.dates);
  if (result.papers.length === 0) {
    if (!options.emptyText) return undefined;
    const text = label === '' ? 'No new papers yet.' : `No new papers for ${label}.`;
    return { visibility: 'public', blocks: [{ type: 'text', text }] };
  }
  const shown = result.papers.length;
  const count = shown < result.considered ? `${shown} of ${result.considered} papers` : plural(shown);
  return {
    visibility: 'public',
    blocks: [
      { type: 'heading', text: label === '' ? 'Daily Papers' : `Daily Papers · ${label}` },
      { type: 'papers', detail: 'brief', items: result.papers.map((paper, i) => ({ paper, rank: i + 1 })) },
      { type: 'text', text: `${count} · huggingface.co/papers` },
    ],
  };
}

/** "Wed 3 Jun 2026", or a range that names the month and year only where they change. */
export function dateLabel(dates: readonly string[]): string {
  const first = dates[0];
  const last = dates[dates.length - 1];
  if (first === undefined || last === undefined) return '';
  const end = parts(last);
  if (first === last) return `${end.weekday} ${end.day} ${end.month} ${end.year}`;
  const start = parts(first);
  const startText =
    start.year !== end.year
      ? `${start.weekday} ${start.day} ${start.month} ${start.year}`
      : start.month !== end.month
        ? `${start.weekday} ${start.day} ${start.month}`
        : `${start.weekday} ${start.day}`;
  return `${startText} – ${end.weekday} ${end.day} ${end.month} ${end.year}`;
}

function parts(date: string): { weekday: string; day: number; month: string; year: number } {
  const d = new Date(`${date}T00:00:00Z`);
  return {
    weekday: WEEKDAYS[d.getUTCDay()]!,
    day: d.getUTCDate(),
    month: MONTHS[d.getUTCMonth()]!,
    year: d.getUTCFullYear(),
  };
}

function plural(n: number): string {
  return n === 1 ? '1 paper' : `${n} papers`;
}
