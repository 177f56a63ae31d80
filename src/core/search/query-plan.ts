/**
 * A query as the scans run it. Postings hold words, not positions, so the plan is what postings
 * can test: AND groups of alternative terms (a group's document must hold one of them), terms that
 * exclude, and, when the query has a multi-word phrase, the whole query as terms for the exact
 * check against the documents' forward streams (`ExactQuery`, phrase-check.ts).
 *
 * - A group of one multi-word phrase becomes a group per word: a document holding the phrase holds
 *   every word, and those words' postings bound its score exactly as the semantics sum it.
 * - A phrase among alternatives is represented by its rarest word, and its other words' best
 *   factors are added to the group's bound (`others`), so pruning stays safe.
 * - A one-word exclusion is tested on postings; a multi-word one is left to the exact check.
 * - The pairs of words in a row of such a group's phrase name the buckets of pair lists
 *   (pair-lists.ts) that the phrase's sealed candidates must be in as well.
 */
import type { Phrase, Query } from '../query/ast.js';
import { pairBucket } from './pair-lists.js';
import type { PostingStore } from './postings.js';

/** The terms of a phrase, −1 for a word no document holds. */
export type PhraseTerms = Int32Array;

export interface ExactQuery {
  /** Per AND group, its alternatives. */
  readonly groups: readonly (readonly PhraseTerms[])[];
  readonly none: readonly PhraseTerms[];
  /** Every term the check counts (each once), for the per-document frequencies. */
  readonly terms: Int32Array;
}

export interface Plan {
  /** One term per entry, in the order the score sums them when no exact check is needed; −1 when no document holds it. */
  readonly terms: Int32Array;
  /** The AND groups: group g's alternatives are the entries from `ends[g − 1]` (0 for the first) up to `ends[g]`. */
  readonly ends: Int32Array;
  /** Per entry, the other words of its phrase (when it stands for one among alternatives): their terms from `othersAt[i]` to `othersAt[i + 1]` in `others`. */
  readonly othersAt: Int32Array;
  readonly others: Int32Array;
  /** A document holding one of these does not match. */
  readonly excluded: Int32Array;
  /** Pair-list buckets a sealed document must be in to match (each a pair of a phrase's words in a row). */
  readonly pairs: Int32Array;
  /** The group whose postings drive the scan: the fewest documents. */
  readonly driver: number;
  /** Some group has no document at all. */
  readonly empty: boolean;
  /** Set when the query has a multi-word phrase: a candidate matches, and scores, by this check. */
  readonly exact: ExactQuery | undefined;
  /**
   * With `exact`, when no group has alternatives: a candidate the postings let through matches
   * exactly when its stream holds the bytes of each multi-word phrase and of no excluded one
   * (`PhraseCheck.holdsBytes`), and it scores as the entries' frequencies in the postings say,
   * summed in the plan's order, which is the check's.
   */
  readonly byBytes: boolean;
}

/** The query as terms, for the exact check (each token's term, −1 when no document holds it). */
export function exactQuery(query: Query, termOf: (phrase: Phrase, token: string) => number): ExactQuery {
  const terms = (phrase: Phrase): PhraseTerms => Int32Array.from(phrase.tokens, (token) => termOf(phrase, token));
  const groups = query.all.map((group) => group.anyOf.map(terms));
  const none = query.none.map(terms);
  const all = new Set<number>();
  for (const phrase of [...groups.flat(), ...none]) for (const term of phrase) if (term >= 0) all.add(term);
  return { groups, none, terms: Int32Array.from(all) };
}

/**
 * The plan of a query, given each token's term (−1 when no document holds it) and the mask of the
 * pair-list buckets (−1: no pair lists).
 */
export function planQuery(query: Query, termOf: (phrase: Phrase, token: string) => number, postings: PostingStore, pairMask = -1): Plan {
  const exact = exactQuery(query, termOf);
  const { groups, none } = exact;
  const multiWord = (list: readonly PhraseTerms[]) => list.some((p) => p.length > 1);
  const entries: { term: number; others: number[] }[][] = [];
  const pairs = new Set<number>();
  for (const group of groups) {
    if (group.length === 1 && group[0]!.length > 1) {
      const phrase = group[0]!;
      for (const term of phrase) entries.push([{ term, others: [] }]);
      if (pairMask >= 0 && !phrase.includes(-1)) for (let i = 1; i < phrase.length; i++) pairs.add(pairBucket(phrase[i - 1]!, phrase[i]!, pairMask));
      continue;
    }
    entries.push(
      group.map((phrase) => {
        if (phrase.length === 1) return { term: phrase[0]!, others: [] };
        // A phrase with a word no document holds matches nothing.
        if (phrase.includes(-1)) return { term: -1, others: [] };
        const rarest = [...phrase].sort((a, b) => postings.df[a]! - postings.df[b]!)[0]!;
        const others = [...phrase];
        others.splice(others.indexOf(rarest), 1);
        return { term: rarest, others };
      }),
    );
  }
  const excluded = Int32Array.from(none.filter((p) => p.length === 1 && p[0]! >= 0).map((p) => p[0]!));
  if (!groups.some(multiWord) && !multiWord(none)) return layout(entries, excluded, postings, NO_CHECK);
  return layout(entries, excluded, postings, { pairs: Int32Array.from(pairs), exact, byBytes: groups.every((group) => group.length === 1) });
}

/** What a plan with a multi-word phrase adds: the pair lists to read and the exact check. */
type Check = Pick<Plan, 'pairs' | 'exact' | 'byBytes'>;

const NO_CHECK: Check = { pairs: new Int32Array(0), exact: undefined, byBytes: false };

/**
 * The plan as one object literal, whatever the query: every plan has one hidden class, and the
 * scans V8 compiles for the plans it has seen serve every other plan too. (Plans made by spreading
 * another had a map of their own, and the first query of the other kind threw the compiled scans
 * away: a few milliseconds of running them uncompiled.)
 */
function layout(groups: readonly (readonly { term: number; others: number[] }[])[], excluded: Int32Array, postings: PostingStore, check: Check): Plan {
  const flat = groups.flat();
  const terms = Int32Array.from(flat, (e) => e.term);
  const othersAt = new Int32Array(flat.length + 1);
  flat.forEach((e, i) => (othersAt[i + 1] = othersAt[i]! + e.others.length));
  const others = Int32Array.from(flat.flatMap((e) => e.others));
  const ends = new Int32Array(groups.length);
  const sizes = groups.map((g, i) => {
    ends[i] = (i === 0 ? 0 : ends[i - 1]!) + g.length;
    return g.reduce((sum, e) => sum + (e.term < 0 ? 0 : postings.df[e.term]!), 0);
  });
  const driver = sizes.indexOf(Math.min(...sizes));
  return { terms, ends, othersAt, others, excluded, pairs: check.pairs, driver, empty: sizes.length === 0 || sizes[driver] === 0, exact: check.exact, byBytes: check.byBytes };
}
