/**
 * Block Kit rendering held against Slack's limits: the fake refuses over-limit messages the way
 * Slack does (so the other tests' acceptance means something), and any reply, however long its
 * text, renders into messages the fake accepts.
 */
import { webApi } from '@slack/bolt';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/message.js';
import type { Paper } from '../../src/core/paper.js';
import { escapeText, decodeCommandText, fitEscaped } from '../../src/platforms/slack/escape.js';
import { slackManifest, SLACK_BOT_SCOPES } from '../../src/platforms/slack/manifest.js';
import { renderMessage, renderThread } from '../../src/platforms/slack/render-blocks.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-api.js';
import { checkMessage } from '../fakes/slack-limits.js';

let slack: FakeSlack;
let client: webApi.WebClient;
beforeAll(async () => {
  slack = await startFakeSlack();
  client = new webApi.WebClient(slack.botToken, { slackApiUrl: `${slack.url}/`, retryConfig: { retries: 0 } });
});
afterAll(() => slack.close());

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('the fake refuses what Slack refuses', () => {
  const refused = async (blocks: unknown[]) => {
    const error = await client.chat.postMessage({ channel: 'C1', text: 'x', blocks } as webApi.ChatPostMessageArguments).catch((e: { data?: { error?: string } }) => e);
    return (error as { data?: { error?: string } }).data?.error;
  };

  it('more than 50 blocks, a section over 3000, a header over 150: invalid_blocks', async () => {
    expect(await refused(Array.from({ length: 51 }, () => section('x')))).toBe('invalid_blocks');
    expect(await refused([section('x'.repeat(3001))])).toBe('invalid_blocks');
    expect(await refused([{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }])).toBe('invalid_blocks');
  });

  it('more than about 12,000 characters of block text: msg_blocks_too_long', async () => {
    expect(await refused(Array.from({ length: 5 }, () => section('x'.repeat(2500))))).toBe('msg_blocks_too_long');
  });

  it('accepts a message at the limits exactly', async () => {
    const blocks = [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(150) } }, ...Array.from({ length: 4 }, () => section('x'.repeat(2962)))];
    await expect(client.chat.postMessage({ channel: 'C1', text: 'x', blocks } as webApi.ChatPostMessageArguments)).resolves.toMatchObject({ ok: true });
  });
});

/** `size: 'max'`: fast-check otherwise keeps strings short, far from the limits under test. */
const big = (maxLength: number) => fc.string({ maxLength, size: 'max' });
const paperArb: fc.Arbitrary<Paper> = fc.record({
  id: fc.constantFrom('2606.00001', '2606.00002', '2606.12345'),
  title: big(600),
  summary: big(8000),
  authors: fc.array(big(80), { maxLength: 60 }),
  upvotes: fc.nat(5000),
  numComments: fc.nat(50),
  aiKeywords: fc.array(fc.string({ maxLength: 30 }), { maxLength: 10 }),
  aiSummary: fc.option(big(1500), { nil: undefined }),
  githubRepo: fc.option(fc.constant('https://github.com/a/b?x=1&y=<2>'), { nil: undefined }),
  publishedAt: fc.constant('2026-06-03T00:00:00.000Z'),
});
// Text heavy in the characters that escaping lengthens.
const nasty = fc.array(fc.constantFrom('<', '>', '&', 'a', ' ', '!', '\n'), { maxLength: 4000, size: 'max' }).map((c) => c.join(''));

const replyArb: fc.Arbitrary<Reply> = fc.record({
  visibility: fc.constantFrom('private' as const, 'public' as const),
  blocks: fc.array(
    fc.oneof(
      fc.record({ type: fc.constant('heading' as const), text: nasty }),
      fc.record({ type: fc.constant('text' as const), text: nasty }),
      fc.record({ type: fc.constant('notice' as const), tone: fc.constantFrom('info' as const, 'error' as const), text: nasty }),
      fc.record({
        type: fc.constant('papers' as const),
        detail: fc.constantFrom('brief' as const, 'full' as const),
        shareable: fc.boolean(),
        items: fc.array(paperArb, { maxLength: 25, size: 'max' }).map((papers) => papers.map((paper, i) => ({ paper, rank: i + 1, topics: ['<!x> & y'] }))),
      }),
    ),
    { maxLength: 6, size: 'max' },
  ),
});

