/**
 * SQLite cannot drop or change a table constraint, so a migration that must rebuilds the table as
 * SQLite's documentation prescribes (sqlite.org/lang_altertable.html, "other kinds of table schema
 * changes"): with foreign keys off (a dropped `deliveries` would otherwise cascade to
 * `delivered_papers`), in one transaction, a copy made from the table's own CREATE statement as
 * edited takes every row, the table is dropped, the copy takes its name and its indexes are made
 * again; the foreign keys are checked before the commit. Migrations 0009, 0010, 0011 and 0016 use it.
 */
import { sql, type Kysely } from 'kysely';

/** The table's CREATE statement as it should be; the statement itself when the table needs no change. */
export type CreateEdit = (table: string, create: string) => string;

export async function rebuildSqliteTables(db: Kysely<unknown>, tables: readonly string[], edit: CreateEdit): Promise<void> {
  const enforced = (await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db)).rows[0]?.foreign_keys === 1;
  // Only outside a transaction does this pragma take effect; the migrator runs SQLite migrations outside one.
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin immediate`.execute(db);
    try {
      for (const table of tables) await rebuildTable(db, table, edit);
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

/** `create` with `from` replaced by `to`; throws when `from` is not in it (a schema this migration does not know). */
export function replaceOnce(table: string, create: string, from: string, to: string): string {
  if (create.includes(to) && !create.includes(from)) return create;
  if (!create.includes(from)) throw new Error(`unexpected definition of ${table}: no ${from}`);
  return create.replace(from, to);
}

async function rebuildTable(db: Kysely<unknown>, table: string, edit: CreateEdit): Promise<void> {
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
  // The same statement minus a table constraint: the same columns, in the same order.
  await sql`insert into ${sql.table(copy)} select * from ${sql.table(table)}`.execute(db);
  await sql`drop table ${sql.table(table)}`.execute(db);
  await sql`alter table ${sql.table(copy)} rename to ${sql.table(table)}`.execute(db);
  for (const index of objects.filter((o) => o.type !== 'table')) await sql.raw(index.sql).execute(db);
}
