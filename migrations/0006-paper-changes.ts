/**
 * A log of which papers changed, in the order they changed, whoever changed them (this process,
 * `paperboy ingest` run beside it, another replica): a process holding the search index in memory
 * reads the log from where it last stopped and applies just those papers (a bulk insert, migration
 * 0005, logs its rows itself). The log keeps the last
 * 100,000 changes; a reader that falls further behind rebuilds its index from the papers.
 * Frozen once released, like every migration.
 */
import { sql, type Kysely } from 'kysely';
import { isSqlite } from './dialect.js';

const EVENTS = { insert: 'new', update: 'new', delete: 'old' } as const;
/** The bulk writer of 0005 logs the rows it inserts itself, in one statement rather than a trigger run per row. */
const BULK_OFF = sql`when (select active from papers_bulk where id = 1) = 0`;

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isSqlite(db)) return upPostgres(db);
  // AUTOINCREMENT: a sequence number is never handed out twice, even after the oldest are pruned.
  await sql`create table paper_changes (seq integer primary key autoincrement, paper_id text not null)`.execute(db);
  for (const [event, row] of Object.entries(EVENTS)) {
    await sql`create trigger ${sql.id(`paper_changes_${event}`)} after ${sql.raw(event)} on papers ${event === 'insert' ? BULK_OFF : sql``} begin
      insert into paper_changes (paper_id) values (${sql.raw(row)}.id);
    end`.execute(db);
  }
  await sql`create trigger paper_changes_prune after insert on paper_changes when new.seq % 1000 = 0 begin
    delete from paper_changes where seq <= new.seq - 100000;
  end`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isSqlite(db)) {
    for (const event of [...Object.keys(EVENTS), 'prune']) await sql`drop trigger if exists ${sql.id(`paper_changes_${event}`)}`.execute(db);
  } else {
    for (const event of Object.keys(EVENTS)) await sql`drop trigger if exists ${sql.id(`paper_changes_${event}`)} on papers`.execute(db);
    await sql`drop trigger if exists paper_changes_prune on paper_changes`.execute(db);
  }
  await db.schema.dropTable('paper_changes').ifExists().execute();
  if (!isSqlite(db)) await sql`drop function if exists paper_changes_log(), paper_changes_prune()`.execute(db);
}

/**
 * The same log on PostgreSQL: an identity never hands a number out twice either, and the triggers
 * call functions (a trigger's WHEN may not hold the bulk flag's subquery there, so the function
 * checks it).
 */
async function upPostgres(db: Kysely<unknown>): Promise<void> {
  await sql`create table paper_changes (seq bigint generated always as identity primary key, paper_id text not null)`.execute(db);
  await sql`create function paper_changes_log() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        insert into paper_changes (paper_id) values (old.id);
      elsif tg_op = 'UPDATE' or (select active from papers_bulk where id = 1) = 0 then
        insert into paper_changes (paper_id) values (new.id);
      end if;
      return null;
    end $$`.execute(db);
  for (const event of Object.keys(EVENTS)) {
    await sql`create trigger ${sql.id(`paper_changes_${event}`)} after ${sql.raw(event)} on papers
      for each row execute function paper_changes_log()`.execute(db);
  }
  await sql`create function paper_changes_prune() returns trigger language plpgsql as $$
    begin
      delete from paper_changes where seq <= new.seq - 100000;
      return null;
    end $$`.execute(db);
  await sql`create trigger paper_changes_prune after insert on paper_changes
    for each row when (new.seq % 1000 = 0) execute function paper_changes_prune()`.execute(db);
}
