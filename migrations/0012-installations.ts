/**
 * Installations of Paperboy in many workspaces (Slack OAuth): one row per workspace (or, for an
 * Enterprise Grid org-wide install, per org), keyed by the id its digests and people are stored
 * under. `secret` is the platform's installation (its tokens) encrypted with TOKEN_ENCRYPTION_KEY;
 * an uninstall clears it and records why, so `paperboy status` can show the paused workspace.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('installations')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text')
    .addColumn('enterprise_id', 'text')
    .addColumn('org_wide', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('secret', 'text')
    .addColumn('installed_at', 'text', (c) => c.notNull())
    .addColumn('removed_at', 'text')
    .addColumn('removed_reason', 'text')
    .addPrimaryKeyConstraint('installations_pk', ['platform', 'workspace_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('installations').ifExists().execute();
}
