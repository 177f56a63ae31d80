/**
 * The workspace a person was last seen in, for platforms with one token per workspace (Slack OAuth
 * installs): their DMs are sent with that workspace's token, and an uninstall pauses their alerts.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('people').addColumn('workspace_id', 'text').execute();
  await db.schema.createIndex('people_workspace').on('people').columns(['platform', 'workspace_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('people_workspace').ifExists().execute();
  await db.schema.alterTable('people').dropColumn('workspace_id').execute();
}
