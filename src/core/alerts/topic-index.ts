/**
 * Finds which of many topics match a paper without testing every topic, fast enough for a million
 * topics. Every (field, token) a topic mentions gets an integer key. A topic is compiled to a short
 * integer program (its AND groups of phrases, each phrase one key or a run of keys) and filed,
 * program inline, in the bucket of each key of one AND group: any matching paper holds one of
 * those keys. A paper is turned into keys once (`topic-document.ts`); testing it reads the buckets
 * of the keys it holds front to back, so a candidate costs a few sequential array reads, a present
 * key one stamp compare, and a multi-word phrase a walk over the few places its first word occurs.
 */
import type { Paper } from '../paper.js';
import type { Field, Phrase, Query } from '../query/ast.js';
import { ALWAYS, createKeyedDocument, type KeyedDocument } from './topic-document.js';
import { grown } from '../typed-arrays.js';

export interface TopicIndexOptions {
  /**
   * How common a token is among papers (e.g. its document frequency in the search index). Topics
   * are filed under their rarest group and tokens, so fewer papers need their full test. Without
   * it, a word is taken to be as common among papers as it is among the topics (the topics are
   * what people want from those papers), the longer of two equally common words as the rarer.
   */
  readonly frequency?: (field: Field, token: string) => number;
}

export interface TopicIndex<T> {
  /** Files a topic; returns a handle for `remove` (handles count up from 0 and are never reused). */
  add(query: Query, value: T): number;
  /** Files many topics, each counted among the topics before any is filed (see `frequency`); returns their handles. */
  addAll(entries: readonly { readonly query: Query; readonly value: T }[]): number[];
  remove(handle: number): void;
  /** The values whose query matches the paper, in the order they were added. */
  matching(paper: Paper): T[];
  /**
   * The handles of the topics whose query matches the paper, in no particular order: a view into
   * the index's own buffer, valid until the next call.
   */
  matchingHandles(paper: Paper): Int32Array;
  readonly size: number;
}

type Ints = Int32Array<ArrayBuffer>;

export function createTopicIndex<T>(
  entries: readonly { readonly query: Query; readonly value: T }[] = [],
  options: TopicIndexOptions = {},
): TopicIndex<T> {
  const index = new KeyedTopicIndex<T>(options.frequency);
  index.addAll(entries);
  return index;
}

/** A class (not closures) so that every index shares one compiled copy of this hot code. */
class KeyedTopicIndex<T> implements TopicIndex<T> {
  private readonly keys: KeyedDocument = createKeyedDocument();
  /** Per key: entries [topic (or ~topic when filed under several keys), program length (negated for a conjunction), program…], and the used length. */
  private readonly buckets: Ints[] = [EMPTY];
  private used: Ints = new Int32Array(1024);
  private readonly values: (T | undefined)[] = [];
  private live = 0;
  /** The document generation that last tested each topic filed under several keys, so it is tested once. */
  private tested: Ints = new Int32Array(1024);
  /** Where each topic's guard keys sit in `guardKeys` (for `remove`); −1 once removed. */
  private guardAt: Ints = new Int32Array(1024);
  private guardKeys: Ints = new Int32Array(1024);
  private guardKeysUsed = 0;
  private found: Ints = new Int32Array(1024);
  private lastGeneration = 0;

  /** Per key, how many topics filed so far (or about to be) mention it. */
  private mentions: Ints = new Int32Array(1024);

  constructor(private readonly frequency: ((field: Field, token: string) => number) | undefined) {}

  get size(): number {
    return this.live;
  }

  add(query: Query, value: T): number {
    this.count(query);
    return this.file(query, value);
  }

  addAll(entries: readonly { readonly query: Query; readonly value: T }[]): number[] {
    for (const { query } of entries) this.count(query);
    return entries.map(({ query, value }) => this.file(query, value));
  }

  /** Counts the topic's words among the topics' (removals leave the counts as they are: they only guide filing). */
  private count(query: Query): void {
    for (const group of query.all) for (const phrase of group.anyOf) for (const token of phrase.tokens) this.mentions[this.keyOf(phrase.field, token)]! += 1;
  }

