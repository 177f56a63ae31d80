import { engineOf } from './engine/engine.js';
import type { Database } from './schema.js';

/**
 * Runs `work` in a write transaction that holds the write lock from the start (see
 * `Engine.writeTransaction`). Use the given handle inside `work`, never the outer one.
 */
export function writeTransaction<T>(db: Database, work: (trx: Database) => Promise<T>): Promise<T> {
  return engineOf(db).writeTransaction(work);
}
