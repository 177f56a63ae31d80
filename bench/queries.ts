/**
 * What the benchmarks ask: search queries drawn from the archive's `ai_keywords` (one to four
 * words, all of which must match, as a person types them), and topics in the whole query language
 * (words, phrases, OR, exclusions, author:, org:) for the matching benchmark.
 */
import type { Paper } from '../src/core/paper.js';
import { tokenize } from '../src/core/query/tokenize.js';
import { AUTHOR_SEPARATOR } from '../src/core/query/document.js';
import { pick } from './corpus.js';
import { seededRandom } from '../test/fakes/random.js';

/** `count` distinct queries of one to four words, each the tokens of one recorded keyword. */
export function searchQueries(keywords: readonly string[], count: number, seed: number): string[] {
  const random = seededRandom(seed);
  const pool = [...new Set(keywords.map((k) => tokenize(k).filter((t) => t !== AUTHOR_SEPARATOR).join(' ')))]
    .filter((q) => {
      const n = q.split(' ').length;
      return q !== '' && n >= 1 && n <= 4;
    })
    .sort();
  if (pool.length < count) throw new Error(`bench: only ${pool.length} usable keywords to draw ${count} queries from`);
  const chosen = new Set<string>();
  while (chosen.size < count) chosen.add(pick(random, pool));
  return [...chosen];
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
