/**
 * A counter every write to the papers table moves, whoever makes it (this process, another
 * connection, a hand-run statement): the repository keeps the daily lists it has read until the
 * counter changes, so a digest pass over a thousand targets reads the covered days once.
 */
import { sql, type Kysely } from 'kysely';

const EVENTS = ['insert', 'update', 'delete'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('papers_version')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('n', 'integer', (c) => c.notNull())
    .execute();
  await sql`insert into papers_version (id, n) values (1, 0)`.execute(db);
  for (const event of EVENTS) {
    await sql`create trigger ${sql.id(`papers_version_${event}`)} after ${sql.raw(event)} on papers begin
      update papers_version set n = n + 1 where id = 1;
    end`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const event of EVENTS) await sql`drop trigger if exists ${sql.id(`papers_version_${event}`)}`.execute(db);
  await db.schema.dropTable('papers_version').ifExists().execute();
}
