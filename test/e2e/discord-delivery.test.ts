import { afterEach, describe, expect, it } from 'vitest';
import { digestReply } from '../../src/core/digest/digest-reply.js';
import { DeliveryError } from '../../src/core/errors.js';
import type { Reply } from '../../src/core/message.js';
import type { Paper } from '../../src/core/paper.js';
import type { PersonRef, TargetRef } from '../../src/core/ports.js';
import { DIGEST_DEFAULTS } from '../../src/core/use-cases/digest.js';
import { embedProblems, messageProblems } from '../fakes/discord-limits.js';
import { ALICE, FORUM, GENERAL, GUILD, makePaper, startHarness, type Harness } from '../fakes/discord-harness.js';
import { buttons, readable, textOf } from '../fakes/discord-drive.js';
import { makeScheduler, testClock, type TestClock } from '../integration/scheduler-support.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const target: TargetRef = { platform: 'discord', channelId: GENERAL.id, workspaceId: GUILD.id };
const alice: PersonRef = { platform: 'discord', userId: ALICE.id };
const abstract = (n: number) => `We propose method ${n}. ${'It improves results across many benchmarks while staying simple. '.repeat(25)}`.trim();

/** 25 papers with long titles, long author lists, code and project links: the worst digest. */
function heavyPapers(): Paper[] {
  return Array.from({ length: 25 }, (_, i) =>
    makePaper({
      id: `2606.3${String(i).padStart(4, '0')}`,
      title: `${'Scaling Laws for Very Long Titled Papers with Many Qualifiers '.repeat(4)}${i}`.slice(0, 250),
      summary: abstract(i),
      aiSummary: `A one-paragraph summary of paper ${i} ${'with detail '.repeat(30)}`,
      authors: Array.from({ length: 40 }, (_, a) => `Author Number${a} Surname${i}`),
      githubRepo: `https://github.com/example/repo-${i}`,
      projectPage: `https://example.org/projects/${i}`,
      upvotes: 300 - i,
    }),
  );
}

function digestOf(papers: Paper[]): { message: Reply; details: Reply } {
  const message = digestReply({ dates: ['2026-06-03'], coveredUntil: '2026-06-03', papers, considered: papers.length + 5 })!;
  const details: Reply = { visibility: 'public', blocks: [{ type: 'papers', detail: 'full', items: papers.map((paper, i) => ({ paper, rank: i + 1 })) }] };
  return { message, details };
}

