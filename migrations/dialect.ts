/**
 * What a migration needs to know about the engine it runs on. Migrations are frozen in behaviour for
 * SQLite; where PostgreSQL needs other SQL (no FTS5, triggers that call functions, keys numbered
 * only when asked), a migration branches here and says why.
 */
import { SqliteAdapter, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

export function isSqlite(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

/**
 * A key the database numbers: SQLite's `integer primary key` is the rowid and numbered already;
 * PostgreSQL numbers a column only as an identity.
 */
export function numberedKey(db: Kysely<unknown>): (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder {
  return isSqlite(db) ? (c) => c.primaryKey() : (c) => c.primaryKey().generatedByDefaultAsIdentity();
}
