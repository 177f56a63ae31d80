/**
 * Digests and DM alerts through the adapter's Messenger, against the fake Slack that refuses
 * over-limit blocks: thread replies for abstracts, the post and DM key in metadata, gone channels,
 * Slack's codes for unreachable people, `ratelimited` with Retry-After, 5xx, and alert DMs through
 * the scheduler when a process dies between the send and its record. Escaping is held to the chat
 * contract (test/contract/).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/core/digest/build-digest.js';
import { digestReply } from '../../src/core/digest/digest-reply.js';
import { DeliveryError } from '../../src/core/errors.js';
import type { Reply } from '../../src/core/message.js';
import type { Paper } from '../../src/core/paper.js';
import type { PersonRef, TargetRef } from '../../src/core/ports.js';
import { blockText, NOW, startSlackHarness, type SlackHarness } from '../fakes/slack-harness.js';
import { LIMITS } from '../fakes/slack-limits.js';
import { makeScheduler } from '../integration/scheduler-support.js';

let h: SlackHarness;
const LAB: TargetRef = { platform: 'slack', channelId: 'C0LAB', workspaceId: 'T0PAPERS' };
const ADA: PersonRef = { platform: 'slack', userId: 'U0ADA' };
const BOB: PersonRef = { platform: 'slack', userId: 'U0BOB' };

beforeAll(async () => {
  h = await startSlackHarness({ users: { U0BOB: {}, U0CAT: { dmError: 'cannot_dm' }, U0DAN: {}, U0EVE: {}, U0FAY: {} } });
});
afterAll(() => h.close());
let mark = 0;
beforeEach(() => {
  mark = h.slack.calls.length;
});
/** Web API calls since the test began, by method. */
const callsSince = () => h.slack.calls.slice(mark);

const long = (word: string, n: number) => Array.from({ length: n }, (_, i) => `${word}${i}`).join(' ');
const bigPaper = (i: number): Paper => ({
  id: `2606.${String(50000 + i)}`,
  title: `${long('Extremely long title about scaling', 40)} ${i}`,
  summary: long('Abstract sentence with many words & symbols <like this>.', 400),
  authors: Array.from({ length: 40 }, (_, a) => `Author Number${a} Surname`),
  upvotes: 100 - i,
  numComments: 3,
  aiSummary: long('An AI summary that goes on and on', 80),
  aiKeywords: ['scaling', 'laws'],
  githubRepo: `https://github.com/lab/repo-${i}`,
  githubStars: 1200,
  projectPage: `https://lab.example.org/p/${i}`,
  publishedAt: '2026-06-03T00:00:00.000Z',
  dailyDate: '2026-06-04',
});
const details = (papers: readonly Paper[]): Reply => ({
  visibility: 'public',
  blocks: [{ type: 'papers', detail: 'full', items: papers.map((paper, i) => ({ paper, rank: i + 1 })) }],
});

