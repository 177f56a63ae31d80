/**
 * Replicas that send as one bot take turns delivering (docs/decisions/0013-postgresql.md): the
 * platform's limits are the bot's, so two processes sending at once would only reach them twice as
 * fast. On PostgreSQL, two stores on two pools are two replicas; their messengers note when each
 * send ran, and no send of one replica may overlap a send of the other.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Messenger, PersonRef } from '../../src/core/ports.js';
import { DEFAULT_LEASE_MS } from '../../src/scheduler/scheduler.js';
import { TURN_NAMESPACE } from '../../src/store/engine/postgres-turns.js';
import { createStore, openDatabase, type Database, type Store } from '../../src/store/index.js';
import type { FakeHuggingFace } from '../fakes/hf-server.js';
import { proxyDatabase } from '../fakes/tcp-proxy.js';
import { eventually } from '../faults/support/world.js';
import { eachEngine } from '../helpers/engines.js';
import { berlinWeekdays, fakeHuggingFace, makeScheduler, recordingMessenger, testClock, type RecordingMessenger } from './scheduler-support.js';

const CHANNELS = Array.from({ length: 6 }, (_, i) => `c${i + 1}`);
const PEOPLE: PersonRef[] = Array.from({ length: 6 }, (_, i) => ({ platform: 'discord', userId: String(100 + i) }));
/** Papers of the fake's first day, stored by the first poll. */
const PAPER_IDS = ['2606.10000', '2606.10001'];

interface Span {
  readonly replica: string;
  readonly start: number;
  readonly end: number;
}

/** A recording messenger whose sends take a moment, each noted with its replica and when it ran. */
function timedMessenger(replica: string, timeline: Span[]): RecordingMessenger {
  const inner = recordingMessenger();
  const timed = async <T>(send: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    await sleep(5);
    const result = await send();
    timeline.push({ replica, start, end: performance.now() });
    return result;
  };
  return {
    ...inner,
    post: (target, message, options) => timed(() => inner.post(target, message, options)),
    sendDirect: (person, message, options) => timed(() => inner.sendDirect(person, message, options)),
  };
}

/** A recording messenger whose first post waits, in the middle of its send, until released. */
function heldMessenger(): { messenger: RecordingMessenger; sending: Promise<void>; release(): void } {
  const inner = recordingMessenger();
  const release = inner.holdNextPost();
  let entered!: () => void;
  const sending = new Promise<void>((done) => (entered = done));
  const post: Messenger['post'] = (target, message, options) => {
    entered();
    return inner.post(target, message, options);
  };
  return { messenger: { ...inner, post }, sending, release };
}

/** Connections waiting for a delivery turn, as the server sees them. */
async function turnsWaiting(db: Database): Promise<number> {
  const { rows } = await sql<{ waiting: number }>`select count(*) as waiting from pg_locks where locktype = 'advisory' and classid = ${TURN_NAMESPACE} and not granted`.execute(db);
  return rows[0]!.waiting;
}

/** Pairs of sends by different replicas that ran at the same time. */
function overlapping(timeline: readonly Span[]): [Span, Span][] {
  return timeline.flatMap((a, i) => timeline.slice(i + 1).filter((b) => a.replica !== b.replica && a.start < b.end && b.start < a.end).map((b): [Span, Span] => [a, b]));
}

