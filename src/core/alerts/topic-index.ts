/**
 * Finds which of many topics match a paper without testing every topic, fast enough for a million
 * topics. Every (field, token) a topic mentions gets an integer key; a topic is compiled to a
 * short integer program (its AND groups of phrases, each phrase a key or a multi-word phrase) and
 * filed, program inline, in the bucket of each key of one AND group: any matching paper holds one
 * of those keys. Testing a paper stamps the keys it holds into an array and reads each of its
 * buckets front to back, so a candidate costs a few sequential array reads rather than a pointer
 * chase per topic; a multi-word phrase is looked for in the document's columns turned into keys.
 */
import type { Field, Phrase, Query } from '../query/ast.js';
import type { PreparedDocument } from '../query/match.js';

export interface TopicIndexOptions {
  /**
   * How common a token is among papers (e.g. its document frequency in the search index). Topics
   * are filed under their rarest group and tokens, so fewer papers need their full test; without
   * it, longer words are taken as rarer.
   */
  readonly frequency?: (field: Field, token: string) => number;
}

export interface TopicIndex<T> {
  /** Files a topic; returns a handle for `remove`. */
  add(query: Query, value: T): number;
  remove(handle: number): void;
  /** The values whose query matches the document, in the order they were added. */
  matching(doc: PreparedDocument): T[];
  readonly size: number;
}

const FIELDS: readonly Field[] = ['text', 'author', 'org'];

/** A multi-word phrase: where its token keys sit in the key arena, and the phrase for the run check. */
interface LongPhrase {
  readonly start: number;
  readonly count: number;
  readonly phrase: Phrase;
}

type Ints = Int32Array<ArrayBuffer>;

export function createTopicIndex<T>(
  entries: readonly { readonly query: Query; readonly value: T }[] = [],
  options: TopicIndexOptions = {},
): TopicIndex<T> {
  const frequency = options.frequency ?? ((_field: Field, token: string) => 1 / (1 + token.length));
  const keysByField: Record<Field, Map<string, number>> = { text: new Map(), author: new Map(), org: new Map() };
  let keyCount = 0;
  /** Per key: entries [topic, program length, program…] of the topics filed there, and the used length. */
  const buckets: Ints[] = [];
  const used: number[] = [];
  const longPhrases: LongPhrase[] = [];
  let longKeys: Ints = new Int32Array(256);
  let longKeysUsed = 0;
  const values: T[] = [];
  let live = 0;
  let stamp = new Uint32Array(1024);
  /** The generation that last tested each topic; REMOVED for a removed topic, which no generation reaches. */
  let tested = new Uint32Array(1024);
  let generation = 0;
  /** The current document's columns as keys (−1 for tokens no topic mentions), built on the first long phrase. */
  let columnKeys: Record<Field, Ints[]> | undefined;

  const keyOf = (field: Field, token: string): number => {
    const map = keysByField[field];
    let key = map.get(token);
    if (key === undefined) {
      key = keyCount++;
      map.set(token, key);
      buckets.push(EMPTY);
      tokenOfKey.push({ field, token });
      used.push(0);
      if (keyCount > stamp.length) stamp = grow(stamp, keyCount);
    }
    return key;
  };

  /** A phrase as one integer: a key (≥ 0), or −1 − the index of a long phrase. */
  const phraseRef = (phrase: Phrase): number => {
    if (phrase.tokens.length === 1) return keyOf(phrase.field, phrase.tokens[0]!);
    const keys = phrase.tokens.map((t) => keyOf(phrase.field, t));
    if (longKeysUsed + keys.length > longKeys.length) longKeys = grow(longKeys, longKeysUsed + keys.length);
    longKeys.set(keys, longKeysUsed);
    longPhrases.push({ start: longKeysUsed, count: keys.length, phrase });
    longKeysUsed += keys.length;
    return -longPhrases.length;
  };

  /** [groups, (size, refs…)…, excluded, refs…]. */
  const compile = (query: Query): number[] => {
    const out: number[] = [query.all.length];
    for (const group of query.all) out.push(group.anyOf.length, ...group.anyOf.map(phraseRef));
    out.push(query.none.length, ...query.none.map(phraseRef));
    return out;
  };

  const file = (key: number, entry: readonly number[]) => {
    let bucket = buckets[key]!;
    const at = used[key]!;
    if (at + entry.length > bucket.length) buckets[key] = bucket = grow(bucket, at + entry.length);
    for (let i = 0; i < entry.length; i++) bucket[at + i] = entry[i]!;
    used[key] = at + entry.length;
  };

  const holds = (ref: number, doc: PreparedDocument): boolean => {
    if (ref >= 0) return stamp[ref] === generation;
    const long = longPhrases[-1 - ref]!;
    for (let i = long.start; i < long.start + long.count; i++) if (stamp[longKeys[i]!] !== generation) return false;
    columnKeys ??= keyColumns(doc);
    for (const column of columnKeys[long.phrase.field]) if (containsRun(column, longKeys, long.start, long.count)) return true;
    return false;
  };

  const keyColumns = (doc: PreparedDocument): Record<Field, Ints[]> => {
    const out = {} as Record<Field, Ints[]>;
    for (const field of FIELDS) {
      const map = keysByField[field];
      out[field] = doc.fields[field].columns.map((column) => Int32Array.from(column, (token) => map.get(token) ?? -1));
    }
    return out;
  };

  /** Runs the program stored in `bucket` from `at`. */
  const accepts = (bucket: Ints, at: number, doc: PreparedDocument): boolean => {
    const groups = bucket[at++]!;
    for (let g = 0; g < groups; g++) {
      const end = at + 1 + bucket[at]!;
      let found = false;
      for (let i = at + 1; i < end; i++) {
        if (holds(bucket[i]!, doc)) {
          found = true;
          break;
        }
      }
      if (!found) return false;
      at = end;
    }
    const end = at + 1 + bucket[at]!;
    for (let i = at + 1; i < end; i++) if (holds(bucket[i]!, doc)) return false;
    return true;
  };

  /** A phrase's frequency: its token's, or for a long phrase its rarest token's. */
  const tokenOfKey: { field: Field; token: string }[] = [];
  const refFrequency = (ref: number): { frequency: number; key: number } => {
    if (ref >= 0) return { frequency: frequency(tokenOfKey[ref]!.field, tokenOfKey[ref]!.token), key: ref };
    const long = longPhrases[-1 - ref]!;
    let best = { frequency: Infinity, key: -1 };
    for (let i = long.start; i < long.start + long.count; i++) {
      const key = longKeys[i]!;
      const f = frequency(tokenOfKey[key]!.field, tokenOfKey[key]!.token);
      if (f < best.frequency) best = { frequency: f, key };
    }
    return best;
  };

  const index: TopicIndex<T> = {
    add(query, value) {
      const topic = values.length;
      values.push(value);
      if (topic >= tested.length) tested = grow(tested, topic + 1);
      live += 1;
      const program = compile(query);
      const entry = [topic, program.length, ...program];
      for (const key of guardKeys(query, program, (ref) => refFrequency(ref))) file(key, entry);
      return topic;
    },
    remove(handle) {
      if (handle < 0 || handle >= values.length || tested[handle] === REMOVED) return;
      tested[handle] = REMOVED;
      live -= 1;
    },
    matching(doc) {
      generation += 1;
      if (generation === REMOVED) {
        stamp.fill(0);
        tested = tested.map((g) => (g === REMOVED ? REMOVED : 0));
        generation = 1;
      }
      columnKeys = undefined;
      const present: number[] = [];
      for (const field of FIELDS) {
        const map = keysByField[field];
        for (const token of doc.fields[field].tokens) {
          const key = map.get(token);
          if (key !== undefined) {
            stamp[key] = generation;
            present.push(key);
          }
        }
      }
      const found: number[] = [];
      for (const key of present) {
        const bucket = buckets[key]!;
        const end = used[key]!;
        for (let at = 0; at < end; at += 2 + bucket[at + 1]!) {
          const topic = bucket[at]!;
          const last = tested[topic];
          if (last === generation || last === REMOVED) continue;
          tested[topic] = generation;
          if (accepts(bucket, at + 2, doc)) found.push(topic);
        }
      }
      found.sort((a, b) => a - b);
      return found.map((topic) => values[topic]!);
    },
    get size() {
      return live;
    },
  };
  for (const { query, value } of entries) index.add(query, value);
  return index;
}

