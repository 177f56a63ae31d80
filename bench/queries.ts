/**
 * What the benchmarks ask: search queries in the whole query language, drawn from the corpus
 * model's keywords and authors in the proportions people type them (plain words most, phrases,
 * exclusions, author:, OR; words in several forms), and topics (words, phrases, OR, exclusions,
 * author:, org:) for the matching benchmark.
 */
import type { Paper } from '../src/core/paper.js';
import { tokenize } from '../src/core/query/tokenize.js';
import { AUTHOR_SEPARATOR } from '../src/core/query/document.js';
import { stem } from '../src/core/query/stem.js';
import { pick, type CorpusModel } from './corpus.js';
import { seededRandom } from '../test/fakes/random.js';

/** What a search query of the benchmark is, for the measures taken on one kind alone. */
export type QueryKind = 'words' | 'phrase' | 'exclusion' | 'author' | 'or';

export interface BenchQuery {
  readonly text: string;
  readonly kind: QueryKind;
  /** One of its words was turned into another form of it (`agents`, `benchmarking`), so stemming matters. */
  readonly inflected: boolean;
}

/**
 * The share of each kind among the queries (words take the rest): what people type into search.
 * `words`: one to four words of a keyword (`speculative decoding`); `phrase`: a quoted keyword of
 * two or three words; `exclusion`: keyword words and `-word`; `author`: `author:"Name"`; `or`:
 * two keywords either side of `OR` (which binds the words next to it).
 */
export const QUERY_MIX: Readonly<Record<Exclude<QueryKind, 'words'>, number>> = { phrase: 0.25, exclusion: 0.1, author: 0.1, or: 0.05 };
/** A third of the queries have one word in another form of it, where the vocabulary has one. */
const INFLECTED_SHARE = 1 / 3;
/** How many of the most frequent running-text words exclusions are drawn from. */
const COMMON_WORDS = 3000;

/**
 * `count` distinct queries in the proportions of QUERY_MIX (rounded; words take the rest), in a
 * seeded order, from a corpus model's keywords, authors and vocabulary; `avoid` are left out (a
 * second set, such as the warm-up, drawn apart from the timed one).
 */
export function searchQueries(model: Pick<CorpusModel, 'keywords' | 'authors' | 'words' | 'wordCounts'>, count: number, seed: number, avoid: readonly BenchQuery[] = []): BenchQuery[] {
  const random = seededRandom(seed);
  const keywords = [...new Set(model.keywords.map((k) => tokenize(k).filter((t) => t !== AUTHOR_SEPARATOR).join(' ')))]
    .filter((k) => k !== '')
    .sort()
    .map((k) => k.split(' '))
    .filter((t) => t.length <= 4);
  const byLength = (min: number, max: number) => keywords.filter((t) => t.length >= min && t.length <= max);
  const pools = { words: byLength(1, 4), phrase: byLength(2, 3), short: byLength(1, 3) };
  const excluded = commonWords(model).filter((w) => w.length >= 5 && !STOP.has(w));
  const authors = [...new Set(model.authors)].filter((a) => !a.includes('"') && tokenize(a).length > 0).sort();
  if (pools.words.length < count || excluded.length === 0 || authors.length === 0) throw new Error('bench: the corpus model has too few keywords or authors to draw search queries from');
  const inflect = createInflector(new Set([...model.words, ...keywords.flat()]));
  /** One word of `words`, a third of the time, in another form. */
  const maybeInflect = (words: readonly string[]): { words: readonly string[]; inflected: boolean } => {
    if (random() >= INFLECTED_SHARE) return { words, inflected: false };
    const at = Math.floor(random() * words.length);
    const form = inflect(words[at]!);
    return form === undefined ? { words, inflected: false } : { words: words.with(at, form), inflected: true };
  };
  const draw: Record<QueryKind, () => Omit<BenchQuery, 'kind'>> = {
    words: () => {
      const q = maybeInflect(pick(random, pools.words));
      return { text: q.words.join(' '), inflected: q.inflected };
    },
    phrase: () => {
      const q = maybeInflect(pick(random, pools.phrase));
      return { text: `"${q.words.join(' ')}"`, inflected: q.inflected };
    },
    exclusion: () => {
      const words = pick(random, pools.short);
      let word = pick(random, excluded);
      while (words.some((w) => stem(w) === stem(word))) word = pick(random, excluded);
      const q = maybeInflect([word]);
      return { text: `${words.join(' ')} -${q.words[0]!}`, inflected: q.inflected };
    },
    author: () => ({ text: `author:"${pick(random, authors)}"`, inflected: false }),
    or: () => ({ text: `${pick(random, pools.short).join(' ')} OR ${pick(random, pools.short).join(' ')}`, inflected: false }),
  };
  const kinds = shuffled(random, kindSlots(count));
  const seen = new Set(avoid.map((q) => q.text));
  return kinds.map((kind) => {
    for (;;) {
      const query = { kind, ...draw[kind]() };
      if (seen.has(query.text)) continue;
      seen.add(query.text);
      return query;
    }
  });
}

