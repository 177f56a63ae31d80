/**
 * The papers upsert on PostgreSQL: the rows of a batch go in multi-row statements, and, as on
 * SQLite (migration 0005), the new rows are logged for the search index and counted in
 * papers_version by one statement each instead of one trigger run per row.
 */
import { sql } from 'kysely';
import { paperColumns, planUpsert } from '../paper-rows.js';
import type { Engine, UpsertPapers } from './engine.js';

/** Rows per INSERT: well under PostgreSQL's 65,535 bound parameters at the papers table's width. */
const INSERT_BATCH = 500;

export function createPostgresPaperUpsert(writeTransaction: Engine['writeTransaction'], hasTable: Engine['hasTable']): UpsertPapers {
  // Probed on first use: a store may be created before its database is migrated.
  let tables: Promise<{ bulk: boolean; changes: boolean }> | undefined;

  return async (papers, origin, seenAt) => {
    // Outside the transaction: a pool of one connection would otherwise wait on itself.
    tables ??= Promise.all([hasTable('papers_bulk'), hasTable('paper_changes')]).then(([bulk, changes]) => ({ bulk, changes }));
    const { bulk, changes } = await tables;
    return writeTransaction(async (trx) => {
      const now = seenAt.toISOString();
      // The last copy of a repeated id wins, as it would had the papers come in separate calls.
      const incoming = new Map(papers.map((p) => [p.id, p]));
      const ids = [...incoming.keys()];
      const rows = ids.length === 0 ? [] : await trx.selectFrom('papers').selectAll().where(sql<boolean>`id = any(${ids})`).execute();
      const { fresh, updates } = planUpsert(incoming, new Map(rows.map((row) => [row.id, row])), origin, now);
      for (const { pk, set } of updates) await trx.updateTable('papers').set(set).where('pk', '=', pk).execute();
      if (fresh.length > 0) {
        if (bulk) await sql`update papers_bulk set active = 1 where id = 1`.execute(trx);
        const pks: number[] = [];
        for (let i = 0; i < fresh.length; i += INSERT_BATCH) {
          const values = fresh.slice(i, i + INSERT_BATCH).map((paper) => ({ ...paperColumns(paper), origin, first_seen_at: now, updated_at: now }));
          pks.push(...(await trx.insertInto('papers').values(values).returning('pk').execute()).map((r) => r.pk));
        }
        if (bulk) {
          if (changes) await sql`insert into paper_changes (paper_id) select id from papers where pk = any(${pks}) order by pk`.execute(trx);
          await sql`update papers_version set n = n + 1 where id = 1`.execute(trx);
          await sql`update papers_bulk set active = 0 where id = 1`.execute(trx);
        }
      }
      return { inserted: fresh.map((p) => p.id), updated: updates.map((u) => u.id), unchanged: incoming.size - fresh.length - updates.length };
    });
  };
}
