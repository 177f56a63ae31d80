/** Hugging Face's search results by query (migration 0007), so a query's merged list stays the same. */
import type { SourceSearchRepository } from '../core/ports.js';
import type { Database } from './schema.js';

export function createSourceSearchRepository(db: Database): SourceSearchRepository {
  return {
    async get(query) {
      const row = await db.selectFrom('source_searches').select(['paper_ids', 'fetched_at']).where('query', '=', query).executeTakeFirst();
      if (!row) return undefined;
      const ids: unknown = JSON.parse(row.paper_ids);
      return { ids: Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [], fetchedAt: new Date(row.fetched_at) };
    },
    async put(query, ids, fetchedAt) {
      const row = { query, paper_ids: JSON.stringify(ids), fetched_at: fetchedAt.toISOString() };
      await db
        .insertInto('source_searches')
        .values(row)
        .onConflict((oc) => oc.column('query').doUpdateSet({ paper_ids: row.paper_ids, fetched_at: row.fetched_at }))
        .execute();
    },
  };
}