describe('digest posts', () => {
  it('25 very long papers fit one message; the abstracts go in thread replies; every call is accepted', async () => {
    const papers = Array.from({ length: 25 }, (_, i) => bigPaper(i));
    const reply = digestReply({ dates: ['2026-06-04'], coveredUntil: '2026-06-04', papers, considered: 40 })!;
    const { messageId } = await h.adapter.post(LAB, reply, { details: details(papers), key: 'digest:C0LAB:2026-06-05T09:00Z' });

    const posts = callsSince().filter((c) => c.method === 'chat.postMessage');
    expect(posts.every((c) => c.status === 200 && c.error === undefined)).toBe(true);
    const [main, ...thread] = h.slack.messages.filter((m) => m.ts === messageId || m.thread_ts === messageId);
    expect(main!.ts).toBe(messageId);
    expect(main!.blocks!.length).toBeLessThanOrEqual(LIMITS.blocks);
    expect(main!.metadata).toEqual({ event_type: 'paperboy_post', event_payload: { key: 'digest:C0LAB:2026-06-05T09:00Z' } });
    expect(main).toMatchObject({ unfurl_links: false, unfurl_media: false });
    expect(main!.text).toBe('Daily Papers · Thu 4 Jun 2026');
    const mainText = blockText(main!.blocks);
    expect(mainText).toContain('Daily Papers · Thu 4 Jun 2026');
    for (const p of papers) expect(mainText).toContain(`https://huggingface.co/papers/${p.id}|`);
    // Each of the 25 abstracts (over 3000 characters each) is in the thread, split over sections and messages.
    expect(thread.length).toBeGreaterThan(1);
    const threadText = thread.map((m) => blockText(m.blocks)).join('\n');
    for (const p of papers) expect(threadText).toContain(`https://huggingface.co/papers/${p.id}|`);
    expect(threadText.match(/\*Abstract\*/g)).toHaveLength(25);
    console.log(`Slack digest post (25 papers of extreme length + abstracts): ${posts.length} Web API calls (1 post, ${thread.length} thread replies)`);
  });

  it('a realistic digest (top 10 of a fixture day, with details) and what it costs in Web API calls', async () => {
    const result = await buildDigest(h.store, { settings: { top: 10, minUpvotes: 0 }, date: '2026-06-03' });
    const reply = digestReply(result)!;
    const { messageId } = await h.adapter.post(LAB, reply, { details: details(result.papers), key: 'k-realistic' });
    const calls = callsSince();
    expect(calls.every((c) => c.method === 'chat.postMessage' && c.status === 200 && !c.error)).toBe(true);
    expect(h.slack.messages.find((m) => m.ts === messageId)!.blocks!.length).toBeLessThanOrEqual(LIMITS.blocks);
    console.log(`Slack digest post (10 papers + abstracts in thread): ${calls.length} Web API calls`);
    expect(await h.adapter.findPosted!(LAB, 'k-realistic')).toBe(messageId);
    expect(await h.adapter.findPosted!(LAB, 'k-never-posted')).toBeUndefined();
  });

  it('a gone channel is a target-gone DeliveryError, and its digest is switched off with the reason', async () => {
    const gone: TargetRef = { platform: 'slack', channelId: 'C0GONE', workspaceId: 'T0PAPERS' };
    await h.store.digests.save({ target: gone, time: '09:00', timezone: 'UTC', weekdays: ['mon'], top: 10, minUpvotes: 0, enabled: true, updatedAt: NOW.toISOString() });
    h.slack.setChannelError('C0GONE', 'channel_not_found');
    const reply: Reply = { visibility: 'public', blocks: [{ type: 'text', text: 'hello' }] };
    const error = await h.adapter.post(gone, reply).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ kind: 'target-gone', platformCode: 'channel_not_found' });
    const settings = await h.store.digests.settings(gone);
    expect(settings).toMatchObject({ enabled: false });
    expect(settings!.disabledReason).toContain('channel_not_found');
  });

  it('a 5xx is retried by the WebClient; when it persists the error is transient', async () => {
    const reply: Reply = { visibility: 'public', blocks: [{ type: 'text', text: 'one' }] };
    h.slack.fail({ method: 'chat.postMessage', status: 503 });
    await h.adapter.post(LAB, reply);
    expect(callsSince().map((c) => c.status)).toEqual([503, 200]);
    h.slack.fail({ method: 'chat.postMessage', status: 500, times: 3 });
    await expect(h.adapter.post(LAB, reply)).rejects.toMatchObject({ kind: 'transient' });
  });
});

