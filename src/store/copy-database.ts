/**
 * Copies every row Paperboy keeps from one database into another, on any engines
 * (docs/decisions/0015-copy-db.md). The source is read in one read-only snapshot, so rows that
 * point at each other arrive together; the target is written a batch at a time, each batch in one
 * write transaction. A row the target already has (same natural key) is updated to the source's
 * values, or left alone when equal, so a second run changes nothing.
 */
import { sql, type Kysely } from 'kysely';
import { UserError } from '../core/errors.js';
import { COPIED, type TableName, type TablePlan } from './copy-plan.js';
import { engineOf, type Engine } from './engine/engine.js';
import { migrateToLatest } from './migrate.js';
import type { Database } from './schema.js';

/** Rows read and written at a time: far below either engine's limit on bound parameters at the widest table (papers). */
const BATCH = 500;

export interface CopyOptions {
  /** Copy into a target that already holds rows, updating the rows both have. */
  readonly merge?: boolean;
  /** Told after every batch: rows done and in all, and the table being copied. */
  readonly onProgress?: (done: number, total: number, table: string) => void;
}

export interface TableCopy {
  readonly table: TableName;
  /** Rows in the source. */
  readonly rows: number;
  readonly added: number;
  readonly updated: number;
  readonly unchanged: number;
}

type Row = Record<string, unknown>;
/** The tables addressed by name, as the plan does. */
type Tables = Kysely<Record<string, Row>>;
/** Per table, the numbered keys that differ in the target: source key → target key. */
type KeyMaps = Map<TableName, Map<unknown, unknown>>;

/** Migrates both databases, then copies; refuses (UserError) a target holding rows unless `merge`. */
export async function copyDatabase(source: Database, target: Database, options: CopyOptions = {}): Promise<TableCopy[]> {
  await migrateToLatest(source);
  await migrateToLatest(target);
  if (!options.merge) {
    const occupied = await tablesWithRows(target);
    if (occupied.length > 0) {
      throw new UserError(`The target database already holds data (${occupied.join(', ')}); add --merge to copy into it anyway, updating the rows both have.`);
    }
  }
  return source
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (snapshot) => {
      const totals = await Promise.all(COPIED.map(({ table }) => countRows(snapshot, table)));
      const total = totals.reduce((a, b) => a + b, 0);
      const keyMaps: KeyMaps = new Map();
      const copies: TableCopy[] = [];
      let done = 0;
      for (const plan of COPIED) {
        const copy = await copyTable(snapshot, target, plan, keyMaps, (rows) => {
          done += rows;
          options.onProgress?.(done, total, plan.table);
        });
        copies.push(copy);
      }
      return copies;
    });
}

async function copyTable(source: Database, target: Database, plan: TablePlan, keyMaps: KeyMaps, progressed: (rows: number) => void): Promise<TableCopy> {
  const engine = engineOf(target);
  const order = plan.numbered ? [plan.numbered] : plan.naturalKey;
  const copy = { table: plan.table, rows: 0, added: 0, updated: 0, unchanged: 0 };
  let after: Row | undefined;
  for (;;) {
    const batch = await readBatch(source as unknown as Tables, plan.table, order, after);
    if (batch.length === 0) break;
    after = batch.at(-1);
    const written = await engine.writeTransaction((trx) => writeBatch(trx, engine, plan, batch, keyMaps));
    copy.rows += batch.length;
    copy.added += written.added;
    copy.updated += written.updated;
    copy.unchanged += written.unchanged;
    progressed(batch.length);
  }
  if (plan.numbered) await engine.advanceKeys(target, plan.table, plan.numbered);
  return copy;
}

/** The next rows in key order after `after` (keyset paging: no offset to skip past, whatever the table's size). */
function readBatch(db: Tables, table: TableName, order: readonly string[], after: Row | undefined): Promise<Row[]> {
  let query = db.selectFrom(table).selectAll();
  if (after) query = query.where(sql<boolean>`(${sql.join(order.map((c) => sql.ref(c)))}) > (${sql.join(order.map((c) => after[c]))})`);
  for (const column of order) query = query.orderBy(column);
  return query.limit(BATCH).execute();
}

