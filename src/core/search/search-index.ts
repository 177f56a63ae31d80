/**
 * An in-memory search index that ranks exactly as the store's FTS5 search does (bm25 with the
 * store's column weights, blended with upvotes, ties to more upvotes, the newer daily date, then
 * the id), fast enough to score only a few hundred documents per query.
 *
 * Layout: a term is a (field, token) pair with an integer id; its postings hold document slots and
 * the term's weighted frequency. Slots are handed out in descending upvotes at build, so the
 * upvote factor only falls along a posting list: once the best score any later document could
 * reach (every query term at its own best, times the largest upvote factor still ahead, kept per
 * block of slots) is below the tenth best found, the scan stops. Each query walks its rarest AND
 * group and seeks the other terms' postings forward to each candidate.
 *
 * Live updates: new papers get new slots after the sorted ones (scanned in full first, they are
 * few); changed upvotes raise their block's bound; a changed text retires the old slot. A fresh
 * build restores the upvote order. Multi-word phrases are not indexed (no positions are kept): `search`
 * answers undefined for a query with one, and the caller asks FTS5.
 */
import type { Paper } from '../paper.js';
import type { Field, Query } from '../query/ast.js';
import { FIELD_COLUMNS, indexedDocument, INDEXED_COLUMNS } from '../query/document.js';
import { tokenize } from '../query/tokenize.js';
import { COLUMN_WEIGHTS } from '../query/ranking.js';
import { bm25Idf, bm25Term, upvoteBlend } from './bm25.js';
import { appendPosting, createPostings, seek, trimPostings, type Postings } from './postings.js';

export interface IndexHit {
  readonly id: string;
  readonly score: number;
}

export interface SearchIndex {
  /** The top `limit` hits after `offset`, or undefined for a multi-word phrase or an exclusion (ask FTS5). */
  search(query: Query, page: { readonly limit: number; readonly offset: number }): IndexHit[] | undefined;
  /** Adds new papers and updates known ones (upvotes, daily date; a changed text is re-indexed). */
  upsert(papers: readonly Paper[]): void;
  readonly size: number;
  /** Documents added or re-indexed since the build; a fresh build re-sorts them for pruning. */
  readonly unsorted: number;
}

const BLOCK = 128;
const FIELDS: readonly Field[] = ['text', 'author', 'org'];

