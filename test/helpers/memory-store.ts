/** A fresh, migrated store on an in-memory SQLite database: the real store, nothing faked. */
import type { Clock } from '../../src/core/ports.js';
import { createStore, migrateToLatest, openDatabase, type Store } from '../../src/store/index.js';

export async function memoryStore(options: { clock?: Clock } = {}): Promise<Store> {
  const db = openDatabase(':memory:');
  await migrateToLatest(db);
  return createStore(db, options);
}
