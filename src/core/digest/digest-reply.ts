import { startOfDay } from '../calendar-date.js';
import type { Reply } from '../message.js';
import type { DigestResult } from './build-digest.js';

const LABEL = new Intl.DateTimeFormat('en-IE', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

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
      { type: 'papers', detail: 'brief', votable: true, items: result.papers.map((paper, i) => ({ paper, rank: i + 1 })) },
      { type: 'text', text: `${count} · huggingface.co/papers` },
    ],
  };
}

/**
 * "Wed 3 Jun 2026", or a range that names the month and year only where they change: "Mon 1 – Wed 3
 * Jun 2026", "Fri 29 May – Mon 1 Jun 2026". Irish English writes that shape (British English adds a
 * comma after the weekday; both shorten September to "Sept"); ICU's thin spaces around the dash
 * become plain ones.
 */
export function dateLabel(dates: readonly string[]): string {
  const first = dates[0];
  const last = dates[dates.length - 1];
  if (first === undefined || last === undefined) return '';
  return LABEL.formatRange(startOfDay(first), startOfDay(last)).replace(/[\u2009\u202f]/g, ' ');
}

function plural(n: number): string {
  return n === 1 ? '1 paper' : `${n} papers`;
}
