import type { MilestoneMark, MilestoneRepository } from '../core/ports.js';
import { enqueueIn } from './alert-repository.js';
import type { Database } from './schema.js';
import { writeTransaction } from './transaction.js';

const CHUNK = 500;

export function createMilestoneRepository(db: Database): MilestoneRepository {
  const rowOf = (mark: MilestoneMark, at: Date) => ({
    paper_id: mark.paperId,
    upvotes: mark.upvotes,
    has_code: mark.hasCode ? 1 : 0,
    top_of_day: mark.topOfDay ? 1 : 0,
    updated_at: at.toISOString(),
  });

  async function write(trx: Database, marks: readonly MilestoneMark[], at: Date, replace: boolean): Promise<void> {
    for (let i = 0; i < marks.length; i += CHUNK) {
      const rows = marks.slice(i, i + CHUNK).map((m) => rowOf(m, at));
      await trx
        .insertInto('milestone_marks')
        .values(rows)
        .onConflict((oc) =>
          replace
            ? oc.column('paper_id').doUpdateSet((eb) => ({
                upvotes: eb.ref('excluded.upvotes'),
                has_code: eb.ref('excluded.has_code'),
                top_of_day: eb.ref('excluded.top_of_day'),
                updated_at: eb.ref('excluded.updated_at'),
              }))
            : oc.column('paper_id').doNothing(),
        )
        .execute();
    }
  }

  return {
    async marks(paperIds) {
      const marks = new Map<string, MilestoneMark>();
      const unique = [...new Set(paperIds)];
      for (let i = 0; i < unique.length; i += CHUNK) {
        const rows = await db.selectFrom('milestone_marks').selectAll().where('paper_id', 'in', unique.slice(i, i + CHUNK)).execute();
        for (const row of rows) {
          marks.set(row.paper_id, { paperId: row.paper_id, upvotes: row.upvotes, hasCode: row.has_code === 1, topOfDay: row.top_of_day === 1 });
        }
      }
      return marks;
    },

    baseline: (marks, at) => writeTransaction(db, (trx) => write(trx, marks, at, false)),

    record: (alerts, marks, at) =>
      writeTransaction(db, async (trx) => {
        const added = alerts.length > 0 ? await enqueueIn(trx, alerts, at) : 0;
        await write(trx, marks, at, true);
        return added;
      }),
  };
}
