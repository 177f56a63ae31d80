/**
 * What differs between the database engines Paperboy runs on (docs/decisions/0013-postgresql.md):
 * everything a repository needs beyond the SQL that kysely writes the same way for both. Each
 * engine implements this once (sqlite.ts, postgres.ts); repositories ask `engineOf(db)` and never
 * test which engine they are on.
 */
import type { Paper, PaperOrigin } from '../../core/paper.js';
import type { DeliveryTurns, Exclusive, UpsertResult } from '../../core/ports.js';
import type { Database } from '../schema.js';

export type UpsertPapers = (papers: readonly Paper[], origin: PaperOrigin, seenAt: Date) => Promise<UpsertResult>;

/** The jobs that one process at a time runs across every replica on a database. */
export type Job = 'ingest' | 'migrate';

export interface Engine {
  readonly name: 'sqlite' | 'postgres';
  /**
   * Runs `work` in a transaction that holds the database's write lock from its first statement, so
   * a read-then-write inside it sees no other writer in between (every process and connection
   * waits its turn). Use the given handle inside `work`, never the outer one.
   */
  writeTransaction<T>(work: (trx: Database) => Promise<T>): Promise<T>;
  /** Whether a table exists (a store may run against a database not yet migrated). */
  hasTable(name: string): Promise<boolean>;
  /**
   * Runs `work` while this process alone holds `job` among every process on the database. With
   * `wait: false` it returns `{ ran: false }` at once when another holds it; with `wait: true` it
   * waits its turn. SQLite runs `work` as it is: one process serves a file (several share it only
   * through the write transactions).
   */
  exclusively<T>(job: Job, options: { readonly wait: boolean }, work: () => Promise<T>): Promise<Exclusive<T>>;
  /**
   * The delivery turns of this database's processes, one per bot (docs/decisions/0013-postgresql.md).
   * SQLite runs the work at once: one process serves a file.
   */
  readonly turns: DeliveryTurns;
  /** The papers upsert, each engine's fastest way to write a batch of papers. */
  createPaperUpsert(): UpsertPapers;
  /**
   * After rows were written with their own numbered keys (`paperboy copy-db`): makes the next key
   * the database hands out in `table.column` larger than any key there, through `handle` (a
   * transaction's, or the database).
   */
  advanceKeys(handle: Database, table: string, column: string): Promise<void>;
}

const engines = new WeakMap<Database, Engine>();

/** Records which engine a database opened by `openDatabase` runs on. */
export function registerEngine(db: Database, engine: Engine): void {
  engines.set(db, engine);
}

export function engineOf(db: Database): Engine {
  const engine = engines.get(db);
  if (!engine) throw new Error('This database was not opened by openDatabase.');
  return engine;
}
