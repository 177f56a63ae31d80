import type { Selectable } from 'kysely';
import type { AlertRepository, Milestone, PendingAlert, PersonRef } from '../core/ports.js';
import { newClaimKey, toClaim } from './claim-rows.js';
import type { AlertsTable, Database } from './schema.js';
import { writeTransaction } from './transaction.js';

export function createAlertRepository(db: Database): AlertRepository {
  return {
    enqueue: (alerts, at) => writeTransaction(db, (trx) => enqueueIn(trx, alerts, at)),

    async pending(person) {
      let query = db.selectFrom('alerts').selectAll().where('delivery_id', 'is', null);
      if (person) query = query.where('platform', '=', person.platform).where('user_id', '=', person.userId);
      const rows = await query.orderBy('queued_at').orderBy('id').execute();
      return rows.map(toPending);
    },


    async counts(person: PersonRef) {
      const rows = await countsQuery()
        .where('alerts.platform', '=', person.platform)
        .where('alerts.user_id', '=', person.userId)
        .execute();
      const row = rows[0];
      return row ? { pending: row.total - row.delivered, delivered: row.delivered } : { pending: 0, delivered: 0 };
    },

    async allCounts() {
      const rows = await countsQuery().orderBy('alerts.platform').orderBy('alerts.user_id').execute();
      return rows.map((row) => ({
        person: { platform: row.platform, userId: row.user_id },
        pending: row.total - row.delivered,
        delivered: row.delivered,
      }));
    },

    claimPending: (person, request) =>
      writeTransaction(db, async (trx) => {
        let query = trx
          .selectFrom('alerts')
          .selectAll()
          .where('platform', '=', person.platform)
          .where('user_id', '=', person.userId)
          .where('delivery_id', 'is', null);
        if (request.queuedUntil) query = query.where('queued_at', '<=', request.queuedUntil.toISOString());
        const rows = await query.orderBy('queued_at').orderBy('id').execute();
        if (rows.length === 0) return undefined;
        const delivery = await trx
          .insertInto('deliveries')
          .values({
            kind: 'alert',
            platform: person.platform,
            recipient: person.userId,
            slot: request.slot,
            status: 'claimed',
            claimed_at: request.at.toISOString(),
            owner: request.owner,
            lease_until: request.leaseUntil.toISOString(),
            claim_key: newClaimKey(),
            attempts: 1,
          })
          .onConflict((oc) => oc.columns(['kind', 'platform', 'recipient', 'slot']).doNothing())
          .returningAll()
          .executeTakeFirst();
        if (!delivery) return undefined;
        await trx
          .updateTable('alerts')
          .set({ delivery_id: delivery.id })
          .where('id', 'in', rows.map((r) => r.id))
          .execute();
        return { claim: toClaim(delivery), alerts: rows.map(toPending) };
      }),

    async claimedAlerts(claimId) {
      const rows = await db.selectFrom('alerts').selectAll().where('delivery_id', '=', claimId).orderBy('queued_at').orderBy('id').execute();
      return rows.map(toPending);
    },

    async releaseClaimed(claimId) {
      await db.updateTable('alerts').set({ delivery_id: null }).where('delivery_id', '=', claimId).execute();
    },

    async pendingPeople() {
      const rows = await db
        .selectFrom('alerts')
        .select(['platform', 'user_id'])
        .distinct()
        .where('delivery_id', 'is', null)
        .orderBy('platform')
        .orderBy('user_id')
        .execute();
      return rows.map((row) => ({ platform: row.platform, userId: row.user_id }));
    },
  };

  /** Per person: every alert, and those whose DM was sent (an unfinished claim is not delivered yet). */
  function countsQuery() {
    return db
      .selectFrom('alerts')
      .leftJoin('deliveries', 'deliveries.id', 'alerts.delivery_id')
      .select((eb) => [
        'alerts.platform',
        'alerts.user_id',
        eb.fn.countAll<number>().as('total'),
        eb.fn.sum<number>(eb.case().when('deliveries.status', '=', 'sent').then(1).else(0).end()).as('delivered'),
      ])
      .groupBy(['alerts.platform', 'alerts.user_id']);
  }
}

/** Queues alerts inside a write transaction; returns how many were new. */
export async function enqueueIn(trx: Database, alerts: readonly PendingAlert[], at: Date): Promise<number> {
  let added = 0;
  for (const alert of mergeDuplicates(alerts)) {
    const result = await trx
      .insertInto('alerts')
      .values({
        platform: alert.person.platform,
        user_id: alert.person.userId,
        paper_id: alert.paperId,
        topics: JSON.stringify(alert.topics),
        milestone: alert.milestone ?? '',
        queued_at: at.toISOString(),
      })
      // The unique (person, paper, milestone) row is the at-most-once guarantee: pending or delivered, it is never queued again.
      .onConflict((oc) => oc.columns(['platform', 'user_id', 'paper_id', 'milestone']).doNothing())
      .executeTakeFirst();
    added += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return added;
}

function toPending(row: Selectable<AlertsTable>): PendingAlert {
  const milestone = row.milestone === '' ? {} : { milestone: row.milestone as Milestone };
  return { person: { platform: row.platform, userId: row.user_id }, paperId: row.paper_id, topics: parseTopics(row.topics), ...milestone };
}

/** One row per (person, paper, milestone), with the topics of every copy. */
function mergeDuplicates(alerts: readonly PendingAlert[]): PendingAlert[] {
  const byKey = new Map<string, PendingAlert>();
  for (const alert of alerts) {
    const key = JSON.stringify([alert.person.platform, alert.person.userId, alert.paperId, alert.milestone ?? '']);
    const seen = byKey.get(key);
    const topics = seen ? [...new Set([...seen.topics, ...alert.topics])] : [...alert.topics];
    byKey.set(key, { ...alert, topics });
  }
  return [...byKey.values()];
}

function parseTopics(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