export function createSearchIndex(papers: readonly Paper[]): SearchIndex {
  const termIds: Record<Field, Map<string, number>> = { text: new Map(), author: new Map(), org: new Map() };
  const postings: Postings[] = [];
  const ids: string[] = [];
  const dailyDates: (string | undefined)[] = [];
  /** A hash of each slot's indexed text, to tell an upvote change from a text change. */
  let hashes = new Uint32Array(Math.max(16, papers.length));
  const slotOf = new Map<string, number>();
  let upvotes = new Int32Array(Math.max(16, papers.length));
  let alive = new Uint8Array(Math.max(16, papers.length));
  let lengths = new Int32Array(Math.max(16, papers.length));
  /** Per block of sorted slots, the largest upvotes at or after it: the upvote factor's bound. */
  let suffixMax = new Float64Array(0);
  let sortedSlots = 0;
  let rows = 0;
  let tokens = 0;

  const termOf = (field: Field, token: string): number => {
    let id = termIds[field].get(token);
    if (id === undefined) {
      id = postings.length;
      termIds[field].set(token, id);
      postings.push(createPostings());
    }
    return id;
  };

  const analyse = (paper: Paper): { terms: Map<number, number>; length: number; hash: number } => {
    const doc = indexedDocument(paper);
    const terms = new Map<number, number>();
    let length = 0;
    for (const field of FIELDS) {
      for (const column of FIELD_COLUMNS[field]) {
        const weight = COLUMN_WEIGHTS[column];
        const columnTokens = tokenize(doc[column]);
        length += columnTokens.length;
        for (const token of columnTokens) {
          const term = termOf(field, token);
          terms.set(term, (terms.get(term) ?? 0) + weight);
        }
      }
    }
    return { terms, length, hash: textHash(paper) };
  };

  const ensureCapacity = (slots: number) => {
    if (slots <= upvotes.length) return;
    const size = Math.max(slots, upvotes.length * 2);
    upvotes = grown(upvotes, new Int32Array(size));
    alive = grown(alive, new Uint8Array(size));
    lengths = grown(lengths, new Int32Array(size));
    hashes = grown(hashes, new Uint32Array(size));
  };

  const addDoc = (paper: Paper) => {
    const slot = ids.length;
    ensureCapacity(slot + 1);
    const { terms, length, hash } = analyse(paper);
    for (const [term, freq] of terms) appendPosting(postings[term]!, slot, freq, length);
    ids.push(paper.id);
    dailyDates.push(paper.dailyDate);
    hashes[slot] = hash;
    upvotes[slot] = paper.upvotes;
    alive[slot] = 1;
    lengths[slot] = length;
    slotOf.set(paper.id, slot);
    rows += 1;
    tokens += length;
  };

  // No per-document term list is kept (it would double the memory); a text change, which is rare
  // (an AI summary arriving later), finds the slot's terms by a search in every posting list.
  const retire = (slot: number) => {
    alive[slot] = 0;
    for (const p of postings) {
      const at = seek(p, 0, slot);
      if (at < p.length && p.slots[at] === slot) p.df -= 1;
    }
    rows -= 1;
    tokens -= lengths[slot]!;
  };

  const raiseBound = (slot: number, value: number) => {
    if (slot >= sortedSlots) return;
    for (let block = Math.floor(slot / BLOCK); block >= 0 && suffixMax[block]! < value; block--) suffixMax[block] = value;
  };

  // Build: slots in descending upvotes, so the upvote factor falls along every posting list.
  const ordered = [...papers].sort((a, b) => b.upvotes - a.upvotes);
  for (const paper of ordered) if (!slotOf.has(paper.id)) addDoc(paper);
  for (const p of postings) trimPostings(p);
  sortedSlots = ids.length;
  suffixMax = new Float64Array(Math.ceil(sortedSlots / BLOCK));
  for (let slot = sortedSlots - 1; slot >= 0; slot--) raiseBound(slot, upvotes[slot]!);

  const index: SearchIndex = {
    get size() {
      return rows;
    },
    get unsorted() {
      return ids.length - sortedSlots;
    },

    upsert(changed) {
      for (const paper of changed) {
        const slot = slotOf.get(paper.id);
        if (slot === undefined) {
          addDoc(paper);
          continue;
        }
        if (textHash(paper) !== hashes[slot]) {
          retire(slot);
          addDoc(paper);
          continue;
        }
        dailyDates[slot] = paper.dailyDate ?? dailyDates[slot];
        upvotes[slot] = paper.upvotes;
        raiseBound(slot, paper.upvotes);
      }
    },

    search(query, page) {
      const plan = planQuery(query, termIds, postings, rows);
      if (plan === undefined) return undefined;
      const k = Math.max(0, Math.floor(page.offset)) + Math.max(0, Math.floor(page.limit));
      if (k === 0 || plan.empty) return [];
      const top = createTopK(k, ids, dailyDates);
      const averageLength = tokens / rows;
      const idf = plan.terms.map((t) => (t < 0 ? 0 : bm25Idf(rows, postings[t]!.df)));
      // The best share each positive term can add in any document: its largest frequency in its shortest document.
      let best = 0;
      plan.positive.forEach((i) => {
        const p = postings[plan.terms[i]!];
        if (p && p.length > 0) best += bm25Term(idf[i]!, p.maxFreq, p.minLength, averageLength);
      });
      const scan = (from: number, to: number, prune: boolean) => {
        const cursors = plan.terms.map((t) => (t < 0 ? 0 : seek(postings[t]!, 0, from)));
        const driver = plan.groups[plan.driver]!;
        for (;;) {
          // The next candidate: the smallest slot among the driving group's cursors.
          let slot = Infinity;
          for (const i of driver) {
            const p = postings[plan.terms[i]!];
            if (p && cursors[i]! < p.length && p.slots[cursors[i]!]! < slot) slot = p.slots[cursors[i]!]!;
          }
          if (slot >= to) return;
          if (prune && top.full() && best * upvoteBlend(suffixMax[Math.floor(slot / BLOCK)]!) < top.threshold()) return;
          let score = 0;
          let matches = alive[slot] === 1;
          const freqAt = (i: number): number => {
            const p = postings[plan.terms[i]!];
            if (!p) return 0;
            const at = (cursors[i] = seek(p, cursors[i]!, slot));
            return at < p.length && p.slots[at] === slot ? p.freqs[at]! : 0;
          };
          const freqs = plan.terms.map((_, i) => (matches ? freqAt(i) : 0));
          for (const group of plan.groups) if (matches && !group.some((i) => freqs[i]! > 0)) matches = false;
          for (const i of plan.excluded) if (freqs[i]! > 0) matches = false;
          if (matches) {
            for (let i = 0; i < freqs.length; i++) if (freqs[i]! > 0) score += bm25Term(idf[i]!, freqs[i]!, lengths[slot]!, averageLength);
            top.offer(slot, score * upvoteBlend(upvotes[slot]!), upvotes[slot]!);
          }
          for (const i of driver) {
            const p = postings[plan.terms[i]!];
            if (p && cursors[i]! < p.length && p.slots[cursors[i]!] === slot) cursors[i]! += 1;
          }
        }
      };
      scan(sortedSlots, Infinity, false);
      scan(0, sortedSlots, true);
      return top.sorted().slice(k - Math.max(0, Math.floor(page.limit))).map(({ slot, score }) => ({ id: ids[slot]!, score }));
    },
  };
  return index;
}

