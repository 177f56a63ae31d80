/**
 * Hugging Face items to core `Paper`s: whitespace and arXiv line wraps folded, versions dropped from
 * ids, links checked (safe-url.ts), and the daily date worked out the same way whichever shape the
 * item came in.
 */
import type { Paper } from '../../core/paper.js';
import type { HfLogger } from './http.js';
import { cleanUrl } from '../../core/safe-url.js';
import type { HfDailyItem, HfEntry, HfPaper } from './schemas.js';

/**
 * How the items were asked for; it decides the daily date of items without `submittedOnDailyAt`.
 * `date`: a daily list for that day. `month`: a month list. `search`/`lookup`/`trending` (the
 * trending list, across days): not one day's list.
 */
export type FetchContext =
  | { readonly kind: 'date'; readonly date: string }
  | { readonly kind: 'month'; readonly month: string }
  | { readonly kind: 'search' }
  | { readonly kind: 'lookup' }
  | { readonly kind: 'trending' };

const ARXIV_VERSION = /v\d+$/i;
const CLEAN_ASCII = /^[!-~]+(?: [!-~]+)*$/;
/**
 * A run of whitespace that is not already one plain space: the same runs `\s+` folds, without a
 * match (and a copy) at every space between two words (docs/decisions/0012-measured-choices.md).
 */
const WHITESPACE_RUN = /[^\S ]\s*| \s+/g;
/**
 * What `toISOString` prints unchanged. Days 29 to 31 are left to `Date`, which rolls an impossible
 * one (February 30th) over into the next month.
 */
const CANONICAL_ISO = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

/** `2405.01234v2` → `2405.01234`. Papers are one entry whatever version was listed. */
export function stripVersion(id: string): string {
  return id.trim().replace(ARXIV_VERSION, '');
}

/**
 * Folds arXiv hard wraps (`"\n  "`) and runs of whitespace into single spaces, keeping paragraph
 * breaks (a blank line) as exactly one blank line.
 */
export function cleanText(text: string): string {
  // Most titles, names and keywords are printable ASCII words between single spaces, which the
  // folding below would return unchanged (ASCII is its own NFC form); this test costs a fraction
  // of the folding (docs/decisions/0012-measured-choices.md).
  if (CLEAN_ASCII.test(text)) return text;
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .split(/\n[^\S\n]*\n\s*/)
    .map((paragraph) => paragraph.replace(WHITESPACE_RUN, ' ').trim())
    .filter((paragraph) => paragraph !== '')
    .join('\n\n');
}

/** The UTC calendar day of an ISO timestamp. */
export function utcDay(iso: string): string {
  return utcIso(iso).slice(0, 10);
}

/** An ISO timestamp in `Date.prototype.toISOString` form; Hugging Face already sends most in it. */
function utcIso(iso: string): string {
  return CANONICAL_ISO.test(iso) ? iso : new Date(iso).toISOString();
}

/** `logger` hears (at debug level) of each link dropped as unsafe. */
export function normalizeEntry(entry: HfEntry, context: FetchContext, logger?: HfLogger): Paper {
  return entry.kind === 'item' ? normalizeItem(entry.item, context, logger) : normalizePaper(entry.paper, undefined, context, logger);
}

export function normalizeItem(item: HfDailyItem, context: FetchContext, logger?: HfLogger): Paper {
  return normalizePaper(item.paper, item, context, logger);
}

function normalizePaper(paper: HfPaper, item: HfDailyItem | undefined, context: FetchContext, logger: HfLogger | undefined): Paper {
  const id = stripVersion(paper.id);
  const org = paper.organization ?? item?.organization;
  const aiSummary = paper.ai_summary ? cleanText(paper.ai_summary) : '';
  const link = (field: string, value: string | null | undefined) =>
    cleanUrl(value, (reason) => {
      // Before an `@` there may be a user name and password (even in a link too broken to parse):
      // credentials never reach a log line.
      const url = value?.includes('@') ? {} : { url: value?.slice(0, 200) };
      logger?.debug?.({ paper: id, field, reason, ...url }, 'dropped a link from Hugging Face');
    });
  return {
    id,
    title: cleanText(paper.title),
    summary: cleanText(paper.summary),
    // Authors flagged `hidden` are kept: the flag means the person hid the paper from their own
    // profile page, not that they are not an author (the first author is often the one flagged).
    authors: paper.authors.map((a) => cleanText(a.name)).filter((name) => name !== ''),
    organization: org ? { name: org.name.trim(), fullname: org.fullname?.trim() || undefined } : undefined,
    upvotes: paper.upvotes,
    numComments: item?.numComments ?? 0,
    githubRepo: link('githubRepo', paper.githubRepo),
    githubStars: paper.githubStars ?? undefined,
    projectPage: link('projectPage', paper.projectPage),
    aiSummary: aiSummary === '' ? undefined : aiSummary,
    aiKeywords: (paper.ai_keywords ?? []).map(cleanText).filter((k) => k !== ''),
    publishedAt: utcIso(paper.publishedAt),
    dailyDate: dailyDate(paper, item, context),
    thumbnail: link('thumbnail', item?.thumbnail),
  };
}

/**
 * The UTC day of `paper.submittedOnDailyAt` when present. Without it (a quarter of the items
 * recorded before April 2025): a date list's own date, which the recorded history always agrees
 * with; in a month list, the UTC day of the item's top-level `publishedAt`, which matched the day
 * the item was listed on for 83% of the 2,504 recorded cases (the rest were listed a day or more
 * later, never earlier), while `paper.publishedAt` (the arXiv date) matched none. As the item is in
 * that month's list, a day before the month becomes the month's first day. Search and lookup
 * results are not daily lists, so they get a daily date only from `submittedOnDailyAt`.
 */
function dailyDate(paper: HfPaper, item: HfDailyItem | undefined, context: FetchContext): string | undefined {
  if (paper.submittedOnDailyAt) return utcDay(paper.submittedOnDailyAt);
  if (context.kind === 'date') return context.date;
  if (context.kind !== 'month' || !item?.publishedAt) return undefined;
  const day = utcDay(item.publishedAt);
  const first = `${context.month}-01`;
  if (day < first) return first;
  return day.slice(0, 7) > context.month ? lastDayOf(context.month) : day;
}

function lastDayOf(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10);
}
