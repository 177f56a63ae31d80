/**
 * Several replicas on one database, each with its own connections (two stores on two pools): the
 * claims give each digest slot and each alert batch to one of them however they race, one ingests
 * at a time, migrations run once when they start together, and papers one stores reach the
 * other's search index without a search asking for them.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { PersonRef, SlotRef } from '../../src/core/ports.js';
import { createStore, migrateToLatest, type Database, type Store } from '../../src/store/index.js';
import { eachEngine } from '../helpers/engines.js';
import { numberedPaper as paper } from '../helpers/numbered-paper.js';
import { eventually } from '../faults/support/world.js';

const AT = new Date('2026-06-08T07:00:00Z');
const LEASE = new Date('2026-06-08T07:10:00Z');


eachEngine((engine) => describe('replicas on one database', () => {
  const opened: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const closing of opened.splice(0)) await closing.close();
  });

  async function twoReplicas(): Promise<[Store, Store, Database]> {
    const [first, second] = await engine.pair();
    const stores = [createStore(first), createStore(second)] as const;
    opened.push(...stores);
    return [...stores, first];
  }

  it('give each digest slot and each takeover to exactly one of them, however they race', async () => {
    const [a, b] = await twoReplicas();
    const slots: SlotRef[] = Array.from({ length: 20 }, (_, i) => ({ kind: 'digest', platform: 'discord', recipient: `c${i % 4}`, slot: `2026-06-${String(1 + i).padStart(2, '0')}T07:00:00.000Z` }));
    const won = await Promise.all(slots.map((slot) => Promise.all([a.claims.claim(slot, 'a', LEASE, AT), b.claims.claim(slot, 'b', LEASE, AT)])));
    expect(won.map((pair) => pair.filter(Boolean).length)).toEqual(slots.map(() => 1));

    // A claim left by a third process that died: both take it over at once, one gets it.
    const left = (await a.claims.claim({ ...slots[0]!, recipient: 'gone' }, 'gone', AT, AT))!;
    const taken = await Promise.all([a.claims.takeOver(left.id, 'gone', 'a', LEASE), b.claims.takeOver(left.id, 'gone', 'b', LEASE)]);
    expect(taken.filter(Boolean)).toHaveLength(1);
  });

  // Two SQLite connections in one thread cannot race write transactions: the one waiting on the
  // lock blocks the thread the other needs to commit. Processes race on SQLite in test/faults.
  it.runIf(engine.name === 'postgres')('give each person’s pending alerts to exactly one of them, however they race', async () => {
    const [a, b] = await twoReplicas();
    const people: PersonRef[] = Array.from({ length: 6 }, (_, i) => ({ platform: 'discord', userId: `u${i}` }));
    await a.papers.upsert([paper(1), paper(2)], 'daily', AT);
    await a.alerts.enqueue(people.flatMap((person) => [1, 2].map((n) => ({ person, paperId: paper(n).id, topics: ['sparse'] }))), AT);
    const batches = await Promise.all(
      people.map((person) =>
        Promise.all([
          a.alerts.claimPending(person, { slot: '2026-06-08T07:00:01.000Z', owner: 'a', leaseUntil: LEASE, at: AT }),
          b.alerts.claimPending(person, { slot: '2026-06-08T07:00:02.000Z', owner: 'b', leaseUntil: LEASE, at: AT }),
        ]),
      ),
    );
    for (const pair of batches) expect(pair.flatMap((batch) => batch?.alerts.map((alert) => alert.paperId) ?? [])).toEqual([paper(1).id, paper(2).id]);
  });

  it.runIf(engine.name === 'postgres')('let one of them ingest at a time: another either leaves the pass or waits its turn', async () => {
    const [a, b, db] = await twoReplicas();
    const steps: string[] = [];
    const held = await a.locks.exclusively('ingest', { wait: false }, async () => {
      steps.push('a ingests');
      expect(await b.locks.exclusively('ingest', { wait: false }, async () => steps.push('b ingests'))).toEqual({ ran: false });
      const waiting = b.locks.exclusively('ingest', { wait: true }, async () => steps.push('b ingests after a'));
      // b waits on the lock (seen by the server), not merely behind a in this process.
      const waiters = sql<{ n: number }>`select count(*) as n from pg_locks where locktype = 'advisory' and not granted and objid = 2
        and database = (select oid from pg_database where datname = current_database())`;
      await eventually(async () => (await waiters.execute(db)).rows[0]?.n === 1, 10_000, 'b waiting on the ingest lock');
      steps.push('a done');
      return { waiting };
    });
    expect(held.ran).toBe(true);
    if (held.ran) await held.value.waiting;
    expect(steps).toEqual(['a ingests', 'a done', 'b ingests after a']);
  });

  it('run migrations once when they start together on an empty database; the others wait and find nothing left', async () => {
    const blank: Database = await engine.blank();
    opened.push({ close: () => blank.destroy() });
    const applied = await Promise.all([migrateToLatest(blank), migrateToLatest(blank), migrateToLatest(blank)]);
    expect(applied.map((names) => names.length).sort()).toEqual([0, 0, applied.flat().length]);
    expect(applied.flat().length).toBeGreaterThan(5);
  });

  it('bring papers another replica stored into a started search index without a search asking', async () => {
    const [a, b] = await twoReplicas();
    await a.papers.upsert([paper(1)], 'daily', AT);
    a.searchIndex.start();
    await a.searchIndex.ready();
    expect(a.searchIndex.stats()?.papers).toBe(1);
    await b.papers.upsert([paper(2), paper(3)], 'daily', AT);
    await eventually(async () => a.searchIndex.stats()?.papers === 3, 10_000, 'the other replica’s papers in the index');
  });
}));
