/**
 * `paperboy copy-db --to URL [--merge]`: everything in DATABASE_URL copied into another database,
 * typically a SQLite file into PostgreSQL (docs/decisions/0015-copy-db.md), with a table of counts.
 */
import { existsSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import { copyDatabase, describeDatabase, openDatabase, type TableCopy } from '../store/index.js';
import { createProgress } from './progress.js';

export interface CopyDbRequest {
  readonly from: string;
  readonly to: string | undefined;
  readonly merge: boolean;
  readonly poolMax: number;
}

/** Returns what to print on standard output. */
export async function copyDb({ from, to, merge, poolMax }: CopyDbRequest): Promise<string> {
  if (to === undefined || to === '') throw new UsageError('copy-db needs --to, for example: paperboy copy-db --to postgres://paperboy@localhost:5432/paperboy');
  const source = describeDatabase(from);
  const target = describeDatabase(to, '--to');
  // Opening a missing SQLite file would create an empty one and copy nothing.
  if (!source.startsWith('postgres://') && source !== ':memory:' && !existsSync(source)) {
    throw new UsageError(`DATABASE_URL names ${source}, which does not exist; set it to the database to copy from.`);
  }
  if (source === target) throw new UsageError(`--to names the database DATABASE_URL already uses (${source}); give another one.`);
  const sourceDb = openDatabase(from, { poolMax });
  const targetDb = openDatabase(to, { poolMax, setting: '--to' });
  const progress = createProgress(process.stderr, 'copying');
  try {
    return describeCopy(await copyDatabase(sourceDb, targetDb, { merge, onProgress: progress.update }), source, target);
  } finally {
    progress.stop();
    await Promise.all([sourceDb.destroy(), targetDb.destroy()]);
  }
}

const HEADINGS = ['table', 'rows', 'added', 'updated', 'unchanged'] as const;

/** One line per table, then one sentence. */
export function describeCopy(copies: readonly TableCopy[], source: string, target: string): string {
  const lines = [HEADINGS, ...copies.map((c) => [c.table, c.rows, c.added, c.updated, c.unchanged].map(String))];
  const widths = HEADINGS.map((_, i) => Math.max(...lines.map((line) => line[i]!.length)));
  const table = lines.map((line) => line.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
  const changed = copies.reduce((n, c) => n + c.added + c.updated, 0);
  const rows = copies.reduce((n, c) => n + c.rows, 0);
  const summary =
    rows === 0
      ? `${source} holds nothing to copy.`
      : changed === 0
      ? `Nothing to change: ${target} already holds all ${rows} rows of ${source}.`
      : `Copied ${source} into ${target}: ${changed} of ${rows} rows added or updated.`;
  return [...table, summary].join('\n');
}