describe('Discord delivery: digests in channels', () => {
  it('posts a 25-paper digest as one message within every limit, with abstracts in a thread', async () => {
    h = await startHarness({ adapter: { register: false } });
    const { discord } = h;
    const papers = heavyPapers();
    const before = discord.calls.length;
    const { messageId } = await h.adapter.post(target, digestOf(papers).message, { details: digestOf(papers).details, key: 'digest:300000000000000001:2026-06-04T07:00:00Z' });
    const calls = discord.calls.slice(before);
    const posted = discord.messages.get(GENERAL.id)!;
    expect(posted).toHaveLength(1);
    expect(posted[0]!.id).toBe(messageId);
    const body = calls[0]!.body as Record<string, unknown>;
    expect(messageProblems(body)).toEqual([]);
    const embeds = body.embeds as Record<string, unknown>[];
    expect(embeds.length).toBeLessThanOrEqual(10);
    expect(embeds.reduce((n, e) => n + embedProblems(e).size, 0)).toBeLessThanOrEqual(6000);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.nonce).toMatch(/^[A-Za-z0-9_-]{1,25}$/);
    expect(body.enforce_nonce).toBe(true);
    // The abstracts go in a thread under it (the chat contract checks they arrive whole).
    const thread = calls.find((c) => c.path === `/channels/${GENERAL.id}/messages/${messageId}/threads`)!;
    expect(thread.status).toBe(201);
    const details = discord.messages.get(messageId)!;
    for (const c of calls.filter((x) => x.method === 'POST' && x.path.endsWith('/messages'))) {
      expect(c.status).toBe(200);
      expect((c.body as { allowed_mentions?: unknown }).allowed_mentions).toEqual({ parse: [] });
    }
    console.log(`[measure] digest post of 25 papers with details: ${calls.length} REST calls (${details.length} thread messages)`);
    const ten = heavyPapers().slice(0, 10);
    const beforeTen = discord.calls.length;
    await h.adapter.post(target, digestOf(ten).message, { details: digestOf(ten).details });
    console.log(`[measure] digest post of 10 papers with details: ${discord.calls.length - beforeTen} REST calls`);
  });

  it('a repeated key returns the first message, and findPosted finds it after a "crash"', async () => {
    h = await startHarness({ adapter: { register: false } });
    const { message } = digestOf([makePaper()]);
    const first = await h.adapter.post(target, message, { key: 'digest:x:slot-1' });
    const again = await h.adapter.post(target, message, { key: 'digest:x:slot-1' });
    expect(again.messageId).toBe(first.messageId);
    expect(h.discord.messages.get(GENERAL.id)).toHaveLength(1);
    await h.restart();
    expect(await h.adapter.findPosted!(target, 'digest:x:slot-1')).toBe(first.messageId);
    expect(await h.adapter.findPosted!(target, 'digest:x:slot-2')).toBeUndefined();
  });

  it('a channel without threads gets the digest and no details, logged', async () => {
    h = await startHarness({ adapter: { register: false } });
    const forum: TargetRef = { platform: 'discord', channelId: FORUM.id, workspaceId: GUILD.id };
    h.discord.channels.get(FORUM.id)!.noThreads = true;
    const papers = [makePaper()];
    // A forum does not take plain messages on Discord; the fake lets it, to check the thread fallback alone.
    await h.adapter.post(forum, digestOf(papers).message, { details: digestOf(papers).details });
    expect(h.discord.calls.some((c) => c.path.includes('/threads'))).toBe(false);
    expect(h.logs.some((l) => l.msg === 'channel allows no threads; digest details left out')).toBe(true);
  });

  it('missing access disables the target with the reason; an unknown channel too', async () => {
    h = await startHarness({ adapter: { register: false } });
    await h.store.digests.save({ target, ...DIGEST_DEFAULTS, weekdays: [...DIGEST_DEFAULTS.weekdays], enabled: true, updatedAt: new Date().toISOString() });
    h.discord.channels.get(GENERAL.id)!.noAccess = true;
    const error = await h.adapter.post(target, digestOf([makePaper()]).message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).kind).toBe('target-gone');
    expect((error as DeliveryError).platformCode).toBe(50001);
    const settings = await h.store.digests.settings(target);
    expect(settings?.enabled).toBe(false);
    expect(settings?.disabledReason).toContain('lost access');
    const gone: TargetRef = { platform: 'discord', channelId: '399999999999999999', workspaceId: GUILD.id };
    const unknown = await h.adapter.post(gone, digestOf([makePaper()]).message).catch((e: unknown) => e);
    expect((unknown as DeliveryError).kind).toBe('target-gone');
    expect((unknown as DeliveryError).platformCode).toBe(10003);
  });

  it('the bot leaving a server disables that server’s digests, and only those', async () => {
    h = await startHarness({ adapter: { register: false } });
    const other: TargetRef = { platform: 'discord', channelId: '388888888888888888', workspaceId: '188888888888888888' };
    for (const t of [target, other]) {
      await h.store.digests.save({ target: t, ...DIGEST_DEFAULTS, weekdays: [...DIGEST_DEFAULTS.weekdays], enabled: true, updatedAt: new Date().toISOString() });
    }
    h.discord.removeGuild(GUILD.id);
    await expect.poll(async () => (await h!.store.digests.settings(target))?.enabled).toBe(false);
    expect((await h.store.digests.settings(target))?.disabledReason).toContain('removed from server');
    expect((await h.store.digests.settings(other))?.enabled).toBe(true);
  });

  it('a deleted channel disables its digest', async () => {
    h = await startHarness({ adapter: { register: false } });
    await h.store.digests.save({ target, ...DIGEST_DEFAULTS, weekdays: [...DIGEST_DEFAULTS.weekdays], enabled: true, updatedAt: new Date().toISOString() });
    h.discord.deleteChannel(GENERAL.id);
    await expect.poll(async () => (await h!.store.digests.settings(target))?.enabled).toBe(false);
    expect((await h.store.digests.settings(target))?.disabledReason).toContain('was deleted');
  });

  it('a 5xx that outlasts the retries is transient and leaves the target enabled', async () => {
    h = await startHarness({ adapter: { register: false } });
    h.discord.fail({ method: 'POST', path: `/channels/${GENERAL.id}/messages`, status: 502, times: 10 });
    const error = await h.adapter.post(target, digestOf([makePaper()]).message).catch((e: unknown) => e);
    expect((error as DeliveryError).kind).toBe('transient');
  });
});

