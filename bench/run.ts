/**
 * `npm run bench`: ingest, search and topic-matching numbers, each beside a naive baseline measured
 * in the same run, as one JSON document on standard output (progress on standard error).
 *
 *   node --expose-gc dist/bench/run.js [--synthetic] [--keep]
 *
 * `--synthetic` ignores the recorded archive; `--keep` leaves the temp folder (databases, corpus).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, arch, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createStore, openDatabase, type Database } from '../src/store/index.js';
import { prepareCorpus, repoRoot, SYNTHETIC_PER_DAY, SYNTHETIC_WEEKDAYS } from './corpus.js';
import { measureIngest, round, type IngestMeasure } from './ingest.js';
import { measureMatch } from './match.js';
import { measureSearch } from './search.js';

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const collectGarbage = () => (globalThis as { gc?: () => void }).gc?.();

async function main(args: readonly string[]): Promise<void> {
  const started = performance.now();
  const tmp = mkdtempSync(join(tmpdir(), 'paperboy-bench-'));
  try {
    const corpus = prepareCorpus(tmp, args.includes('--synthetic'));
    log(`corpus: ${corpus.kind} ${corpus.from}..${corpus.to} in ${corpus.dir}`);
    const job = { dir: corpus.dir, from: corpus.from, to: corpus.to, today: corpus.to };

    log('ingest: month lists through createIngest (production)…');
    const production = await measureIngest({ ...job, mode: 'month-lists', dbFile: join(tmp, 'month-lists.sqlite') });
    log(`ingest: ${production.wallMs} ms, ${production.httpRequests} requests, ${production.papersStored} papers`);
    log('ingest: day lists, one upsert (baseline)…');
    const baseline = await measureIngest({ ...job, mode: 'day-lists', dbFile: join(tmp, 'day-lists.sqlite') });
    log(`ingest: ${baseline.wallMs} ms, ${baseline.httpRequests} requests, ${baseline.papersStored} papers`);

    const db = openDatabase(join(tmp, 'month-lists.sqlite'));
    const store = createStore(db);
    try {
      const papers = await store.papers.byDailyDates(await store.papers.dailyDates({}));
      const now = new Date(`${corpus.to}T23:00:00.000Z`);
      collectGarbage();
      log(`search: ${papers.length} papers in the corpus…`);
      const search = await measureSearch(db, store, papers, now);
      log(`search: p50 ${search.all.p50Ms} ms, p99 ${search.all.p99Ms} ms`);
      collectGarbage();
      const match = await measureMatch(store, papers, log);
      const environment = await describeEnvironment(db);
      const report = {
        benchmark: 'paperboy',
        date: new Date().toISOString(),
        corpus: corpus.kind,
        corpusSource: corpus.source ?? `test/fakes/hf-items.ts, ${SYNTHETIC_WEEKDAYS} weekdays × ${SYNTHETIC_PER_DAY} papers, seeded`,
        range: { from: corpus.from, to: corpus.to },
        ingest: {
          note: 'Each ingest runs in its own child process holding the fake Hugging Face server (127.0.0.1) and a fresh SQLite file; peak RSS covers both.',
          production: { path: 'createIngest(...).run({ from, to }): month lists for ≥8 days of a month, one upsert', ...production },
          baseline: { path: 'source.daily(date) for every day, then one papers.upsert', ...baseline },
          ratios: ingestRatios(production, baseline),
        },
        search,
        match,
        environment,
        totalMs: round(performance.now() - started),
      };
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    } finally {
      await store.close();
    }
  } finally {
    if (args.includes('--keep')) log(`kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
}

/** Baseline ÷ production: above 1 means production does better. */
function ingestRatios(production: IngestMeasure, baseline: IngestMeasure) {
  return {
    wallTime: round(baseline.wallMs / production.wallMs),
    httpRequests: round(baseline.httpRequests / production.httpRequests),
    peakRss: round(baseline.peakRssMb / production.peakRssMb),
    samePapers: baseline.papersStored === production.papersStored,
  };
}

async function describeEnvironment(db: Database) {
  const { rows } = await sql<{ version: string }>`select sqlite_version() as version`.execute(db);
  const cpuList = cpus();
  return {
    node: process.version,
    sqlite: rows[0]?.version ?? 'unknown',
    betterSqlite3: packageVersion('better-sqlite3'),
    kysely: packageVersion('kysely'),
    os: `${platform()} ${release()} ${arch()}`,
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    totalMemoryMb: Math.round(totalmem() / (1024 * 1024)),
    gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
  };
}

/** Read from node_modules: kysely's `exports` map does not expose its package.json. */
function packageVersion(name: string): string {
  try {
    const file = join(repoRoot(), 'node_modules', name, 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
