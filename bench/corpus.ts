/**
 * Corpora for the benchmarks: a statistical model of the recorded archive (title, AI summary and
 * abstract lengths in tokens, the vocabulary with its own Zipf-like word frequencies and its long
 * tail, keywords, authors per paper, organisations, the upvote distribution), or a built-in model
 * with the same shape when ../shared is absent; and a seeded generator that draws any number of
 * papers from it, fast and reproducibly.
 */
import type { Paper } from '../src/core/paper.js';
import { tokenize } from '../src/core/query/tokenize.js';
import { ARCHIVE_TO } from './archive.js';
import { seededRandom } from '../test/fakes/random.js';

export interface CorpusModel {
  readonly source: 'archive' | 'built-in';
  /** Empirical distributions, one sample per archive paper; lengths are in tokens. */
  readonly titleLengths: readonly number[];
  readonly abstractLengths: readonly number[];
  /** 0 for a paper without an AI summary. */
  readonly aiSummaryLengths: readonly number[];
  readonly keywordCounts: readonly number[];
  readonly authorCounts: readonly number[];
  readonly upvotes: readonly number[];
  /** Every keyword as written, repeats kept, so drawing uniformly follows their frequency. */
  readonly keywords: readonly string[];
  /** The running-text vocabulary and how often each word occurs. */
  readonly words: readonly string[];
  readonly wordCounts: readonly number[];
  /** Share of running-text tokens that are words seen once: drawn as new words, so the vocabulary grows with the corpus. */
  readonly tailRate: number;
  readonly authors: readonly string[];
  readonly orgs: readonly { readonly name: string; readonly fullname?: string | undefined }[];
  readonly orgRate: number;
}


export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

export function modelFromPapers(papers: readonly Paper[]): CorpusModel {
  const counts = new Map<string, number>();
  const count = (text: string) => {
    const tokens = tokenize(text);
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    return tokens.length;
  };
  const titleLengths = papers.map((p) => count(p.title));
  const abstractLengths = papers.map((p) => count(p.summary));
  const aiSummaryLengths = papers.map((p) => (p.aiSummary ? count(p.aiSummary) : 0));
  const words: string[] = [];
  const wordCounts: number[] = [];
  let total = 0;
  let once = 0;
  for (const [word, n] of counts) {
    total += n;
    if (n === 1) once += 1;
    else {
      words.push(word);
      wordCounts.push(n);
    }
  }
  const orgs = new Map(papers.flatMap((p) => (p.organization ? [[p.organization.name, p.organization] as const] : [])));
  return {
    source: 'archive',
    titleLengths,
    abstractLengths,
    aiSummaryLengths,
    keywordCounts: papers.map((p) => p.aiKeywords.length),
    authorCounts: papers.map((p) => p.authors.length),
    upvotes: papers.map((p) => p.upvotes),
    keywords: papers.flatMap((p) => p.aiKeywords),
    words,
    wordCounts,
    tailRate: once / total,
    authors: papers.flatMap((p) => p.authors),
    orgs: [...orgs.values()],
    orgRate: papers.filter((p) => p.organization).length / papers.length,
  };
}

const SYLLABLES = 'ka lo mi ne ru sa ti vo xe ze bra cle dri fro gla pre sta tri qua ven mor lin dus tek'.split(' ');
const FIRST = ['Ada', 'Ben', 'Chen', 'Dana', 'Emil', 'Fatima', 'Goran', 'Hana', 'Ivan', 'Jun', 'Kofi', 'Lena', 'Mateo', 'Nina', 'Omar', 'Priya'];
const LAST = ['Wang', 'Li', 'Zhang', 'Smith', 'Müller', 'Garcia', 'Kim', 'Tanaka', 'Núñez', 'Okafor', 'Rossi', 'Dubois', 'Dao', 'Liu'];

