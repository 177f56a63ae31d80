/**
 * Votes and what they taught (migration 0016). A press and the model it changes are written in one
 * write transaction (the write lock held from the start on either engine), so two presses at once,
 * in one process or on two replicas, are learnt one after the other and neither is lost.
 */
import type { FeedbackRepository, ReaderModelState, VoteValue } from '../core/ports.js';
import { PAPER_FIELDS } from './paper-repository.js';
import { rowToPaper } from './paper-rows.js';
import type { Database } from './schema.js';
import { writeTransaction } from './transaction.js';

export function createFeedbackRepository(db: Database): FeedbackRepository {
  return {
    press(person, paperId, vote, at, learner) {
      return writeTransaction(db, async (trx) => {
        const ofPerson = { platform: person.platform, user_id: person.userId };
        const paperRow = await trx.selectFrom('papers').select(PAPER_FIELDS).where('id', '=', paperId).executeTakeFirst();
        if (!paperRow) throw new Error(`paper ${paperId} is not stored`);
        const known = await trx
          .selectFrom('votes')
          .select('vote')
          .where('platform', '=', person.platform)
          .where('user_id', '=', person.userId)
          .where('paper_id', '=', paperId)
          .executeTakeFirst();
        const before = (known?.vote ?? 0) as VoteValue | 0;
        const after: VoteValue | 0 = before === vote ? 0 : vote;
        if (after === 0) {
          await trx.deleteFrom('votes').where('platform', '=', person.platform).where('user_id', '=', person.userId).where('paper_id', '=', paperId).execute();
        } else {
          await trx
            .insertInto('votes')
            .values({ ...ofPerson, paper_id: paperId, vote: after, voted_at: at.toISOString() })
            .onConflict((oc) => oc.columns(['platform', 'user_id', 'paper_id']).doUpdateSet({ vote: after, voted_at: at.toISOString() }))
            .execute();
        }

        let state: ReaderModelState | undefined;
        if (before === 0) {
          // A new vote: one more step of the online model.
          const row = await trx.selectFrom('reader_models').select('state').where('platform', '=', person.platform).where('user_id', '=', person.userId).executeTakeFirst();
          state = learner.learn(row ? parseState(row.state) : undefined, rowToPaper(paperRow), vote);
        } else {
          // Taken back or changed: an online model cannot subtract a vote, so it learns the rest again.
          const rows = await trx
            .selectFrom('votes')
            .innerJoin('papers', 'papers.id', 'votes.paper_id')
            .select(PAPER_FIELDS.map((field) => `papers.${field}` as const))
            .select(['votes.vote'])
            .where('votes.platform', '=', person.platform)
            .where('votes.user_id', '=', person.userId)
            .orderBy('votes.voted_at')
            .orderBy('votes.paper_id')
            .execute();
          state = rows.length === 0 ? undefined : learner.replay(rows.map((row) => ({ paper: rowToPaper(row), vote: row.vote as VoteValue })));
        }

        const count = Number(
          (
            await trx
              .selectFrom('votes')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('platform', '=', person.platform)
              .where('user_id', '=', person.userId)
              .executeTakeFirstOrThrow()
          ).n,
        );
        if (state === undefined || count === 0) {
          await trx.deleteFrom('reader_models').where('platform', '=', person.platform).where('user_id', '=', person.userId).execute();
        } else {
          const values = { state: JSON.stringify(state), votes: count, updated_at: at.toISOString() };
          await trx
            .insertInto('reader_models')
            .values({ ...ofPerson, ...values })
            .onConflict((oc) => oc.columns(['platform', 'user_id']).doUpdateSet(values))
            .execute();
        }
        return { paperId, before, after, votes: count };
      });
    },

    async votes(person) {
      const rows = await db.selectFrom('votes').select(['paper_id', 'vote']).where('platform', '=', person.platform).where('user_id', '=', person.userId).execute();
      return new Map(rows.map((row) => [row.paper_id, row.vote as VoteValue]));
    },

    async model(person) {
      const row = await db.selectFrom('reader_models').select('state').where('platform', '=', person.platform).where('user_id', '=', person.userId).executeTakeFirst();
      return row ? parseState(row.state) : undefined;
    },

    async voters() {
      const row = await db
        .selectFrom('reader_models')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

function parseState(text: string): ReaderModelState {
  const state = JSON.parse(text) as ReaderModelState;
  if (state.version !== 1 || typeof state.features !== 'object') throw new Error('a stored reader model has an unknown shape');
  return state;
}
