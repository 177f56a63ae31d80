/**
 * What `paperboy copy-db` copies, table by table, and how it recognises a row the target already
 * has (docs/decisions/0015-copy-db.md). Parents come before the tables that point at them.
 */
import type { Schema } from './schema.js';

export type TableName = keyof Schema & string;

export interface TablePlan {
  readonly table: TableName;
  /** The columns that name a row in any database (the table's primary or unique key): a second copy updates, never duplicates. */
  readonly naturalKey: readonly string[];
  /** A key the database numbers: copied as is when the target has it free, handed out anew when not. */
  readonly numbered?: string;
  /** Columns holding another table's numbered key, rewritten when that row got another key in the target. */
  readonly references?: Readonly<Record<string, TableName>>;
}

export const COPIED: readonly TablePlan[] = [
  { table: 'papers', naturalKey: ['id'], numbered: 'pk' },
  // Hugging Face's answers to past searches: the same query keeps giving the same merged list.
  { table: 'source_searches', naturalKey: ['query'] },
  { table: 'people', naturalKey: ['platform', 'user_id'] },
  { table: 'subscriptions', naturalKey: ['platform', 'user_id', 'topic_key'], numbered: 'id' },
  { table: 'digest_targets', naturalKey: ['platform', 'channel_id', 'kind'], numbered: 'id' },
  // Delivery records are the claims: without them the target would post today's digests again.
  { table: 'deliveries', naturalKey: ['kind', 'platform', 'recipient', 'slot'], numbered: 'id' },
  { table: 'delivered_papers', naturalKey: ['delivery_id', 'paper_id'], references: { delivery_id: 'deliveries' } },
  { table: 'alerts', naturalKey: ['platform', 'user_id', 'paper_id', 'milestone'], numbered: 'id', references: { delivery_id: 'deliveries' } },
  { table: 'watches', naturalKey: ['platform', 'user_id', 'paper_id'], numbered: 'id' },
  // What the last milestone scan saw of each paper: without it the target would scan from nothing.
  { table: 'milestone_marks', naturalKey: ['paper_id'] },
  // What people taught Paperboy with 👍/👎: their votes and the models learnt from them.
  { table: 'votes', naturalKey: ['platform', 'user_id', 'paper_id'] },
  { table: 'reader_models', naturalKey: ['platform', 'user_id'] },
  // The hash of the last registered Discord commands, among others: the target need not register again.
  { table: 'meta', naturalKey: ['key'] },
  // Buttons already posted keep working after the move.
  { table: 'interaction_state', naturalKey: ['id'] },
  // Workspace installations: their tokens stay sealed, so the target needs the same TOKEN_ENCRYPTION_KEY.
  { table: 'installations', naturalKey: ['platform', 'workspace_id'] },
];

/**
 * Tables left behind, and why. The change log and the papers counter belong to the database they
 * are in: the target's own triggers log and count the papers the copy writes, and its search index
 * is built from its papers. kysely's migration tables are the target's own migrations.
 */
export const NOT_COPIED: readonly string[] = ['paper_changes', 'papers_version', 'papers_bulk', 'kysely_migration', 'kysely_migration_lock'];
