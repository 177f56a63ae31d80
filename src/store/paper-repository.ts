import { sql } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { StoredPaper } from '../core/paper.js';
import type { PaperRepository } from '../core/ports.js';
import { rowToPaper, type PaperRow } from './paper-rows.js';
import { engineOf } from './engine/engine.js';
import type { Database } from './schema.js';

/** Stays well under SQLite's bound-parameter limit. */
const CHUNK = 500;

/**
 * What `rowToPaper` reads: the row without the fts_* copies of the text (as long again as the
 * paper itself), which only the search index's triggers use.
 */
export const PAPER_FIELDS = [
  'pk', 'id', 'title', 'summary', 'authors', 'org_name', 'org_fullname', 'upvotes', 'num_comments', 'github_repo',
  'github_stars', 'project_page', 'ai_summary', 'ai_keywords', 'published_at', 'daily_date', 'thumbnail', 'origin',
  'first_seen_at', 'updated_at',
] as const;

/** The papers table; searching is the search index's (indexed-papers.ts), which wraps this. */
export type StoredPapers = Omit<PaperRepository, 'search' | 'scoreMatching'>;

export function createPaperRepository(db: Database): StoredPapers {
  const daily = createDailyCache(db);

  return {
    upsert: engineOf(db).createPaperUpsert(),

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
      return [...(await daily.papers([...new Set(dates)].sort()))];
    },

    async dailyDates({ from, to }) {
      const all = await daily.dates();
      return all.filter((d) => (from === undefined || d >= from) && (to === undefined || d <= to));
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

/**
 * The daily lists as last read, kept until papers_version moves (a trigger counts every write to
 * papers, from any connection): a digest pass asks for the same covered days once per target, and
 * `start` asks for the list of dates three times. Each entry remembers the version it was read at,
 * so a read that raced a write is never served as current. A database not yet migrated to
 * 0004-papers-version is read directly; so are long ranges of days, which are not worth keeping.
 */
function createDailyCache(db: Database) {
  const KEPT_KEYS = 16;
  const KEPT_DAYS = 31;
  let versioned = false;
  let dates: { version: number; value: readonly string[] } | undefined;
  const days = new LRUCache<string, { version: number; value: readonly StoredPaper[] }>({ max: KEPT_KEYS });

  async function version(): Promise<number | undefined> {
    versioned ||= await engineOf(db).hasTable('papers_version');
    if (!versioned) return undefined;
    return (await sql<{ n: number }>`select n from papers_version where id = 1`.execute(db)).rows[0]?.n;
  }

  async function readDates(): Promise<string[]> {
    // A skip scan: one index seek per distinct date, where DISTINCT reads every paper's index entry
    // (docs/decisions/0012-measured-choices.md).
    const { rows } = await sql<{ d: string }>`
      with recursive dates(d) as (
        select min(daily_date) from papers where daily_date is not null
        union all
        select (select min(daily_date) from papers where daily_date > d) from dates where d is not null
      )
      select d from dates where d is not null`.execute(db);
    return rows.map((r) => r.d);
  }

  async function readPapers(sorted: readonly string[]): Promise<StoredPaper[]> {
    const rows = await db
      .selectFrom('papers')
      .select(PAPER_FIELDS)
      .where('daily_date', 'in', sorted)
      .orderBy('daily_date', 'desc')
      .orderBy('upvotes', 'desc')
      .orderBy('id')
      .execute();
    return rows.map(rowToPaper);
  }

  return {
    async dates(): Promise<readonly string[]> {
      const now = await version();
      if (now === undefined) return readDates();
      if (dates?.version !== now) dates = { version: now, value: await readDates() };
      return dates.value;
    },

    /** `sorted`: distinct dates, ascending. */
    async papers(sorted: readonly string[]): Promise<readonly StoredPaper[]> {
      const now = sorted.length <= KEPT_DAYS ? await version() : undefined;
      if (now === undefined) return readPapers(sorted);
      const key = sorted.join(',');
      const kept = days.get(key);
      if (kept?.version === now) return kept.value;
      const value = await readPapers(sorted);
      // Lists read before the last write are never served again; let them go now rather than when pushed out.
      for (const [old, entry] of [...days.entries()]) if (entry.version !== now) days.delete(old);
      days.set(key, { version: now, value });
      return value;
    },
  };
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