describe('Discord delivery: alerts by DM', () => {
  let clock: TestClock;
  async function open(): Promise<Harness> {
    clock = testClock('2026-06-08T10:00:00Z');
    return startHarness({ adapter: { register: false }, clock });
  }
  async function queue(person: PersonRef, papers: Paper[]) {
    await h!.store.papers.upsert(papers, 'daily', clock.now());
    await h!.store.alerts.enqueue(papers.map((p) => ({ person, paperId: p.id, topics: ['speculative decoding'] })), clock.now());
  }
  /** One scheduler pass with instant alerts, as the process runs it; `laterMs` moves the clock first. */
  const deliver = async (laterMs = 1000) => {
    clock.advance(laterMs);
    return (await makeScheduler(h!.store, h!.hf, clock, [h!.adapter]).pass({ instant: true })).alerts;
  };
  const dmOf = async (person: PersonRef) => h!.discord.messages.get((await h!.store.people.prefs(person)).dmChannelId!) ?? [];

  it('bundles a person’s alerts into one DM and remembers the DM channel', async () => {
    h = await open();
    await queue(alice, [makePaper(), makePaper(), makePaper()]);
    const before = h.discord.calls.length;
    const report = await deliver();
    expect(report).toEqual({ sent: 1, papers: 3, unreachable: 0, retrying: 0 });
    const calls = h.discord.calls.slice(before);
    expect(calls.map((c) => `${c.method} ${c.path.replace(/\d{15,}/g, ':id')}`)).toEqual(['POST /users/@me/channels', 'POST /channels/:id/messages']);
    expect(await dmOf(alice)).toHaveLength(1);
    expect(readable(textOf((await dmOf(alice))[0]!))).toContain('3 new papers on your topics');
    // Each paper of the DM has its 👍/👎 and its "More like this" button.
    expect(buttons((await dmOf(alice))[0]!).map((b) => b.label)).toEqual(['👍 1', '👍 2', '👍 3', '👎 1', '👎 2', '👎 3', 'More like 1', 'More like 2', 'More like 3']);
    console.log(`[measure] alert run, one person, first DM: ${calls.length} REST calls`);
    await queue(alice, [makePaper()]);
    const beforeSecond = h.discord.calls.length;
    expect(await deliver()).toMatchObject({ sent: 1, papers: 1 });
    expect(h.discord.calls.length - beforeSecond).toBe(1);
    expect(await dmOf(alice)).toHaveLength(2);
    console.log(`[measure] alert run, one person, DM channel remembered: ${h.discord.calls.length - beforeSecond} REST call`);
  });

  it('429 is honoured: the DM waits, is retried and arrives once', async () => {
    h = await open();
    await queue(alice, [makePaper()]);
    h.discord.fail({ method: 'POST', path: /^\/channels\/\d+\/messages$/, status: 429, retryAfter: 0.2, times: 2 });
    expect(await deliver()).toEqual({ sent: 1, papers: 1, unreachable: 0, retrying: 0 });
    const posts = h.discord.calls.filter((c) => c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path));
    expect(posts.map((c) => c.status)).toEqual([429, 429, 200]);
    expect(await dmOf(alice)).toHaveLength(1);
    expect(await h.store.alerts.counts(alice)).toEqual({ pending: 0, delivered: 1 });
  });

  it('50007 (DMs closed) marks the person unreachable, with the code in the reason', async () => {
    h = await open();
    await queue(alice, [makePaper()]);
    h.discord.closedDms.add(ALICE.id);
    expect(await deliver()).toMatchObject({ sent: 0, unreachable: 1, retrying: 0 });
    expect((await h.store.people.prefs(alice)).unreachableReason).toContain('50007');
  });

  it('a DM failing with 5xx stays queued, and is sent once when its retry is due', async () => {
    h = await open();
    await queue(alice, [makePaper()]);
    h.discord.fail({ method: 'POST', path: /^\/channels\/\d+\/messages$/, status: 500, times: 10 });
    expect(await deliver()).toEqual({ sent: 0, papers: 0, unreachable: 0, retrying: 1 });
    expect(await h.store.alerts.counts(alice)).toEqual({ pending: 1, delivered: 0 });
    expect((await h.store.people.prefs(alice)).unreachableSince).toBeUndefined();
    expect(await dmOf(alice)).toHaveLength(0);
    h.discord.clearFaults();
    // The claim waits out its backoff (a minute after the first failure) before it is tried again.
    expect((await deliver()).sent).toBe(0);
    expect(await deliver(60_000)).toMatchObject({ sent: 1, papers: 1 });
    expect(await dmOf(alice)).toHaveLength(1);
    expect(await h.store.alerts.counts(alice)).toEqual({ pending: 0, delivered: 1 });
  });
});
