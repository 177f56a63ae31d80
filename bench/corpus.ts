/**
 * The benchmark's inputs: the recorded Hugging Face archive (unpacked to a temp folder) or, when it
 * is absent, a synthetic corpus written in the same file layout; and the seeded query grammar that
 * both the search and the topic benchmarks draw from.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Paper } from '../src/core/paper.js';
import { tokenize } from '../src/core/query/tokenize.js';
import { dailyItem, shiftDay } from '../test/fakes/hf-items.js';

export interface Corpus {
  readonly kind: 'archive' | 'synthetic';
  /** A folder of `daily_papers-YYYY-MM-DD.json` files. */
  readonly dir: string;
  readonly from: string;
  readonly to: string;
  /** The archive file, for the report. */
  readonly source?: string;
}

export const ARCHIVE_FROM = '2024-05-27';
export const ARCHIVE_TO = '2026-08-21';
const DAY_FILE = /^daily_papers-(\d{4}-\d{2}-\d{2})\.json$/;

/** mulberry32: small, fast and good enough to draw benchmark inputs reproducibly. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** The folder holding package.json, found upwards from this file (it runs from dist/bench or bench). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('bench: cannot find the repository root (no package.json above this file)');
    dir = parent;
  }
  return dir;
}

/** Unpacks the recorded archive into `tmp`, or writes a synthetic corpus there when there is none. */
export function prepareCorpus(tmp: string, forceSynthetic: boolean): Corpus {
  const archiveDir = resolve(repoRoot(), '../shared/fixtures/hf/archive');
  const archive = existsSync(archiveDir) ? readdirSync(archiveDir).find((name) => name.endsWith('.tar.gz')) : undefined;
  if (archive && !forceSynthetic) {
    const file = join(archiveDir, archive);
    const out = join(tmp, 'archive');
    mkdirSync(out, { recursive: true });
    execFileSync('tar', ['-xzf', file, '-C', out]);
    return { kind: 'archive', dir: findDayFolder(out), from: ARCHIVE_FROM, to: ARCHIVE_TO, source: file };
  }
  return writeSyntheticCorpus(join(tmp, 'synthetic'));
}

function findDayFolder(root: string): string {
  const queue = [root];
  while (queue.length > 0) {
    const dir = queue.shift()!;
    const entries = readdirSync(dir, { withFileTypes: true });
    if (entries.some((e) => e.isFile() && DAY_FILE.test(e.name))) return dir;
    queue.push(...entries.filter((e) => e.isDirectory()).map((e) => join(dir, e.name)));
  }
  throw new Error(`bench: no daily_papers-YYYY-MM-DD.json files in the unpacked archive at ${root}`);
}

// ---------------------------------------------------------------- synthetic corpus

const TOPIC_WORDS = [
  'diffusion', 'transformer', 'language', 'model', 'models', 'video', 'image', 'generation', 'reasoning', 'agent',
  'agents', 'reinforcement', 'learning', 'multimodal', 'vision', 'speech', 'retrieval', 'augmented', 'benchmark',
  'evaluation', 'alignment', 'preference', 'optimization', 'decoding', 'speculative', 'attention', 'sparse',
  'mixture', 'experts', 'quantization', 'distillation', 'scaling', 'laws', 'tokenizer', 'embedding', 'graph',
  'robotics', 'policy', 'reward', 'synthetic', 'data', 'instruction', 'tuning', 'efficient', 'inference', 'long',
  'context', 'memory', 'state', 'space', 'code', 'math', 'planning', 'world', 'editing', 'segmentation', '3d',
  'gaussian', 'splatting', 'audio', 'music', 'safety', 'jailbreak', 'hallucination', 'uncertainty', 'latent',
  'flow', 'matching', 'autoregressive', 'visual', 'grounding', 'chain', 'thought', 'search', 'tree', 'verifier',
];
const FILLER = ['a', 'the', 'for', 'with', 'of', 'and', 'via', 'towards', 'in', 'on', 'we', 'propose', 'show', 'that'];
const FIRST = ['Ada', 'Ben', 'Chen', 'Dana', 'Emil', 'Fatima', 'Goran', 'Hana', 'Ivan', 'Jun', 'Kofi', 'Lena', 'Mateo', 'Nina'];
const LAST = ['Wang', 'Li', 'Zhang', 'Smith', 'Müller', 'Garcia', 'Kim', 'Tanaka', 'Núñez', 'Okafor', 'Rossi', 'Dubois'];
const ORGS = [{ name: 'nvidia', fullname: 'NVIDIA' }, { name: 'meta', fullname: 'Meta AI' }, { name: 'deepmind', fullname: 'Google DeepMind' }];
export const SYNTHETIC_WEEKDAYS = 560;
export const SYNTHETIC_PER_DAY = 17;

