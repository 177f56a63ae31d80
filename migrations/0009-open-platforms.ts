/**
 * Platforms are open (docs/decisions/0009-open-platforms.md): a platform is a name its adapter
 * gives itself, checked where the adapters are assembled, and no table constrains it, so a new chat
 * platform needs no migration. This drops the `platform in ('discord', 'slack', 'console')` CHECK of
 * the five tables that have one, keeping every row.
 *
 * SQLite cannot drop a constraint, so each table is rebuilt as its documentation prescribes
 * (sqlite.org/lang_altertable.html, "other kinds of table schema changes"): with foreign keys off
 * (a dropped `deliveries` would otherwise cascade to `delivered_papers`), in one transaction, a copy
 * made from the table's own CREATE statement minus the constraint takes every row, the table is
 * dropped, the copy takes its name and its indexes are made again; the foreign keys are checked
 * before the commit. Other databases drop the constraint by name. Numbered 0009 rather than the
 * next free number so it cannot collide with migrations written beside it (see migrations/index.ts).
 * Frozen once released.
 */
import { sql, type Kysely } from 'kysely';
import { isSqlite } from './dialect.js';

const TABLES = ['subscriptions', 'people', 'digest_targets', 'deliveries', 'alerts'] as const;
const CLOSED_LIST = sql`platform in ('discord', 'slack', 'console')`;
/** The constraint as 0001 wrote it into each CREATE TABLE statement. */
const clause = (table: string) => `, constraint "${table}_platform" check (platform in ('discord', 'slack', 'console'))`;

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isSqlite(db)) {
    for (const table of TABLES) await db.schema.alterTable(table).dropConstraint(`${table}_platform`).ifExists().execute();
    return;
  }
  await rebuild(db, (table, create) => create.replace(clause(table), ''));
}

/** Puts the closed list back; refused (and nothing changed) when a row names another platform. */
export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isSqlite(db)) {
    for (const table of TABLES) await db.schema.alterTable(table).addCheckConstraint(`${table}_platform`, CLOSED_LIST).execute();
    return;
  }
  await rebuild(db, (table, create) => (create.includes(clause(table)) ? create : `${create.slice(0, -1)}${clause(table)})`));
}

type Edit = (table: string, create: string) => string;

async function rebuild(db: Kysely<unknown>, edit: Edit): Promise<void> {
  const enforced = (await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db)).rows[0]?.foreign_keys === 1;
  // Only outside a transaction does this pragma take effect; the migrator runs SQLite migrations outside one.
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin immediate`.execute(db);
    try {
      for (const table of TABLES) await rebuildTable(db, table, edit);
      const broken = (await sql`pragma foreign_key_check`.execute(db)).rows.length;
      if (broken > 0) throw new Error(`${broken} rows would point at rows that do not exist; nothing was changed`);
      await sql`commit`.execute(db);
    } catch (error) {
      await sql`rollback`.execute(db).catch(() => undefined);
      throw error;
    }
  } finally {
    if (enforced) await sql`pragma foreign_keys = on`.execute(db);
  }
}

async function rebuildTable(db: Kysely<unknown>, table: string, edit: Edit): Promise<void> {
  const objects = (
    await sql<{ type: string; sql: string }>`select type, sql from sqlite_master where tbl_name = ${table} and sql is not null`.execute(db)
  ).rows;
  const create = objects.find((o) => o.type === 'table')?.sql;
  if (create === undefined) throw new Error(`table ${table} is missing`);
  const edited = edit(table, create);
  // Already in the wanted shape (a migration re-run after a crash between its commit and its record).
  if (edited === create) return;
  const copy = `${table}_rebuilt`;
  const head = `CREATE TABLE "${table}"`;
  if (!edited.startsWith(head)) throw new Error(`unexpected definition of ${table}: ${create.slice(0, 60)}`);
  await sql.raw(`CREATE TABLE "${copy}"${edited.slice(head.length)}`).execute(db);
  // The same statement minus one table constraint: the same columns, in the same order.
  await sql`insert into ${sql.table(copy)} select * from ${sql.table(table)}`.execute(db);
  await sql`drop table ${sql.table(table)}`.execute(db);
  await sql`alter table ${sql.table(copy)} rename to ${sql.table(table)}`.execute(db);
  for (const index of objects.filter((o) => o.type !== 'table')) await sql.raw(index.sql).execute(db);
}
