/** A fresh, migrated store on an in-memory SQLite database: the real store, nothing faked. */
import { createStore, migrateToLatest, openDatabase, type Store, type StoreOptions } from '../../src/store/index.js';

export async function memoryStore(options: StoreOptions = {}): Promise<Store> {
  const db = openDatabase(':memory:');
  await migrateToLatest(db);
  return createStore(db, options);
}