/** 560 weekdays × 17 papers from ARCHIVE_FROM on, built with test/fakes/hf-items.ts, one file per day. */
function writeSyntheticCorpus(dir: string): Corpus {
  mkdirSync(dir, { recursive: true });
  const random = createRandom(0x5eed);
  // Squaring skews choices towards the start of the list, so a few words are common and most rare.
  const skewed = <T>(items: readonly T[]) => items[Math.floor(random() ** 2 * items.length)]!;
  const words = (n: number) => Array.from({ length: n }, () => (random() < 0.3 ? pick(random, FILLER) : skewed(TOPIC_WORDS)));
  let date = ARCHIVE_FROM;
  let last = date;
  let serial = 0;
  for (let written = 0; written < SYNTHETIC_WEEKDAYS; date = shiftDay(date, 1)) {
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const prefix = `${date.slice(2, 4)}${date.slice(5, 7)}`;
    const items = Array.from({ length: SYNTHETIC_PER_DAY }, () => {
      serial += 1;
      return dailyItem({
        id: `${prefix}.${String(serial).padStart(5, '0')}`,
        date,
        title: capitalise(words(6 + Math.floor(random() * 6)).join(' ')),
        summary: `${capitalise(words(60 + Math.floor(random() * 60)).join(' '))}.`,
        upvotes: Math.floor(random() ** 3 * 200),
        authors: Array.from({ length: 1 + Math.floor(random() * 6) }, () => `${pick(random, FIRST)} ${pick(random, LAST)}`),
        keywords: words(3),
        ...(random() < 0.3 ? { organization: pick(random, ORGS) } : {}),
      });
    });
    writeFileSync(join(dir, `daily_papers-${date}.json`), JSON.stringify(items));
    last = date;
    written += 1;
  }
  return { kind: 'synthetic', dir, from: ARCHIVE_FROM, to: last };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---------------------------------------------------------------- queries

export type QueryKind = 'word' | 'phrase' | 'author' | 'or' | 'exclude';
export const QUERY_KINDS: readonly QueryKind[] = ['word', 'phrase', 'author', 'or', 'exclude'];

export interface BenchQuery {
  readonly kind: QueryKind;
  readonly text: string;
  /** The single word, for `word` queries (the LIKE baseline uses it). */
  readonly word?: string;
}

const STOP = new Set(
  'about above after again also among and are based been being between both but can does doing during each from have into its more most only other over such than that their them then there these they this those through towards under using very via what when where which while will with without your'.split(' '),
);

/** A query word appears in at least this many titles. */
const MIN_TITLES = 3;

/**
 * Draws queries from the corpus in the query language people use: a title word, a two-word title
 * phrase, an author, `A OR B`, `word -other`. Words are plain ASCII title words of four or more
 * letters, not stop words, so a LIKE scan and the FTS index look for the same thing.
 */
export function createQueryGenerator(papers: readonly Paper[], seed: number): (kind?: QueryKind) => BenchQuery {
  const random = createRandom(seed);
  const titles = papers.map((p) => tokenize(p.title)).filter((tokens) => tokens.length >= 2);
  const usable = (w: string) => /^[a-z]{4,}$/.test(w) && !STOP.has(w);
  // Distinct words found in a few titles at least, drawn uniformly: topic-like words ("diffusion",
  // "robotics"), neither one-off coinages nor dominated by "models" and "learning".
  const titleCounts = new Map<string, number>();
  for (const tokens of titles) for (const t of new Set(tokens)) if (usable(t)) titleCounts.set(t, (titleCounts.get(t) ?? 0) + 1);
  const words = [...titleCounts].filter(([, n]) => n >= MIN_TITLES).map(([w]) => w).sort();
  const pairs = titles.flatMap((tokens) => tokens.slice(1).flatMap((t, i) => (usable(tokens[i]!) && usable(t) ? [`${tokens[i]} ${t}`] : [])));
  const authors = papers.flatMap((p) => p.authors).filter((name) => name.trim() !== '' && !name.includes('"'));
  if (words.length === 0 || pairs.length === 0 || authors.length === 0) {
    throw new Error('bench: the corpus has too little text to draw queries from');
  }
  const word = () => pick(random, words);
  const other = (not: string) => {
    for (;;) {
      const w = word();
      if (w !== not) return w;
    }
  };
  return (kind = pick(random, QUERY_KINDS)) => {
    switch (kind) {
      case 'word': {
        const w = word();
        return { kind, text: w, word: w };
      }
      case 'phrase':
        return { kind, text: `"${pick(random, pairs)}"` };
      case 'author':
        return { kind, text: `author:"${pick(random, authors)}"` };
      case 'or': {
        const a = word();
        return { kind, text: `${a} OR ${other(a)}` };
      }
      case 'exclude': {
        const a = word();
        return { kind, text: `${a} -${other(a)}` };
      }
    }
  };
}

/** `count` queries, the kinds in turn so each is equally represented. */
export function drawQueries(papers: readonly Paper[], count: number, seed: number): BenchQuery[] {
  const next = createQueryGenerator(papers, seed);
  return Array.from({ length: count }, (_, i) => next(QUERY_KINDS[i % QUERY_KINDS.length]));
}
