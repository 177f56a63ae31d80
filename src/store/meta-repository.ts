import type { MetaRepository } from '../core/ports.js';
import type { Database } from './schema.js';

export function createMetaRepository(db: Database): MetaRepository {
  return {
    async get(key) {
      const row = await db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
      return row?.value;
    },

    async set(key, value, at) {
      const updated_at = at.toISOString();
      await db
        .insertInto('meta')
        .values({ key, value, updated_at })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at }))
        .execute();
    },
  };
}
