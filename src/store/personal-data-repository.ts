/**
 * `forget-me`: every row that names a person, deleted in one transaction. The tables are listed
 * here, each with the columns that name the person; a table that keeps something about people is
 * added to this list (test/integration/store-forget.test.ts reads every table of the schema and
 * fails on a row that still names a forgotten person).
 */
import { DIGEST_KINDS, digestDeliveryKind } from '../core/digest/kinds.js';
import type { PersonalData, PersonalDataRepository } from '../core/ports.js';
import type { Database } from './schema.js';
import { writeTransaction } from './transaction.js';

type Counted = { kind: PersonalData; count: number };

/** A digest's recipient is a channel, whatever its kind. */
const CHANNEL_KINDS = DIGEST_KINDS.map(digestDeliveryKind);

export function createPersonalDataRepository(db: Database): PersonalDataRepository {
  return {
    forget(person) {
      return writeTransaction(db, async (trx) => {
        const found: Counted[] = [];
        const note = (kind: PersonalData, result: { numDeletedRows?: bigint; numUpdatedRows?: bigint }) =>
          found.push({ kind, count: Number(result.numDeletedRows ?? result.numUpdatedRows ?? 0n) });
        const { platform, userId } = person;

        note('votes', await trx.deleteFrom('votes').where('platform', '=', platform).where('user_id', '=', userId).executeTakeFirst());
        note('model', await trx.deleteFrom('reader_models').where('platform', '=', platform).where('user_id', '=', userId).executeTakeFirst());
        note('topics', await trx.deleteFrom('subscriptions').where('platform', '=', platform).where('user_id', '=', userId).executeTakeFirst());
        note('watches', await trx.deleteFrom('watches').where('platform', '=', platform).where('user_id', '=', userId).executeTakeFirst());
        // Alerts (topic and milestone alike) point at the DMs that carried them: they go first.
        note('alerts', await trx.deleteFrom('alerts').where('platform', '=', platform).where('user_id', '=', userId).executeTakeFirst());
        // The records of direct messages sent to the person (a digest's recipient is a channel); their papers go with them (cascade).
        const personal = trx
          .selectFrom('deliveries')
          .select('id')
          .where('platform', '=', platform)
          .where('recipient', '=', userId)
          .where('kind', 'not in', CHANNEL_KINDS);
        await trx.deleteFrom('delivered_papers').where('delivery_id', 'in', personal).execute();
        note('messages', await trx.deleteFrom('deliveries').where('platform', '=', platform).where('recipient', '=', userId).where('kind', 'not in', CHANNEL_KINDS).executeTakeFirst());
        note('settings', await trx.deleteFrom('people').where('platform', '=', platform).where('user_id', '=', userId).executeTakeFirst());
        // A channel's digest belongs to the channel: it stays, no longer saying who set it.
        note('digest-settings', await trx.updateTable('digest_targets').set({ updated_by: null }).where('updated_by', '=', `${platform}:${userId}`).executeTakeFirst());
        return found.filter((f) => f.count > 0);
      });
    },
  } satisfies PersonalDataRepository;
}

