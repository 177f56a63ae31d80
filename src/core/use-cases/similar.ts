/** `/papers similar <id or URL>` and `paperboy similar`: the papers most like one paper. */
import { UpstreamError, UserError } from '../errors.js';
import { errorReply, textReply, type Reply } from '../message.js';
import type { Paper } from '../paper.js';
import { parsePaperRef } from '../paper-ref.js';
import type { PaperRepository, SearchHit, WordFrequencies } from '../ports.js';
import { findSimilar } from '../similar/similar-papers.js';
import type { PaperUseCase } from './paper.js';

/** What `/papers similar` shows. */
export const SIMILAR_SHOWN = 5;
export const MAX_SIMILAR = 50;

export interface SimilarUseCaseDeps {
  readonly papers: Pick<PaperRepository, 'search'>;
  readonly searchIndex: WordFrequencies;
  readonly lookup: Pick<PaperUseCase, 'find'>;
}

export interface SimilarUseCase {
  show(ref: string, now: Date): Promise<Reply>;
  /** The paper (looked up on Hugging Face when not stored) and the `limit` papers most like it. */
  results(ref: string, limit: number, now: Date): Promise<{ readonly paper: Paper; readonly results: SearchHit[] }>;
}

export function createSimilar(deps: SimilarUseCaseDeps): SimilarUseCase {
  async function results(ref: string, limit: number, now: Date) {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SIMILAR) throw new UserError(`The limit must be a whole number from 1 to ${MAX_SIMILAR}.`);
    const paper = await deps.lookup.find(ref, now);
    return { paper, results: await findSimilar({ papers: deps.papers, words: deps.searchIndex }, paper, limit) };
  }

  async function show(ref: string, now: Date): Promise<Reply> {
    let found: Awaited<ReturnType<typeof results>>;
    try {
      found = await results(ref, SIMILAR_SHOWN, now);
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      return errorReply(`${parsePaperRef(ref)} is not in the local database and Hugging Face could not be reached; try again in a minute.`);
    }
    const { paper } = found;
    if (found.results.length === 0) return textReply(`No stored paper shares enough words with ${paper.id} (${paper.title}) yet.`);
    const items = found.results.map((hit, i) => ({ paper: hit.paper, rank: i + 1, score: hit.score }));
    return {
      visibility: 'private',
      blocks: [
        { type: 'heading', text: `More like ${paper.id}: ${paper.title}` },
        { type: 'papers', items, detail: 'brief', shareable: true },
      ],
    };
  }

  return { show, results };
}
