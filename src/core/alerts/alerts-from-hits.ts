/**
 * From (topic, paper) hits to alerts, in flat integer arrays: the hits sorted by topic, the people
 * holding a topic with a hit marked, then alerts made person by person (in the order people first
 * subscribed), each person's papers in paper order with their topics in the order subscribed.
 */
import type { Paper } from '../paper.js';
import type { PendingAlert, PersonRef } from '../ports.js';

type Ints = Int32Array<ArrayBuffer>;

/** Buffers a matcher reuses from batch to batch. */
export interface Scratch {
  hitTopic: Ints;
  hitPaper: Ints;
  /** Per topic, where its papers start in `papersOf` (a counting sort of the hits by topic). */
  readonly start: Ints;
  readonly cursor: Ints;
  papersOf: Ints;
  readonly touched: Uint8Array<ArrayBuffer>;
  /** Per topic of the person at hand that has hits (as many as anyone holds): the topic, and where its papers go on and end. */
  readonly matched: Ints;
  readonly next: Ints;
  readonly end: Ints;
}

export interface Subscribers {
  readonly people: readonly PersonRef[];
  readonly personTopics: Lists;
  readonly holders: Lists;
  readonly topicText: readonly string[];
  readonly singles: readonly (readonly string[])[];
}

/**
 * Sorts the hits by topic into `papersOf` (each topic's papers in paper order) and marks the people
 * holding a topic with a hit; returns the most alerts there can be (every hit once per holder).
 */
export function papersByTopic(scratch: Scratch, hits: number, holders: Lists): number {
  const { hitTopic, hitPaper, start, cursor, touched } = scratch;
  const topics = cursor.length;
  start.fill(0);
  for (let k = 0; k < hits; k++) start[hitTopic[k]! + 1]! += 1;
  let bound = 0;
  for (let t = 0; t < topics; t++) {
    const count = start[t + 1]!;
    if (count > 0) {
      const from = holders.start[t]!;
      const to = holders.start[t + 1]!;
      bound += count * (to - from);
      for (let k = from; k < to; k++) touched[holders.items[k]!] = 1;
    }
    start[t + 1]! += start[t]!;
  }
  if (scratch.papersOf.length < hits) scratch.papersOf = new Int32Array(Math.max(hits, scratch.papersOf.length * 2));
  const papersOf = scratch.papersOf;
  cursor.set(start.subarray(0, topics));
  for (let k = 0; k < hits; k++) papersOf[cursor[hitTopic[k]!]!++] = hitPaper[k]!;
  return bound;
}

/**
 * The alerts of the marked people, in person order, each person's papers in paper order and each
 * paper's topics in the order the person subscribed them; clears the marks.
 */
export function alertsOf(papers: readonly Paper[], bound: number, subscribers: Subscribers, scratch: Scratch): PendingAlert[] {
  const { people, personTopics, topicText, singles } = subscribers;
  const { start, papersOf, touched, matched, next, end } = scratch;
  const ids = papers.map((paper) => paper.id);
  const out = new Array<PendingAlert>(bound);
  let count = 0;
  for (let n = 0; n < people.length; n++) {
    if (touched[n] === 0) continue;
    touched[n] = 0;
    const person = people[n]!;
    // The person's topics with hits, in the order subscribed, each with its papers `papersOf[next…end)`.
    let m = 0;
    for (let k = personTopics.start[n]!; k < personTopics.start[n + 1]!; k++) {
      const t = personTopics.items[k]!;
      if (start[t + 1]! === start[t]!) continue;
      matched[m] = t;
      next[m] = start[t]!;
      end[m++] = start[t + 1]!;
    }
    if (m === 1) {
      const topics = singles[matched[0]!]!;
      for (let k = next[0]!; k < end[0]!; k++) out[count++] = { person, paperId: ids[papersOf[k]!]!, topics };
      continue;
    }
    // Several: merge their paper lists (each in paper order), one alert per paper with every topic that has it.
    for (;;) {
      let paper = NONE;
      for (let j = 0; j < m; j++) if (next[j]! < end[j]! && papersOf[next[j]!]! < paper) paper = papersOf[next[j]!]!;
      if (paper === NONE) break;
      let first = -1;
      let topics: string[] | undefined;
      for (let j = 0; j < m; j++) {
        if (next[j]! === end[j]! || papersOf[next[j]!] !== paper) continue;
        next[j]! += 1;
        if (first < 0) first = matched[j]!;
        else (topics ??= [topicText[first]!]).push(topicText[matched[j]!]!);
      }
      // Frozen like the shared single-topic lists, so every alert's `topics` is the same kind of array.
      out[count++] = { person, paperId: ids[paper]!, topics: topics ? Object.freeze(topics) : singles[first]! };
    }
  }
  out.length = count;
  return out;
}

const NONE = 0x7fffffff;

/** A list per owner, in CSR form: owner `o` holds `items[start[o]…start[o+1])`. */
export interface Lists {
  readonly start: Ints;
  readonly items: Ints;
}

/** Per owner (0…owners−1), the values of its entries in entry order. */
export function group(owners: number, ownerOf: Ints, valueOf: Ints): Lists {
  const start = new Int32Array(owners + 1);
  for (let i = 0; i < ownerOf.length; i++) start[ownerOf[i]! + 1]! += 1;
  for (let o = 0; o < owners; o++) start[o + 1]! += start[o]!;
  const items = new Int32Array(ownerOf.length);
  const cursor = start.slice(0, owners);
  for (let i = 0; i < ownerOf.length; i++) items[cursor[ownerOf[i]!]!++] = valueOf[i]!;
  return { start, items };
}

/** `lists` with repeats within each list dropped (values below `values`), compacted in place. */
export function distinct(lists: Lists, values: number): Lists {
  const { start, items } = lists;
  const owners = start.length - 1;
  const seen = new Int32Array(values).fill(-1);
  let write = 0;
  for (let o = 0; o < owners; o++) {
    const from = start[o]!;
    const to = start[o + 1]!;
    start[o] = write;
    for (let k = from; k < to; k++) {
      const v = items[k]!;
      if (seen[v] === o) continue;
      seen[v] = o;
      items[write++] = v;
    }
  }
  start[owners] = write;
  return { start, items: items.slice(0, write) };
}

/** The transpose of `lists`: per value, the owners whose lists hold it, in owner order. */
export function invert(lists: Lists, values: number): Lists {
  const start = new Int32Array(values + 1);
  for (const v of lists.items) start[v + 1]! += 1;
  for (let v = 0; v < values; v++) start[v + 1]! += start[v]!;
  const items = new Int32Array(lists.items.length);
  const cursor = start.slice(0, values);
  for (let o = 0; o + 1 < lists.start.length; o++) {
    for (let k = lists.start[o]!; k < lists.start[o + 1]!; k++) items[cursor[lists.items[k]!]!++] = o;
  }
  return { start, items };
}
