/**
 * `paperboy backup FILE`: an online, integrity-checked copy of the SQLite database while Paperboy
 * runs. Restoring is copying the file back (with Paperboy stopped). PostgreSQL has pg_dump for this.
 */
import { UsageError } from '../core/errors.js';
import { backupSqlite } from '../store/backup.js';
import { describeDatabase } from '../store/index.js';

/** Returns what to print on standard output. */
export async function backup(databaseUrl: string, file: string | undefined): Promise<string> {
  if (file === undefined || file.trim() === '') throw new UsageError('backup needs a file to write, for example: paperboy backup ./backups/paperboy-2026-06-03.sqlite');
  const database = describeDatabase(databaseUrl);
  if (database.startsWith('postgres://')) {
    throw new UsageError('paperboy backup copies SQLite files; back up PostgreSQL with pg_dump (for example: pg_dump --format=custom --file=paperboy.dump "$DATABASE_URL").');
  }
  if (database === ':memory:') throw new UsageError('DATABASE_URL is :memory:, which keeps nothing to back up; set it to the SQLite file.');
  const report = await backupSqlite(database, file);
  return `Backed up ${database} to ${report.file}: ${formatBytes(report.bytes)}, ${report.papers.toLocaleString('en-US')} papers, integrity ok.`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
