import type { Paper } from '../paper.js';
import type { PendingAlert, PersonRef, Subscription } from '../ports.js';
import { alertsOf, distinct, group, invert, papersByTopic, type Lists, type Scratch, type Subscribers } from './alerts-from-hits.js';
import { createTopicBook, type TopicBook } from './topic-book.js';
import type { TopicIndex, TopicIndexOptions } from './topic-index.js';
import { grown } from '../typed-arrays.js';

/**
 * Alerts for papers against a fixed set of subscriptions: one alert per (person, paper) that
 * matches any of the person's topics, listing every topic that matched. Each distinct topic is
 * parsed once; a topic that no longer parses is skipped so one stale subscription cannot stop
 * everyone's alerts. Ordered by person (first subscription first), then by paper as given.
 */
export interface AlertMatcher {
  match(papers: readonly Paper[]): PendingAlert[];
}

export function createAlertMatcher(subscriptions: readonly Subscription[], options: TopicIndexOptions = {}): AlertMatcher {
  return matcherOn(createTopicBook(options), subscriptions);
}

/**
 * An `AlertMatcher` for a long-running process: the topic index outlives the batch. `update` brings
 * it to the current subscriptions; when they changed, only topics nobody held before are parsed
 * and indexed. Telling whether they changed costs a pass over all of them (each read of the store
 * makes new objects, so they are compared field by field), which at a million subscriptions is
 * most of a batch; a caller that knows a revision of the subscriptions (anything that changes
 * whenever one is added or removed) passes it, reads the subscriptions only when `revision`
 * differs, and `update` then trusts it.
 */
export interface AlertMatching {
  /** The revision passed to the last `update`, if any. */
  readonly revision: string | number | undefined;
  update(subscriptions: readonly Subscription[], revision?: string | number): void;
  /** Alerts for `papers` against the subscriptions of the last `update` (none before the first). */
  match(papers: readonly Paper[]): PendingAlert[];
}

export function createAlertMatching(options: TopicIndexOptions = {}): AlertMatching {
  const book = createTopicBook(options);
  let matcher: Matcher | undefined;
  let revision: string | number | undefined;
  return {
    get revision() {
      return revision;
    },
    update(subscriptions, next) {
      const same = matcher !== undefined && (next !== undefined ? next === revision : matcher.holds(subscriptions));
      if (!same) matcher = matcherOn(book, subscriptions);
      revision = next;
    },
    match(papers) {
      return matcher ? matcher.match(papers) : [];
    },
  };
}

interface Matcher extends AlertMatcher {
  /** Whether `subscriptions` are exactly the ones this matcher was built for. */
  holds(subscriptions: readonly Subscription[]): boolean;
}

/**
 * Everything is numbered up front (distinct topics in order of first appearance, people in order
 * of their first subscription) and kept in flat integer arrays, so a batch only collects (topic,
 * paper) hits from the index and turns them into alerts person by person (`alerts-from-hits.ts`):
 * no maps, no per-paper collections, and one shared topic list for the common alert that matched
 * a single topic.
 */
