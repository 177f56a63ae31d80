import { sql } from 'kysely';
import type { Database } from './schema.js';

/**
 * Runs `work` in a write transaction that takes the write lock up front (BEGIN IMMEDIATE).
 * kysely's own transactions begin DEFERRED, and a deferred transaction that reads and then writes
 * fails at once with SQLITE_BUSY when another process committed in between; an immediate one waits
 * on busy_timeout instead. Use the given handle inside `work`, never the outer one: the connection
 * is held for the whole callback.
 */
export async function writeTransaction<T>(db: Database, work: (trx: Database) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
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
  });
}
