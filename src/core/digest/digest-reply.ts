import { startOfDay } from '../calendar-date.js';
import type { Reply } from '../message.js';
import type { DigestKind } from '../ports.js';
import type { DigestResult } from './build-digest.js';

/** Each kind's heading: the week's papers are named as such, with the week's range after them. */
const TITLES: Readonly<Record<DigestKind, string>> = { daily: 'Daily Papers', weekly: "The week's papers", trending: 'Trending papers' };

const LABEL = new Intl.DateTimeFormat('en-IE', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/**
 * The digest as one public message. Undefined when there is nothing to post, unless the channel
 * asked to hear "no new papers" (`emptyText`).
 */
export function digestReply(result: DigestResult, options: { emptyText?: boolean } = {}): Reply | undefined {
  const label = dateLabel(result.dates);
  const kind = result.kind ?? 'daily';
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
      { type: 'heading', text: label === '' ? TITLES[kind] : `${TITLES[kind]} · ${label}` },
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
