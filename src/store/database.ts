import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../core/errors.js';
import { openPostgres } from './engine/postgres.js';
import { openSqlite } from './engine/sqlite.js';
import type { Database } from './schema.js';

export type { Database } from './schema.js';

const EXAMPLE = 'use a SQLite file path such as ./data/paperboy.sqlite or a postgres://user:password@host:5432/database URL';
const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

export interface DatabaseOptions {
  /** Most connections to a PostgreSQL server (DATABASE_POOL_MAX); SQLite has one. */
  readonly poolMax?: number;
  /** Told when a PostgreSQL connection drops (the next query reconnects); SQLite has none to lose. */
  readonly onConnectionError?: (error: Error) => void;
  /** What the person called the URL, for the messages that reject it (default DATABASE_URL). */
  readonly setting?: string;
}

/**
 * Opens the database named by DATABASE_URL: a SQLite file path (its directory is created),
 * `sqlite:` / `file:` URLs, `:memory:`, or a `postgres://` / `postgresql://` URL (connected on the
 * first query).
 */
export function openDatabase(url: string, options: DatabaseOptions = {}): Database {
  const setting = options.setting ?? 'DATABASE_URL';
  const trimmed = url.trim();
  const scheme = SCHEME.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === 'postgres' || scheme === 'postgresql') {
    if (!URL.canParse(trimmed)) throw new UserError(`${setting} ${scheme}://… is not a valid URL; ${EXAMPLE}.`);
    return openPostgres(trimmed, { ...options, setting });
  }
  const path = sqlitePath(trimmed, setting);
  try {
    return openSqlite(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UserError(`${setting} ${path} cannot be opened (${reason}); ${EXAMPLE} in a writable directory.`, {
      cause: error,
    });
  }
}

/**
 * How to name the database of `url` to a person: PostgreSQL as `postgres://…@host:port/db` (the
 * user and password stay out), SQLite as the absolute file path. Two URLs with one name are one database.
 */
export function describeDatabase(url: string, setting = 'DATABASE_URL'): string {
  const trimmed = url.trim();
  const scheme = SCHEME.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === 'postgres' || scheme === 'postgresql') {
    if (!URL.canParse(trimmed)) throw new UserError(`${setting} ${scheme}://… is not a valid URL; ${EXAMPLE}.`);
    const { host, pathname } = new URL(trimmed);
    return `postgres://…@${host}${pathname}`;
  }
  const path = sqlitePath(trimmed, setting);
  return path === ':memory:' ? path : resolve(path);
}

function sqlitePath(url: string, setting: string): string {
  if (url === '') throw new UserError(`${setting} is empty; ${EXAMPLE}.`);
  if (url === ':memory:' || url === 'sqlite::memory:') return ':memory:';
  if (url.startsWith('file:')) {
    try {
      return fileURLToPath(url);
    } catch {
      throw new UserError(`${setting} is not a valid file: URL; ${EXAMPLE}.`);
    }
  }
  if (url.startsWith('sqlite://')) return url.slice('sqlite://'.length);
  if (url.startsWith('sqlite:')) return url.slice('sqlite:'.length);
  const scheme = SCHEME.exec(url)?.[1];
  // Only the scheme is echoed: the rest of a URL may hold a password.
  if (scheme) throw new UserError(`${setting} ${scheme.toLowerCase()}://… is not supported; ${EXAMPLE}.`);
  return url;
}
