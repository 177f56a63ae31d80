/**
 * Lets a writer that inserts many papers at once index them in one statement instead of row by row:
 * FTS5 does much better with one large insert than with one small one per statement, and the
 * version counter's per-row update adds up too (docs/decisions/0012-measured-choices.md). While
 * `papers_bulk.active` is 1 (set and cleared inside one write transaction, so no other connection
 * ever sees it set) the insert triggers stand aside, and the writer indexes the new rows and moves
 * the version itself. Every other insert, from any connection, still goes through the triggers.
 * Frozen once released.
 */
import { sql, type Kysely } from 'kysely';

const FTS_COLUMNS = ['title', 'keywords', 'aiSummary', 'abstract', 'authors', 'org'] as const;
const SOURCE_COLUMNS = ['fts_title', 'fts_keywords', 'fts_ai_summary', 'fts_abstract', 'fts_authors', 'fts_org'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('papers_bulk')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('active', 'integer', (c) => c.notNull().check(sql`active in (0, 1)`))
    .execute();
  await sql`insert into papers_bulk (id, active) values (1, 0)`.execute(db);
  await createInsertTriggers(db, sql`when (select active from papers_bulk where id = 1) = 0`);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await createInsertTriggers(db, sql``);
  await db.schema.dropTable('papers_bulk').ifExists().execute();
}

async function createInsertTriggers(db: Kysely<unknown>, when: ReturnType<typeof sql>): Promise<void> {
  const ftsColumns = sql.join(FTS_COLUMNS.map((c) => sql.id(c)));
  const values = sql.join(SOURCE_COLUMNS.map((c) => sql.ref(`new.${c}`)));
  await sql`drop trigger if exists papers_fts_insert`.execute(db);
  await sql`create trigger papers_fts_insert after insert on papers ${when} begin
    insert into papers_fts (rowid, ${ftsColumns}) values (new.pk, ${values});
  end`.execute(db);
  await sql`drop trigger if exists papers_version_insert`.execute(db);
  await sql`create trigger papers_version_insert after insert on papers ${when} begin
    update papers_version set n = n + 1 where id = 1;
  end`.execute(db);
}