function matcherOn(book: TopicBook, subscriptions: readonly Subscription[]): Matcher {
  const topicNumbers = new Map<string, number>();
  const topicText: string[] = [];
  // Per platform, user id → person number (no joined key string to build and hash per subscription).
  const personNumbers = new Map<string, Map<string, number>>();
  const people: PersonRef[] = [];
  const ids = new Float64Array(subscriptions.length);
  const topicOf = new Int32Array(subscriptions.length);
  const personOf = new Int32Array(subscriptions.length);
  for (let i = 0; i < subscriptions.length; i++) {
    const s = subscriptions[i]!;
    ids[i] = s.id;
    let t = topicNumbers.get(s.topic);
    if (t === undefined) {
      t = topicText.length;
      topicNumbers.set(s.topic, t);
      topicText.push(s.topic);
    }
    topicOf[i] = t;
    let users = personNumbers.get(s.person.platform);
    if (users === undefined) personNumbers.set(s.person.platform, (users = new Map()));
    let n = users.get(s.person.userId);
    if (n === undefined) {
      n = people.length;
      users.set(s.person.userId, n);
      people.push(s.person);
    }
    personOf[i] = n;
  }
  const topicCount = topicText.length;
  // Each person's topics in the order they subscribed, repeats dropped; then the people holding each topic.
  const personTopics = distinct(group(people.length, personOf, topicOf), topicCount);
  const subscribers: Subscribers = {
    people,
    personTopics,
    holders: invert(personTopics, topicCount),
    topicText,
    // The topic list of an alert that matched one topic, shared by every such alert (frozen, so none can change it for the others).
    singles: topicText.map((topic) => Object.freeze([topic])),
  };
  const handleOf = book.sync(topicText);
  const topicOfHandle = new Int32Array(book.handles).fill(-1);
  handleOf.forEach((handle, t) => {
    if (handle >= 0) topicOfHandle[handle] = t;
  });
  const scratch: Scratch = {
    hitTopic: new Int32Array(1024),
    hitPaper: new Int32Array(1024),
    start: new Int32Array(topicCount + 1),
    cursor: new Int32Array(topicCount),
    papersOf: new Int32Array(1024),
    touched: new Uint8Array(people.length),
    ...perPersonScratch(personTopics),
  };
  return new SubscriberMatcher(book.index, topicOfHandle, subscribers, scratch, { ids, topicOf, personOf });
}

/** A class (not closures) so that every matcher shares one compiled copy of this hot code. */
class SubscriberMatcher implements Matcher {
  constructor(
    private readonly index: TopicIndex<string>,
    private readonly topicOfHandle: Int32Array<ArrayBuffer>,
    private readonly subscribers: Subscribers,
    private readonly scratch: Scratch,
    /** Per subscription, as given: its id, topic number and person number. */
    private readonly built: { readonly ids: Float64Array<ArrayBuffer>; readonly topicOf: Int32Array<ArrayBuffer>; readonly personOf: Int32Array<ArrayBuffer> },
  ) {}

  holds(others: readonly Subscription[]): boolean {
    const { ids, topicOf, personOf } = this.built;
    const { people, topicText } = this.subscribers;
    if (others.length !== ids.length) return false;
    for (let i = 0; i < others.length; i++) {
      const s = others[i]!;
      const person = people[personOf[i]!]!;
      if (s.id !== ids[i] || s.topic !== topicText[topicOf[i]!] || s.person.userId !== person.userId || s.person.platform !== person.platform) return false;
    }
    return true;
  }

  match(papers: readonly Paper[]): PendingAlert[] {
    const { index, topicOfHandle, scratch } = this;
    if (index.size === 0) return [];
    let hits = 0;
    for (let p = 0; p < papers.length; p++) {
      const handles = index.matchingHandles(papers[p]!);
      if (hits + handles.length > scratch.hitTopic.length) {
        scratch.hitTopic = grown(scratch.hitTopic, hits + handles.length);
        scratch.hitPaper = grown(scratch.hitPaper, hits + handles.length);
      }
      for (let k = 0; k < handles.length; k++) {
        scratch.hitTopic[hits] = topicOfHandle[handles[k]!]!;
        scratch.hitPaper[hits++] = p;
      }
    }
    if (hits === 0) return [];
    const bound = papersByTopic(scratch, hits, this.subscribers.holders);
    return alertsOf(papers, bound, this.subscribers, scratch);
  }
}

function perPersonScratch(personTopics: Lists): Pick<Scratch, 'matched' | 'next' | 'end'> {
  let most = 0;
  for (let n = 0; n + 1 < personTopics.start.length; n++) most = Math.max(most, personTopics.start[n + 1]! - personTopics.start[n]!);
  return { matched: new Int32Array(most), next: new Int32Array(most), end: new Int32Array(most) };
}
