/**
 * What votes teach, offline, on the recorded archive (or the built-in corpus), in a child process.
 *
 * Quality: simulated readers. Each has a hidden set of three topics (quoted keywords of the
 * archive, matched by the project's own topic matcher) and likes exactly the papers that match
 * one. Over the four weeks before an evaluation week they are shown 20 papers, half of them
 * matching (what their searches and alerts bring) and half not (what a digest brings), and vote
 * on each, 👍 or 👎, in a random order, through the model's online update. Then `foryou` ranks
 * the evaluation week: precision at 10 is the share of its top 10 that the reader likes, beside
 * the same week ranked by upvotes alone (the baseline).
 *
 * Speed: 10k voters with models of that size in a real store (a SQLite file), and `foryou` as a
 * command runs it (model read, papers of 7 days, ranking, reasons), timed for 1,000 of them.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { addDays } from '../src/core/calendar-date.js';
import { rankPapers } from '../src/core/digest/rank.js';
import { paperFeatures } from '../src/core/feedback/paper-features.js';
import { compactModel, emptyModel, learnVote, weightsOf, type ReaderModelState } from '../src/core/feedback/reader-model.js';
import { rankByTaste } from '../src/core/feedback/taste.js';
import type { Paper } from '../src/core/paper.js';
import { createDocumentMatcher, prepareDocument } from '../src/core/query/match.js';
import { parseQuery } from '../src/core/query/parse.js';
import { createFeedback } from '../src/core/use-cases/feedback.js';
import { createStore, migrateToLatest, openDatabase } from '../src/store/index.js';
import { seededRandom } from '../test/fakes/random.js';
import { readDayFiles } from './archive.js';
import { log, runInChild, serveChild } from './child.js';
import { builtInModel, createPaperGenerator } from './corpus.js';

export interface ForYouJob {
  readonly dayDir?: string;
  readonly tmp: string;
}

export interface ForYouRun {
  readonly readers: number;
  readonly precision: number;
  readonly baselinePrecision: number;
  readonly voters: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** CPU time of the same calls: what the call costs when the machine is shared. */
  readonly cpuP50Ms: number;
  readonly cpuP99Ms: number;
  readonly modelKb: number;
}

const READERS = 300;
const VOTERS = 10_000;
const TIMED = 1_000;
const SHOWN = 20;
const TRAIN_DAYS = 28;
const SEED = 1717;

export function measureForYou(job: ForYouJob): Promise<ForYouRun> {
  return runInChild(import.meta.url, job);
}

async function run(job: ForYouJob): Promise<ForYouRun> {
  const papers = (job.dayDir ? readDayFiles(job.dayDir) : Array.from({ length: 9_600 }, createPaperGenerator(builtInModel(), 99))).filter((p) => p.dailyDate);
  const random = seededRandom(SEED);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const sample = <T>(list: readonly T[], n: number): T[] => shuffle([...list], random).slice(0, n);

  const docs = new Map(papers.map((p) => [p.id, prepareDocument(p)]));
  const topics = topicPool(papers);
  const weeks = evaluationWeeks(papers);
  log(`foryou: ${topics.length} topics, ${weeks.length} evaluation weeks, ${READERS} readers…`);

  const states: { state: ReaderModelState; week: Week }[] = [];
  let precision = 0;
  let baseline = 0;
  for (let r = 0; r < READERS; r++) {
    const week = weeks[r % weeks.length]!;
    for (let attempt = 0; ; attempt++) {
      const hidden = [pick(topics), pick(topics), pick(topics)].map((t) => createDocumentMatcher(parseQuery(`"${t}"`)));
      const likes = (p: Paper) => hidden.some((m) => m(docs.get(p.id)!));
      const liked = week.train.filter(likes);
      const evalLiked = week.papers.filter(likes).length;
      if ((liked.length < SHOWN / 2 || evalLiked < 5) && attempt < 200) continue;
      const shown = shuffle([...sample(liked, SHOWN / 2), ...sample(week.train.filter((p) => !likes(p)), SHOWN / 2)], random);
      const state = emptyModel();
      for (const paper of shown) learnVote(state, paperFeatures(paper), likes(paper) ? 1 : -1);
      const top = rankByTaste(weightsOf(state), week.papers, (p: Paper) => p).slice(0, 10);
      precision += top.filter((s) => likes(s.item)).length / 10;
      baseline += rankPapers(week.papers).slice(0, 10).filter(likes).length / 10;
      // As the store keeps it.
      states.push({ state: compactModel(state), week });
      break;
    }
  }

  log(`foryou: ${VOTERS} voters in a store…`);
  const timing = await timeForYou(job.tmp, papers, states);
  return { readers: READERS, precision: precision / READERS, baselinePrecision: baseline / READERS, voters: VOTERS, ...timing };
}

