/**
 * PostgreSQL (13 or later) through kysely's own dialect on a `pg` pool. `pg` is loaded on the
 * first query, so a SQLite start never pays for it.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Client, Pool, PoolConfig } from 'pg';
import { UserError } from '../../core/errors.js';
import type { Database, Schema } from '../schema.js';
import { registerEngine, type Engine, type Job } from './engine.js';
import { createPostgresPaperUpsert } from './postgres-paper-upsert.js';
import { createPostgresTurns } from './postgres-turns.js';

/** PostgreSQL's type id of bigint (count(*), sequences). */
const INT8 = 20;
/**
 * The advisory locks (the two-number key space, pg_advisory_lock(int, int); 0x7062 spells "pb").
 * Every write transaction takes `write` for the transaction, as SQLite's BEGIN IMMEDIATE
 * serialises writers; `ingest` and `migrate` are held by one replica at a time for the whole job
 * (docs/decisions/0013-postgresql.md).
 */
export const ADVISORY_LOCKS = { namespace: 0x7062, write: 1, ingest: 2, migrate: 3 } as const satisfies Record<'namespace' | 'write' | Job, number>;

export interface PostgresOptions {
  /** Most connections the pool opens (DATABASE_POOL_MAX). */
  readonly poolMax?: number;
  /** Told when a connection the server or the network dropped fails (the next query reconnects). */
  readonly onConnectionError?: (error: Error) => void;
  /** What the person called the URL, for the message when the server cannot be reached. */
  readonly setting?: string;
}

export function openPostgres(url: string, options: PostgresOptions = {}): Database {
  let pool: Pool | undefined;
  const db: Database = new Kysely<Schema>({
    dialect: new PostgresDialect({
      pool: async () => (pool ??= await createPool({ connectionString: url, max: options.poolMax ?? 10 }, options)),
    }),
  });
  registerEngine(db, createPostgresEngine(db, url, options));
  return db;
}

/** The pool, once one connection was made: a wrong URL or a server that is down is told in one sentence (kysely tries again on the next query). */
async function createPool(config: PoolConfig, options: PostgresOptions): Promise<Pool> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    ...config,
    // Counts and sequence numbers come back as numbers, as on SQLite; they stay far below 2^53.
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === INT8 ? Number : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser },
  });
  // An idle connection the server dropped must not take the process down; the pool lets it go
  // and the next query opens another.
  pool.on('error', (error) => options.onConnectionError?.(error));
  // Nor one dropped while a query has it but is not running a statement (between two statements,
  // or between checkout and the first): the pool listens only to idle connections.
  pool.on('connect', (client) => client.on('error', (error) => options.onConnectionError?.(error)));
  try {
    (await pool.connect()).release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw unreachable(String(config.connectionString), error, options.setting);
  }
  return pool;
}

function unreachable(url: string, error: unknown, setting = 'DATABASE_URL'): UserError {
  const reason = error instanceof Error ? error.message : String(error);
  // Only the host and database are echoed: the rest of the URL may hold a password.
  const where = new URL(url);
  return new UserError(`${setting} postgres://…@${where.host}${where.pathname} cannot be reached (${reason}); check that PostgreSQL runs there, the database exists and the user may log in.`, { cause: error });
}

/**
 * A connection of its own for a session lock (a job's, a delivery turn): taken from the pool it
 * would hold one of its connections for the whole job, and a pool of one (migrations in the tests)
 * would wait on itself. Ending the connection releases the lock, also when the process dies; TCP
 * keep-alive notices a network that went silent.
 */
async function lockClient(url: string, options: PostgresOptions): Promise<Client> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, keepAlive: true });
  client.on('error', (error) => options.onConnectionError?.(error));
  try {
    await client.connect();
  } catch (error) {
    throw unreachable(url, error, options.setting);
  }
  return client;
}

function createPostgresEngine(db: Database, url: string, options: PostgresOptions): Engine {
  const engine: Engine = {
    name: 'postgres',
    writeTransaction: (work) =>
      db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${ADVISORY_LOCKS.namespace}::int, ${ADVISORY_LOCKS.write}::int)`.execute(trx);
        return work(trx);
      }),
    hasTable: async (name) => Boolean((await sql<{ found: string | null }>`select to_regclass(${name}::text)::text as found`.execute(db)).rows[0]?.found),
    async exclusively(job, { wait }, work) {
      const client = await lockClient(url, options);
      try {
        const key = [ADVISORY_LOCKS.namespace, ADVISORY_LOCKS[job]];
        if (wait) await client.query('select pg_advisory_lock($1::int, $2::int)', key);
        else if (!(await client.query<{ got: boolean }>('select pg_try_advisory_lock($1::int, $2::int) as got', key)).rows[0]?.got) return { ran: false };
        return { ran: true, value: await work() };
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    turns: createPostgresTurns(() => lockClient(url, options)),
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
