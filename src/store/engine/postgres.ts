/**
 * PostgreSQL (13 or later) through kysely's own dialect on a `pg` pool. `pg` is loaded on the
 * first query, so a SQLite start never pays for it.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Pool, PoolConfig } from 'pg';
import { UserError } from '../../core/errors.js';
import type { Database, Schema } from '../schema.js';
import { registerEngine, type Engine } from './engine.js';
import { createPostgresPaperUpsert } from './postgres-paper-upsert.js';

/** PostgreSQL's type id of bigint (count(*), sequences). */
const INT8 = 20;
/**
 * The one advisory lock every write transaction takes (the two-number key space is
 * pg_advisory_xact_lock(int, int); 0x7062 spells "pb"). SQLite's BEGIN IMMEDIATE serialises
 * writers the same way; narrower locks (ingest, migrations) take other second numbers.
 */
export const ADVISORY_LOCKS = { namespace: 0x7062, write: 1 } as const;

export interface PostgresOptions {
  /** Most connections the pool opens (DATABASE_POOL_MAX). */
  readonly poolMax?: number;
  /** What the person called the URL, for the message when the server cannot be reached. */
  readonly setting?: string;
}

export function openPostgres(url: string, options: PostgresOptions = {}): Database {
  let pool: Pool | undefined;
  const db: Database = new Kysely<Schema>({
    dialect: new PostgresDialect({
      pool: async () => (pool ??= await createPool({ connectionString: url, max: options.poolMax ?? 10 }, options.setting ?? 'DATABASE_URL')),
    }),
  });
  registerEngine(db, createPostgresEngine(db));
  return db;
}

/** The pool, once one connection was made: a wrong URL or a server that is down is told in one sentence (kysely tries again on the next query). */
async function createPool(config: PoolConfig, setting: string): Promise<Pool> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    ...config,
    // Counts and sequence numbers come back as numbers, as on SQLite; they stay far below 2^53.
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === INT8 ? Number : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser },
  });
  // An idle connection the server dropped must not take the process down; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    (await pool.connect()).release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    // Only the host and database are echoed: the rest of the URL may hold a password.
    const where = new URL(String(config.connectionString));
    throw new UserError(`${setting} postgres://…@${where.host}${where.pathname} cannot be reached (${reason}); check that PostgreSQL runs there, the database exists and the user may log in.`, { cause: error });
  }
  return pool;
}

function createPostgresEngine(db: Database): Engine {
  const engine: Engine = {
    name: 'postgres',
    writeTransaction: (work) =>
      db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${ADVISORY_LOCKS.namespace}::int, ${ADVISORY_LOCKS.write}::int)`.execute(trx);
        return work(trx);
      }),
    hasTable: async (name) => Boolean((await sql<{ found: string | null }>`select to_regclass(${name}::text)::text as found`.execute(db)).rows[0]?.found),
    createPaperUpsert: () => createPostgresPaperUpsert(engine.writeTransaction, engine.hasTable),
    // An identity's sequence knows nothing of keys written explicitly; never moved backwards, so a
    // key handed out once (and its row deleted since) is not handed out again.
    advanceKeys: async (handle, table, column) => {
      await sql`select setval(s, greatest(m, coalesce(pg_sequence_last_value(s), 0)))
        from (select pg_get_serial_sequence(${table}, ${column})::regclass as s, max(${sql.ref(column)}) as m from ${sql.table(table)}) numbered
        where m is not null`.execute(handle);
    },
  };
  return engine;
}
