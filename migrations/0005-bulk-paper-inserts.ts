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
import { isSqlite } from './dialect.js';

const FTS_COLUMNS = ['title', 'keywords', 'aiSummary', 'abstract', 'authors', 'org'] as const;
const SOURCE_COLUMNS = ['fts_title', 'fts_keywords', 'fts_ai_summary', 'fts_abstract', 'fts_authors', 'fts_org'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('papers_bulk')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('active', 'integer', (c) => c.notNull().check(sql`active in (0, 1)`))
    .execute();
  await sql`insert into papers_bulk (id, active) values (1, 0)`.execute(db);
  if (!isSqlite(db)) return createPostgresInsertTrigger(db, 'papers_version_bump_unless_bulk');
  await createInsertTriggers(db, sql`when (select active from papers_bulk where id = 1) = 0`);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isSqlite(db)) await createInsertTriggers(db, sql``);
  else {
    await createPostgresInsertTrigger(db, 'papers_version_bump');
    await sql`drop function if exists papers_version_bump_unless_bulk()`.execute(db);
  }
  await db.schema.dropTable('papers_bulk').ifExists().execute();
}

/**
 * PostgreSQL has no FTS5 index to spare (0001), only the version counter (0004). A trigger's WHEN
 * may not hold a subquery there, so the function checks the flag itself.
 */
async function createPostgresInsertTrigger(db: Kysely<unknown>, bump: 'papers_version_bump' | 'papers_version_bump_unless_bulk'): Promise<void> {
  if (bump === 'papers_version_bump_unless_bulk') {
    await sql`create function papers_version_bump_unless_bulk() returns trigger language plpgsql as $$
      begin
        if (select active from papers_bulk where id = 1) = 0 then
          update papers_version set n = n + 1 where id = 1;
        end if;
        return null;
      end $$`.execute(db);
  }
  await sql`drop trigger if exists papers_version_insert on papers`.execute(db);
  await sql`create trigger papers_version_insert after insert on papers for each row execute function ${sql.id(bump)}()`.execute(db);
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
