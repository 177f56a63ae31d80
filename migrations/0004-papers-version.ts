/**
 * A counter every write to the papers table moves, whoever makes it (this process, another
 * connection, a hand-run statement): the repository keeps the daily lists it has read until the
 * counter changes, so a digest pass over a thousand targets reads the covered days once.
 */
import { sql, type Kysely } from 'kysely';
import { isSqlite } from './dialect.js';

const EVENTS = ['insert', 'update', 'delete'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('papers_version')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('n', 'integer', (c) => c.notNull())
    .execute();
  await sql`insert into papers_version (id, n) values (1, 0)`.execute(db);
  if (!isSqlite(db)) return createPostgresTriggers(db);
  for (const event of EVENTS) {
    await sql`create trigger ${sql.id(`papers_version_${event}`)} after ${sql.raw(event)} on papers begin
      update papers_version set n = n + 1 where id = 1;
    end`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const on = isSqlite(db) ? sql`` : sql`on papers`;
  for (const event of EVENTS) await sql`drop trigger if exists ${sql.id(`papers_version_${event}`)} ${on}`.execute(db);
  if (!isSqlite(db)) await sql`drop function if exists papers_version_bump()`.execute(db);
  await db.schema.dropTable('papers_version').ifExists().execute();
}

/** PostgreSQL's triggers run a function, where SQLite's carry their statements. */
async function createPostgresTriggers(db: Kysely<unknown>): Promise<void> {
  await sql`create function papers_version_bump() returns trigger language plpgsql as $$
    begin
      update papers_version set n = n + 1 where id = 1;
      return null;
    end $$`.execute(db);
  for (const event of EVENTS) {
    await sql`create trigger ${sql.id(`papers_version_${event}`)} after ${sql.raw(event)} on papers
      for each row execute function papers_version_bump()`.execute(db);
  }
}