describe('DM alerts', () => {
  let tick = 0;
  /**
   * One scheduler pass with instant alerts, as the process runs it. Each run gets its own instant:
   * a person's alert DM is claimed under the time of the run, and one instant holds one DM.
   */
  const deliver = async () => {
    h.clock.set(new Date(NOW.getTime() + ++tick * 1000));
    return (await makeScheduler(h.store, h.hf, h.clock, [h.adapter]).pass({ instant: true })).alerts;
  };
  afterEach(() => h.clock.set(NOW));

  it('one bundled DM per person: conversations.open once, then the DM channel is remembered', async () => {
    await h.store.alerts.enqueue(
      [
        { person: ADA, paperId: '2606.02210', topics: ['world models'] },
        { person: ADA, paperId: '2606.01234', topics: ['agents'] },
        { person: BOB, paperId: '2606.02210', topics: ['video'] },
      ],
      NOW,
    );
    const report = await deliver();
    expect(report).toEqual({ sent: 2, papers: 3, unreachable: 0, retrying: 0 });
    const first = callsSince();
    expect(first.map((c) => c.method).sort()).toEqual(['chat.postMessage', 'chat.postMessage', 'conversations.open', 'conversations.open']);
    const ada = h.slack.messages.filter((m) => m.channel === 'DU0ADA').at(-1)!;
    expect(blockText(ada.blocks)).toContain('2 new papers on your topics');
    expect(blockText(ada.blocks)).toContain('_matches: world models_');
    expect((await h.store.people.prefs(ADA)).dmChannelId).toBe('DU0ADA');
    console.log(`Slack alert run, 2 people (3 papers), first time: ${first.length} Web API calls`);

    mark = h.slack.calls.length;
    await h.store.alerts.enqueue([{ person: ADA, paperId: '2606.02288', topics: ['fine-tuning'] }], NOW);
    expect(await deliver()).toMatchObject({ sent: 1, papers: 1 });
    expect(callsSince().map((c) => c.method)).toEqual(['chat.postMessage']);
    console.log(`Slack alert run, 1 person, DM channel known: ${callsSince().length} Web API call`);
  });

  it('ratelimited (429 + Retry-After) is waited out and retried: the message arrives exactly once', async () => {
    await h.store.alerts.enqueue([{ person: BOB, paperId: '2606.01301', topics: ['proteins'] }], NOW);
    h.slack.fail({ method: 'chat.postMessage', status: 429, retryAfter: 1 });
    const before = h.slack.messages.filter((m) => m.channel === 'DU0BOB').length;
    expect(await deliver()).toEqual({ sent: 1, papers: 1, unreachable: 0, retrying: 0 });
    // The fake refuses again any call inside the Retry-After window, so a client that did not wait would have failed.
    expect(callsSince().map((c) => `${c.method} ${c.status}`)).toEqual(['chat.postMessage 429', 'chat.postMessage 200']);
    expect(h.slack.messages.filter((m) => m.channel === 'DU0BOB').length).toBe(before + 1);
    expect(await h.store.alerts.counts(BOB)).toMatchObject({ pending: 0 });
  });

  it('cannot_dm and user_not_found mark the person unreachable and keep their alerts queued', async () => {
    const CAT: PersonRef = { platform: 'slack', userId: 'U0CAT' };
    const GHOST: PersonRef = { platform: 'slack', userId: 'U0GHOST' };
    await h.store.alerts.enqueue(
      [
        { person: CAT, paperId: '2606.02210', topics: ['video'] },
        { person: GHOST, paperId: '2606.02210', topics: ['video'] },
      ],
      NOW,
    );
    expect(await deliver()).toEqual({ sent: 0, papers: 0, unreachable: 2, retrying: 0 });
    expect((await h.store.people.prefs(CAT)).unreachableReason).toContain('cannot_dm');
    expect((await h.store.people.prefs(GHOST)).unreachableReason).toContain('user_not_found');
    expect(await h.store.alerts.counts(CAT)).toEqual({ pending: 1, delivered: 0 });
    await expect(h.adapter.sendDirect(CAT, reply())).rejects.toMatchObject({ kind: 'person-unreachable', platformCode: 'cannot_dm' });
  });

  it('sendDirect with a key puts it in the DM metadata; findDirect finds that DM by its key only', async () => {
    const DAN: PersonRef = { platform: 'slack', userId: 'U0DAN' };
    expect(await h.adapter.findDirect!(DAN, 'alert:k1')).toBeUndefined();
    const { messageId } = await h.adapter.sendDirect(DAN, reply(), { key: 'alert:k1' });
    const dm = h.slack.messages.find((m) => m.ts === messageId)!;
    expect(dm.channel).toBe('DU0DAN');
    expect(dm.metadata).toEqual({ event_type: 'paperboy_post', event_payload: { key: 'alert:k1' } });
    const { messageId: plain } = await h.adapter.sendDirect(DAN, reply());
    expect(h.slack.messages.find((m) => m.ts === plain)!.metadata).toBeUndefined();

    mark = h.slack.calls.length;
    expect(await h.adapter.findDirect!(DAN, 'alert:k1')).toBe(messageId);
    expect(await h.adapter.findDirect!(DAN, 'alert:k2')).toBeUndefined();
    // The remembered DM channel is read; nothing is opened or sent to find out.
    expect(callsSince().map((c) => `${c.method} ${String(c.args.channel)} ${String(c.args.include_all_metadata)}`)).toEqual([
      'conversations.history DU0DAN true',
      'conversations.history DU0DAN true',
    ]);
  });

  it('a lookup that may pass fails as transient (retry later); a refusal such as missing_scope answers unknown', async () => {
    const DAN: PersonRef = { platform: 'slack', userId: 'U0DAN' };
    const { messageId } = await h.adapter.sendDirect(DAN, reply(), { key: 'alert:k3' });
    h.slack.fail({ method: 'conversations.history', status: 500, times: 3 });
    await expect(h.adapter.findDirect!(DAN, 'alert:k3')).rejects.toMatchObject({ kind: 'transient' });
    h.slack.fail({ method: 'conversations.history', error: 'missing_scope' });
    expect(await h.adapter.findDirect!(DAN, 'alert:k3')).toBeUndefined();
    expect(await h.adapter.findDirect!(DAN, 'alert:k3')).toBe(messageId);
  });

  it('no token or signing secret ever reaches a log line', () => {
    const all = h.logs.join('\n');
    expect(all.length).toBeGreaterThan(0);
    for (const secret of [h.slack.botToken, h.slack.appToken, 'fake-signing-secret-0001']) expect(all).not.toContain(secret);
  });
});

