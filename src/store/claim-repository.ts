/**
 * Delivery claims (docs/decisions/0007-exactly-once.md). The unique (kind, platform, recipient,
 * slot) row is the claim itself: inserting it is how a process wins a slot, and every later change
 * to an unfinished claim is a compare-and-set on its owner, so a process that lost its claim to a
 * takeover can never complete or fail it behind the new owner's back.
 */
import type { ClaimRepository, DeliveryKind, Platform, SlotRef } from '../core/ports.js';
import { newClaimKey, toClaim } from './claim-rows.js';
import type { Database } from './schema.js';
import { writeTransaction } from './transaction.js';

export function createClaimRepository(db: Database): ClaimRepository {
  const ofRecipient = (kind: DeliveryKind, platform: Platform, recipient: string) =>
    db
      .selectFrom('deliveries')
      .selectAll()
      .where('kind', '=', kind)
      .where('platform', '=', platform)
      .where('recipient', '=', recipient);
  const bySlot = (slot: SlotRef) =>
    db
      .selectFrom('deliveries')
      .selectAll()
      .where('kind', '=', slot.kind)
      .where('platform', '=', slot.platform)
      .where('recipient', '=', slot.recipient)
      .where('slot', '=', slot.slot);

  /** An update of an unfinished claim that still belongs to `owner`. */
  const held = (id: number, owner: string) =>
    db.updateTable('deliveries').where('id', '=', id).where('status', '=', 'claimed').where('owner', '=', owner);

  return {
    async claim(slot, owner, leaseUntil, at) {
      const row = await db
        .insertInto('deliveries')
        .values({
          ...slot,
          status: 'claimed',
          claimed_at: at.toISOString(),
          owner,
          lease_until: leaseUntil.toISOString(),
          claim_key: newClaimKey(),
          attempts: 1,
        })
        .onConflict((oc) => oc.columns(['kind', 'platform', 'recipient', 'slot']).doNothing())
        .returningAll()
        .executeTakeFirst();
      return row && toClaim(row);
    },

    async get(slot) {
      const row = await bySlot(slot).executeTakeFirst();
      return row && toClaim(row);
    },

    async takeOver(id, from, owner, leaseUntil) {
      let update = db
        .updateTable('deliveries')
        .set((eb) => ({
          owner,
          lease_until: leaseUntil.toISOString(),
          attempts: eb('attempts', '+', 1),
          // Rows written before claims had keys get one now; the old send cannot be found anyway.
          claim_key: eb.fn.coalesce('claim_key', eb.val(newClaimKey())),
        }))
        .where('id', '=', id)
        .where('status', '=', 'claimed');
      update = from === undefined ? update.where('owner', 'is', null) : update.where('owner', '=', from);
      const row = await update.returningAll().executeTakeFirst();
      return row && toClaim(row);
    },

    async setPlan(id, owner, plan) {
      return writeTransaction(db, async (trx) => {
        const result = await trx
          .updateTable('deliveries')
          .set({ plan: JSON.stringify(plan), covered_until: plan.coveredUntil })
          .where('id', '=', id)
          .where('status', '=', 'claimed')
          .where('owner', '=', owner)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) return false;
        await trx.deleteFrom('delivered_papers').where('delivery_id', '=', id).execute();
        const rows = [...new Set(plan.paperIds)].map((paperId, position) => ({ delivery_id: id, paper_id: paperId, position }));
        if (rows.length > 0) await trx.insertInto('delivered_papers').values(rows).execute();
        return true;
      });
    },

    async postpone(id, owner, retryAt, error) {
      const result = await held(id, owner).set({ lease_until: retryAt.toISOString(), error }).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async complete(id, owner, messageId, at) {
      const result = await held(id, owner)
        .set({ status: 'sent', sent_at: at.toISOString(), message_id: messageId ?? null, error: null, lease_until: null })
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async finish(id, owner, status, reason, at) {
      const result = await held(id, owner)
        .set({ status, sent_at: at.toISOString(), error: reason, lease_until: null })
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async record(slot, status, reason, at) {
      const result = await db
        .insertInto('deliveries')
        .values({ ...slot, status, claimed_at: at.toISOString(), sent_at: at.toISOString(), error: reason })
        .onConflict((oc) => oc.columns(['kind', 'platform', 'recipient', 'slot']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async since(kind, platform, recipient, since) {
      const rows = await ofRecipient(kind, platform, recipient)
        .where('slot', '>=', since.toISOString())
        .orderBy('slot')
        .execute();
      return rows.map(toClaim);
    },

    async unfinished(kind) {
      const rows = await db
        .selectFrom('deliveries')
        .selectAll()
        .where('kind', '=', kind)
        .where('status', '=', 'claimed')
        .orderBy('slot')
        .orderBy('id')
        .execute();
      return rows.map(toClaim);
    },

    async recent(kind, platform, recipient, limit) {
      const rows = await ofRecipient(kind, platform, recipient)
        .orderBy('slot', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toClaim);
    },
  } satisfies ClaimRepository;
}

