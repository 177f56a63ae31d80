/**
 * The contract every chat platform keeps, run against each adapter through a small driver that
 * knows how its people type, press and read (test/contract/*.contract.test.ts). What only one
 * platform does (signatures, nonces, threads, rate limits) stays in that platform's own tests.
 * A scenario that needs what a platform does not have (buttons, members without rights) is
 * skipped, and the driver says why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestReply } from '../../src/core/digest/digest-reply.js';
import type { Reply } from '../../src/core/message.js';
import type { Paper } from '../../src/core/paper.js';
import type { PersonRef, TargetRef } from '../../src/core/ports.js';
import { ADMIN_ONLY } from '../../src/core/use-cases/digest.js';
import type { ChatAdapter } from '../../src/platforms/platform.js';
import { EXPIRED_BUTTON, PAGING_STATE_TTL_MS } from '../../src/platforms/page-buttons.js';
import { makeScheduler } from '../integration/scheduler-support.js';
import { contractPaper, PAPERS_DAY, type World } from './world.js';

/** A message as the people who get it read it. */
export interface Seen {
  /** Its text and link targets, with the platform's markup escapes undone. */
  readonly text: string;
  /** Only the person who asked sees it. */
  readonly private: boolean;
  /** The labels of its buttons: `Share 1`…, `Previous`, `Next`. */
  readonly buttons: readonly string[];
  /** The platform's own message, for the driver. */
  readonly raw: unknown;
}

export type Who = 'member' | 'admin';

