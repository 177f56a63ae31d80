/**
 * The two SQL baselines of the search benchmark. `exactTop` is the exact ranking: FTS5 bm25 with
 * the store's column weights, blended with upvotes and tie-broken exactly as
 * `store.papers.search` does, over every match, without the count query the store adds for paging.
 * `likeTop` is the naive scan: every query word as `LIKE '%word%'` over the indexed text, ordered
 * by upvotes (LIKE cannot rank by relevance).
 */
import { sql } from 'kysely';
import { INDEXED_COLUMNS } from '../src/core/query/document.js';
import { parseQuery } from '../src/core/query/parse.js';
import { compileMatch } from '../src/store/fts-match.js';
import { COLUMN_WEIGHTS, UPVOTE_BLEND } from '../src/core/query/ranking.js';
import type { Database } from '../src/store/index.js';

export interface RankedId {
  readonly id: string;
  readonly score: number;
}

const weights = sql.join(INDEXED_COLUMNS.map((c) => sql.lit(COLUMN_WEIGHTS[c])));
const score = sql<number>`(-bm25(papers_fts, ${weights})) * (1 + ${sql.lit(UPVOTE_BLEND)} * ln(1 + max(p.upvotes, 0)))`;

export async function exactTop(db: Database, query: string, limit: number): Promise<RankedId[]> {
  const match = compileMatch(parseQuery(query));
  return db
    .selectFrom('papers_fts')
    .innerJoin('papers as p', 'p.pk', 'papers_fts.rowid')
    .where(sql<boolean>`papers_fts match ${match}`)
    .select(['p.id', score.as('score')])
    .orderBy('score', 'desc')
    .orderBy('p.upvotes', 'desc')
    .orderBy('p.daily_date', (ob) => ob.desc().nullsLast())
    .orderBy('p.id')
    .limit(limit)
    .execute();
}

export async function likeTop(db: Database, words: readonly string[], limit: number): Promise<string[]> {
  const text = sql`(p.fts_title || ' ' || p.fts_keywords || ' ' || p.fts_ai_summary || ' ' || p.fts_abstract)`;
  let query = db.selectFrom('papers as p').select('p.id');
  for (const word of words) query = query.where(sql<boolean>`${text} like ${`%${word}%`}`);
  const rows = await query.orderBy('p.upvotes', 'desc').orderBy('p.id').limit(limit).execute();
  return rows.map((r) => r.id);
}
