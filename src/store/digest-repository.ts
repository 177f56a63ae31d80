import type { Selectable } from 'kysely';
import { DIGEST_KINDS, digestDeliveryKind, kindOf } from '../core/digest/kinds.js';
import type { DigestKind, DigestRepository, DigestSettings, TargetRef } from '../core/ports.js';
import { WEEKDAYS } from '../core/weekdays.js';
import type { Database, DigestTargetsTable } from './schema.js';
import { writeTransaction } from './transaction.js';

const CHUNK = 500;

export function createDigestRepository(db: Database): DigestRepository {
  const sentDigests = (target: TargetRef, kind: DigestKind) =>
    db
      .selectFrom('deliveries')
      .where('kind', '=', digestDeliveryKind(kind))
      .where('platform', '=', target.platform)
      .where('recipient', '=', target.channelId)
      .where('status', '=', 'sent');

  const ofChannel = (target: TargetRef) =>
    db.selectFrom('digest_targets').selectAll().where('platform', '=', target.platform).where('channel_id', '=', target.channelId);

  return {
    async settings(target, kind = 'daily') {
      const row = await ofChannel(target).where('kind', '=', kind).executeTakeFirst();
      return row && toSettings(row);
    },

    async ofChannel(target) {
      const rows = (await ofChannel(target).execute()).map(toSettings);
      return DIGEST_KINDS.flatMap((kind) => rows.filter((s) => s.kind === kind));
    },

    async save(settings: DigestSettings) {
      const { target } = settings;
      const columns = {
        workspace_id: target.workspaceId ?? null,
        time: settings.time,
        timezone: settings.timezone,
        weekdays: JSON.stringify(WEEKDAYS.filter((d) => settings.weekdays.includes(d))),
        top: settings.top,
        min_upvotes: settings.minUpvotes,
        topic: settings.topic ?? null,
        enabled: settings.enabled ? 1 : 0,
        disabled_reason: settings.enabled ? null : (settings.disabledReason ?? null),
        updated_by: settings.updatedBy ?? null,
        updated_at: settings.updatedAt,
      };
      await db
        .insertInto('digest_targets')
        .values({ platform: target.platform, channel_id: target.channelId, kind: kindOf(settings), ...columns, created_at: settings.updatedAt })
        .onConflict((oc) => oc.columns(['platform', 'channel_id', 'kind']).doUpdateSet(columns))
        .execute();
    },

    async disable(target, reason, at, kind) {
      let update = db
        .updateTable('digest_targets')
        .set({ enabled: 0, disabled_reason: reason, updated_at: at.toISOString() })
        .where('platform', '=', target.platform)
        .where('channel_id', '=', target.channelId);
      if (kind !== undefined) update = update.where('kind', '=', kind);
      await update.execute();
    },

    async listAll() {
      const rows = await db.selectFrom('digest_targets').selectAll().orderBy('id').execute();
      return rows.map(toSettings);
    },

    async listEnabled() {
      const rows = await db.selectFrom('digest_targets').selectAll().where('enabled', '=', 1).orderBy('id').execute();
      return rows.map(toSettings);
    },

    async last(target, kind = 'daily') {
      const delivery = await sentDigests(target, kind)
        .select(['id', 'slot', 'covered_until', 'message_id', 'sent_at', 'claimed_at'])
        .orderBy('slot', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (!delivery) return undefined;
      const papers = await db
        .selectFrom('delivered_papers')
        .select('paper_id')
        .where('delivery_id', '=', delivery.id)
        .orderBy('position')
        .execute();
      return {
        target,
        ...(kind === 'daily' ? {} : { kind }),
        slot: delivery.slot,
        coveredUntil: delivery.covered_until ?? '',
        paperIds: papers.map((p) => p.paper_id),
        messageId: delivery.message_id ?? undefined,
        sentAt: delivery.sent_at ?? delivery.claimed_at,
      };
    },

    async postedIds(target, ids, kind = 'daily') {
      const posted = new Set<string>();
      const unique = [...new Set(ids)];
      for (let i = 0; i < unique.length; i += CHUNK) {
        const rows = await sentDigests(target, kind)
          .innerJoin('delivered_papers as dp', 'dp.delivery_id', 'deliveries.id')
          .select('dp.paper_id')
          .where('dp.paper_id', 'in', unique.slice(i, i + CHUNK))
          .execute();
        for (const row of rows) posted.add(row.paper_id);
      }
      return posted;
    },

    record: (digest) =>
      writeTransaction(db, async (trx) => {
        const { target } = digest;
        const sent = {
          status: 'sent' as const,
          sent_at: digest.sentAt,
          message_id: digest.messageId ?? null,
          covered_until: digest.coveredUntil,
          error: null,
        };
        // A slot claimed earlier (by an exactly-once scheduler) becomes sent; otherwise it is created sent.
        const delivery = await trx
          .insertInto('deliveries')
          .values({
            kind: digestDeliveryKind(kindOf(digest)),
            platform: target.platform,
            recipient: target.channelId,
            slot: digest.slot,
            claimed_at: digest.sentAt,
            ...sent,
          })
          .onConflict((oc) => oc.columns(['kind', 'platform', 'recipient', 'slot']).doUpdateSet(sent))
          .returning('id')
          .executeTakeFirstOrThrow();
        const rows = [...new Set(digest.paperIds)].map((paperId, position) => ({
          delivery_id: delivery.id,
          paper_id: paperId,
          position,
        }));
        if (rows.length === 0) return;
        await trx
          .insertInto('delivered_papers')
          .values(rows)
          .onConflict((oc) => oc.columns(['delivery_id', 'paper_id']).doNothing())
          .execute();
      }),
  };
}

function toSettings(row: Selectable<DigestTargetsTable>): DigestSettings {
  const stored: unknown = JSON.parse(row.weekdays);
  const weekdays = Array.isArray(stored) ? WEEKDAYS.filter((d) => stored.includes(d)) : [];
  return {
    target: { platform: row.platform, channelId: row.channel_id, workspaceId: row.workspace_id ?? undefined },
    kind: row.kind,
    time: row.time,
    timezone: row.timezone,
    weekdays,
    top: row.top,
    minUpvotes: row.min_upvotes,
    topic: row.topic ?? undefined,
    enabled: row.enabled === 1,
    disabledReason: row.disabled_reason ?? undefined,
    updatedBy: row.updated_by ?? undefined,
    updatedAt: row.updated_at,
  };
}