eachEngine((engine) => describe('replicas sending as one bot', () => {
  let hf: FakeHuggingFace;
  const opened: { close(): Promise<void> }[] = [];
  beforeEach(async () => {
    hf = await fakeHuggingFace('2026-06-08', ['2026-06-04', '2026-06-05']);
  });
  afterEach(async () => {
    for (const closing of opened.splice(0)) await closing.close();
    await hf.close();
  });

  /** Digests due in every channel and two alerts queued for every person, the day's papers stored. */
  async function prepare(store: Store, poller: { poll(): Promise<unknown> }, at: Date): Promise<void> {
    for (const channelId of CHANNELS) await store.digests.save(berlinWeekdays(channelId, '2026-06-01T00:00:00Z'));
    await poller.poll();
    await store.alerts.enqueue(
      PEOPLE.flatMap((person) => PAPER_IDS.map((paperId) => ({ person, paperId, topics: ['diffusion'] }))),
      at,
    );
  }

  /**
   * Replica a (one send at a time, its first post held until released) and replica b, with the
   * work of `prepare` done by `preparer`.
   */
  async function replicas(a: Store, b: Store, preparer: 'a' | 'b') {
    opened.push(a, b);
    const clock = testClock('2026-06-08T07:00:30Z');
    const { messenger: onA, sending, release } = heldMessenger();
    const onB = recordingMessenger();
    const schedulerA = makeScheduler(a, hf, clock, [onA], { owner: 'host-a:1:aaaa', concurrency: 1 });
    const schedulerB = makeScheduler(b, hf, clock, [onB], { owner: 'host-b:1:bbbb' });
    if (preparer === 'a') await prepare(a, schedulerA, clock.now());
    else await prepare(b, schedulerB, clock.now());
    return { clock, onA, onB, schedulerA, schedulerB, sending, release };
  }

  it.runIf(engine.name === 'postgres')('never deliver at the same time, and between them send each digest and alert once', async () => {
    const [first, second] = await engine.pair();
    const [a, b] = [createStore(first), createStore(second)];
    opened.push(a, b);
    const clock = testClock('2026-06-08T07:00:30Z');
    const timeline: Span[] = [];
    const [onA, onB] = [timedMessenger('a', timeline), timedMessenger('b', timeline)];
    const schedulerA = makeScheduler(a, hf, clock, [onA], { owner: 'host-a:1:aaaa' });
    const schedulerB = makeScheduler(b, hf, clock, [onB], { owner: 'host-b:1:bbbb' });
    await prepare(a, schedulerA, clock.now());
    // The poll sent nothing: the alerts were queued after it.
    expect(timeline).toEqual([]);

    await Promise.all([schedulerA.pass({ instant: true }), schedulerB.pass({ instant: true })]);

    expect(overlapping(timeline)).toEqual([]);
    expect([...onA.posts, ...onB.posts].map((p) => p.to).sort()).toEqual(CHANNELS);
    expect([...onA.dms, ...onB.dms]).toHaveLength(PEOPLE.length);
  });

  it.runIf(engine.name === 'postgres')('while one delivers, a replica told to stop leaves the wait for its turn at once', async () => {
    const [first, second] = await engine.pair();
    const { onA, onB, schedulerA, schedulerB, sending, release } = await replicas(createStore(first), createStore(second), 'a');

    const passA = schedulerA.pass();
    // A holds the turn, its first digest held in the middle of its send.
    await sending;
    const passB = schedulerB.pass({ instant: true });
    await eventually(async () => (await turnsWaiting(first)) === 1, 10_000, 'replica b waiting for its turn');
    // Stopping does not wait for replica a to finish: the wait for the turn ends with it.
    await schedulerB.stop();
    expect(await passB).toEqual({ digests: [], expired: 0, forYou: { sent: 0, papers: 0, unreachable: 0, retrying: 0 }, alerts: { sent: 0, papers: 0, unreachable: 0, retrying: 0 } });
    expect([onA.posts.length, onB.posts.length, onB.dms.length]).toEqual([0, 0, 0]);

    release();
    expect((await passA).digests.map((d) => d.outcome.status)).toEqual(CHANNELS.map(() => 'sent'));
    expect(onA.posts).toHaveLength(CHANNELS.length);
  });

  it.runIf(engine.name === 'postgres')('a replica cut from the database while delivering loses its turn to the other, sends nothing more until it is back, and then finishes what it started', async () => {
    const direct = await engine.url();
    const { proxy, url: through } = await proxyDatabase(direct);
    opened.push(proxy);
    const a = createStore(openDatabase(through, { onConnectionError: () => undefined }));
    const b = createStore(openDatabase(direct));
    const { clock, onA, onB, schedulerA, schedulerB, sending, release } = await replicas(a, b, 'b');

    const passA = schedulerA.pass().catch((error: unknown) => error);
    await sending;
    proxy.cut();
    // The turn went with replica a's connection: replica b takes it and delivers the rest (not the
    // digest replica a claimed: that one is still a's, a live replica on another host).
    const passB = await schedulerB.pass({ instant: true });
    expect(passB.digests).toHaveLength(CHANNELS.length - 1);
    expect(passB.alerts.sent).toBe(PEOPLE.length);
    // Replica a's send under way ends, and nothing more starts without the turn.
    release();
    expect(await passA).toBeInstanceOf(Error);
    expect([onA.posts.length, onA.dms.length]).toEqual([1, 0]);

    proxy.restore();
    // Back on the database, replica a takes the turn again and, once the lease of the claim its
    // failed pass left runs out, finishes it: the message it posted is found, not posted twice.
    clock.advance(DEFAULT_LEASE_MS);
    const recovered = await schedulerA.pass();
    expect(recovered.digests).toMatchObject([{ target: `discord:${onA.posts[0]!.to}`, outcome: { status: 'sent', resumed: true } }]);
    expect(onA.posts).toHaveLength(1);
    expect([...onA.posts, ...onB.posts].map((p) => p.to).sort()).toEqual(CHANNELS);
    expect(await b.claims.unfinished('digest')).toEqual([]);
    expect(onA.dms.length + onB.dms.length).toBe(PEOPLE.length);
  });
}));
