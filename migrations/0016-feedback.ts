/**
 * What Paperboy learns from a person's 👍/👎 (docs/decisions/0020-online-reader-model.md): their
 * votes, one row per (person, paper); their model, one row per person (the learner's state as
 * JSON, kept up to date with each vote); and whether they want the weekly "for you" message.
 *
 * The weekly message is a delivery claim like a digest or an alert DM, of a new kind, so the
 * closed `kind in (...)` CHECK of `deliveries` goes: delivery kinds are open, as platforms
 * are (0009), and the code names them. SQLite rebuilds the table for that (migrations/sqlite-rebuild.ts).
 * Numbered 0016 so it cannot collide with migrations written beside it. Frozen once released.
 */
import { sql, type Kysely } from 'kysely';
import { isSqlite } from './dialect.js';
import { rebuildSqliteTables } from './sqlite-rebuild.js';

const KIND_CHECK = /, constraint "deliveries_kind" check \(kind in \([^)]*\)\)/;
/** The closed list as 0010 left it. */
const CLOSED_KINDS = `kind in ('digest', 'digest-weekly', 'digest-trending', 'alert')`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('votes')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('paper_id', 'text', (c) => c.notNull().references('papers.id').onDelete('cascade'))
    .addColumn('vote', 'integer', (c) => c.notNull())
    .addColumn('voted_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('votes_pk', ['platform', 'user_id', 'paper_id'])
    .addCheckConstraint('votes_vote', sql`vote in (-1, 1)`)
    .execute();
  await db.schema.createIndex('votes_paper').on('votes').column('paper_id').execute();

  await db.schema
    .createTable('reader_models')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    /** JSON: the learner's state (core/feedback/reader-model.ts). */
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('votes', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('reader_models_pk', ['platform', 'user_id'])
    .execute();

  await db.schema
    .alterTable('people')
    .addColumn('foryou', 'text', (c) => c.notNull().defaultTo('off'))
    .execute();

  if (isSqlite(db)) await rebuildSqliteTables(db, ['deliveries'], (_table, create) => create.replace(KIND_CHECK, ''));
  else await db.schema.alterTable('deliveries').dropConstraint('deliveries_kind').ifExists().execute();
}

/** Puts the closed list of kinds back; refused (and nothing changed) while a row has another kind. */
export async function down(db: Kysely<unknown>): Promise<void> {
  if (isSqlite(db)) {
    const clause = `, constraint "deliveries_kind" check (${CLOSED_KINDS})`;
    await rebuildSqliteTables(db, ['deliveries'], (_table, create) => (KIND_CHECK.test(create) ? create : `${create.slice(0, -1)}${clause})`));
  } else {
    await db.schema.alterTable('deliveries').addCheckConstraint('deliveries_kind', sql.raw(CLOSED_KINDS)).execute();
  }
  await db.schema.alterTable('people').dropColumn('foryou').execute();
  await db.schema.dropTable('reader_models').execute();
  await db.schema.dropTable('votes').execute();
}
