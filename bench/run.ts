/**
 * `npm run bench`: every measure of issue 6 beside its baseline from the same run.
 *
 *   node --expose-gc dist/bench/run.js [--json] [--quick] [--fresh] [--keep]
 *
 * `--json` prints the output contract (`{ machine, date, results }`) instead of the table;
 * `--quick` leaves out the 1M-paper corpus and the 1M topics; `--fresh` regenerates cached corpora;
 * `--keep` leaves the temp folder; `--only search,similar,match,milestones,ingest,render,delivery,start,foryou,pg`
 * runs just those parts (`pg`: PostgreSQL and replicas, bench/pg.ts). Progress goes to standard error.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Paper } from '../src/core/paper.js';
import { openDatabase } from '../src/store/index.js';
import { dailyItem } from '../test/fakes/hf-items.js';
import { archiveFile, readDayFiles, unpackArchive } from './archive.js';
import { log } from './child.js';
import { builtInModel, createPaperGenerator, modelFromPapers } from './corpus.js';
import { corpusDb } from './corpus-db.js';
import { measureDelivery } from './delivery.js';
import { measureForYou } from './foryou.js';
import { measureIngest } from './ingest.js';
import { measureMatch } from './match.js';
import { measureMilestones } from './milestones.js';
import { measurePostgres } from './pg.js';
import { measureRender, RENDER_TARGETS } from './render.js';
import { absent, describeMachine, formatTable, higher, lower, type Report, type Result } from './report.js';
import { searchResults } from './search-results.js';
import { measureSearch, type SearchMeasure } from './search.js';
import { measureSimilar } from './similar.js';
import { measureStartToPrompt } from './start-prompt.js';

const SIZES = { '10k': 10_000, '100k': 100_000, '1m': 1_000_000 } as const;

async function main(args: readonly string[]): Promise<void> {
  const quick = args.includes('--quick');
  const fresh = args.includes('--fresh');
  const onlyAt = args.indexOf('--only');
  const only = onlyAt >= 0 ? new Set((args[onlyAt + 1] ?? '').split(',')) : undefined;
  const wanted = (part: string) => only === undefined || only.has(part);
  const tmp = mkdtempSync(join(tmpdir(), 'paperboy-bench-'));
  const results: Result[] = [];
  try {
    const archive = archiveFile();
    const dayDir = archive ? unpackArchive(archive, tmp) : writeBuiltInDays(join(tmp, 'days'));
    const papers = readDayFiles(dayDir);
    const model = archive ? modelFromPapers(papers) : builtInModel();
    log(`corpus: ${archive ? `the recorded archive, ${papers.length} papers` : 'no ../shared: the built-in model'}`);
    const modelFile = join(tmp, 'model.json');
    writeFileSync(modelFile, JSON.stringify(model));

    if (wanted('search')) {
      const searches = new Map<string, SearchMeasure>();
      for (const [label, size] of Object.entries(SIZES)) {
        if (quick && label === '1m') continue;
        log(`search: ${size} papers…`);
        searches.set(label, await measureSearch({ modelFile, size, fresh, update: label === '100k' }));
      }
      results.push(...searchResults(searches, quick));
    }
    if (wanted('similar')) {
      log('similar: more like this, 100k papers…');
      const similar = await measureSimilar({ modelFile, size: SIZES['100k'] });
      results.push(
        lower('similar_p99_ms_100k', similar.p99Ms, 'ms', {
          baseline: similar.baselineP99Ms,
          target: { atMost: 5 },
          note: `five most similar papers of 500 papers (p50 ${similar.p50Ms.toFixed(2)} ms): the index's word counts, then one OR query of the paper's 8 most telling words; baseline the same query scoring every paper (${similar.baselineRuns} papers), ${Math.round(similar.agreement * 100)} % the same five in the same order`,
        }),
      );
    }
    if (wanted('match')) results.push(...(await matchResults(dayDir, quick)));
    if (wanted('milestones')) {
      log('milestones: one re-poll against 100k watches and 100k waiting topics…');
      const scan = await measureMilestones({ dayDir: archive ? dayDir : undefined, watches: 100_000, topics: 100_000, changed: 1000 });
      results.push(
        lower('milestone_scan_ms_100k_watches', scan.ms, 'ms', {
          baseline: scan.baselineMs,
          target: { atMost: 50 },
          note: `1,000 papers' upvote changes of one re-poll (1 to 5 upvotes each, every seventh with new code) against 100k watches and 100k topics with min_upvotes (round numbers from 5 to 250; median of five); ${scan.alerts} alerts, ${scan.identical ? 'identical to' : 'DIFFERENT from'} the baseline of every watch and every topic tested against every changed paper`,
        }),
        lower('milestone_topics_build_ms_100k', scan.buildMs, 'ms', { note: 'indexing the 100k waiting topics, once; kept until they change' }),
      );
    }
    if (wanted('ingest')) {
      log('ingest: the whole archive from a local fake, month lists (production) and day lists (baseline)…');
      results.push(...(await ingestResults(dayDir, tmp, papers)));
    }
    if (wanted('render')) {
      log(`render: digests for ${RENDER_TARGETS} targets…`);
      const render = await measureRender(papers);
      results.push(lower('render_1000_targets_ms', render.ms, 'ms', { target: { atMost: 1000 }, note: `${render.rendered} digests selected (their queries included) and rendered for Discord, Slack and the console in turn` }));
    }
    if (wanted('delivery')) results.push(...(await measureDelivery()));
    if (wanted('foryou')) {
      const run = await measureForYou({ ...(archive ? { dayDir } : {}), tmp });
      const readers = `${run.readers} simulated readers, each liking one of 3 hidden topics and voting on ${20} papers of the 4 weeks before the week ranked`;
      results.push(higher('foryou_precision_at_10', run.precision, 'share', { baseline: run.baselinePrecision, target: { atLeast: Number((2 * run.baselinePrecision).toFixed(4)) }, note: `${readers}; baseline: the same week ranked by upvotes; target: twice the baseline` }));
      results.push(lower('foryou_ms_p99', run.p99Ms, 'ms', { target: { atMost: 20 }, note: `${run.voters} voters in a SQLite store (models of ${run.modelKb.toFixed(0)} kB), the foryou command for 1,000 of them; p50 ${run.p50Ms.toFixed(2)} ms; CPU time per call p50 ${run.cpuP50Ms.toFixed(2)} / p99 ${run.cpuP99Ms.toFixed(2)} ms` }));
    }
    if (wanted('start')) {
      log('start: paperboy start to the first prompt, 100k papers…');
      const corpus100k = await corpusDb(model, SIZES['100k']);
      const startMs = await measureStartToPrompt(corpus100k.file, tmp);
      results.push(lower('start_to_prompt_ms', startMs, 'ms', { target: { atMost: 500 }, note: 'under a pseudo-terminal, fake Hugging Face on 127.0.0.1' }));
    }
    if (wanted('pg')) {
      const dates = papers.flatMap((p) => (p.dailyDate ? [p.dailyDate] : [])).sort();
      results.push(...(await measurePostgres({ dayDir, from: dates[0]!, to: dates.at(-1)!, tmp, model, modelFile })));
    }

    const report: Report = { machine: describeMachine(await sqliteVersion()), date: new Date().toISOString(), results };
    process.stdout.write(args.includes('--json') ? `${JSON.stringify(report)}\n` : `${formatTable(report)}\n`);
  } finally {
    if (args.includes('--keep')) log(`kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
}

async function matchResults(dayDir: string, quick: boolean): Promise<Result[]> {
  const results: Result[] = [];
  log('match: topics…');
  const matchSizes = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
  const matches = await measureMatch({ dayDir, sizes: matchSizes });
  for (const [label, size] of [['10k', 10_000], ['100k', 100_000], ['1m', 1_000_000]] as const) {
    const run = matches.find((m) => m.topics === size);
    const target = size === 100_000 ? { atMost: 50 } : size === 1_000_000 ? { atMost: 500 } : undefined;
    const name = `match_ms_${label}_topics`;
    if (!run) results.push(absent(name, 'ms', 'left out by --quick', target));
    else {
      const note = `100 new papers through the matcher ingest keeps between batches (createAlertMatching); ${run.pairs} alerts, ${run.identical ? 'identical to' : 'DIFFERENT from'} the baseline of every topic tested against every paper`;
      results.push(lower(name, run.ms, 'ms', { baseline: run.baselineMs, ...(target ? { target } : {}), note }));
      results.push(lower(`match_build_ms_${label}_topics`, run.buildMs, 'ms', { note: 'the first update: parsing and filing every topic (createAlertMatching), kept between ingests; later ingests parse only new topics' }));
    }
  }
  return results;
}

async function ingestResults(dayDir: string, tmp: string, papers: readonly Paper[]): Promise<Result[]> {
  const dates = papers.flatMap((p) => (p.dailyDate ? [p.dailyDate] : [])).sort();
  const job = { dir: dayDir, from: dates[0]!, to: dates.at(-1)!, today: dates.at(-1)! };
  const production = await measureIngest({ ...job, mode: 'month-lists', dbFile: join(tmp, 'month-lists.sqlite') });
  const baseline = await measureIngest({ ...job, mode: 'day-lists', dbFile: join(tmp, 'day-lists.sqlite') });
  const months = new Set(dates.map((d) => d.slice(0, 7))).size;
  const allowed = Math.ceil(production.papersStored / 100) + months;
  return [
    lower('ingest_archive_s', production.wallMs / 1000, 's', {
      baseline: baseline.wallMs / 1000,
      target: { atMost: 5 },
      note: `a fresh paperboy ingest process, spawn to exit (start-up, migration, upsert, close), ${production.papersStored} papers (baseline stored ${baseline.papersStored}), month lists, 4 at a time; baseline one day list per day, sequential`,
    }),
    lower('ingest_archive_cpu_s', production.cpuMs / 1000, 's', { baseline: baseline.cpuMs / 1000, note: 'CPU time of the ingest process (steadier than wall time on a shared machine)' }),
    lower('ingest_archive_peak_rss_mb', production.peakRssMb, 'MB', { baseline: baseline.peakRssMb }),
    lower('ingest_archive_requests', production.httpRequests, 'requests', {
      baseline: baseline.httpRequests,
      target: { atMost: allowed },
      note: `at most 1 per 100 papers plus 1 per month (${months} months)`,
    }),
  ];
}

/** Without ../shared, the ingest benchmark serves day files of built-in papers. */
function writeBuiltInDays(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const next = createPaperGenerator(builtInModel(), 99);
  const byDay = new Map<string, Record<string, unknown>[]>();
  for (let i = 0; i < 9600; i++) {
    const p = next(i);
    const items = byDay.get(p.dailyDate!) ?? [];
    items.push(dailyItem({ id: p.id, date: p.dailyDate!, title: p.title, summary: p.summary, upvotes: p.upvotes, authors: p.authors, keywords: p.aiKeywords, ...(p.organization ? { organization: p.organization } : {}) }));
    byDay.set(p.dailyDate!, items);
  }
  for (const [day, items] of byDay) writeFileSync(join(dir, `daily_papers-${day}.json`), JSON.stringify(items));
  return dir;
}

async function sqliteVersion(): Promise<string> {
  const db = openDatabase(':memory:');
  try {
    const { rows } = await sql<{ v: string }>`select sqlite_version() as v`.execute(db);
    return rows[0]?.v ?? 'unknown';
  } finally {
    await db.destroy();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
