import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/core/errors.js';
import { readerLearner } from '../../src/core/feedback/learner.js';
import type { DeliveryEvent, PersonRef } from '../../src/core/ports.js';
import type { Store } from '../../src/store/index.js';
import type { FakeHuggingFace } from '../fakes/hf-server.js';
import { memoryStore } from '../helpers/memory-store.js';
import { subjectPaper } from '../helpers/topic-papers.js';
import { fakeHuggingFace, makeScheduler, recordingMessenger, testClock, transient, type TestClock } from './scheduler-support.js';

const ADA: PersonRef = { platform: 'discord', userId: '100' };
const BOB: PersonRef = { platform: 'discord', userId: '200' };
const DAY = 86_400_000;
/** Last week's papers, diffusion and agents alike. */
const WEEK = Array.from({ length: 12 }, (_, n) => subjectPaper(`2606.030${String(n).padStart(2, '0')}`, n % 2 === 0 ? 'diffusion' : 'agents', n, { dailyDate: '2026-06-05' }));

let store: Store;
let hf: FakeHuggingFace;
let clock: TestClock;

beforeEach(async () => {
  // A Monday, after 09:00 UTC (the default alert time).
  clock = testClock('2026-06-08T10:00:00Z');
  store = await memoryStore({ clock });
  hf = await fakeHuggingFace('2026-06-08', []);
  await store.papers.upsert(WEEK, 'daily', clock.now());
});
afterEach(async () => {
  await store.close();
  await hf.close();
});

/** 👍 diffusion, 👎 agents, on papers of another week. */
async function teach(person: PersonRef): Promise<void> {
  const shown = Array.from({ length: 6 }, (_, n) => subjectPaper(`2605.040${n}`, n % 2 === 0 ? 'diffusion' : 'agents', n + 20, { dailyDate: '2026-05-20' }));
  await store.papers.upsert(shown, 'daily', clock.now());
  for (const [n, paper] of shown.entries()) await store.feedback.press(person, paper.id, n % 2 === 0 ? 1 : -1, clock.now(), readerLearner);
}

describe('the weekly "for you" message', () => {
  it('to a person who blocked the bot marks them, counts it and logs one warning with the platform\'s code', async () => {
    await teach(ADA);
    await store.people.setForYou(ADA, 'weekly');
    const discord = recordingMessenger();
    discord.failDms(new DeliveryError('Cannot send messages to this user', 'person-unreachable', 50007));
    const lines: { level: number; msg: string }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const counted: DeliveryEvent[] = [];
    const metrics = { delivery: (event: DeliveryEvent) => void counted.push(event), sourceRequest: () => undefined, searchSeconds: () => undefined };

    expect((await makeScheduler(store, hf, clock, [discord], { logger, metrics }).pass()).forYou).toEqual({ sent: 0, papers: 0, unreachable: 1, retrying: 0 });
    expect((await store.people.prefs(ADA)).unreachableSince).toBeDefined();
    expect(counted.map((e) => [e.kind, e.outcome, e.code])).toEqual([['foryou', 'unreachable', 50007]]);
    expect(lines.filter((l) => l.level === 40).map((l) => l.msg)).toEqual([
      'weekly "for you" DM to discord:100 refused: person unreachable (50007); marked the person unreachable; their messages wait until they use a command again',
    ]);
  });

  it('goes once a week to each person who asked, never twice, also after a restart', async () => {
    await teach(ADA);
    await store.people.setForYou(ADA, 'weekly');
    await store.people.setForYou(BOB, 'weekly');
    await store.people.setForYou(BOB, 'off');
    const discord = recordingMessenger();
    expect((await makeScheduler(store, hf, clock, [discord]).pass()).forYou).toEqual({ sent: 1, papers: 10, unreachable: 0, retrying: 0 });
    expect(discord.dms.map((d) => d.to)).toEqual(['100']);
    const reply = discord.dms[0]!.reply;
    expect(reply.visibility).toBe('public');
    expect(reply.blocks[0]).toEqual({ type: 'heading', text: 'For you: 10 papers of the last 7 days' });
    const items = reply.blocks.flatMap((b) => (b.type === 'papers' ? b.items : []));
    expect(items.slice(0, 6).map((i) => WEEK.indexOf(WEEK.find((p) => p.id === i.paper.id)!) % 2)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(items[0]!.reason).toBeDefined();

    clock.advance(60_000);
    await makeScheduler(store, hf, clock, [discord]).pass();
    clock.advance(3 * DAY);
    await makeScheduler(store, hf, clock, [discord], { owner: 'other-host:2:bbbb' }).pass();
    expect(discord.dms).toHaveLength(1);

    // The next Monday, the next one, with that week's papers; a week without papers sends nothing.
    clock.set('2026-06-15T09:00:30Z');
    await makeScheduler(store, hf, clock, [discord]).pass();
    expect(discord.dms).toHaveLength(1);
    clock.set('2026-06-22T09:00:30Z');
    await store.papers.upsert([subjectPaper('2606.05000', 'diffusion', 1, { dailyDate: '2026-06-19' })], 'daily', clock.now());
    await makeScheduler(store, hf, clock, [discord]).pass();
    expect(discord.dms).toHaveLength(2);
    expect((await store.claims.recent('foryou', 'discord', '100', 5)).map((c) => [c.slot, c.status])).toEqual([
      ['2026-06-22T09:00:00.000Z', 'sent'],
      ['2026-06-15T09:00:00.000Z', 'skipped'],
      ['2026-06-08T09:00:00.000Z', 'sent'],
    ]);
  });

  it('is not sent again when the sender failed after sending: the retry finds it by its key', async () => {
    await store.people.setForYou(ADA, 'weekly');
    const discord = recordingMessenger();
    let failed = false;
    const scheduler = makeScheduler(store, hf, clock, [discord], {
      checkpoint: (kind, point) => {
        if (kind === 'foryou' && point === 'sent' && !failed) {
          failed = true;
          throw transient();
        }
      },
    });
    expect((await scheduler.pass()).forYou).toMatchObject({ sent: 0, retrying: 1 });
    expect(discord.dms).toHaveLength(1);
    clock.advance(2 * 60_000);
    expect((await scheduler.pass()).forYou).toMatchObject({ sent: 1, retrying: 0 });
    expect(discord.dms).toHaveLength(1);
    // Fewer than 5 votes: the message says so, with the most upvoted papers.
    expect(JSON.stringify(discord.dms[0]!.reply)).toContain('no votes yet');
  });
});

describe('alert bundles', () => {
  it('come best first for a person whose votes taught a model, in the order queued for anyone else', async () => {
    await teach(ADA);
    const bundle = WEEK.slice(0, 6).map((paper) => paper.id);
    await store.alerts.enqueue([...bundle].reverse().flatMap((paperId) => [ADA, BOB].map((person) => ({ person, paperId, topics: ['study'] }))), clock.now());
    const discord = recordingMessenger();
    await makeScheduler(store, hf, clock, [discord]).pass({ instant: true });
    const order = (to: string) => discord.dms.find((d) => d.to === to)!.reply.blocks.flatMap((b) => (b.type === 'papers' ? b.items.map((i) => i.paper.id) : []));
    // Diffusion papers (even positions in WEEK) first for Ada.
    expect(order('100').slice(0, 3).sort()).toEqual([WEEK[0]!.id, WEEK[2]!.id, WEEK[4]!.id]);
    expect(order('200')).not.toEqual(order('100'));
  });
});
