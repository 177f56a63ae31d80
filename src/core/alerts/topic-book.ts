/**
 * The distinct topics of the subscriptions, parsed and filed in a topic index, kept from one batch
 * to the next: when the subscriptions change, only topics nobody held before are parsed and filed,
 * and topics nobody holds any more are taken out. Parsing and filing are most of what building a
 * matcher costs, so a change of a few subscriptions among a million costs little.
 */
import type { Query } from '../query/ast.js';
import { parseQuery } from '../query/parse.js';
import { createTopicIndex, type TopicIndex, type TopicIndexOptions } from './topic-index.js';

export interface TopicBook {
  readonly index: TopicIndex<string>;
  /** How many handles the index has handed out: arrays indexed by handle need this length. */
  readonly handles: number;
  /** Makes the index hold exactly `topics` (distinct); returns each one's handle, −1 for a topic that does not parse. */
  sync(topics: readonly string[]): Int32Array<ArrayBuffer>;
}

/** Unparsable topics are remembered with this handle, so they are not parsed again at every sync. */
const UNPARSABLE = -1;

export function createTopicBook(options: TopicIndexOptions = {}): TopicBook {
  let index = createTopicIndex<string>([], options);
  let handleOf = new Map<string, number>();
  let handles = 0;

  return {
    get index() {
      return index;
    },
    get handles() {
      return handles;
    },
    sync(topics) {
      // Handles are never reused, so after much churn start afresh rather than keep arrays mostly of holes.
      if (handles > 2 * topics.length + 4096) {
        index = createTopicIndex<string>([], options);
        handleOf = new Map();
        handles = 0;
      }
      const result = new Int32Array(topics.length);
      // New topics are filed together, so each is filed knowing how common its words are among all of them.
      const fresh: { query: Query; value: string }[] = [];
      const freshAt: number[] = [];
      topics.forEach((topic, t) => {
        const handle = handleOf.get(topic);
        if (handle !== undefined) {
          result[t] = handle;
          return;
        }
        const query = tryParse(topic);
        if (query) {
          fresh.push({ query, value: topic });
          freshAt.push(t);
        } else {
          result[t] = UNPARSABLE;
          handleOf.set(topic, UNPARSABLE);
        }
      });
      index.addAll(fresh).forEach((handle, i) => {
        result[freshAt[i]!] = handle;
        handleOf.set(fresh[i]!.value, handle);
        handles = Math.max(handles, handle + 1);
      });
      // Every topic is in `handleOf` now; any more entries belong to topics nobody holds any more.
      if (handleOf.size > topics.length) {
        const current = new Set(topics);
        for (const [topic, handle] of handleOf) {
          if (current.has(topic)) continue;
          if (handle !== UNPARSABLE) index.remove(handle);
          handleOf.delete(topic);
        }
      }
      return result;
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