async function timeForYou(tmp: string, papers: readonly Paper[], states: readonly { state: ReaderModelState; week: Week }[]) {
  const db = openDatabase(join(tmp, 'foryou.sqlite'));
  await migrateToLatest(db);
  const store = createStore(db);
  try {
    await store.papers.upsert(papers, 'daily', new Date());
    const at = new Date().toISOString();
    let bytes = 0;
    for (let i = 0; i < VOTERS; i += 250) {
      const rows = Array.from({ length: Math.min(250, VOTERS - i) }, (_, j) => {
        const state = JSON.stringify(states[(i + j) % states.length]!.state);
        bytes += state.length;
        return { platform: 'bench', user_id: `u${i + j}`, state, votes: SHOWN, updated_at: at };
      });
      await db.insertInto('reader_models').values(rows).execute();
    }
    const feedback = createFeedback({ papers: store.papers, feedback: store.feedback });
    const times: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < TIMED + 20; i++) {
      const voter = (i * 7919) % VOTERS;
      const now = new Date(`${states[voter % states.length]!.week.last}T23:00:00Z`);
      const started = performance.now();
      const cpuStarted = process.cpuUsage();
      await feedback.forYou({ platform: 'bench', userId: `u${voter}` }, now);
      const used = process.cpuUsage(cpuStarted);
      // The first calls read the week's papers and their features; a serving process has them.
      if (i < 20) continue;
      times.push(performance.now() - started);
      cpu.push((used.user + used.system) / 1000);
    }
    return { p50Ms: quantile(times, 0.5), p99Ms: quantile(times, 0.99), cpuP50Ms: quantile(cpu, 0.5), cpuP99Ms: quantile(cpu, 0.99), modelKb: bytes / VOTERS / 1024 };
  } finally {
    await store.close();
  }
}

interface Week {
  readonly last: string;
  /** The evaluation week's papers: what `foryou` ranks. */
  readonly papers: readonly Paper[];
  /** The four weeks before: what the reader is shown. */
  readonly train: readonly Paper[];
}

/** The last eight full weeks with papers, each with the four weeks before it. */
function evaluationWeeks(papers: readonly Paper[]): Week[] {
  const byDate = new Map<string, Paper[]>();
  for (const p of papers) byDate.set(p.dailyDate!, [...(byDate.get(p.dailyDate!) ?? []), p]);
  const dates = [...byDate.keys()].sort();
  const within = (from: string, to: string) => dates.filter((d) => d >= from && d <= to).flatMap((d) => byDate.get(d)!);
  const weeks: Week[] = [];
  for (let k = 0; k < 8; k++) {
    const last = addDays(dates.at(-1)!, -7 * k);
    const first = addDays(last, -6);
    weeks.push({ last, papers: within(first, last), train: within(addDays(first, -TRAIN_DAYS), addDays(first, -1)) });
  }
  return weeks.filter((w) => w.papers.length >= 20 && w.train.length >= 100);
}

/** Keywords Hugging Face gave papers, held by between 0.2 % and 2 % of them: topics a reader could have. */
function topicPool(papers: readonly Paper[]): string[] {
  const counts = new Map<string, number>();
  for (const p of papers) for (const k of new Set(p.aiKeywords.map((w) => w.toLowerCase().trim()))) counts.set(k, (counts.get(k) ?? 0) + 1);
  const low = papers.length * 0.002;
  const high = papers.length * 0.02;
  return [...counts].filter(([k, n]) => n >= low && n <= high && /^[a-z][a-z0-9 -]{2,40}$/.test(k)).map(([k]) => k).sort();
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function shuffle<T>(list: T[], random: () => number): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

serveChild(import.meta.url, run);
