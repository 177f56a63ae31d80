/**
 * `/papers search <query>` and `paperboy search`: one merged answer. The search index ranks every
 * paper that matches the whole query. When those cannot fill a page, Hugging Face's own search is
 * asked too; its papers are stored (so those that match are ranked among the others from then on)
 * and the ids it returned are remembered for the query, so the same query gives the same list again,
 * in any letter case and after a restart. Its papers that do not match every word follow the full
 * matches as related ones, ranked by the same score over the words they hold; none of them holds an
 * excluded word or contradicts `author:` or `org:`.
 */
import { UpstreamError, UserError } from '../errors.js';
import type { Block, Reply } from '../message.js';
import type { Paper } from '../paper.js';
import type { Metrics, PaperRepository, PaperSource, SearchPage, SourceSearchRepository } from '../ports.js';
import type { Phrase, Query } from '../query/ast.js';
import { parseQuery } from '../query/parse.js';
import { compareTies } from '../search/reference-search.js';

export const SEARCH_PAGE_SIZE = 5;
/** Hugging Face's search takes a short free-text query. */
export const SOURCE_QUERY_LENGTH = 250;
export const OFFLINE_NOTICE = 'Hugging Face could not be reached, so these are local results only.';
/** How long Hugging Face's answer to a query is reused before it is asked again. */
export const SOURCE_ANSWER_TTL_MS = 24 * 60 * 60 * 1000;

export interface SearchDeps {
  readonly papers: Pick<PaperRepository, 'search' | 'upsert' | 'scoreMatching' | 'getMany'>;
  readonly source: Pick<PaperSource, 'search'>;
  readonly sourceSearches: SourceSearchRepository;
  /** Told how long the index took to rank each search (Hugging Face's round trip not included). */
  readonly metrics?: Pick<Metrics, 'searchSeconds'> | undefined;
}

export interface SearchResult {
  readonly paper: Paper;
  /** The search score (bm25 blended with upvotes); a related paper's counts the words it holds. */
  readonly score: number;
  /** `local`: matches the whole query. `huggingface`: related, found by Hugging Face's search. */
  readonly origin: 'local' | 'huggingface';
}

export interface SearchResults {
  readonly query: string;
  readonly results: readonly SearchResult[];
  /** Results in all, across pages: the full matches, then the related ones. */
  readonly total: number;
  /** The count of full matches was estimated from a sample. */
  readonly estimated: boolean;
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
  const { papers, source, sourceSearches } = deps;

  /** The first ranking of a search, timed (a second one, after storing Hugging Face's papers, is not). */
  async function ranked(query: Query, window: Window): Promise<SearchPage> {
    const started = performance.now();
    const page = await papers.search(query, window);
    deps.metrics?.searchSeconds((performance.now() - started) / 1000);
    return page;
  }

  async function collect(text: string, window: Window, localOnly: boolean, now: Date): Promise<SearchResults> {
    const query = parseQuery(text);
    let page = await ranked(query, window);
    const answer = (related: readonly SearchResult[], offline: boolean): SearchResults => {
      const full: SearchResult[] = page.hits.map((h) => ({ paper: h.paper, score: h.score, origin: 'local' }));
      const from = Math.max(0, window.offset - page.total);
      return {
        query: text,
        results: [...full, ...related.slice(from, from + window.limit - full.length)],
        total: page.total + related.length,
        estimated: page.estimated === true,
        offline,
      };
    };
    if (localOnly) return answer([], false);
    const key = sourceQuery(query);
    let remembered = await sourceSearches.get(key);
    if (!remembered || now.getTime() - remembered.fetchedAt.getTime() > SOURCE_ANSWER_TTL_MS) {
      if (page.total >= window.limit) return answer([], false);
      try {
        const found = await source.search(key);
        if (found.length > 0) await papers.upsert(found, 'search', now);
        remembered = { ids: [...new Set(found.map((p) => p.id))], fetchedAt: now };
        await sourceSearches.put(key, remembered.ids, now);
        if (found.length > 0) page = await papers.search(query, window);
      } catch (error) {
        if (!(error instanceof UpstreamError)) throw error;
        // Unreachable: an answer remembered from before still stands; without one, say so.
        if (!remembered) return answer([], true);
      }
    }
    return answer(await related(query, remembered.ids), false);
  }

  /**
   * Hugging Face's papers that do not match the whole query but hold no excluded word and agree
   * with every `author:` and `org:` group, best first: by the score of the query's words as
   * alternatives, then as search breaks ties.
   */
  async function related(query: Query, ids: readonly string[]): Promise<SearchResult[]> {
    if (ids.length === 0) return [];
    const full = await papers.scoreMatching(query, ids);
    const rest = ids.filter((id) => !full.has(id));
    const names = query.all.filter((g) => g.anyOf.some((p) => p.field !== 'text'));
    const allowed = await papers.scoreMatching({ all: names, none: query.none }, rest);
    const words = query.all.flatMap((g) => g.anyOf).filter((p) => p.field === 'text');
    const scores = words.length > 0 ? await papers.scoreMatching({ all: [{ anyOf: words }], none: [] }, [...allowed.keys()]) : new Map<string, number>();
    const found = await papers.getMany([...allowed.keys()]);
    return found
      .map((paper): SearchResult => ({ paper, score: scores.get(paper.id) ?? 0, origin: 'huggingface' }))
      .sort((a, b) => b.score - a.score || compareTies(a.paper, b.paper));
  }

  async function run(input: { readonly query: string; readonly page?: number | undefined }, now: Date): Promise<Reply> {
    const text = input.query.trim();
    const pageNumber = input.page ?? 1;
    if (!Number.isInteger(pageNumber) || pageNumber < 1) {
      throw new UserError(`Pages are numbered from 1; try page:1.`);
    }
    const found = await collect(text, { limit: SEARCH_PAGE_SIZE, offset: (pageNumber - 1) * SEARCH_PAGE_SIZE }, false, now);
    if (found.results.length === 0 && pageNumber > 1) {
      throw new UserError(`"${text}" has no results on page ${pageNumber}; try page:1.`);
    }
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
        { type: 'heading', text: `${found.estimated ? 'About ' : ''}${found.total} result${found.total === 1 ? '' : 's'} for "${text}"` },
        {
          type: 'papers',
          detail: 'brief',
          shareable: true,
          votable: true,
          items: found.results.map((r, i) => ({
            paper: r.paper,
            rank: first + i + 1,
            origin: r.origin,
            score: r.score,
          })),
        },
      ],
      paging: { command: 'search', page: pageNumber, pageCount, total: found.total },
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

