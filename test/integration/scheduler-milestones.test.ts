import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCommandServices, type CommandServices } from '../../commands/services.js';
import type { Reply } from '../../src/core/message.js';
import type { PersonRef } from '../../src/core/ports.js';
import { createHuggingFaceSource } from '../../src/sources/hf/client.js';
import type { Store } from '../../src/store/index.js';
import { dailyItem } from '../fakes/hf-items.js';
import type { FakeHuggingFace } from '../fakes/hf-server.js';
import { memoryStore } from '../helpers/memory-store.js';
import { fakeHuggingFace, makeScheduler, recordingMessenger, testClock, type TestClock } from './scheduler-support.js';

const ADA: PersonRef = { platform: 'discord', userId: '100' };
const BOB: PersonRef = { platform: 'discord', userId: '200' };
const MONDAY = '2026-06-08';
const WATCHED = '2606.70001';

let store: Store;
let hf: FakeHuggingFace;
let clock: TestClock;
let services: CommandServices;

beforeEach(async () => {
  clock = testClock('2026-06-08T10:00:00Z');
  store = await memoryStore({ clock });
  hf = await fakeHuggingFace(MONDAY, ['2026-06-04', '2026-06-05']);
  services = createCommandServices({ ...store, source: createHuggingFaceSource({ baseUrl: hf.url, retries: 0 }) });
});
afterEach(async () => {
  await store.close();
  await hf.close();
});

/** Monday's list: the watched paper, and the day's leader until the watched one passes it. */
function monday(upvotes: number, code?: string): void {
  // Each re-poll a minute later: an alert DM is claimed for its moment.
  clock.advance(60_000);
  hf.setDay(MONDAY, [
    dailyItem({ id: WATCHED, date: MONDAY, title: 'Diffusion distillation at scale', upvotes, ...(code ? { githubRepo: code } : {}) }),
    dailyItem({ id: '2606.70002', date: MONDAY, title: 'A steady leader', upvotes: 75 }),
  ]);
}

const text = (reply: Reply) => reply.blocks.map((b) => ('text' in b ? b.text : '')).join('\n');

describe('milestone alerts', () => {
  it("DMs each milestone of a watched paper once, and a topic's paper once it reaches the upvotes asked for, also across a restart", async () => {
    const discord = recordingMessenger();
    monday(10);
    await makeScheduler(store, hf, clock, [discord]).poll();
    expect(text(await services.watches.watch(ADA, `https://huggingface.co/papers/${WATCHED}`, clock.now()))).toContain(`Watching ${WATCHED}`);
    expect(text(await services.subscriptions.subscribe(BOB, 'diffusion', clock.now(), 20))).toContain('when a matching paper reaches 20 upvotes');

    // Code, 50 upvotes and the top of the day all come with one re-poll: one DM for Ada, one for Bob.
    monday(80, 'https://github.com/example/distill');
    await makeScheduler(store, hf, clock, [discord]).poll();
    expect(discord.dms.map((d) => d.to).sort()).toEqual(['100', '200']);
    const ada = discord.dms.find((d) => d.to === '100')!;
    expect(text(ada.reply)).toContain('Diffusion distillation at scale: code released, crossed 50 upvotes, top paper of its day.');
    const bob = discord.dms.find((d) => d.to === '200')!;
    expect(bob.reply.blocks[0]).toEqual({ type: 'heading', text: '1 new paper on your topics' });

    // The same values again, in a restarted process: nothing new.
    const restarted = makeScheduler(store, hf, clock, [discord]);
    await restarted.poll();
    await restarted.pass({ instant: true });
    expect(discord.dms).toHaveLength(2);

    // 100 upvotes: Ada hears of it; Bob's topic was alerted for this paper already.
    monday(120, 'https://github.com/example/distill');
    await restarted.poll();
    expect(discord.dms).toHaveLength(3);
    expect(discord.dms[2]!.to).toBe('100');
    expect(text(discord.dms[2]!.reply)).toContain('Diffusion distillation at scale: crossed 100 upvotes.');

    const listed = text(await services.subscriptions.list(ADA));
    expect(listed).toContain(`• ${WATCHED} Diffusion distillation at scale`);
    expect(text(await services.subscriptions.list(BOB))).toContain('1. diffusion (at 20 upvotes)');
    expect(text(await services.watches.unwatch(ADA, WATCHED))).toBe(`Stopped watching ${WATCHED}.`);
    monday(300, 'https://github.com/example/distill');
    await restarted.poll();
    expect(discord.dms).toHaveLength(3);
  });

  it('a watch starts from what the paper has reached, and a topic with a threshold stays quiet when a paper appears', async () => {
    const discord = recordingMessenger();
    monday(10);
    await makeScheduler(store, hf, clock, [discord]).poll();
    await services.subscriptions.subscribe(BOB, 'steady leader', clock.now(), 100);
    monday(60);
    await makeScheduler(store, hf, clock, [discord]).poll();
    await services.watches.watch(ADA, WATCHED, clock.now());
    monday(70);
    await makeScheduler(store, hf, clock, [discord]).poll();
    expect(discord.dms).toHaveLength(0);
    await expect(services.watches.unwatch(ADA, '2606.99999')).rejects.toThrow('You do not watch 2606.99999; /papers subscriptions lists the papers you watch.');
    await expect(services.subscriptions.subscribe(BOB, 'x', clock.now(), 0)).rejects.toThrow(/min_upvotes must be a whole number of 1 or more/);
  });
});