interface Plan {
  /** Term id per query phrase, in FTS5's phrase order (groups, then exclusions); −1 when unknown. */
  readonly terms: number[];
  readonly groups: number[][];
  readonly excluded: number[];
  readonly positive: number[];
  /** The group whose postings drive the scan: the fewest documents. */
  readonly driver: number;
  readonly empty: boolean;
}

function planQuery(query: Query, termIds: Record<Field, Map<string, number>>, postings: readonly Postings[], rows: number): Plan | undefined {
  const terms: number[] = [];
  const phraseTerm = (field: Field, tokens: readonly string[]) => {
    terms.push(termIds[field].get(tokens[0]!) ?? -1);
    return terms.length - 1;
  };
  // FTS5 scores rows matched through NOT differently from the sum of their hits (a measured
  // disagreement, see docs/decisions/0008-search-index.md), so exclusions go to FTS5 as well.
  if (query.none.length > 0 || query.all.some((g) => g.anyOf.some((p) => p.tokens.length !== 1))) return undefined;
  const groups = query.all.map((g) => g.anyOf.map((p) => phraseTerm(p.field, p.tokens)));
  const excluded = query.none.map((p) => phraseTerm(p.field, p.tokens));
  const df = (i: number) => (terms[i]! < 0 ? 0 : postings[terms[i]!]!.df);
  const sizes = groups.map((g) => g.reduce((sum, i) => sum + df(i), 0));
  const driver = sizes.indexOf(Math.min(...sizes));
  return { terms, groups, excluded, positive: groups.flat(), driver, empty: rows === 0 || sizes[driver] === 0 };
}

interface Entry {
  readonly slot: number;
  readonly score: number;
  readonly upvotes: number;
}

/** The k best entries under the store's order: score, then upvotes, the newer daily date (none last), the id. */
function createTopK(k: number, ids: readonly string[], dailyDates: readonly (string | undefined)[]) {
  const entries: Entry[] = [];
  const before = (a: Entry, b: Entry): boolean => {
    if (a.score !== b.score) return a.score > b.score;
    if (a.upvotes !== b.upvotes) return a.upvotes > b.upvotes;
    const da = dailyDates[a.slot];
    const db = dailyDates[b.slot];
    if (da !== db) return db === undefined || (da !== undefined && da > db);
    return ids[a.slot]! < ids[b.slot]!;
  };
  return {
    full: () => entries.length === k,
    threshold: () => entries[entries.length - 1]!.score,
    offer(slot: number, score: number, upvotes: number) {
      const entry = { slot, score, upvotes };
      if (entries.length === k && !before(entry, entries[k - 1]!)) return;
      let at = entries.length === k ? k - 1 : entries.length;
      entries[at] = entry;
      while (at > 0 && before(entry, entries[at - 1]!)) {
        entries[at] = entries[at - 1]!;
        entries[at - 1] = entry;
        at -= 1;
      }
    },
    sorted: () => entries,
  };
}

/** FNV-1a over the indexed columns. */
function textHash(paper: Paper): number {
  const doc = indexedDocument(paper);
  let hash = 0x811c9dc5;
  for (const column of INDEXED_COLUMNS) {
    const text = doc[column];
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    hash = Math.imul(hash ^ 0xffff, 0x01000193);
  }
  return hash >>> 0;
}

function grown<A extends Int32Array<ArrayBuffer> | Uint8Array<ArrayBuffer> | Uint32Array<ArrayBuffer>>(from: A, to: A): A {
  to.set(from);
  return to;
}
