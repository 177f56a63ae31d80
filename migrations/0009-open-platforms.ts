/**
 * Platforms are open (docs/decisions/0009-open-platforms.md): a platform is a name its adapter
 * gives itself, checked where the adapters are assembled, and no table constrains it, so a new chat
 * platform needs no migration. This drops the `platform in ('discord', 'slack', 'console')` CHECK of
 * the five tables that have one, keeping every row.
 *
 * SQLite cannot drop a constraint, so each table is rebuilt from its own CREATE statement minus
 * the constraint (migrations/sqlite-rebuild.ts). Other databases drop the constraint by name.
 * Numbered 0009 rather than the next free number so it cannot collide with migrations written
 * beside it (see migrations/index.ts).
 * Frozen once released.
 */
import { sql, type Kysely } from 'kysely';
import { isSqlite } from './dialect.js';
import { rebuildSqliteTables } from './sqlite-rebuild.js';

const TABLES = ['subscriptions', 'people', 'digest_targets', 'deliveries', 'alerts'] as const;
const CLOSED_LIST = sql`platform in ('discord', 'slack', 'console')`;
/** The constraint as 0001 wrote it into each CREATE TABLE statement. */
const clause = (table: string) => `, constraint "${table}_platform" check (platform in ('discord', 'slack', 'console'))`;

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isSqlite(db)) {
    for (const table of TABLES) await db.schema.alterTable(table).dropConstraint(`${table}_platform`).ifExists().execute();
    return;
  }
  await rebuildSqliteTables(db, TABLES, (table, create) => create.replace(clause(table), ''));
}

/** Puts the closed list back; refused (and nothing changed) when a row names another platform. */
export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isSqlite(db)) {
    for (const table of TABLES) await db.schema.alterTable(table).addCheckConstraint(`${table}_platform`, CLOSED_LIST).execute();
    return;
  }
  await rebuildSqliteTables(db, TABLES, (table, create) => (create.includes(clause(table)) ? create : `${create.slice(0, -1)}${clause(table)})`));
}
