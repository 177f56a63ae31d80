/**
 * `/papers search <query>` and `paperboy search`: the local index first; when it cannot fill one
 * page, Hugging Face's own search too, whose papers are stored so the next search finds them locally.
 */
import { UpstreamError, UserError } from '../errors.js';
import type { Block, Reply } from '../message.js';
import type { Paper } from '../paper.js';
import type { PaperRepository, PaperSource } from '../ports.js';
import type { Phrase, Query } from '../query/ast.js';
import { parseQuery } from '../query/parse.js';

export const SEARCH_PAGE_SIZE = 5;
/** Hugging Face's search takes a short free-text query. */
export const SOURCE_QUERY_LENGTH = 250;
export const OFFLINE_NOTICE = 'Hugging Face could not be reached, so these are local results only.';

export interface SearchDeps {
  readonly papers: Pick<PaperRepository, 'search' | 'upsert' | 'filterMatching'>;
  readonly source: Pick<PaperSource, 'search'>;
}

export interface SearchResult {
  readonly paper: Paper;
  /** The local index's blended score; null for papers only Hugging Face's search found. */
  readonly score: number | null;
  readonly origin: 'local' | 'huggingface';
}

export interface SearchResults {
  readonly query: string;
  readonly results: readonly SearchResult[];
  /** Matches in all, across pages. */
  readonly total: number;
  /** Hugging Face was asked and could not be reached. */
  readonly offline: boolean;
}

export interface SearchUseCase {
  /** One page of results as a Reply (private, shareable, with paging). */
  run(input: { readonly query: string; readonly page?: number | undefined }, now: Date): Promise<Reply>;
  /** The top results as data, for `paperboy search --json`; `local` skips Hugging Face. */
  results(
    input: { readonly query: string; readonly limit?: number | undefined; readonly local?: boolean | undefined },
    now: Date,
  ): Promise<SearchResults>;
}

interface Window {
  readonly limit: number;
  readonly offset: number;
}

export function createSearch(deps: SearchDeps): SearchUseCase {
  const { papers, source } = deps;

  async function collect(text: string, window: Window, localOnly: boolean, now: Date): Promise<SearchResults> {
    const query = parseQuery(text);
    const page = await papers.search(query, window);
    const asLocal = (hits: typeof page.hits): SearchResult[] =>
      hits.map((h) => ({ paper: h.paper, score: h.score, origin: 'local' }));
    if (localOnly || page.total >= window.limit) {
      return { query: text, results: asLocal(page.hits), total: page.total, offline: false };
    }
    // Fewer local matches than one page holds, so every local match is in a first-page window.
    const local = window.offset === 0 ? page.hits : (await papers.search(query, { limit: window.limit, offset: 0 })).hits;
    let remote: Paper[];
    try {
      remote = await source.search(sourceQuery(query));
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      return { query: text, results: asLocal(page.hits), total: page.total, offline: true };
    }
    const fresh = uniqueById(remote.filter((p) => !local.some((h) => h.paper.id === p.id)));
    if (remote.length > 0) await papers.upsert(remote, 'search', now);
    const kept = await withoutExcluded(query, fresh);
    const merged: SearchResult[] = [
      ...asLocal(local),
      ...kept.map((paper): SearchResult => ({ paper, score: null, origin: 'huggingface' })),
    ];
    return {
      query: text,
      results: merged.slice(window.offset, window.offset + window.limit),
      total: merged.length,
      offline: false,
    };
  }

  /** Hugging Face's search is semantic and ignores `-word`; the person still asked not to see those. */
  async function withoutExcluded(query: Query, candidates: Paper[]): Promise<Paper[]> {
    if (query.none.length === 0 || candidates.length === 0) return candidates;
    const excluded = await papers.filterMatching(
      { all: [{ anyOf: query.none }], none: [] },
      candidates.map((p) => p.id),
    );
    return candidates.filter((p) => !excluded.has(p.id));
  }

  async function run(input: { readonly query: string; readonly page?: number | undefined }, now: Date): Promise<Reply> {
    const text = input.query.trim();
    const pageNumber = input.page ?? 1;
    if (!Number.isInteger(pageNumber) || pageNumber < 1) {
      throw new UserError(`Pages are numbered from 1; try page:1.`);
    }
    const found = await collect(text, { limit: SEARCH_PAGE_SIZE, offset: (pageNumber - 1) * SEARCH_PAGE_SIZE }, false, now);
    const notice: Block[] = found.offline ? [{ type: 'notice', tone: 'warning', text: OFFLINE_NOTICE }] : [];
    if (found.total === 0) {
      return {
        visibility: 'private',
        blocks: [
          ...notice,
          { type: 'text', text: `Nothing matches "${text}" yet; try fewer words or an OR, e.g. diffusion OR "flow matching".` },
        ],
      };
    }
    const pageCount = Math.ceil(found.total / SEARCH_PAGE_SIZE);
    if (pageNumber > pageCount) {
      throw new UserError(
        `"${text}" has ${pageCount === 1 ? 'only 1 page' : `only ${pageCount} pages`} of results; try page:${pageCount}.`,
      );
    }
    const first = (pageNumber - 1) * SEARCH_PAGE_SIZE;
    return {
      visibility: 'private',
      blocks: [
        ...notice,
        { type: 'heading', text: `${found.total} result${found.total === 1 ? '' : 's'} for "${text}"` },
        {
          type: 'papers',
          detail: 'brief',
          shareable: true,
          items: found.results.map((r, i) => ({
            paper: r.paper,
            rank: first + i + 1,
            origin: r.origin,
            ...(r.score === null ? {} : { score: r.score }),
          })),
        },
      ],
      paging: { command: 'search', query: text, page: pageNumber, pageCount, total: found.total },
    };
  }

  async function results(
    input: { readonly query: string; readonly limit?: number | undefined; readonly local?: boolean | undefined },
    now: Date,
  ): Promise<SearchResults> {
    const limit = input.limit ?? 10;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw new UserError(`The limit must be a whole number from 1 to 100, e.g. --limit 10.`);
    }
    return collect(input.query.trim(), { limit, offset: 0 }, input.local ?? false, now);
  }

  return { run, results };
}

/** The words and phrases to look for, as free text: exclusions and syntax mean nothing to Hugging Face. */
export function sourceQuery(query: Query): string {
  const phrases = query.all.flatMap((group) => group.anyOf);
  const text = phrases.filter((p) => p.field === 'text');
  const chosen: readonly Phrase[] = text.length > 0 ? text : phrases;
  let out = '';
  for (const phrase of chosen) {
    const next = out === '' ? phrase.tokens.join(' ') : `${out} ${phrase.tokens.join(' ')}`;
    if (next.length > SOURCE_QUERY_LENGTH) break;
    out = next;
  }
  return out === '' ? (chosen[0]?.tokens.join(' ') ?? '').slice(0, SOURCE_QUERY_LENGTH) : out;
}

function uniqueById(list: readonly Paper[]): Paper[] {
  const seen = new Set<string>();
  return list.filter((p) => (seen.has(p.id) ? false : (seen.add(p.id), true)));
}
