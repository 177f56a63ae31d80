/**
 * Milestone alerts: a topic may wait for a number of upvotes (`subscriptions.min_upvotes`), a
 * person may watch a paper (`watches`), and each (person, paper, milestone) is alerted once, so
 * `alerts` gains `milestone` ('' for a topic alert, as every earlier row is) and its unique key
 * takes it. `milestone_marks` keeps, per paper, what the last milestone scan saw (upvotes, code,
 * top of its day): one row a paper, the upvote history milestones need. Frozen once released.
 */
import { sql, type Kysely } from 'kysely';
import { isSqlite, numberedKey } from './dialect.js';
import { rebuildSqliteTables, replaceOnce } from './sqlite-rebuild.js';

const OLD_UNIQUE = `unique ("platform", "user_id", "paper_id")`;
const NEW_UNIQUE = `unique ("platform", "user_id", "paper_id", "milestone")`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('subscriptions').addColumn('min_upvotes', 'integer').execute();
  await db.schema.alterTable('alerts').addColumn('milestone', 'text', (c) => c.notNull().defaultTo('')).execute();
  if (isSqlite(db)) {
    await rebuildSqliteTables(db, ['alerts'], (table, create) => replaceOnce(table, create, OLD_UNIQUE, NEW_UNIQUE));
  } else {
    await db.schema.alterTable('alerts').dropConstraint('alerts_person_paper').execute();
    await db.schema.alterTable('alerts').addUniqueConstraint('alerts_person_paper', ['platform', 'user_id', 'paper_id', 'milestone']).execute();
  }
  await db.schema
    .createTable('watches')
    .addColumn('id', 'integer', numberedKey(db))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('paper_id', 'text', (c) => c.notNull().references('papers.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('watches_person_paper', ['platform', 'user_id', 'paper_id'])
    .execute();
  await db.schema.createIndex('watches_paper').on('watches').column('paper_id').execute();
  await db.schema
    .createTable('milestone_marks')
    .addColumn('paper_id', 'text', (c) => c.primaryKey().references('papers.id').onDelete('cascade'))
    .addColumn('upvotes', 'integer', (c) => c.notNull())
    .addColumn('has_code', 'integer', (c) => c.notNull())
    .addColumn('top_of_day', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

/** Refused (nothing changed) while a milestone alert exists: going back would let it be sent again as a topic alert. */
export async function down(db: Kysely<unknown>): Promise<void> {
  const milestones = await sql<{ n: number }>`select count(*) as n from alerts where milestone <> ''`.execute(db);
  if (Number(milestones.rows[0]?.n ?? 0) > 0) throw new Error('milestone alerts exist; delete them first');
  await db.schema.dropTable('milestone_marks').execute();
  await db.schema.dropTable('watches').execute();
  if (isSqlite(db)) {
    await rebuildSqliteTables(db, ['alerts'], (table, create) => replaceOnce(table, create, NEW_UNIQUE, OLD_UNIQUE));
  } else {
    await db.schema.alterTable('alerts').dropConstraint('alerts_person_paper').execute();
    await db.schema.alterTable('alerts').addUniqueConstraint('alerts_person_paper', ['platform', 'user_id', 'paper_id']).execute();
  }
  await db.schema.alterTable('alerts').dropColumn('milestone').execute();
  await db.schema.alterTable('subscriptions').dropColumn('min_upvotes').execute();
}