  private file(query: Query, value: T): number {
    const topic = this.values.length;
    this.values.push(value);
    if (topic >= this.tested.length) {
      this.tested = grown(this.tested, topic + 1);
      this.guardAt = grown(this.guardAt, topic + 1);
      this.found = grown(this.found, topic + 1);
    }
    this.live += 1;
    const { program, guards, conjunction } = this.compile(query);
    const header = guards.length === 1 ? topic : ~topic;
    for (const key of guards) this.append(key, header, program, conjunction);
    if (this.guardKeysUsed + guards.length + 1 > this.guardKeys.length) this.guardKeys = grown(this.guardKeys, this.guardKeysUsed + guards.length + 1);
    this.guardAt[topic] = this.guardKeysUsed;
    this.guardKeys[this.guardKeysUsed++] = guards.length;
    for (const key of guards) this.guardKeys[this.guardKeysUsed++] = key;
    return topic;
  }

  remove(handle: number): void {
    if (!Number.isInteger(handle) || handle < 0 || handle >= this.values.length || this.guardAt[handle] === -1) return;
    const at = this.guardAt[handle]!;
    for (let i = 1; i <= this.guardKeys[at]!; i++) this.unfile(this.guardKeys[at + i]!, handle);
    this.guardAt[handle] = -1;
    this.values[handle] = undefined;
    this.live -= 1;
  }

  matching(paper: Paper): T[] {
    const handles = Int32Array.from(this.matchingHandles(paper)).sort();
    return Array.from(handles, (handle) => this.values[handle] as T);
  }

  matchingHandles(paper: Paper): Int32Array {
    const keys = this.keys;
    const generation = keys.load(paper);
    // Generations only grow, but for a wrap after a billion documents: then the old marks must go.
    if (generation <= this.lastGeneration) this.tested.fill(0);
    this.lastGeneration = generation;
    const { buckets, used, tested, found } = this;
    const { present, presentCount, stamp } = keys;
    let count = 0;
    for (let k = 0; k < presentCount; k++) {
      const key = present[k]!;
      const bucket = buckets[key]!;
      const end = used[key]!;
      let at = 0;
      while (at < end) {
        let topic = bucket[at]!;
        const length = bucket[at + 1]!;
        let i = at + 2;
        at = i + (length > 0 ? length : -length);
        if (topic < 0) {
          topic = ~topic;
          if (tested[topic] === generation) continue;
          tested[topic] = generation;
        }
        // The program (see `compile`), run in line: this loop is where matching spends its time.
        let accepted = true;
        if (length <= 0) {
          // Words that must all be present: the commonest kind of topic, and the quickest to test.
          for (; i < at; i++) {
            if (stamp[bucket[i]!] !== generation) {
              accepted = false;
              break;
            }
          }
          if (accepted) found[count++] = topic;
          continue;
        }
        for (let groups = bucket[i++]!; groups > 0 && accepted; groups--) {
          const groupEnd = i + 1 + bucket[i]!;
          accepted = anyPresent(keys, generation, bucket, i + 1, groupEnd);
          i = groupEnd;
        }
        if (accepted && !anyPresent(keys, generation, bucket, i + 1, i + 1 + bucket[i]!)) found[count++] = topic;
      }
    }
    return found.subarray(0, count);
  }

  private keyOf(field: Field, token: string): number {
    const key = this.keys.keyOf(field, token);
    while (this.buckets.length <= key) this.buckets.push(EMPTY);
    if (key >= this.used.length) {
      this.used = grown(this.used, key + 1);
      this.mentions = grown(this.mentions, key + 1);
    }
    return key;
  }

  /** A phrase's rarest token (a one-word phrase's only one) and how common it is. */
  private rarest(phrase: Phrase): { frequency: number; token: string } {
    let best = { frequency: Infinity, token: '' };
    for (const token of phrase.tokens) {
      const f = this.frequency ? this.frequency(phrase.field, token) : this.mentions[this.keyOf(phrase.field, token)]! + 1 / (1 + token.length);
      if (f < best.frequency) best = { frequency: f, token };
    }
    return best;
  }