/** Words people exclude are common ones (`-survey`, `-video`): the running text's most frequent, most frequent first. */
function commonWords(model: Pick<CorpusModel, 'words' | 'wordCounts'>): string[] {
  const ranked = model.words.map((word, i) => ({ word, count: model.wordCounts[i] ?? 0 })).sort((a, b) => b.count - a.count || (a.word < b.word ? -1 : 1));
  return ranked.slice(0, COMMON_WORDS).map((w) => w.word);
}

/** How many of each kind, in QUERY_MIX's proportions. */
function kindSlots(count: number): QueryKind[] {
  const slots: QueryKind[] = [];
  for (const [kind, share] of Object.entries(QUERY_MIX) as [QueryKind, number][]) slots.push(...Array<QueryKind>(Math.round(count * share)).fill(kind));
  return [...slots, ...Array<QueryKind>(Math.max(0, count - slots.length)).fill('words')];
}

function shuffled<T>(random: () => number, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Another form of a word (plural or singular, -ing, -ed) that the vocabulary holds and that stems to the same
 * term, so that it finds the same papers under stemming and different ones without it.
 */
function createInflector(vocabulary: ReadonlySet<string>): (word: string) => string | undefined {
  return (word) => {
    if (!/^[a-z]{4,}$/.test(word)) return undefined;
    // The first form the vocabulary has: a plural (or singular) before -ing before -ed, as people type them.
    return inflections(word).find((form) => form !== word && vocabulary.has(form) && stem(form) === stem(word));
  };
}

function inflections(word: string): string[] {
  const base = word.endsWith('e') ? word.slice(0, -1) : word;
  const consonantY = /[^aeiou]y$/.test(word);
  return [
    consonantY ? `${word.slice(0, -1)}ies` : /(s|x|ch|sh)$/.test(word) ? `${word}es` : `${word}s`,
    // A plural in the keyword turns back into the singular people also type.
    ...(word.endsWith('s') && !word.endsWith('ss') ? [word.slice(0, -1)] : []),
    `${base}ing`,
    consonantY ? `${word.slice(0, -1)}ied` : `${base}ed`,
  ];
}

const STOP = new Set('about above after again among based being between could during their there these those through using which while would other model models learning'.split(' '));

/** A topic generator over a corpus's keywords, authors and organisations; seeded. */
export function createTopicGenerator(papers: readonly Paper[], seed: number): () => string {
  const random = seededRandom(seed);
  // What people follow: a keyword of one to three words with at least one word of five letters or more.
  const keywords = papers
    .flatMap((p) => p.aiKeywords)
    .map((k) => tokenize(k))
    .filter((tokens) => tokens.length >= 1 && tokens.length <= 3 && tokens.some((t) => t.length >= 5 && !STOP.has(t)))
    .map((tokens) => tokens.join(' '));
  const words = [...new Set(keywords.flatMap((k) => k.split(' ')))].filter((w) => w.length >= 5 && !STOP.has(w));
  const authors = papers.flatMap((p) => p.authors).filter((a) => !a.includes('"') && tokenize(a).length > 0);
  const orgs = papers.flatMap((p) => (p.organization ? [p.organization.name] : [])).filter((o) => tokenize(o).length > 0);
  if (keywords.length === 0 || words.length === 0 || authors.length === 0) throw new Error('bench: the corpus has too little text to draw topics from');
  return () => {
    const roll = random();
    if (roll < 0.4) return pick(random, keywords);
    if (roll < 0.6) return `"${pick(random, keywords)}"`;
    if (roll < 0.75) return `author:"${pick(random, authors)}"`;
    if (roll < 0.85) return `${pick(random, keywords)} OR ${pick(random, keywords)}`;
    if (roll < 0.95 || orgs.length === 0) return `${pick(random, keywords)} -${pick(random, words)}`;
    return `org:${pick(random, orgs)}`;
  };
}
