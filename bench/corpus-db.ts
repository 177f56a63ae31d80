/**
 * Synthetic corpora written into SQLite: the schema by the production migrations, the rows by one
 * prepared INSERT of the store's own `paperColumns` (10,000 papers a transaction), through the
 * production triggers. `writePapers` adds papers through the store's upsert. A generated database is
 * kept in a cache folder keyed by model, seed and size, since a 1M-paper corpus takes minutes to
 * write, and brought to the latest schema when it is used again; `--fresh` regenerates it, and the
 * generation time is reported when it happened.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import type { Paper } from '../src/core/paper.js';
import { paperColumns } from '../src/store/paper-rows.js';
import { migrateToLatest, openDatabase, type Store } from '../src/store/index.js';
import { createPaperGenerator, type CorpusModel } from './corpus.js';

/** Bump when the generator changes, so stale cached corpora are not reused. */
const GENERATOR_VERSION = 1;
const CHUNK = 5000;
export const CORPUS_SEED = 0x5eed;

export interface CorpusDb {
  readonly file: string;
  readonly papers: number;
  /** Seconds spent generating and writing, when it was generated in this run. */
  readonly generatedS?: number;
}

export function cacheDir(): string {
  const dir = join(tmpdir(), 'paperboy-bench-cache');
  mkdirSync(dir, { recursive: true });
  return dir;
}

export async function corpusDb(model: CorpusModel, size: number, options: { fresh?: boolean; log?: (line: string) => void } = {}): Promise<CorpusDb> {
  const file = join(cacheDir(), `corpus-${model.source}-${size}-s${CORPUS_SEED}-v${GENERATOR_VERSION}.sqlite`);
  if (existsSync(file) && !options.fresh) {
    // A corpus cached before a migration (0007 took FTS5 out) is migrated once, not on every copy of it.
    const cached = openDatabase(file);
    await migrateToLatest(cached);
    await cached.destroy();
    return { file, papers: size };
  }
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  const started = performance.now();
  const db = openDatabase(partial);
  await migrateToLatest(db);
  await db.destroy();
  bulkInsert(partial, model, size, options.log);
  for (const suffix of ['-wal', '-shm']) rmSync(`${partial}${suffix}`, { force: true });
  rmSync(file, { force: true });
  renameSync(partial, file);
  return { file, papers: size, generatedS: (performance.now() - started) / 1000 };
}

/** Papers `from` … `to - 1` of the seeded generator, upserted in chunks. */
export async function writePapers(store: Store, model: CorpusModel, from: number, to: number, log?: (line: string) => void): Promise<void> {
  const next = createPaperGenerator(model, CORPUS_SEED);
  // The generator is sequential: papers before `from` are drawn and dropped so paper i is always the same.
  for (let i = 0; i < from; i++) next(i);
  const seenAt = new Date('2026-08-21T23:00:00.000Z');
  for (let start = from; start < to; start += CHUNK) {
    const chunk = [];
    for (let i = start; i < Math.min(to, start + CHUNK); i++) chunk.push(next(i));
    await store.papers.upsert(chunk, 'daily', seenAt);
    if (log && (start / CHUNK) % 20 === 19) log(`corpus: ${start + chunk.length} of ${to} papers written`);
  }
}

const BULK_CHUNK = 10_000;

/** The bulk path: one prepared statement, big transactions, through the schema's triggers. */
function bulkInsert(file: string, model: CorpusModel, size: number, log?: (line: string) => void): void {
  const sqlite = new SQLite(file);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = OFF');
    const now = new Date('2026-08-21T23:00:00.000Z').toISOString();
    const columns = Object.keys(paperColumns(sample()));
    const insert = sqlite.prepare(
      `insert into papers (${columns.join(', ')}, origin, first_seen_at, updated_at) values (${columns.map((c) => `@${c}`).join(', ')}, 'daily', @now, @now)`,
    );
    const next = createPaperGenerator(model, CORPUS_SEED);
    const write = sqlite.transaction((papers: Paper[]) => {
      for (const paper of papers) insert.run({ ...paperColumns(paper), now });
    });
    for (let start = 0; start < size; start += BULK_CHUNK) {
      const chunk: Paper[] = [];
      for (let i = start; i < Math.min(size, start + BULK_CHUNK); i++) chunk.push(next(i));
      write(chunk);
      if (log && (start / BULK_CHUNK) % 10 === 9) log(`corpus: ${start + chunk.length} of ${size} papers written`);
    }
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    sqlite.close();
  }
}

function sample(): Paper {
  return { id: 'x', title: '', summary: '', authors: [], upvotes: 0, numComments: 0, aiKeywords: [], publishedAt: '2026-01-01T00:00:00.000Z' };
}
