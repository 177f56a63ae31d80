import { sql } from 'kysely';
import type { Paper, PaperOrigin } from '../core/paper.js';
import type { PaperRepository, SearchHit, UpsertResult } from '../core/ports.js';
import type { Query } from '../core/query/ast.js';
import { INDEXED_COLUMNS } from '../core/query/document.js';
import { COLUMN_WEIGHTS, UPVOTE_BLEND } from '../core/query/ranking.js';
import { compileMatch } from './fts-match.js';
import { changedColumns, mergeOrigin, mergePaper, paperColumns, rowToPaper, type PaperRow } from './paper-rows.js';
import type { Database } from './schema.js';
import { writeTransaction } from './transaction.js';

/** Stays well under SQLite's bound-parameter limit. */
const CHUNK = 500;

const weights = sql.join(INDEXED_COLUMNS.map((c) => sql.lit(COLUMN_WEIGHTS[c])));
// bm25 is "lower is better" and negative; its negation is a positive relevance.
const score = sql<number>`(-bm25(papers_fts, ${weights})) * (1 + ${sql.lit(UPVOTE_BLEND)} * ln(1 + max(p.upvotes, 0)))`;

export function createPaperRepository(db: Database): PaperRepository {
  const matching = (match: string) =>
    db
      .selectFrom('papers_fts')
      .innerJoin('papers as p', 'p.pk', 'papers_fts.rowid')
      .where(sql<boolean>`papers_fts match ${match}`);

  return {
    upsert: (papers, origin, seenAt) => writeTransaction(db, (trx) => upsertAll(trx, papers, origin, seenAt)),

    async get(id) {
      const row = await db.selectFrom('papers').selectAll().where('id', '=', id).executeTakeFirst();
      return row && rowToPaper(row);
    },

    async getMany(ids) {
      const byId = new Map((await rowsById(db, ids)).map((row) => [row.id, rowToPaper(row)]));
      return [...new Set(ids)].flatMap((id) => byId.get(id) ?? []);
    },

    async byDailyDates(dates) {
      if (dates.length === 0) return [];
      const rows = await db
        .selectFrom('papers')
        .selectAll()
        .where('daily_date', 'in', [...dates])
        .orderBy('daily_date', 'desc')
        .orderBy('upvotes', 'desc')
        .orderBy('id')
        .execute();
      return rows.map(rowToPaper);
    },

    async dailyDates({ from, to }) {
      let query = db.selectFrom('papers').select('daily_date').distinct().where('daily_date', 'is not', null);
      if (from !== undefined) query = query.where('daily_date', '>=', from);
      if (to !== undefined) query = query.where('daily_date', '<=', to);
      const rows = await query.orderBy('daily_date').execute();
      return rows.flatMap((r) => (r.daily_date === null ? [] : [r.daily_date]));
    },

    async search(query, page) {
      const match = compileMatch(query);
      const rows = await matching(match)
        .selectAll('p')
        .select(score.as('score'))
        .orderBy('score', 'desc')
        .orderBy('p.upvotes', 'desc')
        .orderBy('p.daily_date', (ob) => ob.desc().nullsLast())
        .orderBy('p.id')
        .limit(Math.max(0, Math.floor(page.limit)))
        .offset(Math.max(0, Math.floor(page.offset)))
        .execute();
      const { total } = await matching(match)
        .select((eb) => eb.fn.countAll<number>().as('total'))
        .executeTakeFirstOrThrow();
      const hits: SearchHit[] = rows.map(({ score: s, ...row }) => ({ paper: rowToPaper(row), score: s }));
      return { hits, total };
    },

    async filterMatching(query: Query, ids) {
      const match = compileMatch(query);
      const found = new Set<string>();
      for (const chunk of chunks([...new Set(ids)])) {
        const rows = await matching(match).select('p.id').where('p.id', 'in', chunk).execute();
        for (const row of rows) found.add(row.id);
      }
      return found;
    },

    async count() {
      const { n } = await db
        .selectFrom('papers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return n;
    },
  };
}

async function upsertAll(
  trx: Database,
  papers: readonly Paper[],
  origin: PaperOrigin,
  seenAt: Date,
): Promise<UpsertResult> {
  const now = seenAt.toISOString();
  // The last copy of a repeated id wins, as it would had the papers come in separate calls.
  const incoming = new Map(papers.map((p) => [p.id, p]));
  const known = new Map((await rowsById(trx, [...incoming.keys()])).map((row) => [row.id, row]));
  const inserted: string[] = [];
  const updated: string[] = [];
  for (const paper of incoming.values()) {
    const row = known.get(paper.id);
    if (!row) {
      await trx
        .insertInto('papers')
        .values({ ...paperColumns(paper), origin, first_seen_at: now, updated_at: now })
        .execute();
      inserted.push(paper.id);
      continue;
    }
    const changes = changedColumns(row, paperColumns(mergePaper(rowToPaper(row), paper)));
    const nextOrigin = mergeOrigin(row.origin, origin);
    if (Object.keys(changes).length === 0 && nextOrigin === row.origin) continue;
    await trx
      .updateTable('papers')
      .set({ ...changes, origin: nextOrigin, updated_at: now })
      .where('pk', '=', row.pk)
      .execute();
    updated.push(paper.id);
  }
  return { inserted, updated, unchanged: incoming.size - inserted.length - updated.length };
}

async function rowsById(db: Database, ids: readonly string[]): Promise<PaperRow[]> {
  const rows: PaperRow[] = [];
  for (const chunk of chunks([...new Set(ids)])) {
    rows.push(...(await db.selectFrom('papers').selectAll().where('id', 'in', chunk).execute()));
  }
  return rows;
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}
