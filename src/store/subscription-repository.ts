import type { Selectable } from 'kysely';
import type { PersonRef, Subscription, SubscriptionRepository } from '../core/ports.js';
import type { Database, SubscriptionsTable } from './schema.js';

export function createSubscriptionRepository(db: Database): SubscriptionRepository {
  return {
    async add(person, topic, at, minUpvotes) {
      const trimmed = topic.trim();
      const result = await db
        .insertInto('subscriptions')
        .values({
          platform: person.platform,
          user_id: person.userId,
          topic: trimmed,
          topic_key: topicKey(trimmed),
          created_at: at.toISOString(),
          min_upvotes: minUpvotes ?? null,
        })
        .onConflict((oc) => oc.columns(['platform', 'user_id', 'topic_key']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async setMinUpvotes(person, topic, minUpvotes) {
      const result = await db
        .updateTable('subscriptions')
        .set({ min_upvotes: minUpvotes ?? null })
        .where('platform', '=', person.platform)
        .where('user_id', '=', person.userId)
        .where('topic_key', '=', topicKey(topic))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async remove(person, topic) {
      const row = await db
        .deleteFrom('subscriptions')
        .where('platform', '=', person.platform)
        .where('user_id', '=', person.userId)
        .where('topic_key', '=', topicKey(topic))
        .returning('topic')
        .executeTakeFirst();
      return row?.topic;
    },

    async list(person) {
      const rows = await db
        .selectFrom('subscriptions')
        .selectAll()
        .where('platform', '=', person.platform)
        .where('user_id', '=', person.userId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toSubscription);
    },

    async all() {
      const rows = await db.selectFrom('subscriptions').selectAll().orderBy('id').execute();
      return rows.map(toSubscription);
    },
  };
}

/**
 * The key two spellings of one topic share. Done here rather than with SQL lower(), which folds
 * ASCII only: "Über" and "über" must be the same topic.
 */
export function topicKey(topic: string): string {
  return topic.trim().normalize('NFC').toLowerCase();
}

function toSubscription(row: Selectable<SubscriptionsTable>): Subscription {
  const person: PersonRef = { platform: row.platform, userId: row.user_id };
  return { id: row.id, person, topic: row.topic, createdAt: row.created_at, ...(row.min_upvotes === null ? {} : { minUpvotes: row.min_upvotes }) };
}