const EMPTY: Ints = new Int32Array(0);

/**
 * The keys a topic is filed under: one per phrase of one AND group (any match must hold one of
 * them), for a multi-word phrase its rarest token's. The group chosen is the one whose phrases are
 * rarest in sum, so the fewest papers reach the topic's full test.
 */
function guardKeys(query: Query, program: readonly number[], refFrequency: (ref: number) => { frequency: number; key: number }): number[] {
  let best: { frequency: number; key: number }[] = [];
  let bestSum = Infinity;
  let at = 1;
  for (let g = 0; g < query.all.length; g++) {
    const size = program[at]!;
    const refs = program.slice(at + 1, at + 1 + size).map(refFrequency);
    const sum = refs.reduce((total, r) => total + r.frequency, 0);
    if (sum < bestSum) {
      best = refs;
      bestSum = sum;
    }
    at += 1 + size;
  }
  return [...new Set(best.map((r) => r.key))];
}

/** Whether `run` (keys at `start`, `count` long) occurs consecutively in `column`. */
function containsRun(column: Ints, keys: Ints, start: number, count: number): boolean {
  const first = keys[start]!;
  outer: for (let i = 0; i + count <= column.length; i++) {
    if (column[i] !== first) continue;
    for (let j = 1; j < count; j++) if (column[i + j] !== keys[start + j]) continue outer;
    return true;
  }
  return false;
}

const REMOVED = 0xffffffff;

function grow<A extends Int32Array<ArrayBuffer> | Uint32Array<ArrayBuffer>>(array: A, atLeast: number): A {
  const next = new (array.constructor as new (n: number) => A)(Math.max(atLeast, array.length * 2, 4));
  next.set(array);
  return next;
}
