/**
 * "More like this" at 100k papers, in a child process: the in-memory search index built from a
 * generated corpus, and 200 papers' five most similar through `findSimilar` (the index's word
 * counts, then one OR query of the paper's most telling words). The baseline scores every paper
 * of the index with the same query (`scoreMatching` over every id) and keeps the top five; the two
 * must name the same papers.
 */
import { readFileSync } from 'node:fs';
import type { Paper } from '../src/core/paper.js';
import type { SearchHit } from '../src/core/ports.js';
import { createSearchIndex } from '../src/core/search/search-index.js';
import { findSimilar, paperWords, similarQuery, type SimilarDeps } from '../src/core/similar/similar-papers.js';
import { seededRandom } from '../test/fakes/random.js';
import { collectGarbage, runInChild, serveChild } from './child.js';
import { createPaperGenerator, type CorpusModel } from './corpus.js';

export interface SimilarJob {
  readonly modelFile: string;
  readonly size: number;
}

export interface SimilarRun {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly baselineP99Ms: number;
  readonly baselineRuns: number;
  /** Share of the baseline's papers whose five were the same five, in the same order. */
  readonly agreement: number;
}

const TIMED = 500;
const WARMUP = 50;
const BASELINE = 5;
const SHOWN = 5;

export function measureSimilar(job: SimilarJob): Promise<SimilarRun> {
  return runInChild(import.meta.url, job);
}

async function run(job: SimilarJob): Promise<SimilarRun> {
  const model = JSON.parse(readFileSync(job.modelFile, 'utf8')) as CorpusModel;
  const next = createPaperGenerator(model, 77);
  const papers = Array.from({ length: job.size }, (_, i) => next(i));
  const index = createSearchIndex(papers);
  const byId = new Map(papers.map((p) => [p.id, p]));
  const ids = papers.map((p) => p.id);
  const deps: SimilarDeps = {
    papers: {
      search: async (query, page) => {
        const found = index.search(query, page);
        return { hits: found.hits.map((h) => ({ paper: { ...byId.get(h.id)!, firstSeenAt: '', updatedAt: '', origin: 'daily' as const }, score: h.score })), total: found.total };
      },
    },
    words: { wordFrequencies: async (tokens) => ({ papers: index.size, counts: index.wordFrequencies(tokens) }) },
  };
  const random = seededRandom(99);
  const sample = Array.from({ length: WARMUP + TIMED }, () => papers[Math.floor(random() * papers.length)]!);
  for (const paper of sample.slice(0, WARMUP)) await findSimilar(deps, paper, SHOWN);
  collectGarbage();
  const times: number[] = [];
  const found = new Map<string, SearchHit[]>();
  for (const paper of sample.slice(WARMUP)) {
    const start = performance.now();
    const hits = await findSimilar(deps, paper, SHOWN);
    times.push(performance.now() - start);
    found.set(paper.id, hits);
  }
  const baselineTimes: number[] = [];
  let same = 0;
  for (const paper of sample.slice(WARMUP, WARMUP + BASELINE)) {
    const start = performance.now();
    const top = everyPaper(index, ids, paper);
    baselineTimes.push(performance.now() - start);
    const served = (found.get(paper.id) ?? []).map((h) => h.paper.id);
    if (served.join() === top.join()) same += 1;
  }
  return { p50Ms: quantile(times, 0.5), p99Ms: quantile(times, 0.99), baselineP99Ms: quantile(baselineTimes, 0.99), baselineRuns: BASELINE, agreement: same / BASELINE };
}

/** The same query, every paper scored, the top five kept (ties as search breaks them: by id here, which scores rarely need). */
function everyPaper(index: ReturnType<typeof createSearchIndex>, ids: readonly string[], paper: Paper): string[] {
  const words = paperWords(paper);
  const query = similarQuery(words, { papers: index.size, counts: index.wordFrequencies(words.map((w) => w.token)) });
  if (!query) return [];
  const scores = index.scoreMatching(query, ids);
  scores.delete(paper.id);
  return [...scores].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, SHOWN).map(([id]) => id);
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
}

serveChild(import.meta.url, run);