/** The archive's shape without the archive: Zipf word frequencies (s = 1.07 over 40k words) and its mean lengths. */
export function builtInModel(seed = 7): CorpusModel {
  const random = seededRandom(seed);
  const words = Array.from({ length: 40_000 }, (_, i) => syllableWord(i));
  const wordCounts = words.map((_, rank) => Math.max(1, Math.round(1e6 / (rank + 2.7) ** 1.07)));
  const normal = (mean: number, sd: number) => Math.max(1, Math.round(mean + sd * (random() + random() + random() - 1.5) * 2));
  const n = 10_000;
  const keywords = Array.from({ length: 60_000 }, () => {
    const size = 1 + Math.floor(random() * 3);
    return Array.from({ length: size }, () => words[Math.floor(random() ** 3 * 5000)]!).join(' ');
  });
  return {
    source: 'built-in',
    titleLengths: Array.from({ length: n }, () => normal(10, 3)),
    abstractLengths: Array.from({ length: n }, () => normal(200, 45)),
    aiSummaryLengths: Array.from({ length: n }, () => (random() < 0.4 ? 0 : normal(27, 6))),
    keywordCounts: Array.from({ length: n }, () => Math.floor(random() * 12)),
    authorCounts: Array.from({ length: n }, () => 1 + Math.floor(random() ** 2 * 20)),
    upvotes: Array.from({ length: n }, () => Math.floor(Math.exp(random() * Math.log(300))) - 1),
    keywords,
    words,
    wordCounts,
    tailRate: 0.01,
    authors: Array.from({ length: 20_000 }, () => `${pick(random, FIRST)} ${pick(random, LAST)}${pick(random, ['', '', 'a', 'o'])}`),
    orgs: [{ name: 'nvidia', fullname: 'NVIDIA' }, { name: 'meta', fullname: 'Meta AI' }, { name: 'deepmind', fullname: 'Google DeepMind' }],
    orgRate: 0.3,
  };
}

function syllableWord(i: number): string {
  let word = '';
  let n = i + SYLLABLES.length;
  while (n > 0) {
    word += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  }
  return word;
}

/** Papers published per synthetic day; dates run back from the archive's last day. */
const PER_DAY = 100;

/**
 * A seeded generator: paper `i` is always the same paper for the same model and seed. Running text
 * is drawn word by word from the model's frequencies (Walker's alias method, O(1) a word).
 */
export function createPaperGenerator(model: CorpusModel, seed: number): (i: number) => Paper {
  const random = seededRandom(seed);
  const drawWord = aliasSampler(model.wordCounts, random);
  const lastDay = Date.parse(`${ARCHIVE_TO}T00:00:00Z`);
  const text = (length: number) => {
    const out = new Array<string>(length);
    for (let k = 0; k < length; k++) {
      out[k] = random() < model.tailRate ? `zq${Math.floor(random() * 2 ** 31).toString(36)}` : model.words[drawWord()]!;
    }
    return out.join(' ');
  };
  return (i) => {
    const day = new Date(lastDay - Math.floor(i / PER_DAY) * 86_400_000).toISOString().slice(0, 10);
    const aiLength = pick(random, model.aiSummaryLengths);
    return {
      id: `${day.slice(2, 4)}${day.slice(5, 7)}.${String(i).padStart(7, '0')}`,
      title: capitalise(text(pick(random, model.titleLengths))),
      summary: `${capitalise(text(pick(random, model.abstractLengths)))}.`,
      authors: Array.from({ length: pick(random, model.authorCounts) }, () => pick(random, model.authors)),
      organization: random() < model.orgRate ? pick(random, model.orgs) : undefined,
      upvotes: Math.max(0, pick(random, model.upvotes)),
      numComments: Math.floor(random() * 4),
      aiSummary: aiLength > 0 ? `${capitalise(text(aiLength))}.` : undefined,
      aiKeywords: Array.from({ length: pick(random, model.keywordCounts) }, () => pick(random, model.keywords)),
      publishedAt: `${day}T00:00:00.000Z`,
      dailyDate: day,
    };
  };
}

function aliasSampler(weights: readonly number[], random: () => number): () => number {
  const n = weights.length;
  const total = weights.reduce((s, w) => s + w, 0);
  const probability = new Float64Array(n);
  const alias = new Int32Array(n);
  const scaled = weights.map((w) => (w * n) / total);
  const small: number[] = [];
  const large: number[] = [];
  scaled.forEach((p, i) => (p < 1 ? small : large).push(i));
  while (small.length > 0 && large.length > 0) {
    const s = small.pop()!;
    const l = large.pop()!;
    probability[s] = scaled[s]!;
    alias[s] = l;
    scaled[l] = scaled[l]! + scaled[s]! - 1;
    (scaled[l]! < 1 ? small : large).push(l);
  }
  for (const i of [...small, ...large]) probability[i] = 1;
  return () => {
    const column = Math.floor(random() * n);
    return random() < probability[column]! ? column : alias[column]!;
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
