import type { Selectable } from 'kysely';
import type { Watch, WatchRepository } from '../core/ports.js';
import type { Database, WatchesTable } from './schema.js';

const CHUNK = 500;

export function createWatchRepository(db: Database): WatchRepository {
  return {
    async add(person, paperId, at) {
      const result = await db
        .insertInto('watches')
        .values({ platform: person.platform, user_id: person.userId, paper_id: paperId, created_at: at.toISOString() })
        .onConflict((oc) => oc.columns(['platform', 'user_id', 'paper_id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async remove(person, paperId) {
      const result = await db
        .deleteFrom('watches')
        .where('platform', '=', person.platform)
        .where('user_id', '=', person.userId)
        .where('paper_id', '=', paperId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async list(person) {
      const rows = await db
        .selectFrom('watches')
        .selectAll()
        .where('platform', '=', person.platform)
        .where('user_id', '=', person.userId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toWatch);
    },

    async ofPapers(paperIds) {
      const unique = [...new Set(paperIds)];
      const watches: Watch[] = [];
      for (let i = 0; i < unique.length; i += CHUNK) {
        const rows = await db.selectFrom('watches').selectAll().where('paper_id', 'in', unique.slice(i, i + CHUNK)).orderBy('id').execute();
        watches.push(...rows.map(toWatch));
      }
      return watches;
    },
  };
}

function toWatch(row: Selectable<WatchesTable>): Watch {
  return { person: { platform: row.platform, userId: row.user_id }, paperId: row.paper_id, createdAt: row.created_at };
}
