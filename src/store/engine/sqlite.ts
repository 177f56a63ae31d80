/**
 * SQLite, the embedded default: one file (or memory), one connection that kysely serialises, and
 * the better-sqlite3 handle kept for the papers upsert's prepared statements.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, sql, SqliteDialect } from 'kysely';
import type { Database, Schema } from '../schema.js';
import { registerEngine, type Engine } from './engine.js';
import { createSqlitePaperUpsert, tableExists } from './sqlite-paper-upsert.js';

/** How long a connection waits for another process's write lock before giving up. */
const BUSY_TIMEOUT_MS = 5000;

/** Opens (creating its directory) the SQLite database at `path`, or `:memory:`; throws the driver's error. */
export function openSqlite(path: string): Database {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new SQLite(path);
  try {
    configure(sqlite, path);
  } catch (error) {
    sqlite.close();
    throw error;
  }
  const db: Database = new Kysely<Schema>({ dialect: new SqliteDialect({ database: sqlite }) });
  registerEngine(db, createSqliteEngine(db, sqlite));
  return db;
}

function createSqliteEngine(db: Database, sqlite: SQLite.Database): Engine {
  const engine: Engine = {
    name: 'sqlite',
    // kysely's own transactions begin DEFERRED, and a deferred transaction that reads and then writes
    // fails at once with SQLITE_BUSY when another process committed in between; an immediate one
    // waits on busy_timeout instead.
    writeTransaction: (work) =>
      db.connection().execute(async (conn) => {
        await sql`begin immediate`.execute(conn);
        try {
          const result = await work(conn);
          await sql`commit`.execute(conn);
          return result;
        } catch (error) {
          // SQLite may already have rolled back (e.g. on SQLITE_FULL); the original error is what matters.
          await sql`rollback`.execute(conn).catch(() => undefined);
          throw error;
        }
      }),
    hasTable: async (name) => tableExists(sqlite, name),
    exclusively: async (_job, _options, work) => ({ ran: true, value: await work() }),
    turns: { take: async (_bots, _signal, work) => ({ ran: true, value: await work() }), holds: () => true },
    // The handle is used only inside writeTransaction, while kysely's one connection is held.
    createPaperUpsert: () => createSqlitePaperUpsert(sqlite, engine.writeTransaction),
    // An `integer primary key` numbers from the largest rowid present: nothing to move.
    advanceKeys: async () => undefined,
  };
  return engine;
}

function configure(sqlite: SQLite.Database, path: string): void {
  // WAL lets a second process read while one writes; NORMAL sync is safe under WAL.
  if (path !== ':memory:') sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  sqlite.pragma('synchronous = NORMAL');
}
