/**
 * The Hugging Face papers API as a `PaperSource`: daily and month lists (paged until a short page,
 * deduplicated by paper id), Hugging Face's own search, and single-paper lookup.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { isCalendarDate } from '../../core/calendar-date.js';
import { UpstreamError, UserError } from '../../core/errors.js';
import type { Paper } from '../../core/paper.js';
import type { PaperSource } from '../../core/ports.js';
import { createHfHttp, type HfHttp, type HfLogger } from './http.js';
import { normalizeEntry, normalizeItem, stripVersion, type FetchContext } from './normalize.js';
import { MalformedResponse, parseDailyList, parsePaperDetail, parseSearchList } from './schemas.js';

export interface HuggingFaceSourceOptions {
  /** `https://huggingface.co`, a mirror, or a test server. */
  readonly baseUrl: string;
  /** Raises the quota; sent as `Authorization: Bearer`, never logged. */
  readonly token?: string | undefined;
  /** Per request, body included. Default 20 s. */
  readonly timeoutMs?: number;
  /** Retries after the first attempt. Default 4. */
  readonly retries?: number;
  /** Items asked for per page (`limit`). Default 100, the most Hugging Face serves. */
  readonly pageSize?: number;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly logger?: HfLogger;
  /** Told of every answer: its HTTP status, or `network` / `timeout` when none came. */
  readonly onRequest?: (status: string) => void;
}

/** Papers asked for in the trending list: a digest shows at most 25. */
export const TRENDING_LIMIT = 50;
/** Hugging Face rejects longer search queries. */
export const MAX_SEARCH_LENGTH = 250;
/** A month is about 1,000 papers; this only stops a server that ignores `p` from looping forever. */
const MAX_PAGES = 200;
const SERVICE = 'huggingface';

export function createHuggingFaceSource(options: HuggingFaceSourceOptions): PaperSource {
  const http = createHfHttp({
    baseUrl: options.baseUrl,
    token: options.token,
    timeoutMs: options.timeoutMs ?? 20_000,
    retries: options.retries ?? 4,
    fetch: options.fetch ?? globalThis.fetch,
    sleep: options.sleep ?? ((ms) => delay(ms)),
    logger: options.logger,
    onRequest: options.onRequest,
  });
  const pageSize = options.pageSize ?? 100;

  return {
    async daily(date) {
      if (!isCalendarDate(date)) throw new UserError(`"${date}" is not a date; use YYYY-MM-DD, for example 2026-06-03.`);
      return pagedList(http, pageSize, { date }, `daily_papers?date=${date}`, { kind: 'date', date }, options.logger);
    },

    async month(month) {
      if (!isMonth(month)) throw new UserError(`"${month}" is not a month; use YYYY-MM, for example 2026-06.`);
      return pagedList(http, pageSize, { month }, `daily_papers?month=${month}`, { kind: 'month', month }, options.logger);
    },

    async search(q) {
      const query = cutQuery(q);
      if (query === '') return [];
      const label = `papers/search?q=${query}`;
      const answer = await http.getJson('/api/papers/search', { q: query }, label, [400], 'interactive');
      if (answer.status === 400) {
        throw new UpstreamError(`Hugging Face rejected the search "${query}" (HTTP 400).`, SERVICE, 400);
      }
      const entries = parseOrThrow(() => parseSearchList(answer.body), label);
      return dedupe(entries.map((entry) => normalizeEntry(entry, { kind: 'search' }, options.logger)));
    },

    async trending() {
      // One page: the list is "what is trending now", and a digest takes the top of it.
      const label = 'daily_papers?sort=trending';
      const answer = await http.getJson('/api/daily_papers', { sort: 'trending', limit: String(TRENDING_LIMIT) }, label, []);
      const items = parseOrThrow(() => parseDailyList(answer.body), label);
      return dedupe(items.map((item) => normalizeItem(item, { kind: 'trending' }, options.logger)));
    },

    async paper(id) {
      const bare = stripVersion(id);
      if (bare === '') return undefined;
      const label = `papers/${bare}`;
      const answer = await http.getJson(`/api/papers/${encodeURIComponent(bare)}`, {}, label, [404], 'interactive');
      if (answer.status === 404) return undefined;
      const entry = parseOrThrow(() => parsePaperDetail(answer.body), label);
      return normalizeEntry(entry, { kind: 'lookup' }, options.logger);
    },
  };
}

async function pagedList(
  http: HfHttp,
  pageSize: number,
  query: Record<string, string>,
  label: string,
  context: FetchContext,
  logger: HfLogger | undefined,
): Promise<Paper[]> {
  const byId = new Map<string, Paper>();
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const pageLabel = page === 0 ? label : `${label}&p=${page}`;
    const answer = await http.getJson(
      '/api/daily_papers',
      { ...query, limit: String(pageSize), p: String(page) },
      pageLabel,
      [400],
    );
    if (answer.status === 400) throw new UpstreamError(noListMessage(context, query), SERVICE, 400);
    const items = parseOrThrow(() => parseDailyList(answer.body), pageLabel);
    let fresh = 0;
    for (const item of items) {
      const paper = normalizeItem(item, context, logger);
      if (!byId.has(paper.id)) fresh += 1;
      // The list can grow while we page, pushing an item onto the next page too; the later copy
      // was read later, so its counts are the fresher ones.
      byId.set(paper.id, paper);
    }
    if (items.length < pageSize) break;
    if (fresh === 0) {
      logger?.debug?.({ request: pageLabel }, 'Hugging Face repeated a full page; stopping there');
      break;
    }
  }
  return [...byId.values()];
}

function noListMessage(context: FetchContext, query: Record<string, string>): string {
  if (context.kind === 'date') {
    return `Hugging Face has no list for ${context.date} (HTTP 400; dates in the future have none).`;
  }
  return `Hugging Face has no list for ${query.month ?? 'that month'} (HTTP 400; months in the future have none).`;
}

function parseOrThrow<T>(parse: () => T, label: string): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof MalformedResponse) {
      throw new UpstreamError(`Hugging Face sent a malformed response for ${label}: ${error.detail}.`, SERVICE, undefined, {
        cause: error,
      });
    }
    throw error;
  }
}

function dedupe(papers: readonly Paper[]): Paper[] {
  const byId = new Map<string, Paper>();
  for (const paper of papers) if (!byId.has(paper.id)) byId.set(paper.id, paper);
  return [...byId.values()];
}

/** Trims and cuts to what the API accepts, at a word boundary when there is one nearby. */
export function cutQuery(q: string): string {
  const trimmed = q.replace(/\s+/g, ' ').trim();
  if (trimmed.length <= MAX_SEARCH_LENGTH) return trimmed;
  let cut = trimmed.slice(0, MAX_SEARCH_LENGTH);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const space = cut.lastIndexOf(' ');
  return (space > MAX_SEARCH_LENGTH * 0.6 ? cut.slice(0, space) : cut).trim();
}

function isMonth(value: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}