  /**
   * Program: [group count, (length, phrases…) per group, length, excluded phrases…], a phrase
   * being its key, or −n and the n keys of a multi-word phrase. The topic is filed under the group
   * whose phrases are rarest in sum, one key per phrase (a multi-word phrase's rarest token); when
   * that group is all single words, reaching its bucket already proves it, so the program leaves it
   * out. When what is left is single words that must all be present (a `conjunction`), the program
   * is just their keys. A phrase without tokens matches nothing (as in `phraseMatches`), so it is
   * dropped, and a topic with a group of nothing but such phrases is filed nowhere; a topic
   * without groups is filed under `ALWAYS`.
   */
  private compile(query: Query): { program: number[]; guards: number[]; conjunction: boolean } {
    const groups = query.all.map((group) => group.anyOf.filter((phrase) => phrase.tokens.length > 0));
    const none = query.none.filter((phrase) => phrase.tokens.length > 0);
    if (groups.some((group) => group.length === 0)) return { program: [], guards: [], conjunction: true };
    let chosen = -1;
    let chosenSum = Infinity;
    const rarest = groups.map((group) => group.map((phrase) => this.rarest(phrase)));
    rarest.forEach((group, g) => {
      const sum = group.reduce((total, r) => total + r.frequency, 0);
      if (chosen === -1 || sum < chosenSum) {
        chosen = g;
        chosenSum = sum;
      }
    });
    const guardGroup = groups[chosen] ?? [];
    const guards = chosen === -1 ? [ALWAYS] : [...new Set(guardGroup.map((phrase, i) => this.keyOf(phrase.field, rarest[chosen]![i]!.token)))];
    const implied = guardGroup.every((phrase) => phrase.tokens.length === 1);
    const kept = groups.filter((_, g) => g !== chosen || !implied);
    if (none.length === 0 && kept.every((group) => group.length === 1 && group[0]!.tokens.length === 1)) {
      return { program: kept.map((group) => this.keyOf(group[0]!.field, group[0]!.tokens[0]!)), guards, conjunction: true };
    }
    const program: number[] = [kept.length];
    for (const group of kept) this.emitGroup(group, program);
    this.emitGroup(none, program);
    return { program, guards, conjunction: false };
  }

  private emitGroup(phrases: readonly Phrase[], out: number[]): void {
    const at = out.length;
    out.push(0);
    for (const phrase of phrases) {
      if (phrase.tokens.length > 1) out.push(-phrase.tokens.length);
      for (const token of phrase.tokens) out.push(this.keyOf(phrase.field, token));
    }
    out[at] = out.length - at - 1;
  }

  /** Appends [header, length, program…] to the key's bucket; a conjunction's length is negated (0 for none: the guard alone proves it). */
  private append(key: number, header: number, program: readonly number[], conjunction: boolean): void {
    let bucket = this.buckets[key]!;
    const at = this.used[key]!;
    const end = at + 2 + program.length;
    if (end > bucket.length) this.buckets[key] = bucket = grown(bucket, Math.max(end, 4));
    bucket[at] = header;
    bucket[at + 1] = conjunction ? -program.length : program.length;
    for (let i = 0; i < program.length; i++) bucket[at + 2 + i] = program[i]!;
    this.used[key] = end;
  }

  private unfile(key: number, topic: number): void {
    const bucket = this.buckets[key]!;
    const end = this.used[key]!;
    for (let at = 0; at < end; at += 2 + Math.abs(bucket[at + 1]!)) {
      const header = bucket[at]!;
      if (header !== topic && ~header !== topic) continue;
      const next = at + 2 + Math.abs(bucket[at + 1]!);
      bucket.copyWithin(at, next, end);
      this.used[key] = end - (next - at);
      return;
    }
  }
}

/**
 * Whether the current document holds any of the program's references in `bucket[from…end)`: a key
 * (≥ 0) by its stamp, or a phrase (−n, followed by its n keys) by a run of them.
 */
function anyPresent(keys: KeyedDocument, generation: number, bucket: Int32Array, from: number, end: number): boolean {
  for (let i = from; i < end; ) {
    const ref = bucket[i]!;
    if (ref >= 0 ? keys.stamp[ref] === generation : keys.hasRun(bucket, i + 1, -ref)) return true;
    i += ref >= 0 ? 1 : 1 - ref;
  }
  return false;
}

const EMPTY: Ints = new Int32Array(0);