describe('alert DMs through the scheduler, when the process dies', () => {
  const EVE: PersonRef = { platform: 'slack', userId: 'U0EVE' };
  const FAY: PersonRef = { platform: 'slack', userId: 'U0FAY' };
  const LATER = new Date(NOW.getTime() + 11 * 60_000);
  const dead = (point: string) => (kind: string, at: string) => {
    if (kind === 'alert' && at === point) throw new Error(`process killed at ${point}`);
  };
  const inDm = (person: PersonRef) => h.slack.messages.filter((m) => m.channel === `D${person.userId}`);
  afterEach(() => h.clock.set(NOW));

  it('a DM sent just before the process died is found on restart and not sent again', async () => {
    await h.store.alerts.enqueue([{ person: EVE, paperId: '2606.02210', topics: ['video'] }, { person: EVE, paperId: '2606.01234', topics: ['agents'] }], NOW);
    const crashed = makeScheduler(h.store, h.hf, h.clock, [h.adapter], { owner: 'crashed-host:1:aaaa', checkpoint: dead('sent') });
    await crashed.pass({ instant: true });
    expect(inDm(EVE)).toHaveLength(1);
    const claim = (await h.store.claims.unfinished('alert')).find((c) => c.recipient === EVE.userId)!;
    expect(inDm(EVE)[0]!.metadata?.event_payload).toEqual({ key: claim.key });
    // Unrecorded: the alerts still count as pending.
    expect(await h.store.alerts.counts(EVE)).toEqual({ pending: 2, delivered: 0 });

    h.clock.set(LATER);
    mark = h.slack.calls.length;
    const report = await makeScheduler(h.store, h.hf, h.clock, [h.adapter], { owner: 'fresh-host:2:bbbb' }).pass();
    expect(report.alerts).toMatchObject({ sent: 1, papers: 2 });
    expect(inDm(EVE)).toHaveLength(1);
    expect(callsSince().filter((c) => c.method === 'chat.postMessage')).toEqual([]);
    expect(await h.store.alerts.counts(EVE)).toEqual({ pending: 0, delivered: 2 });
    expect((await h.store.claims.unfinished('alert')).filter((c) => c.recipient === EVE.userId)).toEqual([]);
  });

  it('a DM the process died before sending is sent once on restart, with the claim key', async () => {
    await h.store.alerts.enqueue([{ person: FAY, paperId: '2606.02210', topics: ['video'] }], NOW);
    await makeScheduler(h.store, h.hf, h.clock, [h.adapter], { owner: 'crashed-host:1:aaaa', checkpoint: dead('claimed') }).pass({ instant: true });
    expect(inDm(FAY)).toHaveLength(0);
    const claim = (await h.store.claims.unfinished('alert')).find((c) => c.recipient === FAY.userId)!;

    h.clock.set(LATER);
    const restarted = makeScheduler(h.store, h.hf, h.clock, [h.adapter], { owner: 'fresh-host:2:bbbb' });
    expect((await restarted.pass()).alerts).toMatchObject({ sent: 1, papers: 1 });
    expect(inDm(FAY).map((m) => m.metadata?.event_payload)).toEqual([{ key: claim.key }]);
    await restarted.pass({ instant: true });
    expect(inDm(FAY)).toHaveLength(1);
    expect(await h.store.alerts.counts(FAY)).toEqual({ pending: 0, delivered: 1 });
  });
});

function reply(): Reply {
  return { visibility: 'public', blocks: [{ type: 'text', text: 'x' }] };
}
