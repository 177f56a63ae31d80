/** `/papers paper <id or URL>`: one paper in full, from the database or else from Hugging Face. */
import { UpstreamError, UserError } from '../errors.js';
import { errorReply, type Reply } from '../message.js';
import type { Paper } from '../paper.js';
import { parsePaperRef } from '../paper-ref.js';
import type { PaperRepository, PaperSource } from '../ports.js';

export interface PaperDeps {
  readonly papers: Pick<PaperRepository, 'get' | 'upsert'>;
  readonly source: Pick<PaperSource, 'paper'>;
}

export interface PaperUseCase {
  show(ref: string, now: Date): Promise<Reply>;
  /** The paper, fetched and stored when only Hugging Face knows it; throws UserError when nobody does. */
  find(ref: string, now: Date): Promise<Paper>;
  /** What a Share button posts to the channel: the paper, brief, saying who shared it. */
  share(ref: string, sharedBy: string, now: Date): Promise<Reply>;
}

export function createPaperLookup(deps: PaperDeps): PaperUseCase {
  async function find(ref: string, now: Date): Promise<Paper> {
    const id = parsePaperRef(ref);
    const stored = await deps.papers.get(id);
    if (stored) return stored;
    const fetched = await deps.source.paper(id);
    if (!fetched) {
      throw new UserError(`Hugging Face has no paper ${id}; check the id, or try one from /papers today.`);
    }
    await deps.papers.upsert([fetched], 'lookup', now);
    return fetched;
  }

  async function show(ref: string, now: Date): Promise<Reply> {
    let paper: Paper;
    try {
      paper = await find(ref, now);
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      return errorReply(
        `${parsePaperRef(ref)} is not in the local database and Hugging Face could not be reached; try again in a minute.`,
      );
    }
    return {
      visibility: 'private',
      blocks: [{ type: 'papers', items: [{ paper, rank: 1 }], detail: 'full', shareable: true, votable: true, similar: true }],
    };
  }

  async function share(ref: string, sharedBy: string, now: Date): Promise<Reply> {
    const paper = await find(ref, now);
    return {
      visibility: 'public',
      blocks: [
        { type: 'text', text: `Shared by ${sharedBy}` },
        { type: 'papers', items: [{ paper, rank: 1 }], detail: 'brief' },
      ],
    };
  }

  return { show, find, share };
}
