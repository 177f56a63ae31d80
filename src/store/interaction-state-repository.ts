import { randomBytes } from 'node:crypto';
import type { InteractionStateRepository } from '../core/ports.js';
import type { Database } from './schema.js';

/** 12 random bytes: 16 URL-safe characters, unguessable, short enough for any button id. */
const newId = () => randomBytes(12).toString('base64url');

export function createInteractionStateRepository(db: Database): InteractionStateRepository {
  return {
    async save(kind, payload, at, ttlMs) {
      const id = newId();
      await db
        .insertInto('interaction_state')
        .values({
          id,
          kind,
          payload: JSON.stringify(payload),
          created_at: at.toISOString(),
          expires_at: new Date(at.getTime() + ttlMs).toISOString(),
        })
        .execute();
      return id;
    },

    async load(id, at) {
      const row = await db
        .selectFrom('interaction_state')
        .select(['kind', 'payload'])
        .where('id', '=', id)
        .where('expires_at', '>', at.toISOString())
        .executeTakeFirst();
      return row && { kind: row.kind, payload: JSON.parse(row.payload) as unknown };
    },

    async prune(at) {
      const result = await db.deleteFrom('interaction_state').where('expires_at', '<=', at.toISOString()).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
