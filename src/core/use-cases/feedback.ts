/**
 * 👍/👎 (`like <id>`, `dislike <id>` on the console; buttons elsewhere) and `foryou`. A second press
 * of the same button takes the vote back; the other button changes it.
 */
import { readerLearner } from '../feedback/learner.js';
import { forYouList, forYouReply } from '../feedback/for-you.js';
import { MIN_VOTES } from '../feedback/taste.js';
import { UserError } from '../errors.js';
import { textReply, type Reply } from '../message.js';
import { parsePaperRef } from '../paper-ref.js';
import type { FeedbackRepository, PaperRepository, PersonRef, VoteValue } from '../ports.js';

export interface FeedbackUseCase {
  /** A press of 👍 (1) or 👎 (−1) on a paper named by id or link. */
  vote(person: PersonRef, ref: string, vote: VoteValue, now: Date): Promise<Reply>;
  forYou(person: PersonRef, now: Date): Promise<Reply>;
}

export function createFeedback(deps: {
  readonly papers: Pick<PaperRepository, 'get' | 'dailyDates' | 'byDailyDates'>;
  readonly feedback: FeedbackRepository;
}): FeedbackUseCase {
  return {
    async vote(person, ref, vote, now) {
      const id = parsePaperRef(ref);
      const paper = await deps.papers.get(id);
      if (!paper) throw new UserError(`Paperboy does not know paper ${id} yet; look it up with /papers paper ${id}, then vote.`);
      const change = await deps.feedback.press(person, id, vote, now, readerLearner);
      const thumb = (v: VoteValue) => (v === 1 ? '👍' : '👎');
      const title = `"${paper.title}"`;
      const said =
        change.after === 0
          ? `Your ${thumb(vote)} on ${title} is taken back.`
          : change.before === 0
            ? `${thumb(vote)} noted for ${title}.`
            : `Changed to ${thumb(vote)} for ${title}.`;
      const more = MIN_VOTES - change.votes;
      const next = more > 0 ? ` ${more === 1 ? 'One more vote' : `${more} more votes`} and /papers foryou picks papers for you.` : ' /papers foryou shows what it learnt.';
      return textReply(`${said}${next}`);
    },

    async forYou(person, now) {
      return forYouReply(await forYouList(deps, person, now), 'private');
    },
  };
}
