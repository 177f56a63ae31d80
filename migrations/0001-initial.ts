/**
 * The first schema. Frozen once released: later changes go in new numbered migrations, so this
 * file deliberately does not import column lists from src (they may change; this must not).
 */
import { sql, type Kysely } from 'kysely';
import { isSqlite, numberedKey } from './dialect.js';

const PLATFORM = sql`platform in ('discord', 'slack', 'console')`;
const FTS_COLUMNS = ['title', 'keywords', 'aiSummary', 'abstract', 'authors', 'org'] as const;
const SOURCE_COLUMNS = ['fts_title', 'fts_keywords', 'fts_ai_summary', 'fts_abstract', 'fts_authors', 'fts_org'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await createPapers(db);
  // FTS5 is SQLite's; 0007 dropped it again, so PostgreSQL never needs a replacement.
  if (isSqlite(db)) await createSearchIndex(db);
  await createPeopleAndTopics(db);
  await createDeliveries(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isSqlite(db)) {
    for (const trigger of ['papers_fts_insert', 'papers_fts_delete', 'papers_fts_update']) {
      await sql`drop trigger if exists ${sql.id(trigger)}`.execute(db);
    }
    await sql`drop table if exists papers_fts`.execute(db);
    await sql`drop view if exists papers_fts_content`.execute(db);
  }
  for (const table of ['alerts', 'delivered_papers', 'deliveries', 'digest_targets', 'people', 'subscriptions', 'papers']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}

async function createPapers(db: Kysely<unknown>): Promise<void> {
  let table = db.schema
    .createTable('papers')
    .addColumn('pk', 'integer', numberedKey(db))
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('authors', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('org_name', 'text')
    .addColumn('org_fullname', 'text')
    .addColumn('upvotes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('num_comments', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('github_repo', 'text')
    .addColumn('github_stars', 'integer')
    .addColumn('project_page', 'text')
    .addColumn('ai_summary', 'text')
    .addColumn('ai_keywords', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('daily_date', 'text')
    .addColumn('thumbnail', 'text')
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull());
  for (const column of SOURCE_COLUMNS) {
    table = table.addColumn(column, 'text', (c) => c.notNull().defaultTo(''));
  }
  await table.addCheckConstraint('papers_origin', sql`origin in ('daily', 'search', 'lookup')`).execute();
  // Digests and `today` read one day ranked by upvotes.
  await db.schema.createIndex('papers_daily_date').on('papers').columns(['daily_date', 'upvotes desc']).execute();
  // "Papers seen since the last alert run".
  await db.schema.createIndex('papers_first_seen_at').on('papers').column('first_seen_at').execute();
}

async function createSearchIndex(db: Kysely<unknown>): Promise<void> {
  // External content must expose columns named like the FTS columns; the view renames them.
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
  await sql`create trigger papers_fts_insert after insert on papers begin
    insert into papers_fts (rowid, ${ftsColumns}) values (new.pk, ${values('new')});
  end`.execute(db);
  await sql`create trigger papers_fts_delete after delete on papers begin
    insert into papers_fts (papers_fts, rowid, ${ftsColumns}) values ('delete', old.pk, ${values('old')});
  end`.execute(db);
  // Upvote-only updates (most re-polls) leave the index alone.
  await sql`create trigger papers_fts_update after update on papers when ${changed} begin
    insert into papers_fts (papers_fts, rowid, ${ftsColumns}) values ('delete', old.pk, ${values('old')});
    insert into papers_fts (rowid, ${ftsColumns}) values (new.pk, ${values('new')});
  end`.execute(db);
}

async function createPeopleAndTopics(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('subscriptions')
    .addColumn('id', 'integer', numberedKey(db))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('topic_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('subscriptions_platform', PLATFORM)
    .addUniqueConstraint('subscriptions_person_topic', ['platform', 'user_id', 'topic_key'])
    .execute();

  await db.schema
    .createTable('people')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('alert_mode', 'text', (c) => c.notNull().defaultTo('instant'))
    .addColumn('alert_time', 'text', (c) => c.notNull().defaultTo('09:00'))
    .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('dm_channel_id', 'text')
    .addColumn('unreachable_since', 'text')
    .addColumn('unreachable_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('people_pk', ['platform', 'user_id'])
    .addCheckConstraint('people_platform', PLATFORM)
    .addCheckConstraint('people_alert_mode', sql`alert_mode in ('instant', 'daily', 'off')`)
    .execute();

  await db.schema
    .createTable('digest_targets')
    .addColumn('id', 'integer', numberedKey(db))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text')
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('time', 'text', (c) => c.notNull().defaultTo('09:00'))
    .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('weekdays', 'text', (c) => c.notNull().defaultTo('["mon","tue","wed","thu","fri"]'))
    .addColumn('top', 'integer', (c) => c.notNull().defaultTo(10))
    .addColumn('min_upvotes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('topic', 'text')
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('disabled_reason', 'text')
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('digest_targets_platform', PLATFORM)
    .addCheckConstraint('digest_targets_enabled', sql`enabled in (0, 1)`)
    // Channel ids are unique per platform (a Slack channel shared across workspaces keeps its id).
    .addUniqueConstraint('digest_targets_channel', ['platform', 'channel_id'])
    .execute();
}

async function createDeliveries(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('deliveries')
    .addColumn('id', 'integer', numberedKey(db))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('slot', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('message_id', 'text')
    .addColumn('covered_until', 'text')
    .addColumn('error', 'text')
    .addCheckConstraint('deliveries_kind', sql`kind in ('digest', 'alert')`)
    .addCheckConstraint('deliveries_platform', PLATFORM)
    .addCheckConstraint('deliveries_status', sql`status in ('claimed', 'sent', 'failed', 'skipped')`)
    // The claim: a second replica inserting the same slot fails instead of sending twice.
    .addUniqueConstraint('deliveries_slot', ['kind', 'platform', 'recipient', 'slot'])
    .execute();

  await db.schema
    .createTable('delivered_papers')
    .addColumn('delivery_id', 'integer', (c) => c.notNull().references('deliveries.id').onDelete('cascade'))
    .addColumn('paper_id', 'text', (c) => c.notNull().references('papers.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('delivered_papers_pk', ['delivery_id', 'paper_id'])
    .execute();
  // "Already posted there": from a paper to the deliveries that carried it.
  await db.schema.createIndex('delivered_papers_paper').on('delivered_papers').columns(['paper_id', 'delivery_id']).execute();

  await db.schema
    .createTable('alerts')
    .addColumn('id', 'integer', numberedKey(db))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('paper_id', 'text', (c) => c.notNull().references('papers.id').onDelete('cascade'))
    .addColumn('topics', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('queued_at', 'text', (c) => c.notNull())
    // No cascade: losing the link would make a delivered alert pending again.
    .addColumn('delivery_id', 'integer', (c) => c.references('deliveries.id'))
    .addCheckConstraint('alerts_platform', PLATFORM)
    // At most once per (person, paper), pending or delivered.
    .addUniqueConstraint('alerts_person_paper', ['platform', 'user_id', 'paper_id'])
    .execute();
  await db.schema
    .createIndex('alerts_pending')
    .on('alerts')
    .columns(['platform', 'user_id', 'queued_at'])
    .where(sql.ref('delivery_id'), 'is', null)
    .execute();
  await db.schema.createIndex('alerts_delivery').on('alerts').column('delivery_id').execute();
  await db.schema.createIndex('alerts_paper').on('alerts').column('paper_id').execute();
}
