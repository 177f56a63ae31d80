/**
 * "For you": a person's top papers of the last 7 days by what their votes taught, each with one
 * line on why. Papers they voted on are left out (they have seen them). With fewer than MIN_VOTES
 * votes it says so and shows the most upvoted papers instead. The `foryou` command and the weekly
 * message both read it.
 */
import { addDays, utcDate } from '../calendar-date.js';
import { rankPapers } from '../digest/rank.js';
import type { Block, PaperItem, Reply } from '../message.js';
import type { StoredPaper } from '../paper.js';
import type { FeedbackRepository, PaperRepository, PersonRef } from '../ports.js';
import { MIN_VOTES, rankByTaste, reasonFor, tasteOf } from './taste.js';

export const FOR_YOU_COUNT = 10;
export const FOR_YOU_DAYS = 7;

export interface ForYouDeps {
  readonly papers: Pick<PaperRepository, 'dailyDates' | 'byDailyDates'>;
  readonly feedback: Pick<FeedbackRepository, 'model' | 'votes'>;
}

export interface ForYouList {
  /** Ranked by the person's model (`learnt`), or by upvotes while they have fewer than MIN_VOTES votes. */
  readonly learnt: boolean;
  readonly votes: number;
  readonly items: readonly PaperItem[];
  /** The daily dates looked at. */
  readonly from: string;
  readonly to: string;
}

/** The person's list for the 7 days up to `now` (UTC days). */
export async function forYouList(deps: ForYouDeps, person: PersonRef, now: Date): Promise<ForYouList> {
  const to = utcDate(now);
  const from = addDays(to, -(FOR_YOU_DAYS - 1));
  const [papers, taste, voted] = await Promise.all([
    deps.papers.dailyDates({ from, to }).then((dates) => deps.papers.byDailyDates(dates)),
    tasteOf(deps.feedback, person),
    deps.feedback.votes(person),
  ]);
  const unseen = papers.filter((paper) => !voted.has(paper.id));
  const { weights } = taste;
  if (!weights) {
    const items = rankPapers(unseen).slice(0, FOR_YOU_COUNT).map((paper, i) => ({ paper, rank: i + 1 }));
    return { learnt: false, votes: taste.votes, items, from, to };
  }
  const items = rankByTaste(weights, unseen, (paper: StoredPaper) => paper)
    .slice(0, FOR_YOU_COUNT)
    .map(({ item: paper }, i) => {
      const reason = reasonFor(weights, paper);
      return { paper, rank: i + 1, ...(reason === undefined ? {} : { reason }) };
    });
  return { learnt: true, votes: taste.votes, items, from, to };
}

/** The list as a message; `visibility` is private for the command and public in a DM. */
export function forYouReply(list: ForYouList, visibility: Reply['visibility']): Reply {
  const blocks: Block[] = [];
  if (list.learnt) {
    blocks.push({ type: 'heading', text: `For you: ${list.items.length} papers of the last ${FOR_YOU_DAYS} days` });
  } else {
    const more = MIN_VOTES - list.votes;
    blocks.push({ type: 'heading', text: `Most upvoted papers of the last ${FOR_YOU_DAYS} days` });
    blocks.push({
      type: 'notice',
      tone: 'info',
      text: `"For you" learns from your 👍 and 👎 on papers: ${list.votes === 0 ? 'no votes yet' : `${list.votes} of ${MIN_VOTES} votes so far`}. ${more === 1 ? 'One more vote' : `${more} more votes`} and these are ordered for you; until then, the most upvoted.`,
    });
  }
  if (list.items.length === 0) {
    blocks.push({ type: 'text', text: `No new papers from ${list.from} to ${list.to}.` });
  } else {
    blocks.push({ type: 'papers', items: list.items, detail: 'brief', shareable: true, votable: true });
  }
  return { visibility, blocks };
}
