/**
 * A channel may have one digest of each kind (`daily`, `weekly`, `trending`): `digest_targets`
 * gains `kind` (existing rows are daily) and its unique key becomes (platform, channel, kind), and
 * `deliveries` accepts the claim kinds of weekly and trending digests, so each kind claims its own
 * slots. Daily digests keep the claim kind `digest`, so every claim made before counts as it did.
 * Frozen once released.
 */
import { sql, type Kysely } from 'kysely';
import { isSqlite } from './dialect.js';
import { rebuildSqliteTables, replaceOnce } from './sqlite-rebuild.js';

const OLD_KINDS = `kind in ('digest', 'alert')`;
const NEW_KINDS = `kind in ('digest', 'digest-weekly', 'digest-trending', 'alert')`;
const OLD_UNIQUE = `unique ("platform", "channel_id")`;
const NEW_UNIQUE = `unique ("platform", "channel_id", "kind")`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('digest_targets')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('daily'))
    .execute();
  if (isSqlite(db)) {
    await rebuildSqliteTables(db, ['digest_targets', 'deliveries'], (table, create) =>
      table === 'deliveries' ? replaceOnce(table, create, OLD_KINDS, NEW_KINDS) : replaceOnce(table, create, OLD_UNIQUE, NEW_UNIQUE),
    );
    return;
  }
  await db.schema.alterTable('deliveries').dropConstraint('deliveries_kind').execute();
  await db.schema.alterTable('deliveries').addCheckConstraint('deliveries_kind', sql.raw(NEW_KINDS)).execute();
  await db.schema.alterTable('digest_targets').dropConstraint('digest_targets_channel').execute();
  await db.schema.alterTable('digest_targets').addUniqueConstraint('digest_targets_channel', ['platform', 'channel_id', 'kind']).execute();
}

/** Refused (nothing changed) while a weekly or trending digest exists: going back would lose it. */
export async function down(db: Kysely<unknown>): Promise<void> {
  const others = await sql<{ n: number }>`select count(*) as n from digest_targets where kind <> 'daily'`.execute(db);
  if (Number(others.rows[0]?.n ?? 0) > 0) throw new Error('weekly or trending digests exist; turn them off and delete them first');
  if (isSqlite(db)) {
    await rebuildSqliteTables(db, ['digest_targets', 'deliveries'], (table, create) =>
      table === 'deliveries' ? replaceOnce(table, create, NEW_KINDS, OLD_KINDS) : replaceOnce(table, create, NEW_UNIQUE, OLD_UNIQUE),
    );
  } else {
    await db.schema.alterTable('digest_targets').dropConstraint('digest_targets_channel').execute();
    await db.schema.alterTable('digest_targets').addUniqueConstraint('digest_targets_channel', ['platform', 'channel_id']).execute();
    await db.schema.alterTable('deliveries').dropConstraint('deliveries_kind').execute();
    await db.schema.alterTable('deliveries').addCheckConstraint('deliveries_kind', sql.raw(OLD_KINDS)).execute();
  }
  await db.schema.alterTable('digest_targets').dropColumn('kind').execute();
}
