import type { Paper } from '../paper.js';
import type { PendingAlert, PersonRef, Subscription } from '../ports.js';
import { prepareDocument } from '../query/match.js';
import { parseQuery } from '../query/parse.js';
import type { Query } from '../query/ast.js';
import { createTopicIndex } from './topic-index.js';

/**
 * One alert per (person, paper) that matches any of the person's topics, listing every topic that
 * matched. Each distinct topic is parsed once; a topic that no longer parses is skipped so one
 * stale subscription cannot stop everyone's alerts. Ordered by person (first subscription first),
 * then by paper as given.
 */
export function matchNewPapers(papers: readonly Paper[], subscriptions: readonly Subscription[]): PendingAlert[] {
  // One index entry per distinct topic, holding the positions of everyone subscribed to it.
  const byTopic = new Map<string, number[]>();
  subscriptions.forEach((s, i) => {
    const list = byTopic.get(s.topic);
    if (list) list.push(i);
    else byTopic.set(s.topic, [i]);
  });
  const entries: { query: Query; value: number[] }[] = [];
  for (const [topic, positions] of byTopic) {
    const query = tryParse(topic);
    if (query) entries.push({ query, value: positions });
  }
  if (entries.length === 0) return [];
  const index = createTopicIndex(entries);

  const byPerson = new Map<string, { person: PersonRef; alerts: PendingAlert[] }>();
  for (const s of subscriptions) {
    const k = personKey(s.person);
    if (!byPerson.has(k)) byPerson.set(k, { person: s.person, alerts: [] });
  }
  for (const paper of papers) {
    const matched = index.matching(prepareDocument(paper)).flat().sort((a, b) => a - b);
    const topicsByPerson = new Map<string, string[]>();
    for (const i of matched) {
      const s = subscriptions[i]!;
      const k = personKey(s.person);
      const topics = topicsByPerson.get(k);
      if (topics) {
        if (!topics.includes(s.topic)) topics.push(s.topic);
      } else topicsByPerson.set(k, [s.topic]);
    }
    for (const [k, topics] of topicsByPerson) {
      const entry = byPerson.get(k)!;
      entry.alerts.push({ person: entry.person, paperId: paper.id, topics });
    }
  }
  return [...byPerson.values()].flatMap((p) => p.alerts);
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
