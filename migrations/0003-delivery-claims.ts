/**
 * Claims for exactly-once delivery (docs/decisions/0007-exactly-once.md). A delivery row becomes a
 * claim: who holds it and until when (a second process waits for the lease or for the holder's
 * death), the key sent with the message so a retry can find it, how often it was tried, and for a
 * digest the papers it will post, fixed before the first send.
 */
import { sql, type Kysely } from 'kysely';

const COLUMNS = [
  ['owner', 'text'],
  ['lease_until', 'text'],
  ['claim_key', 'text'],
  ['plan', 'text'],
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, type] of COLUMNS) {
    await db.schema.alterTable('deliveries').addColumn(name, type).execute();
  }
  await db.schema
    .alterTable('deliveries')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // Recovery looks for unfinished claims on every start and every minute.
  await db.schema
    .createIndex('deliveries_unfinished')
    .on('deliveries')
    .columns(['kind', 'lease_until'])
    .where(sql.ref('status'), '=', 'claimed')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('deliveries_unfinished').ifExists().execute();
  for (const name of ['attempts', ...COLUMNS.map(([column]) => column)]) {
    await db.schema.alterTable('deliveries').dropColumn(name).execute();
  }
}