describe('rendering', () => {
  it('every reply renders into one message Slack accepts, and a thread of messages Slack accepts', () => {
    fc.assert(
      fc.property(replyArb, (reply) => {
        const one = renderMessage(reply, { stateId: 'state-id', page: 2, pageCount: 3 });
        expect(checkMessage({ text: one.text, blocks: one.blocks })).toBeUndefined();
        expect(one.text.length).toBeGreaterThan(0);
        for (const part of renderThread(reply)) expect(checkMessage({ text: part.text, blocks: part.blocks })).toBeUndefined();
        expect(JSON.stringify(one)).not.toMatch(/<!/);
      }),
      { numRuns: 40 },
    );
  });

  it('brief papers keep every paper of a 25-paper digest when they fit, shortening summaries first', () => {
    const paper = (i: number): Paper => ({ id: `2606.${10000 + i}`, title: `T${i}`, summary: 'S. '.repeat(300), authors: ['A'], upvotes: i, numComments: 0, aiKeywords: [], publishedAt: '2026-06-03T00:00:00.000Z', aiSummary: 'x'.repeat(600) });
    const reply: Reply = { visibility: 'public', blocks: [{ type: 'papers', detail: 'brief', items: Array.from({ length: 25 }, (_, i) => ({ paper: paper(i), rank: i + 1 })) }] };
    const text = JSON.stringify(renderMessage(reply).blocks);
    for (let i = 0; i < 25; i++) expect(text).toContain(`2606.${10000 + i}|T${i}`);
    expect(text).toContain('x'.repeat(100));
  });

  it('escaping and decoding', () => {
    expect(escapeText('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
    expect(fitEscaped('&&&&', 11)).toBe('&amp;&amp;…');
    expect(decodeCommandText('search a &amp; b &lt;x&gt; <@U1|ada> <https://hf.co/papers/2606.01234|hf.co> <#C1|lab>')).toBe(
      'search a & b <x> @ada https://hf.co/papers/2606.01234 <#C1|lab>',
    );
  });
});

interface Manifest {
  features: { slash_commands: { command: string; usage_hint: string }[] };
  settings: { socket_mode_enabled: boolean };
  oauth_config: { scopes: { bot: string[] } };
}

describe('manifest', () => {
  it('HTTP: the slash command, interactivity and request URLs; scopes are what the adapter calls', () => {
    const manifest = slackManifest({ socketMode: false, requestUrl: 'https://paperboy.example.org' }) as Manifest;
    expect(manifest.features.slash_commands[0]).toMatchObject({ command: '/papers', url: 'https://paperboy.example.org/slack/events', should_escape: true });
    expect(manifest.features.slash_commands[0]!.usage_hint).toContain('search <query>');
    expect(manifest.settings).toMatchObject({ socket_mode_enabled: false, interactivity: { is_enabled: true, request_url: 'https://paperboy.example.org/slack/events' } });
    expect(manifest.oauth_config.scopes.bot).toEqual(Object.keys(SLACK_BOT_SCOPES));
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['commands', 'chat:write', 'im:write', 'users:read', 'im:history']));
  });

  it('Socket Mode: no URLs; HTTP without an https URL is refused in one sentence', () => {
    const manifest = slackManifest({ socketMode: true, command: '/papers-dev' }) as Manifest;
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(JSON.stringify(manifest)).not.toContain('request_url');
    expect(manifest.features.slash_commands[0]!.command).toBe('/papers-dev');
    expect(() => slackManifest({ socketMode: false })).toThrow(/Over HTTP, Slack needs the public URL/);
    expect(() => slackManifest({ socketMode: false, requestUrl: 'http://x.org/slack/events' })).toThrow(/not an https URL/);
  });

  it('a distributed app (--oauth): the redirect URL, the uninstall events and org-wide installs', () => {
    const manifest = slackManifest({ socketMode: false, requestUrl: 'https://paperboy.example.org/slack/events', oauth: true }) as Manifest & {
      oauth_config: { redirect_urls: string[] };
      settings: { org_deploy_enabled: boolean; event_subscriptions: { request_url: string; bot_events: string[] } };
    };
    expect(manifest.oauth_config.redirect_urls).toEqual(['https://paperboy.example.org/slack/oauth_redirect']);
    expect(manifest.oauth_config.scopes.bot).toEqual(Object.keys(SLACK_BOT_SCOPES));
    expect(manifest.settings.org_deploy_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions).toEqual({ request_url: 'https://paperboy.example.org/slack/events', bot_events: ['app_uninstalled', 'tokens_revoked'] });
    expect(() => slackManifest({ socketMode: true, oauth: true })).toThrow(/OAuth installs run over HTTP/);
  });
});