export interface ContractDriver {
  readonly world: World;
  readonly adapter: ChatAdapter;
  /** Where commands run and digests are posted. */
  readonly channel: TargetRef;
  person(who: Who): PersonRef;
  /** Runs `/papers <text>` in the channel and resolves with the answer. */
  run(text: string, who?: Who): Promise<Seen>;
  /** The next page of a paged answer: its button, or the line the platform suggests. */
  nextPage(seen: Seen): Promise<Seen>;
  /** Presses a button of an answer (platforms with buttons). */
  press(seen: Seen, label: string): Promise<Seen>;
  /** Top-level messages in the channel, oldest first. */
  posted(): Promise<Seen[]>;
  /** What was posted beside a channel message (its thread), oldest first. */
  details(message: Seen): Promise<Seen[]>;
  direct(person: PersonRef): Promise<Seen[]>;
  /** Someone the platform will not let the bot message; `allow` lifts it where that can happen. */
  unreachable(): { readonly person: PersonRef; allow?(): void };
  /** Whatever in the message the platform would act on: a mention that notifies, a terminal control sequence. */
  live(message: Seen): string[];
  /** A new adapter on the same database, as after a restart. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** The adapter a driver runs, replaced by a fresh one (started by `open`) on a restart. */
export async function restartable(open: () => Promise<ChatAdapter>): Promise<{ readonly current: ChatAdapter; restart(): Promise<void> }> {
  let current = await open();
  return {
    get current() {
      return current;
    },
    async restart() {
      await current.stop();
      current = await open();
    },
  };
}

/** What a platform does not have, each with the reason its scenarios are skipped. */
export interface Lacks {
  /** People without the right to configure a channel. */
  readonly members?: string;
  readonly buttons?: string;
  /** Mistyped commands (a platform whose commands are picked from a menu cannot get one). */
  readonly typing?: string;
}

const UNSAFE_TITLE = '@everyone **Bold** _claim_ [click here](https://evil.example) <!channel> <@U0BOSS>';
const TERMINAL_CLEAR = '\u001b[2J';

export function describeChatContract(name: string, lacks: Lacks, open: () => Promise<ContractDriver>): void {
  describe(`the chat contract on ${name}`, () => {
    let d: ContractDriver;
    beforeAll(async () => {
      d = await open();
    });
    afterAll(() => d.close());
    const scheduler = () => makeScheduler(d.world.store, d.world.hf, d.world.clock, [d.adapter]);

    it('answers only the person who asked, and keeps what they asked for', async () => {
      const help = await d.run('help');
      expect(help.private).toBe(true);
      expect(help.text).toContain('/papers search');
      expect((await d.run('subscriptions')).text).toContain('You follow no topics yet.');
      const subscribed = await d.run('subscribe "speculative decoding"');
      expect(subscribed.private).toBe(true);
      expect(subscribed.text).toContain('Subscribed to "speculative decoding"');
      await d.run('subscribe author:"Tri Dao"');
      expect((await d.run('subscriptions')).text).toMatch(/1\. "speculative decoding"\s+2\. author:"Tri Dao"/);
      expect((await d.run('unsubscribe 1')).text).toContain('Unsubscribed from "speculative decoding"');
      expect((await d.world.store.subscriptions.list(d.person('member'))).map((s) => s.topic)).toEqual(['author:"Tri Dao"']);
    });

    it('takes a topic that waits for upvotes, and watches a paper, listing both', async () => {
      expect((await d.run('subscribe zeugma attention min_upvotes:20')).text).toMatch(/when a matching\s+paper reaches 20 upvotes/);
      const watched = await d.run(`watch https://huggingface.co/papers/${contractPaper(2).id}`);
      expect(watched.private).toBe(true);
      expect(watched.text).toContain(`Watching ${contractPaper(2).id}`);
      const listed = (await d.run('subscriptions')).text;
      expect(listed).toContain('zeugma attention (at 20 upvotes)');
      expect(listed).toContain(`${contractPaper(2).id} Zeugma attention, part 2`);
      expect((await d.run(`unwatch ${contractPaper(2).id}`)).text).toContain(`Stopped watching ${contractPaper(2).id}`);
      expect(await d.world.store.watches.list(d.person('member'))).toEqual([]);
      await d.run('unsubscribe zeugma attention');
    });

    it("shows the latest day's papers, and one paper in full", async () => {
      const today = await d.run('today');
      expect(today.private).toBe(true);
      expect(today.text).toContain('12 papers on Friday 5 June (2026-06-05)');
      expect(today.text.indexOf('Zeugma attention, part 1')).toBeLessThan(today.text.indexOf('Zeugma attention, part 2'));
      const paper = await d.run(`paper https://huggingface.co/papers/${contractPaper(3).id}`);
      expect(paper.private).toBe(true);
      expect(paper.text).toContain('We fold attention like a zeugma, part 3. The rest of this abstract');
    });

    it('sets how alerts arrive, and answers a value it cannot use with what would work', async () => {
      expect((await d.run('alerts daily 08:00 Europe/Berlin')).text).toContain('08:00 Europe/Berlin');
      expect((await d.world.store.people.prefs(d.person('member'))).mode).toBe('daily');
      const refused = await d.run('alerts daily 25:00');
      expect(refused.private).toBe(true);
      expect(refused.text).toContain('is not a time of day; use HH:MM');
      expect((await d.run('search -only -exclusions')).text).toContain('A query needs at least one thing to look for besides exclusions');
      await d.run('alerts instant');
    });

    it('answers a failure with one sentence, only to the person who asked, and logs it', async () => {
      const { subscriptions } = d.world.services;
      const list = subscriptions.list;
      subscriptions.list = () => Promise.reject(new Error('database on fire'));
      try {
        const answer = await d.run('subscriptions');
        expect(answer.private).toBe(true);
        expect(answer.text).toMatch(/Something went wrong/);
        expect(answer.text.trim().split('\n')).toHaveLength(1);
        expect(answer.text).not.toContain('on fire');
        expect(JSON.stringify(d.world.logs)).toContain('database on fire');
      } finally {
        subscriptions.list = list;
      }
    });

    it.skipIf(lacks.typing)(`answers a mistyped command with one sentence that says what would work${lacks.typing ? `: ${lacks.typing}` : ''}`, async () => {
      const answer = await d.run('serch zeugma');
      expect(answer.private).toBe(true);
      expect(answer.text).toContain('There is no /papers serch; did you mean search?');
    });

    it('pages through a long answer, also after a restart', async () => {
      const first = await d.run('search zeugma attention');
      expect(first.private).toBe(true);
      expect(first.text).toContain('12 results for "zeugma attention"');
      expect(first.text).toMatch(/Zeugma attention, part 1(?!\d)/);
      const second = await d.nextPage(first);
      expect(second.text).toMatch(/Zeugma attention, part 6(?!\d)/);
      expect(second.text).not.toMatch(/Zeugma attention, part 1(?!\d)/);
      await d.restart();
      const third = await d.nextPage(second);
      expect(third.text).toMatch(/Zeugma attention, part 11/);
      expect(third.buttons).not.toContain('Next');
    });

    it.skipIf(lacks.buttons)(`says so when a paging button has expired${lacks.buttons ? `: ${lacks.buttons}` : ''}`, async () => {
      const first = await d.run('search zeugma attention');
      d.world.clock.advance(PAGING_STATE_TTL_MS + 1000);
      try {
        const answer = await d.press(first, 'Next');
        expect(answer.private).toBe(true);
        expect(answer.text).toContain(EXPIRED_BUTTON);
      } finally {
        d.world.clock.advance(-(PAGING_STATE_TTL_MS + 1000));
      }
    });

    it.skipIf(lacks.buttons)(`shares a paper to the channel for everyone, saying who shared it${lacks.buttons ? `: ${lacks.buttons}` : ''}`, async () => {
      const results = await d.run('search zeugma attention');
      const shared = await d.press(results, 'Share 2');
      expect(shared.private).toBe(false);
      expect(shared.text).toContain('Shared by');
      expect(shared.text).toMatch(/Zeugma attention, part 2(?!\d)/);
    });

    it('finds the five papers most like one, from the command and from the paper itself', async () => {
      const id = contractPaper(3).id;
      const others = (text: string) => Array.from({ length: 12 }, (_, i) => contractPaper(i + 1).id).filter((other) => other !== id && text.includes(other));
      const similar = await d.run(`similar ${id}`);
      expect(similar.private).toBe(true);
      expect(similar.text).toContain(`More like ${id}`);
      expect(others(similar.text)).toHaveLength(5);
      const paper = await d.run(`paper ${id}`);
      if (lacks.buttons) {
        // Without buttons, the paper shows the command "More like this" would run.
        expect(paper.text).toContain(`/papers similar ${id}`);
        return;
      }
      const more = paper.buttons.find((label) => label.startsWith('More like'));
      expect(more).toBeDefined();
      // The paper's 👍/👎 stay beside it.
      expect(paper.buttons.filter((label) => label.startsWith('👍') || label.startsWith('👎'))).toHaveLength(2);
      const pressed = await d.press(paper, more!);
      expect(pressed.private).toBe(true);
      expect(others(pressed.text)).toHaveLength(5);
    });

    it('takes a 👍/👎 on a search result and on the channel’s digest privately, and a second press takes it back', async () => {
      const { store } = d.world;
      const person = d.person('member');
      const [first, second] = [contractPaper(1).id, contractPaper(2).id];
      // Buttons where the platform has them; the words where it has none.
      const vote = (shown: Seen, label: string, typed: string) => (lacks.buttons ? d.run(typed) : d.press(shown, label));
      const results = await d.run('search zeugma attention');
      const liked = await vote(results, '👍 2', `like ${second}`);
      expect(liked.private).toBe(true);
      expect(liked.text).toContain('👍 noted for "Zeugma attention, part 2"');
      expect(await store.feedback.votes(person)).toEqual(new Map([[second, 1]]));
      expect((await vote(results, '👍 2', `like ${second}`)).text).toContain('Your 👍 on "Zeugma attention, part 2" is taken back');
      expect(await store.feedback.votes(person)).toEqual(new Map());

      const before = (await d.posted()).length;
      await d.adapter.post(d.channel, digestOf([contractPaper(1), contractPaper(2)]).message);
      const digest = (await d.posted())[before]!;
      const disliked = await vote(digest, '👎 1', `dislike ${first}`);
      expect(disliked.private).toBe(true);
      expect(disliked.text).toContain('👎 noted for "Zeugma attention, part 1"');
      expect(await d.posted()).toHaveLength(before + 1);
      expect(await store.feedback.votes(person)).toEqual(new Map([[first, -1]]));
      await vote(digest, '👎 1', `dislike ${first}`);
      expect(await store.feedback.votes(person)).toEqual(new Map());
    });

    it('forgets a person after they confirm, and says what it deleted', async () => {
      const { store } = d.world;
      const person = d.person('member');
      expect((await d.run(`like ${contractPaper(5).id}`)).text).toContain('👍 noted');
      const asked = await d.run('forget-me');
      expect(asked.private).toBe(true);
      expect(asked.text).toContain('This deletes everything Paperboy keeps about you');
      expect((await store.feedback.votes(person)).size).toBe(1);
      // The confirmation is a button the person presses, or the words on a platform without buttons.
      const done = lacks.buttons ? await d.run('forget-me confirm') : await d.press(asked, 'Delete everything');
      expect(done.private).toBe(true);
      expect(done.text).toMatch(/Deleted: 1 👍\/👎 vote; what your votes taught Paperboy; \d+ topics?;/);
      expect(await store.subscriptions.list(person)).toEqual([]);
      expect(await store.feedback.votes(person)).toEqual(new Map());
    });

    it.skipIf(lacks.members)(`refuses a member who tries to configure the channel's digest${lacks.members ? `: ${lacks.members}` : ''}`, async () => {
      const refused = await d.run('digest set 18:00 UTC', 'member');
      expect(refused.private).toBe(true);
      expect(refused.text).toContain(ADMIN_ONLY);
      expect(await d.world.store.digests.settings(d.channel)).toBeUndefined();
    });

    it('lets an admin schedule, show and stop the channel’s digest', async () => {
      expect((await d.run('digest set 18:00 UTC top:5', 'admin')).text).toContain('is set');
      expect(await d.world.store.digests.settings(d.channel)).toMatchObject({ time: '18:00', top: 5, enabled: true });
      expect((await d.run('digest show')).text).toContain('the top 5 papers');
      expect((await d.run('digest set 08:00 weekdays:mon kind:weekly', 'admin')).text).toContain('Weekly digest');
      expect(await d.world.store.digests.settings(d.channel, 'weekly')).toMatchObject({ time: '08:00', weekdays: ['mon'], top: 10 });
      expect(await d.world.store.digests.settings(d.channel)).toMatchObject({ time: '18:00', top: 5 });
      expect((await d.run('digest show weekly')).text).toContain('of the seven days before');
      expect((await d.run('digest off', 'admin')).text).toMatch(/Digest and weekly digest .* are off/);
    });

    it('posts a scheduled digest once, in public, with the abstracts beside it', async () => {
      const { store, clock } = d.world;
      await store.digests.save({ target: d.channel, time: '09:00', timezone: 'UTC', weekdays: ['mon'], top: 5, minUpvotes: 0, enabled: true, updatedAt: clock.now().toISOString() });
      clock.set('2026-06-08T09:00:30Z');
      const before = (await d.posted()).length;
      await scheduler().pass();
      await scheduler().pass();
      const posted = (await d.posted()).slice(before);
      expect(posted).toHaveLength(1);
      expect(posted[0]!.private).toBe(false);
      expect(posted[0]!.text).toContain('Daily Papers · Fri 5 Jun 2026');
      for (let n = 1; n <= 5; n++) expect(posted[0]!.text).toContain(contractPaper(n).id);
      const beside = [posted[0]!, ...(await d.details(posted[0]!))].map((m) => m.text).join('\n');
      for (let n = 1; n <= 5; n++) expect(beside).toContain(`We fold attention like a zeugma, part ${n}.`);
      expect(await store.digests.last(d.channel)).toMatchObject({ paperIds: Array.from({ length: 5 }, (_, i) => contractPaper(i + 1).id) });
      await store.digests.disable(d.channel, 'contract: done', clock.now());
    });

    it('fits the largest digest of the longest papers in one message, and each abstract whole beside it', async () => {
      const papers = Array.from({ length: 25 }, (_, i) => heavyPaper(i));
      const { message, details } = digestOf(papers);
      const before = (await d.posted()).length;
      await d.adapter.post(d.channel, message, { details, key: 'contract:limits' });
      const posted = (await d.posted()).slice(before);
      expect(posted).toHaveLength(1);
      for (const paper of papers) expect(posted[0]!.text).toContain(paper.id);
      const beside = [posted[0]!, ...(await d.details(posted[0]!))].map((m) => m.text.replace(/\s+/g, ' ')).join('\n');
      for (const paper of papers) expect(beside).toContain(paper.summary.slice(-120).trim());
      if (d.adapter.findPosted) expect(await d.adapter.findPosted(d.channel, 'contract:limits')).toBeDefined();
    });

    it("sends a person's alerts as one direct message, once", async () => {
      const { store, clock } = d.world;
      const person = d.person('member');
      clock.set('2026-06-08T10:00:00Z');
      await store.alerts.enqueue([1, 2, 3].map((n) => ({ person, paperId: contractPaper(n).id, topics: ['zeugma'] })), clock.now());
      expect((await scheduler().pass({ instant: true })).alerts).toEqual({ sent: 1, papers: 3, unreachable: 0, retrying: 0 });
      clock.advance(1000);
      expect((await scheduler().pass({ instant: true })).alerts.sent).toBe(0);
      const dms = await d.direct(person);
      expect(dms).toHaveLength(1);
      expect(dms[0]!.text).toContain('3 new papers on your topics');
      expect(dms[0]!.text).toContain(contractPaper(3).id);
      if (!lacks.buttons) expect(dms[0]!.buttons).toEqual(expect.arrayContaining(['👍 1', '👎 1', '👍 3', '👎 3']));
      expect(await store.alerts.counts(person)).toEqual({ pending: 0, delivered: 3 });
    });

    it('marks someone who cannot be messaged, skips them, and takes them back when they use a command', async () => {
      const { store, clock } = d.world;
      const { person, allow } = d.unreachable();
      clock.set('2026-06-08T11:00:00Z');
      await store.alerts.enqueue([{ person, paperId: contractPaper(4).id, topics: ['zeugma'] }], clock.now());
      expect((await scheduler().pass({ instant: true })).alerts).toMatchObject({ sent: 0, unreachable: 1 });
      expect((await store.people.prefs(person)).unreachableSince).toBeDefined();
      clock.advance(1000);
      expect((await scheduler().pass({ instant: true })).alerts).toEqual({ sent: 0, papers: 0, unreachable: 0, retrying: 0 });
      expect(await store.alerts.counts(person)).toEqual({ pending: 1, delivered: 0 });
      const context = { person, isAdmin: false, now: clock.now() };
      await d.world.context().dispatcher.dispatch({ command: { name: 'subscriptions', options: {} }, context });
      expect((await store.people.prefs(person)).unreachableSince).toBeUndefined();
      if (!allow) return;
      allow();
      clock.advance(1000);
      expect((await scheduler().pass({ instant: true })).alerts).toMatchObject({ sent: 1, papers: 1 });
      expect(await d.direct(person)).toHaveLength(1);
    });

    it('shows titles, authors and what people type as plain text that notifies no one', async () => {
      const paper = contractPaper(99, { title: `${UNSAFE_TITLE}${TERMINAL_CLEAR}`, authors: ['@here *Star* Author', '<@123456> Mention'] });
      await d.world.store.papers.upsert([paper], 'lookup', d.world.clock.now());
      const before = (await d.posted()).length;
      await d.adapter.post(d.channel, digestOf([paper]).message);
      const post = (await d.posted())[before]!;
      const dm = await d.adapter.sendDirect(d.person('member'), digestOf([paper]).message).then(async () => (await d.direct(d.person('member'))).at(-1)!);
      const echoed = await d.run('subscribe @everyone <!here> **loud** <@U0BOSS>');
      for (const message of [post, dm, echoed]) expect(d.live(message)).toEqual([]);
      for (const message of [post, dm]) expect(message.text).toContain(UNSAFE_TITLE);
      expect(echoed.text).toContain('**loud**');
    });

    it('lets an answer in flight finish when it stops', async () => {
      d.world.hf.fail({ path: '/api/papers/search', status: 200, body: '[]', delayMs: 400 });
      const asked = d.world.hf.requests.length;
      const answer = d.run('search nothing stored like this');
      while (!d.world.hf.requests.slice(asked).some((r) => r.path === '/api/papers/search')) await new Promise((r) => setTimeout(r, 10));
      await d.adapter.stop();
      expect((await answer).text).toContain('Nothing matches "nothing stored like this"');
    });
  });
}

/** A paper at the lengths that strain every platform's limits. */
function heavyPaper(i: number): Paper {
  return contractPaper(200 + i, {
    title: `${'Scaling Laws for Very Long Titled Papers with Many Qualifiers '.repeat(4)}${i}`.slice(0, 250),
    summary: `We propose method ${i}. ${'It improves results across many benchmarks while staying simple. '.repeat(25)}Method ${i} ends here.`,
    aiSummary: `A one-paragraph summary of paper ${i} ${'with detail '.repeat(30)}`,
    authors: Array.from({ length: 40 }, (_, a) => `Author Number${a} Surname${i}`),
    githubRepo: `https://github.com/example/repo-${i}`,
    projectPage: `https://example.org/projects/${i}`,
  });
}

function digestOf(papers: readonly Paper[]): { message: Reply; details: Reply } {
  const message = digestReply({ dates: [PAPERS_DAY], coveredUntil: PAPERS_DAY, papers: [...papers], considered: papers.length })!;
  const details: Reply = { visibility: 'public', blocks: [{ type: 'papers', detail: 'full', items: papers.map((paper, i) => ({ paper, rank: i + 1 })) }] };
  return { message, details };
}
