/**
 * What the scheduler tests share: a clock the test moves, a Messenger that records what it posts
 * (and fails on demand), and a scheduler over the real store and a real ingest against the fake
 * Hugging Face server.
 */
import { pino } from 'pino';
import { DeliveryError } from '../../src/core/errors.js';
import type { Reply } from '../../src/core/message.js';
import type { Clock, DigestSettings, Messenger, PersonRef, Platform, TargetRef } from '../../src/core/ports.js';
import { createIngest } from '../../src/core/use-cases/ingest.js';
import { createScheduler, type SchedulerDeps } from '../../src/scheduler/scheduler.js';
import { createHuggingFaceSource } from '../../src/sources/hf/index.js';
import type { Store } from '../../src/store/index.js';
import { dailyItems } from '../fakes/hf-items.js';
import { startFakeHuggingFace, type FakeHuggingFace } from '../fakes/hf-server.js';

export const silent = pino({ level: 'silent' });

export interface TestClock extends Clock {
  set(iso: string): void;
  advance(ms: number): void;
}

export function testClock(iso: string): TestClock {
  let current = new Date(iso);
  return {
    now: () => new Date(current),
    set: (next) => void (current = new Date(next)),
    advance: (ms) => void (current = new Date(current.getTime() + ms)),
  };
}

export interface Sent {
  readonly to: string;
  readonly reply: Reply;
  readonly key?: string | undefined;
  readonly messageId: string;
}

/** Fails the next `times` calls with `error` (before anything is recorded). */
type Failure = { error: unknown; times: number };

export interface RecordingMessenger extends Messenger {
  readonly posts: Sent[];
  readonly dms: Sent[];
  failPosts(error: unknown, times?: number): void;
  failDms(error: unknown, times?: number): void;
  /** The next post waits until the returned function is called. */
  holdNextPost(): () => void;
}

/**
 * Like a platform with message lookup: posts and DMs keep their key, and `find*` answer by it.
 * Every one sends as the same bot of its platform, so replicas' schedulers take turns with it.
 */
export function recordingMessenger(platform: Platform = 'discord'): RecordingMessenger {
  const posts: Sent[] = [];
  const dms: Sent[] = [];
  const postFailures: Failure[] = [];
  const dmFailures: Failure[] = [];
  let hold: Promise<void> | undefined;
  let next = 1;
  const take = (failures: Failure[]) => {
    const first = failures[0];
    if (!first) return;
    first.times -= 1;
    if (first.times <= 0) failures.shift();
    throw first.error;
  };
  return {
    platform,
    identity: `${platform}:test-bot`,
    posts,
    dms,
    async post(target: TargetRef, reply: Reply, options) {
      take(postFailures);
      if (hold) await hold;
      const messageId = `m${next++}`;
      posts.push({ to: target.channelId, reply, key: options?.key, messageId });
      return { messageId };
    },
    async findPosted(target, key) {
      return posts.find((p) => p.to === target.channelId && p.key === key)?.messageId;
    },
    async sendDirect(person: PersonRef, reply: Reply, options) {
      take(dmFailures);
      const messageId = `d${next++}`;
      dms.push({ to: person.userId, reply, key: options?.key, messageId });
      return { messageId };
    },
    async findDirect(person, key) {
      return dms.find((d) => d.to === person.userId && d.key === key)?.messageId;
    },
    failPosts: (error, times = 1) => void postFailures.push({ error, times }),
    failDms: (error, times = 1) => void dmFailures.push({ error, times }),
    holdNextPost() {
      let release = () => {};
      hold = new Promise<void>((done) => (release = done));
      return () => {
        hold = undefined;
        release();
      };
    },
  };
}

export const transient = (status = 503) => new DeliveryError(`Discord answered ${status}`, 'transient', status);
export const gone = () => new DeliveryError('Missing Access', 'target-gone', 50001);

/** A fake Hugging Face whose `today` is the clock's date, with 12 papers on each of `dates`. */
export async function fakeHuggingFace(today: string, dates: readonly string[]): Promise<FakeHuggingFace> {
  const days = Object.fromEntries(dates.map((date, i) => [date, dailyItems(date, 12, `2606.${i + 1}`)]));
  return startFakeHuggingFace({ days, today });
}

export function makeScheduler(
  store: Store,
  hf: FakeHuggingFace,
  clock: Clock,
  messengers: readonly Messenger[],
  overrides: Partial<SchedulerDeps> = {},
) {
  const source = createHuggingFaceSource({ baseUrl: hf.url, retries: 0, sleep: async () => {} });
  // The store holds every repository an ingest writes to (papers, alerts, topics, milestones, meta).
  const ingest = createIngest({ ...store, milestones: store, source, clock });
  return createScheduler({
    store,
    ingest,
    messengers: new Map(messengers.map((m) => [m.platform, m])),
    clock,
    logger: silent,
    config: { INGEST_CRON: '*/15 * * * *', BACKFILL_DAYS: 14, CATCHUP_GRACE_HOURS: 12 },
    owner: 'test-host:1:aaaa',
    ...overrides,
  });
}

export function berlinWeekdays(channelId: string, updatedAt: string, overrides: Partial<DigestSettings> = {}): DigestSettings {
  return {
    target: { platform: 'discord', channelId, workspaceId: 'g1' },
    time: '09:00',
    timezone: 'Europe/Berlin',
    weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
    top: 5,
    minUpvotes: 0,
    enabled: true,
    updatedAt,
    ...overrides,
  };
}
