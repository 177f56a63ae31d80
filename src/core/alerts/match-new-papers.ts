import type { Paper } from '../paper.js';
import type { PendingAlert, PersonRef, Subscription } from '../ports.js';
import { prepareDocument } from '../query/match.js';
import { parseQuery } from '../query/parse.js';
import type { Query } from '../query/ast.js';
import { createTopicIndex, type TopicIndexOptions } from './topic-index.js';

/**
 * One alert per (person, paper) that matches any of the person's topics, listing every topic that
 * matched. Each distinct topic is parsed once; a topic that no longer parses is skipped so one
 * stale subscription cannot stop everyone's alerts. Ordered by person (first subscription first),
 * then by paper as given.
 */
export function matchNewPapers(papers: readonly Paper[], subscriptions: readonly Subscription[]): PendingAlert[] {
  return createAlertMatcher(subscriptions).match(papers);
}

/** `matchNewPapers` with the topics parsed and indexed once, for callers that match many batches. */
export interface AlertMatcher {
  match(papers: readonly Paper[]): PendingAlert[];
}

export function createAlertMatcher(subscriptions: readonly Subscription[], options: TopicIndexOptions = {}): AlertMatcher {
  // One index entry per distinct topic, holding the positions of everyone subscribed to it.
  const byTopic = new Map<string, number[]>();
  subscriptions.forEach((s, i) => {
    const list = byTopic.get(s.topic);
    if (list) list.push(i);
    else byTopic.set(s.topic, [i]);
  });
  const index = createTopicIndex<number[]>([], options);
  for (const [topic, positions] of byTopic) {
    const query = tryParse(topic);
    if (query) index.add(query, positions);
  }
  // People numbered in the order of their first subscription, which is the order of the result.
  const personNumbers = new Map<string, number>();
  const people: PersonRef[] = [];
  const personOf = new Int32Array(subscriptions.length);
  const topicOf = subscriptions.map((s) => s.topic);
  subscriptions.forEach((s, i) => {
    const k = personKey(s.person);
    let n = personNumbers.get(k);
    if (n === undefined) {
      n = people.length;
      personNumbers.set(k, n);
      people.push(s.person);
    }
    personOf[i] = n;
  });

  return {
    match(papers) {
      if (index.size === 0) return [];
      // Indexed by person number, filled up front so the arrays stay dense (fast) however many people there are.
      const alertsOf = new Array<PendingAlert[] | undefined>(people.length).fill(undefined);
      const positionsOf = new Array<number[] | undefined>(people.length).fill(undefined);
      const lastPaper = new Int32Array(people.length).fill(-1);
      papers.forEach((paper, p) => {
        const touched: number[] = [];
        for (const positions of index.matching(prepareDocument(paper))) {
          for (const i of positions) {
            const n = personOf[i]!;
            if (lastPaper[n] === p) positionsOf[n]!.push(i);
            else {
              lastPaper[n] = p;
              positionsOf[n] = [i];
              touched.push(n);
            }
          }
        }
        for (const n of touched) {
          const positions = positionsOf[n]!;
          // A person's topics in the order they subscribed, repeats dropped.
          const topics = positions.length === 1 ? [topicOf[positions[0]!]!] : [...new Set(positions.sort((a, b) => a - b).map((i) => topicOf[i]!))];
          const alert = { person: people[n]!, paperId: paper.id, topics };
          const alerts = alertsOf[n];
          if (alerts) alerts.push(alert);
          else alertsOf[n] = [alert];
        }
      });
      const out: PendingAlert[] = [];
      for (const alerts of alertsOf) if (alerts) for (const alert of alerts) out.push(alert);
      return out;
    },
  };
}

function tryParse(topic: string): Query | undefined {
  try {
    return parseQuery(topic);
  } catch {
    return undefined;
  }
}

function personKey(person: PersonRef): string {
  return `${person.platform}\u0000${person.userId}`;
}