async function writeBatch(handle: Database, engine: Engine, plan: TablePlan, batch: readonly Row[], keyMaps: KeyMaps): Promise<{ added: number; updated: number; unchanged: number }> {
  const trx = handle as unknown as Tables;
  const rows = batch.map((row) => translate(row, plan, keyMaps));
  const naturalKey = (row: Row) => JSON.stringify(plan.naturalKey.map((c) => row[c]));
  const known = new Map((await findByNaturalKey(trx, plan, rows)).map((row) => [naturalKey(row), row]));
  const numbered = plan.numbered;
  const moved = keyMaps.get(plan.table) ?? new Map<unknown, unknown>();
  let updated = 0;
  const fresh: Row[] = [];
  for (const row of rows) {
    const existing = known.get(naturalKey(row));
    if (!existing) {
      fresh.push(row);
      continue;
    }
    if (numbered && existing[numbered] !== row[numbered]) moved.set(row[numbered], existing[numbered]);
    const changed = Object.keys(row).filter((c) => c !== numbered && !plan.naturalKey.includes(c) && row[c] !== existing[c]);
    if (changed.length === 0) continue;
    const set = Object.fromEntries(changed.map((c) => [c, row[c]]));
    await trx.updateTable(plan.table).set(set).where((eb) => eb.and(Object.fromEntries(plan.naturalKey.map((c) => [c, row[c]])))).execute();
    updated += 1;
  }
  // A fresh row keeps its key unless the target gave that key to another row already.
  const taken = numbered ? await takenKeys(trx, plan.table, numbered, fresh.map((row) => row[numbered])) : new Set<unknown>();
  const keep = fresh.filter((row) => !numbered || !taken.has(row[numbered]));
  if (keep.length > 0) await trx.insertInto(plan.table).values(keep).execute();
  const renumber = fresh.filter((row) => numbered && taken.has(row[numbered]));
  if (numbered && renumber.length > 0) {
    // Past every key in the table, those this batch just wrote included, so what it hands out is free.
    await engine.advanceKeys(handle, plan.table, numbered);
    for (const row of renumber) {
      const { [numbered]: key, ...rest } = row;
      const inserted = await trx.insertInto(plan.table).values(rest).returning(numbered).executeTakeFirstOrThrow();
      moved.set(key, inserted[numbered]);
    }
  }
  if (moved.size > 0) keyMaps.set(plan.table, moved);
  return { added: fresh.length, updated, unchanged: rows.length - fresh.length - updated };
}

/** The row with the keys it points at rewritten to the target's, where they differ. */
function translate(row: Row, plan: TablePlan, keyMaps: KeyMaps): Row {
  if (!plan.references) return row;
  const translated = { ...row };
  for (const [column, table] of Object.entries(plan.references)) {
    const moved = keyMaps.get(table);
    if (moved?.has(row[column])) translated[column] = moved.get(row[column]);
  }
  return translated;
}

function findByNaturalKey(trx: Tables, plan: TablePlan, rows: readonly Row[]): Promise<Row[]> {
  const [only, ...more] = plan.naturalKey;
  const query = trx.selectFrom(plan.table).selectAll();
  if (only !== undefined && more.length === 0) return query.where(only, 'in', rows.map((row) => row[only])).execute();
  return query.where((eb) => eb.or(rows.map((row) => eb.and(Object.fromEntries(plan.naturalKey.map((c) => [c, row[c]])))))).execute();
}

async function takenKeys(trx: Tables, table: TableName, column: string, keys: readonly unknown[]): Promise<Set<unknown>> {
  if (keys.length === 0) return new Set();
  const rows = await trx.selectFrom(table).select(column).where(column, 'in', keys).execute();
  return new Set(rows.map((row) => row[column]));
}

async function countRows(db: Database, table: TableName): Promise<number> {
  const row = await (db as unknown as Tables).selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The copied tables that hold at least one row. */
async function tablesWithRows(db: Database): Promise<TableName[]> {
  const tables = db as unknown as Tables;
  const found = await Promise.all(COPIED.map(async ({ table }) => ((await tables.selectFrom(table).select(sql`1`.as('one')).limit(1).execute()).length > 0 ? table : undefined)));
  return found.filter((table) => table !== undefined);
}
