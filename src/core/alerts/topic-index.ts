/**
 * Finds which of many topics match a paper without testing every topic. Each topic is filed under
 * one token that any matching paper must contain (a token of every phrase in one of its AND
 * groups), so a paper only runs the full matcher for topics that share such a token with it.
 */
import type { Field, Query } from '../query/ast.js';
import { createDocumentMatcher, type PreparedDocument } from '../query/match.js';

export interface TopicIndex<T> {
  /** The entries whose query matches the document, in the order they were added. */
  matching(doc: PreparedDocument): T[];
}

interface Entry<T> {
  readonly order: number;
  readonly value: T;
  readonly match: (doc: PreparedDocument) => boolean;
}

export function createTopicIndex<T>(entries: readonly { readonly query: Query; readonly value: T }[]): TopicIndex<T> {
  const byToken = new Map<string, Entry<T>[]>();
  entries.forEach(({ query, value }, order) => {
    const entry: Entry<T> = { order, value, match: createDocumentMatcher(query) };
    for (const key of guardKeys(query)) {
      const list = byToken.get(key);
      if (list) list.push(entry);
      else byToken.set(key, [entry]);
    }
  });
  // Marks which entries this document already tested, without allocating a set per document.
  const testedBy = new Uint32Array(entries.length);
  let generation = 0;
  return {
    matching(doc) {
      generation++;
      const found: Entry<T>[] = [];
      for (const field of FIELDS) {
        for (const token of doc.fields[field].tokens) {
          const list = byToken.get(key(field, token));
          if (list === undefined) continue;
          for (const entry of list) {
            if (testedBy[entry.order] === generation) continue;
            testedBy[entry.order] = generation;
            if (entry.match(doc)) found.push(entry);
          }
        }
      }
      return found.sort((a, b) => a.order - b.order).map((entry) => entry.value);
    },
  };
}

const FIELDS: readonly Field[] = ['text', 'author', 'org'];

function key(field: Field, token: string): string {
  return `${field}\u0000${token}`;
}

/** One key per phrase of the smallest AND group; the longest token of each, as long words are rarer. */
function guardKeys(query: Query): string[] {
  let smallest = query.all[0]?.anyOf ?? [];
  for (const group of query.all) if (group.anyOf.length < smallest.length) smallest = group.anyOf;
  return smallest.flatMap((phrase) => {
    const longest = phrase.tokens.reduce((a, b) => (b.length > a.length ? b : a), '');
    return longest === '' ? [] : [key(phrase.field, longest)];
  });
}
