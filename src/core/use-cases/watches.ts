/** `/papers watch` and `unwatch`: milestone alerts for one paper. */
import { UPVOTE_MILESTONES } from '../alerts/milestones.js';
import { rankPapers } from '../digest/rank.js';
import { UpstreamError, UserError } from '../errors.js';
import { errorReply, textReply, type Reply } from '../message.js';
import type { Paper } from '../paper.js';
import { parsePaperRef } from '../paper-ref.js';
import type { MilestoneRepository, PaperRepository, PersonRef, PersonRepository, WatchRepository } from '../ports.js';
import type { PaperUseCase } from './paper.js';

export const MAX_WATCHES = 100;

export interface WatchesDeps {
  readonly watches: WatchRepository;
  readonly milestones: Pick<MilestoneRepository, 'baseline'>;
  readonly papers: Pick<PaperRepository, 'byDailyDates'>;
  readonly people: Pick<PersonRepository, 'prefs'>;
  readonly lookup: Pick<PaperUseCase, 'find'>;
}

export interface WatchesUseCase {
  watch(person: PersonRef, ref: string, now: Date): Promise<Reply>;
  unwatch(person: PersonRef, ref: string): Promise<Reply>;
}

const WHAT = `when its code is released, when it crosses ${UPVOTE_MILESTONES.join(', ').replace(/, (\d+)$/, ' and $1')} upvotes, and when it becomes the top paper of its day`;

export function createWatches(deps: WatchesDeps): WatchesUseCase {
  async function watch(person: PersonRef, ref: string, now: Date): Promise<Reply> {
    let paper: Paper;
    try {
      paper = await deps.lookup.find(ref, now);
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      return errorReply(`${parsePaperRef(ref)} is not in the local database and Hugging Face could not be reached; try again in a minute.`);
    }
    if ((await deps.watches.list(person)).length >= MAX_WATCHES) {
      throw new UserError(`You already watch ${MAX_WATCHES} papers, the most allowed; stop one first with /papers unwatch <id>.`);
    }
    // What it has reached already is the starting point: only what comes after is news.
    await deps.milestones.baseline([{ paperId: paper.id, upvotes: paper.upvotes, hasCode: paper.githubRepo !== undefined, topOfDay: await isTopOfDay(paper) }], now);
    if (!(await deps.watches.add(person, paper.id, now))) return textReply(`You already watch ${paper.id} (${paper.title}); nothing changed.`);
    const prefs = await deps.people.prefs(person);
    const off = prefs.mode === 'off' ? ' Alerts are off, so nothing will arrive until you run /papers alerts instant.' : '';
    return textReply(`Watching ${paper.id} (${paper.title}): you get a direct message ${WHAT}.${off}`);
  }

  async function unwatch(person: PersonRef, ref: string): Promise<Reply> {
    const id = parsePaperRef(ref);
    if (!(await deps.watches.remove(person, id))) {
      throw new UserError(`You do not watch ${id}; /papers subscriptions lists the papers you watch.`);
    }
    return textReply(`Stopped watching ${id}.`);
  }

  async function isTopOfDay(paper: Paper): Promise<boolean> {
    if (paper.dailyDate === undefined) return false;
    return rankPapers(await deps.papers.byDailyDates([paper.dailyDate]))[0]?.id === paper.id;
  }

  return { watch, unwatch };
}
