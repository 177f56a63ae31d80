/**
 * The papers upsert on SQLite: one write transaction whose statements are prepared once per database (kysely
 * prepares every query afresh, a cost paid on every row), and whose new rows are logged for the
 * search index and counted in papers_version by one statement each once they are all in
 * (migration 0005), instead of one trigger run per row. What was measured:
 * docs/decisions/0012-measured-choices.md.
 */
import type SQLite from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import { LRUCache } from 'lru-cache';
import type { PaperOrigin } from '../../core/paper.js';
import { paperColumns, planUpsert, type PaperColumns, type PaperRow } from '../paper-rows.js';
import type { Engine, UpsertPapers } from './engine.js';

/** Rows inserted between two yields to the event loop, so commands are not held up by a large ingest. */
const INSERT_BATCH = 500;
/** Distinct sets of changed columns whose UPDATE is kept prepared (the most recently used). */
const KEPT_UPDATES = 32;

type Row = PaperColumns & { origin: PaperOrigin; first_seen_at: string; updated_at: string };

interface Statements {
  readonly known: Statement<[string], PaperRow>;
  /** Undefined on a database without migration 0005: the triggers count each row. */
  readonly bulk?: {
    readonly begin: Statement<[]>;
    readonly version: Statement<[]>;
    readonly log: Statement<[string]> | undefined;
    readonly end: Statement<[]>;
  };
}

/** `writeTransaction` must run on the connection `sqlite` is (kysely's, held for the callback). */
export function createSqlitePaperUpsert(sqlite: SQLite.Database, writeTransaction: Engine['writeTransaction']): UpsertPapers {
  let statements: Statements | undefined;
  let insert: Statement<[Row]> | undefined;
  const updates = new LRUCache<string, Statement<[Record<string, unknown>]>>({ max: KEPT_UPDATES });

  // Prepared on first use: a store may be created before its database is migrated.
  function prepare(): Statements {
    if (statements) return statements;
    const hasBulk = tableExists(sqlite, 'papers_bulk');
    const hasChanges = tableExists(sqlite, 'paper_changes');
    statements = {
      known: sqlite.prepare(`select * from papers where id in (select value from json_each(?))`),
      bulk: hasBulk
        ? {
            begin: sqlite.prepare('update papers_bulk set active = 1 where id = 1'),
            version: sqlite.prepare('update papers_version set n = n + 1 where id = 1'),
            // The change log's insert trigger (0006) stands aside too; the new rows are logged here.
            log: hasChanges ? sqlite.prepare(`insert into paper_changes (paper_id) select id from papers where pk in (select value from json_each(?)) order by pk`) : undefined,
            end: sqlite.prepare('update papers_bulk set active = 0 where id = 1'),
          }
        : undefined,
    };
    return statements;
  }

  function insertRow(row: Row): number {
    insert ??= sqlite.prepare<[Row]>(
      `insert into papers (${Object.keys(row).join(', ')}) values (${Object.keys(row).map((c) => `@${c}`).join(', ')})`,
    );
    return Number(insert.run(row).lastInsertRowid);
  }

  function update(changed: readonly string[]): Statement<[Record<string, unknown>]> {
    const key = changed.join(',');
    const kept = updates.get(key);
    if (kept) return kept;
    const set = [...changed, 'origin', 'updated_at'].map((c) => `${c} = @${c}`).join(', ');
    const statement = sqlite.prepare<[Record<string, unknown>]>(`update papers set ${set} where pk = @pk`);
    updates.set(key, statement);
    return statement;
  }

  return (papers, origin, seenAt) =>
    writeTransaction(async () => {
      const { known: selectKnown, bulk } = prepare();
      const now = seenAt.toISOString();
      // The last copy of a repeated id wins, as it would had the papers come in separate calls.
      const incoming = new Map(papers.map((p) => [p.id, p]));
      const known = new Map(selectKnown.all(JSON.stringify([...incoming.keys()])).map((row) => [row.id, row]));
      const { fresh, updates } = planUpsert(incoming, known, origin, now);
      for (const { pk, changed, set } of updates) update(changed).run({ ...set, pk });
      if (fresh.length > 0) {
        bulk?.begin.run();
        const pks: number[] = [];
        for (let i = 0; i < fresh.length; i += INSERT_BATCH) {
          if (i > 0) await yieldToEvents();
          for (const paper of fresh.slice(i, i + INSERT_BATCH)) {
            pks.push(insertRow({ ...paperColumns(paper), origin, first_seen_at: now, updated_at: now }));
          }
        }
        if (bulk) {
          bulk.log?.run(JSON.stringify(pks));
          bulk.version.run();
          bulk.end.run();
        }
      }
      return { inserted: fresh.map((p) => p.id), updated: updates.map((u) => u.id), unchanged: incoming.size - fresh.length - updates.length };
    });
}

export function tableExists(sqlite: SQLite.Database, name: string): boolean {
  return sqlite.prepare(`select 1 from sqlite_master where type = 'table' and name = ?`).get(name) !== undefined;
}

function yieldToEvents(): Promise<void> {
  return new Promise((done) => setImmediate(done));
}
