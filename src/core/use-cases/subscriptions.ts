/** `/papers subscribe`, `unsubscribe` and `subscriptions`: a person's topics. */
import { UserError } from '../errors.js';
import { textReply, type Block, type Reply } from '../message.js';
import type { PaperRepository, PersonRef, PersonRepository, SubscriptionRepository, WatchRepository } from '../ports.js';
import { parseQuery } from '../query/parse.js';

export const MAX_TOPICS = 25;

export interface SubscriptionsDeps {
  readonly subscriptions: SubscriptionRepository;
  readonly people: Pick<PersonRepository, 'prefs'>;
  /** The papers the person watches are listed with their topics. */
  readonly watches: Pick<WatchRepository, 'list'>;
  readonly papers: Pick<PaperRepository, 'getMany'>;
}

export interface SubscriptionsUseCase {
  /** `minUpvotes`: alert when a matching paper reaches that many upvotes, rather than when it appears. */
  subscribe(person: PersonRef, topic: string, now: Date, minUpvotes?: number): Promise<Reply>;
  /** By the topic's text or by its number in `list`. */
  unsubscribe(person: PersonRef, topicOrNumber: string): Promise<Reply>;
  list(person: PersonRef): Promise<Reply>;
  /** The person's topics containing `partial`, for autocomplete. */
  suggest(person: PersonRef, partial: string): Promise<string[]>;
}

const EXAMPLES = '/papers subscribe "speculative decoding" or /papers subscribe author:"Tri Dao"';

export function createSubscriptions(deps: SubscriptionsDeps): SubscriptionsUseCase {
  const { subscriptions, people } = deps;

  async function subscribe(person: PersonRef, input: string, now: Date, minUpvotes?: number): Promise<Reply> {
    const topic = input.trim();
    if (topic === '') throw new UserError(`Say which topic to follow, e.g. ${EXAMPLES}.`);
    parseQuery(topic);
    if (minUpvotes !== undefined && (!Number.isInteger(minUpvotes) || minUpvotes < 1)) {
      throw new UserError('min_upvotes must be a whole number of 1 or more, e.g. /papers subscribe diffusion min_upvotes:20.');
    }
    const existing = await subscriptions.list(person);
    const duplicate = existing.find((s) => s.topic.toLowerCase() === topic.toLowerCase());
    if (duplicate && duplicate.minUpvotes !== minUpvotes) {
      await subscriptions.setMinUpvotes(person, duplicate.topic, minUpvotes);
      return textReply(`You follow ${quoted(duplicate.topic)}; alerts now come ${when(minUpvotes)}.`);
    }
    if (duplicate) return textReply(`You already follow ${quoted(duplicate.topic)}; nothing changed.`);
    if (existing.length >= MAX_TOPICS) {
      throw new UserError(
        `You already follow ${MAX_TOPICS} topics, the most allowed; remove one first with /papers unsubscribe <number>.`,
      );
    }
    if (!(await subscriptions.add(person, topic, now, minUpvotes))) {
      return textReply(`You already follow ${quoted(topic)}; nothing changed.`);
    }
    const prefs = await people.prefs(person);
    const how =
      prefs.mode === 'off'
        ? 'Alerts are off, so nothing will arrive until you run /papers alerts instant.'
        : prefs.mode === 'daily'
          ? `New matching papers arrive in one direct message a day at ${prefs.time} ${prefs.timezone}.`
          : `You will get a direct message ${when(minUpvotes)}.`;
    return textReply(`Subscribed to ${quoted(topic)}. ${how}`);
  }

  async function unsubscribe(person: PersonRef, input: string): Promise<Reply> {
    const wanted = input.trim();
    if (wanted === '') throw new UserError('Say which topic to stop, by its text or its number in /papers subscriptions.');
    const number = /^#?(\d+)$/.exec(wanted);
    if (number) {
      const list = await subscriptions.list(person);
      const n = Number(number[1]);
      const chosen = list[n - 1];
      if (list.length === 0) throw new UserError(`You follow no topics yet; start with ${EXAMPLES}.`);
      if (!chosen) {
        throw new UserError(
          `You have ${list.length} topic${list.length === 1 ? '' : 's'}, so pick a number from 1 to ${list.length} (see /papers subscriptions).`,
        );
      }
      const removed = await subscriptions.remove(person, chosen.topic);
      return textReply(`Unsubscribed from ${quoted(removed ?? chosen.topic)}.`);
    }
    const removed = await subscriptions.remove(person, wanted);
    if (removed === undefined) {
      throw new UserError(`You do not follow ${quoted(wanted)}; /papers subscriptions lists your topics and their numbers.`);
    }
    return textReply(`Unsubscribed from ${quoted(removed)}.`);
  }

  async function list(person: PersonRef): Promise<Reply> {
    const [topics, watched] = await Promise.all([subscriptions.list(person), deps.watches.list(person)]);
    const blocks: Block[] = [];
    if (topics.length === 0) blocks.push({ type: 'text', text: `You follow no topics yet. Try ${EXAMPLES}.` });
    else {
      const lines = topics.map((s, i) => `${i + 1}. ${s.topic}${s.minUpvotes === undefined ? '' : ` (at ${s.minUpvotes} upvotes)`}`);
      blocks.push(
        { type: 'heading', text: `Your topics (${topics.length} of ${MAX_TOPICS})` },
        { type: 'text', text: lines.join('\n') },
        { type: 'text', text: 'Stop one with /papers unsubscribe <number>.' },
      );
    }
    if (watched.length > 0) {
      const titles = new Map((await deps.papers.getMany(watched.map((w) => w.paperId))).map((p) => [p.id, p.title]));
      blocks.push(
        { type: 'heading', text: `Papers you watch (${watched.length})` },
        { type: 'text', text: watched.map((w) => `• ${w.paperId}${titles.has(w.paperId) ? ` ${titles.get(w.paperId)}` : ''}`).join('\n') },
        { type: 'text', text: 'Stop one with /papers unwatch <id>.' },
      );
    }
    return { visibility: 'private', blocks };
  }

  async function suggest(person: PersonRef, partial: string): Promise<string[]> {
    const needle = partial.trim().toLowerCase();
    const topics = await subscriptions.list(person);
    return topics.map((s) => s.topic).filter((t) => t.toLowerCase().includes(needle)).slice(0, 25);
  }

  return { subscribe, unsubscribe, list, suggest };
}

function when(minUpvotes: number | undefined): string {
  return minUpvotes === undefined ? 'when a new paper matches' : `when a matching paper reaches ${minUpvotes} upvotes, once per paper`;
}

/** Topics with their own quotes read better without another pair around them. */
function quoted(topic: string): string {
  return topic.includes('"') ? topic : `"${topic}"`;
}
