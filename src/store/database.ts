import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { UserError } from '../core/errors.js';
import type { Database, Schema } from './schema.js';

export type { Database } from './schema.js';

/** How long a connection waits for another process's write lock before giving up. */
const BUSY_TIMEOUT_MS = 5000;
const EXAMPLE = 'use a SQLite file path such as ./data/paperboy.sqlite';
const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/**
 * Opens the database named by DATABASE_URL: a SQLite file path (its directory is created),
 * `sqlite:` / `file:` URLs, or `:memory:`.
 */
export function openDatabase(url: string): Database {
  const path = sqlitePath(url.trim());
  let sqlite: SQLite.Database;
  try {
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    sqlite = new SQLite(path);
    configure(sqlite, path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UserError(`DATABASE_URL ${path} cannot be opened (${reason}); ${EXAMPLE} in a writable directory.`, {
      cause: error,
    });
  }
  const db: Database = new Kysely<Schema>({ dialect: new SqliteDialect({ database: sqlite }) });
  handles.set(db, sqlite);
  return db;
}

const handles = new WeakMap<Database, SQLite.Database>();

/**
 * The driver under a database opened here, for the few hot paths (the ingest's bulk upsert) that
 * reuse prepared statements; kysely prepares every query afresh. Use it only while holding the
 * kysely connection (inside `writeTransaction`), so no kysely transaction is open around it.
 */
export function sqliteHandle(db: Database): SQLite.Database {
  const handle = handles.get(db);
  if (!handle) throw new Error('sqliteHandle: this database was not opened by openDatabase');
  return handle;
}

function sqlitePath(url: string): string {
  if (url === '') throw new UserError(`DATABASE_URL is empty; ${EXAMPLE}.`);
  if (url === ':memory:' || url === 'sqlite::memory:') return ':memory:';
  if (url.startsWith('file:')) {
    try {
      return fileURLToPath(url);
    } catch {
      throw new UserError(`DATABASE_URL is not a valid file: URL; ${EXAMPLE}.`);
    }
  }
  if (url.startsWith('sqlite://')) return url.slice('sqlite://'.length);
  if (url.startsWith('sqlite:')) return url.slice('sqlite:'.length);
  const scheme = SCHEME.exec(url)?.[1];
  // Only the scheme is echoed: the rest of a URL may hold a password.
  if (scheme) {
    const lower = scheme.toLowerCase();
    const yet = lower === 'postgres' || lower === 'postgresql' ? ' yet' : '';
    throw new UserError(`DATABASE_URL ${lower}://… is not supported${yet}; ${EXAMPLE}.`);
  }
  return url;
}

function configure(sqlite: SQLite.Database, path: string): void {
  // WAL lets a second process read while one writes; NORMAL sync is safe under WAL.
  if (path !== ':memory:') sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  sqlite.pragma('synchronous = NORMAL');
}
