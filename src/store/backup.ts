/**
 * An online copy of a SQLite database: SQLite's backup API (better-sqlite3 `backup`) reads a
 * consistent snapshot while Paperboy keeps writing (in WAL mode writers never wait for it). A
 * write from another connection between two steps of the copy restarts it, so every page is
 * copied in one step: the copy always ends, however busy the database. The copy is written beside the target, switched
 * to a single self-contained file (no -wal), checked with `integrity_check`, and only then renamed
 * over the target: a failed backup never leaves a half-written file where the last good one was.
 */
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { UserError } from '../core/errors.js';

export interface BackupReport {
  readonly file: string;
  readonly bytes: number;
  readonly papers: number;
}

export async function backupSqlite(sourcePath: string, targetPath: string): Promise<BackupReport> {
  const source = resolve(sourcePath);
  const target = resolve(targetPath);
  if (!existsSync(source)) throw new UserError(`There is no SQLite database at ${source}; set DATABASE_URL to the one to back up.`);
  if (source === target) throw new UserError(`The backup would overwrite the database itself (${source}); give another file name.`);
  if (!existsSync(dirname(target))) throw new UserError(`The folder ${dirname(target)} does not exist; create it or give a file in another folder.`);
  const partial = `${target}.partial-${process.pid}`;
  rmSync(partial, { force: true });
  const db = new SQLite(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(partial, { progress: ({ remainingPages }) => Math.max(remainingPages, 1) });
  } catch (error) {
    rmSync(partial, { force: true });
    throw new UserError(`The backup of ${source} failed: ${error instanceof Error ? error.message : String(error)}.`, { cause: error });
  } finally {
    db.close();
  }
  let papers: number;
  try {
    papers = checkCopy(partial);
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  return { file: target, bytes: statSync(target).size, papers };
}

/** Makes the copy one file, checks it whole, and counts its papers; throws when it is not sound. */
function checkCopy(file: string): number {
  const copy = new SQLite(file, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    const problems = (copy.pragma('integrity_check') as { integrity_check: string }[]).map((row) => row.integrity_check);
    if (problems.length !== 1 || problems[0] !== 'ok') {
      throw new Error(`The copy failed SQLite's integrity check (${problems.slice(0, 3).join('; ')}); the database itself may be damaged.`);
    }
    const table = copy.prepare("select 1 from sqlite_master where type = 'table' and name = 'papers'").get();
    if (!table) throw new UserError('The database holds no papers table: it is not a Paperboy database (or was never started).');
    return (copy.prepare('select count(*) as n from papers').get() as { n: number }).n;
  } finally {
    copy.close();
  }
}
