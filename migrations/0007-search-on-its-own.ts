/**
 * Search stands on its own index (docs/decisions/0011-search-engine-of-record.md): the SQLite FTS5
 * table, its content view and its triggers go, and with them the cost of indexing every paper
 * twice. `source_searches` remembers which papers Hugging Face's own search returned for a query,
 * so that the same query gives the same merged list again, after a restart too. Frozen once
 * released.
 */
import { sql, type Kysely } from 'kysely';
import { isSqlite } from './dialect.js';

const FTS_COLUMNS = ['title', 'keywords', 'aiSummary', 'abstract', 'authors', 'org'] as const;
const SOURCE_COLUMNS = ['fts_title', 'fts_keywords', 'fts_ai_summary', 'fts_abstract', 'fts_authors', 'fts_org'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  // PostgreSQL never had the FTS5 index (0001).
  if (isSqlite(db)) await dropFts(db);
  await db.schema
    .createTable('source_searches')
    // The query as Hugging Face was asked it: folded words, so letter case and syntax do not matter.
    .addColumn('query', 'text', (c) => c.primaryKey())
    // JSON array of paper ids, in Hugging Face's order.
    .addColumn('paper_ids', 'text', (c) => c.notNull())
    .addColumn('fetched_at', 'text', (c) => c.notNull())
    .execute();
}

async function dropFts(db: Kysely<unknown>): Promise<void> {
  for (const trigger of ['papers_fts_insert', 'papers_fts_delete', 'papers_fts_update']) {
    await sql`drop trigger if exists ${sql.id(trigger)}`.execute(db);
  }
  await sql`drop table if exists papers_fts`.execute(db);
  await sql`drop view if exists papers_fts_content`.execute(db);
}

/** Puts FTS5 back as 0001 and 0005 left it, indexing every paper again (on SQLite, which had it). */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('source_searches').ifExists().execute();
  if (!isSqlite(db)) return;
  const renamed = SOURCE_COLUMNS.map((source, i) => sql`${sql.ref(source)} as ${sql.id(FTS_COLUMNS[i]!)}`);
  await sql`create view papers_fts_content as select pk, ${sql.join(renamed)} from papers`.execute(db);
  await sql`create virtual table papers_fts using fts5(
    ${sql.join(FTS_COLUMNS.map((c) => sql.id(c)))},
    content = 'papers_fts_content',
    content_rowid = 'pk',
    tokenize = 'unicode61 remove_diacritics 2'
  )`.execute(db);
  const ftsColumns = sql.join(FTS_COLUMNS.map((c) => sql.id(c)));
  const values = (row: 'new' | 'old') => sql.join(SOURCE_COLUMNS.map((c) => sql.ref(`${row}.${c}`)));
  const changed = sql.join(
    SOURCE_COLUMNS.map((c) => sql`${sql.ref(`old.${c}`)} is not ${sql.ref(`new.${c}`)}`),
    sql` or `,
  );
  await sql`create trigger papers_fts_insert after insert on papers when (select active from papers_bulk where id = 1) = 0 begin
    insert into papers_fts (rowid, ${ftsColumns}) values (new.pk, ${values('new')});
  end`.execute(db);
  await sql`create trigger papers_fts_delete after delete on papers begin
    insert into papers_fts (papers_fts, rowid, ${ftsColumns}) values ('delete', old.pk, ${values('old')});
  end`.execute(db);
  await sql`create trigger papers_fts_update after update on papers when ${changed} begin
    insert into papers_fts (papers_fts, rowid, ${ftsColumns}) values ('delete', old.pk, ${values('old')});
    insert into papers_fts (rowid, ${ftsColumns}) values (new.pk, ${values('new')});
  end`.execute(db);
  await sql`insert into papers_fts (papers_fts) values ('rebuild')`.execute(db);
}
